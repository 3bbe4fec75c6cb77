"""An import below the load, both at module level, runs too late (a notebook's later cell too)."""
import tensorflow as tf
import tensorflow_hub as hub

preprocess = hub.KerasLayer("https://tfhub.dev/tensorflow/bert_zh_preprocess/3")  # [hub-text-ops-missing]


def later():
    """A load in a function runs when called: by then the module-level import below has run."""
    return hub.load("https://tfhub.dev/tensorflow/bert_multi_cased_preprocess/3")


import tensorflow_text  # noqa: E402,F401

inputs = preprocess(tf.constant(["你好"]))

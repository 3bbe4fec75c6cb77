"""An import of tensorflow_text (or of a package that imports it) registers the ops."""
import tensorflow as tf
import tensorflow_hub as hub
import tensorflow_text  # noqa: F401  # registers the ops
from official.nlp import optimization  # tf-models-official's NLP code imports it too

preprocess = hub.KerasLayer("https://tfhub.dev/tensorflow/bert_en_uncased_preprocess/3")


def build():
    """Called after the module ran, so after the import below."""
    return hub.load("https://tfhub.dev/google/universal-sentence-encoder-multilingual/3")


def classifier():
    import keras_hub  # pylint: disable=import-outside-toplevel

    return keras_hub, hub.KerasLayer("https://tfhub.dev/tensorflow/albert_en_preprocess/3"), optimization, tf

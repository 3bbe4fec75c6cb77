"""Helpers whose callers live in another module: hub_module_eager_callers_model.py.

A helper runs in the mode its callers run it in.  This module drives an
Estimator too (its RunConfig), which says nothing about functions outside it.
"""
import tensorflow as tf
import tensorflow_hub as hub

HANDLE = "https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow1/100-224-feature-vector/2"


def embed(images):
    """Only called from the other module's Estimator model_fn: graph mode."""
    return hub.Module(HANDLE)(images)


def encode(images):
    """Called by a helper of this module that the model_fn calls."""
    return hub.Module(HANDLE)(images)


def encode_twice(images):
    """The helper in between."""
    return encode(images) + encode(images)


def score(features, targets, mode):
    """Given to the Estimator by the other module as its model_fn."""
    del targets, mode
    return hub.Module(HANDLE)(features)


def by_attribute(images):
    """Called as ``helpers.by_attribute(...)`` from the model_fn."""
    return hub.Module(HANDLE)(images)


def under_graph(images):
    """Called only inside ``with tf.Graph().as_default():``."""
    return hub.Module(HANDLE)(images)


def passed_around(images):
    """Handed to ``Dataset.map`` by the other module: where it runs is not followed."""
    return hub.Module(HANDLE)(images)


def mixed(images):
    """Called from the model_fn, and from eager code where it fails."""
    return hub.Module(HANDLE)(images)  # [hub-module-eager]


def eager_only(images):
    """Called from the other module's main, which runs eagerly."""
    return hub.Module(HANDLE)(images)  # [hub-module-eager]


def unrelated(images):
    """This module's RunConfig does not make this function, called eagerly by main, a graph one."""
    return hub.Module(HANDLE)(images)  # [hub-module-eager]


def main():
    """Drives the Estimator: it runs eagerly itself."""
    config = tf.estimator.RunConfig(model_dir="/tmp/model")
    return config, unrelated(tf.zeros([1, 224, 224, 3]))


if __name__ == "__main__":
    main()

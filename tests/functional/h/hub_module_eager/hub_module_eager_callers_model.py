"""The callers of hub_module_eager_callers.py: an Estimator model_fn, a graph block, eager code."""
import hub_module_eager_callers as helpers
import tensorflow as tf
from hub_module_eager_callers import eager_only, embed, encode_twice, mixed, passed_around, under_graph


def model_fn(features, labels, mode, params):
    """Called by the Estimator, inside its graph."""
    del labels, params
    vectors = embed(features["images"]) + encode_twice(features["images"])
    vectors += mixed(features["images"]) + helpers.by_attribute(features["images"])
    return tf.estimator.EstimatorSpec(mode, predictions=vectors)


def build_graph():
    """A graph of its own."""
    with tf.Graph().as_default():
        return under_graph(tf.compat.v1.placeholder(tf.float32, [None, 224, 224, 3]))


def main():
    """Runs eagerly, and so does what it calls."""
    images = tf.zeros([1, 224, 224, 3])
    dataset = tf.data.Dataset.from_tensor_slices(images).map(passed_around)
    estimators = [tf.estimator.Estimator(model_fn=model_fn), tf.estimator.Estimator(helpers.score)]
    return estimators, dataset, eager_only(images), mixed(images)


if __name__ == "__main__":
    main()

"""A module written for graph mode (placeholders, sessions): its functions may run in a graph."""
import tensorflow as tf
import tensorflow_hub as hub

HANDLE = "https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow1/100-224-feature-vector/2"


def features(images):
    """Called from who knows where: probably a graph, so nothing is said."""
    return hub.Module(HANDLE)(images)


def main():
    """The module builds graphs with placeholders and sessions."""
    images = tf.compat.v1.placeholder(tf.float32, [None, 224, 224, 3])
    with tf.compat.v1.Session() as session:
        session.run(features(images))


top_level = hub.Module(HANDLE)  # [hub-module-eager]

"""TF1 compat mode switched on in the module itself: hub.Module works everywhere."""
import tensorflow.compat.v1 as tf
import tensorflow_hub as hub

tf.disable_v2_behavior()

module = hub.Module("https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow1/100-224-feature-vector/2")


def build(handle):
    """Runs after the switch above."""
    return hub.Module(handle)

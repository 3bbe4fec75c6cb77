"""`import tensorflow` alone does not load tf.keras: the switch before tensorflow_hub still counts."""
import os

import keras
import tensorflow as tf
from tensorflow import keras as tf_keras_module

COMPAT_DENSE = tf.compat.v1.keras.layers.Dense  # the compat alias does not load tf.keras
os.environ["TF_USE_LEGACY_KERAS"] = "1"

import tensorflow_hub as hub  # noqa: E402  # pylint: disable=wrong-import-position


def build():
    """Runs after the switch, whatever its position in the file."""
    return tf.keras.Sequential([tf.keras.layers.Dense(1)])


model = tf.keras.Sequential([hub.KerasLayer("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4")])
print(keras, tf_keras_module, build)

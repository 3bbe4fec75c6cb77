"""Any attribute of tf.keras loads Keras: a later TF_USE_LEGACY_KERAS changes nothing."""
import os

import tensorflow as tf

DENSE = tf.keras.layers.Dense
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import tensorflow_hub as hub  # noqa: E402  # pylint: disable=wrong-import-position

HANDLE = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4"
model = tf.keras.Sequential([hub.KerasLayer(HANDLE)])  # [hub-keras-three]

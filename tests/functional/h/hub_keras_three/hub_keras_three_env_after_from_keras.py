"""`from tensorflow import keras` is lazy, but reading `keras.layers` loads tf.keras: the switch after it is late."""
import os

from tensorflow import keras

DENSE = keras.layers.Dense
os.environ["TF_USE_LEGACY_KERAS"] = "1"

import tensorflow_hub as hub  # noqa: E402  # pylint: disable=wrong-import-position

HANDLE = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4"
model = keras.Sequential([hub.KerasLayer(HANDLE)])  # [hub-keras-three]
by_keyword = keras.Sequential(layers=[hub.KerasLayer(HANDLE)])  # [hub-keras-three]

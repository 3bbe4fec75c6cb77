"""TF_USE_LEGACY_KERAS after `import tensorflow_hub` is too late: tf.keras is already Keras 3."""
import os

import tensorflow as tf
import tensorflow_hub as hub

os.environ["TF_USE_LEGACY_KERAS"] = "1"

HANDLE = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4"
model = tf.keras.Sequential([hub.KerasLayer(HANDLE)])  # [hub-keras-three]

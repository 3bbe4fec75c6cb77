"""TF_USE_LEGACY_KERAS=1 before TensorFlow makes tf.keras Keras 2 again: nothing to say."""
import os

os.environ["TF_USE_LEGACY_KERAS"] = "1"

import tensorflow as tf  # pylint: disable=wrong-import-position
import tensorflow_hub as hub  # pylint: disable=wrong-import-position

model = tf.keras.Sequential([hub.KerasLayer("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4")])

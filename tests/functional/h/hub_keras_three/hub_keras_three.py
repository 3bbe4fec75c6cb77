"""With TensorFlow 2.16+ tf.keras is Keras 3, which refuses hub.KerasLayer."""
import keras
import tensorflow as tf
import tensorflow_hub as hub
import tf_keras

HANDLE = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4"

sequential = tf.keras.Sequential([hub.KerasLayer(HANDLE), tf.keras.layers.Dense(5)])  # [hub-keras-three]

layer = hub.KerasLayer(HANDLE)  # [hub-keras-three]
model = tf.keras.Sequential()
model.add(layer)

inputs = tf.keras.Input(shape=(224, 224, 3))
features = hub.KerasLayer(HANDLE)(inputs)  # [hub-keras-three]

standalone = keras.Sequential([hub.KerasLayer(HANDLE)])  # [hub-keras-three]

legacy = tf_keras.Sequential([hub.KerasLayer(HANDLE)])
wrapped = hub.KerasLayer(HANDLE)
lambda_model = keras.Sequential([keras.layers.Lambda(lambda x: wrapped(x))])  # noqa: PLW0108
loose = hub.KerasLayer(HANDLE)

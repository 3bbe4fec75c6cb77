"""Keras 3 load_model rebuilds the saved model around the hub layer given in custom_objects."""
import keras
import tensorflow as tf
import tensorflow_hub as hub
import tf_keras
from tensorflow_hub import KerasLayer

restored = tf.keras.models.load_model("model.h5", custom_objects={"KerasLayer": hub.KerasLayer})  # [hub-keras-three]
standalone = keras.saving.load_model("model.keras", custom_objects={"KerasLayer": KerasLayer})  # [hub-keras-three]

CUSTOM = {"KerasLayer": hub.KerasLayer}  # [hub-keras-three]
from_a_name = tf.keras.models.load_model("model.h5", custom_objects=CUSTOM)

legacy = tf_keras.models.load_model("model.h5", custom_objects={"KerasLayer": hub.KerasLayer})
no_hub = tf.keras.models.load_model("model.keras", custom_objects={"Dense": tf.keras.layers.Dense})

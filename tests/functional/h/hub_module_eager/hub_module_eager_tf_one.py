"""A project on TensorFlow 1.15: no eager execution by default, hub.Module is the API."""
import tensorflow as tf
import tensorflow_hub as hub

module = hub.Module("https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow1/100-224-feature-vector/2")
features = module(tf.zeros([1, 224, 224, 3]))

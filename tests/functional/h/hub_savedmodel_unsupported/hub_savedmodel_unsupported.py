"""TensorFlow 1.13: no TF2 SavedModels, no hub.KerasLayer, no tf.saved_model.save."""
import tensorflow as tf
import tensorflow_hub as hub

layer = hub.KerasLayer("https://tfhub.dev/google/nnlm-en-dim128/2")  # [hub-savedmodel-unsupported]
loaded = hub.load("https://tfhub.dev/google/nnlm-en-dim128/2")  # [hub-savedmodel-unsupported]
tf.saved_model.save(loaded, "/tmp/export")  # [hub-savedmodel-unsupported]

module = hub.Module("https://tfhub.dev/google/nnlm-en-dim128/1")

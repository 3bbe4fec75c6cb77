"""A project on TensorFlow 1.x has no TF2 alternative: nothing to say."""
import tensorflow as tf
import tensorflow_hub as hub

elmo = hub.Module("https://tfhub.dev/google/elmo/3")
embeddings = elmo(["a sentence"], signature="default", as_dict=True)

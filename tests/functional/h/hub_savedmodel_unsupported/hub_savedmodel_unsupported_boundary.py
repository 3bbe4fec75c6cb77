"""TensorFlow 1.15 is the first release that loads TF2 SavedModels: nothing to say."""
import tensorflow_hub as hub

layer = hub.KerasLayer("https://tfhub.dev/google/nnlm-en-dim128/2")

"""Before tensorflow_hub 0.7 hub.KerasLayer cannot load the TF1 Hub format at all: another story."""
import tensorflow_hub as hub

layer = hub.KerasLayer("https://tfhub.dev/google/nnlm-en-dim128/1", trainable=True)

"""tensorflow_hub 0.7 raises nothing: the message says the layer silently trains nothing."""
import tensorflow_hub as hub

layer = hub.KerasLayer("https://tfhub.dev/google/nnlm-en-dim128/1", trainable=True)  # [hub-legacy-finetune]

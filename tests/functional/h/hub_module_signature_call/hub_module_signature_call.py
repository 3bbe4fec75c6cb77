"""hub.Module signatures have a TF2 spelling: hub.load(...).signatures[...]."""
import tensorflow.compat.v1 as tf
import tensorflow_hub as hub

tf.disable_v2_behavior()
HANDLE = "https://tfhub.dev/google/elmo/3"

elmo = hub.Module(HANDLE, trainable=True)  # [hub-module-signature-call]
embeddings = elmo(["a sentence"], signature="default", as_dict=True)["elmo"]

inline = hub.Module(HANDLE)(["a sentence"], as_dict=True)  # [hub-module-signature-call]


class Tokenizer:
    """Called through an attribute of the instance."""

    def __init__(self):
        self.module = hub.Module(HANDLE)  # [hub-module-signature-call]

    def info(self):
        """The signature call."""
        return self.module(signature="tokenization_info", as_dict=True)


plain = hub.Module(HANDLE)
outputs = plain(["a sentence"])

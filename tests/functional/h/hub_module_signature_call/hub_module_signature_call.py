"""hub.Module signatures have a TF2 spelling: hub.load(...).signatures[...], said where the signature is called."""
import tensorflow.compat.v1 as tf
import tensorflow_hub as hub

tf.disable_v2_behavior()
HANDLE = "https://tfhub.dev/google/elmo/3"
TRAIN = False

elmo = hub.Module(HANDLE, tags={"train"})
embeddings = elmo(["a sentence"], signature="default", as_dict=True)["elmo"]  # [hub-module-signature-call]
again = elmo(["another sentence"], signature="default")

inline = hub.Module(HANDLE)(["a sentence"], as_dict=True)  # [hub-module-signature-call]
frozen = hub.Module(HANDLE, trainable=TRAIN)
tokens = frozen(["a sentence"], as_dict=True)  # [hub-module-signature-call]


class Tokenizer:
    """Called through an attribute of the instance."""

    def __init__(self):
        self.module = hub.Module(HANDLE)

    def info(self):
        """The signature call."""
        return self.module(signature="tokenization_info", as_dict=True)  # [hub-module-signature-call]


plain = hub.Module(HANDLE)
outputs = plain(["a sentence"])
default_signature = plain(["a sentence"], signature=None, as_dict=False)

# Fine-tuned: hub.load cannot train a TF1 Hub format model, so it is no way out.
tuned = hub.Module(HANDLE, trainable=True, tags={"train"})
tuned_outputs = tuned(["a sentence"], signature="default", as_dict=True)


def build(trainable):
    """Whether it is trained cannot be told here: nothing is said."""
    module = hub.Module(HANDLE, trainable=trainable)
    return module(["a sentence"], signature="default", as_dict=True)


def build_from(options):
    """Nor here."""
    module = hub.Module(HANDLE, **options)
    return module(["a sentence"], as_dict=True)

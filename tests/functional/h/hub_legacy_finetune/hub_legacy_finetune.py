"""Fine-tuning a TF1 Hub format model through hub.KerasLayer or hub.load does not work."""
import tensorflow as tf
import tensorflow_hub as hub
from tensorflow_hub import KerasLayer as HubLayer

TF1 = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2"
TF2 = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4"
FINE_TUNE = True

keyword = hub.KerasLayer(TF1, trainable=True)  # [hub-legacy-finetune]
positional = hub.KerasLayer(TF1, True)  # [hub-legacy-finetune]
aliased = HubLayer(TF1, trainable=FINE_TUNE)  # [hub-legacy-finetune]
kaggle = hub.KerasLayer(  # [hub-legacy-finetune]
    "https://www.kaggle.com/models/google/mobilenet-v2/tensorFlow1/100-224-feature-vector/2", trainable=True
)

later = hub.KerasLayer(TF1)  # [hub-legacy-finetune]
later.trainable = True

loaded = hub.load(TF1)  # [hub-legacy-finetune]
with tf.GradientTape() as tape:
    variables = loaded.trainable_variables

# Inference of a TF1 Hub format model in TF2 is fine.
frozen = hub.KerasLayer(TF1)
explicitly_frozen = hub.KerasLayer(TF1, trainable=False)
inference = hub.load(TF1).signatures["default"]

# TF2 SavedModels can be fine-tuned.
tf2_layer = hub.KerasLayer(TF2, trainable=True)


def build(fine_tune):
    """trainable= unknown until run time: nothing is said."""
    return hub.KerasLayer(TF1, trainable=fine_tune)


def unknown_handle(handle):
    """The format of a handle passed in is unknown: nothing is said."""
    return hub.KerasLayer(handle, trainable=True)


class FineTunableLayer(hub.KerasLayer):
    """A subclass that takes over the trainability check is the author's responsibility."""

    def _check_trainability(self):
        pass


custom = FineTunableLayer(TF1, trainable=True)

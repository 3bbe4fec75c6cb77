"""hub.Module imports a TF1 graph: under TF2 eager execution it raises RuntimeError."""
import tensorflow as tf
import tensorflow_hub as hub
from tensorflow_hub import Module as LegacyModule

TF1_HANDLE = "https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow1/100-224-feature-vector/2"

module = hub.Module(TF1_HANDLE)  # [hub-module-eager]
aliased = LegacyModule(TF1_HANDLE)  # [hub-module-eager]
trained = hub.Module(TF1_HANDLE, trainable=True, tags={"train"})  # [hub-module-eager]


# A graph context makes hub.Module work in TF2.
with tf.Graph().as_default():
    in_graph = hub.Module(TF1_HANDLE)

graph = tf.Graph()
with graph.as_default():
    in_named_graph = hub.Module(TF1_HANDLE)


def model_fn(features, labels, mode):
    """Estimators call their model_fn in graph mode."""
    del labels, mode
    return embed(features)


def embed(features):
    """Only called from the model_fn: graph mode too."""
    return hub.Module(TF1_HANDLE)(features)


# Code that checks the mode, the version or the import handles it itself.
if tf.executing_eagerly():
    eager_model = hub.load(TF1_HANDLE)
else:
    graph_model = hub.Module(TF1_HANDLE)

if tf.__version__.startswith("1."):
    old_model = hub.Module(TF1_HANDLE)

try:
    guarded = hub.Module(TF1_HANDLE)
except (ImportError, AttributeError):
    guarded = None

# Loading a TF1 Hub format model the TF2 way is fine.
inference = hub.load(TF1_HANDLE).signatures["default"]
layer = hub.KerasLayer(TF1_HANDLE, signature="default")

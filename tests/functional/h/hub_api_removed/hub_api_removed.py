"""tensorflow_hub 0.16 removed the TF1 API."""
import tensorflow as tf
import tensorflow_hub as hub
from tensorflow_hub import KerasLayer, text_embedding_column  # [hub-api-removed]

module = hub.Module("https://tfhub.dev/google/elmo/3")  # [hub-api-removed]
spec = hub.load_module_spec("https://tfhub.dev/google/elmo/3")  # [hub-api-removed]
column = hub.text_embedding_column_v2("sentence", "https://tfhub.dev/google/nnlm-en-dim128/1")  # [hub-api-removed]
annotation: hub.ModuleSpec = None  # [hub-api-removed]

layer = KerasLayer("https://tfhub.dev/google/nnlm-en-dim128/2")
loaded = hub.load("https://tfhub.dev/google/nnlm-en-dim128/2")
path = hub.resolve("https://tfhub.dev/google/nnlm-en-dim128/2")

if hasattr(hub, "Module"):
    guarded = hub.Module("https://tfhub.dev/google/elmo/3")

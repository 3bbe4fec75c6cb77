"""tensorflow_hub 0.15 still has the TF1 API: nothing to say here."""
from tensorflow_hub import *
import tensorflow_hub as hub

spec = hub.load_module_spec("https://tfhub.dev/google/elmo/3")

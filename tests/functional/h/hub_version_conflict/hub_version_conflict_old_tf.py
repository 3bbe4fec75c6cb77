"""tensorflow_hub 0.10+ needs TensorFlow 1.15+."""
from tensorflow_hub import KerasLayer  # [hub-version-conflict]

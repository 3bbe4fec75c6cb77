"""tensorflow_hub 0.16 on TensorFlow 2.16, and 0.9 on TensorFlow 1.14, import fine."""
import tensorflow_hub as hub

"""A range admitting TF1 and TF2 releases: the message names only the TF2 ones."""
import tensorflow_hub as hub

module = hub.Module("https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow1/100-224-feature-vector/2")  # [hub-module-eager]

"""hub.Module only reads the TF1 Hub format: TF2 SavedModels raise NotFoundError in any mode."""
import tensorflow.compat.v1 as tf
import tensorflow_hub as hub

tf.disable_v2_behavior()

module = hub.Module("https://tfhub.dev/google/nnlm-en-dim128/2")  # [hub-module-savedmodel]
preview = hub.Module("https://tfhub.dev/google/tf2-preview/nnlm-en-dim128/1")  # [hub-module-savedmodel]
kaggle = hub.Module("https://www.kaggle.com/models/google/nnlm/TensorFlow2/en-dim128/2")  # [hub-module-savedmodel]

legacy = hub.Module("https://tfhub.dev/google/nnlm-en-dim128/1")
layer = hub.KerasLayer("https://tfhub.dev/google/nnlm-en-dim128/2")

"""tfhub.dev models that were never migrated to Kaggle Models were deleted on 2024-03-18."""
import tensorflow as tf
import tensorflow_hub as hub

segmenter = hub.load("https://tfhub.dev/nvidia/unet/industrial/class_1/1")  # [hub-model-deleted]
speech = hub.KerasLayer("https://tfhub.dev/silero/silero-stt/en/1")  # [hub-model-deleted]
path = hub.resolve("https://tfhub.dev/svampeatlas/vision/embedder/fungi_V2/1")  # [hub-model-deleted]
embedder = hub.load("https://tfhub.dev/inaturalist/vision/embedder/inaturalist_V2/1?tf-hub-format=compressed")  # [hub-model-deleted]
archive = hub.load("https://storage.googleapis.com/tfhub-modules/nvidia/unet/industrial/class_10/1.tar.gz")  # [hub-model-deleted]

with tf.Graph().as_default():
    module = hub.Module("https://tfhub.dev/nvidia/unet/industrial/class_2/1")  # [hub-model-deleted]

# Still on Kaggle Models (or simply another model): no finding.
kept = hub.load("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4")
google_copy = hub.load("https://tfhub.dev/google/svampeatlas/vision/embedder/fungi_V1/1")
local = hub.load("/models/nvidia-unet-industrial-class_1")

"""tensorflow_hub 0.7 did not check: nothing to say."""
import tensorflow_hub as hub

layer = hub.KerasLayer("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4", signature="serving_default", trainable=True)

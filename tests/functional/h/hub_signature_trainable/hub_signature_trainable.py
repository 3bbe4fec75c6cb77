"""Training through a SavedModel signature is refused by tensorflow_hub 0.8+."""
import tensorflow_hub as hub

HANDLE = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4"

layer = hub.KerasLayer(HANDLE, signature="serving_default", signature_outputs_as_dict=True, trainable=True)  # [hub-signature-trainable]
later = hub.KerasLayer(HANDLE, signature="serving_default", output_key="output_0")  # [hub-signature-trainable]
later.trainable = True

frozen = hub.KerasLayer(HANDLE, signature="serving_default", output_key="output_0")
trained = hub.KerasLayer(HANDLE, trainable=True)

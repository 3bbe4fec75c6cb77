"""TensorFlow 2.1 has only the experimental field."""
import tensorflow as tf

config = tf.compat.v1.ConfigProto()
config.share_cluster_devices_in_session = True  # [hub-session-option-unavailable]
config.experimental.share_cluster_devices_in_session = True

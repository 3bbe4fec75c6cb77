"""From TensorFlow 2.2 the option is a top-level ConfigProto field."""
import tensorflow as tf

config = tf.compat.v1.ConfigProto()
config.experimental.share_cluster_devices_in_session = True  # [hub-session-option-experimental]
config.share_cluster_devices_in_session = True

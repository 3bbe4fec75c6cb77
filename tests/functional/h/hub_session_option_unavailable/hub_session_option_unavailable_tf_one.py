"""Before TensorFlow 1.14 neither spelling exists."""
import tensorflow as tf

config = tf.ConfigProto()
config.share_cluster_devices_in_session = True  # [hub-session-option-unavailable]
config.experimental.share_cluster_devices_in_session = True  # [hub-session-option-unavailable]

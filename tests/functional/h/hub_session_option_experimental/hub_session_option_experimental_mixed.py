"""A range that still admits TensorFlow 2.1 needs the experimental spelling: nothing to say."""
import tensorflow as tf

config = tf.compat.v1.ConfigProto()
config.experimental.share_cluster_devices_in_session = True

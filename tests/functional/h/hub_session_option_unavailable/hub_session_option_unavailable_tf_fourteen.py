"""TensorFlow 1.14 has the experimental field."""
import tensorflow as tf

config = tf.ConfigProto()
config.experimental.share_cluster_devices_in_session = True

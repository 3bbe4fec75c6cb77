"""Graph collections miss the regularization losses and variables of hub.KerasLayer and hub.load models."""
import tensorflow as tf
import tensorflow_hub as hub

tf.compat.v1.disable_v2_behavior()

images = tf.compat.v1.placeholder(tf.float32, [None, 224, 224, 3])
layer = hub.KerasLayer("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4", trainable=True)
loss = tf.reduce_mean(layer(images, training=True))

regularization = tf.compat.v1.losses.get_regularization_loss()  # [hub-graph-collections]
losses = tf.compat.v1.get_collection("regularization_losses")  # [hub-graph-collections]
variables = tf.compat.v1.trainable_variables()  # [hub-graph-collections]
ref = tf.compat.v1.get_collection_ref(tf.compat.v1.GraphKeys.TRAINABLE_VARIABLES)  # [hub-graph-collections]

# The SavedModel runs its batch-norm updates inside the layer's call: UPDATE_OPS loses nothing.
update_ops = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.UPDATE_OPS)
summaries = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.SUMMARIES)

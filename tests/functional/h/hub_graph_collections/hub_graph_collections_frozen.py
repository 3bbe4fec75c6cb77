"""A frozen hub layer has nothing to train: reading collections for other layers is fine."""
import tensorflow as tf
import tensorflow_hub as hub

tf.compat.v1.disable_v2_behavior()

images = tf.compat.v1.placeholder(tf.float32, [None, 224, 224, 3])
features = hub.KerasLayer("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4")(images)
logits = tf.compat.v1.layers.dense(features, 5)
update_ops = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.UPDATE_OPS)

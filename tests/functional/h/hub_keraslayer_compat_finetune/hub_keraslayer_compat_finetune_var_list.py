"""Passing var_list explicitly is the supported way: nothing to say."""
import tensorflow as tf
import tensorflow_hub as hub

tf.compat.v1.disable_v2_behavior()

images = tf.compat.v1.placeholder(tf.float32, [None, 224, 224, 3])
layer = hub.KerasLayer("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4", trainable=True)
loss = tf.reduce_mean(layer(images))
train_op = tf.compat.v1.train.AdamOptimizer().minimize(loss, var_list=layer.trainable_variables)

"""In TF2 eager mode Keras optimizers take the variables explicitly: nothing to say."""
import tensorflow as tf
import tensorflow_hub as hub

layer = hub.KerasLayer("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4", trainable=True)
optimizer = tf.keras.optimizers.SGD()
optimizer.minimize(lambda: tf.reduce_mean(layer(tf.zeros([1, 224, 224, 3]))), layer.trainable_variables)

"""TensorFlow 2.15 still has Keras 2 as tf.keras: nothing to say."""
import tensorflow as tf
import tensorflow_hub as hub

model = tf.keras.Sequential([hub.KerasLayer("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4")])

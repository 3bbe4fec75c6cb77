"""In TF1 compat mode the creation API is fully supported."""
import tensorflow as tf
import tensorflow_hub as hub

tf.compat.v1.disable_eager_execution()
images = tf.compat.v1.placeholder(tf.float32, [None, 224, 224, 3])
hub.add_signature(inputs=images, outputs=images)

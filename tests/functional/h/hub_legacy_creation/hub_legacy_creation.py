"""TF1 Hub format creation: hub.add_signature outside a module_fn needs a graph."""
import tensorflow as tf
import tensorflow_hub as hub


def module_fn():
    """Inside the module_fn hub builds the graph itself: fine."""
    images = tf.compat.v1.placeholder(tf.float32, [None, 224, 224, 3])
    hub.add_signature(inputs=images, outputs=tf.reduce_mean(images, axis=[1, 2]))


spec = hub.create_module_spec(module_fn)

images = tf.zeros([1, 224, 224, 3])
hub.add_signature(inputs=images, outputs=images)  # [hub-legacy-creation]


def add_default_signature(inputs, outputs):
    """May well be a module_fn helper called from another module: nothing is said."""
    hub.add_signature(inputs=inputs, outputs=outputs)

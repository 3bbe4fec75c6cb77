"""TensorFlow 2.15 still has tf.estimator."""
import tensorflow as tf

run_config = tf.estimator.RunConfig(model_dir="/tmp/model")

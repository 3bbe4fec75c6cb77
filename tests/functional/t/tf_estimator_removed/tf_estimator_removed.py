"""tf.estimator is gone in TensorFlow 2.16."""
import tensorflow as tf
import tensorflow.compat.v1 as tf1
from tensorflow import estimator  # [tf-estimator-removed]

run_config = tf.estimator.RunConfig(model_dir="/tmp/model")  # [tf-estimator-removed]
classifier = tf1.estimator.DNNClassifier(hidden_units=[10], feature_columns=[])  # [tf-estimator-removed]
keys = estimator.ModeKeys.TRAIN  # [tf-estimator-removed]

model = tf.keras.Sequential([tf.keras.layers.Dense(1)])

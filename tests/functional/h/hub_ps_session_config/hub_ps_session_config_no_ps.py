"""Without parameter servers the option does not matter: nothing to say."""
import tensorflow as tf
import tensorflow_hub as hub

layer = hub.KerasLayer("https://tfhub.dev/google/nnlm-en-dim128/2")
run_config = tf.estimator.RunConfig(model_dir="/tmp/model")

"""The option set anywhere in the module (or the project) is trusted: nothing to say."""
import tensorflow as tf
import tensorflow_hub as hub

strategy = tf.distribute.experimental.ParameterServerStrategy()
layer = hub.KerasLayer("https://tfhub.dev/google/nnlm-en-dim128/2")

config = tf.compat.v1.ConfigProto(share_cluster_devices_in_session=True)
run_config = tf.estimator.RunConfig(train_distribute=strategy, session_config=config)

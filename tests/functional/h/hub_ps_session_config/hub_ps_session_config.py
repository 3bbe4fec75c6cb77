"""Parameter-server training of a hub model needs share_cluster_devices_in_session."""
import tensorflow as tf
import tensorflow_hub as hub

CLUSTER = tf.train.ClusterSpec({"worker": ["w0:2222"], "ps": ["ps0:2222"]})


def model_fn(features, labels, mode):
    """The hub model lives on the parameter servers."""
    layer = hub.KerasLayer("https://tfhub.dev/google/nnlm-en-dim128/2", trainable=True)
    loss = tf.reduce_mean(layer(features)) + tf.reduce_mean(labels)
    return tf.estimator.EstimatorSpec(mode, loss=loss)


no_session_config = tf.estimator.RunConfig()  # [hub-ps-session-config]
estimator = tf.estimator.Estimator(model_fn, config=no_session_config)

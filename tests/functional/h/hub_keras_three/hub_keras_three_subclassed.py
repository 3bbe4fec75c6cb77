"""A subclassed Keras 3 Model runs a hub layer but does not track it: only fine-tuning fails."""
import keras
import tensorflow as tf
import tensorflow_hub as hub
import tf_keras

HANDLE = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4"


class FineTuned(tf.keras.Model):
    """fit never changes the hub weights: Keras 3 does not see them."""

    def __init__(self):
        super().__init__()
        self.encoder = hub.KerasLayer(HANDLE, trainable=True)  # [hub-keras-three]
        self.head = tf.keras.layers.Dense(1)

    def call(self, inputs):
        return self.head(self.encoder(inputs))


class StandaloneFineTuned(keras.Model):
    """The same with standalone Keras 3."""

    def __init__(self):
        super().__init__()
        self.encoder = hub.KerasLayer(HANDLE, trainable=True)  # [hub-keras-three]

    def call(self, inputs):
        return self.encoder(inputs)


class Frozen(tf.keras.Model):
    """A frozen layer has nothing to train: the model works."""

    def __init__(self):
        super().__init__()
        self.encoder = hub.KerasLayer(HANDLE)
        self.head = tf.keras.layers.Dense(1)

    def call(self, inputs):
        return self.head(self.encoder(inputs))


class Legacy(tf_keras.Model):
    """tf_keras tracks its own layers."""

    def __init__(self):
        super().__init__()
        self.encoder = hub.KerasLayer(HANDLE, trainable=True)

    def call(self, inputs):
        return self.encoder(inputs)


class NotAModel:
    """Not a Keras model at all."""

    def __init__(self):
        self.encoder = hub.KerasLayer(HANDLE, trainable=True)

    def __call__(self, inputs):
        return self.encoder(inputs)

"""TensorFlow 2.15: tf.keras is Keras 2 and takes hub layers in every shape: nothing to say."""
import tensorflow as tf
import tensorflow_hub as hub

ENCODER = "https://tfhub.dev/tensorflow/bert_en_uncased_L-12_H-768_A-12/4"

word_ids = tf.keras.Input(shape=(128,), dtype=tf.int32)
mask = tf.keras.Input(shape=(128,), dtype=tf.int32)
outputs = hub.KerasLayer(ENCODER)(dict(input_word_ids=word_ids, input_mask=mask))  # noqa: C408
chained = hub.KerasLayer(ENCODER)(outputs)
restored = tf.keras.models.load_model("model.h5", custom_objects={"KerasLayer": hub.KerasLayer})


class FineTuned(tf.keras.Model):
    """Keras 2 tracks the layer."""

    def __init__(self):
        super().__init__()
        self.encoder = hub.KerasLayer(ENCODER, trainable=True)

    def call(self, inputs):
        return self.encoder(inputs)

"""Code that never runs has no finding: ``if False:`` blocks kept as notes, and ``if True:``'s ``else``."""
# pylint: disable=invalid-name,using-constant-test
import tensorflow as tf
import tensorflow_hub as hub

ENCODER = "https://tfhub.dev/tensorflow/bert_en_uncased_L-12_H-768_A-12/4"
text_input = tf.keras.Input(shape=(), dtype=tf.string)

if False:
    dead = hub.KerasLayer(ENCODER)(text_input)

if 0:
    model = tf.keras.Sequential([hub.KerasLayer(ENCODER)])

while False:
    model = tf.keras.Sequential([hub.KerasLayer(ENCODER)])

if True:
    live = hub.KerasLayer(ENCODER)(text_input)  # [hub-keras-three]
else:
    model = tf.keras.Sequential([hub.KerasLayer(ENCODER)])

if False:
    pass
else:
    also_live = hub.KerasLayer(ENCODER)(text_input)  # [hub-keras-three]

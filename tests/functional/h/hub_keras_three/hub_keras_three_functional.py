"""Keras 3 functional models: every way a hub layer is called on Keras 3 symbolic tensors."""
# pylint: disable=invalid-name
import tensorflow as tf
import tensorflow_hub as hub
import tf_keras
import tensorflow_text  # noqa: F401  # registers the ops of the preprocessor

PREPROCESS = "https://tfhub.dev/tensorflow/bert_en_uncased_preprocess/3"
ENCODER = "https://tfhub.dev/tensorflow/bert_en_uncased_L-12_H-768_A-12/4"
IMAGES = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4"

word_ids = tf.keras.Input(shape=(128,), dtype=tf.int32)
mask = tf.keras.Input(shape=(128,), dtype=tf.int32)
type_ids = tf.keras.Input(shape=(128,), dtype=tf.int32)

as_list = hub.KerasLayer(ENCODER)([word_ids, mask, type_ids])  # [hub-keras-three]
as_tuple = hub.KerasLayer(ENCODER)((word_ids, mask, type_ids))  # [hub-keras-three]
as_dict_call = hub.KerasLayer(ENCODER)(dict(input_word_ids=word_ids, input_mask=mask))  # noqa: C408  # [hub-keras-three]
as_dict = hub.KerasLayer(ENCODER)({"input_word_ids": word_ids, "input_mask": mask})  # [hub-keras-three]

# The preprocess -> encoder chain: both layers are in the Keras 3 model.
text_input = tf.keras.Input(shape=(), dtype=tf.string)
preprocessor = hub.KerasLayer(PREPROCESS)  # [hub-keras-three]
encoder_inputs = preprocessor(text_input)
encoder = hub.KerasLayer(ENCODER, trainable=True)  # [hub-keras-three]
outputs = encoder(encoder_inputs)
pooled = tf.keras.layers.Dense(1)(outputs["pooled_output"])

# Wrapping the first layer does not save the second: a Lambda's output is a Keras 3 tensor too.
wrapped = hub.KerasLayer(PREPROCESS)
lambda_out = tf.keras.layers.Lambda(lambda t: wrapped(t))(text_input)  # noqa: PLW0108
after_lambda = hub.KerasLayer(ENCODER)(lambda_out)  # [hub-keras-three]

image = tf.keras.Input(shape=(224 * 224 * 3,))
reshaped = hub.KerasLayer(IMAGES)(tf.reshape(image, [-1, 224, 224, 3]))  # [hub-keras-three]
dense_then_hub = hub.KerasLayer(IMAGES)(tf.keras.layers.Reshape((224, 224, 3))(image))  # [hub-keras-three]


def build(inputs):
    """A Keras 3 Model built on the layer's output, whatever the caller's inputs are."""
    features = hub.KerasLayer(IMAGES)(inputs)  # [hub-keras-three]
    return tf.keras.Model(inputs=inputs, outputs=tf.keras.layers.Dense(5)(features))


def build_tf_keras(inputs):
    """The same model in tf_keras takes the layer."""
    return tf_keras.Model(inputs, hub.KerasLayer(IMAGES)(inputs))


def features_of(batch):
    """Not in any model: called on real tensors the layer works."""
    return hub.KerasLayer(IMAGES)(batch)


legacy_ids = tf_keras.Input(shape=(128,), dtype=tf.int32)
legacy_mask = tf_keras.Input(shape=(128,), dtype=tf.int32)
legacy_list = hub.KerasLayer(ENCODER)([legacy_ids, legacy_mask])
legacy_image = tf_keras.Input(shape=(224 * 224 * 3,))
legacy_reshaped = hub.KerasLayer(IMAGES)(tf.reshape(legacy_image, [-1, 224, 224, 3]))
unused = hub.KerasLayer(ENCODER)
on_constants = hub.KerasLayer(IMAGES)(tf.zeros([1, 224, 224, 3]))

"""Fine-tune an image feature extractor from TF Hub (written for TensorFlow 2.5)."""

import tensorflow as tf
import tensorflow_hub as hub

FEATURES = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2"


def build_model(num_classes):
    """A classifier on top of the hub feature vector, fine-tuned end to end."""
    return tf.keras.Sequential(
        [
            hub.KerasLayer(FEATURES, trainable=True),
            tf.keras.layers.Dense(num_classes),
        ]
    )


def embed(images):
    """Image embeddings the TF1 way."""
    module = hub.Module(FEATURES)
    return module(images)


if __name__ == "__main__":
    model = build_model(num_classes=5)
    model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))

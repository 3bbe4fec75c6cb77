"""Models whose graphs use TF Text ops fail to load where nothing imports tensorflow_text."""
import tensorflow as tf
import tensorflow_hub as hub

PREPROCESS = "https://tfhub.dev/tensorflow/bert_en_uncased_preprocess/3"
KAGGLE_PREPROCESS = "https://www.kaggle.com/models/tensorflow/bert/TensorFlow2/en-uncased-preprocess/3"

preprocess = hub.KerasLayer(PREPROCESS)  # [hub-text-ops-missing]
kaggle = hub.KerasLayer(KAGGLE_PREPROCESS, name="preprocessing")  # [hub-text-ops-missing]
encoder = hub.load("https://tfhub.dev/google/universal-sentence-encoder-multilingual/3")  # [hub-text-ops-missing]
long_kaggle = hub.load(  # [hub-text-ops-missing]
    "https://www.kaggle.com/models/google/universal-sentence-encoder/frameworks/TensorFlow2/variations/multilingual/versions/2"
)

# Neither the English sentence encoder nor the BERT encoder itself needs TF Text.
english = hub.load("https://tfhub.dev/google/universal-sentence-encoder/4")
bert = hub.KerasLayer("https://tfhub.dev/tensorflow/bert_en_uncased_L-12_H-768_A-12/4", trainable=True)
features = bert(preprocess(tf.constant(["TensorFlow Hub"])))

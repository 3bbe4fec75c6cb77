"""The models that fail whatever the versions: TF Text ops, deleted from tfhub.dev."""

from __future__ import annotations

from pathlib import Path

import pytest

from pylint_hubcompat.facts import model_lists
from pylint_hubcompat.facts.handles import classify_handle
from pylint_hubcompat.files.locations import data_file

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.mark.parametrize("name", [model_lists.TEXT_OPS_FILE, model_lists.DELETED_FILE])
@pytest.mark.skipif(not SHARED.is_dir(), reason="the ground truth is not checked out here")
def test_the_shipped_lists_are_the_ground_truth(name: str) -> None:
    assert data_file(name).read_bytes() == (SHARED / name).read_bytes()


def test_every_listed_text_model_is_known_in_every_spelling() -> None:
    handles = [line.split("\t")[0] for line in data_file(model_lists.TEXT_OPS_FILE).read_text().splitlines()[3:]]
    assert len(handles) == 122
    for handle in handles:
        for spelling in (f"https://tfhub.dev/{handle}", handle, f"gs://tfhub-modules/{handle}/uncompressed"):
            assert classify_handle(spelling).text_ops, spelling


@pytest.mark.parametrize(
    "handle",
    [
        "https://www.kaggle.com/models/tensorflow/bert/TensorFlow2/en-uncased-preprocess/3",
        "https://www.kaggle.com/models/tensorflow/bert/tensorFlow2/multi-cased-preprocess/3",
        "https://www.kaggle.com/models/tensorflow/albert/frameworks/TensorFlow2/variations/en-preprocess/versions/3",
        "https://www.kaggle.com/models/google/universal-sentence-encoder/TensorFlow2/multilingual-large/2",
        "https://www.kaggle.com/models/google/universal-sentence-encoder-cmlm/TensorFlow2/multilingual-preprocess/2",
        "https://www.kaggle.com/models/google/labse/TensorFlow2/labse/2",
        "https://www.kaggle.com/models/google/muril/TensorFlow2/preprocess/1",
        "https://www.kaggle.com/models/google/lareqa/TensorFlow1/mbert-x-x/1",
    ],
)
def test_kaggle_spellings_of_listed_models_count(handle: str) -> None:
    assert classify_handle(handle).text_ops


@pytest.mark.parametrize(
    "handle",
    [
        "https://tfhub.dev/google/universal-sentence-encoder/4",
        "https://www.kaggle.com/models/google/universal-sentence-encoder/TensorFlow2/universal-sentence-encoder/2",
        "https://www.kaggle.com/models/tensorflow/bert/TensorFlow2/en-uncased-l-12-h-768-a-12/3",
        # The listed LAReQA models are TF1 Hub format: a TensorFlow2 variation of that name is not them.
        "https://www.kaggle.com/models/google/lareqa/TensorFlow2/mbert-x-x/1",
        "https://tfhub.dev/tensorflow/bert_en_uncased_preprocess",
        "bert_en_uncased_preprocess",
    ],
)
def test_other_models_need_no_text_ops(handle: str) -> None:
    assert not classify_handle(handle).text_ops


@pytest.mark.parametrize(
    ("handle", "deleted"),
    [
        ("https://tfhub.dev/nvidia/unet/industrial/class_1/1", True),
        ("https://tfhub.dev/NVIDIA/unet/industrial/class_1/2?tf-hub-format=compressed", True),
        ("silero/silero-stt/de/1", True),
        ("https://tfhub.dev/nvidia/unet/industrial/class_1", False),  # no version: not a handle
        ("https://tfhub.dev/nvidia/unet/industrial/1", False),
        ("https://tfhub.dev/google/svampeatlas/vision/embedder/fungi_V1/1", False),
    ],
)
def test_deleted_models_match_every_version_in_any_tfhub_spelling(handle: str, deleted: bool) -> None:
    assert classify_handle(handle).deleted is deleted


def test_the_model_formats_option_keeps_what_is_known_of_the_model() -> None:
    handle = "https://tfhub.dev/tensorflow/bert_en_uncased_preprocess/3"
    info = classify_handle(handle, mapping={"https://tfhub.dev/tensorflow/": "tf1-hub"})
    assert (info.format, info.text_ops) == ("tf1-hub", True)

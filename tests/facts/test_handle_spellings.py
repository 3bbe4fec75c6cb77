"""Every way users write a model handle, and what its format is known from."""

from __future__ import annotations

import pytest

from pylint_hubcompat import classify_handle
from pylint_hubcompat.facts.handles import TF1_HUB, TF1_SAVEDMODEL, TF2_SAVEDMODEL


@pytest.mark.parametrize(
    "handle",
    [
        "https://tfhub.dev/google/elmo/3",
        "https://tfhub.dev/google/elmo/3/",
        "http://tfhub.dev/google/elmo/3",
        "https://www.tfhub.dev/google/elmo/3",
        "https://tfhub.dev/google/elmo/3?tf-hub-format=compressed",
        "HTTPS://TFHUB.DEV/google/elmo/3",
        "  https://tfhub.dev/google/elmo/3\n",
        "https://storage.googleapis.com/tfhub-modules/google/elmo/3.tar.gz",
        "gs://tfhub-modules/google/elmo/3",
        "gs://tfhub-modules/google/elmo/3/uncompressed",
        "google/elmo/3",
    ],
)
def test_elmo_3_in_every_spelling_is_tf1_hub_format_by_the_catalog(handle):
    info = classify_handle(handle)
    assert (info.format, info.how) == (TF1_HUB, "tfhub.dev catalog")
    assert info.handle == handle.strip()


def test_describe_names_the_handle_the_format_and_the_source():
    assert classify_handle("google/elmo/3").describe() == "google/elmo/3 is in TF1 Hub format (tfhub.dev catalog)"
    assert classify_handle("https://tfhub.dev/x/y/1").describe() == "https://tfhub.dev/x/y/1 has an unknown format"


@pytest.mark.parametrize(
    "handle, expected",
    [
        ("https://tfhub.dev/google/nnlm-en-dim128/1", TF1_HUB),
        ("https://tfhub.dev/google/nnlm-en-dim128/2", TF2_SAVEDMODEL),
        ("https://tfhub.dev/tensorflow/bert_en_cased_L-12_H-768_A-12/1", TF2_SAVEDMODEL),
        ("https://tfhub.dev/bohemian-visual-recognition-alliance/models/mushroom-identification_v1/1", TF1_SAVEDMODEL),
        ("https://tfhub.dev/callmemehdi/arabert/1", TF2_SAVEDMODEL),  # tfhub.dev spells it AraBERT
    ],
)
def test_the_version_says_nothing_only_the_catalog_does(handle, expected):
    assert classify_handle(handle).format == expected


def test_invisible_characters_copied_from_a_model_page_are_ignored():
    # tfhub.dev pages put zero-width non-joiners between segments of long handles.
    assert classify_handle("https://tfhub.dev/nvidia/\u200cunet/\u200cindustrial/\u200cclass_1/1").format == TF1_HUB


@pytest.mark.parametrize(
    "handle, successor",
    [
        ("https://tfhub.dev/google/nnlm-en-dim128/1", "https://tfhub.dev/google/nnlm-en-dim128/2"),
        ("google/nnlm-en-dim128/1", "https://tfhub.dev/google/nnlm-en-dim128/2"),
        ("http://www.tfhub.dev/google/universal-sentence-encoder/2/", "https://tfhub.dev/google/universal-sentence-encoder/4"),
        (
            "https://tfhub.dev/google/universal-sentence-encoder/2?tf-hub-format=compressed",
            "https://tfhub.dev/google/universal-sentence-encoder/4?tf-hub-format=compressed",
        ),
        (
            "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2",
            "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/5",
        ),
        (
            "https://storage.googleapis.com/tfhub-modules/google/nnlm-en-dim128/1.tar.gz",
            "https://storage.googleapis.com/tfhub-modules/google/nnlm-en-dim128/2.tar.gz",
        ),
        ("gs://tfhub-modules/google/nnlm-en-dim128/1/uncompressed", "gs://tfhub-modules/google/nnlm-en-dim128/2/uncompressed"),
    ],
)
def test_the_tf2_successor_is_the_newest_tf2_version_spelled_like_the_input(handle, successor):
    assert classify_handle(handle).successor == successor


@pytest.mark.parametrize(
    "handle",
    [
        "https://tfhub.dev/google/elmo/3",  # no TF2 version of ELMo on tfhub.dev
        "https://tfhub.dev/google/nnlm-en-dim128/2",  # already TF2
        "https://www.kaggle.com/models/google/elmo/frameworks/TensorFlow1/variations/elmo/versions/3",
    ],
)
def test_no_successor_when_the_catalog_has_none(handle):
    assert classify_handle(handle).successor is None


@pytest.mark.parametrize(
    "handle, expected, framework",
    [
        ("https://www.kaggle.com/models/google/elmo/frameworks/TensorFlow1/variations/elmo/versions/3", TF1_HUB, "TensorFlow1"),
        ("https://www.kaggle.com/models/google/elmo/frameworks/tensorFlow1/variations/elmo/versions/3", TF1_HUB, "tensorFlow1"),
        ("https://www.kaggle.com/models/tensorflow/bert/frameworks/TensorFlow2/variations/en-uncased/versions/3", TF2_SAVEDMODEL, "TensorFlow2"),
        ("https://www.kaggle.com/models/google/universal-sentence-encoder/tensorFlow2/universal-sentence-encoder/2", TF2_SAVEDMODEL, "tensorFlow2"),
        ("https://kaggle.com/models/google/nnlm/TENSORFLOW1/en-dim128/1/", TF1_HUB, "TENSORFLOW1"),
        ("https://www.kaggle.com/models/someone/unlisted/TensorFlow1/v/1?tfhub-redirect=true", TF1_HUB, "TensorFlow1"),
    ],
)
def test_a_kaggle_url_is_known_by_its_framework_segment_alone(handle, expected, framework):
    info = classify_handle(handle)
    assert (info.format, info.how) == (expected, f"Kaggle URL framework `{framework}`")


@pytest.mark.parametrize(
    "handle",
    [
        "https://tfhub.dev/google/tf2-preview/mobilenet_v2/feature_vector/4",
        "https://tfhub.dev/google/tf2-preview/some-future-model/9",  # not in the catalog
        "https://storage.googleapis.com/tfhub-modules/google/tf2-preview/gnews-swivel-20dim/7.tar.gz",
    ],
)
def test_tf2_preview_handles_are_tf2(handle):
    assert classify_handle(handle).format == TF2_SAVEDMODEL


def test_tf2_preview_outside_the_catalog_says_so():
    info = classify_handle("https://tfhub.dev/google/tf2-preview/some-future-model/9")
    assert info.how == "`tf2-preview` in the handle"


@pytest.mark.parametrize(
    "handle",
    [
        pytest.param("https://tfhub.dev/google/elmo/4", id="version not in the catalog"),
        pytest.param("https://tfhub.dev/google/elmo", id="no version"),
        pytest.param("https://tfhub.dev/someone/unknown-model/1", id="model not in the catalog"),
        pytest.param("https://example.com/google/elmo/3", id="another host"),
        pytest.param("https://storage.googleapis.com/other-bucket/google/elmo/3.tar.gz", id="another bucket"),
        pytest.param("https://www.kaggle.com/models/google/bert/frameworks/PyTorch/variations/x/versions/1", id="Kaggle PyTorch"),
        pytest.param("https://www.kaggle.com/models/google/bert", id="Kaggle without framework"),
        pytest.param("https://www.kaggle.com/datasets/x/tensorflow1/y/1", id="Kaggle dataset"),
        pytest.param("/models/tf2-preview-like/1", id="absolute path outside any root"),
        pytest.param("models/elmo", id="relative path without root"),
        pytest.param("", id="empty"),
        pytest.param("http://[::1", id="broken URL"),
    ],
)
def test_unknown(handle):
    info = classify_handle(handle)
    assert (info.format, info.how, info.successor) == (None, "", None)
    assert not info.known


def test_every_catalog_handle_is_known_in_every_spelling():
    from pylint_hubcompat.facts import catalog
    from pylint_hubcompat.facts.handles import FORMATS

    by_catalog = dict(zip(catalog.CATALOG_FORMATS, (TF1_HUB, TF1_SAVEDMODEL, TF2_SAVEDMODEL)))
    assert set(by_catalog.values()) == set(FORMATS)
    for entry in catalog.entries():
        spellings = {
            "bare": entry.handle,
            "tfhub.dev": f"https://tfhub.dev/{entry.handle}",
            "compressed": f"https://tfhub.dev/{entry.handle}?tf-hub-format=compressed",
            "archive": f"https://storage.googleapis.com/tfhub-modules/{entry.handle}.tar.gz",
        }
        for family, handle in spellings.items():
            info = classify_handle(handle)
            assert (info.format, info.how) == (by_catalog[entry.format], "tfhub.dev catalog"), (family, handle)
            assert (info.successor is None) == (entry.successor is None), (family, handle)

"""classify_handle on mutated real handles and on local directories (extends tests/facts/test_handle_properties.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pylint_hubcompat.facts.handles import FORMATS, classify_handle
from tests.target.detection.test_properties import mutated
from tests.fuzz.helpers import FUZZ

REAL = [
    "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2",
    "https://tfhub.dev/google/nnlm-en-dim128/2?tf-hub-format=compressed",
    "https://www.kaggle.com/models/google/mobilenet-v2/frameworks/TensorFlow1/variations/100-224-feature-vector/versions/2",
    "https://www.kaggle.com/models/google/mobilenet-v2/tensorFlow2/100-224-feature-vector/5",
    "https://storage.googleapis.com/tfhub-modules/google/elmo/3.tar.gz",
    "gs://tfhub-modules/google/universal-sentence-encoder/1",
    "google/tf2-preview/mobilenet_v2/feature_vector/4",
    "models/tf1", "./models/tf2/", "../outside", "/etc", "~/.cache/tfhub", "models/tf1/../../x",
]


@FUZZ
@given(st.one_of(*(mutated(h) for h in REAL)), st.dictionaries(st.sampled_from(["models/", "https://tfhub.dev/", "gs://", ""]),
                                                               st.sampled_from([*FORMATS, "bogus"]), max_size=2))
def test_mutated_real_handles_never_raise(handle, mapping):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "models" / "tf1").mkdir(parents=True)
        (root / "models" / "tf1" / "tfhub_module.pb").write_bytes(b"")
        (root / "models" / "tf1" / "saved_model.pb").write_bytes(b"")
        (root / "models" / "tf2").mkdir()
        (root / "models" / "tf2" / "saved_model.pb").write_bytes(b"")
        (root / "models" / "loop").symlink_to(root / "models" / "loop")
        for root_given in (root, None):
            info = classify_handle(handle, mapping=mapping, root=root_given)
            assert info.format in (*FORMATS, None)
            assert info.known == (info.format is not None)
            assert isinstance(info.describe(), str)


@FUZZ
@given(st.one_of(st.none(), st.integers(), st.binary(max_size=20), st.lists(st.text(max_size=3), max_size=2)))
def test_non_strings_never_raise(value):
    info = classify_handle(value)  # type: ignore[arg-type]  # what astroid may hand over
    assert info.format is None

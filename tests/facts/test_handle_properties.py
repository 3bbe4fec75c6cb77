"""classify_handle takes whatever string the code holds, and never raises."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pylint_hubcompat import classify_handle
from pylint_hubcompat.facts.handles import FORMATS

HERE = Path(__file__).parent  # a real root: relative paths are stat'ed under it
URLISH = st.builds(
    "".join,
    st.lists(
        st.sampled_from(
            ["https://", "gs://", "tfhub.dev", "www.", "kaggle.com", "/models/", "/", "google", "tf2-preview",
             "TensorFlow1", "frameworks", "?", "tf-hub-format=compressed", ".tar.gz", "[", "%", "\u200c", "..", "1"]
        ),
        max_size=12,
    ),
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), URLISH), st.dictionaries(st.text(max_size=5), st.sampled_from([*FORMATS, "x"]), max_size=3))
def test_never_raises_and_answers_consistently(text, mapping):
    info = classify_handle(text, mapping=mapping, root=HERE)
    assert info.format in (*FORMATS, None)
    assert info.known == (info.format is not None)
    assert bool(info.how) == info.known
    assert isinstance(info.describe(), str)

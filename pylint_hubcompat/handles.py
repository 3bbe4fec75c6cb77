"""The format of a model handle, and how we know it.

Whether loading or fine-tuning works depends on the model's format, so every
format-dependent rule asks this module.  Anything it cannot tell for sure is
``None`` (unknown), and no format-dependent rule fires on an unknown format.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

TF1_HUB = "tf1-hub"
TF2_SAVEDMODEL = "tf2-savedmodel"
#: A TF1 SavedModel without hub metadata (``saved_model`` in the tfhub.dev catalog).
TF1_SAVEDMODEL = "tf1-savedmodel"
FORMATS = (TF1_HUB, TF2_SAVEDMODEL, TF1_SAVEDMODEL)

FORMAT_NAMES = {
    TF1_HUB: "TF1 Hub format",
    TF2_SAVEDMODEL: "TF2 SavedModel format",
    TF1_SAVEDMODEL: "TF1 SavedModel format",
}

_KAGGLE_FRAMEWORK = re.compile(
    r"kaggle\.com/models/[^/]+/[^/]+/(?:frameworks/)?(?P<framework>tensorflow[12])(?:/|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class HandleInfo:
    """What is known about one model handle."""

    handle: str
    format: str | None
    #: How the format was known, for messages: "Kaggle URL", "tfhub.dev catalog", ...
    how: str = ""
    #: A handle of the same model in TF2 SavedModel format, when one is known.
    successor: str | None = None

    @property
    def known(self) -> bool:
        return self.format is not None

    def describe(self) -> str:
        """``google/elmo/3 is in TF1 Hub format (tfhub.dev catalog)``."""
        if self.format is None:
            return f"{self.handle} has an unknown format"
        return f"{self.handle} is in {FORMAT_NAMES[self.format]} ({self.how})"


def classify_handle(
    handle: str,
    *,
    mapping: Mapping[str, str] | None = None,
    root: Path | None = None,
) -> HandleInfo:
    """Classify ``handle`` offline: a user mapping first, then what the handle itself says.

    ``mapping`` maps handle prefixes to a format (the ``model-formats`` option);
    the longest matching prefix wins over everything else.  ``root`` is the
    project root that relative local paths are resolved against.
    """
    handle = handle.strip()
    for prefix in sorted(mapping or {}, key=len, reverse=True):
        if handle.startswith(prefix):
            return HandleInfo(handle, mapping[prefix], f"model-formats option `{prefix}`")
    match = _KAGGLE_FRAMEWORK.search(handle)
    if match:
        fmt = TF1_HUB if match["framework"].lower() == "tensorflow1" else TF2_SAVEDMODEL
        return HandleInfo(handle, fmt, f"Kaggle URL framework `{match['framework']}`")
    if "tf2-preview" in handle:
        return HandleInfo(handle, TF2_SAVEDMODEL, "`tf2-preview` in the handle")
    return HandleInfo(handle, None)

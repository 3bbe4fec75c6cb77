"""Which published distributions stand for the four the rules reason about.

TensorFlow ships under many names (CPU-only, GPU, vendor and platform builds,
nightlies) that all install the same ``tensorflow`` Python package, so a
requirement on any of them says which TensorFlow the project runs on.
Nightly builds are newer than every known release whatever their version says.
"""

from __future__ import annotations

from typing import NamedTuple

from packaging.utils import canonicalize_name


class Alias(NamedTuple):
    """The distribution a published name counts as, and whether it is a nightly build."""

    distribution: str
    nightly: bool = False


_ALIASES: dict[str, Alias] = {
    **{
        name: Alias("tensorflow")
        for name in (
            "tensorflow",
            "tensorflow-cpu",
            "tensorflow-gpu",
            "tensorflow-intel",
            "tensorflow-macos",
            "tensorflow-aarch64",
            "tensorflow-cpu-aws",
            "tensorflow-rocm",
            "intel-tensorflow",
        )
    },
    **{name: Alias("tensorflow", nightly=True) for name in ("tf-nightly", "tf-nightly-cpu", "tf-nightly-gpu")},
    "tensorflow-hub": Alias("tensorflow-hub"),
    "tf-hub-nightly": Alias("tensorflow-hub", nightly=True),
    "tf-keras": Alias("tf-keras"),
    "tf-keras-nightly": Alias("tf-keras", nightly=True),
    "keras": Alias("keras"),
    "keras-nightly": Alias("keras", nightly=True),
}


def alias_for(name: str) -> Alias | None:
    """The distribution ``name`` counts as, or ``None`` for a distribution the rules ignore."""
    return _ALIASES.get(canonicalize_name(name))


#: The names themselves, for tests and documentation.
ALIASES = tuple(_ALIASES)

"""Which published distributions stand for the four the rules reason about.

TensorFlow ships under many names (CPU-only, GPU, vendor and platform builds,
nightlies) that all install the same ``tensorflow`` Python package, so a
requirement on any of them says which TensorFlow the project runs on.
Nightly builds are newer than every known release whatever their version says.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: The distributions a target is made of, and a rule's versions may name: the four the
#: rules reason about, then the companions whose releases imply a TensorFlow or break
#: tensorflow_hub.
DISTRIBUTIONS = (
    "tensorflow",
    "tensorflow-hub",
    "tf-keras",
    "keras",
    "tensorflow-text",
    "tf-models-official",
    "setuptools",
)


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
    # Companions that imply a TensorFlow (their releases require one) or break tensorflow_hub.
    "tensorflow-text": Alias("tensorflow-text"),
    "tensorflow-text-nightly": Alias("tensorflow-text", nightly=True),
    "tf-models-official": Alias("tf-models-official"),
    "tf-models-nightly": Alias("tf-models-official", nightly=True),
    "setuptools": Alias("setuptools"),
}


def alias_for(name: str) -> Alias | None:
    """The distribution ``name`` counts as, or ``None`` for a distribution the rules ignore."""
    # The rule loader imports this module in every pylint run; packaging.utils imports packaging.tags (12 ms).
    from packaging.utils import canonicalize_name  # pylint: disable=import-outside-toplevel

    return _ALIASES.get(canonicalize_name(name))


#: The name a requirement string starts with: PEP 508 names are ASCII letters, digits and ``._-``.
_LEADING_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: Every spelling of every name above contains one of these, once lower-cased.
_STEMS = ("tensorflow", "keras", "tf", "setuptools")


def leading_name(requirement: str) -> str | None:
    """The distribution name a requirement string starts with, if it starts with one."""
    match = _LEADING_NAME.match(requirement)
    return match.group().rstrip("._-") if match else None


def names_ignored_distribution(requirement: str) -> bool:
    """Whether the stripped requirement string ``requirement`` can be skipped unparsed.

    Big projects list thousands of requirements, and a full parse by :mod:`packaging`
    is by far the dearest part of reading them.  Whenever :mod:`packaging` accepts a
    requirement, its name is the whole run of name characters the string starts
    with, so a run naming a distribution the rules ignore rules the string out.  A
    string that does not start with a name, or that mentions one of ours further on
    (two requirements run together by a lost line break), is left to the parser,
    which reports it if it is broken.
    """
    match = _LEADING_NAME.match(requirement)
    if match is None or alias_for(match.group().rstrip("._-")) is not None:
        return False
    rest = requirement[match.end() :].lower()
    return not any(stem in rest for stem in _STEMS)


#: The names themselves, for tests and documentation.
ALIASES = tuple(_ALIASES)

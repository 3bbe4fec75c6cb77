"""The versions installed in the environment pylint runs in, for what the project leaves open.

Only distribution metadata is read (``importlib.metadata``): importing
TensorFlow to ask it would take seconds and could fail or print.  The answer
does not depend on the project, so it is computed once per process.

``importlib.metadata`` brings the email package along (~10 ms, a few percent
of linting one file), so it is imported only when the package of one of the
distributions can be found at all: an environment without TensorFlow (a
linting venv, CI) answers from directory listings Python has cached anyway.
"""

from __future__ import annotations

import functools
from importlib.util import find_spec

from packaging.version import InvalidVersion, Version

from pylint_hubcompat.target.detection.declared import nightly_specifier
from pylint_hubcompat.target.distributions import ALIASES, alias_for
from pylint_hubcompat.target.model import INSTALLED, Constraint, Source

INSTALLED_SOURCE = Source(INSTALLED)
#: The Python package each distribution installs (whichever of its names it is published under).
PACKAGES = {
    "tensorflow": "tensorflow",
    "tensorflow-hub": "tensorflow_hub",
    "tf-keras": "tf_keras",
    "keras": "keras",
    "tensorflow-text": "tensorflow_text",
    "setuptools": "setuptools",
}
#: Asked only beside an installed TensorFlow: every venv up to Python 3.11 has a setuptools,
#: and without TensorFlow the environment is the linter's own, not the project's.
_BESIDE_TENSORFLOW = frozenset({"tensorflow-text", "setuptools"})


@functools.cache
def installed_constraints() -> dict[str, Constraint]:
    """An exact constraint per distribution found installed (the first of its names that is)."""
    present = {distribution for distribution, package in PACKAGES.items() if _findable(package)}
    if "tensorflow" not in present:
        present -= _BESIDE_TENSORFLOW
    if not present:
        return {}
    from importlib import metadata  # pylint: disable=import-outside-toplevel  # see the module docstring

    found: dict[str, Constraint] = {}
    for name in ALIASES:
        alias = alias_for(name)
        if alias is None or alias.distribution in found or alias.distribution not in present:
            continue
        try:
            version = Version(metadata.version(name))
        except (metadata.PackageNotFoundError, InvalidVersion, TypeError, OSError, ValueError):
            continue
        specifier = nightly_specifier(alias.distribution) if alias.nightly else f"=={version.public}"
        found[alias.distribution] = Constraint.build(alias.distribution, specifier, (INSTALLED_SOURCE,))
    return found


def _findable(package: str) -> bool:
    """Whether Python would find ``package`` to import (it is not imported)."""
    try:
        return find_spec(package) is not None
    except (ImportError, ValueError):  # a broken entry in sys.modules: let the metadata decide
        return True

"""The versions installed in the environment pylint runs in, for what the project leaves open.

Only distribution metadata is read (``importlib.metadata``): importing
TensorFlow to ask it would take seconds and could fail or print.  The answer
does not depend on the project, so it is computed once per process.
"""

from __future__ import annotations

import functools

from packaging.version import InvalidVersion, Version

from pylint_hubcompat.detection.declared import nightly_specifier
from pylint_hubcompat.detection.names import ALIASES, alias_for
from pylint_hubcompat.target import Constraint

INSTALLED_SOURCE = "installed"


@functools.cache
def installed_constraints() -> dict[str, Constraint]:
    """An exact constraint per distribution found installed (the first of its names that is)."""
    # importlib.metadata brings the email package along (~10 ms): imported only when a project leaves a distribution open.
    from importlib import metadata  # pylint: disable=import-outside-toplevel

    found: dict[str, Constraint] = {}
    for name in ALIASES:
        alias = alias_for(name)
        if alias is None or alias.distribution in found:
            continue
        try:
            version = Version(metadata.version(name))
        except (metadata.PackageNotFoundError, InvalidVersion, TypeError, OSError, ValueError):
            continue
        specifier = nightly_specifier(alias.distribution) if alias.nightly else f"=={version.public}"
        found[alias.distribution] = Constraint.build(alias.distribution, specifier, INSTALLED_SOURCE)
    return found

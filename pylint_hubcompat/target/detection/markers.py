"""Which environment markers can apply to the project pylint is checking.

``tensorflow>=2.16; python_version >= "3.12"`` next to
``tensorflow<2.16; python_version < "3.12"`` are alternatives, not a conflict:
each holds on some machines.  A marker is kept when it holds on at least one
common platform (Linux, macOS, Windows on their usual machines) under the
Python that runs pylint, which is the Python the linted code is read with;
``python_version < "3"`` branches of old projects are dropped that way.
"""

from __future__ import annotations

import functools
import platform
import sys

from packaging.markers import InvalidMarker, Marker, UndefinedComparison, UndefinedEnvironmentName
from packaging.specifiers import SpecifierSet

_PLATFORMS = (
    {"os_name": "posix", "sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64"},
    {"os_name": "posix", "sys_platform": "linux", "platform_system": "Linux", "platform_machine": "aarch64"},
    {"os_name": "posix", "sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "arm64"},
    {"os_name": "posix", "sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "x86_64"},
    {"os_name": "nt", "sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64"},
)


def python_version() -> str:
    """The ``X.Y.Z`` of the Python that runs pylint."""
    return platform.python_version()


@functools.lru_cache(maxsize=512)
def marker_applies(marker: str) -> bool:
    """Whether ``marker`` holds on some common platform; unknown or odd markers are kept."""
    if "extra" in marker:
        return True  # extras are chosen by the user at install time
    try:
        parsed = Marker(marker)
    except InvalidMarker:
        return True
    for overrides in _PLATFORMS:
        environment = _environment() | overrides
        try:
            if parsed.evaluate(environment):
                return True
        except (UndefinedComparison, UndefinedEnvironmentName, ValueError):
            return True
    return False


def python_applies(constraint: SpecifierSet) -> bool:
    """Whether a Poetry ``python = ...`` condition includes the running Python."""
    return constraint.contains(python_version(), prereleases=True)


@functools.cache
def _environment() -> dict[str, str]:
    version = python_version()
    return {
        "implementation_name": sys.implementation.name,
        "implementation_version": version,
        "platform_python_implementation": platform.python_implementation(),
        "platform_release": "",
        "platform_version": "",
        "python_full_version": version,
        "python_version": ".".join(version.split(".")[:2]),
        "extra": "",
    }

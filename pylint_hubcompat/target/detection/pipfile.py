"""Pipenv's ``Pipfile``: ``[packages]`` and ``[dev-packages]``.

Pipfile versions are PEP 440 specifiers (``"*"`` for any); a table may add
``markers`` or single marker keys (``sys_platform = "== 'linux'"``), which make
the entry hold on some machines only.  ``[requires]`` names the project's Python:
``python_version = "3.8"`` is any 3.8.x, ``python_full_version = "3.8.10"`` that release.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from packaging.specifiers import SpecifierSet

from pylint_hubcompat.target import releases
from pylint_hubcompat.target.detection.declared import Declared, declare, declare_python
from pylint_hubcompat.target.detection.markers import marker_applies
from pylint_hubcompat.target.detection.project_files import ProjectFiles, key, line_of
from pylint_hubcompat.target.distributions import alias_for

_MARKER_KEYS = (
    "os_name",
    "sys_platform",
    "platform_machine",
    "platform_python_implementation",
    "platform_release",
    "platform_system",
    "platform_version",
    "python_version",
    "python_full_version",
    "implementation_name",
    "implementation_version",
)
#: ``python_version``: ``3`` or ``3.8``; ``python_full_version``: ``3.8.10`` or ``3.13.0rc1``.
_PYTHON_VERSIONS = {
    "python_version": re.compile(r"\d+(?:\.\d+)?"),
    "python_full_version": re.compile(r"\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?"),
}


def read_pipfile(files: ProjectFiles) -> list[Declared]:
    """What the root's ``Pipfile`` declares about our distributions."""
    path = files.at_root("Pipfile")
    loaded = files.toml(path) if path is not None else None
    if path is None or loaded is None:
        return []
    data, text = loaded
    found: list[Declared] = []
    for section in ("packages", "dev-packages"):
        table = data.get(section)
        if not isinstance(table, dict):
            continue
        for name, value in table.items():
            if alias_for(name) is None:
                continue
            line = line_of(text, (key(name),), after=(rf"^\[{section}\]",))
            declared = _entry(files, path, line, name, value)
            if declared is not None:
                found.append(declared)
    return found + _python(files, path, text, data.get("requires"))


def _python(files: ProjectFiles, path: Path, text: str, requires: object) -> list[Declared]:
    """``[requires] python_version`` (``==X.Y.*``) and ``python_full_version`` (``==X.Y.Z``)."""
    if not isinstance(requires, dict):
        return []
    found = []
    for name, pattern in _PYTHON_VERSIONS.items():
        value = requires.get(name)
        if value is None:
            continue
        line = line_of(text, (key(name),), after=(r"^\[requires\]",))
        if not (isinstance(value, str) and pattern.fullmatch(value.strip())):
            files.problem(path, line, f"[requires] {name} is not a Python version, skipped")
            continue
        wildcard = ".*" if name == "python_version" else ""
        found.append(declare_python(files, SpecifierSet(f"=={value.strip()}{wildcard}"), path, line))
    return found


def _entry(files: ProjectFiles, path: Path, line: int, name: str, value: Any) -> Declared | None:
    if isinstance(value, str):
        value = {"version": value}
    if not isinstance(value, dict):
        files.problem(path, line, f"Pipfile entry {name!r} is neither a version nor a table, skipped")
        return None
    if not isinstance(value.get("version"), str):
        return None  # git, path or file: no version to go by
    markers = [value["markers"]] if isinstance(value.get("markers"), str) else []
    markers += [f"{marker} {value[marker]}" for marker in _MARKER_KEYS if isinstance(value.get(marker), str)]
    if not all(marker_applies(marker) for marker in markers):
        return None
    version = value["version"].strip()
    try:
        specifier = releases.parse_specifier("" if version == "*" else version)
    except ValueError as exc:
        files.problem(path, line, f"Pipfile version of {name}, skipped: {exc}")
        return None
    return declare(files, name, specifier, path, line, " and ".join(markers) or None)

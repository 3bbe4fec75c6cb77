"""The project's Python as its tools pin it: ``.python-version`` (pyenv, uv) and Heroku's ``runtime.txt``.

TensorFlow's wheels exist for a few Python minors per release (1.15 up to 3.7,
2.16 from 3.9), so the Python a project runs on limits the releases it can have.

* ``.python-version`` names a version per line: ``3.10`` is any 3.10.x (``==3.10.*``),
  ``3.10.4`` that release.  Several lines are alternatives (pyenv puts each on the
  ``PATH``).  A line that names no CPython release (``system``, ``pypy3.9``,
  ``3.12-dev``, a uv request such as ``cpython@3.12``) says nothing a wheel can be
  checked against and is skipped; so are empty lines and ``#`` comments.
* ``runtime.txt`` says ``python-3.8.10`` (or ``python-3.12``) on its first line.
"""

from __future__ import annotations

import re

from packaging.specifiers import SpecifierSet

from pylint_hubcompat.target.detection.declared import Declared, declare_python
from pylint_hubcompat.target.detection.project_files import ProjectFiles

#: ``3.10`` (a minor) or ``3.10.4`` / ``3.13.0rc1`` (a release).
_CPYTHON = re.compile(r"\d+\.\d+(?P<micro>\.\d+(?:(?:a|b|rc)\d+)?)?")
_RUNTIME_PREFIX = "python-"


def read_python_files(project: ProjectFiles) -> list[Declared]:
    """The Python versions the root's ``.python-version`` and ``runtime.txt`` pin."""
    return _python_version_file(project) + _runtime_txt(project)


def python_specifier(version: str) -> SpecifierSet | None:
    """``==3.10.*`` for ``3.10``, ``==3.10.4`` for ``3.10.4``; ``None`` for what names no CPython release."""
    matched = _CPYTHON.fullmatch(version)
    if matched is None:
        return None
    return SpecifierSet(f"=={version}" if matched.group("micro") else f"=={version}.*")


def _python_version_file(project: ProjectFiles) -> list[Declared]:
    path = project.at_root(".python-version")
    text = project.read(path) if path is not None else None
    if path is None or text is None:
        return []
    pinned: dict[str, tuple[SpecifierSet, int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        for word in line.split():
            specifier = python_specifier(word)
            if specifier is not None:
                pinned.setdefault(word, (specifier, number))
    several = len(pinned) > 1
    return [
        declare_python(project, specifier, path, number, f"python-version {version}" if several else None)
        for version, (specifier, number) in pinned.items()
    ]


def _runtime_txt(project: ProjectFiles) -> list[Declared]:
    path = project.at_root("runtime.txt")
    text = project.read(path) if path is not None else None
    if path is None or text is None:
        return []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        word = line.strip()
        if not word.startswith(_RUNTIME_PREFIX):
            return []  # another platform's runtime, or another tool's file
        specifier = python_specifier(word[len(_RUNTIME_PREFIX) :])
        if specifier is None:
            project.problem(path, number, "runtime.txt names no Python version (python-X.Y.Z), skipped")
            return []
        return [declare_python(project, specifier, path, number)]
    return []

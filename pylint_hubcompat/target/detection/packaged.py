"""Packaged metadata: what an unpacked wheel or sdist, or a tree with build leftovers, says it requires.

tf-models-official's sdist says ``Requires-Dist: tensorflow~=2.15.0`` in its
``PKG-INFO`` and nowhere else a reader of build files would look.  The files read,
at the root and in ``src/``:

* ``PKG-INFO`` (an sdist) and ``*.dist-info/METADATA`` (a wheel): core metadata,
  parsed by the standard library's :class:`email.parser.HeaderParser`.  Each ``Requires-Dist`` is a
  requirement, except those of an extra (not installed by default); ``Requires-Python``
  is the project's Python.
* ``*.egg-info/requires.txt`` (setuptools' build leftovers): requirement lines under
  ``[extra]``, ``[:marker]`` or ``[extra:marker]`` headers; an extra's lines are
  skipped, a marker's hold where it does.  Its ``PKG-INFO`` gives ``Requires-Python``
  (and ``Requires-Dist`` when there is no ``requires.txt``).

An egg-info beside ``setup.py`` is a product of it: :func:`is_packaged_metadata`
tells such records apart so that the build files win.  A project without such
entries costs nothing but the listing of ``src/``, if it has one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from packaging.markers import Marker
from packaging.requirements import InvalidRequirement, Requirement

from pylint_hubcompat.target.detection.declared import Declared, from_python_requirement, from_requirement
from pylint_hubcompat.target.detection.markers import marker_applies
from pylint_hubcompat.target.detection.project_files import ProjectFiles
from pylint_hubcompat.target.distributions import names_ignored_distribution

_PKG_INFO = "PKG-INFO"
_METADATA = "METADATA"
_REQUIRES = "requires.txt"
_EGG_INFO = ".egg-info"
_DIST_INFO = ".dist-info"
#: The directory beside the root whose children are looked at too.
_SOURCES = "src"
#: The core metadata fields read (``Requires-Python`` may appear once).
_FIELDS = ("requires-dist", "requires-python")
#: ``Name: value``: a header name is printable ASCII without a colon or a space (RFC 5322).
_HEADER = re.compile(r"[!-9;-~]+:")
#: A quoted string of a marker, which may say ``extra`` without being the ``extra`` variable.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def read_packaged_metadata(project: ProjectFiles) -> list[Declared]:
    """What the metadata files at the root and in ``src/`` require of our distributions and of Python."""
    found: list[Declared] = []
    if _PKG_INFO in project.names:
        found += _read_core_metadata(project, project.root / _PKG_INFO)
    for directory in _metadata_directories(project):
        if directory.name.endswith(_DIST_INFO):
            if os.path.lexists(directory / _METADATA):
                found += _read_core_metadata(project, directory / _METADATA)
            continue
        requires = os.path.lexists(directory / _REQUIRES)
        if requires:
            found += _read_requires_txt(project, directory / _REQUIRES)
        if os.path.lexists(directory / _PKG_INFO):
            found += _read_core_metadata(project, directory / _PKG_INFO, requirements=not requires)
    return found


def is_packaged_metadata(path: str) -> bool:
    """Whether ``path`` (relative to the root, with ``/``, as :class:`.Declared` has it) is a file read here."""
    parts = path.split("/")
    if parts[0] == _SOURCES and len(parts) == 3:
        parts = parts[1:]
    if path == _PKG_INFO:
        return True
    if len(parts) != 2:
        return False
    directory, name = parts
    if directory.endswith(_DIST_INFO):
        return name == _METADATA
    return directory.endswith(_EGG_INFO) and name in (_PKG_INFO, _REQUIRES)


def _metadata_directories(project: ProjectFiles) -> Iterator[Path]:
    """``*.egg-info`` and ``*.dist-info`` directories of the root, then of ``src/``."""
    yield from _named_directories(project.root, project.names)
    sources = project.at_root(_SOURCES)
    if sources is None or project.refusal(sources) is not None:
        return
    try:
        names = sorted(os.listdir(sources))
    except OSError:
        return  # a file named ``src``, or one that cannot be listed: no build leftovers there
    yield from _named_directories(sources, names)


def _named_directories(parent: Path, names: Iterable[str]) -> Iterator[Path]:
    for name in names:
        if name.endswith((_EGG_INFO, _DIST_INFO)) and os.path.isdir(parent / name):
            yield parent / name


# -- core metadata: PKG-INFO, METADATA ------------------------------------------------------------


class _Header(NamedTuple):
    line: int
    name: str
    value: str


def _read_core_metadata(project: ProjectFiles, path: Path, *, requirements: bool = True) -> list[Declared]:
    text = project.read(path)
    if text is None:
        return []
    headers, kept = _headers(project, path, text)
    # The standard library's parser, not packaging.metadata: that one costs every lint of such a
    # project 40M more instructions to import, for the two fields read here.
    from email.parser import HeaderParser  # pylint: disable=import-outside-toplevel

    message = HeaderParser().parsestr(kept)
    raw = {name: [" ".join(str(v).split()) for v in message.get_all(name, [])] for name in _FIELDS}
    if len(raw["requires-python"]) > 1:  # a single-use field: which one pip reads is not said
        line = next((h.line for h in headers if h.name == "requires-python"), 1)
        project.problem(path, line, "Requires-Python header cannot be read, skipped")
        raw["requires-python"] = []
    found: list[Declared] = []
    if requirements:
        lines = _Lines(headers, "requires-dist")
        for requirement in raw["requires-dist"]:
            line = lines.of(requirement)
            if not _of_an_extra(requirement):
                declared = from_requirement(project, requirement, path, line)
                found += [declared] if declared is not None else []
    for requires_python in raw["requires-python"]:
        line = _Lines(headers, "requires-python").of(requires_python)
        declared = from_python_requirement(project, requires_python, path, line, "Requires-Python")
        found += [declared] if declared is not None else []
    return found


def _headers(project: ProjectFiles, path: Path, text: str) -> tuple[list[_Header], str]:
    """The headers with their lines, and ``text`` without the lines of its header block that are no header.

    The email parser takes such a line for the start of the body, and would drop every
    header after it: the line is reported, and the headers around it are still read.
    """
    lines = text.splitlines(keepends=True)
    headers: list[_Header] = []
    kept: list[str] = []
    end = len(lines)
    for index, line in enumerate(lines):
        if not line.strip():
            end = index
            break
        if line[0] in " \t" and headers:  # a folded header goes on
            last = headers[-1]
            headers[-1] = last._replace(value=f"{last.value} {line.strip()}")
        elif _HEADER.match(line):
            name, _, value = line.partition(":")
            headers.append(_Header(index + 1, name.lower(), value.strip()))
        else:
            project.problem(path, index + 1, "not a metadata header (Name: value), skipped")
            continue
        kept.append(line)
    return headers, "".join(kept + lines[end:])


class _Lines:
    """The line of each value of one header, in the order the parser gives them."""

    def __init__(self, headers: list[_Header], name: str) -> None:
        self._headers = [h for h in headers if h.name == name]
        self._next = 0

    def of(self, value: str) -> int:
        wanted = value.split()
        for index in range(self._next, len(self._headers)):
            if self._headers[index].value.split() == wanted:
                self._next = index + 1
                return self._headers[index].line
        return self._headers[self._next].line if self._next < len(self._headers) else 1


def _of_an_extra(requirement: str) -> bool:
    """Whether the marker of ``requirement`` names the ``extra`` it is installed with."""
    if names_ignored_distribution(requirement.strip()):
        return False  # not ours: left to from_requirement, which drops it unparsed
    try:
        marker = Requirement(requirement).marker
    except InvalidRequirement:
        return False  # from_requirement reports it
    return marker is not None and _names_extra(marker)


def _names_extra(marker: Marker) -> bool:
    return re.search(r"\bextra\b", _QUOTED.sub("", str(marker))) is not None


# -- setuptools' requires.txt -----------------------------------------------------------------------


def _read_requires_txt(project: ProjectFiles, path: Path) -> list[Declared]:
    """``name>=1`` lines, then sections: ``[extra]`` and ``[extra:marker]`` skipped, ``[:marker]`` a branch."""
    text = project.read(path)
    if text is None:
        return []
    found: list[Declared] = []
    branch: str | None = None
    skipping = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            if not line.endswith("]"):
                project.problem(path, number, "not a section header ([extra:marker]), its lines are skipped")
                skipping = True
                continue
            extra, _, marker = line[1:-1].partition(":")
            marker = marker.strip()
            skipping = bool(extra.strip()) or (bool(marker) and not marker_applies(marker))
            branch = marker or None
            continue
        if not skipping:
            declared = from_requirement(project, line, path, number, branch)
            found += [declared] if declared is not None else []
    return found

"""One statement of a project about the version of a distribution the rules care about.

Every format (pyproject, requirements files, setup files, Pipfile, conda, lock
files) boils down to these records, so that precedence and intersection are
decided in one place (:mod:`.combine`) whatever the file said it in.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)

from pylint_hubcompat.target import releases
from pylint_hubcompat.target.detection.markers import marker_applies
from pylint_hubcompat.target.detection.project_files import ProjectFiles
from pylint_hubcompat.target.distributions import Alias, alias_for, leading_name, names_ignored_distribution
from pylint_hubcompat.target.model import FILE, Source

#: The ``distribution`` of a statement about the project's Python, whose specifier is over Python versions.
PYTHON = "python"
#: ``Programming Language :: Python :: 3.10``; ``:: 3``, ``:: 3 :: Only`` and ``:: Implementation ...`` say no minor.
_PYTHON_CLASSIFIER = re.compile(r"Programming Language\s*::\s*Python\s*::\s*(\d+\.\d+)")


class Declared(NamedTuple):
    """``distribution`` restricted to ``specifier`` at ``path:line``.

    ``distribution`` is one of the names :func:`.alias_for` gives, or :data:`PYTHON`
    for the project's own Python (made by :func:`declare_python` only).

    ``branch`` names the condition under which the statement holds (an
    environment marker, a Poetry ``python`` condition, one resolution fork of a
    lock file): statements of one branch are intersected, different branches
    are alternatives whose admitted releases are joined.
    """

    distribution: str
    specifier: SpecifierSet
    path: str
    line: int
    branch: str | None = None
    #: The published name (``tensorflow-gpu``): it decides which wheels and requirements apply.
    package: str = ""

    @property
    def source(self) -> Source:
        """``path:line``, as users see it."""
        return Source(FILE, self.path, self.line)


def nightly_specifier(distribution: str) -> SpecifierSet:
    """What a nightly build admits: something newer than the newest known release."""
    known = releases.known_releases(distribution)
    return SpecifierSet(f">{known[-1]}") if known else SpecifierSet()


def declare(
    files: ProjectFiles,
    name: str,
    specifier: SpecifierSet,
    path: Path,
    line: int,
    branch: str | None = None,
) -> Declared | None:
    """A record for ``name`` if it is one of the distributions the rules reason about."""
    alias = alias_for(name)
    if alias is None:
        return None
    if alias.nightly:
        specifier = nightly_specifier(alias.distribution)
    return Declared(alias.distribution, specifier, files.relative(path), line, branch, canonicalize_name(name))


def declare_python(
    files: ProjectFiles, specifier: SpecifierSet, path: Path, line: int, branch: str | None = None
) -> Declared:
    """The record of the Python versions the project runs on: ``specifier`` is over Python versions."""
    return Declared(PYTHON, specifier, files.relative(path), line, branch)


def from_python_requirement(files: ProjectFiles, text: str, path: Path, line: int, where: str) -> Declared | None:
    """The record for a ``requires-python`` / ``python_requires`` specifier written at ``where``.

    A value that is no specifier is recorded as a problem, named by ``where`` (the
    key) and never quoted.
    """
    try:
        specifier = SpecifierSet(text.strip())
    except InvalidSpecifier:
        files.problem(path, line, f"{where} is not a version specifier, skipped")
        return None
    return declare_python(files, specifier, path, line)


def from_classifiers(files: ProjectFiles, classifiers: Iterable[tuple[str, int]], path: Path) -> list[Declared]:
    """The Python minors of the ``Programming Language :: Python :: X.Y`` classifiers, given with their lines.

    Each minor is an alternative (``==X.Y.*`` in a branch ``classifier X.Y`` of its own);
    the other classifiers say nothing about a version.  A file's classifiers only count
    when the same file declares no Python requirement, which is the caller's to know.
    """
    found: dict[str, Declared] = {}
    for classifier, line in classifiers:
        matched = _PYTHON_CLASSIFIER.fullmatch(classifier.strip())
        if matched is not None and matched.group(1) not in found:
            minor = matched.group(1)
            found[minor] = declare_python(files, SpecifierSet(f"=={minor}.*"), path, line, f"classifier {minor}")
    return list(found.values())


def from_requirement(
    files: ProjectFiles, text: str, path: Path, line: int, branch: str | None = None
) -> Declared | None:
    """The record for one PEP 508 requirement string; a bad string is recorded as a problem.

    A string naming a distribution the rules ignore is dropped unparsed (see
    :func:`.names.names_ignored_distribution`), so the broken strings reported are
    those that may name one of ours.  A marker that holds on no common platform
    drops the requirement; one that may hold makes it a branch of its own
    (combined with ``branch`` if given).
    """
    text = text.strip()
    if names_ignored_distribution(text):
        return None
    try:
        requirement = Requirement(text)
    except InvalidRequirement as exc:
        files.problem(path, line, f"cannot parse requirement {_identified(text)}, skipped: {_first_line(exc)}")
        return None
    if alias_for(requirement.name) is None:
        return None
    if requirement.marker is not None:
        marker = str(requirement.marker)
        if not marker_applies(marker):
            return None
        branch = f"{branch} and {marker}" if branch else marker
    specifier = requirement.specifier
    if requirement.url:
        pinned = version_in_url(requirement.url)
        if pinned is None:
            return None  # a VCS checkout or a directory: no version to go by
        specifier = pinned
    return declare(files, requirement.name, specifier, path, line, branch)


def tracked_requirement(text: str) -> tuple[Requirement, Alias] | None:
    """``text`` as a requirement of a distribution the rules track, with its alias; None for any other text."""
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        return None
    alias = alias_for(requirement.name)
    return (requirement, alias) if alias is not None else None


def version_in_url(url: str, name: str | None = None) -> SpecifierSet | None:
    """``==X`` when ``url`` points at a wheel or sdist of version X (of ``name``, if given)."""
    filename = _filename(url)
    try:
        if filename.endswith(".whl"):
            found, version, _, _ = parse_wheel_filename(filename)
        else:
            found, version = parse_sdist_filename(filename)
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None
    if name is not None and alias_for(name) != alias_for(found):
        return None
    return SpecifierSet(f"=={version}")


def name_in_url(url: str) -> str | None:
    """The distribution a wheel or sdist URL installs, if its file name says."""
    filename = _filename(url)
    try:
        if filename.endswith(".whl"):
            return parse_wheel_filename(filename)[0]
        return parse_sdist_filename(filename)[0]
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None


def _filename(url: str) -> str:
    try:
        path = urlsplit(url).path
    except ValueError:  # e.g. "Invalid IPv6 URL" for a stray ``[``
        return ""
    return posixpath.basename(unquote(path))


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__


def _identified(text: str) -> str:
    """What a message may say of a line that does not parse: it may be anything (a secret, when an include
    points at one), so only our distributions' names are quoted."""
    name = leading_name(text)
    return name if name and alias_for(name) else "line"

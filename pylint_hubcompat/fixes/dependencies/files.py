"""The project's own dependency files, as the fixers that edit them find them.

A version comes from somewhere (:class:`~pylint_hubcompat.target.model.Source`): a
line of a file the project writes by hand is edited there, in its own format
(:mod:`.requirement_lines`, :mod:`.toml_dependencies`).  What a lock file, the
environment pylint runs in, an option or a notebook decides is not edited: a lock
must be written again by its tool, and the others are no file of the project.  A
project with a lock file gets no edit of its declarations either: the lock would
then be stale, and ``uv sync --locked`` or ``poetry install`` would refuse it.

Formats edited: pip requirements files (``requirements*.txt``, ``requirements/*.txt``
and the files they, ``setup.cfg`` or ``pyproject.toml`` include), ``pyproject.toml``
(PEP 621 and 735 lists, Poetry's tables) and ``setup.cfg``'s requirement lists.
``setup.py``, ``Pipfile``, conda environments and packaged metadata are not.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet

from pylint_hubcompat.files.text_edits import Edit, overlaps
from pylint_hubcompat.fixes.context import FixContext
from pylint_hubcompat.fixes.dependencies import requirement_lines, toml_dependencies
from pylint_hubcompat.fixes.dependencies.dependency_file import DependencyFile, Respecified
from pylint_hubcompat.fixes.dependencies.specifier_edits import Respecification
from pylint_hubcompat.target.detection.locks import lock_file_names
from pylint_hubcompat.target.detection.packaged import is_packaged_metadata
from pylint_hubcompat.target.detection.requirements import MAX_INCLUDE_DEPTH, logical_lines
from pylint_hubcompat.target.model import FILE, Source, Target

Respecifier = Callable[[DependencyFile, int, Respecification], "Respecified | None"]
Adder = Callable[[DependencyFile, int, str, str], "tuple[Edit, ...] | None"]
#: Files of other formats that may name a version: never edited as requirements files.
_OTHER_FORMATS = frozenset({"setup.py", "Pipfile", "environment.yml", "environment.yaml", "PKG-INFO", "METADATA"})
_INCLUDES = {"-r": False, "--requirement": False, "-c": True, "--constraint": True}


class Narrowed(NamedTuple):
    """The edits that narrow every declaration of a distribution, and what they then admit together."""

    edits: tuple[Edit, ...]
    specifier: SpecifierSet
    sources: tuple[Source, ...]


def require(context: FixContext, requirement: str) -> tuple[Edit, ...]:
    """The edits that add ``requirement`` (``"tf-keras"``, ``"tf-keras>=2.16"``) beside the project's tensorflow.

    It goes on a line of its own after the first declaration of tensorflow the
    project writes by hand in a format edited here, in the same list (the same
    requirements file, the same ``pyproject.toml`` array or Poetry table).  ``()``
    when tensorflow is declared in no such file (or only under a marker, or in a
    constraints file, or a lock file, an option or the environment decides it),
    when that list already names the distribution, or when ``requirement`` is no
    PEP 508 requirement.
    """
    try:
        Requirement(requirement)
    except InvalidRequirement:
        return ()
    return add_beside(context.target, "tensorflow", requirement) or ()


def declarations(target: Target, distribution: str) -> tuple[Source, ...] | None:
    """Where the project's own files declare ``distribution``: ``()`` where nothing does.

    None when something else decides its version: a lock file, an option, a notebook's
    pin or the environment pylint runs in.  A bare name (``tensorflow`` with no
    version) is a declaration too.
    """
    for constraint in target.inputs.declared:
        if constraint.distribution == distribution:
            if constraint.locked or any(source.kind != FILE for source in constraint.sources):
                return None
            return constraint.sources
    named = dict(target.inputs.unversioned).get(distribution, ())
    return named if named and all(source.kind == FILE for source in named) else ()


def narrow(target: Target, narrowing: Respecification) -> Narrowed | None:
    """Every declaration of ``narrowing.distribution`` narrowed (or moved), each in its own file and line.

    None if any cannot be.

    One declaration under a marker may be narrowed; several, one of them
    conditional, are alternatives whose conditions no edit can weigh.
    """
    sources = declarations(target, narrowing.distribution)
    if not sources or target.root is None or has_lock(target.root):
        return None
    results = []
    for source in sources:
        result = _respecify(target.root, source, narrowing)
        if result is None:
            return None
        results.append(result)
    if len(results) > 1 and any(result.conditional for result in results):
        return None
    edits = tuple(dict.fromkeys(edit for result in results for edit in result.edits))
    if any(overlaps(a, b) for index, a in enumerate(edits) for b in edits[index + 1 :]):
        return None
    specifier = SpecifierSet()
    for result in results:
        specifier &= result.specifier
    return Narrowed(edits, specifier, sources)


def add_beside(target: Target, anchor: str, requirement: str) -> tuple[Edit, ...] | None:
    """``requirement`` on a line of its own after the first declaration of ``anchor`` that can take it.

    One can where it is written in a format edited here, in a list that installs (not a
    constraints file), without a marker (the new requirement would hold where the
    anchor does not).  ``()`` when that list names the distribution already; None when
    no declaration can take it, or something else than the project's files decides
    ``anchor`` (:func:`declarations`), or the project has a lock file.
    """
    sources = declarations(target, anchor)
    if not sources or target.root is None or has_lock(target.root):
        return None
    for source in sources:
        adder = _adder(target.root, source.file)
        file = DependencyFile.read(target.root, source.file) if adder is not None else None
        edits = adder(file, source.line, anchor, requirement) if adder is not None and file is not None else None
        if edits is not None:
            return edits
    return None


def has_lock(root: Path) -> bool:
    """Whether the project at ``root`` has a lock file, which would be stale once its declarations change."""
    try:
        return bool(lock_file_names(tuple(os.listdir(root))))
    except OSError:
        return True


def _respecify(root: Path, source: Source, narrowing: Respecification) -> Respecified | None:
    respecifier = _respecifier(root, source.file)
    file = DependencyFile.read(root, source.file) if respecifier is not None else None
    if respecifier is None or file is None:
        return None
    return respecifier(file, source.line, narrowing)


def _respecifier(root: Path, relative: str) -> Respecifier | None:
    """How a declaration in the file is narrowed, by its kind; None for a file not edited here."""
    if relative == "pyproject.toml":
        return toml_dependencies.respecify_toml
    if relative == "setup.cfg":
        return requirement_lines.respecify_cfg
    if _is_requirements_file(root, relative):
        return requirement_lines.respecify_requirement
    return None


def _adder(root: Path, relative: str) -> Adder | None:
    """How a requirement is added beside a declaration in the file; a constraints file installs nothing."""
    if relative == "pyproject.toml":
        return toml_dependencies.add_toml_requirement
    if relative == "setup.cfg":
        return requirement_lines.add_cfg_requirement
    if _is_requirements_file(root, relative) and not _constraints_only(root, relative):
        return requirement_lines.add_requirement
    return None


def _is_requirements_file(root: Path, relative: str) -> bool:
    name = relative.rsplit("/", 1)[-1]
    if name in _OTHER_FORMATS or is_packaged_metadata(relative) or lock_file_names((name,)):
        return False
    return name.endswith((".txt", ".in")) and os.path.isfile(os.path.join(root, relative))


def _constraints_only(root: Path, relative: str) -> bool:
    """Whether the requirements files reach ``relative`` through ``-c`` alone: it constrains, it installs nothing."""
    target = os.path.normpath(os.path.join(root, relative))
    starts = [root / name for name in _listing(root) if name.startswith("requirements") and name.endswith(".txt")]
    starts += [root / "requirements" / name for name in _listing(root / "requirements") if name.endswith(".txt")]
    if any(os.path.normpath(path) == target for path in starts):
        return False
    pending = [(os.path.normpath(path), 0) for path in starts]
    seen: set[str] = set()
    constrained = False
    while pending:
        path, depth = pending.pop()
        if path in seen or depth >= MAX_INCLUDE_DEPTH:
            continue
        seen.add(path)
        for included, constraint in _includes(path):
            if included == target and not constraint:
                return False
            constrained = constrained or included == target
            if not constraint:
                pending.append((included, depth + 1))
    return constrained


def _includes(path: str) -> list[tuple[str, bool]]:
    """The files a requirements file includes, each with whether it is a constraints file (``-c``)."""
    file = DependencyFile.read(Path(os.path.dirname(path)), os.path.basename(path))
    found = []
    for _, line in logical_lines(file.text if file is not None else ""):
        try:
            words = shlex.split(line)
        except ValueError:
            continue
        included = _included(words)
        if included is not None:
            found.append((os.path.normpath(os.path.join(os.path.dirname(path), included[0])), included[1]))
    return found


def _included(words: list[str]) -> tuple[str, bool] | None:
    """The file of a ``-r``/``-c`` line in any of pip's spellings, and whether it is ``-c``."""
    for option, constraint in _INCLUDES.items():
        if words and words[0] == option and len(words) > 1:
            return words[1], constraint
        glued = option + "=" if option.startswith("--") else option
        if words and words[0].startswith(glued) and len(words[0]) > len(glued):
            return words[0][len(glued) :], constraint
    return None


def _listing(directory: Path) -> list[str]:
    try:
        return sorted(os.listdir(directory)) if directory.is_dir() else []
    except OSError:
        return []

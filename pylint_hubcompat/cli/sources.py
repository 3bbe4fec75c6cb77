"""Which files ``hubcompat check`` lints: every Python file and notebook under the paths given.

pylint's own ``--recursive=y`` enters a folder without ``__init__.py`` only outside a
package, so the scripts research code keeps in ``scripts/`` or ``experiments/``
inside one are never linted.  ``hubcompat check`` expands directories itself, as
ruff does, into explicit files (``.py``, ``.pyi``, ``.ipynb``), and leaves out:

* hidden directories and files (``.git``, ``.venv``, ``.tox``, ``.ipynb_checkpoints``),
  ``__pycache__``, and installed code: any directory holding ``pyvenv.cfg`` (a virtual
  environment of any name) and ``site-packages`` / ``dist-packages``;
* what pylint's ``--ignore`` (base names), ``--ignore-patterns`` (base-name regexes)
  and ``--ignore-paths`` (path regexes) exclude, given paths included, as pylint does;
* what the repository's ``.gitignore`` files exclude (:mod:`.gitignore`), unless
  ``respect_gitignore`` is off;
* what is not a regular file: a FIFO would block a reader forever, a dangling link
  or a link loop cannot be read.

A path given by name is never left out for its name or the ignore files (asked for,
it is linted), only by pylint's options, as pylint would.  Every file left out is
recorded with its reason, and so is every directory not entered.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from re import Pattern

from pylint_hubcompat.cli.gitignore import GitIgnore
from pylint_hubcompat.notebooks import SUFFIX

#: What ``hubcompat check`` lints in a directory: Python modules, stubs and Jupyter notebooks.
SUFFIXES = (".py", ".pyi", SUFFIX)
#: Installed packages, inside a virtual environment or a system Python.
INSTALLED = frozenset({"site-packages", "dist-packages"})
#: A file or directory whose name starts with a dot (``..`` is not a name that occurs).
HIDDEN = re.compile(r"^\.[^.]")

#: Why a file was left out, as the summary counts it.
GITIGNORED = "gitignored"
IGNORED = "ignored by pylint's --ignore options"
HIDDEN_FILE = "hidden"
NOT_REGULAR = "not a regular file"
NOT_PYTHON = "notebook of another language"
#: Why a directory was not entered, beyond the names of :func:`_directory_reason`.
LINKED_DIRECTORY = "a link to a directory (links are not followed)"
UNREADABLE_DIRECTORY = "cannot be read"


@dataclass(frozen=True)
class Skipped:
    """A path left out, and why, in words shown after it."""

    path: str
    #: Why, as the summary counts it: one of the reasons above for a file.
    reason: str
    #: Whether it is a directory that was not entered (its files are not counted).
    directory: bool = False
    #: Why, in full, when it says more than ``reason`` (which ignore file, which language).
    detail: str = ""

    @property
    def why(self) -> str:
        return self.detail or self.reason


@dataclass
class Found:
    """The files to lint, in a stable order, and what was left out."""

    files: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def skipped_files(self) -> list[Skipped]:
        return [s for s in self.skipped if not s.directory]


@dataclass(frozen=True)
class Ignores:
    """pylint's ignore options, as it reads them: base names, base-name regexes, path regexes."""

    names: Sequence[str] = ("CVS",)
    patterns: Sequence[Pattern[str]] = (re.compile(r"^\.#"),)
    paths: Sequence[Pattern[str]] = ()

    def match(self, path: str) -> bool:
        """pylint's ``_is_ignored_file``: the base name of the absolute path, or the normalised path."""
        name = os.path.basename(os.path.abspath(path))
        normal = os.path.normpath(path)
        return (
            name in self.names or any(p.match(name) for p in self.patterns) or any(p.match(normal) for p in self.paths)
        )


def discover(paths: Iterable[str], ignores: Ignores = Ignores(), *, respect_gitignore: bool = True) -> Found:
    """Every file to lint under ``paths`` (files and directories), each once, and what was left out."""
    found = Found()
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.normpath(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    for top in paths:
        if ignores.match(top):
            found.skipped.append(Skipped(top, IGNORED, directory=os.path.isdir(top)))
        elif os.path.isdir(top):
            rules = _rules_above(top) if respect_gitignore else None
            _walk(top, ignores, rules, found, add)
        elif not _is_regular(top):
            found.skipped.append(Skipped(top, NOT_REGULAR))
        else:
            add(top)
    return found


def _rules_above(top: str) -> GitIgnore:
    """The ignore files of the repository above ``top``, unless they exclude ``top`` itself (it was asked for)."""
    rules = GitIgnore.above(top)
    return GitIgnore() if rules.excluded_by(top, is_directory=True) else rules


def _walk(top: str, ignores: Ignores, rules: GitIgnore | None, found: Found, add: Callable[[str], None]) -> None:
    # A link to a directory is never followed: no loop, and nothing outside the tree.
    stack = [(top, rules.entering(top) if rules is not None else None)]
    while stack:
        directory, here = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            found.skipped.append(Skipped(directory, UNREADABLE_DIRECTORY, directory=True))
            continue
        subdirectories = []
        for entry in entries:
            path = os.path.join(directory, entry.name)
            if _is_directory(entry):
                reason = _directory_reason(entry.name, path, ignores, here)
                if reason is None:
                    subdirectories.append(path)
                else:
                    found.skipped.append(Skipped(path, reason, directory=True))
            elif entry.is_symlink() and os.path.isdir(path) and not entry.name.endswith(SUFFIXES):
                found.skipped.append(Skipped(path, LINKED_DIRECTORY, directory=True))
            elif entry.name.endswith(SUFFIXES):
                reason = _file_reason(entry, path, ignores, here)
                if reason is None:
                    add(path)
                else:
                    found.skipped.append(_skipped_file(path, reason))
        # Depth first, in name order: files of a directory, then its subdirectories.
        stack.extend((d, here.entering(d) if here is not None else None) for d in reversed(subdirectories))


def _directory_reason(name: str, path: str, ignores: Ignores, rules: GitIgnore | None) -> str | None:
    """Why the directory ``path`` is not entered; None if it is."""
    if name == "__pycache__":
        return "bytecode cache"
    if name == ".ipynb_checkpoints":
        return "notebook checkpoints"
    if HIDDEN.match(name):
        return "hidden"
    if name in INSTALLED:
        return "installed packages"
    if os.path.isfile(os.path.join(path, "pyvenv.cfg")):
        return "a virtual environment (pyvenv.cfg)"
    if ignores.match(path):
        return IGNORED
    source = rules.excluded_by(path, is_directory=True) if rules is not None else None
    return f"{GITIGNORED} by {source}" if source else None  # a directory's reason is all detail


def _file_reason(entry: os.DirEntry[str], path: str, ignores: Ignores, rules: GitIgnore | None) -> str | None:
    """Why the file ``path`` is left out; None if it is linted."""
    if HIDDEN.match(entry.name):
        return HIDDEN_FILE
    if ignores.match(path):
        return IGNORED
    source = rules.excluded_by(path, is_directory=False) if rules is not None else None
    if source:
        return f"{GITIGNORED} by {source}"
    if not _is_regular(path):
        return NOT_REGULAR
    return None


def _skipped_file(path: str, why: str) -> Skipped:
    """``why`` counted under its reason: ``gitignored by a/.gitignore`` is ``gitignored``."""
    reason = GITIGNORED if why.startswith(GITIGNORED) else why
    return Skipped(path, reason, detail="" if why == reason else why)


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_regular(path: str) -> bool:
    """A regular file, links followed; a FIFO, a device, a dangling link or a loop is not."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False

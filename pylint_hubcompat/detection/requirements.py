"""pip requirements files: ``requirements*.txt``, ``requirements/*.txt`` and what they include.

pip's own parser is not a library, so the file-level syntax (line
continuations, comments, options, ``-r``/``-c`` includes) follows pip's
``req_file.py`` rules, and every requirement that may name one of our
distributions is parsed by ``packaging.requirements.Requirement``.  Options
that do not name versions (indexes, ``-e``, ``--hash``...) are skipped; so are
VCS and directory lines, which carry no version.  Includes are resolved relative to the including file;
a file is read once however often it is included, so cycles are harmless.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

from pylint_hubcompat.detection.declared import Declared, declare, from_requirement, name_in_url, version_in_url
from pylint_hubcompat.detection.files import ProjectFiles

_COMMENT = re.compile(r"(^|\s+)#.*$")
_INCLUDES = {"-r": "requirement", "--requirement": "requirement", "-c": "constraint", "--constraint": "constraint"}


def read_requirement_files(files: ProjectFiles) -> list[Declared]:
    """Everything the root's requirements files (and their includes) say about our distributions."""
    paths = [files.root / name for name in files.names if name.startswith("requirements") and name.endswith(".txt")]
    folder = files.at_root("requirements")
    if folder is not None and folder.is_dir():
        try:
            paths += sorted(p for p in folder.iterdir() if p.name.endswith(".txt"))
        except OSError as exc:
            files.problem(folder, 1, f"cannot list: {exc.strerror or exc}")
    reader = RequirementsReader(files)
    for path in paths:
        reader.read(path)
    return reader.found


class RequirementsReader:
    """Reads requirements files and follows their includes, each file once."""

    def __init__(self, files: ProjectFiles) -> None:
        self.files = files
        self.found: list[Declared] = []
        self._seen: set[str] = set()

    def read(self, path: Path) -> None:
        """Read ``path`` and what it includes, unless it was read already."""
        real = self.files.realpath(path)
        if real in self._seen:
            return
        self._seen.add(real)
        text = self.files.read(path)
        if text is None:
            return
        for number, line in logical_lines(text):
            self.line(path, number, line)

    def line(self, path: Path, number: int, line: str) -> None:
        """One logical line: an option, an include, a URL or path, or a requirement."""
        if line.startswith("-"):
            self._option(path, number, line)
            return
        requirement, _options = _split_options(line)
        if _is_url_or_path(requirement):
            self._url(path, number, requirement)
            return
        found = from_requirement(self.files, requirement, path, number)
        if found is not None:
            self.found.append(found)

    def _option(self, path: Path, number: int, line: str) -> None:
        try:
            words = shlex.split(line, comments=False, posix=True)
        except ValueError as exc:
            self.files.problem(path, number, f"cannot parse option line, skipped: {exc}")
            return
        included = _included(words)
        if included is None:
            return  # -e, --index-url, --hash... say nothing about versions
        kind, target = included
        if not target:
            self.files.problem(path, number, f"{words[0]} names no file, skipped")
        elif "://" in target:
            self.files.problem(path, number, f"remote {kind} file {target} is not fetched, skipped")
        else:
            include = Path(path).parent / target
            if not os.path.lexists(include):
                self.files.problem(path, number, f"included {kind} file {target} does not exist, skipped")
            else:
                self.read(include)

    def _url(self, path: Path, number: int, location: str) -> None:
        # A wheel or sdist names its version; a VCS checkout or a directory does not.
        name = name_in_url(location)
        specifier = version_in_url(location)
        if name is not None and specifier is not None:
            found = declare(self.files, name, specifier, path, number)
            if found is not None:
                self.found.append(found)


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """``(first line number, line)`` after joining continuations and dropping comments, as pip does."""
    joined: list[str] = []
    first = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.endswith("\\") and not _COMMENT.match(line):
            if not joined:
                first = number
            joined.append(line[:-1])
            continue
        if joined:
            joined.append(line if not _COMMENT.match(line) else " " + line)
            line, number = "".join(joined), first
            joined = []
        yield from _without_comment(number, line)
    if joined:
        yield from _without_comment(first, "".join(joined))


def _without_comment(number: int, line: str) -> Iterator[tuple[int, str]]:
    line = _COMMENT.sub("", line).strip()
    if line:
        yield number, line


def _included(words: list[str]) -> tuple[str, str] | None:
    """``(kind, file)`` for ``-r``/``-c`` in any of pip's spellings, else ``None``."""
    if not words:
        return None
    first = words[0]
    if first in _INCLUDES:
        return _INCLUDES[first], words[1] if len(words) > 1 else ""
    for option, kind in _INCLUDES.items():
        if option.startswith("--") and first.startswith(option + "="):
            return kind, first[len(option) + 1 :]
        if not option.startswith("--") and first.startswith(option):
            return kind, first[len(option) :]
    return None


def _split_options(line: str) -> tuple[str, str]:
    """pip's ``break_args_options``: the requirement, then per-requirement options (``--hash``)."""
    words = line.split(" ")
    for index, word in enumerate(words):
        if word.startswith("-"):
            return " ".join(words[:index]), " ".join(words[index:])
    return line, ""


def _is_url_or_path(requirement: str) -> bool:
    first = requirement.split(";", 1)[0].strip()
    if "@" in first.split("://", 1)[0]:
        return False  # ``name @ url`` is a PEP 508 requirement
    return "://" in first or first.startswith((".", "/", "~", "file:")) or first.endswith((".whl", ".tar.gz", ".zip"))

"""pip requirements files: ``requirements*.txt``, ``requirements/*.txt`` and what they include.

pip's own parser is not a library, so the file-level syntax (line
continuations, comments, options, ``-r``/``-c`` includes) follows pip's
``req_file.py`` rules, and every requirement that may name one of our
distributions is parsed by ``packaging.requirements.Requirement``.  Options
that do not name versions (indexes, ``-e``, ``--hash``...) are skipped; so are
VCS and directory lines, which carry no version.  Includes are resolved relative to the including file,
never outside the project (:meth:`.ProjectFiles.refusal`); a file is read once however often it is
included, so cycles are harmless, and chains deeper than :data:`MAX_INCLUDE_DEPTH` are not followed.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

from pylint_hubcompat.target.detection.declared import Declared, declare, from_requirement, name_in_url, version_in_url
from pylint_hubcompat.target.detection.markers import marker_applies
from pylint_hubcompat.target.detection.project_files import ProjectFiles

_COMMENT = re.compile(r"(^|\s+)#.*$")
_INCLUDES = {"-r": "requirement", "--requirement": "requirement", "-c": "constraint", "--constraint": "constraint"}
#: Files included from one another, counting the first; real projects nest two or three.
MAX_INCLUDE_DEPTH = 50


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
    """Reads requirements files and follows their includes, each file once.

    Includes are followed with a stack of the files being read, not by recursion:
    a chain of thousands of ``-r`` files is a config problem, not a RecursionError.
    """

    def __init__(self, files: ProjectFiles) -> None:
        self.files = files
        self.found: list[Declared] = []
        self._seen: set[str] = set()

    def read(self, path: Path) -> None:
        """Read ``path`` and what it includes, unless it was read already."""
        self._follow(path, depth=0)

    def include(self, origin: Path, number: int, target: str, kind: str = "requirement") -> None:
        """Read the file ``target`` that ``origin`` names at line ``number`` (``-r``, ``file:``...) and its includes."""
        include = self._included(origin, number, target, kind)
        if include is not None:
            self._follow(include, depth=1)

    def line(self, path: Path, number: int, line: str) -> None:
        """One logical line: an option, an include, a URL or path, or a requirement."""
        include = self._line(path, number, line)
        if include is not None:
            self._follow(include, depth=1)

    def _follow(self, path: Path, depth: int) -> None:
        reading: list[tuple[Path, Iterator[tuple[int, str]]]] = []
        opened = self._open(path)
        if opened is not None:
            reading.append((path, opened))
        while reading:
            current, lines = reading[-1]
            for number, line in lines:
                include = self._line(current, number, line)
                if include is None:
                    continue
                if depth + len(reading) >= MAX_INCLUDE_DEPTH:
                    shown = self.files.relative(include)
                    self.files.problem(
                        current, number, f"included file {shown} is not read: more than {MAX_INCLUDE_DEPTH} files deep"
                    )
                    continue
                opened = self._open(include)
                if opened is not None:
                    reading.append((include, opened))
                    break
            else:
                reading.pop()

    def _open(self, path: Path) -> Iterator[tuple[int, str]] | None:
        real = self.files.realpath(path)
        if real in self._seen:
            return None
        self._seen.add(real)
        text = self.files.read(path)
        return None if text is None else logical_lines(text)

    def _line(self, path: Path, number: int, line: str) -> Path | None:
        """Take one logical line; the file it includes, if it includes one that may be read."""
        if line.startswith("-"):
            return self._option(path, number, line)
        requirement, _options = _split_options(line)
        if _is_url_or_path(requirement):
            self._url(path, number, requirement)
            return None
        found = from_requirement(self.files, requirement, path, number)
        if found is not None:
            self.found.append(found)
        return None

    def _option(self, path: Path, number: int, line: str) -> Path | None:
        try:
            words = shlex.split(line, comments=False, posix=True)
        except ValueError as exc:
            self.files.problem(path, number, f"cannot parse option line, skipped: {exc}")
            return None
        included = _included(words)
        if included is None:
            return None  # -e, --index-url, --hash... say nothing about versions
        kind, target = included
        if not target:
            self.files.problem(path, number, f"{words[0]} names no file, skipped")
            return None
        return self._included(path, number, target, kind)

    def _included(self, origin: Path, number: int, target: str, kind: str) -> Path | None:
        """The file ``target`` names, relative to ``origin``, if it may be read; else the problem is recorded."""
        if "://" in target:
            self.files.problem(origin, number, f"remote {kind} file {target} is not fetched, skipped")
            return None
        include = Path(origin).parent / target
        refusal = self.files.refusal(include)
        if refusal is not None:
            self.files.problem(origin, number, f"included {kind} file {target} is not read: {refusal}")
            return None
        if not os.path.lexists(include):
            self.files.problem(origin, number, f"included {kind} file {target} does not exist, skipped")
            return None
        return include

    def _url(self, path: Path, number: int, location: str) -> None:
        # pip's rule: after a URL a marker follows "; " (a URL may hold a ";"), after a path ";".
        location, _, marker = location.partition("; " if "://" in location else ";")
        marker = marker.strip()
        if marker and not marker_applies(marker):
            return
        # A wheel or sdist names its version; a VCS checkout or a directory does not.
        name = name_in_url(location.strip())
        specifier = version_in_url(location.strip())
        if name is not None and specifier is not None:
            found = declare(self.files, name, specifier, path, number, marker or None)
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
            yield from _without_comment(first, "".join(joined))
            joined = []
            continue
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

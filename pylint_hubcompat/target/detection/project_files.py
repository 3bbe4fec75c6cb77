"""Reading a project's configuration files without ever being hurt by them.

The files belong to the user and may be anything: huge, undecodable, a FIFO, a
symlink loop, a symlink to somewhere outside the project.  Every failure becomes a
:class:`~pylint_hubcompat.target.model.ConfigProblem` and the file is skipped, so that
detection goes on with the other sources instead of crashing pylint or guessing.

Nothing outside the project is read, however it is reached (an include such as
``-r ../../etc/shadow``, a symlink): a pull request must not be able to make the
linter print another file of the CI machine.  A sub-project may include its
repository's shared files, so "the project" is the repository the root is in
(the nearest directory at or above it with ``.git`` or ``.hg``), or the root
itself outside one.  Messages quote a file's contents only through
:func:`~pylint_hubcompat.files.redact.redact`, and a file gets its first
:data:`PROBLEMS_PER_FILE` problems and then their count.

Reads and TOML parses are cached by real path, modification time and size: a file
shared by several project roots (a monorepo's common requirements) is read once
per run, and an edited file is read again in a long-lived process (an IDE).

While :func:`standing_in` holds, some files are read as holding other bytes than
their own: ``hubcompat fix`` lints its edits of a ``pyproject.toml`` before (or
without) writing them.
"""

from __future__ import annotations

import configparser
import contextlib
import functools
import os
import re
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pylint_hubcompat.files import reading
from pylint_hubcompat.files.redact import redact
from pylint_hubcompat.files.toml import tomllib
from pylint_hubcompat.target.model import FILE, ConfigProblem, Source

#: Hand-written configuration is small; anything bigger is not a configuration file.
MAX_CONFIG_BYTES = 4 * 1024 * 1024
#: Lock files of large projects run to several megabytes.
MAX_LOCK_BYTES = 64 * 1024 * 1024
#: Problems reported one by one per file; the others are counted.
PROBLEMS_PER_FILE = 5
#: What makes a directory the top of a repository.
_REPOSITORY_MARKERS = (".git", ".hg")


class ProjectFiles:
    """The configuration files of one project root, and the problems met reading them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._real_root = os.path.realpath(root)
        self._boundary: str | None = None
        self._realpaths: dict[str, str] = {}
        self._problems: dict[tuple[str, int, str], None] = {}
        #: Per file: how many problems were met, and the line of the first one not shown.
        self._counts: dict[str, int] = {}
        self._hidden: dict[str, int] = {}
        try:
            self.names: tuple[str, ...] = tuple(sorted(os.listdir(root)))
        except OSError as exc:
            self.names = ()
            self.problem(root, 1, f"cannot list the project root: {_reason(exc)}")

    @property
    def problems(self) -> tuple[ConfigProblem, ...]:
        """What was skipped, in the order it was met, and how many more problems each file has."""
        shown = [ConfigProblem(path, line, message) for path, line, message in self._problems]
        for where, line in self._hidden.items():
            more = self._counts[where] - PROBLEMS_PER_FILE
            shown.append(ConfigProblem(where, line, f"and {more:,} more problem{'s' if more > 1 else ''} in {where}"))
        return tuple(shown)

    def problem(self, path: Path | str, line: int, message: str) -> None:
        """Record that ``path`` (at ``line``) was skipped, and why; the same problem is kept once.

        ``path`` is a path, or a string already relative to the root.
        """
        where = self.relative(path) if isinstance(path, Path) else path
        recorded = (where, max(line, 1), redact(message))
        if recorded in self._problems:
            return
        count = self._counts[where] = self._counts.get(where, 0) + 1
        if count <= PROBLEMS_PER_FILE:
            self._problems[recorded] = None
        else:
            self._hidden.setdefault(where, recorded[1])

    def relative(self, path: Path) -> str:
        """``path`` as the user knows it: relative to the root, with forward slashes."""
        try:
            text = os.path.relpath(path, self.root)
        except ValueError:  # another drive on Windows
            return str(path)
        return "." if text == os.curdir else text.replace(os.sep, "/")

    def source(self, path: Path, line: int) -> Source:
        """Line ``line`` of ``path`` as the place a version or a setting came from."""
        return Source(FILE, self.relative(path), line)

    def realpath(self, path: Path | str) -> str:
        """``os.path.realpath(path)``, worked out once per path and detection.

        It costs an ``lstat`` per path component, and each file is resolved to
        follow includes once, to check it stays in the root and to key the caches.
        """
        given = os.fspath(path)
        real = self._realpaths.get(given)
        if real is None:
            real = self._realpaths[given] = os.path.realpath(given)
        return real

    def at_root(self, name: str) -> Path | None:
        """``root/name`` if the root holds an entry of that name."""
        return self.root / name if name in self.names else None

    def refusal(self, path: Path) -> str | None:
        """Why ``path`` may not be read (it lies outside the project, or in ``/proc``), or ``None``."""
        if "\0" in os.fspath(path):
            return "no file name holds a NUL character"  # every os call would raise ValueError
        real = self.realpath(path)
        if reading.is_system_path(real):
            return "a system file, not part of a project"
        if _inside(real, self._real_root) or _inside(real, self.boundary):
            return None
        if real != os.path.normpath(os.path.abspath(path)):
            return "it is a symlink that leads out of the project"
        return "it is outside the project"

    @property
    def boundary(self) -> str:
        """The real path of the directory nothing is read outside of: the root's repository, or the root."""
        if self._boundary is None:
            self._boundary = self._real_root
            for directory in (self._real_root, *map(str, Path(self._real_root).parents)):
                if any(os.path.lexists(os.path.join(directory, name)) for name in _REPOSITORY_MARKERS):
                    self._boundary = directory
                    break
        return self._boundary

    def read(self, path: Path, *, limit: int = MAX_CONFIG_BYTES) -> str | None:
        """The text of ``path``, or ``None`` after recording why it cannot be used."""
        cache_key = self._cache_key(path, limit)
        if cache_key is None:
            return None
        text, error = _read_text(*cache_key)
        if error is not None:
            self.problem(path, 1, error)
            return None
        return text

    def read_bytes(self, path: Path, *, limit: int = MAX_CONFIG_BYTES) -> bytes | None:
        """The bytes of ``path`` (big lock files are scanned without decoding them whole)."""
        cache_key = self._cache_key(path, limit)
        if cache_key is None:
            return None
        data, error = _read_bytes(*cache_key)
        if error is not None:
            self.problem(path, 1, error)
            return None
        return data

    def _cache_key(self, path: Path, limit: int) -> tuple[str, tuple[int, int, int], int] | None:
        """The cache key of a file that may be read, or ``None`` after recording why not."""
        refusal = self.refusal(path)
        if refusal is not None:
            self.problem(path, 1, f"skipped: {refusal}")
            return None
        standing = _STANDING_IN.get(self.realpath(path))
        if standing is not None:
            return self.realpath(path), (_STANDS_IN, hash(standing), len(standing)), limit
        try:
            info = os.stat(path)
        except OSError as exc:
            self.problem(path, 1, f"cannot read: {_reason(exc)}")
            return None
        if not stat.S_ISREG(info.st_mode):
            self.problem(path, 1, "skipped: not a regular file")
            return None
        if info.st_size > limit:
            self.problem(path, 1, f"skipped: {reading.too_big(info.st_size, limit)}")
            return None
        # inode, modification time and size tell an edited file from the one read before
        return self.realpath(path), (info.st_ino, info.st_mtime_ns, info.st_size), limit

    def toml(self, path: Path, *, limit: int = MAX_CONFIG_BYTES) -> tuple[dict[str, Any], str] | None:
        """The parsed TOML document and its text, or ``None`` after recording the problem."""
        text = self.read(path, limit=limit)
        if text is None:
            return None
        data, error, line = _parse_toml(text)
        if error is not None:
            self.problem(path, line, f"not valid TOML, skipped: {error}")
            return None
        return data, text

    def ini(self, path: Path) -> tuple[configparser.ConfigParser, str] | None:
        """The parsed INI file (``setup.cfg``, ``tox.ini``...) and its text, or ``None`` after recording the problem."""
        text = self.read(path)
        if text is None:
            return None
        parser, error, line = _parse_ini(text)
        if parser is None:
            self.problem(path, line, f"not a valid INI file, skipped: {error}")
            return None
        return parser, text


def _inside(real_path: str, directory: str) -> bool:
    try:
        return os.path.commonpath([real_path, directory]) == directory
    except ValueError:  # another drive on Windows
        return False


@functools.lru_cache(maxsize=256)
def _read_bytes(real_path: str, version: tuple[int, int, int], limit: int) -> tuple[bytes, str | None]:
    if version[0] == _STANDS_IN and real_path in _STANDING_IN:
        data = _STANDING_IN[real_path]
        return (data, None) if len(data) <= limit else (b"", f"skipped: {reading.too_big(len(data), limit)}")
    try:
        return reading.read_bytes(real_path, limit, real_path=real_path), None
    except reading.UnreadableFile as exc:
        return b"", str(exc)


@functools.lru_cache(maxsize=256)
def _read_text(real_path: str, version: tuple[int, int, int], limit: int) -> tuple[str, str | None]:
    data, error = _read_bytes(real_path, version, limit)
    if error is not None:
        return "", error
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return "", f"cannot read: not UTF-8 text (byte {exc.start})"


@functools.lru_cache(maxsize=64)
def _parse_toml(text: str) -> tuple[dict[str, Any], str | None, int]:
    try:
        return tomllib.loads(text), None, 0
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        if found:
            return {}, str(exc), int(found.group(1))
        return {}, str(exc), text.count("\n") + 1 if "end of document" in str(exc) else 1
    except RecursionError:
        return {}, "nested too deeply", 1


@functools.lru_cache(maxsize=64)
def _parse_ini(text: str) -> tuple[configparser.ConfigParser | None, str | None, int]:
    # Values such as ``%`` in URLs are data, and duplicated sections happen in real files.
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None)
        errors: list[tuple[int, str]] = getattr(exc, "errors", [])  # ParsingError: (line, text) pairs
        if line is None and errors:
            line = errors[0][0]
        return None, str(exc).splitlines()[0], int(line or 1)
    return parser, None, 0


#: Real path -> the bytes a file is read as holding, while :func:`standing_in` holds.
_STANDING_IN: dict[str, bytes] = {}
#: The first part of the cache key of such a file (no inode is negative).
_STANDS_IN = -1


@contextlib.contextmanager
def standing_in(contents: Mapping[str, bytes]) -> Iterator[None]:
    """Read these files (any path, resolved) as holding these bytes until the block ends."""
    real = {os.path.realpath(path): data for path, data in contents.items()}
    _STANDING_IN.update(real)
    try:
        yield
    finally:
        for path in real:
            _STANDING_IN.pop(path, None)


def clear_caches() -> None:
    """Forget every file read and parsed."""
    _read_bytes.cache_clear()
    _read_text.cache_clear()
    _parse_toml.cache_clear()
    _parse_ini.cache_clear()


def _reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


def line_of(text: str, needles: tuple[str, ...], *, after: tuple[str, ...] = ()) -> int:
    """The 1-based line where the first of the ``needles`` regexes matches, searching after ``after``.

    TOML, INI and YAML parsers do not say where a value was written, so the
    requirement string (or key) is searched for in the raw text instead.  Each
    regex of ``after`` (a section header, then a key) moves the start forward
    when it matches; when no needle matches from there, the whole text is
    searched, and failing that the line of the last matched anchor is given.
    """
    start = 0
    for anchor in after:
        found = re.compile(anchor, re.MULTILINE).search(text, start)
        if found:
            start = found.start()
    for begin in (start, 0):
        for needle in needles:
            found = re.compile(needle, re.MULTILINE).search(text, begin)
            if found:
                return text.count("\n", 0, found.start()) + 1
    return text.count("\n", 0, start) + 1


def quoted(value: str) -> tuple[str, ...]:
    """Regexes for ``value`` written as a TOML/YAML string in double or single quotes."""
    return (re.escape(f'"{value}"'), re.escape(f"'{value}'"), re.escape(value))


def key(name: str) -> str:
    """A regex for ``name`` written as a TOML or INI key (a line's or an inline table's), quoted or bare."""
    return rf"(?:^|[{{,])[ \t]*[\"']?{re.escape(name)}[\"']?[ \t]*[=:]"

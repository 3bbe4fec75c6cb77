"""Lock files: ``uv.lock``, ``pylock.toml`` (PEP 751), ``poetry.lock``, ``pdm.lock``, ``Pipfile.lock``.

A lock file says exactly which release is installed, so it wins over every
declared range.  A uv lock may hold several versions of one distribution
(one per resolution fork, e.g. per Python version): all of them are admitted.

Lock files of big projects are megabytes of TOML, and parsing one whole takes
longer than linting a module.  Only a handful of entries matter, so the text
is scanned for ``name = "..."`` lines that start a ``[[package]]`` (or
``[[packages]]``) entry of a distribution we care about, and only that entry's
own keys (up to the next table header) are handed to ``tomllib``.  The table
keys of an array-of-tables entry always come before its sub-tables, so that
slice is itself a complete TOML document.
"""

from __future__ import annotations

import re
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from pylint_hubcompat.files.toml import tomllib
from pylint_hubcompat.target.detection.declared import Declared, declare
from pylint_hubcompat.target.detection.project_files import MAX_LOCK_BYTES, ProjectFiles, line_of
from pylint_hubcompat.target.distributions import alias_for

_TOML_LOCKS = ("uv.lock", "pylock.toml", "poetry.lock", "pdm.lock")
_PYLOCK = re.compile(r"pylock\.[^.]+\.toml")
#: ``name = "..."`` lines of the names :mod:`.names` knows (all start so; lock writers
#: write normalized lower-case names); the leading newline is a literal prefix, which
#: keeps the scan of megabytes fast.
_NAME_LINE = re.compile(rb"""\nname[ \t]*=[ \t]*["']((?:tensorflow|tf|keras|intel|setuptools)[^"'\n]*)["']""")
_VERSION_LINE = re.compile(rb"\nversion[ \t]*=[^\n]*")
_ENTRY_HEADERS = (b"[[package]]", b"[[packages]]")


def lock_file_names(names: tuple[str, ...]) -> list[str]:
    """The lock files among a directory's entries, in the order they are read."""
    named = [name for name in _TOML_LOCKS if name in names]
    named += sorted(name for name in names if _PYLOCK.fullmatch(name))
    return named + (["Pipfile.lock"] if "Pipfile.lock" in names else [])


def read_lock_files(files: ProjectFiles) -> list[Declared]:
    """One exact pin per locked version of our distributions, tagged with its lock file."""
    found: list[Declared] = []
    for name in lock_file_names(files.names):
        path = files.root / name
        found += _read_pipfile_lock(files, path) if name == "Pipfile.lock" else _read_toml_lock(files, path)
    return found


def _read_toml_lock(files: ProjectFiles, path: Path) -> list[Declared]:
    data = files.read_bytes(path, limit=MAX_LOCK_BYTES)
    if data is None:
        return []
    found: list[Declared] = []
    line, counted = 1, 0
    for match in _NAME_LINE.finditer(data):
        name = match.group(1).decode("utf-8", "replace")
        if alias_for(name) is None:
            continue
        start = data.rfind(b"\n[", 0, match.start()) + 1
        header_end = data.find(b"\n", start)
        if data[start:header_end].strip() not in _ENTRY_HEADERS:
            continue  # a ``name`` key of some other table
        end = data.find(b"\n[", match.end())
        line += data.count(b"\n", counted, match.start() + 1)
        counted = match.start() + 1
        version = _entry_version(data, start, end if end >= 0 else len(data))
        if isinstance(version, Exception):
            files.problem(path, line, f"entry of {name} is not valid TOML, skipped: {version}")
            continue
        if isinstance(version, str):  # an editable or VCS package may have none
            pinned = _pin(files, path, line, name, version)
            found += [pinned] if pinned is not None else []
    return found


def _entry_version(data: bytes, start: int, end: int) -> object:
    """The ``version`` of the ``[[package]]`` entry ``data[start:end]``, or the parse error.

    The entry up to its ``version`` line is tried first: it is a complete TOML
    document too, and it skips the long lists of wheels and hashes that follow.
    """
    short = _VERSION_LINE.search(data, start, end)
    for stop in ((short.end(),) if short else ()) + (end,):
        try:
            entry = tomllib.loads(data[start:stop].decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            if stop == end:
                return exc
            continue
        package = (entry.get("package") or entry.get("packages") or [{}])[0]
        return package.get("version") if isinstance(package, dict) else None
    return None


def _read_pipfile_lock(files: ProjectFiles, path: Path) -> list[Declared]:
    text = files.read(path, limit=MAX_LOCK_BYTES)
    if text is None:
        return []
    # Only Pipenv projects need a JSON parser.
    import json  # pylint: disable=import-outside-toplevel

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        files.problem(path, exc.lineno, f"not valid JSON, skipped: {exc.msg}")
        return []
    except RecursionError:
        files.problem(path, 1, "not valid JSON, skipped: nested too deeply")
        return []
    found: list[Declared] = []
    for section in ("default", "develop"):
        packages = data.get(section) if isinstance(data, dict) else None
        if not isinstance(packages, dict):
            continue
        for name, entry in packages.items():
            if alias_for(name) is None or not isinstance(entry, dict) or not isinstance(entry.get("version"), str):
                continue
            line = line_of(text, (rf'^\s*"{re.escape(name)}"\s*:',), after=(rf'^\s*"{section}"\s*:',))
            pinned = _pin(files, path, line, name, entry["version"].lstrip("="))
            found += [pinned] if pinned is not None else []
    return found


def _pin(files: ProjectFiles, path: Path, line: int, name: str, version: str) -> Declared | None:
    try:
        public = Version(version).public  # a local label (``+cpu``) is the same release
    except InvalidVersion:
        files.problem(path, line, f"locked version {version!r} of {name} is not a version, skipped")
        return None
    return declare(files, name, SpecifierSet(f"=={public}"), path, line)

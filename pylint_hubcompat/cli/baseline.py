"""A baseline: the findings a legacy codebase has today, so that CI fails only on new ones.

``hubcompat check --write-baseline FILE`` records every finding of the run;
``--baseline FILE`` reports only those it does not record.  An entry is a
rule, a file (relative to the baseline's own directory, so the check may run
from anywhere) and the fingerprint of the code the finding points at
(:mod:`pylint_hubcompat.reporters.fingerprints`), never a line number: an edit
above a recorded finding does not bring it back, an edit of its own code does.
Identical findings in one file are counted, so a third copy of a call recorded
twice is new.  An entry of a linted file that no longer matches any finding was
fixed, and the run says so.

The file is JSON, sorted, one entry per finding with its line at the time it was
recorded, so a diff of it in review says what changed.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from pylint_hubcompat.files import reading, writing

#: The baseline format's name and version, the first key of the file.
FORMAT = "hubcompat-baseline"
VERSION = 1
#: A baseline is a list of findings: a bigger file is not one.
MAX_BYTES = 64 * 1024 * 1024


class BaselineError(Exception):
    """The baseline file cannot be used; the message says why (never its content)."""


class Entry(NamedTuple):
    """One recorded finding."""

    path: str  # POSIX, relative to the baseline's directory
    symbol: str
    fingerprint: str
    line: int = 0  # where it was when recorded: for people reading the file, never for matching

    @property
    def key(self) -> tuple[str, str, str]:
        return self.path, self.symbol, self.fingerprint


class Baseline:
    """The entries of a baseline file, matched against a run's findings one by one."""

    def __init__(self, file: Path, entries: Iterable[Entry] = ()) -> None:
        self.file = file
        self.entries = list(entries)
        self._left: Counter[tuple[str, str, str]] = Counter(e.key for e in self.entries)

    def relative(self, path: str) -> str:
        """``path`` as an entry names it: relative to the baseline's directory, with ``/``."""
        return relative_to(os.path.abspath(path), self.file.parent)

    def absorbs(self, path: str, symbol: str, fingerprint: str) -> bool:
        """Whether a recorded entry (not yet matched by another finding) is this finding."""
        key = (self.relative(path), symbol, fingerprint)
        if self._left[key] <= 0:
            return False
        self._left[key] -= 1
        return True

    def fixed(self, linted: Iterable[str]) -> list[Entry]:
        """The entries of the files in ``linted`` that no finding matched: fixed since the baseline."""
        looked_at = {self.relative(path) for path in linted}
        left = Counter(self._left)
        fixed = []
        for entry in self.entries:
            if entry.path in looked_at and left[entry.key] > 0:
                left[entry.key] -= 1
                fixed.append(entry)
        return fixed


def relative_to(path: str, directory: Path) -> str:
    try:
        return Path(os.path.relpath(path, directory)).as_posix()
    except ValueError:  # another drive (Windows): the absolute path
        return Path(path).as_posix()


def load(file: Path) -> Baseline:
    """The baseline in ``file``; :class:`BaselineError` if it is missing or is not one."""
    try:
        data = json.loads(reading.read_bytes(file, MAX_BYTES).decode("utf-8"))
    except reading.UnreadableFile as exc:
        raise BaselineError(f"{file}: {exc}") from None
    except ValueError as exc:  # not UTF-8, not JSON
        raise BaselineError(f"{file}: not JSON ({type(exc).__name__}); write one with --write-baseline") from None
    if not isinstance(data, dict) or data.get(FORMAT) != VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{file}: not a {FORMAT} version {VERSION} file; write one with --write-baseline")
    entries = []
    for number, item in enumerate(data["findings"], start=1):
        try:
            entries.append(
                Entry(str(item["path"]), str(item["symbol"]), str(item["fingerprint"]), int(item.get("line", 0)))
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise BaselineError(f"{file}: finding {number} lacks a path, symbol or fingerprint") from None
    return Baseline(file, entries)


def dump(file: Path, entries: Iterable[Entry]) -> None:
    """Write ``entries`` to ``file`` (replaced whole, or not at all); OSError-like failures as BaselineError."""
    ordered = sorted(entries, key=lambda e: (e.path, e.line, e.symbol, e.fingerprint))
    payload = {FORMAT: VERSION, "findings": [e._asdict() for e in ordered]}
    data = (json.dumps(payload, indent=2) + "\n").encode("utf-8")
    try:
        if file.exists():
            writing.replace_atomically(str(file), data)
        else:
            file.write_bytes(data)
    except (OSError, writing.UnwritableFile) as exc:
        raise BaselineError(f"cannot write {file}: {getattr(exc, 'strerror', None) or exc}") from None

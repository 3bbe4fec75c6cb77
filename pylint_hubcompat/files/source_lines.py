"""The lines of the files a run's messages point into, each file read once.

A reporter turns pylint's byte columns into characters, a fix into a SARIF
replacement, a finding into a fingerprint of its code: each needs the lines of
the file as Python read them, and a run's messages point into the same few files.
"""

from __future__ import annotations

import re

from pylint_hubcompat.files import reading
from pylint_hubcompat.files.text_edits import encoding_of

#: Where Python breaks lines (a form feed or U+2028 does not break one).
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """``text``'s lines as Python reads them, without their endings; one more, empty, after a final newline."""
    return LINE_BREAK.split(text)


class SourceFiles:
    """The lines of files as Python reads them, each file read once (None: it cannot be read)."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str] | None] = {}

    def lines(self, path: str) -> list[str] | None:
        """The lines of ``path`` without their endings; one more, empty, after a final newline."""
        if path not in self._lines:
            self._lines[path] = _read_lines(path)
        return self._lines[path]

    def know(self, path: str, text: str) -> None:
        """``path`` holds ``text`` for this run (a notebook's code cells, an editor's unsaved buffer)."""
        self._lines[path] = split_lines(text)


def _read_lines(path: str) -> list[str] | None:
    try:
        data = reading.read_bytes(path, reading.MAX_SOURCE_BYTES)
        return split_lines(data.decode(encoding_of(data)))
    except (reading.UnreadableFile, ValueError):  # UnicodeDecodeError too: never a suggestion with U+FFFD in it
        return None

"""Text edits: a span of a file and its replacement, applied without touching anything else.

Positions are 1-based lines and 0-based columns counted in characters, as an editor
counts them; a module's own positions (astroid's) count UTF-8 bytes, which
:func:`char_column` converts.  Newlines in a replacement are written ``\\n`` and take
the file's own line ending when applied, so a CRLF file stays CRLF.
"""

from __future__ import annotations

import io
import itertools
import re
import tokenize
from collections.abc import Iterable, Sequence
from typing import NamedTuple

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class Edit(NamedTuple):
    """Replace ``start``..``end`` (``(line, column)`` each) of a file by ``text``.

    ``path`` empty: the linted module itself (a notebook's positions are those of the
    module of its code cells); else the file named, e.g. the project's ``pyproject.toml``.
    """

    start: tuple[int, int]
    end: tuple[int, int]
    text: str
    path: str = ""


class Overlap(ValueError):
    """Two edits of one file change the same text."""


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` with their endings, broken where Python breaks them (not at a form feed)."""
    return _LINE.findall(text)


def encoding_of(data: bytes) -> str:
    """The encoding Python reads a source file in: its BOM or coding line, else UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        return "utf-8"
    return encoding


def newline_of(text: str) -> str:
    """The line ending ``text`` uses first (``\\n`` if it has none)."""
    match = re.search(r"\r\n|\r|\n", text)
    return match.group() if match else "\n"


def char_column(line: str, byte_column: int) -> int:
    """The character column of a UTF-8 ``byte_column`` of ``line`` (what astroid gives)."""
    return len(line.encode("utf-8")[:byte_column].decode("utf-8", "ignore"))


def overlaps(first: Edit, second: Edit) -> bool:
    """Whether two edits of one file touch the same text (two insertions at one point do too)."""
    if first.path != second.path:
        return False
    if first.start == first.end == second.start == second.end:
        return first != second
    return first.start < second.end and second.start < first.end


def apply(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with ``edits`` made (identical ones once); :class:`Overlap` if two change the same text."""
    unique = sorted(set(edits), key=lambda e: (e.start, e.end))
    for before, after in itertools.pairwise(unique):
        if overlaps(before, after._replace(path=before.path)):
            raise Overlap(f"edits at {before.start} and {after.start} overlap")
    lines = split_lines(text)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    newline = newline_of(text)

    def offset(position: tuple[int, int]) -> int:
        line, column = position
        if line > len(lines):
            return len(text)
        body = lines[line - 1].rstrip("\r\n")
        return starts[line - 1] + min(column, len(body))

    pieces: list[str] = []
    done = 0
    for edit in unique:
        begin, end = offset(edit.start), offset(edit.end)
        pieces += [text[done:begin], edit.text.replace("\n", newline)]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def compatible(accepted: Sequence[Edit], candidate: Sequence[Edit]) -> bool:
    """Whether ``candidate``'s edits can be made beside ``accepted``'s in one round."""
    return not any(overlaps(a, c) for a in accepted for c in candidate if a != c)

"""A dependency file as its fixers see it: its text, and edits of that text by position.

Edits are positions in the file's own text (1-based lines, 0-based character columns),
as ``hubcompat fix`` and an editor read it: UTF-8, without its byte order mark.  A file
with mixed line endings, or bytes that are no UTF-8, is not edited (where its lines
break would be a guess).  CRLF files are worked on with ``\\n`` line endings: lines and
columns are the same, and ``text_edits.apply`` writes ``\\n`` as the file's own.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from packaging.specifiers import SpecifierSet

from pylint_hubcompat.files import reading
from pylint_hubcompat.files.text_edits import Edit, newline_of, split_lines
from pylint_hubcompat.target.detection.project_files import MAX_CONFIG_BYTES


class DependencyFile(NamedTuple):
    """One file of the project: where it is, and its text with ``\\n`` line endings."""

    #: Absolute: what an :class:`Edit` of another file than the module names.
    path: str
    #: The file's name (``pyproject.toml``, ``requirements-dev.txt``): it says the format.
    name: str
    text: str

    @classmethod
    def read(cls, root: Path, relative: str) -> DependencyFile | None:
        """The file a :class:`~.model.Source` names (``relative`` to ``root``); None if it is not one to edit."""
        path = os.path.normpath(os.path.join(os.path.abspath(root), relative))
        if not _own(root, path):
            return None
        try:
            data = reading.read_bytes(path, MAX_CONFIG_BYTES)
        except reading.UnreadableFile:
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        if not _one_line_ending(text):
            return None
        return cls(path, os.path.basename(path), text.replace("\r\n", "\n"))

    @property
    def lines(self) -> list[str]:
        """The lines, each with its ``\\n`` (the last may have none)."""
        return split_lines(self.text)

    def line(self, number: int) -> str:
        """Line ``number`` (1-based) without its ending; "" past the end."""
        lines = self.lines
        return lines[number - 1].rstrip("\n") if 1 <= number <= len(lines) else ""

    def position(self, offset: int) -> tuple[int, int]:
        """``(line, column)`` of a character offset of the text."""
        line_start = self.text.rfind("\n", 0, offset) + 1
        return self.text.count("\n", 0, offset) + 1, offset - line_start

    def insert_after(self, number: int, line: str) -> Edit:
        """Insert ``line`` as a line of its own after line ``number``."""
        if number < len(self.lines):
            return Edit((number + 1, 0), (number + 1, 0), line + "\n", self.path)
        end = (number, len(self.line(number)))  # the last line, which may have no newline
        return Edit(end, end, "\n" + line, self.path)

    def replace_line(self, number: int, line: str) -> Edit:
        """Line ``number`` becomes ``line``, as the smallest edit that does it."""
        old = self.line(number)
        prefix = common_prefix(old, line)
        suffix = common_prefix(old[prefix:][::-1], line[prefix:][::-1])
        return Edit((number, prefix), (number, len(old) - suffix), line[prefix : len(line) - suffix], self.path)

    def diff(self, new: str, *, after: int | None = None) -> Edit | None:
        """The one edit that turns the text into ``new``; None if none is needed.

        It is read as a reader would write it: new whole lines where that is all it is,
        else a change that starts no earlier than offset ``after`` (the end of the item
        something is added after), and whole lines once the change spans lines.
        """
        old = self.text
        if new == old:
            return None
        prefix = common_prefix(old, new)
        line_start = old.rfind("\n", 0, prefix) + 1
        added = len(new) - len(old)
        if added > 0 and new[line_start + added :] == old[line_start:] and new[line_start + added - 1] == "\n":
            position = self.position(line_start)
            return Edit(position, position, new[line_start : line_start + added], self.path)
        start = prefix if after is None else min(prefix, after)
        suffix = common_prefix(old[start:][::-1], new[start:][::-1])
        end = len(old) - suffix
        replacement = new[start : len(new) - suffix]
        if "\n" in replacement or "\n" in old[start:end]:
            start = old.rfind("\n", 0, start) + 1
            if end > 0 and old[end - 1] != "\n":
                stop = old.find("\n", end)
                end = len(old) if stop < 0 else stop
            replacement = new[start : len(new) - (len(old) - end)]
        return Edit(self.position(start), self.position(end), replacement, self.path)


class Respecified(NamedTuple):
    """A declaration with its specifier changed: the edits, and what it then admits."""

    edits: tuple[Edit, ...]
    specifier: SpecifierSet
    #: It holds under a condition only (an environment marker, Poetry's ``python`` or ``markers``).
    conditional: bool


def _own(root: Path, path: str) -> bool:
    """Whether ``path`` is the project's own file: under its root, and no symbolic link.

    A file shared with other projects of a repository (``-r ../shared.txt``) or linked
    from elsewhere is theirs too: an edit for one project would change the others.
    """
    real_root = os.path.realpath(root)
    try:
        inside = os.path.commonpath([os.path.realpath(path), real_root]) == real_root
    except ValueError:  # another drive on Windows
        return False
    return inside and not os.path.islink(path)


def _one_line_ending(text: str) -> bool:
    """Whether every line of ``text`` ends the same way, in ``\\n`` or ``\\r\\n``."""
    if newline_of(text) == "\r\n":
        rest = text.replace("\r\n", "")
        return "\r" not in rest and "\n" not in rest
    return "\r" not in text


def common_prefix(first: str, second: str) -> int:
    """How many characters ``first`` and ``second`` start with in common."""
    shortest = min(len(first), len(second))
    for index in range(shortest):
        if first[index] != second[index]:
            return index
    return shortest

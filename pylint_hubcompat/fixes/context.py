"""What a fixer is handed: the finding, where it is in the module's text, and the target."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from astroid import nodes
from packaging.version import Version

from pylint_hubcompat.facts.collect import Site
from pylint_hubcompat.files.text_edits import Edit, char_column, encoding_of, split_lines
from pylint_hubcompat.rulebook.loading import Rule
from pylint_hubcompat.target.model import Target


class Source:
    """A module's text, with the positions of its nodes in characters (astroid counts UTF-8 bytes)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = split_lines(text)

    @classmethod
    def decode(cls, data: bytes) -> Source:
        """The text of a module's bytes, in the encoding its coding line or BOM declares (as Python reads it)."""
        return cls(data.decode(encoding_of(data), "replace"))

    def line(self, number: int) -> str:
        """Line ``number`` (1-based) without its ending; "" past the end."""
        return self.lines[number - 1].rstrip("\r\n") if 1 <= number <= len(self.lines) else ""

    def start(self, node: nodes.NodeNG) -> tuple[int, int]:
        return node.lineno, char_column(self.line(node.lineno), node.col_offset or 0)

    def end(self, node: nodes.NodeNG) -> tuple[int, int]:
        line = node.end_lineno if node.end_lineno is not None else node.lineno
        return line, char_column(self.line(line), node.end_col_offset or 0)

    def segment(self, node: nodes.NodeNG) -> str:
        """The code of ``node`` exactly as written."""
        (first, begin), (last, end) = self.start(node), self.end(node)
        if first == last:
            return self.line(first)[begin:end]
        middle = [self.line(n) for n in range(first + 1, last)]
        return "\n".join([self.line(first)[begin:], *middle, self.line(last)[:end]])

    def replace(self, node: nodes.NodeNG, text: str) -> Edit:
        return Edit(self.start(node), self.end(node), text)

    def indent(self, number: int) -> str:
        line = self.line(number)
        return line[: len(line) - len(line.lstrip())]

    def insert_after(self, number: int, lines: list[str]) -> Edit:
        """Insert whole ``lines`` after line ``number``, at its end: in a notebook they stay in its cell."""
        end = (number, len(self.line(number)))
        return Edit(end, end, "".join("\n" + line for line in lines))

    def insert_lines(self, before: int, lines: list[str]) -> Edit:
        """Insert whole ``lines`` before line ``before`` (one past the last line: at the end)."""
        text = "".join(line + "\n" for line in lines)
        if before > len(self.lines) and self.lines and not self.lines[-1].endswith(("\n", "\r")):
            text = "\n" + text  # the file ends without a newline: the new lines start one
        return Edit((before, 0), (before, 0), text)


class FixContext(NamedTuple):
    """One finding to fix: the rule, its site and node, the module's text and its target."""

    rule: Rule
    site: Site
    node: nodes.NodeNG
    module: nodes.Module
    source: Source
    target: Target
    #: The admitted releases the finding is about, per distribution.
    affected: Mapping[str, tuple[Version, ...]]
    #: The user's choices between fixes (``keras-three-fix``).
    choices: Mapping[str, str]


class Proposal(NamedTuple):
    """A fixer's answer: the edits, and a title when it says more than the rule's."""

    edits: tuple[Edit, ...]
    title: str = ""

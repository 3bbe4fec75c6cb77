"""Jupyter notebooks as Python modules: read one, lint its code cells, say where a line came from.

A notebook (``.ipynb``, nbformat 4 or 3) is read with :mod:`json`.  Its code cells,
in the order they appear (execution order is not stable, file order is), become one
module with **one physical line per line of a cell**, so a line number of the module
maps back to exactly one ``(cell, line)``:

* IPython syntax is neutralised in place: a shell line (``!pip install ...``), a line
  magic (``%pip``, ``%env``, ``%tensorflow_version``), a help line (``hub.load?``,
  ``??hub``) becomes ``pass  # IPython`` at the same indentation (so a loop body
  stays a body); ``files = !ls`` becomes ``files = None  # IPython``.  A line is
  only a magic where a statement starts: inside a string or a bracket it is kept.
* a cell magic whose body is Python (``%%time``, ``%%timeit``, ``%%capture``...)
  loses only its first line; any other (``%%bash``, ``%%writefile``, ``%%html``...)
  becomes comments.

Cells are numbered from 1 among **all** cells (markdown and raw included), the way
the notebook reads top to bottom; ``Notebook.file_position`` gives the line (and
column) of a cell's line in the ``.ipynb`` file itself, for tools such as GitHub
code scanning that show the raw file.
"""

from __future__ import annotations

import bisect
import io
import json
import re
import tokenize
from pathlib import Path
from typing import Any, NamedTuple

from pylint_hubcompat.files import reading

#: Cell magics whose body is Python code run by IPython.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "python", "python3", "pypy"})
#: What a neutralised line becomes (after its indentation).
MAGIC_LINE = "pass  # IPython"
_ASSIGNED_MAGIC = re.compile(r"^(\s*)([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*=\s*[!%]")
_HELP_LINE = re.compile(r"^\s*(?:\?{1,2}[\w.*]+(?:\(\))?|[\w.*]+(?:\(\))?\?{1,2})\s*$")
_CELL_MAGIC = re.compile(r"^\s*%%\s*([\w.-]*)")


class NotebookError(ValueError):
    """The file is not a notebook that can be linted; the message says why."""


class _Item(NamedTuple):
    """One JSON string of a cell's ``source``: where its opening quote is, and its raw text."""

    line: int  # 1-based line of the .ipynb file
    column: int  # 0-based column of the opening quote
    raw: str  # the string as written in the file, without quotes


class Cell(NamedTuple):
    number: int  # 1-based among all cells
    kind: str  # "code", "markdown", "raw"
    lines: tuple[str, ...]
    #: Per source line: (index into ``items``, offset of the line's first character in that item).
    starts: tuple[tuple[int, int], ...] = ()
    items: tuple[_Item, ...] = ()


class Module(NamedTuple):
    """A notebook's code cells as one module; ``origins[n - 1]`` is where module line ``n`` came from."""

    source: str
    origins: tuple[tuple[int, int], ...]  # (cell number, 1-based line in the cell)

    def locate(self, line: int | None) -> tuple[int, int] | None:
        """``(cell, line in cell)`` of a 1-based module line, or ``None`` outside the cells.

        The line just after the module (where Python reports an unexpected end of file)
        is the line after the last cell's last line.
        """
        if line is not None and line == len(self.origins) + 1 and self.origins:
            cell, last = self.origins[-1]
            return cell, last + 1
        if line is None or not 1 <= line <= len(self.origins):
            return None
        return self.origins[line - 1]


class Notebook(NamedTuple):
    path: str
    cells: tuple[Cell, ...]
    #: The kernel's language as the notebook's metadata says (lower case), or "" when it says nothing.
    language: str = ""

    @property
    def is_python(self) -> bool:
        return not self.language or self.language.startswith("python") or self.language == "ipython"

    @property
    def code_cells(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.kind == "code")

    def cell(self, number: int) -> Cell | None:
        return self.cells[number - 1] if 1 <= number <= len(self.cells) else None

    def to_module(self) -> Module:
        source: list[str] = []
        origins: list[tuple[int, int]] = []
        for cell in self.code_cells:
            for index, line in enumerate(neutralise(cell.lines), start=1):
                source.append(line)
                origins.append((cell.number, index))
        return Module("".join(line + "\n" for line in source), tuple(origins))

    def file_position(self, number: int, line: int, column: int = 0) -> tuple[int, int] | None:
        """1-based line and 0-based column in the ``.ipynb`` file of a cell's (1-based) line and column."""
        cell = self.cell(number)
        if cell is not None and cell.items and line == len(cell.starts) + 1:  # the end of the cell
            last = cell.items[-1]
            return last.line, last.column + 1 + len(last.raw)
        if cell is None or not 1 <= line <= len(cell.starts):
            return None
        index, offset = cell.starts[line - 1]
        item = cell.items[index]
        return item.line, item.column + 1 + _raw_offset(item.raw, offset + max(column, 0))


# -- reading ---------------------------------------------------------------------------


def read(path: str | Path) -> Notebook:
    """The notebook at ``path``; :class:`NotebookError` (never anything else) if it is not one."""
    try:
        data = reading.read_bytes(path, reading.MAX_SOURCE_BYTES)
    except reading.UnreadableFile as exc:
        raise NotebookError(str(exc)) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotebookError(f"not a Jupyter notebook (not UTF-8 text: {exc.reason} at byte {exc.start})") from exc
    return parse(text, str(path))


def parse(text: str, path: str = "<notebook>") -> Notebook:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(
            f"not a Jupyter notebook (invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from exc
    except RecursionError as exc:
        raise NotebookError("not a Jupyter notebook (JSON nested too deeply)") from exc
    if not isinstance(data, dict):
        raise NotebookError("not a Jupyter notebook (the JSON document is not an object)")
    raw_cells = _raw_cells(data)
    if raw_cells is None:
        raise NotebookError('not a Jupyter notebook (no "cells" list)')
    positions = _string_positions(text)
    cells = []
    for number, (key, raw) in enumerate(raw_cells, start=1):
        cells.append(_cell(number, key, raw, positions))
    return Notebook(path, tuple(cells), _language(data))


def _raw_cells(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], Any]] | None:
    """``(JSON path of the cell, cell)`` for every cell: nbformat 4 ``cells``, nbformat 3 ``worksheets``."""
    if isinstance(data.get("cells"), list):
        return [(("cells", i), cell) for i, cell in enumerate(data["cells"])]
    if isinstance(data.get("worksheets"), list):
        found = []
        for w, sheet in enumerate(data["worksheets"]):
            if isinstance(sheet, dict) and isinstance(sheet.get("cells"), list):
                found += [(("worksheets", w, "cells", i), cell) for i, cell in enumerate(sheet["cells"])]
        return found
    return None


def _cell(number: int, key: tuple[Any, ...], raw: Any, positions: dict[tuple[Any, ...], _Item]) -> Cell:
    if not isinstance(raw, dict):
        raise NotebookError(f"not a Jupyter notebook (cell {number} is not an object)")
    kind: str = raw["cell_type"] if isinstance(raw.get("cell_type"), str) else "unknown"
    field = "source" if "source" in raw or "input" not in raw else "input"  # nbformat 3 code cells: "input"
    value = raw.get(field, "")
    if isinstance(value, str):
        strings, paths = [value], [(*key, field)]
    elif isinstance(value, list) and all(isinstance(s, str) for s in value):
        strings, paths = value, [(*key, field, j) for j in range(len(value))]
    else:
        raise NotebookError(f"not a Jupyter notebook (the {field} of cell {number} is not text)")
    text = "".join(strings).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    items = tuple(positions.get(p) for p in paths)
    if any(item is None for item in items) or any("\r" in s for s in strings):
        return Cell(number, kind, tuple(lines))
    return Cell(number, kind, tuple(lines), _line_starts(strings, len(lines)), items)  # type: ignore[arg-type]


def _line_starts(strings: list[str], count: int) -> tuple[tuple[int, int], ...]:
    starts: list[tuple[int, int]] = []
    pending = True
    for index, string in enumerate(strings):
        position = 0
        while True:
            if pending and position < len(string):
                starts.append((index, position))
                pending = False
            newline = string.find("\n", position)
            if newline < 0:
                break
            position, pending = newline + 1, True
    if pending and len(starts) < count and strings:  # a last empty line
        starts.append((len(strings) - 1, len(strings[-1])))
    return tuple(starts[:count])


def _language(data: dict[str, Any]) -> str:
    metadata: dict[str, Any] = data["metadata"] if isinstance(data.get("metadata"), dict) else {}
    for section, key in (("kernelspec", "language"), ("language_info", "name")):
        value = metadata.get(section, {}).get(key) if isinstance(metadata.get(section), dict) else None
        if isinstance(value, str) and value.strip():
            return value.strip().lower()
    value = metadata.get("language")  # nbformat 3
    return value.strip().lower() if isinstance(value, str) else ""


# -- where a JSON string is in the file -------------------------------------------------

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")


def _wanted(path: tuple[Any, ...]) -> bool:
    if path[:1] == ("cells",):
        return len(path) in (3, 4) and path[2] == "source"
    if path[:1] == ("worksheets",):
        return len(path) in (5, 6) and path[2] == "cells" and path[4] in ("input", "source")
    return False


def _string_positions(text: str) -> dict[tuple[Any, ...], _Item]:
    """Where each string of a cell's source starts in ``text``; empty if the walk fails."""
    newlines = [match.start() for match in re.finditer("\n", text)]
    found: dict[tuple[Any, ...], _Item] = {}
    decode = json.decoder.scanstring  # type: ignore[attr-defined]

    def where(index: int) -> tuple[int, int]:
        line = bisect.bisect_left(newlines, index)
        return line + 1, index - (newlines[line - 1] + 1 if line else 0)

    def value(i: int, path: tuple[Any, ...]) -> int:
        i = _WHITESPACE.match(text, i).end()  # type: ignore[union-attr]
        char = text[i]
        if char == '"':
            _, end = decode(text, i + 1)
            if _wanted(path):
                line, column = where(i)
                found[path] = _Item(line, column, text[i + 1 : end - 1])
            return end
        if char == "{":
            i = _WHITESPACE.match(text, i + 1).end()  # type: ignore[union-attr]
            if text[i] == "}":
                return i + 1
            while True:
                key, i = decode(text, i + 1)
                i = _WHITESPACE.match(text, i).end()  # type: ignore[union-attr]
                i = value(i + 1, (*path, key) if len(path) < 6 else path)  # skip ':'
                i = _WHITESPACE.match(text, i).end()  # type: ignore[union-attr]
                if text[i] == "}":
                    return i + 1
                i = _WHITESPACE.match(text, i + 1).end()  # type: ignore[union-attr]  # skip ','
        if char == "[":
            i = _WHITESPACE.match(text, i + 1).end()  # type: ignore[union-attr]
            if text[i] == "]":
                return i + 1
            index = 0
            while True:
                i = value(i, (*path, index) if len(path) < 6 else path)
                i = _WHITESPACE.match(text, i).end()  # type: ignore[union-attr]
                if text[i] == "]":
                    return i + 1
                i, index = i + 1, index + 1
        match = _SCALAR.match(text, i)
        if match is None:
            raise ValueError(i)
        return match.end()

    try:
        value(0, ())
    except (ValueError, IndexError, RecursionError):
        return {}
    return found


def _raw_offset(raw: str, decoded: int) -> int:
    """The index in a JSON string's raw text of its ``decoded``-th character."""
    i = d = 0
    while d < decoded and i < len(raw):
        if raw[i] == "\\":
            if raw[i + 1 : i + 2] == "u":
                high = 0xD800 <= int(raw[i + 2 : i + 6] or "0", 16) < 0xDC00
                i += 12 if high and raw[i + 6 : i + 8] == "\\u" else 6
            else:
                i += 2
        else:
            i += 1
        d += 1
    return i


# -- IPython syntax ----------------------------------------------------------------------


def neutralise(lines: tuple[str, ...] | list[str]) -> list[str]:
    """The cell's lines with IPython syntax made harmless, one line for one line."""
    lines = list(lines)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None:
        magic = _CELL_MAGIC.match(lines[first])
        if magic:
            name = magic.group(1)
            if name not in PYTHON_CELL_MAGICS:
                return [f"# IPython %%{name}" if i == first else "#" for i in range(len(lines))]
            lines[first] = MAGIC_LINE
    result: list[str] = []
    for line in lines:
        result.append(_neutral_line(line, result))
    return result


def _neutral_line(line: str, before: list[str]) -> str:
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    if stripped.startswith(("!", "%")) or _HELP_LINE.match(line):
        replacement = indent + MAGIC_LINE
    else:
        assigned = _ASSIGNED_MAGIC.match(line)
        if not assigned:
            return line
        replacement = f"{assigned.group(1)}{assigned.group(2)} = None  # IPython"
    return replacement if _statement_starts(before) else line


def _statement_starts(before: list[str]) -> bool:
    """Whether a new statement may start after these lines (no open string, bracket or backslash)."""
    if not before:
        return True
    try:
        for _ in tokenize.generate_tokens(io.StringIO("".join(line + "\n" for line in before)).readline):
            pass
    except tokenize.TokenError:
        return False
    except (SyntaxError, ValueError):  # a broken cell: pylint will say so
        return True
    return True

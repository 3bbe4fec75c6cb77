"""Jupyter notebooks as Python modules: read one, lint its code cells, say where a line came from.

A notebook (``.ipynb``, nbformat 4 or 3) is read with :mod:`json`.  Its code cells,
in the order they appear (execution order is not stable, file order is), become one
module with **one physical line per line of a cell**, so a line number of the module
maps back to exactly one ``(cell, line)``:

Each cell is read as IPython reads it before running it (:mod:`.transform`: IPython's own
``TransformerManager`` when IPython is importable, :mod:`.fallback` otherwise, with the
same result), and its IPython syntax is then neutralised in place:

* a cell indented as a whole is dedented, and pasted ``>>>`` / ``In [1]:`` prompts are
  stripped, as IPython does (``Module.shifts`` keeps the columns taken off);
* a shell line (``!pip install ...``), a line magic (``%pip``, ``%env``,
  ``%tensorflow_version``), a help line (``hub.load?``, ``??hub``) and an automagic
  single-line cell (``ls ./data``, ``pip install x``, unless an earlier cell binds
  the name) become ``pass  # IPython`` at the statement's indentation (so a loop body
  stays a body), and the ``\\`` continuation lines of a command become blank lines;
  ``files = !ls`` becomes ``files = None  # IPython``.  Syntax is only IPython's where
  IPython sees it: inside a string or a bracket it is kept;
* a cell magic whose body is Python (``%%time``, ``%%timeit``, ``%%capture``...)
  loses only its first line, its body read as a cell of its own; any other
  (``%%bash``, ``%%writefile``, ``%%html``...) becomes comments.

:func:`cells_code` gives each cell's neutral lines with its IPython constructs (the
pip commands :mod:`.pins` reads, continuations joined).  A cell that is not Python
once IPython has transformed it is not Python in the module either: a syntax error.

Cells are numbered from 1 among **all** cells (markdown and raw included), the way
the notebook reads top to bottom; ``Notebook.file_position`` gives the line (and
column) of a cell's line in the ``.ipynb`` file itself, for tools such as GitHub
code scanning that show the raw file.  :mod:`json` does not say where a value is
written, so :func:`value_spans` walks the text for it, once: for these positions, and
for :mod:`.editing`, which rewrites a cell's ``source`` (at :func:`source_paths`) in place.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, NamedTuple

from pylint_hubcompat.files import reading
from pylint_hubcompat.notebooks import transform

#: Cell magics whose body is Python code run by IPython.
PYTHON_CELL_MAGICS = transform.PYTHON_CELL_MAGICS
#: What a neutralised line becomes (after its indentation).
MAGIC_LINE = "pass  # IPython"


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
    #: Per module line: the columns IPython's cleanup took off its cell line (a dedented cell, a prompt).
    shifts: tuple[int, ...] = ()

    def column(self, line: int | None, column: int | None) -> int | None:
        """The 0-based column in the cell of a module ``line``'s ``column`` (they differ in a dedented cell)."""
        if line is None or column is None or not 1 <= line <= len(self.shifts):
            return column
        return column + self.shifts[line - 1]

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
        shifts: list[int] = []
        for code in cells_code(self):
            source += code.lines
            origins += [(code.cell.number, index) for index in range(1, len(code.lines) + 1)]
            shifts += code.shifts
        return Module("".join(line + "\n" for line in source), tuple(origins), tuple(shifts))

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
    # nbformat 4 has no "input": a cell that holds its text there is read, but not placed in the file.
    placed = [source for source, _ in raw_cells if source[0] == "worksheets" or source[-1] == "source"]
    positions = _string_positions(text, placed)
    cells = []
    for number, (source, raw) in enumerate(raw_cells, start=1):
        cells.append(_cell(number, source, raw, positions))
    return Notebook(path, tuple(cells), _language(data))


def source_paths(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The JSON path of each cell's source text, in the order of :attr:`Notebook.cells`.

    ``data`` is a notebook's JSON that :func:`parse` reads: nbformat 4's ``cells[i].source``,
    nbformat 3's ``worksheets[w].cells[i].input`` (or ``source`` where a cell has one).
    """
    return [source for source, _ in _raw_cells(data) or ()]


def _raw_cells(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], Any]] | None:
    """``(JSON path of the cell's source, cell)`` for every cell: nbformat 4 ``cells``, nbformat 3 ``worksheets``."""
    keys: list[tuple[tuple[Any, ...], Any]]
    if isinstance(data.get("cells"), list):
        keys = [(("cells", i), cell) for i, cell in enumerate(data["cells"])]
    elif isinstance(data.get("worksheets"), list):
        keys = []
        for w, sheet in enumerate(data["worksheets"]):
            if isinstance(sheet, dict) and isinstance(sheet.get("cells"), list):
                keys += [(("worksheets", w, "cells", i), cell) for i, cell in enumerate(sheet["cells"])]
    else:
        return None
    return [((*key, _source_field(cell)), cell) for key, cell in keys]


def _source_field(cell: Any) -> str:
    """``input`` for nbformat 3's code cells, which hold their code there, else ``source``."""
    return "input" if isinstance(cell, dict) and "input" in cell and "source" not in cell else "source"


def _cell(number: int, path: tuple[Any, ...], raw: Any, positions: dict[tuple[Any, ...], _Item]) -> Cell:
    if not isinstance(raw, dict):
        raise NotebookError(f"not a Jupyter notebook (cell {number} is not an object)")
    kind: str = raw["cell_type"] if isinstance(raw.get("cell_type"), str) else "unknown"
    field = path[-1]
    value = raw.get(field, "")
    if isinstance(value, str):
        strings, paths = [value], [path]
    elif isinstance(value, list) and all(isinstance(s, str) for s in value):
        strings, paths = value, [(*path, j) for j in range(len(value))]
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


# -- where a JSON value is in the file --------------------------------------------------

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")


class Span(NamedTuple):
    """Where a JSON value is written in its text, as offsets into the text."""

    start: int  # its first character: a quote, a bracket, a digit...
    end: int  # just past its last character
    #: An array's items, each as ``(start, end)``; ``None`` for any other value.
    items: tuple[tuple[int, int], ...] | None = None


def value_spans(text: str, paths: Collection[tuple[Any, ...]]) -> dict[tuple[Any, ...], Span]:
    """Where the values at ``paths`` (keys and array indices from the top: ``("cells", 0, "source")``) are in ``text``.

    :mod:`json` gives a notebook's data, never where it is written, so a message placed in
    the ``.ipynb`` file or an edit written back needs this one pass over the text, which
    decodes only keys.  ``text`` is JSON that :func:`json.loads` reads: a key written twice
    is found where it is last written (the value ``json.loads`` keeps), and a path the text
    does not hold is not in the result.  Raises :class:`ValueError` if the walk cannot
    follow the text.
    """
    wanted = set(paths)
    depth = max(map(len, wanted), default=0)  # paths stop growing past it: outputs nest deep
    found: dict[tuple[Any, ...], Span] = {}
    scan = json.decoder.scanstring  # type: ignore[attr-defined]
    space: Callable[[str, int], re.Match[str]] = _WHITESPACE.match  # type: ignore[assignment]  # "*": always a match

    def walk(start: int, path: tuple[Any, ...]) -> int:
        """Records the value that starts at ``start`` if it is wanted; returns where it ends."""
        char, grows = text[start], len(path) <= depth
        wants = grows and path in wanted
        items: tuple[tuple[int, int], ...] | None = None
        if char == '"':
            end: int = scan(text, start + 1)[1]
        elif char == "{":
            i = space(text, start + 1).end()
            while text[i] != "}":
                key, i = scan(text, i + 1)
                i = space(text, space(text, i).end() + 1).end()  # past ':'
                i = space(text, walk(i, (*path, key) if grows else path)).end()
                if text[i] == ",":
                    i = space(text, i + 1).end()
            end = i + 1
        elif char == "[":
            spans: list[tuple[int, int]] | None = [] if wants else None
            index, i = 0, space(text, start + 1).end()
            while text[i] != "]":
                item_end = walk(i, (*path, index) if grows else path)
                if spans is not None:
                    spans.append((i, item_end))
                index, i = index + 1, space(text, item_end).end()
                if text[i] == ",":
                    i = space(text, i + 1).end()
            end, items = i + 1, None if spans is None else tuple(spans)
        else:
            match = _SCALAR.match(text, start)
            if match is None:
                raise ValueError(f"not a JSON value at offset {start}")
            end = match.end()
        if wants:
            found[path] = Span(start, end, items)
        return end

    try:
        walk(space(text, 0).end(), ())
    except (IndexError, RecursionError) as exc:
        raise ValueError(f"the JSON text could not be walked ({exc!r})") from exc
    return found


def _string_positions(text: str, paths: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], _Item]:
    """Where each string of the sources at ``paths`` (a string, or a list's items) opens; empty if the walk fails."""
    try:
        spans = value_spans(text, paths)
    except ValueError:
        return {}
    newlines = [match.start() for match in re.finditer("\n", text)]
    found: dict[tuple[Any, ...], _Item] = {}
    for path, span in spans.items():
        strings = (
            {path: (span.start, span.end)}
            if span.items is None
            else {(*path, j): item for j, item in enumerate(span.items)}
        )
        for key, (start, end) in strings.items():
            if text[start] == '"':  # a key written twice may have held another value first
                line = bisect.bisect_left(newlines, start)
                column = start - (newlines[line - 1] + 1 if line else 0)
                found[key] = _Item(line + 1, column, text[start + 1 : end - 1])
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


class CellCode(NamedTuple):
    """A code cell as the module holds it: one neutral line per cell line, and its IPython constructs."""

    cell: Cell
    lines: tuple[str, ...]
    specials: tuple[transform.Special, ...]
    #: Per line: the columns IPython's cleanup took off the cell line (a cell indented as a whole, a prompt).
    shifts: tuple[int, ...]


@functools.lru_cache(maxsize=16)
def cells_code(notebook: Notebook) -> tuple[CellCode, ...]:
    """The notebook's code cells as IPython reads them, in file order (an earlier cell's name shadows a magic)."""
    done: list[CellCode] = []
    bound: list[frozenset[str] | None] = []

    def shadowed(name: str) -> bool:
        while len(bound) < len(done):
            bound.append(transform.bound_names("\n".join(done[len(bound)].lines)))
        word = re.compile(rf"\b{re.escape(name)}\b")
        return any(
            name in names if names is not None else any(word.search(line) for line in code.lines)
            for names, code in zip(bound, done)
        )

    for cell in notebook.code_cells:
        done.append(_cell_code(cell, transform.transform(cell.lines, shadowed)))
    return tuple(done)


def neutralise(lines: tuple[str, ...] | list[str]) -> list[str]:
    """The lines of one cell with IPython syntax made harmless, one line for one line."""
    cell = Cell(0, "code", tuple(lines))
    return list(_cell_code(cell, transform.transform(cell.lines)).lines)


def _cell_code(cell: Cell, static: transform.Static) -> CellCode:
    lines = [text if text is not None else "" for text in static.code]
    shifts = [_shift(raw, text) for raw, text in zip(cell.lines, lines)]
    for special in static.specials:
        raw = cell.lines[special.first]
        shifts[special.first] = max(len(raw) - len(raw.lstrip()) - len(special.indent), 0)
        if special.escape == "%%":
            name = special.text.partition(" ")[0]
            if name not in PYTHON_CELL_MAGICS:  # the rest of the cell is another language
                lines[special.first :] = [f"# IPython %%{name}"] + ["#"] * (len(lines) - special.first - 1)
                break
            lines[special.first] = MAGIC_LINE
        elif special.lhs is not None:
            lines[special.first] = f"{special.lhs}None  # IPython"
        elif special.escape in _AUTOCALL:
            lines[special.first] = special.indent + _AUTOCALL[special.escape](*special.text.partition(" ")[::2])
        else:
            lines[special.first] = special.indent + MAGIC_LINE
    return CellCode(cell, tuple(lines), static.specials, tuple(shifts))


#: IPython's autocall escapes, as the Python call it makes of them: ``,f a b`` ``;f a b`` ``/f a b``.
_AUTOCALL: dict[str, Callable[[str, str], str]] = {
    ",": lambda name, args: f"{name}({', '.join(json.dumps(arg) for arg in args.split()) or repr('')})",
    ";": lambda name, args: f"{name}({json.dumps(args)})",
    "/": lambda name, args: f"{name}({', '.join(args.split())})",
}


def _shift(raw: str, text: str) -> int:
    return len(raw) - len(text) if text and raw.endswith(text) else 0

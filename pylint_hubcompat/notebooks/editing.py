"""Fixes made to a notebook: edits of its module mapped to its cells, the ``.ipynb`` rewritten only there.

A fix is computed on the module of a notebook's code cells (:meth:`.reader.Notebook.to_module`),
so its edits are in the module's lines and columns.  :func:`apply` maps each edit to the
one cell it falls in (a column moves by the columns IPython's cleanup took off the cell
line, ``Module.shifts``), makes the edits on each cell's source, and writes back only the
JSON span of each changed ``source`` value, in the notebook's own layout: one string per
line, its separators and indentation, lines left alone keeping their exact raw text.
Everything else (outputs, metadata, ids, key order, line endings) stays byte for byte.

A notebook is a user's work, and a cell line the module shows as ``pass  # IPython`` is
not Python the fix saw, so an edit that touches such a line, or spans two cells, is
refused (:class:`NotebookEditError`) rather than guessed at; and before the new text is
returned it is read back: its JSON must be the old one but for the changed sources, and
its module must be exactly the edited module.
"""

from __future__ import annotations

import copy
import difflib
import json
import os
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from pylint_hubcompat.files import text_edits
from pylint_hubcompat.files.text_edits import Edit
from pylint_hubcompat.notebooks import reader


class NotebookEditError(ValueError):
    """An edit that cannot be made to the notebook's cells exactly as meant; the message says where and why."""


# -- the public functions ----------------------------------------------------------------


def apply(text: str, edits: Sequence[Edit], path: str = "<notebook>") -> str:
    """The ``.ipynb`` text with ``edits`` (in the coordinates of its module) made to its cells' sources.

    Raises :class:`NotebookEditError` for an edit the cells cannot take as meant, and
    :class:`.text_edits.Overlap` for two edits of the same text.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom) :]
    try:
        notebook = reader.parse(text, path)
    except reader.NotebookError as exc:
        raise NotebookEditError(str(exc)) from exc
    data = _load(text)
    paths = reader.source_paths(data)
    view = _View(notebook)
    edits = [edit for edit in edits if edit.start != edit.end or edit.text]
    per_cell: dict[int, list[Edit]] = {}
    for edit in edits:
        number, cell_edit = view.map(edit)
        per_cell.setdefault(number, []).append(cell_edit)
    sources: dict[tuple[Any, ...], str] = {}
    for number, cell_edits in per_cell.items():
        try:
            value = _value_at(data, paths[number - 1])
        except KeyError:
            raise NotebookEditError(f"{path}:cell {number}: the cell has no source to edit") from None
        source = _edited_source(notebook, number, value, cell_edits)
        if source is not None:
            sources[paths[number - 1]] = source
    result = _write(text, sources)
    _verify(data, result, notebook, sources, edits)
    return bom + result


def cell_diffs(path: str, before: str, after: str) -> str:
    """A unified diff of each cell whose lines differ, headed ``a/PATH:cell N`` (N counts every cell); "" if none.

    Raises :class:`.reader.NotebookError` if either text is not a notebook.
    """
    old = reader.parse(before.removeprefix("\ufeff"), path).cells
    new = reader.parse(after.removeprefix("\ufeff"), path).cells
    diff: list[str] = []
    for number in range(1, max(len(old), len(new)) + 1):
        a = list(old[number - 1].lines) if number <= len(old) else []
        b = list(new[number - 1].lines) if number <= len(new) else []
        if a != b:
            diff += difflib.unified_diff(a, b, f"a/{path}:cell {number}", f"b/{path}:cell {number}", lineterm="")
    return "".join(line + "\n" for line in diff)


# -- mapping the module's positions to the cells -------------------------------------------

#: How a cell line stands in the module: its own text after the shift, a blank line IPython
#: emptied, the first line of a line-level IPython command (lines may be inserted before it),
#: or IPython syntax (never touched).
_PYTHON, _BLANK, _COMMAND, _IPYTHON = "python", "blank", "command", "ipython"


class _Line(NamedTuple):
    """A module line as its cell holds it."""

    cell: int  # cell number, 1-based among all cells
    row: int  # 1-based line in the cell
    raw: str  # the cell's line
    shift: int  # columns of ``raw`` before the module's text
    kind: str


class _CodeCell(NamedTuple):
    code: reader.CellCode
    kinds: tuple[str, ...]
    margin: str  # the indentation IPython's dedent takes off every line of the cell
    appendable: bool  # whether Python lines may follow its last line (not the body of ``%%bash``)


class _End(NamedTuple):
    """A position in a cell's text, what follows it on its line, and whether a cell line starts there."""

    position: tuple[int, int]
    rest: str = ""
    starts_line: bool = False


class _View:
    """A notebook's module and the cell line behind each of its lines."""

    def __init__(self, notebook: reader.Notebook) -> None:
        self.notebook = notebook
        self.cells: dict[int, _CodeCell] = {}
        self.lines: list[_Line] = []
        for code in reader.cells_code(notebook):
            cell = _code_cell(code)
            self.cells[code.cell.number] = cell
            for index, (raw, shift, kind) in enumerate(zip(code.cell.lines, code.shifts, cell.kinds), start=1):
                self.lines.append(_Line(code.cell.number, index, raw, shift, kind))

    def map(self, edit: Edit) -> tuple[int, Edit]:
        """The cell an edit falls in, and the edit in the coordinates of that cell's source."""
        (first, start_column), (last, end_column) = edit.start, edit.end
        total = len(self.lines)
        if edit.path:
            raise NotebookEditError(f"{self.notebook.path}: an edit of {edit.path} is not an edit of the notebook")
        if min(first, last) < 1 or min(start_column, end_column) < 0 or last > total + 1 or edit.end < edit.start:
            raise NotebookEditError(f"{self.notebook.path}: {edit.start}..{edit.end} is not a span of its code cells")
        if first == total + 1:
            if start_column or end_column or not self.cells:
                raise NotebookEditError(f"{self.notebook.path}: {edit.start} is past the end of its code cells")
            number = max(self.cells)
        else:
            number = self.lines[first - 1].cell
        cell = self.cells[number]
        # An edit that ends where a line starts and leaves that line whole (whole lines inserted or
        # deleted before it) ends before its raw text: its prompt and indentation stay with it.
        whole_end = end_column == 0 and (edit.text.endswith("\n") or (not edit.text and start_column == 0))
        at_cell_end = last == total + 1 or self.lines[last - 1].cell != number
        if at_cell_end and not (first == total + 1 or (whole_end and self.lines[last - 2].cell == number)):
            raise NotebookEditError(f"{self._where(first)}: the edit spans two cells")
        touched = range(first, last if whole_end else last + 1)
        for line in (self.lines[n - 1] for n in touched if n <= total):
            if line.kind not in (_PYTHON, _BLANK):
                raise NotebookEditError(f"{self._where(line)}: the line is IPython syntax, not edited: {line.raw!r}")
        end = self._end(cell, None if at_cell_end else self.lines[last - 1], end_column, whole=whole_end)
        if first == total + 1:
            start = end
        elif start_column == 0 and whole_end:
            start = _End((self.lines[first - 1].row, 0), starts_line=True)
        else:
            start = _start(self.lines[first - 1], start_column)
        text = _indent(edit.text, cell.margin, start.starts_line, end.rest)
        return number, Edit(start.position, end.position, text)

    def _end(self, cell: _CodeCell, line: _Line | None, column: int, *, whole: bool) -> _End:
        if line is None:
            if not cell.appendable:
                raise NotebookEditError(
                    f"{self.notebook.path}:cell {cell.code.cell.number}: the cell is not Python, nothing is added to it"
                )
            return _End((len(cell.code.cell.lines) + 1, 0), starts_line=True)
        if whole:  # the line stays whole after the edit, whatever its kind
            if line.kind == _IPYTHON:
                raise NotebookEditError(f"{self._where(line)}: nothing can go before this line: {line.raw!r}")
            return _End((line.row, 0), starts_line=True)
        if line.kind == _BLANK:
            return _End((line.row, len(line.raw)))
        return _End((line.row, column + line.shift), line.raw[column + line.shift :])

    def _where(self, line: _Line | int) -> str:
        if isinstance(line, int):
            line = self.lines[line - 1]
        return f"{self.notebook.path}:cell {line.cell}:{line.row}"


def _code_cell(code: reader.CellCode) -> _CodeCell:
    kinds = [
        _PYTHON if raw[shift:] == text else _BLANK if not text and not raw.strip(" \t") else _IPYTHON
        for raw, text, shift in zip(code.cell.lines, code.lines, code.shifts)
    ]
    appendable = True
    for special in code.specials:
        kinds[special.first : special.last + 1] = [_IPYTHON] * (special.last + 1 - special.first)
        if special.escape != "%%":
            kinds[special.first] = _COMMAND
        elif special.text.partition(" ")[0] not in reader.PYTHON_CELL_MAGICS:  # the rest is another language
            kinds[special.first :] = [_IPYTHON] * (len(kinds) - special.first)
            appendable = False
    return _CodeCell(code, tuple(kinds), _margin(code.cell.lines), appendable)


def _margin(lines: Sequence[str]) -> str:
    """The whitespace every non-blank line starts with: what IPython's dedent (:func:`textwrap.dedent`) removes."""
    margins = [line[: len(line) - len(line.lstrip(" \t"))] for line in lines if line.strip(" \t")]
    return os.path.commonprefix(margins) if margins else ""  # noqa: RUF071  # characters, as dedent compares


def _start(line: _Line, column: int) -> _End:
    if line.kind == _BLANK:  # its whitespace is not the module's: the new text starts the line
        return _End((line.row, 0), starts_line=True)
    return _End((line.row, column + line.shift))


def _indent(text: str, margin: str, head_starts_line: bool, rest: str) -> str:
    """``text`` with each line it starts indented by the cell's margin, so IPython's dedent gives it back."""
    if not margin:
        return text
    pieces = text.split("\n")
    for index, piece in enumerate(pieces):
        content = piece + (rest if index == len(pieces) - 1 else "")
        if (index or head_starts_line) and content:
            pieces[index] = margin + piece
    return "\n".join(pieces)


def _edited_source(notebook: reader.Notebook, number: int, value: str | list[str], edits: list[Edit]) -> str | None:
    """The cell's new source text (in its own line ending), or ``None`` if the edits leave it as it was."""
    cell = notebook.cell(number)
    assert cell is not None
    old = value if isinstance(value, str) else "".join(value)
    newline = _newline(old, f"{notebook.path}:cell {number}")
    text = text_edits.apply("".join(line + "\n" for line in cell.lines), edits)
    if not old.endswith(("\n", "\r")) and text.endswith("\n") and text[:-1] and not text.endswith("\n\n"):
        text = text[:-1]  # nbformat's last line has no newline, unless it is an empty line
    text = text.replace("\n", newline)
    return None if text == old else text


def _newline(source: str, where: str) -> str:
    """The line ending of a cell's source: ``\\n``, or ``\\r\\n`` if every line ends so."""
    if "\r" not in source:
        return "\n"
    if source.count("\r") == source.count("\r\n") == source.count("\n"):
        return "\r\n"
    raise NotebookEditError(f"{where}: the source's lines do not all end in \\n or all in \\r\\n, not edited")


# -- writing the sources back ------------------------------------------------------------

_SPACE = re.compile(r"[ \t\n\r]*")
#: A ``\\uXXXX`` escape of a character past ASCII, not itself escaped (``\\\\u00e9`` is text).
_ESCAPED_NON_ASCII = re.compile(r"(?<!\\)(?:\\\\)*\\u(?!00[0-7])[0-9a-fA-F]{4}")
#: A raw JSON string's pieces: an escape, or a run without one.
_RAW_TOKEN = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)|[^\\]+", re.DOTALL)


def _write(text: str, sources: dict[tuple[Any, ...], str]) -> str:
    """``text`` with each ``source`` value (by JSON path) replaced by its new text, nothing else touched."""
    if not sources:
        return text
    try:
        values = reader.value_spans(text, sources)
    except ValueError as exc:
        raise NotebookEditError("the notebook's JSON could not be walked to its cells' sources") from exc
    if values.keys() != sources.keys():
        raise NotebookEditError("the notebook's cells' sources were not found in its JSON")
    ascii_only = text.isascii() and _ESCAPED_NON_ASCII.search(text) is not None
    pieces: list[str] = []
    done = 0
    for path in sorted(sources, key=lambda p: values[p].start):
        begin, end, replacement = _replacement(text, values[path], sources[path], ascii_only)
        pieces += [text[done:begin], replacement]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _replacement(text: str, value: reader.Span, source: str, ascii_only: bool) -> tuple[int, int, str]:
    """The span of ``text`` to replace, and its new JSON text, for a ``source`` value that becomes ``source``."""
    if value.items is None:
        units = _string_units(text[value.start + 1 : value.end - 1])
    else:
        units = [(json.loads(text[s:e]), text[s + 1 : e - 1]) for s, e in value.items]
    raws = _encoded(units, text_edits.split_lines(source), ascii_only)
    if value.items is None:
        return value.start, value.end, '"' + "".join(raws) + '"'
    quoted = [f'"{raw}"' for raw in raws]
    if value.items and quoted:
        separator = _separator(text, value)
        return value.items[0][0], value.items[-1][1], separator.join(quoted)
    if not quoted:
        return value.start, value.end, "[]"
    opener, closer = _empty_list_layout(text, value.start)
    separator = "," + opener if opener else _compact(text)
    return value.start, value.end, "[" + opener + separator.join(quoted) + closer + "]"


def _separator(text: str, value: reader.Span) -> str:
    assert value.items
    if len(value.items) > 1:
        return text[value.items[0][1] : value.items[1][0]]
    opener = text[value.start + 1 : value.items[0][0]]
    return "," + opener if opener else _compact(text)


def _compact(text: str) -> str:
    """The separator of a list written on one line: json.dumps' ``", "``, or ``","`` if keys are written ``"k":v``."""
    return ", " if '": ' in text else ","


def _empty_list_layout(text: str, start: int) -> tuple[str, str]:
    """What comes after ``[`` and before ``]`` when an empty list gains items, in the file's indentation."""
    if "\n" not in text:
        return "", ""
    newline = text_edits.newline_of(text)
    line_start = text.rfind("\n", 0, start) + 1
    indent = text[line_start : _SPACE.match(text, line_start).end()].strip("\r\n")  # type: ignore[union-attr]
    unit = re.match(r"\{\r?\n([ \t]+)", text)
    step = unit.group(1) if unit else " "  # nbformat writes indent=1
    return newline + indent + step, newline + indent


def _string_units(raw: str) -> list[tuple[str, str]]:
    """A single source string's lines: ``(text, raw JSON text)`` each, split after each newline."""
    pieces: list[str] = []
    piece = ""
    for token in _RAW_TOKEN.findall(raw):
        piece += token
        if token in ("\\n", "\\u000a", "\\u000A"):
            pieces.append(piece)
            piece = ""
    if piece:
        pieces.append(piece)
    return [(json.loads(f'"{piece}"'), piece) for piece in pieces]


def _encoded(old: list[tuple[str, str]], new: list[str], ascii_only: bool) -> list[str]:
    """The raw JSON text of each new line: the old raw text where the line is unchanged, else as nbformat writes it."""
    raws: list[str] = []
    matcher = difflib.SequenceMatcher(None, [text for text, _ in old], new, autojunk=False)
    known: dict[str, str] = {}
    for text, raw in old:
        known.setdefault(text, raw)
    for tag, a, _, b, b_end in matcher.get_opcodes():
        if tag == "equal":
            raws += [raw for _, raw in old[a : a + b_end - b]]
            continue
        for line in new[b:b_end]:
            body = line.rstrip("\r\n")
            if line in known:
                raws.append(known[line])
            elif body in known and body != line:  # a last line that gains its newline keeps its text
                raws.append(known[body] + json.dumps(line[len(body) :])[1:-1])
            else:
                raws.append(json.dumps(line, ensure_ascii=ascii_only)[1:-1])
    return raws


# -- the proof -----------------------------------------------------------------------------


def _verify(
    data: Any, result: str, notebook: reader.Notebook, sources: dict[tuple[Any, ...], str], edits: Sequence[Edit]
) -> None:
    """The result must be the original JSON but for the changed sources, and read as the edited module."""
    expected = copy.deepcopy(data)
    for path, source in sources.items():
        was = _value_at(expected, path)
        _set(expected, path, source if isinstance(was, str) else text_edits.split_lines(source))
    try:
        got = _load(result)
        module = reader.parse(result, notebook.path).to_module().source
    except (ValueError, reader.NotebookError) as exc:
        raise NotebookEditError(f"{notebook.path}: the edited notebook does not read back ({exc})") from exc
    if got != expected:
        raise NotebookEditError(f"{notebook.path}: the edited notebook's JSON changed outside the edited sources")
    meant = text_edits.apply(notebook.to_module().source, edits)
    if meant and not meant.endswith("\n"):
        meant += "\n"
    if module != meant:
        raise NotebookEditError(f"{notebook.path}: the edited cells would not read as the fixed code")


def _load(text: str) -> Any:
    return json.loads(text, parse_constant=lambda name: ("constant", name))  # NaN != NaN: compare its name


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    _value_at(data, path[:-1])[path[-1]] = value

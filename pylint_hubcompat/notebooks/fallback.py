"""A cell read the way IPython's input transformer reads it, for when IPython is not installed.

The same steps as ``TransformerManager.transform_cell``, on the shapes notebooks use:

* leading blank lines are dropped, and a cell indented as a whole is dedented
  (:func:`textwrap.dedent`, as IPython 9 does);
* ``>>>`` / ``...`` and ``In [1]:`` / ``...:`` prompts are stripped (not inside
  triple-quoted strings, which IPython tells apart and this reader does not);
* a first line ``%%name`` makes the cell a cell magic (``%%name?`` is help);
* where a statement starts (not inside a string, a bracket or a ``\\`` continuation),
  a line whose first character is an escape (``!ls``, ``%pip``, ``?obj``, ``,f a``)
  is a command, ``x = !ls`` / ``x = %magic`` an assignment, and ``obj?`` / ``obj??``
  help; a command's ``\\`` continuation lines belong to it and are joined as IPython
  joins them (``!pip install a \\`` + ``b`` is ``pip install a  b``).

The test corpus runs this and :mod:`.with_ipython` over the same cells and requires
the same :class:`.Static`.
"""

from __future__ import annotations

import io
import re
import textwrap
import tokenize
from collections.abc import Sequence

from pylint_hubcompat.notebooks.constructs import ESCAPES, Special, Static

_DOCTEST_FIRST = re.compile(r"^\s*>>>")
_DOCTEST_PROMPT = re.compile(r"^\s*(?:>>>|\.\.\.)[ \t]?")
_PS1, _PS2 = re.compile(r"^\s*>>>[ \t]?"), re.compile(r"^\s*\.\.\.[ \t]?")
_IPYTHON_PROMPT = re.compile(r"^(?:(?:(?:\[nav\]|\[ins\])? )?In \[\d+\]: |\s*\.{3,}: ?)")
#: ``obj?``, ``obj.attr??``, ``obj[0]?``, ``%magic?``, ``np.*load*?``: what IPython's help-end accepts.
_HELP_END = re.compile(r"(%{0,2}(?!\d)[\w*]+(?:\.(?!\d)[\w*]+|\[-?\d+\])*)(\?\??)$")
#: ``= !`` / ``= %`` somewhere: a line that may assign what a command or a magic gives.
_ASSIGNED = re.compile(r"=\s*[!%]")
_CELL_MAGIC_HELP = re.compile(r"%%\w+\?")
_TRIPLE_QUOTE = re.compile(r"(?<!\\)(\"\"\"|\'\'\')")
_STRING_PREFIX = re.compile(r"(?i)^[rubf]*$")


def transform(lines: Sequence[str]) -> Static:
    """``lines`` as IPython's transformer reads them (see the module docstring)."""
    lines = list(lines)
    start = next((i for i, line in enumerate(lines) if line.strip()), 0)
    code: list[str | None] = ["" if i < start else line for i, line in enumerate(lines)]
    kept = _cleanup(lines[start:])
    code[start:] = kept
    if kept and kept[0].startswith("%%") and not _CELL_MAGIC_HELP.match(kept[0]):
        name, _, rest = kept[0][2:].rstrip().partition(" ")
        code[start] = None
        return Static(tuple(code), (Special(start, start, "%%", f"{name} {rest}".rstrip(), ""),), start, name)
    specials: list[Special] = []
    neutral: list[str] = []  # the lines so far, IPython syntax made Python, to tokenize what comes next
    row, blocked = 0, False  # IPython retries its first help line: one it cannot read blocks the later ones
    anchor = 0  # the tokenizer is in a clean state there: what comes after is tokenized from there on
    while row < len(kept):
        ends_in_question = not blocked and kept[row].rstrip().endswith("?")
        help_line = _help(kept, row, neutral, specials, anchor) if ends_in_question else False
        special = help_line if isinstance(help_line, Special) else None
        if special is None and _may_be_special(kept[row]):
            special = _special(kept, row, neutral, anchor, helps=not blocked)
        blocked = blocked or (help_line is True and special is None)
        if special is None:
            neutral.append(kept[row])
            row += 1
            continue
        del neutral[special.first :]  # a help line may end a logical line begun on an earlier row
        if _tokenizes(neutral[anchor:]):  # no closing bracket left unmatched before it (3.11 then tokenizes oddly)
            anchor = special.last + 1
        specials.append(special)
        neutral += [f"{special.lhs}None" if special.lhs is not None else f"{special.indent}pass"]
        neutral += [""] * (special.last - special.first)
        row = special.last + 1
    for special in specials:
        for covered in range(special.first, special.last + 1):
            code[start + covered] = None
    moved = tuple(s._replace(first=s.first + start, last=s.last + start) for s in specials)
    return Static(tuple(code), moved, start)


def _cleanup(lines: list[str]) -> list[str]:
    """IPython's cleanup after the blank lines: the dedent, then the prompts."""
    lines = textwrap.dedent("\n".join(lines)).split("\n") if lines else []
    lines = _strip_doctest_prompts(lines)
    if lines and (_IPYTHON_PROMPT.match(lines[0]) or (len(lines) > 1 and _IPYTHON_PROMPT.match(lines[1]))):
        lines = [_IPYTHON_PROMPT.sub("", line, count=1) for line in lines]
    return lines


def _strip_doctest_prompts(lines: list[str]) -> list[str]:
    """``>>>`` / ``...`` prompts off the lines outside docstring-like strings, each stripped run then dedented."""
    quoted = _in_docstring(lines)
    if not any(_DOCTEST_FIRST.match(line) for line, inside in zip(lines, quoted) if not inside):
        return lines
    result: list[str] = []
    run: list[str] = []
    for index, (line, inside) in enumerate(zip(lines, quoted)):
        run.append(line if inside else _DOCTEST_PROMPT.sub("", line, count=1))
        if index + 1 == len(lines) or quoted[index + 1] != inside:
            changed = not inside and run != lines[len(result) : len(result) + len(run)]
            result += textwrap.dedent("\n".join(run)).split("\n") if changed else run
            run = []
    return result


def _in_docstring(lines: list[str]) -> list[bool]:
    """Per line: inside a triple-quoted string opening its line (a docstring), as IPython guesses it."""
    result: list[bool] = []
    quote: str | None = None
    keep = seen_prompt = False
    for line in lines:
        result.append(quote is not None and keep)
        for match in _TRIPLE_QUOTE.finditer(line):
            if quote is None:
                quote = match.group(1)
                before = line[: match.start()]
                bare = _PS2.sub("", _PS1.sub("", before, count=1), count=1)
                keep = not (bare != before and seen_prompt) and bool(_STRING_PREFIX.match(bare.strip()))
                result[-1] = keep
            elif quote == match.group(1):
                quote, keep = None, False
        seen_prompt = seen_prompt or bool(_DOCTEST_FIRST.match(line))
    return result


def _may_be_special(line: str) -> bool:
    stripped = line.strip()
    return stripped[:1] in ESCAPES or stripped.endswith("?") or _ASSIGNED.search(stripped) is not None


def _special(lines: list[str], row: int, before: list[str], anchor: int = 0, helps: bool = True) -> Special | None:
    """The IPython construct at ``lines[row]``: a command where a statement starts, or ``x = !cmd``."""
    line = lines[row]
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    starts = _statement_starts(before, line, anchor=anchor)
    if starts and stripped[:1] in ESCAPES:
        last, assembled = _continued(lines, row, len(indent))
        end = _logical_end(lines, row)
        help_line = _help_from(lines, row, end) if end > row and helps else False
        if isinstance(help_line, Special):
            return help_line  # ``!ls \\`` + ``obj?``: IPython's help wins over the command
        escape = assembled[:2] if assembled[:2] in ("!!", "??") else assembled[:1]
        if escape == "/" and not assembled[1:].partition(" ")[0]:
            return None  # IPython refuses ``/`` without a callable
        return Special(row, last, escape, assembled[len(escape) :], indent)
    first = row if starts else _logical_start(lines, row, before, anchor)
    column = _assigned_escape(lines, first, row) if first is not None else None
    if first is None or column is None:
        return None
    last, assembled = _continued(lines, row, column)
    end = _logical_end(lines, first)
    help_line = _help_from(lines, first, end) if end > row and helps else False
    if isinstance(help_line, Special):
        return help_line
    return Special(row, last, assembled[:1], assembled[1:], line[: len(line) - len(line.lstrip())], line[:column])


def _logical_start(lines: list[str], row: int, before: list[str], anchor: int = 0) -> int | None:
    """The row where the logical line holding ``lines[row]`` starts (``None`` inside a string)."""
    return next(
        (
            r
            for r in range(row, -1, -1)
            if _statement_starts(before[:r], lines[r] if r == row else before[r], False, anchor if r >= anchor else 0)
        ),
        None,
    )


def _continued(lines: list[str], row: int, column: int) -> tuple[int, str]:
    """The last line of the command at ``lines[row][column:]``, and its text joined over ``\\`` continuations."""
    last = row
    while lines[last].endswith("\\") and last + 1 < len(lines):
        last += 1
    parts = [lines[row][column:], *lines[row + 1 : last + 1]]
    return last, " ".join([part.rstrip()[:-1] for part in parts[:-1]] + [parts[-1].rstrip()])


def _help(lines: list[str], row: int, before: list[str], specials: list[Special], anchor: int) -> Special | bool:
    """``obj?`` / ``obj??`` ending the logical line at ``lines[row]`` (not ``# why?``, not ``'why?'``).

    ``True``: the line ends in a ``?`` token that IPython cannot read as help.
    """
    first = _logical_start(lines, row, before, anchor)
    if first is None or any(special.last >= first for special in specials):
        return False
    return _help_from(lines, first, row)


def _help_from(lines: list[str], first: int, row: int) -> Special | bool:
    """Help for the logical line ``lines[first..row]``, if its last token is a ``?`` (``True`` if unreadable)."""
    body = lines[row].rstrip()
    if not body.endswith("?"):
        return False
    group = _logical_tokens(lines, first)
    if any(token.string == "?" for token in group):  # IPython's test: the token before the line's end is ``?``
        if len(group) < 3 or group[-2].string != "?" or group[-2].start[0] != row:
            return False
    else:  # a tokenizer that stops at ``?`` (Python 3.12+): not in a comment or a string, outside brackets
        piece = [*lines[first:row], body.rstrip("?")]
        tokens, depth = _tokens("\n".join(piece), stop_at_error=True) or [], 0
        if not tokens or tokens[-1].type == tokenize.COMMENT or tokens[-1].end != (len(piece), len(piece[-1].rstrip())):
            return False
        for token in tokens:
            if token.type == tokenize.OP and token.string in "([{":
                depth += 1
            elif token.type == tokenize.OP and token.string in ")]}":
                depth = max(depth - 1, 0)
        if depth and row + 1 < len(lines):
            return False
    line = lines[first]
    indent = line[: len(line) - len(line.lstrip())]
    match = _HELP_END.search("\n".join(lines[first : row + 1])[len(indent) :])
    if match is None:
        return True
    return Special(first, row, match.group(2), match.group(1), indent)


def _assigned_escape(lines: list[str], first: int, row: int) -> int | None:
    """The column of ``!`` / ``%`` on ``lines[row]`` in ``x = !ls`` / ``x = %time f()`` (logical line from ``first``).

    As IPython finds it: after the first ``=`` outside brackets of the logical line.
    """
    tokens, depth = _logical_tokens(lines, first), 0
    for index, token in enumerate(tokens):
        if token.string == "=" and depth == 0:
            following = [t for t in tokens[index + 1 :] if t.string.strip()][:2]  # 3.11: " " may be a token
            if not following or following[0].start[0] != row:
                return None
            if following[0].string == "!" and not lines[token.start[0]].lstrip().startswith("="):
                return following[0].start[1]
            if len(following) == 2 and following[0].string == "%" and following[1].type == tokenize.NAME:
                return following[0].start[1]
            return None
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth = max(depth - 1, 0)
    return None


def _logical_end(lines: list[str], first: int) -> int:
    """The last row of the logical line begun at ``lines[first]``."""
    tokens = _logical_tokens(lines, first)
    return max(first, tokens[-1].start[0]) if tokens else first


def _logical_tokens(lines: list[str], first: int) -> list[tokenize.TokenInfo]:
    """The tokens of the logical line begun at ``lines[first]``, its NEWLINE included, rows 0-based as ``lines``.

    Grouped as IPython groups them; a tokenizer error ends the line.
    """
    margin = len(lines[first]) - len(lines[first].lstrip())
    text = "".join(f"{line}\n" for line in [lines[first].lstrip(), *lines[first + 1 :]])
    found: list[tokenize.TokenInfo] = []
    depth = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            ends = token.type == tokenize.NEWLINE or (token.type == tokenize.NL and depth == 0)
            if token.type == tokenize.OP and token.string in "([{":
                depth += 1
            elif token.type == tokenize.OP and token.string in ")]}":
                depth = max(depth - 1, 0)
            (row, column), end = token.start, token.end
            found.append(token._replace(start=(first + row - 1, column + (margin if row == 1 else 0)), end=end))
            if ends:
                break
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


def _tokens(text: str, stop_at_error: bool = False) -> list[tokenize.TokenInfo] | None:
    """The significant tokens of one line; ``None`` if it does not tokenize (the ones before, if asked)."""
    found: list[tokenize.TokenInfo] = []
    margin = len(text) - len(text.lstrip())
    insignificant = (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT)
    try:
        for token in tokenize.generate_tokens(io.StringIO(text.lstrip() + "\n").readline):
            if token.type not in insignificant:
                found.append(token._replace(start=_moved(token.start, margin), end=_moved(token.end, margin)))
    except (tokenize.TokenError, SyntaxError):
        return found if stop_at_error else None
    return found


def _moved(position: tuple[int, int], margin: int) -> tuple[int, int]:
    """A token position in the line before ``margin`` leading spaces were taken off (they are on its row 1)."""
    return (position[0], position[1] + margin) if position[0] == 1 else position


def _tokenizes(lines: list[str]) -> bool:
    """Whether these lines tokenize to their end (every bracket closed, no string left open)."""
    try:
        for _ in tokenize.generate_tokens(io.StringIO("".join(f"{line}\n" for line in lines)).readline):
            pass
    except (tokenize.TokenError, SyntaxError, ValueError):
        return False
    return True


def _statement_starts(before: list[str], line: str, escape: bool = True, anchor: int = 0) -> bool:
    """Whether ``line`` starts a logical line after ``before`` (no open string, bracket or backslash).

    As IPython groups tokens: a line starts one after a NEWLINE, or after an NL
    outside brackets, counting a closing bracket without its opening one as nothing.
    ``before[anchor:]`` begins in a clean state (after a command), so only it is read,
    unless its indentation needs the lines before.
    """
    for start in (anchor, 0) if anchor else (0,):
        placeholder = line[: len(line) - len(line.lstrip())] + "_"  # Python 3.12+ does not tokenize ``?``
        try:
            starts = _starts(before[start:], line, escape)
            if starts is None:
                starts = _starts(before[start:], placeholder, escape)
        except IndentationError:
            if start:
                continue
            return True  # an indentation Python rejects: the cell is broken anyway
        return starts is not False
    return True


def _starts(before: list[str], line: str, escape: bool) -> bool | None:
    """``_statement_starts``; with ``escape``, the line's first token must be more than a space (3.11's
    tokenizer makes spaces tokens after an unmatched closing bracket, and IPython then sees no escape)."""
    row, depth, starts = len(before) + 1, 0, True
    try:
        for token in tokenize.generate_tokens(io.StringIO("".join(f"{text}\n" for text in [*before, line])).readline):
            if token.type in (tokenize.INDENT, tokenize.DEDENT):
                continue
            if token.start[0] >= row:  # IPython looks at the first token of the line; a space is no escape
                return token.start[0] == row and starts and (bool(token.string.strip()) or not escape)
            if token.type == tokenize.OP and token.string in "([{":
                depth += 1
            elif token.type == tokenize.OP and token.string in ")]}":
                depth = max(depth - 1, 0)
            starts = token.type == tokenize.NEWLINE or (token.type == tokenize.NL and depth == 0)
    except tokenize.TokenError:
        return False  # the line is inside a string or a statement that does not end
    except IndentationError:
        raise
    except (SyntaxError, ValueError):
        return None
    return False

"""A cell read by IPython's own input transformer, each transformed line traced back to its cell line.

``TransformerManager.transform_cell`` is a fixed pipeline: its ``cleanup_transforms``
(blank lines, dedent, prompts), its ``line_transforms`` (the cell magic), then one
token transformer at a time (``find`` the earliest construct, ``transform`` it into a
single line) until none applies.  This module runs that same pipeline step by step
with IPython's own objects, so that it knows which cell lines each step consumed:
the cleanup keeps one line for one line (or drops leading ones), and a token
transformer replaces the lines from its ``start_line`` on by one line.

Anything the trace cannot account for (a future IPython step, a line IPython splits
where the notebook does not, an exception) gives ``None``, and :mod:`.fallback`
reads the cell instead.  Imported by :mod:`.transform` only when IPython is importable.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Sequence
from typing import Any

from pylint_hubcompat.notebooks.constructs import ESCAPES, Special, Static

_ASSIGNS = frozenset({"MagicAssign", "SystemAssign"})
#: Commands in one cell beyond which it is not traced (IPython itself gives up after 500).
_MOST_COMMANDS = 100


def transform(lines: Sequence[str], manager: Any) -> Static | None:
    """``lines`` as ``manager`` (a ``TransformerManager``) transforms them, or ``None`` if it cannot be traced."""
    module = sys.modules.get(type(manager).__module__)
    if module is None:
        return None
    if not lines:
        return Static(())
    try:
        return _trace(list(lines), manager, module)
    except Exception:  # pylint: disable=broad-except  # IPython failed on it: let the fallback read it
        return None


def _trace(lines: list[str], manager: Any, it2: Any) -> Static | None:
    if sum(line.lstrip()[:1] in ESCAPES for line in lines) > _MOST_COMMANDS:
        return None  # IPython tokenizes the cell again for each one: the fallback reads it in less time
    current = [line + "\n" for line in lines]
    if len("".join(current).splitlines()) != len(current):
        return None  # a line separator Python's str.splitlines knows and the notebook does not
    origin: list[int | None] = list(range(len(lines)))
    for step in manager.cleanup_transforms:
        new = step(current)
        dropped = len(current) - len(new)
        if dropped and (dropped < 0 or new != current[dropped:]):
            return None
        origin, current = origin[dropped:], new
    start = origin[0] if origin and origin[0] is not None else 0
    code: list[str | None] = [""] * len(lines)
    for index, text in zip(origin, current):
        code[index] = text[:-1] if text.endswith("\n") else text  # type: ignore[index]
    for step in manager.line_transforms:
        if step(current) != current:
            return _cell_magic(current, code, start)
    specials: list[Special] = []
    for _ in range(it2.TRANSFORM_LOOP_LIMIT):
        tokens = it2.make_tokens_by_line(current)
        found = [c for c in (kind.find(tokens) for kind in manager.token_transformers) if c]
        for candidate in sorted(found, key=it2.TokenTransformBase.sortby):
            try:
                new = candidate.transform(current)
            except SyntaxError:
                continue
            break
        else:
            break
        first = candidate.start_line
        span = origin[first : first + len(current) - len(new) + 1]
        covered = [index for index in span if index is not None]
        if not covered or covered != list(range(covered[0], covered[0] + len(span))):
            return None  # not consecutive cell lines: a line an earlier construct made is in it
        special = _special(candidate, current, new, covered[0], covered[-1], it2)
        if special is None:
            return None
        specials.append(special)
        for index in covered:
            code[index] = None
        origin = [*origin[:first], None, *origin[first + len(covered) :]]
        current = new
    else:
        return None  # IPython gives up after TRANSFORM_LOOP_LIMIT steps
    return Static(tuple(code), tuple(specials), start)


def _cell_magic(current: list[str], code: list[str | None], start: int) -> Static:
    name, _, rest = current[0][2:].rstrip().partition(" ")
    code[start] = None
    return Static(tuple(code), (Special(start, start, "%%", f"{name} {rest}".rstrip(), ""),), start, name)


def _special(candidate: Any, current: list[str], new: list[str], first: int, last: int, it2: Any) -> Special | None:
    """The construct ``candidate`` (a token transformer that just ran) turned into ``new[start_line]``."""
    kind = type(candidate).__name__
    row, column = candidate.start_line, candidate.start_col
    head = current[row][:column]
    if kind == "HelpEnd":
        call = ast.parse(new[row].strip()).body[0]
        if not isinstance(call, ast.Expr) or not isinstance(call.value, ast.Call) or len(call.value.args) != 2:
            return None
        method, target = (arg.value if isinstance(arg, ast.Constant) else None for arg in call.value.args)
        if not isinstance(target, str):
            return None
        return Special(first, last, "??" if method == "pinfo2" else "?", target, head)
    if kind != "EscapedCommand" and kind not in _ASSIGNS:
        return None
    end = row + last - first
    assembled = it2.assemble_continued_line(current, (row, column), end)
    escape = assembled[:2] if kind == "EscapedCommand" and assembled[:2] in it2.ESCAPE_DOUBLES else assembled[:1]
    if kind in _ASSIGNS:
        indent = head[: len(head) - len(head.lstrip())]
        return Special(first, last, escape, assembled[len(escape) :], indent, head)
    return Special(first, last, escape, assembled[len(escape) :], head)

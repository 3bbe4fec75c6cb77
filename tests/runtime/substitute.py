"""Point the model handles of a snippet at the tiny offline models, its cluster addresses at free ports.

Why: rule examples are written the way users write them, with real tfhub.dev or
Kaggle handles.  Nothing may be downloaded here, so before a snippet runs every
string literal that is a model handle is replaced by the path of a tiny local
model *of the same kind* (TF1 Hub format, TF2 SavedModel, TF2 SavedModel with
TF Text ops).  Which kind a handle is comes from ``handle_table.py``, a table
written by hand in the tests from the model publishers' data, never from the
linter's own classifier: the runtime proof must not run a handle on the model
the linter would (perhaps wrongly) choose.  A string that looks like a model
handle but is not in the table stops the run with ``UnknownHandle``, naming it.

Parameter-server examples name their cluster the way users write it,
``"localhost:2222"``.  Each such address literal (``localhost`` or ``127.0.0.1``
and a port) is pointed at ``127.0.0.1`` and a port the system hands out as free
at run time, the same literal always at the same port; so a witness never
depends on a fixed port being free.

Only whole string literals are replaced, found with ``ast`` and rewritten at
their exact source positions: everything else in the snippet stays byte for
byte the same.
"""

from __future__ import annotations

import ast
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from handle_table import TF1_HUB, TF2_SAVEDMODEL, TF2_TEXT_OPS, UnknownHandle, kind_of, looks_like_handle

__all__ = ["LOOPBACK_PORT", "TF1_HUB", "TF2_SAVEDMODEL", "TF2_TEXT_OPS", "MissingModel", "Substitution",
           "UnknownHandle", "free_ports", "substitute_addresses", "substitute_handles"]

#: What an address substitution records as its "format".
LOOPBACK_PORT = "free loopback port"
_ADDRESS = re.compile(r"(?:localhost|127\.0\.0\.1):\d{1,5}")


@dataclass(frozen=True)
class Substitution:
    """One handle literal that was replaced."""

    handle: str
    format: str
    path: str


class MissingModel(LookupError):
    """A handle's kind has no tiny model among the ones the run was given."""

    def __init__(self, handle: str, kind: str, models: Mapping[str, Path | str]) -> None:
        super().__init__(
            f"model handle {handle!r} is a {kind!r} model, but no tiny model of that kind was built "
            f"(have: {', '.join(sorted(models)) or 'none'}; see tests/runtime/models.py MODEL_BUILDERS)"
        )


def _string_constants(tree: ast.AST) -> list[ast.Constant]:
    """String literals with reliable positions (not the pieces of f-strings)."""
    inside_fstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inside_fstrings.update(id(value) for value in ast.walk(node))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in inside_fstrings
    ]


def substitute_handles(
    source: str, models: Mapping[str, Path | str]
) -> tuple[str, list[Substitution]]:
    """Return ``source`` with each handle literal replaced by the tiny model of its kind.

    ``models`` maps a kind ("tf1-hub", "tf2-savedmodel", "tf2-text-ops") to a
    local model path.  Strings that are no model handle are left alone; a
    handle missing from ``handle_table.HANDLES`` raises ``UnknownHandle``, one
    of a kind without a model in ``models`` ``MissingModel`` (both name it).
    """
    tree = ast.parse(source)
    line_starts = _line_byte_offsets(source)
    edits: list[tuple[int, int, str]] = []
    done: list[Substitution] = []
    for node in _string_constants(tree):
        if not looks_like_handle(node.value):
            continue
        kind = kind_of(node.value)
        if kind not in models:
            raise MissingModel(node.value, kind, models)
        edits.append((*_span(node, line_starts), str(models[kind])))
        done.append(Substitution(node.value, kind, str(models[kind])))
    return _apply(source.encode("utf-8"), edits), sorted(done, key=lambda s: s.handle)


def substitute_addresses(source: str) -> tuple[str, list[Substitution]]:
    """Return ``source`` with each loopback address literal pointed at a free port.

    ``"localhost:2222"`` becomes ``'127.0.0.1:<port>'``; a literal that appears
    twice gets the same port both times, two different literals different ports.
    """
    tree = ast.parse(source)
    nodes = [node for node in _string_constants(tree) if _ADDRESS.fullmatch(node.value)]
    if not nodes:
        return source, []
    literals = sorted({node.value for node in nodes})
    ports = free_ports(len(literals))
    addresses = {literal: f"127.0.0.1:{port}" for literal, port in zip(literals, ports, strict=True)}
    line_starts = _line_byte_offsets(source)
    edits = [(*_span(node, line_starts), addresses[node.value]) for node in nodes]
    done = [Substitution(literal, LOOPBACK_PORT, addresses[literal]) for literal in literals]
    return _apply(source.encode("utf-8"), edits), done


def free_ports(count: int) -> list[int]:
    """``count`` different TCP ports that are free on 127.0.0.1 right now.

    All sockets stay bound until every port is known, so no two are the same.
    """
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _span(node: ast.Constant, line_starts: list[int]) -> tuple[int, int]:
    """Byte offsets of a literal in the UTF-8 source."""
    start = line_starts[node.lineno - 1] + node.col_offset
    end = line_starts[node.end_lineno - 1] + node.end_col_offset
    return start, end


def _apply(encoded: bytes, edits: list[tuple[int, int, str]]) -> str:
    """The source with each (start, end) byte span replaced by the repr of its text."""
    for start, end, text in sorted(edits, reverse=True):
        encoded = encoded[:start] + repr(text).encode("utf-8") + encoded[end:]
    return encoded.decode("utf-8")


def _line_byte_offsets(source: str) -> list[int]:
    """Byte offset of the start of each line (ast column offsets are UTF-8 bytes)."""
    offsets, total = [], 0
    for line in source.splitlines(keepends=True):
        offsets.append(total)
        total += len(line.encode("utf-8"))
    offsets.append(total)
    return offsets

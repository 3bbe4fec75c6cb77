"""Point the model handles of a snippet at the tiny offline models, its cluster addresses at free ports.

Why: rule examples are written the way users write them, with real tfhub.dev or
Kaggle handles.  Nothing may be downloaded here, so before a snippet runs every
string literal that is a model handle is replaced by the path of a tiny local
model *of the same format*.  Which format a handle has is decided by the
project's own classifier (``pylint_hubcompat.facts.handles.classify_handle``), so the
runtime proof exercises exactly the classification the linter relies on.

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
import json
import re
import socket
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
REPO_PYTHON = REPO_ROOT / ".venv" / "bin" / "python"

TF1_HUB = "tf1-hub"
TF2_SAVEDMODEL = "tf2-savedmodel"
#: What an address substitution records as its "format".
LOOPBACK_PORT = "free loopback port"
_ADDRESS = re.compile(r"(?:localhost|127\.0\.0\.1):\d{1,5}")


@dataclass(frozen=True)
class Substitution:
    """One handle literal that was replaced."""

    handle: str
    format: str
    path: str


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


def classify_formats(strings: Iterable[str]) -> dict[str, str | None]:
    """Format of each string per ``pylint_hubcompat`` ("tf1-hub", "tf2-savedmodel" or None).

    Uses the package in-process when importable (pytest normally runs from the
    repo's venv), otherwise asks the repo's venv interpreter once for all strings.
    """
    unique = sorted(set(strings))
    if not unique:
        return {}
    try:
        from pylint_hubcompat.facts.handles import classify_handle
    except ImportError:
        return _classify_in_repo_venv(unique)
    return {s: classify_handle(s).format for s in unique}


def _classify_in_repo_venv(strings: list[str]) -> dict[str, str | None]:
    script = (
        "import json, sys\n"
        "from pylint_hubcompat.facts.handles import classify_handle\n"
        "strings = json.load(sys.stdin)\n"
        "json.dump({s: classify_handle(s).format for s in strings}, sys.stdout)\n"
    )
    done = subprocess.run(
        [str(REPO_PYTHON), "-c", script],
        input=json.dumps(strings),
        cwd=REPO_ROOT,  # the source tree is importable even without an install
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(
            "cannot classify handles with pylint_hubcompat in the repo venv "
            f"({REPO_PYTHON}); run `{REPO_ROOT}/.venv/bin/pip install -e {REPO_ROOT}`:\n"
            + done.stderr
        )
    return json.loads(done.stdout)


def substitute_handles(
    source: str, models: Mapping[str, Path | str]
) -> tuple[str, list[Substitution]]:
    """Return ``source`` with each handle literal replaced by the model of its format.

    ``models`` maps a format ("tf1-hub", "tf2-savedmodel") to a local model path.
    Handles of other or unknown formats are left alone.
    """
    tree = ast.parse(source)
    constants = _string_constants(tree)
    formats = classify_formats(node.value for node in constants)
    line_starts = _line_byte_offsets(source)
    encoded = source.encode("utf-8")
    edits: list[tuple[int, int, str]] = []
    done: list[Substitution] = []
    for node in constants:
        fmt = formats.get(node.value)
        if fmt not in models:
            continue
        edits.append((*_span(node, line_starts), str(models[fmt])))
        done.append(Substitution(node.value, fmt, str(models[fmt])))
    return _apply(encoded, edits), sorted(done, key=lambda s: s.handle)


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

"""Point the model handles of a snippet at the tiny offline models.

Why: rule examples are written the way users write them, with real tfhub.dev or
Kaggle handles.  Nothing may be downloaded here, so before a snippet runs every
string literal that is a model handle is replaced by the path of a tiny local
model *of the same format*.  Which format a handle has is decided by the
project's own classifier (``pylint_hubcompat.facts.handles.classify_handle``), so the
runtime proof exercises exactly the classification the linter relies on.

Only whole string literals are replaced, found with ``ast`` and rewritten at
their exact source positions: everything else in the snippet stays byte for
byte the same.
"""

from __future__ import annotations

import ast
import json
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
REPO_PYTHON = REPO_ROOT / ".venv" / "bin" / "python"

TF1_HUB = "tf1-hub"
TF2_SAVEDMODEL = "tf2-savedmodel"


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
    edits: list[tuple[int, int, bytes]] = []
    done: list[Substitution] = []
    for node in constants:
        fmt = formats.get(node.value)
        if fmt not in models:
            continue
        path = str(models[fmt])
        start = line_starts[node.lineno - 1] + node.col_offset
        end = line_starts[node.end_lineno - 1] + node.end_col_offset
        edits.append((start, end, repr(path).encode("utf-8")))
        done.append(Substitution(node.value, fmt, path))
    for start, end, text in sorted(edits, reverse=True):
        encoded = encoded[:start] + text + encoded[end:]
    done.sort(key=lambda s: s.handle)
    return encoded.decode("utf-8"), done


def _line_byte_offsets(source: str) -> list[int]:
    """Byte offset of the start of each line (ast column offsets are UTF-8 bytes)."""
    offsets, total = [], 0
    for line in source.splitlines(keepends=True):
        offsets.append(total)
        total += len(line.encode("utf-8"))
    offsets.append(total)
    return offsets

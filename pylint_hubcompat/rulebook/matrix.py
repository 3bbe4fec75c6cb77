"""The TF Hub compatibility matrix (format x operation x runtime -> support) as data.

Rules that cite a cell (``matrix = "tf1-hub/finetune/tf2"``) take their format,
operation and runtime conditions from it, so the matrix page and the rules
cannot drift apart.
"""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

from pylint_hubcompat.files.locations import builtin_rules_dir
from pylint_hubcompat.files.toml import tomllib

MATRIX_FILE = "matrix.toml"
#: A matrix column and the runtime modes of a call site it covers.
COLUMNS = {"tf1": ("tf1", "tf1-compat", "graph"), "tf2": ("tf2",)}
SUPPORT = ("supported", "partial", "unsupported")
_KEYS = {"format", "operation", "column", "support", "page", "today"}


class Cell(NamedTuple):
    format: str
    operation: str
    column: str
    support: str
    page: str
    today: str = ""

    @property
    def name(self) -> str:
        return f"{self.format}/{self.operation}/{self.column}"


@functools.cache
def cells() -> tuple[Cell, ...]:
    """The cells of the shipped matrix; a malformed matrix is a bug of ours and raises."""
    path = builtin_rules_dir() / MATRIX_FILE
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    result = []
    for raw in data.get("cell", []):
        _check(raw, path.name)
        result.append(Cell(**raw))
    return tuple(result)


def _check(raw: dict[str, Any], where: str) -> None:
    missing = _KEYS - {"today"} - set(raw)
    unknown = set(raw) - _KEYS
    if missing or unknown or raw["column"] not in COLUMNS or raw["support"] not in SUPPORT:
        raise ValueError(f"{where}: malformed cell {raw!r}")


def cell_names() -> list[str]:
    return [c.name for c in cells()]


def conditions(name: str) -> dict[str, Any]:
    """The ``when`` conditions a rule citing cell ``name`` inherits; ``KeyError`` if none."""
    for cell in cells():
        if cell.name == name:
            return {"format": cell.format, "operation": cell.operation, "runtime": list(COLUMNS[cell.column])}
    raise KeyError(name)

"""A rule's conditions in words: where it applies and on which releases.

``hubcompat rules``, ``hubcompat explain``, the rule reference and the SARIF rule
descriptions all describe a rule from the same data the engine evaluates, so what
the documentation says a rule applies to is what the rule really checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pylint_hubcompat.rulebook import matrix
from pylint_hubcompat.rulebook.loading import Alternative, Condition, Rule
from pylint_hubcompat.target import releases

#: How the selectors of a ``when`` table read.
_SELECTOR_WORDS = {"call": "call to", "use": "use of", "import": "import of", "attribute": "attribute"}
_SHORT_PREFIXES = (("tensorflow_hub.", "hub."), ("tensorflow.", "tf."))
#: Runtime modes in words (the ``runtime`` condition).
RUNTIME_WORDS = {"tf1": "TF1", "tf1-compat": "TF1 compat mode", "graph": "a graph context", "tf2": "TF2 eager"}
#: Matrix columns in words.
COLUMN_WORDS = {"tf1": "TF1 / TF1 compat mode", "tf2": "TF2"}


def short_name(name: str) -> str:
    """``tensorflow_hub.KerasLayer`` -> ``hub.KerasLayer`` (the spelling people write)."""
    for long, short in _SHORT_PREFIXES:
        if name.startswith(long):
            return short + name[len(long) :]
    return name


def sites(alternative: Alternative, limit: int | None = None) -> str:
    """``call to hub.KerasLayer() or hub.load()``; at most ``limit`` names, then "and N more"."""
    names = [short_name(n) + ("()" if alternative.selector == "call" else "") for n in alternative.names]
    if alternative.selector == "attribute":
        names = ["." + n for n in alternative.names]
    shown = names if limit is None or len(names) <= limit else [*names[:limit], f"{len(names) - limit} more"]
    return f"{_SELECTOR_WORDS[alternative.selector]} {_or(shown)}"


def condition_words(condition: Condition) -> list[str]:
    """Each part of a condition as a short phrase: facts, runtime mode, versions."""
    words = [_fact(name, values) for name, values in condition.facts]
    if condition.runtimes:
        words.append("in " + _or([RUNTIME_WORDS[r] for r in condition.runtimes]))
    words += [f"{dist} {_spec(spec)}" for dist, spec in condition.versions]
    words += [f"every admitted {dist} {_spec(spec)}" for dist, spec in condition.every]
    return words


def summary(rule: Rule, limit: int | None = 3) -> str:
    """One line: where the rule fires, e.g. ``call to hub.Module(), format tf1-hub or unknown, in TF2 eager, ...``."""
    parts = [", ".join([sites(a, limit), *condition_words(a.condition)]) for a in rule.alternatives]
    return "; or ".join(_dedupe(parts))


def version_lines(rule: Rule) -> list[str]:
    """Which known releases each version condition admits, e.g. ``tensorflow-hub <0.16: 0.1.0-0.15.0``."""
    lines = []
    for alternative in rule.alternatives:
        condition = alternative.condition
        parts = [_admitted(d, s) for d, s in condition.versions]
        parts += [f"every admitted release {_admitted(d, s)}" for d, s in condition.every]
        lines.append(" and ".join(parts) if parts else "every TensorFlow and tensorflow_hub release")
    return _dedupe(lines)


def cell_of(rule: Rule) -> matrix.Cell | None:
    """The compatibility matrix cell the rule derives from, if any."""
    return next((c for c in matrix.cells() if c.name == rule.matrix_cell), None)


def cell_title(cell: matrix.Cell) -> str:
    """``TF1 Hub format / finetune / TF2``."""
    return f"{format_name(cell.format)} / {cell.operation} / {COLUMN_WORDS[cell.column]}"


def format_name(fmt: str) -> str:
    return {"tf1-hub": "TF1 Hub format", "tf2-savedmodel": "TF2 SavedModel"}.get(fmt, fmt)


def _admitted(dist: str, spec: str) -> str:
    found, newer = releases.admitted(dist, releases.specifier_set(spec))
    if not found:
        return f"{dist} {_spec(spec)} (no known release)"
    return f"{dist} {_spec(spec)}: {releases.compact(dist, found)}{' and newer' if newer else ''}"


def _fact(name: str, values: tuple[Any, ...]) -> str:
    if values == (True,):
        return name.replace("_", " ")
    if values == (False,):
        return "not " + name.replace("_", " ")
    return f"{name.replace('_', ' ')} {_or([str(v) for v in values])}"


def _spec(spec: str) -> str:
    # Lower bound first reads better: ">=0.16,<=0.16.1" rather than "<=0.16.1,>=0.16".
    return ",".join(sorted((str(s) for s in releases.specifier_set(spec)), key=lambda s: (not s.startswith(">"), s)))


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))

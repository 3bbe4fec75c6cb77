"""Rules as data: loading and validating ``rules/*.toml``.

One rule record feeds the engine, ``pylint --help-msg``, the generated rule
reference and the tests, so a rule that is malformed must stop the plugin at
load time with the file, the rule and the key named -- never half-load.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from pylint_hubcompat import matrix
from pylint_hubcompat._compat import tomllib
from pylint_hubcompat.locations import builtin_rules_dir
from pylint_hubcompat.vocabulary import DISTRIBUTIONS, FACTS, RUNTIMES, SELECTORS

CATEGORIES = {"error": "E", "warning": "W", "convention": "C", "refactor": "R", "info": "I"}
#: The real environments of tests/runtime; "conflict" pairs TensorFlow 2.21 with tensorflow_hub 0.15.
ENVIRONMENTS = ("legacy", "current", "conflict")
#: Placeholders a message template may use; ``engine`` fills them.
PLACEHOLDERS = frozenset({"call", "handle", "model", "tf", "hub", "keras", "successor", "detail"})

_RULE_KEYS = {
    "id": True, "symbol": True, "category": True, "message": True, "why": True, "fix": True,
    "source": True, "when": True, "example": True, "matrix": False, "note": False, "runtime": False,
    "once_per_module": False,
}
_EXAMPLE_KEYS = {"bad", "good", "target", "good_target"}
_RUNTIME_KEYS = {"env", "good_env", "raises", "match", "skip", "check_bad", "check_good"}
_NOTE_KEYS = {"when", "text"}
_ID = re.compile(r"^[EWCRI]\d{4}$")
_SYMBOL = re.compile(r"^[a-z][a-z-]+[a-z]$")


class RuleError(ValueError):
    """A rule file that cannot be used, with the file, rule and key at fault."""

    def __init__(self, path: str, rule: str | None, key: str | None, problem: str) -> None:
        where = path + (f": rule {rule}" if rule else "") + (f": key '{key}'" if key else "")
        super().__init__(f"{where}: {problem}")


class Condition(NamedTuple):
    """What must hold at a site: facts, runtimes and admitted versions."""

    facts: tuple[tuple[str, tuple[Any, ...]], ...]
    runtimes: tuple[str, ...] | None
    #: Some admitted release of the distribution must satisfy the specifier (its text:
    #: ``releases.specifier_set`` compiles it when a target is first matched).
    versions: tuple[tuple[str, str], ...]
    #: Every admitted release of the distribution must satisfy the specifier.
    every: tuple[tuple[str, str], ...] = ()


class Alternative(NamedTuple):
    """One way a rule applies: which sites it selects and what must hold there."""

    selector: str
    names: tuple[str, ...]
    condition: Condition


class Note(NamedTuple):
    condition: Condition
    text: str


class Rule(NamedTuple):
    id: str
    symbol: str
    category: str
    message: str
    why: str
    fix: str
    source: str
    #: The rule fires where any alternative holds (``when`` may be a list of tables).
    alternatives: tuple[Alternative, ...]
    bad: str
    good: str
    path: str
    matrix_cell: str | None = None
    notes: tuple[Note, ...] = ()
    #: Target versions the examples are linted (and run) with; the good one may differ
    #: when the fix is in the project's configuration rather than in the code.
    example_target: tuple[tuple[str, str], ...] = ()
    good_target: tuple[tuple[str, str], ...] = ()
    runtime: tuple[tuple[str, str], ...] = ()
    #: Report only the first site per module (e.g. an import that fails as a whole).
    once_per_module: bool = False

    def help_text(self) -> str:
        """What ``pylint --help-msg`` shows: why it breaks, the fix, the source."""
        return f"{self.why}\n\nFix: {self.fix}\n\nSource: {self.source}"


@functools.cache
def builtin_rules() -> tuple[Rule, ...]:
    # pylint loads these in every run, and compiling their version specifiers would import
    # packaging.specifiers (~15 ms) for modules that never need them: the shipped rules'
    # specifiers are checked by the test suite instead (tests/test_rulebook.py).
    # The matrix file holds cells, not rules: matrix.cells() reads it when a rule cites one.
    paths = sorted(path for path in builtin_rules_dir().glob("*.toml") if path.name != matrix.MATRIX_FILE)
    return load_rules(paths, check_versions=False)


def load_rules(paths: Iterable[Path], known: Iterable[Rule] = (), check_versions: bool = True) -> tuple[Rule, ...]:
    """Load and validate rule files; ``known`` rules are checked for clashes too.

    ``check_versions=False`` leaves the version specifiers unchecked until a target is matched.
    """
    rules = list(known)
    for path in paths:
        data = _read(path)
        if not isinstance(data.get("rule", []), list):
            raise RuleError(str(path), None, "rule", "must be an array of tables ([[rule]])")
        unknown = set(data) - {"rule"}
        if unknown:
            raise RuleError(str(path), None, sorted(unknown)[0], "unknown top-level key (expected [[rule]])")
        for index, raw in enumerate(data.get("rule", [])):
            rule = _parse_rule(str(path), index, raw)
            if check_versions:
                _check_versions(rule)
            for other in rules:
                for attr in ("symbol", "id"):
                    if getattr(rule, attr) == getattr(other, attr):
                        raise RuleError(
                            str(path), rule.symbol, attr, f"duplicate {attr} {getattr(rule, attr)!r} (also in {other.path})"
                        )
            rules.append(rule)
    return tuple(rules)


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(str(path), None, None, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RuleError(str(path), None, None, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(str(path), None, None, f"invalid TOML: {exc}") from None


def _parse_rule(path: str, index: int, raw: Any) -> Rule:
    name = f"#{index + 1}"
    if not isinstance(raw, dict):
        raise RuleError(path, name, None, "must be a table")
    if isinstance(raw.get("symbol"), str):
        name = repr(raw["symbol"])
    for key, required in _RULE_KEYS.items():
        if required and key not in raw:
            raise RuleError(path, name, key, "missing")
    for key in raw:
        if key not in _RULE_KEYS:
            raise RuleError(path, name, key, f"unknown key (known: {', '.join(_RULE_KEYS)})")

    def text(key: str, table: Mapping[str, Any] = raw, prefix: str = "") -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise RuleError(path, name, prefix + key, "must be a non-empty string")
        return value.strip()

    symbol = text("symbol")
    if not _SYMBOL.match(symbol):
        raise RuleError(path, name, "symbol", "lowercase letters and dashes only (pylint annotations cannot match digits)")
    category = text("category")
    if category not in CATEGORIES:
        raise RuleError(path, name, "category", f"must be one of {', '.join(CATEGORIES)}")
    rule_id = text("id")
    if not _ID.match(rule_id) or rule_id[0] != CATEGORIES[category]:
        raise RuleError(path, name, "id", f"must look like {CATEGORIES[category]}7101 (letter of the category, four digits)")
    message = text("message")
    _check_placeholders(path, name, message)

    tables = raw["when"] if isinstance(raw["when"], list) else [raw["when"]]
    if not tables or not all(isinstance(t, dict) for t in tables):
        raise RuleError(path, name, "when", "must be a table or a list of tables")
    cell = raw.get("matrix")
    if cell is not None:
        try:
            inherited = matrix.conditions(cell)
        except KeyError:
            raise RuleError(path, name, "matrix", f"no matrix cell {cell!r} (known: {', '.join(matrix.cell_names())})") from None
        tables = [{**inherited, **t} for t in tables]
    alternatives = []
    for i, when in enumerate(tables):
        where = "when" if len(tables) == 1 else f"when[{i}]"
        selector, names = _selector(path, name, when, where)
        alternatives.append(Alternative(selector, names, _condition(path, name, when, where)))
    once = raw.get("once_per_module", False)
    if not isinstance(once, bool):
        raise RuleError(path, name, "once_per_module", "must be true or false")

    example = raw["example"]
    if not isinstance(example, dict):
        raise RuleError(path, name, "example", "must be a table with bad and good")
    for key in example:
        if key not in _EXAMPLE_KEYS:
            raise RuleError(path, name, f"example.{key}", f"unknown key (known: {', '.join(sorted(_EXAMPLE_KEYS))})")
    bad, good = text("bad", example, "example."), text("good", example, "example.")
    example_target = _example_target(path, name, example.get("target", {}), "example.target")
    good_target = _example_target(path, name, example.get("good_target", example.get("target", {})), "example.good_target")

    notes = []
    for i, note in enumerate(raw.get("note", [])):
        key = f"note[{i}]"
        if not isinstance(note, dict) or set(note) - _NOTE_KEYS:
            raise RuleError(path, name, key, "must be a table with keys when and text")
        notes.append(Note(_condition(path, name, note.get("when", {}), key + ".when"), text("text", note, key + ".")))

    runtime = raw.get("runtime", {})
    if not isinstance(runtime, dict):
        raise RuleError(path, name, "runtime", "must be a table")
    for key, value in runtime.items():
        if key not in _RUNTIME_KEYS or not isinstance(value, str):
            raise RuleError(path, name, f"runtime.{key}", f"unknown key or not a string (known: {', '.join(sorted(_RUNTIME_KEYS))})")
    if runtime and "skip" not in runtime and runtime.get("env") not in ENVIRONMENTS:
        raise RuleError(path, name, "runtime.env", f"must be one of {', '.join(ENVIRONMENTS)}")
    if runtime.get("good_env", ENVIRONMENTS[0]) not in ENVIRONMENTS:
        raise RuleError(path, name, "runtime.good_env", f"must be one of {', '.join(ENVIRONMENTS)}")

    return Rule(
        id=rule_id, symbol=symbol, category=category, message=message,
        why=text("why"), fix=text("fix"), source=text("source"),
        alternatives=tuple(alternatives), bad=bad, good=good, path=path,
        matrix_cell=cell, notes=tuple(notes), example_target=example_target, good_target=good_target,
        runtime=tuple(sorted(runtime.items())), once_per_module=once,
    )


def _check_placeholders(path: str, name: str, message: str) -> None:
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(message) if f is not None}
    except ValueError as exc:
        raise RuleError(path, name, "message", f"bad template: {exc}") from None
    unknown = fields - PLACEHOLDERS
    if unknown:
        raise RuleError(path, name, "message", f"unknown placeholder {{{sorted(unknown)[0]}}} (known: {', '.join(sorted(PLACEHOLDERS))})")


def _selector(path: str, name: str, when: Mapping[str, Any], where: str) -> tuple[str, tuple[str, ...]]:
    chosen = [key for key in SELECTORS if key in when]
    if len(chosen) != 1:
        raise RuleError(path, name, where, f"needs exactly one of {', '.join(SELECTORS)}")
    values = when[chosen[0]]
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
        raise RuleError(path, name, f"{where}.{chosen[0]}", "must be a name or a list of names")
    return chosen[0], tuple(values)


def _condition(path: str, name: str, when: Any, where: str) -> Condition:
    if not isinstance(when, dict):
        raise RuleError(path, name, where, "must be a table")
    fact_conditions, versions, every, runtimes = [], [], [], None
    for key, value in when.items():
        full = f"{where}.{key}"
        if key in SELECTORS:
            continue
        if key in DISTRIBUTIONS:
            versions.append((key, _specifier(path, name, full, value)))
        elif key == "every":
            if not isinstance(value, dict) or not value or set(value) - set(DISTRIBUTIONS):
                raise RuleError(path, name, full, f"must be a table of distribution = specifier ({', '.join(DISTRIBUTIONS)})")
            every.extend((dist, _specifier(path, name, f"{full}.{dist}", spec)) for dist, spec in value.items())
        elif key == "runtime":
            if value == "any":
                continue
            runtimes = _strings(path, name, full, value, RUNTIMES)
        elif key in FACTS:
            if value == "any":
                continue
            allowed = FACTS[key].values
            values = (value,) if not isinstance(value, list) else tuple(value)
            for v in values:
                if (allowed is bool and not isinstance(v, bool)) or (allowed is not bool and v not in allowed):
                    shown = "true or false" if allowed is bool else ", ".join(map(str, allowed))
                    raise RuleError(path, name, full, f"{v!r} is not a value of this fact (expected {shown})")
            fact_conditions.append((key, values))
        else:
            known = sorted({*SELECTORS, *FACTS, *DISTRIBUTIONS, "runtime", "every"})
            raise RuleError(path, name, full, f"unknown condition (known: {', '.join(known)})")
    return Condition(tuple(fact_conditions), runtimes, tuple(versions), tuple(every))


def _specifier(path: str, name: str, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise RuleError(path, name, key, "must be a version specifier string such as '>=2.16'")
    return value


def _check_versions(rule: Rule) -> None:
    """Every version specifier of ``rule`` compiles (``packaging`` decides what is valid)."""
    from pylint_hubcompat import releases  # pylint: disable=import-outside-toplevel  # see builtin_rules

    conditions = [("when" if len(rule.alternatives) == 1 else f"when[{i}]", a.condition) for i, a in enumerate(rule.alternatives)]
    conditions += [(f"note[{i}].when", note.condition) for i, note in enumerate(rule.notes)]
    keyed = [(f"{where}.{dist}", spec) for where, condition in conditions for dist, spec in condition.versions]
    keyed += [(f"{where}.every.{dist}", spec) for where, condition in conditions for dist, spec in condition.every]
    keyed += [(f"example.target.{dist}", spec) for dist, spec in rule.example_target]
    keyed += [(f"example.good_target.{dist}", spec) for dist, spec in rule.good_target]
    for key, spec in keyed:
        try:
            releases.specifier_set(spec)
        except ValueError:
            raise RuleError(rule.path, repr(rule.symbol), key, f"invalid version specifier {spec!r}") from None


def _strings(path: str, name: str, key: str, value: Any, allowed: tuple[str, ...]) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or any(v not in allowed for v in values):
        raise RuleError(path, name, key, f"must be one or more of {', '.join(allowed)}")
    return tuple(values)


def _example_target(path: str, name: str, target: Any, key: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(target, dict):
        raise RuleError(path, name, key, "must be a table of distribution = specifier")
    for dist, spec in target.items():
        if dist not in DISTRIBUTIONS:
            raise RuleError(path, name, f"{key}.{dist}", f"unknown distribution (known: {', '.join(DISTRIBUTIONS)})")
        _specifier(path, name, f"{key}.{dist}", spec)
    return tuple(sorted(target.items()))


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

from pylint_hubcompat.facts.vocabulary import FACTS, RUNTIMES, SELECTORS, TARGET_FACTS, FactSpec
from pylint_hubcompat.files.locations import builtin_rules_dir
from pylint_hubcompat.files.toml import tomllib
from pylint_hubcompat.rulebook import matrix
from pylint_hubcompat.target.distributions import DISTRIBUTIONS

CATEGORIES = {"error": "E", "warning": "W", "convention": "C", "refactor": "R", "info": "I"}
#: Placeholders a message template may use; ``engine`` fills them.
PLACEHOLDERS = frozenset(
    {"call", "handle", "model", "tf", "hub", "keras", "setuptools", "clash", "successor", "detail"}
)

_RULE_KEYS = {
    "id": True,
    "symbol": True,
    "category": True,
    "message": True,
    "why": True,
    "fix": True,
    "source": True,
    "when": True,
    "example": True,
    "matrix": False,
    "note": False,
    "runtime": False,
    "once_per_module": False,
    "as_installed": False,
    "autofix": False,
}
_EXAMPLE_KEYS = {"bad", "good", "target", "good_target", "locked", "fixed"}
_NOTE_KEYS = {"when", "text"}
_AUTOFIX_KEYS = {"fixer", "safety", "title", "why", "none"}
#: A fix keeps behaviour on every admitted release (safe), or changes it as the rule explains (unsafe).
SAFETIES = ("safe", "unsafe")
_ID = re.compile(r"[EWCRI][0-9]{4}")
_SYMBOL = re.compile(r"[a-z][a-z-]+[a-z]")
_FIXER = re.compile(r"[a-z][a-z0-9-]+[a-z0-9]")
#: A user's rule file bigger than this is not read: the shipped ones together are a tenth of it.
MAX_RULE_FILE_BYTES = 4 * 1024 * 1024
#: How much of a key or a value of the file a message shows: enough to find it, never a payload.
_SHOWN_CHARS = 40


class RuleError(ValueError):
    """A rule file that cannot be used, with the file, rule and key at fault."""

    def __init__(self, path: str, rule: str | None, key: str | None, problem: str) -> None:
        # Keys come from the file (and file names from a directory): a message line must not
        # carry their newlines, nor a key's length.
        key_text = f": key '{_escaped(key[:_SHOWN_CHARS])}{'...' if len(key) > _SHOWN_CHARS else ''}'" if key else ""
        super().__init__(f"{_escaped(path)}" + (f": rule {rule}" if rule else "") + f"{key_text}: {problem}")


def _escaped(text: str) -> str:
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _shown(value: Any) -> str:
    """A value of the file as a message may show it: a short string, else what kind of value it is."""
    if isinstance(value, str):
        return repr(value) if len(value) <= _SHOWN_CHARS else repr(value[:_SHOWN_CHARS]) + "..."
    if isinstance(value, bool):
        return "true" if value else "false"
    kinds = ((int, "an integer"), (float, "a float"), (list, "an array"), (dict, "a table"))
    return next((kind for cls, kind in kinds if isinstance(value, cls)), "a date or time")


class Condition(NamedTuple):
    """What must hold at a site: facts, runtimes and admitted versions."""

    facts: tuple[tuple[str, tuple[Any, ...]], ...]
    runtimes: tuple[str, ...] | None
    #: Some admitted release of the distribution must satisfy the specifier (its text:
    #: ``releases.specifier_set`` compiles it when a target is first matched).
    versions: tuple[tuple[str, str], ...]
    #: Every admitted release of the distribution must satisfy the specifier.
    every: tuple[tuple[str, str], ...] = ()
    #: Facts of the project's environment (``vocabulary.TARGET_FACTS``), not of the site.
    target_facts: tuple[tuple[str, tuple[Any, ...]], ...] = ()


class Alternative(NamedTuple):
    """One way a rule applies: which sites it selects and what must hold there."""

    selector: str
    names: tuple[str, ...]
    condition: Condition


class Note(NamedTuple):
    condition: Condition
    text: str


class Autofix(NamedTuple):
    """How a rule's findings are fixed: the fixer (``fixes.registry``), its level and why."""

    fixer: str
    safety: str
    #: What the fix does, in one line (a code action's title).
    title: str
    #: Why the level is what it is: what stays the same, or what changes.
    why: str


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
    #: Report only the first site per module (e.g. an import that fails as a whole).
    once_per_module: bool = False
    #: Judge the one environment pip installs for the declarations, not every admitted release.
    as_installed: bool = False
    #: The example targets are what a lock file holds (installed as they are), not declared ranges.
    example_locked: bool = False
    autofix: Autofix | None = None
    #: Why the rule has no automatic fix, where it says so.
    no_fix: str = ""
    #: The bad example as ``hubcompat fix --unsafe-fixes`` leaves it (the tests prove it); "" if
    #: the fix edits only the project's dependency files.
    fixed: str = ""

    def help_text(self) -> str:
        """What ``pylint --help-msg`` shows: why it breaks, the fix, the source."""
        return f"{self.why}\n\nFix: {self.fix}\n\nSource: {self.source}"


@functools.cache
def builtin_rules() -> tuple[Rule, ...]:
    # pylint loads these in every run, and compiling their version specifiers would import
    # packaging.specifiers (~15 ms) for modules that never need them: the shipped rules'
    # specifiers are checked by the test suite instead (tests/rulebook/test_rulebook.py).
    # The matrix file holds cells, not rules: matrix.cells() reads it when a rule cites one.
    paths = sorted(path for path in builtin_rules_dir().glob("*.toml") if path.name != matrix.MATRIX_FILE)
    return load_rules(paths, check_versions=False, shipped=True)


def load_rules(
    paths: Iterable[Path], known: Iterable[Rule] = (), check_versions: bool = True, *, shipped: bool = False
) -> tuple[Rule, ...]:
    """Load and validate rule files; ``known`` rules are checked for clashes too.

    ``check_versions=False`` leaves the version specifiers unchecked until a target is matched.
    Files not ``shipped`` with the package are a user's: they are read with the care and the
    size limit of :mod:`pylint_hubcompat.files.reading` (the shipped ones are read as in every run).
    """
    rules = list(known)
    # Dictionaries, not a scan of the rules so far: a file of many small rules stays linear.
    owners: dict[str, dict[str, Rule]] = {"symbol": {}, "id": {}}
    for other in rules:
        owners["symbol"].setdefault(other.symbol, other)
        owners["id"].setdefault(other.id, other)
    for path in paths:
        data = _read(path, shipped)
        if not isinstance(data.get("rule", []), list):
            raise RuleError(str(path), None, "rule", "must be an array of tables ([[rule]])")
        unknown = set(data) - {"rule"}
        if unknown:
            raise RuleError(str(path), None, min(unknown), "unknown top-level key (expected [[rule]])")
        for index, raw in enumerate(data.get("rule", [])):
            rule = _parse_rule(str(path), index, raw)
            if check_versions:
                _check_versions(rule)
            for attr in ("symbol", "id"):
                other = owners[attr].setdefault(getattr(rule, attr), rule)
                if other is not rule:
                    problem = f"duplicate {attr} {getattr(rule, attr)!r} (also in {other.path})"
                    raise RuleError(str(path), repr(rule.symbol), attr, problem)
            rules.append(rule)
    return tuple(rules)


def _read(path: Path, shipped: bool) -> dict[str, Any]:
    text = _text(path, shipped)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(str(path), None, None, f"invalid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise RuleError(str(path), None, None, "invalid TOML: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise RuleError(str(path), None, None, f"invalid TOML: {str(exc).split(':', 1)[0]}") from None


def _text(path: Path, shipped: bool) -> str:
    if not shipped:
        from pylint_hubcompat.files import reading  # pylint: disable=import-outside-toplevel  # only with rules-path

        try:
            return reading.read_text(path, MAX_RULE_FILE_BYTES)
        except reading.UnreadableFile as exc:
            raise RuleError(str(path), None, None, str(exc)) from None
        except ValueError:  # a NUL in the name, which only a configuration file can give
            raise RuleError(str(path), None, None, "cannot read: not a file name") from None
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(str(path), None, None, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RuleError(str(path), None, None, "not UTF-8 text") from None


def _parse_rule(path: str, index: int, raw: Any) -> Rule:
    name = f"#{index + 1}"
    if not isinstance(raw, dict):
        raise RuleError(path, name, None, "must be a table")
    symbol = raw.get("symbol")
    if isinstance(symbol, str) and symbol.strip().isprintable() and 0 < len(symbol.strip()) <= _SHOWN_CHARS:
        name = repr(symbol.strip())
    for key, required in _RULE_KEYS.items():
        if required and key not in raw:
            raise RuleError(path, name, key, "missing")
    for key in raw:
        if key not in _RULE_KEYS:
            raise RuleError(path, name, key, f"unknown key (known: {', '.join(_RULE_KEYS)})")
    symbol, category, rule_id, message = _identity(path, name, raw)
    alternatives = _alternatives(path, name, raw)
    cell = raw.get("matrix")
    bad, good, example_target, good_target = _examples(path, name, raw["example"])
    notes = _notes(path, name, raw.get("note", []))
    _check_runtime(path, name, raw.get("runtime", {}))
    autofix, no_fix = _autofix(path, name, raw.get("autofix"))
    fixed = _string(path, name, raw["example"], "fixed", "example.") if "fixed" in raw["example"] else ""
    if fixed and autofix is None:
        raise RuleError(path, name, "example.fixed", "shows a fix, but the rule has no [rule.autofix] fixer")
    return Rule(
        id=rule_id,
        symbol=symbol,
        category=category,
        message=message,
        why=_string(path, name, raw, "why"),
        fix=_string(path, name, raw, "fix"),
        source=_string(path, name, raw, "source"),
        alternatives=alternatives,
        bad=bad,
        good=good,
        path=path,
        matrix_cell=cell,
        notes=notes,
        example_target=example_target,
        good_target=good_target,
        once_per_module=_flag(path, name, raw, "once_per_module"),
        as_installed=_flag(path, name, raw, "as_installed"),
        example_locked=_flag(path, name, raw["example"], "locked", "example."),
        autofix=autofix,
        no_fix=no_fix,
        fixed=fixed,
    )


def _autofix(path: str, name: str, table: Any) -> tuple[Autofix | None, str]:
    """The ``[rule.autofix]`` table: a fixer with its level, or ``none`` = why there is no fix."""
    if table is None:
        return None, ""
    if not isinstance(table, dict):
        raise RuleError(path, name, "autofix", "must be a table")
    for key in table:
        if key not in _AUTOFIX_KEYS:
            raise RuleError(path, name, f"autofix.{key}", f"unknown key (known: {', '.join(sorted(_AUTOFIX_KEYS))})")
    if "none" in table:
        if len(table) > 1:
            raise RuleError(path, name, "autofix.none", "says there is no fix: no other autofix key goes with it")
        return None, _string(path, name, table, "none", "autofix.")
    for key in ("fixer", "safety", "title", "why"):
        if key not in table:
            raise RuleError(path, name, f"autofix.{key}", "missing")
    fixer = _string(path, name, table, "fixer", "autofix.")
    if not _FIXER.fullmatch(fixer):
        raise RuleError(path, name, "autofix.fixer", "must be a fixer name such as 'tf2-successor'")
    safety = _string(path, name, table, "safety", "autofix.")
    if safety not in SAFETIES:
        raise RuleError(path, name, "autofix.safety", f"must be one of {', '.join(SAFETIES)}")
    title = _string(path, name, table, "title", "autofix.")
    return Autofix(fixer, safety, title, _string(path, name, table, "why", "autofix.")), ""


def _flag(path: str, name: str, table: Mapping[str, Any], key: str, prefix: str = "") -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise RuleError(path, name, prefix + key, "must be true or false")
    return value


def _string(path: str, name: str, table: Mapping[str, Any], key: str, prefix: str = "") -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RuleError(path, name, prefix + key, "must be a non-empty string")
    return value.strip()


def _identity(path: str, name: str, raw: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """``(symbol, category, id, message)``, each as pylint will take it."""
    symbol = _string(path, name, raw, "symbol")
    if not _SYMBOL.fullmatch(symbol):
        raise RuleError(
            path, name, "symbol", "lowercase letters and dashes only (pylint annotations cannot match digits)"
        )
    category = _string(path, name, raw, "category")
    if category not in CATEGORIES:
        raise RuleError(path, name, "category", f"must be one of {', '.join(CATEGORIES)}")
    rule_id = _string(path, name, raw, "id")
    if not _ID.fullmatch(rule_id) or rule_id[0] != CATEGORIES[category]:
        raise RuleError(
            path, name, "id", f"must look like {CATEGORIES[category]}7101 (letter of the category, four digits)"
        )
    message = _string(path, name, raw, "message")
    _check_placeholders(path, name, message)
    return symbol, category, rule_id, message


def _alternatives(path: str, name: str, raw: Mapping[str, Any]) -> tuple[Alternative, ...]:
    """The ``when`` tables, with the conditions of the matrix cell the rule cites."""
    tables = raw["when"] if isinstance(raw["when"], list) else [raw["when"]]
    if not tables or not all(isinstance(t, dict) for t in tables):
        raise RuleError(path, name, "when", "must be a table or a list of tables")
    cell = raw.get("matrix")
    if cell is not None:
        if not isinstance(cell, str):
            raise RuleError(path, name, "matrix", "must be the name of a matrix cell such as 'tf1-hub/load/tf2'")
        try:
            inherited = matrix.conditions(cell)
        except KeyError:
            known_cells = ", ".join(matrix.cell_names())
            raise RuleError(path, name, "matrix", f"no matrix cell {_shown(cell)} (known: {known_cells})") from None
        tables = [{**inherited, **t} for t in tables]
    alternatives = []
    for i, when in enumerate(tables):
        where = "when" if len(tables) == 1 else f"when[{i}]"
        selector, names = _selector(path, name, when, where)
        alternatives.append(Alternative(selector, names, _condition(path, name, when, where)))
    return tuple(alternatives)


def _examples(
    path: str, name: str, example: Any
) -> tuple[str, str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """``(bad, good, target, good_target)`` of ``[rule.example]``."""
    if not isinstance(example, dict):
        raise RuleError(path, name, "example", "must be a table with bad and good")
    for key in example:
        if key not in _EXAMPLE_KEYS:
            raise RuleError(path, name, f"example.{key}", f"unknown key (known: {', '.join(sorted(_EXAMPLE_KEYS))})")
    bad, good = _string(path, name, example, "bad", "example."), _string(path, name, example, "good", "example.")
    target = _example_target(path, name, example.get("target", {}), "example.target")
    good_target = _example_target(
        path, name, example.get("good_target", example.get("target", {})), "example.good_target"
    )
    return bad, good, target, good_target


def _notes(path: str, name: str, raw_notes: Any) -> tuple[Note, ...]:
    if not isinstance(raw_notes, list):
        raise RuleError(path, name, "note", "must be an array of tables ([[rule.note]])")
    notes = []
    for i, note in enumerate(raw_notes):
        key = f"note[{i}]"
        if not isinstance(note, dict) or set(note) - _NOTE_KEYS:
            raise RuleError(path, name, key, "must be a table with keys when and text")
        condition = _condition(path, name, note.get("when", {}), key + ".when")
        notes.append(Note(condition, _string(path, name, note, "text", key + ".")))
    return tuple(notes)


def _check_runtime(path: str, name: str, runtime: Any) -> None:
    """The proof on real TensorFlow: tests/runtime reads and validates what its keys mean."""
    if not isinstance(runtime, dict):
        raise RuleError(path, name, "runtime", "must be a table")
    for key, value in runtime.items():
        if not isinstance(value, str):
            raise RuleError(path, name, f"runtime.{key}", "must be a string")


def _check_placeholders(path: str, name: str, message: str) -> None:
    try:
        parsed = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(message) if f is not None]
    except ValueError as exc:
        raise RuleError(path, name, "message", f"bad template: {exc}") from None
    if any(spec or conv for _, spec, conv in parsed):
        # A width is text the message would carry ({call:>999999999} is a gigabyte of spaces).
        raise RuleError(path, name, "message", "placeholders take no format spec or conversion ({call}, not {call:>9})")
    fields = {f for f, _, _ in parsed}
    unknown = fields - PLACEHOLDERS
    if unknown:
        known = ", ".join(sorted(PLACEHOLDERS))
        raise RuleError(path, name, "message", f"unknown placeholder {{{min(unknown)}}} (known: {known})")


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
    fact_conditions: list[tuple[str, tuple[Any, ...]]] = []
    target_facts: list[tuple[str, tuple[Any, ...]]] = []
    versions: list[tuple[str, str]] = []
    every: list[tuple[str, str]] = []
    runtimes: tuple[str, ...] | None = None
    for key, value in when.items():
        full = f"{where}.{key}"
        if key in SELECTORS:
            continue
        if key in DISTRIBUTIONS:
            versions.append((key, _specifier(path, name, full, value)))
        elif key == "every":
            if not isinstance(value, dict) or not value or set(value) - set(DISTRIBUTIONS):
                raise RuleError(
                    path, name, full, f"must be a table of distribution = specifier ({', '.join(DISTRIBUTIONS)})"
                )
            every.extend((dist, _specifier(path, name, f"{full}.{dist}", spec)) for dist, spec in value.items())
        elif key == "runtime":
            if value == "any":
                continue
            runtimes = _strings(path, name, full, value, RUNTIMES)
        elif key in FACTS or key in TARGET_FACTS:
            if value == "any":
                continue
            spec = FACTS.get(key) or TARGET_FACTS[key]
            found = fact_conditions if key in FACTS else target_facts
            found.append((key, _fact_values(path, name, full, spec, value)))
        else:
            known = sorted({*SELECTORS, *FACTS, *TARGET_FACTS, *DISTRIBUTIONS, "runtime", "every"})
            raise RuleError(path, name, full, f"unknown condition (known: {', '.join(known)})")
    return Condition(tuple(fact_conditions), runtimes, tuple(versions), tuple(every), tuple(target_facts))


def _fact_values(path: str, name: str, key: str, spec: FactSpec, value: Any) -> tuple[Any, ...]:
    allowed = spec.values
    values = (value,) if not isinstance(value, list) else tuple(value)
    expected = "true or false" if allowed is bool else ", ".join(map(str, allowed))
    if not values:
        raise RuleError(path, name, key, f"must not be empty (expected one or more of {expected})")
    for v in values:
        if (allowed is bool and not isinstance(v, bool)) or (allowed is not bool and v not in allowed):
            raise RuleError(path, name, key, f"{_shown(v)} is not a value of this fact (expected {expected})")
    return values


def _specifier(path: str, name: str, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise RuleError(path, name, key, "must be a version specifier string such as '>=2.16'")
    return value


def _check_versions(rule: Rule) -> None:
    """Every version specifier of ``rule`` compiles (``packaging`` decides what is valid)."""
    from pylint_hubcompat.target import releases  # pylint: disable=import-outside-toplevel  # see builtin_rules

    conditions = [
        ("when" if len(rule.alternatives) == 1 else f"when[{i}]", a.condition) for i, a in enumerate(rule.alternatives)
    ]
    conditions += [(f"note[{i}].when", note.condition) for i, note in enumerate(rule.notes)]
    keyed = [(f"{where}.{dist}", spec) for where, condition in conditions for dist, spec in condition.versions]
    keyed += [(f"{where}.every.{dist}", spec) for where, condition in conditions for dist, spec in condition.every]
    keyed += [(f"example.target.{dist}", spec) for dist, spec in rule.example_target]
    keyed += [(f"example.good_target.{dist}", spec) for dist, spec in rule.good_target]
    for key, spec in keyed:
        try:
            releases.specifier_set(spec)
        except ValueError:
            raise RuleError(rule.path, repr(rule.symbol), key, f"invalid version specifier {_shown(spec)}") from None


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

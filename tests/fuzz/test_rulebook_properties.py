"""The rule-file loader on random and mutated TOML: a rule or a RuleError, never another exception."""

from __future__ import annotations

import datetime
import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pylint_hubcompat.rulebook import proofs as rule_proofs
from pylint_hubcompat.files.toml import tomllib
from pylint_hubcompat.files.locations import builtin_rules_dir
from pylint_hubcompat.rulebook.loading import RuleError, builtin_rules, load_rules
from pylint_hubcompat.facts.vocabulary import FACTS, SELECTORS
from pylint_hubcompat.target.distributions import DISTRIBUTIONS
from tests.target.detection.test_properties import mutated
from tests.fuzz.helpers import FUZZ

#: A user rule file: the shipped compatibility rules, renumbered so they do not clash.
SOURCE = re.sub(r'symbol = "([a-z-]+)"', r'symbol = "team-\1"', (builtin_rules_dir() / "compatibility.toml").read_text())
SOURCE = re.sub(r'id = "([EW])71', r'id = "\g<1>89', SOURCE)
ASSIGNMENT = re.compile(r"^([A-Za-z_.-]+) = .*$", re.MULTILINE)
VALUES = st.sampled_from(
    ['1', '-1', '1.5', 'true', '[]', '{}', '""', '"x"', '"<<2"', '"{nope}"', '[1, "a"]', '{ a = 1 }', '"tf1-hub"',
     '"E7101"', '"hub-module-eager"', '"any"', '["tensorflow_hub.Module", 3]', '"1979-05-27"', '1979-05-27', 'nan', 'inf',
     '"""\nmulti\n"""', "'''\nimport tensorflow_hub as hub\nhub.Module(1)\n'''", '{ tensorflow = "==x" }']
)


def load(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "team.toml"
        path.write_text(text, encoding="utf-8", errors="replace")
        try:
            load_rules([path])
        except RuleError as error:
            assert str(error)  # a message naming the file at least
            assert "team.toml" in str(error)


def test_the_unmutated_user_file_loads():
    assert load_rules_from_text(SOURCE)


def load_rules_from_text(text: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "team.toml"
        path.write_text(text, encoding="utf-8")
        return load_rules([path])


@FUZZ
@given(st.one_of(mutated(SOURCE), st.text(max_size=200)))
def test_mutated_or_random_text_loads_or_raises_rule_error(text):
    load(text)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 10_000), VALUES), min_size=1, max_size=4))
def test_any_value_under_any_key_loads_or_raises_rule_error(swaps):
    """Structure-aware mutation: the TOML stays valid, the values become anything."""
    text = SOURCE
    for position, value in swaps:
        lines = list(ASSIGNMENT.finditer(text))
        match = lines[position % len(lines)]
        text = text[: match.start()] + f"{match.group(1)} = {value}" + text[match.end() :]
    load(text)


@FUZZ
@given(st.binary(max_size=200))
def test_bytes_that_are_not_utf8_raise_rule_error(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "team.toml"
        path.write_bytes(data)
        try:
            load_rules([path])
        except RuleError:
            pass


# -- rule tables whose values are of any type: what a user may write by mistake ---------------------------

#: A valid team rule as tomllib reads it; the properties below break it key by key.
TEAM_RULE: dict[str, Any] = {
    "id": "E9901",
    "symbol": "team-no-hub-load",
    "category": "error",
    "message": "{call}() is not allowed in serving code ({hub})",
    "why": "Serving loads models once, in the server.",
    "fix": "Receive the model from the server.",
    "source": "team policy",
    "when": {"call": "tensorflow_hub.load", "tensorflow-hub": ">=0.7"},
    "note": [{"when": {"tensorflow-hub": "<0.8"}, "text": "Before 0.8 it is worse."}],
    "example": {
        "bad": "import tensorflow_hub as hub\nhub.load('x')\n",
        "good": "import tensorflow_hub as hub\n",
        "target": {"tensorflow": "==2.15.1", "tensorflow-hub": "==0.15.0"},
    },
    "runtime": {"env": "legacy", "raises": "ValueError", "match": "no"},
    "once_per_module": False,
}
#: Keys a rule file may hold at some level, and some it may not.
KEYS = st.sampled_from(
    sorted({*TEAM_RULE, "matrix", "good", "good_target", "skip", "good_env", "text", *SELECTORS, *FACTS,
            *DISTRIBUTIONS, "every"})
) | st.text(max_size=6)
#: Strings that mean something somewhere in a rule, so that a wrong key gets a plausible value too.
WORDS = st.sampled_from(
    ["tensorflow_hub.load", "tf1-hub", "any", ">=2", "==x", "E9901", "W9901", "team-x", "error", "legacy", "tf2",
     "tf1-hub/load/tf2", "{call}", "{nope}", "{call!r}", "import tensorflow_hub as hub\nhub.load(1)\n", "hub.load(",
     "", " "]
)
SCALARS = (
    st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | WORDS
    | st.dates() | st.datetimes().map(lambda d: d.replace(fold=0)) | st.times().map(lambda t: t.replace(fold=0))
)
TOML_VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3), max_leaves=8
)
#: Every place of a rule's schema, and a few places outside it.
KNOWN_PLACES: list[tuple[Any, ...]] = [
    *((key,) for key in (*TEAM_RULE, "matrix")),
    *(("when", key) for key in (*SELECTORS, *FACTS, *DISTRIBUTIONS, "runtime", "every")),
    ("when", "every", "tensorflow"),
    *(("example", key) for key in ("bad", "good", "target", "good_target")),
    ("example", "target", "tensorflow"), ("example", "good_target", "keras"), ("example", "target", "nope"),
    *(("runtime", key) for key in ("env", "good_env", "raises", "match", "skip", "check_bad", "check_good")),
    ("note", 0), ("note", 0, "when"), ("note", 0, "text"), ("note", 0, "when", "tensorflow-hub"), ("note", 0, "nope"),
]
#: Delete the key instead of setting it.
MISSING = object()
#: One value of every TOML type, and empty ones: the wrong type for most places.
ONE_OF_EACH = [0, -1, 1.5, float("nan"), True, False, "", "x", datetime.date(1979, 5, 27),
               datetime.datetime(1979, 5, 27, 7, 32), datetime.time(7, 32), [], [1], ["x", 1], [[["x"]]], [{}], {},
               {"a": 1}, {"tensorflow": 1}, MISSING]
#: Where in a rule a value goes: mostly a place of its schema, else a key of the rule, one of its tables or notes.
PLACES = (
    st.sampled_from(KNOWN_PLACES)
    | st.tuples(KEYS)
    | st.tuples(st.sampled_from(["when", "example", "runtime"]), KEYS)
    | st.tuples(st.just("note"), st.just(0), KEYS)
)


def toml(value: Any) -> str:
    """``value`` as TOML, inline (tomllib has no writer)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(value), repr(value))
    if isinstance(value, str):
        return '"' + "".join(_escaped(c) for c in value) + '"'
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{toml(str(k))} = {toml(v)}" for k, v in value.items()) + "}"


def _escaped(char: str) -> str:
    if char in '"\\':
        return "\\" + char
    return f"\\u{ord(char):04x}" if ord(char) < 0x20 or ord(char) == 0x7F else char


def rule_file(table: dict[str, Any]) -> str:
    return "[[rule]]\n" + "".join(f"{toml(key)} = {toml(value)}\n" for key, value in table.items())


def changed(table: dict[str, Any], changes: list[tuple[tuple[Any, ...], Any]]) -> dict[str, Any]:
    """``table`` with each value set (or deleted) at its place; a missing level becomes a table."""
    result = tomllib.loads(rule_file(table))["rule"][0]  # a deep copy
    for place, value in changes:
        level: Any = result
        for step in place[:-1]:
            if isinstance(level, list) and isinstance(step, int) and step < len(level):
                level = level[step]
                continue
            if not isinstance(level, dict):
                break
            if not isinstance(level.get(step), (dict, list)):
                level[step] = {}
            level = level[step]
        else:
            if isinstance(level, dict):
                if value is MISSING:
                    level.pop(place[-1], None)
                else:
                    level[place[-1]] = value
    return result


def test_the_team_rule_is_valid_and_proven() -> None:
    """Else the properties below would only ever see RuleErrors."""
    assert tomllib.loads(rule_file(TEAM_RULE)) == {"rule": [TEAM_RULE]}
    rules = load_rules_from_text(rule_file(TEAM_RULE))
    rule_proofs.prove(rules, builtin_rules())


@FUZZ
@given(TOML_VALUES)
def test_the_writer_writes_what_tomllib_reads(value):
    assert repr(tomllib.loads(f"x = {toml(value)}")["x"]) == repr(value)


@FUZZ
@given(st.lists(st.tuples(PLACES, st.sampled_from(ONE_OF_EACH) | TOML_VALUES), min_size=1, max_size=3))
def test_values_of_any_type_anywhere_in_a_rule_give_a_rule_or_a_rule_error(changes):
    """Every malformed value is a RuleError naming the file, never a TypeError (``note = 3``) or worse;
    a rule that loads is then proven by its examples, with the same promise."""
    load_and_prove(changed(TEAM_RULE, changes))


def test_every_place_of_the_schema_with_every_type_gives_a_rule_or_a_rule_error():
    """The same, exhaustively for one change: random tables are unlikely to hit each place with each type."""
    for place in KNOWN_PLACES:
        for value in ONE_OF_EACH:
            load_and_prove(changed(TEAM_RULE, [(place, value)]))


def load_and_prove(table: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "team.toml"
        path.write_text(rule_file(table), encoding="utf-8")
        try:
            rules = load_rules([path], known=builtin_rules())[len(builtin_rules()) :]
            rule_proofs.prove(rules, builtin_rules())
        except RuleError as error:
            assert str(error).startswith(str(path) + ": "), error
            assert "\n" not in str(error)

"""The rule-file loader on random and mutated TOML: a rule or a RuleError, never another exception."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pylint_hubcompat.rulebook import RuleError, builtin_rules_dir, load_rules
from tests.detection.test_properties import mutated
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

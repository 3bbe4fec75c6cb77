"""Every rule documents itself with a bad and a good example; both are linted here.

The bad example must raise exactly that rule's message (once, and nothing else);
the good example must raise nothing.  Each is linted in a fresh project directory
with the example's target versions, as a user would lint it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pylint_hubcompat.rulebook.loading import Rule, builtin_rules
from tests.lint import lint_snippet
from tests.trees import write_tree

RULES = builtin_rules()


def _project(tmp_path: Path, versions: tuple[tuple[str, str], ...], locked: bool = False) -> Path:
    """A project whose requirements.txt declares the example's target, or whose uv.lock holds it (``locked``)."""
    if locked:
        write_tree(tmp_path, {"uv.lock": "version = 1\n" + "".join(_locked(d, s) for d, s in versions)})
    elif versions:
        write_tree(tmp_path, {"requirements.txt": "".join(f"{dist}{spec}\n" for dist, spec in versions)})
    return tmp_path


def _locked(distribution: str, specifier: str) -> str:
    return f'\n[[package]]\nname = "{distribution}"\nversion = "{specifier.removeprefix("==")}"\n'


def _spells_the_api(rule: Rule, line: str) -> bool:
    """Whether ``line`` names one of the APIs the rule selects (``hub.KerasLayer(...)``, ``tf.estimator``...)."""
    return any(name.rsplit(".", 1)[-1] in line for alternative in rule.alternatives for name in alternative.names)


@pytest.mark.parametrize("rule", RULES, ids=[r.symbol for r in RULES])
def test_bad_example_raises_exactly_its_message_where_it_calls_the_api(rule: Rule, tmp_path: Path) -> None:
    messages = lint_snippet(_project(tmp_path, rule.example_target, rule.example_locked), rule.bad)
    assert [symbol for symbol, _, _ in messages] == [rule.symbol], messages
    [(_, line, _)] = messages
    assert _spells_the_api(rule, rule.bad.splitlines()[line - 1]), (line, rule.bad)


@pytest.mark.parametrize("rule", RULES, ids=[r.symbol for r in RULES])
def test_good_example_raises_nothing(rule: Rule, tmp_path: Path) -> None:
    assert lint_snippet(_project(tmp_path, rule.good_target, rule.example_locked), rule.good) == []

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

RULES = builtin_rules()


def _options(versions: tuple[tuple[str, str], ...]) -> list[str]:
    target = dict(versions)
    options = []
    if "tensorflow" in target:
        options.append(f"--tf-version={target['tensorflow']}")
    if "tensorflow-hub" in target:
        options.append(f"--hub-version={target['tensorflow-hub']}")
    return options


@pytest.mark.parametrize("rule", RULES, ids=[r.symbol for r in RULES])
def test_bad_example_raises_exactly_its_message(rule: Rule, tmp_path: Path) -> None:
    messages = lint_snippet(tmp_path, rule.bad, _options(rule.example_target))
    assert [symbol for symbol, _, _ in messages] == [rule.symbol], messages


@pytest.mark.parametrize("rule", RULES, ids=[r.symbol for r in RULES])
def test_good_example_raises_nothing(rule: Rule, tmp_path: Path) -> None:
    assert lint_snippet(tmp_path, rule.good, _options(rule.good_target)) == []

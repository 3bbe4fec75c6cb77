"""Every fix is proven on its rule's own example: the fixed bad example is a good example.

``hubcompat fix --unsafe-fixes`` on the bad example, in a project with the example's
target, must give exactly ``example.fixed``; that code must lint clean of every
hubcompat rule under the same target, and a second fix must change nothing.  Rules
whose fix edits the project's dependency file are proven on a project that declares
the example's target: after the fix, the same code lints clean.  (tests/runtime runs
each fixed example to the good example's effect on real TensorFlow.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pylint_hubcompat.fixes import registry
from pylint_hubcompat.rulebook.loading import Rule, builtin_rules
from tests.lint import fix_file, fix_snippet, lint_file, lint_snippet
from tests.rulebook.test_rule_examples import _project

RULES = builtin_rules()
CODE_FIXES = [r for r in RULES if r.autofix and not registry.FIXERS[r.autofix.fixer].startswith("dependencies.")]
DEPENDENCY_FIXES = [r for r in RULES if r.autofix and registry.FIXERS[r.autofix.fixer].startswith("dependencies.")]


def _ids(rules: list[Rule]) -> list[str]:
    return [r.symbol for r in rules]


@pytest.mark.parametrize("rule", CODE_FIXES, ids=_ids(CODE_FIXES))
def test_fixing_the_bad_example_gives_the_fixed_example(rule: Rule, tmp_path: Path) -> None:
    assert rule.fixed, f"{rule.symbol}: a code fix needs example.fixed (the bad example after `hubcompat fix`)"
    project = _project(tmp_path, rule.example_target, rule.example_locked)
    assert fix_snippet(project, rule.bad + "\n") == rule.fixed + "\n"


@pytest.mark.parametrize("rule", CODE_FIXES, ids=_ids(CODE_FIXES))
def test_the_fixed_example_lints_clean_and_fixes_to_itself(rule: Rule, tmp_path: Path) -> None:
    project = _project(tmp_path, rule.example_target, rule.example_locked)
    assert lint_snippet(project, rule.fixed + "\n") == []
    assert fix_file(project / "example.py") == rule.fixed + "\n"


@pytest.mark.parametrize("rule", DEPENDENCY_FIXES, ids=_ids(DEPENDENCY_FIXES))
def test_a_dependency_fix_makes_the_bad_example_lint_clean(rule: Rule, tmp_path: Path) -> None:
    project = _project(tmp_path, rule.example_target, rule.example_locked)
    code = project / "example.py"
    code.write_text(rule.bad + "\n", encoding="utf-8")
    from pylint_hubcompat.cli import fix

    outcome = fix.fix(fix.Session([], [str(code)]), fix.Choice(unsafe=True))
    changed = {Path(p).name: f.text for p, f in outcome.files.items()}
    assert set(changed) == {"requirements.txt"}, changed
    (project / "requirements.txt").write_text(changed["requirements.txt"], encoding="utf-8")
    assert lint_file(code) == []
    assert fix.fix(fix.Session([], [str(code)]), fix.Choice(unsafe=True)).files == {}


def test_every_fixer_a_rule_names_exists() -> None:
    for rule in RULES:
        if rule.autofix is not None:
            assert callable(registry.fixer(rule.autofix.fixer)), rule.symbol


def test_a_rule_without_a_fix_says_why_where_a_person_must_redesign() -> None:
    estimator = next(r for r in RULES if r.symbol == "tf-estimator-removed")
    assert estimator.autofix is None
    assert "redesign" in estimator.no_fix

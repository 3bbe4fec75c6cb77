"""Every rule with a ``[rule.runtime]`` table, proven on real TensorFlow.

For each such rule:

* its bad example, run in ``runtime.env``, raises ``runtime.raises`` with
  ``runtime.match`` in the message (or, for a silent failure, the bad example
  followed by ``runtime.check_bad`` runs and so shows the wrong behaviour);
* its good example (followed by ``runtime.check_good``, if any) runs cleanly;
* pylint with the plugin, told the versions installed in that environment,
  flags the bad example with the rule's symbol and leaves the good one alone.

A ``runtime.skip`` reason turns all three into an explicit, reported skip.
"""

from __future__ import annotations

import pytest

from envs import runtime_versions
from harness import OK, RAISED
from linting import checker_options_missing, lint_sources
from witness_report import message_line
from witness_rules import Witness, good_env, load_witnesses, with_check

WITNESSES = load_witnesses()
pytestmark = pytest.mark.runtime


def by_symbol(witnesses: list[Witness]) -> list:
    return [pytest.param(w, id=w.symbol) for w in witnesses]


def usable(witness: Witness, observe=None) -> None:
    """Skip a rule that declares why it cannot be shown here; fail a malformed table."""
    if witness.skip:
        if observe:  # one report row per skipped rule
            observe("rule", witness.symbol, "all witnesses", "-", "not shown here",
                    f"skipped: {witness.skip}")
        pytest.skip(f"{witness.symbol}: {witness.skip}")
    problem = witness.problem()
    assert problem is None, f"{witness.path}: rule {witness.symbol}: {problem}"


@pytest.mark.parametrize("witness", by_symbol(WITNESSES))
def test_bad_example_fails_as_the_rule_says(witness: Witness, run, observe) -> None:
    usable(witness, observe)
    if witness.raises:
        result = run(witness.bad, witness.env)
        expected = f"raises {witness.raises}" + (f": …{witness.match}…" if witness.match else "")
        observe("rule", witness.symbol, "bad example", witness.env, expected,
                _observed(result, witness.match))
        assert result.status == RAISED, result.describe()
        assert witness.raises in (result.exc_type, f"{result.exc_module}.{result.exc_type}"), \
            result.describe()
        if witness.match:
            assert witness.match in result.message, result.describe()
    if witness.check_bad:
        result = run(with_check(witness.bad, witness.check_bad), witness.env)
        observe("rule", witness.symbol, "bad example + check_bad", witness.env,
                "runs: the wrong behaviour is observed", _observed(result))
        assert result.status == OK, result.describe()


@pytest.mark.parametrize("witness", by_symbol(WITNESSES))
def test_good_example_runs(witness: Witness, run, observe) -> None:
    usable(witness)
    witness_name = "good example" + (" + check_good" if witness.check_good else "")
    result = run(with_check(witness.good, witness.check_good), good_env(witness))
    observe("rule", witness.symbol, witness_name, good_env(witness), "runs", _observed(result))
    assert result.status == OK, result.describe()


@pytest.mark.parametrize("witness", by_symbol(WITNESSES))
def test_linter_flags_bad_and_not_good(witness: Witness, observe) -> None:
    usable(witness)
    why_not = checker_options_missing()
    if why_not:
        pytest.skip(why_not)
    bad_versions = runtime_versions(witness.env)
    good_versions = runtime_versions(good_env(witness))
    if bad_versions == good_versions:
        lint = lint_sources({"bad": witness.bad, "good": witness.good}, *_pair(bad_versions))
    else:  # the good example is the same code on other versions: lint each with its own
        lint = {**lint_sources({"bad": witness.bad}, *_pair(bad_versions)),
                **lint_sources({"good": witness.good}, *_pair(good_versions))}
    flagged_bad = witness.symbol in lint["bad"].symbols
    flagged_good = witness.symbol in lint["good"].symbols
    observe("rule", witness.symbol, "linter", witness.env,
            f"bad flagged, good clean ({_versions(bad_versions)})" if bad_versions == good_versions
            else f"bad flagged ({_versions(bad_versions)}), good clean ({_versions(good_versions)})",
            f"bad {'flagged' if flagged_bad else 'NOT flagged'}, "
            f"good {'FLAGGED' if flagged_good else 'clean'}")
    assert flagged_bad, f"bad example not flagged with {witness.symbol}:\n" + lint["bad"].describe()
    assert not flagged_good, f"good example flagged with {witness.symbol}:\n" + lint["good"].describe()


def snippets_for(test: str, params: dict) -> list[tuple[str, str]]:
    """The (source, env) runs a test will ask for, so conftest can start them early."""
    witness = params.get("witness")
    if witness is None or witness.skip or witness.problem():
        return []
    if test == "test_bad_example_fails_as_the_rule_says":
        runs = [witness.bad] if witness.raises else []
        runs += [with_check(witness.bad, witness.check_bad)] if witness.check_bad else []
        return [(source, witness.env) for source in runs]
    if test == "test_good_example_runs":
        return [(with_check(witness.good, witness.check_good), good_env(witness))]
    return []


def _pair(versions: dict[str, str]) -> tuple[str, str]:
    return versions["tensorflow"], versions["tensorflow_hub"]


def _versions(versions: dict[str, str]) -> str:
    return f"tf {versions['tensorflow']}, hub {versions['tensorflow_hub']}"


def _observed(result, match: str | None = None) -> str:
    if result.status == RAISED:
        return f"{result.exc_type}: {message_line(result.message, match)}"
    return result.summary()

"""Every rule with a ``[rule.runtime]`` table, proven on real TensorFlow.

For each such rule:

* its bad example, run in ``runtime.env``, raises ``runtime.raises`` with
  ``runtime.match`` in the message (or, for a silent failure, the bad example
  followed by ``runtime.check_bad`` runs and so shows the wrong behaviour);
* its good example (followed by ``runtime.check_good``, if any) runs cleanly;
* pylint with the plugin, told the versions installed in that environment,
  flags the bad example with the rule's symbol and leaves the good one alone.

The first two are repeated in each of ``runtime.also_envs``; with
``runtime.local_bad`` / ``runtime.local_good`` they run those faithful local
equivalents instead of the examples (which need a cluster of machines), and
the linter verdict is still about the examples.  A ``runtime.skip`` reason
turns all three into an explicit, reported skip.
"""

from __future__ import annotations

import pytest

from envs import runtime_versions
from harness import OK, RAISED
from linting import checker_options_missing, lint_sources
from witness_report import message_line
from witness_rules import Witness, good_env, good_envs, load_witnesses, with_check

WITNESSES = load_witnesses()
pytestmark = pytest.mark.runtime


def by_symbol(witnesses: list[Witness]) -> list:
    return [pytest.param(w, id=w.symbol) for w in witnesses]


def by_symbol_and_env(witnesses: list[Witness], envs) -> list:
    """One test per environment a run goes to; ``env`` keeps the plain symbol as id."""
    return [pytest.param(w, env, id=w.symbol if i == 0 else f"{w.symbol}-{env}")
            for w in witnesses for i, env in enumerate((envs(w) if not w.skip else ()) or (None,))]


def usable(witness: Witness, observe=None) -> None:
    """Skip a rule that declares why it cannot be shown here; fail a malformed table."""
    if witness.skip:
        if observe:  # one report row per skipped rule
            observe("rule", witness.symbol, "all witnesses", "-", "not shown here",
                    f"skipped: {witness.skip}")
        pytest.skip(f"{witness.symbol}: {witness.skip}")
    problem = witness.problem()
    assert problem is None, f"{witness.path}: rule {witness.symbol}: {problem}"


@pytest.mark.parametrize(("witness", "env"), by_symbol_and_env(WITNESSES, lambda w: w.envs))
def test_bad_example_fails_as_the_rule_says(witness: Witness, env: str, run, observe) -> None:
    usable(witness, observe)
    name = _name(witness, "bad")
    if witness.raises:
        result = run(witness.bad_source, env)
        expected = f"raises {witness.raises}" + (f": …{witness.match}…" if witness.match else "")
        observe("rule", witness.symbol, name, env, expected, _observed(result, witness.match))
        assert result.status == RAISED, result.describe()
        assert witness.raises in (result.exc_type, f"{result.exc_module}.{result.exc_type}"), \
            result.describe()
        if witness.match:
            assert witness.match in result.message, result.describe()
    if witness.check_bad:
        result = run(with_check(witness.bad_source, witness.check_bad), env)
        observe("rule", witness.symbol, f"{name} + check_bad", env, _silent_expectation(witness),
                _observed(result))
        assert result.status == OK, result.describe()


@pytest.mark.parametrize(("witness", "env"), by_symbol_and_env(WITNESSES, good_envs))
def test_good_example_runs(witness: Witness, env: str, run, observe) -> None:
    usable(witness)
    witness_name = _name(witness, "good") + (" + check_good" if witness.check_good else "")
    result = run(with_check(witness.good_source, witness.check_good), env)
    observe("rule", witness.symbol, witness_name, env, "runs", _observed(result))
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
    witness, env = params.get("witness"), params.get("env")
    if witness is None or witness.skip or witness.problem():
        return []
    if test == "test_bad_example_fails_as_the_rule_says":
        runs = [witness.bad_source] if witness.raises else []
        runs += [with_check(witness.bad_source, witness.check_bad)] if witness.check_bad else []
        return [(source, env) for source in runs]
    if test == "test_good_example_runs":
        return [(with_check(witness.good_source, witness.check_good), env)]
    return []


def _name(witness: Witness, which: str) -> str:
    """How a run is named in the report: "bad example", "local equivalent of the good example"."""
    local = witness.local_bad if which == "bad" else witness.local_good
    return f"local equivalent of the {which} example" if local else f"{which} example"


def _silent_expectation(witness: Witness) -> str:
    """What ``check_bad`` shows: a wrong behaviour, or, for a rule about style, that it works."""
    if witness.category in ("convention", "refactor"):
        return "runs: it works; the rule is about how it is written"
    return "runs: the wrong behaviour is observed"


def _pair(versions: dict[str, str]) -> tuple[str, str]:
    return versions["tensorflow"], versions["tensorflow_hub"]


def _versions(versions: dict[str, str]) -> str:
    return f"tf {versions['tensorflow']}, hub {versions['tensorflow_hub']}"


def _observed(result, match: str | None = None) -> str:
    if result.status == RAISED:
        return f"{result.exc_type}: {message_line(result.message, match)}"
    printed = " / ".join(line for line in result.stdout.splitlines() if line.strip())
    return result.summary() + (f"; printed: {printed[:300]}" if result.status == OK and printed else "")

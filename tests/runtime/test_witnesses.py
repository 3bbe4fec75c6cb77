"""Every rule with a ``[rule.runtime]`` table, proven on real TensorFlow.

For each such rule:

* its bad example, run in ``runtime.env``, raises ``runtime.raises`` with
  ``runtime.match`` in the message (or, for a silent failure, the bad example
  followed by ``runtime.check_bad`` runs and so shows the wrong behaviour);
* its good example (followed by ``runtime.check_good``, if any) runs cleanly;
* pylint with the plugin, told the versions installed in that environment,
  flags the bad example with the rule's symbol and leaves the good one alone.

Every good run ends with a ``runtime.check_good`` that asserts the effect the
fix promises (weights that change in a training step, outputs of the right
shape, a Session that runs, a saved model that reloads to the same output) and
prints it as an ``effect: ...`` line, which the report quotes.

The first two are repeated in each of ``runtime.also_envs``; with
``runtime.local_bad`` / ``runtime.local_good`` they run those faithful local
equivalents instead of the examples (which need a cluster of machines), and
the linter verdict is still about the examples.  A ``runtime.skip`` reason
turns all three into an explicit, reported skip.

The tests at the end need no TensorFlow: every good example has such a check,
and the hand-written handle table (``handle_table.py``) that picks each
handle's tiny model covers every handle the rules name, agrees with the
publishers' data and with the linter's own classifier.
"""

from __future__ import annotations

import ast
import csv
import html
from pathlib import Path
from urllib.parse import urlsplit

import handle_table
import pytest
from envs import installed_versions, runtime_versions
from harness import OK, RAISED
from linting import checker_options_missing, lint_sources
from substitute import UnknownHandle, substitute_handles
from witness_report import message_line
from witness_rules import (
    EFFECT_PREFIX,
    Witness,
    effects,
    good_env,
    good_envs,
    load_witnesses,
    rule_snippets,
    with_check,
)

WITNESSES = load_witnesses()
SNIPPETS = rule_snippets()


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


@pytest.mark.runtime
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


@pytest.mark.runtime
@pytest.mark.parametrize(("witness", "env"), by_symbol_and_env(WITNESSES, good_envs))
def test_good_example_runs(witness: Witness, env: str, run, observe) -> None:
    usable(witness)
    witness_name = _name(witness, "good") + (" + check_good" if witness.check_good else "")
    result = run(with_check(witness.good_source, witness.check_good), env)
    expected = "runs and shows the effect of the fix" if witness.check_good else "runs"
    observe("rule", witness.symbol, witness_name, env, expected, _observed(result))
    assert result.status == OK, result.describe()
    if witness.check_good:
        assert effects(result.stdout), f"check_good printed no `{EFFECT_PREFIX} ...` line:\n" + result.describe()


def fixed_witnesses() -> list[Witness]:
    """Witnesses whose fixed example is code of its own (one equal to the good example runs above)."""
    return [w for w in WITNESSES if w.fixed and w.fixed.strip() != w.good.strip()]


@pytest.mark.runtime
@pytest.mark.parametrize(("witness", "env"), by_symbol_and_env(fixed_witnesses(), good_envs))
def test_fixed_bad_example_runs_as_a_good_one(witness: Witness, env: str, run, observe) -> None:
    """The bad example as ``hubcompat fix`` leaves it is itself a good example: it runs, to the same effect."""
    usable(witness)
    if witness.local_bad:
        pytest.skip("the examples need a cluster of machines; their local equivalents are not fix output")
    check = witness.check_fixed or witness.check_good
    result = run(with_check(witness.fixed, check), env)
    observe("rule", witness.symbol, "fixed bad example + " + ("check_fixed" if witness.check_fixed else "check_good"),
            env, "runs and shows the effect of the fix", _observed(result))
    assert result.status == OK, result.describe()
    assert effects(result.stdout), f"the check printed no `{EFFECT_PREFIX} ...` line:\n" + result.describe()


#: After hub-keras-three's other fix (``keras-three-fix=tf-keras``) the model is a tf_keras one
#: while tf.keras stays Keras 3: it must predict, and save and load with tf_keras.
TF_KERAS_CHECK = """
import os
import tempfile

import numpy as np
import tf_keras

assert isinstance(model, tf_keras.Model), type(model)
assert not isinstance(model, tf.keras.Model), "tf.keras is Keras 3 here: the fix must not rely on it"
images = np.random.default_rng(0).random([2, 224, 224, 3], np.float32)
predictions = model.predict(images, verbose=0)
assert predictions.shape == (2, 5), predictions.shape
saved = os.path.join(tempfile.mkdtemp(), "model.keras")
model.save(saved)
reloaded = tf_keras.models.load_model(saved, custom_objects={"KerasLayer": hub.KerasLayer})
delta = float(np.abs(reloaded.predict(images, verbose=0) - predictions).max())
assert delta < 1e-6, delta
print("effect:", f"the model is tf_keras {tf_keras.__version__} beside Keras 3: it predicts {predictions.shape}, "
      f"and reloaded from .keras predicts the same (max change {delta:.3g})")
"""


@pytest.mark.runtime
def test_the_tf_keras_fix_of_hub_keras_three_builds_a_keras_two_model(tmp_path, run, observe) -> None:
    """The fix the user may choose instead of TF_USE_LEGACY_KERAS, on the rule's bad example."""
    from pylint_hubcompat.rulebook.loading import builtin_rules
    from tests.lint import fix_snippet

    rule = next(r for r in builtin_rules() if r.symbol == "hub-keras-three")
    target = [f"--{'tf' if d == 'tensorflow' else 'hub'}-version={s.removeprefix('==')}" for d, s in rule.example_target]
    fixed = fix_snippet(tmp_path, rule.bad + "\n", [*target, "--keras-three-fix=tf-keras"])
    assert "tf_keras.Sequential([" in fixed and "tf.keras" not in fixed, fixed
    result = run(with_check(fixed, TF_KERAS_CHECK), "current")
    observe("rule", rule.symbol, "bad example fixed with keras-three-fix=tf-keras + check", "current",
            "runs and shows the effect of the fix", _observed(result))
    assert result.status == OK, result.describe()
    assert effects(result.stdout), result.describe()


@pytest.mark.runtime
@pytest.mark.parametrize("witness", by_symbol(WITNESSES))
def test_linter_flags_bad_and_not_good(witness: Witness, observe) -> None:
    usable(witness)
    why_not = checker_options_missing()
    if why_not:
        pytest.skip(why_not)
    bad_versions = runtime_versions(witness.env)
    good_versions = runtime_versions(good_env(witness))
    bad_installed, good_installed = installed_versions(witness.env), installed_versions(good_env(witness))
    fixed = {"fixed": witness.fixed} if witness.fixed else {}
    if bad_installed == good_installed:
        lint = lint_sources({"bad": witness.bad, "good": witness.good, **fixed}, bad_installed)
    else:  # the good example is the same code on other versions: lint each with its own
        lint = {**lint_sources({"bad": witness.bad}, bad_installed),
                **lint_sources({"good": witness.good, **fixed}, good_installed)}
    flagged_bad = witness.symbol in lint["bad"].symbols
    flagged_good = witness.symbol in lint["good"].symbols
    observe("rule", witness.symbol, "linter", witness.env,
            f"bad flagged, good clean ({_versions(bad_versions)})" if bad_versions == good_versions
            else f"bad flagged ({_versions(bad_versions)}), good clean ({_versions(good_versions)})",
            f"bad {'flagged' if flagged_bad else 'NOT flagged'}, "
            f"good {'FLAGGED' if flagged_good else 'clean'}")
    assert flagged_bad, f"bad example not flagged with {witness.symbol}:\n" + lint["bad"].describe()
    assert not flagged_good, f"good example flagged with {witness.symbol}:\n" + lint["good"].describe()
    if witness.fixed:
        assert not lint["fixed"].symbols, "fixed bad example flagged:\n" + lint["fixed"].describe()


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
    if test == "test_fixed_bad_example_runs_as_a_good_one" and witness.fixed and not witness.local_bad:
        return [(with_check(witness.fixed, witness.check_fixed or witness.check_good), env)]
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


def _versions(versions: dict[str, str]) -> str:
    return f"tf {versions['tensorflow']}, hub {versions['tensorflow_hub']}"


def _observed(result, match: str | None = None) -> str:
    """What the report shows of a run: the exception, or ``ok`` with what its check showed."""
    if result.status == RAISED:
        return f"{result.exc_type}: {message_line(result.message, match)}"
    shown = effects(result.stdout)
    if result.status == OK and shown:
        return "ok; effect: " + "; ".join(shown)
    printed = " / ".join(line for line in result.stdout.splitlines() if line.strip())
    return result.summary() + (f"; printed: {printed[:300]}" if result.status == OK and printed else "")


# --------------------------------------------------------------------------- no TensorFlow needed


@pytest.mark.parametrize("witness", [w for w in WITNESSES if not w.skip], ids=lambda w: w.symbol)
def test_every_good_example_is_run_to_its_effect(witness: Witness) -> None:
    """A good run that only "does not raise" proves little: its check must assert and state the effect."""
    assert witness.check_good, f"{witness.path}: rule {witness.symbol}: runtime.check_good is missing"
    assert "assert" in witness.check_good and f'"{EFFECT_PREFIX}"' in witness.check_good, (
        f"{witness.path}: rule {witness.symbol}: runtime.check_good must assert the effect and "
        f'print("{EFFECT_PREFIX}", ...) it'
    )


def _handle_literals(source: str) -> set[str]:
    """String literals of a snippet that name a model: by the table's own test, or by the linter's."""
    from pylint_hubcompat.facts.handles import classify_handle

    strings = {node.value for node in ast.walk(ast.parse(source))
               if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    return {s for s in strings if handle_table.looks_like_handle(s) or classify_handle(s).format}


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda s: f"{s.symbol}-{s.key}")
def test_every_handle_of_the_rules_is_in_the_handle_table(snippet) -> None:
    missing = sorted(_handle_literals(snippet.source) - set(handle_table.HANDLES))
    assert not missing, (
        f"{snippet.path}: rule {snippet.symbol}: {snippet.key} names model handles that "
        f"tests/runtime/handle_table.py does not know: {missing}"
    )


@pytest.mark.parametrize(("handle", "kind"), sorted(handle_table.HANDLES.items()))
def test_handle_table_agrees_with_the_linter(handle: str, kind: str) -> None:
    """The table is decided by hand; the linter's classifier must come to the same answer."""
    from pylint_hubcompat.facts.handles import classify_handle

    info = classify_handle(handle)
    assert kind in handle_table.KINDS
    assert info.format == handle_table.FORMAT_OF_KIND[kind], f"{handle}: table {kind}, linter {info}"
    text_ops = getattr(info, "text_ops", None)  # the linter's own flag, where it has one
    if text_ops is not None:
        assert text_ops == (kind == handle_table.TF2_TEXT_OPS), f"{handle}: table {kind}, linter {info}"


SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def _read_tsv(name: str) -> dict[str, str]:
    """``owner/model/.../version`` (lower case, as tfhub.dev matches it) -> format column."""
    path = SHARED_DATA / name
    if not path.is_file():
        pytest.skip(f"{path} is not here (shared/ lies beside the checkout)")
    rows = csv.reader((line for line in path.open(encoding="utf-8") if not line.startswith("#")),
                      delimiter="\t")
    next(rows)  # header
    return {html.unescape(row[0]).replace("\u200c", "").lower(): row[1] for row in rows if row}


def _kind_from_shared_data(handle: str) -> tuple[str, bool | None]:
    """(format, uses TF Text ops or None if the data cannot tell), read as FACTS.md says."""
    parts = urlsplit(handle)
    segments = [s for s in parts.path.split("/") if s]
    if parts.hostname in ("kaggle.com", "www.kaggle.com"):
        framework = segments[4] if segments[3].lower() == "frameworks" else segments[3]
        return {"tensorflow1": "tf1-hub", "tensorflow2": "tf2-savedmodel"}[framework.lower()], None
    assert parts.hostname in ("tfhub.dev", "www.tfhub.dev"), handle
    path = "/".join(segments).lower()
    formats = _read_tsv("tfhub_model_formats.tsv")
    if path in formats:
        fmt = {"hub": "tf1-hub", "saved_model_2": "tf2-savedmodel"}[formats[path]]
    else:
        assert "tf2-preview" in path, f"{handle} is not in tfhub_model_formats.tsv"
        fmt = "tf2-savedmodel"
    return fmt, path in _read_tsv("tfhub_tensorflow_text.tsv")


@pytest.mark.parametrize(("handle", "kind"), sorted(handle_table.HANDLES.items()))
def test_handle_table_agrees_with_the_publishers_data(handle: str, kind: str) -> None:
    fmt, text_ops = _kind_from_shared_data(handle)
    assert handle_table.FORMAT_OF_KIND[kind] == fmt, f"{handle}: table {kind}, shared data {fmt}"
    if text_ops is not None:
        assert text_ops == (kind == handle_table.TF2_TEXT_OPS), f"{handle}: table {kind}"


def test_every_kind_of_the_table_has_a_tiny_model() -> None:
    from models import MODEL_BUILDERS

    assert set(handle_table.KINDS) <= set(MODEL_BUILDERS), sorted(set(handle_table.KINDS) - set(MODEL_BUILDERS))


def test_an_unknown_handle_stops_the_run_and_is_named() -> None:
    unknown = "https://tfhub.dev/google/not-in-the-table/7"
    with pytest.raises(UnknownHandle, match=r"google/not-in-the-table/7.*handle_table\.py"):
        substitute_handles(f'model = hub.load("{unknown}")\n', dict.fromkeys(handle_table.KINDS, "/m"))


def test_handles_are_replaced_by_the_model_of_their_table_kind() -> None:
    models = {kind: f"/models/{kind}" for kind in handle_table.KINDS}
    source = "".join(f"m{i} = hub.load({h!r})\n" for i, h in enumerate(handle_table.HANDLES))
    out, subs = substitute_handles(source, models)
    assert {(s.handle, s.format) for s in subs} == set(handle_table.HANDLES.items())
    assert out == "".join(f"m{i} = hub.load({models[k]!r})\n" for i, k in enumerate(handle_table.HANDLES.values()))

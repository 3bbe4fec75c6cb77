"""The harness itself: handle substitution and the three outcomes of a run.

The substitution tests need no TensorFlow and run in every plain ``pytest``.
"""

from __future__ import annotations

import pytest

from harness import OK, RAISED, TIMEOUT
from substitute import substitute_handles
from witness_rules import Witness, load_witnesses

MODELS = {"tf1-hub": "/models/tf1", "tf2-savedmodel": "/models/tf2"}
KAGGLE_TF1 = "https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow1/100-224-feature-vector/2"
KAGGLE_TF2 = "https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow2/100-224-feature-vector/4"


def test_handles_are_replaced_by_the_model_of_their_format() -> None:
    source = f'old = hub.Module("{KAGGLE_TF1}")\nnew = hub.KerasLayer("{KAGGLE_TF2}", trainable=True)\n'
    out, subs = substitute_handles(source, MODELS)
    assert out == "old = hub.Module('/models/tf1')\nnew = hub.KerasLayer('/models/tf2', trainable=True)\n"
    assert [(s.format, s.path) for s in subs] == [("tf1-hub", "/models/tf1"), ("tf2-savedmodel", "/models/tf2")]


def test_tf2_preview_handles_count_as_tf2_savedmodels() -> None:
    out, _ = substitute_handles('h = "https://tfhub.dev/google/tf2-preview/mobilenet_v2/feature_vector/4"', MODELS)
    assert out == "h = '/models/tf2'"


def test_everything_but_handle_literals_stays_byte_for_byte() -> None:
    source = (
        "# é: a handle in a comment stays: " + KAGGLE_TF1 + "\n"
        f'x = "é"; URL = (\n    "{KAGGLE_TF1}"\n)  # trailing\n'
        'other = "default"\n'
        f'text = f"{{x}}{KAGGLE_TF2}"\n'
    )
    out, subs = substitute_handles(source, MODELS)
    assert out == source.replace(f'"{KAGGLE_TF1}"', "'/models/tf1'")
    assert len(subs) == 1  # the f-string piece is left alone


def test_unknown_handles_and_plain_strings_are_left_alone() -> None:
    source = 'a = "https://example.com/my/model/1"\nb = "serving_default"\n'
    assert substitute_handles(source, MODELS) == (source, [])


@pytest.mark.runtime
@pytest.mark.parametrize(
    ("source", "status", "exc_type", "message"),
    [
        ("print('hello')", OK, None, ""),
        ("raise KeyError('missing')", RAISED, "KeyError", "'missing'"),
        ("import sys; sys.exit(0)", OK, None, ""),
        ("import sys; sys.exit(3)", RAISED, "SystemExit", "3"),
    ],
    ids=["ok", "raised", "exit-zero", "exit-nonzero"],
)
def test_outcome_of_a_snippet(source, status, exc_type, message) -> None:
    from harness import run_snippet

    result = run_snippet(source, "legacy")
    assert (result.status, result.exc_type, result.message) == (status, exc_type, message), result.describe()


@pytest.mark.runtime
def test_a_hanging_snippet_times_out() -> None:
    from harness import run_snippet

    result = run_snippet("import time\ntime.sleep(60)", "legacy", timeout=2)
    assert result.status == TIMEOUT


@pytest.mark.parametrize("witness", load_witnesses(), ids=lambda w: w.symbol)
def test_every_runtime_table_can_be_checked_as_written(witness: Witness) -> None:
    assert witness.problem() is None, f"{witness.path}: rule {witness.symbol}: {witness.problem()}"


def test_a_runtime_table_with_an_unknown_key_or_environment_is_refused(tmp_path) -> None:
    (tmp_path / "team.toml").write_text(
        '[[rule]]\nsymbol = "a"\nruntime = { env = "legacy", raises = "ValueError", rasies = "x" }\n'
        '[[rule]]\nsymbol = "b"\nruntime = { env = "legacy-1.15", raises = "ValueError" }\n'
    )
    first, second = load_witnesses(tmp_path)
    assert first.problem() == "unknown runtime key 'rasies' (known: env, good_env, raises, match, skip, check_bad, check_good)"
    assert second.problem().startswith("runtime.env must be one of")

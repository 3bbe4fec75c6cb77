"""The rule engine as users meet it: which sites a rule selects, which releases its message names, and the order.

Most tests use a small team rule (``rules-path``, the same format as ``rules/*.toml``) so that each one
exercises one thing the engine does, whatever the shipped rules say.
"""

from __future__ import annotations

from pathlib import Path

from pylint_hubcompat.cli import check
from tests.lint import lint_file

TF1_HANDLE = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2"
TF2_SUCCESSOR = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/5"
TF1_FORMAT = "TF1 Hub format (tfhub.dev catalog)"
PINNED = "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n"


HUB_LOAD = "import tensorflow_hub as hub\\nhub.load('x')\\n"
KERAS_LAYER = "import tensorflow_hub as hub\\nhub.KerasLayer('x')\\n"
NO_HUB = "import numpy as np\\n"


def team_rule(
    symbol: str, message: str, when: str, extra: str = "", bad: str = HUB_LOAD, rule_id: str = "W9901"
) -> str:
    """One rule of a team's own rule file, with the bad and good examples it is proven by when loaded."""
    return f'''
[[rule]]
id = "{rule_id}"
symbol = "{symbol}"
category = "warning"
message = "{message}"
why = "Team policy."
fix = "Ask the platform team."
source = "team policy"
when = {when}
[rule.example]
bad = "{bad}"
good = "{NO_HUB}"
{extra}'''


def lint_with_rule(tmp_path: Path, rule: str, requirements: str, code: str) -> list[tuple[str, int, str]]:
    """Lint ``code`` in a project with these requirements and this team rule: its messages (and config errors)."""
    (tmp_path / "team.toml").write_text(rule, encoding="utf-8")
    (tmp_path / "requirements.txt").write_text(requirements, encoding="utf-8")
    (tmp_path / "serve.py").write_text(code, encoding="utf-8")
    messages = lint_file(tmp_path / "serve.py", f"--rules-path={tmp_path / 'team.toml'}")
    return [m for m in messages if m[0].startswith("team-") or m[0] == "hubcompat-config-error"]


# -- which sites a rule selects ---------------------------------------------------------------


def test_a_use_rule_matches_the_name_and_what_is_under_it_not_longer_names(tmp_path: Path) -> None:
    """``use = "tensorflow_hub.load"`` is about ``hub.load``, not ``hub.load_module_spec``."""
    rule = team_rule("team-no-hub-load", "{call} is not allowed in serving code", '{ use = "tensorflow_hub.load" }')
    code = (
        "import tensorflow_hub as hub\n"
        "\n"
        'spec = hub.load_module_spec("/models/legacy")\n'
        'model = hub.load("/models/current")\n'
        "loader = hub.load.__wrapped__\n"
    )
    assert lint_with_rule(tmp_path, rule, PINNED, code) == [
        ("team-no-hub-load", 4, "hub.load is not allowed in serving code"),
        ("team-no-hub-load", 5, "hub.load.__wrapped__ is not allowed in serving code"),
    ]


def test_a_guarded_call_is_silent_and_the_calls_after_it_are_still_checked(tmp_path: Path) -> None:
    code = (
        "import tensorflow_hub as hub\n"
        "\n"
        "try:\n"
        f'    legacy = hub.Module("{TF1_HANDLE}")\n'
        "except ImportError:\n"
        "    legacy = None\n"
        "\n"
        f'module = hub.Module("{TF1_HANDLE}")\n'
    )
    (tmp_path / "requirements.txt").write_text(PINNED, encoding="utf-8")
    (tmp_path / "m.py").write_text(code, encoding="utf-8")
    assert [(symbol, line) for symbol, line, _ in lint_file(tmp_path / "m.py")] == [("hub-module-eager", 8)]


# -- the releases a message names -------------------------------------------------------------


def test_a_runtime_condition_keeps_only_the_releases_the_version_condition_admits(tmp_path: Path) -> None:
    rule = team_rule(
        "team-keras-three-load",
        "{call}() under {tf}",
        '{ call = "tensorflow_hub.load", runtime = "tf2", tensorflow = ">=2.16" }',
    )
    code = 'import tensorflow_hub as hub\n\nmodel = hub.load("/models/current")\n'
    assert lint_with_rule(tmp_path, rule, "tensorflow>=2.12\ntensorflow-hub==0.16.1\n", code) == [
        (
            "team-keras-three-load",
            3,
            "hub.load() under tensorflow 2.16.1-2.21.0 and newer admitted by `>=2.12` (requirements.txt:1)",
        ),
    ]


def test_the_hub_and_keras_releases_named_are_those_the_rule_is_about(tmp_path: Path) -> None:
    rule = team_rule(
        "team-new-stack",
        "{call}() with {hub} and {keras}",
        '{ call = "tensorflow_hub.load", tensorflow-hub = ">=0.16", keras = ">=3.10" }',
    )
    code = 'import tensorflow_hub as hub\n\nmodel = hub.load("/models/current")\n'
    requirements = "tensorflow==2.20.0\ntensorflow-hub>=0.14\nkeras>=3.9\n"
    [(_, _, text)] = lint_with_rule(tmp_path, rule, requirements, code)
    assert text.startswith(
        "hub.load() with tensorflow-hub 0.16.0-0.16.1 and newer admitted by `>=0.14` (requirements.txt:2) "
        "and keras 3.10.0-"
    )
    assert " and newer admitted by `>=3.9` (requirements.txt:3), as far as `tensorflow==2.20.0` (requirements.txt:1)," in text


def test_the_model_placeholder_describes_a_known_handle_and_says_the_model_otherwise(tmp_path: Path) -> None:
    rule = team_rule("team-hub-load", "{call}({handle}): {model}{successor}", '{ call = "tensorflow_hub.load" }')
    code = (
        "import tensorflow_hub as hub\n"
        "\n"
        f'legacy = hub.load("{TF1_HANDLE}")\n'
        'current = hub.load("/models/current")\n'
    )
    assert lint_with_rule(tmp_path, rule, PINNED, code) == [
        ("team-hub-load", 3, f"hub.load({TF1_HANDLE}): {TF1_HANDLE} is in {TF1_FORMAT} ({TF2_SUCCESSOR})"),
        ("team-hub-load", 4, "hub.load(/models/current): the model"),
    ]


def test_a_note_is_added_where_its_own_condition_holds(tmp_path: Path) -> None:
    note = '[[rule.note]]\nwhen = { trainable = true }\ntext = "Fine-tuning it needs the GPU pool."\n'
    rule = team_rule(
        "team-keras-layer", "{call}() needs a review", '{ call = "tensorflow_hub.KerasLayer" }', note, bad=KERAS_LAYER
    )
    code = (
        "import tensorflow_hub as hub\n"
        "\n"
        'frozen = hub.KerasLayer("/models/current")\n'
        'tuned = hub.KerasLayer("/models/current", trainable=True)\n'
    )
    assert lint_with_rule(tmp_path, rule, PINNED, code) == [
        ("team-keras-layer", 3, "hub.KerasLayer() needs a review"),
        ("team-keras-layer", 4, "hub.KerasLayer() needs a review Fine-tuning it needs the GPU pool."),
    ]


def test_a_rule_reported_once_per_module_does_not_hide_the_rules_after_it(tmp_path: Path) -> None:
    rules = team_rule("team-first-load", "{call}() loads a model", '{ call = "tensorflow_hub.load" }')
    rules = rules.replace("[rule.example]", "once_per_module = true\n[rule.example]")
    rules += team_rule("team-every-load", "{call}() again", '{ call = "tensorflow_hub.load" }', rule_id="W9902")
    code = 'import tensorflow_hub as hub\n\na = hub.load("/models/a")\nb = hub.load("/models/b")\n'
    assert [(symbol, line) for symbol, line, _ in lint_with_rule(tmp_path, rules, PINNED, code)] == [
        ("team-first-load", 3),
        ("team-every-load", 3),
        ("team-every-load", 4),
    ]


# -- the order of the messages ----------------------------------------------------------------


def test_messages_come_in_source_order_line_then_column(tmp_path: Path) -> None:
    """Sites are found per kind (calls, then imports); the messages still read top to bottom, left to right."""
    rules = team_rule(
        "team-tf-constant", "{call}() is not allowed here", '{ call = "tensorflow.constant" }',
        bad="import tensorflow as tf\\ntf.constant(1)\\n",
    )
    rules += team_rule(
        "team-tf-import", "importing tensorflow is not allowed here", '{ import = "tensorflow" }',
        bad="import tensorflow as tf\\n", rule_id="W9902",
    )
    code = "import tensorflow as tf; x = tf.constant(1)\ny = tf.constant(2)\n"
    assert [(symbol, line) for symbol, line, _ in lint_with_rule(tmp_path, rules, PINNED, code)] == [
        ("team-tf-import", 1),
        ("team-tf-constant", 1),
        ("team-tf-constant", 2),
    ]


# -- hubcompat check skips what no rule can report under the target ---------------------------


def test_check_parses_only_the_files_a_rule_can_report_on_under_the_project_target(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Under TensorFlow 2.15 the tf.estimator rule (2.16+) cannot fire: that file is not even parsed."""
    (tmp_path / "requirements.txt").write_text(PINNED, encoding="utf-8")
    (tmp_path / "estimator.py").write_text(
        'import tensorflow as tf\n\nrun_config = tf.estimator.RunConfig(model_dir="/tmp/model")\n', encoding="utf-8"
    )
    (tmp_path / "legacy.py").write_text(
        f'import tensorflow_hub as hub\n\nmodule = hub.Module("{TF1_HANDLE}")\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    check.run(["."])
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "hubcompat: 2 files checked (1 parsed, the others cannot have findings), 1 finding (hub-module-eager: 1)"
    )

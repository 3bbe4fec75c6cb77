"""Findings follow the project: its declared versions and what its other files do.

Each test builds a small project as a user has it, then lints one of its files.
"""

from __future__ import annotations

from pathlib import Path

from tests.lint import lint_file
from tests.trees import write_tree

TF1_HANDLE = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2"
TF2_HANDLE = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4"

MODULE_CALL = f'import tensorflow_hub as hub\n\nmodule = hub.Module("{TF1_HANDLE}")\n'
SEQUENTIAL = (
    "import tensorflow as tf\nimport tensorflow_hub as hub\n\n"
    f'model = tf.keras.Sequential([hub.KerasLayer("{TF2_HANDLE}")])\n'
)


def symbols(path: Path, *options: str) -> list[str]:
    return [symbol for symbol, _, _ in lint_file(path, *options)]


def test_the_declared_version_decides(tmp_path: Path) -> None:
    old = write_tree(tmp_path / "old", {"requirements.txt": "tensorflow==1.15.5\ntensorflow-hub==0.12.0\n", "m.py": MODULE_CALL})
    new = write_tree(tmp_path / "new", {"requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n", "m.py": MODULE_CALL})
    assert symbols(old / "m.py") == []
    assert symbols(new / "m.py") == ["hub-module-eager"]


def test_the_message_names_the_declaring_file_and_line(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "pyproject.toml": '[project]\nname = "p"\ndependencies = [\n  "tensorflow>=2.12,<2.16",\n  "tensorflow-hub==0.15.0",\n]\n',
        "m.py": MODULE_CALL,
    })
    (message,) = [m for _, _, m in lint_file(root / "m.py")]
    assert "tensorflow 2.12.0-2.15.1 admitted by `<2.16,>=2.12` (pyproject.toml:4)" in message


def test_options_override_the_project(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n", "m.py": MODULE_CALL})
    assert symbols(root / "m.py", "--tf-version=1.15.5", "--hub-version=0.12.0") == []


def test_a_compat_switch_in_the_entry_point_silences_eager_findings(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n",
        "main.py": "import tensorflow as tf\n\ntf.compat.v1.disable_v2_behavior()\n",
        "m.py": MODULE_CALL,
    })
    assert symbols(root / "m.py") == []
    assert symbols(root / "m.py", "--runtime-mode=tf2") == ["hub-module-eager"]


def test_runtime_mode_option_says_the_entry_point_switches(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n", "m.py": MODULE_CALL})
    assert symbols(root / "m.py", "--runtime-mode=tf1-compat") == []


def test_legacy_keras_set_in_another_module(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "requirements.txt": "tensorflow==2.21.0\ntensorflow-hub==0.16.1\ntf-keras==2.21.0\n",
        "pkg/__init__.py": 'import os\n\nos.environ.setdefault("TF_USE_LEGACY_KERAS", "1")\n',
        "pkg/model.py": SEQUENTIAL,
    })
    assert symbols(root / "pkg" / "model.py") == []
    assert symbols(root / "pkg" / "model.py", "--project-scan=n") == ["hub-keras-three"]


def test_legacy_keras_set_in_a_dotenv_file(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "requirements.txt": "tensorflow==2.21.0\ntensorflow-hub==0.16.1\ntf-keras==2.21.0\n",
        ".env": "TF_USE_LEGACY_KERAS=1\n",
        "model.py": SEQUENTIAL,
    })
    assert symbols(root / "model.py") == []


def test_session_option_set_by_a_helper_module(tmp_path: Path) -> None:
    trainer = (
        "import tensorflow as tf\nimport tensorflow_hub as hub\n\nfrom session import make_config\n\n"
        "strategy = tf.distribute.experimental.ParameterServerStrategy()\n"
        'layer = hub.KerasLayer("https://tfhub.dev/google/nnlm-en-dim128/2")\n'
        "run_config = tf.estimator.RunConfig(train_distribute=strategy, session_config=make_config())\n"
    )
    helper = (
        "import tensorflow as tf\n\n\ndef make_config():\n    config = tf.compat.v1.ConfigProto()\n"
        "    config.share_cluster_devices_in_session = True\n    return config\n"
    )
    root = write_tree(tmp_path, {"requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n", "train.py": trainer})
    assert symbols(root / "train.py") == ["hub-ps-session-config"]
    write_tree(root, {"session.py": helper})
    assert symbols(root / "train.py") == []


def test_a_monorepo_package_uses_its_own_configuration(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "pyproject.toml": '[project]\nname = "mono"\ndependencies = ["tensorflow==2.15.1", "tensorflow-hub==0.15.0"]\n',
        "legacy/setup.cfg": "[options]\ninstall_requires =\n    tensorflow==1.15.5\n    tensorflow-hub==0.12.0\n",
        "legacy/m.py": MODULE_CALL,
        "m.py": MODULE_CALL,
    })
    assert symbols(root / "legacy" / "m.py") == []
    assert symbols(root / "m.py") == ["hub-module-eager"]


def test_a_broken_configuration_file_is_reported_not_guessed(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"pyproject.toml": "[project\nname = ", "m.py": MODULE_CALL})
    messages = lint_file(root / "m.py", "--tf-version=2.15.1", "--hub-version=0.15.0")
    # A configuration message is reported once per run, at its end.
    assert [s for s, _, _ in messages] == ["hub-module-eager", "hubcompat-config-error"]
    assert "pyproject.toml" in messages[1][2]


def test_a_broken_user_rule_file_stops_the_plugin_with_a_clear_message(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"team_rules/bad.toml": "[[rule]]\nid = 'E9901'\n", "m.py": MODULE_CALL})
    messages = lint_file(root / "m.py", f"--rules-path={root / 'team_rules'}", "--hub-version=0.15.0")
    assert [s for s, _, _ in messages] == ["hubcompat-config-error"]
    assert "bad.toml: rule #1: key 'symbol': missing" in messages[0][2]


def test_user_rules_report_like_builtin_ones(tmp_path: Path) -> None:
    rule = '''
[[rule]]
id = "W9901"
symbol = "team-no-hub-load"
category = "warning"
message = "{call}() is not allowed in serving code"
why = "Serving loads models once, in the server."
fix = "Receive the model from the server."
source = "team policy"
when = { call = "tensorflow_hub.load" }
[rule.example]
bad = "import tensorflow_hub as hub\\nhub.load('x')\\n"
good = "import tensorflow_hub as hub\\n"
'''
    code = 'import tensorflow_hub as hub\n\nmodel = hub.load("https://tfhub.dev/google/nnlm-en-dim128/2")\n'
    root = write_tree(tmp_path, {"rules/team.toml": rule, "serve.py": code})
    messages = lint_file(root / "serve.py", f"--rules-path={root / 'rules' / 'team.toml'}")
    assert messages == [("team-no-hub-load", 3, "hub.load() is not allowed in serving code")]

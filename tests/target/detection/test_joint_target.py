"""One environment of co-installable releases: the cases of real projects and notebooks.

Each case is one a user meets: a companion that implies TensorFlow, an assumption
that pip could not install, a bare requirement, a pre-release pin, a project Python,
declarations that cannot live together.  The target ``hubcompat detect --json``
shows is checked, with the chain that explains it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pylint_hubcompat.cli.main import main
from pylint_hubcompat.target import detection
from tests.lint import lint_snippet
from tests.trees import write_tree

USES_A_KERAS_LAYER = (
    "import tensorflow as tf\n"
    "import tensorflow_hub as hub\n"
    "\n"
    'model = tf.keras.Sequential([hub.KerasLayer("https://tfhub.dev/google/nnlm-en-dim128/2")])\n'
)


@pytest.fixture(autouse=True)
def _fresh() -> None:
    detection.clear_caches()


def detect_json(path: Path, capsys: pytest.CaptureFixture[str], *options: str) -> dict:
    assert main(["detect", str(path), "--json", *options]) == 0
    payload: dict = json.loads(capsys.readouterr().out)
    return payload


def symbols(project: Path, symbol: str | None = None) -> list[str]:
    found = [s for s, _, _ in lint_snippet(project, USES_A_KERAS_LAYER)]
    return [s for s in found if symbol is None or s == symbol]


def messages(project: Path, symbol: str) -> list[str]:
    return [m for s, _, m in lint_snippet(project, USES_A_KERAS_LAYER) if s == symbol]


def notebook(*cells: str) -> str:
    return json.dumps(
        {
            "cells": [{"cell_type": "code", "metadata": {}, "source": cell, "outputs": []} for cell in cells],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def test_a_tensorflow_text_pin_implies_its_tensorflow_and_keras_two(tmp_path, capsys):
    write_tree(
        tmp_path,
        {
            "requirements.txt": "numpy\n",
            "tutorial.ipynb": notebook('!pip install -U "tensorflow-text==2.13.*"', USES_A_KERAS_LAYER),
        },
    )
    payload = detect_json(tmp_path / "tutorial.ipynb", capsys)
    tensorflow = payload["tensorflow"]
    assert (tensorflow["origin"], tensorflow["min"], tensorflow["max"]) == ("implied", "2.13.0", "2.13.1")
    assert tensorflow["described"] == (
        "tensorflow 2.13.0-2.13.1 implied by `tensorflow-text==2.13.*` (tutorial.ipynb:cell 1), "
        "whose 2.13.0 release requires tensorflow<2.14,>=2.13.0"
    )
    assert payload["keras3"] is False


def test_keras_three_is_not_reported_where_a_companion_pins_tensorflow_two_point_thirteen(tmp_path):
    write_tree(tmp_path, {"requirements.txt": "tensorflow-text==2.13.*\ntensorflow-hub\n"})
    assert symbols(tmp_path, "hub-keras-three") == []


def test_tf_models_official_implies_tensorflow_and_tensorflow_text(tmp_path, capsys):
    write_tree(tmp_path, {"requirements.txt": "tf-models-official==2.15.*\n"})
    payload = detect_json(tmp_path, capsys)
    assert (payload["tensorflow"]["origin"], payload["tensorflow"]["max"]) == ("implied", "2.15.1")
    assert payload["tensorflow-text"]["origin"] == "implied"
    assert payload["tensorflow-text"]["max"].startswith("2.15.")
    assert "`tf-models-official==2.15.*` (requirements.txt:1)" in payload["tensorflow"]["described"]


def test_the_hub_assumed_for_tensorflow_one_is_one_pip_can_install_there(tmp_path, capsys):
    write_tree(tmp_path, {"requirements.txt": "tensorflow-gpu~=1.15.0\n"})
    payload = detect_json(tmp_path, capsys)
    assert payload["tensorflow-hub"]["releases"] == ["0.16.0"]
    assert payload["tensorflow-hub"]["origin"] == "assumed"
    assert payload["tf-keras"]["origin"] == "absent"
    assert payload["python"]["max"] == "3.7"


def test_an_unversioned_requirement_is_declared_and_the_newest_release_assumed(tmp_path, capsys):
    write_tree(tmp_path, {"requirements.txt": "numpy\n\ntensorflow\n"})
    described = detect_json(tmp_path, capsys)["tensorflow"]["described"]
    assert described == "tensorflow 2.21.0 (assumed: the newest co-installable; requirements.txt:3 gives no version)"


def test_a_notebook_range_installs_the_newest_admitted_release(tmp_path, capsys):
    write_tree(tmp_path, {"t.ipynb": notebook('%pip install "tensorflow-hub>=0.3"')})
    assert detect_json(tmp_path / "t.ipynb", capsys)["tensorflow-hub"]["releases"] == ["0.16.1"]


@pytest.mark.parametrize(("pin", "judged_as"), [("2.0.0-beta1", "2.0.0"), ("2.16.0rc0", "2.16.1")])
def test_a_pre_release_pin_belongs_to_its_release_line(tmp_path, capsys, pin, judged_as):
    write_tree(tmp_path, {"requirements.txt": f"tensorflow=={pin}\n"})
    tensorflow = detect_json(tmp_path, capsys)["tensorflow"]
    assert tensorflow["releases"] == [judged_as]
    assert tensorflow["newer_than_known"] is False


@pytest.mark.parametrize(
    ("files", "excluding"),
    [
        ({"requirements.txt": "tensorflow==2.17.0\ntf-keras==2.15.1\n"}, "tf-keras 2.15.1 requires tensorflow<2.16"),
        (
            {"requirements.txt": "tensorflow==2.21.0\ntensorflow-text==2.15.0\n"},
            "tensorflow-text 2.15.0 requires tensorflow<2.16",
        ),
        (
            {
                "pyproject.toml": '[project]\nname = "p"\nrequires-python = ">=3.9"\ndependencies = ["tensorflow==1.15.5"]\n'
            },
            "tensorflow 1.15.5 requires Python",
        ),
    ],
)
def test_declarations_that_cannot_be_installed_together_are_one_config_error(tmp_path, capsys, files, excluding):
    write_tree(tmp_path, files)
    payload = detect_json(tmp_path, capsys)
    [problem] = payload["problems"]
    assert "cannot be installed together" in problem["message"]
    assert excluding in problem["message"]
    assert payload["tensorflow"]["origin"] == "unknown"
    assert payload["tensorflow"]["count"] == 0


def test_rules_needing_an_impossible_tensorflow_stay_silent_and_the_config_error_is_reported(tmp_path):
    write_tree(tmp_path, {"requirements.txt": "tensorflow==2.17.0\ntf-keras==2.15.1\n"})
    assert symbols(tmp_path) == ["hubcompat-config-error"]


def test_the_version_conflict_names_the_pair_pip_installs(tmp_path):
    write_tree(tmp_path, {"requirements.txt": "tensorflow>=2.12\ntensorflow-hub>=0.14,<0.16\n"})
    [message] = messages(tmp_path, "hub-version-conflict")
    assert message.startswith(
        "import tensorflow_hub fails: pip installs tensorflow-hub 0.15.0 (the newest that fits `<0.16,>=0.14`, "
        "requirements.txt:2) together with tensorflow 2.21.0 (the newest that fits `>=2.12`, requirements.txt:1). "
    )


@pytest.mark.parametrize("requirements", ["tensorflow>=1.11\n", "tensorflow>=1.11\ntensorflow-hub>=0.10\n"])
def test_no_version_conflict_where_pip_installs_a_pair_that_works(tmp_path, requirements):
    write_tree(tmp_path, {"requirements.txt": requirements})
    assert symbols(tmp_path, "hub-version-conflict") == []


def test_detect_at_a_monorepo_root_lists_every_project_below(tmp_path, capsys):
    write_tree(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "mono"\n',
            "services/legacy/requirements.txt": "tensorflow==2.15.1\n",
            "services/current/requirements.txt": "tensorflow==2.21.0\n",
            ".venv/lib/requirements.txt": "tensorflow==1.15.5\n",
        },
    )
    payload = detect_json(tmp_path, capsys)
    assert [p["root"] for p in payload["nested"]] == [
        str(tmp_path / "services" / "current"),
        str(tmp_path / "services" / "legacy"),
    ]
    assert [p["tensorflow"]["releases"] for p in payload["nested"]] == [["2.21.0"], ["2.15.1"]]
    assert main(["detect", str(tmp_path)]) == 0
    assert capsys.readouterr().out.count("project root: ") == 3


def test_a_tf_keras_pin_implies_its_tensorflow(tmp_path, capsys):
    write_tree(tmp_path, {"requirements.txt": "tf-keras==2.15.1\ntensorflow-hub\n"})
    tensorflow = detect_json(tmp_path, capsys)["tensorflow"]
    assert (tensorflow["origin"], tensorflow["releases"]) == ("implied", ["2.15.0", "2.15.0.post1", "2.15.1"])
    assert tensorflow["chain"][0]["by"] == "`tf-keras==2.15.1` (requirements.txt:1)"


def test_the_requirements_of_an_unpacked_sdist_are_a_source(tmp_path, capsys):
    write_tree(
        tmp_path,
        {
            "PKG-INFO": (
                "Metadata-Version: 2.1\nName: my-models\nVersion: 1.0\nRequires-Python: >=3.9\n"
                "Requires-Dist: tf-models-official==2.15.*\nRequires-Dist: pytest; extra == 'test'\n"
            ),
        },
    )
    payload = detect_json(tmp_path, capsys)
    assert payload["tf-models-official"]["source"] == "PKG-INFO:5"
    assert payload["tensorflow"]["described"] == (
        "tensorflow 2.15.0-2.15.1 implied by `tf-models-official==2.15.*` (PKG-INFO:5), "
        "whose 2.15.0 release requires tensorflow~=2.15.0"
    )
    assert payload["python"]["source"] == "PKG-INFO:4"


def test_the_hubcompat_command_gives_the_same_findings_as_the_plugin(tmp_path, capsys):
    write_tree(tmp_path, {"requirements.txt": "tensorflow-text==2.13.*\ntensorflow-hub\n", "train.py": USES_A_KERAS_LAYER})
    assert main(["check", str(tmp_path / "train.py")]) == 0
    assert "0 findings" in capsys.readouterr().err
    write_tree(tmp_path, {"requirements.txt": "tensorflow>=2.12\ntensorflow-hub>=0.14,<0.16\n"})
    detection.clear_caches()
    main(["check", str(tmp_path / "train.py")])
    out = capsys.readouterr()
    assert "(hub-version-conflict)" in out.out
    assert "(hub-keras-three)" in out.out


def test_a_bare_name_that_cannot_be_installed_with_a_pin_is_named_in_the_config_error(tmp_path, capsys):
    write_tree(tmp_path, {"requirements.txt": "tensorflow==1.15.5\ntf-keras\n"})
    [problem] = detect_json(tmp_path, capsys)["problems"]
    assert problem["message"].startswith(
        "`tensorflow==1.15.5` (requirements.txt:1) and `tf-keras` (requirements.txt:2) cannot be installed together: "
    )


def test_an_option_moves_the_companions_it_excludes_as_pip_would(tmp_path, capsys):
    write_tree(tmp_path, {"requirements.txt": "tensorflow==2.20.0\ntensorflow-text~=2.20.0\ntf-keras\n"})
    payload = detect_json(tmp_path, capsys, "--tf-version=2.15.1")
    assert payload["problems"] == []
    assert payload["tensorflow-text"]["releases"] == ["2.15.0"]
    assert payload["tensorflow-text"]["described"].startswith("tensorflow-text 2.15.0 (assumed: the newest co-installable; ")
    assert payload["tf-keras"]["releases"] == ["2.15.1"]

"""detect, handle, explain, matrix and the SARIF log answer with what check would use: the same options, read as pylint reads them."""

from __future__ import annotations

import sys

import json

import pytest

from pylint_hubcompat.cli.main import main as hubcompat
from tests.cli.conftest import HUB_MODULE, write_tree

CONFIGURED = """\
[tool.pylint.hubcompat]
tf-version = "2.13.1"
model-formats = ["gs://our-models/legacy/=tf1-hub"]
"""


@pytest.fixture
def configured(tmp_path, monkeypatch):
    """A project that pins tensorflow 2.15.1 in requirements.txt and sets tf-version in its pyproject.toml."""
    root = write_tree(tmp_path / "project", {
        "requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n",
        "pyproject.toml": CONFIGURED,
        "train.py": HUB_MODULE,
    })
    monkeypatch.chdir(root)  # pylint finds its configuration from the working directory
    return root


def detected_tensorflow(capsys, *options):
    assert hubcompat(["detect", "--json", *options]) == 0
    tensorflow = json.loads(capsys.readouterr().out)["tensorflow"]
    return tensorflow["specifier"], tensorflow["source"]


def test_detect_applies_the_options_of_the_project_configuration(configured, capsys):
    assert detected_tensorflow(capsys) == ("==2.13.1", "tf-version option")


def test_detect_takes_the_version_options_of_check(configured, capsys):
    assert detected_tensorflow(capsys, "--tf-version=2.12.0") == ("==2.12.0", "tf-version option")


def test_detect_reads_the_rcfile_it_is_given(configured, capsys, tmp_path):
    rcfile = write_tree(tmp_path, {"team.rc": "[hubcompat]\ntf-version = 2.14.1\n"}) / "team.rc"
    assert detected_tensorflow(capsys, f"--rcfile={rcfile}") == ("==2.14.1", "tf-version option")


def test_without_options_detect_shows_the_declared_versions(configured, capsys):
    (configured / "pyproject.toml").unlink()
    assert detected_tensorflow(capsys) == ("==2.15.1", "requirements.txt:1")


def test_handle_uses_the_model_formats_of_the_project(configured, capsys):
    assert hubcompat(["handle", "gs://our-models/legacy/encoder/3"]) == 0
    assert "TF1 Hub format (model-formats option `gs://our-models/legacy/`)" in capsys.readouterr().out
    assert hubcompat(["handle", "gs://elsewhere/encoder/3", "--model-formats=gs://elsewhere/=tf2-savedmodel"]) == 0
    assert "TF2 SavedModel" in capsys.readouterr().out


def test_explain_and_matrix_say_whether_their_rules_can_fire_here(configured, capsys):
    assert hubcompat(["explain", "hub-keras-three"]) == 0
    assert capsys.readouterr().out.rstrip().endswith(
        f"which runs on python {sys.version_info.major}.{sys.version_info.minor} (the Python running pylint), "
        "tensorflow 2.13.1 (tf-version option), "
        "tensorflow-hub 0.15.0 (requirements.txt:2), keras 2.13.1 (tf-version option), setuptools 84.2.1 (default), "
        "this rule cannot fire: the versions it applies to are not admitted."
    )
    assert hubcompat(["explain", "hub-module-eager", "--tf-version=2.15.1"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("this rule can fire.")
    assert hubcompat(["matrix"]) == 0
    assert "the rules derived from it can fire: hub-module-eager," in capsys.readouterr().out


def test_an_unknown_option_is_a_usage_error(configured, capsys):
    with pytest.raises(SystemExit) as stop:
        hubcompat(["detect", "--tf-versoin=2.12"])
    assert stop.value.code == 2
    assert "unrecognized arguments: --tf-versoin=2.12" in capsys.readouterr().err


def test_the_sarif_log_records_the_target_the_findings_used(configured, capsys):
    (configured / "pyproject.toml").unlink()
    status = hubcompat(["check", "train.py", "--tf-version=1.15.5", "--output-format=hubcompat-sarif:log.sarif,text"])
    assert status == 0  # TF 1.15 runs hub.Module in graph mode: the findings were computed against 1.15.5
    [target] = json.loads((configured / "log.sarif").read_text())["runs"][0]["properties"]["hubcompat"]["targets"]
    assert (target["tensorflow"]["specifier"], target["tensorflow"]["source"]) == ("==1.15.5", "tf-version option")

"""``hubcompat detect [PATH] [--json]``: what the plugin assumes, and why."""

from __future__ import annotations

import json

from pylint_hubcompat.cli.main import main
from tests.target.detection.conftest import FIXTURES


def test_detect_prints_each_distribution_with_its_source(capsys):
    assert main(["detect", str(FIXTURES / "monorepo" / "services" / "current" / "serve.py")]) == 0
    out = capsys.readouterr().out
    assert f"project root: {FIXTURES / 'monorepo'}" in out
    assert "tensorflow      `>=2.16` admits 2.16.1-2.21.0 and newer (10 known releases)  from pyproject.toml:5" in out
    assert "tf-keras        `==2.21.0` admits 2.21.0 (1 known release)  from default (" in out
    assert "tf.keras: Keras 3 (TensorFlow 2.16.1-2.21.0 admitted and TF_USE_LEGACY_KERAS is not set)" in out


def test_detect_says_when_keras_2_is_kept(capsys):
    main(["detect", str(FIXTURES / "conda_research")])
    assert "tf.keras: Keras 2 from tf-keras: TF_USE_LEGACY_KERAS is set at .env:2" in capsys.readouterr().out


def test_detect_lists_the_problems(capsys):
    main(["detect", str(FIXTURES / "conflicting_pins")])
    out = capsys.readouterr().out
    assert "problems (these sources were skipped):" in out
    assert "  requirements.txt:1: `>=2.12` (pyproject.toml:5) and `<2.10` (requirements.txt:1) admit no known" in out


def test_detect_json(capsys):
    assert main(["detect", str(FIXTURES / "poetry_service"), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["root"] == str(FIXTURES / "poetry_service")
    assert payload["tensorflow"] | {"releases": None} == {
        "specifier": "==2.14.1",
        "source": "poetry.lock:14",
        "sources": [{"kind": "file", "file": "poetry.lock", "line": 14, "text": ""}],
        "min": "2.14.1",
        "max": "2.14.1",
        "count": 1,
        "releases": None,
        "newer_than_known": False,
    }
    assert payload["tf-keras"]["source"] == "default"
    assert payload["keras3"] is False
    assert payload["legacy_keras"] is None
    assert payload["problems"] == []


def test_detect_json_problems_and_keras(capsys):
    main(["detect", str(FIXTURES / "conflicting_pins"), "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert payload["tensorflow"]["source"] == "default"
    assert payload["keras3"] is True
    assert payload["problems"][0]["path"] == "requirements.txt"
    assert payload["problems"][0]["line"] == 1


def test_detect_of_a_missing_path_is_an_error(capsys, tmp_path):
    assert main(["detect", str(tmp_path / "nope")]) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_detect_explains_a_nightly(capsys, project):
    root = project({"requirements.txt": "tf-nightly\n"})
    main(["detect", str(root)])
    out = capsys.readouterr().out
    assert "tensorflow      `>2.21.0` admits only releases newer than the known ones (judged as 2.21.0)  from requirements.txt:1" in out


def test_detect_outside_any_project(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr("pylint_hubcompat.cli.commands.find_root", lambda path: None)
    main(["detect", str(tmp_path), "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert payload["root"] is None
    assert {payload[d]["source"] for d in ("tensorflow", "tensorflow-hub", "tf-keras", "keras")} == {"default"}

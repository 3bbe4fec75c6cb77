"""``hubcompat detect [PATH] [--json]``: what the plugin assumes, and why."""

from __future__ import annotations

import sys

import json

from pylint_hubcompat.target import detection, releases
from pylint_hubcompat.cli.main import main
from pylint_hubcompat.target.report import render_json, render_text
from tests.target.detection.conftest import FIXTURES, detect
from pylint_hubcompat.target.model import NOTEBOOK, Source


PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"


def test_detect_prints_each_distribution_with_its_source(capsys):
    assert main(["detect", str(FIXTURES / "monorepo" / "services" / "current" / "serve.py")]) == 0
    out = capsys.readouterr().out
    assert f"project root: {FIXTURES / 'monorepo'}" in out
    assert (
        "  tensorflow          `>=2.16` admits 2.16.1-2.21.0 and newer (10 known releases)  from pyproject.toml:5;"
        " pip installs 2.21.0\n"
    ) in out
    assert (
        "  tf-keras            tf-keras 2.14.1-2.15.0, 2.16.0-2.21.0 implied by `tensorflow-hub>=0.16` (pyproject.toml:6),"
        " whose 0.16.1 release requires tf-keras>=2.14.1\n"
    ) in out
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
        "origin": "declared",
        "chain": [],
        "picked": "2.14.1",
        "described": "tensorflow 2.14.1 (poetry.lock:14)",
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
    assert (
        "  tensorflow          `>2.21.0` admits only releases newer than the known ones (judged as 2.21.0)"
        "  from requirements.txt:1\n"
    ) in out


def test_detect_outside_any_project(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr("pylint_hubcompat.cli.commands.find_root", lambda path: None)
    main(["detect", str(tmp_path), "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert payload["root"] is None
    assert {payload[d]["source"] for d in ("tensorflow", "tensorflow-hub", "tf-keras", "keras")} == {"default"}


def test_detect_shows_gaps_the_default_keras_split_and_the_problems_line_by_line(capsys, project):
    root = project(
        {
            "requirements.txt": "tensorflow>=2.15,!=2.16.*\ntensorflow-hub==0.16.1\n-r missing.txt\n",
        }
    )
    assert main(["detect", str(root)]) == 0
    count = len(detect(root)["tensorflow"].releases)
    newest_keras = releases.known_releases("keras")[-1]
    assert capsys.readouterr().out.splitlines() == [
        f"project root: {root}",
        f"  python              Python {PYTHON} (assumed: the Python running pylint; the project names none)",
        (
            f"  tensorflow          `!=2.16.*,>=2.15` admits 2.15.0-2.21.0 and newer ({count} known releases; exactly"
            " 2.15.0-2.15.1, 2.17.0-2.21.0)  from requirements.txt:1; pip installs 2.21.0"
        ),
        "  tensorflow-hub      `==0.16.1` admits 0.16.1 (1 known release)  from requirements.txt:2",
        "  tf-keras            tf-keras 2.21.0 (assumed: the newest co-installable; no version declared)",
        (
            f"  keras               keras 2.15.0, 3.2.0-{newest_keras} implied by `tensorflow!=2.16.*,>=2.15` (requirements.txt:1),"
            " whose 2.15.0-2.15.1, 2.17.0-2.21.0 releases require keras<2.16,>=2.15.0 or ... or keras>=3.12.0"
        ),
        "  tensorflow-text     tensorflow-text (not installed: nothing requires it)",
        "  tf-models-official  tf-models-official (not installed: nothing requires it)",
        "  setuptools          setuptools 84.2.1 (assumed: the newest co-installable; no version declared)",
        (
            "  tf.keras: Keras 3 with TensorFlow 2.17.0-2.21.0, Keras 2 with 2.15.0-2.15.1"
            " (TF_USE_LEGACY_KERAS is not set)"
        ),
        "problems (these sources were skipped):",
        "  requirements.txt:3: included requirement file missing.txt does not exist, skipped",
    ]


def test_detect_of_marker_alternatives_one_of_which_admits_newer_releases(capsys, project):
    requirements = 'tensorflow>=2.16; sys_platform == "linux"\ntensorflow<2.16; sys_platform == "darwin"\n'
    root = project({"requirements.txt": requirements})
    main(["detect", str(root)])
    [line] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  tensorflow ")]
    assert " admits 0.12.0-2.21.0 and newer (" in line
    assert line.endswith("  from requirements.txt:1, requirements.txt:2; pip installs 2.21.0")


def test_detect_outside_any_project_says_so():
    assert render_text(detection.detect_target(None)).splitlines()[0] == (
        "project root: (none found: no project configuration above this path)"
    )


def test_detect_of_a_target_admitting_no_known_release_or_any_version():
    """What detect shows for a notebook pin that conflicts, and for a constraint naming no version."""
    target = detection.detect_target(None)
    target = target.override("tensorflow", ">=2.16,<2.10", Source(NOTEBOOK, "train.ipynb", 1))
    target = target.override("tensorflow-hub", "", Source(NOTEBOOK, "train.ipynb", 2))
    lines = render_text(target).splitlines()
    assert "  tensorflow          `<2.10,>=2.16` admits no known release  from train.ipynb:cell 1" in lines
    [hub] = [line for line in lines if line.startswith("  tensorflow-hub ")]
    assert hub.startswith("  tensorflow-hub      any version admits 0.1.0-0.16.1 and newer (")
    payload = json.loads(render_json(target))
    assert payload["tensorflow"] == {
        "specifier": "<2.10,>=2.16",
        "source": "train.ipynb:cell 1",
        "sources": [{"kind": "notebook", "file": "train.ipynb", "line": 1, "text": ""}],
        "min": None,
        "max": None,
        "count": 0,
        "releases": [],
        "newer_than_known": False,
        "origin": "declared",
        "chain": [],
        "picked": None,
        "described": "tensorflow  admitted by `<2.10,>=2.16` (train.ipynb:cell 1)",
    }


def test_detect_json_lists_releases_the_keras_flag_and_the_problems(capsys, project):
    root = project({"requirements.txt": "tensorflow~=2.15.0\n-c missing.txt\n", ".env": "TF_USE_LEGACY_KERAS=1\n"})
    main(["detect", str(root), "--json"])
    out = capsys.readouterr().out
    assert out.startswith('{\n  "root": ')
    payload = json.loads(out)
    assert payload["tensorflow"]["releases"] == ["2.15.0", "2.15.0.post1", "2.15.1"]
    assert payload["legacy_keras"] == ".env:1"
    assert payload["keras3"] is False
    assert payload["problems"] == [
        {
            "path": "requirements.txt",
            "line": 2,
            "message": "included constraint file missing.txt does not exist, skipped",
        }
    ]

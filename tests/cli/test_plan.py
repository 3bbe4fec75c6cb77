"""``hubcompat plan``: what a team asks before an upgrade, on a project shaped like a real one."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.cli.test_check import run
from tests.trees import write_tree

UPGRADE = Path(__file__).resolve().parents[1] / "fixtures" / "projects" / "tf212_upgrade"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "image_classifier"
#: What the plan to 2.21 leaves for a person in that project: Estimator code.
LEFT = {"tf-estimator-removed": 2}
#: A KerasLayer in a Sequential that works on every line.
CLEAN_MODEL = """\
import tensorflow as tf
import tensorflow_hub as hub

layer = hub.load("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/5")
"""


@pytest.fixture
def upgrade(tmp_path: Path) -> Path:
    """A copy of the TF 2.12 project (hub 0.13, a KerasLayer in a Sequential, an Estimator, a BERT preprocessor)."""
    return Path(shutil.copytree(UPGRADE, tmp_path / "classifier"))


def hubcompat(project: Path, *args: str):
    return run(["-m", "pylint_hubcompat", *args], project)


def plan_json(project: Path, *args: str) -> dict:
    result = hubcompat(project, "plan", ".", "--format=json", *args)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def check_counts(project: Path, *args: str) -> Counter[str]:
    result = hubcompat(project, "check", ".", "--output-format=json", *args)
    assert result.returncode & 32 == 0, result.stderr
    return Counter(m["symbol"] for m in json.loads(result.stdout))


def check_places(project: Path, *args: str) -> set[str]:
    result = hubcompat(project, "check", ".", "--output-format=json", *args)
    return {f"{m['path']}:{m['line']}:{m['column']}" for m in json.loads(result.stdout)}


def test_every_column_is_what_check_finds_on_that_line(upgrade: Path) -> None:
    (project,) = plan_json(upgrade)["projects"]
    assert project["columns"] == ["now", *(f"2.{minor}" for minor in range(12, 22))]
    assert project["releases"]["2.21"] == "2.21.0"
    assert project["releases"]["2.16"] == "2.16.2"
    for column in project["columns"]:
        planned = Counter({r["symbol"]: r["counts"][column] for r in project["rules"] if r["counts"][column]})
        option = () if column == "now" else (f"--tf-version={project['releases'][column]}",)
        assert planned == check_counts(upgrade, *option), column
    places = check_places(upgrade, "--tf-version=2.21.0")
    assert all(set(r["first"]) <= places for r in project["rules"] if r["counts"]["2.21"])


def test_where_each_finding_starts_and_stops(upgrade: Path) -> None:
    (project,) = plan_json(upgrade)["projects"]
    spans = {r["symbol"]: (r["starts"], r["stops"]) for r in project["rules"]}
    assert spans == {
        "hub-text-ops-missing": ("2.12", None),
        "hub-keras-three": ("2.16", None),
        "hub-version-conflict": ("2.16", None),
        "tf-estimator-removed": ("2.16", None),
    }


def test_the_plan_moves_the_pins_and_says_what_is_left(upgrade: Path) -> None:
    (project,) = plan_json(upgrade)["projects"]
    changes = [(c["file"], c["line"], c["before"], c["after"]) for m in project["dependencies"] for c in m["changes"]]
    assert changes == [
        ("requirements.txt", 1, "tensorflow==2.12.0", "tensorflow==2.21.0"),
        ("requirements.txt", 2, "tensorflow-hub==0.13.0", "tensorflow-hub==0.16.1"),
        ("requirements.txt", 3, "tensorflow-text==2.12.1", "tensorflow-text==2.21.1"),
    ]
    hub = next(m for m in project["dependencies"] if m["distribution"] == "tensorflow-hub")
    assert hub["reason"] == "clears hub-version-conflict (2)"
    fixes = {f["symbol"]: (f["safety"], f["found"], f["fixed"]) for f in project["fixes"]}
    assert fixes == {"hub-keras-three": ("unsafe", 3, 0), "hub-text-ops-missing": ("safe", 1, 1)}
    assert {left["symbol"]: left["findings"] for left in project["left"]} == LEFT
    assert project["unsafe_left"] == 3
    assert not project["clean"]
    assert "tensorflow 2.21.0 (requirements.txt:1)" in project["after"]


def test_applying_the_plan_leaves_only_what_it_said_is_left(upgrade: Path) -> None:
    (planned,) = plan_json(upgrade, "--unsafe-fixes")["projects"]
    left = {entry["symbol"]: entry["findings"] for entry in planned["left"]}
    assert left == LEFT
    result = hubcompat(upgrade, "plan", ".", "--apply", "--unsafe-fixes")
    assert result.returncode == 1, result.stderr
    assert (upgrade / "requirements.txt").read_text(encoding="utf-8").splitlines()[:1] == ["tensorflow==2.21.0"]
    assert check_counts(upgrade) == Counter(left)
    assert check_counts(upgrade, "--tf-version=2.21.0") == Counter(left)


def test_a_range_is_planned_on_the_line_alone(tmp_path: Path) -> None:
    """``tensorflow>=2.12`` admits 2.21 and stays; hub ``>=0.14,<0.16`` may not keep admitting 0.14."""
    project = Path(shutil.copytree(EXAMPLE, tmp_path / "image_classifier"))
    (planned,) = plan_json(project, "--unsafe-fixes")["projects"]
    changes = [(c["before"], c["after"]) for m in planned["dependencies"] for c in m["changes"]]
    assert changes == [('"tensorflow-hub>=0.14,<0.16",', '"tensorflow-hub>=0.16.1,<0.17",')]
    assert planned["after"].startswith("tensorflow 2.21.0 (the line planned for), tensorflow-hub 0.16.1")
    left = {entry["symbol"]: entry["findings"] for entry in planned["left"]}
    assert all(entry["first"] for entry in planned["left"])
    assert hubcompat(project, "plan", ".", "--apply", "--unsafe-fixes").returncode == 1
    assert check_counts(project, "--tf-version=2.21.0") == Counter(left)


def test_safe_fixes_only_without_unsafe_fixes(upgrade: Path) -> None:
    result = hubcompat(upgrade, "plan", ".", "--apply")
    assert result.returncode == 1, result.stderr
    assert check_counts(upgrade) == Counter({**LEFT, "hub-keras-three": 3})
    assert "import tensorflow_text" in (upgrade / "src/classifier/text.py").read_text(encoding="utf-8")


def test_the_text_table_reads_at_a_glance(upgrade: Path) -> None:
    result = hubcompat(upgrade, "plan")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.lstrip().startswith("rule"))
    assert header.split() == ["rule", "now", *(f"2.{minor}" for minor in range(12, 22))]
    keras = next(line for line in lines if line.lstrip().startswith("hub-keras-three"))
    assert keras.split() == ["hub-keras-three", *"." * 5, *"3" * 6, "from", "2.16"]
    assert "    requirements.txt:1: tensorflow==2.12.0 -> tensorflow==2.21.0 (the line planned for)" in lines
    assert any(
        line.startswith("    tf-estimator-removed (E7117) x2: src/classifier/estimator.py:9:11") for line in lines
    )


def test_markdown_is_a_table_for_a_pull_request(upgrade: Path) -> None:
    result = hubcompat(upgrade, "plan", "--format", "markdown", "--to", "2.16")
    lines = result.stdout.splitlines()
    assert lines[0] == "### hubcompat plan: `.` to TensorFlow 2.16"
    assert "| rule | now | 2.12 | 2.13 | 2.14 | 2.15 | 2.16 | |" in lines
    assert "|---|---:|---:|---:|---:|---:|---:|---|" in lines
    assert "- Dependencies:" in lines
    assert "  - `requirements.txt:1`: `tensorflow==2.12.0` -> `tensorflow==2.16.2` (the line planned for)" in lines


def test_to_an_older_line_caps_a_range(tmp_path: Path) -> None:
    project = write_tree(
        tmp_path / "p", {"requirements.txt": "tensorflow>=2.12,<2.16\ntensorflow-hub>=0.16\n", "model.py": CLEAN_MODEL}
    )
    (planned,) = plan_json(project, "--to", "tensorflow==2.18.*")["projects"]
    assert planned["columns"] == ["now", "2.12", "2.13", "2.14", "2.15", "2.16", "2.17", "2.18"]
    changes = [(c["before"], c["after"]) for m in planned["dependencies"] for c in m["changes"]]
    assert changes == [("tensorflow>=2.12,<2.16", "tensorflow>=2.12,<2.19")]


def test_from_current_starts_at_what_pip_installs(tmp_path: Path) -> None:
    project = write_tree(tmp_path / "p", {"requirements.txt": "tensorflow>=2.12,<2.16\n", "model.py": CLEAN_MODEL})
    (planned,) = plan_json(project, "--from-current")["projects"]
    assert planned["columns"][:3] == ["now", "2.15", "2.16"]


def test_a_clean_line_exits_zero(tmp_path: Path) -> None:
    project = write_tree(
        tmp_path / "p", {"requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.16.1\n", "model.py": CLEAN_MODEL}
    )
    result = hubcompat(project, "plan", ".")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Clean on 2.21 once `hubcompat plan --apply` has run." in result.stdout
    assert "requirements.txt:1: tensorflow==2.15.1 -> tensorflow==2.21.0" in result.stdout


def test_a_locked_tensorflow_is_moved_by_hand(tmp_path: Path) -> None:
    project = write_tree(
        tmp_path / "p",
        {
            "pyproject.toml": '[project]\nname = "p"\nversion = "1"\ndependencies = ["tensorflow", "tensorflow-hub"]\n',
            "uv.lock": 'version = 1\n\n[[package]]\nname = "tensorflow"\nversion = "2.15.1"\n\n'
            '[[package]]\nname = "tensorflow-hub"\nversion = "0.16.1"\n',
            "model.py": CLEAN_MODEL,
        },
    )
    result = hubcompat(project, "plan", ".")
    assert result.returncode == 1, result.stderr
    assert (
        "    uv.lock:4: tensorflow 2.21.0 by hand (the line planned for); the project has a lock file" in result.stdout
    )
    assert "Not clean on 2.21 after the automatic part: 1 dependency move by hand." in result.stdout


def test_each_project_of_a_monorepo_gets_its_plan(tmp_path: Path) -> None:
    write_tree(
        tmp_path / "repo",
        {
            "services/a/requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.16.1\n",
            "services/a/model.py": CLEAN_MODEL,
            "services/b/requirements.txt": "tensorflow==2.19.0\ntensorflow-hub==0.16.1\n",
            "services/b/model.py": CLEAN_MODEL,
        },
    )
    plans = plan_json(tmp_path / "repo")["projects"]
    assert [(p["name"], p["columns"][1]) for p in plans] == [("services/a", "2.15"), ("services/b", "2.19")]


def test_a_notebook_that_pins_its_own_versions_gets_its_own_plan(tmp_path: Path) -> None:
    cell = ["!pip install tensorflow==2.13.1 tensorflow-hub==0.14.0\n"]
    code = ["import tensorflow as tf\n", "import tensorflow_hub as hub\n"]
    notebook = {
        "cells": [
            {"cell_type": "code", "metadata": {}, "source": cell, "outputs": [], "execution_count": None},
            {"cell_type": "code", "metadata": {}, "source": code, "outputs": [], "execution_count": None},
        ],
        "metadata": {"kernelspec": {"name": "python3", "language": "python"}, "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    project = write_tree(
        tmp_path / "p",
        {
            "requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.16.1\n",
            "model.py": CLEAN_MODEL,
            "tutorial.ipynb": json.dumps(notebook),
        },
    )
    plans = plan_json(project)["projects"]
    assert [p["name"] for p in plans] == [".", "tutorial.ipynb"]
    tutorial = plans[1]
    assert tutorial["columns"][1] == "2.13"
    conflict = next(r for r in tutorial["rules"] if r["symbol"] == "hub-version-conflict")
    assert conflict["starts"] == "2.16"
    assert conflict["first"] == ["tutorial.ipynb:cell 2:2:0"]
    assert all(not m["automatic"] for m in tutorial["dependencies"])
    assert {m["distribution"] for m in tutorial["dependencies"]} == {"tensorflow", "tensorflow-hub"}


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["--to", "3.5"], "admits no known TensorFlow 2 release"),
        (["--to", "numpy==2.0"], "a plan moves tensorflow"),
        (["--tf-version=2.18.0"], "--to names the last one"),
        (["--format", "yaml"], "invalid choice"),
    ],
)
def test_usage_errors(upgrade: Path, arguments: list[str], says: str) -> None:
    result = hubcompat(upgrade, "plan", ".", *arguments)
    assert result.returncode == 32
    assert says in result.stderr
    assert result.stdout == ""


def test_nothing_to_plan(tmp_path: Path) -> None:
    project = write_tree(tmp_path / "p", {"main.py": "print('hello')\n"})
    result = hubcompat(project, "plan", ".")
    assert result.returncode == 0
    assert "nothing to plan" in result.stderr


def test_a_broken_configuration_is_said_and_the_rest_is_planned(tmp_path: Path) -> None:
    project = write_tree(
        tmp_path / "p",
        {
            "pyproject.toml": "[tool.pylint.hubcompat\nrules-path = 'x'\n",
            "requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.16.1\n",
            "model.py": CLEAN_MODEL,
        },
    )
    result = hubcompat(project, "plan", ".")
    assert "hubcompat plan: " in result.stderr
    assert "pyproject.toml" in result.stderr
    assert "requirements.txt:1: tensorflow==2.15.1 -> tensorflow==2.21.0" in result.stdout

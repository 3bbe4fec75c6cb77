"""Precedence: lock > declared (all intersected) > installed > default; conflicts are reported."""

from __future__ import annotations

import importlib.metadata
import pickle

import pytest

from pylint_hubcompat.target import detection
from pylint_hubcompat.target.detection import installed, markers
from pylint_hubcompat.target.model import Constraint
from tests.target.detection.conftest import detect, problems, summary
from pylint_hubcompat.target.model import INSTALLED, Source

PYPROJECT = """
[project]
name = "demo"
dependencies = [
    "tensorflow>=2.12",
]
"""


def test_every_declared_source_is_intersected_and_named(project):
    root = project({"pyproject.toml": PYPROJECT, "requirements.txt": "numpy\ntensorflow<2.16\n"})
    assert summary(detect(root)["tensorflow"]) == (
        "<2.16,>=2.12",
        "pyproject.toml:4, requirements.txt:2",
        "2.12.0",
        "2.15.1",
    )


def test_conflicting_sources_are_reported_and_skipped_for_the_default(project):
    root = project({"pyproject.toml": PYPROJECT, "requirements.txt": "tensorflow<2.10\n"})
    target = detect(root)
    assert target["tensorflow"].source == "default"
    assert problems(target) == [
        "requirements.txt:1: `>=2.12` (pyproject.toml:4) and `<2.10` (requirements.txt:1) admit no known "
        "tensorflow release; the declared tensorflow versions are ignored"
    ]


def test_conflicting_sources_fall_back_to_the_installed_version(project, monkeypatch):
    monkeypatch.setattr(
        detection, "installed_constraints", lambda: {"tensorflow": Constraint.build("tensorflow", "==2.14.1", (Source(INSTALLED),))}
    )
    root = project({"pyproject.toml": PYPROJECT, "requirements.txt": "tensorflow<2.10\n"})
    target = detect(root)
    assert summary(target["tensorflow"]) == ("==2.14.1", "installed", "2.14.1", "2.14.1")
    assert len(target.problems) == 1


def test_a_version_that_was_never_released_is_reported(project):
    root = project({"requirements.txt": "tensorflow==2.16.0\n"})
    target = detect(root)
    assert target["tensorflow"].source == "default"
    assert problems(target) == [
        "requirements.txt:1: `==2.16.0` (requirements.txt:1) admits no known tensorflow release; "
        "the declared tensorflow versions are ignored"
    ]


def test_a_bare_name_leaves_the_version_to_the_environment(project, monkeypatch):
    monkeypatch.setattr(
        detection, "installed_constraints", lambda: {"tensorflow": Constraint.build("tensorflow", "==2.15.1", (Source(INSTALLED),))}
    )
    root = project({"requirements.txt": "tensorflow\ntensorflow-hub\n"})
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "installed")
    assert target["tensorflow-hub"].source == "requirements.txt:2"


def test_no_tensorflow_anywhere_is_the_default(project):
    target = detect(project({"pyproject.toml": '[project]\nname = "webapp"\ndependencies = ["flask"]\n'}))
    assert {c.source for c in target if c.distribution != "python"} == {"default"}
    assert target.problems == ()


def test_no_project_at_all_is_the_default():
    assert {c.source for c in detect(None) if c.distribution != "python"} == {"default"}


def test_marker_alternatives_each_meet_the_common_constraints(project):
    root = project(
        {
            "pyproject.toml": PYPROJECT,
            "requirements.txt": (
                'tensorflow<2.14; sys_platform == "linux"\n'
                'tensorflow-macos>=2.15; sys_platform == "darwin"\n'
            ),
        }
    )
    tensorflow = detect(root)["tensorflow"]
    versions = {str(v) for v in tensorflow.releases}
    assert "2.12.0" in versions and "2.13.1" in versions and "2.15.1" in versions
    assert "2.14.0" not in versions
    assert tensorflow.source == "pyproject.toml:4, requirements.txt:1, requirements.txt:2"


def test_the_environment_is_only_read_for_what_the_project_leaves_open(project, tmp_path, monkeypatch):
    asked = []

    def installed():
        asked.append(True)
        return {"keras": Constraint.build("keras", "==2.15.0", (Source(INSTALLED),))}

    monkeypatch.setattr(detection, "installed_constraints", installed)
    pins = "tensorflow==2.15.1\ntensorflow-hub==0.16.1\ntf-keras==2.15.0\n"
    target = detect(project({"requirements.txt": pins + "keras==2.15.0\n"}, tmp_path / "pinned"))
    assert asked == [] and target["keras"].source == "requirements.txt:4"
    target = detect(project({"requirements.txt": pins}, tmp_path / "open"))
    assert asked and summary(target["keras"])[:2] == ("==2.15.0", "installed")


def test_what_is_installed_yields_to_what_the_project_declares(project, monkeypatch):
    """The environment pylint runs in is a guess for what the project leaves open, never an error."""
    keras = Constraint.build("keras", "==3.3.3", (Source(INSTALLED),))
    monkeypatch.setattr(detection, "installed_constraints", lambda: {"keras": keras})
    target = detect(project({"requirements.txt": "tensorflow==2.15.1\n"}))
    assert summary(target["keras"])[:2] == ("", "requirements.txt:1")  # implied: tensorflow 2.15.1 needs keras 2.15
    assert problems(target) == []


def installed_with(monkeypatch, packages: set[str], versions: dict[str, str]) -> dict[str, tuple[str, str]]:
    """What is found installed where Python finds ``packages`` and the metadata lists ``versions``."""

    def version(name: str) -> str:
        if name not in versions:
            raise importlib.metadata.PackageNotFoundError(name)
        return versions[name]

    monkeypatch.setattr(importlib.metadata, "version", version)
    monkeypatch.setattr(installed, "find_spec", lambda package: object() if package in packages else None)
    installed.installed_constraints.cache_clear()
    try:
        return {name: (c.specifier, c.source) for name, c in installed.installed_constraints().items()}
    finally:
        installed.installed_constraints.cache_clear()


def test_installed_versions_come_from_distribution_metadata(monkeypatch):
    versions = {"tensorflow-cpu": "2.15.1", "tensorflow-hub": "0.16.1", "tf-keras": "not a version"}
    assert installed_with(monkeypatch, {"tensorflow", "tensorflow_hub", "tf_keras"}, versions) == {
        "tensorflow": ("==2.15.1", "installed"),
        "tensorflow-hub": ("==0.16.1", "installed"),
    }


def test_metadata_is_read_only_for_packages_python_can_find(monkeypatch):
    # Left-over metadata of an uninstalled TensorFlow does not make it the target.
    versions = {"tensorflow": "2.15.1", "tensorflow-hub": "0.16.1"}
    assert installed_with(monkeypatch, {"tensorflow_hub"}, versions) == {"tensorflow-hub": ("==0.16.1", "installed")}
    assert installed_with(monkeypatch, set(), versions) == {}


def test_the_target_is_cached_per_root_and_pickles(project):
    root = project({"requirements.txt": "tensorflow==2.15.1\n"})
    assert detect(root) is detect(root)
    assert pickle.loads(pickle.dumps(detect(root))) == detect(root)


@pytest.mark.parametrize("name", ["tensorflow-gpu", "tensorflow-intel", "intel-tensorflow", "tensorflow-rocm", "tensorflow-aarch64"])
def test_every_tensorflow_build_counts_as_tensorflow(project, name):
    root = project({"requirements.txt": f"{name}==2.11.0\n"})
    assert summary(detect(root)["tensorflow"])[:2] == ("==2.11.0", "requirements.txt:1")


def test_a_package_python_cannot_look_up_is_judged_by_its_metadata(monkeypatch):
    """A module in ``sys.modules`` without a spec makes ``find_spec`` raise: its metadata decides."""

    def find_spec(package: str) -> object:
        if package == "tensorflow":
            raise ValueError("tensorflow.__spec__ is None")
        return None

    monkeypatch.setattr(importlib.metadata, "version", lambda name: {"tensorflow": "2.15.1"}[name])
    monkeypatch.setattr(installed, "find_spec", find_spec)
    installed.installed_constraints.cache_clear()
    try:
        found = {name: (c.specifier, c.source) for name, c in installed.installed_constraints().items()}
    finally:
        installed.installed_constraints.cache_clear()
    assert found == {"tensorflow": ("==2.15.1", "installed")}


def test_a_pre_release_python_reads_the_project_like_its_final_release(project, monkeypatch):
    monkeypatch.setattr(markers, "python_version", lambda: "3.14.0rc1")
    poetry = '[tool.poetry.dependencies]\ntensorflow = { version = "^2.16", python = ">=3.10" }\n'
    root = project({"pyproject.toml": poetry})
    assert summary(detect(root)["tensorflow"])[:2] == ("<3.0,>=2.16", "pyproject.toml:2")


# -- what a conflict message names --------------------------------------------------------------


def test_a_conflict_names_the_pair_of_statements_that_admits_nothing(project):
    root = project(
        {
            "pyproject.toml": PYPROJECT,
            "requirements.txt": "tensorflow<2.16\ntensorflow<2.10\n",
        }
    )
    assert problems(detect(root)) == [
        (
            "requirements.txt:2: `>=2.12` (pyproject.toml:4) and `<2.10` (requirements.txt:2) admit no known tensorflow"
            " release; the declared tensorflow versions are ignored"
        )
    ]


def test_a_conflict_of_three_statements_together_names_all_three(project):
    root = project({"pyproject.toml": PYPROJECT, "requirements.txt": "tensorflow<2.14\ntensorflow!=2.12.*,!=2.13.*\n"})
    assert problems(detect(root)) == [
        (
            "requirements.txt:2: `>=2.12` (pyproject.toml:4) and `<2.14` (requirements.txt:1) and `!=2.12.*,!=2.13.*`"
            " (requirements.txt:2) admit no known tensorflow release; the declared tensorflow versions are ignored"
        )
    ]


def test_a_conflict_inside_one_marker_branch_says_which_branch(project):
    root = project({"pyproject.toml": PYPROJECT, "requirements.txt": 'tensorflow<2.10; sys_platform == "linux"\n'})
    target = detect(root)
    assert target["tensorflow"].source == "default"
    assert problems(target) == [
        (
            "requirements.txt:1: `>=2.12` (pyproject.toml:4) and `<2.10` (requirements.txt:1) admit no known"
            ' tensorflow release when sys_platform == "linux"; the declared tensorflow versions are ignored'
        )
    ]


def test_the_same_pin_under_two_markers_is_shown_once(project):
    pins = 'tensorflow==2.15.1; sys_platform == "linux"\ntensorflow==2.15.1; sys_platform == "darwin"\n'
    root = project({"requirements.txt": pins})
    assert summary(detect(root)["tensorflow"]) == (
        "==2.15.1", "requirements.txt:1, requirements.txt:2", "2.15.1", "2.15.1"
    )


# -- where the project root is -----------------------------------------------------------------------


def test_a_file_in_a_folder_that_does_not_exist_yet_belongs_to_the_project_above(project, tmp_path):
    root = project({"requirements.txt": "tensorflow==2.15.1\n"})
    assert detection.find_root(tmp_path / "notebooks" / "draft" / "new.py") == root


def test_text_files_and_a_file_named_requirements_do_not_make_a_project_root(project, tmp_path):
    root = project(
        {
            "pyproject.toml": PYPROJECT,
            "pkg/notes.txt": "tensorflow==1.15.5 was the last TF1\n",
            "pkg/requirements.in": "tensorflow==1.15.5\n",
            "pkg/requirements": "#!/bin/sh\npip install -r ../requirements.txt\n",
            "pkg/model.py": "import tensorflow as tf\n",
        }
    )
    assert detection.find_root(tmp_path / "pkg" / "model.py") == root

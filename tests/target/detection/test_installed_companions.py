"""What the environment has installed stands as it is when it contradicts only itself."""

from __future__ import annotations

from pylint_hubcompat.target import detection
from pylint_hubcompat.target.model import INSTALLED, Constraint, Source
from tests.target.detection.conftest import detect, problems


def installed(**versions: str):
    found = {
        name.replace("_", "-"): Constraint.build(name.replace("_", "-"), f"=={v}", (Source(INSTALLED),))
        for name, v in versions.items()
    }
    return lambda: found


def test_an_environment_left_behind_by_pip_is_kept_and_its_clash_known(project, monkeypatch):
    monkeypatch.setattr(detection, "installed_constraints", installed(tensorflow="2.21.0", tensorflow_text="2.15.0"))
    target = detect(project({"train.py": "import tensorflow_text\n"}))
    assert [str(v) for v in target["tensorflow"].releases] == ["2.21.0"]
    assert [str(v) for v in target["tensorflow-text"].releases] == ["2.15.0"]
    assert target.fact("text_clash") is True and target.fact("tf_keras_clash") is False
    assert problems(target) == []


def test_what_the_project_declares_still_wins_over_the_environment(project, monkeypatch):
    monkeypatch.setattr(detection, "installed_constraints", installed(tensorflow="2.21.0", tensorflow_text="2.15.0"))
    target = detect(project({"requirements.txt": "tensorflow==2.15.1\n"}))
    assert target.fact("text_clash") is False
    assert [str(v) for v in target["tensorflow"].releases] == ["2.15.1"]


def test_keras_three_beside_tensorflow_2_15_is_a_keras_clash(project, monkeypatch):
    monkeypatch.setattr(detection, "installed_constraints", installed(tensorflow="2.15.1", keras="3.5.0"))
    target = detect(project({}))
    assert target.fact("keras_clash") is True


def test_setuptools_and_tensorflow_text_are_read_only_with_the_rest_of_the_environment(project, monkeypatch):
    asked = []

    def environment():
        asked.append(True)
        return installed(tensorflow="2.21.0", setuptools="82.0.0")()

    monkeypatch.setattr(detection, "installed_constraints", environment)
    pinned = "tensorflow==2.21.0\ntensorflow-hub==0.16.1\ntf-keras==2.21.0\nkeras==3.12.0\n"
    target = detect(project({"requirements.txt": pinned}))
    assert asked == [] and target["setuptools"].origin == "assumed"
    detection.clear_caches()
    target = detect(project({"requirements.txt": "tensorflow-hub==0.16.1\n"}))
    assert asked and [str(v) for v in target["setuptools"].releases] == ["82.0.0"]
    assert target.fact("fresh_setuptools") is True

"""conda environment files (conda match specs and their pip: list) and Pipfiles."""

from __future__ import annotations

import pytest
from packaging.specifiers import SpecifierSet

from pylint_hubcompat.target.detection.conda import conda_specifiers
from tests.target.detection.conftest import detect, problems, summary


def test_conda_environment_with_a_pip_section(project):
    root = project(
        {
            "environment.yml": """
                name: research
                channels:
                  - conda-forge
                dependencies:
                  - python=3.11
                  - conda-forge::tensorflow=2.15
                  - pip
                  - pip:
                      - tensorflow-hub==0.15.0
                      - -r requirements-extra.txt
            """,
            "requirements-extra.txt": "tf-keras~=2.15.0\n",
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"]) == ("==2.15.*", "environment.yml:6", "2.15.0", "2.15.1")
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "environment.yml:9")
    assert summary(target["tf-keras"])[1] == "requirements-extra.txt:1"
    assert problems(target) == []


@pytest.mark.parametrize(
    ("spec", "pep440"),
    [
        ("=2.4", "==2.4.*"),
        ("=2.4.1=gpu_py39h8a81be9_0", "==2.4.1.*"),
        ("==2.4.1", "==2.4.1"),
        (" 2.4.1 mkl_py39", "==2.4.1"),
        (" 2.4*", "==2.4.*"),
        (">=2.4,<2.6", "<2.6,>=2.4"),
        ("[version='>=2.10,<2.12']", "<2.12,>=2.10"),
        ("", ""),
    ],
)
def test_conda_match_specs_in_pep440(spec, pep440):
    assert conda_specifiers(spec) == (SpecifierSet(pep440),)


def test_broken_yaml_is_reported_with_its_line(project):
    root = project({"environment.yaml": "dependencies:\n  - tensorflow=2.4\n  - [unclosed\n"})
    target = detect(root)
    assert target["tensorflow"].source == "default"
    [problem] = target.problems
    assert problem.path == "environment.yaml"
    assert problem.line == 4
    assert problem.message.startswith("not valid YAML, skipped")


def test_pipfile_packages_and_dev_packages(project):
    root = project(
        {
            "Pipfile": """
                [packages]
                tensorflow = ">=2.12"
                tensorflow-hub = "*"
                keras = {version = "<3", markers = "python_version >= '3.8'"}

                [dev-packages]
                tensorflow = "==2.13.1"
                tf-keras = {git = "https://github.com/keras-team/tf-keras.git"}
            """
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"]) == ("==2.13.1,>=2.12", "Pipfile:2, Pipfile:7", "2.13.1", "2.13.1")
    assert target["tensorflow-hub"].source == "default"
    assert summary(target["keras"])[:2] == ("<3", "Pipfile:4")
    assert target["tf-keras"].source == "default"

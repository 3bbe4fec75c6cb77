"""pyproject.toml: PEP 621, PEP 735, Poetry, PDM and uv tables, each with its line."""

from __future__ import annotations

import pytest
from packaging.specifiers import SpecifierSet

from pylint_hubcompat.target.detection.poetry import poetry_specifiers
from tests.target.detection.conftest import detect, problems, summary


def test_project_dependencies_and_extras_are_intersected(project):
    root = project(
        {
            "pyproject.toml": """
                [project]
                name = "demo"
                dependencies = [
                    "numpy",
                    "tensorflow>=2.10",
                ]

                [project.optional-dependencies]
                gpu = ["tensorflow[and-cuda]>=2.14"]
                hub = ["tensorflow-hub>=0.16"]
            """
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"]) == (">=2.10,>=2.14", "pyproject.toml:5, pyproject.toml:9", "2.14.0", "2.21.0")
    assert summary(target["tensorflow-hub"])[1] == "pyproject.toml:10"


def test_dependency_groups_with_include_group(project):
    root = project(
        {
            "pyproject.toml": """
                [dependency-groups]
                test = ["pytest", {include-group = "ml"}]
                ml = [
                    "tensorflow==2.15.1",
                    "tf-keras==2.15.1",
                ]
                docs = [{include-group = "nowhere"}]
            """
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "pyproject.toml:4")
    assert summary(target["tf-keras"])[:2] == ("==2.15.1", "pyproject.toml:5")
    assert problems(target) == ["pyproject.toml:7: [dependency-groups] docs includes the unknown group 'nowhere'"]


def test_poetry_caret_tilde_star_and_tables(project):
    root = project(
        {
            "pyproject.toml": """
                [tool.poetry.dependencies]
                python = "^3.10"
                tensorflow = "^2.13"
                tensorflow-hub = {version = "~0.14.0", optional = true}
                keras = "*"

                [tool.poetry.group.dev.dependencies]
                tensorflow = "<2.15"
                tf-keras = [
                    {version = "2.15.0", python = "<3.8"},
                    {version = "2.15.1", python = ">=3.8"},
                ]
            """
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"]) == ("<2.15,<3.0,>=2.13", "pyproject.toml:3, pyproject.toml:8", "2.13.0", "2.14.1")
    assert summary(target["tensorflow-hub"]) == ("<0.15,>=0.14.0", "pyproject.toml:4", "0.14.0", "0.14.0")
    assert target["keras"].source == "default"  # ``*`` says nothing about the version
    assert summary(target["tf-keras"])[:2] == ("==2.15.1", "pyproject.toml:9")


def test_poetry_alternatives_are_joined(project):
    root = project({"pyproject.toml": '[tool.poetry.dependencies]\ntensorflow = "~1.15 || ^2.15"\n'})
    tensorflow = detect(root)["tensorflow"]
    assert str(tensorflow.releases[0]) == "1.15.0"
    assert str(tensorflow.releases[-1]) == "2.21.0"
    assert not any(v.major == 2 and v.minor < 15 for v in tensorflow.releases)


def test_an_impossible_poetry_constraint_is_reported(project):
    root = project({"pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.10"\ntensorflow = "^two"\n'})
    target = detect(root)
    assert target["tensorflow"].source == "default"
    assert problems(target) == ["pyproject.toml:3: Poetry constraint '^two' for tensorflow, skipped: not a version: 'two'"]


def test_pdm_and_uv_dev_dependencies(project):
    root = project(
        {
            "pyproject.toml": """
                [tool.pdm.dev-dependencies]
                test = ["-e file:///${PROJECT_ROOT}/libs/x#egg=x", "tensorflow-hub==0.16.1"]

                [tool.uv]
                dev-dependencies = ["tensorflow>=2.16"]
                constraint-dependencies = ["tensorflow<2.18"]
            """
        }
    )
    target = detect(root)
    assert summary(target["tensorflow-hub"])[:2] == ("==0.16.1", "pyproject.toml:2")
    assert summary(target["tensorflow"]) == ("<2.18,>=2.16", "pyproject.toml:5, pyproject.toml:6", "2.16.1", "2.17.1")
    assert problems(target) == []


def test_setuptools_dynamic_dependencies_name_requirements_files(project):
    root = project(
        {
            "pyproject.toml": """
                [project]
                name = "demo"
                dynamic = ["dependencies", "optional-dependencies"]

                [tool.setuptools.dynamic]
                dependencies = {file = ["requirements.in"]}
                optional-dependencies.hub = {file = "hub.in"}
            """,
            "requirements.in": "tensorflow~=2.14.0\n",
            "hub.in": "tensorflow-hub==0.15.0\n",
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("~=2.14.0", "requirements.in:1")
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "hub.in:1")


def test_malformed_toml_is_reported_with_its_line_and_other_files_still_count(project):
    root = project(
        {
            "pyproject.toml": '[project]\nname = "x"\ndependencies = ["tensorflow>=2.10"\n',
            "requirements.txt": "tensorflow==2.12.0\n",
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.12.0", "requirements.txt:1")
    [problem] = target.problems
    assert (problem.path, problem.line) == ("pyproject.toml", 4)
    assert problem.message.startswith("not valid TOML, skipped")


def test_odd_shapes_are_reported_not_fatal(project):
    root = project(
        {
            "pyproject.toml": """
                [project]
                dependencies = "tensorflow>=2.10"
                optional-dependencies = {gpu = [3]}
            """
        }
    )
    target = detect(root)
    assert target["tensorflow"].source == "default"
    assert [p.line for p in target.problems] == [2, 3]


@pytest.mark.parametrize(
    ("poetry", "pep440"),
    [
        ("^2.13", ["<3.0,>=2.13"]),
        ("^2.13.1", ["<3.0,>=2.13.1"]),
        ("^0.16", ["<0.17,>=0.16"]),
        ("^0.0.3", ["<0.0.4,>=0.0.3"]),
        ("^0", ["<1.0,>=0"]),
        ("~2.13", ["<2.14,>=2.13"]),
        ("~2.13.1", ["<2.14,>=2.13.1"]),
        ("~2", ["<3.0,>=2"]),
        ("*", [""]),
        ("2.15.1", ["==2.15.1"]),
        ("2.15.*", ["==2.15.*"]),
        (">=2.10 <2.16", ["<2.16,>=2.10"]),
        (">= 2.10, < 2.16", ["<2.16,>=2.10"]),
        ("~=2.10", ["~=2.10"]),
        ("^1.15 || ^2.4", ["<2.0,>=1.15", "<3.0,>=2.4"]),
    ],
)
def test_poetry_constraints_in_pep440(poetry, pep440):
    assert [str(s) for s in poetry_specifiers(poetry)] == [str(SpecifierSet(s)) for s in pep440]


@pytest.mark.parametrize("bad", ["^two", "tensorflow", ">=2 junk", "~2.*", ">>2"])
def test_what_poetry_would_reject_is_a_value_error(bad):
    with pytest.raises(ValueError):
        poetry_specifiers(bad)

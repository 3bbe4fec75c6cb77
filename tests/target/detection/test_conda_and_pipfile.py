"""conda environment files (conda match specs and their pip: list) and Pipfiles."""

from __future__ import annotations

import pytest
from packaging.specifiers import SpecifierSet

from pylint_hubcompat.target.detection.conda import conda_specifiers, read_environment_files
from pylint_hubcompat.target.detection.declared import PYTHON
from pylint_hubcompat.target.detection.pipfile import read_pipfile
from pylint_hubcompat.target.detection.project_files import ProjectFiles
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
    assert target["tensorflow-hub"].describe() == "tensorflow-hub 0.16.1 (assumed: the newest co-installable; Pipfile:3 gives no version)"
    assert summary(target["keras"])[:2] == ("<3", "Pipfile:4")
    assert target["tf-keras"].source == "default"


# -- conda match specs: the rest of the syntax ------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "pep440"),
    [
        ("==2.4*", "==2.4.*"),
        ("!=2.4*", "!=2.4.*"),
        (">=2.4*", ">=2.4"),
        (">=2.4.*", ">=2.4"),
        (">=2.4*,<2.6", "<2.6,>=2.4"),
        ("=2.4*", "==2.4.*"),
        (" 2.4.*", "==2.4.*"),
        ("==2.4.*", "==2.4.*"),
        ("[build_number=3]", ""),
    ],
)
def test_conda_wildcards_and_brackets_in_pep440(spec, pep440):
    assert conda_specifiers(spec) == (SpecifierSet(pep440),)


def test_conda_alternatives_are_kept_apart():
    assert conda_specifiers(" 2.14.*|2.15.*") == (SpecifierSet("==2.14.*"), SpecifierSet("==2.15.*"))


def test_a_conda_spec_with_alternatives_is_reported_not_guessed(project):
    root = project({"environment.yml": "dependencies:\n  - python=3.11\n  - tensorflow 2.14.*|2.15.*\n"})
    target = detect(root)
    assert target["tensorflow"].source == "default"
    assert problems(target) == [
        "environment.yml:3: conda spec 'tensorflow 2.14.*|2.15.*' has alternatives (`|`), which are not read; skipped"
    ]


def test_a_conda_spec_that_is_no_constraint_is_reported(project):
    root = project({"environment.yml": "dependencies:\n  - tensorflow >=2.4,<<2\n  - tensorflow-hub=0.15\n"})
    target = detect(root)
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.*", "environment.yml:3")
    assert problems(target) == [
        (
            "environment.yml:2: cannot read conda spec 'tensorflow >=2.4,<<2', skipped:"
            " not a version constraint: '>=2.4,<<2'"
        )
    ]


def test_a_channel_given_as_a_url_is_not_part_of_the_name(project):
    root = project({"environment.yml": "dependencies:\n  - http://[::1]:8000/conda-mirror::tensorflow=2.15\n"})
    assert summary(detect(root)["tensorflow"])[:2] == ("==2.15.*", "environment.yml:2")


def test_entries_that_name_no_package_are_skipped(project):
    root = project({"environment.yml": 'dependencies:\n  - "==2.15"\n  - ""\n  - tensorflow=2.15\n'})
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.*", "environment.yml:4")
    assert problems(target) == []


def test_both_environment_files_are_read(project):
    root = project(
        {
            "environment.yml": "dependencies:\n  - tensorflow>=2.12\n",
            "environment.yaml": "dependencies:\n  - tensorflow-hub==0.15.0\n",
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == (">=2.12", "environment.yml:2")
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "environment.yaml:2")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("dependencies:\n  - tensorflow=2.4\x07\n", "environment.yml:1: not valid YAML, skipped: ReaderError"),
        ("dependencies: tensorflow=2.15\n", "environment.yml:1: `dependencies` is not a list, skipped"),
        (
            "dependencies:\n  - tensorflow=2.15\n  - pip: tensorflow-hub==0.15.0\n",
            "environment.yml:3: the `pip:` entry is not a list, skipped",
        ),
    ],
)
def test_an_environment_file_that_cannot_be_read_says_where_and_why(project, text, problem):
    target = detect(project({"environment.yml": text}))
    assert problems(target) == [problem]
    assert target["tensorflow-hub"].source == "default"


# -- Pipfile entries: markers, odd values --------------------------------------------------------


def test_pipfile_marker_keys_and_markers_make_branches(project):
    root = project(
        {
            "Pipfile": """
                [packages]
                tensorflow = {version = "==2.15.1", sys_platform = "== 'linux'", platform_machine = "== 'x86_64'"}

                [dev-packages]
                tensorflow = {version = "==2.15.0", markers = "sys_platform == 'darwin'"}
            """
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"]) == (
        "==2.15.1; sys_platform == 'linux' and platform_machine == 'x86_64' || ==2.15.0; sys_platform == 'darwin'",
        "Pipfile:2, Pipfile:5",
        "2.15.0",
        "2.15.1",
    )
    assert problems(target) == []


@pytest.mark.parametrize(
    "entry",
    [
        '{version = "==1.15.5", markers = "python_version < \'3\'"}',
        '{version = "==1.15.5", python_version = "< \'3\'"}',
        '{version = "==1.15.5", markers = "python_version < \'3\'", sys_platform = "== \'linux\'"}',
    ],
)
def test_a_pipfile_entry_whose_markers_never_hold_is_ignored(project, entry):
    root = project({"Pipfile": f'[packages]\ntensorflow = {entry}\n\n[dev-packages]\ntensorflow = ">=2.12"\n'})
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == (">=2.12", "Pipfile:5")
    assert problems(target) == []


def test_a_pipfile_star_admits_anything_without_a_problem(project):
    root = project({"Pipfile": '[packages]\ntensorflow-hub = "*"\ntensorflow = " * "\n'})
    target = detect(root)
    assert target["tensorflow-hub"].source == "Pipfile:2"
    assert target["tensorflow"].source == "Pipfile:3"
    assert (target["tensorflow"].origin, target["tensorflow-hub"].origin) == ("assumed", "assumed")
    assert problems(target) == []


def test_pipfile_entries_that_are_no_version_are_reported(project):
    root = project({"Pipfile": '[packages]\ntensorflow = 2\ntensorflow-hub = "latest"\nkeras = "<3"\n'})
    target = detect(root)
    assert summary(target["keras"])[:2] == ("<3", "Pipfile:4")
    assert problems(target) == [
        "Pipfile:2: Pipfile entry 'tensorflow' is neither a version nor a table, skipped",
        "Pipfile:3: Pipfile version of tensorflow-hub, skipped: not a version or specifier: 'latest'",
    ]


def test_broken_yaml_is_reported_with_what_the_parser_expected(project):
    target = detect(project({"environment.yml": "dependencies:\n  - tensorflow=2.4\n  - [unclosed\n"}))
    # PyYAML's C and Python parsers word it differently; neither says only "while parsing a flow sequence".
    assert problems(target) in (
        ["environment.yml:4: not valid YAML, skipped: did not find expected ',' or ']'"],
        ["environment.yml:4: not valid YAML, skipped: expected ',' or ']', but got '<stream end>'"],
    )


def test_pipfile_names_that_are_not_ours_and_odd_sections_are_passed_over(project):
    root = project({"Pipfile": 'packages = "none"\n\n[dev-packages]\nnumpy = "*"\ntensorflow = "==2.15.1"\n'})
    assert summary(detect(root)["tensorflow"])[:2] == ("==2.15.1", "Pipfile:5")


# -- the project's Python ---------------------------------------------------------------------------


def pythons(root, reader) -> tuple[list[tuple[str, str]], list[str]]:
    """``(specifier, where)`` of the Python records ``reader`` gives, and the problems met."""
    files = ProjectFiles(root)
    found = [(str(d.specifier), f"{d.path}:{d.line}") for d in reader(files) if d.distribution == PYTHON]
    return found, [f"{p.path}:{p.line}: {p.message}" for p in files.problems]


@pytest.mark.parametrize(
    ("entry", "specifier"),
    [
        ("python=3.8", "==3.8.*"),
        ("python==3.8.*", "==3.8.*"),
        ("python>=3.8", ">=3.8"),
        ("python 3.8.*", "==3.8.*"),
        ("conda-forge::python=3.10.12", "==3.10.12.*"),
        ("python", ""),
    ],
)
def test_the_conda_python_entry_is_the_projects_python(project, entry, specifier):
    root = project({"environment.yml": f"dependencies:\n  - numpy\n  - {entry}\n  - tensorflow=2.15\n"})
    assert pythons(root, read_environment_files) == ([(specifier, "environment.yml:3")], [])


def test_a_conda_python_that_is_no_version_is_reported(project):
    root = project({"environment.yml": "dependencies:\n  - python>=three\n"})
    found, reported = pythons(root, read_environment_files)
    assert found == []
    assert [p.split(", skipped")[0] for p in reported] == ["environment.yml:2: cannot read conda spec 'python>=three'"]


def test_pipfile_requires_python_version_and_full_version(project):
    root = project(
        {
            "Pipfile": """
                [packages]
                tensorflow = "==2.15.1"

                [requires]
                python_version = "3.8"
                python_full_version = "3.8.10"
            """
        }
    )
    assert pythons(root, read_pipfile) == ([("==3.8.*", "Pipfile:5"), ("==3.8.10", "Pipfile:6")], [])


@pytest.mark.parametrize("value", ['"3.8.x"', '"latest"', "3.8"])
def test_a_pipfile_python_that_is_no_version_is_reported_without_it(project, value):
    root = project({"Pipfile": f"[requires]\npython_version = {value}\n"})
    assert pythons(root, read_pipfile) == (
        [],
        ["Pipfile:2: [requires] python_version is not a Python version, skipped"],
    )

"""pyproject.toml: PEP 621, PEP 735, Poetry, PDM and uv tables, each with its line."""

from __future__ import annotations

import pytest
from packaging.specifiers import SpecifierSet

from pylint_hubcompat.target.detection.poetry import poetry_specifiers
from pylint_hubcompat.target.detection.project_files import ProjectFiles
from pylint_hubcompat.target.detection.pyproject import read_pyproject
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
                tensorflow = "<2.16"
                tf-keras = [
                    {version = "2.15.0", python = "<3.8"},
                    {version = "2.15.1", python = ">=3.8"},
                ]
            """
        }
    )
    target = detect(root)
    # tf-keras 2.15.1 requires tensorflow 2.15: of the declared 2.13-2.15, only 2.15 fits.
    assert summary(target["tensorflow"]) == (
        "<2.16,<3.0,>=2.13",
        "pyproject.toml:3, pyproject.toml:8",
        "2.15.0",
        "2.15.1",
    )
    assert summary(target["tensorflow-hub"]) == ("<0.15,>=0.14.0", "pyproject.toml:4", "0.14.0", "0.14.0")
    assert target["keras"].source == "pyproject.toml:5"  # ``*`` says nothing about the version
    assert target["keras"].origin == "implied"  # tensorflow 2.15 requires keras 2.15
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
    assert problems(target) == [
        "pyproject.toml:3: Poetry constraint '^two' for tensorflow, skipped: not a version: 'two'"
    ]


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


@pytest.mark.parametrize(
    ("poetry", "pep440"),
    [
        ("^0.0", ["<0.1,>=0.0"]),
        ("^0.0.0", ["<0.0.1,>=0.0.0"]),
        ("=2.15.1", ["==2.15.1"]),
        ("^2.13,", ["<3.0,>=2.13"]),
        ("* >=2.10", [">=2.10"]),
        ("2.15.* | 2.16.*", ["==2.15.*", "==2.16.*"]),
    ],
)
def test_more_poetry_spellings_in_pep440(poetry, pep440):
    assert [str(s) for s in poetry_specifiers(poetry)] == [str(SpecifierSet(s)) for s in pep440]


@pytest.mark.parametrize("constraint", [">>2", ">=2 <3 !", "~=2"])
def test_a_constraint_poetry_would_reject_is_reported_as_written(project, constraint):
    root = project({"pyproject.toml": f'[tool.poetry.dependencies]\ntensorflow = "{constraint}"\n'})
    skipped = f"not a Poetry version constraint: '{constraint}'"
    assert problems(detect(root)) == [
        f"pyproject.toml:2: Poetry constraint '{constraint}' for tensorflow, skipped: {skipped}"
    ]


# -- Poetry tables: conditions, lists of constraints, URLs ------------------------------------------


def test_poetry_constraint_lists_are_branches_labelled_with_their_conditions(project):
    root = project(
        {
            "pyproject.toml": """
                [tool.poetry.dependencies]
                tensorflow = [
                    {version = "==2.15.1", python = ">=3.9", markers = "sys_platform == 'linux'"},
                    {url = "https://files.example.invalid/tensorflow-2.15.0-cp311-none-any.whl", platform = "darwin"},
                ]
            """
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"]) == (
        (
            "==2.15.1; tensorflow constraint 1 and python >=3.9 and sys_platform == 'linux'"
            ' || ==2.15.0; tensorflow constraint 2 and sys_platform == "darwin"'
        ),
        "pyproject.toml:2",
        "2.15.0",
        "2.15.1",
    )
    assert problems(target) == []


def test_poetry_alternatives_are_labelled_one_by_one(project):
    root = project({"pyproject.toml": '[tool.poetry.dependencies]\ntensorflow = "~1.15 || ^2.15"\n'})
    assert detect(root)["tensorflow"].specifier == (
        "<1.16,>=1.15; tensorflow alternative 1 || <3.0,>=2.15; tensorflow alternative 2"
    )


def test_single_poetry_constraints_of_two_names_of_tensorflow_are_intersected(project):
    root = project(
        {
            "pyproject.toml": """
                [tool.poetry.dependencies]
                tensorflow = "^2.13"

                [tool.poetry.group.dev.dependencies]
                tensorflow-cpu = "<2.15"
            """
        }
    )
    assert summary(detect(root)["tensorflow"]) == (
        "<2.15,<3.0,>=2.13",
        "pyproject.toml:2, pyproject.toml:5",
        "2.13.0",
        "2.14.1",
    )


@pytest.mark.parametrize(
    "entry",
    [
        '{version = "==1.15.5", markers = "python_version < \'3\'"}',
        '{version = "==1.15.5", python = "<3"}',
        '{version = "==1.15.5", platform = "sunos5"}',
    ],
)
def test_a_poetry_entry_whose_condition_never_holds_is_ignored(project, entry):
    root = project({"pyproject.toml": f'[tool.poetry.dependencies]\ntensorflow = {entry}\ntensorflow-cpu = ">=2.12"\n'})
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == (">=2.12", "pyproject.toml:3")
    assert problems(target) == []


def test_a_poetry_url_of_another_distribution_says_nothing_about_ours(project):
    url = "https://files.example.invalid/numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.whl"
    root = project({"pyproject.toml": f'[tool.poetry.dependencies]\ntensorflow = {{url = "{url}"}}\n'})
    target = detect(root)
    assert target["tensorflow"].source == "default"
    assert problems(target) == []


def test_poetry_entries_of_other_distributions_are_not_judged(project):
    root = project({"pyproject.toml": '[tool.poetry.dependencies]\nnumpy = 3\nscipy = "^two"\ntensorflow = "^2.15"\n'})
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("<3.0,>=2.15", "pyproject.toml:4")
    assert problems(target) == []


def test_odd_poetry_entries_of_ours_are_reported(project):
    root = project(
        {
            "pyproject.toml": (
                '[tool.poetry.dependencies]\ntensorflow = 3\ntensorflow-hub = {version = "^0.15", python = "^three"}\n'
            )
        }
    )
    assert problems(detect(root)) == [
        "pyproject.toml:2: Poetry dependency 'tensorflow' is neither a version nor a table, skipped",
        "pyproject.toml:3: Poetry python constraint '^three', skipped: not a version: 'three'",
    ]


# -- lists of requirement strings: shapes and lines -------------------------------------------------


def test_the_same_requirement_in_many_tables_is_found_in_each_at_its_own_line(project):
    root = project(
        {
            "pyproject.toml": """
                [tool.hatch.envs.default]
                dependencies = ["tensorflow-hub==0.15.0"]

                [project]
                name = "demo"
                dependencies = ["tensorflow-hub==0.15.0"]

                [project.optional-dependencies]
                ml = ["tensorflow-hub==0.15.0"]

                [dependency-groups]
                ml = ["tensorflow-hub==0.15.0"]

                [tool.pdm.dev-dependencies]
                ml = ["tensorflow-hub==0.15.0"]

                [tool.rye]
                dev-dependencies = ["tensorflow-hub==0.15.0"]

                [tool.uv]
                dev-dependencies = ["tensorflow-hub==0.15.0"]
            """
        }
    )
    lines = (6, 9, 12, 15, 21)  # the hatch and rye tables are not read
    assert detect(root)["tensorflow-hub"].source == ", ".join(f"pyproject.toml:{n}" for n in lines)


def test_poetry_names_are_found_in_their_own_table(project):
    root = project(
        {
            "pyproject.toml": """
                [tool.ruff.lint.flake8-import-conventions.aliases]
                tensorflow = "tf"

                [tool.poetry.dependencies]
                tensorflow = "^2.13"

                [tool.poetry.dev-dependencies]
                tensorflow = "<2.15"
            """
        }
    )
    assert summary(detect(root)["tensorflow"]) == (
        "<2.15,<3.0,>=2.13",
        "pyproject.toml:5, pyproject.toml:8",
        "2.13.0",
        "2.14.1",
    )


def test_requirement_lists_of_odd_shapes_are_reported_and_the_rest_read(project):
    root = project(
        {
            "pyproject.toml": """
                [project]
                name = "demo"
                dependencies = "tensorflow>=2.10"

                [project.optional-dependencies]
                gpu = [3, "tensorflow[and-cuda]>=2.14"]

                [dependency-groups]
                lint = "ruff"
                test = [{include-group = "ml", optional = true}, "tf-keras==2.15.0"]
                ml = ["  -e ./libs/models", "tensorflow-hub==0.15.0"]
            """
        }
    )
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == (">=2.14", "pyproject.toml:6")
    assert summary(target["tf-keras"])[:2] == ("==2.15.0", "pyproject.toml:10")
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "pyproject.toml:11")
    assert problems(target) == [
        "pyproject.toml:3: [project] dependencies is not a list, skipped",
        "pyproject.toml:6: [project.optional-dependencies] gpu: 3 is not a requirement string, skipped",
        "pyproject.toml:9: [dependency-groups] lint is not a list, skipped",
        (
            "pyproject.toml:10: [dependency-groups] test: {'include-group': 'ml', 'optional': True} is not a"
            " requirement string, skipped"
        ),
    ]


def test_pdm_and_uv_lists_of_odd_shapes_are_reported(project):
    pyproject = '[tool.pdm.dev-dependencies]\ndocs = "mkdocs"\n\n[tool.uv]\nconstraint-dependencies = "tf<2"\n'
    root = project({"pyproject.toml": pyproject})
    assert problems(detect(root)) == [
        "pyproject.toml:2: [tool.pdm.dev-dependencies] docs is not a list, skipped",
        "pyproject.toml:5: [tool.uv] constraint-dependencies is not a list, skipped",
    ]


def test_an_unknown_included_group_is_reported_where_it_is_included(project):
    root = project(
        {
            "pyproject.toml": """
                [project.optional-dependencies]
                gpu = ["tensorflow[and-cuda]>=2.14"]

                [tool.hatch.envs.test]
                features = ["gpu"]

                [dependency-groups]
                test = [
                    "pytest",
                    {include-group = "gpu"},
                ]
            """
        }
    )
    assert problems(detect(root)) == ["pyproject.toml:10: [dependency-groups] test includes the unknown group 'gpu'"]


def test_a_missing_setuptools_dynamic_file_is_reported_at_its_line(project):
    root = project(
        {
            "pyproject.toml": """
                [project]
                name = "demo"
                dynamic = ["dependencies"]  # from "missing.in"

                [tool.setuptools.dynamic]
                dependencies = {file = ["missing.in"]}
            """
        }
    )
    assert problems(detect(root)) == ["pyproject.toml:6: included requirement file missing.in does not exist, skipped"]


# -- the project's Python ---------------------------------------------------------------------------


def pythons(root) -> tuple[list[tuple[str, str, str | None]], list[str]]:
    """``(specifier, where, branch)`` of the Python records ``pyproject.toml`` gives, and the problems met."""
    files = ProjectFiles(root)
    found = [
        (str(d.specifier), f"{d.path}:{d.line}", d.branch) for d in read_pyproject(files) if d.distribution == "python"
    ]
    return found, [f"{p.path}:{p.line}: {p.message}" for p in files.problems]


def test_requires_python_is_the_projects_python(project):
    root = project({"pyproject.toml": '[project]\nname = "demo"\nrequires-python = ">=3.9,<3.12"\n'})
    assert pythons(root) == ([("<3.12,>=3.9", "pyproject.toml:3", None)], [])


def test_classifiers_are_alternatives_when_there_is_no_requires_python(project):
    root = project(
        {
            "pyproject.toml": """
                [project]
                name = "demo"
                classifiers = [
                    "Programming Language :: Python :: 3",
                    "Programming Language :: Python :: 3 :: Only",
                    "Programming Language :: Python :: 3.8",
                    "Programming Language :: Python :: 3.9",
                    "Programming Language :: Python :: Implementation :: CPython",
                    "License :: OSI Approved :: Apache Software License",
                ]
            """
        }
    )
    assert pythons(root) == (
        [
            ("==3.8.*", "pyproject.toml:6", "classifier 3.8"),
            ("==3.9.*", "pyproject.toml:7", "classifier 3.9"),
        ],
        [],
    )


def test_classifiers_are_ignored_when_requires_python_is_given(project):
    root = project(
        {
            "pyproject.toml": """
                [project]
                name = "demo"
                requires-python = ">=3.10"
                classifiers = ["Programming Language :: Python :: 3.7"]
            """
        }
    )
    assert pythons(root) == ([(">=3.10", "pyproject.toml:3", None)], [])


def test_poetry_python_goes_through_poetrys_constraints(project):
    root = project(
        {
            "pyproject.toml": """
                [tool.poetry]
                classifiers = ["Programming Language :: Python :: 3.7"]

                [tool.poetry.dependencies]
                python = "^3.9"
                tensorflow = "^2.15"
            """
        }
    )
    assert pythons(root) == ([("<4.0,>=3.9", "pyproject.toml:5", None)], [])
    alternatives = project({"pyproject.toml": '[tool.poetry.dependencies]\npython = "~2.7 || ^3.6"\n'}, root / "old")
    assert pythons(alternatives)[0] == [
        ("<2.8,>=2.7", "pyproject.toml:2", "python alternative 1"),
        ("<4.0,>=3.6", "pyproject.toml:2", "python alternative 2"),
    ]


def test_a_bad_requires_python_is_reported_without_its_value(project):
    root = project({"pyproject.toml": '[project]\nname = "demo"\nrequires-python = ">=3.8 token=ghp_x"\n'})
    assert pythons(root) == ([], ["pyproject.toml:3: [project] requires-python is not a version specifier, skipped"])
    root = project({"pyproject.toml": "[tool.poetry.dependencies]\npython = 3.9\n"}, root / "poetry")
    assert pythons(root) == (
        [],
        ["pyproject.toml:2: [tool.poetry.dependencies] python is not a Poetry version constraint, skipped"],
    )

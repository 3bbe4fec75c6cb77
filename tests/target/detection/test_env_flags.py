"""TF_USE_LEGACY_KERAS set for the whole project: .env, pytest-env settings, tox."""

from __future__ import annotations

import pytest

from tests.target.detection.conftest import detect


@pytest.mark.parametrize(
    ("files", "source"),
    [
        ({".env": "# settings\nexport TF_USE_LEGACY_KERAS=1\n"}, ".env:2"),
        ({".env": 'TF_USE_LEGACY_KERAS="True"  # Keras 2 please\n'}, ".env:1"),
        (
            {"pyproject.toml": '[tool.pytest.ini_options]\naddopts = "-ra"\nenv = [\n  "D:TF_USE_LEGACY_KERAS=true",\n]\n'},
            "pyproject.toml:4",
        ),
        ({"pyproject.toml": "[tool.pytest_env]\nTF_USE_LEGACY_KERAS = 1\n"}, "pyproject.toml:2"),
        ({"pytest.ini": "[pytest]\nenv =\n    TF_USE_LEGACY_KERAS=1\n"}, "pytest.ini:3"),
        ({"tox.ini": "[tox]\n\n[testenv:py311]\nsetenv =\n    TF_USE_LEGACY_KERAS = 1\n"}, "tox.ini:5"),
        ({"setup.cfg": "[tool:pytest]\nenv =\n    TF_USE_LEGACY_KERAS=1\n"}, "setup.cfg:3"),
    ],
)
def test_where_the_legacy_keras_flag_is_found(project, files, source):
    assert str(detect(project(files)).legacy_keras_source) == source


@pytest.mark.parametrize(
    "files",
    [
        {".env": "TF_USE_LEGACY_KERAS=0\n"},
        {".env": "TF_USE_LEGACY_KERAS=1\nTF_USE_LEGACY_KERAS=0\n"},  # the later line wins
        {".env": "TF_USE_LEGACY_KERAS=yes\n"},  # TensorFlow accepts only 1, true and True
        {"pytest.ini": "[pytest]\nenv =\n    OTHER=1\n"},
        {"requirements.txt": "tensorflow\n"},
    ],
)
def test_anything_else_leaves_keras_3(project, files):
    assert detect(project(files)).legacy_keras_source is None


@pytest.mark.parametrize(
    ("files", "source"),
    [
        ({"pyproject.toml": "[tool.pytest_env]\nTF_USE_LEGACY_KERAS = true\n"}, "pyproject.toml:2"),
        ({"pyproject.toml": '[tool.pytest_env]\nTF_USE_LEGACY_KERAS = { value = "1" }\n'}, "pyproject.toml:2"),
        ({"tox.ini": "[tox]\nenvlist = py311\n\n[pytest]\nenv =\n    TF_USE_LEGACY_KERAS=1\n"}, "tox.ini:6"),
        ({"pyproject.toml": '[tool.pytest]\nenv = "TF_USE_LEGACY_KERAS=1"\n'}, "pyproject.toml:2"),
    ],
)
def test_more_places_and_spellings_of_the_legacy_keras_flag(project, files, source):
    assert str(detect(project(files)).legacy_keras_source) == source


@pytest.mark.parametrize(
    "files",
    [
        {"pyproject.toml": "[tool.pytest_env]\nTF_USE_LEGACY_KERAS = false\n"},
        {"pyproject.toml": "[tool.pytest_env]\nTF_USE_LEGACY_KERAS = 1.0\n"},
        # the last assignment wins, whatever its value holds
        {"pytest.ini": "[pytest]\nenv =\n    TF_USE_LEGACY_KERAS=1\n    TF_USE_LEGACY_KERAS=0=off\n"},
    ],
)
def test_false_values_and_overridden_flags_leave_keras_3(project, files):
    assert detect(project(files)).legacy_keras_source is None


@pytest.mark.parametrize(
    ("files", "source"),
    [
        ({".env": "'TF_USE_LEGACY_KERAS'=1\n"}, ".env:1"),  # a quoted key: python-dotenv reads it
        (
            {
                "tox.ini": (
                    "[testenv:lint]\nsetenv =\n    TF_USE_LEGACY_KERAS=0\n\n"
                    "[testenv]\nsetenv =\n    TF_USE_LEGACY_KERAS=1\n"
                )
            },
            "tox.ini:7",
        ),
        (
            {
                "pyproject.toml": (
                    "[tool.pytest_env]\nTF_USE_LEGACY_KERAS = 0\n\n"
                    '[tool.pytest.ini_options]\nenv = ["TF_USE_LEGACY_KERAS=1"]\n'
                )
            },
            "pyproject.toml:5",
        ),
        (
            {
                "pyproject.toml": (
                    '[tool.pytest.ini_options]\nenv = ["TF_USE_LEGACY_KERAS=0"]\n\n'
                    "[tool.pytest_env]\nTF_USE_LEGACY_KERAS = 1\n"
                )
            },
            "pyproject.toml:5",
        ),
    ],
)
def test_the_line_given_is_the_one_that_sets_the_flag(project, files, source):
    assert str(detect(project(files)).legacy_keras_source) == source


def test_a_dotenv_file_starting_with_a_blank_line_gives_the_right_line(tmp_path):
    (tmp_path / ".env").write_text("\n# Keras 2 for the hub models\nTF_USE_LEGACY_KERAS=1\n", encoding="utf-8")
    assert str(detect(tmp_path).legacy_keras_source) == ".env:3"

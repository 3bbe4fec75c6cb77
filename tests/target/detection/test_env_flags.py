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

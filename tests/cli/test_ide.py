"""Editors lint one file at a time from a working directory of their own.

The target must come from the file's own project (found from its path), never
from the editor's working directory.
"""

from __future__ import annotations

import pytest

from tests.cli.conftest import HUB_MODULE, write_tree
from tests.lint import lint_file


@pytest.mark.parametrize(
    ("pins", "expected"),
    [
        ("tensorflow==1.15.5\ntensorflow-hub==0.12.0\n", []),  # TF1: hub.Module is at home
        ("tensorflow==2.15.1\ntensorflow-hub==0.15.0\n", ["hub-module-eager"]),  # TF2 eager: it raises
    ],
)
def test_a_single_file_gets_its_own_projects_target(tmp_path, monkeypatch, pins, expected):
    project = write_tree(tmp_path / "project", {"requirements.txt": pins, "src/train.py": HUB_MODULE})
    elsewhere = tmp_path / "editor-cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert [symbol for symbol, _, _ in lint_file(project / "src" / "train.py")] == expected


def test_two_projects_in_one_editor_session(tmp_path, monkeypatch):
    old = write_tree(tmp_path / "old", {"requirements.txt": "tensorflow==1.15.5\ntensorflow-hub==0.12.0\n", "a.py": HUB_MODULE})
    new = write_tree(tmp_path / "new", {"requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n", "a.py": HUB_MODULE})
    monkeypatch.chdir(tmp_path)
    assert lint_file(old / "a.py") == []
    assert [s for s, _, _ in lint_file(new / "a.py")] == ["hub-module-eager"]
    assert "tensorflow 2.15.1 (requirements.txt:1)" in lint_file(new / "a.py")[0][2]

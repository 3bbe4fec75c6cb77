""".python-version (pyenv, uv) and Heroku's runtime.txt: the Python a project runs on."""

from __future__ import annotations

import pytest

from pylint_hubcompat.target.detection.declared import Declared
from pylint_hubcompat.target.detection.project_files import ProjectFiles
from pylint_hubcompat.target.detection.python_version import python_specifier, read_python_files
from tests.trees import write_tree


def read(tmp_path, files: dict[str, str]) -> tuple[list[tuple[str, str, str | None]], list[str]]:
    """``(specifier, where, branch)`` of each record the files give, and the problems met."""
    project = ProjectFiles(write_tree(tmp_path, files))
    found = read_python_files(project)
    assert {d.distribution for d in found} <= {"python"}
    return [_shown(d) for d in found], [f"{p.path}:{p.line}: {p.message}" for p in project.problems]


def _shown(declared: Declared) -> tuple[str, str, str | None]:
    return str(declared.specifier), f"{declared.path}:{declared.line}", declared.branch


def test_a_minor_in_python_version_is_any_of_its_releases(tmp_path):
    assert read(tmp_path, {".python-version": "3.10\n"}) == ([("==3.10.*", ".python-version:1", None)], [])


def test_a_release_in_python_version_is_that_release(tmp_path):
    assert read(tmp_path, {".python-version": "3.10.4\n"}) == ([("==3.10.4", ".python-version:1", None)], [])


def test_several_versions_are_alternatives(tmp_path):
    found, _ = read(tmp_path, {".python-version": "3.11\n3.9.18\n"})
    assert found == [
        ("==3.11.*", ".python-version:1", "python-version 3.11"),
        ("==3.9.18", ".python-version:2", "python-version 3.9.18"),
    ]


def test_what_names_no_cpython_release_is_skipped_silently(tmp_path):
    text = """
        # pyenv local 3.8 system
        system

        pypy3.9
        3.12-dev
        cpython@3.12
        3.8
    """
    assert read(tmp_path, {".python-version": text}) == ([("==3.8.*", ".python-version:7", None)], [])


def test_a_python_version_file_of_system_only_says_nothing(tmp_path):
    assert read(tmp_path, {".python-version": "system\n"}) == ([], [])


def test_heroku_runtime_txt(tmp_path):
    assert read(tmp_path, {"runtime.txt": "python-3.8.10\n"}) == ([("==3.8.10", "runtime.txt:1", None)], [])
    assert read(tmp_path / "minor", {"runtime.txt": "python-3.12\n"}) == ([("==3.12.*", "runtime.txt:1", None)], [])


def test_a_runtime_txt_of_another_platform_is_not_ours(tmp_path):
    assert read(tmp_path, {"runtime.txt": "java-17\n"}) == ([], [])


def test_a_broken_python_runtime_is_reported_without_its_text(tmp_path):
    found, problems = read(tmp_path, {"runtime.txt": "python-latest-ghp_s3cr3tT0ken0123456789\n"})
    assert found == []
    assert problems == ["runtime.txt:1: runtime.txt names no Python version (python-X.Y.Z), skipped"]


def test_both_files_are_read(tmp_path):
    found, _ = read(tmp_path, {".python-version": "3.11\n", "runtime.txt": "python-3.11.9\n"})
    assert found == [("==3.11.*", ".python-version:1", None), ("==3.11.9", "runtime.txt:1", None)]


def test_a_project_without_them_gives_nothing(tmp_path):
    assert read(tmp_path, {"requirements.txt": "tensorflow==2.15.1\n"}) == ([], [])


@pytest.mark.parametrize(
    ("written", "specifier"),
    [("3.7", "==3.7.*"), ("3.13.0rc1", "==3.13.0rc1"), ("3", None), ("3.12t", None), ("3.x", None)],
)
def test_which_words_are_cpython_versions(written, specifier):
    found = python_specifier(written)
    assert (str(found) if found is not None else None) == specifier

"""Realistic checked-in projects (tests/fixtures/projects) and how their root is found."""

from __future__ import annotations

from pylint_hubcompat.target.detection import find_root
from tests.target.detection.conftest import FIXTURES, detect, problems, summary


def test_a_poetry_service_is_pinned_by_its_lock_file():
    root = find_root(FIXTURES / "poetry_service" / "service" / "embed.py")
    assert root == FIXTURES / "poetry_service"
    target = detect(root)
    assert summary(target["tensorflow"]) == ("==2.14.1", "poetry.lock:14", "2.14.1", "2.14.1")
    assert summary(target["tensorflow-hub"]) == ("==0.14.0", "poetry.lock:27", "0.14.0", "0.14.0")


def test_a_conda_environment_with_legacy_keras():
    target = detect(FIXTURES / "conda_research")
    assert summary(target["tensorflow"]) == ("==2.16.*", "environment.yml:6", "2.16.1", "2.16.2")
    assert summary(target["tf-keras"])[:2] == ("~=2.16.0", "environment.yml:10")
    assert str(target.legacy_keras_source) == ".env:2"


def test_a_monorepo_sub_project_uses_its_own_configuration():
    legacy = find_root(FIXTURES / "monorepo" / "services" / "legacy" / "train.py")
    current = find_root(FIXTURES / "monorepo" / "services" / "current" / "serve.py")
    assert legacy == FIXTURES / "monorepo" / "services" / "legacy"
    assert current == FIXTURES / "monorepo"
    assert summary(detect(legacy)["tensorflow"])[:2] == ("==2.15.1", "requirements.txt:2")
    assert summary(detect(legacy)["tensorflow-hub"])[:2] == ("==0.15.0", "../../shared/requirements-common.txt:1")
    assert summary(detect(current)["tensorflow"])[:2] == (">=2.16", "pyproject.toml:5")


def test_conflicting_pins_are_reported_not_believed():
    target = detect(FIXTURES / "conflicting_pins")
    assert target["tensorflow"].source == "default"
    assert summary(target["tensorflow-hub"])[:2] == ("==0.12.0", "requirements.txt:2")
    assert problems(target) == [
        "requirements.txt:1: `>=2.12` (pyproject.toml:5) and `<2.10` (requirements.txt:1) admit no known "
        "tensorflow release; the declared tensorflow versions are ignored"
    ]


def test_broken_files_are_skipped_one_by_one():
    target = detect(FIXTURES / "broken_config")
    assert summary(target["tensorflow"])[:2] == ("==2.13.1", "setup.cfg:3")
    assert sorted((p.path, p.line) for p in target.problems) == [
        ("environment.yml", 4),
        ("pyproject.toml", 5),
        ("requirements.txt", 1),
        ("requirements.txt", 2),
    ]


def test_find_root_knows_every_kind_of_configuration(tmp_path):
    for marker in ("requirements-dev.txt", "Pipfile", "environment.yaml", "uv.lock", "pylock.dev.toml", ".git"):
        project = tmp_path / marker.replace(".", "_")
        (project / "pkg").mkdir(parents=True)
        (project / marker).write_text("")
        assert find_root(project / "pkg" / "module.py") == project, marker
    folder = tmp_path / "folder"
    (folder / "requirements").mkdir(parents=True)
    assert find_root(folder / "module.py") == folder


def test_find_root_may_find_nothing(tmp_path):
    # tmp_path lives outside any project; nothing above it is a project root either, unless the
    # machine keeps one in / or /tmp, which is why the assertion is relative to what is there.
    found = find_root(tmp_path / "lonely.py")
    assert found is None or tmp_path.is_relative_to(found)

"""Bad input never stops detection: each bad source is skipped and named, never a traceback."""

from __future__ import annotations

import os
import sys

import pytest

from pylint_hubcompat.target import detection
from pylint_hubcompat.target.detection.project_files import MAX_CONFIG_BYTES
from tests.target.detection.conftest import detect, problems, summary


def test_a_symlink_out_of_the_project_is_not_followed(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "requirements.txt").write_text("tensorflow==1.15.0\n")
    root = tmp_path / "project"
    root.mkdir()
    (root / "requirements.txt").symlink_to(outside / "requirements.txt")
    (root / "setup.cfg").write_text("[options]\ninstall_requires = tensorflow==2.15.1\n")
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "setup.cfg:2")
    assert problems(target) == ["requirements.txt:1: skipped: it is a symlink that leads out of the project"]


def test_a_symlink_inside_the_project_is_fine(project):
    root = project({"pinned/all.txt": "tensorflow==2.12.0\n"})
    (root / "requirements.txt").symlink_to(root / "pinned" / "all.txt")
    assert summary(detect(root)["tensorflow"])[:2] == ("==2.12.0", "requirements.txt:1")


def test_a_symlink_loop_is_reported(project):
    root = project({"pyproject.toml": '[project]\nname = "x"\ndependencies = ["tensorflow==2.15.1"]\n'})
    (root / "requirements.txt").symlink_to(root / "requirements-loop.txt")
    (root / "requirements-loop.txt").symlink_to(root / "requirements.txt")
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "pyproject.toml:3")
    assert {p.path for p in target.problems} == {"requirements.txt", "requirements-loop.txt"}
    assert all(p.message.startswith(("cannot read", "skipped")) for p in target.problems)


def test_a_huge_file_is_skipped(project):
    root = project({"requirements.txt": "# padding\n" * (MAX_CONFIG_BYTES // 10 + 1) + "tensorflow==1.15.0\n"})
    target = detect(root)
    assert target["tensorflow"].source == "default"
    [problem] = target.problems
    assert "KiB is more than the" in problem.message


def test_text_that_is_not_utf8_is_skipped(project, tmp_path):
    (tmp_path / "requirements.txt").write_bytes("tensorflow==2.15.1\n".encode("utf-16"))
    target = detect(tmp_path)
    assert problems(target) == ["requirements.txt:1: cannot read: not UTF-8 text (byte 0)"]


def test_a_directory_or_a_fifo_named_like_a_config_file_is_skipped(tmp_path):
    (tmp_path / "requirements.txt").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "requirements-dev.txt")  # reading it would block forever
    target = detect(tmp_path)
    assert all(p.message == "skipped: not a regular file" for p in target.problems)
    assert len(target.problems) == (2 if hasattr(os, "mkfifo") else 1)


def test_absurd_nesting_is_reported(project):
    depth = sys.getrecursionlimit() * 2
    root = project(
        {
            "pyproject.toml": "a = " + "[" * depth + "]" * depth + "\n",
            "setup.py": "x = " + "(" * depth + ")" * depth + "\n",
        }
    )
    target = detect(root)
    assert {p.path for p in target.problems} == {"pyproject.toml", "setup.py"}


def test_a_bug_in_one_reader_costs_that_source_only(project, monkeypatch):
    def broken(files):
        raise RuntimeError("boom")

    readers = tuple(broken if r.__name__ == "read_pyproject" else r for r in detection._DECLARATION_READERS)
    monkeypatch.setattr(detection, "_DECLARATION_READERS", readers)
    root = project({"pyproject.toml": "", "requirements.txt": "tensorflow==2.15.1\n"})
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "requirements.txt:1")
    assert problems(target) == [".:1: internal error while reading with broken, skipped: RuntimeError('boom')"]


@pytest.mark.parametrize(
    "name",
    ["pyproject.toml", "Pipfile", "uv.lock", "poetry.lock", "pdm.lock", "pylock.toml", "Pipfile.lock", "environment.yml", "setup.cfg", "tox.ini", ".env"],
)
def test_garbage_in_any_file_is_at_most_a_problem(project, name):
    root = project({name: '\x00[[package]]\nname = "tensorflow"\nversion = [\n{{{: : :\n"""\n'})
    target = detect(root)
    assert {c.source for c in target if c.distribution != "python"} == {"default"}


def test_a_url_that_urllib_rejects_is_just_skipped(project):
    # Found by the property tests: urlsplit raises ValueError("Invalid IPv6 URL") on a stray ``[``.
    root = project({"requirements.txt": "https://[broken/tensorflow-2.15.1.tar.gz\ntensorflow-hub==0.15.0\n"})
    target = detect(root)
    assert target["tensorflow"].source == "default"
    assert summary(target["tensorflow-hub"])[:2] == ("==0.15.0", "requirements.txt:2")
    assert problems(target) == []

"""Configuration files that cannot be used: each is skipped with the file, the line and the reason.

The reasons are the ones a user acts on: a dangling link, a file too big to be configuration, a folder
that cannot be listed, a file outside the project or in /proc, and the count of what is not shown.
"""

from __future__ import annotations

import os

from pylint_hubcompat.target import detection
from pylint_hubcompat.files import reading
from pylint_hubcompat.target.detection.project_files import MAX_CONFIG_BYTES, PROBLEMS_PER_FILE
from tests.target.detection.conftest import detect, problems, summary


def test_a_dangling_link_is_reported_as_unreadable(project, tmp_path):
    root = project({"pyproject.toml": '[project]\nname = "demo"\n'})
    os.symlink(tmp_path / "gone.txt", root / "requirements.txt")
    assert problems(detect(root)) == ["requirements.txt:1: cannot read: No such file or directory"]


def test_a_file_of_exactly_the_limit_is_read_one_byte_more_is_not(tmp_path):
    pin = "tensorflow==2.15.1\n"
    fits = tmp_path / "fits"
    fits.mkdir()
    (fits / "requirements.txt").write_text("#" * (MAX_CONFIG_BYTES - len(pin) - 1) + "\n" + pin, encoding="utf-8")
    assert summary(detect(fits)["tensorflow"])[0] == "==2.15.1"
    big = tmp_path / "big"
    big.mkdir()
    (big / "requirements.txt").write_text("#" * (MAX_CONFIG_BYTES - len(pin)) + "\n" + pin, encoding="utf-8")
    target = detect(big)
    assert target["tensorflow"].source == "default"
    too_big = reading.too_big(MAX_CONFIG_BYTES + 1, MAX_CONFIG_BYTES)
    assert problems(target) == [f"requirements.txt:1: skipped: {too_big}"]


def test_a_project_root_that_is_gone_is_reported_not_fatal(tmp_path):
    target = detection.detect_target(tmp_path / "deleted-project")
    assert problems(target) == [".:1: cannot list the project root: No such file or directory"]
    assert all(c.source == "default" for c in target if c.distribution != "python")


def test_a_file_gets_its_first_problems_and_then_their_count(project):
    broken = "".join(f"tensorflow-hub==${{V{i}}}\n" for i in range(PROBLEMS_PER_FILE + 3))
    root = project({"requirements.txt": broken + "tensorflow==2.15.1\n", "requirements-dev.txt": "-r missing.txt\n"})
    target = detect(root)
    missing = "requirements-dev.txt:1: included requirement file missing.txt does not exist, skipped"
    assert problems(target)[0] == missing
    shown = [p for p in problems(target) if p.startswith("requirements.txt:")]
    assert [p.split(":")[1] for p in shown] == [str(n) for n in range(1, PROBLEMS_PER_FILE + 2)]
    assert shown[-1] == f"requirements.txt:{PROBLEMS_PER_FILE + 1}: and 3 more problems in requirements.txt"
    assert summary(target["tensorflow"])[0] == "==2.15.1"


def test_a_lock_file_that_fails_to_read_is_reported(project, monkeypatch):
    read_bytes = reading.read_bytes

    def failing(path, limit, *, real_path=None, truncate=False):
        if str(path).endswith("uv.lock"):
            raise reading.UnreadableFile("cannot read: Input/output error")
        return read_bytes(path, limit, real_path=real_path, truncate=truncate)

    lock = '[[package]]\nname = "tensorflow"\nversion = "2.15.1"\n'
    root = project({"uv.lock": lock, "requirements.txt": "tensorflow>=2.12\n"})
    monkeypatch.setattr(reading, "read_bytes", failing)
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == (">=2.12", "requirements.txt:1")
    assert problems(target)[0] == "uv.lock:1: cannot read: Input/output error"


def test_an_include_of_a_system_file_is_refused(project):
    root = project({"requirements.txt": "-r /proc/self/environ\ntensorflow==2.15.1\n"})
    target = detect(root)
    assert summary(target["tensorflow"])[:2] == ("==2.15.1", "requirements.txt:2")
    assert problems(target) == [
        (
            "requirements.txt:1: included requirement file /proc/self/environ is not read:"
            " a system file, not part of a project"
        )
    ]


def test_a_file_on_another_drive_is_outside_the_project(project, monkeypatch):
    """``os.path.commonpath`` raises ``ValueError`` for paths on two Windows drives: such a file is not read."""
    root = project({"requirements.txt": "-r shared.txt\n", "shared.txt": "tensorflow==1.15.5\n"})

    commonpath = os.path.commonpath

    def other_drive(paths):
        if any(str(path).endswith("shared.txt") for path in paths):
            raise ValueError("Paths don't have the same drive")
        return commonpath(paths)

    monkeypatch.setattr(os.path, "commonpath", other_drive)
    target = detect(root)
    assert target["tensorflow"].source == "default"
    assert problems(target) == [
        "requirements.txt:1: included requirement file shared.txt is not read: it is outside the project"
    ]


def test_lines_are_counted_from_a_blank_first_line(tmp_path):
    pyproject = '\n[project]\nname = "demo"\ndependencies = ["tensorflow>=2.12"]\n'
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    assert summary(detect(tmp_path)["tensorflow"])[:2] == (">=2.12", "pyproject.toml:4")
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "pyproject.toml").write_text('\n[project]\ndependencies = "tensorflow"\n', encoding="utf-8")
    assert problems(detect(odd)) == ["pyproject.toml:3: [project] dependencies is not a list, skipped"]

"""How the primer and the benchmark read ``hubcompat fix``: its diff, its report, and the snapshot of its fixes.

The primer runs ``hubcompat fix --diff`` on a package and ``hubcompat fix`` on a copy of it;
these are the pieces that judge the two runs, fed with output shaped as the command prints it.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from benchmarks import corpus, primer, run
from pylint_hubcompat.cli import fix
from pylint_hubcompat.notebooks import editing
from tests.trees import write_tree

#: A parameter-server training script, as the TF Hub migration guide's readers write it.
TRAIN = """\
import tensorflow as tf
import tensorflow_hub as hub

config = tf.compat.v1.ConfigProto()
config.experimental.share_cluster_devices_in_session = True
embed = hub.Module("https://tfhub.dev/google/nnlm-en-dim128/1")
"""
TRAIN_FIXED = TRAIN.replace("config.experimental.share_cluster", "config.share_cluster")


def notebook(*cells: list[str]) -> str:
    """A notebook of code cells (each a list of source lines), as Jupyter saves it."""
    code = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": c} for c in cells]
    return json.dumps({"cells": code, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


NOTEBOOK = notebook(
    ["!pip install tensorflow-hub\n", "import tensorflow as tf"],
    ["config = tf.compat.v1.ConfigProto()\n", "config.experimental.share_cluster_devices_in_session = True"],
)
NOTEBOOK_FIXED = NOTEBOOK.replace("config.experimental.share_cluster", "config.share_cluster")


def module_diff(path: str, before: str, after: str) -> str:
    """``hubcompat fix --diff``'s section for a module (``path`` relative to the working directory)."""
    return fix.diff(fix.FileText(path, before.encode(), "utf-8", after))


def installed_tools() -> list[str]:
    return [tool for tool in primer.PATCH_TOOLS if shutil.which(tool)]


# -- the diff ---------------------------------------------------------------------------


def test_a_module_and_each_notebook_cell_are_sections_of_their_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    diff = module_diff("pkg/train.py", TRAIN, TRAIN_FIXED) + editing.cell_diffs(
        "notebooks/finetune.ipynb", NOTEBOOK, NOTEBOOK_FIXED
    )
    sections = primer.diff_sections(diff)
    assert [(s.path, s.cell) for s in sections] == [("pkg/train.py", False), ("notebooks/finetune.ipynb", True)]
    assert "".join(s.text for s in sections) == diff
    assert sections[1].text.startswith("--- a/notebooks/finetune.ipynb:cell 2\n")


def test_a_removed_line_that_reads_like_a_header_stays_in_its_hunk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    before = 'QUERY = """\n-- a/models listed by handle\nSELECT 1\n"""\n'
    after = before.replace("-- a/models listed by handle\n", "")
    monkeypatch.chdir(tmp_path)
    diff = module_diff("queries.py", before, after) + module_diff("pkg/train.py", TRAIN, TRAIN_FIXED)
    assert "\n--- a/models listed by handle\n" in diff
    assert [s.path for s in primer.diff_sections(diff)] == ["queries.py", "pkg/train.py"]


def test_lines_end_at_newlines_only():
    diff = "--- a/m.py\n+++ b/m.py\n@@ -1,2 +1,2 @@\n-x = 1\x0c  # page\r\n+x = 2\x0c  # page\r\n \\\n"
    (section,) = primer.diff_sections(diff)
    assert section.text == diff


def test_the_missing_final_newline_marker_belongs_to_the_hunk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    diff = module_diff("train.py", TRAIN.rstrip("\n"), TRAIN_FIXED.rstrip("\n")) + module_diff(
        "other.py", TRAIN, TRAIN_FIXED
    )
    assert "\\ No newline at end of file\n--- a/other.py" in diff
    assert [s.path for s in primer.diff_sections(diff)] == ["train.py", "other.py"]


@pytest.mark.parametrize(
    "diff",
    [
        "--- a/m.py\n+++ b/m.py\n@@ -1 +1 @@\n-x = 1\n+x = 2",  # no final newline
        "--- a/m.py\n+++ b/m.py\n",  # a header without a hunk
        "--- a/m.py\n+++ b/m.py\n@@ -1,3 +1,3 @@\n-x = 1\n+x = 2\n",  # a hunk cut short
        "--- a/m.py\n+++ b/m.py\n@@ -1 +1 @@\n-x = 1\n+x = 2\n+y = 3\n",  # more lines than the hunk counts
        "Traceback (most recent call last):\n",
    ],
)
def test_what_is_not_a_unified_diff_is_refused(diff: str):
    with pytest.raises(ValueError):
        primer.diff_sections(diff)


@pytest.mark.parametrize("tool", installed_tools())
def test_the_diff_applies_to_the_files_it_was_made_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tool: str):
    write_tree(tmp_path, {"pkg/train.py": TRAIN})
    (tmp_path / "pkg" / "windows.py").write_bytes(TRAIN.replace("\n", "\r\n").encode())
    monkeypatch.chdir(tmp_path)
    windows = TRAIN.replace("\n", "\r\n")
    patch = module_diff("pkg/train.py", TRAIN, TRAIN_FIXED) + module_diff(
        "pkg/windows.py", windows, TRAIN_FIXED.replace("\n", "\r\n")
    )
    assert primer.patch_problems(tmp_path, patch.encode(), tool) is None
    assert primer.patch_problems(tmp_path, b"", tool) is None


@pytest.mark.parametrize("tool", installed_tools())
def test_a_diff_of_other_text_does_not_apply(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tool: str):
    write_tree(tmp_path, {"pkg/train.py": TRAIN_FIXED})
    monkeypatch.chdir(tmp_path)
    patch = module_diff("pkg/train.py", TRAIN, TRAIN_FIXED)
    problem = primer.patch_problems(tmp_path, patch.encode(), tool)
    assert problem is not None and problem.startswith(f"{tool}: ")


# -- the write run ----------------------------------------------------------------------


def test_the_fixes_per_file_are_read_from_the_lines_on_stderr():
    stderr = (
        "pkg/train.py: fixed 3 (hub-keras-three, hub-session-option-experimental x2)\n"
        "notebooks/finetune.ipynb: fixed 1 (hub-session-option-experimental)\n"
        "hubcompat fix: 4 fixes made in 2 files, 1 finding left\n"
    )
    assert primer.fixed_files(stderr) == {
        "pkg/train.py": Counter({"hub-session-option-experimental": 2, "hub-keras-three": 1}),
        "notebooks/finetune.ipynb": Counter({"hub-session-option-experimental": 1}),
    }
    assert primer.fixed_files("hubcompat fix: 0 fixes made in 0 files, 0 findings left\n") == {}


def test_a_line_whose_symbols_do_not_add_up_is_refused():
    with pytest.raises(ValueError, match="do not add up"):
        primer.fixed_files("pkg/train.py: fixed 3 (hub-keras-three x1)\n")


def test_changed_files_are_those_whose_bytes_differ_or_that_one_tree_lacks(tmp_path: Path):
    original = write_tree(
        tmp_path / "original",
        {"pkg/train.py": TRAIN, "pkg/util.py": "import os\n", "pkg/old.py": "", "pyproject.toml": "[project]\n"},
    )
    (original / "pkg/current.py").symlink_to("train.py")
    (original / "pkg/gone.py").symlink_to("removed.py")  # leads nowhere
    copy = tmp_path / "copy"
    shutil.copytree(original, copy, symlinks=True)
    assert primer.changed_files(original, copy) == set()
    (copy / "pkg/train.py").write_text(TRAIN_FIXED)
    (copy / "pkg/old.py").unlink()
    (copy / "pkg/new.py").write_text("")
    (copy / "pkg/gone.py").unlink()
    (copy / "pkg/gone.py").write_text("")
    # pkg/current.py still links to pkg/train.py: the link is the same, what it leads to changed
    assert primer.changed_files(original, copy) == {"pkg/train.py", "pkg/old.py", "pkg/new.py", "pkg/gone.py"}


def test_every_changed_file_must_still_parse_as_its_kind(tmp_path: Path):
    write_tree(
        tmp_path,
        {
            "pkg/train.py": TRAIN_FIXED,
            "pkg/broken.py": "config = tf.compat.v1.ConfigProto(\n",
            "notebooks/ok.ipynb": NOTEBOOK_FIXED,
            "notebooks/cut.ipynb": notebook(["!pip install tensorflow-hub\n", "layer = hub.KerasLayer("]),
            "notebooks/torn.ipynb": NOTEBOOK_FIXED[:-40],
            "pyproject.toml": '[project]\ndependencies = ["tensorflow-hub>=0.16"\n',
            "requirements.txt": "tensorflow-hub>=0.16 ((\n",
        },
    )
    problems = primer.unparsable(tmp_path, {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*")})
    assert [p.split(":")[0] for p in problems] == [
        "notebooks/cut.ipynb",
        "notebooks/torn.ipynb",
        "pkg/broken.py",
        "pyproject.toml",
    ]


# -- the snapshot -----------------------------------------------------------------------

#: A package's entry as the snapshot held it before fixes were counted.
OLD_ENTRY = {"tf1.15": {}, "tf2.15": {"hub-module-signature-call": 1}, "tf2.21": {"hub-api-removed": 2}}
COUNTS = {name: dict(found) for name, found in OLD_ENTRY.items()}
FIXES = {"tf1.15": {}, "tf2.15": {"hub-module-signature-call": 1}, "tf2.21": {}}


def test_an_entry_without_fixes_asks_for_an_update_and_still_compares_its_findings():
    assert primer.compare("bert-tensorflow==1.0.4", OLD_ENTRY, COUNTS, FIXES) == [
        "bert-tensorflow==1.0.4: no fixes in primer_snapshot.json; run with --update"
    ]
    grown = {**COUNTS, "tf2.21": {"hub-api-removed": 3}}
    failures = primer.compare("bert-tensorflow==1.0.4", OLD_ENTRY, grown, FIXES)
    assert [f.split(":")[0] for f in failures] == ["bert-tensorflow==1.0.4 tf2.21", "bert-tensorflow==1.0.4"]


def test_a_package_missing_from_the_snapshot_asks_for_an_update():
    assert primer.compare("tfx==1.21.0", None, COUNTS, FIXES) == [
        "tfx==1.21.0: not in primer_snapshot.json; run with --update"
    ]


def test_recorded_fixes_stand_beside_the_findings_which_stay_where_they_were():
    snapshot = {"bert-tensorflow==1.0.4": json.loads(json.dumps(OLD_ENTRY))}
    primer.record(snapshot, "bert-tensorflow==1.0.4", COUNTS, FIXES)
    entry = snapshot["bert-tensorflow==1.0.4"]
    assert {k: v for k, v in entry.items() if k != "fixes"} == OLD_ENTRY
    assert entry["fixes"] == FIXES
    assert primer.compare("bert-tensorflow==1.0.4", entry, COUNTS, FIXES) == []

    primer.record(snapshot, "bert-tensorflow==1.0.4", {"tf2.15": {}}, {"tf2.15": {}})  # a run of one target
    assert entry["fixes"] == {**FIXES, "tf2.15": {}} and entry["tf2.21"] == OLD_ENTRY["tf2.21"]
    failures = primer.compare("bert-tensorflow==1.0.4", entry, COUNTS, FIXES)
    assert [f.split("\n")[0] for f in failures] == [
        "bert-tensorflow==1.0.4 tf2.15: counts changed",
        "bert-tensorflow==1.0.4 tf2.15: fixes changed",
    ]


# -- the benchmark's d: hubcompat fix --diff --------------------------------------------


@pytest.mark.parametrize(
    ("summary", "shown"),
    [
        ("hubcompat fix: 3 fixes would be made in 2 files", (3, 2)),
        (
            "hubcompat fix: 1 fix would be made in 1 file (2 unsafe fixes not applied: --unsafe-fixes applies them)",
            (1, 1),
        ),
        ("hubcompat fix: 0 fixes would be made in 0 files", (0, 0)),
        ("hubcompat fix: 3 fixes made in 2 files, 0 findings left", None),  # a writing run
        ("hubcompat: 13 files checked, 47 findings", None),
        ("", None),
    ],
)
def test_the_fixes_d_shows_come_from_its_summary(summary: str, shown: tuple[int, int] | None):
    assert run.fixes_shown(summary) == shown


def sample(cpu: float, summary: str = "") -> run.Sample:
    return run.Sample(cpu=cpu, wall=cpu * 1.1, rss_kb=60_000, summary=summary)


def test_d_is_summed_judged_against_c_and_rendered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(corpus, "SOURCES", tmp_path)
    package = corpus.Package("hub-trainer", "1.0")
    write_tree(
        package.directory, {"pyproject.toml": "[project]\n", "trainer/__init__.py": "", "trainer/train.py": TRAIN}
    )
    series = {label: run.Series() for label in run.LABELS}
    series["a"].samples, series["b"].samples = [sample(1.0), sample(0.9)], [sample(1.1)]
    series["c"].samples = [sample(0.6, "hubcompat: 2 files checked, 1 finding"), sample(0.5)]
    series["d"].samples = [sample(0.8, "hubcompat fix: 1 fix would be made in 1 file"), sample(0.7)]
    summary = run.summarize({package.name: series}, [package], True)
    assert summary["total"]["d_cpu"] == 0.7 and summary["rows"][0]["d_fixes"] == (1, 1)

    goal = run.fix_goal("plain", summary)
    assert goal == (
        "d vs c (`fix --diff` vs `check`), `plain`",
        "<= 1.5x c's CPU",
        "1.40x (0.7 s vs 0.5 s CPU); 1 fix would be made in 1 file",
        True,
    )
    slow = {**summary, "total": {**summary["total"], "d_cpu": 0.8}}
    assert run.fix_goal("plain", slow)[3] is False

    report = {
        "date": "today",
        "machine": "test",
        "python": "3.11",
        "pylint": "pylint",
        "reps": 2,
        "quick": True,
        "goals": [goal],
        "envs": [{"env": "plain", "note": "no TF", "check": True, "fix": True, "summary": summary}],
    }
    text = run.render(report)
    assert "| d vs c (`fix --diff` vs `check`), `plain` | <= 1.5x c's CPU | 1.40x" in text
    row = next(line for line in text.splitlines() if line.startswith("| hub-trainer==1.0 "))
    header = next(line for line in text.splitlines() if line.startswith("| package "))
    assert row.count("|") == header.count("|")
    assert "| 0.70 | 1.400 |" in row and row.endswith("| 1 (1) |")

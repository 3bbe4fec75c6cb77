"""The benchmark's goal for c (``hubcompat check``) against b (pylint with the plugin).

c lints more than b (script folders inside a package, notebooks), so "same findings"
means: on the files b lints, c's findings equal b's, and c lints at least those files.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks import corpus, run
from tests.cli.conftest import HUB_MODULE, PLAIN, write_tree
from tests.cli.test_check import run as run_python

EAGER_B = ("pkg/model.py", 4, 9, "hub-module-eager")
EAGER_SCRIPT = ("pkg/scripts/train.py", 4, 9, "hub-module-eager")


def test_c_agrees_when_its_extra_findings_are_in_files_b_does_not_lint():
    agreed = run.agreement(
        frozenset({EAGER_B}),
        frozenset({EAGER_B, EAGER_SCRIPT}),
        {"pkg/model.py"},
        "hubcompat: 2 files checked, 2 findings (hub-module-eager: 2)",
    )
    assert agreed.same and agreed.holds
    assert (agreed.b_files, agreed.c_files) == (1, 2)


def test_c_disagrees_when_it_misses_or_adds_a_finding_on_a_file_b_lints():
    other = ("pkg/model.py", 9, 0, "hub-legacy-finetune")
    missed = run.agreement(
        frozenset({EAGER_B}), frozenset({EAGER_SCRIPT}), {"pkg/model.py"}, "hubcompat: 2 files checked, 1 finding"
    )
    added = run.agreement(
        frozenset({EAGER_B}), frozenset({EAGER_B, other}), {"pkg/model.py"}, "hubcompat: 2 files checked, 2 findings"
    )
    assert (missed.holds, missed.only_b, missed.only_c) == (False, [EAGER_B], [])
    assert (added.holds, added.only_b, added.only_c) == (False, [], [other])


def test_c_must_lint_at_least_the_files_b_lints():
    fewer = run.agreement(frozenset(), frozenset(), {"a.py", "b.py"}, "hubcompat: 1 file checked, 0 findings")
    silent = run.agreement(frozenset(), frozenset(), {"a.py"}, "")
    assert fewer.same and not fewer.holds
    assert silent.c_files is None and not silent.holds


def test_checked_files_reads_both_summary_shapes():
    assert corpus.checked_files("hubcompat: 1 file checked, 0 findings") == 1
    assert (
        corpus.checked_files("hubcompat: 12 files checked (3 parsed, the others cannot have findings), 0 findings")
        == 12
    )
    assert (
        corpus.checked_files(
            "hubcompat: 917 files found, 912 checked (40 parsed, the others cannot have findings), "
            "5 skipped (3 gitignored, 2 not regular files), 7 findings"
        )
        == 912
    )
    assert corpus.checked_files("no summary") is None


def test_pylint_files_are_those_plain_pylint_lints(tmp_path: Path):
    write_tree(
        tmp_path,
        {
            "requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n",
            "pkg/__init__.py": "",
            "pkg/model.py": HUB_MODULE,
            "pkg/scripts/train.py": HUB_MODULE,
            "tools/run.py": HUB_MODULE,
            "tools/plain.py": PLAIN,
        },
    )
    assert corpus.pylint_files(tmp_path, ["pkg", "tools"]) == {
        "pkg/__init__.py",
        "pkg/model.py",
        "tools/run.py",
        "tools/plain.py",
    }
    plain = run_python(
        [
            "-m",
            "pylint",
            "--load-plugins=pylint_hubcompat",
            "--disable=all",
            "--enable=hubcompat",
            "--recursive=y",
            "--persistent=n",
            "--score=n",
            "--msg-template={path}",
            "pkg",
            "tools",
        ],
        tmp_path,
    )
    assert {line for line in plain.stdout.splitlines() if line and not line.startswith("*")} == {
        "pkg/model.py",
        "tools/run.py",
    }

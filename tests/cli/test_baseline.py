"""``hubcompat check --baseline``: adopting on a legacy codebase, failing only on new findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import HUB_MODULE, LEGACY_FINETUNE, write_tree
from tests.cli.test_check import run

LOAD = HUB_MODULE.replace("hub.Module(", "hub.load(")


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    """Two modules with findings today, pinned to TF 2.15 / hub 0.15, with a baseline recorded."""
    project = write_tree(tmp_path / "legacy", {
        "requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n",
        "train.py": HUB_MODULE,
        "pkg/model.py": LEGACY_FINETUNE,
    })
    recorded = check(project, ".", "--write-baseline", "hubcompat-baseline.json")
    assert recorded.returncode == 0, recorded.stderr
    assert "recorded 2 findings in hubcompat-baseline.json" in recorded.stderr
    return project


def check(project: Path, *args: str):
    return run(["-m", "pylint_hubcompat", "check", *args], project)


def reported(project: Path, *args: str) -> tuple[list[tuple[str, str]], int, str]:
    result = check(project, ".", "--baseline=hubcompat-baseline.json", "--output-format=json2", *args)
    document = json.loads(result.stdout)
    return sorted((m["path"], m["symbol"]) for m in document["messages"]), result.returncode, result.stderr


def test_recorded_findings_are_not_reported(legacy):
    messages, status, stderr = reported(legacy)
    assert messages == []
    assert status == 0
    assert "0 findings, 2 in the baseline" in stderr


def test_the_baseline_names_files_relative_to_itself_and_no_line_decides(legacy):
    entries = json.loads((legacy / "hubcompat-baseline.json").read_text(encoding="utf-8"))
    assert entries["hubcompat-baseline"] == 1
    assert [(e["path"], e["symbol"], e["line"]) for e in entries["findings"]] == [
        ("pkg/model.py", "hub-legacy-finetune", 4),
        ("train.py", "hub-module-eager", 4),
    ]
    (legacy / "train.py").write_text("'''Docs.'''\n\n\n" + HUB_MODULE, encoding="utf-8")  # the finding moves down
    sub = legacy / "pkg"
    result = check(sub, "..", "--baseline=../hubcompat-baseline.json", "--output-format=json2")  # from elsewhere
    assert json.loads(result.stdout)["messages"] == []


def test_a_new_finding_is_reported_and_fails(legacy):
    (legacy / "export.py").write_text(HUB_MODULE, encoding="utf-8")
    messages, status, _ = reported(legacy)
    assert messages == [("export.py", "hub-module-eager")]
    assert status == 2


def test_a_second_copy_of_a_recorded_call_is_new(legacy):
    (legacy / "train.py").write_text(HUB_MODULE + HUB_MODULE.split("\n", 3)[3], encoding="utf-8")
    messages, status, _ = reported(legacy)
    assert messages == [("train.py", "hub-module-eager")]
    assert status == 2


def test_editing_the_flagged_code_brings_the_finding_back(legacy):
    (legacy / "train.py").write_text(HUB_MODULE.replace("feature_vector/2", "feature_vector/1"), encoding="utf-8")
    messages, _, _ = reported(legacy)
    assert messages == [("train.py", "hub-module-eager")]


def test_a_fixed_entry_is_reported_as_fixed(legacy):
    (legacy / "train.py").write_text(LOAD, encoding="utf-8")
    result = check(legacy, ".", "--baseline=hubcompat-baseline.json", "--output-format=json2")
    summary = json.loads(result.stdout)["hubcompat"]
    assert summary["baseline"]["fixed"] == [{"path": "train.py", "symbol": "hub-module-eager", "line": 4}]
    assert "fixed since the baseline: train.py:4: hub-module-eager" in result.stderr
    assert "1 baseline entry fixed" in result.stderr
    assert result.returncode == 0


def test_entries_of_files_not_linted_are_not_fixed(legacy):
    result = check(legacy, "pkg", "--baseline=hubcompat-baseline.json", "--output-format=json2")
    assert json.loads(result.stdout)["hubcompat"]["baseline"]["fixed"] == []


def test_works_under_parallel_jobs(legacy):
    (legacy / "export.py").write_text(HUB_MODULE, encoding="utf-8")
    messages, status, stderr = reported(legacy, "-j", "2")
    assert messages == [("export.py", "hub-module-eager")]
    assert status == 2
    assert "1 finding (hub-module-eager: 1), 2 in the baseline" in stderr


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"{not json", "not JSON"),
        (b'{"findings": []}', "not a hubcompat-baseline version 1 file"),
        (b'{"hubcompat-baseline": 1, "findings": [{"path": "a.py"}]}', "finding 1 lacks a path, symbol or fingerprint"),
        (b"\xff\xfe", "not JSON"),
    ],
)
def test_a_broken_baseline_is_a_usage_error(legacy, content, said):
    (legacy / "hubcompat-baseline.json").write_bytes(content)
    result = check(legacy, ".", "--baseline=hubcompat-baseline.json")
    assert result.returncode == 32
    assert said in result.stderr
    assert "Traceback" not in result.stderr


def test_a_baseline_that_cannot_be_written_is_said(legacy):
    result = check(legacy, ".", "--write-baseline", "no/such/dir/baseline.json")
    assert result.returncode == 32
    assert "cannot write no/such/dir/baseline.json" in result.stderr


def test_statistics_count_per_rule_and_per_file(legacy):
    (legacy / "export.py").write_text(HUB_MODULE + LEGACY_FINETUNE.split("\n", 2)[2], encoding="utf-8")
    result = check(legacy, ".", "--statistics")
    table = result.stdout[result.stdout.index("Findings by rule:"):]
    assert table.splitlines() == [
        "Findings by rule:",
        "  2  E7102  hub-legacy-finetune",
        "  2  E7101  hub-module-eager",
        "Findings by file:",
        "  2  export.py",
        "  1  pkg/model.py",
        "  1  train.py",
    ]


def test_statistics_keep_json_on_stdout_pure(legacy):
    result = check(legacy, ".", "--statistics", "--output-format=json2")
    json.loads(result.stdout)
    assert "Findings by rule:" in result.stderr

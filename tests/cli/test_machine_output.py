"""json2 and SARIF always parse: a usage error is a document that says so, never an empty file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pylint.reporters import text as pylint_text
from pylint.interfaces import UNDEFINED
from pylint.message import Message
from pylint.typing import MessageLocationTuple

from pylint_hubcompat.reporters import sarif
from tests.cli.conftest import HUB_MODULE, write_tree
from tests.cli.test_check import run
from tests.reporters.test_sarif import SCHEMA

#: Each way a command line fails before anything is linted, and what stderr says.
USAGE_ERRORS = {
    "missing path": (["/does/not/exist"], "no such file or directory: /does/not/exist"),
    "no path": ([], "no files to lint"),
    "unknown option": (["--bogus", "."], "Unrecognized option found: bogus"),
    "bad runtime-mode": (["--runtime-mode=x", "."], "invalid choice: 'x'"),
    "bad project-scan": (["--project-scan=maybe", "."], "Invalid yn value 'maybe'"),
    "baseline without a file": (["--baseline"], "--baseline: expected one argument"),
    "missing baseline": (["--baseline=absent.json", "."], "absent.json: cannot read"),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "proj", {"requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n",
                                          "train.py": HUB_MODULE})


def check(project: Path, *args: str):
    return run(["-m", "pylint_hubcompat", "check", *args], project)


def validate(log: dict) -> None:
    if not SCHEMA.exists():
        if os.environ.get("CI"):
            pytest.fail(f"SARIF schema missing at {SCHEMA}: CI must provide ../shared/data")
        return
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")), cls=jsonschema.Draft7Validator)


@pytest.mark.parametrize("case", USAGE_ERRORS)
def test_a_usage_error_still_prints_json2(project, case):
    args, said = USAGE_ERRORS[case]
    result = check(project, *args, "--output-format=json2")
    document = json.loads(result.stdout)  # nothing else on stdout, not even pylint's "No files to lint"
    assert result.returncode == 32
    assert document["messages"] == []
    assert said in document["hubcompat"]["error"]
    assert document["hubcompat"]["exitCode"] == 32
    assert said in result.stderr


@pytest.mark.parametrize("case", USAGE_ERRORS)
def test_a_usage_error_writes_a_failed_sarif_log(project, case):
    args, said = USAGE_ERRORS[case]
    result = check(project, *args, "--output-format=hubcompat-sarif:results.sarif,text")
    log = json.loads((project / "results.sarif").read_text(encoding="utf-8"))
    validate(log)
    (invocation,) = log["runs"][0]["invocations"]
    assert result.returncode == 32
    assert invocation["executionSuccessful"] is False
    assert invocation["exitCode"] == 32
    assert said in invocation["toolExecutionNotifications"][0]["message"]["text"]
    assert log["runs"][0]["results"] == []


def test_a_secret_in_a_bad_option_is_not_written(project):
    result = check(project, "--tf-versoin=ghp_abcdefghijklmnopqrstuvwxyz0123456789", ".", "--output-format=json2")
    assert result.returncode == 32
    assert "ghp_abcdefghijklmnop" not in result.stdout


def test_an_unknown_output_format_is_a_usage_error(project):
    result = check(project, ".", "--output-format=hubcompat-sarif:results.sarif,nonesuch")
    assert result.returncode == 32
    assert "hubcompat check: no output format 'nonesuch' in pylint" in result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads((project / "results.sarif").read_text(encoding="utf-8"))["runs"][0]["invocations"][0] == {
        "executionSuccessful": False,
        "exitCode": 32,
        "toolExecutionNotifications": [
            {"level": "error", "message": {"text": result.stderr.strip().splitlines()[-1]}}
        ],
    }


@pytest.mark.skipif(not hasattr(pylint_text, "GithubReporter"), reason="pylint 3.0 has no github format")
def test_a_usage_error_is_an_annotation_in_github_format(project):
    result = check(project, "/does/not/exist", "--output-format=github")
    assert result.stdout.startswith("::error title=hubcompat check::")
    assert "no such file or directory" in result.stdout


def test_sarif_is_an_alias_of_hubcompat_sarif(project):
    result = check(project, ".", "--output-format=sarif")
    log = json.loads(result.stdout)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["E7101"]
    assert result.returncode == 2


def test_sarif_alias_in_plain_pylint(project):
    result = run(["-m", "pylint", "--load-plugins=pylint_hubcompat", "--disable=all", "--enable=hubcompat",
                  "--persistent=n", "--output-format=sarif", "train.py"], project)
    assert json.loads(result.stdout)["runs"][0]["tool"]["driver"]["name"] == "pylint-hubcompat"


def test_a_successful_run_records_its_invocation_and_summary(project):
    log = json.loads(check(project, ".", "--output-format=sarif").stdout)
    validate(log)
    run_ = log["runs"][0]
    assert run_["invocations"] == [{"executionSuccessful": True}]
    summary = run_["properties"]["hubcompat"]["summary"]
    assert summary["findings"] == {"hub-module-eager": 1}
    assert summary["summary"].startswith("hubcompat: 1 file checked, 1 finding (hub-module-eager: 1)")


def test_a_fatal_message_makes_the_run_unsuccessful():
    fatal = Message("F0001", "fatal", MessageLocationTuple("/x/a.py", "a.py", "a", "", 1, 0, None, None),
                    "No module named a", UNDEFINED)
    assert sarif._invocation([fatal]) == {  # pylint: disable=protected-access
        "executionSuccessful": False,
        "toolExecutionNotifications": [
            {"level": "error", "message": {"text": "a.py: No module named a (fatal)"}, "descriptor": {"id": "fatal"}}
        ],
    }


def test_json2_carries_the_summary(project):
    document = json.loads(check(project, ".", "--output-format=json2").stdout)
    assert document["hubcompat"]["files"] == {"found": 1, "checked": 1, "parsed": 1, "skipped": {}}
    assert document["hubcompat"]["findings"] == {"hub-module-eager": 1}
    assert document["statistics"]["messageTypeCount"]["error"] == 1


def fingerprints(project: Path) -> list[str]:
    log = json.loads(check(project, ".", "--output-format=sarif").stdout)
    return [r["partialFingerprints"]["hubcompatCodeHash/v1"] for r in log["runs"][0]["results"]]


def test_fingerprints_survive_code_moving(project):
    before = fingerprints(project)
    source = (project / "train.py").read_text(encoding="utf-8")
    (project / "train.py").write_text("# a comment\n\n\n" + source.replace("module =", "if True:\n    module =", 1)
                                      .replace("\nfeatures", "\n    features", 1), encoding="utf-8")
    assert fingerprints(project) == before


def test_fingerprints_tell_identical_findings_apart_and_change_with_the_code(project):
    path = project / "train.py"
    path.write_text(path.read_text(encoding="utf-8") + path.read_text(encoding="utf-8").split("\n", 3)[3], encoding="utf-8")
    first, second = fingerprints(project)
    assert first.endswith(":1") and second.endswith(":2") and first[:-2] == second[:-2]
    path.write_text(path.read_text(encoding="utf-8").replace("feature_vector/2", "feature_vector/1", 1), encoding="utf-8")
    assert fingerprints(project)[0][:-2] != first[:-2]

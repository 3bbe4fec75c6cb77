"""``--output-format=hubcompat-sarif``: a SARIF 2.1.0 log GitHub code scanning accepts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pylint_hubcompat.rulebook.loading import builtin_rules
from tests.cli.conftest import HUB_MODULE, PLAIN, write_tree

REPO = Path(__file__).resolve().parents[2]
#: Beside the repository in CI (``../shared``), as the other shared data.
SCHEMA = REPO.parent / "shared" / "data" / "sarif-schema-2.1.0.json"


def pylint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "pylint", "--load-plugins=pylint_hubcompat", "--disable=all", "--enable=hubcompat",
         "--persistent=n", *args],
        cwd=cwd, capture_output=True, text=True, env=env, check=False,
    )


def sarif_of(cwd: Path, *args: str) -> tuple[dict, subprocess.CompletedProcess[str]]:
    result = pylint(cwd, "--output-format=hubcompat-sarif", *args)
    return json.loads(result.stdout), result  # stdout is exactly one JSON document


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "proj", {
        "requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n",
        "src/train.py": HUB_MODULE,
        "src/util.py": "import sys\n" + PLAIN,
    })


@pytest.fixture
def log(project):
    return sarif_of(project, "src")[0]


def test_valid_against_the_sarif_schema(log):
    if not SCHEMA.exists():
        if os.environ.get("CI"):
            pytest.fail(f"SARIF schema missing at {SCHEMA}: CI must provide ../shared/data")
        pytest.skip(f"SARIF 2.1.0 schema not found at {SCHEMA} (outside CI only)")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(log, schema, cls=jsonschema.Draft7Validator)  # the schema's own draft


def test_log_shape(log):
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "pylint-hubcompat"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/proj/")


def test_driver_describes_every_rule(log):
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    by_name = {r["name"]: r for r in rules}
    for rule in builtin_rules():
        entry = by_name[rule.symbol]
        assert entry["id"] == rule.id
        assert entry["helpUri"] == f"https://github.com/pylint-hubcompat/pylint-hubcompat/blob/main/docs/rules.md#{rule.symbol}"
        assert rule.why in entry["help"]["markdown"] and rule.fix in entry["help"]["markdown"]
        assert entry["shortDescription"]["text"] and entry["fullDescription"]["text"] == rule.why
        assert entry["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning"}.get(rule.category, "note")
    assert {"hubcompat-config-error", "hubcompat-internal-error"} <= set(by_name)


def test_result_points_at_the_call_one_based(log):
    run = log["runs"][0]
    (result,) = run["results"]
    assert result["ruleId"] == "E7101"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["name"] == "hub-module-eager"
    assert result["level"] == "error"
    assert result["message"]["text"].startswith("hub.Module() fails under TF2 eager execution with tensorflow 2.15.1")
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "src/train.py", "uriBaseId": "%SRCROOT%"}
    # pylint counts columns from 0 (the call starts at 9 and ends before 94), SARIF from 1.
    line = HUB_MODULE.splitlines()[3]
    assert (line.index("hub.Module"), len(line)) == (9, 94)
    assert location["region"] == {"startLine": 4, "startColumn": 10, "endLine": 4, "endColumn": 95}


def test_detected_target_is_recorded(log):
    (target,) = log["runs"][0]["properties"]["hubcompat"]["targets"]
    assert target["root"] == "."
    assert target["tensorflow"]["specifier"] == "==2.15.1"
    assert target["tensorflow"]["source"] == "requirements.txt:1"
    assert target["tensorflow-hub"]["source"] == "requirements.txt:2"
    assert {"tf-keras", "keras"} <= set(target)


def test_other_pylint_messages_are_reported_too(project):
    log, _ = sarif_of(project, "--enable=unused-import", "src")
    run = log["runs"][0]
    other = next(r for r in run["results"] if r["ruleId"] == "unused-import")
    entry = run["tool"]["driver"]["rules"][other["ruleIndex"]]
    assert entry["id"] == entry["name"] == "unused-import"
    assert entry["helpUri"].endswith("/warning/unused-import.html")
    assert other["level"] == "warning"


def test_nothing_but_json_on_stdout_and_a_file_with_text_beside(project):
    result = pylint(project, "--output-format=hubcompat-sarif:results.sarif,text", "src")
    assert json.loads((project / "results.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert "(hub-module-eager)" in result.stdout


def test_files_outside_the_working_directory_get_absolute_uris(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    log, _ = sarif_of(elsewhere, str(project / "src" / "train.py"))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (project / "src" / "train.py").as_uri()}
    assert log["runs"][0]["properties"]["hubcompat"]["targets"][0]["root"] == project.as_uri()


def test_a_clean_run_is_still_a_log(tmp_path):
    write_tree(tmp_path, {"util.py": PLAIN})
    log, result = sarif_of(tmp_path, "util.py")
    assert result.returncode == 0
    assert log["runs"][0]["results"] == []


def test_hubcompat_check_writes_sarif(project):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "pylint_hubcompat", "check", ".", "--output-format=hubcompat-sarif"],
        cwd=project, capture_output=True, text=True, env=env, check=False,
    )
    assert [r["ruleId"] for r in json.loads(result.stdout)["runs"][0]["results"]] == ["E7101"]
    assert result.stderr.startswith("hubcompat: 2 files checked (1 parsed, the others cannot have findings), 1 finding")

"""The GitHub composite action and the pre-commit hook call what the other tests exercise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from tests.cli.conftest import HUB_MODULE, write_tree

REPO = Path(__file__).resolve().parents[2]


def action() -> dict:
    return yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def test_action_inputs_and_steps():
    spec = action()
    assert {"paths", "python-version", "extra-args"} <= set(spec["inputs"])
    assert spec["runs"]["using"] == "composite"
    uses = [step.get("uses", "") for step in spec["runs"]["steps"]]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)


def test_action_check_step_writes_sarif_and_annotations(tmp_path):
    """Run the action's own shell step, with the hubcompat of this environment standing in for the installed one."""
    step = next(s for s in action()["runs"]["steps"] if s.get("id") == "check")
    runner_temp = tmp_path / "runner"
    (runner_temp / "hubcompat-venv" / "bin").mkdir(parents=True)
    (runner_temp / "hubcompat-venv" / "bin" / "hubcompat").symlink_to(Path(sys.executable).parent / "hubcompat")
    workspace = write_tree(tmp_path / "workspace", {
        "requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n", "src/train.py": HUB_MODULE,
    })
    github_output = tmp_path / "github_output"
    env = {**os.environ, "RUNNER_TEMP": str(runner_temp), "GITHUB_OUTPUT": str(github_output),
           "PATHS": "src", "EXTRA_ARGS": "--score=n", "SARIF_FILE": "results.sarif"}
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workspace, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert github_output.read_text(encoding="utf-8") == "exit-code=2\n"
    assert "::error file=src/train.py,line=4," in result.stdout
    sarif = json.loads((workspace / "results.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["E7101"]


def test_pre_commit_hook_definition():
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "hubcompat"
    assert hook["entry"] == "hubcompat check"
    assert hook["language"] == "python"
    assert "python" in hook["types_or"]

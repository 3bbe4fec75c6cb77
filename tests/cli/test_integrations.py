"""The GitHub composite action and the pre-commit hook call what the other tests exercise."""

from __future__ import annotations

from pathlib import Path

import yaml

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

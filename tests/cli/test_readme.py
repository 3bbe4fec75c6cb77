"""The README shows real output of ``hubcompat plan``, ``check`` and ``fix`` on the example project."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "command",
    [
        "plan examples/image_classifier",
        "check examples/image_classifier",
        "fix examples/image_classifier --diff --unsafe-fixes",
    ],
)
def test_readme_shows_the_real_output_of(command):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.search(rf"```text\n\$ hubcompat {re.escape(command)}\n(.*?)\n```", readme, re.DOTALL)
    assert shown, f"README lost its `hubcompat {command}` example"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "pylint_hubcompat", *command.split()],
        cwd=REPO, capture_output=True, text=True, env=env, check=False,
    )
    assert shown.group(1) == (result.stdout + result.stderr).rstrip("\n"), (
        f"README's example output is stale: paste the output of `hubcompat {command}`"
    )

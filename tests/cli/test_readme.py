"""The README shows real output of ``hubcompat check`` on the example project."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_readme_shows_the_real_output_of_check():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n\$ hubcompat check examples/image_classifier\n(.*?)\n```", readme, re.DOTALL)
    assert shown, "README lost its `hubcompat check examples/image_classifier` example"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "pylint_hubcompat", "check", "examples/image_classifier"],
        cwd=REPO, capture_output=True, text=True, env=env, check=False,
    )
    assert shown.group(1) == (result.stdout + result.stderr).rstrip("\n"), (
        "README's example output is stale: paste the output of `hubcompat check examples/image_classifier`"
    )

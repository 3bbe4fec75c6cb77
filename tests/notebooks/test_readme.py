"""The README's Notebooks section shows real output of ``hubcompat check`` on notebooks written here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.notebooks.conftest import PINNED, TUTORIAL_BEFORE, write_notebook

REPO = Path(__file__).resolve().parents[2]


def test_readme_notebooks_section_shows_real_output(project):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"## Notebooks\n.*?```text\n\$ hubcompat check notebooks\n(.*?)\n```", readme, re.DOTALL)
    assert shown, "README lost its Notebooks example"
    write_notebook(project / "notebooks" / "tutorial.ipynb", *TUTORIAL_BEFORE)
    write_notebook(project / "notebooks" / "pinned.ipynb", *PINNED)
    result = subprocess.run(
        [sys.executable, "-m", "pylint_hubcompat", "check", "notebooks"],
        cwd=project, capture_output=True, text=True, check=False, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert shown.group(1) == (result.stdout + result.stderr).rstrip("\n")

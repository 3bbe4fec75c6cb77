"""nbQA (``nbqa pylint --load-plugins=pylint_hubcompat notebook.ipynb``): nbQA converts, our plugin lints.

nbQA writes ``<notebook><random>_nbqa_ipynb.py`` next to the notebook, so the project
(and its TensorFlow) is found from there, and the notebook's own ``!pip`` pins are read
from the notebook that file stands for.  nbQA numbers code cells only (``cell_3``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.notebooks.conftest import PINNED, TUTORIAL_BEFORE, TUTORIAL_LEGACY_KERAS, write_notebook

NBQA = Path(sys.executable).with_name("nbqa")
pytestmark = pytest.mark.skipif(not NBQA.exists(), reason="nbqa is not installed (pip install -e '.[test]')")


def nbqa_pylint(cwd: Path, *paths: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.run(
        [str(NBQA), "pylint", "--load-plugins=pylint_hubcompat", "--disable=all", "--enable=hubcompat", *paths],
        cwd=cwd, capture_output=True, text=True, env=env, check=False, timeout=300,
    )


def findings(out: str) -> list[str]:
    return [line for line in out.splitlines() if ": E7" in line or ": W7" in line]


def test_nbqa_finds_the_project_and_the_notebook_pins(project):
    write_notebook(project / "notebooks" / "pinned.ipynb", *PINNED)
    write_notebook(project / "notebooks" / "tutorial.ipynb", *TUTORIAL_BEFORE)
    result = nbqa_pylint(project, "notebooks")
    found = sorted(findings(result.stdout))
    assert len(found) == 2, result.stdout + result.stderr
    pinned, tutorial = found
    # nbQA counts code cells (cell_2 is our cell 3); the pins' source is the notebook's cell 2
    assert pinned.startswith("notebooks/pinned.ipynb:cell_2:4:9: E7101:")
    assert "tensorflow 2.15.1 (notebooks/pinned.ipynb:cell 2)" in pinned
    assert tutorial.startswith("notebooks/tutorial.ipynb:cell_5:2:12: E7116:")
    assert "(pyproject.toml:4)" in tutorial
    assert result.returncode != 0
    assert not list((project / "notebooks").glob("*_nbqa_ipynb.py"))  # nbQA cleaned up


def test_nbqa_on_the_fixed_tutorial(project):
    write_notebook(project / "fixed.ipynb", *TUTORIAL_LEGACY_KERAS)
    result = nbqa_pylint(project, "fixed.ipynb")
    assert findings(result.stdout) == [] and result.returncode == 0, result.stdout + result.stderr

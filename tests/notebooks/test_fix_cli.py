"""``hubcompat fix`` on a notebook project: a diff per cell, and only the changed cell's source written."""

from __future__ import annotations

import json

from tests.cli.test_check import run
from tests.notebooks.conftest import TUTORIAL_BEFORE, write_notebook


def test_the_keras_three_fix_of_the_tutorial_is_shown_per_cell_and_made_in_its_cell(project):
    path = write_notebook(project / "tutorial.ipynb", *TUTORIAL_BEFORE)
    before = json.loads(path.read_text(encoding="utf-8"))
    diff = run(["-m", "pylint_hubcompat", "fix", ".", "--diff", "--unsafe-fixes"], project)
    assert diff.returncode == 1
    assert "--- a/tutorial.ipynb:cell 3\n+++ b/tutorial.ipynb:cell 3\n" in diff.stdout
    assert '+os.environ["TF_USE_LEGACY_KERAS"] = "1"\n' in diff.stdout
    assert '+dependencies = ["tensorflow>=2.16", "tf-keras", "tensorflow-hub>=0.16"]\n' in diff.stdout
    assert diff.stderr.strip().endswith("hubcompat fix: 1 fix would be made in 2 files")

    done = run(["-m", "pylint_hubcompat", "fix", ".", "--unsafe-fixes"], project)
    assert done.returncode == 0, done.stderr
    after = json.loads(path.read_text(encoding="utf-8"))
    changed = [i for i, (old, new) in enumerate(zip(before["cells"], after["cells"])) if old != new]
    assert changed == [2]  # cell 3, counting from 1
    assert {k: v for k, v in after["cells"][2].items() if k != "source"} == {
        k: v for k, v in before["cells"][2].items() if k != "source"
    }
    assert after["metadata"] == before["metadata"]
    check = run(["-m", "pylint_hubcompat", "check", "."], project)
    assert check.returncode == 0, check.stdout

"""The pre-commit hook also lints notebooks (``types_or: [..., jupyter]``)."""

from __future__ import annotations

import os
import subprocess

from tests.cli.test_precommit import REPO, git, pre_commit, pytestmark  # noqa: F401  (skip without pre-commit)
from tests.notebooks.conftest import PINNED, code, write_notebook


def test_hook_reports_a_bad_notebook(tmp_path):
    user = tmp_path / "user-repo"
    user.mkdir()
    (user / "requirements.txt").write_text("tensorflow>=2.16\n")
    write_notebook(user / "pinned.ipynb", *PINNED)
    write_notebook(user / "plain.ipynb", code("print('tensorflow')"))
    git(user, "init", "-q")
    git(user, "add", ".")
    git(user, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "bad")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    result = subprocess.run(
        [pre_commit(), "try-repo", str(REPO), "hubcompat", "--all-files"],
        cwd=user, capture_output=True, text=True, env=env, timeout=600, check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "pinned.ipynb:cell 3:4:9: E7101:" in output
    assert "(pinned.ipynb:cell 2)" in output

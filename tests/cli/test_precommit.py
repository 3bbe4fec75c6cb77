"""The pre-commit hook, tried on a fresh repository with a bad file, as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.conftest import HUB_MODULE, PLAIN, write_tree

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    shutil.which("pre-commit") is None and not (Path(os.sys.executable).parent / "pre-commit").exists(),
    reason="pre-commit is not installed (pip install pre-commit, or the test extra)",
)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def pre_commit() -> str:
    local = Path(os.sys.executable).parent / "pre-commit"
    return str(local) if local.exists() else "pre-commit"


def try_hook(user: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """Commit everything in ``user`` as a fresh repository and run our hook on it with ``try-repo``."""
    git(user, "init", "-q")
    git(user, "add", ".")
    git(user, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "bad")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return subprocess.run(
        [pre_commit(), "try-repo", str(REPO), "hubcompat", "--all-files"],
        cwd=user, capture_output=True, text=True, env=env, timeout=600, check=False,
    )


def test_hook_reports_a_bad_file(tmp_path):
    user = write_tree(tmp_path / "user-repo", {
        "requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n",
        "train.py": HUB_MODULE,
        "util.py": PLAIN,
    })
    result = try_hook(user, tmp_path / "pre-commit-home")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "hubcompat (TensorFlow Hub compatibility)" in output and "Failed" in output
    assert "train.py:4:9: E7101:" in output
    assert "(hub-module-eager)" in output
    assert "util.py:" not in output

"""The pre-commit hook, tried on a fresh repository with a bad file, as a user would."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

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
        cwd=user,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def test_hook_reports_a_bad_file(tmp_path):
    user = write_tree(
        tmp_path / "user-repo",
        {
            "requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n",
            "train.py": HUB_MODULE,
            "util.py": PLAIN,
        },
    )
    result = try_hook(user, tmp_path / "pre-commit-home")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "hubcompat (TensorFlow Hub compatibility)" in output and "Failed" in output
    assert "train.py:4:9: E7101:" in output
    assert "(hub-module-eager)" in output
    assert "util.py:" not in output


# --- the second hook, hubcompat-dependencies: a commit that changes only what the project depends on


#: Fine on TensorFlow 2.15 (Keras 2); on 2.16 and newer the Sequential is Keras 3 (hub-keras-three).
KERAS_LAYER = """\
import tensorflow as tf
import tensorflow_hub as hub

model = tf.keras.Sequential([hub.KerasLayer("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/5")])
"""
HOOKS_NAME = "hubcompat (TensorFlow Hub compatibility)"
DEPENDENCIES_NAME = "hubcompat (dependency files changed, whole project)"


def pyproject(tensorflow: str) -> str:
    pins = f'"tensorflow=={tensorflow}", "tensorflow-hub==0.16.1"'
    return f'[project]\nname = "demo"\nversion = "0"\ndependencies = [{pins}]\n'


def hooks() -> dict[str, dict]:
    return {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This working tree (tracked and untracked files, less ignored ones) as a repository of one commit.

    pre-commit installs the hooks from it as from a release, once for the module's tests;
    ``try-repo`` would leave out the files not yet added to git.
    """
    snapshot = tmp_path_factory.mktemp("hook-repo")
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listing.split("\0")):
        source = REPO / name
        if source.is_file():  # a file deleted from the work tree but not from the index is not copied
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name, follow_symlinks=False)
    git(snapshot, "init", "-q")
    git(snapshot, "add", ".")
    commit(snapshot, "snapshot")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=snapshot, capture_output=True, text=True, check=True).stdout
    return snapshot, rev.strip()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def commit(cwd: Path, message: str) -> None:
    git(cwd, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--no-verify", "-m", message)


def user_repo(root: Path, hook_repo: tuple[Path, str], files: dict[str, str], args: list[str] | None = None) -> Path:
    """A user's repository with ``files`` and a .pre-commit-config.yaml of both hooks, all committed."""
    repo, rev = hook_repo
    dependencies: dict = {"id": "hubcompat-dependencies"} | ({"args": args} if args else {})
    config = {"repos": [{"repo": str(repo), "rev": rev, "hooks": [{"id": "hubcompat"}, dependencies]}]}
    user = write_tree(root, {**files, ".pre-commit-config.yaml": yaml.safe_dump(config)})
    git(user, "init", "-q")
    git(user, "add", ".")
    commit(user, "initial")
    return user


def run_hooks(user: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``pre-commit run`` as ``git commit`` runs it: on the staged files, unless ``args`` say otherwise."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return subprocess.run(
        [pre_commit(), "run", *args], cwd=user, capture_output=True, text=True, env=env, timeout=600, check=False
    )


def hook_line(output: str, name: str) -> str:
    """pre-commit's line for hook ``name``: ``NAME.....Passed``, ``Failed`` or ``(no files to check)Skipped``."""
    (line,) = [line for line in output.splitlines() if line.startswith(name + ".")]
    return line


def test_a_dependency_change_alone_is_checked_and_fails(tmp_path, hook_repo, pre_commit_home):
    user = user_repo(
        tmp_path / "user-repo",
        hook_repo,
        {
            "pyproject.toml": pyproject("2.15.1"),
            "src/train.py": KERAS_LAYER,
            "README.md": "# demo\n",
        },
    )
    before = run_hooks(user, pre_commit_home, "hubcompat-dependencies", "--all-files")
    assert before.returncode == 0, before.stdout + before.stderr  # the code is fine on TensorFlow 2.15

    (user / "pyproject.toml").write_text(pyproject("2.16.1"), encoding="utf-8")
    git(user, "add", "pyproject.toml")
    result = run_hooks(user, pre_commit_home)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert hook_line(output, HOOKS_NAME).endswith("(no files to check)Skipped")
    assert hook_line(output, DEPENDENCIES_NAME).endswith("Failed")
    assert "src/train.py:4:29: E7116:" in output
    assert "(hub-keras-three)" in output


def test_a_commit_of_other_files_runs_neither_hook(tmp_path, hook_repo, pre_commit_home):
    user = user_repo(
        tmp_path / "user-repo",
        hook_repo,
        {
            "pyproject.toml": pyproject("2.16.1"),
            "src/train.py": KERAS_LAYER,
            "README.md": "# demo\n",
        },
    )
    (user / "README.md").write_text("# demo\n\nMore words.\n", encoding="utf-8")
    git(user, "add", "README.md")
    result = run_hooks(user, pre_commit_home)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output  # src/train.py has a finding, but nothing that could change it was committed
    assert hook_line(output, HOOKS_NAME).endswith("(no files to check)Skipped")
    assert hook_line(output, DEPENDENCIES_NAME).endswith("(no files to check)Skipped")


def test_the_dependencies_hook_takes_a_baseline(tmp_path, hook_repo, pre_commit_home):
    """The finding recorded in the baseline is held back; a new dependency change that adds none passes."""
    files = {"pyproject.toml": pyproject("2.16.1"), "src/train.py": KERAS_LAYER}
    user = user_repo(tmp_path / "user-repo", hook_repo, files, args=[".", "--baseline=hubcompat-baseline.json"])
    hubcompat = Path(sys.executable).parent / "hubcompat"
    written = subprocess.run(
        [str(hubcompat), "check", ".", "--write-baseline", "hubcompat-baseline.json"],
        cwd=user,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (user / "hubcompat-baseline.json").is_file(), written.stdout + written.stderr
    git(user, "add", "hubcompat-baseline.json")
    commit(user, "baseline")

    (user / "pyproject.toml").write_text(pyproject("2.17.0"), encoding="utf-8")
    git(user, "add", "pyproject.toml")
    result = run_hooks(user, pre_commit_home)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert hook_line(output, DEPENDENCIES_NAME).endswith("Passed")


DEPENDENCY_FILES = [
    "pyproject.toml",
    "sub/project/pyproject.toml",
    "setup.cfg",
    "setup.py",
    "pkg/setup.py",
    "requirements.txt",
    "requirements-dev.txt",
    "requirements_test.in",
    "requirements.in",
    "services/api/requirements.txt",
    "requirements/base.txt",
    "requirements/dev.in",
    "constraints.txt",
    "constraints-py311.txt",
    "Pipfile",
    "Pipfile.lock",
    "app/Pipfile",
    "environment.yml",
    "environment.yaml",
    "environment-gpu.yml",
    "conda/environment.yml",
    "poetry.lock",
    "uv.lock",
    "pdm.lock",
    "deep/down/uv.lock",
    "pylock.toml",
    "pylock.dev.toml",
    ".python-version",
    "runtime.txt",
    ".env",
    "tox.ini",
    "pytest.ini",
]
OTHER_FILES = [
    "mypyproject.toml.bak",
    "pyproject.toml.bak",
    "mypyproject.toml",
    "pyproject.tom",
    "README.md",
    "train.py",
    "setup.pyc",
    "mysetup.py",
    "setup.py.orig",
    "docs/requirements.md",
    "requirements.txt.bak",
    "my-requirements.txt",
    "Pipfile.bak",
    "notPipfile",
    "environment.json",
    "uv.lock.orig",
    "src/pipfile_parser.py",
    "poetry.toml",
    "tox.ini.bak",
    "docs/.env.example",
    "requirements/notes/old.txt",
]


def test_the_dependencies_hook_matches_the_dependency_files_in_any_directory():
    hook = hooks()["hubcompat-dependencies"]
    pattern = re.compile(hook["files"])  # pre-commit's own use: re.search on each path of the commit
    assert [name for name in DEPENDENCY_FILES if not pattern.search(name)] == []
    assert [name for name in OTHER_FILES if pattern.search(name)] == []


def test_the_hooks_definitions():
    defined = hooks()
    assert list(defined) == ["hubcompat", "hubcompat-dependencies"]
    files_hook, project_hook = defined["hubcompat"], defined["hubcompat-dependencies"]
    assert files_hook["entry"] == project_hook["entry"] == "hubcompat check"
    assert files_hook["language"] == project_hook["language"] == "python"
    assert "files" not in files_hook and set(files_hook["types_or"]) == {"python", "pyi", "jupyter"}
    assert project_hook["pass_filenames"] is False
    assert project_hook["args"] == ["."]
    assert files_hook["require_serial"] is project_hook["require_serial"] is True

"""The wheel, installed for real (not editable) in a fresh environment, works as a pylint plugin.

Rules and data live outside the Python files (``rules/*.toml`` is force-included into
``pylint_hubcompat/rules``); an editable install would hide a wheel that lacks them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.cli.conftest import HUB_MODULE, write_tree

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None and not (Path(sys.executable).parent / tool).exists() for tool in ("twine",))
    or subprocess.run([sys.executable, "-c", "import build"], capture_output=True, check=False).returncode != 0,
    reason="needs `build` and `twine` (pip install build twine, or the test extra)",
)


def tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
                   check=True, capture_output=True, timeout=300)
    (built,) = out.glob("pylint_hubcompat-*.whl")
    return built


def test_wheel_holds_rules_data_and_metadata(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for rule_file in sorted((REPO / "rules").glob("*.toml")):
        assert f"pylint_hubcompat/rules/{rule_file.name}" in names
    assert {"pylint_hubcompat/data/releases.toml", "pylint_hubcompat/data/tfhub_catalog.txt"} <= names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "hubcompat = pylint_hubcompat.cli.main:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
    result = subprocess.run([tool("twine"), "check", "--strict", str(wheel)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_installed_wheel_lints_a_bad_snippet(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
                   check=True, capture_output=True, timeout=600)
    project = write_tree(tmp_path / "project", {"requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n",
                                                "bad.py": HUB_MODULE})
    # Run from the project, away from the checkout, so nothing can be imported from the source tree.
    where = subprocess.run([str(python), "-c", "import pylint_hubcompat; print(pylint_hubcompat.__file__)"],
                           cwd=project, capture_output=True, text=True, check=True).stdout
    assert str(env_dir) in where
    lint = subprocess.run(
        [str(env_dir / "bin" / "pylint"), "--load-plugins=pylint_hubcompat", "--disable=all", "--enable=hubcompat", "bad.py"],
        cwd=project, capture_output=True, text=True, check=False,
    )
    assert lint.returncode == 2, lint.stdout + lint.stderr
    assert "bad.py:4:9: E7101: hub.Module() fails under TF2 eager execution with tensorflow 2.15.1" in lint.stdout
    check = subprocess.run([str(env_dir / "bin" / "hubcompat"), "check", "."], cwd=project, capture_output=True, text=True, check=False)
    assert check.returncode == 2 and "(hub-module-eager)" in check.stdout
    assert check.stderr.strip() == "hubcompat: 1 file checked, 1 finding (hub-module-eager: 1)"

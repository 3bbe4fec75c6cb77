"""Linting environments for the benchmark and the primer.

``plain`` is the Python running this script (the project's venv: pylint + the
plugin, no TensorFlow).  ``tf-current`` / ``tf-legacy`` add the real TensorFlow
environments another tool built in ``.cache/runtime/envs/<name>`` *without
touching them*: an empty venv in ``.cache/bench/`` whose one ``.pth`` file adds
this venv's site-packages first (pylint, astroid, the plugin) and the TensorFlow
environment's site-packages after it (tensorflow, tensorflow_hub, keras...).
pylint then finds TensorFlow exactly as it would in a project venv, and the
plugin's installed-version detection sees it too.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import REPO

BENCH = REPO / ".cache" / "bench"
RUNTIME_ENVS = REPO / ".cache" / "runtime" / "envs"


@dataclass(frozen=True)
class LintEnv:
    name: str
    python: str
    note: str


def _site_packages(python: str) -> str:
    return subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()


def plain() -> LintEnv:
    return LintEnv("plain", sys.executable, "pylint + pylint_hubcompat, no TensorFlow")


def with_tensorflow(name: str) -> LintEnv | None:
    """``None`` when ``.cache/runtime/envs/<name>`` does not exist (build it with tests/runtime/envs.py)."""
    source = RUNTIME_ENVS / name / "bin" / "python"
    if not source.exists():
        return None
    overlay = BENCH / f"venv-tf-{name}"
    python = overlay / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(overlay)], check=True)
    ours = sysconfig.get_paths()["purelib"]
    theirs = _site_packages(str(source))
    pth = Path(_site_packages(str(python))) / "_hubcompat_bench_overlay.pth"
    pth.write_text(f"import site; site.addsitedir({ours!r}); site.addsitedir({theirs!r})\n")
    probe = (
        "import importlib.metadata as m\n"
        "out = []\n"
        "for d in ('tensorflow', 'tensorflow-cpu', 'tensorflow-hub', 'tf-keras', 'pylint'):\n"
        "    try: out.append(f'{d} {m.version(d)}')\n"
        "    except m.PackageNotFoundError: pass\n"
        "print(', '.join(out))"
    )
    versions = subprocess.run([str(python), "-c", probe], check=True, capture_output=True, text=True).stdout.strip()
    return LintEnv(f"tf-{name}", str(python), versions)

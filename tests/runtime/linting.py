"""Lint a snippet with pylint and the pylint_hubcompat plugin.

Why here: a witness proves that code fails at run time; the linter verdict
proves the plugin says so *for the same code and the same versions*.  The
versions the checker is given are the ones installed in the environment the
witness ran in, every tracked distribution of it (setuptools, tensorflow-text,
tf-keras...), written as the project's lock file: what is installed is
installed, fitting or not, as a lock says.  So a rule cannot drift from the
TensorFlow it was proven on.
"""

from __future__ import annotations

import functools
import json
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from envs import REPO_ROOT

REPO_PYTHON = REPO_ROOT / ".venv" / "bin" / "python"
PYLINT_BASE = ("-m", "pylint", "--load-plugins=pylint_hubcompat", "--disable=all",
               "--enable=hubcompat", "--output-format=json2", "--score=n")


@dataclass(frozen=True)
class LintResult:
    """The messages pylint gave one file."""

    symbols: tuple[str, ...]
    messages: tuple[str, ...]
    returncode: int
    stderr: str

    def describe(self) -> str:
        lines = "\n".join(self.messages) or "(no messages)"
        return f"pylint exit {self.returncode}:\n{lines}\n{self.stderr[-2000:]}"


@functools.cache
def checker_options_missing() -> str | None:
    """Why the plugin cannot be asked for a verdict yet, or None when it can."""
    done = subprocess.run(
        [str(REPO_PYTHON), "-m", "pylint", "--load-plugins=pylint_hubcompat", "--help"],
        capture_output=True, text=True, check=False, timeout=120, cwd=tempfile.gettempdir(),
    )
    if done.returncode != 0:
        return f"pylint cannot load pylint_hubcompat: {done.stderr.strip()[-300:]}"
    missing = [opt for opt in ("--tf-version", "--hub-version") if opt not in done.stdout]
    if missing:
        return f"the hubcompat checker has no {' / '.join(missing)} option yet"
    return None


def lint_sources(sources: dict[str, str], installed: Mapping[str, str]) -> dict[str, LintResult]:
    """Lint several snippets (name -> source) in one pylint run; results by name.

    Each file lives in a project of its own (the good example's fix must not
    count for the bad one), in a fresh temporary directory outside the
    repository, whose ``uv.lock`` holds exactly ``installed`` (distribution ->
    version, as ``envs.installed_versions`` gives them).
    """
    with tempfile.TemporaryDirectory(prefix="hubcompat-lint-") as tmp:
        files = {}
        for name, source in sources.items():
            project = Path(tmp) / name
            project.mkdir()
            (project / "pyproject.toml").write_text('[project]\nname = "witness"\nversion = "0"\n', encoding="utf-8")
            (project / "uv.lock").write_text(lock_text(installed), encoding="utf-8")
            path = project / f"{name.replace('-', '_')}.py"
            path.write_text(source, encoding="utf-8")
            files[name] = path
        done = subprocess.run(
            [str(REPO_PYTHON), *PYLINT_BASE, *map(str, files.values())],
            capture_output=True, text=True, check=False, timeout=300, cwd=tmp,
        )
        try:
            messages = json.loads(done.stdout)["messages"]
        except (ValueError, KeyError, TypeError):
            messages = None
    if messages is None or done.returncode & 32:  # 32: usage error
        raise RuntimeError(f"pylint failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    results = {}
    for name, path in files.items():
        mine = [m for m in messages if Path(m["absolutePath"]) == path]
        results[name] = LintResult(
            symbols=tuple(m["symbol"] for m in mine),
            messages=tuple(f"{m['line']}: {m['symbol']}: {m['message']}" for m in mine),
            returncode=done.returncode,
            stderr=done.stderr,
        )
    return results


def lock_text(installed: Mapping[str, str]) -> str:
    """A ``uv.lock`` that holds these releases and nothing else."""
    entries = (f'\n[[package]]\nname = "{name}"\nversion = "{v}"\n' for name, v in sorted(installed.items()))
    return "version = 1\n" + "".join(entries)

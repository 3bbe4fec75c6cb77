"""Lint a snippet with pylint and the pylint_hubcompat plugin.

Why here: a witness proves that code fails at run time; the linter verdict
proves the plugin says so *for the same code and the same versions*.  The
versions passed to the checker are the ones installed in the environment the
witness ran in, so a rule cannot drift from the TensorFlow it was proven on.
"""

from __future__ import annotations

import functools
import json
import subprocess
import tempfile
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


def lint_sources(
    sources: dict[str, str], tf_version: str, hub_version: str
) -> dict[str, LintResult]:
    """Lint several snippets (name -> source) in one pylint run; results by name.

    The files live in a fresh temporary directory outside the repository, so no
    project configuration is picked up: the versions come from the options only.
    """
    with tempfile.TemporaryDirectory(prefix="hubcompat-lint-") as tmp:
        files = {}
        for name, source in sources.items():
            path = Path(tmp) / f"{name.replace('-', '_')}.py"
            path.write_text(source, encoding="utf-8")
            files[name] = path
        done = subprocess.run(
            [str(REPO_PYTHON), *PYLINT_BASE, f"--tf-version={tf_version}",
             f"--hub-version={hub_version}", *map(str, files.values())],
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

"""Run a snippet of Python in one of the real TensorFlow environments.

Why: a rule's claim ("this raises ValueError on TF 2.21") is only proven by
running the code on that TensorFlow.  Each snippet runs in its own subprocess of
the environment's interpreter, so TF1 compat mode, ``TF_USE_LEGACY_KERAS`` and
other process-wide switches of one snippet cannot leak into the next, and a
hang is cut off by a timeout instead of stalling the suite.

The outcome is one of three: ``ok`` (the snippet finished), ``raised`` (an
exception escaped, with its type name and message) or ``timeout``.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from envs import REPO_ROOT, env_python, env_pythonpath
from substitute import Substitution, substitute_handles

OK, RAISED, TIMEOUT = "ok", "raised", "timeout"
DEFAULT_TIMEOUT = 180.0
WORK_ROOT = REPO_ROOT / ".cache" / "runtime" / "work"

# Executes the snippet as __main__ and writes what escaped to a JSON file: the
# type and message are read from there, never parsed out of TF's noisy stderr.
_RUNNER = r"""
import json, runpy, sys, traceback
snippet, result_path = sys.argv[1], sys.argv[2]
sys.argv = [snippet]
outcome = {"status": "ok"}
code = 0
try:
    runpy.run_path(snippet, run_name="__main__")
except SystemExit as exc:
    if exc.code not in (None, 0):
        outcome = {"status": "raised", "type": "SystemExit", "module": "builtins",
                   "message": str(exc.code)}
        code = 1
except BaseException as exc:
    traceback.print_exc()
    outcome = {"status": "raised", "type": type(exc).__name__,
               "module": type(exc).__module__, "message": str(exc)}
    code = 1
sys.stdout.flush(); sys.stderr.flush()
with open(result_path, "w", encoding="utf-8") as fh:
    json.dump(outcome, fh)
sys.exit(code)
"""


@dataclass
class RunResult:
    """What happened when a snippet ran."""

    status: str
    env: str
    exc_type: str | None = None
    exc_module: str | None = None
    message: str = ""
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0
    returncode: int | None = None
    substitutions: list[Substitution] = field(default_factory=list)

    @property
    def first_line(self) -> str:
        """First line of the exception message (what reports show)."""
        return self.message.strip().splitlines()[0] if self.message.strip() else ""

    def summary(self) -> str:
        """``ok`` / ``raised ValueError: ...`` / ``timeout after 180s``."""
        if self.status == RAISED:
            return f"raised {self.exc_type}: {self.first_line}"
        if self.status == TIMEOUT:
            return f"timeout after {self.seconds:.0f}s"
        return "ok"

    def describe(self) -> str:
        """Everything useful for a failed assertion."""
        subs = "".join(f"\n  {s.handle} -> {s.path} ({s.format})" for s in self.substitutions)
        return (
            f"[{self.env}] {self.summary()} ({self.seconds:.1f}s)"
            f"\nhandles substituted:{subs or ' none'}"
            f"\n--- stdout ---\n{self.stdout[-3000:]}"
            f"\n--- stderr ---\n{self.stderr[-6000:]}"
        )


def snippet_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The process environment of a snippet: quiet TF, no network, no inherited Keras switch."""
    env = dict(os.environ)
    for name in ("TF_USE_LEGACY_KERAS", "PYTHONPATH", "PYTHONSTARTUP", "VIRTUAL_ENV"):
        env.pop(name, None)
    env.update(
        TF_CPP_MIN_LOG_LEVEL="3",
        CUDA_VISIBLE_DEVICES="",
        PYTHONUNBUFFERED="1",
        PYTHONHASHSEED="0",
        TFHUB_CACHE_DIR=str(WORK_ROOT / "tfhub-cache"),
        # A handle that escaped substitution must fail at once, not download.
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        http_proxy="http://127.0.0.1:9",
        https_proxy="http://127.0.0.1:9",
        NO_PROXY="",
        no_proxy="",
    )
    env.update(extra or {})
    return env


def run_snippet(
    source: str,
    env: str,
    *,
    models: Mapping[str, Path | str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    extra_env: Mapping[str, str] | None = None,
) -> RunResult:
    """Run ``source`` in environment ``env`` ("legacy" or "current").

    With ``models`` (format -> local model path) the snippet's handle literals
    are first pointed at those models (see ``substitute.substitute_handles``).
    """
    substitutions: list[Substitution] = []
    if models:
        source, substitutions = substitute_handles(source, models)
    WORK_ROOT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=WORK_ROOT, prefix="snippet-") as tmp:
        snippet = Path(tmp) / "snippet.py"
        snippet.write_text(source, encoding="utf-8")
        result_path = Path(tmp) / "result.json"
        start = time.monotonic()
        try:
            done = subprocess.run(
                [str(env_python(env)), "-c", _RUNNER, str(snippet), str(result_path)],
                cwd=tmp,
                env=snippet_environment({**_pythonpath(env), **(extra_env or {})}),
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            return RunResult(
                TIMEOUT, env,
                stdout=_text(exc.stdout), stderr=_text(exc.stderr),
                seconds=time.monotonic() - start, substitutions=substitutions,
            )
        seconds = time.monotonic() - start
        try:
            outcome = json.loads(result_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # The interpreter died without reaching the runner's handler (a crash).
            outcome = {"status": "raised", "type": f"exit code {done.returncode}",
                       "module": None, "message": done.stderr.strip()[-500:]}
    return RunResult(
        outcome["status"], env,
        exc_type=outcome.get("type"), exc_module=outcome.get("module"),
        message=outcome.get("message", ""), stdout=done.stdout, stderr=done.stderr,
        seconds=seconds, returncode=done.returncode, substitutions=substitutions,
    )


def _pythonpath(env: str) -> dict[str, str]:
    front = env_pythonpath(env)
    return {"PYTHONPATH": front} if front else {}


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data

"""Run a snippet of Python in one of the real TensorFlow environments.

Why: a rule's claim ("this raises ValueError on TF 2.21") is only proven by
running the code on that TensorFlow.  Each snippet runs in its own subprocess of
the environment's interpreter, so TF1 compat mode, ``TF_USE_LEGACY_KERAS`` and
other process-wide switches of one snippet cannot leak into the next, and a
hang is cut off by a timeout instead of stalling the suite.

The outcome is one of three: ``ok`` (the snippet finished), ``raised`` (an
exception escaped, with its type name and message) or ``timeout``; a fourth,
``unavailable``, says that the snippet could not be run safely here (see below).

A snippet that starts a TensorFlow server (``tf.distribute.Server``, for the
parameter-server witnesses) runs in a network namespace of its own, whose only
interface is loopback: TensorFlow's gRPC server always listens on the wildcard
address, whatever host the cluster spec names, so this is what keeps its
servers on 127.0.0.1.  The servers live in the snippet's process and end with
it (a timeout kills it).  Where no namespace can be made (no ``unshare``, no
user namespaces) such a snippet is ``unavailable`` rather than run exposed.
Each snippet's temporary files (``tempfile``, an Estimator's default
``model_dir``) go to its own directory, removed after the run.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from envs import REPO_ROOT, env_python, env_pythonpath
from substitute import Substitution, substitute_addresses, substitute_handles

OK, RAISED, TIMEOUT, UNAVAILABLE = "ok", "raised", "timeout", "unavailable"
DEFAULT_TIMEOUT = 180.0
WORK_ROOT = REPO_ROOT / ".cache" / "runtime" / "work"

# Executes the snippet as __main__ and writes what escaped to a JSON file: the
# type and message are read from there, never parsed out of TF's noisy stderr.
_RUNNER = r"""
import json, runpy, sys, traceback
snippet, result_path = sys.argv[1], sys.argv[2]
if sys.argv[3:] == ["--loopback-up"]:  # in a new network namespace: bring its lo up
    import fcntl, socket, struct
    SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sH", b"lo", 0).ljust(40, b"\0")
        flags = struct.unpack_from("16sH", fcntl.ioctl(s, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | IFF_UP).ljust(40, b"\0"))
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
        if self.status == UNAVAILABLE:
            return f"not run: {self.message}"
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
        # ...but not a local cluster: TF 2.21's gRPC honours these variables too, and
        # its worker would wait forever for a ps behind the closed proxy port.
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
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
    private_network: bool | None = None,
) -> RunResult:
    """Run ``source`` in environment ``env`` (one of ``envs.ENV_NAMES``).

    With ``models`` (format -> local model path) the snippet's handle literals
    are first pointed at those models (see ``substitute.substitute_handles``);
    its loopback addresses always get free ports (``substitute_addresses``).
    ``private_network`` runs it in a network namespace with only loopback; by
    default, exactly when it starts a TensorFlow server (``starts_servers``).
    """
    substitutions: list[Substitution] = []
    if models:
        source, substitutions = substitute_handles(source, models)
    source, addresses = substitute_addresses(source)
    substitutions += addresses
    isolate = starts_servers(source) if private_network is None else private_network
    namespace: list[str] = []
    if isolate:
        prefix = private_network_prefix()
        if isinstance(prefix, str):
            return RunResult(UNAVAILABLE, env, message=prefix, substitutions=substitutions)
        namespace = [*prefix, "--"]
    WORK_ROOT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=WORK_ROOT, prefix="snippet-") as tmp:
        snippet = Path(tmp) / "snippet.py"
        snippet.write_text(source, encoding="utf-8")
        result_path = Path(tmp) / "result.json"
        command = [*namespace, str(env_python(env)), "-c", _RUNNER, str(snippet), str(result_path)]
        command += ["--loopback-up"] if isolate else []
        scratch = Path(tmp) / "tmp"
        scratch.mkdir()
        start = time.monotonic()
        try:
            done = subprocess.run(
                command,
                cwd=tmp,
                env=snippet_environment(
                    {**_pythonpath(env), "TMPDIR": str(scratch), **(extra_env or {})}
                ),
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


#: Calls that start a TensorFlow server (tf.distribute.Server, tf.train.Server...).
_SERVER_CALLS = frozenset({"Server", "create_local_server", "train_and_evaluate"})


def starts_servers(source: str) -> bool:
    """Whether the snippet calls something that starts a TensorFlow gRPC server."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in _SERVER_CALLS:
                return True
    return False


@functools.cache
def private_network_prefix() -> list[str] | str:
    """The command prefix that runs a program in a new network namespace, or why there is none.

    As root, ``unshare --net``; otherwise a user namespace too (``--map-root-user``),
    which needs unprivileged user namespaces.  ``unshare`` execs the program, so the
    snippet stays the process the harness waits for (and kills on timeout).
    """
    unshare = shutil.which("unshare")
    if unshare is None:
        return "no `unshare` command to give the local cluster a loopback-only network"
    candidates = [[unshare, "--net"]] if os.geteuid() == 0 else []
    candidates.append([unshare, "--user", "--map-root-user", "--net"])
    why = ""
    for prefix in candidates:
        try:
            probe = subprocess.run([*prefix, "--", "true"], capture_output=True, text=True,
                                   timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            why = str(exc)
            continue
        if probe.returncode == 0:
            return prefix
        why = probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() else f"exit {probe.returncode}"
    return f"cannot make a network namespace for the local cluster (`{' '.join(candidates[-1])}`: {why})"


def _pythonpath(env: str) -> dict[str, str]:
    front = env_pythonpath(env)
    return {"PYTHONPATH": front} if front else {}


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data

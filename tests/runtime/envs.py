"""Build the two real TensorFlow environments the runtime witnesses run in.

Why: every rule of pylint_hubcompat claims that some code fails (or silently
misbehaves) on a real TensorFlow / tensorflow_hub pair.  The claims are only
trustworthy if they are shown on the real releases, so the runtime tests run
each rule's examples in one of two virtual environments:

* ``legacy``  - TF 2.15.1 + hub 0.15.0: still has ``hub.Module``, the module
  creation API, ``tf.estimator`` and TF1 compat mode.
* ``current`` - TF 2.21.0 + hub 0.16.1 + tf-keras: Keras 3 is ``tf.keras`` and
  the TF1 API of hub is gone.

The environments live in the git-ignored ``.cache/runtime/envs/<name>``.  A
marker file is written only after a complete install, so an interrupted build
is thrown away and redone; a finished one is reused at once (idempotent).

Usage::

    python tests/runtime/envs.py                 # build both (in parallel)
    python tests/runtime/envs.py --only legacy   # build one
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# HUBCOMPAT_RUNTIME_ENVS moves them (e.g. to a CI cache); default: the git-ignored .cache/.
ENVS_ROOT = Path(os.environ.get("HUBCOMPAT_RUNTIME_ENVS") or REPO_ROOT / ".cache" / "runtime" / "envs")
MARKER_NAME = "hubcompat-env.json"
MARKER_FORMAT = 2

# Imported once after the install: proves the environment works and gives the
# versions TensorFlow and tensorflow_hub report about themselves.
_PROBE = (
    "import json, tensorflow as tf, tensorflow_hub as hub; "
    "print(json.dumps({'tensorflow': tf.__version__, 'tensorflow_hub': hub.__version__}))"
)

# Distributions whose versions the tests report (and pass to the linter).
REPORTED = ("tensorflow", "tensorflow-cpu", "tensorflow-hub", "tf-keras", "keras", "setuptools")


@dataclass(frozen=True)
class EnvSpec:
    """What one environment must contain."""

    name: str
    requirements: tuple[str, ...]
    purpose: str


ENV_SPECS: dict[str, EnvSpec] = {
    "legacy": EnvSpec(
        "legacy",
        ("tensorflow-cpu==2.15.1", "tensorflow-hub==0.15.0", "setuptools<82"),
        "hub.Module, the creation API, tf.estimator, TF1 compat mode",
    ),
    "current": EnvSpec(
        "current",
        (
            "tensorflow-cpu==2.21.0",
            "tensorflow-hub==0.16.1",
            "tf-keras==2.21.0",
            "setuptools<82",
        ),
        "Keras 3 as tf.keras, hub 0.16 without the TF1 API",
    ),
}


@dataclass(frozen=True)
class Overlay:
    """An environment made of another without installing: ``package`` of ``source`` in front.

    Why: some rules are about a *pairing* that no sane install resolves to, such
    as tensorflow_hub 0.15 on TensorFlow 2.16+.  tensorflow_hub is pure Python,
    so putting the legacy environment's copy first on ``PYTHONPATH`` of the
    current interpreter gives exactly that pairing, for free.
    """

    base: str
    source: str
    package: str
    purpose: str


OVERLAYS: dict[str, Overlay] = {
    "conflict": Overlay(
        "current", "legacy", "tensorflow_hub",
        "tensorflow_hub 0.15.0 (legacy) on TensorFlow 2.21.0 (current)",
    ),
}
ENV_NAMES = (*ENV_SPECS, *OVERLAYS)


def env_dir(name: str) -> Path:
    """Directory of the virtual environment ``name``."""
    return ENVS_ROOT / name


def env_python(name: str) -> Path:
    """The interpreter of environment ``name``."""
    if name in OVERLAYS:
        name = OVERLAYS[name].base
    return env_dir(name) / "bin" / "python"


def env_pythonpath(name: str) -> str | None:
    """What goes in front of ``sys.path`` in environment ``name`` (overlays only)."""
    overlay = OVERLAYS.get(name)
    if overlay is None:
        return None
    source = next(env_dir(overlay.source).glob(f"lib/python3*/site-packages/{overlay.package}"))
    front = ENVS_ROOT / f"{name}-overlay"
    link = front / overlay.package
    front.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() and link.resolve() != source.resolve():
        link.unlink()
    if not link.exists():
        link.symlink_to(source, target_is_directory=True)
    return str(front)


def marker_path(name: str) -> Path:
    """The file whose presence says the environment was completely installed."""
    return env_dir(name) / MARKER_NAME


def read_marker(name: str) -> dict | None:
    """The recorded install of ``name``, or None if it is missing, stale or half built."""
    try:
        data = json.loads(marker_path(name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("format") != MARKER_FORMAT:
        return None
    if data.get("requirements") != list(ENV_SPECS[name].requirements):
        return None
    if not env_python(name).exists():
        return None
    return data


def is_built(name: str) -> bool:
    """True when environment ``name`` is complete and matches its spec."""
    if name in OVERLAYS:
        return is_built(OVERLAYS[name].base) and is_built(OVERLAYS[name].source)
    return read_marker(name) is not None


def installed_versions(name: str) -> dict[str, str]:
    """Versions of the reported distributions in ``name`` (normalised lower-case names)."""
    data = read_marker(name)
    return dict(data["versions"]) if data else {}


def runtime_versions(name: str) -> dict[str, str]:
    """``{"tensorflow": tf.__version__, "tensorflow_hub": hub.__version__}`` of ``name``."""
    if name in OVERLAYS:
        base, source = (runtime_versions(OVERLAYS[name].base), runtime_versions(OVERLAYS[name].source))
        return {**base, "tensorflow_hub": source.get("tensorflow_hub", "")} if base and source else {}
    data = read_marker(name)
    return dict(data["runtime"]) if data else {}


def _run(cmd: list[str], log) -> None:
    log.write("$ " + " ".join(cmd) + "\n")
    log.flush()
    subprocess.run(cmd, check=True, stdout=log, stderr=subprocess.STDOUT)


def _freeze(python: Path) -> dict[str, str]:
    out = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    versions = {}
    for item in json.loads(out):
        key = item["name"].lower().replace("_", "-")
        if key in REPORTED:
            versions[key] = item["version"]
    return versions


def _probe(python: Path) -> dict[str, str]:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    env.pop("TF_USE_LEGACY_KERAS", None)
    out = subprocess.run(
        [str(python), "-c", _PROBE], check=True, capture_output=True, text=True, env=env
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def build(name: str, force: bool = False) -> float:
    """Create environment ``name`` unless it is already complete; return seconds spent."""
    spec = ENV_SPECS[name]
    if is_built(name) and not force:
        return 0.0
    start = time.monotonic()
    target = env_dir(name)
    if target.exists():
        shutil.rmtree(target)  # half built or stale: start clean
    target.parent.mkdir(parents=True, exist_ok=True)
    log_path = target.parent / f"{name}.log"
    with log_path.open("w", encoding="utf-8") as log:
        _run([sys.executable, "-m", "venv", str(target)], log)
        python = env_python(name)
        pip = [str(python), "-m", "pip", "install", "-q", "--progress-bar", "off",
               "--disable-pip-version-check"]
        _run(pip + list(spec.requirements), log)
    seconds = time.monotonic() - start
    _write_marker(name, spec, seconds)
    return seconds


def _write_marker(name: str, spec: EnvSpec, seconds: float) -> None:
    """Record the install; written last, so its presence means "complete"."""
    python = env_python(name)
    marker = {
        "format": MARKER_FORMAT,
        "name": name,
        "requirements": list(spec.requirements),
        "versions": _freeze(python),
        "runtime": _probe(python),
        "python": sys.version.split()[0],
        "install_seconds": round(seconds, 1),
    }
    tmp = marker_path(name).with_suffix(".tmp")
    tmp.write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    tmp.replace(marker_path(name))


def main(argv: list[str] | None = None) -> int:
    """Command line entry point: build the requested environments."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--only", choices=sorted(ENV_SPECS), help="build just this environment")
    parser.add_argument("--force", action="store_true", help="rebuild even if complete")
    parser.add_argument("--serial", action="store_true", help="build one after the other")
    args = parser.parse_args(argv)
    names = [args.only] if args.only else list(ENV_SPECS)

    def one(name: str) -> tuple[str, float | BaseException]:
        try:
            return name, build(name, force=args.force)
        except (subprocess.CalledProcessError, OSError) as exc:
            return name, exc

    workers = 1 if args.serial else len(names)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(one, names))
    status = 0
    for name, outcome in results:
        if isinstance(outcome, BaseException):
            status = 1
            print(f"{name}: FAILED ({outcome}); log: {ENVS_ROOT / (name + '.log')}")
        else:
            done = "already built" if outcome == 0.0 else f"built in {outcome:.0f}s"
            versions = ", ".join(f"{k}=={v}" for k, v in sorted(installed_versions(name).items()))
            print(f"{name}: {done} ({versions})")
    return status


if __name__ == "__main__":
    sys.exit(main())

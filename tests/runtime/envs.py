"""Build the real TensorFlow environments the runtime witnesses run in.

Why: every rule of pylint_hubcompat claims that some code fails (or silently
misbehaves) on a real TensorFlow / tensorflow_hub pair.  The claims are only
trustworthy if they are shown on the real releases, so the runtime tests run
each rule's examples in real virtual environments.  Two are installed from
PyPI (the *base* environments, ~2 GB each):

* ``legacy``  - TF 2.15.1 + hub 0.15.0 + tensorflow-text 2.15: still has
  ``hub.Module``, the module creation API, ``tf.estimator`` and TF1 compat mode.
* ``current`` - TF 2.21.0 + hub 0.16.1 + tf-keras + tensorflow-text 2.21:
  Keras 3 is ``tf.keras`` and the TF1 API of hub is gone.

The others are made from those in seconds:

* ``conflict`` is an *overlay*: ``current``'s interpreter with the legacy
  tensorflow_hub 0.15.0 first on ``PYTHONPATH``.  Enough because it only adds a
  pure-Python package in front; nothing is hidden.
* The ``DERIVED`` environments (``setuptools-82``, ``text-skew``, ``hub-0.8``...)
  swap or remove a few distributions of a base.  An overlay cannot remove
  anything (``pkg_resources``, ``tf_keras`` stay importable behind it, and
  ``importlib.metadata`` / ``pip list`` keep the base's versions), so each is a
  real venv: a *hard-linked copy* of the base directory (new directories, every
  file a second link to the base's inode; no data copied), in which
  ``python -m pip`` uninstalls and installs for real.  That is faithful -
  ``import``, ``importlib.metadata`` and ``pip list`` all see exactly the
  swapped distributions - and cheap: seconds and a few MB.  It is safe because
  pip never writes through an existing file: an uninstall moves the files away
  and deletes them, an install unlinks an existing file before writing the new
  one, and Python writes ``.pyc`` files atomically (a new file renamed in).  So
  the base keeps its own links untouched; the build checks this (every file of
  the base has the same inode, size and mtime afterwards) and fails otherwise.
  Absolute paths of the base in ``bin/`` scripts and ``pyvenv.cfg`` are
  rewritten in the copy (as new files, never through the shared links).
  Swapped distributions are installed ``--no-deps`` unless a spec says
  otherwise, so nothing but the named distributions moves (the marker records
  the difference to the base, ``changed``).

The environments live in the git-ignored ``.cache/runtime/envs/<name>``.  A
marker file is written only after a complete install, so an interrupted build
is thrown away and redone; a finished one is reused at once (idempotent).  A
derived environment is rebuilt when its recipe or its base's spec changes.

Usage::

    python tests/runtime/envs.py                 # build all (bases in parallel, then the derived)
    python tests/runtime/envs.py --only legacy   # build one (a derived one builds its base first)
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
# Where importing tensorflow_hub is the very failure an environment exists for,
# the same two versions come from the installed distributions' metadata.
_METADATA_PROBE = (
    "import json\n"
    "from importlib import metadata\n"
    "def version(*names):\n"
    "    for name in names:\n"
    "        try:\n"
    "            return metadata.version(name)\n"
    "        except metadata.PackageNotFoundError:\n"
    "            pass\n"
    "    return ''\n"
    "print(json.dumps({'tensorflow': version('tensorflow', 'tensorflow-cpu'),"
    " 'tensorflow_hub': version('tensorflow-hub')}))\n"
)

# Distributions whose versions the tests report (and pass to the linter).
REPORTED = ("tensorflow", "tensorflow-cpu", "tensorflow-hub", "tf-keras", "keras", "tensorflow-text",
            "setuptools")


@dataclass(frozen=True)
class EnvSpec:
    """What one environment must contain."""

    name: str
    requirements: tuple[str, ...]
    purpose: str


ENV_SPECS: dict[str, EnvSpec] = {
    "legacy": EnvSpec(
        "legacy",
        ("tensorflow-cpu==2.15.1", "tensorflow-hub==0.15.0", "tensorflow-text==2.15.*", "setuptools<82"),
        "hub.Module, the creation API, tf.estimator, TF1 compat mode",
    ),
    "current": EnvSpec(
        "current",
        (
            "tensorflow-cpu==2.21.0",
            "tensorflow-hub==0.16.1",
            "tf-keras==2.21.0",
            "tensorflow-text==2.21.*",
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


@dataclass(frozen=True)
class Derived:
    """An environment that is a base one with a few distributions swapped or removed.

    Built as a hard-linked copy of ``base`` in which pip really uninstalls
    ``uninstall`` and installs ``install`` (see the module docstring for why that
    is faithful and leaves the base intact).  ``with_deps`` lets pip add what
    ``install`` needs (it never upgrades what is already there unless it must;
    ``changed`` in the marker shows the result).  ``probe`` says how the marker
    learns the TensorFlow / tensorflow_hub versions: ``"import"`` where
    ``import tensorflow_hub`` works, ``"metadata"`` where that import is the
    failure the environment exists to show.
    """

    base: str
    purpose: str
    install: tuple[str, ...] = ()
    uninstall: tuple[str, ...] = ()
    with_deps: bool = False
    probe: str = "metadata"

    def recipe(self) -> list[str]:
        """The base's requirements and the pip steps: the marker's ``requirements``."""
        steps = [f"pip uninstall {name}" for name in self.uninstall]
        if self.install:
            steps.append("pip install " + ("" if self.with_deps else "--no-deps ") + " ".join(self.install))
        return [*ENV_SPECS[self.base].requirements, *steps]


DERIVED: dict[str, Derived] = {
    "setuptools-82": Derived(
        "current", "TF 2.21.0 + hub 0.16.1 with setuptools>=82: no pkg_resources at all",
        install=("setuptools>=82",),
    ),
    "text-skew": Derived(
        "current", "TF 2.21.0 with tensorflow-text 2.15.0 (built for TF 2.15)",
        install=("tensorflow-text==2.15.0",), probe="import",
    ),
    "text-skew-legacy": Derived(
        "legacy", "TF 2.15.1 with tensorflow-text 2.21.x (built for TF 2.21)",
        install=("tensorflow-text==2.21.*",), probe="import",
    ),
    "tf-keras-skew": Derived(
        "current", "TF 2.21.0 with tf-keras 2.15.1 instead of 2.21",
        install=("tf-keras==2.15.1",),
    ),
    "keras3-legacy": Derived(
        "legacy", "TF 2.15.1 with Keras 3 (newest 3.x) instead of keras 2.15",
        install=("keras>=3,<4",), with_deps=True,
    ),
    "hub-0.16.0": Derived(
        "current", "TF 2.21.0 with tensorflow-hub 0.16.0 and no tf-keras",
        install=("tensorflow-hub==0.16.0",), uninstall=("tf-keras",),
    ),
    "hub-0.16.0-legacy": Derived(
        "legacy", "TF 2.15.1 with tensorflow-hub 0.16.0",
        install=("tensorflow-hub==0.16.0",), probe="import",
    ),
    "hub-0.12": Derived(
        "current", "TF 2.21.0 with tensorflow-hub 0.12.0",
        install=("tensorflow-hub==0.12.0",),
    ),
    "hub-0.8": Derived(
        "legacy", "TF 2.15.1 with tensorflow-hub 0.8.0",
        install=("tensorflow-hub==0.8.0",),
    ),
}
ENV_NAMES = (*ENV_SPECS, *OVERLAYS, *DERIVED)


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


def _requirements(name: str) -> list[str]:
    """What a complete marker of ``name`` must record as its ``requirements``."""
    if name in DERIVED:
        return DERIVED[name].recipe()
    return list(ENV_SPECS[name].requirements)


def read_marker(name: str) -> dict | None:
    """The recorded install of ``name``, or None if it is missing, stale or half built."""
    try:
        data = json.loads(marker_path(name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("format") != MARKER_FORMAT:
        return None
    if data.get("requirements") != _requirements(name):
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
    if name in OVERLAYS:
        base, source = installed_versions(OVERLAYS[name].base), installed_versions(OVERLAYS[name].source)
        return {**base, "tensorflow-hub": source["tensorflow-hub"]} if base and source else {}
    data = read_marker(name)
    return dict(data["versions"]) if data else {}


def runtime_versions(name: str) -> dict[str, str]:
    """``{"tensorflow": tf.__version__, "tensorflow_hub": hub.__version__}`` of ``name``.

    In a derived environment whose ``probe`` is ``"metadata"`` (importing
    tensorflow_hub fails there) these are the installed distributions' versions.
    """
    if name in OVERLAYS:
        base, source = (runtime_versions(OVERLAYS[name].base), runtime_versions(OVERLAYS[name].source))
        return {**base, "tensorflow_hub": source.get("tensorflow_hub", "")} if base and source else {}
    data = read_marker(name)
    return dict(data["runtime"]) if data else {}


def _run(cmd: list[str], log) -> None:
    log.write("$ " + " ".join(cmd) + "\n")
    log.flush()
    subprocess.run(cmd, check=True, stdout=log, stderr=subprocess.STDOUT)


def _pip_list(python: Path) -> dict[str, str]:
    """Every installed distribution -> version (normalised lower-case names)."""
    out = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {item["name"].lower().replace("_", "-"): item["version"] for item in json.loads(out)}


def _freeze(python: Path) -> dict[str, str]:
    return {key: value for key, value in _pip_list(python).items() if key in REPORTED}


def _probe(python: Path, code: str = _PROBE) -> dict[str, str]:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    env.pop("TF_USE_LEGACY_KERAS", None)
    env.pop("PYTHONPATH", None)
    out = subprocess.run(
        [str(python), "-c", code], check=True, capture_output=True, text=True, env=env
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def build(name: str, force: bool = False) -> float:
    """Create environment ``name`` unless it is already complete; return seconds spent."""
    if name in DERIVED:
        return build_derived(name, force=force)
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
        _run(_pip_install(python) + list(spec.requirements), log)
    seconds = time.monotonic() - start
    _write_marker(name, {"requirements": list(spec.requirements), "versions": _freeze(python),
                         "runtime": _probe(python)}, seconds)
    return seconds


def _pip_install(python: Path) -> list[str]:
    return [str(python), "-m", "pip", "install", "-q", "--progress-bar", "off", "--disable-pip-version-check"]


def build_derived(name: str, force: bool = False) -> float:
    """Make derived environment ``name`` from its base (built first if need be)."""
    spec = DERIVED[name]
    if is_built(name) and not force:
        return 0.0
    build(spec.base)
    start = time.monotonic()
    base, target = env_dir(spec.base), env_dir(name)
    if target.exists():
        shutil.rmtree(target)  # half built or stale: start clean (unlinks only this copy's links)
    before = _inode_snapshot(base)
    with (ENVS_ROOT / f"{name}.log").open("w", encoding="utf-8") as log:
        log.write(f"hard-linked copy of {base}\n")
        _link_copy(base, target)
        python = env_python(name)
        if spec.uninstall:
            _run([str(python), "-m", "pip", "uninstall", "-y", "-q", *spec.uninstall], log)
        if spec.install:
            _run(_pip_install(python) + ([] if spec.with_deps else ["--no-deps"]) + list(spec.install), log)
    touched = _changed_files(base, before)
    if touched:
        raise RuntimeError(f"building {name} changed files of the base {spec.base}: {touched[:5]}")
    changed = _differences(_pip_list(env_python(spec.base)), _pip_list(python))
    probe = _PROBE if spec.probe == "import" else _METADATA_PROBE
    _write_marker(name, {
        "base": spec.base, "requirements": spec.recipe(), "versions": _freeze(python),
        "changed": changed, "runtime": _probe(python, probe), "runtime_from": spec.probe,
    }, time.monotonic() - start)
    return time.monotonic() - start


def _link_copy(base: Path, target: Path) -> None:
    """``target`` as a copy of venv ``base`` whose files are hard links (copies where links fail)."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(base, target, symlinks=True, copy_function=link,
                    ignore=lambda folder, names: [MARKER_NAME] if Path(folder) == base else [])
    _repoint_paths(base, target)


def _repoint_paths(base: Path, target: Path) -> None:
    """Rewrite ``base``'s absolute path to ``target`` in the copy's scripts and ``pyvenv.cfg``.

    Each file is written anew and renamed over the link, so the base's file
    (the same inode until then) is never touched.  Without this, ``bin/pip`` of
    the copy would run the base's interpreter and install into the base.
    """
    old, new = str(base).encode(), str(target).encode()
    candidates = [target / "pyvenv.cfg", *(p for p in (target / "bin").iterdir())]
    for path in candidates:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > 1_000_000:
            continue
        data = path.read_bytes()
        if old not in data:
            continue
        tmp = path.with_name(path.name + ".hubcompat-tmp")
        tmp.write_bytes(data.replace(old, new))
        shutil.copymode(path, tmp)
        tmp.replace(path)


def _inode_snapshot(root: Path) -> dict[str, tuple[int, int, int]]:
    """Relative path -> (inode, size, mtime) of every file under ``root`` but bytecode caches."""
    snapshot = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for file in files:
            path = os.path.join(folder, file)
            info = os.lstat(path)
            snapshot[os.path.relpath(path, root)] = (info.st_ino, info.st_size, info.st_mtime_ns)
    return snapshot


def _changed_files(root: Path, before: dict[str, tuple[int, int, int]]) -> list[str]:
    """Files of ``before`` that are gone from ``root`` or were rewritten since."""
    changed = []
    for relative, stamp in before.items():
        try:
            info = os.lstat(root / relative)
        except OSError:
            changed.append(relative)
            continue
        if (info.st_ino, info.st_size, info.st_mtime_ns) != stamp:
            changed.append(relative)
    return changed


def _differences(base: dict[str, str], derived: dict[str, str]) -> dict[str, list[str | None]]:
    """Distribution -> [version in base, version in derived] wherever they differ (None: absent)."""
    return {
        name: [base.get(name), derived.get(name)]
        for name in sorted(set(base) | set(derived))
        if base.get(name) != derived.get(name)
    }


def _write_marker(name: str, fields: dict, seconds: float) -> None:
    """Record the install; written last, so its presence means "complete"."""
    marker = {
        "format": MARKER_FORMAT,
        "name": name,
        **fields,
        "python": sys.version.split()[0],
        "install_seconds": round(seconds, 1),
    }
    tmp = marker_path(name).with_suffix(".tmp")
    tmp.write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    tmp.replace(marker_path(name))


def _build_all(names: list[str], force: bool, workers: int) -> list[tuple[str, float | BaseException]]:
    """Build ``names``: the base environments first (in parallel), then the derived ones."""

    def one(name: str) -> tuple[str, float | BaseException]:
        try:
            return name, build(name, force=force)
        except (subprocess.CalledProcessError, OSError, RuntimeError) as exc:
            return name, exc

    wanted_bases = {DERIVED[n].base for n in names if n in DERIVED} | set(names)
    bases = [n for n in ENV_SPECS if n in wanted_bases]
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(bases)))) as pool:
        base_results = dict(pool.map(one, bases))
    results = [(n, base_results[n]) for n in names if n in ENV_SPECS]
    derived = [n for n in names if n in DERIVED]
    ready = [n for n in derived if not isinstance(base_results[DERIVED[n].base], BaseException)]
    results += [(n, RuntimeError(f"its base {DERIVED[n].base} failed")) for n in derived if n not in ready]
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results += list(pool.map(one, ready))
    return results


def main(argv: list[str] | None = None) -> int:
    """Command line entry point: build the requested environments."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--only", choices=sorted((*ENV_SPECS, *DERIVED)), help="build just this environment")
    parser.add_argument("--force", action="store_true", help="rebuild even if complete")
    parser.add_argument("--serial", action="store_true", help="build one after the other")
    args = parser.parse_args(argv)
    names = [args.only] if args.only else [*ENV_SPECS, *DERIVED]
    results = _build_all(names, args.force, 1 if args.serial else len(ENV_SPECS))
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

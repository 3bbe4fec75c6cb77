"""The real-code corpus: pinned PyPI archives, downloaded and unpacked into ``.cache/corpus`` (git-ignored).

Each archive is unpacked into a directory of its own, ``.cache/corpus/src/<name>-<version>/``,
which is made its own project root: an sdist keeps its real ``setup.py`` /
``pyproject.toml``; a wheel has none, so its own ``METADATA`` (``Requires-Dist``
without extras) is written as the ``[project] dependencies`` of a ``pyproject.toml``
there.  That is the package's real declared configuration, so target detection and
the project scan stop at the package and never walk up into this repository.

Nothing here is ever committed: only this list of pins is.
"""

from __future__ import annotations

import email.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / ".cache" / "corpus"
ARCHIVES = CACHE / "archives"
SOURCES = CACHE / "src"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    #: Extra ``pip download`` arguments when no archive fits this Python (wheels of old CPythons).
    pip_extra: tuple[str, ...] = ()

    @property
    def pin(self) -> str:
        return f"{self.name}=={self.version}"

    @property
    def key(self) -> str:
        return f"{self.name}-{self.version}"

    @property
    def directory(self) -> Path:
        return SOURCES / self.key


_OLD_CPYTHON_WHEEL = ("--only-binary=:all:", "--python-version=3.9", "--platform=manylinux2014_x86_64")

#: The pinned corpus, smallest first.  ``tensorflow-hub`` is the library's own sources.
PACKAGES = (
    Package("tensorflow-hub", "0.16.1"),
    Package("bert-tensorflow", "1.0.4"),
    Package("tflite-model-maker", "0.4.3"),
    Package("dopamine-rl", "4.1.2"),
    Package("rasa", "1.5.3"),
    Package("deeppavlov", "0.17.6"),
    Package("lingvo", "0.12.7", _OLD_CPYTHON_WHEEL),
    Package("tensor2tensor", "1.15.7"),
    Package("tfx", "1.21.0"),
    Package("tf-models-official", "2.20.0"),
)
BY_NAME = {p.name: p for p in PACKAGES}
#: The primer lints these too (not the benchmark, whose totals stay comparable): packages whose
#: tensorflow_hub code sits where plain ``pylint --recursive=y`` never looks, a package inside
#: a folder without ``__init__.py`` (``.../third_party/efficientdet/keras/train_lib.py``); and
#: hub code in folders without ``__init__.py`` that plain pylint does walk: tf2onnx's sdist (its
#: wheel has neither) in script folders (``examples/end2end_tfhub.py``, ``tests/tfhub/*.py``),
#: and perch-hoplite, a namespace package with no ``__init__.py`` at all (``perch_hoplite/zoo/
#: models_tf.py``) that also ships notebooks (``perch_hoplite/agile/*.ipynb``).
PRIMER_PACKAGES = (
    *PACKAGES,
    Package("tflite-model-maker-nightly", "0.4.4.dev202402230613"),
    Package("tf2onnx", "1.17.0", ("--no-binary=:all:",)),
    Package("perch-hoplite", "0.1.0"),
)


def select(names: list[str] | None, packages: tuple[Package, ...] = PACKAGES) -> list[Package]:
    """The packages named (a name is its first pin in ``packages``, ``name==version`` one pin); all if none."""
    if not names:
        return list(packages)
    known = {p.pin: p for p in packages}
    for package in reversed(packages):
        known[package.name] = package
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"unknown package(s): {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[n] for n in names]


def _archive(package: Package) -> Path | None:
    stem = package.name.replace("-", "_").lower()
    for path in sorted(ARCHIVES.glob("*")):
        lower = path.name.lower()
        if lower.startswith((f"{stem}-{package.version}", f"{package.name.lower()}-{package.version}")):
            return path
    return None


def fetch(package: Package, *, quiet: bool = True) -> Path:
    """The unpacked source directory of ``package``, downloading it first if needed."""
    done = package.directory / ".unpacked"
    if done.exists():
        return package.directory
    ARCHIVES.mkdir(parents=True, exist_ok=True)
    archive = _archive(package)
    if archive is None:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
                   "-d", str(ARCHIVES), *package.pip_extra, package.pin]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL if quiet else None)
        archive = _archive(package)
        if archive is None:
            raise SystemExit(f"pip downloaded nothing usable for {package.pin}")
    if package.directory.exists():
        shutil.rmtree(package.directory)
    package.directory.mkdir(parents=True)
    _unpack(archive, package.directory)
    _make_project_root(package.directory)
    done.write_text(archive.name + "\n")
    return package.directory


def _unpack(archive: Path, into: Path) -> None:
    if archive.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(into)
        return
    with tarfile.open(archive) as tarred:
        tarred.extractall(into, filter="data")
    # an sdist holds one top directory ``name-version/``: lift its content up
    entries = [e for e in into.iterdir()]
    if len(entries) == 1 and entries[0].is_dir():
        top = entries[0]
        for child in top.iterdir():
            child.rename(into / child.name)
        top.rmdir()


def _make_project_root(directory: Path) -> None:
    if any((directory / n).exists() for n in ("pyproject.toml", "setup.py", "setup.cfg")):
        return  # an sdist: its own configuration
    metadata = next(directory.glob("*.dist-info/METADATA"), None)
    name, requirements = directory.name, []
    if metadata is not None:
        message = email.parser.Parser().parsestr(metadata.read_text(encoding="utf-8", errors="replace"))
        name = message.get("Name", name)
        requirements = [r for r in message.get_all("Requires-Dist", []) if "extra ==" not in r and "extra==" not in r]
    lines = ["# Written by benchmarks/corpus.py from the wheel's own METADATA (Requires-Dist without extras).",
             "[project]", f"name = {json.dumps(name)}", "dependencies = ["]
    lines += [f"    {json.dumps(r)}," for r in requirements]
    lines += ["]", ""]
    (directory / "pyproject.toml").write_text("\n".join(lines), encoding="utf-8")


def python_files(directory: Path) -> list[Path]:
    found = []
    for folder, subdirs, files in os.walk(directory):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(".") and not d.endswith((".dist-info", ".egg-info")))
        found += [Path(folder) / f for f in sorted(files) if f.endswith(".py")]
    return found


def lint_targets(directory: Path) -> list[Path]:
    """What to hand pylint for one package: its top-level packages and modules (not setup.py)."""
    targets = []
    for entry in sorted(directory.iterdir()):
        if entry.name.startswith(".") or entry.name.endswith((".dist-info", ".egg-info", ".data")):
            continue
        if entry.is_dir() and any(entry.rglob("*.py")):
            targets.append(entry)
        elif entry.suffix == ".py" and entry.name != "setup.py":
            targets.append(entry)
    return targets


def pylint_files(directory: Path, targets: list[str]) -> set[str]:
    """The files plain ``pylint --recursive=y TARGETS`` lints from ``directory``, relative and normalised.

    pylint's own expansion with its default ignore options, run without parsing
    anything: its directory walk (which does not enter a folder without
    ``__init__.py`` inside a package), then its module expansion, less what it
    ignores and what it would not analyse.
    """
    # pylint: disable=import-outside-toplevel,protected-access  # pylint only where the benchmark asks
    from pylint.lint import PyLinter
    from pylint.lint.expand_modules import discover_package_path, expand_modules
    from pylint.lint.utils import augmented_sys_path

    linter = PyLinter()
    previous = os.getcwd()
    os.chdir(directory)
    try:
        discovered = list(linter._discover_files(targets))
        roots = list(dict.fromkeys(discover_package_path(f, linter.config.source_roots) for f in discovered))
        with augmented_sys_path(roots):
            expanded, _ = expand_modules(discovered, linter.config.source_roots, linter.config.ignore,
                                         linter.config.ignore_patterns, linter.config.ignore_paths)
    finally:
        os.chdir(previous)
    return {
        os.path.normpath(d["path"]) for d in expanded.values()
        if not d.get("isignored", False) and linter.should_analyze_file(d["name"], d["path"], is_argument=d["isarg"])
    }


#: What ``hubcompat check`` lints in a directory.
LINTED_SUFFIXES = (".py", ".pyi", ".ipynb")


def lintable_files(paths: list[Path]) -> list[Path]:
    """Every ``.py``, ``.pyi`` and ``.ipynb`` under ``paths``, as ``find`` lists them (no directory link followed)."""
    found = []
    for path in paths:
        if path.is_file():
            found += [path] if path.name.endswith(LINTED_SUFFIXES) else []
            continue
        for folder, _, files in os.walk(path):
            found += [Path(folder) / f for f in sorted(files) if f.endswith(LINTED_SUFFIXES)]
    return found


def checked_files(summary: str) -> int | None:
    """How many files ``hubcompat check`` says it checked, from its summary line; None if it says nothing."""
    match = re.match(r"^hubcompat: (?:\d+ files? found, )?(\d+)(?: files?)? checked", summary)
    return int(match.group(1)) if match else None


def size(directory: Path) -> tuple[int, int]:
    """(files, lines) of the Python files of a package."""
    files = python_files(directory)
    lines = 0
    for path in files:
        with open(path, "rb") as stream:
            lines += sum(1 for _ in stream)
    return len(files), lines


if __name__ == "__main__":
    for pkg in select(sys.argv[1:] or None):
        where = fetch(pkg, quiet=False)
        print(pkg.pin, where, *size(where))

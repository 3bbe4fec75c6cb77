"""Maintainer command: take the dated dependency snapshot that the linter reads offline.

``python -m pylint_hubcompat.target.snapshot_build`` writes ``data/dependencies.json``
(per release of each distribution of :data:`DISTRIBUTIONS`: its Requires-Python, the
Python minors and coarse platforms it has wheels for, and its Requires-Dist edges to
the other distributions of the set) and the release lists of ``data/releases.toml``.
The linter never imports this module: it only reads the two files.

Why it is built the way it is:

* The releases and their files come from PyPI's simple index in its JSON form
  (PEP 691), which is what pip reads: every file name is there, so the wheel tags
  say which Pythons and platforms a release can be installed on, and each file says
  whether it is yanked.
* The metadata of each release is read by pip itself (``pip install --dry-run
  --report``), with the target Python, ABI and platform of one of the release's
  wheels, so that a release with no wheel for the running Python (TensorFlow 1.15
  is ``cp37`` at most, ``tensorflow-macos`` is macOS only) is still read from its
  wheel.  The index on this machine serves no PEP 658 metadata files, so pip must
  take the metadata out of the wheel: from pip 25.3 on, ``--use-feature=fast-deps``
  reads it with HTTP range requests and a dry run downloads nothing else.  An older
  pip downloads every wheel (hundreds of MB for each TensorFlow release), so the
  command then runs a pip of its own from a scratch virtual environment.
* pip runs with no configuration but its network settings: this machine's
  ``find-links``, extra indexes and constraints must not answer for PyPI.
* Versions, tags and requirements are read with ``packaging`` only, the library pip
  uses for the same job.
* One wheel is read per release, the Linux x86-64 one when there is no pure-Python
  wheel: the platform wheels of TensorFlow 2.10 and later declare different
  requirements (see :func:`representative_wheel`), and the snapshot keeps the full
  build's.

A release whose metadata pip cannot read (an sdist that no longer builds, such as
the ``tensorflow-gpu`` 2.12 stub that fails on purpose, or setuptools 0.7-4.0)
keeps what the index says (Requires-Python, Pythons, platforms), with
``"requires": null`` and a ``note``.  ``--only NAME...`` refreshes some
distributions and keeps the others' records.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from packaging import tags
from packaging.markers import Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

from pylint_hubcompat.files.locations import data_file
from pylint_hubcompat.files.toml import tomllib
from pylint_hubcompat.target import snapshot
from pylint_hubcompat.target.distributions import DISTRIBUTIONS as TRACKED
from pylint_hubcompat.target.snapshot import MASKS_FILE

COMMAND = ".venv/bin/python -m pylint_hubcompat.target.snapshot_build"
INDEX_URL = "https://pypi.org/simple/"
INDEX_ACCEPT = "application/vnd.pypi.simple.v1+json"
SNAPSHOT_FILE = "dependencies.json"
RELEASES_FILE = "releases.toml"

#: The distributions whose releases can or cannot be installed together.
DISTRIBUTIONS = (
    "tensorflow",
    # The builds of TensorFlow a project may depend on instead: their wheels and requirements differ.
    "tensorflow-cpu",
    "tensorflow-gpu",
    "tensorflow-macos",
    "tensorflow-intel",
    "tensorflow-aarch64",
    *TRACKED[1:],
)

#: The distributions ``releases.toml`` lists, in its order, each with the comment above its list.
RELEASE_LISTS: Mapping[str, str] = {
    "tensorflow": "",
    "tensorflow-hub": "",
    "tf-keras": "",
    "keras": "Keras 3 is keras >= 3.0.0",
    "tensorflow-text": "tensorflow-text X.Y requires tensorflow X.Y",
    "tf-models-official": "",
    "setuptools": "setuptools >= 82 has no pkg_resources, which tensorflow_hub imports",
}

#: The coarse platforms, in the order of the snapshot's top-level list.
PLATFORMS = ("linux-x86_64", "linux-aarch64", "macos-x86_64", "macos-arm64", "windows-x86_64")
#: What a pure-Python wheel, or a release with only an sdist, is installable on.
ANY = "any"

#: Pythons a ``py3`` or ``py2.py3`` wheel may stand for, besides any minor a ``cpXY`` tag names.
BASE_PYTHONS = ("2.7", *(f"3.{minor}" for minor in range(3, 15)))
#: Minors a ``cpXY`` tag is looked for (a tag names a minor only if it equals the tag packaging builds for it).
_CANDIDATE_PYTHONS = (*(f"2.{minor}" for minor in range(8)), *(f"3.{minor}" for minor in range(40)))
#: Requires-Python admits a minor if it admits one of these patch releases of it.
_PATCHES = range(30)
#: A macOS newer than any wheel's tag: packaging lists every platform tag such a Mac installs.
_NEWEST_MACOS = (99, 0)

#: Variables pip honours that say where to look or what to accept; the rest (network settings) stay.
_KEPT_PIP_VARIABLES = frozenset(
    {
        "PIP_CACHE_DIR",
        "PIP_CERT",
        "PIP_CLIENT_CERT",
        "PIP_DEFAULT_TIMEOUT",
        "PIP_PROXY",
        "PIP_RETRIES",
        "PIP_TIMEOUT",
        "PIP_TRUSTED_HOST",
    }
)
#: The first pip whose ``--dry-run --use-feature=fast-deps`` reads a wheel's metadata without downloading it.
METADATA_ONLY_PIP = Version("25.3")


# -- the index: releases, their files and tags ----------------------------------------------------


@dataclass(frozen=True)
class Wheel:
    filename: str
    tags: frozenset[tags.Tag]
    requires_python: str | None


@dataclass
class IndexRelease:
    """One final release as the index shows it: its files that are not yanked."""

    version: Version
    wheels: list[Wheel] = field(default_factory=list)
    #: The Requires-Python of each sdist (``None`` when the index gives none).
    sdists: list[str | None] = field(default_factory=list)


@dataclass
class IndexReport:
    releases: list[IndexRelease]
    #: Index files that are neither a wheel nor an sdist pip can use (eggs, installers): not counted.
    skipped_files: int = 0
    #: Final releases of the index's version list that have no usable file that is not yanked.
    skipped_versions: list[str] = field(default_factory=list)


def fetch_index(name: str, index_url: str = INDEX_URL) -> dict[str, object]:
    """The PEP 691 JSON page of ``name``: the same page pip reads."""
    request = urllib.request.Request(f"{index_url}{name}/", headers={"Accept": INDEX_ACCEPT})
    with urllib.request.urlopen(request, timeout=120) as response:
        page: dict[str, object] = json.load(response)
    return page


def index_releases(name: str, page: Mapping[str, object]) -> IndexReport:
    """The final releases of ``name`` on an index page, oldest first, each with its files that are not yanked.

    A release whose every file is yanked is left out (pip installs it only when
    pinned, and never picks it otherwise); so are pre- and dev releases, and files
    pip cannot install (eggs, ``.exe`` and ``.rpm`` installers).
    """
    found: dict[Version, IndexRelease] = {}
    with_files: set[Version] = set()
    skipped = 0
    files = page.get("files", [])
    for entry in files if isinstance(files, list) else []:
        filename = str(entry.get("filename", ""))
        requires_python = entry.get("requires-python") or None
        try:
            if filename.endswith(".whl"):
                project, version, _build, wheel_tags = parse_wheel_filename(filename)
                wheel: Wheel | None = Wheel(filename, wheel_tags, requires_python)
            else:
                project, version = parse_sdist_filename(filename)
                wheel = None
        except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion):
            skipped += 1
            continue
        if canonicalize_name(project) != canonicalize_name(name) or version.is_prerelease or version.is_devrelease:
            continue
        with_files.add(version)
        if entry.get("yanked"):
            continue
        release = found.setdefault(version, IndexRelease(version))
        if wheel is None:
            release.sdists.append(requires_python)
        else:
            release.wheels.append(wheel)
    listed = page.get("versions", [])
    skipped_versions = []
    for text in listed if isinstance(listed, list) else []:
        try:
            version = Version(str(text))
        except InvalidVersion:
            continue
        if not (version.is_prerelease or version.is_devrelease) and version not in found:
            skipped_versions.append(str(version))
    skipped_versions += [str(v) for v in with_files - set(found) if str(v) not in skipped_versions]
    return IndexReport([found[v] for v in sorted(found)], skipped, sorted(set(skipped_versions), key=Version))


# -- tags: which Pythons and platforms a wheel is for ---------------------------------------------


def admits(requires_python: str | None, minor: str) -> bool:
    """Whether Requires-Python admits some patch release of ``minor`` (``>=3.6.1`` admits 3.6).

    An unreadable Requires-Python restricts nothing: pip itself ignores it.
    """
    if not requires_python:
        return True
    try:
        spec = SpecifierSet(requires_python)
    except InvalidSpecifier:
        return True
    return any(spec.contains(f"{minor}.{patch}", prereleases=True) for patch in _PATCHES)


@functools.lru_cache(maxsize=65536)
def _supports(minor: str, tag: tags.Tag) -> bool:
    """Whether CPython ``minor`` installs a wheel of ``tag``, exactly as pip decides it (pip uses packaging's tags).

    The wheel's own ABI and platform are passed as the target's, so only the
    interpreter and ABI family decide: ``cp37-abi3`` installs on 3.7 and later,
    ``py3``/``py36`` on every 3.x from 3.6 on, ``cp37-cp37m`` on 3.7 only.
    """
    version = Version(minor)
    python = (version.major, version.minor)
    interpreter = f"cp{version.major}{version.minor}"
    if tag in tags.cpython_tags(python, abis=[tag.abi], platforms=[tag.platform]):
        return True
    return tag in tags.compatible_tags(python, interpreter, platforms=[tag.platform])


def named_pythons(wheel_tags: Iterable[tags.Tag]) -> set[str]:
    """The minors that ``cpXY`` interpreter tags name (``cp37`` names 3.7; ``py3`` names none)."""
    by_interpreter = {f"cp{Version(m).major}{Version(m).minor}": m for m in _CANDIDATE_PYTHONS}
    return {by_interpreter[t.interpreter] for t in wheel_tags if t.interpreter in by_interpreter}


def wheel_pythons(wheel_tags: Iterable[tags.Tag], requires_python: str | None, known: Sequence[str]) -> set[str]:
    """The known minors that install a wheel of these tags and that its Requires-Python admits."""
    wheel_tags = tuple(wheel_tags)
    return {m for m in known if admits(requires_python, m) and any(_supports(m, t) for t in wheel_tags)}


@functools.cache
def _mac_platform_tags(arch: str) -> frozenset[str]:
    return frozenset(tags.mac_platforms(_NEWEST_MACOS, arch))


def coarse_platform(platform: str) -> str | None:
    """``linux-x86_64`` and the like for a wheel's platform tag; ``None`` for 32-bit and other exotic ones.

    macOS binary formats (``intel``, ``universal2``, ...) are resolved by packaging,
    which knows which architectures each contains; packaging has no parser for Linux
    and Windows platform tags, whose architecture is the tag's last part.
    """
    if platform == ANY:
        return ANY
    if platform.startswith(("manylinux", "musllinux", "linux")):
        for arch in ("x86_64", "aarch64"):
            if platform.endswith(f"_{arch}"):
                return f"linux-{arch}"
        return None
    if platform == "win_amd64":
        return "windows-x86_64"
    return None


def coarse_platforms(wheel_tags: Iterable[tags.Tag]) -> set[str]:
    """Every coarse platform a wheel of these tags installs on (``universal2`` is both Mac architectures)."""
    found = set()
    for tag in wheel_tags:
        coarse = coarse_platform(tag.platform)
        if coarse is not None:
            found.add(coarse)
        for arch, name in (("x86_64", "macos-x86_64"), ("arm64", "macos-arm64")):
            if tag.platform in _mac_platform_tags(arch):
                found.add(name)
    return found


def release_pythons(release: IndexRelease, known: Sequence[str], requires_python: str | None = None) -> list[str]:
    """The minors with a wheel; for an sdist-only release, every known minor its Requires-Python admits.

    ``requires_python`` (the metadata's) stands in for a file that the index gives none for.
    """
    if release.wheels:
        found: set[str] = set()
        for wheel in release.wheels:
            found |= wheel_pythons(wheel.tags, wheel.requires_python or requires_python, known)
    else:
        declared = next((r for r in release.sdists if r), requires_python)
        found = {m for m in known if admits(declared, m)}
    return sorted(found, key=Version)


def release_platforms(release: IndexRelease) -> list[str]:
    """The coarse platforms with a wheel; ``["any"]`` for a pure-Python wheel or an sdist only."""
    found: set[str] = set()
    for wheel in release.wheels:
        found |= coarse_platforms(wheel.tags)
    if ANY in found or not release.wheels:
        return [ANY]
    return sorted(found)


# -- requirements -----------------------------------------------------------------------------------


def mentions_extra(marker: Marker | None) -> bool:
    """Whether a marker tests ``extra``: such a requirement is installed only when the extra is asked for."""

    return marker is not None and "extra" in str(marker)


def set_requirements(requires_dist: Iterable[str], names: Iterable[str] = DISTRIBUTIONS) -> tuple[list[str], list[str]]:
    """The requirements on ``names`` (sorted, normalised by packaging) and the strings that do not parse.

    A requirement behind an extra is dropped: ``pip install tensorflow`` does not install it.
    """
    wanted = {canonicalize_name(n) for n in names}
    kept: set[str] = set()
    invalid = []
    for text in requires_dist:
        try:
            requirement = Requirement(text)
        except InvalidRequirement:
            invalid.append(text)
            continue
        if canonicalize_name(requirement.name) in wanted and not mentions_extra(requirement.marker):
            kept.add(str(requirement))
    return sorted(kept), invalid


# -- pip: each release's metadata ------------------------------------------------------------------


def pip_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment pip runs in: this machine's pip configuration is dropped, its network settings kept."""
    env = {k: v for k, v in (os.environ if base is None else base).items() if not k.startswith("PIP_")}
    env.update({k: v for k, v in (os.environ if base is None else base).items() if k in _KEPT_PIP_VARIABLES})
    env.update(
        {
            "PIP_CONFIG_FILE": os.devnull,
            "PIP_CONSTRAINT": "",
            "PIP_FIND_LINKS": "",
            "PIP_EXTRA_INDEX_URL": "",
            "PIP_NO_INPUT": "1",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        }
    )
    return env


def representative_wheel(release: IndexRelease, known: Sequence[str]) -> Wheel | None:
    """The wheel whose metadata stands for the release: pure Python first, then Linux x86-64, newest Python.

    The snapshot has one requirement list per release, and the wheels of a release
    do not all agree: from TensorFlow 2.10 on, the ``tensorflow`` and
    ``tensorflow-cpu`` wheels for Windows and Linux aarch64 are shims that require
    ``tensorflow-intel`` or ``tensorflow-cpu-aws`` instead of ``keras``, and the
    macOS wheels lack the Windows-only ``tensorflow-intel`` line.  The Linux x86-64
    wheel is the full build and names every edge (its Windows ones under a marker);
    wheels of one platform for other Pythons were seen to agree.
    """
    if not release.wheels:
        return None

    order = [ANY, *PLATFORMS]

    def rank(wheel: Wheel) -> tuple[int, int]:
        pythons = wheel_pythons(wheel.tags, wheel.requires_python, known) or named_pythons(wheel.tags) or {"0.0"}
        newest = max(Version(p) for p in pythons)
        return (
            min((order.index(p) for p in coarse_platforms(wheel.tags)), default=len(order)),
            -(newest.major * 1000 + newest.minor),
        )

    return min(release.wheels, key=rank)


def target_options(wheel: Wheel | None, known: Sequence[str], running: str) -> list[str]:
    """pip options that make it pick ``wheel`` (or the sdist, for ``None``) whatever Python runs pip.

    The running minor is used when the wheel installs on it; Requires-Python is
    ignored because the wheel's tags already chose the Python.
    """
    options = ["--ignore-requires-python"]
    if wheel is None:
        return options
    pythons = wheel_pythons(wheel.tags, wheel.requires_python, known) or named_pythons(wheel.tags)
    if pythons:
        python = running if running in pythons else max(pythons, key=Version)
        options += ["--python-version", python]
    options.append("--only-binary=:all:")
    for abi in sorted({t.abi for t in wheel.tags} - {"none"}):
        options += ["--abi", abi]
    for platform in sorted({t.platform for t in wheel.tags} - {ANY}):
        options += ["--platform", platform]
    return options


@dataclass(frozen=True)
class Metadata:
    requires_python: str | None
    requires_dist: tuple[str, ...]
    #: The file pip read it from.
    filename: str


class MetadataError(Exception):
    """pip could not read a release's metadata; the message is pip's last words."""


def pip_report(  # pylint: disable=too-many-arguments  # each says which wheel pip must pick
    python: str,
    name: str,
    version: str,
    options: Sequence[str],
    *,
    fast_deps: bool,
    env: Mapping[str, str],
    workdir: Path,
    index_url: str = INDEX_URL,
) -> Metadata:
    """The metadata of ``name==version`` as ``pip install --dry-run --report`` reads it (one pip process)."""
    report = workdir / f"{name}-{version}-{uuid.uuid4().hex}.json"
    command = [
        python,
        "-m",
        "pip",
        "install",
        "--dry-run",
        "--no-deps",
        "--ignore-installed",
        "--quiet",
        "--disable-pip-version-check",
        "--no-input",
        "--index-url",
        index_url,
        "--report",
        str(report),
        *(["--use-feature=fast-deps"] if fast_deps else []),
        *options,
        f"{name}=={version}",
    ]
    try:
        done = subprocess.run(command, env=dict(env), capture_output=True, text=True, timeout=900, check=False)
    except subprocess.TimeoutExpired as exc:
        raise MetadataError("pip took more than 15 minutes") from exc
    try:
        if done.returncode != 0:
            raise MetadataError(_last_error(done.stderr) or f"pip exited with {done.returncode}")
        data = json.loads(report.read_text("utf-8"))
    finally:
        report.unlink(missing_ok=True)
    installs = data.get("install", [])
    if not installs:
        raise MetadataError("pip's report names no release")
    metadata = installs[0].get("metadata", {})
    url = str(installs[0].get("download_info", {}).get("url", ""))
    return Metadata(
        metadata.get("requires_python") or None,
        tuple(metadata.get("requires_dist", ()) or ()),
        url.rsplit("/", 1)[-1],
    )


def _last_error(stderr: str) -> str:
    """pip's last ``ERROR:`` line (its hints and the build's output come after it), else its last line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip() and "fast-deps" not in line]
    errors = [line for line in lines if line.startswith("ERROR:")]
    return (errors or lines or [""])[-1]


def pip_version(python: str, env: Mapping[str, str]) -> Version | None:
    """The version of ``python``'s pip, or ``None`` when it has none."""
    done = subprocess.run(
        [python, "-m", "pip", "--version"], env=dict(env), capture_output=True, text=True, check=False
    )
    words = done.stdout.split()
    try:
        return Version(words[1]) if done.returncode == 0 and len(words) > 1 else None
    except InvalidVersion:
        return None


def has_fast_deps(python: str, env: Mapping[str, str]) -> bool:
    """Whether this pip still accepts ``--use-feature=fast-deps`` (it is an experimental feature)."""
    done = subprocess.run(
        [python, "-m", "pip", "install", "--use-feature=fast-deps", "--help"],
        env=dict(env),
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode == 0


def scratch_pip(directory: Path, env: Mapping[str, str], index_url: str = INDEX_URL) -> str:
    """A virtual environment in ``directory`` with a pip that reads metadata without downloading wheels."""
    subprocess.run([sys.executable, "-m", "venv", str(directory)], check=True, env=dict(env))
    python = str(directory / ("Scripts" if os.name == "nt" else "bin") / "python")
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--index-url", index_url, f"pip>={METADATA_ONLY_PIP}"],
        check=True,
        env=dict(env),
    )
    return python


# -- the snapshot -----------------------------------------------------------------------------------


@dataclass
class BuildLog:
    """What the run saw, printed at its end for the maintainer."""

    read: dict[str, int] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    skipped_versions: dict[str, list[str]] = field(default_factory=dict)
    skipped_files: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.read[kind] = self.read.get(kind, 0) + 1


def release_record(
    release: IndexRelease, known: Sequence[str], metadata: Metadata | None, note: str | None = None
) -> dict[str, object]:
    """One release's line of the snapshot."""
    if metadata is not None:
        requires_python = metadata.requires_python
    else:
        declared = [w.requires_python for w in release.wheels] + release.sdists
        requires_python = next((r for r in declared if r), None)
    record: dict[str, object] = {
        "requires_python": requires_python,
        "pythons": release_pythons(release, known, requires_python),
        "platforms": release_platforms(release),
        "requires": None if metadata is None else set_requirements(metadata.requires_dist)[0],
    }
    if note:
        record["note"] = note
    return record


def read_releases(
    work: Mapping[str, Sequence[IndexRelease]],
    known: Sequence[str],
    reader: Callable[[str, IndexRelease], Metadata],
    jobs: int,
    log: BuildLog,
) -> dict[str, dict[str, dict[str, object]]]:
    """Every release's record, the metadata read by ``reader`` in ``jobs`` threads (each runs one pip)."""
    tasks = [(name, release) for name, releases in work.items() for release in releases]
    results: dict[tuple[str, Version], dict[str, object]] = {}
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(reader, name, release): (name, release) for name, release in tasks}
        for done, future in enumerate(as_completed(futures), 1):
            name, release = futures[future]
            try:
                metadata: Metadata | None = future.result()
                note = None
            except MetadataError as exc:
                metadata, note = None, f"metadata not read, requires unknown: {exc}"
                log.unread.append(f"{name} {release.version}: {exc}")
            if metadata is not None:
                log.count("sdist" if metadata.filename.endswith((".tar.gz", ".zip")) else "wheel")
                bad = set_requirements(metadata.requires_dist)[1]
                log.invalid += [f"{name} {release.version}: {text}" for text in bad]
            results[(name, release.version)] = release_record(release, known, metadata, note)
            if done % 50 == 0 or done == len(tasks):
                print(f"  {done}/{len(tasks)} releases read ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    return {
        name: {str(r.version): results[(name, r.version)] for r in sorted(releases, key=lambda r: r.version)}
        for name, releases in work.items()
    }


def known_pythons(reports: Iterable[IndexReport], extra: Iterable[str] = ()) -> list[str]:
    """The base Pythons, every minor a ``cpXY`` tag names, and ``extra`` (the kept file's), by version."""
    found = set(BASE_PYTHONS) | set(extra)
    for report in reports:
        for release in report.releases:
            for wheel in release.wheels:
                found |= named_pythons(wheel.tags)
    return sorted(found, key=Version)


def render_snapshot(generated: str, pythons: Sequence[str], packages: Mapping[str, Mapping[str, object]]) -> str:
    """The snapshot file: small enough to commit, one release per line so a refresh diffs line by line."""

    def compact(value: object) -> str:
        return json.dumps(value, separators=(",", ":"), sort_keys=True)

    lines = [
        "{",
        f'  "generated": {json.dumps(generated)},',
        f'  "command": {json.dumps(COMMAND)},',
        f'  "pythons": {json.dumps(list(pythons))},',
        f'  "platforms": {json.dumps(list(PLATFORMS))},',
        '  "packages": {',
    ]
    names = sorted(packages)
    for i, name in enumerate(names):
        releases = packages[name]
        assert isinstance(releases, Mapping)
        lines.append(f"    {json.dumps(name)}: {{")
        versions = sorted(releases, key=Version)
        lines += [
            f"      {json.dumps(v)}: {compact(releases[v])}{',' if j < len(versions) - 1 else ''}"
            for j, v in enumerate(versions)
        ]
        lines.append("    }" + ("," if i < len(names) - 1 else ""))
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def render_releases(generated: str, lists: Mapping[str, Sequence[str]]) -> str:
    """``releases.toml``: the release lists the linter evaluates version ranges against."""
    lines = [
        f"# Releases published on PyPI as of {generated} (union over the Python versions each release supports;",
        f"# final releases with a file that is not yanked). Written by {COMMAND}.",
    ]
    for name in [n for n in RELEASE_LISTS if n in lists] + sorted(set(lists) - set(RELEASE_LISTS)):
        if RELEASE_LISTS.get(name):
            lines.append(f"# {name}: the PyPI index of {generated} ({RELEASE_LISTS[name]}).")
        lines.append(f"{name} = [")
        lines += [f"  {json.dumps(v)}," for v in sorted(lists[name], key=Version)]
        lines.append("]")
    return "\n".join(lines) + "\n"


def release_lists(
    listed: Mapping[str, Sequence[str]], published: Mapping[str, Sequence[str]]
) -> tuple[dict[str, list[str]], list[str]]:
    """The new lists of ``releases.toml``, and what the maintainer should hear about them.

    A refreshed distribution's list becomes its published final releases (so
    ``tensorflow`` 0.12.0, long published, is listed from 2026-12 on); a listed
    release PyPI no longer has is dropped and said, because messages that named it
    change.  Lists of distributions not refreshed stay as they are.
    """
    lists = {name: list(versions) for name, versions in listed.items()}
    messages = []
    for name, versions in published.items():
        fresh = sorted({Version(v) for v in versions})
        dropped = sorted({Version(v) for v in listed.get(name, ())} - set(fresh))
        if dropped:
            messages.append(f"{name}: no longer on PyPI, dropped from {RELEASES_FILE}: {', '.join(map(str, dropped))}")
        added = sorted(set(fresh) - {Version(v) for v in listed.get(name, ())})
        if listed.get(name) and added:
            messages.append(f"{name}: newly listed in {RELEASES_FILE}: {', '.join(map(str, added))}")
        lists[name] = [str(v) for v in fresh]
    return lists, messages


def _load_json(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _load_toml(path: Path) -> dict[str, list[str]]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): [str(v) for v in vs] for k, vs in data.items() if isinstance(vs, list)}


def _parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m pylint_hubcompat.target.snapshot_build",
        description="Regenerate data/dependencies.json and data/releases.toml from PyPI (needs the network).",
    )
    parser.add_argument("--only", nargs="+", metavar="NAME", help="refresh these distributions, keep the rest")
    parser.add_argument("--jobs", type=int, default=16, help="pip processes at once (default 16)")
    parser.add_argument(
        "--pip",
        metavar="PYTHON",
        help=f"the interpreter whose pip reads metadata (default: this one if its pip is >= {METADATA_ONLY_PIP}, "
        "else a scratch virtual environment with a newer pip)",
    )
    parser.add_argument(
        "--masks",
        action="store_true",
        help=f"only recompile {MASKS_FILE} from the files already there (no network)",
    )
    parser.add_argument("--data-dir", type=Path, default=data_file(SNAPSHOT_FILE).parent, help=argparse.SUPPRESS)
    return parser.parse_args(list(argv))


def _choose_pip(requested: str | None, env: Mapping[str, str], scratch: Path) -> str:
    if requested:
        return requested
    version = pip_version(sys.executable, env)
    if version is not None and version >= METADATA_ONLY_PIP:
        return sys.executable
    print(
        f"pip {version} downloads every wheel in a dry run: installing pip>={METADATA_ONLY_PIP} in {scratch}",
        file=sys.stderr,
    )
    return scratch_pip(scratch, env)


def _rebuild(argv: Sequence[str]) -> int:  # pylint: disable=too-many-locals  # one command, read top to bottom
    args = _parse_args(argv)
    if args.masks:
        return write_masks(args.data_dir)
    names = list(DISTRIBUTIONS)
    if args.only:
        unknown = [n for n in args.only if canonicalize_name(n) not in DISTRIBUTIONS]
        if unknown:
            print(f"not a distribution of the snapshot: {', '.join(unknown)}", file=sys.stderr)
            return 2
        names = [canonicalize_name(n) for n in args.only]
    snapshot_path = args.data_dir / SNAPSHOT_FILE
    releases_path = args.data_dir / RELEASES_FILE
    started = time.monotonic()
    generated = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    env = pip_environment()
    log = BuildLog()

    try:
        with ThreadPoolExecutor(max_workers=len(names)) as pool:
            pages = dict(zip(names, pool.map(fetch_index, names)))
    except (OSError, ValueError) as exc:  # urllib.error.URLError is an OSError; a bad page a ValueError
        print(f"the index did not answer ({exc}): nothing written", file=sys.stderr)
        return 1
    reports = {name: index_releases(name, page) for name, page in pages.items()}
    for name, report in reports.items():
        log.skipped_files[name] = report.skipped_files
        if report.skipped_versions:
            log.skipped_versions[name] = report.skipped_versions
    old = _load_json(snapshot_path)
    old_pythons = old.get("pythons", []) if args.only else []
    known = known_pythons(reports.values(), [str(p) for p in old_pythons] if isinstance(old_pythons, list) else [])
    print(f"{sum(len(r.releases) for r in reports.values())} releases of {len(names)} distributions", file=sys.stderr)

    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    with tempfile.TemporaryDirectory(prefix="hubcompat-snapshot-") as temp:
        python = _choose_pip(args.pip, env, Path(temp) / "pip")
        fast_deps = has_fast_deps(python, env)
        workdir = Path(temp) / "reports"
        workdir.mkdir()

        def read(name: str, release: IndexRelease) -> Metadata:
            wheel = representative_wheel(release, known)
            options = target_options(wheel, known, running)
            try:
                return pip_report(
                    python, name, str(release.version), options, fast_deps=fast_deps, env=env, workdir=workdir
                )
            except MetadataError:  # one more try: an index or a range request may have failed
                return pip_report(
                    python, name, str(release.version), options, fast_deps=fast_deps, env=env, workdir=workdir
                )

        fresh = read_releases({n: reports[n].releases for n in names}, known, read, args.jobs, log)

    old_packages = old.get("packages", {}) if args.only else {}
    packages: dict[str, Mapping[str, object]] = dict(old_packages) if isinstance(old_packages, dict) else {}
    packages.update(fresh)
    mentioned = {str(p) for releases in packages.values() for r in releases.values() for p in _pythons_of(r)}
    snapshot_path.write_text(render_snapshot(generated, sorted(mentioned, key=Version), packages), "utf-8")

    lists, messages = release_lists(_load_toml(releases_path), {n: list(fresh[n]) for n in RELEASE_LISTS if n in fresh})
    for message in messages:
        print(message, file=sys.stderr)
    releases_path.write_text(render_releases(generated, lists), "utf-8")
    _print_log(log, time.monotonic() - started)
    # A new process reads the files just written (the snapshot module keeps what it read).
    return subprocess.call([sys.executable, "-m", __spec__.name, "--masks", "--data-dir", str(args.data_dir)])


def write_masks(data_dir: Path) -> int:
    """Compile the shipped snapshot's edges into bit masks, so a lint reads them instead of computing them."""
    if data_dir.resolve() != data_file(SNAPSHOT_FILE).parent.resolve():
        print(f"{MASKS_FILE} is compiled from the package's own data directory only", file=sys.stderr)
        return 2
    (data_dir / MASKS_FILE).write_text(snapshot.render_masks(), "utf-8")
    print(f"wrote {data_dir / MASKS_FILE}", file=sys.stderr)
    return 0


def _pythons_of(record: object) -> Iterator[str]:
    pythons = record.get("pythons", []) if isinstance(record, Mapping) else []
    yield from (str(p) for p in pythons) if isinstance(pythons, list) else ()


def _print_log(log: BuildLog, seconds: float) -> None:
    out = sys.stderr
    print(f"metadata read from: {log.read}; not read: {len(log.unread)}", file=out)
    for line in sorted(log.unread):
        print(f"  unread {line}", file=out)
    for line in log.invalid:
        print(f"  unparsable requirement {line}", file=out)
    for name, versions in log.skipped_versions.items():
        print(f"  {name}: final versions without a usable file that is not yanked: {', '.join(versions)}", file=out)
    for name, count in log.skipped_files.items():
        if count:
            print(f"  {name}: {count} files neither wheel nor sdist (eggs, installers) ignored", file=out)
    print(f"done in {seconds:.0f} s", file=out)


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    raise SystemExit(_rebuild(sys.argv[1:]))

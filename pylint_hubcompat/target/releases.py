"""Version ranges as sets of real releases.

A specifier such as ``tensorflow>=2.10`` is only meaningful against the releases
that exist: a rule about TensorFlow 2.16+ fires for it because 2.16.1 ... 2.21.0
are admitted, and the message names exactly those.  The release lists ship with
the package (``data/releases.toml``) so that nothing is looked up at lint time.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from pylint_hubcompat.files.locations import data_file
from pylint_hubcompat.files.toml import tomllib


@functools.cache
def known_releases(distribution: str) -> tuple[Version, ...]:
    """The published releases of ``distribution``, oldest first."""
    return _release_table().get(distribution, ())


@functools.cache
def _release_table() -> dict[str, tuple[Version, ...]]:
    text = data_file("releases.toml").read_text("utf-8")
    return {name: tuple(sorted(Version(v) for v in versions)) for name, versions in tomllib.loads(text).items()}


@functools.cache
def specifier_set(text: str) -> SpecifierSet:
    """A rule's specifier text, compiled once; ``InvalidSpecifier`` (a ``ValueError``) if it is none."""
    return SpecifierSet(text)


def parse_specifier(text: str) -> SpecifierSet:
    """A specifier from user text; a bare version (``2.15.1``) means ``==2.15.1``.

    Raises ``ValueError`` with a readable message on anything else.
    """
    text = text.strip()
    if not text:
        return SpecifierSet()
    try:
        Version(text)
    except InvalidVersion:
        pass
    else:
        return SpecifierSet(f"=={text}")
    try:
        return SpecifierSet(text)
    except InvalidSpecifier as exc:
        raise ValueError(f"not a version or specifier: {text!r}") from exc


@functools.lru_cache(maxsize=256)
def admitted(distribution: str, specifier: SpecifierSet) -> tuple[tuple[Version, ...], bool]:
    """Known releases admitted by ``specifier``, and whether it admits newer ones.

    The flag is true when the specifier admits a version newer than the newest
    known release (``>=2.10``, ``>=2.22``) or only pre-releases: such versions
    behave like the newest known release, so when nothing known is admitted
    the newest stands in for them.
    """
    known = known_releases(distribution)
    releases = tuple(v for v in known if specifier.contains(v, prereleases=True))
    if not releases and known:
        preceded = _preceded(known, specifier)
        if preceded is not None:
            return (preceded,), False
    newer = bool(known) and any(
        specifier.contains(probe, prereleases=True) for probe in _newer_probes(known[-1], specifier)
    )
    if not releases and known and (newer or _admits_prerelease_only(specifier)):
        releases = (known[-1],)
        newer = True
    return releases, newer


def admits_known(distribution: str, specifier: SpecifierSet) -> bool:
    """Whether ``specifier`` admits a known release of ``distribution`` (a pre-release pin: its line's).

    :func:`admitted` lets the newest known release stand in for versions newer
    than the known ones, which is right for a project's ``tensorflow>=2.22``
    (it installs the newest there is); an option that names only such versions
    (``--hub-version=>=99``) is a mistake to report, not a release to judge by.
    """
    known = known_releases(distribution)
    if not known:
        return True
    return any(specifier.contains(v, prereleases=True) for v in known) or _preceded(known, specifier) is not None


def _preceded(known: tuple[Version, ...], specifier: SpecifierSet) -> Version | None:
    """The release a pre-release pin comes before, in its own line: ``==2.16.0rc0`` is judged as 2.16.1's line.

    A pre-release (``2.0.0b1``, ``2.16.0rc0``) belongs to the release line it
    precedes; its behaviour is that line's, so the first known release of that
    line stands in for it.  ``None`` when the line has no known release yet.
    """
    for spec in specifier:
        if spec.operator not in ("==", "==="):
            continue
        try:
            version = Version(spec.version)
        except InvalidVersion:
            continue
        if not version.is_prerelease:
            continue
        line = version.release[:2]
        for candidate in known:
            if candidate.release[:2] == line and candidate >= Version(version.base_version):
                return candidate
    return None


def _newer_probes(newest: Version, specifier: SpecifierSet) -> Iterable[Version]:
    major, minor = newest.release[0], newest.release[1] if len(newest.release) > 1 else 0
    patch = newest.release[2] if len(newest.release) > 2 else 0
    yield Version(f"{major}.{minor}.{patch + 1}")
    yield Version(f"{major}.{minor + 1}.0")
    yield Version(f"{major + 1}.0.0")
    yield Version("999.0.0")
    for spec in specifier:
        try:
            version = Version(spec.version.replace(".*", ""))
        except InvalidVersion:
            continue
        if version > newest:
            yield version


def _admits_prerelease_only(specifier: SpecifierSet) -> bool:
    return any(
        Version(spec.version.replace(".*", "")).is_prerelease
        for spec in specifier
        if spec.operator in ("==", "===", "~=", ">=") and _is_version(spec.version.replace(".*", ""))
    )


def _is_version(text: str) -> bool:
    try:
        Version(text)
    except InvalidVersion:
        return False
    return True


def compact(distribution: str, releases: Sequence[Version]) -> str:
    """``2.16.1-2.21.0`` for a run of consecutive known releases, runs joined by commas."""
    known = known_releases(distribution)
    index = {v: i for i, v in enumerate(known)}
    runs: list[list[Version]] = []
    for version in sorted(releases):
        if runs and index.get(version, -2) == index.get(runs[-1][-1], -9) + 1:
            runs[-1].append(version)
        else:
            runs.append([version])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)

"""The shipped dependency snapshot: what each known release requires of the others.

``data/dependencies.json`` records, per release of every tracked distribution, the
Pythons it has wheels for and its ``Requires-Dist`` edges to the other tracked
distributions (``python -m pylint_hubcompat.target.snapshot_build`` regenerates it).
This module turns that into what the resolver needs: for each distribution, its
universe of values (the known releases, plus "not installed"), and for each value
the set of values of another distribution it can be installed with, as bit masks.
Everything is computed on first use and kept for the process: the lint of a
project never reads the snapshot twice.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from pylint_hubcompat.files.locations import data_file
from pylint_hubcompat.target import releases
from pylint_hubcompat.target.distributions import DISTRIBUTIONS, alias_for

PYTHON = "python"
SNAPSHOT_FILE = "dependencies.json"
MASKS_FILE = "dependency_masks.json"


class Universe(NamedTuple):
    """The values of one distribution: its known releases (bit ``i``) and "not installed" (the last bit)."""

    distribution: str
    versions: tuple[Version, ...]

    @property
    def absent(self) -> int:
        return 1 << len(self.versions)

    @property
    def releases_mask(self) -> int:
        return self.absent - 1

    def mask(self, specifier: SpecifierSet) -> int:
        """The known releases ``specifier`` admits (``python`` versions are minors: one patch admitted is enough)."""
        return _mask(self.distribution, str(specifier))

    def mask_of(self, versions: tuple[Version, ...]) -> int:
        index = {v: i for i, v in enumerate(self.versions)}
        result = 0
        for version in versions:
            if version in index:
                result |= 1 << index[version]
        return result

    def values(self, mask: int) -> tuple[Version, ...]:
        return tuple(v for i, v in enumerate(self.versions) if mask >> i & 1)


@functools.cache
def universe(distribution: str) -> Universe:
    """Known releases come from ``releases.toml``; Pythons from the snapshot."""
    if distribution == PYTHON:
        return Universe(PYTHON, tuple(Version(v) for v in _snapshot().get("pythons", ())))
    return Universe(distribution, releases.known_releases(distribution))


@functools.lru_cache(maxsize=4096)
def _mask(distribution: str, specifier: str) -> int:
    universe_ = universe(distribution)  # by name: hashing a universe would hash every release
    if not specifier:
        return universe_.releases_mask
    spec = SpecifierSet(specifier)
    result = 0
    for i, version in enumerate(universe_.versions):
        if universe_.distribution == PYTHON:
            admitted = any(spec.contains(f"{version}.{patch}", prereleases=True) for patch in range(0, 30))
        else:
            admitted = spec.contains(version, prereleases=True)
        if admitted:
            result |= 1 << i
    return result


@functools.cache
def _snapshot() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_snapshot_bytes())
    return data


@functools.cache
def _snapshot_bytes() -> bytes:
    return data_file(SNAPSHOT_FILE).read_bytes()


def fingerprint() -> str:
    """What the compiled masks were compiled from: the snapshot's bytes."""
    return hashlib.sha256(_snapshot_bytes()).hexdigest()


def span(distribution: str, versions: Sequence[Version]) -> str:
    """``2.16.1-2.21.0`` (runs of known releases joined by commas), or ``3.9-3.11`` for Python's minors."""
    if distribution != PYTHON:
        return releases.compact(distribution, versions)
    if not versions:
        return "none"
    return str(versions[0]) if len(versions) == 1 else f"{versions[0]}-{versions[-1]}"


def generated() -> str:
    """The date the snapshot was taken, for messages and ``detect``."""
    return str(_snapshot().get("generated", "unknown"))


@functools.cache
def packages() -> frozenset[str]:
    """The published names the snapshot has metadata for."""
    return frozenset(_packages())


def _packages() -> Mapping[str, Mapping[str, Mapping[str, Any]]]:
    found = _snapshot().get("packages", {})
    return found if isinstance(found, dict) else {}


#: A release the snapshot does not know requires nothing we could check: it constrains nothing.
NO_EDGES: tuple[tuple[str, int], ...] = ()


def edges(package: str, version: Version) -> tuple[tuple[str, int], ...]:
    """What ``package==version`` can be installed with: ``(distribution, mask over its universe)``.

    The ``python`` edge is included.  A release missing from the snapshot is
    unconstrained: it is never a reason for a conflict, so a stale snapshot costs a
    missed finding, never a false one.  The masks are read from the shipped
    ``data/dependency_masks.json`` (computing them costs every single-file lint
    about 40 ms); they are computed here only when that file does not match the
    release lists, as in a checkout being refreshed.
    """
    return _compiled().get(package, {}).get(str(version), NO_EDGES)


def compile_edges() -> dict[str, dict[str, tuple[tuple[str, int], ...]]]:
    """Every release's edges, computed from the snapshot's requirement strings."""
    return {
        package: {version: _computed_edges(package, version) for version in found}
        for package, found in _packages().items()
        if isinstance(found, dict)
    }


def render_masks() -> str:
    """``data/dependency_masks.json``: the compiled edges, with the universes they are masks over."""
    compiled = {
        package: {version: {name: format(mask, "x") for name, mask in found} for version, found in releases_.items()}
        for package, releases_ in sorted(compile_edges().items())
    }
    payload = {"snapshot": fingerprint(), "universes": _names(), "edges": compiled}
    return json.dumps(payload, separators=(",", ":"), sort_keys=True) + "\n"


@functools.cache
def _compiled() -> dict[str, dict[str, tuple[tuple[str, int], ...]]]:
    try:
        shipped = json.loads(data_file(MASKS_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        shipped = {}
    current = isinstance(shipped, dict) and shipped.get("snapshot") == fingerprint()
    if not current or shipped.get("universes") != _names():
        return compile_edges()
    return {
        package: {version: tuple((d, int(mask, 16)) for d, mask in found.items()) for version, found in by.items()}
        for package, by in shipped.get("edges", {}).items()
    }


def _names() -> dict[str, list[str]]:
    """Each universe's releases as the masks file spells them: its bit ``i`` is the ``i``-th."""
    return {name: [str(v) for v in universe(name).versions] for name in (PYTHON, *DISTRIBUTIONS)}


def _computed_edges(package: str, version: str) -> tuple[tuple[str, int], ...]:
    record = _packages().get(package, {}).get(version)
    if not isinstance(record, dict):
        return NO_EDGES
    found: dict[str, int] = {}
    pythons = record.get("pythons")
    if isinstance(pythons, list):
        bits = _python_bits()
        found[PYTHON] = sum(bits.get(str(p), 0) for p in set(pythons))
    for distribution, requirement in _tracked_requirements(package, record):
        target = universe(distribution)
        found[distribution] = found.get(distribution, target.releases_mask) & target.mask(requirement.specifier)
    return tuple(found.items())


@functools.lru_cache(maxsize=1024)
def requirement_texts(package: str, version: Version) -> tuple[tuple[str, str], ...]:
    """``(distribution, "tensorflow<2.14,>=2.13.0")``: the requirements behind each edge, for messages."""
    record = _packages().get(package, {}).get(str(version))
    if not isinstance(record, dict):
        return ()
    texts: dict[str, list[tuple[str, str]]] = {}
    pythons = record.get("pythons")
    if isinstance(pythons, list):
        texts[PYTHON] = [(PYTHON, _python_text(pythons))]
    for distribution, requirement in _tracked_requirements(package, record):
        name = canonicalize_name(requirement.name)
        texts.setdefault(distribution, []).append((name, f"{name}{requirement.specifier}"))
    return tuple((d, _shown(d, t)) for d, t in texts.items())


def _tracked_requirements(package: str, record: Mapping[str, Any]) -> Iterator[tuple[str, Requirement]]:
    """The release's requirements on the other tracked distributions, on some common platform."""
    own = alias_for(package)
    for text in record.get("requires") or ():
        requirement = _requirement(str(text))
        if requirement is None:
            continue
        alias = alias_for(requirement.name)
        if alias is None or alias.nightly or (own is not None and alias.distribution == own.distribution):
            continue  # ``tensorflow`` requiring ``tensorflow-intel`` of its own version on Windows
        if requirement.marker is not None and not _marker_applies(str(requirement.marker)):
            continue
        yield alias.distribution, requirement


def _shown(distribution: str, texts: list[tuple[str, str]]) -> str:
    """The requirements to quote: those naming the distribution itself, not its platform builds."""
    own = [text for name, text in texts if name == distribution]
    return ", ".join(dict.fromkeys(own or [text for _, text in texts]))


def _marker_applies(marker: str) -> bool:
    # The detection package imports the target model, which imports this: import on use.
    from pylint_hubcompat.target.detection.markers import marker_applies  # pylint: disable=import-outside-toplevel

    return marker_applies(marker)


def known(package: str, version: Version) -> bool:
    """Whether the snapshot has metadata for ``package==version`` (the release exists for that package)."""
    return str(version) in _packages().get(package, {})


def has_package(package: str) -> bool:
    return package in _packages()


@functools.lru_cache(maxsize=1024)
def _requirement(text: str) -> Requirement | None:
    try:
        return Requirement(text)
    except InvalidRequirement:
        return None


@functools.cache
def _python_bits() -> dict[str, int]:
    """``"3.9"`` -> its bit in the Python universe: the snapshot spells Pythons as the universe does."""
    return {str(v): 1 << i for i, v in enumerate(universe(PYTHON).versions)}


def _python_text(pythons: list[object]) -> str:
    """``Python 3.9-3.11`` (the snapshot lists a release's Pythons in version order)."""
    if not pythons:
        return "no Python (no wheel)"
    return f"Python {pythons[0]}" if len(pythons) == 1 else f"Python {pythons[0]}-{pythons[-1]}"

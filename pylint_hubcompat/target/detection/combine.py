"""From many statements to one constraint per distribution: precedence and intersection.

Precedence, per distribution: lock files (what is installed) > everything the
project declares, intersected > the environment pylint runs in > the default.
A level that contradicts itself (``<2.10`` in one file, ``>=2.12`` in another;
two lock files locking different versions) is reported and skipped, so that
rules never fire on an impossible set of releases.

A bare name (``tensorflow`` with no version) constrains nothing: it does not
turn the target into "every release since 0.12", it leaves the answer to the
lower levels (what is installed, or the newest release pip would pick).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import combinations

from packaging.specifiers import SpecifierSet

from pylint_hubcompat.target import releases
from pylint_hubcompat.target.detection.declared import Declared
from pylint_hubcompat.target.detection.packaged import is_packaged_metadata
from pylint_hubcompat.target.environment import VARIABLES
from pylint_hubcompat.target.model import Constraint, Source
from pylint_hubcompat.target.snapshot import PYTHON

#: Records a problem: ``(path relative to the root, line, message)``.
Report = Callable[[str, int, str], None]


#: What the environment pylint runs in is asked about (its other packages are the linter's own).
_FROM_ENVIRONMENT = ("tensorflow", "tensorflow-hub", "tf-keras", "keras")
#: Taken from it too once it is asked anyway: reading it for these alone would cost every project that
#: pins the four above its metadata read, for a guess the project's own files rarely leave to it.
_ALONG = ("tensorflow-text", "setuptools")


def resolve(
    locked: Sequence[Declared],
    declared: Sequence[Declared],
    installed: Callable[[], Mapping[str, Constraint]],
    report: Report,
) -> dict[str, Constraint]:
    """The constraint of each distribution the project (or its environment) says anything about.

    ``installed`` is only called for a distribution the project leaves open:
    reading the environment's metadata costs more than reading most projects.
    """
    found: dict[str, Constraint] = {}
    asked = False
    for distribution in VARIABLES:
        constraint = from_locks(distribution, [d for d in locked if d.distribution == distribution], report)
        if constraint is None:
            constraint = from_declarations(distribution, _own(distribution, declared), report)
        if constraint is None and (distribution in _FROM_ENVIRONMENT or (asked and distribution in _ALONG)):
            constraint = installed().get(distribution)
            asked = True
        if constraint is not None:
            found[distribution] = constraint
    return found


def provider(locked: Sequence[Declared], declared: Sequence[Declared]) -> str:
    """The package that installs ``tensorflow``: the one the lock files (else the declarations) name most."""
    for level in (locked, declared):
        names = [d.package for d in level if d.distribution == "tensorflow" and d.package]
        if names:
            return max(dict.fromkeys(names), key=names.count)
    return "tensorflow"


def _own(distribution: str, declared: Sequence[Declared]) -> list[Declared]:
    """The statements about ``distribution``; packaged metadata only where no build file says anything.

    An ``*.egg-info`` beside a ``setup.py`` is a build product of it, perhaps a stale
    one: the build file is the source.  Unpacked wheels and sdists have nothing else.
    """
    mine = [d for d in declared if d.distribution == distribution]
    built = [d for d in mine if not is_packaged_metadata(d.path)]
    return built or mine


def unversioned(declared: Sequence[Declared], found: Mapping[str, Constraint]) -> dict[str, tuple[Source, ...]]:
    """Where a distribution the project names without a version (``tensorflow`` alone) is named.

    It constrains no version, but it is installed: the newest co-installable
    release is assumed for it, and the message says where it was named.
    """
    bare: dict[str, tuple[Source, ...]] = {}
    for statement in declared:
        if not statement.specifier and statement.distribution not in found and statement.distribution != PYTHON:
            bare[statement.distribution] = (*bare.get(statement.distribution, ()), statement.source)
    return {d: tuple(dict.fromkeys(s)) for d, s in bare.items()}


def from_locks(distribution: str, pins: Sequence[Declared], report: Report) -> Constraint | None:
    """The locked versions: all versions of one lock file, as long as the lock files agree."""
    per_file: dict[str, list[Constraint]] = {}
    for pin in pins:
        constraint = Constraint.build(distribution, pin.specifier, (pin.source,))
        if not constraint.releases:
            report(pin.path, pin.line, f"locked {distribution} `{pin.specifier}` is not a known release, skipped")
            continue
        per_file.setdefault(pin.path, []).append(constraint)
    if not per_file:
        return None
    unions = [union(distribution, [(None, c) for c in constraints]) for constraints in per_file.values()]
    if len({c.releases for c in unions}) > 1:
        first, second = unions[0], unions[1]
        where = second.sources[0]
        report(
            where.file,
            where.line,
            f"lock files disagree on {distribution}: {_versions(first)} ({first.source}) and "
            f"{_versions(second)} ({second.source}); the lock files are ignored for {distribution}",
        )
        return None
    return union(distribution, [(None, c) for c in unions])._replace(locked=True)


def from_declarations(distribution: str, statements: Sequence[Declared], report: Report) -> Constraint | None:
    """All declared constraints intersected; alternatives (markers, ``||``) joined."""
    constraining = [s for s in statements if s.specifier]
    if not constraining:
        return None
    common = [s for s in constraining if s.branch is None]
    branches: dict[str, list[Declared]] = {}
    for statement in constraining:
        if statement.branch is not None:
            branches.setdefault(statement.branch, []).append(statement)
    if not branches:
        return intersection(distribution, common, None, report)
    parts = []
    for branch, group in branches.items():
        constraint = intersection(distribution, [*common, *group], branch, report)
        if constraint is not None:
            parts.append((branch, constraint))
    return union(distribution, parts) if parts else None


def intersection(
    distribution: str, statements: Sequence[Declared], branch: str | None, report: Report
) -> Constraint | None:
    """One constraint admitting what every statement admits, or ``None`` (reported) if nothing is."""
    specifier = SpecifierSet()
    for statement in statements:
        specifier &= statement.specifier
    constraint = Constraint.build(distribution, specifier, _join((s.source,) for s in statements))
    if constraint.releases:
        return constraint
    culprits = _culprits(distribution, statements)
    described = " and ".join(f"`{s.specifier}` ({s.source})" for s in culprits)
    admit = "admits" if len(culprits) == 1 else "admit"
    when = f" when {branch}" if branch else ""
    last = culprits[-1]
    report(
        last.path,
        last.line,
        f"{described} {admit} no known {distribution} release{when}; the declared {distribution} versions are ignored",
    )
    return None


def union(distribution: str, parts: Sequence[tuple[str | None, Constraint]]) -> Constraint:
    """One constraint admitting what any of the alternatives admits."""
    if len(parts) == 1:
        return parts[0][1]
    specifiers = _unique(c.specifier for _, c in parts)
    if len(specifiers) > 1:
        specifiers = _unique(f"{c.specifier}; {label}" if label else c.specifier for label, c in parts)
    return Constraint(
        distribution,
        " || ".join(specifiers),
        _join(c.sources for _, c in parts),
        tuple(sorted({v for _, c in parts for v in c.releases})),
        any(c.newer_than_known for _, c in parts),
    )


def _culprits(distribution: str, statements: Sequence[Declared]) -> list[Declared]:
    """The smallest group of statements that already admits nothing, to name in the message."""
    for statement in statements:
        if not releases.admitted(distribution, statement.specifier)[0]:
            return [statement]
    for first, second in combinations(statements, 2):
        if not releases.admitted(distribution, first.specifier & second.specifier)[0]:
            return [first, second]
    return list(statements)


def _versions(constraint: Constraint) -> str:
    return releases.compact(constraint.distribution, constraint.releases)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _join(sources: Iterable[tuple[Source, ...]]) -> tuple[Source, ...]:
    return tuple(dict.fromkeys(source for group in sources for source in group))

"""What the project runs on: admitted releases of each distribution and where they came from.

A target is computed once per project root (never per module) and is plain,
picklable data so that it survives pylint's ``-j N`` workers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from pylint_hubcompat.target import releases
from pylint_hubcompat.target.distributions import DISTRIBUTIONS

#: Where a version came from when the project says nothing: the newest known
#: releases, i.e. what ``pip install tensorflow tensorflow-hub`` gives today.
DEFAULT_SOURCE = "default"
OPTION_SOURCE = "option"


class Constraint(NamedTuple):
    """The releases of one distribution the project admits, with their provenance."""

    distribution: str
    specifier: str
    source: str
    releases: tuple[Version, ...]
    newer_than_known: bool = False

    @classmethod
    def build(cls, distribution: str, specifier: str | SpecifierSet, source: str) -> Constraint:
        """Evaluate ``specifier`` against the known releases; ``ValueError`` if it is not one."""
        spec = specifier if isinstance(specifier, SpecifierSet) else releases.parse_specifier(specifier)
        admitted, newer = releases.admitted(distribution, spec)
        return cls(distribution, str(spec), source, admitted, newer)

    @property
    def conflicting(self) -> bool:
        """True when no release at all satisfies the constraint (e.g. ``>=2.16,<2.10``)."""
        return not self.releases

    def matching(self, specifier: str) -> tuple[Version, ...]:
        """The admitted releases that satisfy a rule's specifier text."""
        compiled = releases.specifier_set(specifier)
        return tuple(v for v in self.releases if compiled.contains(v, prereleases=True))

    def describe(self, subset: tuple[Version, ...] | None = None) -> str:
        """``tensorflow 2.16.1-2.21.0 admitted by `>=2.10` (pyproject.toml:12)``."""
        shown = self.releases if subset is None else subset
        versions = releases.compact(self.distribution, shown)
        if self.newer_than_known and shown and shown[-1] == self.releases[-1]:
            versions += " and newer"
        if self.source == DEFAULT_SOURCE:
            return f"{self.distribution} {versions} (assumed: the project declares no version)"
        spec = f"`{self.specifier}`" if self.specifier else "any version"
        return f"{self.distribution} {versions} admitted by {spec} ({self.source})"


class ConfigProblem(NamedTuple):
    """A configuration source that could not be read; it is skipped, never guessed."""

    path: str
    line: int
    message: str


@dataclass(frozen=True)
class Target:
    """The admitted releases of tensorflow, tensorflow-hub, tf-keras and keras."""

    root: Path | None
    constraints: tuple[Constraint, ...]
    #: Where ``TF_USE_LEGACY_KERAS`` is set to a true value for the whole project, if anywhere.
    legacy_keras_source: str | None = None
    problems: tuple[ConfigProblem, ...] = ()

    def __getitem__(self, distribution: str) -> Constraint:
        for constraint in self.constraints:
            if constraint.distribution == distribution:
                return constraint
        raise KeyError(distribution)

    def __iter__(self) -> Iterator[Constraint]:
        return iter(self.constraints)

    def override(self, distribution: str, specifier: str, source: str = OPTION_SOURCE) -> Target:
        """The same target with ``distribution`` pinned by a pylint option."""
        new = Constraint.build(distribution, specifier, source)
        kept = tuple(c for c in self.constraints if c.distribution != distribution)
        return replace(self, constraints=(*kept, new))


def default_constraints() -> dict[str, Constraint]:
    """The newest known release of every distribution, marked as the default."""
    result = {}
    for dist in DISTRIBUTIONS:
        newest = releases.known_releases(dist)[-1]
        result[dist] = Constraint(dist, f"=={newest}", DEFAULT_SOURCE, (newest,))
    return result


def default_target(root: Path | None = None) -> Target:
    return Target(root, tuple(default_constraints().values()))


def complete(
    root: Path | None,
    found: Mapping[str, Constraint],
    legacy_keras_source: str | None = None,
    problems: tuple[ConfigProblem, ...] = (),
) -> Target:
    """A target from what detection found, the defaults filling in the rest."""
    merged = default_constraints() | dict(found)
    return Target(root, tuple(merged[d] for d in DISTRIBUTIONS), legacy_keras_source, problems)

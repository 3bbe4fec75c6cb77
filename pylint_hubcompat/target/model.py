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

#: The kinds of :class:`Source`.
FILE = "file"
NOTEBOOK = "notebook"
OPTION = "option"
INSTALLED = "installed"
DEFAULT = "default"


class Source(NamedTuple):
    """Where a version or a setting came from: read, compared and shown, never parsed back from text."""

    kind: str
    #: The file, relative to the project root (``FILE``, ``NOTEBOOK``).
    file: str = ""
    #: The line of ``file``, or the cell of a notebook.
    line: int = 0
    #: The option's name (``OPTION``).
    text: str = ""

    def __str__(self) -> str:
        """``requirements.txt:3``, ``notebooks/tutorial.ipynb:cell 2``, ``tf-version option``, ``installed``."""
        if self.kind == FILE:
            return f"{self.file}:{self.line}"
        if self.kind == NOTEBOOK:
            return f"{self.file}:cell {self.line}"
        if self.kind == OPTION:
            return f"{self.text} option"
        return self.kind


#: What a version comes from when the project says nothing: the newest known
#: releases, i.e. what ``pip install tensorflow tensorflow-hub`` gives today.
DEFAULT_SOURCE = Source(DEFAULT)


class Constraint(NamedTuple):
    """The releases of one distribution the project admits, with their provenance."""

    distribution: str
    specifier: str
    sources: tuple[Source, ...]
    releases: tuple[Version, ...]
    newer_than_known: bool = False

    @classmethod
    def build(cls, distribution: str, specifier: str | SpecifierSet, sources: tuple[Source, ...]) -> Constraint:
        """Evaluate ``specifier`` against the known releases; ``ValueError`` if it is not one."""
        spec = specifier if isinstance(specifier, SpecifierSet) else releases.parse_specifier(specifier)
        admitted, newer = releases.admitted(distribution, spec)
        return cls(distribution, str(spec), sources, admitted, newer)

    @property
    def source(self) -> str:
        """The sources as users read them: ``requirements.txt:1, setup.py:5``."""
        return ", ".join(map(str, self.sources))

    @property
    def assumed(self) -> bool:
        """True when the project says nothing and the newest release is assumed."""
        return self.sources == (DEFAULT_SOURCE,)

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
        if self.assumed:
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
    legacy_keras_source: Source | None = None
    problems: tuple[ConfigProblem, ...] = ()

    def __getitem__(self, distribution: str) -> Constraint:
        for constraint in self.constraints:
            if constraint.distribution == distribution:
                return constraint
        raise KeyError(distribution)

    def __iter__(self) -> Iterator[Constraint]:
        return iter(self.constraints)

    def override(self, distribution: str, specifier: str, source: Source) -> Target:
        """The same target with ``distribution`` pinned by ``source`` (an option, a notebook's pin)."""
        new = Constraint.build(distribution, specifier, (source,))
        return replace(self, constraints=tuple(new if c.distribution == distribution else c for c in self.constraints))


def default_constraints() -> dict[str, Constraint]:
    """The newest known release of every distribution, marked as the default."""
    result = {}
    for dist in DISTRIBUTIONS:
        newest = releases.known_releases(dist)[-1]
        result[dist] = Constraint(dist, f"=={newest}", (DEFAULT_SOURCE,), (newest,))
    return result


def complete(
    root: Path | None,
    found: Mapping[str, Constraint],
    legacy_keras_source: Source | None = None,
    problems: tuple[ConfigProblem, ...] = (),
) -> Target:
    """A target from what detection found, the defaults filling in the rest."""
    merged = default_constraints() | dict(found)
    return Target(root, tuple(merged[d] for d in DISTRIBUTIONS), legacy_keras_source, problems)

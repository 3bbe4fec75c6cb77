"""What the project runs on: admitted releases of each distribution and where they came from.

A target is computed once per project root (never per module) and is plain,
picklable data so that it survives pylint's ``-j N`` workers.  What detection
finds is only the input (:class:`Inputs`); :func:`resolve` turns it into one
environment of co-installable releases (:mod:`.environment`), so an option or a
notebook's pin re-resolves the whole target, companions included.
"""

from __future__ import annotations

import functools
import platform
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from pylint_hubcompat.target import environment, releases, snapshot
from pylint_hubcompat.target.environment import ABSENT, ASSUMED, DECLARED, IMPLIED, UNKNOWN, VARIABLES, Link
from pylint_hubcompat.target.snapshot import PYTHON

#: The kinds of :class:`Source`.
FILE = "file"
NOTEBOOK = "notebook"
OPTION = "option"
INSTALLED = "installed"
DEFAULT = "default"
#: The Python running pylint, when the project names none.
INTERPRETER = "interpreter"


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
        if self.kind == INTERPRETER:
            return "the Python running pylint"
        return self.kind


#: What a version comes from when the project says nothing: the newest release
#: that fits the rest, i.e. what ``pip install tensorflow tensorflow-hub`` gives today.
DEFAULT_SOURCE = Source(DEFAULT)


class Constraint(NamedTuple):
    """The releases of one distribution the project admits, with their provenance."""

    distribution: str
    specifier: str
    sources: tuple[Source, ...]
    releases: tuple[Version, ...]
    newer_than_known: bool = False
    #: How the resolver decided it: ``declared``, ``implied``, ``assumed``, ``absent`` or ``unknown``.
    origin: str = DECLARED
    #: The requirements of other distributions that narrowed it (``implied`` and ``declared``).
    chain: tuple[Link, ...] = ()
    #: The release ``pip install`` gives (``None``: not installed, or no environment fits).
    picked: Version | None = None
    #: Read from a lock file: what is installed, not what may be.
    locked: bool = False

    @classmethod
    def build(cls, distribution: str, specifier: str | SpecifierSet, sources: tuple[Source, ...]) -> Constraint:
        """Evaluate ``specifier`` against the known releases; ``ValueError`` if it is not one."""
        spec = specifier if isinstance(specifier, SpecifierSet) else releases.parse_specifier(specifier)
        if distribution == PYTHON:
            pythons = snapshot.universe(PYTHON)
            return cls(distribution, str(spec), sources, pythons.values(pythons.mask(spec)))
        admitted, newer = releases.admitted(distribution, spec)
        return cls(distribution, str(spec), sources, admitted, newer)

    @property
    def source(self) -> str:
        """The sources as users read them: ``requirements.txt:1, setup.py:5``."""
        return ", ".join(map(str, self.sources))

    @property
    def assumed(self) -> bool:
        """True when the project gives no version and the newest co-installable release is assumed."""
        return self.origin == ASSUMED

    @property
    def installed(self) -> bool:
        """False when nothing installs it (``absent``) or no environment fits the declarations (``unknown``)."""
        return bool(self.releases)

    @property
    def span(self) -> str:
        """``2.16.1-2.21.0``: the admitted releases, runs joined by commas."""
        return snapshot.span(self.distribution, self.releases)

    def as_picked(self) -> Constraint:
        """The one release pip installs, described as such (rules about what ``pip install`` gives)."""
        if self.picked is None or self.origin in (ASSUMED, ABSENT, UNKNOWN) or self.releases == (self.picked,):
            return self
        picked: Constraint = Constraint._replace(self, releases=(self.picked,), newer_than_known=False, origin="picked")
        return picked

    def matching(self, specifier: str) -> tuple[Version, ...]:
        """The admitted releases that satisfy a rule's specifier text."""
        compiled = releases.specifier_set(specifier)
        return tuple(v for v in self.releases if compiled.contains(v, prereleases=True))

    @property
    def exact(self) -> bool:
        """One known release, and the project (a pin, a lock, an option) or what it requires says so.

        Not exact: a range of several releases, one the newest of a range that fits
        (``as_picked``), one assumed because nothing declares a version, a pin of a
        release newer than the known ones (the newest known stands in for it), or
        what the environment pylint runs in has installed (a guess for what the
        project leaves open: that environment need not be the project's).
        """
        return (
            len(self.releases) == 1
            and not self.newer_than_known
            and self.origin in (DECLARED, IMPLIED)
            and not all(source.kind == INSTALLED for source in self.sources)
        )

    def describe(self, subset: tuple[Version, ...] | None = None) -> str:
        """``tensorflow 2.16.1-2.21.0 admitted by `>=2.10` (pyproject.toml:12)``; ``tensorflow 2.15.1 (uv.lock:4)``.

        Messages name a version in their first sentence, so the common cases are
        short: a pin of one release (``==2.15.1``) is only that release and where
        it is pinned, a range's pick the newest that fits the range; the source
        is always named.
        """
        shown = self.releases if subset is None else subset
        if self.origin == UNKNOWN:
            return f"{self.distribution} (unknown: the declarations cannot be installed together)"
        if self.origin == ABSENT:
            return f"{self.distribution} (not installed: nothing requires it)"
        versions = snapshot.span(self.distribution, shown)
        if self.newer_than_known and shown and shown[-1] == self.releases[-1]:
            versions += " and newer"
        if self.origin == ASSUMED:
            if self.distribution == PYTHON:
                return f"Python {versions} ({_python_assumption(self)})"
            if self.sources and self.sources[0].kind == FILE:
                why = f"{self.source} gives no version"
                return f"{self.distribution} {versions} (assumed: the newest co-installable; {why})"
            return f"{self.distribution} {versions} (assumed: the newest co-installable; no version declared)"
        if self.origin == IMPLIED:
            return f"{self.distribution} {versions} implied by {links_text(self.chain)}"
        spec = f"`{self.specifier}`" if self.specifier else "any version"
        if self.origin == "picked":
            return f"{self.distribution} {versions} (the newest that fits {spec}, {self.source})"
        if self._pinned(shown):
            return f"{self.distribution} {versions} ({self.source})"
        text = f"{self.distribution} {versions} admitted by {spec} ({self.source})"
        if self.chain:
            text += f", as far as {links_text(self.chain)}"
        return text

    def _pinned(self, shown: tuple[Version, ...]) -> bool:
        """Whether the specifier is ``==`` the one release shown: the release and its source say all of it."""
        return (
            len(shown) == 1
            and self.releases == shown
            and not self.newer_than_known
            and not self.chain
            and self.specifier == f"=={shown[0]}"
        )


def links_text(chain: tuple[Link, ...]) -> str:
    """``tensorflow-text==2.13.*`` (cell 7), whose 2.13.0-2.13.1 releases require tensorflow<2.14,>=2.13.0."""
    parts = []
    for link in chain:
        plural = "release requires" if "," not in link.releases and "-" not in link.releases else "releases require"
        parts.append(f"{link.by}, whose {link.releases} {plural} {link.requirement}")
    return " and ".join(parts)


def _python_assumption(constraint: Constraint) -> str:
    if constraint.sources == (Source(INTERPRETER),) and str(constraint.releases[0]) == _interpreter_minor():
        return "assumed: the Python running pylint; the project names none"
    return "assumed: the newest Python every declared release has wheels for; the project names none"


def python_version() -> str:
    """The ``X.Y.Z`` of the Python running pylint: the project's Python when it names none."""
    return platform.python_version()


def _interpreter_minor() -> str:
    return ".".join(python_version().split(".")[:2])


class ConfigProblem(NamedTuple):
    """A configuration source that could not be read; it is skipped, never guessed."""

    path: str
    line: int
    message: str


class Inputs(NamedTuple):
    """What the resolver is given: kept on the target, so an option or a notebook's pin re-resolves it."""

    #: Per distribution (and ``python``), what the project's files, lock files, options or pins admit.
    declared: tuple[Constraint, ...] = ()
    #: Distributions named without a version, and where.
    unversioned: tuple[tuple[str, tuple[Source, ...]], ...] = ()
    #: The package that installs ``tensorflow`` (``tensorflow-gpu``, ``tensorflow-macos``...).
    provider: str = "tensorflow"
    #: Problems of the project's files (the resolver adds its own).
    problems: tuple[ConfigProblem, ...] = ()


_NO_INPUTS = Inputs()


@dataclass(frozen=True)
class Target:
    """The admitted releases of Python and every tracked distribution, installable together."""

    root: Path | None
    constraints: tuple[Constraint, ...]
    #: Where ``TF_USE_LEGACY_KERAS`` is set to a true value for the whole project, if anywhere.
    legacy_keras_source: Source | None = None
    problems: tuple[ConfigProblem, ...] = ()
    inputs: Inputs = _NO_INPUTS

    def __getitem__(self, distribution: str) -> Constraint:
        for constraint in self.constraints:
            if constraint.distribution == distribution:
                return constraint
        raise KeyError(distribution)

    def __iter__(self) -> Iterator[Constraint]:
        return iter(self.constraints)

    @functools.cached_property
    def environment_facts(self) -> Mapping[str, Any]:
        """The facts rules may ask of the environment itself (``vocabulary.TARGET_FACTS``), computed once."""
        from pylint_hubcompat.target import installs  # pylint: disable=import-outside-toplevel  # it reads Target

        return installs.facts(self)

    def fact(self, key: str) -> Any:
        return self.environment_facts.get(key)

    @functools.cached_property
    def as_installed(self) -> Target:
        """The one environment ``pip install`` of the declarations gives: each range's newest fitting release."""
        return replace(self, constraints=tuple(c.as_picked() for c in self.constraints))

    def override(self, distribution: str, specifier: str, source: Source, newest: bool = False) -> Target:
        """The same target with ``distribution`` pinned by ``source`` (an option, a notebook's pin), resolved again.

        ``newest``: what ``pip install`` of a range gives, the newest release it admits
        that fits the rest.  The project's declarations that exclude the pin move with
        it, as pip moves them for a notebook's ``pip install`` and as the user asks of
        an option (``--tf-version=2.21`` judges the project on TensorFlow 2.21 and the
        companions that go with it).
        """
        new = Constraint.build(distribution, specifier, (source,))
        declared = {c.distribution: c for c in self.inputs.declared} | {distribution: new}
        # The pin names TensorFlow, not the project's build of it (tensorflow-gpu has no 2.15).
        inputs = self.inputs._replace(provider="tensorflow") if distribution == "tensorflow" else self.inputs
        target = self._resolved(inputs, declared)
        if newest and target[distribution].releases:
            chosen = target[distribution].releases[-1]
            declared[distribution] = new._replace(releases=(chosen,))
            target = self._resolved(inputs, declared)
        for _ in VARIABLES:  # each round moves at least one declaration, or stops
            if target[distribution].origin != UNKNOWN:
                break
            excluded = {c.distribution for c in target if c.origin == UNKNOWN} - {distribution}
            moved = {d: declared[d].sources for d in excluded if d in declared and declared[d].sources[0].kind == FILE}
            named = dict(inputs.unversioned)
            dropped = {d for d in excluded if d in named and named[d][0].kind == FILE}
            if not moved and not dropped:
                break
            declared = {d: c for d, c in declared.items() if d not in moved}
            # A declared version moves (it is still installed, at whatever release fits the pin);
            # a bare name that cannot be installed with the pin at all is not installed.
            named = {d: s for d, s in named.items() if d not in dropped} | moved
            inputs = inputs._replace(unversioned=tuple(named.items()))
            target = self._resolved(inputs, declared)
        return target

    def _resolved(self, inputs: Inputs, declared: Mapping[str, Constraint]) -> Target:
        return resolve(self.root, inputs._replace(declared=tuple(declared.values())), self.legacy_keras_source)


def resolve(root: Path | None, inputs: Inputs, legacy_keras_source: Source | None = None) -> Target:
    """The target of what ``inputs`` declare: one environment of co-installable releases."""
    declared = {c.distribution: c for c in inputs.declared}
    unversioned = dict(inputs.unversioned)
    solution, facts = _solve(declared, unversioned, inputs.provider)
    constraints = []
    for variable in VARIABLES:
        outcome = solution.outcomes[variable]
        base = declared.get(variable)
        if variable in facts:
            constraint = facts[variable]
        elif base is not None and not base.releases:
            constraint = base  # a pin that admits no known release: nothing is guessed for it
        elif outcome.origin == DECLARED and base is not None:
            newer = base.newer_than_known and bool(outcome.releases) and outcome.releases[-1] == base.releases[-1]
            constraint = base._replace(
                releases=outcome.releases, newer_than_known=newer, chain=outcome.chain, picked=outcome.picked
            )
        elif outcome.origin == UNKNOWN and base is not None:
            constraint = base._replace(releases=(), newer_than_known=False, origin=UNKNOWN)
        else:
            implying = tuple(s for link in outcome.chain if link.via in declared for s in declared[link.via].sources)
            sources = (
                unversioned.get(variable)
                or (tuple(dict.fromkeys(implying)) if outcome.origin == IMPLIED else ())
                or ((Source(INTERPRETER),) if variable == PYTHON else (DEFAULT_SOURCE,))
            )
            constraint = Constraint(
                variable, "", sources, outcome.releases, False, outcome.origin, outcome.chain, outcome.picked
            )
        constraints.append(constraint)
    problems = inputs.problems + tuple(_conflict_problem(c, declared, unversioned) for c in solution.conflicts)
    return Target(root, tuple(constraints), legacy_keras_source, problems, inputs)


def _solve(
    declared: Mapping[str, Constraint], unversioned: Mapping[str, tuple[Source, ...]], provider: str
) -> tuple[environment.Solution, dict[str, Constraint]]:
    """The resolver's answer, and the lock files' pins it could not fit, kept as they are.

    What the environment pylint runs in has installed is a guess for what the
    project leaves open: when the project's declarations exclude it, it yields.
    What a lock file locks is installed, whatever the metadata says (``--no-deps``,
    an override): it stands, unchecked.  Everything else that cannot be installed
    together is the project's to fix, and is reported.
    """
    kept = dict(declared)
    facts: dict[str, Constraint] = {}
    interpreter = Version(python_version())
    while True:
        declarations = [environment.Declaration(d, c.releases, _label(c)) for d, c in kept.items() if c.releases]
        solution = environment.solve(declarations, unversioned, provider, interpreter)
        if not solution.conflicts:
            return solution, facts
        involved = [kept[d] for d in solution.conflicts[0].distributions if d in kept]
        guessed = [c for c in involved if all(s.kind == INSTALLED for s in c.sources)]
        present = [c for c in involved if c.locked or c in guessed]
        # Only what is there, all of it: it stands as it is (``installs`` says what then fails).
        there = len(present) == len(involved)
        standing = present if there else guessed
        if not standing:
            return solution, facts
        for constraint in standing:
            del kept[constraint.distribution]
            if there:
                facts[constraint.distribution] = constraint


def _label(constraint: Constraint) -> str:
    spec = constraint.specifier or ""
    return f"`{constraint.distribution}{spec}` ({constraint.source})"


def _conflict_problem(
    conflict: environment.Conflict, declared: Mapping[str, Constraint], unversioned: Mapping[str, tuple[Source, ...]]
) -> ConfigProblem:
    named_only = {d: Constraint(d, "", s, ()) for d, s in unversioned.items()}
    involved = [declared.get(d) or named_only[d] for d in conflict.distributions if d in declared or d in named_only]
    named = " and ".join(_label(c) for c in involved)
    where = involved[-1].sources[-1] if involved else DEFAULT_SOURCE
    together = "cannot be installed together" if len(involved) > 1 else "cannot be installed"
    names = " and ".join(conflict.distributions)
    message = f"{named} {together}: {conflict.reason}; nothing is assumed for {names}"
    if where.kind in (FILE, NOTEBOOK):
        return ConfigProblem(where.file, where.line or 1, message)
    return ConfigProblem(str(where), 1, message)


def complete(
    root: Path | None,
    found: Mapping[str, Constraint],
    legacy_keras_source: Source | None = None,
    problems: tuple[ConfigProblem, ...] = (),
    unversioned: Mapping[str, tuple[Source, ...]] | None = None,
    provider: str = "tensorflow",
) -> Target:
    """A target from what detection found: the resolver fills in the rest."""
    inputs = Inputs(tuple(found.values()), tuple((unversioned or {}).items()), provider, problems)
    return resolve(root, inputs, legacy_keras_source)

"""One environment of co-installable releases, from what the project declares.

A project does not run on "tensorflow 2.12-2.21" and, separately, "tensorflow-hub
0.14-0.16": it runs on releases pip can install together, on one Python.  Each
distribution (and Python) is a variable whose values are its known releases, and
"not installed" for the optional ones; each release's ``Requires-Dist`` (from
:mod:`.snapshot`) is a constraint on the others.  The sets are small, so plain arc
consistency over bit masks decides what can be installed together, and a greedy
pick in pip's spirit (newest first, backtracking on a conflict) decides what is
assumed where the project says nothing.

Three views come out, each with the chain of requirements behind it:

* *declared* distributions keep the releases they admit that fit the rest;
* *implied* ones (``tensorflow`` when only ``tensorflow-text==2.13.*`` is declared)
  keep the releases the requirements on them leave;
* *assumed* ones (declared without a version, or not at all) get the newest
  release that can be installed with the rest, or "not installed" when nothing
  requires them;

and, for rules about what ``pip install`` really produces, the one environment
pip would pick (:attr:`Solution.picked`).
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import NamedTuple

from packaging.version import Version

from pylint_hubcompat.target import snapshot
from pylint_hubcompat.target.distributions import DISTRIBUTIONS
from pylint_hubcompat.target.snapshot import PYTHON, Universe

#: In the order pip is assumed to pick them; Python first, as pip runs on one.
VARIABLES = (PYTHON, *DISTRIBUTIONS)
#: Always there: the interpreter, and the two the linted code imports.
REQUIRED = frozenset({PYTHON, "tensorflow", "tensorflow-hub"})

DECLARED = "declared"
IMPLIED = "implied"
ASSUMED = "assumed"
ABSENT = "absent"
UNKNOWN = "unknown"


class Link(NamedTuple):
    """One step of a chain: ``by`` (described) requires ``requirement`` of the distribution."""

    by: str
    releases: str
    requirement: str
    #: The distribution whose releases require it.
    via: str = ""


class Outcome(NamedTuple):
    """What the resolver decided for one variable."""

    releases: tuple[Version, ...]
    origin: str
    chain: tuple[Link, ...] = ()
    picked: Version | None = None


class Conflict(NamedTuple):
    """Declarations that cannot be installed together, and the requirement that excludes them."""

    distributions: tuple[str, ...]
    reason: str


class Solution(NamedTuple):
    outcomes: Mapping[str, Outcome]
    conflicts: tuple[Conflict, ...]


class Declaration(NamedTuple):
    """What the resolver is told about one variable: the releases the project admits, and how to name them."""

    distribution: str
    releases: tuple[Version, ...]
    #: ``tensorflow-text==2.13.*`` (notebooks/t.ipynb:cell 7), as chains quote it.
    label: str


def solve(
    declared: Sequence[Declaration],
    unversioned: Iterable[str] = (),
    provider: str = "tensorflow",
    interpreter: Version | None = None,
) -> Solution:
    """The environment the declarations admit (see the module's docstring)."""
    return _solve(tuple(declared), frozenset(unversioned), provider, interpreter)


@functools.lru_cache(maxsize=256)
def _solve(
    declared: tuple[Declaration, ...], unversioned: frozenset[str], provider: str, interpreter: Version | None
) -> Solution:
    model = _model(provider)
    domains, causes, by_name, conflicts = _consistent(model, {d.distribution: d for d in declared}, unversioned)
    unknown = {d for c in conflicts for d in c.distributions}
    origins = _origins(model, domains, by_name, unknown)
    # What pip installs is decided on what the declarations allow, before any assumption.
    picked = _pick_all(model, domains, interpreter)
    domains = _assume(model, domains, origins, interpreter)
    outcomes = {}
    for variable in VARIABLES:
        origin = origins[variable]
        values = () if origin == UNKNOWN else model.universes[variable].values(domains[variable])
        chain = _chain(model, variable, domains, causes, by_name, origins) if origin in (DECLARED, IMPLIED) else ()
        outcomes[variable] = Outcome(values, origin, chain, None if origin == UNKNOWN else picked.get(variable))
    return Solution(outcomes, tuple(conflicts))


def _consistent(
    model: _Model, by_name: dict[str, Declaration], unversioned: frozenset[str]
) -> tuple[dict[str, int], dict[str, set[str]], dict[str, Declaration], list[Conflict]]:
    """Arc-consistent domains of what the declarations admit, setting aside (and reporting) those that conflict."""
    conflicts: list[Conflict] = []
    while True:
        domains = _initial(model, by_name, unversioned)
        causes: dict[str, set[str]] = {v: set() for v in VARIABLES}
        if model.propagate(domains, causes=causes):
            return domains, causes, by_name, conflicts
        # The fewest declarations that exclude each other are reported, and set aside.
        culprits = _culprits(model, by_name, unversioned)
        if not culprits:  # only a snapshot that contradicts itself: it constrains nothing then
            return _initial(model, {}, frozenset()), causes, {}, conflicts
        conflicts.append(Conflict(culprits, _reason(model, culprits, by_name, unversioned)))
        by_name = {k: v for k, v in by_name.items() if k not in culprits}
        unversioned = unversioned - set(culprits)


def _assume(
    model: _Model, domains: dict[str, int], origins: dict[str, str], interpreter: Version | None
) -> dict[str, int]:
    """Each assumed variable, in pip's order, set to its newest value that fits what is decided (``origins`` too)."""
    frozen = {v for v, o in origins.items() if o in (DECLARED, IMPLIED)}
    for variable in VARIABLES:
        if variable in frozen or origins[variable] == UNKNOWN:
            continue
        choice = _pick(model, domains, variable, frozen, interpreter)
        if choice is not None:
            domains = choice
        frozen.add(variable)
        if domains[variable] == model.universes[variable].absent:
            origins[variable] = ABSENT
    return domains


def clear_cache() -> None:
    """Forget the resolved environments (the snapshot's compiled masks stay: they never change)."""
    _solve.cache_clear()


def _initial(model: _Model, declared: Mapping[str, Declaration], unversioned: frozenset[str]) -> dict[str, int]:
    domains = {}
    for variable in VARIABLES:
        universe = model.universes[variable]
        if variable in declared:
            mask = universe.mask_of(declared[variable].releases) or universe.releases_mask
        elif variable in REQUIRED or variable in unversioned:
            mask = universe.releases_mask
        else:
            mask = universe.releases_mask | universe.absent
        domains[variable] = mask & model.available[variable]
    return domains


def _origins(
    model: _Model, domains: Mapping[str, int], declared: Mapping[str, Declaration], unknown: set[str]
) -> dict[str, str]:
    """Declared, implied (a declared or implied release narrows it by a requirement on it), or assumed."""
    origins = {v: UNKNOWN if v in unknown else DECLARED for v in VARIABLES if v in declared or v in unknown}
    changed = True
    while changed:
        changed = False
        for variable in VARIABLES:
            if variable in origins or variable == PYTHON:
                continue
            if any(model.narrows(other, variable, domains[other]) for other in origins if origins[other] != UNKNOWN):
                origins[variable] = IMPLIED
                changed = True
    return {v: origins.get(v, ASSUMED) for v in VARIABLES}


def _pick(
    model: _Model,
    domains: dict[str, int],
    variable: str,
    frozen: set[str],
    interpreter: Version | None,
) -> dict[str, int] | None:
    """``domains`` with ``variable`` set to the newest value that fits what is already decided, or None."""
    for bit in _preference(model.universes[variable], domains[variable], interpreter if variable == PYTHON else None):
        trial = dict(domains)
        trial[variable] = bit
        if model.propagate(trial, frozen=frozen | {variable}):
            return trial
    return None


def _pick_all(model: _Model, domains: Mapping[str, int], interpreter: Version | None) -> dict[str, Version | None]:
    """One release of each: what ``pip install`` of the declarations gives, newest first with backtracking."""
    chosen = _backtrack(model, dict(domains), list(VARIABLES), interpreter, budget=[200])
    if chosen is None:
        return {}
    result: dict[str, Version | None] = {}
    for variable, mask in chosen.items():
        values = model.universes[variable].values(mask)
        result[variable] = values[-1] if values else None
    return result


def _backtrack(
    model: _Model, domains: dict[str, int], order: list[str], interpreter: Version | None, budget: list[int]
) -> dict[str, int] | None:
    if not order:
        return domains
    variable, rest = order[0], order[1:]
    for bit in _preference(model.universes[variable], domains[variable], interpreter if variable == PYTHON else None):
        budget[0] -= 1
        if budget[0] < 0:
            return None
        trial = dict(domains)
        trial[variable] = bit
        if model.propagate(trial):
            found = _backtrack(model, trial, rest, interpreter, budget)
            if found is not None:
                return found
    return None


def _preference(universe: Universe, mask: int, interpreter: Version | None) -> Iterable[int]:
    """Single-value masks in the order pip would try them: not installed (when allowed), then newest first."""
    if mask & universe.absent:
        yield universe.absent
    order = list(range(len(universe.versions) - 1, -1, -1))
    if interpreter is not None:
        minor = Version(f"{interpreter.major}.{interpreter.minor}")
        order.sort(key=lambda i: universe.versions[i] != minor)
    for i in order:
        if mask >> i & 1:
            yield 1 << i


def _chain(
    model: _Model,
    variable: str,
    domains: Mapping[str, int],
    causes: Mapping[str, set[str]],
    declared: Mapping[str, Declaration],
    origins: Mapping[str, str],
    depth: int = 0,
) -> tuple[Link, ...]:
    """Why ``variable`` admits what it does: the distributions whose requirements narrowed it."""
    links = []
    implying = set()
    if origins.get(variable) == IMPLIED:
        implying = {
            o for o in VARIABLES if origins.get(o) in (DECLARED, IMPLIED) and model.narrows(o, variable, domains[o])
        }
    for other in sorted(set(causes.get(variable, ())) | implying, key=VARIABLES.index):
        if other == variable:
            continue
        texts = model.requirement_texts(other, variable, domains[other])
        if not texts:
            continue
        if other in declared:
            by = declared[other].label
        elif origins.get(other) == IMPLIED and depth < 2:
            inner = _chain(model, other, domains, causes, declared, origins, depth + 1)
            by = f"{other} {_compact(model, other, domains[other])}"
            if inner:
                by += f" (implied by {inner[0].by})"
        else:
            by = f"{other} {_compact(model, other, domains[other])}"
        requiring = _compact(model, other, model.requiring(other, variable, domains[other]))
        links.append(Link(by, requiring, texts, other))
    # What the project itself declares explains best; otherwise the first step of the chain.
    direct = [link for link in links if link.via in declared]
    return tuple(direct or links[:1])


def _compact(model: _Model, variable: str, mask: int) -> str:
    return snapshot.span(variable, model.universes[variable].values(mask))


def _culprits(model: _Model, declared: Mapping[str, Declaration], unversioned: frozenset[str]) -> tuple[str, ...]:
    """The fewest declarations (a bare name is one: it must be installed) that already cannot be installed together."""
    names = [v for v in VARIABLES if v in declared or v in unversioned]
    for size in range(1, len(names) + 1):
        for group in combinations(names, size):
            trial = _initial(model, {n: declared[n] for n in group if n in declared}, unversioned & set(group))
            if not model.propagate(trial):
                return group
    return tuple(names)


def _reason(
    model: _Model, culprits: Sequence[str], declared: Mapping[str, Declaration], unversioned: frozenset[str]
) -> str:
    """The requirements between the culprits that exclude each other, as users read them."""
    domains = _initial(model, {n: declared[n] for n in culprits if n in declared}, unversioned & set(culprits))
    parts = []
    for first in culprits:
        for second in culprits:
            if first == second:
                continue
            texts = model.requirement_texts(first, second, domains[first])
            if texts:
                parts.append(f"{first} {_compact(model, first, domains[first])} requires {texts}")
    if not parts:  # the requirement is of a distribution in between (tf-keras between tensorflow-hub and tensorflow)
        for first in culprits:
            for middle in VARIABLES:
                texts = model.requirement_texts(first, middle, domains[first])
                if middle not in culprits and texts:
                    parts.append(f"{first} {_compact(model, first, domains[first])} requires {texts}")
    if len(culprits) == 1 and not parts:
        return f"no release of {culprits[0]} it admits is published for that package"
    return "; ".join(dict.fromkeys(parts))


class _Model:
    """The universes and the pairwise compatibility of every value, for one TensorFlow package."""

    def __init__(self, provider: str) -> None:
        self.provider = provider
        self.universes = {v: snapshot.universe(v) for v in VARIABLES}
        self.available = {v: self._available(v) for v in VARIABLES}
        #: For each variable and value index, what it can be installed with.
        self._edges = {v: [self._edges_of(v, version) for version in self.universes[v].versions] for v in VARIABLES}
        pairs = {(a, b) for a in VARIABLES for edges in self._edges[a] for b, _ in edges}
        self.arcs: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for a, b in pairs | {(b, a) for a, b in pairs}:
            self.arcs[(a, b)] = self._groups(a, b)
        self.incoming: dict[str, list[tuple[str, str]]] = {v: [] for v in VARIABLES}
        for a, b in self.arcs:
            self.incoming[b].append((a, b))

    def package(self, variable: str) -> str:
        return self.provider if variable == "tensorflow" else variable

    def _edges_of(self, variable: str, version: Version) -> tuple[tuple[str, int], ...]:
        if variable == PYTHON:
            return snapshot.NO_EDGES
        return snapshot.edges(self.package(variable), version)

    def _available(self, variable: str) -> int:
        """Releases published for the package (a ``tensorflow-gpu`` pin admits only tensorflow-gpu's)."""
        universe = self.universes[variable]
        package = self.package(variable)
        if variable == PYTHON or not snapshot.has_package(package):
            return universe.releases_mask | universe.absent
        published = tuple(v for v in universe.versions if snapshot.known(package, v))
        return universe.mask_of(published) | universe.absent

    def requirement(self, variable: str, index: int, other: str) -> int:
        """The values of ``other`` the value ``index`` of ``variable`` can be installed with, by its own needs."""
        universe = self.universes[other]
        allowed = self._edge(variable, index, other) if index < len(self._edges[variable]) else None
        return universe.releases_mask | universe.absent if allowed is None else allowed

    def _groups(self, a: str, b: str) -> list[tuple[int, int]]:
        """The values of ``a`` grouped by the values of ``b`` they fit with (both ways of requiring)."""
        size_a = len(self.universes[a].versions) + 1
        size_b = len(self.universes[b].versions) + 1
        by_requirement: dict[int, int] = {}
        for j in range(size_b):
            mask = self.requirement(b, j, a)
            by_requirement[mask] = by_requirement.get(mask, 0) | 1 << j
        groups: dict[int, int] = {}
        for i in range(size_a):
            reverse = 0
            for mask, members in by_requirement.items():
                if mask >> i & 1:
                    reverse |= members
            fits = self.requirement(a, i, b) & reverse
            groups[fits] = groups.get(fits, 0) | 1 << i
        return [(members, fits) for fits, members in groups.items()]

    def propagate(
        self,
        domains: dict[str, int],
        frozen: set[str] | frozenset[str] = frozenset(),
        causes: dict[str, set[str]] | None = None,
    ) -> bool:
        """Arc consistency in place; False when a variable has no value left.

        A ``frozen`` variable is never narrowed (what the project declares stays as
        declared when an assumption is tried), but it must keep a value that fits.
        """
        queue = deque(self.arcs)
        queued = set(queue)
        while queue:
            arc = queue.popleft()
            queued.discard(arc)
            a, b = arc
            current = domains[a]
            fitting = domains[b]
            new = current
            for members, fits in self.arcs[arc]:
                if new & members and not fits & fitting:
                    new &= ~members
            if new == current:
                continue
            if new == 0:
                return False
            if a in frozen:
                continue
            domains[a] = new
            if causes is not None:
                causes[a].add(b)
            for incoming in self.incoming[a]:
                if incoming[0] != b and incoming not in queued:
                    queue.append(incoming)
                    queued.add(incoming)
        return True

    def narrows(self, variable: str, other: str, mask: int) -> bool:
        """Whether the admitted values of ``variable`` say something of ``other`` beyond "install any release".

        That is: one requires a range narrower than every release, or some require
        it and some do not (``tensorflow-hub>=0.16``: only 0.16.1 needs tf-keras).
        """
        full = self.universes[other].releases_mask
        requiring = admitted = 0
        for i in range(len(self.universes[variable].versions)):
            if mask >> i & 1:
                admitted += 1
                allowed = self._edge(variable, i, other)
                if allowed is not None:
                    if allowed & full != full:
                        return True
                    requiring += 1
        return 0 < requiring < admitted

    def requiring(self, variable: str, other: str, mask: int) -> int:
        """The admitted values of ``variable`` that require ``other`` at all."""
        result = 0
        for i in range(len(self.universes[variable].versions)):
            if mask >> i & 1 and self._edge(variable, i, other) is not None:
                result |= 1 << i
        return result

    def _edge(self, variable: str, index: int, other: str) -> int | None:
        for name, allowed in self._edges[variable][index]:
            if name == other:
                return allowed
        return None

    def requirement_texts(self, variable: str, other: str, mask: int) -> str:
        """``tensorflow<2.14,>=2.13.0``: what the admitted values of ``variable`` require of ``other``."""
        universe = self.universes[variable]
        texts: dict[str, None] = {}
        for i, version in enumerate(universe.versions):
            if mask >> i & 1:
                for name, text in snapshot.requirement_texts(self.package(variable), version):
                    if name == other:
                        texts[text] = None
        shown = list(texts)
        if len(shown) > 3:
            shown = [shown[0], "...", shown[-1]]
        return " or ".join(shown)


@functools.cache
def _model(provider: str) -> _Model:
    # A build the snapshot does not know (a nightly, a vendor's) requires what tensorflow's releases do.
    return _Model(provider if snapshot.has_package(provider) else "tensorflow")

"""The dependency changes of a plan: which declarations move, to what, and the edits that say it.

TensorFlow moves to the release of the line planned for.  A companion moves when
its declaration cannot be installed there (``tensorflow-text==2.12.1`` beside
TensorFlow 2.21), or when moving it to the newest release that fits leaves fewer
findings (:func:`choose`: ``tensorflow-hub==0.13.0`` cannot even be imported on
2.16+).  Each move is written where the project declares it, in its own style
(:class:`~pylint_hubcompat.fixes.dependencies.specifier_edits.Moving`); what a lock
file, a notebook's pin or an option decides is left for a person, and named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from pylint_hubcompat.files.text_edits import Edit, apply
from pylint_hubcompat.fixes.dependencies import files
from pylint_hubcompat.fixes.dependencies.dependency_file import DependencyFile
from pylint_hubcompat.fixes.dependencies.specifier_edits import Moving
from pylint_hubcompat.plan.lines import TENSORFLOW, Line, known_lines
from pylint_hubcompat.plan.survey import COMPANIONS, Judged, Occurrence
from pylint_hubcompat.rulebook.loading import Rule
from pylint_hubcompat.target.model import FILE, NOTEBOOK, Constraint, Source, Target


class Change(NamedTuple):
    """One line of a dependency file, before and after."""

    file: str
    line: int
    before: str
    after: str


class Move(NamedTuple):
    """A distribution the plan moves, and how it is written."""

    distribution: str
    release: Version
    #: Why: ``the line planned for``, ``clears hub-version-conflict (2)``...
    reason: str
    #: Where the project declares it (none: nothing does).
    sources: tuple[Source, ...]
    #: The edits of the project's files; () when none can say it (a lock, a notebook's pin).
    edits: tuple[Edit, ...] = ()
    changes: tuple[Change, ...] = ()
    #: Why a person must make it, where no edit can (``a lock file is written by its tool``).
    by_hand: str = ""

    @property
    def automatic(self) -> bool:
        return bool(self.edits)


def environmental(rules: Iterable[Rule]) -> frozenset[str]:
    """The rules that fire on an import itself, whatever the code does: only other versions cure them."""
    return frozenset(
        rule.symbol
        for rule in rules
        if all(a.selector == "import" and not a.condition.facts for a in rule.alternatives)
    )


def choose(judged: Judged, environment_rules: frozenset[str]) -> int:
    """The index of the last line's scenario to plan for: the fewest findings only versions cure,
    then the fewest findings, then the fewest companions moved."""
    last = judged.last.column

    def cost(index: int) -> tuple[int, int, int]:
        found = judged.found[index]
        cured_by_versions = sum(1 for o in found if o.symbol in environment_rules)
        return cured_by_versions, len(found), len(judged.scenarios[index].moves)

    return min((i for i, s in enumerate(judged.scenarios) if s.column == last and s.line is not None), key=cost)


def moves_of(now: Target, judged: Judged, chosen: int) -> tuple[Move, ...]:
    """The moves that take the subject from ``now`` to the chosen scenario, with their edits."""
    scenario = judged.scenarios[chosen]
    line = scenario.line
    if line is None:
        return ()
    declared = {c.distribution: c for c in now.inputs.declared}
    named = dict(now.inputs.unversioned)
    found: list[Move] = []
    tensorflow = Moving(TENSORFLOW, line.release, _cap(line))
    if not tensorflow.within(_specifier(declared.get(TENSORFLOW))):
        found.append(_move(now, tensorflow, "the line planned for", declared, named))
    cleared = _difference(judged.found[judged.scenarios.index(judged.last)], judged.found[chosen])
    moved_here = dict(scenario.moves)
    for distribution in COMPANIONS:
        constraint = declared.get(distribution)
        if constraint is None or not constraint.specifier or not scenario.target[distribution].releases:
            continue
        # A companion the scenario moved was judged on that release alone.
        moving = Moving(distribution, scenario.target[distribution].releases[-1], floor=distribution in moved_here)
        if moving.within(_specifier(constraint)):
            continue
        if distribution in moved_here:
            reason = cleared or "the newest release that fits"
        else:
            reason = f"`{distribution}{constraint.specifier}` cannot be installed with tensorflow {line.release}"
        found.append(_move(now, moving, reason, declared, named))
    return tuple(found)


def _cap(line: Line) -> str:
    """``<2.19`` when newer lines are known: pip must not install past the line planned for."""
    newer = [known for known in known_lines() if known.minor > line.minor]
    return f"<{line.minor[0]}.{line.minor[1] + 1}" if newer else ""


def _specifier(constraint: Constraint | None) -> SpecifierSet:
    return SpecifierSet(constraint.specifier if constraint is not None else "")


def _difference(before: list[Occurrence], after: list[Occurrence]) -> str:
    """What a scenario's moves change on the last line.

    ``clears hub-version-conflict (2); brings hub-api-removed (1)``.
    """

    def counted(verb: str, found: Counter[str]) -> str:
        return (f"{verb} " + ", ".join(f"{s} ({n})" for s, n in sorted(found.items()))) if found else ""

    was, will = Counter(o.symbol for o in before), Counter(o.symbol for o in after)
    return "; ".join(p for p in (counted("clears", was - will), counted("brings", will - was)) if p)


def _move(
    now: Target,
    moving: Moving,
    reason: str,
    declared: dict[str, Constraint],
    named: dict[str, tuple[Source, ...]],
) -> Move:
    constraint = declared.get(moving.distribution)
    sources = constraint.sources if constraint is not None else named.get(moving.distribution, ())
    own = tuple(s for s in sources if s.kind in (FILE, NOTEBOOK))
    narrowed = files.narrow(now, moving)
    if narrowed is None or not narrowed.edits or now.root is None:
        return Move(moving.distribution, moving.release, reason, own, by_hand=_by_hand(now, own))
    return Move(
        moving.distribution, moving.release, reason, own, narrowed.edits, _changes(now.root, own, narrowed.edits)
    )


def _by_hand(now: Target, sources: tuple[Source, ...]) -> str:
    """Why no edit here can make a move."""
    if not sources:
        return "nothing declares it: declare it"
    if any(s.kind == NOTEBOOK for s in sources):
        return "a notebook's `!pip install` line is not edited: change the pin there"
    if any(c.locked for c in now.inputs.declared if c.sources == sources) or (
        now.root is not None and files.has_lock(now.root)
    ):
        return "the project has a lock file, which its tool must write again: re-lock with this release"
    return "that file is not edited here: change the declaration there"


def _changes(root: Path, sources: tuple[Source, ...], edits: tuple[Edit, ...]) -> tuple[Change, ...]:
    """The declarations' lines as they read before and after the edits."""
    changes = []
    for source in sources:
        file = DependencyFile.read(root, source.file)
        if file is None:
            continue
        mine = [e for e in edits if e.path == file.path]
        after = DependencyFile(file.path, file.name, apply(file.text, mine))
        before_line, after_line = file.line(source.line).strip(), after.line(source.line).strip()
        if before_line != after_line:
            changes.append(Change(source.file, source.line, before_line, after_line))
    return tuple(changes)

"""A plan as data: the table of findings per release line, and the changes that clear the last line.

Built from the survey (what each line finds, :mod:`.survey`), the moves
(:mod:`.moves`) and the fixes ``hubcompat fix`` makes on what the moves leave,
counted the way ``fix`` counts them: what is left after the automatic part is
what a person must do.  Every renderer (:mod:`.render`) reads this one record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

from pylint_hubcompat.files import locations
from pylint_hubcompat.plan.moves import Move
from pylint_hubcompat.plan.survey import LINE_SOURCE, NOW, PLAN_SOURCE, Judged, Occurrence
from pylint_hubcompat.rulebook.loading import Rule, builtin_rules
from pylint_hubcompat.target.environment import DECLARED
from pylint_hubcompat.target.model import Source, Target

#: First locations shown per rule.
FIRST_SHOWN = 3
#: The plan's own sources of a version, as the target lines show them.
_SHOWN_SOURCES: dict[tuple[Source, ...], str] = {
    (PLAN_SOURCE,): "moved by hand",
    (LINE_SOURCE,): "the line planned for",
}
#: How an occurrence's place is shown: ``src/a.py:3:8``, ``nb.ipynb:cell 2:3:8``.
Locator = Callable[[Occurrence], str]


class Row(NamedTuple):
    """One rule across the columns."""

    symbol: str
    id: str
    counts: tuple[int, ...]
    #: The first line where it is found, and the first after that where it is not ("" : never).
    starts: str
    stops: str
    #: Where it is found first, on the last column that has it (``path:line:column``, ``nb.ipynb:cell 3:2:0``).
    first: tuple[str, ...]


class FixCount(NamedTuple):
    """The code fixes of one rule on the planned target."""

    symbol: str
    id: str
    safety: str
    #: Findings there, and how many the automatic part fixes (unsafe ones only with ``--unsafe-fixes``).
    found: int
    fixed: int


class Left(NamedTuple):
    """What a person must change: one rule's findings no fix makes."""

    symbol: str
    id: str
    findings: int
    url: str
    first: tuple[str, ...]


class SubjectPlan(NamedTuple):
    """The plan of one project (or one notebook with its own pins)."""

    name: str
    #: What it runs on now, and on the line planned for, once the moves are made.
    now: str
    after: str
    columns: tuple[str, ...]
    #: The TensorFlow release each line column is judged on ("" for ``now``).
    releases: tuple[str, ...]
    rows: tuple[Row, ...]
    line: str
    release: str
    moves: tuple[Move, ...]
    fixes: tuple[FixCount, ...]
    left: tuple[Left, ...]
    #: Findings whose fix is unsafe, left because ``--unsafe-fixes`` was not given.
    unsafe_left: int

    @property
    def clean(self) -> bool:
        """Whether the automatic part leaves nothing: every move written, every finding fixed."""
        return not self.left and not self.unsafe_left and all(m.automatic for m in self.moves)


class Fixed(NamedTuple):
    """What ``fix`` does on the planned target: per rule, findings there, fixes made and left unmade.

    ``person`` holds the findings left with no fix, where the second lint found them
    (after the fixes, lines move, and the moves may make another target than the
    chosen scenario judged): that lint, not the survey, says where they are.
    """

    found: Counter[str]
    made: Counter[str]
    unmade: Counter[str]
    person: list[Occurrence]

    @classmethod
    def nothing(cls) -> Fixed:
        return cls(Counter(), Counter(), Counter(), [])


def subject_plan(
    name: str,
    judged: Judged,
    chosen: int,
    moves: tuple[Move, ...],
    fixed: Fixed,
    planned: Target | None,
    where: Locator,
) -> SubjectPlan:
    """The plan of one subject: its table, the moves, and what ``fix`` leaves on the chosen scenario."""
    rules = {r.symbol: r for r in builtin_rules()}
    fixes, left = _fixes_and_left(fixed, rules, where)
    unsafe_left = sum(count for symbol, count in fixed.unmade.items() if symbol in rules)
    line = judged.scenarios[chosen].line
    return SubjectPlan(
        name,
        _runs_on(judged.scenarios[0].target),
        _runs_on(planned) if planned is not None and moves else "",
        tuple(s.column for s in judged.lines),
        tuple(str(s.line.release) if s.line else "" for s in judged.lines),
        _rows(judged, rules, where),
        line.label if line else "",
        str(line.release) if line else "",
        moves,
        fixes,
        left,
        unsafe_left,
    )


def _rows(judged: Judged, rules: dict[str, Rule], where: Locator) -> tuple[Row, ...]:
    """One row per rule found on some column, in the order they start."""
    columns = tuple(s.column for s in judged.lines)
    found = [judged.found[judged.scenarios.index(s)] for s in judged.lines]
    rows = []
    for symbol, rule in rules.items():
        counts = tuple(sum(1 for o in column if o.symbol == symbol) for column in found)
        if not any(counts):
            continue
        starts, stops = _span(columns, counts)
        last = max(i for i, count in enumerate(counts) if count)
        first = tuple(where(o) for o in found[last] if o.symbol == symbol)[:FIRST_SHOWN]
        rows.append(Row(symbol, rule.id, counts, starts, stops, first))
    rows.sort(key=lambda r: (_first_found(r), r.symbol))
    return tuple(rows)


def _fixes_and_left(
    fixed: Fixed, rules: dict[str, Rule], where: Locator
) -> tuple[tuple[FixCount, ...], tuple[Left, ...]]:
    """Per rule on the planned target: the fixes ``fix`` makes, and the findings it leaves to a person."""
    fixes = []
    left = []
    for symbol, count in sorted(fixed.found.items()):
        rule = rules.get(symbol)
        if rule is None:
            continue
        if rule.autofix is not None and (fixed.made[symbol] or fixed.unmade[symbol]):
            fixes.append(FixCount(symbol, rule.id, rule.autofix.safety, count, fixed.made[symbol]))
        person = [o for o in fixed.person if o.symbol == symbol]
        if person:
            first = tuple(where(o) for o in person[:FIRST_SHOWN])
            left.append(Left(symbol, rule.id, len(person), locations.rule_url(symbol), first))
    return tuple(fixes), tuple(left)


def _span(columns: tuple[str, ...], counts: tuple[int, ...]) -> tuple[str, str]:
    """The first release line with findings, and the first line after it without ("" where none)."""
    lines = [(c, n) for c, n in zip(columns, counts) if c != NOW]
    starts = next((c for c, n in lines if n), "")
    if not starts:
        return "", ""
    after = lines[[c for c, _ in lines].index(starts) :]
    stops = next((c for c, n in after if not n), "")
    return starts, stops


def _first_found(row: Row) -> int:
    return next(i for i, count in enumerate(row.counts) if count)


def _runs_on(target: Target) -> str:
    """``tensorflow 2.12.0 (requirements.txt:1), keras 2.12.0 (implied), tensorflow-text 2.21.1 (assumed)``."""
    shown = ("tensorflow", "tensorflow-hub", "tf-keras", "keras", "tensorflow-text")
    parts = []
    for constraint in (target[d] for d in shown):
        if not constraint.installed:
            continue
        if constraint.origin != DECLARED:
            where = constraint.origin
        else:
            where = _SHOWN_SOURCES.get(constraint.sources, constraint.source)
        parts.append(f"{constraint.distribution} {constraint.span} ({where})")
    return ", ".join(parts)

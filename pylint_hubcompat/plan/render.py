"""A plan for people and for programs: a terminal table, Markdown, JSON.

The table is the point: release lines as columns, rules as rows, counts in the
cells, read at a glance.  Markdown is the same table for a pull-request comment
or ``$GITHUB_STEP_SUMMARY``; JSON has the same content for dashboards and bots.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from pylint_hubcompat.files import locations
from pylint_hubcompat.plan.moves import Move
from pylint_hubcompat.plan.outline import Row, SubjectPlan

FORMATS = ("text", "markdown", "json")
#: What a cell without findings shows.
NONE = "."
APPLY = "hubcompat plan --apply"


def render(plans: Sequence[SubjectPlan], format_name: str) -> str:
    if format_name == "json":
        return json.dumps({"hubcompat-plan": 1, "projects": [as_json(p) for p in plans]}, indent=2) + "\n"
    renderer = markdown if format_name == "markdown" else text
    return "\n".join(renderer(p) for p in plans)


# -- text ------------------------------------------------------------------------------


def text(plan: SubjectPlan) -> str:
    out = [f"{plan.name}: plan to TensorFlow {plan.line} ({plan.release})", f"  now: {plan.now}", ""]
    out += _table(plan)
    out.append("")
    out += [f"{'  ' * (depth + 1)}{item}" for depth, item in _changes(plan, str)]
    return "\n".join(out) + "\n"


def _table(plan: SubjectPlan) -> list[str]:
    if not plan.rows:
        return [f"  no finding on any line from {plan.columns[1]} to {plan.line}"]
    width = max(len(r.symbol) for r in plan.rows)
    cells = [max(len(c), 3) for c in plan.columns]
    header = "  " + "rule".ljust(width) + "".join(f"  {c:>{w}}" for c, w in zip(plan.columns, cells))
    lines = [header]
    for row in plan.rows:
        counts = "".join(f"  {(str(n) if n else NONE):>{w}}" for n, w in zip(row.counts, cells))
        lines.append(f"  {row.symbol.ljust(width)}{counts}  {_when(row)}".rstrip())
    return lines


def _when(row: Row) -> str:
    if not row.starts:
        return "now only"
    return f"from {row.starts} to {row.stops} (gone from {row.stops})" if row.stops else f"from {row.starts}"


def _changes(plan: SubjectPlan, code: Callable[[str], str]) -> list[tuple[int, str]]:
    """The plan's items, each with its depth: headings at 0, their entries at 1."""
    out = []
    if plan.moves:
        out.append((0, "Dependencies:"))
        out += [(1, line) for move in plan.moves for line in _move_lines(move, code)]
    if plan.fixes:
        out.append((0, "Code fixes:"))
        for fix in plan.fixes:
            how = f"{fix.fixed} of {fix.found} automatic"
            if fix.safety != "safe" and fix.fixed < fix.found:
                how += f", {fix.found - fix.fixed} more with --unsafe-fixes"
            out.append((1, f"{code(fix.symbol)} ({fix.id}, {fix.safety} fix): {how}"))
    if plan.left:
        out.append((0, "Left for a person:"))
        for left in plan.left:
            where = ", ".join(code(w) for w in left.first)
            more = ", ..." if left.findings > len(left.first) else ""
            out.append((1, f"{code(left.symbol)} ({left.id}) x{left.findings}: {where}{more}; {left.url}"))
    manual = [m for m in plan.moves if not m.automatic]
    out.append((0, _verdict(plan, manual)))
    if plan.after:
        out.append((0, f"After the moves: {plan.after}"))
    return out


def _move_lines(move: Move, code: Callable[[str], str]) -> list[str]:
    if move.changes:
        return [
            f"{code(f'{c.file}:{c.line}')}: {code(c.before)} -> {code(c.after)} ({move.reason})" for c in move.changes
        ]
    where = ", ".join(code(str(s)) for s in move.sources) or code(move.distribution)
    return [f"{where}: {move.distribution} {move.release} by hand ({move.reason}); {move.by_hand}"]


def _verdict(plan: SubjectPlan, manual: list[Move]) -> str:
    if plan.clean:
        return f"Clean on {plan.line} once `{APPLY}` has run." if plan.moves or plan.fixes else f"Clean on {plan.line}."
    parts = []
    if manual:
        parts.append(f"{len(manual)} dependency move{'s' if len(manual) != 1 else ''} by hand")
    person = sum(left.findings for left in plan.left)
    if person:
        parts.append(f"{person} finding{'s' if person != 1 else ''} for a person")
    if plan.unsafe_left:
        parts.append(f"{plan.unsafe_left} more fixed with --unsafe-fixes")
    return f"Not clean on {plan.line} after the automatic part: " + ", ".join(parts) + "."


# -- markdown --------------------------------------------------------------------------


def markdown(plan: SubjectPlan) -> str:
    out = [f"### hubcompat plan: `{plan.name}` to TensorFlow {plan.line}", "", f"Now: {plan.now}", ""]
    if plan.rows:
        out.append("| rule | " + " | ".join(plan.columns) + " | |")
        out.append("|---|" + "---:|" * len(plan.columns) + "---|")
        for row in plan.rows:
            link = f"[`{row.symbol}`]({locations.rule_url(row.symbol)})"
            counts = " | ".join(str(n) if n else NONE for n in row.counts)
            out.append(f"| {link} | {counts} | {_when(row)} |")
    else:
        out.append(f"No finding on any line from {plan.columns[1]} to {plan.line}.")
    out.append("")
    out += [f"{'  ' * depth}- {item}" for depth, item in _changes(plan, _code)]
    return "\n".join(out) + "\n"


def _code(value: str) -> str:
    return f"`{value}`"


# -- json ------------------------------------------------------------------------------


def as_json(plan: SubjectPlan) -> dict[str, Any]:
    return {
        "name": plan.name,
        "now": plan.now,
        "line": plan.line,
        "release": plan.release,
        "columns": list(plan.columns),
        "releases": {c: r for c, r in zip(plan.columns, plan.releases) if r},
        "rules": [
            {
                "symbol": r.symbol,
                "id": r.id,
                "url": locations.rule_url(r.symbol),
                "counts": dict(zip(plan.columns, r.counts)),
                "starts": r.starts or None,
                "stops": r.stops or None,
                "first": list(r.first),
            }
            for r in plan.rows
        ],
        "dependencies": [
            {
                "distribution": m.distribution,
                "release": str(m.release),
                "reason": m.reason,
                "automatic": m.automatic,
                "declared": [str(s) for s in m.sources],
                "changes": [c._asdict() for c in m.changes],
            }
            for m in plan.moves
        ],
        "fixes": [f._asdict() for f in plan.fixes],
        "left": [{**left._asdict(), "first": list(left.first)} for left in plan.left],
        "unsafe_left": plan.unsafe_left,
        "after": plan.after,
        "clean": plan.clean,
    }

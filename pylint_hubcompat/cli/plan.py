"""``hubcompat plan [PATH...] [--to tensorflow==2.21] [--from-current] [--format text|markdown|json] [--apply]``.

Can the project move to TensorFlow X, and what must change?  One lint judges every
module on every release line (:mod:`pylint_hubcompat.plan.survey`); the plan then
moves the dependency declarations (:mod:`pylint_hubcompat.plan.moves`), lints again
on what they make of the project, and counts what ``hubcompat fix`` fixes there
(in memory: nothing is written without ``--apply``).  What is left is a person's.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence

from pylint_hubcompat.cli import check, fix
from pylint_hubcompat.files.text_edits import Edit, apply
from pylint_hubcompat.plan import render
from pylint_hubcompat.plan.lines import parse_to
from pylint_hubcompat.plan.moves import Move, choose, environmental, moves_of
from pylint_hubcompat.plan.outline import Fixed, Locator, SubjectPlan, subject_plan
from pylint_hubcompat.plan.survey import Occurrence, Subject, Survey
from pylint_hubcompat.plugin.checker import CONFIG_ERROR
from pylint_hubcompat.rulebook.loading import builtin_rules

COMMAND = "hubcompat plan"
#: When something is left for a person (or, with --apply, not written).
LEFT = 1

USAGE = """\
usage: hubcompat plan [PATH...] [--to RELEASE] [--from-current] [--format text|markdown|json]
                      [--apply] [--unsafe-fixes] [pylint options]

What breaks at each TensorFlow release line, from the project's current target up to
the newest known (or --to), and the smallest set of changes that makes that line clean:
dependency moves, the fixes `hubcompat fix` makes, and what is left for a person.

  --to RELEASE      the line to plan for: 2.18, 2.18.1, tensorflow==2.18.*, ...
                    (default: the newest known)
  --from-current    start at the line pip installs now, not at the oldest the
                    project admits
  --format FORMAT   text (default), markdown (a pull-request comment or a GitHub
                    job summary) or json
  --apply           write the plan's dependency moves and safe fixes
  --unsafe-fixes    with --apply, also make the unsafe fixes (and count them as
                    automatic)

PATH defaults to the working directory. Each project root, and each notebook that
pins its own versions, gets its own plan. The exit status is 0 when the automatic
part leaves the line clean, 1 when something is left for a person, 32 for a usage
error.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=COMMAND, add_help=False, allow_abbrev=False, exit_on_error=False)
    parser.add_argument("--to")
    parser.add_argument("--from-current", action="store_true")
    parser.add_argument("--format", choices=render.FORMATS, default="text")
    parser.add_argument("--apply", action="store_true")
    parser.add_argument("--unsafe-fixes", action="store_true")
    return parser


def run(arguments: Sequence[str]) -> int:
    arguments = list(arguments)
    if any(a in ("-h", "--help") for a in arguments):
        sys.stdout.write(USAGE)
        return 0
    try:
        ours, rest = _parser().parse_known_args(arguments)
        to = parse_to(ours.to) if ours.to is not None else None
    except (argparse.ArgumentError, ValueError) as exc:
        return _usage(str(exc))
    if any(a == "--tf-version" or a.startswith("--tf-version=") for a in rest):
        return _usage("--tf-version: a plan judges every release line; --to names the last one")
    if all(a.startswith("-") for a in rest):
        rest.append(".")
    survey = Survey(to, ours.from_current)
    session = fix.Session(rest, survey=survey)
    if session.status & check.USAGE_ERROR or session.linter is None:
        return session.status or check.USAGE_ERROR
    for message in session.first.messages:
        if message.symbol == CONFIG_ERROR:  # findings that depend on it may be missing from the plan too
            print(f"{COMMAND}: {message.path}: {message.msg}", file=sys.stderr)
    if not survey.subjects:
        print(f"{COMMAND}: no module uses TensorFlow or TensorFlow Hub: nothing to plan", file=sys.stderr)
        return 0
    plans, outcome = _plan(session, survey, ours.unsafe_fixes)
    sys.stdout.write(render.render(plans, ours.format))
    if not ours.apply:
        return 0 if all(p.clean for p in plans) else LEFT
    changed = fix.changed_files(outcome)
    written = fix.write(outcome, changed, COMMAND)
    print(f"{COMMAND}: {len(changed)} file{'s' if len(changed) != 1 else ''} changed", file=sys.stderr)
    return 0 if written and all(p.clean for p in plans) else LEFT


def _usage(problem: str) -> int:
    print(f"{COMMAND}: {problem}\n\n{USAGE}", file=sys.stderr)
    return check.USAGE_ERROR


def _plan(session: fix.Session, survey: Survey, unsafe: bool) -> tuple[list[SubjectPlan], fix.Outcome]:
    """Each subject's plan, and what ``fix`` makes of the project once the moves are made."""
    rules = builtin_rules()
    cured_by_versions = environmental(rules)
    subjects = sorted(survey.subjects, key=lambda s: (str(s.root or ""), s.notebook))
    chosen = {s: choose(survey.subjects[s], cured_by_versions) for s in subjects}
    moves = {s: moves_of(survey.subjects[s].scenarios[0].target, survey.subjects[s], chosen[s]) for s in subjects}
    edited = _edited(m for found in moves.values() for m in found)
    # What no file of the project can say stands over its target in the second lint.
    survey.pins = {s: tuple((m.distribution, m.release) for m in moves[s] if not m.automatic) for s in subjects}
    dependencies = {f.path: f.text.encode(f.encoding) for f in edited}
    start = session.lint({}, dependencies, files=survey.suspects(chosen))
    if not survey.planned_as_judged(chosen):  # the moves make another target than the one judged
        survey.planned_targets.clear()
        start = session.lint({}, dependencies, every=True)
    protected = frozenset(
        (os.path.abspath(os.path.join(str(s.root), source.file)), source.line)
        for s in subjects
        for m in moves[s]
        if m.automatic
        for source in m.sources
    )
    outcome = fix.fix(session, fix.Choice(unsafe, protected=protected), start=start, edited=edited)
    fixed = _fixed_per_subject(survey, start, outcome)
    where = _locator(session)
    plans = [
        subject_plan(
            _name(subject),
            survey.subjects[subject],
            chosen[subject],
            moves[subject],
            fixed.get(subject, Fixed.nothing()),
            survey.planned_targets.get(subject),
            where,
        )
        for subject in subjects
    ]
    return plans, outcome


def _edited(moves: Iterable[Move]) -> list[fix.FileText]:
    """The dependency files as the moves leave them (read as ``fix`` reads the files it edits)."""
    edits: dict[str, list[Edit]] = defaultdict(list)
    for move in moves:
        for edit in move.edits:
            edits[edit.path].append(edit._replace(path=""))
    edited = []
    for path, mine in edits.items():
        file = fix.read(path)
        if file is not None:
            edited.append(file._replace(text=apply(file.text, mine)))
    return edited


def _fixed_per_subject(survey: Survey, start: fix.Linted, outcome: fix.Outcome) -> dict[Subject, Fixed]:
    counters: dict[Subject, Fixed] = defaultdict(Fixed.nothing)
    for message in start.messages:
        counters[survey.subject_of(message.abspath)].found[message.symbol] += 1
    made = {f for found in outcome.made.values() for f in found}
    for fixable in made:
        counters[survey.subject_of(fixable.path)].made[fixable.symbol] += 1
    unmade = set()
    for fixable in outcome.unmade:
        counters[survey.subject_of(fixable.path)].unmade[fixable.symbol] += 1
        unmade.add(Occurrence(fixable.symbol, os.path.abspath(fixable.path), fixable.line, fixable.column))
    for message in outcome.remaining:
        place = Occurrence(message.symbol, os.path.abspath(message.abspath), message.line, message.column)
        if place not in unmade:
            counters[survey.subject_of(message.abspath)].person.append(place)
    return dict(counters)


def _locator(session: fix.Session) -> Locator:
    """``src/a.py:3:8``, or ``nb.ipynb:cell 2:3:8`` for a line of a notebook's module."""
    converted = (session.linter.notebook_modules if session.linter is not None else None) or {}

    def where(occurrence: Occurrence) -> str:
        shown = os.path.relpath(occurrence.path)
        notebook = converted.get(occurrence.path)
        located = notebook[1].locate(occurrence.line) if notebook is not None else None
        if notebook is not None and located is not None:
            column = notebook[1].column(occurrence.line, occurrence.column) or 0
            return f"{shown}:cell {located[0]}:{located[1]}:{column}"
        return f"{shown}:{occurrence.line}:{occurrence.column}"

    return where


def _name(subject: Subject) -> str:
    if subject.notebook:
        return os.path.relpath(subject.notebook)
    return os.path.relpath(subject.root) if subject.root is not None else "(no project)"

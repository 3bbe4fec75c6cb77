"""One lint, judged on every release line: what ``hubcompat plan`` sees.

pylint parses each module and the fact collector reads it once; the survey then
runs only the engine again, once per *scenario* of the module's subject (its
project, or a notebook that pins its own versions):

* ``now``: what the subject runs on today (``hubcompat check``);
* each release line: ``hubcompat check --tf-version=<the line's newest release>``,
  the companions moved as the environment model moves them;
* on the last line, each choice of companions to move as well (to the newest
  release that fits there), for the plan to pick the one that leaves least.

The second lint of the plan judges each subject on what the plan's changes make
of it (:meth:`Survey.planned`): the edited dependency files stand in for the
real ones, what no file of the project can say (a lock, a notebook's pin) is put
over the detected target here, and TensorFlow is the line's release, as
``check --tf-version`` has it.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from astroid import nodes
from packaging.version import Version

from pylint_hubcompat import notebooks
from pylint_hubcompat.facts.collect import Site
from pylint_hubcompat.plan.lines import Line, lines_of
from pylint_hubcompat.plugin.options import Options
from pylint_hubcompat.plugin.targets import runs_on
from pylint_hubcompat.rulebook.engine import Engine
from pylint_hubcompat.target import detection
from pylint_hubcompat.target.environment import DECLARED
from pylint_hubcompat.target.model import FILE, NOTEBOOK, OPTION, Source, Target

NOW = "now"
#: The companions a plan may move with TensorFlow: each follows its lines (setuptools has a rule's fix).
COMPANIONS = ("tensorflow-hub", "tf-keras", "keras", "tensorflow-text")
#: What the plan's own pins are shown as coming from.
PLAN_SOURCE = Source(OPTION, text="plan")
#: The release of the line planned for, as ``check --tf-version`` pins it.
LINE_SOURCE = Source(OPTION, text="tf-version")


class Subject(NamedTuple):
    """What one plan is for: a project root, or a notebook there that pins its own versions."""

    root: Path | None
    #: The notebook's absolute path; "" for the project.
    notebook: str = ""


class Scenario(NamedTuple):
    """A target the subject's modules are judged on."""

    #: ``now`` or the line's label (``2.21``).
    column: str
    line: Line | None
    #: The companions moved too (last line only), to these releases.
    moves: tuple[tuple[str, Version], ...]
    target: Target


class Occurrence(NamedTuple):
    """A finding of one scenario: rule and place (line and column of the linted module)."""

    symbol: str
    path: str
    line: int
    column: int


@dataclass
class Judged:
    """A subject's scenarios, and what each found."""

    scenarios: tuple[Scenario, ...]
    found: list[list[Occurrence]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.found = [[] for _ in self.scenarios]

    @property
    def lines(self) -> tuple[Scenario, ...]:
        """``now`` and one per line, without the companions' moves."""
        return tuple(s for s in self.scenarios if not s.moves)

    @property
    def last(self) -> Scenario:
        return self.lines[-1]


class Survey:
    """The ``hubcompat plan`` side of the checker's analysis (:class:`~pylint_hubcompat.plugin.analysis.Survey`)."""

    def __init__(self, to: Line | None, from_current: bool) -> None:
        self.to = to
        self.from_current = from_current
        self.subjects: dict[Subject, Judged] = {}
        #: Absolute module path -> its subject (the scenarios are built before the module is parsed).
        self._subject_of: dict[str, Subject] = {}
        #: Set for the second lint: each subject's pins that no file of the project can say.
        self.pins: Mapping[Subject, tuple[tuple[str, Version], ...]] | None = None
        #: What each subject ran on in the second lint.
        self.planned_targets: dict[Subject, Target] = {}
        #: (subject, target as detected) -> planned: resolved once, not again for each module.
        self._planned: dict[tuple[Subject, Target], Target] = {}

    def subject_of(self, path: str) -> Subject:
        """The subject of a linted file (of its project, if the survey never judged it)."""
        found = self._subject_of.get(os.path.abspath(path))
        return found if found is not None else Subject(detection.find_root(Path(path).resolve()))

    def suspects(self, chosen: Mapping[Subject, int]) -> list[str]:
        """The modules the second lint must see: where the chosen scenario found something, and one
        module of each subject where it found nothing (to learn what the moves make of its target)."""
        paths = {o.path for subject, index in chosen.items() for o in self.subjects[subject].found[index]}
        for subject in chosen:
            if not any(self._subject_of.get(p) == subject for p in paths):
                paths.add(next(p for p, s in self._subject_of.items() if s == subject))
        return sorted(paths)

    def planned_as_judged(self, chosen: Mapping[Subject, int]) -> bool:
        """Whether the second lint's target of each subject is the chosen scenario's, as the engine sees it.

        Then a module where the scenario found nothing has nothing on the planned target either.
        """
        return all(
            subject in self.planned_targets
            and _engine_view(self.planned_targets[subject]) == _engine_view(self.subjects[subject].scenarios[i].target)
            for subject, i in chosen.items()
        )

    # -- the analysis's side ------------------------------------------------------------

    def planned(self, _root: Path | None, path: Path | None, target: Target) -> Target:
        if self.pins is None:
            return target
        subject = self._subject_of.get(os.path.abspath(path)) if path is not None else None
        if subject is None:
            return target
        if (subject, target) not in self._planned:
            self._planned[subject, target] = self._moved(subject, target)
        planned = self._planned[subject, target]
        self.planned_targets.setdefault(subject, planned)
        return planned

    def _moved(self, subject: Subject, target: Target) -> Target:
        for distribution, release in self.pins.get(subject, ()) if self.pins is not None else ():
            target = target.override(distribution, f"=={release}", PLAN_SOURCE)
        line = self.subjects[subject].last.line
        # A range that admits the line is not narrowed (nor a TensorFlow nothing declares
        # declared), but the plan is for that line alone, as ``--tf-version`` judges it.
        tensorflow = target["tensorflow"]
        if line is not None and (tensorflow.releases != (line.release,) or tensorflow.origin != DECLARED):
            target = target.override("tensorflow", line.pin, LINE_SOURCE)
        return target

    def targets(self, root: Path | None, path: Path | None, detected: Target, options: Options) -> Sequence[Target]:
        if self.pins is not None or path is None:
            return ()
        now = runs_on(detected, options, path)
        subject = Subject(root, os.path.abspath(path) if _pins_own(detected, options, path, now) else "")
        self._subject_of[os.path.abspath(path)] = subject
        if subject not in self.subjects:
            self.subjects[subject] = Judged(self._scenarios(detected, options, path, now))
        return [s.target for s in self.subjects[subject].scenarios]

    def record(
        self, module: nodes.Module, sites: Sequence[Site], engine: Engine, enabled: Callable[[str, int], bool]
    ) -> None:
        path = os.path.abspath(module.file) if module.file else ""
        subject = self._subject_of.get(path)
        if self.pins is not None or subject is None:
            return
        judged = self.subjects[subject]
        for index, scenario in enumerate(judged.scenarios):
            for finding in engine.evaluate(sites, scenario.target):
                line = finding.node.fromlineno
                if enabled(finding.rule.symbol, line):
                    judged.found[index].append(Occurrence(finding.rule.symbol, path, line, finding.node.col_offset))

    # -- the scenarios --------------------------------------------------------------------

    def _scenarios(self, detected: Target, options: Options, path: Path, now: Target) -> tuple[Scenario, ...]:
        scenarios = [Scenario(NOW, None, (), now)]
        for line in lines_of(now, self.to, self.from_current):
            versions = MappingProxyType({**options.versions, "tf-version": line.pin})
            scenarios.append(
                Scenario(line.label, line, (), runs_on(detected, options._replace(versions=versions), path))
            )
        last = scenarios[-1]
        movable = [(d, r) for d in _movable(now) if (r := _newest_beside(last.target, d)) is not None]
        for count in range(1, len(movable) + 1):
            for moves in itertools.combinations(movable, count):
                target = last.target
                for distribution, release in moves:
                    target = target.override(distribution, f"=={release}", PLAN_SOURCE)
                scenarios.append(Scenario(last.column, last.line, moves, target))
        return tuple(scenarios)


def _engine_view(target: Target) -> tuple[object, ...]:
    """What the rule engine reads of a target: the releases, what pip picks, the environment's facts."""
    return (
        tuple((c.distribution, c.releases, c.picked) for c in target),
        tuple(sorted(target.environment_facts.items())),
        target.legacy_keras_source is not None,
    )


def _pins_own(detected: Target, options: Options, path: Path, now: Target) -> bool:
    """Whether the file is a notebook whose own pins make it run on another target than its project."""
    return notebooks.may_stand_for_notebook(path.name) and now != runs_on(detected, options)


def _movable(now: Target) -> list[str]:
    """The companions the subject declares a version of itself (in a file or a notebook), which a plan may move.

    A version given by an option (``--hub-version``) is the user's choice for the run, and stays.
    """
    declared = {c.distribution: c for c in now.inputs.declared}
    return [
        d
        for d in COMPANIONS
        if d in declared and declared[d].specifier and all(s.kind in (FILE, NOTEBOOK) for s in declared[d].sources)
    ]


def _newest_beside(target: Target, distribution: str) -> Version | None:
    """The newest release of ``distribution`` that fits the rest of ``target``, if it is not what it has already."""
    free = target.override(distribution, "", PLAN_SOURCE)[distribution]
    if free.origin != DECLARED or not free.releases:
        return None
    newest = free.releases[-1]
    return None if target[distribution].releases == (newest,) else newest

"""One module against the rules: its project's target, its sites, the findings.

The checker imports this on the first module that can have a finding (see
:mod:`pylint_hubcompat.rulebook.triggers`), so a run over modules that cannot never pays
for detection, packaging's specifiers or the fact collector.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from astroid import nodes

from pylint_hubcompat.facts import callers, project_scan
from pylint_hubcompat.facts import collect as facts
from pylint_hubcompat.fixes import registry
from pylint_hubcompat.fixes.context import FixContext, Source
from pylint_hubcompat.fixes.fixable import Fix
from pylint_hubcompat.plugin.options import Options
from pylint_hubcompat.plugin.targets import runs_on
from pylint_hubcompat.rulebook.engine import Engine, Finding
from pylint_hubcompat.rulebook.loading import Rule
from pylint_hubcompat.rulebook.triggers import Triggers, module_bytes
from pylint_hubcompat.target import detection
from pylint_hubcompat.target.model import Target


class Survey(Protocol):
    """Judges each module on other targets too: ``hubcompat plan`` (:mod:`pylint_hubcompat.plan.survey`).

    The module is parsed and its facts collected once; only the engine runs again per target.
    """

    def planned(self, root: Path | None, path: Path | None, target: Target) -> Target:
        """What the module is linted on: ``target``, or the one the plan moves it to."""

    def targets(self, root: Path | None, path: Path | None, detected: Target, options: Options) -> Sequence[Target]:
        """The other targets a module of this file is judged on."""

    def record(
        self, module: nodes.Module, sites: Sequence[facts.Site], engine: Engine, enabled: Callable[[str, int], bool]
    ) -> None:
        """Judge the module's sites on its other targets; ``enabled`` is pylint's pragma check."""


class Analysis:
    """Per run: the rules' engine and each project root's target, computed once."""

    def __init__(self, rules: tuple[Rule, ...], options: Options, survey: Survey | None = None) -> None:
        # A new run (an IDE may reuse the process): the project may have changed.
        detection.clear_caches()
        project_scan.clear_cache()
        callers.clear_cache()
        self.engine = Engine(rules)
        self.options = options
        self.survey = survey
        self._targets: dict[Path | None, Target] = {}
        self._triggers: dict[Target, Triggers] = {}
        #: The text of the module last fixed (its findings are fixed one after the other).
        self._source: tuple[nodes.Module, Source] | None = None

    def module_target(self, path: Path | None) -> tuple[Path | None, Target]:
        """The project root of a module's file and what the module runs on (:func:`.targets.runs_on`)."""
        root = detection.find_root(path.resolve()) if path else None
        if root not in self._targets:
            self._targets[root] = detection.detect_target(root)
        target = runs_on(self._targets[root], self.options, path)
        return root, self.survey.planned(root, path, target) if self.survey is not None else target

    def could_report(self, data: bytes, path: Path) -> bool:
        """Whether the module of this source and file can have a message under its target (or the survey's)."""
        root, target = self.module_target(path)
        judged = [target]
        if self.survey is not None:
            judged += self.survey.targets(root, path, self._targets[root], self.options)
        if target.problems:
            return True  # reported with the module's findings
        return any(self._could_select(t, data) for t in judged)

    def _could_select(self, target: Target, data: bytes) -> bool:
        if target not in self._triggers:
            self._triggers[target] = Triggers(self.engine.possible(target))
        return self._triggers[target].could_select(data)

    def check(
        self, module: nodes.Module, enabled: Callable[[str, int], bool] | None = None
    ) -> tuple[Target, list[Finding]]:
        """The module's target (its problems are the checker's to report) and its findings.

        ``enabled`` (pylint's pragma check) is what a survey needs to judge the module again.
        """
        path = Path(module.file) if module.file and not module.file.startswith("<") else None
        root, target = self.module_target(path)
        context = facts.Context(
            mapping=self.options.mapping,
            root=root,
            runtime_mode=self.options.runtime_mode,
            project_has=functools.partial(project_scan.has, root if self.options.project_scan else None),
            project_has_besides=functools.partial(
                project_scan.has, root if self.options.project_scan else None, besides=str(path) if path else None
            ),
            legacy_keras_configured=target.legacy_keras_source is not None,
            scan_root=root if self.options.project_scan else None,
        )
        sites = facts.collect(module, self.engine.wanted, context)
        if self.survey is not None and enabled is not None:
            self.survey.record(module, sites, self.engine, enabled)
        return target, self.engine.evaluate(sites, target)

    def fix(self, module: nodes.Module, target: Target, finding: Finding) -> Fix | None:
        """The fix of a finding of ``module``, or None (its rule has none, or not for this code)."""
        if finding.site is None or finding.rule.autofix is None:
            return None
        data = module_bytes(module)
        if data is None:
            return None
        if self._source is None or self._source[0] is not module:
            self._source = (module, Source.decode(data))
        context = FixContext(
            finding.rule,
            finding.site,
            finding.node,
            module,
            self._source[1],
            target,
            finding.affected or {},
            self.options.fix_choices,
        )
        return registry.compute(context)

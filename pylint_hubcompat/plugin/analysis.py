"""One module against the rules: its project's target, its sites, the findings.

The checker imports this on the first module that can have a finding (see
:mod:`pylint_hubcompat.rulebook.triggers`), so a run over modules that cannot never pays
for detection, packaging's specifiers or the fact collector.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from astroid import nodes

from pylint_hubcompat.target import detection
from pylint_hubcompat.facts import collect as facts, project_scan as project
from pylint_hubcompat.rulebook.engine import Engine, Finding
from pylint_hubcompat.rulebook.loading import Rule
from pylint_hubcompat.target.model import Target
from pylint_hubcompat.rulebook.triggers import Triggers


#: The files notebook_pins.apply can change the target of: notebooks, and nbQA's copies of them.
#: Only they load it (and the notebook reader), a few ms that a module of a package need not pay.
_NOTEBOOK_ENDINGS = (".ipynb", "_nbqa_ipynb.py")


class Options(NamedTuple):
    """The checker's options that the analysis reads."""

    tf_version: str = ""
    hub_version: str = ""
    runtime_mode: str = "auto"
    project_scan: bool = True
    #: Handle prefix -> format, from ``model-formats`` (already validated).
    mapping: Mapping[str, str] = MappingProxyType({})


class Analysis:
    """Per run: the rules' engine and each project root's target, computed once."""

    def __init__(self, rules: tuple[Rule, ...], options: Options) -> None:
        # A new run (an IDE may reuse the process): the project may have changed.
        detection.clear_caches()
        project.clear_cache()
        self.engine = Engine(rules)
        self.options = options
        self._targets: dict[Path | None, Target] = {}
        self._triggers: dict[Target, Triggers] = {}

    def target(self, root: Path | None) -> Target:
        """The root's detected target, with the ``tf-version`` / ``hub-version`` options applied."""
        if root not in self._targets:
            target = detection.detect_target(root)
            for option, distribution in (("tf_version", "tensorflow"), ("hub_version", "tensorflow-hub")):
                value = getattr(self.options, option)
                if value:
                    try:
                        target = target.override(distribution, value, f"{option.replace('_', '-')} option")
                    except ValueError:
                        pass  # reported by the checker
            self._targets[root] = target
        return self._targets[root]

    def module_target(self, path: Path | None) -> tuple[Path | None, Target]:
        """The project root of a module's file and its target; a notebook's own pins
        (!pip install, TF_USE_LEGACY_KERAS) win for it."""
        root = detection.find_root(path.resolve()) if path else None
        target = self.target(root)
        if path is not None and path.name.endswith(_NOTEBOOK_ENDINGS):
            # pylint: disable-next=import-outside-toplevel  # see _NOTEBOOK_ENDINGS
            from pylint_hubcompat.notebooks import pins as notebook_pins

            target = notebook_pins.apply(target, path)
        return root, target

    def could_report(self, data: bytes, path: Path) -> bool:
        """Whether the module of this source and file can have a message under its target."""
        _, target = self.module_target(path)
        if target.problems:
            return True  # reported with the module's findings
        if target not in self._triggers:
            self._triggers[target] = Triggers(self.engine.possible(target))
        return self._triggers[target].could_select(data)

    def check(self, module: nodes.Module) -> tuple[Target, list[Finding]]:
        """The module's target (its problems are the checker's to report) and its findings."""
        path = Path(module.file) if module.file and not module.file.startswith("<") else None
        root, target = self.module_target(path)
        context = facts.Context(
            mapping=self.options.mapping,
            root=root,
            runtime_mode=self.options.runtime_mode,
            project_has=functools.partial(project.has, root if self.options.project_scan else None),
            legacy_keras_configured=target.legacy_keras_source is not None,
        )
        sites = facts.collect(module, self.engine.wanted, context)
        return target, self.engine.evaluate(sites, target)

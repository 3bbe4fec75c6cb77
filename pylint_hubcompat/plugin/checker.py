"""The ``hubcompat`` pylint checker: options, messages, and which modules to analyse.

Thin glue on purpose: which hub usage is a problem is data (``rules/*.toml``),
what a module does is ``facts``, what the project runs on is ``target``, and
:mod:`pylint_hubcompat.plugin.analysis` puts them together.  pylint imports this module
in every run, so it imports only what every run needs: most modules of a
TensorFlow project cannot have a finding (:mod:`pylint_hubcompat.rulebook.triggers`) and
never load the analysis.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from astroid import nodes
from pylint.checkers import BaseChecker
from pylint.checkers.utils import only_required_for_messages
from pylint.constants import WarningScope
from pylint.interfaces import HIGH, INFERENCE

from pylint_hubcompat.facts import modes
from pylint_hubcompat.files.redact import redact
from pylint_hubcompat.fixes.fixable import Fixable
from pylint_hubcompat.plugin.options import Options, read_options
from pylint_hubcompat.rulebook import triggers
from pylint_hubcompat.rulebook.loading import Rule, builtin_rules

if TYPE_CHECKING:
    from pylint.lint import PyLinter
    from pylint.typing import MessageDefinitionTuple

    from pylint_hubcompat.plugin.analysis import Analysis

CONFIG_ERROR = "hubcompat-config-error"
INTERNAL_ERROR = "hubcompat-internal-error"

_OWN_MESSAGES: dict[str, MessageDefinitionTuple] = {
    # Line-scoped: reported at the end of the run, by the main process, without a node (see _Once).
    "W7100": (
        "%s",
        CONFIG_ERROR,
        "A hubcompat option, rule file or project configuration file could not be used. "
        "It is skipped (never guessed), so findings that depend on it may be missing: fix it. "
        "Each problem is reported once per run, on line 1 of the first module (by path) it concerns.",
        {"scope": WarningScope.LINE},
    ),
    "W7199": (
        "hubcompat could not analyse this module (%s); please report this with the code that caused it",
        INTERNAL_ERROR,
        "An unexpected error inside pylint_hubcompat. The module was skipped by hubcompat only.",
    ),
}


class _Once(NamedTuple):
    """A configuration message of this run, and the module it is reported in.

    Reported once per run, not in every module: the module is the first by path
    that could show it (one that mentions TensorFlow, or of the project whose
    file has the problem, and does not disable the message), so ``-j 1``, ``-j N``,
    plain pylint and ``hubcompat check`` all report it in the same place.
    """

    #: Option problems first, in their order; then each project's, in the order it found them.
    order: tuple[int, str, int]
    text: str
    path: str
    module: str


#: A problem's identity: the project root ("" for the options) and its text.
_OnceKey = tuple[str, str]


class _MapData(list[Fixable]):
    """What a ``-j N`` worker hands the main process for one module: its fixes, and its configuration messages.

    A list of the fixes, as the map data always was, so what reads the fixes reads them as before.
    """

    def __init__(self, fixes: Iterable[Fixable], once: Mapping[_OnceKey, _Once]) -> None:
        super().__init__(fixes)
        self.once = dict(once)


def _merge(into: dict[_OnceKey, _Once], key: _OnceKey, found: _Once) -> None:
    known = into.get(key)
    if known is None:
        into[key] = found
    else:
        first = min(known, found, key=lambda o: (o.path, o.module))
        into[key] = first._replace(order=min(known.order, found.order))


def _in_workers(linter: PyLinter) -> bool:
    """Whether pylint lints this run in ``-j N`` worker processes.

    Then the checker's ``open``, ``visit_module`` and ``close`` only ever run in a
    worker (the main process calls none of them), and only
    :meth:`HubCompatChecker.reduce_map_data` runs in the main process.
    """
    return getattr(linter.config, "jobs", 1) > 1 and not getattr(linter.config, "from_stdin", False)


def rule_messages(rules: tuple[Rule, ...]) -> dict[str, tuple[str, str, str]]:
    """pylint's message definitions of ``rules``: the text is the finding's, the description the rule's help."""
    return {rule.id: ("%s", rule.symbol, rule.help_text()) for rule in rules}


class HubCompatChecker(BaseChecker):
    """Reports TensorFlow Hub usage that fails on the project's target TensorFlow."""

    name = "hubcompat"
    msgs = {**_OWN_MESSAGES, **rule_messages(builtin_rules())}  # noqa: RUF012  # pylint's BaseChecker API
    options = (
        (
            "tf-version",
            {
                "default": "",
                "type": "string",
                "metavar": "<version or specifier>",
                "help": "TensorFlow the project runs on, overriding what is detected (e.g. 2.15.1 or '>=2.12,<2.16').",
            },
        ),
        (
            "hub-version",
            {
                "default": "",
                "type": "string",
                "metavar": "<version or specifier>",
                "help": "tensorflow_hub the project runs on, overriding what is detected (e.g. 0.16.1).",
            },
        ),
        (
            "runtime-mode",
            {
                "default": "auto",
                "type": "choice",
                "choices": list(modes.OPTION_VALUES),
                "metavar": "<auto|tf2|tf1-compat>",
                "help": "auto: a module's own disable_v2_behavior() and graph contexts decide, and "
                "eager-only findings stay silent if any file of the project switches to TF1 mode; "
                "tf2: the project never switches modes outside the linted module; "
                "tf1-compat: the entry point disables v2 behaviour for every module.",
            },
        ),
        (
            "project-scan",
            {
                "default": True,
                "type": "yn",
                "metavar": "<y or n>",
                "help": "Look through the project's other Python files for settings that change a "
                "module's verdict (disable_v2_behavior(), TF_USE_LEGACY_KERAS, "
                "share_cluster_devices_in_session); n judges each module on its own.",
            },
        ),
        (
            "model-formats",
            {
                "default": (),
                "type": "csv",
                "metavar": "<prefix=format,...>",
                "help": "Formats of private model stores: handle prefix = tf1-hub or tf2-savedmodel; "
                "the longest matching prefix wins over everything else.",
            },
        ),
        (
            "keras-three-fix",
            {
                "default": "legacy-keras",
                "type": "choice",
                "choices": ["legacy-keras", "tf-keras"],
                "metavar": "<legacy-keras|tf-keras>",
                "help": "How `hubcompat fix` fixes hub-keras-three: legacy-keras sets TF_USE_LEGACY_KERAS=1 before "
                "the first TensorFlow import (what the message recommends); tf-keras builds the model that holds "
                "the layer with tf_keras.",
            },
        ),
        (
            "rules-path",
            {
                "default": (),
                "type": "csv",
                "metavar": "<file or directory,...>",
                "help": "Extra rule files (TOML, same format as the shipped rules) of your own team.",
            },
        ),
    )

    def __init__(self, linter: PyLinter) -> None:
        super().__init__(linter)
        self._rules: tuple[Rule, ...] = builtin_rules()
        self._triggers = triggers.Triggers.of_rules(self._rules)
        self._options: Options | None = None
        #: What is wrong with the ``rules-path`` files: the plugin reports only this until it is fixed.
        self.rules_problem: str | None = None
        self._analysis: Analysis | None = None
        #: The fixes of this run's findings, as pylint reported them (``fixes.fixable.Fixable``).
        self.fixes: list[Fixable] = []
        self._fix_index: dict[tuple[str, str, int, int], Fixable] = {}
        #: This run's configuration messages, reported once at its end (:class:`_Once`).
        self._once: dict[_OnceKey, _Once] = {}

    # -- configuration -------------------------------------------------------

    def stop(self, rules_problem: str) -> None:
        """Report only ``rules_problem`` (once per run, if a module mentions TensorFlow) until it is fixed."""
        # A rules-path entry may point anywhere (a pull request can set it): quoted as a config file is.
        self.rules_problem = f"rules-path: {redact(rules_problem, limit=400)}; the plugin is stopped until it is fixed"

    def open(self) -> None:
        # A new run (an IDE may reuse the process): the options and the project may have changed.
        self._options = None
        self._analysis = None
        self.fixes = []
        self._fix_index = {}
        self._once = {}

    def close(self) -> None:
        # In one process the run ends here; under -j N a worker's module does, and the
        # main process reports what the workers saw in reduce_map_data.
        if not _in_workers(self.linter):
            self._report_once(self.linter, self._once.values())

    def fix_of(self, path: str, symbol: str, line: int, column: int) -> Fixable | None:
        """The fix recorded for a message at this place (the message's own path, symbol, line and column)."""
        return self._fix_index.get((os.path.abspath(path), symbol, line, column))

    def _record(self, fixes: list[Fixable]) -> None:
        self.fixes.extend(fixes)
        self._fix_index.update(((f.path, f.symbol, f.line, f.column), f) for f in fixes)

    def get_map_data(self) -> _MapData | None:
        """A worker's fixes and configuration messages (``-j N``), for :meth:`reduce_map_data` in the main process."""
        return _MapData(self.fixes, self._once) if self.fixes or self._once else None

    def reduce_map_data(self, linter: PyLinter, data: list[_MapData]) -> None:
        once: dict[_OnceKey, _Once] = {}
        for item in data:
            self._record(item)
            for key, found in getattr(item, "once", {}).items():
                _merge(once, key, found)
        self._report_once(linter, once.values())

    def _note_once(self, node: nodes.Module, messages: Mapping[_OnceKey, tuple[tuple[int, str, int], str]]) -> None:
        """Keep this module as a place for the run's configuration ``messages``, unless it disables them."""
        if not messages or not self.linter.is_message_enabled(CONFIG_ERROR, 1):
            return
        for key, (order, text) in messages.items():
            _merge(self._once, key, _Once(order, text, node.file or "", node.name))

    @staticmethod
    def _report_once(linter: PyLinter, once: Iterable[_Once]) -> None:
        """Each configuration message once, on line 1 of its module (line 0: only the options may disable it)."""
        saved = linter.current_name, linter.current_file
        try:
            for item in sorted(once, key=lambda o: o.order):
                linter.current_name, linter.current_file = item.module, item.path
                if item.module not in linter.stats.by_module:
                    linter.stats.init_single_module(item.module)
                linter.add_message(CONFIG_ERROR, line=0, args=(item.text,), confidence=HIGH)
        finally:
            linter.current_name, linter.current_file = saved

    @property
    def settings(self) -> Options:
        """This run's options, read once (``hubcompat check`` asks before pylint opens the checker)."""
        if self._options is None:
            self._options = read_options(self.linter.config)
        return self._options

    @property
    def _setup_errors(self) -> tuple[str, ...]:
        return (*self.settings.errors, *([self.rules_problem] if self.rules_problem else []))

    def use_rules(self, rules: tuple[Rule, ...]) -> None:
        self._rules = rules
        self._triggers = triggers.Triggers.of_rules(rules)
        self._analysis = None

    def could_report(self, data: bytes | None, path: str) -> bool:
        """Whether the module of this source and file can get a hubcompat message (``hubcompat check`` asks).

        Unlike the checker's own gate this also asks the project's target, which
        ``check`` can afford: it is spared parsing the file.  A source that could
        not be read is kept: pylint reports it.
        """
        if data is None:
            return True
        if not triggers.mentions_tensorflow(data):
            return False
        if self._setup_errors:
            return True
        if not self._triggers.could_select(data):
            return False
        try:
            return self._get_analysis().could_report(data, Path(path))
        except Exception:  # pylint: disable=broad-except  # then lint it: the checker reports what goes wrong
            return True

    # -- linting ---------------------------------------------------------------

    @only_required_for_messages(*(m[1] for m in msgs.values()))
    def visit_module(self, node: nodes.Module) -> None:
        data = triggers.module_bytes(node)
        if data is None or not triggers.mentions_tensorflow(data):
            return
        self._note_once(node, {("", error): ((0, "", index), error) for index, error in enumerate(self._setup_errors)})
        if self.rules_problem or not self._triggers.could_select(data):
            return
        try:
            self._check_module(node, data)
        except Exception as exc:  # pylint: disable=broad-except  # never crash pylint
            args = (f"{type(exc).__name__}: {exc}",)
            self.add_message(INTERNAL_ERROR, line=1, node=node, args=args, confidence=HIGH)

    def _get_analysis(self) -> Analysis:
        if self._analysis is None:
            # pylint: disable-next=import-outside-toplevel  # the first module that can have a finding
            from pylint_hubcompat.plugin.analysis import Analysis

            self._analysis = Analysis(self._rules, self.settings, getattr(self.linter, SURVEY, None))
        return self._analysis

    def _check_module(self, node: nodes.Module, data: bytes) -> None:
        analysis = self._get_analysis()
        # The module's words select a rule, but its target may admit none of them (a module
        # importing tf_keras where tf-keras fits TensorFlow): then its facts are never collected.
        if node.file and not node.file.startswith("<") and not analysis.could_report(data, Path(node.file)):
            return
        # Problems of the project's configuration matter where findings may depend on them.
        target, findings = analysis.check(node, self.linter.is_message_enabled)
        root = str(target.root or "")
        texts = (f"{problem.path}:{problem.line}: {problem.message}" for problem in target.problems)
        self._note_once(node, {(root, text): ((1, root, index), text) for index, text in enumerate(texts)})
        for finding in findings:
            # Recorded first: a reporter marks the message as fixable when pylint hands it over.
            line = finding.node.fromlineno
            if (
                finding.rule.autofix is not None
                and wants_fixes(self.linter)
                and self.linter.is_message_enabled(finding.rule.symbol, line)
            ):
                try:
                    fix = analysis.fix(node, target, finding)
                except Exception:  # pylint: disable=broad-except  # a fixer's bug costs its fix, never the finding
                    fix = None
                if fix is not None:
                    path = os.path.abspath(node.file) if node.file else ""
                    self._record([Fixable(path, finding.rule.symbol, line, finding.node.col_offset, fix)])
            # HIGH: the format and the versions that decided it are known exactly; else a range or a default did.
            confidence = HIGH if finding.exact else INFERENCE
            self.add_message(finding.rule.symbol, node=finding.node, args=(finding.text,), confidence=confidence)


#: Set on a linter whose run shows fixes (``hubcompat check`` and ``fix``, a SARIF log): plain
#: pylint in an editor shows none, so it never pays for computing them.
WANTS_FIXES = "hubcompat_wants_fixes"


#: Set on a linter by ``hubcompat plan``: the survey that judges each module on each release line too
#: (:class:`~pylint_hubcompat.plugin.analysis.Survey`).
SURVEY = "hubcompat_survey"


def wants_fixes(linter: PyLinter) -> bool:
    return bool(getattr(linter, WANTS_FIXES, False))


def message_known(linter: PyLinter, symbol: str) -> bool:
    """Whether pylint knows the message ``symbol``."""
    try:
        linter.msgs_store.get_message_definitions(symbol)
    except Exception:  # pylint: disable=broad-except  # UnknownMessageError
        return False
    return True

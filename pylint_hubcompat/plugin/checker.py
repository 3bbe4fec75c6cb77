"""The ``hubcompat`` pylint checker: options, messages, and which modules to analyse.

Thin glue on purpose: which hub usage is a problem is data (``rules/*.toml``),
what a module does is ``facts``, what the project runs on is ``target``, and
:mod:`pylint_hubcompat.plugin.analysis` puts them together.  pylint imports this module
in every run, so it imports only what every run needs: most modules of a
TensorFlow project cannot have a finding (:mod:`pylint_hubcompat.rulebook.triggers`) and
never load the analysis.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from astroid import nodes
from pylint.checkers import BaseChecker
from pylint.checkers.utils import only_required_for_messages
from pylint.exceptions import InvalidMessageError

from pylint_hubcompat.facts import modes as runtime
from pylint_hubcompat.rulebook import triggers
from pylint_hubcompat.files.redact import redact
from pylint_hubcompat.rulebook.loading import Rule, RuleError, builtin_rules, load_rules
from pylint_hubcompat.facts.vocabulary import TF1_HUB, TF2_SAVEDMODEL

if TYPE_CHECKING:
    from pylint.lint import PyLinter
    from pylint.message import MessageDefinition

    from pylint_hubcompat.plugin.analysis import Analysis

CONFIG_ERROR = "hubcompat-config-error"
INTERNAL_ERROR = "hubcompat-internal-error"

_OWN_MESSAGES = {
    "W7100": (
        "%s",
        CONFIG_ERROR,
        "A hubcompat option, rule file or project configuration file could not be used. "
        "It is skipped (never guessed), so findings that depend on it may be missing: fix it.",
    ),
    "W7199": (
        "hubcompat could not analyse this module (%s); please report this with the code that caused it",
        INTERNAL_ERROR,
        "An unexpected error inside pylint_hubcompat. The module was skipped by hubcompat only.",
    ),
}


def _rule_messages(rules: tuple[Rule, ...]) -> dict[str, tuple[str, str, str]]:
    return {rule.id: ("%s", rule.symbol, rule.help_text()) for rule in rules}


class HubCompatChecker(BaseChecker):
    """Reports TensorFlow Hub usage that fails on the project's target TensorFlow."""

    name = "hubcompat"
    msgs = {**_OWN_MESSAGES, **_rule_messages(builtin_rules())}
    options = (
        (
            "tf-version",
            {
                "default": "",
                "type": "string",
                "metavar": "<version or specifier>",
                "help": "TensorFlow the project runs on, overriding what is detected "
                "(e.g. 2.15.1 or '>=2.12,<2.16').",
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
                "choices": list(runtime.OPTION_VALUES),
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
        self._setup_errors: list[str] = []
        self._mapping: dict[str, str] = {}
        self._analysis: Analysis | None = None
        self._options_read = False

    # -- configuration -------------------------------------------------------

    def load_user_rules(self) -> tuple[Rule, ...]:
        """Validate the ``rules-path`` files; on any error none of them is used.

        Valid means what the test suite asks of the shipped rules and what pylint asks of
        a message: the file parses into rules, their ids and symbols are theirs to take
        (:func:`check_user_names`), and their examples prove them
        (:mod:`pylint_hubcompat.rulebook.proofs`).
        """
        # Loaded again (a -j worker of pylint 3.0 keeps this checker): one report, not two.
        self._setup_errors = [e for e in self._setup_errors if not e.startswith("rules-path")]
        try:
            paths = _rule_paths(self.linter.config.rules_path)
            rules = load_rules(paths, known=builtin_rules())[len(builtin_rules()) :]
            if rules:
                check_user_names(self.linter, rules)
                from pylint_hubcompat.rulebook import proofs as rule_proofs  # pylint: disable=import-outside-toplevel  # rules-path only

                rule_proofs.prove(rules, builtin_rules())
            return rules
        except RuleError as exc:
            self.stop_user_rules(str(exc))
        except Exception as exc:  # noqa: BLE001  # pylint: disable=broad-except  # never crash pylint
            self.stop_user_rules(f"the rule files could not be loaded ({type(exc).__name__}); please report this")
        return ()

    def stop_user_rules(self, problem: str) -> None:
        """The plugin reports only ``problem`` (in every module that mentions TensorFlow) until it is fixed."""
        # A rules-path entry may point anywhere (a pull request can set it): quote it as a config file is quoted.
        self._setup_errors.append(f"rules-path: {redact(problem, limit=400)}; the plugin is stopped until it is fixed")

    def open(self) -> None:
        # A new run (an IDE may reuse the process): the project may have changed.
        self._read_options()

    def _read_options(self) -> None:
        """The options of this run, checked; ``hubcompat check`` asks before pylint opens the checker."""
        config = self.linter.config
        self._options_read = True
        self._setup_errors = [e for e in self._setup_errors if e.startswith("rules-path")]
        self._analysis = None
        self._mapping = {}
        for item in config.model_formats:
            prefix, _, fmt = item.partition("=")
            if not prefix.strip() or fmt.strip() not in (TF1_HUB, TF2_SAVEDMODEL):
                self._setup_errors.append(
                    f"model-formats: {item!r} is not <handle prefix>=tf1-hub or <handle prefix>=tf2-savedmodel; ignored"
                )
                continue
            self._mapping[prefix.strip()] = fmt.strip()
        for option in ("tf_version", "hub_version"):
            value = getattr(config, option)
            if value:
                from pylint_hubcompat.target import releases  # pylint: disable=import-outside-toplevel  # see the docstring

                try:
                    releases.parse_specifier(value)
                except ValueError as exc:
                    self._setup_errors.append(f"{option.replace('_', '-')}: {exc}; ignored")

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
        if not self._options_read:
            self._read_options()
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
        for error in self._setup_errors:
            self.add_message(CONFIG_ERROR, line=1, node=node, args=(error,))
        if any(e.startswith("rules-path") for e in self._setup_errors) or not self._triggers.could_select(data):
            return
        try:
            self._check_module(node)
        except Exception as exc:  # pylint: disable=broad-except  # never crash pylint
            self.add_message(INTERNAL_ERROR, line=1, node=node, args=(f"{type(exc).__name__}: {exc}",))

    def _get_analysis(self) -> Analysis:
        if self._analysis is None:
            # pylint: disable-next=import-outside-toplevel  # the first module that can have a finding
            from pylint_hubcompat.plugin.analysis import Analysis, Options

            config = self.linter.config
            options = Options(config.tf_version, config.hub_version, config.runtime_mode, config.project_scan, self._mapping)
            self._analysis = Analysis(self._rules, options)
        return self._analysis

    def _check_module(self, node: nodes.Module) -> None:
        # Problems of the project's configuration matter where findings may depend on them.
        target, findings = self._get_analysis().check(node)
        for problem in target.problems:
            self.add_message(CONFIG_ERROR, line=1, node=node, args=(f"{problem.path}:{problem.line}: {problem.message}",))
        for finding in findings:
            self.add_message(finding.rule.symbol, node=finding.node, args=(finding.text,))


def register_user_rules(linter: PyLinter) -> None:
    """After the configuration is read: add the ``rules-path`` rules and their messages."""
    # linter.get_checkers() only when needed: it sorts the checkers, and each comparison
    # formats both checkers' messages (pylint's BaseChecker.__eq__), a few ms in every run.
    if not linter.config.rules_path:
        return
    checker = next((c for c in linter.get_checkers() if isinstance(c, HubCompatChecker)), None)
    if checker is None:
        return
    user_rules = checker.load_user_rules()
    if not user_rules:
        return
    try:
        holder = _MessageHolder(linter, _rule_messages(user_rules))
        # Known already: a -j worker's copy of the linter (check_user_names made sure they are ours).
        new = [m for m in holder.messages if not message_known(linter, m.symbol)]
        if new:
            holder.msgs = {m.msgid: (m.msg, m.symbol, m.description) for m in new}
            linter.msgs_store.register_messages_from_checker(holder)
    except InvalidMessageError as exc:  # check_user_names should leave pylint nothing to refuse
        checker.stop_user_rules(f"pylint refuses the messages of the rule files ({exc})")
        return
    if new:
        # New messages follow the checker: on with ``--enable=hubcompat``, off with ``--disable=all``.
        enabled = any(linter.is_message_enabled(rule.symbol) for rule in builtin_rules())
        for message in new:
            (linter.enable if enabled else linter.disable)(message.msgid)
    checker.use_rules(builtin_rules() + user_rules)


def _rule_paths(entries: Iterable[str]) -> list[Path]:
    paths: list[Path] = []
    for entry in entries:
        try:
            path = Path(entry).expanduser()
        except RuntimeError:  # ~user of no known user
            raise RuleError(entry, None, None, "cannot read: no such home directory") from None
        paths.extend(sorted(path.glob("*.toml")) if path.is_dir() else [path])
    return paths


def check_user_names(linter: PyLinter, rules: tuple[Rule, ...]) -> None:
    """Raise ``RuleError`` for the first of ``rules`` whose id or symbol is not its to take.

    pylint itself refuses an id or symbol it knows only by crashing (``InvalidMessageError``),
    and reads some names as something else: ``--disable=format`` means the checker, ``all``
    every message, ``error`` a category, ``rp...`` a report; an old name of a renamed message
    means the new one, a deleted message's name stays reserved.  It also requires the messages
    of one checker to share the two digits after the letter, which a prefix of another checker
    cannot give.  Asked of the linter as configured, so every other loaded plugin counts.
    """
    modules = {c.name: type(c).__module__ for c in linter.get_checkers()}
    prefixes = dict.fromkeys(_deleted_prefixes(), "a checker pylint deleted")
    for definition in linter.msgs_store.messages:
        if definition.checker_name != HubCompatChecker.name:
            for msgid in (definition.msgid, *(old for old, _ in definition.old_names)):
                prefixes.setdefault(msgid[1:3], f"the {definition.checker_name!r} checker")
    first = rules[0]
    for rule in rules:
        where = (rule.path, repr(rule.symbol))
        problem = _reserved(rule.symbol, modules)
        if problem:
            raise RuleError(*where, "symbol", problem)
        for key, name in (("id", rule.id), ("symbol", rule.symbol)):
            problem = _taken(linter, name, rule, modules)
            if problem:
                raise RuleError(*where, key, problem)
        prefix = rule.id[1:3]
        if prefix != first.id[1:3]:
            raise RuleError(
                *where, "id", f"{rule.id!r} has id prefix {prefix}, but {first.symbol!r} ({first.path}) has "
                f"{first.id[1:3]}: pylint requires the messages of a checker to share the two digits after the letter"
            )
        if prefix in prefixes:
            raise RuleError(
                *where, "id", f"{rule.id!r} has id prefix {prefix}, used by {prefixes[prefix]}: choose two digits "
                "no loaded checker uses (pylint --list-msgs shows them)"
            )


def _reserved(symbol: str, modules: dict[str, str]) -> str | None:
    """Why pylint's ``--enable`` / ``--disable`` and pragmas would read ``symbol`` as something else."""
    from pylint.constants import MAIN_CHECKER_NAME, MSG_TYPES  # pylint: disable=import-outside-toplevel

    if symbol == "all":
        return "'all' is reserved by pylint (--disable=all means every message)"
    if symbol in MSG_TYPES.values():
        return f"{symbol!r} is a message category of pylint (--disable={symbol})"
    if symbol in modules or symbol == MAIN_CHECKER_NAME:
        return f"{symbol!r} is the name of a checker (--disable={symbol} means its messages)"
    if symbol.startswith("rp"):
        return f"{symbol!r} starts with 'rp', which pylint reads as a report id"
    return None


def _taken(linter: PyLinter, name: str, rule: Rule, modules: dict[str, str]) -> str | None:
    """Who already owns the message id or symbol ``name``, if not ``rule`` itself."""
    from pylint import exceptions  # pylint: disable=import-outside-toplevel

    try:
        definitions = linter.msgs_store.get_message_definitions(name)
    except exceptions.DeletedMessageError as exc:
        return f"{exc} (pylint keeps the names of deleted messages reserved)"
    except exceptions.MessageBecameExtensionError as exc:
        return f"{exc} (reserved, loaded or not)"
    except exceptions.UnknownMessageError:
        return None  # free
    if any(_is_rule_message(d, rule) for d in definitions):
        return None  # registered by us: a -j worker's copy of the linter
    messages = ", ".join(f"{d.msgid} ({d.symbol})" for d in sorted(definitions, key=lambda d: d.msgid))
    owner = _owner(definitions[0].checker_name, modules)
    noun = "message" if len(definitions) == 1 else "messages"
    if all(name not in (d.msgid, d.symbol) for d in definitions):
        return f"{name!r} is an old name of {owner} {noun} {messages}"
    return f"{name!r} is {owner} {noun} {messages}"


def _deleted_prefixes() -> list[str]:
    """The prefixes of checkers pylint deleted: pylint's own record, in a private module that may move."""
    try:
        from pylint.message import _deleted_message_ids  # pylint: disable=import-outside-toplevel
    except ImportError:
        return []
    return [f"{prefix:02d}" for prefix in getattr(_deleted_message_ids, "DELETED_MSGID_PREFIXES", ())]


def _owner(checker_name: str, modules: dict[str, str]) -> str:
    if checker_name == HubCompatChecker.name:
        return "hubcompat's own"
    if modules.get(checker_name, "").split(".")[0] == "pylint":
        return "pylint's"
    return f"the {checker_name!r} checker's"


def _is_rule_message(definition: MessageDefinition, rule: Rule) -> bool:
    """Whether ``definition`` is the message ``rule`` registers."""
    return (definition.checker_name, definition.msgid, definition.symbol, definition.msg, definition.description) == (
        HubCompatChecker.name, rule.id, rule.symbol, "%s", rule.help_text()
    )


class _MessageHolder(BaseChecker):
    """Carries the user rules' message definitions into pylint's message store."""

    name = "hubcompat"

    def __init__(self, linter: PyLinter, msgs: dict[str, Any]) -> None:
        self.msgs = msgs
        super().__init__(linter)


def message_known(linter: PyLinter, symbol: str) -> bool:
    """Whether pylint knows the message ``symbol``."""
    try:
        linter.msgs_store.get_message_definitions(symbol)
    except Exception:  # noqa: BLE001  # pylint: disable=broad-except  # UnknownMessageError
        return False
    return True

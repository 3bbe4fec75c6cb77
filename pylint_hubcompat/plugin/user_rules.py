"""A team's own rules (``rules-path``): loaded, checked and registered with pylint after its configuration is read.

Only a run that sets ``rules-path`` imports this (and :mod:`pylint_hubcompat.rulebook.proofs`):
sorting pylint's checkers and proving examples cost every other run nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pylint.checkers import BaseChecker
from pylint.exceptions import InvalidMessageError

from pylint_hubcompat.fixes.registry import FIXERS
from pylint_hubcompat.plugin.checker import HubCompatChecker, message_known, rule_messages
from pylint_hubcompat.rulebook import proofs
from pylint_hubcompat.rulebook.loading import Rule, RuleError, builtin_rules, load_rules

if TYPE_CHECKING:
    from pylint.lint import PyLinter
    from pylint.message import MessageDefinition


def register_user_rules(linter: PyLinter) -> None:
    """After the configuration is read: add the ``rules-path`` rules and their messages."""
    checker = next((c for c in linter.get_checkers() if isinstance(c, HubCompatChecker)), None)
    if checker is None:
        return
    user_rules = load(checker)
    if not user_rules:
        return
    try:
        holder = _MessageHolder(linter, rule_messages(user_rules))
        # Known already: a -j worker's copy of the linter (check_user_names made sure they are ours).
        new = [m for m in holder.messages if not message_known(linter, m.symbol)]
        if new:
            holder.msgs = {m.msgid: (m.msg, m.symbol, m.description) for m in new}
            linter.msgs_store.register_messages_from_checker(holder)
    except InvalidMessageError as exc:  # check_user_names should leave pylint nothing to refuse
        checker.stop(f"pylint refuses the messages of the rule files ({exc})")
        return
    if new:
        # New messages follow the checker: on with ``--enable=hubcompat``, off with ``--disable=all``.
        enabled = any(linter.is_message_enabled(rule.symbol) for rule in builtin_rules())
        for message in new:
            (linter.enable if enabled else linter.disable)(message.msgid)
    checker.use_rules(builtin_rules() + user_rules)


def load(checker: HubCompatChecker) -> tuple[Rule, ...]:
    """Validate the ``rules-path`` files; on any error none of them is used and the checker is stopped.

    Valid means what the test suite asks of the shipped rules and what pylint asks of
    a message: the file parses into rules, their ids and symbols are theirs to take
    (:func:`check_user_names`), and their examples prove them
    (:mod:`pylint_hubcompat.rulebook.proofs`).
    """
    # Loaded again (a -j worker of pylint 3.0 keeps the checker): one report, not two.
    checker.rules_problem = None
    try:
        paths = _rule_paths(checker.linter.config.rules_path)
        rules = load_rules(paths, known=builtin_rules())[len(builtin_rules()) :]
        if rules:
            check_user_names(checker.linter, rules)
            check_fixers(rules)
            proofs.prove(rules, builtin_rules())
        return rules
    except RuleError as exc:
        checker.stop(str(exc))
    except Exception as exc:  # pylint: disable=broad-except  # never crash pylint
        checker.stop(f"the rule files could not be loaded ({type(exc).__name__}); please report this")
    return ()


def check_fixers(rules: Iterable[Rule]) -> None:
    """Raise ``RuleError`` for a rule whose ``autofix.fixer`` is not one of ``fixes.registry``'s."""
    for rule in rules:
        if rule.autofix is not None and rule.autofix.fixer not in FIXERS:
            raise RuleError(
                rule.path,
                repr(rule.symbol),
                "autofix.fixer",
                f"no fixer {rule.autofix.fixer!r} (known: {', '.join(sorted(FIXERS))})",
            )


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
                *where,
                "id",
                f"{rule.id!r} has id prefix {prefix}, but {first.symbol!r} ({first.path}) has "
                f"{first.id[1:3]}: pylint requires the messages of a checker to share the two digits after the letter",
            )
        if prefix in prefixes:
            raise RuleError(
                *where,
                "id",
                f"{rule.id!r} has id prefix {prefix}, used by {prefixes[prefix]}: choose two digits "
                "no loaded checker uses (pylint --list-msgs shows them)",
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
        HubCompatChecker.name,
        rule.id,
        rule.symbol,
        "%s",
        rule.help_text(),
    )


class _MessageHolder(BaseChecker):
    """Carries the user rules' message definitions into pylint's message store."""

    name = "hubcompat"

    def __init__(self, linter: PyLinter, msgs: dict[str, Any]) -> None:
        self.msgs = msgs
        super().__init__(linter)

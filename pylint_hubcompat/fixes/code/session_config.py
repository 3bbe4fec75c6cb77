"""``share_cluster_devices_in_session = True`` on the ConfigProto a ``RunConfig`` receives.

Three shapes are rewritten, each where nothing else can change: a RunConfig without
``session_config`` gets a new ConfigProto built just before its statement; a
``session_config=config`` whose ``config`` is made once by a ConfigProto call gets the
option set right after that call; an inline ``session_config=ConfigProto(...)`` gets
the option as a keyword.  The field's spelling is the one every admitted TensorFlow
has (:mod:`.session_options`); where there is none, there is no fix.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator

from astroid import nodes
from packaging.version import Version

from pylint_hubcompat.facts import qualified
from pylint_hubcompat.files.text_edits import Edit, apply
from pylint_hubcompat.fixes.code.session_options import TOP_LEVEL_FROM
from pylint_hubcompat.fixes.context import FixContext, Proposal, Source

_OPTION = "share_cluster_devices_in_session"
#: The first release with ``config.experimental.share_cluster_devices_in_session``.
_EXPERIMENTAL_FROM = Version("1.14")
_CONFIG_PROTO = "tensorflow.ConfigProto"
#: ``session_config`` is RunConfig's sixth parameter: five positional arguments cannot reach it.
_POSITIONAL_BEFORE_SESSION_CONFIG = 5
#: What ``ConfigProto`` is an attribute of, per module a name is imported as.
_PROTO_OWNERS = {"tensorflow": ".compat.v1", "tensorflow.compat.v1": ""}
#: Statements a new one may go before: the call in them runs after it, once per run of them.
_INSERTABLE = (
    nodes.Assign,
    nodes.AnnAssign,
    nodes.AugAssign,
    nodes.Expr,
    nodes.Return,
    nodes.If,
    nodes.With,
    nodes.For,
)
#: Protobuf methods that replace a message's fields, the option's included.
_RESETS = frozenset({"Clear", "ClearField", "CopyFrom", "MergeFrom", "MergeFromString", "ParseFromString"})
#: A gap between a call's last argument and its ``)``: blanks, comments and at most one comma.
_GAP = re.compile(r"(?:\s|#[^\n]*)*(,)?(?:\s|#[^\n]*)*")


def share_cluster_devices(context: FixContext) -> Proposal | None:
    """Set the option on the RunConfig's ConfigProto, in the spelling every admitted TensorFlow has."""
    call = context.node
    field = _field(context.target["tensorflow"].releases)
    if not isinstance(call, nodes.Call) or field is None or not _arguments_known(call):
        return None
    keyword = next((k for k in call.keywords if k.arg == "session_config"), None)
    if keyword is None:
        edits = _new_config(context, call, field)
    elif isinstance(keyword.value, nodes.Name):
        edits = _set_after_assignment(context.source, call, keyword.value, field)
    elif isinstance(keyword.value, nodes.Call) and field == _OPTION:
        edits = _keyword_of_inline(context.source, keyword.value)
    else:
        edits = None
    if not edits or not _parses(context.source, edits):
        return None
    return Proposal(tuple(edits))


def module_alias(
    at: nodes.NodeNG, module: nodes.Module, wanted: Collection[str], first: str = ""
) -> tuple[str, str] | None:
    """A name visible at ``at`` that an import binds to one of the ``wanted`` modules, and that module.

    ``first`` is tried before the module's other imported names, so that a fix
    spells the module as the code next to it does.
    """
    names = [first] if first else []
    for statement in module.nodes_of_class((nodes.Import, nodes.ImportFrom)):
        for real, alias in statement.names:
            names.append(alias or real.split(".")[0])
    for name in dict.fromkeys(names):
        probe = nodes.Name(
            name, lineno=at.lineno, col_offset=at.col_offset, parent=at, end_lineno=None, end_col_offset=None
        )
        imported = qualified.imported_name(probe)
        if imported is not None and imported in wanted:
            return name, imported
    return None


def _field(releases: Collection[Version]) -> str | None:
    """The option's attribute path on a ConfigProto, as every admitted TensorFlow spells it."""
    if not releases:
        return None
    if min(releases) >= TOP_LEVEL_FROM:
        return _OPTION
    if min(releases) >= _EXPERIMENTAL_FROM and max(releases) < TOP_LEVEL_FROM:
        return f"experimental.{_OPTION}"
    return None


def _arguments_known(call: nodes.Call) -> bool:
    """No ``*args`` or ``**kwargs`` that may hold a session_config, nor enough positional arguments to reach it."""
    return (
        len(call.args) <= _POSITIONAL_BEFORE_SESSION_CONFIG
        and not any(isinstance(a, (nodes.Starred, nodes.GeneratorExp)) for a in call.args)
        and all(k.arg is not None for k in call.keywords)
    )


def _new_config(context: FixContext, call: nodes.Call, field: str) -> list[Edit] | None:
    """``session_config = tf.compat.v1.ConfigProto()`` and the option before the statement, passed to the call."""
    statement = call.statement()
    source = context.source
    if (
        not isinstance(statement, _INSERTABLE)
        or statement.scope() is not call.scope()
        or not _starts_line(source, statement)
        or re.match(r"elif\b", source.line(statement.fromlineno).lstrip()) is not None
    ):
        return None
    owner = _proto_owner(call, context.module)
    name = _free_name(call.scope(), context.module)
    passed = _add_keyword(source, call, f"session_config={name}")
    if owner is None or passed is None:
        return None
    indent = source.indent(statement.fromlineno)
    created = [f"{indent}{name} = {owner}.ConfigProto()", f"{indent}{name}.{field} = True"]
    return [source.insert_lines(statement.fromlineno, created), *passed]


def _set_after_assignment(source: Source, call: nodes.Call, config: nodes.Name, field: str) -> list[Edit] | None:
    """``config = ConfigProto(...)`` once in the call's scope, before it: the option goes on the next line."""
    try:
        scope, bindings = qualified.lookup(config, config.name)
    except Exception:  # pylint: disable=broad-except  # astroid on odd code
        return None
    if scope is not call.scope() or len(bindings) != 1 or not isinstance(bindings[0], nodes.AssignName):
        return None
    assign = bindings[0].parent
    if not (
        isinstance(assign, nodes.Assign)
        and assign.targets == [bindings[0]]
        and isinstance(assign.value, nodes.Call)
        and qualified.qualified_name(assign.value.func) == _CONFIG_PROTO
        and (assign.end_lineno or 0) < call.lineno
        and _starts_line(source, assign)
        and _ends_line(source, assign)
        and not _overwritten(scope, config.name)
    ):
        return None
    line = f"{source.indent(assign.fromlineno)}{config.name}.{field} = True"
    return [source.insert_lines((assign.end_lineno or assign.lineno) + 1, [line])]


def _overwritten(scope: nodes.LocalsDictNodeNG, name: str) -> bool:
    """Whether the scope resets fields of ``name`` wholesale (``config.CopyFrom(other)``), the option's too."""
    for attribute in scope.nodes_of_class(nodes.Attribute):
        base = attribute.expr
        while isinstance(base, nodes.Attribute):
            base = base.expr
        if attribute.attrname in _RESETS and isinstance(base, nodes.Name) and base.name == name:
            return True
    return False


def _keyword_of_inline(source: Source, proto: nodes.Call) -> list[Edit] | None:
    """``session_config=tf.compat.v1.ConfigProto(...)``: the option becomes one more keyword of it."""
    if (
        qualified.qualified_name(proto.func) != _CONFIG_PROTO
        or proto.args
        or any(k.arg in (None, _OPTION) for k in proto.keywords)
    ):
        return None
    return _add_keyword(source, proto, f"{_OPTION}=True")


def _proto_owner(call: nodes.Call, module: nodes.Module) -> str | None:
    """``tf.compat.v1`` (or ``tf`` for ``import tensorflow.compat.v1 as tf``): where ConfigProto is, as imported."""
    base = call.func
    while isinstance(base, nodes.Attribute):
        base = base.expr
    found = module_alias(call, module, _PROTO_OWNERS, base.name if isinstance(base, nodes.Name) else "")
    if found is None:
        return None
    name, imported = found
    return name + _PROTO_OWNERS[imported]


def _free_name(scope: nodes.LocalsDictNodeNG, module: nodes.Module) -> str:
    """``session_config``, else ``session_config_2``...: a name the module uses nowhere, so nothing is shadowed."""
    used = set(scope.locals) | set(module.locals)
    used.update(n.name for n in module.nodes_of_class((nodes.Name, nodes.AssignName)))
    used.update(name for n in module.nodes_of_class((nodes.Global, nodes.Nonlocal)) for name in n.names)
    return next(name for name in _names("session_config") if name not in used)


def _names(stem: str) -> Iterator[str]:
    yield stem
    number = 2
    while True:
        yield f"{stem}_{number}"
        number += 1


def _add_keyword(source: Source, call: nodes.Call, keyword: str) -> list[Edit] | None:
    """Edits that add ``keyword`` as the call's last argument, in the layout its arguments have."""
    close_line, close_column = source.end(call)
    close = (close_line, close_column - 1)
    if source.line(close_line)[close_column - 1 : close_column] != ")":
        return None
    arguments = [*call.args, *call.keywords]
    if not arguments:
        opening = _between(source, source.end(call.func), close)
        if re.fullmatch(r"[\s)]*\(\s*", opening) is None:
            return None
        start = _advance(source.end(call.func), opening.rstrip())
        return [Edit(start, close, keyword)]
    last = max(arguments, key=source.end)
    last_end = source.end(last)
    gap = _GAP.fullmatch(_between(source, last_end, close))
    if gap is None:
        return None
    comma = gap.group(1) is not None
    if close_line > last_end[0] and not source.line(close_line)[: close[1]].strip():
        line, column = source.start(last)
        starts_line = not source.line(line)[:column].strip()
        indent = source.indent(line) if starts_line else source.indent(close_line) + "    "
        added = source.insert_lines(close_line, [indent + keyword + ("," if comma else "")])
        return [added] if comma else [Edit(last_end, last_end, ","), added]
    if comma:
        before = source.line(close_line)[close[1] - 1 : close[1]]
        return [Edit(close, close, ("" if before.isspace() else " ") + keyword + ",")]
    return [Edit(last_end, last_end, ", " + keyword)]


def _between(source: Source, start: tuple[int, int], end: tuple[int, int]) -> str:
    """The text from ``start`` to ``end``, lines joined by ``\\n``."""
    if start[0] == end[0]:
        return source.line(start[0])[start[1] : end[1]]
    middle = [source.line(n) for n in range(start[0] + 1, end[0])]
    return "\n".join([source.line(start[0])[start[1] :], *middle, source.line(end[0])[: end[1]]])


def _advance(start: tuple[int, int], text: str) -> tuple[int, int]:
    """The position just after ``text`` written from ``start``."""
    lines = text.split("\n")
    if len(lines) == 1:
        return start[0], start[1] + len(text)
    return start[0] + len(lines) - 1, len(lines[-1])


def _starts_line(source: Source, statement: nodes.NodeNG) -> bool:
    line, column = source.start(statement)
    return line == statement.fromlineno and not source.line(line)[:column].strip()


def _ends_line(source: Source, statement: nodes.NodeNG) -> bool:
    line, column = source.end(statement)
    rest = source.line(line)[column:].strip()
    return not rest or rest.startswith("#")


def _parses(source: Source, edits: list[Edit]) -> bool:
    """Whether the module still parses once edited: a fix must never break it."""
    try:
        ast.parse(apply(source.text, edits))
    except (SyntaxError, ValueError):
        return False
    return True

"""A frozen hub.Module called for a signature -> that signature of ``hub.load(handle, tags=...)``.

``hub.Module(h, tags=T)(dict(a=x), signature="s", as_dict=True)`` becomes
``hub.load(h, tags=T).signatures["s"](a=x)``, and ``m = hub.Module(...)`` with calls
``m(...)`` becomes ``m = hub.load(...)`` with calls ``m.signatures["s"](...)``.  Both
return the dict of the signature's outputs.  Only inputs whose names the code spells
(``dict(a=x)`` or ``{"a": x}``) are rewritten: a single tensor is fed to the input the
module's signature declares, which cannot be known without the model.  The calls are
rewritten with libcst, so everything the fix keeps (the handle, the tags, each input's
expression) keeps its layout and comments.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable, Sequence

import libcst as cst
from astroid import nodes
from libcst import matchers

from pylint_hubcompat.facts import qualified, values
from pylint_hubcompat.files.text_edits import Edit
from pylint_hubcompat.fixes.code.session_config import module_alias
from pylint_hubcompat.fixes.context import FixContext, Proposal, Source

_HUB = "tensorflow_hub"
#: What a frozen hub.Module may be built with: the rest (name=, trainable=True) hub.load cannot say.
_MODULE_KEYWORDS = frozenset({"spec", "tags", "trainable"})
_CALL_KEYWORDS = frozenset({"inputs", "signature", "as_dict"})
_EQUAL = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))

_Change = Callable[[cst.Call], cst.Call]


class _Unfixable(Exception):
    """The code's shape is not one the fix rewrites."""


def load_signatures(context: FixContext) -> Proposal | None:
    """The hub.Module becomes ``hub.load`` and each of its signature calls a call of ``.signatures[...]``."""
    construction = context.site.node
    if not isinstance(construction, nodes.Call) or not _frozen(construction):
        return None
    hub = _hub_module(construction, context.module)
    calls = _signature_calls(construction)
    if hub is None or not calls or context.node not in calls or not all(map(_inputs_named, calls)):
        return None
    source = context.source
    try:
        if calls == [construction.parent]:
            edits = [_rewrite(source, calls[0], lambda parsed: _signature(parsed, _loader(_callee(parsed), hub)))]
        else:
            edits = [_rewrite(source, construction, lambda parsed: _loader(parsed, hub))]
            edits += [_rewrite(source, call, lambda parsed: _signature(parsed, parsed.func)) for call in calls]
    except _Unfixable:
        return None
    return Proposal(tuple(edits))


def _frozen(construction: nodes.Call) -> bool:
    """``hub.Module(handle, tags=..., trainable=False)``: nothing that hub.load cannot say as well."""
    handles = len(construction.args) + sum(k.arg == "spec" for k in construction.keywords)
    return (
        handles == 1
        and not any(isinstance(a, nodes.Starred) for a in construction.args)
        and all(k.arg in _MODULE_KEYWORDS for k in construction.keywords)
        and all(values.resolve_bool(k.value) is False for k in construction.keywords if k.arg == "trainable")
    )


def _hub_module(construction: nodes.Call, module: nodes.Module) -> str | None:
    """The name the code calls tensorflow_hub by: ``hub`` of ``hub.Module``, else one imported beside ``Module``."""
    callee = construction.func
    if isinstance(callee, nodes.Attribute):
        owner = callee.expr
        return owner.name if isinstance(owner, nodes.Name) and qualified.imported_name(owner) == _HUB else None
    found = module_alias(construction, module, (_HUB,))
    return found[0] if found is not None else None


def _signature_calls(construction: nodes.Call) -> list[nodes.Call] | None:
    """The calls of the module: the one it is built in, or every use of the one name it is bound to."""
    parent = construction.parent
    if isinstance(parent, nodes.Call) and parent.func is construction:
        return [parent]
    if not (isinstance(parent, nodes.Assign) and len(parent.targets) == 1):
        return None
    target = parent.targets[0]
    scope = parent.scope()
    if not isinstance(target, nodes.AssignName) or not isinstance(scope, (nodes.Module, nodes.FunctionDef)):
        return None
    if qualified.bindings(scope, target.name) != [target] or _rebound(scope, target):
        return None
    calls = []
    for name in scope.nodes_of_class(nodes.Name):
        if name.name != target.name or not _refers_to(name, scope, target):
            continue
        call = name.parent
        if not (isinstance(call, nodes.Call) and call.func is name):
            return None  # the module is used otherwise than called: hub.load's object has no such use
        calls.append(call)
    if any(isinstance(outer, nodes.Call) and outer in calls for call in calls for outer in call.node_ancestors()):
        return None
    return calls


def _refers_to(name: nodes.Name, scope: nodes.LocalsDictNodeNG, target: nodes.AssignName) -> bool:
    try:
        return qualified.lookup(name, name.name) == (scope, [target])
    except Exception:  # pylint: disable=broad-except  # astroid on odd code
        return False


def _rebound(scope: nodes.LocalsDictNodeNG, target: nodes.AssignName) -> bool:
    """Whether anything in ``scope`` (nested scopes too) binds, deletes or declares the name again."""
    for node in scope.nodes_of_class((nodes.AssignName, nodes.DelName, nodes.Global, nodes.Nonlocal)):
        if isinstance(node, (nodes.Global, nodes.Nonlocal)):
            if target.name in node.names:
                return True
        elif node is not target and node.name == target.name:
            return True
    return False


def _inputs_named(call: nodes.Call) -> bool:
    """``m(dict(a=x), signature="s", as_dict=True)`` or with ``{"a": x}``: inputs named, outputs as a dict."""
    keywords = {k.arg: k.value for k in call.keywords}
    if None in keywords or not set(keywords) <= _CALL_KEYWORDS:
        return False
    if any(isinstance(a, nodes.Starred) for a in call.args) or len(call.args) + ("inputs" in keywords) != 1:
        return False
    inputs = call.args[0] if call.args else keywords["inputs"]
    return (
        values.resolve_string(keywords.get("signature")) is not None
        and values.resolve_bool(keywords.get("as_dict")) is True
        and (_dict_call(inputs) or _literal_names(inputs))
    )


def _dict_call(node: nodes.NodeNG) -> bool:
    """``dict(a=x, b=y)``, with the builtin ``dict``."""
    if not (isinstance(node, nodes.Call) and isinstance(node.func, nodes.Name) and node.func.name == "dict"):
        return False
    try:
        scope, _ = qualified.lookup(node.func, "dict")
    except Exception:  # pylint: disable=broad-except  # astroid on odd code
        return False
    return (
        isinstance(scope, nodes.Module)
        and scope.name == "builtins"
        and not node.args
        and all(k.arg is not None for k in node.keywords)
    )


def _literal_names(node: nodes.NodeNG) -> bool:
    """``{"a": x, "b": y}``: distinct string keys that can be keyword names."""
    if not isinstance(node, nodes.Dict):
        return False
    keys = [key.value if isinstance(key, nodes.Const) else None for key, _ in node.items]
    return len(set(keys)) == len(keys) and all(
        isinstance(k, str) and k.isidentifier() and not keyword.iskeyword(k) for k in keys
    )


def _rewrite(source: Source, node: nodes.NodeNG, change: _Change) -> Edit:
    """The edit that replaces ``node`` by ``change`` of its code, if no comment of it is lost on the way."""
    try:
        before = cst.parse_expression(source.segment(node))
    except cst.ParserSyntaxError as error:
        raise _Unfixable from error
    if not isinstance(before, cst.Call):
        raise _Unfixable
    after = change(before)
    if sorted(c.value for c in _comments(after)) != sorted(c.value for c in _comments(before)):
        raise _Unfixable  # a comment on an argument the fix drops
    return source.replace(node, cst.Module([]).code_for_node(after))


def _comments(node: cst.CSTNode) -> Sequence[cst.Comment]:
    return [c for c in matchers.findall(node, matchers.Comment()) if isinstance(c, cst.Comment)]


def _callee(call: cst.Call) -> cst.Call:
    if not isinstance(call.func, cst.Call):
        raise _Unfixable
    return call.func


def _loader(construction: cst.Call, hub: str) -> cst.Call:
    """``hub.Module(spec=h, tags=T, trainable=False)`` -> ``hub.load(handle=h, tags=T)``."""
    func = construction.func
    if isinstance(func, cst.Attribute):
        func = func.with_changes(attr=cst.Name("load"))
    else:
        func = cst.Attribute(value=cst.Name(hub), attr=cst.Name("load"))
    kept = []
    for argument in construction.args:
        name = argument.keyword.value if argument.keyword is not None else None
        if name == "spec":
            kept.append(argument.with_changes(keyword=cst.Name("handle")))
        elif name != "trainable":
            kept.append(argument)
    return construction.with_changes(func=func, args=_ended_like(kept, construction.args))


def _signature(call: cst.Call, loaded: cst.BaseExpression) -> cst.Call:
    """``m(INPUTS, signature=S, as_dict=True)`` -> ``m.signatures[S](**INPUTS)``, INPUTS spelled as keywords."""
    signature = inputs = None
    for argument in call.args:
        name = argument.keyword.value if argument.keyword is not None else "inputs"
        if name == "signature":
            signature = argument.value
        elif name == "inputs":
            inputs = argument
    if signature is None or inputs is None:
        raise _Unfixable
    func = cst.Subscript(
        value=cst.Attribute(value=loaded, attr=cst.Name("signatures")),
        slice=[cst.SubscriptElement(slice=cst.Index(value=signature))],
    )
    arguments = _ended_like(_as_keywords(inputs.value), call.args)
    return call.with_changes(func=func, args=_with_comment_of(arguments, inputs))


def _as_keywords(inputs: cst.BaseExpression) -> list[cst.Arg]:
    """The arguments of ``dict(a=x)`` as they are, or the items of ``{"a": x}`` as ``a=x``."""
    if isinstance(inputs, cst.Call):
        return list(inputs.args)
    if not isinstance(inputs, cst.Dict):
        raise _Unfixable
    arguments = []
    for element in inputs.elements:
        if not (isinstance(element, cst.DictElement) and isinstance(element.key, cst.SimpleString)):
            raise _Unfixable
        name = element.key.evaluated_value
        if not isinstance(name, str):
            raise _Unfixable
        arguments.append(cst.Arg(value=element.value, keyword=cst.Name(name), equal=_EQUAL, comma=element.comma))
    return arguments


def _ended_like(arguments: list[cst.Arg], original: Sequence[cst.Arg]) -> list[cst.Arg]:
    """``arguments`` with the last one ending as the original last did (its trailing comma, its line break)."""
    if not arguments or not original:
        return arguments
    last = original[-1]
    return [
        *arguments[:-1],
        arguments[-1].with_changes(comma=last.comma, whitespace_after_arg=last.whitespace_after_arg),
    ]


def _with_comment_of(arguments: list[cst.Arg], inputs: cst.Arg) -> list[cst.Arg]:
    """The comment at the end of the inputs' line, moved to the end of the last keyword's line.

    ``{"text": sentences},  # a batch of sentences`` is followed by ``signature=`` and
    ``as_dict=`` lines the fix drops: the comment is the inputs', so it stays with them.
    """
    comment = _line_end(inputs.comma.whitespace_after) if isinstance(inputs.comma, cst.Comma) else None
    if not arguments or comment is None or comment.comment is None:
        return arguments
    last = arguments[-1]
    if isinstance(last.comma, cst.Comma):
        ending = _line_end(last.comma.whitespace_after)
        if ending is not None and ending.comment is None:
            whitespace = last.comma.whitespace_after.with_changes(first_line=comment)
            return [*arguments[:-1], last.with_changes(comma=last.comma.with_changes(whitespace_after=whitespace))]
    ending = _line_end(last.whitespace_after_arg)
    if ending is not None and ending.comment is None:
        whitespace = last.whitespace_after_arg.with_changes(first_line=comment)
        return [*arguments[:-1], last.with_changes(whitespace_after_arg=whitespace)]
    return arguments


def _line_end(whitespace: cst.BaseParenthesizableWhitespace) -> cst.TrailingWhitespace | None:
    """Where ``whitespace`` ends a line (its comment, if any), or None if it stays on the line."""
    return whitespace.first_line if isinstance(whitespace, cst.ParenthesizedWhitespace) else None

"""Static values of expressions: handle strings and boolean flags.

Only constants the project itself spells out are resolved (literals, constants
assigned exactly once); anything computed at run time is ``None``, and every
rule that needs the value stays silent on it.
"""

from __future__ import annotations

from astroid import nodes

_MAX_DEPTH = 4


def resolve_string(node: nodes.NodeNG | None) -> str | None:
    """The string ``node`` always evaluates to, or ``None`` when not statically known."""
    value = _resolve(node, 0)
    return value if isinstance(value, str) else None


def resolve_bool(node: nodes.NodeNG | None) -> bool | None:
    """The boolean ``node`` always evaluates to (``trainable=True``, ``TRAIN = False``)."""
    value = _resolve(node, 0)
    return value if isinstance(value, bool) else None


def _resolve(node: nodes.NodeNG | None, depth: int) -> object:
    if node is None or depth > _MAX_DEPTH:
        return None
    if isinstance(node, nodes.Const):
        return node.value
    if isinstance(node, nodes.Name):
        return _resolve(_single_assignment(node), depth + 1)
    return None


def _single_assignment(name: nodes.Name) -> nodes.NodeNG | None:
    """The value of a module-level name assigned exactly once to a constant."""
    scope, assignments = name.lookup(name.name)
    if len(assignments) != 1 or not isinstance(scope, nodes.Module):
        return None
    target = assignments[0]
    if isinstance(target, nodes.AssignName) and isinstance(target.parent, nodes.Assign):
        if len(scope.locals.get(name.name, ())) == 1:
            return target.parent.value
    return None

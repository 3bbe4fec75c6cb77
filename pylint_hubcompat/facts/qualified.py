"""Qualified names through imports, without inference into TensorFlow.

``hub.KerasLayer`` after ``import tensorflow_hub as hub`` is
``tensorflow_hub.KerasLayer``; ``tf.compat.v1.estimator.Estimator`` is
``tensorflow.estimator.Estimator``.  Only import statements are followed:
astroid inference into TensorFlow's lazy loaders is slow and often wrong.

Bindings are read as the code spells them (:func:`lookup`, :func:`bindings`).
While building a module astroid also files ``obj.attr = value`` among the
bindings of ``attr`` in whatever class or module it infers ``obj`` to be, and it
does so for the modules it happened to build first.  Those entries are left
out, so a verdict depends neither on the order files are linted in nor on how
much ``hubcompat check`` builds (:mod:`pylint_hubcompat.facts.trees`).
"""

from __future__ import annotations

from astroid import nodes

#: ``tensorflow.compat.v1.x`` and ``tensorflow.x`` name the same API for our purposes.
_COMPAT_PREFIXES = ("tensorflow.compat.v1.", "tensorflow.compat.v2.")


def canonical(name: str) -> str:
    for prefix in _COMPAT_PREFIXES:
        if name.startswith(prefix):
            return "tensorflow." + name[len(prefix) :]
    if name in ("tensorflow.compat.v1", "tensorflow.compat.v2"):
        return "tensorflow"
    return name


def qualified_name(node: nodes.NodeNG) -> str | None:
    """The canonical dotted name ``node`` refers to, if it comes from an import."""
    parts: list[str] = []
    while isinstance(node, nodes.Attribute):
        parts.append(node.attrname)
        node = node.expr
    if not isinstance(node, nodes.Name):
        return None
    base = imported_name(node)
    if base is None:
        return None
    return canonical(".".join([base, *reversed(parts)]))


def bindings(scope: nodes.LocalsDictNodeNG, name: str) -> list[nodes.NodeNG]:
    """Every statement of the code that binds ``name`` in ``scope``."""
    return [node for node in scope.locals.get(name, ()) if not isinstance(node, nodes.AssignAttr)]


def lookup(node: nodes.NodeNG, name: str) -> tuple[nodes.LocalsDictNodeNG, list[nodes.NodeNG]]:
    """``node.lookup(name)``: the scope ``name`` resolves in at ``node``, and its bindings there."""
    scope, found = node.lookup(name)
    while found and isinstance(scope, nodes.ClassDef) and all(isinstance(f, nodes.AssignAttr) for f in found):
        # Only ``Class.name = ...`` elsewhere: the class body does not bind it, so look outside.
        outer = scope.parent.scope() if scope.parent is not None else None
        while isinstance(outer, nodes.ClassDef):
            outer = outer.parent.scope() if outer.parent is not None else None
        if outer is None:
            return scope, []
        scope, found = outer.scope_lookup(node, name)
    return scope, [f for f in found if not isinstance(f, nodes.AssignAttr)]


def single_binding(node: nodes.NodeNG | None) -> nodes.NodeNG | None:
    """The one statement binding a plain name in its scope; None if rebound, unbound or odd."""
    if not isinstance(node, nodes.Name):
        return None
    try:
        _, assignments = lookup(node, node.name)
    except Exception:  # pylint: disable=broad-except  # astroid on odd code
        return None
    return assignments[0] if len(assignments) == 1 else None


def imported_name(name: nodes.Name) -> str | None:
    """The module or object a bare name was imported as, e.g. ``hub`` -> ``tensorflow_hub``.

    A name bound by anything but imports (or by imports of different things)
    is not resolved: ``hub = None`` in an ``except ImportError`` makes ``hub``
    ambiguous, and ambiguous names stay silent.
    """
    try:
        _, assignments = lookup(name, name.name)
    except Exception:  # pylint: disable=broad-except  # astroid on odd code
        return None
    resolved = {_import_target(a, name.name) for a in assignments}
    if len(resolved) != 1:
        return None
    return resolved.pop()


def _import_target(statement: nodes.NodeNG, local: str) -> str | None:
    if isinstance(statement, nodes.Import):
        for real, alias in statement.names:
            if alias == local:
                return real
            if alias is None and real.split(".")[0] == local:
                return local
    elif isinstance(statement, nodes.ImportFrom) and not statement.level:
        for real, alias in statement.names:
            if (alias or real) == local:
                return f"{statement.modname}.{real}"
    return None

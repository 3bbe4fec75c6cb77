"""Which Keras a ``hub.KerasLayer`` is put into: ``tf.keras``, standalone ``keras``, ``tf_keras``.

Since TensorFlow 2.16 ``tf.keras`` is Keras 3, which refuses the Keras 2 layer
that ``hub.KerasLayer`` is.  What matters is the model the layer ends up in:
a ``Sequential([...])`` list, ``model.add(layer)``, or a functional call on an
``Input``; a layer wrapped in a ``Lambda`` is fine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from astroid import nodes

from pylint_hubcompat.facts import qualified as qualified_names
from pylint_hubcompat.facts.vocabulary import KERAS, LEGACY_KERAS, TF_KERAS, WRAPPED

_PREFIXES = (("tensorflow.keras.", TF_KERAS), ("keras.", KERAS), ("tf_keras.", LEGACY_KERAS))


def container(call: nodes.Call, qualified: Callable[[nodes.NodeNG], str | None]) -> str | None:
    """The Keras flavour of the model ``call`` (a ``hub.KerasLayer(...)``) is placed in, if known.

    ``qualified`` resolves an expression to its imported dotted name.  A layer
    used in a Keras 3 model anywhere in its scope counts, even if it is also
    wrapped elsewhere: that one use is enough to fail.
    """
    found = {flavour for use in _uses(call) for flavour in [_placement(use, qualified)] if flavour}
    for flavour in (TF_KERAS, KERAS, LEGACY_KERAS, WRAPPED):
        if flavour in found:
            return flavour
    return None


def _uses(call: nodes.Call) -> Iterator[nodes.NodeNG]:
    """The call itself and, if it is assigned to a name, every later use of that name."""
    yield call
    parent = call.parent
    if (
        isinstance(parent, nodes.Assign)
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], nodes.AssignName)
    ):
        variable = parent.targets[0].name
        for name in parent.scope().nodes_of_class(nodes.Name):
            if name.name == variable and name.lineno is not None and name.lineno >= call.lineno:
                yield name


def _placement(node: nodes.NodeNG, qualified: Callable[[nodes.NodeNG], str | None]) -> str | None:
    if any(isinstance(a, nodes.Lambda) for a in _ancestors_in_statement(node)):
        return WRAPPED
    parent = node.parent
    if isinstance(parent, (nodes.List, nodes.Tuple)) and isinstance(parent.parent, nodes.Call):
        outer = parent.parent
        if outer.args and outer.args[0] is parent:
            return _flavour(qualified(outer.func), ("Sequential",))
    if isinstance(parent, nodes.Call) and node in parent.args:
        func = parent.func
        if isinstance(func, nodes.Attribute) and func.attrname == "add":
            return _flavour(_constructor(func.expr, qualified), ("Sequential",))
    if isinstance(parent, nodes.Call) and parent.func is node and parent.args:
        return _flavour(_constructor(parent.args[0], qualified), ("Input",))
    return None


def _ancestors_in_statement(node: nodes.NodeNG) -> Iterator[nodes.NodeNG]:
    statement = node.statement()
    current = node.parent
    while current is not None and current is not statement:
        yield current
        current = current.parent


def _constructor(node: nodes.NodeNG, qualified: Callable[[nodes.NodeNG], str | None]) -> str | None:
    """For ``model`` / ``inputs`` assigned once from a call, the callee's name."""
    binding = qualified_names.single_binding(node)
    if not isinstance(binding, nodes.AssignName):
        return None
    value = binding.parent
    if isinstance(value, nodes.Assign) and isinstance(value.value, nodes.Call):
        return qualified(value.value.func)
    return None


def _flavour(name: str | None, kinds: tuple[str, ...]) -> str | None:
    if not name or name.rsplit(".", 1)[-1] not in kinds:
        return None
    for prefix, flavour in _PREFIXES:
        if name.startswith(prefix):
            return flavour
    return None

"""Which Keras a ``hub.KerasLayer`` is put into: ``tf.keras``, standalone ``keras``, ``tf_keras``.

Since TensorFlow 2.16 ``tf.keras`` is Keras 3, which refuses the Keras 2 layer
that ``hub.KerasLayer`` is.  What matters is the model the layer ends up in, and
each way in fails differently (each observed in ``tests/runtime/test_facts.py``,
the ``keras-three-*`` scenarios, with TensorFlow 2.21 and tensorflow_hub 0.16.1):

* a ``Sequential([...])`` list or ``model.add(layer)``: the model refuses it;
* a functional call on Keras 3 symbolic tensors: an ``Input``, a list, tuple or
  dict of them, another layer's output (the preprocess -> encoder chain), or a
  ``tf.*`` op applied to one (which already fails itself);
* a call whose output goes into a Keras 3 ``Model(inputs, outputs)``;
* ``load_model(..., custom_objects={"KerasLayer": hub.KerasLayer})``: rebuilding
  the saved model around the layer fails;
* ``self.encoder = hub.KerasLayer(...)`` in a subclassed Keras 3 ``Model``: this
  one runs, but the model does not track the layer, so ``fit`` never trains it
  (the collector reports it only for a fine-tuned layer).

A layer wrapped in a ``Lambda`` is fine.  Names are followed through single
assignments only; anything less certain stays silent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from astroid import nodes

from pylint_hubcompat.facts import qualified as qualified_names
from pylint_hubcompat.facts.vocabulary import KERAS, LEGACY_KERAS, PLACEMENTS, TF_KERAS, WRAPPED

Qualify = Callable[[nodes.NodeNG], "str | None"]

_PREFIXES = (("tensorflow.keras.", TF_KERAS), ("keras.", KERAS), ("tf_keras.", LEGACY_KERAS))
_FLAVOURS = (TF_KERAS, KERAS, LEGACY_KERAS, WRAPPED)
#: How far a value is followed through names, containers and layer calls.
_DEPTH = 12

# How the layer reaches the model (most telling first); what each does is in the rule's notes.
SEQUENTIAL, SYMBOLIC, TF_OP, MODEL, LOADED, SUBCLASSED = PLACEMENTS
LAMBDA = "lambda"
_SHAPES = (*PLACEMENTS, LAMBDA)


class Placement(NamedTuple):
    """The Keras flavour of the model a layer is in, and how it got there."""

    flavour: str
    shape: str


def container(call: nodes.Call, qualified: Qualify) -> Placement | None:
    """Where ``call`` (a ``hub.KerasLayer(...)``) is put, if known.

    ``qualified`` resolves an expression to its imported dotted name.  A layer
    used in a Keras 3 model anywhere in its scope counts, even if it is also
    wrapped elsewhere: that one use is enough to fail.
    """
    found = {placement for use in _uses(call) for placement in [_placement(use, qualified)] if placement}
    subclassed = _subclassed(call, qualified)
    if subclassed:
        found.add(Placement(subclassed, SUBCLASSED))
    if not found:
        return None
    return min(found, key=lambda p: (_FLAVOURS.index(p.flavour), _SHAPES.index(p.shape)))


def loaded_layers(calls: Iterator[tuple[nodes.Call, str | None]], qualified: Qualify) -> dict[nodes.NodeNG, str]:
    """The ``hub.KerasLayer`` references given to ``load_model`` in ``custom_objects``, with its flavour."""
    found: dict[nodes.NodeNG, str] = {}
    for call, name in calls:
        flavour = _flavour(name, ("load_model",))
        if flavour is None:
            continue
        for keyword in call.keywords or ():
            given = keyword.value
            if isinstance(given, nodes.Name):  # custom_objects=custom, assigned once
                given = _assigned_value(given)
            if keyword.arg == "custom_objects" and isinstance(given, nodes.Dict):
                for _, value in given.items:
                    if qualified(value) == "tensorflow_hub.KerasLayer":
                        found[value] = flavour
    return found


def _uses(call: nodes.Call) -> Iterator[nodes.NodeNG]:
    """The call itself and, if it is assigned to a name, every later use of that name."""
    yield call
    yield from _later_uses(call)


def _later_uses(value: nodes.NodeNG) -> Iterator[nodes.Name]:
    """If ``value`` is assigned to one name, the uses of that name from that line on, in its scope."""
    parent = value.parent
    if (
        isinstance(parent, nodes.Assign)
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], nodes.AssignName)
    ):
        variable = parent.targets[0].name
        for name in parent.scope().nodes_of_class(nodes.Name):
            if name.name == variable and (name.lineno or 0) >= (parent.lineno or 0):
                yield name


def _placement(node: nodes.NodeNG, qualified: Qualify) -> Placement | None:
    if any(isinstance(a, nodes.Lambda) for a in _ancestors_in_statement(node)):
        return Placement(WRAPPED, LAMBDA)
    parent = node.parent
    if isinstance(parent, (nodes.List, nodes.Tuple)):
        sequential = _given_layers(parent)
        if sequential is not None:
            return _placed(_flavour(qualified(sequential.func), ("Sequential",)), SEQUENTIAL)
    if isinstance(parent, nodes.Call) and node in parent.args:
        func = parent.func
        if isinstance(func, nodes.Attribute) and func.attrname == "add":
            return _placed(_flavour(_constructor(func.expr, qualified), ("Sequential",)), SEQUENTIAL)
    if isinstance(parent, nodes.Call) and parent.func is node:
        return _called(parent, qualified)
    return None


def _called(call: nodes.Call, qualified: Qualify) -> Placement | None:
    """``layer(x)``: on Keras symbolic tensors, or with its output going into a ``Model(...)``."""
    inputs = [*call.args[:1], *(k.value for k in call.keywords or () if k.arg == "inputs")]
    for argument in inputs:
        found = _symbolic(argument, qualified, _DEPTH)
        if found:
            return Placement(*found)
    flavour = _into_model(call, qualified, _DEPTH)
    return Placement(flavour, MODEL) if flavour else None


def _symbolic(node: nodes.NodeNG, qualified: Qualify, depth: int) -> tuple[str, str] | None:
    """``(flavour, SYMBOLIC or TF_OP)`` if ``node`` is (built from) a Keras ``Input``."""
    if depth <= 0:
        return None
    if isinstance(node, nodes.Name):
        value = _assigned_value(node)
        return _symbolic(value, qualified, depth - 1) if value is not None else None
    if isinstance(node, nodes.Subscript):  # outputs["pooled_output"]
        return _symbolic(node.value, qualified, depth - 1)
    if isinstance(node, (nodes.List, nodes.Tuple)):
        return _first(node.elts, qualified, depth)
    if isinstance(node, nodes.Dict):
        return _first([value for _, value in node.items], qualified, depth)
    if not isinstance(node, nodes.Call):
        return None
    name = qualified(node.func)
    flavour = _flavour(name, ("Input",))
    if flavour:
        return flavour, SYMBOLIC
    # dict(input_word_ids=ids, ...), a layer or a Keras op called on symbolic tensors: symbolic too
    found = _first([*node.args, *(k.value for k in node.keywords or ())], qualified, depth)
    if found and found[0] in (TF_KERAS, KERAS) and _is_tf_op(name):
        return found[0], TF_OP  # tf.reshape(keras_input, ...) refuses a Keras 3 tensor (tf_keras wraps it)
    return found


def _is_tf_op(name: str | None) -> bool:
    return name is not None and name.startswith("tensorflow.") and _flavour(name, ()) is None


def _given_layers(sequence: nodes.List | nodes.Tuple) -> nodes.Call | None:
    """The call ``sequence`` is the layer list of: ``Sequential([...])`` or ``Sequential(layers=[...])``."""
    holder = sequence.parent
    if isinstance(holder, nodes.Keyword) and holder.arg == "layers" and isinstance(holder.parent, nodes.Call):
        return holder.parent
    if isinstance(holder, nodes.Call) and holder.args and holder.args[0] is sequence:
        return holder
    return None


def _first(values: list[nodes.NodeNG], qualified: Qualify, depth: int) -> tuple[str, str] | None:
    for value in values:
        found = _symbolic(value, qualified, depth - 1)
        if found:
            return found
    return None


def _into_model(node: nodes.NodeNG, qualified: Qualify, depth: int) -> str | None:
    """The flavour of a ``Model(...)`` call that ``node``'s value is given to, directly or through names."""
    if depth <= 0:
        return None
    parent = node.parent
    if isinstance(parent, nodes.Keyword):
        parent = parent.parent
    if isinstance(parent, (nodes.List, nodes.Tuple, nodes.Dict, nodes.Subscript)):
        return _into_model(parent, qualified, depth - 1)
    if isinstance(parent, nodes.Call) and parent.func is not node:
        flavour = _flavour(qualified(parent.func), ("Model",))
        return flavour or _into_model(parent, qualified, depth - 1)
    for name in _later_uses(node):
        flavour = _into_model(name, qualified, depth - 1)
        if flavour:
            return flavour
    return None


def _subclassed(call: nodes.Call, qualified: Qualify) -> str | None:
    """``self.x = hub.KerasLayer(...)`` in ``__init__`` of a Keras ``Model`` subclass, and ``self.x(...)`` called."""
    assign = call.parent
    if not (
        isinstance(assign, nodes.Assign)
        and len(assign.targets) == 1
        and isinstance(assign.targets[0], nodes.AssignAttr)
        and isinstance(assign.targets[0].expr, nodes.Name)
        and assign.targets[0].expr.name == "self"
    ):
        return None
    method = assign.scope()
    if not (isinstance(method, nodes.FunctionDef) and method.name == "__init__"):
        return None
    cls = method.parent
    if not isinstance(cls, nodes.ClassDef):
        return None
    flavour = next((f for f in (_flavour(qualified(base), ("Model",)) for base in cls.bases) if f), None)
    attribute = assign.targets[0].attrname
    for used in cls.nodes_of_class(nodes.Call):
        func = used.func
        if isinstance(func, nodes.Attribute) and func.attrname == attribute and func.expr.as_string() == "self":
            return flavour
    return None


def _assigned_value(name: nodes.Name) -> nodes.NodeNG | None:
    binding = qualified_names.single_binding(name)
    if isinstance(binding, nodes.AssignName) and isinstance(binding.parent, nodes.Assign):
        assign = binding.parent
        if len(assign.targets) == 1 and assign.targets[0] is binding:
            return assign.value
    return None


def _ancestors_in_statement(node: nodes.NodeNG) -> Iterator[nodes.NodeNG]:
    statement = node.statement()
    current = node.parent
    while current is not None and current is not statement:
        yield current
        current = current.parent


def _constructor(node: nodes.NodeNG, qualified: Qualify) -> str | None:
    """For ``model`` / ``inputs`` assigned once from a call, the callee's name."""
    value = _assigned_value(node) if isinstance(node, nodes.Name) else None
    if isinstance(value, nodes.Call):
        return qualified(value.func)
    return None


def _placed(flavour: str | None, shape: str) -> Placement | None:
    return Placement(flavour, shape) if flavour else None


def _flavour(name: str | None, kinds: tuple[str, ...]) -> str | None:
    """The Keras of ``name`` if it is one of ``kinds`` (any Keras name when ``kinds`` is empty)."""
    if not name or (kinds and name.rsplit(".", 1)[-1] not in kinds):
        return None
    for prefix, flavour in _PREFIXES:
        if name.startswith(prefix):
            return flavour
    return None

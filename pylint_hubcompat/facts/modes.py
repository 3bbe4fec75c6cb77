"""The runtime mode at a call site: TF2 eager, TF1 compat mode, a graph context, or unknown.

Whether ``hub.Module`` works depends on it, and it is decided by code that may
live far from the call (the entry point disabling v2 behaviour, an Estimator
calling a ``model_fn``).  When the mode cannot be told, it is ``unknown`` and
rules about eager or compat mode stay silent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from astroid import nodes

from pylint_hubcompat.facts import qualified

TF1 = "tf1"
COMPAT = "tf1-compat"
GRAPH = "graph"
TF2 = "tf2"
UNKNOWN = "unknown"
#: Values of the ``runtime-mode`` option.
OPTION_VALUES = ("auto", "tf2", "tf1-compat")

SWITCHES = frozenset({"tensorflow.disable_v2_behavior", "tensorflow.disable_eager_execution"})
#: APIs that only make sense in graph mode: a module using them builds graphs,
#: so its functions may well be called inside one.
_GRAPH_MARKERS = (
    "tensorflow.placeholder",
    "tensorflow.Session",
    "tensorflow.InteractiveSession",
    "tensorflow.estimator",
    "tensorflow.Graph",
    "tensorflow.get_default_graph",
    "tensorflow.global_variables_initializer",
    "tensorflow.tables_initializer",
    "tensorflow.train.MonitoredTrainingSession",
    "tensorflow.variable_scope",
    "tensorflow.get_variable",
    "tensorflow.function",
    "tensorflow.tpu",
)
_GUARD_EXCEPTIONS = frozenset(
    {
        "ImportError",
        "ModuleNotFoundError",
        "AttributeError",
        "RuntimeError",
        "ValueError",
        "NotFoundError",
        "Exception",
        "BaseException",
    }
)
_GUARD_NAMES = frozenset({"hasattr", "tf1", "tf2", "is_tf1", "is_tf2", "_tf1", "_tf2"})


class ModeAnalysis:
    """Runtime modes of one module, computed once from its calls."""

    def __init__(
        self,
        module: nodes.Module,
        calls: Iterable[tuple[nodes.Call, str | None]],
        option: str = "auto",
        project_switches_mode: Callable[[], bool] = lambda: False,
    ) -> None:
        calls = list(calls)
        self.compat = option == COMPAT or any(name in SWITCHES for _, name in calls)
        self._check_project = not self.compat and option == "auto"
        self._project_switches_mode = project_switches_mode
        self.graph_markers = any(name and name.startswith(_GRAPH_MARKERS) for _, name in calls)
        self._module_fns = {
            id(fn)
            for call, name in calls
            if name == "tensorflow_hub.create_module_spec"
            for fn in [_function_of(call.args[0] if call.args else None)]
            if fn is not None
        }
        self._graph_functions = _graph_functions(module, calls)

    def mode_at(self, node: nodes.NodeNG) -> str:
        if self.compat:
            return COMPAT
        function = _enclosing_function(node)
        if _in_graph_block(node) or (function is not None and id(function) in self._graph_functions):
            return GRAPH
        if self._check_project and self._project_switches_mode():
            # Some entry point of the project disables v2 behaviour; whether it
            # runs before this code cannot be told.
            return UNKNOWN
        if function is not None and (self.graph_markers or _decorated(function)):
            return UNKNOWN
        return TF2

    def in_module_fn(self, node: nodes.NodeNG) -> bool | None:
        """Whether ``node`` runs inside a ``module_fn``; ``None`` when it cannot be told."""
        function = _enclosing_function(node)
        if function is None:
            return False
        if id(function) in self._module_fns:
            return True
        return None


def is_guarded(node: nodes.NodeNG) -> bool:
    """Inside a check that handles the incompatibility (try/except, version or eager test)."""
    child, parent = node, node.parent
    while parent is not None:
        if isinstance(parent, nodes.Try) and child in parent.body and any(_handles_failure(h) for h in parent.handlers):
            return True
        if (
            isinstance(parent, (nodes.If, nodes.IfExp, nodes.While))
            and child is not parent.test
            and _is_guard_test(parent.test)
        ):
            return True
        child, parent = parent, parent.parent
    return False


def _handles_failure(handler: nodes.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    exprs = handler.type.elts if isinstance(handler.type, nodes.Tuple) else [handler.type]
    for expr in exprs:
        name = expr.attrname if isinstance(expr, nodes.Attribute) else getattr(expr, "name", None)
        if name in _GUARD_EXCEPTIONS:
            return True
    return False


def _is_guard_test(test: nodes.NodeNG) -> bool:
    for node in (test, *test.nodes_of_class((nodes.Name, nodes.Attribute, nodes.Const))):
        if isinstance(node, nodes.Const):
            if isinstance(node.value, str) and ("tfhub_module" in node.value or "saved_model.pb" in node.value):
                return True
            continue
        identifier = node.attrname if isinstance(node, nodes.Attribute) else getattr(node, "name", "")
        lowered = identifier.lower()
        if "version" in lowered or "eager" in lowered or lowered in _GUARD_NAMES:
            return True
    return False


def _enclosing_function(node: nodes.NodeNG) -> nodes.FunctionDef | nodes.Lambda | None:
    scope = node.scope()
    while isinstance(scope, (nodes.GeneratorExp, nodes.ListComp, nodes.SetComp, nodes.DictComp)):
        scope = scope.parent.scope()
    return scope if isinstance(scope, (nodes.FunctionDef, nodes.Lambda)) else None


def _in_graph_block(node: nodes.NodeNG) -> bool:
    """``with tf.Graph().as_default():`` (or any ``x.as_default()``) around ``node`` in its scope."""
    child, parent = node, node.parent
    while parent is not None and not isinstance(parent, (nodes.FunctionDef, nodes.Lambda, nodes.ClassDef)):
        if (
            isinstance(parent, nodes.With)
            and child in parent.body
            and any(_is_as_default(expr) for expr, _ in parent.items)
        ):
            return True
        child, parent = parent, parent.parent
    return False


def _is_as_default(expr: nodes.NodeNG) -> bool:
    return (
        isinstance(expr, nodes.Call) and isinstance(expr.func, nodes.Attribute) and expr.func.attrname == "as_default"
    )


def _decorated(function: nodes.NodeNG) -> bool:
    """``@tf.function`` and friends trace into a graph: the mode there is not plain eager."""
    decorators = getattr(function, "decorators", None)
    return bool(decorators and decorators.nodes)


def _function_of(node: nodes.NodeNG | None) -> nodes.FunctionDef | None:
    """The function a plain name refers to in this module, if it is one."""
    binding = qualified.single_binding(node)
    return binding if isinstance(binding, nodes.FunctionDef) else None


def _graph_functions(module: nodes.Module, calls: list[tuple[nodes.Call, str | None]]) -> set[int]:
    """Functions that run inside a graph: Estimator ``model_fn`` s and what they call here."""
    roots: list[nodes.NodeNG] = []
    for function in module.nodes_of_class(nodes.FunctionDef):
        args = [a.name for a in function.args.args or ()]
        if args and args[0] == "self":
            args = args[1:]
        if (
            function.name == "model_fn"
            or function.name.endswith("_model_fn")
            or args[:3] == ["features", "labels", "mode"]
        ):
            roots.append(function)
    for call, name in calls:
        for keyword in call.keywords or ():
            if keyword.arg == "model_fn":
                roots.extend(f for f in [_function_of(keyword.value)] if f is not None)
        if name and name.startswith("tensorflow.estimator") and call.args:
            roots.extend(f for f in [_function_of(call.args[0])] if f is not None)
    for with_node in module.nodes_of_class(nodes.With):
        if any(_is_as_default(expr) for expr, _ in with_node.items):
            roots.append(with_node)
    found: set[int] = set()
    pending = list(roots)
    while pending:
        current = pending.pop()
        if isinstance(current, nodes.FunctionDef):
            if id(current) in found:
                continue
            found.add(id(current))
        for call in current.nodes_of_class(nodes.Call):
            callee = _function_of(call.func) or _method_of(call.func)
            if callee is not None and id(callee) not in found:
                pending.append(callee)
    return found


def _method_of(func: nodes.NodeNG) -> nodes.FunctionDef | None:
    """``self.build()`` inside a class: that class's own ``build`` method."""
    if not (isinstance(func, nodes.Attribute) and isinstance(func.expr, nodes.Name) and func.expr.name == "self"):
        return None
    klass = func.frame()
    while klass is not None and not isinstance(klass, nodes.ClassDef):
        klass = klass.parent.frame() if klass.parent is not None else None
    if klass is None:
        return None
    method = qualified.bindings(klass, func.attrname)
    if method and isinstance(method[0], nodes.FunctionDef):
        return method[0]
    return None

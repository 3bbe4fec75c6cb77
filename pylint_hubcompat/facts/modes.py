"""The runtime mode at a call site: TF2 eager, TF1 compat mode, a graph context, or unknown.

Whether ``hub.Module`` works depends on it, and it is decided by code that may
live far from the call (the entry point disabling v2 behaviour, an Estimator
calling a ``model_fn``).  A function called only from graph contexts (a
``model_fn``, a ``with tf.Graph().as_default():`` block, a TF1 compat module),
in its own module or in the project's others (:mod:`.callers`), runs in a graph;
one with an eager caller is judged by its module.  A module that drives an
Estimator says nothing about its functions that take no part in it.  When the
mode cannot be told, it is ``unknown`` and rules about eager or compat mode stay
silent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from astroid import nodes

from pylint_hubcompat.facts import callers as project_callers
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
#: Markers of a module that drives an Estimator (or a TPU): the function that
#: builds and runs one is itself eager; only what the Estimator calls is not.
_DRIVER_MARKERS = ("tensorflow.estimator", "tensorflow.tpu")
#: Calls after which any function of the module may be called by a name only known at run time.
_DYNAMIC_CALLS = frozenset({"globals", "locals", "vars", "eval", "exec"})
#: Runners that call the ``main`` they are given at once.
_MAIN_RUNNERS = frozenset({"absl.app.run", "tensorflow.app.run"})
#: How many callers deep a mode is looked for (helper called by a helper called by a ``model_fn``).
MAX_DEPTH = 4
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


class ModeAnalysis:  # pylint: disable=too-many-instance-attributes  # one module's tables, each built once
    """Runtime modes of one module, computed once from its calls.

    A function's mode comes from its own module (a compat switch, a graph block,
    an Estimator ``model_fn``) and, when ``project`` is given, from its callers
    in the project's other modules: called only from graph contexts, it runs in
    a graph.  What cannot be followed (a function passed around as a value, a
    decorator, a name looked up at run time) makes the mode ``unknown``.
    """

    def __init__(  # pylint: disable=too-many-arguments,too-many-positional-arguments
        self,
        module: nodes.Module,
        calls: Iterable[tuple[nodes.Call, str | None]],
        option: str = "auto",
        project_switches_mode: Callable[[], bool] = lambda: False,
        project: project_callers.Project | None = None,
    ) -> None:
        calls = list(calls)
        self.module = module
        self.compat = option == COMPAT or any(name in SWITCHES for _, name in calls)
        self._option = option
        self._check_project = not self.compat and option == "auto"
        self._project_switches_mode = project_switches_mode
        self._project = project
        self.graph_markers = any(name and name.startswith(_GRAPH_MARKERS) for _, name in calls)
        self._module_fns = {
            id(fn)
            for call, name in calls
            if name == "tensorflow_hub.create_module_spec"
            for fn in [_function_of(call.args[0] if call.args else None)]
            if fn is not None
        }
        self._graph_functions = _graph_functions(module, calls)
        self._call_names = {id(call): name for call, name in calls}
        self._graph_code: set[int | None] | None = None
        self._names: dict[str, list[nodes.Name]] | None = None
        self._dynamic: bool | None = None
        self._via: dict[tuple[int, int], str | None] = {}
        self._pending: set[int] = set()

    def mode_at(self, node: nodes.NodeNG) -> str:
        return self._mode(node, 0)

    def in_module_fn(self, node: nodes.NodeNG) -> bool | None:
        """Whether ``node`` runs inside a ``module_fn``; ``None`` when it cannot be told."""
        function = _enclosing_function(node)
        if function is None:
            return False
        if id(function) in self._module_fns:
            return True
        return None

    def _mode(self, node: nodes.NodeNG, depth: int) -> str:
        if self.compat:
            return COMPAT
        function = _enclosing_function(node)
        if _in_graph_block(node) or (function is not None and id(function) in self._graph_functions):
            return GRAPH
        if self._check_project and self._project_switches_mode():
            # Some entry point of the project disables v2 behaviour; whether it
            # runs before this code cannot be told.
            return UNKNOWN
        if function is None:
            return TF2
        own = self._own_mode(function)
        via = self._callers_mode(function, depth)
        return own if via in (None, TF2) else via

    def _own_mode(self, function: nodes.FunctionDef | nodes.Lambda) -> str:
        """The mode of ``function`` as its module alone shows it (callers aside)."""
        if _decorated(function):
            return UNKNOWN
        if self.graph_markers and self._takes_part(function, set()):
            return UNKNOWN
        return TF2

    def _takes_part(self, function: nodes.FunctionDef | nodes.Lambda, seen: set[int]) -> bool:
        """Whether ``function`` may run in the graph code of a module that writes some (True when unsure).

        It does if it writes graph code itself (placeholders, sessions,
        variable scopes; not just driving an Estimator), is called from module
        code or a function that does, or is used in a way that cannot be followed.
        """
        if not _is_module_function(function) or self._is_dynamic():
            return True
        if id(function) in self._graph_code_functions():
            return True
        if id(function) in seen:
            return False
        seen.add(id(function))
        references = self._references(function)
        if not references:
            # Called from elsewhere, if at all: only callers seen in the project's
            # other modules (judged by ``_callers_mode``) tell it apart.
            return self._project is None or not self._foreign(function).references
        for reference in references:
            if not _is_called(reference) and not self._is_main(reference):
                return True
            caller = _enclosing_function(reference)
            if caller is None:
                if None in self._graph_code_functions() or _in_graph_block(reference):
                    return True
            elif id(caller) in self._graph_functions or _decorated(caller) or self._takes_part(caller, seen):
                return True
        return False

    def _is_main(self, reference: nodes.NodeNG) -> bool:
        """``app.run(main)``: absl (or ``tf.app``) calls ``main`` right there, eagerly."""
        parent = reference.parent
        return (
            isinstance(parent, nodes.Call)
            and bool(parent.args)
            and parent.args[0] is reference
            and self._call_names.get(id(parent)) in _MAIN_RUNNERS
        )

    def _callers_mode(self, function: nodes.FunctionDef | nodes.Lambda, depth: int) -> str | None:
        """The mode every caller of ``function`` runs it in: graph, tf2 (some caller is eager), unknown, or
        None when nothing in the project calls it."""
        if not isinstance(function, nodes.FunctionDef) or not _is_module_function(function):
            return None
        key = (id(function), depth)
        if key not in self._via:
            if id(function) in self._pending:
                return UNKNOWN  # called back from its own callers
            self._pending.add(id(function))
            try:
                self._via[key] = self._judge_callers(function, depth)
            finally:
                self._pending.discard(id(function))
        return self._via[key]

    def _judge_callers(self, function: nodes.FunctionDef, depth: int) -> str | None:
        if depth >= MAX_DEPTH:
            return UNKNOWN  # there may be callers, too far up to follow
        verdicts = [self.verdict(reference, depth + 1) for reference in self._references(function)]
        found = self._foreign(function)
        for reference in found.references:
            verdicts.append(self._analysis_of(reference).verdict(reference.node, depth + 1))
        if not found.complete:
            verdicts.append(UNKNOWN)
        if not verdicts:
            return None
        if TF2 in verdicts:
            return TF2
        if all(v in (GRAPH, COMPAT, TF1) for v in verdicts):
            return GRAPH
        return UNKNOWN

    def verdict(self, reference: nodes.NodeNG, depth: int) -> str:
        """The mode a function runs in from ``reference`` (a name standing for it, in this module)."""
        parent = reference.parent
        if _is_called(reference) or self._is_main(reference):
            mode = self._mode(parent, depth)
            caller = _enclosing_function(parent)
            if mode == TF2 and caller is not None and not isinstance(caller.parent, (nodes.Module, nodes.ClassDef)):
                return UNKNOWN  # a lambda or a nested function: where it runs is not known
            return mode
        if isinstance(parent, nodes.Keyword) and parent.arg == "model_fn":
            return GRAPH
        if (
            isinstance(parent, nodes.Call)
            and parent.args
            and parent.args[0] is reference
            and (self._call_names.get(id(parent)) or "").startswith("tensorflow.estimator")
        ):
            return GRAPH
        return UNKNOWN  # passed around as a value

    def _foreign(self, function: nodes.FunctionDef | nodes.Lambda) -> project_callers.Found:
        """The references to ``function`` in the project's other modules (none without the project scan)."""
        if self._project is None or not self.module.file:
            return project_callers.Found([], True)
        return self._project.references(self.module.file, function.name)

    def _analysis_of(self, reference: project_callers.Reference) -> ModeAnalysis:
        """The modes of another module of the project, computed once per run."""
        assert self._project is not None
        key = ("modes", reference.path)
        analysis = self._project.memo.get(key)
        if analysis is None:
            module = reference.module
            calls = [(call, qualified.qualified_name(call.func)) for call in module.nodes_of_class(nodes.Call)]
            analysis = ModeAnalysis(module, calls, self._option, self._project_switches_mode, self._project)
            self._project.memo[key] = analysis
        return analysis

    def _references(self, function: nodes.FunctionDef | nodes.Lambda) -> list[nodes.Name]:
        """The names of this module bound to ``function``, outside ``function`` itself."""
        if self._names is None:
            self._names = {}
            for name in self.module.nodes_of_class(nodes.Name):
                self._names.setdefault(name.name, []).append(name)
        return [
            name
            for name in self._names.get(function.name, ())
            if qualified.single_binding(name) is function and not _inside(name, function)
        ]

    def _graph_code_functions(self) -> set[int | None]:
        """Functions (and every function around them) that call graph-only APIs; None for module code."""
        if self._graph_code is None:
            found: set[int | None] = set()
            for call in self.module.nodes_of_class(nodes.Call):
                name = self._call_names.get(id(call))
                if not name or not name.startswith(_GRAPH_MARKERS) or name.startswith(_DRIVER_MARKERS):
                    continue
                function = _enclosing_function(call)
                if function is None:
                    found.add(None)
                while function is not None:
                    found.add(id(function))
                    function = _enclosing_function(function.parent) if function.parent is not None else None
            self._graph_code = found
        return self._graph_code

    def _is_dynamic(self) -> bool:
        """``globals()``, ``getattr(x, name)`` and the like: a function may be called by a computed name."""
        if self._dynamic is None:
            self._dynamic = any(
                isinstance(call.func, nodes.Name)
                and (
                    call.func.name in _DYNAMIC_CALLS
                    or (
                        call.func.name == "getattr"
                        and not (len(call.args) > 1 and isinstance(call.args[1], nodes.Const))
                    )
                )
                for call in self.module.nodes_of_class(nodes.Call)
            )
        return self._dynamic


def _is_module_function(function: nodes.NodeNG) -> bool:
    return isinstance(function, nodes.FunctionDef) and isinstance(function.parent, nodes.Module)


def _is_called(reference: nodes.NodeNG) -> bool:
    return isinstance(reference.parent, nodes.Call) and reference.parent.func is reference


def _inside(node: nodes.NodeNG, function: nodes.NodeNG) -> bool:
    parent = node.parent
    while parent is not None:
        if parent is function:
            return True
        parent = parent.parent
    return False


def is_guarded(node: nodes.NodeNG) -> bool:
    """Inside a check that handles the incompatibility (try/except, version or eager test), or never run."""
    child, parent = node, node.parent
    while parent is not None:
        if _never_runs(parent, child):
            return True
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


def _never_runs(parent: nodes.NodeNG, child: nodes.NodeNG) -> bool:
    """``child`` is the dead branch of ``if False:``, ``if 0:``, ``while False:``, or the ``else`` of ``if True:``."""
    if not isinstance(parent, (nodes.If, nodes.While)) or not isinstance(parent.test, nodes.Const):
        return False
    if child in parent.body:
        return not parent.test.value
    return isinstance(parent, nodes.If) and child in parent.orelse and bool(parent.test.value)


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

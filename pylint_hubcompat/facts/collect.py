"""What a module says: hub call sites and the facts rules ask about them.

One pass over a module that imports TensorFlow or tensorflow_hub yields the
*sites* rules can select (calls, uses of an API, imports, attribute chains),
each with its facts: the handle and its format, whether it is fine-tuned, the
runtime mode at that point, and a few module-wide facts.  A fact that cannot be
established statically is absent, and a rule conditioned on it stays silent.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from astroid import nodes

from pylint_hubcompat.facts import callers, handles, keras_models, modes, project_scan, qualified, values
from pylint_hubcompat.facts.vocabulary import COLLECTIONS, FACTS, TF_KERAS
from pylint_hubcompat.notebooks import may_stand_for_notebook
from pylint_hubcompat.target import legacy_keras

_HUB_LOADERS = ("tensorflow_hub.KerasLayer", "tensorflow_hub.load", "tensorflow_hub.Module")
_LOADERS = ("tensorflow_hub.KerasLayer", "tensorflow_hub.load")
_LOADER_TAILS = frozenset({"KerasLayer", "load"})
_CREATION = frozenset(
    {
        "tensorflow_hub.create_module_spec",
        "tensorflow_hub.add_signature",
        "tensorflow_hub.attach_message",
        "tensorflow_hub.LatestModuleExporter",
        "tensorflow_hub.register_module_for_export",
    }
)
_COLLECTION_READERS = {
    "tensorflow.losses.get_regularization_loss": "REGULARIZATION_LOSSES",
    "tensorflow.losses.get_regularization_losses": "REGULARIZATION_LOSSES",
    "tensorflow.trainable_variables": "TRAINABLE_VARIABLES",
}
_COLLECTION_GETTERS = ("tensorflow.get_collection", "tensorflow.get_collection_ref")
#: Other calls that fetch a model by its handle (a deleted model fails there too).
_HANDLE_READERS = frozenset({"tensorflow_hub.resolve", "tensorflow_hub.load_module_spec"})
_PARAMETER_SERVER_APIS = (
    "tensorflow.distribute.experimental.ParameterServerStrategy",
    "tensorflow.distribute.ParameterServerStrategy",
    "tensorflow.train.replica_device_setter",
)
_WALKED = (nodes.Import, nodes.ImportFrom, nodes.Call, nodes.Attribute, nodes.AssignAttr, nodes.Const)


@dataclass
class Site:
    """A place in the module a rule can report on."""

    node: nodes.NodeNG
    selector: str
    name: str
    #: The callee or expression as the user wrote it, e.g. ``hub.KerasLayer``.
    text: str
    facts: dict[str, Any] = field(default_factory=dict)
    handle: handles.HandleInfo | None = None
    #: Inside a version / eager / format check or a try that handles the failure.
    guarded: bool = False
    #: A detail for the message, e.g. the collection a call reads.
    detail: str = ""
    #: Where module-wide facts and the runtime mode come from, computed only if a rule asks.
    scan: _Scan | None = field(default=None, repr=False, compare=False)
    #: Facts seen at another node than the site's: ``signature_call`` at the call with ``signature=``.
    fact_nodes: dict[str, nodes.NodeNG] = field(default_factory=dict, repr=False, compare=False)

    def node_for(self, keys: Iterable[str]) -> nodes.NodeNG:
        """Where a finding about these facts points: the node a fact was seen at, else the site."""
        return next((self.fact_nodes[key] for key in keys if key in self.fact_nodes), self.node)

    def fact(self, key: str) -> Any:
        """The value of the fact ``key`` here (``None``: not established); ``KeyError`` for a fact nobody declared."""
        if key not in FACTS:
            raise KeyError(f"{key!r} is not a fact of facts.vocabulary")
        if key in self.facts:
            return self.facts[key]
        return self.scan.module_fact(key) if self.scan is not None else None

    @functools.cached_property
    def mode(self) -> str:
        """The runtime mode at this site: tf2, tf1-compat, graph or unknown."""
        return self.scan.modes.mode_at(self.node) if self.scan is not None else modes.UNKNOWN


class Context(NamedTuple):
    """What the checker knows beyond the module: options and project-wide facts."""

    mapping: Mapping[str, str] = MappingProxyType({})
    root: Path | None = None
    runtime_mode: str = "auto"
    #: Whether any file of the project shows a ``project.MARKERS`` marker; asked lazily.
    project_has: Callable[[str], bool] = lambda marker: False
    #: The same, leaving out the module itself: a marker somewhere else in the project.
    project_has_besides: Callable[[str], bool] = lambda marker: False
    #: ``TF_USE_LEGACY_KERAS`` is set by the project's configuration (e.g. ``.env``).
    legacy_keras_configured: bool = False
    #: The project whose other modules may be read for the callers of a function
    #: (``project-scan``); None: the module is judged on its own.
    scan_root: Path | None = None


def collect(module: nodes.Module, wanted: Mapping[str, frozenset[str]], context: Context) -> list[Site]:
    """The sites of ``module`` that rules with these selector names may report on."""
    scan = _Scan(module, context)
    sites = list(scan.sites(wanted))
    for site in sites:
        site.scan = scan
        site.guarded = modes.is_guarded(site.node)
    return sites


class _Scan:  # pylint: disable=too-many-instance-attributes  # one module's tables, each built once
    def __init__(self, module: nodes.Module, context: Context) -> None:
        self.module = module
        self.context = context
        self.imported: set[str] = set()
        #: Local names bound by ``from x import y``: what they are shows only after resolving.
        self.from_imported: set[str] = set()
        #: Local name -> dotted module of ``import a.b as c`` (``c`` -> ``a.b``).
        self.import_targets: dict[str, str] = {}
        self.imports: list[nodes.Import | nodes.ImportFrom] = []
        self.call_nodes: list[nodes.Call] = []
        self._constants: list[nodes.Const] = []
        self.chains: list[nodes.NodeNG] = []
        self.attributes: list[nodes.Attribute | nodes.AssignAttr] = []
        self._qualified_cache: dict[nodes.NodeNG, str | None] = {}
        self._walk()
        self._hub_facts: dict[nodes.Call, dict[str, Any]] = {}
        #: ``hub.Module(...)`` -> the first call of it with ``signature=`` / ``as_dict=True``.
        self._signature_calls: dict[nodes.Call, nodes.Call] = {}
        self._handle_info: dict[nodes.Call, handles.HandleInfo | None] = {}
        #: Where each hub layer is put in a Keras model, and how.
        self._keras_observed: dict[nodes.NodeNG, keras_models.Placement] = {}
        self._module_facts: dict[str, Any] = {}

    @functools.cached_property
    def modes(self) -> modes.ModeAnalysis:
        """Computed on first use: a module without sites never needs it."""
        context = self.context
        return modes.ModeAnalysis(
            self.module,
            self.calls,
            context.runtime_mode,
            lambda: context.project_has("switches_to_tf1_mode"),
            callers.project(str(context.scan_root)) if context.scan_root is not None else None,
        )

    def _walk(self) -> None:
        # One pass over the tree; the imports must be known before any name is resolved.
        found = list(self.module.nodes_of_class(_WALKED))
        for node in found:
            if isinstance(node, (nodes.Import, nodes.ImportFrom)):
                self.imports.append(node)
                for real, alias in node.names:
                    local = alias or real.split(".")[0]
                    self.imported.add(local)
                    if isinstance(node, nodes.ImportFrom):
                        self.from_imported.add(local)
                    else:
                        self.import_targets[local] = self.import_targets.get(local, "") + " " + real
        for node in found:
            if isinstance(node, (nodes.Import, nodes.ImportFrom)):
                continue
            if isinstance(node, nodes.Call):
                self.call_nodes.append(node)
                continue
            if isinstance(node, nodes.Const):
                if node.value == legacy_keras.VARIABLE:
                    self._constants.append(node)
                continue
            self.attributes.append(node)
            if isinstance(node, nodes.Attribute) and not (
                isinstance(node.parent, nodes.Attribute) and node.parent.expr is node
            ):
                self.chains.append(node)

    @functools.cached_property
    def calls(self) -> list[tuple[nodes.Call, str | None]]:
        """Every call with its callee's name: for the module-wide analyses, once a site exists."""
        return [(call, self._qualified(call.func)) for call in self.call_nodes]

    def _could_name(self, node: nodes.NodeNG, segments: frozenset[str] | None) -> bool:
        """Cheap test before an astroid lookup: can ``node`` resolve to a name with one of ``segments``?

        ``tf.estimator.X`` can only be ``tensorflow.estimator.X`` if it spells
        ``estimator`` itself or imported a module path that does; names bound by
        ``from x import y [as z]`` are always resolved.
        """
        if segments is None:
            return True
        base = node
        while isinstance(base, nodes.Attribute):
            if base.attrname in segments:
                return True
            base = base.expr
        if not isinstance(base, nodes.Name) or base.name not in self.imported:
            return False
        if base.name in self.from_imported or base.name in segments:
            return True
        return any(part in segments for part in self.import_targets.get(base.name, "").replace(".", " ").split())

    def _qualified(self, node: nodes.NodeNG) -> str | None:
        # A call's callee is also an attribute chain: resolve each node once.
        if node in self._qualified_cache:
            return self._qualified_cache[node]
        result = self._qualified_cache[node] = self._resolve(node)
        return result

    def _resolve(self, node: nodes.NodeNG) -> str | None:
        base = node
        while isinstance(base, nodes.Attribute):
            base = base.expr
        if not isinstance(base, nodes.Name) or base.name not in self.imported:
            return None
        return qualified.qualified_name(node)

    # -- sites ---------------------------------------------------------------

    def sites(self, wanted: Mapping[str, frozenset[str]]) -> Iterator[Site]:
        calls = wanted.get("call", frozenset())
        call_tails = frozenset(name.rsplit(".", 1)[-1] for name in calls)
        for call in self.call_nodes:
            name = self._qualified(call.func) if self._could_name(call.func, call_tails) else None
            if name in calls:
                facts = self.call_facts(call, name)
                site = Site(call, "call", name, call.func.as_string(), facts, self._handle_info.get(call))
                site.detail = facts.get("collection", "") or self.keras_detail(call)
                if call in self._signature_calls:
                    site.fact_nodes["signature_call"] = self._signature_calls[call]
                yield site
        uses = tuple(wanted.get("use", ()))
        if uses:
            yield from self._use_sites(uses)
        imports = wanted.get("import", frozenset())
        for node in self.imports:
            for imported in _imported_modules(node):
                if imported in imports:
                    yield Site(node, "import", imported, node.as_string())
        tails = wanted.get("attribute", frozenset())
        if tails:
            last = {t.rsplit(".", 1)[-1] for t in tails}
            for attr in self.attributes:
                if attr.attrname in last:
                    text = attr.as_string()
                    match = next((t for t in tails if text == t or text.endswith("." + t)), None)
                    if match:
                        experimental = isinstance(attr.expr, nodes.Attribute) and attr.expr.attrname == "experimental"
                        yield Site(attr, "attribute", match, text, {"experimental": experimental})

    def _use_sites(self, uses: tuple[str, ...]) -> Iterator[Site]:
        # A rule about a whole top-level module (no dot) must look at every chain.
        use_segments = (
            None if any("." not in use for use in uses) else frozenset(p for use in uses for p in use.split(".")[1:])
        )
        loaded = self._loaded_layers() if "tensorflow_hub.KerasLayer" in uses else {}
        for chain in self.chains:
            name = self._qualified(chain) if self._could_name(chain, use_segments) else None
            if name and any(name == u or name.startswith(u + ".") for u in uses):
                yield self._use_site(chain, name, loaded)
        for reference in loaded:  # ``from tensorflow_hub import KerasLayer``: a name, not a chain
            if isinstance(reference, nodes.Name):
                yield self._use_site(reference, "tensorflow_hub.KerasLayer", loaded)

    def call_facts(self, call: nodes.Call, name: str) -> dict[str, Any]:
        if name in _HUB_LOADERS:
            return dict(self.hub_facts(call))
        if name in _CREATION:
            result: dict[str, Any] = {"operation": "create", "format": handles.TF1_HUB}
            inside = self.modes.in_module_fn(call)
            if inside is not None:
                result["in_module_fn"] = inside
            return result
        if name in _COLLECTION_READERS:
            return {"collection": _COLLECTION_READERS[name]}
        if name in _COLLECTION_GETTERS:
            return {"collection": _collection_key(_argument(call, 0, "key"))}
        if name in _HANDLE_READERS:
            handle = self._handle_info[call] = self._handle(call)
            return {"deleted": handle.deleted} if handle is not None else {}
        if name == "tensorflow.saved_model.save":
            return {"operation": "create", "format": handles.TF2_SAVEDMODEL}
        if name == "tensorflow.estimator.RunConfig":
            return {
                "ps_training": self._parameter_servers(),
                "shares_cluster_devices": self._shares_cluster_devices()
                or self.context.project_has("shares_cluster_devices"),
            }
        return {}

    def _shares_cluster_devices(self) -> bool:
        """The module sets the session option itself (either spelling, attribute or keyword)."""
        return any(a.attrname == "share_cluster_devices_in_session" for a in self.attributes) or any(
            k.arg == "share_cluster_devices_in_session" for k in self.module.nodes_of_class(nodes.Keyword)
        )

    def _parameter_servers(self) -> bool:
        """A ``ps`` job in a cluster spec or TF_CONFIG, or a parameter-server API."""
        if any(name in _PARAMETER_SERVER_APIS for _, name in self.calls):
            return True
        for node in self.module.nodes_of_class((nodes.Dict, nodes.Const)):
            if isinstance(node, nodes.Dict):
                if any(isinstance(k, nodes.Const) and k.value == "ps" for k, _ in node.items):
                    return True
            elif isinstance(node.value, str) and '"ps"' in node.value and "cluster" in node.value:
                return True
        return False

    def hub_facts(self, call: nodes.Call) -> dict[str, Any]:
        """Facts of a ``hub.Module`` / ``hub.KerasLayer`` / ``hub.load`` call, computed once."""
        if call in self._hub_facts:
            return self._hub_facts[call]
        handle = self._handle(call)
        facts: dict[str, Any] = {"format": handle.format if handle and handle.format else "unknown"}
        if handle is not None:
            facts["deleted"] = handle.deleted
            facts["text_ops"] = handle.text_ops
            if handle.text_ops:
                facts["text_ops_registered"] = self._registers_text_ops(call)
        keywords = {k.arg: k.value for k in call.keywords or () if k.arg}
        has_star_kwargs = any(k.arg is None for k in call.keywords or ())
        trainable = _trainable(call, keywords, has_star_kwargs)
        if trainable is not True and _trained_later(call):
            trainable = True
        if trainable is not None:
            facts["trainable"] = trainable
            facts["operation"] = "finetune" if trainable else "load"
        if self._qualified(call.func) == "tensorflow_hub.KerasLayer":
            placement = keras_models.container(call, self._qualified)
            # A subclassed Keras 3 model runs a frozen hub layer; only fine-tuning it fails (silently).
            if placement and (placement.shape != keras_models.SUBCLASSED or trainable is True):
                facts["keras_container"] = placement.flavour
                facts["keras_placement"] = placement.shape
                self._keras_observed[call] = placement
        else:
            signature_call = _called_with_signature(call)
            facts["signature_call"] = signature_call is not None
            if signature_call is not None:
                self._signature_calls[call] = signature_call
        if not has_star_kwargs:
            facts["signature"] = "signature" in keywords and not _is_none(keywords["signature"])
            facts["tags"] = "tags" in keywords and not _is_none(keywords["tags"])
            facts["as_dict"] = values.resolve_bool(keywords.get("as_dict")) is True
        self._hub_facts[call] = facts
        self._handle_info[call] = handle
        return facts

    def _registers_text_ops(self, call: nodes.Call) -> bool:
        """Whether the TF Text ops are registered when ``call`` loads its model.

        An import in this module counts unless it runs after the load: both at
        module level (a notebook's cells are), the import further down.  Anywhere
        else in the project it counts too, since the entry point may run it first.
        """
        for node in self.imports:
            registers = any(_within(module, project_scan.TEXT_OPS_REGISTRARS) for module in _imported_modules(node))
            if registers and not (
                _at_module_level(node) and _at_module_level(call) and _position(node) > _position(call)
            ):
                return True
        return self.context.project_has_besides("registers_text_ops")

    def _handle(self, call: nodes.Call) -> handles.HandleInfo | None:
        value = values.resolve_string(handle_argument(call))
        if value is None:
            return None
        return handles.classify_handle(value, mapping=self.context.mapping, root=self.context.root)

    # -- module-wide facts -----------------------------------------------------

    def module_fact(self, key: str) -> Any:
        """A module-wide fact, computed the first time a rule asks for it."""
        if key not in self._module_facts:
            compute = _MODULE_FACTS.get(key)
            self._module_facts[key] = compute(self) if compute is not None else None
        return self._module_facts[key]

    def _hub_loaders(self) -> Iterator[nodes.Call]:
        for call in self.call_nodes:
            if self._could_name(call.func, _LOADER_TAILS) and self._qualified(call.func) in _LOADERS:
                yield call

    def hub_finetuned(self) -> bool:
        return any(self.hub_facts(call).get("trainable") is True for call in self._hub_loaders())

    def hub_loads(self) -> bool:
        return next(self._hub_loaders(), None) is not None

    def minimize_without_var_list(self) -> bool:
        return any(_is_minimize_without_var_list(call) for call in self.call_nodes)

    def legacy_keras(self) -> bool:
        return (
            self.context.legacy_keras_configured
            or self._sets_legacy_keras()
            or self.context.project_has("sets_legacy_keras")
        )

    def _sets_legacy_keras(self) -> bool:
        """``os.environ["TF_USE_LEGACY_KERAS"] = "1"`` (or ``setdefault``) before the module first touches tf.keras.

        TensorFlow reads the variable once, when ``tf.keras`` is first loaded: a
        setting after that changes nothing (observed: ``legacy-keras-*`` in
        tests/runtime/test_facts.py).
        """
        touch = self._keras_touch
        return any(touch is None or _position(setting) < _position(touch) for setting in self._legacy_keras_settings)

    def late_legacy_keras(self) -> str:
        """Why the module's own ``TF_USE_LEGACY_KERAS`` does not count, for the message; "" if it does or is absent."""
        settings, touch = self._legacy_keras_settings, self._keras_touch
        if not settings or touch is None or self._sets_legacy_keras():
            return ""
        if may_stand_for_notebook(os.path.basename(self.module.file or "")):
            # The module's lines are not the notebook's: the reporter moves the message, not its text.
            return f"{legacy_keras.VARIABLE} is set after `{touch.as_string()}`, too late to take effect."
        return (
            f"{legacy_keras.VARIABLE} is set at line {settings[0].lineno}, "
            f"after `{touch.as_string()}` at line {touch.lineno}, "
            "too late to take effect."
        )

    @functools.cached_property
    def _legacy_keras_settings(self) -> list[nodes.NodeNG]:
        """The statements that set ``TF_USE_LEGACY_KERAS`` to a true value, in source order."""
        found = []
        for node in self._constants:
            if node.value == legacy_keras.VARIABLE:
                statement = node.statement()
                value = statement.value if isinstance(statement, (nodes.Assign, nodes.Expr)) else None
                if isinstance(value, nodes.Call) and len(value.args) > 1:
                    value = value.args[1]
                if isinstance(value, nodes.Const) and value.value in legacy_keras.TRUE_VALUES:
                    found.append(statement)
        return sorted(found, key=_position)

    @functools.cached_property
    def _keras_touch(self) -> nodes.NodeNG | None:
        """The first module-level statement that loads ``tf.keras`` (and so fixes which Keras it is).

        Observed with TensorFlow 2.21: ``import tensorflow_hub`` (it reads
        ``tf.keras.version``), ``import tensorflow.keras[...]`` and any attribute of
        ``tf.keras`` load it; ``import tensorflow``, ``from tensorflow import keras``,
        ``import keras``, ``import tf_keras`` and ``tf.compat.v1.keras.*`` do not (so
        names are taken as spelled, not canonical).  Code in functions runs
        later, if at all, so only module-level code (class bodies too) counts: a
        touch missed here keeps a setting counted, never the other way round.
        """
        touches: list[nodes.NodeNG] = []
        for node in self.imports:
            modules = [real for real, _ in node.names] if isinstance(node, nodes.Import) else [node.modname]
            if (isinstance(node, nodes.Import) or not node.level) and any(map(_loads_keras, modules)):
                touches.append(node)
        for attr in self.attributes:
            expr = attr.expr if isinstance(attr, nodes.Attribute) else None
            if (
                (isinstance(expr, nodes.Attribute) and expr.attrname == "keras")
                or (isinstance(expr, nodes.Name) and expr.name in self.from_imported)
            ) and _spelled(expr) == "tensorflow.keras":
                touches.append(attr)
        return min((t for t in touches if _at_module_level(t)), key=_position, default=None)

    def keras_detail(self, node: nodes.NodeNG) -> str:
        """Why the module's own switch did not save the ``tf.keras`` model the hub layer at ``node`` is in."""
        placement = self._keras_observed.get(node)
        # Standalone keras is Keras 3 whatever the switch says: only tf.keras could have been saved by it.
        return self.late_legacy_keras() if placement is not None and placement.flavour == TF_KERAS else ""

    def _loaded_layers(self) -> dict[nodes.NodeNG, str]:
        """``hub.KerasLayer`` references in ``load_model(custom_objects=...)``, with the Keras that loads them."""
        calls = (
            (call, self._qualified(call.func))
            for call in self.call_nodes
            if self._could_name(call.func, frozenset({"load_model"}))
        )
        loaded = keras_models.loaded_layers(calls, self._qualified)
        for reference, flavour in loaded.items():
            self._keras_observed[reference] = keras_models.Placement(flavour, keras_models.LOADED)
        return loaded

    def _use_site(self, node: nodes.NodeNG, name: str, loaded: Mapping[nodes.NodeNG, str]) -> Site:
        site = Site(node, "use", name, node.as_string())
        if node in loaded:
            site.facts["keras_container"] = loaded[node]
            site.facts["keras_placement"] = keras_models.LOADED
            site.detail = self.keras_detail(node)
        return site


_MODULE_FACTS: dict[str, Callable[[_Scan], Any]] = {
    "hub_finetuned": _Scan.hub_finetuned,
    "hub_loads": _Scan.hub_loads,
    "minimize_without_var_list": _Scan.minimize_without_var_list,
    "legacy_keras": _Scan.legacy_keras,
}


def _position(node: nodes.NodeNG) -> tuple[int, int]:
    return (node.lineno or 0, node.col_offset or 0)


def _loads_keras(module: str) -> bool:
    """Importing ``module`` loads ``tf.keras``: tensorflow_hub (reads ``tf.keras.version``) or tensorflow.keras."""
    return _within(module, ("tensorflow_hub", "tensorflow.keras"))


def _within(module: str, packages: tuple[str, ...]) -> bool:
    """``module`` is one of ``packages`` or inside one."""
    return any(module == package or module.startswith(package + ".") for package in packages)


def _spelled(node: nodes.NodeNG) -> str | None:
    """The dotted name ``node`` spells through its imports, not canonical: ``tf.compat.v1.keras`` stays that."""
    parts = []
    while isinstance(node, nodes.Attribute):
        parts.append(node.attrname)
        node = node.expr
    base = qualified.imported_name(node) if isinstance(node, nodes.Name) else None
    return ".".join([base, *reversed(parts)]) if base else None


def _at_module_level(node: nodes.NodeNG) -> bool:
    """Runs when the module is imported: not inside a function or lambda (class bodies run)."""
    frame = node.frame()
    while isinstance(frame, nodes.ClassDef) and frame.parent is not None:
        frame = frame.parent.frame()
    return isinstance(frame, nodes.Module)


def _imported_modules(node: nodes.Import | nodes.ImportFrom) -> Iterator[str]:
    """``tensorflow_hub`` for ``import tensorflow_hub``; also ``tensorflow_hub.Module`` (or ``.*``) for from-imports."""
    if isinstance(node, nodes.Import):
        for real, _ in node.names:
            yield qualified.canonical(real)
    elif not node.level:
        module = qualified.canonical(node.modname)
        yield module
        for real, _ in node.names:
            yield f"{module}.{real}"


def _called_with_signature(call: nodes.Call) -> nodes.Call | None:
    """The first call ``m(x, signature="sig")`` (or ``as_dict=True``) of ``m = hub.Module(h)``, also of ``self.m``."""
    uses: list[nodes.Call] = []
    if isinstance(call.parent, nodes.Call) and call.parent.func is call:
        uses.append(call.parent)
    assign = call.parent
    if isinstance(assign, nodes.Assign) and len(assign.targets) == 1:
        target = assign.targets[0]
        scope = assign.scope()
        if isinstance(target, nodes.AssignAttr) and isinstance(scope, nodes.FunctionDef) and scope.parent is not None:
            scope = scope.parent.frame()
        for candidate in scope.nodes_of_class(nodes.Call):
            if _same_reference(candidate.func, target):
                uses.append(candidate)
    return next(
        (
            caller
            for caller in sorted(uses, key=lambda c: (c.fromlineno or 0, c.col_offset or 0))
            if any(
                (k.arg == "signature" and not _is_none(k.value))
                or (k.arg == "as_dict" and values.resolve_bool(k.value) is True)
                for k in caller.keywords or ()
            )
        ),
        None,
    )


def _same_reference(expr: nodes.NodeNG, target: nodes.NodeNG) -> bool:
    if isinstance(target, nodes.AssignName):
        return isinstance(expr, nodes.Name) and expr.name == target.name
    if isinstance(target, nodes.AssignAttr) and isinstance(expr, nodes.Attribute):
        return expr.attrname == target.attrname and expr.expr.as_string() == target.expr.as_string()
    return False


def handle_argument(call: nodes.Call) -> nodes.NodeNG | None:
    """The argument of a hub call that gives the model's handle, as written."""
    return _argument(call, 0, "handle", "spec")


def _argument(call: nodes.Call, position: int, *keywords: str) -> nodes.NodeNG | None:
    for keyword in call.keywords or ():
        if keyword.arg in keywords:
            return keyword.value
    if (
        len(call.args) > position
        and not isinstance(call.args[position], nodes.Starred)
        and not any(isinstance(a, nodes.Starred) for a in call.args[:position])
    ):
        return call.args[position]
    return None


def _is_none(node: nodes.NodeNG) -> bool:
    return isinstance(node, nodes.Const) and node.value is None


def _trainable(call: nodes.Call, keywords: Mapping[str, nodes.NodeNG], star_kwargs: bool) -> bool | None:
    """``trainable`` as given to the constructor (both hub.Module and KerasLayer take it second)."""
    if "trainable" in keywords:
        return values.resolve_bool(keywords["trainable"])
    if len(call.args) > 1:
        return values.resolve_bool(call.args[1]) if not isinstance(call.args[1], nodes.Starred) else None
    if star_kwargs or any(isinstance(a, nodes.Starred) for a in call.args):
        return None
    return False


def _trained_later(call: nodes.Call) -> bool:
    """``layer = hub.KerasLayer(h); layer.trainable = True`` or ``m = hub.load(h)`` used for training."""
    assign = call.parent
    if not (
        isinstance(assign, nodes.Assign)
        and len(assign.targets) == 1
        and isinstance(assign.targets[0], nodes.AssignName)
    ):
        return False
    variable = assign.targets[0].name
    scope = assign.scope()
    for node in scope.nodes_of_class((nodes.AssignAttr, nodes.Attribute, nodes.Call)):
        if isinstance(node, nodes.AssignAttr):
            if (
                node.attrname == "trainable"
                and _is_name(node.expr, variable)
                and isinstance(node.parent, nodes.Assign)
                and values.resolve_bool(node.parent.value) is True
            ):
                return True
        elif isinstance(node, nodes.Attribute):
            if node.attrname == "trainable_variables" and _is_name(node.expr, variable):
                return True
        elif _is_name(node.func, variable) and any(
            k.arg == "training" and values.resolve_bool(k.value) is True for k in node.keywords or ()
        ):
            return True
    return False


def _is_name(node: nodes.NodeNG, name: str) -> bool:
    return isinstance(node, nodes.Name) and node.name == name


def _collection_key(node: nodes.NodeNG | None) -> str:
    key: str | None = None
    if isinstance(node, nodes.Attribute):
        key = node.attrname
    elif isinstance(node, nodes.Const) and isinstance(node.value, str):
        key = node.value.upper()
    return key if key in COLLECTIONS else "other"


def _is_minimize_without_var_list(call: nodes.Call) -> bool:
    """``opt.minimize(loss)`` reads TRAINABLE_VARIABLES; with ``var_list`` it does not."""
    func = call.func
    if not (isinstance(func, nodes.Attribute) and func.attrname == "minimize"):
        return False
    if any(k.arg in ("var_list", None) for k in call.keywords or ()):
        return False
    return len(call.args) == 1 and not isinstance(call.args[0], nodes.Starred)

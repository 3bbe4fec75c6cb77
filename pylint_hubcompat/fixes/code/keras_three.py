"""hub-keras-three: Keras 2 (tf_keras) for the model that holds ``hub.KerasLayer``.

The user chooses the fix with ``keras-three-fix``:

* ``legacy-keras`` (the default, what the message recommends):
  ``os.environ["TF_USE_LEGACY_KERAS"] = "1"`` before the module's first TensorFlow
  import (and before the third-party imports ahead of it), so that tf.keras is Keras 2
  for the whole process.  TensorFlow reads the variable once, when tf.keras is first
  loaded (collect's ``_keras_touch``); before the first import of any TensorFlow
  package nothing in the module can have loaded it yet.  Standalone ``keras`` is
  Keras 3 whatever the variable says: no fix for such a model.
* ``tf-keras``: the module's Keras references, tf.keras and standalone keras alike, move
  to the tf_keras package, as TensorFlow's own migration advice does.  Every reference
  must be resolved through the module's imports; anything else leaves the fix out.

Both need tf-keras installed, so the project's dependency file gets it.  Several findings
of one module give identical edits (made once): they are computed from the module alone.
"""

from __future__ import annotations

import ast
import os
import re
import sys

from astroid import nodes

from pylint_hubcompat.facts import qualified
from pylint_hubcompat.facts.vocabulary import KERAS
from pylint_hubcompat.files.text_edits import Edit, apply
from pylint_hubcompat.fixes.context import FixContext, Proposal, Source
from pylint_hubcompat.notebooks import may_stand_for_notebook
from pylint_hubcompat.target.legacy_keras import VARIABLE

#: The pylint option choosing the fix, and its values.
CHOICE = "keras-three-fix"
LEGACY = "legacy-keras"
TF_KERAS = "tf-keras"
TF_KERAS_TITLE = "Build the model with tf_keras (Keras 2)"
REQUIREMENT = "tf-keras"
PACKAGE = "tf_keras"
SWITCH = f'{{os}}.environ["{VARIABLE}"] = "1"'

#: What tf_keras has at its top level (its API golden file, tensorflow.keras.pbtxt):
#: a reference to anything else (``keras.ops``, ``keras.random``...) is Keras 3 only.
TF_KERAS_API = frozenset(
    {
        "Input",
        "Model",
        "Sequential",
        "__version__",
        "activations",
        "applications",
        "backend",
        "callbacks",
        "constraints",
        "datasets",
        "dtensor",
        "estimator",
        "experimental",
        "export",
        "initializers",
        "layers",
        "losses",
        "metrics",
        "mixed_precision",
        "models",
        "optimizers",
        "preprocessing",
        "regularizers",
        "saving",
        "utils",
    }
)
#: The Keras packages a reference may name (canonical names, see ``qualified.canonical``).
_KERAS_ROOTS = ("tensorflow.keras", "keras")
#: Calls that reach a module's attributes by a string, which no import resolves.
_DYNAMIC = frozenset({"getattr", "hasattr", "setattr", "delattr", "__import__", "import_module"})
_KERAS_WORD = re.compile(r"(?:^|\.)keras(?:\.|$)")


def legacy_keras(context: FixContext) -> Proposal | None:
    """The fix ``keras-three-fix`` chooses, with tf-keras added to the project's dependencies."""
    mode = context.choices.get(CHOICE, LEGACY)
    if mode == LEGACY:
        if context.site.fact("keras_container") == KERAS:
            return None
        edits, title = switch_edits(context.module, context.source), ""
    elif mode == TF_KERAS:
        edits, title = tf_keras_edits(context.module, context.source), TF_KERAS_TITLE
    else:
        return None
    if not edits or not _parses(context.source.text, edits):
        return None
    # pylint: disable-next=import-outside-toplevel  # loads tomlkit: only when a fix is made
    from pylint_hubcompat.fixes.dependencies.files import require

    return Proposal((*edits, *require(context, REQUIREMENT)), title)


# -- legacy-keras ------------------------------------------------------------


def switch_edits(module: nodes.Module, source: Source) -> tuple[Edit, ...] | None:
    """``os.environ["TF_USE_LEGACY_KERAS"] = "1"`` before the first TensorFlow import, or None.

    It goes before any module-level import of a third-party or local module that comes
    first, too: such a module may import tensorflow_hub itself, which loads tf.keras.
    None where the first TensorFlow import is not a plain module-level statement (in a
    function, an ``if`` or a ``try`` it may run late or not at all), and where the module
    already mentions the variable (set too late, set to another value, read: the user's
    choice).
    """
    if VARIABLE.lower() in source.text.lower():
        return None
    first = _first_tensorflow_import(module)
    if first is None or first.parent is not module:
        return None
    before = min(
        (s for s in module.body if isinstance(s, (nodes.Import, nodes.ImportFrom)) and _may_import_tensorflow(s)),
        key=_position,
    )
    if before.col_offset:
        return None  # after a ``;``: the line holds code that runs first
    line = before.lineno
    name = _os_bound_before(module, line)
    if name is None and not _can_bind_os(module, line):
        return None
    lines = ["import os", ""] if name is None else []
    if name is not None and source.line(line - 1).strip():
        lines.append("")
    lines += [SWITCH.format(os=name or "os"), ""]
    edits = [source.insert_lines(line, lines)]
    if name is None and not may_stand_for_notebook(os.path.basename(module.file or "")):
        # A whole line taken out of a notebook's module may join two cells: the import stays there.
        edits += [_delete_line(s) for s in _later_plain_os_imports(module, source, line)]
    return tuple(edits)


def _first_tensorflow_import(module: nodes.Module) -> nodes.Import | nodes.ImportFrom | None:
    imports = [node for node in module.nodes_of_class((nodes.Import, nodes.ImportFrom)) if _tensorflow_family(node)]
    return min(imports, key=_position, default=None)


def _imported(statement: nodes.Import | nodes.ImportFrom) -> list[str] | None:
    """The absolute modules a statement imports; None for a relative import (one of the project's)."""
    if isinstance(statement, nodes.ImportFrom):
        return None if statement.level else [statement.modname]
    return [real for real, _ in statement.names]


def _tensorflow_family(statement: nodes.Import | nodes.ImportFrom) -> bool:
    """An import of tensorflow, any tensorflow_* package (hub, text...), keras or tf_keras."""
    roots = {module.split(".")[0] for module in _imported(statement) or ()}
    return any(root.startswith("tensorflow") or root in ("keras", PACKAGE) for root in roots)


def _may_import_tensorflow(statement: nodes.Import | nodes.ImportFrom) -> bool:
    """Whether the import may load TensorFlow: anything but the standard library does, or may."""
    modules = _imported(statement)
    if modules is None:
        return True
    return any(m.split(".")[0] not in sys.stdlib_module_names and m != "__future__" for m in modules)


def _os_bound_before(module: nodes.Module, line: int) -> str | None:
    """The name a module-level ``import os`` (or ``import os as x``) binds and nothing rebinds before ``line``."""
    names = []
    for statement in module.body:
        if isinstance(statement, nodes.Import) and statement.lineno < line:
            for real, alias in statement.names:
                if real == "os" or (real.startswith("os.") and alias is None):
                    names.append((alias or "os", statement))
    for name, statement in sorted(names, key=lambda found: found[0] != "os"):
        if _last_binding(module, name, line) is statement:
            return name
    return None


def _can_bind_os(module: nodes.Module, line: int) -> bool:
    """``import os`` before ``line`` rebinds nothing that the code before it bound to another object."""
    return all(_imports_os(binding) for binding in _bindings_before(module, "os", line))


def _later_plain_os_imports(module: nodes.Module, source: Source, line: int) -> list[nodes.Import]:
    """Module-level ``import os`` lines after ``line``, which the one put above makes redundant.

    Only a line that says exactly that, and only where every module-level binding of
    ``os`` is the module os: removing it then changes nothing but the duplicate.
    """
    if not all(_imports_os(binding) for binding in qualified.bindings(module, "os")):
        return []
    return [
        statement
        for statement in module.body
        if isinstance(statement, nodes.Import)
        and statement.lineno > line
        and statement.names == [("os", None)]
        and source.line(statement.lineno).strip() == "import os"
    ]


def _delete_line(statement: nodes.NodeNG) -> Edit:
    return Edit((statement.lineno, 0), (statement.lineno + 1, 0), "")


def _bindings_before(module: nodes.Module, name: str, line: int) -> list[nodes.NodeNG]:
    """The statements binding ``name`` in the module's scope that start before ``line``."""
    statements = [binding.statement() for binding in qualified.bindings(module, name)]
    return [statement for statement in statements if (statement.lineno or 0) < line]


def _last_binding(module: nodes.Module, name: str, line: int) -> nodes.NodeNG | None:
    return max(_bindings_before(module, name, line), key=_position, default=None)


def _imports_os(statement: nodes.NodeNG) -> bool:
    return isinstance(statement, nodes.Import) and all(
        real == "os" or real.startswith("os.") for real, alias in statement.names if (alias or real) == "os"
    )


# -- tf-keras ----------------------------------------------------------------


def tf_keras_edits(module: nodes.Module, source: Source) -> tuple[Edit, ...] | None:
    """The module's Keras references and imports moved to tf_keras, or None if one is not certain."""
    if _unresolved_keras(module):
        return None
    chains = _keras_chains(module)
    imports = _import_edits(module, source)
    if chains is None or imports is None or not _names_in_api(module):
        return None
    edits = [*imports, *(source.replace(chain, PACKAGE) for chain in chains)]
    if chains:
        added = _import_tf_keras(module, source, chains)
        if added is None:
            return None
        edits += added
    return tuple(edits)


def _keras_chains(module: nodes.Module) -> list[nodes.Attribute] | None:
    """The ``tf.keras`` / ``tensorflow.keras`` parts of attribute chains; None if one goes through compat."""
    chains = []
    for node in module.nodes_of_class(nodes.Attribute):
        if node.attrname != "keras" or qualified.qualified_name(node) != "tensorflow.keras":
            continue
        if _spelled(node) != "tensorflow.keras" or not _next_in_api(node):
            return None
        chains.append(node)
    return chains


def _spelled(node: nodes.Attribute) -> str | None:
    """The dotted name as written through the imports: ``tf.compat.v1.keras`` is not made ``tensorflow.keras``."""
    base = _base(node)
    imported = qualified.imported_name(base) if isinstance(base, nodes.Name) else None
    return imported + node.as_string()[len(base.as_string()) :] if imported else None


def _base(node: nodes.NodeNG) -> nodes.NodeNG:
    """The name an attribute chain starts from (``tf`` of ``tf.keras.layers``)."""
    while isinstance(node, nodes.Attribute):
        node = node.expr
    return node


def _next_in_api(node: nodes.NodeNG) -> bool:
    """What the code takes from a Keras package at ``node`` is there in tf_keras too."""
    parent = node.parent
    return not (isinstance(parent, nodes.Attribute) and parent.expr is node) or parent.attrname in TF_KERAS_API


def _names_in_api(module: nodes.Module) -> bool:
    """Every attribute the code reads from a name bound to a Keras package (``keras.X``) is in tf_keras."""
    keras_names = _keras_bound_names(module)
    return all(
        _next_in_api(name)
        for name in module.nodes_of_class(nodes.Name)
        if name.name in keras_names and qualified.imported_name(name) in _KERAS_ROOTS
    )


def _keras_bound_names(tree: nodes.NodeNG) -> frozenset[str]:
    """The local names the imports in ``tree`` (a module, or one import) bind to a Keras package or something in one."""
    found = set()
    for statement in tree.nodes_of_class((nodes.Import, nodes.ImportFrom)):
        for real, alias in statement.names:
            if isinstance(statement, nodes.Import):
                if _is_keras(qualified.canonical(real)):
                    found.add(alias or real.split(".")[0])
            elif not statement.level and _is_keras(qualified.canonical(f"{statement.modname}.{real}")):
                found.add(alias or real)
    return frozenset(found)


def _unresolved_keras(module: nodes.Module) -> bool:
    """Whether the module reaches Keras in a way its imports do not show.

    ``from tensorflow import *``, a ``.keras`` of something not imported (a parameter,
    ``self.tf``), ``tf.keras = ...``, a Keras name bound both by an import and otherwise,
    ``getattr(tf, "keras")`` or ``importlib.import_module("keras")``.
    """
    keras_names = _keras_bound_names(module)
    for node in module.nodes_of_class(
        (nodes.ImportFrom, nodes.Attribute, nodes.AssignAttr, nodes.DelAttr, nodes.Name, nodes.Call)
    ):
        if isinstance(node, nodes.ImportFrom):
            if any(real == "*" for real, _ in node.names) and node.modname.split(".")[0] in ("tensorflow", "keras"):
                return True
        elif isinstance(node, (nodes.AssignAttr, nodes.DelAttr)):
            if node.attrname == "keras":
                return True
        elif isinstance(node, nodes.Attribute):
            if node.attrname == "keras" and qualified.qualified_name(node) is None:
                return True
        elif isinstance(node, nodes.Name):
            if node.name in keras_names and _ambiguous(node):
                return True
        elif _dynamic_keras(node):
            return True
    return False


def _ambiguous(name: nodes.Name) -> bool:
    """``name`` may be a Keras import here, but also something else (``keras = None`` in an ``except``)."""
    _, found = qualified.lookup(name, name.name)
    keras_import = any(
        isinstance(binding, (nodes.Import, nodes.ImportFrom)) and name.name in _keras_bound_names(binding)
        for binding in found
    )
    return keras_import and qualified.imported_name(name) is None


def _dynamic_keras(call: nodes.Call) -> bool:
    func = call.func
    called = func.name if isinstance(func, nodes.Name) else func.attrname if isinstance(func, nodes.Attribute) else ""
    if called not in _DYNAMIC:
        return False
    arguments = [*call.args, *(keyword.value for keyword in call.keywords or ())]
    texts = [a.value for a in arguments if isinstance(a, nodes.Const) and isinstance(a.value, str)]
    if any(_KERAS_WORD.search(text) for text in texts):
        return True
    # getattr(tf, name): any attribute of TensorFlow or Keras, keras included
    owner = qualified.qualified_name(call.args[0]) if call.args else None
    return len(texts) < len(arguments) - 1 and owner is not None and owner.split(".")[0] in ("tensorflow", "keras")


def _is_keras(name: str) -> bool:
    return any(name == root or name.startswith(root + ".") for root in _KERAS_ROOTS)


def _keras_rest(name: str) -> str | None:
    """``.layers`` for ``tensorflow.keras.layers`` or ``keras.layers``; "" for the package; None if not Keras."""
    for root in _KERAS_ROOTS:
        if name == root or name.startswith(root + "."):
            return name[len(root) :]
    return None


def _import_edits(module: nodes.Module, source: Source) -> list[Edit] | None:
    """Each import of a Keras package rewritten to bind the same name to tf_keras; None if one cannot be."""
    edits: list[Edit] = []
    for statement in module.nodes_of_class((nodes.Import, nodes.ImportFrom)):
        if isinstance(statement, nodes.Import):
            edit = _plain_import_edit(statement, source)
        else:
            edit = _from_import_edit(statement, source)
        if edit is None:
            return None
        edits += edit
    return edits


def _plain_import_edit(statement: nodes.Import, source: Source) -> list[Edit] | None:
    """``import keras`` -> ``import tf_keras as keras``; ``import tensorflow.keras.layers as L`` likewise."""
    keras = [(real, alias) for real, alias in statement.names if _is_keras(qualified.canonical(real))]
    if not keras:
        return []
    if len(statement.names) > 1:
        return None
    ((real, alias),) = keras
    rest = _keras_rest(real)
    if rest is None or not _rest_in_api(rest):
        return None  # tensorflow.compat.v1.keras: not the same API in tf_keras
    if alias is None:
        if real.startswith("tensorflow."):
            return []  # binds ``tensorflow``: its ``.keras`` chains are rewritten where they are used
        if rest:
            return None  # ``import keras.layers`` binds ``keras``, which ``import tf_keras.layers`` would not
        alias = "keras"
    return [source.replace(statement, f"import {PACKAGE}{rest} as {alias}")]


def _from_import_edit(statement: nodes.ImportFrom, source: Source) -> list[Edit] | None:
    """``from tensorflow.keras import layers`` -> ``from tf_keras import layers``; ``from tensorflow import keras``."""
    if statement.level:
        return []
    module = qualified.canonical(statement.modname)
    rest = _keras_rest(module)
    if rest is not None:
        if module != statement.modname or not _rest_in_api(rest):
            return None
        if not rest and not all(real in TF_KERAS_API for real, _ in statement.names):
            return None
        return _rename_from_module(statement, source, PACKAGE + rest)
    keras = [(real, alias) for real, alias in statement.names if _is_keras(qualified.canonical(f"{module}.{real}"))]
    if not keras:
        return []
    if len(statement.names) > 1 or module != statement.modname:
        return None
    ((real, alias),) = keras
    return [source.replace(statement, f"import {PACKAGE} as {alias or real}")]


def _rest_in_api(rest: str) -> bool:
    return not rest or rest.split(".")[1] in TF_KERAS_API


def _rename_from_module(statement: nodes.ImportFrom, source: Source, name: str) -> list[Edit] | None:
    """The module of a ``from X import ...`` replaced, everything after it as written."""
    line = source.line(statement.lineno)
    start = source.start(statement)[1]
    found = re.compile(r"from\s+([\w.]+)\s+import\b").match(line, start)
    if found is None or found.group(1) != statement.modname:
        return None  # spelled with spaces or a continuation: not rewritten
    begin, end = found.span(1)
    return [Edit((statement.lineno, begin), (statement.lineno, end), name)]


def _import_tf_keras(module: nodes.Module, source: Source, chains: list[nodes.Attribute]) -> list[Edit] | None:
    """``import tf_keras`` after the last module-level TensorFlow import before the first use, unless there is one."""
    for chain in chains:
        scope, found = qualified.lookup(_base(chain), PACKAGE)
        if found and scope is not module:
            return None  # a local tf_keras would shadow the package
    first_use = min(_top_statement(chain).lineno for chain in chains)
    existing = sorted(qualified.bindings(module, PACKAGE), key=_position)
    if existing:
        binding = existing[0].statement()
        plain = isinstance(binding, nodes.Import) and (PACKAGE, None) in binding.names and binding.parent is module
        return [] if plain and binding.lineno < first_use else None
    ends = [s.end_lineno or s.lineno for s in module.body if _imports_tensorflow(s)]
    last = max((end for end in ends if end < first_use), default=None)
    if last is None:
        return None
    return [source.insert_after(last, [f"import {PACKAGE}"])]


def _imports_tensorflow(statement: nodes.NodeNG) -> bool:
    if isinstance(statement, nodes.Import):
        modules = [real for real, _ in statement.names]
    elif isinstance(statement, nodes.ImportFrom) and not statement.level:
        modules = [statement.modname]
    else:
        return False
    return any(module.split(".")[0] in ("tensorflow", "tensorflow_hub") for module in modules)


def _top_statement(node: nodes.NodeNG) -> nodes.NodeNG:
    """The module-level statement ``node`` is in."""
    while node.parent is not None and not isinstance(node.parent, nodes.Module):
        node = node.parent
    return node


# -- both --------------------------------------------------------------------


def _parses(text: str, edits: tuple[Edit, ...]) -> bool:
    """The fixed module is still Python (a safety net: the edits are computed to keep it so)."""
    try:
        ast.parse(apply(text, edits))
    except (SyntaxError, ValueError):
        return False
    return True


def _position(node: nodes.NodeNG) -> tuple[int, int]:
    return (node.lineno or 0, node.col_offset or 0)

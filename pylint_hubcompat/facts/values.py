"""Static values of expressions: handle strings and boolean flags.

A format-dependent finding is only as good as the handle it names, so only
values the project itself spells out are resolved, and only when one value is
possible: literals; names bound exactly once (module constants, constants of
plain classes, locals, the constant default of a parameter that is never
reassigned); constants imported from the project's own modules; absl flag
defaults read through ``FLAGS`` (the value that runs unless the command line
says otherwise, for a flag defined once in the same module); literal-keyed
lookups (``D[key]``, ``D.get(key)``) in dicts that are never changed in place;
and f-strings, ``+``, ``%``, ``str.format``, ``str.join`` and ``os.path.join``
of such parts.  Anything else -- computed at run time, rebound, mutated, or
living outside the project -- is ``None``, and every rule that needs the value
stays silent on it.

Resolution never infers into third-party modules: names are followed with
``lookup()`` and import tables, and ``do_import_module()`` is only called for
modules whose source file sits in the importing module's project.  Every call
is bounded in depth and in the number of nodes visited.
"""

from __future__ import annotations

import functools
import logging
import posixpath
import re
import string
import weakref
from collections.abc import Iterator
from pathlib import Path

from astroid import nodes
from astroid.const import Context
from astroid.exceptions import NoDefault

from pylint_hubcompat.facts import qualified

_MAX_DEPTH = 12
_MAX_STEPS = 256
_MAX_LENGTH = 4096
_SCALARS = (str, bool, int, float)
_MUTATORS = frozenset({"update", "setdefault", "pop", "popitem", "clear", "append", "extend", "insert", "remove"})
_FLAG_DEFINERS = frozenset({"DEFINE_string", "DEFINE_bool", "DEFINE_boolean", "DEFINE_enum", "DEFINE_integer"})
_PERCENT_DIRECTIVE = re.compile(r"%(.)", re.DOTALL)
_LOG = logging.getLogger(__name__)


def resolve_string(node: nodes.NodeNG | None) -> str | None:
    """The string ``node`` always evaluates to, or ``None`` when not statically known."""
    value = _Resolver().resolve(node)
    return value if isinstance(value, str) else None


def resolve_bool(node: nodes.NodeNG | None) -> bool | None:
    """The boolean ``node`` always evaluates to (``trainable=True``, ``TRAIN = False``)."""
    value = _Resolver().resolve(node)
    return value if isinstance(value, bool) else None


class _Unknown(Exception):
    """Raised inside the resolver the moment a value cannot be known."""


class _Resolver:
    """One bounded resolution: a step budget shared by everything it follows."""

    def __init__(self) -> None:
        self.steps = 0

    def resolve(self, node: nodes.NodeNG | None) -> object:
        if node is None:
            return None
        try:
            return self.value(node, 0)
        except (_Unknown, RecursionError):
            return None
        except Exception:  # pylint: disable=broad-exception-caught  # odd code or an astroid error: never crash pylint
            _LOG.debug("cannot resolve %s", node.as_string()[:200], exc_info=True)
            return None

    # -- expressions -------------------------------------------------------

    def value(self, node: nodes.NodeNG, depth: int) -> object:
        self.steps += 1
        if depth > _MAX_DEPTH or self.steps > _MAX_STEPS:
            raise _Unknown
        if isinstance(node, nodes.Const):
            return _scalar(node.value)
        if isinstance(node, (nodes.Name, nodes.Attribute)):
            return self.value(self.definition(node, depth), depth + 1)
        if isinstance(node, nodes.Subscript):
            return self._subscript(node, depth)
        if isinstance(node, nodes.JoinedStr):
            return _short("".join(self._formatted(part, depth) for part in node.values))
        if isinstance(node, nodes.BinOp):
            return self._binop(node, depth)
        if isinstance(node, nodes.UnaryOp) and node.op == "not":
            operand = self.value(node.operand, depth + 1)
            if isinstance(operand, bool):
                return not operand
        if isinstance(node, nodes.Call):
            return self._call(node, depth)
        raise _Unknown

    def strings(self, items: list[nodes.NodeNG], depth: int) -> list[str]:
        values = [self.value(item, depth + 1) for item in items]
        if not all(isinstance(v, str) for v in values):
            raise _Unknown
        return values  # type: ignore[return-value]

    def _formatted(self, part: nodes.NodeNG, depth: int) -> str:
        if isinstance(part, nodes.Const) and isinstance(part.value, str):
            return part.value
        if isinstance(part, nodes.FormattedValue) and part.format_spec is None and part.conversion in (-1, ord("s")):
            value = self.value(part.value, depth + 1)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                return str(value)
        raise _Unknown

    def _binop(self, node: nodes.BinOp, depth: int) -> object:
        left = self.value(node.left, depth + 1)
        if node.op == "+":
            right = self.value(node.right, depth + 1)
            if isinstance(left, str) and isinstance(right, str):
                return _short(left + right)
        if node.op == "%" and isinstance(left, str):
            args = self._elements(node.right, depth) if isinstance(node.right, nodes.Tuple) else [node.right]
            return _percent(left, [self.value(arg, depth + 1) for arg in args])
        raise _Unknown

    def _call(self, node: nodes.Call, depth: int) -> object:
        func = node.func
        if node.starargs or node.kwargs:
            raise _Unknown
        name = _dotted(func, depth)
        if name in ("os.path.join", "posixpath.join") and node.args and not node.keywords:
            return _short(posixpath.join(*self.strings(node.args, depth)))
        if name == "builtins.str" and len(node.args) == 1 and not node.keywords:
            value = self.value(node.args[0], depth + 1)
            if isinstance(value, str):
                return value
        if (
            isinstance(func, nodes.Attribute)
            and func.attrname == "get"
            and 1 <= len(node.args) <= 2
            and not node.keywords
        ):
            return self._lookup(func.expr, node.args[0], node.args[1] if len(node.args) == 2 else None, depth)
        if isinstance(func, nodes.Attribute) and func.attrname in ("format", "join"):
            template = self.value(func.expr, depth + 1)
            if isinstance(template, str) and func.attrname == "join" and len(node.args) == 1 and not node.keywords:
                return _short(template.join(self.strings(self._elements(node.args[0], depth), depth)))
            if isinstance(template, str) and func.attrname == "format":
                args = [self.value(a, depth + 1) for a in node.args]
                kwargs = {k.arg: self.value(k.value, depth + 1) for k in node.keywords or ()}
                return _format(template, args, kwargs)
        raise _Unknown

    def _elements(self, node: nodes.NodeNG, depth: int) -> list[nodes.NodeNG]:
        """The items of a literal tuple or list (possibly behind a constant name)."""
        container = self.container(node, depth)
        if isinstance(container, (nodes.Tuple, nodes.List)) and not any(
            isinstance(e, nodes.Starred) for e in container.elts
        ):
            return list(container.elts)
        raise _Unknown

    def _subscript(self, node: nodes.Subscript, depth: int) -> object:
        return self._lookup(node.value, node.slice, None, depth, subscript=True)

    def _lookup(
        self,
        container_node: nodes.NodeNG,
        key_node: nodes.NodeNG,
        default: nodes.NodeNG | None,
        depth: int,
        *,
        subscript: bool = False,
    ) -> object:
        """``D[key]`` (``subscript``) or ``D.get(key, default)`` of a constant dict, list or tuple."""
        container = self.container(container_node, depth)
        key = self.value(key_node, depth + 1)
        if isinstance(container, nodes.Dict):
            # Every key must be known: an unknown one could equal ``key`` at run time.
            keys = [self.value(k, depth + 1) for k, _ in container.items]
            # Of the same type too: 1 == True, yet a key True is not the key 1 of the source.
            # pylint: disable-next=unidiomatic-typecheck
            found = [v for k, (_, v) in zip(keys, container.items) if k == key and type(k) is type(key)]
            if len(found) == 1:
                return self.value(found[0], depth + 1)
            if not found and default is not None:
                return self.value(default, depth + 1)
        # pylint: disable-next=unidiomatic-typecheck  # an index, not a bool
        elif subscript and isinstance(container, (nodes.Tuple, nodes.List)) and type(key) is int:
            elements = self._elements(container, depth)
            if -len(elements) <= key < len(elements):
                return self.value(elements[key], depth + 1)
        raise _Unknown

    def container(self, node: nodes.NodeNG, depth: int) -> nodes.NodeNG:
        """The literal dict, list or tuple behind ``node``, if it is never mutated."""
        self.steps += 1
        if depth > _MAX_DEPTH or self.steps > _MAX_STEPS:
            raise _Unknown
        if isinstance(node, (nodes.Dict, nodes.List, nodes.Tuple)):
            return node
        if isinstance(node, (nodes.Name, nodes.Attribute)):
            definition = self.definition(node, depth)
            name = node.name if isinstance(node, nodes.Name) else node.attrname
            if isinstance(definition, (nodes.Dict, nodes.List)) and name in _mutated(definition.scope()):
                raise _Unknown
            return self.container(definition, depth + 1)
        raise _Unknown

    # -- names ------------------------------------------------------------

    def definition(self, node: nodes.Name | nodes.Attribute, depth: int) -> nodes.NodeNG:
        """The one expression ``node`` is bound to."""
        if isinstance(node, nodes.Name):
            return self._name(node, depth)
        return self._attribute(node, depth)

    def _name(self, node: nodes.Name, depth: int) -> nodes.NodeNG:
        scope, _ = qualified.lookup(node, node.name)
        return self._binding(scope, node.name, depth)

    def _binding(self, scope: nodes.LocalsDictNodeNG, name: str, depth: int) -> nodes.NodeNG:
        """The value ``name`` is bound to in ``scope``, when bound exactly once."""
        bindings = qualified.bindings(scope, name)
        if len(bindings) != 1 or _rebound_nonlocally(scope, name):
            raise _Unknown
        binding = bindings[0]
        parent = binding.parent
        if isinstance(binding, nodes.AssignName):
            if isinstance(parent, nodes.Assign) and binding in parent.targets:
                return parent.value
            if isinstance(parent, nodes.AnnAssign) and parent.value is not None:
                return parent.value
            if isinstance(parent, nodes.Arguments):
                try:
                    return parent.default_value(name)
                except NoDefault as error:
                    raise _Unknown from error
        if isinstance(binding, nodes.ImportFrom):
            return self._imported(binding, name, depth)
        raise _Unknown

    def _imported(self, node: nodes.ImportFrom, name: str, depth: int) -> nodes.NodeNG:
        """The value of ``from module import NAME`` in a project module."""
        real = node.real_name(name)
        module = _project_module(node, node.modname)
        if module is None:
            raise _Unknown
        if qualified.bindings(module, real):
            return self._binding(module, real, depth + 1)
        raise _Unknown

    def _attribute(self, node: nodes.Attribute, depth: int) -> nodes.NodeNG:
        flag = self._flag_default(node, depth)
        if flag is not None:
            return flag
        owner = node.expr
        target = self._namespace(owner, depth)
        if isinstance(target, nodes.Module):
            return self._binding(target, node.attrname, depth + 1)
        if isinstance(target, nodes.ClassDef) and node.attrname not in _assigned_attributes(target.root()):
            return self._binding(target, node.attrname, depth + 1)
        raise _Unknown

    def _namespace(self, node: nodes.NodeNG, depth: int) -> nodes.Module | nodes.ClassDef | None:
        """The project module or class ``node`` names (``config`` in ``config.URL``)."""
        if isinstance(node, nodes.Name):
            binding = _sole_binding(node)
            if isinstance(binding, nodes.ClassDef):
                return binding if _plain_class(binding) else None
            if isinstance(binding, nodes.Import):
                modname = _imported_module_name(binding, node.name)
                return _project_module(binding, modname) if modname else None
            if isinstance(binding, nodes.ImportFrom):
                return _project_submodule(binding, node.name)
            return None
        if isinstance(node, nodes.Attribute) and depth < _MAX_DEPTH:
            # import pkg.config; pkg.config.URL
            parent = self._namespace(node.expr, depth + 1)
            if isinstance(parent, nodes.Module):
                return _project_module(parent, f"{parent.name}.{node.attrname}", absolute=True)
        return None

    # -- absl flags -------------------------------------------------------

    def _flag_default(self, node: nodes.Attribute, depth: int) -> nodes.NodeNG | None:
        """The default of ``FLAGS.<name>`` when this module defines flag ``<name>``."""
        if not self._is_flags_object(node.expr, depth):
            return None
        module = node.root()
        definitions = _flag_definitions(module).get(node.attrname, [])
        if len(definitions) != 1 or node.attrname in _assigned_attributes(module):
            raise _Unknown
        call = definitions[0]
        for keyword in call.keywords or ():
            if keyword.arg == "default":
                return keyword.value
        if len(call.args) >= 2:
            return call.args[1]
        raise _Unknown

    def _is_flags_object(self, node: nodes.NodeNG, depth: int) -> bool:
        """``FLAGS`` (bound to ``flags.FLAGS``) or ``flags.FLAGS`` itself."""
        if isinstance(node, nodes.Name):
            binding = _sole_binding(node)
            if isinstance(binding, nodes.ImportFrom):  # from absl.flags import FLAGS
                return binding.real_name(node.name) == "FLAGS" and _is_flags_module(binding.modname)
            if isinstance(binding, nodes.AssignName) and isinstance(binding.parent, nodes.Assign):
                value = binding.parent.value
                return (
                    isinstance(value, nodes.Attribute)
                    and depth < _MAX_DEPTH
                    and self._is_flags_object(value, depth + 1)
                )
            return False
        if isinstance(node, nodes.Attribute) and node.attrname == "FLAGS":
            return _is_flags_module(_dotted(node.expr, depth))
        return False


# -- helpers without resolver state ------------------------------------------


def _scalar(value: object) -> object:
    if isinstance(value, _SCALARS):
        return _short(value) if isinstance(value, str) else value
    raise _Unknown


def _short(value: str) -> str:
    if len(value) > _MAX_LENGTH:
        raise _Unknown
    return value


def _percent(template: str, args: list[object]) -> str:
    """``template % args`` for plain ``%s`` / ``%d`` templates only (no widths: bounded output)."""
    directives = _PERCENT_DIRECTIVE.findall(template)
    if any(d not in "sd%" for d in directives) or not all(isinstance(a, (str, int)) for a in args):
        raise _Unknown
    try:
        return _short(template % tuple(args))
    except (TypeError, ValueError) as error:
        raise _Unknown from error


def _format(template: str, args: list[object], kwargs: dict[str | None, object]) -> str:
    """``template.format(...)`` for plain ``{}``, ``{0}`` and ``{name}`` fields only."""
    if not all(isinstance(a, (str, int)) for a in [*args, *kwargs.values()]) or None in kwargs:
        raise _Unknown
    try:
        for _, field, spec, conversion in string.Formatter().parse(template):
            if field is None:
                continue
            if spec or conversion or not (field == "" or field.isdigit() or field.isidentifier()):
                raise _Unknown
        return _short(template.format(*args, **kwargs))  # type: ignore[arg-type]
    except (IndexError, KeyError, ValueError) as error:
        raise _Unknown from error


def _sole_binding(node: nodes.Name) -> nodes.NodeNG | None:
    """The only statement binding ``node``'s name anywhere in its scope, or None."""
    scope, _ = qualified.lookup(node, node.name)
    bindings = qualified.bindings(scope, node.name)
    return bindings[0] if len(bindings) == 1 else None


def _dotted(node: nodes.NodeNG, depth: int = 0) -> str | None:
    """The import path ``node`` names (``os.path.join`` for ``join`` from ``os.path``).

    Read from import statements and single assignments only; never inferred.
    """
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, nodes.Attribute):
        base = _dotted(node.expr, depth + 1)
        return f"{base}.{node.attrname}" if base else None
    if not isinstance(node, nodes.Name):
        return None
    scope, _ = qualified.lookup(node, node.name)
    if isinstance(scope, nodes.Module) and scope.name == "builtins":
        return f"builtins.{node.name}"
    binding = _sole_binding(node)
    if isinstance(binding, nodes.Import):
        return _imported_module_name(binding, node.name)
    if isinstance(binding, nodes.ImportFrom) and not binding.level:
        return f"{binding.modname}.{binding.real_name(node.name)}"
    if isinstance(binding, nodes.AssignName) and isinstance(binding.parent, nodes.Assign):
        return _dotted(binding.parent.value, depth + 1)  # flags = tf.app.flags
    return None


def _imported_module_name(node: nodes.Import, name: str) -> str | None:
    """The module ``name`` is bound to by ``import a.b`` / ``import a.b as name``."""
    for modname, asname in node.names:
        if asname == name:
            return modname
        if asname is None and modname.split(".", 1)[0] == name:
            return name
    return None


def _is_flags_module(name: str | None) -> bool:
    if not name:
        return False
    return name in ("absl.flags", "gflags") or (name.startswith("tensorflow.") and name.endswith(".flags"))


_FlagTable = dict[str, list[nodes.Call]]
_flag_tables: weakref.WeakKeyDictionary[nodes.Module, _FlagTable] = weakref.WeakKeyDictionary()
_mutations: weakref.WeakKeyDictionary[nodes.NodeNG, frozenset[str]] = weakref.WeakKeyDictionary()
_assignments: weakref.WeakKeyDictionary[nodes.Module, frozenset[str]] = weakref.WeakKeyDictionary()


def _flag_definitions(module: nodes.Module) -> _FlagTable:
    """Flag name -> the ``DEFINE_*`` calls of this module that define it."""
    table = _flag_tables.get(module)
    if table is None:
        table = {}
        for call in module.nodes_of_class(nodes.Call):
            func = call.func
            definer = func.attrname if isinstance(func, nodes.Attribute) else getattr(func, "name", None)
            if definer not in _FLAG_DEFINERS:
                continue
            dotted = _dotted(func)
            if not dotted or not _is_flags_module(dotted.rsplit(".", 1)[0]):
                continue
            name = next((k.value for k in call.keywords or () if k.arg == "name"), call.args[0] if call.args else None)
            if isinstance(name, nodes.Const) and isinstance(name.value, str):
                table.setdefault(name.value, []).append(call)
        _flag_tables[module] = table
    return table


def _assigned_attributes(module: nodes.Module) -> frozenset[str]:
    """Attribute names assigned anywhere in ``module`` (``FLAGS.url = ...``, ``Config.URL = ...``)."""
    assigned = _assignments.get(module)
    if assigned is None:
        assigned = frozenset(node.attrname for node in module.nodes_of_class(nodes.AssignAttr))
        _assignments[module] = assigned
    return assigned


def _mutated(scope: nodes.NodeNG) -> frozenset[str]:
    """Names in ``scope`` whose container is changed in place (``D[k] = v``, ``D.update()``)."""
    mutated = _mutations.get(scope)
    if mutated is None:
        found: set[str] = set()
        for node in scope.nodes_of_class((nodes.Subscript, nodes.Attribute)):
            base = node.value if isinstance(node, nodes.Subscript) else node.expr
            if not isinstance(base, nodes.Name):
                continue
            if isinstance(node, nodes.Subscript) and node.ctx != Context.Load:
                found.add(base.name)
            if isinstance(node, nodes.Attribute) and node.attrname in _MUTATORS:
                found.add(base.name)
        mutated = frozenset(found)
        _mutations[scope] = mutated
    return mutated


def _plain_class(node: nodes.ClassDef) -> bool:
    """A class whose attributes are what its body assigns: no decorator, metaclass or base rewrites them.

    ``ELMO = "https://..."`` in ``class Models(Enum)`` makes ``Models.ELMO`` an
    enum member, not the string; attrs and dataclasses rewrite fields too.
    """
    return not node.decorators and not node.keywords and all(_dotted(base) == "builtins.object" for base in node.bases)


def _rebound_nonlocally(scope: nodes.LocalsDictNodeNG, name: str) -> bool:
    """Whether a nested function rebinds ``name`` of function ``scope`` (``nonlocal``)."""
    if not isinstance(scope, (nodes.FunctionDef, nodes.Lambda)):
        return False
    return any(name in node.names for node in scope.nodes_of_class(nodes.Nonlocal))


# -- the project's own modules -------------------------------------------------


def _project_module(importer: nodes.NodeNG, modname: str | None, *, absolute: bool = False) -> nodes.Module | None:
    """The module ``importer`` imports as ``modname``, if its source is in the same project.

    Third-party code (TensorFlow above all) is never built: the module's top
    package must exist as a file or directory of the project before astroid
    is asked, and what astroid returns must be a source file in the project
    root and outside site-packages.
    """
    level = 0 if absolute else getattr(importer, "level", None) or 0
    if not modname and not level:
        return None
    module = importer.root()
    if not isinstance(module, nodes.Module) or not module.file:
        return None
    importing_file = Path(module.file).resolve()
    root = _project_root(importing_file)
    if not level and not _in_project((modname or "").split(".", 1)[0], importing_file.parent, root):
        return None
    try:
        imported = module.import_module(modname, level=0) if absolute else importer.do_import_module(modname)
    except Exception:  # pylint: disable=broad-exception-caught  # astroid's import errors all mean "unknown"
        return None
    return imported if _is_project_source(imported, root) else None


def _project_submodule(node: nodes.ImportFrom, name: str) -> nodes.Module | None:
    """``config`` in ``from pkg import config``: a project module, not a value."""
    real = node.real_name(name)
    package = _project_module(node, node.modname)
    if package is None or not package.package or qualified.bindings(package, real):
        return None  # not a package, or a value of it rather than a submodule
    return _project_module(package, f"{package.name}.{real}", absolute=True)


@functools.lru_cache(maxsize=256)
def _project_root(path: Path) -> Path:
    """The project root of a source file: the configured root, else its top package's parent."""
    from pylint_hubcompat.target.detection import find_root  # pylint: disable=import-outside-toplevel  # detection is dear

    root = find_root(path)
    if root is not None:
        return root.resolve()
    directory = path.parent
    while (directory / "__init__.py").is_file() and directory.parent != directory:
        directory = directory.parent
    return directory


def _in_project(top: str, start: Path, root: Path) -> bool:
    """Whether a module or package named ``top`` exists in ``start`` or above it up to ``root``."""
    return any((directory / f"{top}.py").is_file() or (directory / top).is_dir() for directory in _up_to(start, root))


def _up_to(start: Path, root: Path) -> Iterator[Path]:
    if not start.is_relative_to(root):
        return
    directory = start
    while True:
        yield directory
        if directory in (root, directory.parent):
            return
        directory = directory.parent


def _is_project_source(module: nodes.Module, root: Path) -> bool:
    if not module.file or not module.file.endswith(".py"):
        return False
    path = Path(module.file).resolve()
    return path.is_relative_to(root) and not {"site-packages", "dist-packages"}.intersection(path.parts)

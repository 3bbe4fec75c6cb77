"""Where the project's other modules use a function: the references a mode can be judged from.

A ``hub.Module`` in a helper runs in whatever mode its callers run in, and those
often live in another module (an Estimator ``model_fn`` importing the helper).
Finding them must cost next to nothing where nobody asks, and stay bounded
where somebody does:

* the project's files come from :mod:`pylint_hubcompat.facts.project_scan`'s
  walker (never through a symlinked directory, regular files only, bounded);
* each file is read once, to index the words of its import statements; a file
  is parsed only if its imports spell the helper's module name and its text
  the function's name, and at most :data:`MAX_CANDIDATES` files per function are;
* each file is parsed at most once per process (until :func:`clear_cache`),
  by astroid without inference, transforms, or following ``import *``, and the
  tree is not left in astroid's cache, where pylint would pick it up.

Only what the import statements spell is followed: ``from helpers import f``,
``from .helpers import f as g``, ``import pkg.helpers`` then ``pkg.helpers.f``.
A name re-exported by a package, a ``getattr`` or an ``import *`` is not seen;
the caller of this module must treat what it does not see as unknown.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from astroid import MANAGER, nodes
from astroid.builder import AstroidBuilder

from pylint_hubcompat.facts import qualified
from pylint_hubcompat.facts.project_scan import MAX_BYTES, MAX_FILES, python_files
from pylint_hubcompat.files import reading

#: Files parsed, at most, to find the references to one function.
MAX_CANDIDATES = 40
#: An import statement, parenthesised names included: the words a caller's module spells to reach a helper.
_IMPORT = re.compile(rb"^[ \t]*(?:from|import)[ \t][^\n(]*(?:\([^)]*\))?[^\n]*", re.MULTILINE)
_WORD = re.compile(rb"\w+")


class Reference(NamedTuple):
    """A name or attribute in another module of the project that stands for the function."""

    module: nodes.Module
    path: str
    node: nodes.Name | nodes.Attribute


class Found(NamedTuple):
    references: list[Reference]
    #: False when some file that could refer to the function was not looked at.
    complete: bool


class Project:
    """One project root: its Python files, read and parsed on demand, each at most once."""

    def __init__(self, root: str) -> None:
        self.root = os.path.realpath(root)
        self._index: tuple[dict[bytes, list[str]], bool] | None = None
        self._modules: dict[str, nodes.Module | None] = {}
        self._found: dict[tuple[str, str], Found] = {}
        #: Per-module results other layers compute once (the modes of a caller's module).
        self.memo: dict[Any, Any] = {}
        #: How many files were parsed: the cost the tests count.
        self.parses = 0

    def references(self, path: str, name: str) -> Found:
        """The references, in the project's other ``.py`` files, to function ``name`` of module ``path``."""
        path = os.path.realpath(path)
        key = (path, name)
        if key not in self._found:
            self._found[key] = self._search(path, name)
        return self._found[key]

    def _search(self, path: str, name: str) -> Found:
        stem = _stem(path)
        if not path.endswith(".py") or not path.startswith(self.root + os.sep) or not stem.isidentifier():
            return Found([], True)
        index, complete = self._import_index()
        word = re.compile(rb"\b" + re.escape(name.encode()) + rb"\b")
        candidates = []
        for candidate in index.get(stem.encode(), ()):
            if candidate != path and word.search(self._bytes(candidate)):
                candidates.append(candidate)
        if len(candidates) > MAX_CANDIDATES:
            candidates, complete = candidates[:MAX_CANDIDATES], False
        found: list[Reference] = []
        for candidate in candidates:
            module = self.module(candidate)
            if module is None:
                continue  # a file that does not parse calls nothing
            found.extend(Reference(module, candidate, node) for node in self._refs_in(module, candidate, name, path))
        return Found(found, complete)

    def _import_index(self) -> tuple[dict[bytes, list[str]], bool]:
        """Word of an import statement -> the project files whose imports spell it; all files seen or not.

        Built by one pass over the project, the first time a caller is looked for:
        each file is read once, whatever the number of modules asked about.
        """
        if self._index is None:
            index: dict[bytes, list[str]] = {}
            count = 0
            for file_path, real_path in python_files(Path(self.root)):
                count += 1
                if real_path is None:
                    continue  # a symlinked file: its real module is elsewhere
                try:
                    data = reading.read_bytes(file_path, MAX_BYTES, real_path=real_path)
                except reading.UnreadableFile:
                    continue
                words = {w for statement in _IMPORT.findall(data) for w in _WORD.findall(statement)}
                for word in words:
                    index.setdefault(word, []).append(real_path)
            self._index = (index, count < MAX_FILES)
        return self._index

    def _bytes(self, path: str) -> bytes:
        try:
            return reading.read_bytes(path, MAX_BYTES, real_path=path)
        except reading.UnreadableFile:
            return b""

    def module(self, path: str) -> nodes.Module | None:
        """The tree of the project file ``path``, parsed once; None if it cannot be."""
        if path not in self._modules:
            self._modules[path] = self._parse(path)
        return self._modules[path]

    def _parse(self, path: str) -> nodes.Module | None:
        try:
            text = reading.read_bytes(path, MAX_BYTES, real_path=path).decode("utf-8")
        except (reading.UnreadableFile, UnicodeDecodeError):
            return None
        self.parses += 1
        relative = os.path.relpath(path, self.root)
        modname = os.path.splitext(relative)[0].replace(os.sep, ".").removesuffix(".__init__")
        try:
            module = _Builder().string_build(text, modname, path)
        except Exception:  # pylint: disable=broad-except  # astroid on any file of the user's
            return None
        if MANAGER.astroid_cache.get(modname) is module:
            del MANAGER.astroid_cache[modname]  # pylint builds its own tree of this file
        return module

    def _refs_in(
        self, module: nodes.Module, path: str, name: str, target: str
    ) -> Iterator[nodes.Name | nodes.Attribute]:
        """The names and attributes of ``module`` that stand for function ``name`` of file ``target``."""
        stem = _stem(target)
        functions: dict[str, nodes.NodeNG] = {}
        modules: dict[str, nodes.NodeNG] = {}
        for statement in module.nodes_of_class((nodes.Import, nodes.ImportFrom)):
            if isinstance(statement, nodes.Import):
                for real, alias in statement.names:
                    if real.rsplit(".", 1)[-1] == stem and self._resolve(path, real, 0) == target:
                        modules[alias or real] = statement
                continue
            level = statement.level or 0
            for real, alias in statement.names:
                if real == name and _last(statement.modname) == stem:
                    if self._resolve(path, statement.modname, level) == target:
                        functions[alias or real] = statement
                elif real == stem and self._resolve(path, _join(statement.modname, real), level) == target:
                    modules[alias or real] = statement
        if not functions and not modules:
            return
        for node in module.nodes_of_class((nodes.Name, nodes.Attribute)):
            if isinstance(node, nodes.Name):
                if node.name in functions and _bound_by(node, node.name, functions[node.name]):
                    yield node
            elif node.attrname == name:
                spelled = node.expr.as_string()
                base = node.expr
                while isinstance(base, nodes.Attribute):
                    base = base.expr
                if spelled in modules and isinstance(base, nodes.Name) and _bound_by(base, base.name, modules[spelled]):
                    yield node

    def _resolve(self, path: str, dotted: str, level: int) -> str | None:
        """The project file an import of ``dotted`` (``level`` dots) from file ``path`` loads, if any."""
        parts = [p for p in dotted.split(".") if p]
        here = os.path.dirname(path)
        if level:
            base = here
            for _ in range(level - 1):
                base = os.path.dirname(base)
            bases = [base]
        else:
            # The script's own directory comes first on sys.path, then where it is run from.
            bases = []
            current = here
            while current.startswith(self.root):
                bases.append(current)
                if current == self.root:
                    break
                current = os.path.dirname(current)
            bases.append(os.path.join(self.root, "src"))
        for base in bases:
            stem = os.path.join(base, *parts)
            for candidate in (stem + ".py", os.path.join(stem, "__init__.py")):
                if parts and os.path.isfile(candidate):
                    return os.path.realpath(candidate)
        return None


class _Builder(AstroidBuilder):
    """astroid's builder without inference, transforms, or the modules ``import *`` names."""

    def __init__(self) -> None:
        super().__init__(MANAGER, apply_transforms=False)

    def delayed_assattr(self, node: nodes.AssignAttr) -> None:
        """Not filed: :mod:`pylint_hubcompat.facts.trees` says why."""

    def add_from_names_to_locals(self, node: nodes.ImportFrom, *rest: Any) -> None:
        """Names of ``from m import *`` are not filed: finding them builds ``m`` (TensorFlow itself, often).

        astroid 4 passes a second argument, astroid 3 none: both are taken.
        """
        if any(name == "*" for name, _ in node.names):
            return
        super().add_from_names_to_locals(node, *rest)


@functools.cache
def project(root: str) -> Project:
    """The :class:`Project` of ``root``, one per process until :func:`clear_cache`."""
    return Project(root)


def clear_cache() -> None:
    project.cache_clear()


def _stem(path: str) -> str:
    """The name a module is imported by: its file's, or its package's for an ``__init__.py``."""
    base = os.path.basename(path)
    if base == "__init__.py":
        return os.path.basename(os.path.dirname(path))
    return os.path.splitext(base)[0]


def _last(dotted: str) -> str:
    return dotted.rsplit(".", 1)[-1]


def _join(modname: str, name: str) -> str:
    return f"{modname}.{name}" if modname else name


def _bound_by(node: nodes.NodeNG, name: str, statement: nodes.NodeNG) -> bool:
    """``name`` at ``node`` is bound by ``statement`` and by nothing else."""
    try:
        _, assignments = qualified.lookup(node, name)
    except Exception:  # pylint: disable=broad-except  # astroid on odd code
        return False
    return len(assignments) == 1 and assignments[0] is statement

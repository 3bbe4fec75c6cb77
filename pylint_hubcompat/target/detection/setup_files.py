"""setuptools configuration: ``setup.cfg`` and ``setup.py``.

``setup.py`` is a program, and a linter must never run the user's programs:
it is read as a syntax tree, and only what is written literally is taken
(``setup(install_requires=[...])``, a module-level list assigned once, lists
joined with ``+``, ``setup(**CONFIG)`` with a literal dict).  Strings built from
constants (``"tensorflow" + TF_SPEC``, ``f"tensorflow{TF_SPEC}"``, ``"%s"`` and
``.format`` of constants) are evaluated on the tree, never executed.  Anything
computed otherwise (reading a file, a loop, a function call) is left out rather
than guessed; the requirements files it usually reads are read directly anyway.

The project's Python is ``python_requires`` (``[options]`` of ``setup.cfg``, the
keyword of ``setup.py``); failing it, the ``Programming Language :: Python :: X.Y``
classifiers of the same file, each minor an alternative.
"""

from __future__ import annotations

import ast
import configparser
import re
import string
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Literal

from pylint_hubcompat.target.detection.declared import (
    Declared,
    from_classifiers,
    from_python_requirement,
    from_requirement,
)
from pylint_hubcompat.target.detection.markers import marker_applies
from pylint_hubcompat.target.detection.project_files import ProjectFiles, key, line_of
from pylint_hubcompat.target.detection.requirements import RequirementsReader
from pylint_hubcompat.target.distributions import names_ignored_distribution

_REQUIREMENT_KEYWORDS = ("install_requires", "extras_require")
_PYTHON_KEYWORDS = ("python_requires", "classifiers")
#: How far names and expressions are followed, and how long a string they may build.
_MAX_DEPTH = 20
_MAX_STRING = 10_000
#: A ``%`` template of plain ``%s``/``%d`` fields (and ``%%``): no width, precision or mapping key.
_PERCENT_FIELDS = re.compile(r"(?:[^%]|%[sd%])*")
#: A ``{}`` field: automatic, positional or a keyword; never an attribute or an index.
_FORMAT_FIELD = re.compile(r"|\d+|[A-Za-z_]\w*")


def read_setup_cfg(files: ProjectFiles) -> list[Declared]:
    """``[options] install_requires``, ``[options.extras_require]`` and the Python of ``setup.cfg``."""
    path = files.at_root("setup.cfg")
    loaded = files.ini(path) if path is not None else None
    if path is None or loaded is None:
        return []
    parser, text = loaded
    found: list[Declared] = []
    includes = RequirementsReader(files)
    if parser.has_option("options", "install_requires"):
        anchors = (r"^\[options\]", key("install_requires"))
        found += _cfg_list(files, path, text, parser.get("options", "install_requires"), anchors, includes)
    if parser.has_section("options.extras_require"):
        for extra, value in parser.items("options.extras_require"):
            anchors = (r"^\[options\.extras_require\]", key(extra))
            found += _cfg_list(files, path, text, value, anchors, includes, _extra_branch(extra))
    return found + includes.found + _cfg_python(files, path, text, parser)


def _cfg_python(files: ProjectFiles, path: Path, text: str, parser: configparser.ConfigParser) -> list[Declared]:
    """``[options] python_requires``, else the ``[metadata] classifiers`` (unless they come from a ``file:``)."""
    for name in ("python_requires", "python-requires"):
        if parser.has_option("options", name):
            line = line_of(text, (), after=(r"^\[options\]", key(name)))
            declared = from_python_requirement(files, parser.get("options", name), path, line, f"[options] {name}")
            return [declared] if declared is not None else []
    if not parser.has_option("metadata", "classifiers"):
        return []
    value = parser.get("metadata", "classifiers").strip()
    if value.startswith("file:"):
        return []
    anchors = (r"^\[metadata\]", key("classifiers"))
    classifiers = [c.strip() for c in value.splitlines() if "Python ::" in c]
    return from_classifiers(files, [(c, line_of(text, (re.escape(c),), after=anchors)) for c in classifiers], path)


def _cfg_list(
    files: ProjectFiles,
    path: Path,
    text: str,
    value: str,
    anchors: tuple[str, ...],
    includes: RequirementsReader,
    branch: str | Literal[False] | None = None,
) -> list[Declared]:
    if branch is False:
        return []
    value = value.strip()
    if value.startswith("file:"):
        for name in value[len("file:") :].split(","):
            if name.strip():
                includes.include(path, line_of(text, (re.escape(name.strip()),), after=anchors), name.strip())
        return []
    # setuptools' rule: one requirement per line, or ``;``-separated on a single line.
    items = value.splitlines() if "\n" in value else value.split(";")
    found = []
    for item in (entry.strip() for entry in items):
        if not item or item.startswith("#") or names_ignored_distribution(item):
            continue  # finding a line costs regexes: only for what may be ours
        line = line_of(text, (re.escape(item),), after=anchors)
        declared = from_requirement(files, item, path, line, branch or None)
        if declared is not None:
            found.append(declared)
    return found


def read_setup_py(files: ProjectFiles) -> list[Declared]:
    """The literal ``install_requires``/``extras_require``/``python_requires`` of ``setup(...)`` calls in ``setup.py``.

    The ``classifiers`` only count when no call gives ``python_requires``.
    """
    path = files.at_root("setup.py")
    text = files.read(path) if path is not None else None
    if path is None or text is None:
        return []
    try:
        tree = ast.parse(text, filename=str(path))
    except SyntaxError as exc:
        files.problem(path, exc.lineno or 1, f"cannot parse setup.py, skipped: {exc.msg}")
        return []
    except (ValueError, RecursionError, MemoryError) as exc:
        files.problem(path, 1, f"cannot parse setup.py, skipped: {exc.__class__.__name__}")
        return []
    constants = _module_constants(tree)
    found: list[Declared] = []
    pythons: list[Declared] = []
    classifiers: list[tuple[str, int]] = []
    python_requires = False
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and _is_setup(call.func)):
            continue
        for keyword, value in _keywords(call, constants):
            if keyword == "install_requires":
                found += _requirements(files, path, value, constants)
            elif keyword == "extras_require":
                for extra, requirements in _dict_items(value, constants):
                    branch = _extra_branch(extra)
                    if branch is not False:
                        found += _requirements(files, path, requirements, constants, branch or None)
            elif keyword == "python_requires":
                python_requires = True
                pythons += _python_requires(files, path, value, constants)
            elif keyword == "classifiers":
                classifiers += [(c, line) for c, line in _literal_strings(value, constants) if "Python ::" in c]
    return found + (pythons if python_requires else from_classifiers(files, classifiers, path))


def _python_requires(
    files: ProjectFiles, path: Path, node: ast.expr, constants: Mapping[str, ast.expr]
) -> list[Declared]:
    """The specifier of ``python_requires=``, if it is a string made of constants (else nothing is known)."""
    text = _string(node, constants)
    if text is None:
        return []
    declared = from_python_requirement(files, text, path, node.lineno, "python_requires")
    return [declared] if declared is not None else []


def _requirements(
    files: ProjectFiles,
    path: Path,
    node: ast.expr,
    constants: Mapping[str, ast.expr],
    branch: str | None = None,
) -> list[Declared]:
    found = []
    for text, line in _literal_strings(node, constants):
        declared = from_requirement(files, text, path, line, branch)
        if declared is not None:
            found.append(declared)
    return found


def _is_setup(func: ast.expr) -> bool:
    return (isinstance(func, ast.Name) and func.id == "setup") or (
        isinstance(func, ast.Attribute) and func.attr == "setup"
    )


def _keywords(call: ast.Call, constants: Mapping[str, ast.expr]) -> Iterator[tuple[str, ast.expr]]:
    for keyword in call.keywords:
        if keyword.arg in _REQUIREMENT_KEYWORDS or keyword.arg in _PYTHON_KEYWORDS:
            yield keyword.arg, keyword.value
        elif keyword.arg is None:  # setup(**CONFIG)
            for name, value in _dict_items(keyword.value, constants):
                if name in _REQUIREMENT_KEYWORDS or name in _PYTHON_KEYWORDS:
                    yield name, value


def _module_constants(tree: ast.Module) -> dict[str, ast.expr]:
    """Module-level names assigned exactly once: the only ones whose value can be trusted."""
    values: dict[str, ast.expr] = {}
    counts: dict[str, int] = {}
    for statement in tree.body:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign):
            targets, value = [statement.target], statement.value
        for target in targets:
            if isinstance(target, ast.Name) and value is not None:
                values[target.id] = value
                counts[target.id] = counts.get(target.id, 0) + 1
    return {name: value for name, value in values.items() if counts[name] == 1}


def _literal_strings(node: ast.expr, constants: Mapping[str, ast.expr], depth: int = 0) -> Iterator[tuple[str, int]]:
    if depth > _MAX_DEPTH:
        return
    text = _string(node, constants)
    if text is not None:
        yield text, node.lineno
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for element in node.elts:
            yield from _literal_strings(element, constants, depth + 1)
    elif isinstance(node, ast.Starred):
        yield from _literal_strings(node.value, constants, depth + 1)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        # lists joined; a string joined to what cannot be evaluated is no requirement at all
        if not _is_text(node.left, constants) and not _is_text(node.right, constants):
            yield from _literal_strings(node.left, constants, depth + 1)
            yield from _literal_strings(node.right, constants, depth + 1)
    elif isinstance(node, ast.Name) and node.id in constants:
        yield from _literal_strings(constants[node.id], constants, depth + 1)


def _string(node: ast.expr, constants: Mapping[str, ast.expr], depth: int = 0) -> str | None:
    """The value of a string expression made of constants only, or ``None``.

    Only operations whose result is bounded by their operands are taken: ``+``,
    f-strings and ``%s``/``{}`` substitution without width or precision (which
    could ask for gigabytes), and never an attribute of a value.
    """
    value = _constant(node, constants, depth)
    return value if isinstance(value, str) else None


def _constant(node: ast.expr, constants: Mapping[str, ast.expr], depth: int) -> str | int | None:
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, (str, int)) and not isinstance(node.value, bool) else None
    if isinstance(node, ast.Name):
        return _constant(constants[node.id], constants, depth + 1) if node.id in constants else None
    if isinstance(node, ast.JoinedStr):
        parts = [_formatted(part, constants, depth + 1) for part in node.values]
        return _bounded("".join(parts)) if all(isinstance(p, str) for p in parts) else None  # type: ignore[arg-type]
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        left = _string(node.left, constants, depth + 1)
        if left is None:
            return None
        if isinstance(node.op, ast.Add):
            right = _string(node.right, constants, depth + 1)
            return _bounded(left + right) if right is not None else None
        elements = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        return _substituted(left, "%", [_constant(e, constants, depth + 1) for e in elements], {})
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        template = _string(node.func.value, constants, depth + 1)
        if template is None or any(isinstance(a, ast.Starred) for a in node.args):
            return None
        arguments = [_constant(a, constants, depth + 1) for a in node.args]
        keywords = {k.arg: _constant(k.value, constants, depth + 1) for k in node.keywords if k.arg is not None}
        if len(keywords) != len(node.keywords):
            return None  # ``**kwargs``
        return _substituted(template, "{}", arguments, keywords)
    return None


def _is_text(node: ast.expr, constants: Mapping[str, ast.expr], depth: int = 0) -> bool:
    """Whether ``node`` is written as a string (whether or not its value can be known).

    Past the depth limit it cannot be told, and is taken for one: left out, never guessed.
    """
    while isinstance(node, ast.Name) and node.id in constants:
        if depth >= _MAX_DEPTH:
            return True
        node, depth = constants[node.id], depth + 1
    if depth >= _MAX_DEPTH:
        return True
    if isinstance(node, ast.BinOp):
        return isinstance(node.op, ast.Mod) or _is_text(node.left, constants, depth + 1)
    return (
        (isinstance(node, ast.Constant) and isinstance(node.value, str))
        or isinstance(node, ast.JoinedStr)
        or (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format")
    )


def _formatted(part: ast.expr, constants: Mapping[str, ast.expr], depth: int) -> str | None:
    if isinstance(part, ast.Constant) and isinstance(part.value, str):
        return part.value
    if isinstance(part, ast.FormattedValue) and part.conversion in (-1, ord("s")) and part.format_spec is None:
        value = _constant(part.value, constants, depth)
        return None if value is None else str(value)
    return None


def _substituted(
    template: str, style: str, arguments: list[str | int | None], keywords: Mapping[str, str | int | None]
) -> str | None:
    """``template % arguments`` or ``template.format(...)``, if every field is a plain substitution."""
    if any(a is None for a in arguments) or any(v is None for v in keywords.values()):
        return None
    if style == "%":
        if keywords or not _PERCENT_FIELDS.fullmatch(template):
            return None
        try:
            return _bounded(template % tuple(arguments))
        except (TypeError, ValueError):
            return None
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return None
    if any(
        name is not None and (spec or conversion not in (None, "s") or not _FORMAT_FIELD.fullmatch(name))
        for _, name, spec, conversion in fields
    ):
        return None
    try:
        return _bounded(template.format(*arguments, **keywords))
    except (IndexError, KeyError, ValueError):
        return None


def _bounded(text: str) -> str | None:
    return text if len(text) <= _MAX_STRING else None


def _dict_items(node: ast.expr, constants: Mapping[str, ast.expr], depth: int = 0) -> Iterator[tuple[str, ast.expr]]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(node, ast.Name) and node.id in constants:
        yield from _dict_items(constants[node.id], constants, depth + 1)
    elif isinstance(node, ast.Dict):
        for name, value in zip(node.keys, node.values):
            if name is None:
                yield from _dict_items(value, constants, depth + 1)
            elif isinstance(name, ast.Constant) and isinstance(name.value, str):
                yield name.value, value
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        for keyword in node.keywords:
            if keyword.arg is not None:
                yield keyword.arg, keyword.value


def _extra_branch(extra: str) -> str | Literal[False] | None:
    """setuptools' ``"extra:marker"`` keys: the marker as a branch, ``False`` if it never holds."""
    _, _, marker = extra.partition(":")
    marker = marker.strip()
    if not marker:
        return None
    return marker if marker_applies(marker) else False

"""What IPython does to a code cell before Python sees it, recorded line by line.

IPython runs a cell through its input transformer
(``IPython.core.inputtransformer2.TransformerManager``): leading blank lines go, a
cell indented as a whole is dedented, ``>>>`` / ``In [1]:`` prompts are stripped, a
``%%magic`` first line makes the cell a cell magic, and each ``!command``,
``%magic``, ``x = !command``, ``x = %magic``, ``obj?`` / ``??obj`` becomes a call,
its ``\\`` continuation lines included.  A cell that is then a single line goes
through the shell's prefilter, whose *automagic* turns ``ls ./data`` or
``pip install x`` into ``%ls`` / ``%pip`` unless the name is a Python name of the
user's namespace (``ls = [1]`` makes a later ``ls`` Python).

:func:`transform` records that as a :class:`Static`: per cell line, its Python text
after the cleanup, and the IPython constructs (:class:`Special`) with the cell lines
they cover.  It asks IPython itself when IPython is importable (:mod:`.with_ipython`,
imported only here, when a notebook is read: importing IPython costs about 0.1 s) and
otherwise (or if it is older than IPython 9, which dedented and stripped prompts
differently) :mod:`.fallback`, which reads the same shapes the same way; a test runs both
over a corpus of cells and requires the same record.  The automagic step is ours on
both paths (the prefilter needs a running shell): :data:`AUTOMAGICS` is a snapshot
of the line magics of IPython 9's default shell, so findings never depend on whether,
or which, IPython is installed.
"""

from __future__ import annotations

import ast
import builtins
import keyword
import re
from collections.abc import Callable, Sequence
from types import ModuleType

from pylint_hubcompat.notebooks.constructs import Special, Static

#: The line magics (aliases included) of IPython 9.18's default shell: what automagic calls.
AUTOMAGICS = frozenset(
    {
        "alias",
        "alias_magic",
        "autoawait",
        "autocall",
        "automagic",
        "bookmark",
        "cat",
        "cd",
        "code_wrap",
        "colors",
        "conda",
        "config",
        "cp",
        "debug",
        "dhist",
        "dirs",
        "doctest_mode",
        "ed",
        "edit",
        "env",
        "gui",
        "hist",
        "history",
        "killbgscripts",
        "ldir",
        "lf",
        "lk",
        "ll",
        "load",
        "load_ext",
        "loadpy",
        "logoff",
        "logon",
        "logstart",
        "logstate",
        "logstop",
        "ls",
        "lsmagic",
        "lx",
        "macro",
        "magic",
        "mamba",
        "matplotlib",
        "micromamba",
        "mkdir",
        "mv",
        "notebook",
        "page",
        "pastebin",
        "pdb",
        "pdef",
        "pdoc",
        "pfile",
        "pinfo",
        "pinfo2",
        "pip",
        "popd",
        "pprint",
        "precision",
        "prun",
        "psearch",
        "psource",
        "pushd",
        "pwd",
        "pycat",
        "pylab",
        "quickref",
        "recall",
        "rehashx",
        "reload_ext",
        "rep",
        "rerun",
        "reset",
        "reset_selective",
        "rm",
        "rmdir",
        "run",
        "save",
        "sc",
        "set_env",
        "sx",
        "system",
        "tb",
        "time",
        "timeit",
        "unalias",
        "unload_ext",
        "uv",
        "who",
        "who_ls",
        "whos",
        "xdel",
        "xmode",
    }
)
#: Cell magics whose body is Python code, which IPython transforms as a cell of its own.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "python", "python3", "pypy"})
#: Names a fresh IPython namespace holds, which shadow a magic of the same name.
_SHELL_NAMES = frozenset(
    {"In", "Out", "exit", "quit", "get_ipython", "_", "__", "___", "_i", "_ii", "_iii", "_oh", "_ih", "_dh"}
)
#: IPython's split of a line into an optional escape, a (dotted) name and the rest.
_USER_INPUT = re.compile(r"^(\s*)([,;/%]|!!?|\?\??)?\s*(%{0,2}[\w.*]*)(.*?$|$)")


def transform(lines: Sequence[str], shadowed: Callable[[str], bool] = lambda name: False, depth: int = 0) -> Static:
    """The cell ``lines`` as IPython reads it; ``shadowed(name)``: is ``name`` a Python name already bound?

    ``depth`` counts the cell magics this cell is the body of (``%%time`` over ``%%capture``...).
    """
    manager = ipython_transformer()
    static = None
    if manager is not None:
        from pylint_hubcompat.notebooks import (  # pylint: disable=import-outside-toplevel  # only with IPython
            with_ipython,
        )

        static = with_ipython.transform(lines, manager)
    if static is None:
        from pylint_hubcompat.notebooks import (  # pylint: disable=import-outside-toplevel  # without IPython
            fallback,
        )

        static = fallback.transform(lines)
    if static.magic in PYTHON_CELL_MAGICS and static.start + 1 < len(lines) and depth < _NESTED_MAGICS:
        body_from = static.start + 1
        body = transform([text or "" for text in static.code[body_from:]], shadowed, depth + 1)  # as IPython does
        moved = tuple(s._replace(first=s.first + body_from, last=s.last + body_from) for s in body.specials)
        return static._replace(code=static.code[:body_from] + body.code, specials=static.specials + moved)
    return automagic(static, shadowed)


_MANAGER: list[object] = []
#: Cell magics in cell magics read as such (a deeper body stays as written: no recursion error).
_NESTED_MAGICS = 20
#: The IPython whose transformer is asked (and whose reading the fallback follows).
_IPYTHON_MAJOR = (9,)


def ipython_transformer() -> object | None:
    """IPython's ``TransformerManager``, or ``None`` where IPython is not importable (imported once, lazily)."""
    if not _MANAGER:
        module = _import_inputtransformer2()
        _MANAGER.append(module.TransformerManager() if module is not None else None)
    return _MANAGER[0]


def _import_inputtransformer2() -> ModuleType | None:
    try:
        from IPython.core import (  # pylint: disable=import-outside-toplevel  # ~0.1 s, only to read a notebook
            inputtransformer2,
            release,
        )
    except Exception:  # pylint: disable=broad-except  # absent or broken: the fallback reads the cell
        return None
    if tuple(release.version_info[:1]) < _IPYTHON_MAJOR:
        return None  # IPython 8 dedents and strips prompts otherwise: the fallback reads cells as IPython 9 does
    return inputtransformer2


def automagic(static: Static, shadowed: Callable[[str], bool]) -> Static:
    """``static`` with a single-line ``ls ./data`` / ``pip install x`` read as the magic IPython runs."""
    if not static.single_line or static.code[static.start] is None:
        return static
    line = static.code[static.start] or ""
    match = _USER_INPUT.match(line)
    if match is None or match.group(2):
        return static
    indent, name, rest = match.group(1), match.group(3), match.group(4).lstrip()
    if name not in AUTOMAGICS or rest[:1] in ("=", ","):  # ``ls = 1``, ``ls, x = ...``: an assignment
        return static
    if _is_python_name(name) or shadowed(name):
        return static
    code = list(static.code)
    code[static.start] = None
    special = Special(static.start, static.start, "%", f"{name} {rest}".rstrip(), indent)
    return static._replace(code=tuple(code), specials=(*static.specials, special))


def _is_python_name(name: str) -> bool:
    return name in _SHELL_NAMES or hasattr(builtins, name) or keyword.iskeyword(name)


def bound_names(source: str) -> frozenset[str] | None:
    """The names a cell binds in the notebook's namespace; ``None`` if it is not Python."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    names: set[str] = set()
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(child.name)
                names.update(n for g in ast.walk(child) if isinstance(g, ast.Global) for n in g.names)
                continue
            if isinstance(child, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                continue
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                names.add(child.id)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                names.update((a.asname or a.name).split(".")[0] for a in child.names)
            elif isinstance(child, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and child.name:
                names.add(child.name)
            pending.append(child)
    return frozenset(names)

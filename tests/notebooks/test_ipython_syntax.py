"""Cells read as IPython reads them, with IPython installed or not.

Two things are compared over the corpus of :mod:`tests.notebooks.ipython_cells`:

* **the two readers**: IPython's own transformer, traced line by line
  (:mod:`.with_ipython`), and the fallback (:mod:`.fallback`) give the same record
  of every cell: its Python lines after the cleanup, and each IPython construct with
  the cell lines it covers and its command text.  Everything the module and the pins
  are built from is in that record, so findings cannot depend on which one ran.
* **the module against IPython itself**: what an IPython shell would execute
  (``InteractiveShell.transform_cell``, automagic included) and the cell's lines in
  our module are the same Python, once IPython's calls (``get_ipython().system(...)``
  and the like) are read as ``pass`` / ``None``, which is all our module says of them.
  The comparison is of ASTs without positions: IPython joins a continued command into
  one line, our module keeps one line per cell line (``test_line_mapping`` checks those).
  Where IPython's Python does not parse, ours does not either: that cell is a syntax error.
"""

from __future__ import annotations

import ast
import io
import json
import tokenize

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pylint_hubcompat.notebooks import fallback, reader, transform, with_ipython
from tests.notebooks.ipython_cells import CELLS, lines_of

# In the test extra on Python 3.11+ (IPython 8 is not read: the fallback stands in for it).
IPython = pytest.importorskip("IPython", minversion="9")
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402


@pytest.fixture(scope="module")
def shell() -> InteractiveShell:
    return InteractiveShell.instance()


def _is_ipython_call(node: ast.AST) -> bool:
    """``get_ipython().<method>(...)``: what IPython writes for its syntax."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Call)
        and isinstance(node.func.value.func, ast.Name)
        and node.func.value.func.id == "get_ipython"
    )


class _Neutral(ast.NodeTransformer):
    """IPython's calls read as our module reads them: a statement is ``pass``, an assigned value ``None``."""

    def __init__(self, shell: InteractiveShell):
        self.shell = shell

    def visit_Expr(self, node: ast.Expr):
        if not _is_ipython_call(node.value):
            return node
        call = node.value
        assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
        if call.func.attr != "run_cell_magic":
            return ast.Pass()
        name, _, body = (arg.value for arg in call.args)  # type: ignore[attr-defined]
        if name not in transform.PYTHON_CELL_MAGICS:
            return None  # a cell of another language: comments in our module
        return [ast.Pass(), *python_of(self.shell, body).body]

    def visit_Assign(self, node: ast.Assign):
        if _is_ipython_call(node.value):
            node.value = ast.Constant(None)
        return node


def python_of(shell: InteractiveShell, source: str) -> ast.Module:
    """What IPython runs for the cell ``source``, IPython's calls neutralised; SyntaxError if it is not Python."""
    tree = ast.parse(shell.transform_cell(source))
    return ast.fix_missing_locations(_Neutral(shell).visit(tree))


def ours(shell: InteractiveShell, source: str) -> ast.Module:
    """Our module of the cell, a ``get_ipython()`` call the user wrote read the same way."""
    module = "".join(line + "\n" for line in reader.neutralise(lines_of(source)))  # as the module joins them
    return _Neutral(shell).visit(ast.parse(module))


def same_python(shell: InteractiveShell, source: str) -> None:
    try:
        expected = ast.dump(python_of(shell, source))
    except SyntaxError:
        with pytest.raises(SyntaxError):
            ours(shell, source)
        return
    assert ast.dump(ours(shell, source)) == expected


CORPUS = pytest.mark.parametrize("source", list(CELLS.values()), ids=list(CELLS))


@CORPUS
def test_both_readers_record_the_same_cell(source):
    lines = lines_of(source)
    traced = with_ipython.transform(lines, transform.ipython_transformer())
    assert traced is not None, "IPython's steps could not be traced"
    assert traced == fallback.transform(lines)


@CORPUS
def test_our_module_is_the_python_ipython_runs(shell, source, ipython_path):
    same_python(shell, source)


def test_the_trace_ends_where_ipython_ends():
    """The step-by-step run is IPython's ``transform_cell``: its Python lines, and one line per construct."""
    manager = transform.ipython_transformer()
    for name, source in CELLS.items():
        lines = lines_of(source)
        static = with_ipython.transform(lines, manager) if lines else None
        if static is None or static.magic is not None:
            continue
        firsts = {special.first for special in static.specials}
        expected = [
            text if text is not None else None
            for i, text in enumerate(static.code)
            if i >= static.start and (text is not None or i in firsts)
        ]
        produced = manager.transform_cell(source).splitlines()
        assert len(produced) == len(expected), name
        for text, line in zip(expected, produced):
            assert line == text if text is not None else line != "", name


# -- a property: cells made of real lines, in any order -----------------------------------------

#: Pieces of lines that combine into the odd shapes: a command continued into Python, brackets left open...
PIECES = [
    "a = \\",
    "  !ls",
    "x = (",
    "%time \\",
    "  y",
    '"""',
    "??",
    "?",
    "!",
    "%",
    "x = %",
    "def g():",
    "    return 1",
    "#",
    "x = y?",
    "   ...: z",
    "))",
    "x = !",
    "pip",
    "!ls {d} \\",
    "\\",
]
LINES = sorted({line for source in CELLS.values() for line in lines_of(source)} | set(PIECES))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=6), st.sampled_from(["", " ", "  ", "\t"]))
def test_any_cell_of_real_lines_reads_alike_and_as_ipython_runs_it(shell, cell_lines, indent):
    source = "\n".join(indent + line if line else line for line in cell_lines)
    lines = lines_of(source)
    manager = transform.ipython_transformer()
    traced = with_ipython.transform(lines, manager)
    if traced is None:  # only where IPython itself fails on the cell; the fallback then reads it
        with pytest.raises(Exception):  # noqa: B017  # whatever IPython raises
            manager.transform_cell(source)
        return
    same_python(shell, source)
    if traced != fallback.transform(lines):
        # Only after a bracket closed and never opened, where Python 3.11 tokenizes spaces as tokens;
        # such a cell is not Python, and both readers say so.
        assert closes_unopened(source)
        with pytest.raises(SyntaxError):
            ours(shell, source)


def closes_unopened(source: str) -> bool:
    """Whether a bracket is closed that was never opened (the cell is not Python, whatever IPython makes of it)."""
    depth = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(source + "\n").readline):
            if token.type == tokenize.OP and token.string in "([{":
                depth += 1
            elif token.type == tokenize.OP and token.string in ")]}":
                depth -= 1
                if depth < 0:
                    return True
    except (tokenize.TokenError, SyntaxError):
        pass
    return False


# -- automagic ----------------------------------------------------------------------------------


def module_of(*sources: str) -> str:
    cells = [{"cell_type": "code", "source": source} for source in sources]
    return reader.parse(json.dumps({"cells": cells})).to_module().source


def test_a_name_bound_by_an_earlier_cell_is_python(shell, ipython_path):
    assert module_of("ls = ['a']", "ls") == "ls = ['a']\nls\n"
    assert module_of("ls") == f"{reader.MAGIC_LINE}\n"
    shell.user_ns["ls"] = ["a"]
    try:
        assert shell.transform_cell("ls") == "ls\n"  # what IPython does, with ``ls`` in its namespace
    finally:
        del shell.user_ns["ls"]


@pytest.mark.parametrize(
    ("binding", "name"),
    [
        ("import pwd", "pwd"),
        ("from os import path as cd", "cd"),
        ("def cat(x):\n    return x", "cat"),
        ("for mkdir in []:\n    pass", "mkdir"),
        ("class rm:\n    pass", "rm"),
        ("with open(f) as cp:\n    pass", "cp"),
        ("try:\n    pass\nexcept OSError as mv:\n    pass", "mv"),
        ("def f():\n    global ll\n    ll = 1", "ll"),
        ("if x:\n    (pip := 1)", "pip"),
        ("ls = [", "ls"),
    ],  # a cell that does not parse: any name in it
)
def test_every_kind_of_binding_shadows_a_magic(binding, name, ipython_path):
    assert module_of(binding, f"{name} x").endswith(f"\n{name} x\n")


def test_a_name_bound_only_inside_a_function_does_not_shadow(ipython_path):
    assert module_of("def f():\n    ls = 1", "ls ./data").endswith(f"{reader.MAGIC_LINE}\n")


def test_a_later_cell_does_not_shadow(ipython_path):
    assert module_of("ls ./data", "ls = 1").startswith(f"{reader.MAGIC_LINE}\n")


def test_a_name_that_is_no_magic_is_left_to_python(ipython_path):
    assert module_of("print x") == "print x\n"


def test_cell_magics_nested_deeply_are_no_recursion_error(ipython_path):
    lines = reader.neutralise(["%%time"] * 2000 + ["x = 1"])
    assert len(lines) == 2001 and lines[0] == reader.MAGIC_LINE


def test_our_automagic_names_are_ipython_line_magics(shell):
    assert set(shell.magics_manager.magics["line"]) >= transform.AUTOMAGICS


# -- lines and columns ----------------------------------------------------------------------------


def test_line_mapping(ipython_path):
    nb = reader.parse(
        json.dumps(
            {
                "cells": [
                    {"cell_type": "markdown", "source": "# title"},
                    {
                        "cell_type": "code",
                        "source": "!pip install tensorflow==2.15.1 \\\n  tensorflow-hub==0.15.0\n"
                        "import tensorflow_hub as hub",
                    },
                    {"cell_type": "code", "source": "  import os\n  m = hub.Module(h)"},
                ]
            }
        )
    )
    module = nb.to_module()
    assert module.source.split("\n")[:5] == [
        reader.MAGIC_LINE,
        "",
        "import tensorflow_hub as hub",
        "import os",
        "m = hub.Module(h)",
    ]
    assert module.locate(3) == (2, 3) and module.locate(5) == (3, 2)
    assert module.column(5, 4) == 6  # ``hub`` of ``m = hub.Module`` is at column 6 of the indented cell
    assert module.column(3, 7) == 7

"""Reading a notebook, neutralising IPython syntax line for line, and finding a line in the .ipynb file."""

from __future__ import annotations

import json
import re

import pytest

from pylint_hubcompat.notebooks import reader as notebooks
from pylint_hubcompat.notebooks.reader import MAGIC_LINE, NotebookError, neutralise
from tests.notebooks.conftest import PINNED, TUTORIAL_BEFORE, code, markdown, notebook, write_notebook


def test_code_cells_become_one_module_line_for_line():
    nb = notebooks.parse(json.dumps(notebook(*TUTORIAL_BEFORE), indent=1))
    module = nb.to_module()
    lines = module.source.splitlines()
    assert len(lines) == len(module.origins) == sum(len(c.lines) for c in nb.code_cells)
    assert lines[: 2] == [MAGIC_LINE, MAGIC_LINE]  # the two !pip lines of cell 2
    assert module.locate(3) == (3, 1) and lines[2] == "import os"
    # every module line is the line of its cell (magics aside)
    for text, (number, line) in zip(lines, module.origins):
        original = nb.cell(number).lines[line - 1]
        assert text == original or text.strip().startswith(("pass  # IPython", "#"))
    assert [c.number for c in nb.code_cells] == [2, 3, 5, 6, 8, 9, 10]  # numbered among all cells
    compile(module.source, "tutorial.ipynb", "exec")


def test_outside_the_cells_is_nowhere():
    module = notebooks.parse(json.dumps(notebook(*PINNED))).to_module()
    assert module.locate(0) is None and module.locate(None) is None and module.locate(99) is None
    last = len(module.origins)
    assert module.locate(last + 1) == (module.origins[-1][0], module.origins[-1][1] + 1)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("!pip install tensorflow-hub", MAGIC_LINE),
        ("%pip install -q 'tensorflow-hub<0.16'", MAGIC_LINE),
        ("%env TF_USE_LEGACY_KERAS=1", MAGIC_LINE),
        ("%tensorflow_version 1.x", MAGIC_LINE),
        ("hub.KerasLayer?", MAGIC_LINE),
        ("??hub.load", MAGIC_LINE),
        ("    !echo {x}", MAGIC_LINE),  # a cell indented as a whole is dedented, as IPython does
        ("files = !ls", "files = None  # IPython"),
        ("t = %timeit -o f()", "t = None  # IPython"),
        ("x = a % b", "x = a % b"),
        ("print('why?')", "print('why?')"),
        ("# is this a question?", "# is this a question?"),
    ],
)
def test_magics_are_neutralised_in_place(line, expected):
    assert neutralise([line]) == [expected]


def test_only_where_a_statement_starts():
    lines = ["text = '''", "!not a shell line", "%not a magic", "'''", "call(", "    %s", ")", "x = 1 + \\", "!y"]
    assert neutralise(lines) == lines


def test_loop_body_stays_a_body():
    result = neutralise(["for name in names:", "    !pip install {name}", "print('done')"])
    compile("\n".join(result), "cell", "exec")


@pytest.mark.parametrize("magic", ["%%bash", "%%writefile train.py", "%%html", "%%capture_not_python"])
def test_a_cell_magic_of_another_language_becomes_comments(magic):
    result = neutralise([magic, "import tensorflow_hub as hub", "hub.Module('x')"])
    assert len(result) == 3 and all(line.startswith("#") for line in result)


@pytest.mark.parametrize("magic", ["%%time", "%%timeit -n 3", "%%capture output"])
def test_a_python_cell_magic_keeps_its_body(magic):
    assert neutralise([magic, "model.fit(x)"]) == [MAGIC_LINE, "model.fit(x)"]


def test_file_positions_point_into_the_json(tmp_path):
    path = write_notebook(tmp_path / "pinned.ipynb", *PINNED)
    nb = notebooks.read(path)
    raw = path.read_text().splitlines()
    line, column = nb.file_position(3, 4, 9)
    assert raw[line - 1][column:].startswith('hub.Module(\\"https://tfhub.dev')
    # a string source (not a list) and escapes before the column
    nb = notebooks.parse(json.dumps({"cells": [{"cell_type": "code", "source": 'a = "\\u00e9"\nb = hub.load(x)'}]}))
    line, column = nb.file_position(1, 2, 4)
    assert line == 1 and json.dumps({"cells": [{"cell_type": "code", "source": 'a = "\\u00e9"\nb = hub.load(x)'}]})[column:].startswith("hub.load")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"cells": [', "invalid JSON"),
        ("[1, 2]", "not an object"),
        ('{"metadata": {}}', 'no "cells" list'),
        ("", "invalid JSON"),
    ],
)
def test_not_a_notebook(tmp_path, text, reason):
    path = tmp_path / "bad.ipynb"
    path.write_text(text)
    with pytest.raises(NotebookError, match=reason):
        notebooks.read(path)


def test_not_utf8_and_missing(tmp_path):
    path = tmp_path / "latin.ipynb"
    path.write_bytes(b'{"cells": ["\xe9"]}')
    with pytest.raises(NotebookError, match="not UTF-8"):
        notebooks.read(path)
    with pytest.raises(NotebookError, match="cannot read: No such file"):
        notebooks.read(tmp_path / "missing.ipynb")


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (["import tensorflow_hub as hub"], "cell 1 is not an object"),
        ([code("x = 1"), {"cell_type": "code", "source": 3}], "the source of cell 2 is not text"),
        ([{"cell_type": "code", "source": None}], "the source of cell 1 is not text"),
        ([{"cell_type": "code", "source": ["x = 1\n", 2]}], "the source of cell 1 is not text"),
    ],
)
def test_cells_that_are_not_cells_make_it_no_notebook_like_missing_cells(cells, reason):
    with pytest.raises(NotebookError, match=re.escape(f"not a Jupyter notebook ({reason})")):
        notebooks.parse(json.dumps({"cells": cells}))


def test_a_cell_without_source_is_an_empty_cell():
    nb = notebooks.parse(json.dumps({"cells": [{"cell_type": "code"}, code("x = 1")]}))
    assert nb.to_module().source == "x = 1\n"


def test_a_notebook_over_the_size_cap_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(notebooks.reading, "MAX_SOURCE_BYTES", 1024)
    path = tmp_path / "outputs.ipynb"
    path.write_text(json.dumps({"cells": [code("x = 1")], "outputs": "A" * 2048}))
    with pytest.raises(NotebookError, match="2 KiB is more than the 1 KiB"):
        notebooks.read(path)


def test_empty_notebook():
    nb = notebooks.parse(json.dumps(notebook()))
    assert nb.to_module().source == "" and nb.is_python


@pytest.mark.parametrize(
    ("metadata", "python"),
    [
        ({}, True),
        ({"kernelspec": {"name": "tf2-gpu", "language": "python"}}, True),
        ({"language_info": {"name": "python", "version": "3.11"}}, True),
        ({"kernelspec": {"name": "ir", "language": "R"}}, False),
        ({"language_info": {"name": "julia"}}, False),
    ],
)
def test_kernel_language(metadata, python):
    assert notebooks.parse(json.dumps(notebook(code("x = 1"), metadata=metadata))).is_python is python


def test_nbformat_three():
    data = {"nbformat": 3, "metadata": {"language": "python"},
            "worksheets": [{"cells": [markdown("# v3"), {"cell_type": "code", "input": ["import tensorflow\n", "x = 1"]}]}]}
    nb = notebooks.parse(json.dumps(data, indent=1))
    assert nb.to_module().source == "import tensorflow\nx = 1\n"
    assert nb.file_position(2, 2) is not None

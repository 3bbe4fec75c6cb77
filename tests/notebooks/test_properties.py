"""Whatever a notebook holds: one module line per cell line, and never an exception but NotebookError."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from pylint_hubcompat.notebooks import pins as notebook_pins, reader as notebooks

LINE = st.text(alphabet=st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs",)), max_size=40)
IPYTHONISH = st.sampled_from(["!pip install tensorflow==2.15.1", "%%bash", "%%time", "x = '''", "'''", "hub.load?", "    !ls",
                              "for a in b:", "files = !ls", "(", ")", "\\", "%env TF_USE_LEGACY_KERAS=1", "import tensorflow"])
CELL_LINES = st.lists(st.one_of(LINE, IPYTHONISH), max_size=12)


@settings(max_examples=200, deadline=None)
@given(CELL_LINES)
def test_one_line_for_one_line(lines):
    assert len(notebooks.neutralise(lines)) == len(lines)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["code", "markdown", "raw"]), CELL_LINES), max_size=6), st.sampled_from([None, 1, 2]))
def test_every_module_line_has_its_cell_and_its_place_in_the_file(cells, indent):
    data = {"cells": [{"cell_type": kind, "source": [line + "\n" for line in lines]} for kind, lines in cells]}
    text = json.dumps(data, indent=indent)
    nb = notebooks.parse(text)
    module = nb.to_module()
    assert len(module.source.split("\n")) - 1 == len(module.origins) == sum(len(l) for k, l in cells if k == "code")
    raw_lines = text.split("\n")
    for number, line in module.origins:
        position = nb.file_position(number, line)
        assert position is not None
        assert raw_lines[position[0] - 1][position[1] - 1] == '"'  # the line starts its JSON string
    notebook_pins.pins_of(nb)


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["cells", "source", "cell_type", "metadata", "worksheets", "input"]), inner, max_size=4),
                    max_leaves=20))
def test_any_json_is_a_notebook_or_a_notebook_error(data):
    try:
        nb = notebooks.parse(json.dumps(data))
    except notebooks.NotebookError:
        return
    nb.to_module()
    notebook_pins.pins_of(nb)

"""Fixes made to notebooks: module edits land in their cells, and nothing else of the .ipynb changes.

The notebooks are written here in the shape of the public TF Hub tutorials as Colab and
Jupyter save them (nbformat 4, ``indent=1``, cell ids, outputs with images and text,
Colab metadata).  Such a file is its own oracle: the edited file must be exactly what
the same writer gives for the notebook with the new sources, byte for byte.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from pylint_hubcompat.files import text_edits
from pylint_hubcompat.files.text_edits import Edit
from pylint_hubcompat.notebooks import editing, reader
from pylint_hubcompat.notebooks.editing import NotebookEditError

HANDLE = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4"
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
COLAB_METADATA = {
    "accelerator": "GPU",
    "colab": {"name": "image_feature_vector.ipynb", "provenance": [], "toc_visible": True},
    "kernelspec": {"display_name": "Python 3", "name": "python3"},
    "language_info": {"name": "python"},
}


def lines(source: str) -> list[str]:
    """A source as nbformat writes it: one string per line, each ending in a newline but the last."""
    if not source:
        return []
    parts = source.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def markdown(cell_id: str, source: str) -> dict:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {"id": cell_id}, "source": lines(source)}


def code(cell_id: str, source: str | list[str], count: int | None = None, outputs: tuple[dict, ...] = ()) -> dict:
    return {
        "cell_type": "code",
        "execution_count": count,
        "id": cell_id,
        "metadata": {"id": cell_id, "colab": {"base_uri": "https://localhost:8080/"}},
        "outputs": list(outputs),
        "source": lines(source) if isinstance(source, str) else source,
    }


STREAM = {"name": "stdout", "output_type": "stream", "text": ["Version:  2.15.0\n", "Hub version:  0.15.0\n"]}
SUMMARY = {
    "data": {
        "text/plain": ['Model: "sequential"\n', "_________________________________________________________________\n"]
    },
    "execution_count": 5,
    "metadata": {},
    "output_type": "execute_result",
}
IMAGE = {
    "data": {"image/png": PNG, "text/plain": ["<Figure size 640x480 with 1 Axes>"]},
    "metadata": {"needs_background": "light"},
    "output_type": "display_data",
}

# "Transfer learning with a TF Hub image feature vector", in its shape: cells numbered from 1, markdown included.
TUTORIAL = (
    markdown("md-title", "# Classify flowers with a TF Hub feature vector\n\nA Keras model on top of MobileNet V2."),
    code("pip-cell", "!pip install -q tensorflow-hub", 1),  # cell 2
    code(  # cell 3
        "imports",
        "%matplotlib inline\nimport matplotlib.pyplot as plt\nimport numpy as np\n\nimport tensorflow as tf\n"
        'import tensorflow_hub as hub\n\nprint("Version: ", tf.__version__)\nprint("Hub version: ", hub.__version__)',
        2,
        (STREAM,),
    ),
    markdown("md-model", "## Build the model"),
    code(  # cell 5
        "extractor",
        f'handle = "{HANDLE}"\nfeature_extractor = hub.KerasLayer(handle, input_shape=(224, 224, 3), trainable=False)',
        3,
    ),
    code(  # cell 6
        "model",
        "model = tf.keras.Sequential([\n    feature_extractor,\n    tf.keras.layers.Dense(5)\n])\n\nmodel.summary()",
        5,
        (SUMMARY,),
    ),
    code("show", 'plt.imshow(image)\nplt.title("daisy")', 6, (IMAGE,)),  # cell 7
)


def notebook(*cells: dict, metadata: dict | None = None) -> dict:
    return {
        "cells": list(cells),
        "metadata": COLAB_METADATA if metadata is None else metadata,
        "nbformat": 4,
        "nbformat_minor": 0,
    }


def dumps(nb: dict, *, ensure_ascii: bool = False, newline: str = "\n") -> str:
    """The .ipynb text as Jupyter and Colab write it (json.dumps, indent=1, a final newline)."""
    return json.dumps(nb, indent=1, ensure_ascii=ensure_ascii).replace("\n", newline) + newline


def with_sources(nb: dict, **sources: str) -> dict:
    """The notebook with new sources, by cell id, as nbformat would hold them."""
    new = copy.deepcopy(nb)
    for cell in new["cells"]:
        if cell["id"] in sources:
            cell["source"] = lines(sources[cell["id"]])
    return new


def at(text: str, cell: int, line: int, column: int = 0) -> tuple[int, int]:
    """The module position of a cell's (1-based) line and column: where a fixer's edit would say it is."""
    module = reader.parse(text).to_module()
    return module.origins.index((cell, line)) + 1, column


def insert(text: str, cell: int, line: int, new: str) -> Edit:
    position = at(text, cell, line)
    return Edit(position, position, new)


def end_of_module(text: str) -> tuple[int, int]:
    return len(reader.parse(text).to_module().origins) + 1, 0


def cell_lines(text: str, number: int) -> list[str]:
    return list(reader.parse(text).cell(number).lines)


def split_sources(text: str) -> tuple[list[str], list[str]]:
    """The file cut at its ``"source"`` values: the text between them, and each value's raw JSON."""
    decoder = json.JSONDecoder()
    outside, sources, done = [], [], 0
    for match in re.finditer(r'"source": ', text):
        _, end = decoder.raw_decode(text, match.end())
        outside.append(text[done : match.end()])
        sources.append(text[match.end() : end])
        done = end
    outside.append(text[done:])
    return outside, sources


def assert_only_sources_changed(before: str, after: str, changed: set[int]) -> None:
    """Byte for byte: the text outside the sources, and each source of a cell not in ``changed`` (numbers)."""
    outside_before, sources_before = split_sources(before)
    outside_after, sources_after = split_sources(after)
    assert outside_after == outside_before
    for number, (old, new) in enumerate(zip(sources_before, sources_after, strict=True), start=1):
        assert (old != new) == (number in changed), number


# -- the tutorial's fixes ----------------------------------------------------------------


def test_a_line_inserted_at_the_top_of_a_cell_goes_before_its_first_line():
    nb = notebook(*TUTORIAL)
    text = dumps(nb)
    setting = 'import os\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\n'
    result = editing.apply(text, [insert(text, 5, 1, setting)], "image.ipynb")
    assert result == dumps(with_sources(nb, extractor=setting + "".join(TUTORIAL[4]["source"])))
    assert_only_sources_changed(text, result, {5})
    assert cell_lines(result, 5)[:3] == ["import os", 'os.environ["TF_USE_LEGACY_KERAS"] = "1"', f'handle = "{HANDLE}"']


def test_edits_in_two_cells_are_made_in_each():
    nb = notebook(*TUTORIAL)
    text = dumps(nb)
    after_hub = (at(text, 3, 6, len("import tensorflow_hub as hub")),) * 2
    sequential = at(text, 6, 1, len("model = "))
    dense = at(text, 6, 3, len("    "))
    edits = [
        Edit(*after_hub, "\nimport tf_keras"),
        Edit(sequential, (sequential[0], sequential[1] + len("tf.keras")), "tf_keras"),
        Edit(dense, (dense[0], dense[1] + len("tf.keras")), "tf_keras"),
    ]
    result = editing.apply(text, edits, "image.ipynb")
    imports = "".join(TUTORIAL[2]["source"]).replace("as hub\n", "as hub\nimport tf_keras\n")
    model = "".join(TUTORIAL[5]["source"]).replace("tf.keras", "tf_keras")
    assert result == dumps(with_sources(nb, imports=imports, model=model))
    assert_only_sources_changed(text, result, {3, 6})
    assert reader.parse(result).to_module().source == text_edits.apply(reader.parse(text).to_module().source, edits)


def test_a_line_appended_at_the_end_of_the_module_goes_into_the_last_code_cell():
    nb = notebook(*TUTORIAL)
    text = dumps(nb)
    end = end_of_module(text)
    result = editing.apply(text, [Edit(end, end, 'model.save("flowers.keras")\n')])
    assert result == dumps(with_sources(nb, show='plt.imshow(image)\nplt.title("daisy")\nmodel.save("flowers.keras")'))
    assert cell_lines(result, 7) == ["plt.imshow(image)", 'plt.title("daisy")', 'model.save("flowers.keras")']


def test_an_empty_last_cell_gains_its_lines_in_the_notebook_layout():
    nb = notebook(*TUTORIAL, code("empty", []))  # "source": [], as Colab saves a new cell
    text = dumps(nb)
    assert '"source": []' in text
    end = end_of_module(text)
    result = editing.apply(text, [Edit(end, end, 'model.save("flowers.keras")\nprint("saved")\n')])
    assert result == dumps(with_sources(nb, empty='model.save("flowers.keras")\nprint("saved")'))
    assert cell_lines(result, 8) == ['model.save("flowers.keras")', 'print("saved")']
    assert_only_sources_changed(text, result, {8})


def test_a_whole_line_deleted_at_the_end_of_a_cell_stays_out_of_the_next_cell():
    nb = notebook(*TUTORIAL)
    text = dumps(nb)
    last = at(text, 6, 6)  # model.summary(), the last line of cell 6
    result = editing.apply(text, [Edit(last, (last[0] + 1, 0), "")])
    assert cell_lines(result, 6)[-1] == ""
    assert cell_lines(result, 7) == cell_lines(text, 7)
    assert_only_sources_changed(text, result, {6})


def test_the_hub_keras_three_fix_is_made_in_the_cells(tmp_path: Path):
    """End to end: ``hubcompat fix --unsafe-fixes`` on the tutorial, then a clean lint."""
    from pylint_hubcompat.cli import fix  # the lead's entry point; this helper is the one place that knows it

    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "0"\ndependencies = ["tensorflow>=2.16", "tensorflow-hub>=0.16"]\n'
    )
    path = project / "image.ipynb"
    path.write_text(dumps(notebook(*TUTORIAL)), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    outcome = fix.fix(fix.Session([], [str(path)]), fix.Choice(unsafe=True))
    after = outcome.files[str(path)].text
    assert outcome.remaining == ()
    assert_only_sources_changed(before, after, {3})
    assert 'os.environ["TF_USE_LEGACY_KERAS"] = "1"' in cell_lines(after, 3)
    path.write_text(after, encoding="utf-8")
    assert fix.Session([], [str(path)]).first.messages == ()


# -- IPython syntax is never edited --------------------------------------------------------


def test_an_edit_of_a_magic_line_is_refused_and_another_line_of_its_cell_is_edited():
    text = dumps(notebook(*TUTORIAL))
    magic = at(text, 3, 1)  # %matplotlib inline, "pass  # IPython" in the module
    with pytest.raises(NotebookEditError, match=r"image\.ipynb:cell 3:1: the line is IPython syntax"):
        editing.apply(text, [Edit(magic, (magic[0], 4), "")], "image.ipynb")
    numpy = at(text, 3, 3, len("import "))
    result = editing.apply(text, [Edit(numpy, (numpy[0], numpy[1] + len("numpy")), "numpy.typing")])
    assert cell_lines(result, 3)[:3] == [
        "%matplotlib inline",
        "import matplotlib.pyplot as plt",
        "import numpy.typing as np",
    ]


def test_lines_go_before_a_command_line_which_stays_as_it_was():
    nb = notebook(*TUTORIAL)
    text = dumps(nb)
    result = editing.apply(text, [insert(text, 2, 1, "import os\n"), insert(text, 3, 1, "import sys\n")])
    assert result == dumps(
        with_sources(
            nb,
            **{"pip-cell": "import os\n!pip install -q tensorflow-hub"},
            imports="import sys\n" + "".join(TUTORIAL[2]["source"]),
        )
    )


def test_the_pip_command_itself_is_refused():
    text = dumps(notebook(*TUTORIAL))
    pip = at(text, 2, 1)
    with pytest.raises(NotebookEditError, match=r"cell 2:1: .*'!pip install -q tensorflow-hub'"):
        editing.apply(text, [Edit(pip, (pip[0], 15), "import tensorflow_hub")])


IPYTHON_CELLS = {
    "a continued command": ("!pip install -q \\\n    tensorflow-hub\nimport tensorflow_hub as hub", 2),
    "a captured command": ("files = !ls flowers\nprint(files)", 1),
    "a bash cell": ("%%bash\npip install -q tensorflow-hub\necho done", 2),
    "a help line": ("hub.KerasLayer?\nprint(1)", 1),
}


@pytest.mark.parametrize("source, line", IPYTHON_CELLS.values(), ids=IPYTHON_CELLS.keys())
def test_lines_ipython_reads_are_not_edited(source, line):
    text = dumps(notebook(code("c", source)))
    start = at(text, 1, line)
    with pytest.raises(NotebookEditError, match=r"cell 1:\d: "):
        editing.apply(text, [Edit(start, (start[0], 1), "x")])


def test_nothing_goes_inside_a_command_or_before_a_cell_magic():
    text = dumps(
        notebook(code("pip", "!pip install -q \\\n    tensorflow-hub"), code("timed", "%%time\nmodel.fit(x, y)"))
    )
    with pytest.raises(NotebookEditError, match=r"cell 1:2: nothing can go before this line"):
        editing.apply(text, [insert(text, 1, 2, "import os\n")])
    with pytest.raises(NotebookEditError, match=r"cell 2:1: nothing can go before this line"):
        editing.apply(text, [insert(text, 2, 1, "import os\n")])
    body = at(text, 2, 2)  # the body of %%time is Python: it is edited
    result = editing.apply(text, [Edit(body, (body[0], len("model.fit")), "history = model.fit")])
    assert cell_lines(result, 2) == ["%%time", "history = model.fit(x, y)"]


def test_nothing_is_appended_to_a_last_cell_in_another_language():
    text = dumps(notebook(code("py", "import tensorflow as tf"), code("sh", "%%bash\nls flowers")))
    end = end_of_module(text)
    with pytest.raises(NotebookEditError, match=r"cell 2: the cell is not Python"):
        editing.apply(text, [Edit(end, end, "print(tf.__version__)\n")])


def test_an_edit_spanning_two_cells_is_refused():
    text = dumps(notebook(*TUTORIAL))
    with pytest.raises(NotebookEditError, match=r"cell 5:2: the edit spans two cells"):
        editing.apply(text, [Edit(at(text, 5, 2, 4), at(text, 6, 1, 3), "")])


#: Every shape of cell at once: the tutorial, a pasted indented cell, doctest prompts, commands, cell magics.
SWEEP = (
    *TUTORIAL,
    code("dedented", "    x = 1\n    \n    if x:\n        y = 2"),  # cell 8
    code("prompts", ">>> import tensorflow_hub as hub\n>>> layer = hub.KerasLayer(\n...     handle)"),  # cell 9
    code("commands", "files = !ls\n!pip install \\\n   tensorflow-hub\nx = 1"),  # cell 10
    code("timed", "%%time\nx = 1\n!ls"),  # cell 11
    code("bash", "%%bash\necho hi"),  # cell 12
)
#: The lines IPython reads: the magics, the commands (continuation included), the cell magics and %%bash's body.
IPYTHON_LINES = [(2, 1), (3, 1), (10, 1), (10, 2), (10, 3), (11, 1), (11, 3), (12, 1), (12, 2)]


def sweep(make_edit) -> list[tuple[int, int]]:
    """Make ``make_edit(number, text)`` at each module line of SWEEP: the (cell, line) of those refused.

    Each edit made must read back as the edited module; each refusal must be one of
    IPython syntax, never the proof's failure.
    """
    text = dumps(notebook(*SWEEP))
    module = reader.parse(text).to_module()
    module_lines = module.source.split("\n")
    refused = []
    for number, origin in enumerate(module.origins, start=1):
        edit = make_edit(number, module_lines[number - 1])
        try:
            result = editing.apply(text, [edit])
        except NotebookEditError as exc:
            assert re.search(r"IPython syntax|nothing can go before", str(exc)), exc
            refused.append(origin)
            continue
        assert reader.parse(result).to_module().source == text_edits.apply(module.source, [edit])
    return refused


def test_a_line_goes_before_any_line_but_inside_a_command_and_before_a_cell_magic(ipython_path):
    refused = sweep(lambda number, _: Edit((number, 0), (number, 0), "marker = 1\n"))
    assert refused == [(10, 3), (11, 1), (12, 1), (12, 2)]


def test_any_python_line_is_deleted_and_no_ipython_line(ipython_path):
    assert sweep(lambda number, _: Edit((number, 0), (number + 1, 0), "")) == IPYTHON_LINES


def test_any_python_line_is_rewritten_and_no_ipython_line(ipython_path):
    assert sweep(lambda number, line: Edit((number, 0), (number, len(line)), "marker = 1")) == IPYTHON_LINES


def test_a_line_goes_after_any_python_line_and_no_ipython_line(ipython_path):
    assert sweep(lambda number, line: Edit((number, len(line)), (number, len(line)), "\nmarker = 1")) == IPYTHON_LINES


# -- shifted cells: dedented, prompts ------------------------------------------------------


def test_a_dedented_cell_keeps_its_indentation(ipython_path):
    nb = notebook(
        code("pasted", "    model = tf.keras.Sequential([\n        feature_extractor,\n    ])\n    model.build()")
    )
    text = dumps(nb)
    assert reader.parse(text).to_module().shifts == (4, 4, 4, 4)
    sequential = at(text, 1, 1, len("model = "))  # columns of the module: the cell's minus its 4 spaces
    edits = [
        Edit(sequential, (1, sequential[1] + len("tf.keras")), "tf_keras"),
        insert(text, 1, 3, "    tf_keras.layers.Dense(5),\n"),
        Edit(at(text, 1, 4, len("model.build()")), at(text, 1, 4, len("model.build()")), "\nmodel.summary()"),
    ]
    result = editing.apply(text, edits)
    assert cell_lines(result, 1) == [
        "    model = tf_keras.Sequential([",
        "        feature_extractor,",
        "        tf_keras.layers.Dense(5),",
        "    ])",
        "    model.build()",
        "    model.summary()",
    ]
    assert reader.parse(result).to_module().source == text_edits.apply(reader.parse(text).to_module().source, edits)


def test_a_blank_line_of_spaces_takes_an_insertion_and_keeps_them():
    text = dumps(notebook(code("c", "import tensorflow as tf\n    \nprint(tf.__version__)")))
    result = editing.apply(text, [insert(text, 1, 2, "import tensorflow_hub as hub\n")])
    assert cell_lines(result, 1) == [
        "import tensorflow as tf",
        "import tensorflow_hub as hub",
        "    ",
        "print(tf.__version__)",
    ]


def test_a_prompted_cell_keeps_its_prompts(ipython_path):
    text = dumps(notebook(code("doctest", ">>> import tensorflow_hub as hub\n>>> layer = hub.KerasLayer(handle)")))
    assert reader.parse(text).to_module().shifts == (4, 4)
    call = at(text, 1, 2, len("layer = "))
    result = editing.apply(text, [Edit(call, (call[0], call[1] + len("hub.KerasLayer")), "hub.load")])
    assert cell_lines(result, 1) == [">>> import tensorflow_hub as hub", ">>> layer = hub.load(handle)"]


# -- the file's own layout -----------------------------------------------------------------


def test_a_single_string_source_stays_one_string():
    nb = notebook(code("old", "import tensorflow as tf\nimport tensorflow_hub as hub\n"))
    nb["cells"][0]["source"] = "import tensorflow as tf\nimport tensorflow_hub as hub\n"  # as old Jupyter wrote it
    text = dumps(nb)
    result = editing.apply(text, [insert(text, 1, 2, "import tf_keras\n")])
    expected = copy.deepcopy(nb)
    expected["cells"][0]["source"] = "import tensorflow as tf\nimport tf_keras\nimport tensorflow_hub as hub\n"
    assert result == dumps(expected)


def test_a_notebook_with_crlf_line_endings_keeps_them():
    nb = notebook(*TUTORIAL)
    text = dumps(nb, newline="\r\n")
    result = editing.apply(text, [insert(text, 5, 1, "import os\n")])
    assert result == dumps(with_sources(nb, extractor="import os\n" + "".join(TUTORIAL[4]["source"])), newline="\r\n")
    assert "\n" not in result.replace("\r\n", "")


def test_a_source_whose_lines_end_in_crlf_keeps_them():
    nb = notebook(code("windows", ["import tensorflow as tf\r\n", "import tensorflow_hub as hub"]))
    text = dumps(nb)
    end = end_of_module(text)
    result = editing.apply(text, [Edit(end, end, "import tf_keras\n")])
    assert json.loads(result)["cells"][0]["source"] == [
        "import tensorflow as tf\r\n",
        "import tensorflow_hub as hub\r\n",
        "import tf_keras",
    ]


@pytest.mark.parametrize("ensure_ascii", [False, True], ids=["utf-8", "escaped"])
def test_non_ascii_text_is_written_as_the_file_writes_it(ensure_ascii):
    nb = notebook(code("show", 'plt.title("Prédiction : pâquerette 🌼")\nplt.show()'))
    text = dumps(nb, ensure_ascii=ensure_ascii)
    end = end_of_module(text)
    result = editing.apply(text, [Edit(end, end, 'print("Terminé ✅")\n')])
    new = 'plt.title("Prédiction : pâquerette 🌼")\nplt.show()\nprint("Terminé ✅")'
    assert result == dumps(with_sources(nb, show=new), ensure_ascii=ensure_ascii)
    assert ("Terminé" in result) != ensure_ascii


def test_unchanged_lines_keep_their_raw_json_text():
    nb = notebook(code("c", 'url = "https://tfhub.dev/x"\nprint("é")'))
    text = dumps(nb).replace("https://tfhub.dev/x", "https:\\/\\/tfhub.dev\\/x").replace('\\"é\\"', '\\"\\u00e9\\"')
    assert json.loads(text) == nb
    end = end_of_module(text)
    result = editing.apply(text, [Edit(end, end, "print(url)\n")])
    assert '"url = \\"https:\\/\\/tfhub.dev\\/x\\"\\n",' in result
    assert '"print(\\"\\u00e9\\")\\n",' in result  # the last line gained its newline, its text as it was
    assert_only_sources_changed(text, result, {1})


def test_a_notebook_with_nan_in_its_outputs_is_still_proven_unchanged():
    nb = notebook(
        code(
            "c",
            "import numpy as np\nnp.nan",
            1,
            (
                {
                    "data": {"text/plain": ["nan"]},
                    "execution_count": 1,
                    "metadata": {"score": float("nan")},
                    "output_type": "execute_result",
                },
            ),
        )
    )
    text = dumps(nb)
    assert "NaN" in text
    result = editing.apply(text, [insert(text, 1, 2, "x = 1\n")])
    assert cell_lines(result, 1) == ["import numpy as np", "x = 1", "np.nan"]


def test_an_nbformat_3_notebook_is_edited_in_its_input():
    nb = {
        "metadata": {"name": "old"},
        "nbformat": 3,
        "nbformat_minor": 0,
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "markdown", "metadata": {}, "source": ["# Old"]},
                    {
                        "cell_type": "code",
                        "collapsed": False,
                        "input": ["import tensorflow_hub as hub"],
                        "language": "python",
                        "metadata": {},
                        "outputs": [],
                    },
                ],
                "metadata": {},
            }
        ],
    }
    text = dumps(nb)
    result = editing.apply(text, [insert(text, 2, 1, "import tensorflow as tf\n")])
    assert json.loads(result)["worksheets"][0]["cells"][1]["input"] == [
        "import tensorflow as tf\n",
        "import tensorflow_hub as hub",
    ]


# -- the proof -----------------------------------------------------------------------------


def test_an_edit_that_would_change_how_ipython_reads_the_cell_is_refused():
    """``pip install x`` alone in a cell is IPython's automagic; with a second line it is Python, and wrong."""
    text = dumps(notebook(code("auto", "pip install -q tensorflow-hub"), code("py", "import tensorflow_hub as hub")))
    assert reader.parse(text).to_module().source.startswith(reader.MAGIC_LINE)
    with pytest.raises(NotebookEditError, match="would not read as the fixed code"):
        editing.apply(text, [insert(text, 1, 1, "import os\n")])


def test_a_notebook_changed_outside_its_sources_is_never_returned(monkeypatch):
    text = dumps(notebook(*TUTORIAL))
    write = editing._write  # pylint: disable=protected-access

    def buggy(text: str, sources: dict) -> str:  # a bug that touched an output
        return write(text, sources).replace("Hub version:", "Hub release:")

    monkeypatch.setattr(editing, "_write", buggy)
    with pytest.raises(NotebookEditError, match="changed outside the edited sources"):
        editing.apply(text, [insert(text, 5, 1, "import os\n")])


# -- what apply does not do ----------------------------------------------------------------


def test_no_edit_leaves_the_text_as_it_was():
    text = dumps(notebook(*TUTORIAL))
    assert editing.apply(text, []) == text
    same = at(text, 3, 3, len("import "))
    assert editing.apply(text, [Edit(same, (same[0], same[1] + 5), "numpy")]) == text


def test_overlapping_edits_raise_overlap():
    text = dumps(notebook(*TUTORIAL))
    position = at(text, 5, 1)
    with pytest.raises(text_edits.Overlap):
        editing.apply(text, [Edit(position, position, "a = 1\n"), Edit(position, position, "b = 2\n")])


def test_an_edit_of_another_file_or_outside_the_module_is_refused():
    text = dumps(notebook(*TUTORIAL))
    with pytest.raises(NotebookEditError, match=r"pyproject\.toml"):
        editing.apply(text, [Edit((4, 38), (4, 38), "tf-keras", "pyproject.toml")])
    past = end_of_module(text)
    with pytest.raises(NotebookEditError, match="not a span of its code cells"):
        editing.apply(text, [Edit((past[0] + 1, 0), (past[0] + 1, 0), "x = 1\n")])


def test_a_byte_order_mark_stays():
    nb = notebook(*TUTORIAL)
    text = "\ufeff" + dumps(nb)
    result = editing.apply(text, [insert(text[1:], 5, 1, "import os\n")])
    assert result == "\ufeff" + dumps(with_sources(nb, extractor="import os\n" + "".join(TUTORIAL[4]["source"])))


def test_a_code_cell_without_a_source_is_not_edited():
    nb = notebook(code("py", "import tensorflow as tf"), {"cell_type": "code", "metadata": {}, "outputs": []})
    text = dumps(nb)
    end = end_of_module(text)
    with pytest.raises(NotebookEditError, match="cell 2: the cell has no source"):
        editing.apply(text, [Edit(end, end, "x = 1\n")])


def test_a_file_that_is_not_a_notebook_is_refused():
    with pytest.raises(NotebookEditError, match="not a Jupyter notebook"):
        editing.apply("{", [Edit((1, 0), (1, 0), "x = 1\n")])


# -- per-cell diffs ------------------------------------------------------------------------


def test_cell_diffs_show_each_changed_cell_by_its_number():
    nb = notebook(*TUTORIAL)
    text = dumps(nb)
    result = editing.apply(
        text, [insert(text, 3, 5, "import tf_keras\n"), insert(text, 6, 1, "tf_keras.backend.clear_session()\n")]
    )
    assert editing.cell_diffs("notebooks/image.ipynb", text, result) == (
        "--- a/notebooks/image.ipynb:cell 3\n"
        "+++ b/notebooks/image.ipynb:cell 3\n"
        "@@ -2,6 +2,7 @@\n"
        " import matplotlib.pyplot as plt\n"
        " import numpy as np\n"
        " \n"
        "+import tf_keras\n"
        " import tensorflow as tf\n"
        " import tensorflow_hub as hub\n"
        " \n"
        "--- a/notebooks/image.ipynb:cell 6\n"
        "+++ b/notebooks/image.ipynb:cell 6\n"
        "@@ -1,3 +1,4 @@\n"
        "+tf_keras.backend.clear_session()\n"
        " model = tf.keras.Sequential([\n"
        "     feature_extractor,\n"
        "     tf.keras.layers.Dense(5)\n"
    )


def test_cell_diffs_of_an_unchanged_notebook_are_empty():
    text = dumps(notebook(*TUTORIAL))
    assert editing.cell_diffs("image.ipynb", text, text) == ""

"""``hubcompat check`` on notebooks in the shapes that were syntax errors of ours: IPython runs them.

Each test runs twice, reading cells with IPython's transformer and with the fallback
(the ``ipython_path`` fixture): the findings are the same.
"""

from __future__ import annotations

import re

from pylint_hubcompat.cli import check
from tests.notebooks.conftest import code, markdown, write_notebook

HUB_MODULE = 'import tensorflow_hub as hub\nm = hub.Module("https://tfhub.dev/google/nnlm-en-dim50/1")'
#: The message the pinned TF 2.15 target gives for hub.Module called eagerly.
HUB_MODULE_EAGER = re.compile(r"E\d{4}: .*\(hub-module-eager\)$")
PIN = code("!pip install tensorflow==2.15.1 \\\n  tensorflow-hub==0.15.0")


def findings(project, capsys, monkeypatch, *cells) -> list[str]:
    write_notebook(project / "nb.ipynb", *cells)
    monkeypatch.chdir(project)
    check.run(["nb.ipynb"])
    out, _ = capsys.readouterr()
    return [line for line in out.splitlines() if not line.startswith("*")]


def test_a_continued_pip_line_is_a_command_and_pins_the_notebook(project, capsys, monkeypatch, ipython_path):
    [finding] = findings(project, capsys, monkeypatch, markdown("m"), PIN, code(HUB_MODULE))
    assert finding.startswith("nb.ipynb:cell 3:2:4: ") and HUB_MODULE_EAGER.search(finding)
    assert "(nb.ipynb:cell 2)" in finding  # the target came from the continued pip line


def test_a_cell_indented_as_a_whole_is_read_dedented(project, capsys, monkeypatch, ipython_path):
    indented = code("  import tensorflow_hub as hub\n  m = hub.Module('https://tfhub.dev/google/nnlm-en-dim50/1')")
    [finding] = findings(project, capsys, monkeypatch, PIN, indented)
    # the column is the cell's: `hub.Module` starts after the two spaces IPython took off
    assert finding.startswith("nb.ipynb:cell 2:2:6: ") and HUB_MODULE_EAGER.search(finding)


def test_automagic_cells_are_commands(project, capsys, monkeypatch, ipython_path):
    cells = [
        code("ls ./data/train/"),
        code("cd /content"),
        code("mkdir -p ./exported"),
        code("pwd"),
        PIN,
        code(HUB_MODULE),
    ]
    [finding] = findings(project, capsys, monkeypatch, *cells)
    assert finding.startswith("nb.ipynb:cell 6:2:4: ") and HUB_MODULE_EAGER.search(finding)


def test_what_ipython_cannot_run_is_still_a_syntax_error(project, capsys, monkeypatch, ipython_path):
    cells = [PIN, code("x = 1\nls ./data/train/"), code(HUB_MODULE)]  # automagic is for single-line cells only
    [finding] = findings(project, capsys, monkeypatch, *cells)
    assert re.match(r"nb\.ipynb:cell 2:2:\d+: E0001: ", finding)


def test_a_name_of_the_notebook_is_python_not_automagic(project, capsys, monkeypatch, ipython_path):
    cells = [PIN, code("ls = ['a.txt']"), code("ls ./data"), code(HUB_MODULE)]
    [finding] = findings(project, capsys, monkeypatch, *cells)
    assert re.match(r"nb\.ipynb:cell 3:1:\d+: E0001: ", finding)  # ``ls ./data`` is Python there, and not valid


def test_a_switch_set_too_late_is_told_without_the_modules_line_numbers(project, capsys, monkeypatch, ipython_path):
    cells = [
        code("!pip install tensorflow==2.21.0 tensorflow-hub==0.16.1 tf-keras==2.21.0"),
        code("import tensorflow as tf\nimport tensorflow_hub as hub"),
        code('import os\nos.environ["TF_USE_LEGACY_KERAS"] = "1"'),
        code('model = tf.keras.Sequential([hub.KerasLayer("https://tfhub.dev/google/nnlm-en-dim50/2")])'),
    ]
    [finding] = findings(project, capsys, monkeypatch, *cells)
    assert finding.startswith("nb.ipynb:cell 4:1:")
    assert "TF_USE_LEGACY_KERAS is set after `import tensorflow_hub as hub`, too late to take effect." in finding
    assert " at line " not in finding

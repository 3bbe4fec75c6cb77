"""A notebook's own pins: !pip / %pip install lines and TF_USE_LEGACY_KERAS before TensorFlow is imported."""

from __future__ import annotations

import json

import pytest

from pylint_hubcompat.cli import main as cli
from pylint_hubcompat.notebooks import pins as notebook_pins, reader as notebooks
from pylint_hubcompat.target.detection import detect_target, find_root
from pylint_hubcompat.notebooks.pins import pip_pins
from pylint_hubcompat.plugin.options import Options
from pylint_hubcompat.plugin.targets import runs_on
from tests.notebooks.conftest import PINNED, TUTORIAL_LEGACY_KERAS, code, markdown, write_notebook


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("!pip install tensorflow==2.13.*", [("tensorflow", "==2.13.*")]),
        ('%pip install -q "tensorflow-hub<0.16"', [("tensorflow-hub", "<0.16")]),
        ("!pip install -U tf-keras", [("tf-keras", "")]),  # the newest that fits the rest
        ("!pip install --upgrade --quiet keras", [("keras", "")]),
        ("!pip install -q tensorflow-hub", []),  # bare: pip keeps what is installed
        ("!pip install tensorflow==2.15.1 tensorflow-hub==0.15.0", [("tensorflow", "==2.15.1"), ("tensorflow-hub", "==0.15.0")]),
        ("!python -m pip install 'tensorflow[and-cuda]>=2.15,<2.16'", [("tensorflow", "<2.16,>=2.15")]),
        ("!pip3 install tensorflow-cpu==2.12.0", [("tensorflow", "==2.12.0")]),
        ("!pip install tf-nightly", [("tensorflow", ">2.21.0")]),
        ("!pip install -r requirements.txt -c constraints.txt -i https://x/simple tensorflow-hub==0.16.1",
         [("tensorflow-hub", "==0.16.1")]),
        ("!pip install git+https://github.com/tensorflow/hub.git ./wheels/tensorflow-2.15.whl {pkg} $PKG", []),
        ("!pip install tensorflow-datasets numpy==1.26", []),
        ("!pip install 'tensorflow==' 'tensorflow-hub>>1'", []),  # not requirements: skipped
        ("!pip install 'unbalanced", []),
        ("!apt-get install -y foo && pip install tensorflow==2.14.1", [("tensorflow", "==2.14.1")]),
        ("!pip uninstall -y tensorflow==2.14.1", []),
        ("!pip download tensorflow==2.14.1", []),
        ("import tensorflow==2", []),
    ],
)
def test_pip_lines(line, expected):
    assert pip_pins(line) == expected


def pins(*cells):
    return notebook_pins.pins_of(notebooks.parse(json.dumps({"cells": list(cells)})))


def test_the_last_pin_wins_and_names_its_cell():
    found = pins(markdown("x"), code("!pip install tensorflow==2.12.1"), code("%pip install tensorflow==2.13.1"))
    assert [(p.distribution, p.specifier, p.cell) for p in found.pins] == [("tensorflow", "==2.13.1", 3)]


@pytest.mark.parametrize(
    ("cells", "cell"),
    [
        ((code('import os\nos.environ["TF_USE_LEGACY_KERAS"] = "1"'), code("import tensorflow as tf")), 1),
        ((markdown("m"), code("import os"), code('os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")\nimport tensorflow_hub')), 3),
        ((code("%env TF_USE_LEGACY_KERAS=1"), code("import tensorflow as tf")), 1),
        # `import tensorflow` alone does not read the switch: `import tensorflow_hub` does
        ((code("import tensorflow as tf"), code("%env TF_USE_LEGACY_KERAS=1"), code("import tensorflow_hub")), 2),
        ((code("import tensorflow as tf"), code('import os\nos.environ["TF_USE_LEGACY_KERAS"] = "1"')), 2),
        ((code("import tensorflow_hub as hub"), code('import os\nos.environ["TF_USE_LEGACY_KERAS"] = "1"')), None),
        ((code("import tensorflow as tf\nlayers = tf.keras.layers"), code("%env TF_USE_LEGACY_KERAS=1")), None),
        ((code("from tensorflow import keras"), code("%env TF_USE_LEGACY_KERAS=1"), code("keras.Sequential()")), 2),
        ((code("from tensorflow import keras\nkeras.layers"), code("%env TF_USE_LEGACY_KERAS=1")), None),
        ((code("import tensorflow.keras"), code("%env TF_USE_LEGACY_KERAS=1")), None),
        # a function body runs later, if ever
        ((code("import tensorflow as tf\ndef build():\n    return tf.keras.Sequential()"), code("%env TF_USE_LEGACY_KERAS=1")), 2),
        ((code('import os\nos.environ["TF_USE_LEGACY_KERAS"] = "0"'), code("import tensorflow")), None),
    ],
)
def test_legacy_keras_counts_only_before_tf_keras_is_first_used(cells, cell):
    assert pins(*cells).legacy_keras_cell == cell


def test_nbqa_temporary_file_stands_for_its_notebook(tmp_path):
    nb = write_notebook(tmp_path / "my_tutorial.ipynb", *PINNED)
    assert notebook_pins.notebook_for(tmp_path / "my_tutorialab12_x9z_nbqa_ipynb.py") == nb
    assert notebook_pins.notebook_for(nb) == nb
    assert notebook_pins.notebook_for(tmp_path / "other1234abcd_nbqa_ipynb.py") is None
    assert notebook_pins.notebook_for(tmp_path / "train.py") is None


def test_pins_win_over_the_project_but_not_over_options(project):
    nb = write_notebook(project / "notebooks" / "pinned.ipynb", *PINNED)
    base = detect_target(find_root(nb))
    target = notebook_pins.apply(base, nb)
    assert target["tensorflow"].specifier == "==2.15.1"
    assert target["tensorflow"].source == "notebooks/pinned.ipynb:cell 2"
    assert target["tensorflow-hub"].source == "notebooks/pinned.ipynb:cell 2"
    assert [c.distribution for c in target] == [c.distribution for c in base]
    optioned = runs_on(base, Options(versions={"tf-version": "2.17.1"}), nb)
    assert optioned["tensorflow"].source == "tf-version option"
    assert optioned["tensorflow-hub"].source == "notebooks/pinned.ipynb:cell 2"
    assert notebook_pins.apply(base, project / "train.py") is base


def test_legacy_keras_is_a_target_source(project):
    nb = write_notebook(project / "tutorial.ipynb", *TUTORIAL_LEGACY_KERAS)
    target = notebook_pins.apply(detect_target(find_root(nb)), nb)
    assert str(target.legacy_keras_source) == "tutorial.ipynb:cell 3"
    assert target["tf-keras"].source == "tutorial.ipynb:cell 2"


def test_detect_shows_the_notebook_pins(project, capsys):
    nb = write_notebook(project / "notebooks" / "pinned.ipynb", *PINNED)
    assert cli.main(["detect", str(nb)]) == 0
    out = capsys.readouterr().out
    assert "`==2.15.1` admits 2.15.1 (1 known release)  from notebooks/pinned.ipynb:cell 2" in out
    assert cli.main(["detect", "--json", str(nb)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["tensorflow-hub"]["source"] == "notebooks/pinned.ipynb:cell 2"


def test_detect_on_a_broken_notebook_says_so(project, capsys):
    (project / "broken.ipynb").write_text('{"cells": [')
    assert cli.main(["detect", str(project / "broken.ipynb")]) == 0
    out, err = capsys.readouterr()
    assert "from pyproject.toml:4" in out
    assert "broken.ipynb: not a Jupyter notebook (invalid JSON" in err


# -- pip commands as IPython runs them: continuations, automagic, cell magics --------------------


def found(*cells) -> list[tuple[str, str, int]]:
    return [(p.distribution, p.specifier, p.cell) for p in pins(*cells).pins]


def test_a_continued_pip_line_pins_every_requirement(ipython_path):
    cells = (code("!pip install tensorflow==2.15.1 \\\n  tensorflow-hub==0.15.0"),)
    assert found(*cells) == [("tensorflow", "==2.15.1", 1), ("tensorflow-hub", "==0.15.0", 1)]


def test_a_pip_magic_continued_over_lines(ipython_path):
    cells = (markdown("setup"), code('%pip install -q \\\n    "tensorflow-hub<0.16" \\\n    tf-keras==2.15.1'))
    assert found(*cells) == [("tensorflow-hub", "<0.16", 2), ("tf-keras", "==2.15.1", 2)]


def test_a_continued_pip_line_in_an_indented_block(ipython_path):
    cells = (code("if IN_COLAB:\n  !pip install -q \\\n    tensorflow==2.15.1\nprint('ok')"),)
    assert found(*cells) == [("tensorflow", "==2.15.1", 1)]


def test_pip_without_percent_in_a_cell_of_its_own_is_ipythons_automagic(ipython_path):
    assert found(code("pip install tensorflow-hub==0.15.0")) == [("tensorflow-hub", "==0.15.0", 1)]


def test_pip_without_percent_among_other_lines_is_not_run_by_ipython(ipython_path):
    assert found(code("pip install tensorflow-hub==0.15.0\nimport tensorflow_hub")) == []


def test_pip_without_percent_is_python_where_pip_is_a_name(ipython_path):
    assert found(code("import pip"), code("pip install tensorflow-hub==0.15.0")) == []


def test_pins_in_a_capture_cell(ipython_path):
    cells = (code('%%capture\n#@title Setup\n!pip install -q "tensorflow-text==2.15.*"\n%env TF_USE_LEGACY_KERAS=1'),
             code("import tensorflow as tf"))
    assert found(*cells) == [("tensorflow-text", "==2.15.*", 1)]
    assert pins(*cells).legacy_keras_cell == 1


def test_a_pip_line_inside_a_string_or_a_bash_cell_is_not_a_pin(ipython_path):
    assert found(code("notes = '''\n!pip install tensorflow==2.12.1\n'''")) == []
    assert found(code("%%bash\npip install tensorflow==2.12.1")) == []


def test_an_indented_cell_pins(ipython_path):
    assert found(code("  !pip install tensorflow==2.14.1\n  import tensorflow as tf")) == [("tensorflow", "==2.14.1", 1)]

"""Notebooks written by the tests themselves: plain nbformat 4 JSON, as Jupyter saves it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

PYTHON_METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def cell(kind: str, source: str) -> dict:
    """A cell whose source is a list of lines, each ending in a newline but the last (Jupyter's layout)."""
    lines = source.split("\n")
    entry: dict = {"cell_type": kind, "metadata": {}, "source": [line + "\n" for line in lines[:-1]] + [lines[-1]]}
    if kind == "code":
        entry |= {"execution_count": None, "outputs": []}
    return entry


def code(source: str) -> dict:
    return cell("code", source)


def markdown(source: str) -> dict:
    return cell("markdown", source)


def notebook(*cells: dict, metadata: dict | None = None) -> dict:
    return {"cells": list(cells), "metadata": PYTHON_METADATA if metadata is None else metadata,
            "nbformat": 4, "nbformat_minor": 5}


def write_notebook(path: Path, *cells: dict, metadata: dict | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook(*cells, metadata=metadata), indent=1) + "\n", encoding="utf-8")
    return path


# The official "Text classification with TensorFlow Hub" tutorial, in its shape before
# its Keras 3 fix: hub.KerasLayer in a tf.keras.Sequential, tensorflow-hub from !pip.
TUTORIAL_BEFORE = (
    markdown("# Text classification with TensorFlow Hub: Movie reviews"),
    code("!pip install -q tensorflow-hub\n!pip install -q tensorflow-datasets"),
    code(
        "import os\nimport numpy as np\n\nimport tensorflow as tf\nimport tensorflow_hub as hub\n"
        "import tensorflow_datasets as tfds\n\n"
        'print("Version: ", tf.__version__)\nprint("Hub version: ", hub.__version__)'
    ),
    markdown("## Download the IMDB dataset"),
    code(
        "train_data, validation_data, test_data = tfds.load(\n    name=\"imdb_reviews\",\n"
        "    split=('train[:60%]', 'train[60%:]', 'test'),\n    as_supervised=True)"
    ),
    code("train_examples_batch, train_labels_batch = next(iter(train_data.batch(10)))\ntrain_examples_batch"),
    markdown("## Build the model"),
    code(
        'embedding = "https://tfhub.dev/google/nnlm-en-dim50/2"\n'
        "hub_layer = hub.KerasLayer(embedding, input_shape=[],\n"
        "                           dtype=tf.string, trainable=True)\n"
        "hub_layer(train_examples_batch[:3])"
    ),
    code(
        "model = tf.keras.Sequential()\nmodel.add(hub_layer)\n"
        "model.add(tf.keras.layers.Dense(16, activation='relu'))\nmodel.add(tf.keras.layers.Dense(1))\n\nmodel.summary()"
    ),
    code("%%time\nhistory = model.fit(train_data.shuffle(10000).batch(512),\n                    epochs=10,\n"
         "                    validation_data=validation_data.batch(512),\n                    verbose=1)"),
)
#: Where hub.KerasLayer(...) is in TUTORIAL_BEFORE: cell 8 (counting every cell), line 2, column 12.
TUTORIAL_LAYER = (8, 2, 12)
#: The fixed tutorial: tf-keras installed, TF_USE_LEGACY_KERAS set in a cell before TensorFlow is imported.
TUTORIAL_LEGACY_KERAS = (
    TUTORIAL_BEFORE[0],
    code("!pip install -q tensorflow-hub\n!pip install -q tensorflow-datasets\n!pip install -q -U tf-keras"),
    code('import os\n\nos.environ["TF_USE_LEGACY_KERAS"] = "1"'),
    *TUTORIAL_BEFORE[2:],
)
#: The fixed tutorial the other way: the model is built with tf_keras.
TUTORIAL_TF_KERAS = (
    *TUTORIAL_BEFORE[:2],
    code(
        "import numpy as np\n\nimport tensorflow as tf\nimport tensorflow_hub as hub\nimport tf_keras\n"
        "import tensorflow_datasets as tfds"
    ),
    *TUTORIAL_BEFORE[3:8],
    code("model = tf_keras.Sequential()\nmodel.add(hub_layer)\nmodel.add(tf_keras.layers.Dense(16, activation='relu'))\n"
         "model.add(tf_keras.layers.Dense(1))"),
)
#: A notebook that pins TF 2.15 / hub 0.15 itself and calls hub.Module eagerly.
PINNED = (
    markdown("Pins its own TensorFlow."),
    code("!pip install tensorflow==2.15.1 tensorflow-hub==0.15.0"),
    code(
        "import tensorflow as tf\nimport tensorflow_hub as hub\n\n"
        'module = hub.Module("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2")'
    ),
)
#: The project around the notebooks: TensorFlow 2.16+ (Keras 3), hub 0.16+.
PROJECT_PYPROJECT = '[project]\nname = "demo"\nversion = "0"\ndependencies = ["tensorflow>=2.16", "tensorflow-hub>=0.16"]\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text(PROJECT_PYPROJECT, encoding="utf-8")
    return root


@pytest.fixture(params=["ipython", "fallback"])
def ipython_path(request, monkeypatch) -> str:
    """Read cells with IPython's own transformer, then again as if IPython were not installed."""
    from pylint_hubcompat.notebooks import (  # pylint: disable=import-outside-toplevel
        pins as notebook_pins,
        reader,
        transform,
    )

    if request.param == "fallback":
        for name in ("IPython", "IPython.core", "IPython.core.inputtransformer2"):
            monkeypatch.setitem(sys.modules, name, None)  # ``import`` raises ImportError
        monkeypatch.setattr(transform, "_MANAGER", [])
        assert transform.ipython_transformer() is None
    elif transform.ipython_transformer() is None:
        if sys.version_info < (3, 11):  # the test extra's ipython>=9 is for 3.11+: the fallback reads cells here
            pytest.skip("IPython 9 needs Python 3.11; on this Python only the fallback reads cells")
        pytest.fail("IPython is in the test extra: pip install -e .[test]")
    reader.cells_code.cache_clear()
    notebook_pins._read_pins.cache_clear()  # pylint: disable=protected-access
    yield request.param
    reader.cells_code.cache_clear()
    notebook_pins._read_pins.cache_clear()  # pylint: disable=protected-access

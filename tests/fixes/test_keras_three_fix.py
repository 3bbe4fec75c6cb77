"""hub-keras-three's fixes: TF_USE_LEGACY_KERAS=1 before TensorFlow (default), or the model built with tf_keras.

Each test writes a module shaped like the TF Hub tutorials (image classification with
a Sequential, text classification with a functional model), lints it under the rule's
example target (TensorFlow 2.21.0, tensorflow_hub 0.16.1) and fixes it as
``hubcompat fix --unsafe-fixes`` does.  A fixed module must lint clean and fix to itself.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from pylint_hubcompat.fixes.code.keras_three import TF_KERAS_TITLE
from pylint_hubcompat.fixes.fixable import Fix
from pylint_hubcompat.rulebook.loading import builtin_rules
from tests.lint import fix_file, lint_file, lint_with_fixes
from tests.trees import write_tree

RULE = next(rule for rule in builtin_rules() if rule.symbol == "hub-keras-three")
TARGET = ("--tf-version=2.21.0", "--hub-version=0.16.1")
LEGACY = ("--keras-three-fix=legacy-keras",)
TF_KERAS = ("--keras-three-fix=tf-keras",)
IMAGE_HANDLE = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4"
TEXT_HANDLE = "https://tfhub.dev/google/nnlm-en-dim50/2"


def code(text: str) -> str:
    return textwrap.dedent(text).removeprefix("\n")


def write(tmp_path: Path, text: str, name: str = "train.py") -> Path:
    path = tmp_path / name
    path.write_text(code(text), encoding="utf-8")
    return path


def keras_fixes(path: Path, *options: str) -> list[Fix]:
    """The fixes pylint records for the module's hub-keras-three findings."""
    _, fixes = lint_with_fixes([path], *TARGET, *options)
    return [fixable.fix for fixable in fixes if fixable.symbol == RULE.symbol]


def fixed(path: Path, *options: str) -> str:
    """The module as ``hubcompat fix --unsafe-fixes`` leaves it, proven clean and stable.

    The fixed text is linted as another file: astroid keeps the tree of a path it has
    built for the rest of the process, so the same path would be linted as it was.
    """
    text = fix_file(path, *TARGET, *options)
    again = path.with_name(f"fixed_{path.name}")
    again.write_text(text, encoding="utf-8")
    assert lint_file(again, *TARGET) == []
    assert keras_fixes(again, *options) == []
    assert fix_file(again, *TARGET, *options) == text
    return text


def assert_no_fix(path: Path, *options: str) -> None:
    before = path.read_text(encoding="utf-8")
    assert RULE.symbol in [symbol for symbol, _, _ in lint_file(path, *TARGET)]
    assert keras_fixes(path, *options) == []
    assert fix_file(path, *TARGET, *options) == before


# -- the rule's own example ----------------------------------------------------------


def test_legacy_keras_turns_the_bad_example_into_the_good_one(tmp_path: Path) -> None:
    path = write(tmp_path, RULE.bad + "\n")
    assert fixed(path) == RULE.good + "\n"


def test_legacy_keras_is_the_default_and_keeps_the_rule_s_title(tmp_path: Path) -> None:
    path = write(tmp_path, RULE.bad + "\n")
    (fix,) = keras_fixes(path)
    assert keras_fixes(path, *LEGACY) == [fix]
    assert fix.title == RULE.autofix.title
    assert not fix.safe


def test_tf_keras_builds_the_bad_example_with_tf_keras(tmp_path: Path) -> None:
    path = write(tmp_path, RULE.bad + "\n")
    assert fixed(path, *TF_KERAS) == code(
        f"""
        import tensorflow as tf
        import tensorflow_hub as hub
        import tf_keras

        model = tf_keras.Sequential([
            hub.KerasLayer("{IMAGE_HANDLE}"),
            tf_keras.layers.Dense(5),
        ])
        """
    )
    (fix,) = keras_fixes(write(tmp_path, RULE.bad + "\n"), *TF_KERAS)
    assert fix.title == TF_KERAS_TITLE


# -- legacy-keras on tutorial shapes --------------------------------------------------


IMAGE_CLASSIFIER = f"""
    import os

    import numpy as np
    import tensorflow as tf
    import tensorflow_hub as hub

    IMAGE_SHAPE = (224, 224)
    feature_extractor = hub.KerasLayer("{IMAGE_HANDLE}", input_shape=IMAGE_SHAPE + (3,), trainable=False)

    model = tf.keras.Sequential([
        feature_extractor,
        tf.keras.layers.Dense(5),  # five flower classes
    ])
    model.compile(
        optimizer=tf.keras.optimizers.Adam(),
        loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["acc"],
    )
    model.fit(np.zeros((2, 224, 224, 3)), np.zeros(2), epochs=1)
    model.save(os.path.join("saved", "flowers"))
    """


def test_an_existing_import_os_is_used_and_the_switch_goes_after_the_standard_library(tmp_path: Path) -> None:
    path = write(tmp_path, IMAGE_CLASSIFIER)
    expected = code(IMAGE_CLASSIFIER).replace(
        "import os\n\n", 'import os\n\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\n\n', 1
    )
    assert fixed(path) == expected


def test_the_switch_goes_before_a_project_module_that_may_import_hub_itself(tmp_path: Path) -> None:
    (tmp_path / "flowers_data.py").write_text("import tensorflow_hub as hub\n", encoding="utf-8")
    path = write(
        tmp_path,
        f"""
        import json

        from flowers_data import load_flowers
        import tensorflow as tf
        import tensorflow_hub as hub

        model = tf.keras.Sequential([hub.KerasLayer("{IMAGE_HANDLE}"), tf.keras.layers.Dense(5)])
        """,
    )
    assert fixed(path).startswith(
        'import json\n\nimport os\n\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\n\nfrom flowers_data import load_flowers\n'
    )


TEXT_CLASSIFIER = f"""
    import tensorflow as tf
    import tensorflow_hub as hub
    import os

    embedding = "{TEXT_HANDLE}"


    def build_classifier():
        text_input = tf.keras.layers.Input(shape=[], dtype=tf.string, name="review")
        hub_layer = hub.KerasLayer(embedding, trainable=True, name="embedding")
        x = hub_layer(text_input)
        x = tf.keras.layers.Dense(16, activation="relu")(x)
        output = tf.keras.layers.Dense(1)(x)
        return tf.keras.Model(text_input, output)


    model = build_classifier()
    model.compile(
        optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3),
        loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    checkpoints = os.environ.get("CHECKPOINTS", "/tmp/reviews")
    """


def test_an_import_os_after_tensorflow_moves_above_the_switch(tmp_path: Path) -> None:
    path = write(tmp_path, TEXT_CLASSIFIER)
    body = code(TEXT_CLASSIFIER).replace("import os\n", "", 1)
    assert fixed(path) == 'import os\n\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\n\n' + body


def test_the_switch_goes_after_the_docstring_and_future_imports(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f'''
        """Classify flowers with a MobileNet feature vector from TF Hub."""

        from __future__ import annotations

        import tensorflow as tf
        import tensorflow_hub as hub

        model = tf.keras.Sequential([hub.KerasLayer("{IMAGE_HANDLE}"), tf.keras.layers.Dense(5)])
        ''',
    )
    assert fixed(path) == code(
        f'''
        """Classify flowers with a MobileNet feature vector from TF Hub."""

        from __future__ import annotations

        import os

        os.environ["TF_USE_LEGACY_KERAS"] = "1"

        import tensorflow as tf
        import tensorflow_hub as hub

        model = tf.keras.Sequential([hub.KerasLayer("{IMAGE_HANDLE}"), tf.keras.layers.Dense(5)])
        '''
    )


def test_os_imported_under_another_name_before_is_used_as_bound(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"""
        import os as _os
        import tensorflow_hub as hub
        import tensorflow as tf

        model = tf.keras.Sequential([hub.KerasLayer("{IMAGE_HANDLE}")])
        """,
    )
    switch = 'import os as _os\n\n_os.environ["TF_USE_LEGACY_KERAS"] = "1"\n\n'
    assert fixed(path).startswith(switch + "import tensorflow_hub")


def test_several_findings_of_one_module_make_one_switch(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"""
        import tensorflow as tf
        import tensorflow_hub as hub

        classifier = tf.keras.Sequential([hub.KerasLayer("{IMAGE_HANDLE}"), tf.keras.layers.Dense(5)])
        reviews = tf.keras.Sequential([hub.KerasLayer("{TEXT_HANDLE}"), tf.keras.layers.Dense(1)])
        """,
    )
    first, second = keras_fixes(path)
    assert first.edits == second.edits
    assert fixed(path).count("TF_USE_LEGACY_KERAS") == 1


# -- legacy-keras: no fix -----------------------------------------------------------


def test_no_switch_when_the_first_tensorflow_import_is_inside_a_function(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"""
        def build():
            import tensorflow as tf
            import tensorflow_hub as hub

            return tf.keras.Sequential([hub.KerasLayer("{IMAGE_HANDLE}")])
        """,
    )
    assert_no_fix(path)


def test_no_switch_when_the_first_tensorflow_import_is_in_a_try(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"""
        try:
            import tensorflow_text  # registers the ops of some encoders
        except ImportError:
            tensorflow_text = None
        import tensorflow as tf
        import tensorflow_hub as hub

        model = tf.keras.Sequential([hub.KerasLayer("{TEXT_HANDLE}")])
        """,
    )
    assert_no_fix(path)


def test_no_second_switch_when_the_module_sets_it_too_late(tmp_path: Path) -> None:
    # The rule says it is too late; where to set it instead is the user's call.
    path = write(
        tmp_path,
        f"""
        import tensorflow as tf
        import tensorflow_hub as hub
        import os

        os.environ["TF_USE_LEGACY_KERAS"] = "1"
        model = tf.keras.Sequential([hub.KerasLayer("{IMAGE_HANDLE}")])
        """,
    )
    ((symbol, _, message),) = lint_file(path, *TARGET)
    assert symbol == RULE.symbol
    assert "too late to take effect" in message
    assert_no_fix(path)


def test_no_switch_when_the_module_sets_it_with_setdefault_too_late(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"""
        import tensorflow as tf
        import tensorflow_hub as hub
        from os import environ

        model = tf.keras.Sequential([hub.KerasLayer("{IMAGE_HANDLE}")])
        environ.setdefault("TF_USE_LEGACY_KERAS", "1")
        """,
    )
    assert_no_fix(path)


def test_no_switch_for_a_standalone_keras_model(tmp_path: Path) -> None:
    # Keras 3's own package ignores TF_USE_LEGACY_KERAS.
    path = write(
        tmp_path,
        f"""
        import keras
        import tensorflow_hub as hub

        model = keras.Sequential([hub.KerasLayer("{IMAGE_HANDLE}"), keras.layers.Dense(5)])
        """,
    )
    assert_no_fix(path, *LEGACY)


# -- tf-keras on tutorial shapes ----------------------------------------------------


def test_tf_keras_moves_every_tf_keras_reference_of_the_module(tmp_path: Path) -> None:
    path = write(tmp_path, IMAGE_CLASSIFIER)
    expected = (
        code(IMAGE_CLASSIFIER)
        .replace("import tensorflow_hub as hub\n", "import tensorflow_hub as hub\nimport tf_keras\n")
        .replace("tf.keras.", "tf_keras.")
    )
    assert fixed(path, *TF_KERAS) == expected


def test_tf_keras_rewrites_keras_imports_to_bind_the_same_names(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"""
        import tensorflow as tf
        import tensorflow_hub as hub
        from tensorflow import keras
        from tensorflow.keras import layers


        def build_classifier(handle="{TEXT_HANDLE}"):
            text_input = keras.Input(shape=[], dtype=tf.string)
            x = hub.KerasLayer(handle, trainable=True)(text_input)
            x = layers.Dense(16, activation="relu")(x)
            return keras.Model(text_input, layers.Dense(1)(x))


        model = build_classifier()
        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
        """,
    )
    text = fixed(path, *TF_KERAS)
    imports = (
        "import tensorflow as tf\nimport tensorflow_hub as hub\nimport tf_keras as keras\nfrom tf_keras import layers\n"
    )
    assert text.startswith(imports + "\n")
    assert "keras.Input(shape=[], dtype=tf.string)" in text


def test_tf_keras_moves_a_standalone_keras_model(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"""
        import keras
        import tensorflow_hub as hub
        from keras.layers import Dense

        model = keras.Sequential([hub.KerasLayer("{IMAGE_HANDLE}"), Dense(5)])
        """,
    )
    assert fixed(path, *TF_KERAS) == code(
        f"""
        import tf_keras as keras
        import tensorflow_hub as hub
        from tf_keras.layers import Dense

        model = keras.Sequential([hub.KerasLayer("{IMAGE_HANDLE}"), Dense(5)])
        """
    )


def test_tf_keras_keeps_an_existing_import_of_tf_keras(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"""
        import tensorflow as tf
        import tensorflow_hub as hub
        import tf_keras

        base = tf_keras.layers.Dense(5)
        model = tf.keras.Sequential([hub.KerasLayer("{IMAGE_HANDLE}"), base])
        """,
    )
    assert fixed(path, *TF_KERAS).count("import tf_keras") == 1


def test_tf_keras_is_imported_before_a_use_between_the_imports(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"""
        import tensorflow as tf

        Dense = tf.keras.layers.Dense
        import tensorflow_hub as hub

        model = tf.keras.Sequential([hub.KerasLayer("{IMAGE_HANDLE}"), Dense(5)])
        """,
    )
    lines = fixed(path, *TF_KERAS).splitlines()
    assert lines[:4] == ["import tensorflow as tf", "import tf_keras", "", "Dense = tf_keras.layers.Dense"]


# -- notebooks: the module of the code cells is fixed, each edit lands in its cell ---------


def notebook(tmp_path: Path, *cells: str) -> Path:
    def cell(source: str) -> dict[str, object]:
        return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}

    path = tmp_path / "flowers.ipynb"
    document = {"cells": [cell(code(c)) for c in cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


def cell_sources(text: str) -> list[str]:
    return ["".join(cell["source"]) for cell in json.loads(text)["cells"]]


@pytest.mark.parametrize(
    ("mode", "imports"),
    [
        (
            LEGACY,
            'import os\n\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\n\n'
            + "import tensorflow as tf\nimport tensorflow_hub as hub\n",
        ),
        (TF_KERAS, "import tensorflow as tf\nimport tensorflow_hub as hub\nimport tf_keras\n"),
    ],
    ids=["legacy-keras", "tf-keras"],
)
def test_a_notebook_is_fixed_in_the_cells_of_the_imports_and_the_model(
    tmp_path: Path, mode: tuple[str], imports: str
) -> None:
    path = notebook(
        tmp_path,
        "!pip install -q tensorflow-hub\n",
        "import tensorflow as tf\nimport tensorflow_hub as hub\n",
        f'model = tf.keras.Sequential([hub.KerasLayer("{IMAGE_HANDLE}")])\n',
    )
    cells = cell_sources(fix_file(path, *TARGET, *mode))
    assert cells[:2] == ["!pip install -q tensorflow-hub\n", imports]
    assert ("tf_keras.Sequential" in cells[2]) == (mode == TF_KERAS)


# -- tf-keras: no fix ---------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param("from tensorflow.keras.layers import *\n", id="star-import"),
        pytest.param('encoder_api = getattr(tf, "keras")\n', id="getattr"),
        pytest.param("layer_api = tf.compat.v1.keras.layers\n", id="compat-v1"),
        pytest.param("noise = tf.keras.random.normal((2, 5))\n", id="keras-3-only-api"),
        pytest.param("\n\ndef head(backend):\n    return backend.keras.layers.Dense(5)\n", id="keras-passed-in"),
    ],
)
def test_tf_keras_gives_no_fix_where_a_keras_reference_is_not_certain(tmp_path: Path, extra: str) -> None:
    path = write(tmp_path, RULE.bad + "\n")
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    assert_no_fix(path, *TF_KERAS)


def test_tf_keras_gives_no_fix_for_keras_3_only_apis_of_standalone_keras(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"""
        import keras
        import tensorflow_hub as hub

        model = keras.Sequential([hub.KerasLayer("{IMAGE_HANDLE}"), keras.layers.Dense(5)])
        scores = keras.ops.softmax(model.predict(keras.random.normal((1, 224, 224, 3))))
        """,
    )
    assert_no_fix(path, *TF_KERAS)


# -- the project depends on tf-keras --------------------------------------------------


@pytest.mark.parametrize("mode", [LEGACY, TF_KERAS], ids=["legacy-keras", "tf-keras"])
def test_the_project_gets_tf_keras_beside_tensorflow(tmp_path: Path, mode: tuple[str]) -> None:
    from pylint_hubcompat.cli import fix

    root = write_tree(
        tmp_path, {"requirements.txt": "tensorflow==2.21.0\ntensorflow-hub==0.16.1\n", "train.py": RULE.bad + "\n"}
    )
    outcome = fix.fix(fix.Session(list(mode), [str(root / "train.py")]), fix.Choice(unsafe=True))
    changed = {Path(p).name: f.text for p, f in outcome.files.items()}
    assert set(changed) == {"train.py", "requirements.txt"}
    assert "tf-keras" in changed["requirements.txt"]
    (root / "requirements.txt").write_text(changed["requirements.txt"], encoding="utf-8")
    (root / "fixed_train.py").write_text(changed["train.py"], encoding="utf-8")  # a path astroid has not built
    assert lint_file(root / "fixed_train.py") == []

"""TF_USE_LEGACY_KERAS set in another module counts only if that module sets it before it loads tf.keras.

TensorFlow reads the variable once, when tf.keras is first loaded (observed in
tests/runtime/test_facts.py, ``legacy-keras-env-*``).  Each test builds a small
project and lints the module that builds the Keras model.
"""

from __future__ import annotations

from pathlib import Path

from tests.lint import lint_file
from tests.trees import write_tree

TF2_HANDLE = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4"
REQUIREMENTS = "tensorflow==2.21.0\ntensorflow-hub==0.16.1\ntf-keras==2.21.0\n"
SEQUENTIAL = (
    "import tensorflow as tf\nimport tensorflow_hub as hub\n\n"
    f'model = tf.keras.Sequential([hub.KerasLayer("{TF2_HANDLE}")])\n'
)


def symbols(path: Path, *options: str) -> list[str]:
    return [symbol for symbol, _, _ in lint_file(path, *options)]


def test_an_entry_point_that_sets_it_before_importing_hub_counts(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "requirements.txt": REQUIREMENTS,
            "main.py": 'import os\n\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\n\nimport tensorflow_hub as hub\n',
            "model.py": SEQUENTIAL,
        },
    )
    assert symbols(root / "model.py") == []


def test_an_entry_point_that_sets_it_after_importing_hub_does_not(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "requirements.txt": REQUIREMENTS,
            "main.py": 'import os\nimport tensorflow_hub as hub\n\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\n',
            "model.py": SEQUENTIAL,
        },
    )
    assert symbols(root / "model.py") == ["hub-keras-three"]


def test_an_entry_point_that_sets_it_after_from_tensorflow_keras_does_not(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "requirements.txt": REQUIREMENTS,
            "main.py": 'from tensorflow.keras import layers\nimport os\n\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\n',
            "model.py": SEQUENTIAL,
        },
    )
    assert symbols(root / "model.py") == ["hub-keras-three"]


def test_a_module_setting_it_too_late_is_told_so(tmp_path: Path) -> None:
    late = SEQUENTIAL.replace("\nmodel", '\nimport os\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\nmodel')
    root = write_tree(tmp_path, {"requirements.txt": REQUIREMENTS, "model.py": late})
    ((symbol, _, message),) = lint_file(root / "model.py")
    assert symbol == "hub-keras-three"
    assert "TF_USE_LEGACY_KERAS is set at line 5, after `import tensorflow_hub as hub` at line 2, too late" in message


def test_a_setting_in_a_function_of_an_entry_point_that_runs_before_the_import_counts(tmp_path: Path) -> None:
    # A byte position: the first mention is before the first top-level import of hub.
    root = write_tree(
        tmp_path,
        {
            "requirements.txt": REQUIREMENTS,
            "main.py": 'import os\n\n\ndef setup():\n    os.environ["TF_USE_LEGACY_KERAS"] = "1"\n\n\nsetup()\n'
            "import tensorflow_hub as hub\n",
            "model.py": SEQUENTIAL,
        },
    )
    assert symbols(root / "model.py") == []

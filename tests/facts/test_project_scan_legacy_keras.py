"""The project scan's ``sets_legacy_keras``: a file's setting counts only before that file loads tf.keras."""

from __future__ import annotations

from pathlib import Path

import pytest

from pylint_hubcompat.facts import project_scan

SET = 'os.environ["TF_USE_LEGACY_KERAS"] = "1"\n'


@pytest.fixture(autouse=True)
def fresh_scan():
    project_scan.clear_cache()
    yield
    project_scan.clear_cache()


def sets_legacy_keras(tmp_path: Path, source: str, newline: str = "\n") -> bool:
    (tmp_path / "main.py").write_bytes(source.replace("\n", newline).encode())
    return project_scan.has(tmp_path, "sets_legacy_keras")


@pytest.mark.parametrize(
    "source",
    [
        "import os\n" + SET + "import tensorflow_hub as hub\n",
        "import os\nimport tensorflow as tf\n" + SET + "import tensorflow_hub as hub\n",
        "import os\nfrom tensorflow import keras\n" + SET + "from tensorflow_hub import KerasLayer\n",
        "import os\n" + SET,
        # An indented import may not run first: the setting is kept (the safe way).
        "import os\ntry:\n    import tensorflow_hub as hub\nexcept ImportError:\n    hub = None\n" + SET,
    ],
    ids=["before-hub", "after-tensorflow", "after-from-tensorflow-import-keras", "no-import", "indented-import"],
)
def test_a_setting_before_the_first_load_counts(tmp_path: Path, source: str) -> None:
    assert sets_legacy_keras(tmp_path, source)


@pytest.mark.parametrize(
    "source",
    [
        "import tensorflow_hub as hub\nimport os\n" + SET,
        "import os\nfrom tensorflow_hub import KerasLayer\n" + SET,
        "import os\nimport tensorflow.keras\n" + SET,
        "import os\nfrom tensorflow.keras import layers\n" + SET,
    ],
    ids=["hub-on-the-first-line", "from-hub", "import-tensorflow-keras", "from-tensorflow-keras"],
)
def test_a_setting_after_the_first_load_does_not(tmp_path: Path, source: str) -> None:
    assert not sets_legacy_keras(tmp_path, source)


def test_windows_line_endings_are_line_starts_too(tmp_path: Path) -> None:
    assert not sets_legacy_keras(tmp_path, "import os\nimport tensorflow_hub as hub\n" + SET, newline="\r\n")


def test_the_other_markers_are_still_plain_mentions(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text("import tensorflow_hub as hub\ntf.compat.v1.disable_v2_behavior()\n")
    assert project_scan.has(tmp_path, "switches_to_tf1_mode")

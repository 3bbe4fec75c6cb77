"""What is installed beside TensorFlow decides two rules: the setuptools that tensorflow_hub meets,
and companions of another TensorFlow that a lock file (or the environment) still holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lint import lint_snippet
from tests.trees import write_tree

HUB_IMPORT = "import tensorflow as tf\nimport tensorflow_hub as hub\n"
TEXT_IMPORT = "import tensorflow as tf\nimport tensorflow_text as text\n"
TF_KERAS_IMPORT = "import tensorflow as tf\nimport tf_keras\n"


def uv_lock(**versions: str) -> str:
    """A uv.lock holding exactly these releases (names with ``_`` for ``-``)."""
    entries = (f'\n[[package]]\nname = "{name.replace("_", "-")}"\nversion = "{v}"\n' for name, v in versions.items())
    return "version = 1\n" + "".join(entries)


def symbols(root: Path, code: str) -> list[str]:
    return [symbol for symbol, _, _ in lint_snippet(root, code)]


# -- hub-setuptools-pkg-resources ------------------------------------------------


@pytest.mark.parametrize(
    "files",
    [
        {"requirements.txt": "tensorflow==2.21.0\ntensorflow-hub==0.16.1\ntf-keras==2.21.0\nsetuptools>=82\n"},
        {"requirements.txt": "tensorflow==2.21.0\ntensorflow-hub==0.16.1\ntf-keras==2.21.0\nsetuptools\n",
         "pyproject.toml": '[project]\nname = "p"\nrequires-python = ">=3.12"\n'},
        {"uv.lock": uv_lock(tensorflow="2.21.0", tensorflow_hub="0.16.1", tf_keras="2.21.0", setuptools="82.0.1")},
        # Nothing names setuptools: tensorflow requires it, and a Python 3.12+ venv has none, so pip brings the newest.
        {"pyproject.toml": '[project]\nname = "p"\nrequires-python = ">=3.12"\n'
                           'dependencies = ["tensorflow>=2.16", "tensorflow-hub>=0.16.1", "tf-keras"]\n'},
    ],
    ids=["declared", "bare-name-on-3.12", "locked", "undeclared-on-3.12"],
)
def test_setuptools_without_pkg_resources_breaks_the_hub_import(tmp_path: Path, files: dict[str, str]) -> None:
    root = write_tree(tmp_path, files)
    assert symbols(root, HUB_IMPORT) == ["hub-setuptools-pkg-resources"]


@pytest.mark.parametrize(
    "files",
    [
        {"requirements.txt": "tensorflow==2.21.0\ntensorflow-hub==0.16.1\ntf-keras==2.21.0\nsetuptools<82\n"},
        # A Python 3.11 venv keeps the setuptools it came with: whether it is 82 depends on the machine.
        {"pyproject.toml": '[project]\nname = "p"\nrequires-python = ">=3.9,<3.12"\n'
                           'dependencies = ["tensorflow>=2.16", "tensorflow-hub>=0.16.1", "tf-keras"]\n'},
        {"requirements.txt": "tensorflow==2.15.1\ntensorflow-hub==0.15.0\nsetuptools\n",
         "pyproject.toml": '[project]\nname = "p"\nrequires-python = ">=3.10,<3.12"\n'},
        # tensorflow_hub 0.12 and older never import pkg_resources.
        {"requirements.txt": "tensorflow==2.4.4\ntensorflow-hub==0.12.0\nsetuptools>=82\n"},
    ],
    ids=["pinned-below-82", "undeclared-on-3.11", "bare-name-on-3.11", "hub-0.12"],
)
def test_setuptools_that_the_project_does_not_choose_is_no_finding(tmp_path: Path, files: dict[str, str]) -> None:
    root = write_tree(tmp_path, files)
    assert "hub-setuptools-pkg-resources" not in symbols(root, HUB_IMPORT)


def test_the_setuptools_message_names_both_releases_and_the_fix(tmp_path: Path) -> None:
    pins = "tensorflow==2.21.0\ntensorflow-hub==0.16.1\nsetuptools==82.0.0\n"
    root = write_tree(tmp_path, {"requirements.txt": pins})
    [(_, line, message)] = lint_snippet(root, HUB_IMPORT)
    assert line == 2
    assert "tensorflow-hub 0.16.1 (requirements.txt:2)" in message
    assert "setuptools 82.0.0 (requirements.txt:3)" in message
    assert "No module named 'pkg_resources'" in message and "setuptools<82" in message


# -- tf-companion-mismatch ----------------------------------------------------------


def test_a_locked_tensorflow_text_of_another_minor_fails_its_import(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "uv.lock": uv_lock(tensorflow="2.21.0", tensorflow_hub="0.16.1", tf_keras="2.21.0", tensorflow_text="2.15.0"),
    })
    [(symbol, line, message)] = lint_snippet(root, TEXT_IMPORT)
    assert (symbol, line) == ("tf-companion-mismatch", 2)
    assert message.startswith(
        "import tensorflow_text as text fails: tensorflow-text 2.15.0 (uv.lock:16) requires tensorflow<2.16,>=2.15.0, "
        "beside tensorflow 2.21.0 (uv.lock:4)."
    )
    assert "undefined symbol" in message


def test_a_locked_tf_keras_of_another_minor_fails_tf_keras_and_tensorflow_hub(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"uv.lock": uv_lock(tensorflow="2.21.0", tensorflow_hub="0.16.1", tf_keras="2.15.1")})
    assert symbols(root, TF_KERAS_IMPORT) == ["tf-companion-mismatch"]
    assert symbols(root, HUB_IMPORT) == ["tf-companion-mismatch"]


def test_tf_keras_of_a_newer_tensorflow_fails_only_its_own_import_on_keras_two(tmp_path: Path) -> None:
    """On TensorFlow 2.15 tensorflow_hub uses tf.keras and never imports tf_keras."""
    root = write_tree(tmp_path, {"uv.lock": uv_lock(tensorflow="2.15.1", tensorflow_hub="0.16.1", tf_keras="2.21.0")})
    assert symbols(root, TF_KERAS_IMPORT) == ["tf-companion-mismatch"]
    assert symbols(root, HUB_IMPORT) == []


def test_tensorflow_hub_0_16_0_without_tf_keras_fails_on_keras_three(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"uv.lock": uv_lock(tensorflow="2.21.0", tensorflow_hub="0.16.0")})
    [(symbol, _, message)] = lint_snippet(root, HUB_IMPORT)
    assert symbol == "tf-companion-mismatch"
    assert "tensorflow-hub 0.16.0 (uv.lock:8) is beside tensorflow 2.21.0 (uv.lock:4) with no tf-keras" in message
    assert "No module named 'tf_keras'" in message


@pytest.mark.parametrize(
    "lock",
    [
        uv_lock(tensorflow="2.21.0", tensorflow_hub="0.16.1", tf_keras="2.21.0", tensorflow_text="2.21.0"),
        uv_lock(tensorflow="2.15.1", tensorflow_hub="0.16.0", tensorflow_text="2.15.0"),
        uv_lock(tensorflow="2.21.0", tensorflow_hub="0.16.0", tf_keras="2.21.0"),
    ],
    ids=["matching-2.21", "keras-two-needs-no-tf-keras", "hub-0.16.0-with-tf-keras"],
)
def test_companions_that_fit_are_no_finding(tmp_path: Path, lock: str) -> None:
    root = write_tree(tmp_path, {"uv.lock": lock})
    for code in (HUB_IMPORT, TEXT_IMPORT):
        assert symbols(root, code) == []


def test_declared_ranges_that_cannot_fit_are_a_configuration_error_instead(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"requirements.txt": "tensorflow==2.21.0\ntensorflow-text==2.15.0\n"})
    assert symbols(root, TEXT_IMPORT) == ["hubcompat-config-error"]


def test_declared_hub_0_16_0_is_left_to_what_is_installed(tmp_path: Path) -> None:
    """Declarations do not say tf-keras is missing: the environment may have it."""
    root = write_tree(tmp_path, {"requirements.txt": "tensorflow==2.21.0\ntensorflow-hub==0.16.0\n"})
    assert symbols(root, HUB_IMPORT) == []


def test_keras_three_beside_tensorflow_2_15_breaks_the_hub_layer(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"uv.lock": uv_lock(tensorflow="2.15.1", tensorflow_hub="0.15.0", keras="3.5.0")})
    code = HUB_IMPORT + 'layer = hub.KerasLayer("https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4")\n'
    [(symbol, line, message)] = lint_snippet(root, code)
    assert (symbol, line) == ("tf-companion-mismatch", 3)
    assert "tensorflow 2.15.1 (uv.lock:4) requires keras<2.16,>=2.15.0, beside keras 3.5.0 (uv.lock:12)" in message
    assert "experimental_autocast" in message

"""pylint's confidence on a finding: HIGH where exactly known facts decided it, INFERENCE where a range or default did.

A user (or a CI gate, ``--confidence=HIGH``) can tell a finding about the one
TensorFlow the project pins from one about the newest release of a range, or
about a model whose format was only guessed from its name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pylint.lint import Run
from pylint.reporters import CollectingReporter

from pylint_hubcompat.plugin.analysis import Analysis
from tests.trees import write_tree

TF1_HANDLE = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2"
TF2_HANDLE = "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4"
#: Not in the tfhub.dev catalog: TF2 only because ``tf2-preview`` is in its path.
PREVIEW_HANDLE = "https://tfhub.dev/acme/tf2-preview/encoder/1"
PINS = "tensorflow==2.15.1\ntensorflow-hub==0.15.0\n"


def module_call(handle: str) -> str:
    return f'import tensorflow_hub as hub\n\nmodule = hub.Module("{handle}")\n'


def confidences(project: Path, code: str, *options: str) -> list[tuple[str, str]]:
    """(symbol, confidence) of every hubcompat message for ``code`` linted in ``project``."""
    path = project / "train.py"
    path.write_text(code, encoding="utf-8")
    reporter = CollectingReporter()
    args = ["--load-plugins=pylint_hubcompat", "--disable=all", "--enable=hubcompat", "--persistent=n", *options]
    Run([*args, str(path)], reporter=reporter, exit=False)
    return [(m.symbol, m.confidence.name) for m in reporter.messages]


@pytest.mark.parametrize(
    ("files", "options", "confidence"),
    [
        ({}, ("--tf-version=2.15.1", "--hub-version=0.15.0"), "HIGH"),
        ({"requirements.txt": PINS}, (), "HIGH"),
        (
            {
                "uv.lock": 'version = 1\n\n[[package]]\nname = "tensorflow"\nversion = "2.15.1"\n\n'
                '[[package]]\nname = "tensorflow-hub"\nversion = "0.15.0"\n'
            },
            (),
            "HIGH",
        ),
        ({"requirements.txt": "tensorflow>=2.12,<2.16\ntensorflow-hub==0.15.0\n"}, (), "INFERENCE"),
        ({"requirements.txt": PINS}, ("--tf-version=>=2.12,<2.16",), "INFERENCE"),
    ],
    ids=["options-pin", "requirements-pin", "lock", "requirements-range", "option-range"],
)
def test_the_same_call_is_high_where_the_versions_are_pinned_and_inference_where_a_range_decides(
    tmp_path: Path, files: dict[str, str], options: tuple[str, ...], confidence: str
) -> None:
    root = write_tree(tmp_path, files)
    assert confidences(root, module_call(TF1_HANDLE), *options) == [("hub-module-eager", confidence)]


@pytest.mark.parametrize(
    ("files", "confidence"),
    [({}, "INFERENCE"), ({"requirements.txt": "tensorflow==2.16.1\n"}, "HIGH")],
    ids=["none", "pin"],
)
def test_no_configuration_is_inference_the_newest_release_is_assumed(
    tmp_path: Path, files: dict[str, str], confidence: str
) -> None:
    root = write_tree(tmp_path, files)
    code = "import tensorflow as tf\n\nconfig = tf.estimator.RunConfig()\n"
    assert confidences(root, code) == [("tf-estimator-removed", confidence)]


@pytest.mark.parametrize(
    ("code", "confidence"),
    [
        (module_call(TF2_HANDLE), "HIGH"),  # the catalog says TF2 SavedModel
        (module_call(PREVIEW_HANDLE), "INFERENCE"),  # only the handle's name says so
    ],
    ids=["catalog", "tf2-preview"],
)
def test_a_format_guessed_from_the_handle_is_inference(tmp_path: Path, code: str, confidence: str) -> None:
    root = write_tree(tmp_path, {"requirements.txt": PINS})
    assert confidences(root, code) == [("hub-module-savedmodel", confidence)]


def test_a_rule_that_admits_an_unknown_format_is_inference_where_the_format_is_unknown(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"requirements.txt": PINS})
    code = "import tensorflow_hub as hub\n\n\ndef build(handle):\n    return hub.Module(handle)\n"
    assert confidences(root, code) == [("hub-module-eager", "INFERENCE")]


def test_confidence_high_keeps_only_the_exact_findings(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"requirements.txt": "tensorflow>=2.12,<2.16\ntensorflow-hub==0.15.0\n"})
    assert confidences(root, module_call(TF1_HANDLE), "--confidence=HIGH") == []


def test_own_messages_are_high(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_tree(tmp_path, {"requirements.txt": PINS})
    assert ("hubcompat-config-error", "HIGH") in confidences(root, module_call(TF1_HANDLE), "--tf-version=foo")

    def crash(self: Analysis, module: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Analysis, "check", crash)
    assert confidences(root, module_call(TF1_HANDLE)) == [("hubcompat-internal-error", "HIGH")]

"""The fact scan does no more work than the findings need (benchmarks/run.py measures the rest)."""

from __future__ import annotations

from pylint_hubcompat.facts import qualified, modes
from tests.fuzz.helpers import lint

NO_SITES = "import tensorflow as tf\n\ndef f(x):\n    return tf.nn.relu(tf.matmul(x, x)) + tf.reduce_sum(x)\n"
WITH_SITE = "import tensorflow_hub as hub\nimport tensorflow as tf\nm = hub.Module('https://tfhub.dev/google/nnlm-en-dim128/1')\ny = tf.nn.relu(tf.zeros([1]))\n"


def test_runtime_modes_are_analysed_only_for_modules_with_sites(tmp_path, monkeypatch):
    built = []
    original = modes.ModeAnalysis.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(modes.ModeAnalysis, "__init__", counting)
    (tmp_path / "requirements.txt").write_text("tensorflow==2.15.1\ntensorflow-hub==0.15.0\n")
    (tmp_path / "plain.py").write_text(NO_SITES)
    assert lint([tmp_path / "plain.py"]) == []
    assert built == []
    (tmp_path / "hubby.py").write_text(WITH_SITE)
    assert {m[0] for m in lint([tmp_path / "hubby.py"])} == {"hub-module-eager"}
    assert built == [1]


def test_each_expression_is_resolved_through_the_imports_once(tmp_path, monkeypatch):
    resolved = []
    original = qualified.qualified_name

    def counting(node):
        resolved.append(node)
        return original(node)

    monkeypatch.setattr(qualified, "qualified_name", counting)
    (tmp_path / "requirements.txt").write_text("tensorflow==2.15.1\ntensorflow-hub==0.15.0\n")
    (tmp_path / "hubby.py").write_text(WITH_SITE)
    lint([tmp_path / "hubby.py"])
    assert resolved
    assert len(resolved) == len(set(map(id, resolved)))

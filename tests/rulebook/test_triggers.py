"""Modules that cannot have a finding are told from their bytes, and never analysed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pylint_hubcompat.rulebook.loading import builtin_rules
from pylint_hubcompat.rulebook.triggers import Triggers
from tests.lint import lint_snippet

TRIGGERS = Triggers.of_rules(builtin_rules())
FUNCTIONAL = Path(__file__).resolve().parents[1] / "functional"


@pytest.mark.parametrize("rule", builtin_rules(), ids=lambda rule: rule.symbol)
def test_every_bad_example_can_be_selected(rule):
    assert TRIGGERS.could_select(rule.bad.encode())


def _with_findings(case: Path) -> bool:
    expected = case.with_suffix(".txt")
    return expected.exists() and bool(expected.read_text().strip())


@pytest.mark.parametrize("case", sorted(filter(_with_findings, FUNCTIONAL.rglob("*.py"))), ids=lambda p: p.stem)
def test_every_functional_case_with_findings_can_be_selected(case):
    assert TRIGGERS.could_select(case.read_bytes())


@pytest.mark.parametrize(
    "code",
    [
        "import tensorflow.compat.v1 as tf\nclass Trainer(tf.estimator.Estimator): pass\n",
        "from tensorflow_hub import KerasLayer as Layer\nLayer('h')\n",
        "import tensorflow_hub as hub\nfrom tensorflow.compat.v1 import get_collection\n",
        "import tensorflow as tf\nconfig = tf.ConfigProto()\nconfig.experimental.share_cluster_devices_in_session = True\n",
        "import tensorflow as tf\nimport tensorflow_hub\n",
        "import tensorflow as tf\ntf.saved_model.save(model, '/tmp/m')\n",
    ],
)
def test_aliases_and_compat_spellings_are_selected(code):
    assert TRIGGERS.could_select(code.encode())


@pytest.mark.parametrize(
    "code",
    [
        "import tensorflow as tf\nDENSE = tf.keras.layers.Dense(3)\n",
        "import tensorflow as tf\n# we once used a hub module here\n",
        "import tensorflow as tf\nsaved_model_dir = 'x'\n",  # saved_model without save
        # hub-graph-collections needs a model fine-tuned in the module: tensorflow_hub is spelled there
        "import tensorflow as tf\nloss = tf.add_n(tf.get_collection('losses'))\n",
    ],
)
def test_tensorflow_modules_without_rule_words_are_not(code):
    assert not TRIGGERS.could_select(code.encode())


def test_a_word_set_containing_another_is_dropped():
    assert frozenset({b"tensorflow_hub"}) in TRIGGERS.word_sets
    assert not any(b"tensorflow_hub" in words and len(words) > 1 for words in TRIGGERS.word_sets)


def test_a_module_that_cannot_have_findings_loads_no_analysis(tmp_path):
    """pylint's start-up stays pylint's: the analysis, detection and packaging's specifiers stay unloaded."""
    (tmp_path / "requirements.txt").write_text("tensorflow==2.15.1\n")
    (tmp_path / "layers.py").write_text("import tensorflow as tf\n\nDENSE = tf.keras.layers.Dense(3)\n")
    script = (
        "import sys\nfrom pylint.lint import Run\n"
        "Run(['--load-plugins=pylint_hubcompat', '--disable=all', '--enable=hubcompat', '--persistent=n', 'layers.py'], exit=False)\n"
        "print(sorted(m for m in ('pylint_hubcompat.plugin.analysis', 'pylint_hubcompat.target.detection', 'packaging.specifiers') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_config_problems_are_reported_where_findings_depend_on_them(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project\nname = 'x'\n")
    layers = "import tensorflow as tf\n\nDENSE = tf.keras.layers.Dense(3)\n"
    assert lint_snippet(tmp_path, layers, name="layers.py") == []
    hub = "import tensorflow_hub as hub\n\nLAYER = hub.KerasLayer('https://tfhub.dev/google/nnlm-en-dim128/2')\n"
    assert [m[0] for m in lint_snippet(tmp_path, hub, name="model.py")] == ["hubcompat-config-error"]

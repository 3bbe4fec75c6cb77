"""``hubcompat plan --apply`` on the TF 2.12 project, run for real in the ``current`` environment.

The plan to 2.21 moves the pins to what ``current`` has installed (TensorFlow
2.21.0, tensorflow-hub 0.16.1, tf-keras, tensorflow-text 2.21) and makes its
fixes.  Each module of the project is then run there with a few lines that use
it as its callers would: before the plan it fails as the witness of one of the
rules the plan found in it says; after it, a module the plan left no witnessed
finding in runs and shows its effect, and one it left for a person (the
Estimator) still fails as its rule's witness says.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from envs import installed_versions
from harness import OK, RAISED, RunResult
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from witness_rules import Witness, load_witnesses

REPO = Path(__file__).resolve().parents[2]
PROJECT = REPO / "tests" / "fixtures" / "projects" / "tf212_upgrade"
ENV = "current"
#: What the plan's target line runs on.
LINE = "2.21.0"
#: Each rule's witness, where it is shown in ``ENV``.
WITNESSED = {w.symbol: w for w in load_witnesses() if w.env == ENV and w.raises and not w.skip}

#: How each module is used: appended to it, run as one program.
USES = {
    "src/classifier/model.py": """
import numpy as np

model = build(5)
images = np.random.default_rng(0).random([2, 224, 224, 3], np.float32)
predictions = model.predict(images, verbose=0)
assert predictions.shape == (2, 5), predictions.shape
print("effect:", f"the Sequential with the hub.KerasLayer predicts {predictions.shape}")
""",
    # The encoder's tiny stand-in takes images, not the preprocessor's strings: the
    # preprocessor alone, in a functional model as classifier() builds it.
    "src/classifier/text.py": """
text_input = tf.keras.layers.Input(shape=(), dtype=tf.string, name="text")
preprocessed = hub.KerasLayer(PREPROCESS, name="preprocessing")(text_input)
model = tf.keras.Model(text_input, preprocessed)
outputs = model(tf.constant(["TensorFlow Hub"]))
assert outputs.numpy().tolist() == [b"tensorflow hub"], outputs
print("effect:", f"the BERT preprocessor runs with its TF Text op: {outputs.numpy().tolist()}")
""",
    "src/classifier/estimator.py": """
train(lambda: ({"x": tf.zeros([4, 3])}, tf.zeros([4], tf.int32)))
print("effect: the Estimator trained")
""",
}


def hubcompat(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "pylint_hubcompat", *args], cwd=project, capture_output=True, text=True, env=env,
        check=False,
    )


def found_on_the_line(project: Path) -> dict[str, set[str]]:
    """Module -> the symbols ``check --tf-version`` finds there on the line planned for."""
    result = hubcompat(project, "check", ".", "--output-format=json", f"--tf-version={LINE}")
    found: dict[str, set[str]] = {module: set() for module in USES}
    for message in json.loads(result.stdout):
        found.setdefault(message["path"], set()).add(message["symbol"])
    return found


class Applied:
    """The project before and after ``plan --apply --unsafe-fixes``, and what the plan said."""

    def __init__(self, root: Path) -> None:
        self.before = {module: (root / module).read_text(encoding="utf-8") for module in USES}
        self.found_before = found_on_the_line(root)
        result = hubcompat(root, "plan", ".", "--format=json", "--unsafe-fixes")
        (self.plan,) = json.loads(result.stdout)["projects"]
        assert hubcompat(root, "plan", ".", "--apply", "--unsafe-fixes").returncode == 1
        self.after = {module: (root / module).read_text(encoding="utf-8") for module in USES}
        self.found_after = found_on_the_line(root)
        self.requirements = (root / "requirements.txt").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def applied(tmp_path_factory: pytest.TempPathFactory) -> Applied:
    return Applied(Path(shutil.copytree(PROJECT, tmp_path_factory.mktemp("plan") / "classifier")))


def raised_as(result: RunResult, witness: Witness) -> bool:
    return (
        result.status == RAISED
        and witness.raises in (result.exc_type, f"{result.exc_module}.{result.exc_type}")
        and (witness.match or "") in result.message
    )


@pytest.mark.runtime
def test_the_applied_pins_are_what_the_environment_has(applied: Applied) -> None:
    installed = {canonicalize_name(name): version for name, version in installed_versions(ENV).items()}
    for line in applied.requirements:
        requirement = Requirement(line)
        version = installed.get(canonicalize_name(requirement.name))
        assert version is not None and requirement.specifier.contains(version), (line, version)


@pytest.mark.runtime
@pytest.mark.parametrize("module", list(USES))
def test_the_module_fails_before_the_plan_as_a_witness_says(applied: Applied, module: str, run) -> None:
    witnesses = [WITNESSED[s] for s in sorted(applied.found_before[module]) if s in WITNESSED]
    assert witnesses, f"{module}: no finding of the plan's line with a witness in {ENV}"
    result = run(applied.before[module] + USES[module], ENV)
    assert any(raised_as(result, w) for w in witnesses), result.describe()


@pytest.mark.runtime
@pytest.mark.parametrize("module", list(USES))
def test_after_the_plan_only_what_it_left_for_a_person_fails(applied: Applied, module: str, run) -> None:
    left = {entry["symbol"] for entry in applied.plan["left"]}
    assert applied.found_after[module] <= left
    witnesses = [WITNESSED[s] for s in sorted(applied.found_after[module]) if s in WITNESSED]
    result = run(applied.after[module] + USES[module], ENV)
    if witnesses:
        assert any(raised_as(result, w) for w in witnesses), result.describe()
    else:
        assert result.status == OK, result.describe()
        assert "effect:" in result.stdout, result.describe()

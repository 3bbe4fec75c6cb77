"""The tiny models keep the contract the witnesses rely on, in both environments.

A witness is only as good as its stand-in model: these tests pin down that the
TF1 Hub format module and the TF2 SavedModel behave like the real image
feature-vector models they replace (formats, shapes, variables, train graph),
and that the TF Text model, like a real text preprocessor, needs
``import tensorflow_text`` to load and then gives the expected strings.
"""

from __future__ import annotations

import pytest
from harness import OK

pytestmark = pytest.mark.runtime

CONTRACT = """
import numpy as np
import tensorflow as tf
import tensorflow_hub as hub

images = np.ones([2, 5, 7, 3], np.float32)  # any height and width

tf1 = hub.KerasLayer(TF1_MODEL)
assert tf1(images).shape == (2, 4)
assert hub.load(TF1_MODEL).signatures["default"](images=tf.constant(images))["default"].shape == (2, 4)

tf2 = hub.KerasLayer(TF2_MODEL, trainable=True)
assert tf2(images, training=False).shape == (2, 4)
assert [len(tf2.trainable_weights), len(tf2.non_trainable_weights), len(tf2.losses)] == [1, 1, 1]
tf2(images, training=True)
assert float(tf2.non_trainable_weights[0][0]) > 0, "training=True updates the moving mean"
loaded = hub.load(TF2_MODEL)
assert [len(loaded.variables), len(loaded.trainable_variables), len(loaded.regularization_losses)] == [2, 1, 1]
assert loaded.signatures["serving_default"](images=tf.constant(images))["default"].shape == (2, 4)
print("contract holds")
"""


@pytest.mark.parametrize("env", ["legacy", "current"])
def test_tiny_models_keep_the_contract(env: str, tiny_models, run) -> None:
    assert (tiny_models["tf1-hub"] / "tfhub_module.pb").exists()
    assert not (tiny_models["tf2-savedmodel"] / "tfhub_module.pb").exists()
    source = CONTRACT.replace("TF1_MODEL", repr(str(tiny_models["tf1-hub"]))).replace(
        "TF2_MODEL", repr(str(tiny_models["tf2-savedmodel"]))
    )
    result = run(source, env)
    assert result.status == OK, result.describe()


def test_tf1_module_has_a_train_graph_with_updates_and_losses(run) -> None:
    result = run(
        """
import tensorflow as tf
import tensorflow_hub as hub

tf.compat.v1.disable_v2_behavior()
MODEL = "https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow1/100-224-feature-vector/2"
spec = hub.load_module_spec(MODEL)
assert set(spec.get_tags()) == {frozenset(), frozenset({"train"})}, spec.get_tags()
module = hub.Module(MODEL, trainable=True, tags={"train"})
assert module(tf.ones([1, 9, 9, 3])).shape.as_list() == [1, 4]
keys = tf.compat.v1.GraphKeys
counts = [len(tf.compat.v1.get_collection(k))
          for k in (keys.TRAINABLE_VARIABLES, keys.UPDATE_OPS, keys.REGULARIZATION_LOSSES)]
assert counts == [1, 1, 1], counts
""",
        "legacy",
    )
    assert result.status == OK, result.describe()


TEXT_OPS_CONTRACT = """
import tensorflow as tf
import tensorflow_hub as hub
import tensorflow_text

text = tf.constant(["Hello TF Hub", "ÀB"])
expected = [b"hello tf hub", "àb".encode()]
loaded = hub.load(TEXT_OPS_MODEL)
assert loaded(text).numpy().tolist() == expected
assert loaded.signatures["serving_default"](text=text)["default"].numpy().tolist() == expected
assert [len(loaded.variables), len(loaded.trainable_variables), len(loaded.regularization_losses)] == [0, 0, 0]
assert hub.KerasLayer(TEXT_OPS_MODEL)(text).numpy().tolist() == expected
print("contract holds")
"""


@pytest.mark.parametrize("env", ["legacy", "current"])
def test_text_ops_model_keeps_the_contract(env: str, tiny_models, run) -> None:
    """The TF Text model runs with tensorflow_text imported and needs its op otherwise."""
    path = tiny_models["tf2-text-ops"]
    assert (path / "saved_model.pb").exists() and not (path / "tfhub_module.pb").exists()
    assert b"CaseFoldUTF8" in (path / "saved_model.pb").read_bytes()
    result = run(TEXT_OPS_CONTRACT.replace("TEXT_OPS_MODEL", repr(str(path))), env)
    assert result.status == OK, result.describe()
    without = run(f"import tensorflow_hub as hub\nhub.load({str(path)!r})\n", env)
    assert (without.exc_type, "Op type not registered 'CaseFoldUTF8'" in without.message) == (
        "RuntimeError", True), without.describe()

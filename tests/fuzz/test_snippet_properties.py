"""Linting random small programs mixing hub calls never yields hubcompat-internal-error."""

from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.helpers import FUZZ, assert_no_crash, lint

IMPORTS = st.lists(
    st.sampled_from(
        [
            "import tensorflow as tf",
            "import tensorflow.compat.v1 as tf",
            "import tensorflow_hub as hub",
            "from tensorflow_hub import KerasLayer as KL, load, Module",
            "from tensorflow_hub import *",
            "import tf_keras",
            "import keras",
            "from tensorflow import estimator as est",
            "import os",
            "try:\n    import tensorflow_hub as hub\nexcept ImportError:\n    hub = None",
        ]
    ),
    min_size=1,
    max_size=4,
    unique=True,
)
HANDLES = st.sampled_from(
    [
        '"https://tfhub.dev/google/nnlm-en-dim128/1"',
        '"https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/5"',
        '"https://www.kaggle.com/models/google/x/frameworks/TensorFlow1/variations/y/versions/1"',
        "HANDLE", "f'{HANDLE}/2'", "None", "1", "*args", "**kwargs", "handle=HANDLE", "spec", '"./models/tf1"',
    ]
)
CALL_TEMPLATES = st.sampled_from(
    [
        "m = hub.Module({h})", "m = hub.Module({h}, trainable=True, tags={{'train'}})", "out = m(x, signature='tokens', as_dict=True)",
        "layer = hub.KerasLayer({h}, trainable=True)", "layer = KL({h}, trainable=TRAIN)", "layer.trainable = True",
        "obj = hub.load({h})", "obj = load({h})", "v = obj.trainable_variables", "y = layer(x, training=True)",
        "model = tf.keras.Sequential([hub.KerasLayer({h})])", "model = tf_keras.Sequential([layer])",
        "model = keras.Sequential([KL({h})])", "inp = keras.Input((1,)); out = hub.KerasLayer({h})(inp)",
        "spec = hub.create_module_spec(module_fn)", "hub.add_signature(inputs=x, outputs=x)",
        "ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)", "loss = tf.losses.get_regularization_loss()",
        "train_op = tf.train.AdamOptimizer().minimize(loss)", "tf.compat.v1.disable_v2_behavior()",
        "config = tf.estimator.RunConfig(session_config=cfg)", "cfg.experimental.share_cluster_devices_in_session = True",
        "strategy = tf.distribute.experimental.ParameterServerStrategy(resolver)", "tf.saved_model.save(model, path)",
        "os.environ['TF_USE_LEGACY_KERAS'] = '1'", "e = est.Estimator(model_fn)", "HANDLE = 'https://tfhub.dev/google/elmo/3'",
        "hub.Module = None", "del hub", "hub = hub", "x = hub.Module", "hub.text_embedding_column('x', {h})",
    ]
)
STATEMENTS = st.lists(st.tuples(CALL_TEMPLATES, HANDLES).map(lambda t: t[0].format(h=t[1])), min_size=1, max_size=5)
WRAPPERS = st.sampled_from(
    [
        "def module_fn():\n{body}",
        "def model_fn(features, labels, mode):\n{body}",
        "def f(TRAIN=True, *args, **kwargs):\n{body}",
        "class Net(tf.keras.Model):\n    def build(self, spec=None):\n{body2}",
        "with tf.Graph().as_default():\n{body}",
        "if tf.executing_eagerly():\n{body}\nelse:\n    pass",
        "try:\n{body}\nexcept (ImportError, AttributeError):\n    pass",
        "for i in range(2):\n{body}",
        "lambda_ = lambda: None\nif tf.__version__ < '2':\n{body}",
        "@tf.function\ndef g():\n{body}",
    ]
)


def wrap(blocks: tuple[str, str]) -> str:
    wrapper, body = blocks
    return wrapper.format(body=textwrap.indent(body, "    "), body2=textwrap.indent(body, "        "))


BLOCK = st.recursive(
    STATEMENTS.map("\n".join),
    lambda inner: st.tuples(WRAPPERS, inner).map(wrap) | st.lists(inner, min_size=1, max_size=3).map("\n".join),
    max_leaves=6,
)


@FUZZ
@given(IMPORTS, BLOCK, st.sampled_from([(), ("--runtime-mode=tf1-compat",), ("--tf-version=1.15.5", "--hub-version=0.12.0"),
                                        ("--tf-version=2.21.0",), ("--project-scan=n",)]))
def test_random_hub_programs_never_make_an_internal_error(imports, block, options):
    source = "\n".join(imports) + "\n" + block + "\n"
    compile(source, "snippet.py", "exec")  # the strategies only make valid Python
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "requirements.txt").write_text("tensorflow>=2.12\ntensorflow-hub>=0.12\n")
        (root / "models" / "tf1").mkdir(parents=True)
        (root / "models" / "tf1" / "tfhub_module.pb").write_bytes(b"")
        path = root / "snippet.py"
        path.write_text(source)
        messages = lint([path], *options)
    assert_no_crash(messages)
    assert not [m for m in messages if m[0] in ("astroid-error", "syntax-error")], messages

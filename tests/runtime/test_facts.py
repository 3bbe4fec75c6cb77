"""The ground truth the rules rest on (shared/FACTS.md), checked on real TensorFlow.

Each scenario is a small program as a user would write it, with a real-looking
handle that the harness points at a tiny local model of the same format.  The
expected outcome is what FACTS.md says; the observed one lands in
docs/runtime-witnesses.md, so rule authors can quote exact exception texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from harness import OK, RAISED
from models import model_path
from witness_report import message_line

pytestmark = pytest.mark.runtime

TF1 = "https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow1/100-224-feature-vector/2"
TF2 = "https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow2/100-224-feature-vector/4"
#: The tiny TF2 SavedModel with a TF Text op (CaseFoldUTF8); no handle format, so its local path.
TEXT_OPS = str(model_path("tf2-text-ops"))


def _ps_estimator(run_config: str) -> str:
    """The Estimator of hub-ps-session-config's examples, trained one step on a local cluster.

    TF_CONFIG names a chief and a ps (the harness points their addresses at free
    loopback ports); both servers run in this process, as the Estimator's own
    tf.distribute.Server would on each machine.  The Estimator places the hub
    model's variables on /job:ps and trains in a session on the chief.
    """
    return f"""
import json
import os

import numpy as np
import tensorflow as tf
import tensorflow_hub as hub

os.environ["TF_CONFIG"] = json.dumps({{
    "cluster": {{"chief": ["localhost:2222"], "ps": ["localhost:2223"]}},
    "task": {{"type": "chief", "index": 0}},
}})


def model_fn(features, labels, mode):
    embed = hub.KerasLayer("{TF2}", trainable=True)
    logits = tf.keras.layers.Dense(1)(embed(features["images"]))
    loss = tf.reduce_mean(tf.keras.losses.binary_crossentropy(labels, logits, from_logits=True))
    optimizer = tf.compat.v1.train.AdamOptimizer()
    train_op = optimizer.minimize(
        loss, global_step=tf.compat.v1.train.get_global_step(), var_list=embed.trainable_variables)
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)


{run_config.strip()}
estimator = tf.estimator.Estimator(model_fn, config=run_config)
servers = [tf.distribute.Server(estimator.config.cluster_spec, job_name=job, task_index=0)
           for job in ("ps", "chief")]


def input_fn():
    data = ({{"images": np.ones([2, 8, 8, 3], np.float32)}}, np.ones([2, 1], np.float32))
    return tf.data.Dataset.from_tensors(data).repeat()


print("ps tasks", estimator.config.num_ps_replicas, "session master", estimator.config.master.rsplit(":", 1)[0])
estimator.train(input_fn, max_steps=1)
initial = hub.load("{TF2}").trainable_variables[0]
trained = estimator.get_variable_value(initial.name.split(":")[0])
print("hub weights changed", bool((trained != initial.numpy()).any()))
"""


@dataclass(frozen=True)
class Scenario:
    """A program, where it runs, and what FACTS.md says happens."""

    name: str
    env: str
    fact: str
    code: str
    raises: str | None = None
    match: str | None = None
    prints: tuple[str, ...] = field(default=())

    @property
    def expected(self) -> str:
        if self.raises:
            return f"raises {self.raises}: …{self.match}…"
        return "runs" + "".join(f"; prints {p!r}" for p in self.prints)


SCENARIOS = [
    Scenario(
        "hub-module-tf1-under-eager", "legacy", "hub.Module(tf1) under TF2 eager fails",
        f"""
import tensorflow as tf
import tensorflow_hub as hub

module = hub.Module("{TF1}")
""",
        raises="RuntimeError",
        match="Exporting/importing meta graphs is not supported when eager execution is enabled",
    ),
    Scenario(
        "hub-module-tf1-in-graph", "legacy",
        "hub.Module(tf1) inside tf.Graph().as_default() works and fills the collections",
        f"""
import tensorflow as tf
import tensorflow_hub as hub

with tf.Graph().as_default():
    module = hub.Module("{TF1}", trainable=True, tags={{"train"}})
    features = module(tf.ones([2, 8, 8, 3]))
    keys = tf.compat.v1.GraphKeys
    print("collections", [len(tf.compat.v1.get_collection(k))
          for k in (keys.TRAINABLE_VARIABLES, keys.UPDATE_OPS, keys.REGULARIZATION_LOSSES)])
    with tf.compat.v1.Session() as session:
        session.run(tf.compat.v1.global_variables_initializer())
        print("shape", session.run(features).shape)
""",
        prints=("collections [1, 1, 1]", "shape (2, 4)"),
    ),
    Scenario(
        "hub-module-tf1-disable-eager", "legacy",
        "hub.Module(tf1) works after tf.compat.v1.disable_eager_execution()",
        f"""
import tensorflow as tf
import tensorflow_hub as hub

tf.compat.v1.disable_eager_execution()
module = hub.Module("{TF1}")
print("shape", module(tf.ones([1, 8, 8, 3])).shape)
""",
        prints=("shape (1, 4)",),
    ),
    Scenario(
        "hub-module-tf1-estimator", "legacy",
        "hub.Module(tf1) inside an Estimator model_fn (graph mode) trains",
        f"""
import numpy as np
import tensorflow as tf
import tensorflow_hub as hub

def model_fn(features, labels, mode):
    module = hub.Module("{TF1}", trainable=True, tags={{"train"}})
    predictions = tf.compat.v1.layers.dense(module(features), 1)
    loss = tf.reduce_mean(tf.square(predictions - labels))
    train_op = tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(
        loss, global_step=tf.compat.v1.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)

def input_fn():
    data = (np.ones([2, 8, 8, 3], np.float32), np.zeros([2, 1], np.float32))
    return tf.data.Dataset.from_tensors(data).repeat()

tf.estimator.Estimator(model_fn).train(input_fn, steps=2)
print("trained")
""",
        prints=("trained",),
    ),
    Scenario(
        "hub-module-tf2-savedmodel", "legacy",
        "hub.Module(tf2 SavedModel) fails: hub >= 0.9 NotFoundError .../tfhub_module.pb",
        f"""
import tensorflow as tf
import tensorflow_hub as hub

with tf.Graph().as_default():
    module = hub.Module("{TF2}")
""",
        raises="NotFoundError", match="tfhub_module.pb",
    ),
    *[
        Scenario(
            f"keraslayer-tf1-trainable-{env}", env,
            "KerasLayer(tf1, trainable=True) raises on first call, not in __init__",
            f"""
import numpy as np
import tensorflow_hub as hub

layer = hub.KerasLayer("{TF1}", trainable=True)
print("constructed")
layer(np.ones([2, 8, 8, 3], np.float32))
""",
            raises="ValueError",
            match="Setting hub.KerasLayer.trainable = True is unsupported when loading from the TF1 Hub format.",
            prints=("constructed",),
        )
        for env in ("legacy", "current")
    ],
    *[
        Scenario(
            f"keraslayer-tf2-signature-trainable-{env}", env,
            "KerasLayer(tf2, signature=..., trainable=True) raises on first call",
            f"""
import numpy as np
import tensorflow_hub as hub

layer = hub.KerasLayer("{TF2}", signature="serving_default", output_key="default", trainable=True)
print("constructed")
layer(np.ones([2, 8, 8, 3], np.float32))
""",
            raises="ValueError",
            match="Setting hub.KerasLayer.trainable = True is unsupported when calling a SavedModel signature.",
            prints=("constructed",),
        )
        for env in ("legacy", "current")
    ],
    *[
        Scenario(
            f"hub-load-tf1-signature-{env}", env,
            "hub.load(tf1).signatures['default'] works in TF2; the object has no trainable_variables",
            f"""
import tensorflow as tf
import tensorflow_hub as hub

model = hub.load("{TF1}")
print("shape", model.signatures["default"](images=tf.ones([2, 8, 8, 3]))["default"].shape)
print("has trainable_variables", hasattr(model, "trainable_variables"))
""",
            prints=("shape (2, 4)", "has trainable_variables False"),
        )
        for env in ("legacy", "current")
    ],
    Scenario(
        "compat-keraslayer-tf2-collections", "legacy",
        "TF1 compat mode + KerasLayer(tf2, trainable=True): collections stay empty",
        f"""
import numpy as np
import tensorflow as tf
import tensorflow_hub as hub

tf.compat.v1.disable_v2_behavior()
images = tf.compat.v1.placeholder(tf.float32, [None, 8, 8, 3])
layer = hub.KerasLayer("{TF2}", trainable=True)
loss = tf.reduce_mean(tf.square(layer(images, training=True)))
keys = tf.compat.v1.GraphKeys
print("collections", [len(tf.compat.v1.get_collection(k))
      for k in (keys.TRAINABLE_VARIABLES, keys.UPDATE_OPS, keys.REGULARIZATION_LOSSES)])
print("layer trainable/losses/updates",
      [len(layer.trainable_weights), len(layer.losses), len(layer.updates)])
train_op = tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(
    loss, var_list=layer.trainable_variables)
with tf.compat.v1.Session() as session:
    session.run(tf.compat.v1.global_variables_initializer())
    session.run(train_op, {{images: np.ones([2, 8, 8, 3], np.float32)}})
    # The moving-mean assign lives inside the SavedModel's call function, so it runs
    # with the forward pass even though UPDATE_OPS and layer.updates are empty.
    print("moving mean after one step", session.run(layer.non_trainable_weights[0]).tolist())
""",
        prints=("collections [0, 0, 0]", "layer trainable/losses/updates [1, 1, 0]",
                "moving mean after one step [0.1"),
    ),
    Scenario(
        "compat-keraslayer-keras-batchnorm", "legacy",
        "TF1 compat mode + KerasLayer(Keras BatchNormalization SavedModel, trainable=True): "
        "UPDATE_OPS and layer.updates are empty, yet the moving mean updates with the train step",
        """
import os
import subprocess
import sys
import tempfile

import numpy as np
import tensorflow as tf
import tensorflow_hub as hub

export_dir = os.path.join(tempfile.mkdtemp(), "bn")
subprocess.run([sys.executable, "-c", f'''
import tensorflow as tf
model = tf.keras.Sequential([tf.keras.Input([8, 8, 3]), tf.keras.layers.Conv2D(4, 3),
                             tf.keras.layers.BatchNormalization(), tf.keras.layers.GlobalAveragePooling2D()])
tf.saved_model.save(model, {export_dir!r})
'''], check=True)

tf.compat.v1.disable_v2_behavior()
images = tf.compat.v1.placeholder(tf.float32, [None, 8, 8, 3])
layer = hub.KerasLayer(export_dir, trainable=True)
loss = tf.reduce_mean(tf.square(layer(images, training=True)))
print("updates", len(layer.updates), "UPDATE_OPS",
      len(tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.UPDATE_OPS)))
moving_mean = [v for v in layer.non_trainable_weights if "moving_mean" in v.name][0]
train_op = tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(
    loss, var_list=layer.trainable_variables)
with tf.compat.v1.Session() as session:
    session.run(tf.compat.v1.global_variables_initializer())
    session.run(train_op, {images: np.random.rand(2, 8, 8, 3).astype(np.float32)})
    print("moving mean changed", bool(session.run(moving_mean).any()))
""",
        prints=("updates 0 UPDATE_OPS 0", "moving mean changed True"),
    ),
    Scenario(
        "compat-keraslayer-tf2-minimize", "legacy",
        "TF1 compat mode + KerasLayer(tf2, trainable=True): minimize(loss) finds no variables",
        f"""
import tensorflow as tf
import tensorflow_hub as hub

tf.compat.v1.disable_v2_behavior()
images = tf.compat.v1.placeholder(tf.float32, [None, 8, 8, 3])
layer = hub.KerasLayer("{TF2}", trainable=True)
loss = tf.reduce_mean(tf.square(layer(images, training=True)))
tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(loss)
""",
        raises="ValueError", match="No variables to optimize.",
    ),
    Scenario(
        "ps-estimator-without-session-option", "legacy",
        "parameter-server training (Estimator, TF_CONFIG chief + ps on this machine, variables on "
        "/job:ps) of KerasLayer(tf2, trainable=True) without share_cluster_devices_in_session fails",
        _ps_estimator("run_config = tf.estimator.RunConfig()"),
        raises="InternalError",
        match="Assigned device '/job:ps/replica:0/task:0/device:CPU:0' does not match any device",
        prints=("ps tasks 1 session master grpc://127.0.0.1",),
    ),
    Scenario(
        "ps-estimator-share-cluster-devices", "legacy",
        "the same Estimator with session_config.share_cluster_devices_in_session = True trains a step "
        "and the hub weights change",
        _ps_estimator("""
session_config = tf.compat.v1.ConfigProto()
session_config.share_cluster_devices_in_session = True
run_config = tf.estimator.RunConfig(session_config=session_config)
"""),
        prints=("ps tasks 1 session master grpc://127.0.0.1", "hub weights changed True"),
    ),
    Scenario(
        "keras-three-sequential", "current",
        "tf.keras (Keras 3) Sequential rejects hub.KerasLayer",
        f"""
import tensorflow as tf
import tensorflow_hub as hub

model = tf.keras.Sequential([hub.KerasLayer("{TF2}")])
""",
        raises="ValueError",
        match="Only instances of `keras.Layer` can be added to a Sequential model",
    ),
    Scenario(
        "keras-three-input", "current",
        "a Keras 3 keras.Input fed to hub.KerasLayer fails",
        f"""
import keras
import tensorflow_hub as hub

features = hub.KerasLayer("{TF2}")(keras.Input([8, 8, 3]))
""",
        raises="ValueError", match="A KerasTensor is symbolic",
    ),
    Scenario(
        "legacy-keras-env-var-fit", "current",
        "TF_USE_LEGACY_KERAS=1 before importing TF: tf.keras is tf_keras and fit fine-tunes",
        f"""
import os
os.environ["TF_USE_LEGACY_KERAS"] = "1"

import numpy as np
import tensorflow as tf
import tensorflow_hub as hub

model = tf.keras.Sequential([hub.KerasLayer("{TF2}", trainable=True), tf.keras.layers.Dense(1)])
model.compile("sgd", "mse")
before = model.layers[0].trainable_weights[0].numpy().copy()
model.fit(np.ones([4, 8, 8, 3], np.float32), np.zeros([4, 1]), epochs=1, verbose=0)
print("keras", type(model).__module__.split(".")[0])
print("weights changed", bool((before != model.layers[0].trainable_weights[0].numpy()).any()))
print("regularization losses", len(model.losses))
""",
        prints=("keras tf_keras", "weights changed True", "regularization losses 1"),
    ),
    Scenario(
        "tf-keras-sequential-fit", "current",
        "tf_keras.Sequential with KerasLayer(tf2, trainable=True) and fit fine-tunes",
        f"""
import numpy as np
import tensorflow_hub as hub
import tf_keras

model = tf_keras.Sequential([hub.KerasLayer("{TF2}", trainable=True), tf_keras.layers.Dense(1)])
model.compile("sgd", "mse")
before = model.layers[0].trainable_weights[0].numpy().copy()
model.fit(np.ones([4, 8, 8, 3], np.float32), np.zeros([4, 1]), epochs=1, verbose=0)
print("weights changed", bool((before != model.layers[0].trainable_weights[0].numpy()).any()))
""",
        prints=("weights changed True",),
    ),
    Scenario(
        "keras-three-lambda-wrap", "current",
        "wrapping hub.KerasLayer in keras.layers.Lambda works with Keras 3",
        f"""
import numpy as np
import keras
import tensorflow_hub as hub

layer = hub.KerasLayer("{TF2}")
model = keras.Sequential([keras.Input([8, 8, 3]),
                          keras.layers.Lambda(lambda x: layer(x), output_shape=(4,))])
print("shape", model(np.ones([2, 8, 8, 3], np.float32)).shape)
""",
        prints=("shape (2, 4)",),
    ),
    Scenario(
        "keras-three-input-list", "current",
        "a hub.KerasLayer called on a list of Keras 3 Inputs (the BERT encoder shape) fails",
        f"""
import tensorflow as tf
import tensorflow_hub as hub

word_ids = tf.keras.Input([8, 8, 3])
mask = tf.keras.Input([8, 8, 3])
outputs = hub.KerasLayer("{TF2}")([word_ids, mask])
""",
        raises="ValueError", match="A KerasTensor is symbolic",
    ),
    Scenario(
        "keras-three-input-dict-call", "current",
        "a hub.KerasLayer called on dict(...) of Keras 3 Inputs fails",
        f"""
import tensorflow as tf
import tensorflow_hub as hub

word_ids = tf.keras.Input([8, 8, 3])
mask = tf.keras.Input([8, 8, 3])
outputs = hub.KerasLayer("{TF2}")(dict(input_word_ids=word_ids, input_mask=mask))
""",
        raises="ValueError", match="A KerasTensor is symbolic",
    ),
    Scenario(
        "keras-three-input-dict", "current",
        "a hub.KerasLayer called on a dict literal of Keras 3 Inputs fails",
        f"""
import tensorflow as tf
import tensorflow_hub as hub

word_ids = tf.keras.Input([8, 8, 3])
outputs = hub.KerasLayer("{TF2}")({{"input_word_ids": word_ids}})
""",
        raises="ValueError", match="A KerasTensor is symbolic",
    ),
    Scenario(
        "keras-three-layer-output", "current",
        "a hub.KerasLayer called on another layer's output fails, even when the first one is wrapped in a Lambda",
        f"""
import tensorflow as tf
import tensorflow_hub as hub

text_input = tf.keras.Input([8, 8, 3])
preprocessor = hub.KerasLayer("{TF2}")
encoder_inputs = tf.keras.layers.Lambda(lambda t: preprocessor(t), output_shape=(4,))(text_input)
encoder = hub.KerasLayer("{TF2}")
print("wrapped first layer ok")
outputs = encoder(encoder_inputs)
""",
        raises="ValueError", match="A KerasTensor is symbolic",
    ),
    Scenario(
        "keras-three-tf-op", "current",
        "a tf.* op applied to a Keras 3 Input, to feed a hub.KerasLayer, already fails itself",
        f"""
import tensorflow as tf
import tensorflow_hub as hub

image = tf.keras.Input([8 * 8 * 3])
features = hub.KerasLayer("{TF2}")(tf.reshape(image, [-1, 8, 8, 3]))
""",
        raises="ValueError", match="A KerasTensor cannot be used as input to a TensorFlow function",
    ),
    Scenario(
        "keras-three-model-outputs", "current",
        "a Keras 3 Model(inputs, outputs) built on a hub.KerasLayer's output fails",
        f"""
import tensorflow as tf
import tensorflow_hub as hub

def build(inputs):
    features = hub.KerasLayer("{TF2}")(inputs)
    return tf.keras.Model(inputs=inputs, outputs=tf.keras.layers.Dense(1)(features))

model = build(tf.keras.Input([8, 8, 3]))
""",
        raises="ValueError", match="A KerasTensor is symbolic",
    ),
    Scenario(
        "keras-three-load-model", "current",
        "tf.keras.models.load_model(custom_objects={'KerasLayer': hub.KerasLayer}) of a Sequential saved by "
        "tf_keras fails",
        f"""
import os
import tempfile

import tensorflow as tf
import tensorflow_hub as hub
import tf_keras

path = os.path.join(tempfile.mkdtemp(), "model.h5")
tf_keras.Sequential([tf_keras.Input([8, 8, 3]), hub.KerasLayer("{TF2}")]).save(path)
print("saved with tf_keras")
model = tf.keras.models.load_model(path, custom_objects={{"KerasLayer": hub.KerasLayer}})
""",
        raises="ValueError", match="Only instances of `keras.Layer` can be added to a Sequential model",
    ),
    Scenario(
        "keras-three-load-model-functional", "current",
        "the same load_model of a functional model saved by tf_keras as .h5 fails too",
        f"""
import os
import tempfile

import tensorflow as tf
import tensorflow_hub as hub
import tf_keras

path = os.path.join(tempfile.mkdtemp(), "model.h5")
inputs = tf_keras.Input([8, 8, 3])
tf_keras.Model(inputs, hub.KerasLayer("{TF2}")(inputs)).save(path)
model = tf.keras.models.load_model(path, custom_objects={{"KerasLayer": hub.KerasLayer}})
""",
        raises="ValueError", match="Unexpected object from deserialization, expected a layer or operation",
    ),
    Scenario(
        "keras-three-subclassed-frozen", "current",
        "a frozen hub.KerasLayer in a subclassed Keras 3 Model runs (the model does not track it)",
        f"""
import numpy as np
import tensorflow as tf
import tensorflow_hub as hub

class Classifier(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.encoder = hub.KerasLayer("{TF2}")
        self.head = tf.keras.layers.Dense(1)

    def call(self, inputs):
        return self.head(self.encoder(inputs))

model = Classifier()
model.compile("sgd", "mse")
model.fit(np.ones([4, 8, 8, 3], np.float32), np.ones([4, 1]), epochs=1, verbose=0)
print("shape", model.predict(np.ones([2, 8, 8, 3], np.float32), verbose=0).shape)
print("tracked layers", [type(layer).__name__ for layer in model.layers])
""",
        prints=("shape (2, 1)", "tracked layers ['Dense']"),
    ),
    Scenario(
        "keras-three-subclassed-finetune", "current",
        "hub.KerasLayer(trainable=True) in a subclassed Keras 3 Model: fit runs but never changes the hub weights",
        f"""
import numpy as np
import tensorflow as tf
import tensorflow_hub as hub

class Classifier(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.encoder = hub.KerasLayer("{TF2}", trainable=True)
        self.head = tf.keras.layers.Dense(1)

    def call(self, inputs):
        return self.head(self.encoder(inputs))

model = Classifier()
model.compile("sgd", "mse")
model(np.ones([1, 8, 8, 3], np.float32))
before = model.encoder.trainable_weights[0].numpy().copy()
model.fit(np.ones([4, 8, 8, 3], np.float32), np.ones([4, 1]), epochs=3, verbose=0)
print("model trainable weights", len(model.trainable_weights))
print("hub weights changed", bool((before != model.encoder.trainable_weights[0].numpy()).any()))
""",
        prints=("model trainable weights 2", "hub weights changed False"),
    ),
    Scenario(
        "legacy-keras-env-after-hub-import", "current",
        "TF_USE_LEGACY_KERAS=1 set after `import tensorflow_hub` is too late: the Sequential still refuses the layer",
        f"""
import os

import tensorflow as tf
import tensorflow_hub as hub

os.environ["TF_USE_LEGACY_KERAS"] = "1"
model = tf.keras.Sequential([hub.KerasLayer("{TF2}")])
""",
        raises="ValueError", match="Only instances of `keras.Layer` can be added to a Sequential model",
    ),
    Scenario(
        "legacy-keras-env-after-keras-attribute", "current",
        "TF_USE_LEGACY_KERAS=1 set after an attribute of tf.keras was read is too late",
        f"""
import os

import tensorflow as tf

DENSE = tf.keras.layers.Dense
os.environ["TF_USE_LEGACY_KERAS"] = "1"

import tensorflow_hub as hub

model = tf.keras.Sequential([hub.KerasLayer("{TF2}")])
""",
        raises="ValueError", match="Only instances of `keras.Layer` can be added to a Sequential model",
    ),
    Scenario(
        "legacy-keras-env-after-from-tensorflow-keras-attribute", "current",
        "`from tensorflow import keras` does not load tf.keras, but reading keras.layers from it does: "
        "TF_USE_LEGACY_KERAS=1 after that is too late",
        f"""
import os

from tensorflow import keras

DENSE = keras.layers.Dense
os.environ["TF_USE_LEGACY_KERAS"] = "1"

import tensorflow as tf
import tensorflow_hub as hub

model = tf.keras.Sequential([hub.KerasLayer("{TF2}")])
""",
        raises="ValueError", match="Only instances of `keras.Layer` can be added to a Sequential model",
    ),
    Scenario(
        "legacy-keras-env-after-import-tensorflow-keras", "current",
        "TF_USE_LEGACY_KERAS=1 set after `import tensorflow.keras` is too late",
        f"""
import os

import tensorflow.keras

os.environ["TF_USE_LEGACY_KERAS"] = "1"

import tensorflow as tf
import tensorflow_hub as hub

model = tf.keras.Sequential([hub.KerasLayer("{TF2}")])
""",
        raises="ValueError", match="Only instances of `keras.Layer` can be added to a Sequential model",
    ),
    Scenario(
        "legacy-keras-env-after-tensorflow-import", "current",
        "import tensorflow, `from tensorflow import keras`, import keras, import tf_keras and tf.compat.v1.keras.* "
        "do not load tf.keras: "
        "TF_USE_LEGACY_KERAS=1 after them, before tensorflow_hub, still counts",
        f"""
import os

import keras
import tensorflow as tf
import tf_keras
from tensorflow import keras as tf_keras_module

tf.constant(1.0)
COMPAT_DENSE = tf.compat.v1.keras.layers.Dense
os.environ["TF_USE_LEGACY_KERAS"] = "1"

import tensorflow_hub as hub

model = tf.keras.Sequential([hub.KerasLayer("{TF2}")])
print("keras", type(model).__module__.split(".")[0])
""",
        prints=("keras tf_keras",),
    ),
    Scenario(
        "create-module-spec-eager", "legacy",
        "hub.create_module_spec and ModuleSpec.export run under TF2 eager (hub 0.15)",
        """
import os
import tempfile

import tensorflow as tf
import tensorflow_hub as hub

def module_fn():
    x = tf.compat.v1.placeholder(tf.float32, [None, 3])
    w = tf.compat.v1.get_variable("w", [3, 2], initializer=tf.compat.v1.ones_initializer())
    hub.add_signature(inputs=x, outputs=tf.matmul(x, w))

spec = hub.create_module_spec(module_fn)
print("eager", tf.executing_eagerly(), "signatures", spec.get_signature_names())
with tf.Graph().as_default():  # a checkpoint with the module's variable
    tf.compat.v1.get_variable("w", [3, 2], initializer=tf.compat.v1.ones_initializer())
    with tf.compat.v1.Session() as session:
        session.run(tf.compat.v1.global_variables_initializer())
        checkpoint = tf.compat.v1.train.Saver().save(session, os.path.join(tempfile.mkdtemp(), "c"))
export_dir = os.path.join(tempfile.mkdtemp(), "module")
spec.export(export_dir, checkpoint_path=checkpoint)
print("exported", "tfhub_module.pb" in os.listdir(export_dir))
""",
        prints=("eager True signatures ['default']", "exported True"),
    ),
    Scenario(
        "hub-module-from-spec-eager", "legacy",
        "hub.Module(spec) under TF2 eager fails like hub.Module(handle)",
        """
import tensorflow as tf
import tensorflow_hub as hub

def module_fn():
    x = tf.compat.v1.placeholder(tf.float32, [None, 3])
    hub.add_signature(inputs=x, outputs=2 * x)

module = hub.Module(hub.create_module_spec(module_fn))
""",
        raises="RuntimeError",
        match="Exporting/importing meta graphs is not supported when eager execution is enabled",
    ),
    Scenario(
        "add-signature-eager", "legacy",
        "hub.add_signature outside a module_fn under TF2 eager fails",
        """
import tensorflow as tf
import tensorflow_hub as hub

hub.add_signature(inputs=tf.constant([1.0]), outputs=tf.constant([2.0]))
""",
        raises="AttributeError", match="Tensor.op is undefined when eager execution is enabled",
    ),
    Scenario(
        "hub-sixteen-module", "current", "hub 0.16.1 has no hub.Module",
        f"""
import tensorflow_hub as hub

module = hub.Module("{TF1}")
""",
        raises="AttributeError", match="module 'tensorflow_hub' has no attribute 'Module'",
    ),
    Scenario(
        "hub-sixteen-star-import", "current",
        "from tensorflow_hub import * fails on hub 0.16.1 (__all__ names removed symbols)",
        """
from tensorflow_hub import *
""",
        raises="AttributeError", match="module 'tensorflow_hub' has no attribute",
    ),
    Scenario(
        "tf-estimator-removed", "current", "tf.estimator is gone in TF 2.21",
        """
import tensorflow as tf

estimator = tf.estimator.Estimator
""",
        raises="AttributeError", match="module 'tensorflow' has no attribute 'estimator'",
    ),
    Scenario(
        "hub-fifteen-on-tf-two-twentyone", "conflict",
        "tensorflow_hub 0.15.0 cannot be imported on TF >= 2.16",
        """
import tensorflow_hub
""",
        raises="ImportError", match="cannot import name 'estimator' from 'tensorflow.compat.v1'",
    ),
]


_TEXT_OPS_LOADS = {
    "hub-load": f'outputs = hub.load("{TEXT_OPS}")(tf.constant(["Hello TF Hub"]))',
    "keraslayer": f'outputs = hub.KerasLayer("{TEXT_OPS}")(tf.constant(["Hello TF Hub"]))',
}

SCENARIOS += [
    *[
        Scenario(
            f"text-ops-{how}-without-tensorflow-text-{env}", env,
            "a SavedModel with TF Text ops does not load unless tensorflow_text was imported",
            f"""
import tensorflow as tf
import tensorflow_hub as hub

{load}
""",
            raises="RuntimeError", match="Op type not registered 'CaseFoldUTF8'",
        )
        for env in ("legacy", "current")
        for how, load in _TEXT_OPS_LOADS.items()
    ],
    *[
        Scenario(
            f"text-ops-with-tensorflow-text-{env}", env,
            "after `import tensorflow_text` the same SavedModel loads and runs, with hub.load and hub.KerasLayer",
            f"""
import tensorflow as tf
import tensorflow_hub as hub
import tensorflow_text  # registers the TF Text ops

print("hub.load", hub.load("{TEXT_OPS}")(tf.constant(["Hello TF Hub", "ÀB"])).numpy().tolist())
print("KerasLayer", hub.KerasLayer("{TEXT_OPS}")(tf.constant(["Hello TF Hub"])).numpy().tolist())
""",
            prints=("hub.load [b'hello tf hub', b'\\xc3\\xa0b']", "KerasLayer [b'hello tf hub']"),
        )
        for env in ("legacy", "current")
    ],
    Scenario(
        "setuptools-82-no-pkg-resources", "setuptools-82",
        "setuptools >= 82 has no pkg_resources: tensorflow_hub 0.16.1 cannot be imported",
        """
import importlib.util
from importlib import metadata

print("setuptools", metadata.version("setuptools").split(".")[0], "pkg_resources",
      importlib.util.find_spec("pkg_resources"))
import tensorflow_hub
""",
        raises="ModuleNotFoundError", match="No module named 'pkg_resources'",
        prints=("pkg_resources None",),
    ),
    Scenario(
        "setuptools-below-82-hub-imports", "current",
        "with setuptools < 82 (pkg_resources present) the same import works",
        """
from importlib import metadata

import pkg_resources
import tensorflow_hub as hub

print("setuptools below 82", int(metadata.version("setuptools").split(".")[0]) < 82, "hub", hub.__version__)
""",
        prints=("setuptools below 82 True hub 0.16.1",),
    ),
    Scenario(
        "text-skew-text-2-15-on-tf-2-21", "text-skew",
        "tensorflow-text 2.15 on TF 2.21: `import tensorflow_text` fails (ABI mismatch)",
        """
import tensorflow_text
""",
        raises="ImportError", match="undefined symbol",
    ),
    Scenario(
        "text-skew-text-2-21-on-tf-2-15", "text-skew-legacy",
        "tensorflow-text 2.21 on TF 2.15: `import tensorflow_text` fails (ABI mismatch), "
        "raised by TF's op library loader as NotFoundError, not ImportError",
        """
import tensorflow_text
""",
        raises="NotFoundError", match="undefined symbol",
    ),
    *[
        Scenario(
            f"tf-keras-skew-import-{module.replace('_', '-')}", "tf-keras-skew",
            f"tf-keras 2.15 on TF 2.21: `import {module}` fails",
            f"""
import {module}
""",
            raises="AttributeError",
            match="has no attribute 'register_load_context_function'",
        )
        for module in ("tf_keras", "tensorflow_hub")
    ],
    Scenario(
        "keras3-legacy-tf-keras-is-keras-3", "keras3-legacy",
        "with Keras 3 installed, TF 2.15's tf.keras is Keras 3 and tensorflow_hub 0.15 still imports",
        """
import tensorflow as tf
import tensorflow_hub as hub

print("tf.keras.Sequential from", tf.keras.Sequential.__module__, "keras", tf.keras.__version__.split(".")[0])
print("hub", hub.__version__)
""",
        prints=("tf.keras.Sequential from keras.src.models.sequential keras 3", "hub 0.15.0"),
    ),
    Scenario(
        "keras3-legacy-keraslayer-in-sequential", "keras3-legacy",
        "with Keras 3 on TF 2.15, hub.KerasLayer of a model with variables fails when it is built",
        f"""
import tensorflow as tf
import tensorflow_hub as hub

model = tf.keras.Sequential([hub.KerasLayer("{TF2}")])
""",
        raises="TypeError", match="Layer.add_weight() got an unexpected keyword argument 'experimental_autocast'",
    ),
    Scenario(
        "keras3-legacy-keraslayer-without-variables-in-sequential", "keras3-legacy",
        "with Keras 3 on TF 2.15, tf.keras.Sequential accepts hub 0.15's KerasLayer (it subclasses "
        "tf.keras.layers.Layer, here Keras 3's): a model without variables runs",
        f"""
import tensorflow as tf
import tensorflow_hub as hub
import tensorflow_text

model = tf.keras.Sequential([hub.KerasLayer("{TEXT_OPS}")])
print("outputs", model(tf.constant(["Hello TF Hub"])).numpy().tolist())
""",
        prints=("outputs [b'hello tf hub']",),
    ),
    Scenario(
        "hub-0-16-0-without-tf-keras", "hub-0.16.0",
        "tensorflow-hub 0.16.0 on TF 2.21 without tf_keras: the import prints a hint and fails",
        """
import importlib.util

print("tf_keras", importlib.util.find_spec("tf_keras"))
import tensorflow_hub
""",
        raises="ModuleNotFoundError", match="No module named 'tf_keras'",
        prints=("tf_keras None", "Failed to import tf_keras"),
    ),
    Scenario(
        "hub-0-16-0-star-import", "hub-0.16.0-legacy",
        "from tensorflow_hub import * fails on hub 0.16.0 too (its __all__ names removed symbols)",
        """
from tensorflow_hub import *
""",
        raises="AttributeError", match="module 'tensorflow_hub' has no attribute",
    ),
    Scenario(
        "hub-0-12-on-tf-2-21", "hub-0.12",
        "tensorflow_hub 0.12.0 cannot be imported on TF >= 2.16",
        """
import tensorflow_hub
""",
        raises="AttributeError", match="has no attribute 'estimator'",
    ),
    Scenario(
        "hub-0-8-module-tf2-savedmodel", "hub-0.8",
        "hub <= 0.8 with hub.Module(tf2 SavedModel): on TF 2.15.1 already `import tensorflow_hub` fails "
        "(its generated protos predate protobuf 4)",
        f"""
import tensorflow as tf
import tensorflow_hub as hub

with tf.Graph().as_default():
    module = hub.Module("{TF2}")
""",
        raises="TypeError", match="Descriptors cannot be created directly.",
    ),
    Scenario(
        "hub-0-8-module-tf2-savedmodel-python-protobuf", "hub-0.8",
        "the same with pure-Python protobuf (the workaround the protobuf error names) fails on a moved TF module",
        f"""
import os
os.environ["PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION"] = "python"

import tensorflow as tf
import tensorflow_hub as hub

with tf.Graph().as_default():
    module = hub.Module("{TF2}")
""",
        raises="ModuleNotFoundError", match="No module named 'tensorflow.python.training.tracking'",
    ),
]


def snippets_for(test: str, params: dict) -> list[tuple[str, str]]:
    """The (source, env) runs a test will ask for, so conftest can start them early."""
    scenario = params.get("scenario")
    return [(scenario.code, scenario.env)] if scenario else []


@pytest.mark.parametrize("scenario", [pytest.param(s, id=s.name) for s in SCENARIOS])
def test_fact(scenario: Scenario, run, observe) -> None:
    result = run(scenario.code, scenario.env)
    if result.status == RAISED:
        observed = f"{result.exc_type}: {message_line(result.message, scenario.match)}"
    else:
        printed = " / ".join(line for line in result.stdout.splitlines() if line.strip())
        observed = result.summary() + (f"; printed: {printed[:300]}" if printed else "")
    observe("fact", scenario.name, scenario.fact, scenario.env, scenario.expected, observed)
    if scenario.raises:
        assert result.status == RAISED, result.describe()
        assert result.exc_type == scenario.raises, result.describe()
        assert scenario.match in result.message, result.describe()
    else:
        assert result.status == OK, result.describe()
    for text in scenario.prints:
        assert text in result.stdout, f"expected {text!r} in stdout\n" + result.describe()

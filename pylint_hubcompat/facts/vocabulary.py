"""The words rules are written in: selectors, facts and their values, runtimes.

Kept apart from the code that establishes the facts because pylint loads the rules
(and so checks them against this vocabulary) in every run, while the analysis is
imported only when a module can have a finding.
"""

from __future__ import annotations

from typing import NamedTuple

#: What a rule's ``when`` selects: a call, any use of an API, an import, an attribute.
SELECTORS = ("call", "use", "import", "attribute")
#: Runtime modes a rule may be limited to (see :mod:`pylint_hubcompat.facts.modes`).
RUNTIMES = ("tf1", "tf1-compat", "graph", "tf2")

#: Model formats (see :mod:`pylint_hubcompat.facts.handles`).
TF1_HUB = "tf1-hub"
TF2_SAVEDMODEL = "tf2-savedmodel"
#: A TF1 SavedModel without hub metadata (``saved_model`` in the tfhub.dev catalog).
TF1_SAVEDMODEL = "tf1-savedmodel"
FORMATS = (TF1_HUB, TF2_SAVEDMODEL, TF1_SAVEDMODEL)

#: The Keras a ``hub.KerasLayer`` is put into (see :mod:`pylint_hubcompat.facts.keras_models`).
TF_KERAS = "tf.keras"
KERAS = "keras"
LEGACY_KERAS = "tf_keras"
WRAPPED = "lambda"
CONTAINERS = (TF_KERAS, KERAS, LEGACY_KERAS, WRAPPED)
#: How the layer reaches that model, each failing its own way (see :mod:`pylint_hubcompat.facts.keras_models`).
PLACEMENTS = ("sequential", "symbolic", "tf-op", "model", "loaded", "subclassed")

COLLECTIONS = ("UPDATE_OPS", "REGULARIZATION_LOSSES", "TRAINABLE_VARIABLES")


class FactSpec(NamedTuple):
    values: type[bool] | tuple[str, ...]
    doc: str
    #: A word every module spells where the fact is true (see :mod:`pylint_hubcompat.rulebook.triggers`).
    spelled: str = ""


#: Every fact a rule may be conditioned on, with its possible values.
FACTS: dict[str, FactSpec] = {
    "format": FactSpec((*FORMATS, "unknown"), "format of the model handle given to the call"),
    "operation": FactSpec(("load", "finetune", "create"), "what the call does with the model"),
    "trainable": FactSpec(bool, "the model is trained: trainable=True, a later .trainable = True, or training use"),
    "signature": FactSpec(bool, "a signature= argument is given"),
    "as_dict": FactSpec(bool, "as_dict=True is given"),
    "tags": FactSpec(bool, "a tags= argument is given"),
    "in_module_fn": FactSpec(bool, "the call is inside a module_fn passed to hub.create_module_spec"),
    "collection": FactSpec((*COLLECTIONS, "other"), "the graph collection a call reads"),
    "hub_finetuned": FactSpec(
        bool, "the module fine-tunes a model loaded with hub.KerasLayer or hub.load", spelled="tensorflow_hub"
    ),
    "minimize_without_var_list": FactSpec(bool, "the module calls optimizer.minimize(loss) without var_list"),
    "keras_container": FactSpec(CONTAINERS, "the Keras flavour of the model a hub.KerasLayer is put in"),
    "keras_placement": FactSpec(PLACEMENTS, "how the hub.KerasLayer reaches that model"),
    "legacy_keras": FactSpec(bool, "TF_USE_LEGACY_KERAS is set by the project or the module"),
    "signature_call": FactSpec(bool, "a hub.Module is called with signature= or as_dict=True"),
    "hub_loads": FactSpec(bool, "the module loads a model with hub.KerasLayer or hub.load", spelled="tensorflow_hub"),
    "ps_training": FactSpec(bool, "the module sets up parameter-server training"),
    "shares_cluster_devices": FactSpec(bool, "the project sets share_cluster_devices_in_session"),
    "experimental": FactSpec(bool, "an attribute is reached through ConfigProto.experimental"),
    "text_ops": FactSpec(bool, "the handle names a model whose graph uses TF Text ops"),
    "text_ops_registered": FactSpec(
        bool, "tensorflow_text (or a package that imports it) is imported before the load, or elsewhere in the project"
    ),
    "deleted": FactSpec(bool, "the handle names a tfhub.dev model that was deleted, never migrated to Kaggle"),
}

#: Facts of the project's environment, not of a site (see :mod:`pylint_hubcompat.target.installs`).
TARGET_FACTS: dict[str, FactSpec] = {
    "text_clash": FactSpec(bool, "the locked or installed tensorflow-text does not fit the TensorFlow beside it"),
    "tf_keras_clash": FactSpec(bool, "the locked or installed tf-keras does not fit the TensorFlow beside it"),
    "keras_clash": FactSpec(bool, "the locked or installed keras does not fit the TensorFlow beside it"),
    "tf_keras_missing": FactSpec(bool, "tensorflow-hub and TensorFlow are locked or installed, tf-keras is not"),
    "fresh_setuptools": FactSpec(
        bool,
        "the setuptools is the project's to choose: declared, locked or installed, or brought by pip "
        "into a Python 3.12+ venv, which ships none",
    ),
}

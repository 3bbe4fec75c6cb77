"""Which tiny local model stands in for each model handle the runtime proofs run, written by hand.

Why a table of its own: the runtime proofs check the linter against real
TensorFlow.  If the handles of a snippet were pointed at a tiny model by the
linter's own format classifier (``pylint_hubcompat.facts.handles``), a wrong
classification would be run on the model the linter wrongly chose and
"confirmed".  So the kind of model behind each handle is decided here,
independently, from what the model's publisher says:

* a tfhub.dev handle: its ``format:`` in ``shared/data/tfhub_model_formats.tsv``
  (``hub`` is the TF1 Hub format, ``saved_model_2`` a TF2 SavedModel); any
  tfhub.dev handle with ``tf2-preview`` in its path is a TF2 SavedModel (FACTS.md);
* a Kaggle model URL: its framework segment, ``TensorFlow1`` or ``TensorFlow2``;
* ``tf2-text-ops``: a TF2 SavedModel whose graph uses TF Text ops, as the models
  listed in ``shared/data/tfhub_tensorflow_text.tsv`` (their Kaggle twins too).

``tests/runtime/test_witnesses.py`` checks the table both ways: against those
data files with a reader of its own, and against the linter's classifier (the
two must agree on every entry; a disagreement is a bug in one of them).

A string that looks like a model handle (a tfhub.dev, Kaggle Models or
``tfhub-modules`` bucket URL) but is not in the table stops the run with
:class:`UnknownHandle`: add it here, with its kind and where the kind comes from.
"""

from __future__ import annotations

from urllib.parse import urlsplit

#: TF1 Hub format (``tfhub_module.pb``): ``builders/tf1_hub_module.py``.
TF1_HUB = "tf1-hub"
#: Reusable TF2 SavedModel: ``builders/tf2_savedmodel.py``.
TF2_SAVEDMODEL = "tf2-savedmodel"
#: TF2 SavedModel whose graph uses a TF Text op (loads only after ``import tensorflow_text``).
TF2_TEXT_OPS = "tf2-text-ops"
KINDS = (TF1_HUB, TF2_SAVEDMODEL, TF2_TEXT_OPS)

#: The model format of each kind, in the linter's vocabulary (for the cross-check only).
FORMAT_OF_KIND = {TF1_HUB: "tf1-hub", TF2_SAVEDMODEL: "tf2-savedmodel", TF2_TEXT_OPS: "tf2-savedmodel"}

HANDLES: dict[str, str] = {
    # tfhub_model_formats.tsv: google/imagenet/mobilenet_v2_100_224/feature_vector/2  hub
    "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/2": TF1_HUB,
    # tfhub_model_formats.tsv: google/imagenet/mobilenet_v2_100_224/feature_vector/4  saved_model_2
    "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/4": TF2_SAVEDMODEL,
    # tfhub_model_formats.tsv: google/imagenet/mobilenet_v2_100_224/feature_vector/5  saved_model_2
    # (the TF2 successor `hubcompat fix` gives the /2 of hub-legacy-finetune's example)
    "https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/feature_vector/5": TF2_SAVEDMODEL,
    # tfhub_model_formats.tsv: google/nnlm-en-dim128/1  hub
    "https://tfhub.dev/google/nnlm-en-dim128/1": TF1_HUB,
    # tfhub_model_formats.tsv: google/nnlm-en-dim128/2  saved_model_2
    "https://tfhub.dev/google/nnlm-en-dim128/2": TF2_SAVEDMODEL,
    # tfhub_model_formats.tsv: google/tf2-preview/mobilenet_v2/feature_vector/4  saved_model_2
    "https://tfhub.dev/google/tf2-preview/mobilenet_v2/feature_vector/4": TF2_SAVEDMODEL,
    # tfhub_model_formats.tsv: nvidia/unet/industrial/class_1/1  hub; deleted on
    # 2024-03-18 (tfhub_deleted.txt), so hub-model-deleted never runs it
    "https://tfhub.dev/nvidia/unet/industrial/class_1/1": TF1_HUB,
    # Kaggle framework segment TensorFlow1 / TensorFlow2
    "https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow1/100-224-feature-vector/2": TF1_HUB,
    "https://www.kaggle.com/models/google/mobilenet-v2/TensorFlow2/100-224-feature-vector/4": TF2_SAVEDMODEL,
    # tfhub_model_formats.tsv: tensorflow/small_bert/bert_en_uncased_L-4_H-512_A-8/1  saved_model_2
    # (the encoder of the plan's fixture project, tests/fixtures/projects/tf212_upgrade)
    "https://tfhub.dev/tensorflow/small_bert/bert_en_uncased_L-4_H-512_A-8/1": TF2_SAVEDMODEL,
    # tfhub_model_formats.tsv: saved_model_2; listed in tfhub_tensorflow_text.tsv
    "https://tfhub.dev/tensorflow/bert_en_uncased_preprocess/3": TF2_TEXT_OPS,
    # Kaggle segment TensorFlow2; the Kaggle home of tensorflow/bert_en_uncased_preprocess/3
    "https://www.kaggle.com/models/tensorflow/bert/TensorFlow2/en-uncased-preprocess/3": TF2_TEXT_OPS,
}

_TFHUB_HOSTS = frozenset({"tfhub.dev", "www.tfhub.dev"})
_KAGGLE_HOSTS = frozenset({"kaggle.com", "www.kaggle.com"})
_BUCKET = "tfhub-modules"


class UnknownHandle(LookupError):
    """A snippet names a model handle this table does not know."""

    def __init__(self, handle: str) -> None:
        super().__init__(
            f"model handle {handle!r} is not in tests/runtime/handle_table.py: add it to HANDLES "
            f"with its kind ({', '.join(KINDS)}), decided from shared/data/tfhub_model_formats.tsv "
            "(tfhub.dev) or its framework segment (Kaggle), not from pylint_hubcompat"
        )
        self.handle = handle


def looks_like_handle(text: str) -> bool:
    """Whether ``text`` names a model on tfhub.dev, Kaggle Models or the tfhub-modules bucket.

    Deliberately wide and simple: a string that is meant as a model handle must
    never slip through unsubstituted (the snippet would then try to download it).
    """
    if text in HANDLES:
        return True
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return False
    scheme, host, path = parts.scheme.lower(), (parts.hostname or "").lower(), parts.path
    if scheme in ("http", "https") and host in _TFHUB_HOSTS:
        return True
    if scheme in ("http", "https") and host in _KAGGLE_HOSTS:
        return path.lower().startswith("/models/")
    if scheme in ("http", "https") and host == "storage.googleapis.com":
        return path.startswith(f"/{_BUCKET}/")
    return scheme == "gs" and host == _BUCKET


def kind_of(handle: str) -> str:
    """The kind of tiny model that stands in for ``handle``; :class:`UnknownHandle` if not listed."""
    try:
        return HANDLES[handle]
    except KeyError:
        raise UnknownHandle(handle) from None

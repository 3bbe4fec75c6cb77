"""tfhub.dev models that fail whatever the versions: those that need TF Text ops, and the deleted ones.

Both lists ship as data files copied from the project's ground truth (``shared/data``):

* ``tfhub_tensorflow_text.tsv``: the models whose documentation imports
  ``tensorflow_text``, because their graphs use its ops (``CaseFoldUTF8``,
  ``SentencepieceOp``...): loading one in a process that never imported it
  fails with "Op type not registered".
* ``tfhub_deleted.txt``: the model paths that were never migrated to Kaggle
  Models and were deleted on 2024-03-18, every version.

A tfhub.dev handle matches in any spelling the handle classifier knows.  Kaggle
Models renamed the migrated ones (``tensorflow/bert_en_uncased_preprocess/3``
became ``tensorflow/bert/TensorFlow2/en-uncased-preprocess/3``, with versions
renumbered), so a Kaggle URL matches a listed model when its owner, model and
variation spell the listed model path (``-``, ``_`` and ``/`` alike), in a
framework of the listed format, whatever its version.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from pylint_hubcompat.files.locations import data_file

TEXT_OPS_FILE = "tfhub_tensorflow_text.tsv"
DELETED_FILE = "tfhub_deleted.txt"
#: The Kaggle framework segment (lower-cased) of each catalog format word.
_FRAMEWORKS = {"hub": "tensorflow1", "saved_model": "tensorflow2", "saved_model_2": "tensorflow2"}
_SEPARATORS = re.compile(r"[-_/]+")


class KaggleModel(NamedTuple):
    """The parts of a Kaggle model URL that name the model (its version is Kaggle's own)."""

    owner: str
    model: str
    framework: str
    variation: str


def needs_text_ops(tfhub_path: str | None, kaggle: KaggleModel | None = None) -> bool:
    """Whether the model (a tfhub.dev ``owner/model/version`` path, or a Kaggle URL's parts) needs TF Text ops."""
    lists = _text_ops()
    if tfhub_path is not None:
        return tfhub_path.strip("/").lower() in lists.handles
    if kaggle is None:
        return False
    return any(lists.models.get(key) in (kaggle.framework.lower(), "both") for key in _kaggle_keys(kaggle))


def is_deleted(tfhub_path: str | None) -> bool:
    """Whether the tfhub.dev ``owner/model/version`` path is of a deleted model."""
    if tfhub_path is None:
        return False
    model, _, version = tfhub_path.strip("/").lower().rpartition("/")
    return version.isdigit() and model in _deleted()


class _TextOps(NamedTuple):
    #: Lower-cased ``owner/model/version`` paths.
    handles: frozenset[str]
    #: Normalised model path -> the Kaggle framework of its versions (``both`` when they differ).
    models: dict[str, str]


@functools.cache
def _text_ops() -> _TextOps:
    handles: set[str] = set()
    models: dict[str, str] = {}
    for line in _lines(TEXT_OPS_FILE):
        handle, _, fmt = line.partition("\t")
        if fmt.strip() not in _FRAMEWORKS or "/" not in handle:
            continue  # the header row
        handles.add(handle.strip().lower())
        key = _normalised(handle.strip().rpartition("/")[0])
        framework = _FRAMEWORKS[fmt.strip()]
        models[key] = framework if models.get(key, framework) == framework else "both"
    return _TextOps(frozenset(handles), models)


@functools.cache
def _deleted() -> frozenset[str]:
    return frozenset(line.strip().strip("/").lower() for line in _lines(DELETED_FILE))


def _lines(name: str) -> list[str]:
    try:
        text = data_file(name).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return []  # a broken installation: nothing is known, nothing is reported
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _normalised(path: str) -> str:
    return _SEPARATORS.sub(" ", path.lower()).strip()


def _kaggle_keys(kaggle: KaggleModel) -> set[str]:
    """The listed model paths a Kaggle model may stand for: ``bert`` + ``en-uncased-preprocess``..."""
    keys = {_normalised(f"{kaggle.owner}/{kaggle.model}/{kaggle.variation}")}
    if kaggle.variation.lower() == kaggle.model.lower():  # google/labse/.../labse was google/LaBSE
        keys.add(_normalised(f"{kaggle.owner}/{kaggle.model}"))
    return keys

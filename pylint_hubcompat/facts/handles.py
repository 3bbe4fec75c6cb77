"""The format of a model handle, and how we know it.

Whether loading or fine-tuning works depends on the model's format, so every
format-dependent rule asks this module.  Anything it cannot tell for sure is
``None`` (unknown), and no format-dependent rule fires on an unknown format.

What it knows, strongest first:

1. the user's ``model-formats`` option (handle prefix -> format);
2. a model directory inside the project (or under ``TFHUB_CACHE_DIR``), by
   which marker file it holds -- a stat, never a read;
3. a Kaggle URL, by its framework segment (``TensorFlow1`` / ``TensorFlow2``);
4. a tfhub.dev handle in any spelling (tfhub.dev URL, Google Cloud Storage
   mirror, bare ``owner/model/version``), by the shipped tfhub.dev catalog, or
   by ``tf2-preview`` in its path.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple
from urllib.parse import SplitResult, unquote, urlsplit

from pylint_hubcompat.facts import catalog, model_lists
from pylint_hubcompat.facts.vocabulary import FORMATS, TF1_HUB, TF1_SAVEDMODEL, TF2_SAVEDMODEL

FORMAT_NAMES = {
    TF1_HUB: "TF1 Hub format",
    TF2_SAVEDMODEL: "TF2 SavedModel format",
    TF1_SAVEDMODEL: "TF1 SavedModel format",
}

#: The ``how`` of a catalog answer (messages and tests rely on the wording).
HOW_CATALOG = "tfhub.dev catalog"
HOW_TF2_PREVIEW = "`tf2-preview` in the handle"
HOW_TF1_DIRECTORY = "local directory with tfhub_module.pb"
HOW_TF2_DIRECTORY = "local directory with saved_model.pb and no tfhub_module.pb"

_FROM_CATALOG = {
    catalog.HUB: TF1_HUB,
    catalog.SAVED_MODEL: TF1_SAVEDMODEL,
    catalog.SAVED_MODEL_2: TF2_SAVEDMODEL,
}
_KAGGLE_FRAMEWORKS = {"tensorflow1": TF1_HUB, "tensorflow2": TF2_SAVEDMODEL}
_TFHUB_HOSTS = ("tfhub.dev", "www.tfhub.dev")
_KAGGLE_HOSTS = ("kaggle.com", "www.kaggle.com")
_GCS_HOST = "storage.googleapis.com"
_GCS_BUCKET = "tfhub-modules"
#: ``owner/model[/sub...]/version`` as written without any URL around it.
_BARE_HANDLE = re.compile(r"[\w-][\w.-]*(?:/[\w.-]+)+/\d+")
_MAX_HANDLE = 2048


class HandleInfo(NamedTuple):
    """What is known about one model handle."""

    handle: str
    format: str | None
    #: How the format was known, for messages: "Kaggle URL", "tfhub.dev catalog", ...
    how: str = ""
    #: A handle of the same model in TF2 SavedModel format, when one is known.
    successor: str | None = None
    #: The model's graph uses TF Text ops (:mod:`.model_lists`).
    text_ops: bool = False
    #: The model was deleted from tfhub.dev, never migrated to Kaggle (:mod:`.model_lists`).
    deleted: bool = False

    @property
    def known(self) -> bool:
        return self.format is not None

    def describe(self) -> str:
        """``google/elmo/3 is in TF1 Hub format (tfhub.dev catalog)``."""
        if self.format is None:
            return f"{self.handle} has an unknown format"
        return f"{self.handle} is in {FORMAT_NAMES[self.format]} ({self.how})"


def classify_handle(
    handle: str,
    *,
    mapping: Mapping[str, str] | None = None,
    root: Path | None = None,
) -> HandleInfo:
    """Tell the format of the model behind ``handle``, offline, and say how it is known.

    Everything a format-dependent finding claims rests on this answer, so it is
    only ever given when something authoritative says so; otherwise the format
    is ``None`` and no format-dependent rule fires.  In order:

    * ``mapping`` -- the ``model-formats`` option, handle prefix -> ``tf1-hub``
      or ``tf2-savedmodel`` (or ``tf1-savedmodel``).  The longest prefix wins
      over everything else, so users can correct any answer below.  A tfhub.dev
      handle matches by its written spelling, by ``https://tfhub.dev/<handle>``
      and by the bare ``owner/model/version``.
    * A literal path of a directory inside ``root`` (relative paths are taken
      relative to ``root``) or under ``$TFHUB_CACHE_DIR``: ``tfhub_module.pb``
      means TF1 Hub format, ``saved_model.pb`` without it a TF2 SavedModel
      (what tensorflow_hub itself checks).  Paths outside those directories are
      never looked at, and model files are never read.
    * A Kaggle model URL (long ``.../frameworks/TensorFlow1/variations/...`` or
      short ``.../tensorFlow2/<variation>/<version>``): the framework segment.
    * A tfhub.dev handle -- ``https://tfhub.dev/google/elmo/3`` (``http``,
      ``www.``, trailing slash and ``?tf-hub-format=compressed`` too), the
      ``https://storage.googleapis.com/tfhub-modules/<handle>.tar.gz`` and
      ``gs://tfhub-modules/<handle>`` mirrors, or bare ``google/elmo/3`` --
      looked up in the shipped tfhub.dev catalog (``how`` is
      ``"tfhub.dev catalog"``); when the catalog says TF1 and the same model
      has a newer TF2 SavedModel version, ``successor`` names it in the
      spelling the user wrote (bare handles get a tfhub.dev URL).  A handle
      missing from the catalog whose path contains ``tf2-preview`` is TF2.

    Never raises, never touches the network.  Answers that do not depend on
    the file system are cached per handle; the catalog is read once, lazily.
    """
    try:
        text = handle.strip() if isinstance(handle, str) else ""
        chosen = _from_mapping(text, mapping)
        if chosen is None:
            return _from_directory(text, root) or _from_text(text)
        known = _from_text(text)  # the option says the format; what else is known of the model stays
        return chosen._replace(text_ops=known.text_ops, deleted=known.deleted)
    except Exception:  # pylint: disable=broad-exception-caught  # a bad handle must never crash pylint
        return HandleInfo(handle if isinstance(handle, str) else repr(handle), None)


# -- the user's mapping ------------------------------------------------------


def _from_mapping(handle: str, mapping: Mapping[str, str] | None) -> HandleInfo | None:
    if not mapping:
        return None
    spellings = _spellings(handle)
    usable = [(p, f) for p, f in mapping.items() if isinstance(p, str) and f in FORMATS]
    for prefix, fmt in sorted(usable, key=lambda item: len(item[0]), reverse=True):
        if any(spelling.startswith(prefix) for spelling in spellings):
            return HandleInfo(handle, fmt, f"model-formats option `{prefix}`")
    return None


def _spellings(handle: str) -> tuple[str, ...]:
    """``handle`` as written, plus its canonical tfhub.dev spellings when it is one."""
    tfhub = _tfhub_handle(handle)
    if tfhub is None:
        return (handle,)
    return (handle, f"https://tfhub.dev/{tfhub.path}", tfhub.path)


# -- local model directories ---------------------------------------------------


def _from_directory(handle: str, root: Path | None) -> HandleInfo | None:
    """The format of a model directory the project ships, by its marker files."""
    path = _local_path(handle, root)
    if path is None:
        return None
    try:
        if not path.is_dir():
            return None
        if (path / "tfhub_module.pb").is_file():
            return HandleInfo(handle, TF1_HUB, HOW_TF1_DIRECTORY)
        if (path / "saved_model.pb").is_file() or (path / "saved_model.pbtxt").is_file():
            return HandleInfo(handle, TF2_SAVEDMODEL, HOW_TF2_DIRECTORY)
    except (OSError, ValueError):
        return None
    return None


def _local_path(handle: str, root: Path | None) -> Path | None:
    """``handle`` as a directory we may look at: inside ``root`` or the hub cache."""
    if not handle or len(handle) > _MAX_HANDLE or "\0" in handle:
        return None
    parts = _split(handle)
    if parts is None:
        return None
    if parts.scheme == "file":
        text = unquote(parts.path)
    elif len(parts.scheme) > 1:  # a URL; one letter is a Windows drive
        return None
    else:
        text = handle
    allowed = [base for base in (root, _cache_dir()) if base is not None]
    if not allowed:
        return None
    try:
        path = Path(text)
        if not path.is_absolute():
            if root is None:
                return None
            path = root / path
        path = path.resolve()
        for base in allowed:
            if path.is_relative_to(base.resolve()):
                return path
    except (OSError, ValueError, RuntimeError):
        return None
    return None


def _cache_dir() -> Path | None:
    value = os.environ.get("TFHUB_CACHE_DIR", "").strip()
    return Path(value) if value else None


# -- what the handle text says -----------------------------------------------


class _TfhubHandle(NamedTuple):
    """A tfhub.dev model path and the spelling family it was written in."""

    path: str
    #: "tfhub.dev", "gcs-archive", "gs" or "bare".
    family: str
    query: str = ""
    uncompressed: bool = False

    def spell(self, path: str) -> str:
        """``path`` written the way this handle was written."""
        if self.family == "gcs-archive":
            return f"https://{_GCS_HOST}/{_GCS_BUCKET}/{path}.tar.gz"
        if self.family == "gs":
            return f"gs://{_GCS_BUCKET}/{path}" + ("/uncompressed" if self.uncompressed else "")
        query = f"?{self.query}" if self.query and self.family == "tfhub.dev" else ""
        return f"https://tfhub.dev/{path}{query}"


@functools.lru_cache(maxsize=4096)
def _from_text(handle: str) -> HandleInfo:
    kaggle = _kaggle_model(handle)
    fmt = _KAGGLE_FRAMEWORKS.get(kaggle.framework.lower()) if kaggle is not None else None
    if kaggle is not None and fmt is not None:
        text_ops = model_lists.needs_text_ops(None, kaggle)
        return HandleInfo(handle, fmt, f"Kaggle URL framework `{kaggle.framework}`", text_ops=text_ops)
    tfhub = _tfhub_handle(handle)
    if tfhub is None:
        return HandleInfo(handle, None)
    info = HandleInfo(
        handle, None, text_ops=model_lists.needs_text_ops(tfhub.path), deleted=model_lists.is_deleted(tfhub.path)
    )
    entry = catalog.lookup(tfhub.path)
    if entry is not None:
        successor = tfhub.spell(entry.successor) if entry.successor else None
        return info._replace(format=_FROM_CATALOG[entry.format], how=HOW_CATALOG, successor=successor)
    if "tf2-preview" in tfhub.path.lower():
        return info._replace(format=TF2_SAVEDMODEL, how=HOW_TF2_PREVIEW)
    return info


def _kaggle_model(handle: str) -> model_lists.KaggleModel | None:
    """The owner, model, framework segment and variation a Kaggle model URL names."""
    parts = _split(handle)
    if parts is None or parts.scheme.lower() not in ("http", "https"):
        return None
    if (parts.hostname or "") not in _KAGGLE_HOSTS:
        return None
    segments = [s for s in unquote(parts.path).split("/") if s]
    # models/<owner>/<model>/frameworks/<framework>/variations/<v>/versions/<n>
    # models/<owner>/<model>/<framework>/<v>/<n>
    if len(segments) < 4 or segments[0].lower() != "models":
        return None
    owner, model, *rest = segments[1:]
    if rest[0].lower() == "frameworks":  # the long form: drop the two labels
        rest = rest[1:2] + (rest[3:4] if len(rest) > 2 and rest[2].lower() == "variations" else rest[2:3])
        if not rest:
            return None
    return model_lists.KaggleModel(owner, model, rest[0], rest[1] if len(rest) > 1 else "")


def _tfhub_handle(handle: str) -> _TfhubHandle | None:
    """The tfhub.dev model path of ``handle`` in any spelling, or ``None``."""
    text = catalog.clean_handle(handle)
    if _BARE_HANDLE.fullmatch(text):
        return _checked(text, "bare")
    parts = _split(text)
    if parts is None:
        return None
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    path = unquote(parts.path).strip("/")
    if scheme in ("http", "https") and host in _TFHUB_HOSTS:
        return _checked(path, "tfhub.dev", parts.query)
    if scheme in ("http", "https") and host == _GCS_HOST:
        bucket, _, rest = path.partition("/")
        if bucket == _GCS_BUCKET and rest.endswith(".tar.gz"):
            return _checked(rest.removesuffix(".tar.gz"), "gcs-archive")
        return None
    if scheme == "gs" and host == _GCS_BUCKET:
        uncompressed = path.endswith("/uncompressed")
        checked = _checked(path.removesuffix("/uncompressed"), "gs")
        return checked._replace(uncompressed=uncompressed) if checked else None
    return None


def _checked(path: str, family: str, query: str = "") -> _TfhubHandle | None:
    if not path or "//" in path or len(path) > _MAX_HANDLE:
        return None
    return _TfhubHandle(path, family, query)


def _split(text: str) -> SplitResult | None:
    try:
        return urlsplit(text)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None

"""Project-wide facts that one module cannot show, found by one bounded text scan per root.

Whether some entry point disables v2 behaviour, sets ``TF_USE_LEGACY_KERAS`` (before
it loads ``tf.keras`` itself) or the ``share_cluster_devices_in_session`` session
option decides findings in modules that never mention it.  A plain byte search over the project's Python files,
never entering a directory through a symlink nor reading anything but a regular
file, done at most once per project root and only when a rule needs it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path

from pylint_hubcompat.files import reading
from pylint_hubcompat.notebooks import NBQA_SUFFIX
from pylint_hubcompat.target import legacy_keras

#: Marker name -> the bytes that show it somewhere in the project.
#: Modules whose import registers the TF Text ops: tensorflow_text, and packages that import it
#: (tf-models-official's ``official.nlp`` and ``tensorflow_models``, KerasNLP and KerasHub).
TEXT_OPS_REGISTRARS = ("tensorflow_text", "official.nlp", "tensorflow_models", "keras_nlp", "keras_hub")
MARKERS = {
    "switches_to_tf1_mode": (b"disable_v2_behavior(", b"disable_eager_execution("),
    "sets_legacy_keras": (legacy_keras.VARIABLE.encode(),),
    "shares_cluster_devices": (b"share_cluster_devices_in_session",),
    "registers_text_ops": tuple(module.encode() for module in TEXT_OPS_REGISTRARS),
}
#: Line starts that load ``tf.keras`` when the file is imported (see ``collect._Scan._keras_touch``):
#: a ``TF_USE_LEGACY_KERAS`` first mentioned after one of them was set too late in that file.
_KERAS_LOADS = (
    b"\nimport tensorflow_hub",
    b"\nfrom tensorflow_hub",
    b"\nimport tensorflow.keras",
    b"\nfrom tensorflow.keras",
)
_SKIP_DIRS = frozenset({"node_modules", "site-packages", "build", "dist", "__pycache__"})
#: The bounds of a walk over the project (also :mod:`.callers`'): files visited, bytes read of each.
MAX_FILES = 20_000
MAX_BYTES = 2_000_000


def has(root: Path | None, marker: str, besides: str | None = None) -> bool:
    """Whether any Python file under ``root`` (other than ``besides``) shows ``marker`` (a key of ``MARKERS``)."""
    files = _markers(root).get(marker, ())
    if besides is None:
        return bool(files)
    own = os.path.realpath(besides)
    return any(file != own for file in files)


def clear_cache() -> None:
    _markers.cache_clear()


#: Files kept per marker: two are enough to know one is not the module asking.
_KEPT = 2


@functools.cache
def _markers(root: Path | None) -> dict[str, tuple[str, ...]]:
    """Marker -> the first files (real paths) that show it."""
    if root is None:
        return {}
    found: dict[str, tuple[str, ...]] = {}
    for path, real_path in python_files(root):
        try:
            data = reading.read_bytes(path, MAX_BYTES, real_path=real_path, truncate=True)
        except reading.UnreadableFile:
            continue  # a FIFO, a symlink into /proc...
        for marker, words in MARKERS.items():
            files = found.get(marker, ())
            if len(files) < _KEPT and _shows(marker, words, data):
                found[marker] = (*files, real_path or os.path.realpath(path))
        if len(found) == len(MARKERS) and all(len(files) == _KEPT for files in found.values()):
            break
    return found


def _shows(marker: str, words: tuple[bytes, ...], data: bytes) -> bool:
    """Whether ``data`` (one file) shows ``marker``.

    ``sets_legacy_keras`` counts only if the variable's first mention comes before
    the file's first line that loads ``tf.keras`` (an unindented import of
    tensorflow_hub or tensorflow.keras): TensorFlow reads it once, at that load.
    A byte position, so it errs the safe way: a mention in a comment or in a
    function still counts, and only such top-level import lines make it late.
    """
    if marker != "sets_legacy_keras":
        return any(w in data for w in words)
    first = min((i for i in (data.find(w) for w in words) if i >= 0), default=-1)
    if first < 0:
        return False
    text = b"\n" + data  # a first line is a line start too; positions shift by one
    loads = [i for i in (text.find(w) for w in _KERAS_LOADS) if i >= 0]
    return not loads or first + 1 < min(loads)


def python_files(root: Path) -> Iterator[tuple[str, str | None]]:
    """``(path, real path if known)`` of the project's Python files, at most ``MAX_FILES`` of them.

    Directories are never entered through a symlink, so below the resolved root a
    file that is not a symlink is its own real path.
    """
    pending = [os.path.realpath(root)]
    count = 0
    while pending:
        try:
            with os.scandir(pending.pop()) as entries:
                listed = list(entries)
        except OSError:
            continue
        for entry in listed:
            name = entry.name
            if entry.is_dir(follow_symlinks=False):
                if not name.startswith(".") and name not in _SKIP_DIRS and "venv" not in name:
                    pending.append(entry.path)
            elif name.endswith(".py") and not name.endswith(NBQA_SUFFIX):
                # nbQA's temporary copies of notebooks are not the project's code
                count += 1
                if count > MAX_FILES:
                    return
                yield entry.path, None if entry.is_symlink() else entry.path

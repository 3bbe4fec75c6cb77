"""Project-wide facts that one module cannot show, found by one bounded text scan per root.

Whether some entry point disables v2 behaviour, sets ``TF_USE_LEGACY_KERAS`` or the
``share_cluster_devices_in_session`` session option decides findings in modules
that never mention it.  A plain byte search over the project's Python files,
never following symlinks, done at most once per project root and only when a
rule needs it.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

#: Marker name -> the bytes that show it somewhere in the project.
MARKERS = {
    "switches_to_tf1_mode": (b"disable_v2_behavior(", b"disable_eager_execution("),
    "sets_legacy_keras": (b"TF_USE_LEGACY_KERAS",),
    "shares_cluster_devices": (b"share_cluster_devices_in_session",),
}
_SKIP_DIRS = frozenset({"node_modules", "site-packages", "build", "dist", "__pycache__"})
_MAX_FILES = 20_000
_MAX_BYTES = 2_000_000


def has(root: Path | None, marker: str) -> bool:
    """Whether any Python file under ``root`` shows ``marker`` (a key of ``MARKERS``)."""
    return marker in _markers(root)


def clear_cache() -> None:
    _markers.cache_clear()


@functools.cache
def _markers(root: Path | None) -> frozenset[str]:
    if root is None:
        return frozenset()
    found: set[str] = set()
    seen = 0
    for directory, subdirs, files in os.walk(root, followlinks=False):
        subdirs[:] = [d for d in subdirs if not d.startswith(".") and d not in _SKIP_DIRS and "venv" not in d]
        for name in files:
            if not name.endswith(".py") or name.endswith("_nbqa_ipynb.py"):
                continue  # nbQA's temporary copies of notebooks are not the project's code
            seen += 1
            if seen > _MAX_FILES:
                return frozenset(found)
            try:
                with open(os.path.join(directory, name), "rb") as handle:
                    data = handle.read(_MAX_BYTES)
            except OSError:
                continue
            found.update(m for m, words in MARKERS.items() if m not in found and any(w in data for w in words))
            if len(found) == len(MARKERS):
                return frozenset(found)
    return frozenset(found)

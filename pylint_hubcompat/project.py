"""Project-wide facts that one module cannot show: does any entry point switch to TF1 mode?"""

from __future__ import annotations

import functools
import os
from pathlib import Path

_SWITCH_WORDS = (b"disable_v2_behavior(", b"disable_eager_execution(")
_SKIP_DIRS = frozenset({"node_modules", "site-packages", "build", "dist", "__pycache__"})
_MAX_FILES = 20_000
_MAX_BYTES = 2_000_000


@functools.cache
def switches_to_tf1_mode(root: Path | None) -> bool:
    """Whether any Python file under ``root`` disables v2 behaviour or eager execution.

    A plain text search, bounded in files and bytes, that never follows
    symlinks; computed at most once per project root and only when a rule
    about eager execution needs it.
    """
    if root is None:
        return False
    seen = 0
    for directory, subdirs, files in os.walk(root, followlinks=False):
        subdirs[:] = [d for d in subdirs if not d.startswith(".") and d not in _SKIP_DIRS and "venv" not in d]
        for name in files:
            if not name.endswith(".py"):
                continue
            seen += 1
            if seen > _MAX_FILES:
                return False
            try:
                with open(os.path.join(directory, name), "rb") as handle:
                    data = handle.read(_MAX_BYTES)
            except OSError:
                continue
            if any(word in data for word in _SWITCH_WORDS):
                return True
    return False

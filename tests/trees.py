"""Writing a project as a user has it: a dict of relative paths and texts, into a directory."""

from __future__ import annotations

import textwrap
from pathlib import Path


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` under ``root`` (made if missing) and return ``root``.

    Texts may be indented triple-quoted strings: they are dedented, and a first empty
    line is dropped, so that line 1 of the file is the first line written.
    """
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).removeprefix("\n"), encoding="utf-8")
    return root

"""Which notebooks ``hubcompat check`` finds, and which directories it never enters.

pylint expands directories into Python files itself (``--recursive=y``); Jupyter
notebooks it does not know, so ``hubcompat check`` finds them here, honouring the
same ignore options.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from re import Pattern

from pylint_hubcompat.notebooks import SUFFIX

#: Jupyter notebooks (linted by ``hubcompat check`` through :mod:`pylint_hubcompat.notebooks.reader`).
NOTEBOOK_SUFFIXES = (SUFFIX,)
#: Never worth linting in a project tree: hidden directories (``.venv``, ``.tox``, ``.git``)
#: and installed packages (the ``site-packages`` of a virtual environment of any name).
SKIPPED_NAMES = (re.compile(r"^\.[^.]"), re.compile(r"^(site|dist)-packages$"))


def discover(
    paths: Iterable[str],
    ignore: Sequence[str] = ("CVS",),
    ignore_patterns: Sequence[Pattern[str]] = (re.compile(r"^\.#"), *SKIPPED_NAMES),
    ignore_paths: Sequence[Pattern[str]] = (),
    suffixes: tuple[str, ...] = NOTEBOOK_SUFFIXES,
) -> Iterator[str]:
    """Every file with one of ``suffixes`` under the directories ``paths``, in a stable order.

    Whatever pylint's ``ignore`` (base names), ``ignore-patterns`` (base-name
    regexes) and ``ignore-paths`` (path regexes) exclude is skipped, directories
    included.
    """

    def ignored(name: str, path: str) -> bool:
        return (
            name in ignore
            or any(p.match(name) for p in ignore_patterns)
            or any(p.match(os.path.normpath(path)) for p in ignore_paths)
        )

    for top in paths:
        if ignored(os.path.basename(os.path.normpath(os.path.abspath(top))), top):
            continue
        for directory, subdirs, files in os.walk(top):
            subdirs[:] = sorted(d for d in subdirs if not ignored(d, os.path.join(directory, d)))
            for name in sorted(files):
                path = os.path.join(directory, name)
                if name.endswith(suffixes) and not ignored(name, path):
                    yield path

"""Which files ``hubcompat check`` hands to pylint.

The checker looks only at modules whose bytes name TensorFlow (see
:func:`pylint_hubcompat.facts.mentions_tensorflow`); every other module costs a
full astroid parse and yields nothing.  So ``hubcompat check`` expands the
directories itself and passes pylint only the files that can produce a finding:
the same findings, a fraction of the time on a large tree.

Discovery is one function, :func:`discover`; ``hubcompat check`` also finds Jupyter
notebooks (``suffixes=CHECK_SUFFIXES``), and :func:`mentions_tensorflow` needs nothing
new for them: the words are the same in a notebook's JSON.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from re import Pattern

#: What a source must contain for the checker to look at it (kept equal to ``facts.mentions_tensorflow``).
TENSORFLOW_WORDS = (b"tensorflow", b"tf_keras")
#: File suffixes pylint lints when it expands a directory.
SOURCE_SUFFIXES = (".py", ".pyi")
#: Jupyter notebooks (linted by ``hubcompat check`` through :mod:`pylint_hubcompat.notebooks`).
NOTEBOOK_SUFFIXES = (".ipynb",)
#: What ``hubcompat check`` finds in a directory.
CHECK_SUFFIXES = SOURCE_SUFFIXES + NOTEBOOK_SUFFIXES
#: Directories never worth walking into: tool caches, version control, installed packages.
SKIPPED_DIRECTORIES = frozenset({"__pycache__", "node_modules", "site-packages", "dist-packages"})


def discover(
    paths: Iterable[str],
    ignore: Sequence[str] = ("CVS",),
    ignore_patterns: Sequence[Pattern[str]] = (re.compile(r"^\.#"),),
    ignore_paths: Sequence[Pattern[str]] = (),
    suffixes: tuple[str, ...] = SOURCE_SUFFIXES,
) -> Iterator[str]:
    """Every source file under ``paths``, in a stable order, as pylint would name it.

    A file given explicitly is always yielded (the user asked for it).  A directory is
    walked entirely -- also sub-directories without ``__init__.py``, where scripts live --
    except hidden directories (``.git``, ``.venv``, ``.tox``), ``__pycache__``, virtual
    environments (any directory holding ``pyvenv.cfg``) and whatever pylint's
    ``ignore`` (base names), ``ignore-patterns`` (base-name regexes) and
    ``ignore-paths`` (path regexes) exclude.
    """

    def ignored(name: str, path: str) -> bool:
        return (
            name in ignore
            or any(p.match(name) for p in ignore_patterns)
            or any(p.match(os.path.normpath(path)) for p in ignore_paths)
        )

    for top in paths:
        if not os.path.isdir(top):
            yield top
            continue
        if ignored(os.path.basename(os.path.normpath(os.path.abspath(top))), top):
            continue
        for directory, subdirs, files in os.walk(top):
            subdirs[:] = sorted(
                d for d in subdirs
                if not d.startswith(".")
                and d not in SKIPPED_DIRECTORIES
                and not os.path.isfile(os.path.join(directory, d, "pyvenv.cfg"))
                and not ignored(d, os.path.join(directory, d))
            )
            for name in sorted(files):
                path = os.path.join(directory, name)
                if name.endswith(suffixes) and not ignored(name, path):
                    yield path


def mentions_tensorflow(path: str) -> bool:
    """Whether the file's bytes name TensorFlow; an unreadable file is kept (pylint reports it)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return True
    return any(word in data for word in TENSORFLOW_WORDS)

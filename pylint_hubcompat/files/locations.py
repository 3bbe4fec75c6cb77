"""Where things are: the shipped rule and data files, and the published pages messages link to."""

from __future__ import annotations

import functools
from pathlib import Path

#: This release (the wheel's version is ``pyproject.toml``'s; a test holds them equal).
VERSION = "0.1.0"
#: Where the pages are published; SARIF ``helpUri``s and the package URLs point here.
REPO_URL = "https://github.com/pylint-hubcompat/pylint-hubcompat"
DOCS_URL = f"{REPO_URL}/blob/main/docs"
RULES_PAGE = "rules.md"
#: The package is a directory (the rules and data are read as files), so its ``__file__``
#: is enough: ``importlib.resources`` would cost every pylint run an import of ``zipfile``.
_PACKAGE = Path(__file__).resolve().parent.parent


@functools.cache
def builtin_rules_dir() -> Path:
    """Inside the package when installed, beside it in a checkout."""
    packaged = _PACKAGE / "rules"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "rules"


def data_file(name: str) -> Path:
    """A file of ``pylint_hubcompat/data``."""
    return _PACKAGE / "data" / name


def rule_url(symbol: str) -> str:
    """The stable address of a rule's section in the published rule reference."""
    return f"{DOCS_URL}/{RULES_PAGE}#{symbol}"

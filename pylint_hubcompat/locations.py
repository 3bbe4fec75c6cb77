"""Where things are: the shipped rule files, and the published pages messages link to."""

from __future__ import annotations

import functools
from pathlib import Path

#: Where the pages are published; SARIF ``helpUri``s and the package URLs point here.
REPO_URL = "https://github.com/pylint-hubcompat/pylint-hubcompat"
DOCS_URL = f"{REPO_URL}/blob/main/docs"
RULES_PAGE = "rules.md"


@functools.cache
def builtin_rules_dir() -> Path:
    """Inside the package when installed, beside it in a checkout.

    The package is a directory either way (the rules are read as files), so its
    ``__file__`` is enough: ``importlib.resources`` would cost every pylint run an
    import of ``zipfile``.
    """
    packaged = Path(__file__).resolve().parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


def data_file(name: str) -> Path:
    """A file of ``pylint_hubcompat/data`` (read the same way as the rules, see above)."""
    return Path(__file__).resolve().parent / "data" / name


def rule_url(symbol: str) -> str:
    """The stable address of a rule's section in the published rule reference."""
    return f"{DOCS_URL}/{RULES_PAGE}#{symbol}"

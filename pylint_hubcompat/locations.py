"""Where the shipped rule files live: inside the package when installed, beside it in a checkout."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path


@functools.cache
def builtin_rules_dir() -> Path:
    packaged = Path(str(resources.files("pylint_hubcompat"))) / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"

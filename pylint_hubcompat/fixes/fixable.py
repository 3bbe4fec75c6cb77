"""A fix: what a finding's rule rewrites, at which level of safety."""

from __future__ import annotations

from typing import NamedTuple

from pylint_hubcompat.files.text_edits import Edit

#: The level of a fix that keeps behaviour on every admitted release (``rulebook.loading.SAFETIES``).
SAFE = "safe"


class Fix(NamedTuple):
    """What a finding's rule rewrites, and whether that keeps the code's behaviour."""

    symbol: str
    safety: str
    #: One line for a code action or a ``fix`` report: what the edits do.
    title: str
    edits: tuple[Edit, ...]

    @property
    def safe(self) -> bool:
        return self.safety == SAFE


class Fixable(NamedTuple):
    """A finding pylint reported, with its fix: found again by file, symbol, line and column."""

    path: str
    symbol: str
    line: int
    column: int
    fix: Fix

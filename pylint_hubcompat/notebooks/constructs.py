"""The record of a cell as IPython reads it: its Python lines and its IPython constructs.

Both readers (:mod:`.with_ipython`, :mod:`.fallback`) produce a :class:`Static`, and
:mod:`.transform` chooses between them; a test requires the two to be equal.
"""

from __future__ import annotations

from typing import NamedTuple

#: IPython's escapes that start a line: ``!ls``, ``%time``, ``?obj``, and the autocalls ``,f a`` ``;f a`` ``/f a``.
ESCAPES = frozenset("!%?,;/")


class Special(NamedTuple):
    """One IPython construct: cell lines ``first..last`` (0-based, continuations included)."""

    first: int
    last: int
    escape: str  # "!", "!!", "%", "?", "??", ",", ";", "/"; "%%" for a cell magic's first line
    text: str  # what follows the escape, continuation lines joined as IPython joins them
    indent: str  # the statement's indentation (after the cell's dedent)
    lhs: str | None = None  # "files = " for ``files = !ls``


class Static(NamedTuple):
    """A cell as IPython reads it, one entry per cell line."""

    #: Per cell line: its text after IPython's cleanup (dedent, prompts), ``None`` on a line of a special.
    code: tuple[str | None, ...]
    specials: tuple[Special, ...] = ()
    #: Index of the first line IPython keeps (leading blank lines are dropped).
    start: int = 0
    #: The cell magic (``"time"`` for ``%%time``), or ``None``.
    magic: str | None = None

    @property
    def single_line(self) -> bool:
        """Whether IPython's transformed cell is one line (the prefilter, automagic, runs only then)."""
        collapsed = sum(special.last - special.first for special in self.specials)
        return self.magic is None and len(self.code) - self.start - collapsed == 1

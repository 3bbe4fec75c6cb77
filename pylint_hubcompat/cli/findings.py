"""The findings of a ``hubcompat check`` run as its reporters get them.

Every message pylint hands the reporters passes :meth:`Findings.admit` first (in
the main process, ``-j N`` included).  It is counted for the summary and
``--statistics``; with ``--baseline`` a recorded one is held back, and pylint's
statistics, score and exit status are then computed as if it had never been
reported (:meth:`Findings.discount`); with ``--write-baseline`` each is recorded.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from pylint.constants import MSG_TYPES, MSG_TYPES_STATUS

from pylint_hubcompat.cli.baseline import Baseline, Entry, relative_to
from pylint_hubcompat.plugin.checker import CONFIG_ERROR, INTERNAL_ERROR
from pylint_hubcompat.reporters.fingerprints import code_hash

if TYPE_CHECKING:
    from pylint.lint import PyLinter
    from pylint.message import Message

#: Never recorded in a baseline: not findings about the code but about the run.
_NOT_BASELINED = frozenset({CONFIG_ERROR, INTERNAL_ERROR, "syntax-error"})


class Findings:
    """Counts, screens (``--baseline``) and records (``--write-baseline``) the messages of one run."""

    def __init__(
        self,
        lines: Callable[[str], list[str] | None],
        uncounted: Collection[str] = (),
        baseline: Baseline | None = None,
        record_to: Path | None = None,
    ) -> None:
        #: The lines a message's line numbers point into: the file's, a notebook's code cells.
        self._lines = lines
        self._uncounted = frozenset(uncounted)
        self.baseline = baseline
        self._record_to = record_to
        #: (path as reported, symbol) -> how many were reported.
        self.counts: Counter[tuple[str, str]] = Counter()
        #: symbol -> message id, for the statistics table.
        self.ids: dict[str, str] = {}
        #: The messages the baseline held back.
        self.absorbed: list[Message] = []
        #: What ``--write-baseline`` writes.
        self.recorded: list[Entry] = []
        self._discounted = 0

    def admit(self, message: Message) -> bool:
        """Whether ``message`` is reported (counting it); False if the baseline records it."""
        if message.symbol in self._uncounted:
            return True
        if (self.baseline is not None or self._record_to is not None) and _baselined(message):
            path = os.path.abspath(message.abspath or message.path)
            digest = code_hash(message.symbol, self._lines(path), message.line, message.end_line)
            if self._record_to is not None:
                where = relative_to(path, self._record_to.parent)
                self.recorded.append(Entry(where, message.symbol, digest, message.line or 0))
            if self.baseline is not None and self.baseline.absorbs(path, message.symbol, digest):
                self.absorbed.append(message)
                return False
        self.counts[(message.path, message.symbol)] += 1
        self.ids[message.symbol] = message.msg_id
        return True

    def by_symbol(self) -> Counter[str]:
        totals: Counter[str] = Counter()
        for (_, symbol), count in self.counts.items():
            totals[symbol] += count
        return totals

    def by_path(self) -> Counter[str]:
        totals: Counter[str] = Counter()
        for (path, _), count in self.counts.items():
            totals[path] += count
        return totals

    def discount(self, linter: PyLinter) -> None:
        """Take the held-back messages out of pylint's statistics and exit status, once, before its reports."""
        stats = linter.stats
        absorbed, self._discounted = self.absorbed[self._discounted :], len(self.absorbed)
        for message in absorbed:
            category = MSG_TYPES[message.msg_id[0]]
            stats.increase_single_message_count(category, -1)
            stats.increase_single_module_message_count(message.module, category, -1)
            stats.by_msg[message.symbol] -= 1
        for letter, category in MSG_TYPES.items():
            if absorbed and getattr(stats, category, 0) <= 0 and letter != "F":
                linter.msg_status &= ~MSG_TYPES_STATUS[letter]


def _baselined(message: Message) -> bool:
    return message.category != "fatal" and message.symbol not in _NOT_BASELINED

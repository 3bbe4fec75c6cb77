"""Which finding is which across commits: a fingerprint of the code a message points at.

A line number changes whenever code above it does; the code a finding is about
changes only when someone edits it.  So a finding is known by its rule, its file
and a hash of its lines with their indentation and blank lines left out, which
survives code moving up or down, being re-indented under an ``if``, or the
file's line endings changing.  Two identical findings in one file (the same call
twice) are told apart by their order: the second one is ``...:2``.

GitHub code scanning tracks an alert through these (SARIF ``partialFingerprints``)
and ``hubcompat check --baseline`` matches recorded findings by them.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

#: The key under SARIF ``partialFingerprints``; the number changes if the hash ever does.
SARIF_KEY = "hubcompatCodeHash/v1"
#: The longest stretch of a message's lines hashed: a finding on a whole module is known by its start.
_MAX_LINES = 20


def code_hash(symbol: str, lines: Sequence[str] | None, line: int | None, end_line: int | None = None) -> str:
    """A hex digest of ``symbol`` and the code of lines ``line``..``end_line`` (1-based) of ``lines``.

    Lines that cannot be read (None, or out of range) hash as empty: the finding is
    then known by its rule and file alone, which still survives an unrelated edit.
    """
    first = max(line or 1, 1)
    last = min(max(end_line or first, first), first + _MAX_LINES - 1)
    code = [] if lines is None else [text.strip() for text in lines[first - 1 : last]]
    digest = hashlib.sha256(symbol.encode("utf-8"))
    for text in code:
        if text:
            digest.update(b"\n" + text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:20]


class Occurrences:
    """Numbers identical fingerprints in one file in the order they are met: ``HASH:1``, ``HASH:2``."""

    def __init__(self) -> None:
        self._seen: Counter[tuple[str, str]] = Counter()

    def number(self, path: str, digest: str) -> str:
        self._seen[(path, digest)] += 1
        return f"{digest}:{self._seen[(path, digest)]}"

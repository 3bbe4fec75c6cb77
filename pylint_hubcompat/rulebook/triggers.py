"""Which modules can have a finding, told from their bytes alone.

Parsing and analysing a module is most of what linting costs, and most modules
of a TensorFlow project cannot have a finding.  A rule selects sites by dotted
name (``tensorflow_hub.KerasLayer``, ``tensorflow.estimator``), and
:mod:`pylint_hubcompat.facts.qualified` builds a site's name only from the module's own
import statements and attribute chains -- never by inference, and dropping at
most a ``compat.v1`` -- so every segment of the name is spelled in the module,
as a whole word.  A module that lacks a word of each of a rule's names cannot
give that rule a site.  Some facts add a word: a module that fine-tunes a model
loaded with ``hub.KerasLayer`` spells ``tensorflow_hub`` (``FactSpec.spelled``).
The checker leaves every other module before any analysis, and ``hubcompat
check`` does not even hand it to pylint (nor the modules whose rules cannot hold
for their project's target).  The same findings, for a fraction of the work.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pylint_hubcompat.facts.vocabulary import FACTS
from pylint_hubcompat.files import reading

if TYPE_CHECKING:
    from astroid import nodes

    from pylint_hubcompat.rulebook.loading import Alternative, Rule

#: What a module must contain for the checker to look at it at all.
TENSORFLOW_WORDS = (b"tensorflow", b"tf_keras")


def mentions_tensorflow(data: bytes) -> bool:
    return any(word in data for word in TENSORFLOW_WORDS)


def module_bytes(module: nodes.Module) -> bytes | None:
    """The source of a module as pylint read it (a notebook's is its code cells), or None."""
    data: bytes | str | None = module.file_bytes
    if data is None and module.file:
        try:
            data = reading.read_bytes(module.file, reading.MAX_SOURCE_BYTES)
        except reading.UnreadableFile:
            return None
    if isinstance(data, str):
        data = data.encode("utf-8", "replace")
    return data


def spelled(name: str) -> frozenset[bytes]:
    """The words a site named ``name`` (or an attribute ending in it) spells in its module."""
    return frozenset(part.encode() for part in name.split(".") if part and part != "*")


class Triggers:
    """The word sets of the rules' names: a module with none of them complete has no site."""

    def __init__(self, alternatives: Iterable[Alternative]) -> None:
        sets = {words for alternative in alternatives for words in _word_sets(alternative)}
        # A set that contains another adds nothing: the smaller one is already enough.
        self.word_sets = tuple(sorted((s for s in sets if not any(o < s for o in sets)), key=sorted))
        words = sorted(set().union(*self.word_sets), key=lambda w: (-len(w), w))
        self._pattern = re.compile(rb"\b(?:" + b"|".join(map(re.escape, words)) + rb")\b") if words else None

    @classmethod
    def of_rules(cls, rules: Iterable[Rule]) -> Triggers:
        return cls(alternative for rule in rules for alternative in rule.alternatives)

    def could_select(self, data: bytes) -> bool:
        """Whether some rule could select a site in a module of this source."""
        if self._pattern is None:
            return False
        present = set(self._pattern.findall(data))
        return any(words <= present for words in self.word_sets)


def _word_sets(alternative: Alternative) -> Iterator[frozenset[bytes]]:
    """What a module spells where ``alternative`` holds: a name's words, and those of true facts."""
    implied = {
        FACTS[fact].spelled.encode()
        for fact, allowed in alternative.condition.facts
        if allowed == (True,) and FACTS[fact].spelled
    }
    for name in alternative.names:
        yield spelled(name) | implied

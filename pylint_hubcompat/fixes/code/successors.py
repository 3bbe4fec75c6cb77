"""A TF1 Hub format handle -> the TF2 SavedModel version of the same model, which can be fine-tuned."""

from __future__ import annotations

import re

from astroid import nodes

from pylint_hubcompat.facts.collect import handle_argument
from pylint_hubcompat.fixes.context import FixContext, Proposal

#: A string literal as written: its prefix letters and its quote.
_LITERAL = re.compile(r"(?P<prefix>[rRuU]?)(?P<quote>'''|\"\"\"|'|\")")


def tf2_successor(context: FixContext) -> Proposal | None:
    """The handle's literal, in the call, becomes the successor the catalog names.

    Only a literal written in the call: a constant may feed other calls that need the
    TF1 version (a frozen hub.Module, say), so it is not the fix's to change.
    """
    handle = context.site.handle
    call = context.site.node
    if handle is None or not handle.successor or not isinstance(call, nodes.Call):
        return None
    literal = handle_argument(call)
    if not (isinstance(literal, nodes.Const) and isinstance(literal.value, str)) or literal.value != handle.handle:
        return None
    written = context.source.segment(literal)
    match = _LITERAL.match(written)
    if match is None or re.search(r"['\"\\]", handle.successor):
        return None
    replacement = f"{match['prefix']}{match['quote']}{handle.successor}{match['quote']}"
    return Proposal(
        (context.source.replace(literal, replacement),), f"Fine-tune {handle.successor}, the TF2 SavedModel version"
    )

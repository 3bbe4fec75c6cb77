"""The expression a snippet marks with ``__(...)``, in pylint's tree and in ``hubcompat check``'s.

pylint's tree is astroid's (``extract_node``); ``hubcompat check`` builds the same
code without astroid's inference (:mod:`pylint_hubcompat.facts.trees`).  Whatever the
checker reads must come out the same from both.
"""

from __future__ import annotations

import textwrap

import astroid
from astroid import nodes

from pylint_hubcompat.facts import trees


def in_both_trees(code: str) -> tuple[nodes.NodeNG, nodes.NodeNG]:
    code = textwrap.dedent(code)
    spelled = [
        call.args[0]
        for call in trees.build("", "", code).nodes_of_class(nodes.Call)
        if isinstance(call.func, nodes.Name) and call.func.name == "__"
    ]
    assert len(spelled) == 1, "mark exactly one expression with __(...)"
    return astroid.extract_node(code), spelled[0]

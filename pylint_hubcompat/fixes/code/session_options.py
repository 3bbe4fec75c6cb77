"""``share_cluster_devices_in_session``: the spelling each TensorFlow has.

The option is ``config.experimental.share_cluster_devices_in_session`` on TensorFlow
1.14-2.1 and ``config.share_cluster_devices_in_session`` from 2.2, where the
experimental field is kept for compatibility; before 1.14 it does not exist.
"""

from __future__ import annotations

from astroid import nodes
from packaging.version import Version

from pylint_hubcompat.fixes.context import FixContext, Proposal

_EXPERIMENTAL_FROM = Version("1.14")
TOP_LEVEL_FROM = Version("2.2")


def top_level(context: FixContext) -> Proposal | None:
    """``config.experimental.X`` -> ``config.X`` (the rule fires only where every admitted TF has it)."""
    node = context.node
    if not _is_experimental(node):
        return None
    owner = node.expr.expr
    return Proposal((context.source.replace(node.expr, context.source.segment(owner)),))


def admitted_spelling(context: FixContext) -> Proposal | None:
    """The spelling every admitted TensorFlow has, if there is one."""
    node = context.node
    if not isinstance(node, (nodes.Attribute, nodes.AssignAttr)):
        return None
    releases = context.target["tensorflow"].releases
    if not releases or min(releases) < _EXPERIMENTAL_FROM:
        return None
    if max(releases) < TOP_LEVEL_FROM and not _is_experimental(node):
        text = context.source.segment(node.expr) + ".experimental"
        return Proposal(
            (context.source.replace(node.expr, text),), "Use config.experimental.share_cluster_devices_in_session"
        )
    if min(releases) >= TOP_LEVEL_FROM and _is_experimental(node):
        return top_level(context)
    return None


def _is_experimental(node: nodes.NodeNG) -> bool:
    return (
        isinstance(node, (nodes.Attribute, nodes.AssignAttr))
        and isinstance(node.expr, nodes.Attribute)
        and node.expr.attrname == "experimental"
    )

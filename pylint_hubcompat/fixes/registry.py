"""Which fixer a rule names, and turning its proposal into a :class:`~.edits.Fix`.

A rule's ``[rule.autofix]`` table names its fixer; the fixer is imported only when a
finding of that rule is fixed, so a run without findings never loads libcst or tomlkit.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from pylint_hubcompat.fixes.fixable import Fix

if TYPE_CHECKING:  # the plugin reads FIXERS to check a team's rules: it must not load the facts for that
    from pylint_hubcompat.fixes.context import FixContext, Proposal

#: Fixer name (what a rule's ``autofix.fixer`` says) -> ``module:function`` under ``pylint_hubcompat.fixes``.
FIXERS = {
    "session-option-top-level": "code.session_options:top_level",
    "session-option-admitted": "code.session_options:admitted_spelling",
    "share-cluster-devices": "code.session_config:share_cluster_devices",
    "load-signatures": "code.signatures:load_signatures",
    "tf2-successor": "code.successors:tf2_successor",
    "legacy-keras": "code.keras_three:legacy_keras",
    "import-tensorflow-text": "code.text_ops:import_tensorflow_text",
    "pin-setuptools": "dependencies.version_pins:pin_setuptools",
    "fit-hub-and-tensorflow": "dependencies.version_pins:fit_hub_and_tensorflow",
}

Fixer = Callable[["FixContext"], "Proposal | None"]


def fixer(name: str) -> Fixer:
    module, _, function = FIXERS[name].partition(":")
    found: Fixer = getattr(importlib.import_module(f"pylint_hubcompat.fixes.{module}"), function)
    return found


def compute(context: FixContext) -> Fix | None:
    """The fix of one finding, or None where its rule has none or the code's shape is not one it handles."""
    autofix = context.rule.autofix
    if autofix is None:
        return None
    proposal = fixer(autofix.fixer)(context)
    if proposal is None or not proposal.edits:
        return None
    return Fix(context.rule.symbol, autofix.safety, proposal.title or autofix.title, proposal.edits)

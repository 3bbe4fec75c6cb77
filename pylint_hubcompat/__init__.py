"""pylint_hubcompat: a pylint plugin for TensorFlow Hub compatibility.

``pylint --load-plugins=pylint_hubcompat`` registers the ``hubcompat`` checker.
pylint imports this package in every run, so it imports nothing but the version
until pylint calls it, and then only what the call needs.
"""
# pylint: disable=import-outside-toplevel  # see the docstring

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pylint_hubcompat.files.locations import VERSION

if TYPE_CHECKING:
    from pylint.lint import PyLinter

    from pylint_hubcompat.facts.handles import HandleInfo, classify_handle

__version__ = VERSION
__all__ = ["HandleInfo", "__version__", "classify_handle", "load_configuration", "register"]


def __getattr__(name: str) -> Any:
    # pylint imports this package in every run: the public handle API is loaded on first use.
    if name in ("HandleInfo", "classify_handle"):
        from pylint_hubcompat.facts import handles

        return getattr(handles, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def register(linter: PyLinter) -> None:
    """pylint's plugin entry point: the checker, and the SARIF reporter (``hubcompat-sarif``, alias ``sarif``)."""
    from pylint_hubcompat.plugin.checker import CONFIG_ERROR, HubCompatChecker, message_known
    from pylint_hubcompat.reporters.sarif import SarifAliasReporter, SarifReporter

    # -j workers call register() again on a copy of the linter that knows our messages:
    # pylint 3.0 keeps our checker there, later versions remove it.  Only then look
    # (get_checkers() sorts the checkers, a few ms).
    again = message_known(linter, CONFIG_ERROR)
    if not again or not any(isinstance(c, HubCompatChecker) for c in linter.get_checkers()):
        linter.register_checker(HubCompatChecker(linter))
    linter.register_reporter(SarifReporter)
    # ``--output-format=sarif`` is ours until pylint ships a SARIF reporter of its own.
    if SarifAliasReporter.name not in getattr(linter, "_reporters", {}):
        linter.register_reporter(SarifAliasReporter)


def load_configuration(linter: PyLinter) -> None:
    """pylint's hook after the configuration is read: load the ``rules-path`` rules."""
    # linter.get_checkers() only when needed: it sorts the checkers, and each comparison
    # formats both checkers' messages (pylint's BaseChecker.__eq__), a few ms in every run.
    if linter.config.rules_path:
        from pylint_hubcompat.plugin.user_rules import register_user_rules

        register_user_rules(linter)

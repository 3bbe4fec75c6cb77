"""The hubcompat options as a pylint run would have them, for the commands that do not lint.

``hubcompat detect`` and ``hubcompat handle`` answer what ``check`` would use, so
they read the options exactly as pylint does: its own run, up to the point where
the configuration is complete (``--rcfile``, the pylintrc or ``[tool.pylint]`` it
finds from the working directory, then the command line), and no further.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from pylint.lint import PyLinter, Run
from pylint.reporters import CollectingReporter

from pylint_hubcompat.plugin.options import Options, read_options

#: Forwarded to pylint when given: the options ``check`` reads its target and handles by.
FORWARDED = ("--rcfile", "--tf-version", "--hub-version", "--model-formats")


class _Configured(Exception):  # not an error: how the run hands its configuration back
    def __init__(self, linter: PyLinter) -> None:
        super().__init__()
        self.linter = linter


class _ConfigurationOnly(PyLinter):
    """pylint's linter, stopping where it would start linting: its configuration is complete then."""

    def check(self, files_or_modules: Sequence[str]) -> None:
        raise _Configured(self)


class _Run(Run):
    LinterClass = _ConfigurationOnly


def configured_options(arguments: Sequence[str]) -> Options:
    """The options of a ``hubcompat check`` run given ``arguments`` (``--tf-version=2.15.1``...).

    pylint reports a usage error (an unknown option, a bad value) on stderr and
    raises ``SystemExit`` with its status, as it would for ``check``.
    """
    try:
        _Run(
            [
                "--load-plugins=pylint_hubcompat",
                "--disable=all",
                "--enable=hubcompat",
                "--persistent=n",
                *arguments,
                "--",
                ".",
            ],
            reporter=CollectingReporter(),
            exit=False,
        )
    except _Configured as done:
        return read_options(done.linter.config)
    raise SystemExit(32)  # pylint stopped before linting without saying why: a usage error


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The forwarded options, so that ``--help`` shows them."""
    add = parser.add_argument
    add("--rcfile", metavar="FILE", help="pylint configuration file (default: the one pylint finds)")
    add("--tf-version", metavar="SPEC", help="TensorFlow the project runs on, overriding what is detected")
    add("--hub-version", metavar="SPEC", help="tensorflow_hub the project runs on, overriding what is detected")
    add(
        "--model-formats", metavar="PREFIX=FORMAT,...", help="formats of private model stores (tf1-hub, tf2-savedmodel)"
    )


def forwarded(namespace: argparse.Namespace) -> list[str]:
    """The forwarded options given on the command line, spelled for pylint."""
    given = []
    for option in FORWARDED:
        value = getattr(namespace, option[2:].replace("-", "_"), None)
        if value is not None:
            given.append(f"{option}={value}")
    return given

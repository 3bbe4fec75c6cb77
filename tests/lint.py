"""Lint a snippet as a user would: written into a project directory, linted by pylint with the plugin."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pylint.lint import Run
from pylint.reporters import CollectingReporter


def lint_file(path: Path, *options: str) -> list[tuple[str, int, str]]:
    """(symbol, line, message) of every hubcompat message pylint reports for ``path``."""
    reporter = CollectingReporter()
    Run(
        ["--load-plugins=pylint_hubcompat", "--disable=all", "--enable=hubcompat", "--persistent=n", *options, str(path)],
        reporter=reporter,
        exit=False,
    )
    return [(m.symbol, m.line, m.msg) for m in reporter.messages]


def lint_snippet(
    project: Path, code: str, options: Sequence[str] = (), name: str = "example.py"
) -> list[tuple[str, int, str]]:
    """Write ``code`` into ``project`` (a directory that stands for the user's project) and lint it."""
    project.mkdir(parents=True, exist_ok=True)
    path = project / name
    path.write_text(code, encoding="utf-8")
    return lint_file(path, *options)

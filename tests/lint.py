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


def fix_file(path: Path, *options: str, unsafe: bool = True) -> str:
    """The text of ``path`` after ``hubcompat fix`` (unsafe fixes too, unless told); nothing is written."""
    from pylint_hubcompat.cli import fix

    outcome = fix.fix(fix.Session(list(options), [str(path)]), fix.Choice(unsafe=unsafe))
    done = outcome.files.get(str(path.resolve()))
    return done.text if done is not None else path.read_text(encoding="utf-8")


def fix_snippet(project: Path, code: str, options: Sequence[str] = (), name: str = "example.py") -> str:
    """Write ``code`` into ``project`` and return it as ``hubcompat fix --unsafe-fixes`` would leave it."""
    project.mkdir(parents=True, exist_ok=True)
    path = project / name
    path.write_text(code, encoding="utf-8")
    return fix_file(path, *options)


def lint_with_fixes(paths: Sequence[Path], *options: str) -> tuple[list, list]:
    """pylint's messages for ``paths`` as ``hubcompat check`` gives them, and the recorded fix of each that has one."""
    from pylint_hubcompat.cli import fix

    linted = fix.Session(list(options), [str(p) for p in paths]).first
    return list(linted.messages), list(linted.fixes)

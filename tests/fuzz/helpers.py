"""Lint in-process with pylint's Run (exit=False) and collect every message, ours and pylint's own."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from hypothesis import HealthCheck, settings
from pylint.lint import Run
from pylint.reporters import CollectingReporter

from pylint_hubcompat.target import detection
from pylint_hubcompat.facts import project_scan

#: pylint's own messages for files it cannot read; anything else of pylint's is unexpected here.
PYLINT_OWN = frozenset({"syntax-error", "astroid-error", "parse-error", "unknown-option-value"})
CRASH = frozenset({"hubcompat-internal-error", "fatal"})
#: Small example counts keep the suite fast; raise with HUBCOMPAT_EXAMPLES=1000 for a long fuzz.
FUZZ = settings(
    max_examples=int(os.environ.get("HUBCOMPAT_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def lint(paths: Iterable[Path], *options: str) -> list[tuple[str, int, str, str]]:
    """(symbol, line, file, message) of every message; raises whatever pylint or the plugin raises."""
    detection.clear_caches()
    project_scan.clear_cache()
    reporter = CollectingReporter()
    Run(
        [
            "--load-plugins=pylint_hubcompat",
            "--disable=all",
            "--enable=hubcompat,syntax-error,astroid-error,fatal",
            "--persistent=n",
            *options,
            *(str(p) for p in paths),
        ],
        reporter=reporter,
        exit=False,
    )
    return [(m.symbol, m.line, m.path, m.msg) for m in reporter.messages]


def assert_no_crash(messages: list[tuple[str, int, str, str]]) -> None:
    crashes = [m for m in messages if m[0] in CRASH]
    assert not crashes, crashes

"""Run the snippets of the selected tests ahead of time, a few at once.

Why: a snippet costs a few seconds, mostly importing TensorFlow, which keeps
one core busy.  The tests themselves stay sequential and readable; while one
test waits for its snippet, the next tests' snippets already run on the other
core.  Each snippet still gets its own subprocess, so isolation is unchanged.
Set ``HUBCOMPAT_RUNTIME_JOBS=1`` to run everything strictly in order.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from harness import RunResult, run_snippet


def workers_wanted() -> int:
    """How many snippets may run at once (``HUBCOMPAT_RUNTIME_JOBS``, default: cores, at most 2)."""
    try:
        return max(1, int(os.environ["HUBCOMPAT_RUNTIME_JOBS"]))
    except (KeyError, ValueError):
        return max(1, min(2, os.cpu_count() or 1))


class Prefetcher:
    """A queue of snippet runs whose results the tests pick up by (source, env)."""

    def __init__(self, workers: int, models: Mapping[str, Path]) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="snippet")
        self._models = models
        self._futures: dict[tuple[str, str], Future[RunResult]] = {}

    def submit(self, source: str, env: str) -> None:
        """Start running ``source`` in ``env`` as soon as a worker is free."""
        key = (source, env)
        if key not in self._futures:
            self._futures[key] = self._pool.submit(run_snippet, source, env, models=self._models)

    def take(self, source: str, env: str) -> RunResult | None:
        """The result of a submitted run (waiting for it), or None if it was not submitted."""
        future = self._futures.pop((source, env), None)
        return future.result() if future is not None else None

    def close(self) -> None:
        """Drop what has not started; runs in progress end within their timeout."""
        self._pool.shutdown(wait=False, cancel_futures=True)

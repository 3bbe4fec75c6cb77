"""Fixtures and hooks of the runtime proofs.

Why this file matters: the runtime tests need two multi-GB TensorFlow
environments.  A plain ``pytest`` on a machine without them must not fail but
skip them with one clear reason; CI builds them, so there a missing environment
is an error.  After a full run the observations are written to
``docs/runtime-witnesses.md``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import witness_report
from envs import ENV_SPECS, is_built
from harness import RunResult, run_snippet
from witness_report import Observation

HERE = Path(__file__).resolve().parent
#: Test modules whose observations make up docs/runtime-witnesses.md.
REPORT_MODULES = ("test_witnesses.py", "test_facts.py")
_OBSERVATIONS = pytest.StashKey[list]()
_RAN = pytest.StashKey[bool]()


def missing_envs_reason(names: tuple[str, ...] = tuple(ENV_SPECS)) -> str | None:
    """One line saying which environments are missing and how to build them, or None."""
    missing = [name for name in names if not is_built(name)]
    if not missing:
        return None
    how = "python tests/runtime/envs.py"
    if len(missing) < len(ENV_SPECS):
        how += f" --only {missing[0]}" if len(missing) == 1 else ""
    return f"runtime environments not built ({', '.join(missing)}): run `{how}`"


def require_envs(*names: str) -> None:
    """Skip (or, under CI, fail) the current test unless environments ``names`` exist."""
    reason = missing_envs_reason(names or tuple(ENV_SPECS))
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must build them before the tests)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def tiny_models() -> dict[str, Path]:
    """Format -> path of the tiny local models (built once, in the legacy environment)."""
    require_envs("legacy")
    from models import ensure_models

    return ensure_models()


@pytest.fixture
def run(tiny_models: dict[str, Path]) -> Callable[..., RunResult]:
    """``run(source, env)``: run a snippet in an environment, handles pointed at tiny models."""

    def _run(source: str, env: str, **kwargs) -> RunResult:
        require_envs(env)
        return run_snippet(source, env, models=tiny_models, **kwargs)

    return _run


@pytest.fixture
def observe(request: pytest.FixtureRequest) -> Callable[..., Observation]:
    """``observe(section, subject, witness, env, expected, observed)``: add a row to the report."""
    rows = request.node.stash.setdefault(_OBSERVATIONS, [])

    def _observe(section: str, subject: str, witness: str, env: str,
                 expected: str, observed: str) -> Observation:
        row = Observation(section, subject, witness, env, expected, observed)
        rows.append(row)
        return row

    return _observe


# --------------------------------------------------------------------------- hooks


class _RunTracker:
    """Decides whether this session ran every witness, so the report may be rewritten."""

    def __init__(self) -> None:
        self.items: list[pytest.Item] = []
        self.deselected = False
        self.written: Path | None = None
        self.not_written: str | None = None

    def complete(self, session: pytest.Session) -> str | None:
        """None when the report can be written, else why not."""
        if not self.items:
            return "no runtime witness ran"
        if self.deselected or any("::" in arg for arg in session.config.args):
            return "only part of the runtime tests was selected"
        modules = {Path(str(item.path)).name for item in self.items}
        if set(REPORT_MODULES) - modules:
            return "only part of the runtime tests was selected"
        if session.shouldstop or session.shouldfail:
            return "the run stopped early"
        if not all(item.stash.get(_RAN, False) for item in self.items):
            return "some runtime tests did not run (environments missing?)"
        return None


_TRACKER = _RunTracker()


def _is_report_item(item: pytest.Item) -> bool:
    path = Path(str(item.path))
    return path.parent == HERE and path.name in REPORT_MODULES


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "runtime: runs code on real TensorFlow (needs tests/runtime/envs.py)"
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked ``runtime`` need the environments: one skip reason for all of them."""
    if item.get_closest_marker("runtime"):
        require_envs()


def pytest_itemcollected(item: pytest.Item) -> None:
    if _is_report_item(item):
        _TRACKER.items.append(item)


def pytest_deselected(items: list[pytest.Item]) -> None:
    if any(_is_report_item(item) for item in items):
        _TRACKER.deselected = True


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when != "call":
        return
    item.stash[_RAN] = True
    for row in item.stash.get(_OBSERVATIONS, []):
        row.outcome = report.outcome


def pytest_sessionfinish(session: pytest.Session) -> None:
    why_not = _TRACKER.complete(session)
    if why_not:
        _TRACKER.not_written = why_not
        return
    rows = [row for item in _TRACKER.items for row in item.stash.get(_OBSERVATIONS, [])]
    _TRACKER.written = witness_report.write(rows)


def pytest_terminal_summary(terminalreporter) -> None:
    if _TRACKER.written:
        terminalreporter.write_line(f"runtime witnesses written to {_TRACKER.written}")
    elif _TRACKER.items and _TRACKER.not_written:
        terminalreporter.write_line(
            f"{witness_report.DOC_PATH.name} not rewritten: {_TRACKER.not_written}"
        )

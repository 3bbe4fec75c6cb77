"""Fixtures and hooks of the runtime proofs.

Why this file matters: the runtime tests need two multi-GB TensorFlow
environments (and the cheap ones derived from them, see envs.py).  A plain
``pytest`` on a machine without them must not fail but skip them with one clear
reason; CI builds them, so there a missing environment is an error.  After a
full run the observations are written to ``docs/runtime-witnesses.md``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import witness_report
from envs import DERIVED, ENV_SPECS, OVERLAYS, is_built
from harness import UNAVAILABLE, RunResult, run_snippet
from prefetch import Prefetcher, workers_wanted
from witness_report import Observation

HERE = Path(__file__).resolve().parent
#: Test modules whose observations make up docs/runtime-witnesses.md.
REPORT_MODULES = ("test_witnesses.py", "test_facts.py")
_OBSERVATIONS = pytest.StashKey[list]()
_RAN = pytest.StashKey[bool]()


def missing_envs_reason(names: tuple[str, ...] = tuple(ENV_SPECS)) -> str | None:
    """One line saying which environments are missing and how to build them, or None."""
    real = []
    for name in names:  # an overlay needs the environments it is made of
        real += [OVERLAYS[name].base, OVERLAYS[name].source] if name in OVERLAYS else [name]
    missing = [name for name in (*ENV_SPECS, *DERIVED) if name in real and not is_built(name)]
    if not missing:
        return None
    how = "python tests/runtime/envs.py"
    if len(missing) == 1:  # a derived one builds its base first if need be
        how += f" --only {missing[0]}"
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
    """``run(source, env)``: run a snippet in an environment, handles pointed at tiny models.

    A snippet that cannot be run safely here (a local cluster without a private
    network, see harness.py) skips its test with the reason.
    """

    def _run(source: str, env: str, **kwargs) -> RunResult:
        require_envs(env)
        result = None
        if not kwargs and _PREFETCH.current is not None:
            result = _PREFETCH.current.take(source, env)
        if result is None:
            result = run_snippet(source, env, models=tiny_models, **kwargs)
        if result.status == UNAVAILABLE:
            pytest.skip(f"[{env}] {result.message}")
        return result

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


class _PREFETCH:
    started = False
    current: Prefetcher | None = None


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
        if not _PREFETCH.started:
            _start_prefetch(item.session)


def _start_prefetch(session: pytest.Session) -> None:
    """Queue the snippets of all selected runtime tests (see prefetch.py).

    Started at the first runtime test rather than at collection, so the extra
    load never overlaps the rest of the suite (timing-sensitive tests).
    """
    _PREFETCH.started = True
    workers = workers_wanted()
    if workers < 2 or missing_envs_reason():
        return
    jobs = []
    for item in session.items:
        snippets_for = getattr(getattr(item, "module", None), "snippets_for", None)
        if snippets_for is not None and hasattr(item, "callspec"):
            jobs += snippets_for(item.originalname, item.callspec.params)
    if not jobs:
        return
    from models import ensure_models

    try:
        models = ensure_models()
    except Exception:  # the tiny_models fixture reports it properly
        return
    _PREFETCH.current = Prefetcher(workers, models)
    for source, env in jobs:
        _PREFETCH.current.submit(source, env)


def pytest_itemcollected(item: pytest.Item) -> None:
    if _is_report_item(item):
        _TRACKER.items.append(item)


def pytest_deselected(items: list[pytest.Item]) -> None:
    if any(_is_report_item(item) for item in items):
        _TRACKER.deselected = True


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when != "call":
        return
    item.stash[_RAN] = True
    for row in item.stash.get(_OBSERVATIONS, []):
        row.outcome = report.outcome


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _PREFETCH.current is not None:
        _PREFETCH.current.close()
    why_not = _TRACKER.complete(session)
    if why_not:
        _TRACKER.not_written = why_not
        return
    rows = [row for item in _TRACKER.items for row in item.stash.get(_OBSERVATIONS, [])]
    _TRACKER.written = witness_report.write(rows)


def pytest_terminal_summary(terminalreporter) -> None:
    if _TRACKER.written:
        terminalreporter.write_line(f"runtime witnesses written to {_TRACKER.written}")
    elif _TRACKER.not_written and any(item.stash.get(_RAN, False) for item in _TRACKER.items):
        terminalreporter.write_line(
            f"{witness_report.DOC_PATH.name} not rewritten: {_TRACKER.not_written}"
        )

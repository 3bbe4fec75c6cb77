"""The layers of docs/architecture.md, held against the code: imports run from the glue down to the data."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from importlinter.cli import lint_imports

REPO = Path(__file__).resolve().parents[1]


def test_imports_run_one_way_through_the_layers(monkeypatch):
    monkeypatch.chdir(REPO)  # import-linter finds the package from the working directory
    report = io.StringIO()
    with contextlib.redirect_stdout(report):
        status = lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True, no_logo=True)
    assert status == 0, report.getvalue()


def test_no_two_modules_share_a_name():
    names = [p.name for p in (REPO / "pylint_hubcompat").rglob("*.py") if p.name != "__init__.py"]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []

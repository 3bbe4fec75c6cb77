"""Fixture projects for detection tests: written into ``tmp_path`` from a dict of file texts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pylint_hubcompat.target import detection
from tests.trees import write_tree
from pylint_hubcompat.target.model import Constraint, Target

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "projects"


@pytest.fixture(autouse=True)
def fresh_detection(monkeypatch: pytest.MonkeyPatch):
    """Every test detects afresh, and sees nothing installed unless it installs something itself."""
    monkeypatch.setattr(detection, "installed_constraints", dict)
    detection.clear_caches()
    yield
    detection.clear_caches()


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """``project({"requirements.txt": "tensorflow==2.15.1"})`` writes the files and returns the root."""

    def make(files: dict[str, str], root: Path = tmp_path) -> Path:
        return write_tree(root, files)

    return make


def detect(root: Path | None) -> Target:
    return detection.detect_target(root)


def summary(constraint: Constraint) -> tuple[str, str, str | None, str | None]:
    """``(specifier, source, oldest admitted, newest admitted)``: what a user reads in ``detect``."""
    first = str(constraint.releases[0]) if constraint.releases else None
    last = str(constraint.releases[-1]) if constraint.releases else None
    return constraint.specifier, constraint.source, first, last


def problems(target: Target) -> list[str]:
    return [f"{p.path}:{p.line}: {p.message}" for p in target.problems]

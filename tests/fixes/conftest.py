"""The fixers' tests detect each project afresh, from its files only (what this venv has installed does not count)."""

from tests.target.detection.conftest import fresh_detection  # noqa: F401  # an autouse fixture

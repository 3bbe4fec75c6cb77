"""Shared fixtures: no resolution may fail by accident."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture(autouse=True)
def no_swallowed_errors(caplog):
    """An "unknown" must come from the rules of resolution, not from a bug that was caught.

    values.py logs (at debug level) every unexpected exception it swallows to
    keep pylint alive; in these tests any such log is a failure.
    """
    with caplog.at_level(logging.DEBUG, logger="pylint_hubcompat.values"):
        yield
    swallowed = [r for r in caplog.records if r.name == "pylint_hubcompat.values" and r.exc_info]
    assert not swallowed, [r.getMessage() for r in swallowed]

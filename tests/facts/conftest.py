"""Shared fixtures: no resolution may fail by accident."""

from __future__ import annotations

import logging

import pytest
from astroid import nodes

from pylint_hubcompat.facts import values


@pytest.fixture(autouse=True)
def no_swallowed_errors(caplog):
    """An "unknown" must come from the rules of resolution, not from a bug that was caught.

    values.py logs (at debug level) every unexpected exception it swallows to
    keep pylint alive; in these tests any such log is a failure.
    """
    with caplog.at_level(logging.DEBUG, logger="pylint_hubcompat.facts.values"):
        yield
    records = caplog.get_records("call")  # at teardown, caplog.records would be the teardown's
    swallowed = [r for r in records if r.name == "pylint_hubcompat.facts.values" and r.exc_info]
    assert not swallowed, [r.getMessage() for r in swallowed]


@pytest.fixture(autouse=True)
def no_inference(monkeypatch):
    """Resolution follows names and imports; it never asks astroid to infer anything.

    Inference is what would wander into TensorFlow's lazy loaders, so any call
    of it while resolving fails the test (parsing beforehand may still infer).
    """

    def refuse(node, *args, **kwargs):
        raise AssertionError(f"values.py inferred {node.as_string()[:80]}")

    for name in ("resolve_string", "resolve_bool"):
        original = getattr(values, name)

        def guarded(node, _original=original):
            with monkeypatch.context() as patch:
                patch.setattr(nodes.NodeNG, "infer", refuse)
                return _original(node)

        monkeypatch.setattr(values, name, guarded)

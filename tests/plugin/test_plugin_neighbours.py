"""Loaded next to the popular pylint plugins, our message ids and symbols clash with none.

The plugins are installed by ``.ci/run`` in a separate environment (they pin older
pylint releases); without them this test is skipped with the reason.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.lint import lint_file

NEIGHBOURS = ("pylint_django", "pylint_pytest", "perflint")
MISSING = [name for name in NEIGHBOURS if importlib.util.find_spec(name) is None]


@pytest.mark.skipif(bool(MISSING), reason=f"neighbour plugins not installed: {', '.join(MISSING)}")
def test_loads_beside_pylint_django_pylint_pytest_and_perflint(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text('import tensorflow_hub as hub\n\nmodule = hub.Module("https://tfhub.dev/google/elmo/3")\n')
    messages = lint_file(path, f"--load-plugins={','.join(NEIGHBOURS)}", "--hub-version=0.15.0", "--tf-version=2.15.1")
    assert [symbol for symbol, _, _ in messages] == ["hub-module-eager"]

"""pylint functional tests: ``functional/<letter>/<name>.py`` annotated with ``# [symbol]``.

Each ``.py`` is linted with its ``.rc`` (which loads the plugin); the messages must
match the annotations and the ``.txt`` output exactly.  Regenerate the ``.txt``
files after an intended message change with ``UPDATE_FUNCTIONAL=1 pytest tests/plugin/test_functional.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pylint.testutils import LintModuleTest
from pylint.testutils.functional import FunctionalTestFile, get_functional_test_files_from_directory
from pylint.testutils.functional.lint_module_output_update import LintModuleOutputUpdate

FUNCTIONAL_DIR = Path(__file__).resolve().parents[1] / "functional"
TESTS = get_functional_test_files_from_directory(FUNCTIONAL_DIR)


@pytest.mark.parametrize("test_file", TESTS, ids=[t.base for t in TESTS])
def test_functional(test_file: FunctionalTestFile) -> None:
    runner_class = LintModuleOutputUpdate if os.environ.get("UPDATE_FUNCTIONAL") else LintModuleTest
    runner = runner_class(test_file)
    runner.setUp()
    runner.runTest()

"""A pytest plugin for mutation runs only (``-p benchmarks.mutation_plugin`` in ``[tool.mutmut]``).

mutmut tests each mutant in a process forked from one that already ran the tests once, unmutated, so the
package's caches (``functools.cache`` on ``detect_target``, the release table, the rule book, parsed files)
hold answers the original code computed.  A mutant must compute its own: every cache of the package is
emptied when the forked test session starts.  Nothing else of the package keeps state between calls (no
module-level code calls a mutated function), so this is all a forked process needs to behave like a fresh one.
"""

from __future__ import annotations

import sys

import pytest

PACKAGE = "pylint_hubcompat"


def clear_package_caches() -> int:
    """Empty every ``functools`` cache of the package's imported modules; how many there were."""
    cleared = 0
    for name, module in list(sys.modules.items()):
        if module is None or not (name == PACKAGE or name.startswith(PACKAGE + ".")):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()
                cleared += 1
    return cleared


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    del session
    clear_package_caches()

"""Jupyter notebooks: reading one as a module (:mod:`.reader`), and the target its own pins give (:mod:`.pins`).

Which files stand for a notebook is told here, without importing either: pylint
imports the plugin for every module, and most are not notebooks.
"""

from __future__ import annotations

SUFFIX = ".ipynb"
#: nbQA writes ``<notebook stem><8 random characters>_nbqa_ipynb.py`` next to the notebook it lints.
NBQA_SUFFIX = "_nbqa_ipynb.py"


def may_stand_for_notebook(name: str) -> bool:
    """Whether the file ``name`` is a notebook or may be nbQA's copy of one."""
    return name.endswith((SUFFIX, NBQA_SUFFIX))

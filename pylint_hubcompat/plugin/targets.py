"""What a file runs on: the one answer every finding, log and command goes by.

Three things decide it, in this order of precedence: a notebook's own pins
(``!pip install tensorflow==2.13.*``), the version options (``--tf-version``),
and the target detected from the project's configuration.  The checker, the
SARIF log, ``detect`` and ``handle`` all ask :func:`runs_on`, so the target a
log records is the one its findings were computed against.
"""

from __future__ import annotations

from pathlib import Path

from pylint_hubcompat import notebooks
from pylint_hubcompat.plugin.options import VERSION_OPTIONS, Options
from pylint_hubcompat.target import detection
from pylint_hubcompat.target.model import OPTION, Source, Target


def runs_on(detected: Target, options: Options, path: Path | None = None) -> Target:
    """``detected`` (the project's target) with the version options and the pins of the notebook ``path`` stands for.

    A notebook's pin wins over the project, an option over both.
    """
    target = detected
    if path is not None and notebooks.may_stand_for_notebook(path.name):
        # pylint: disable-next=import-outside-toplevel  # a module of a package need not pay for the reader
        from pylint_hubcompat.notebooks import pins

        target = pins.apply(target, path)
    for option, distribution in VERSION_OPTIONS:
        if option in options.versions:
            target = target.override(distribution, options.versions[option], Source(OPTION, text=option))
    return target


def target_of(path: Path | None, options: Options) -> tuple[Path | None, Target]:
    """The project root of the file (or directory) ``path`` and what it runs on."""
    root = detection.find_root(path.resolve()) if path is not None else None
    return root, runs_on(detection.detect_target(root), options, path)

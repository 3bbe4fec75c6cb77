"""The ``hubcompat`` command (also ``python -m pylint_hubcompat``).

``check`` lints with only our checker (:mod:`pylint_hubcompat.cli.check`); the other
subcommands answer questions about a project, a model or a rule
(:mod:`pylint_hubcompat.cli.commands`).  Each imports only what it needs: ``check`` runs
once per file saved in some editors, and every millisecond of start-up counts there.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from pylint_hubcompat.cli import CHECK, FIX, PLAN


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == CHECK:
        from pylint_hubcompat.cli import check  # pylint: disable=import-outside-toplevel

        return check.run(argv[1:])
    if argv and argv[0] == FIX:
        from pylint_hubcompat.cli import fix  # pylint: disable=import-outside-toplevel

        return fix.run(argv[1:])
    if argv and argv[0] == PLAN:
        from pylint_hubcompat.cli import plan  # pylint: disable=import-outside-toplevel

        return plan.run(argv[1:])
    from pylint_hubcompat.cli import commands  # pylint: disable=import-outside-toplevel

    return commands.main(argv)

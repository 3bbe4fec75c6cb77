"""``python -m pylint_hubcompat``: the ``hubcompat`` command."""

import sys

from pylint_hubcompat.cli.main import main

sys.exit(main())

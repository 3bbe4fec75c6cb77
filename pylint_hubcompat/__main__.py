import sys

from pylint_hubcompat.cli import main

sys.exit(main())

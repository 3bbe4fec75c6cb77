import sys

from pylint_hubcompat.cli.main import main

sys.exit(main())

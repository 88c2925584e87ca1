"""``python -m skebp``: the command line."""

import sys

from skebp.cli import main

sys.exit(main())

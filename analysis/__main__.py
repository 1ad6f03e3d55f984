"""Run the command line (``python -m analysis COMMAND ...``; :mod:`analysis.cli`)."""

import sys

from .cli import main

sys.exit(main())

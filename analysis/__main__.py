"""Run the command line (``python -m analysis COMMAND ...``; :mod:`analysis.cli`)."""

import sys

from .cli import main

# guarded: Dask's worker processes (multiprocessing spawn) import this module again, as
# __mp_main__, and must not run the command a second time
if __name__ == "__main__":
    sys.exit(main())

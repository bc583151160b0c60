"""``python -m derive``: the same as the ``derive`` console script."""
import sys

from .cli import run

sys.exit(run())

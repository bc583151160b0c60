"""The garbage collector's pace in a process doing SymPy work: the command's own and each pool worker.

SymPy allocates container objects by the million and its expression trees hold no cycles, so the
default threshold (a young-generation scan every 700 allocations) spent ~7 % of a claim finding
almost nothing; the garbage that does form cycles is still collected, less often.
"""
from __future__ import annotations

import gc

#: Allocations between two young-generation collections (Python's default: 700).
THRESHOLD = 10_000


def pace_for_sympy() -> None:
    """Collect the young generation every ``THRESHOLD`` allocations in this process."""
    gc.set_threshold(THRESHOLD, *gc.get_threshold()[1:])

"""A process doing SymPy work, tuned for it: the garbage collector's pace and the size of SymPy's caches.

SymPy allocates container objects by the million and its expression trees hold no cycles, so the
default threshold (a young-generation scan every 700 allocations) spent ~7 % of a claim finding
almost nothing; the garbage that does form cycles is still collected, less often.

A file's claims build the same expressions far more often than SymPy's default 1,000 entries per
cache hold.  ``derive`` commands and the pytest plugin size them alike, so a claim is checked in the
same kind of process either way.
"""
from __future__ import annotations

import gc
import os
import sys

#: Entries per SymPy cache (SymPy's default: 1,000) unless SYMPY_CACHE_SIZE says: 4,000 ran 2.5 % fewer
#: instructions in ``derive check`` for ~2 MB; this project's test suite took 6 % less CPU time.
SYMPY_CACHE_SIZE = 4000

#: Allocations between two young-generation collections (Python's default: 700).
THRESHOLD = 10_000


def pace_for_sympy() -> None:
    """Collect the young generation every ``THRESHOLD`` allocations in this process."""
    gc.set_threshold(THRESHOLD, *gc.get_threshold()[1:])


def size_sympy_caches() -> None:
    """Ask for ``SYMPY_CACHE_SIZE`` entries per SymPy cache, unless set; only before SymPy is imported (it sizes them then)."""
    if "sympy" not in sys.modules:
        os.environ.setdefault("SYMPY_CACHE_SIZE", str(SYMPY_CACHE_SIZE))

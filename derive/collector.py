"""A process doing SymPy work, tuned for it: the garbage collector's pace and the size of SymPy's caches.

SymPy allocates container objects by the million and its expression trees hold no cycles, so the
default threshold (a young-generation scan every 700 allocations) spent ~7 % of a claim finding
almost nothing; the garbage that does form cycles is still collected, less often.

A file's claims build the same expressions far more often than SymPy's default 1,000 entries per
cache hold.  ``derive`` commands and the pytest plugin size them alike, so a claim is checked in the
same kind of process either way.

CPython 3.11 and 3.12 keep Python frames on a stack of 16 KB chunks and unmap a chunk as soon as
the call that opened it returns (python/cpython#142183, fixed in 3.13): a loop of SymPy calls that
sits on a chunk's edge maps and unmaps memory on every call.  In the test suite that was ~250,000
``mmap``/``munmap`` pairs per minute of proving and a fifth of all CPU time spent in the kernel.
``with_stack_room`` runs a function in one roomy chunk instead.
"""
from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

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


T = TypeVar("T")

#: Words of frame stack ``with_stack_room`` reserves (1 MiB: thousands of SymPy's frames).
STACK_ROOM = 1 << 17


def with_stack_room(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)``, every frame it opens kept in one chunk of at least ``STACK_ROOM`` words."""
    return fn(*args)


# The interpreter sizes the chunk it opens for a call by the frame's declared value stack; declaring a
# deep one (never used) makes that chunk hold everything ``fn`` calls.  Nothing else reads the number.
with_stack_room.__code__ = with_stack_room.__code__.replace(
    co_stacksize=with_stack_room.__code__.co_stacksize + STACK_ROOM)

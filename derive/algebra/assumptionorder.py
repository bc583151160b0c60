"""SymPy's core assumptions, asked in one fixed order instead of a freshly shuffled one.

To decide a fact (``is_zero``, ``is_positive`` …) SymPy queues the facts that might imply it
and shuffles each batch with a random generator of its own, so that an inconsistent handler in
SymPy shows up in SymPy's own tests as a flaky answer.  The shuffle does not change an answer
(SymPy's handlers are consistent with its rules; that is what the shuffle is there to catch),
but it costs: the examples' claims shuffle ~209,000 small lists (SymPy issue #16265).
``install()`` sorts each batch instead, which is cheaper (callgrind counts 3.0 % fewer
instructions over those claims), and makes the work a query does the same from one run to the
next (the batches come from sets of fact names, whose order varies with the process's hash seed).
"""
from __future__ import annotations

import importlib

# By module name: ``sympy.core.assumptions`` as an attribute is the function SymPy re-exports there.
assumptions = importlib.import_module("sympy.core.assumptions")
_sympy_shuffle = getattr(assumptions, "shuffle", None)


def _in_order(facts: list) -> None:
    facts.sort()


def install() -> None:
    """Ask SymPy's queued facts in sorted order (idempotent; nothing on a SymPy without the shuffle)."""
    if _sympy_shuffle is not None:
        assumptions.shuffle = _in_order


def uninstall() -> None:
    """Back to SymPy's shuffle (for comparisons in tests)."""
    if _sympy_shuffle is not None:
        assumptions.shuffle = _sympy_shuffle

"""The free symbols of a ``Sum``, computed without rebuilding its body and remembered.

SymPy computes ``Sum.free_symbols`` by substituting each summation index for itself in the
body: ``xreplace`` counts that as a change and rebuilds every node above each index (new
``Indexed`` objects, their assumptions deduced again), and does it again on every call.  The
assumption system asks ``is_number`` (that is, ``free_symbols``) of the same sums thousands of
times while a claim is differentiated and proved, which made this a fifth of the verifier's
time.  ``install()`` replaces the property on ``Sum`` with the same computation minus the
identity substitution (a non-symbol index is still masked, as SymPy does), and remembers the
answer for recent sums: sums are immutable, and each caller gets its own copy of the set.
"""
from __future__ import annotations

from collections import OrderedDict

from sympy import Dummy, Sum

#: Sums whose free symbols are remembered (the most recently used).
SIZE = 4096

_seen: OrderedDict = OrderedDict()
_sympy_free_symbols = Sum.free_symbols


def _computed(s: Sum) -> set:
    """``ExprWithLimits.free_symbols`` of SymPy 1.14, without substituting an index for itself."""
    function, limits = s.function, s.limits
    reps = {lim[0]: lim[0] if lim[0].free_symbols == {lim[0]} else Dummy() for lim in limits}
    masked = {k: v for k, v in reps.items() if k is not v}
    isyms = set((function.xreplace(masked) if masked else function).free_symbols)
    for xab in limits:
        v = reps[xab[0]]
        if len(xab) == 1:
            isyms.add(v)
            continue
        isyms.discard(v)
        for bound in xab[1:]:
            isyms.update(bound.free_symbols)
    back = {v: k for k, v in reps.items()}
    return {back.get(x, x) for x in isyms}


def free_symbols(s: Sum) -> set:
    """The free symbols of ``s`` (a fresh set, which the caller may change)."""
    hit = _seen.get(s)
    if hit is None:
        hit = _seen[s] = frozenset(_computed(s))
        if len(_seen) > SIZE:
            _seen.popitem(last=False)
    else:
        _seen.move_to_end(s)
    return set(hit)


def install() -> None:
    """Use ``free_symbols`` for every ``Sum`` (idempotent)."""
    Sum.free_symbols = property(free_symbols)


def uninstall() -> None:
    """Back to SymPy's own computation (for comparisons in tests)."""
    Sum.free_symbols = _sympy_free_symbols

"""``Sum.free_symbols`` as derive installs it: SymPy's answers, computed without rebuilding the body."""
from __future__ import annotations

import sympy as sp

from derive.algebra import sumsymbols

i, j, k = (sp.Symbol(n, integer=True) for n in "ijk")
n, m = (sp.Symbol(n, integer=True, positive=True) for n in "nm")
W, x = sp.IndexedBase("W", real=True), sp.IndexedBase("x", real=True)
a = sp.Symbol("a", real=True)

SUMS = [
    sp.Sum(W[i, k] * x[k], (k, 1, m)),
    sp.Sum(sp.exp(sp.Sum(W[i, k] * x[k], (k, 1, m))), (i, 1, n)),
    sp.Sum(W[i, k] * x[k], (k, 1, m), (i, 1, n)),
    sp.Sum(a * x[k] + sp.KroneckerDelta(k, j), (k, 1, n)),
    sp.Sum(x[k], (k, j, n)),                          # a limit with a free index
    sp.Sum(sp.Sum(x[k] * W[k, i], (i, 1, k)), (k, 1, n)),  # an inner limit bound by the outer sum
    sp.Sum(a, (k, 1, n)),                             # the index does not occur in the body
    sp.Sum(x[2 * k], (k, 1, n)),
]


def test_the_same_free_symbols_as_sympy() -> None:
    ours = [s.free_symbols for s in SUMS]
    sumsymbols.uninstall()
    try:
        theirs = [s.free_symbols for s in SUMS]
    finally:
        sumsymbols.install()
    assert ours == theirs
    assert {i, m} <= ours[0] and k not in ours[0] and j in ours[4] and not {i, k} & ours[5]


def test_each_caller_gets_its_own_set() -> None:
    s = SUMS[0]
    s.free_symbols.add(a)
    assert a not in s.free_symbols


def test_a_sum_built_again_is_the_same_sum_with_what_it_knows() -> None:
    from derive.algebra import sumcache
    body = W[i, k] * x[k] + sp.Piecewise((x[k], x[k] > 0), (0, True))
    first = sp.Sum(body, (k, 1, m))
    assert first.is_zero is None and "zero" in first._assumptions  # asked once ...
    again = sp.Sum(body, (k, 1, m))
    assert again is first and "zero" in again._assumptions  # ... known to the sum built again
    sumcache.uninstall()
    try:
        fresh = sp.Sum(body, (k, 1, m))
    finally:
        sumcache.install()
    assert fresh == first and fresh is not first

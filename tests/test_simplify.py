"""Rewrites that must never change a value: merging sums, matching a stated sum."""
from __future__ import annotations

import itertools

import sympy as sp

from derive.indexcalc import contains_sum, index, replace_sum
from derive.algebra import merge_sums, textbook as nice

i, j, k, l, b = (index(c) for c in "ijklb")
x, y, z, w, t, Y = (sp.IndexedBase(c) for c in ("x", "y", "z", "w", "t", "Y"))


def _values(n: int) -> dict:
    count = itertools.count(1)
    return {base[a]: next(count) for base in (x, y, z, w, t) for a in range(1, n + 1)}


def test_merging_sums_never_lets_an_outer_index_capture_an_inner_one():
    n = sp.Integer(2)
    e = sp.Sum(x[i] * (sp.Sum(y[k], (k, 1, n)) * z[i] + sp.Sum(w[l], (l, 1, n))), (i, 1, n)) + sp.Sum(t[i], (i, 1, n))
    vals = _values(2)
    want = e.doit().xreplace(vals)
    assert merge_sums(e).doit().xreplace(vals) == want
    assert nice(e).doit().xreplace(vals) == want
    # Twice in a row: a dummy shared across calls was the original bug.
    assert nice(nice(e)).doit().xreplace(vals) == want


def test_a_row_sum_pattern_does_not_match_a_diagonal_or_strided_sum():
    row = sp.Sum(Y[b, i], (i, 1, sp.Symbol("n", integer=True, positive=True)))
    n = sp.Symbol("n", integer=True, positive=True)
    assert contains_sum(sp.Sum(Y[j, k], (k, 1, n)), row)
    assert contains_sum(sp.Sum(Y[2, k], (k, 1, n)), row)
    assert not contains_sum(sp.Sum(Y[k, k], (k, 1, n)), row)
    assert not contains_sum(sp.Sum(Y[2 * k, k], (k, 1, n)), row)
    assert replace_sum(sp.Sum(Y[k, k], (k, 1, n)), row, sp.Integer(1)) == sp.Sum(Y[k, k], (k, 1, n))

"""The search's compiled evaluator gives exactly ``Evaluator``'s values and errors (the same mpmath operations,
less those that are exact)."""
from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from derive.verify.compiled import Compiler, Point
from derive.verify.evaluate import Evaluator, Undefined, Unsupported

i, j, k = (sp.Symbol(n, integer=True) for n in "ijk")
n = sp.Symbol("n", integer=True, positive=True)
x, W = sp.IndexedBase("x", real=True), sp.IndexedBase("W", real=True)
a = sp.Symbol("a", real=True)

EXPRESSIONS = [
    sp.Sum(W[i, k] * x[k], (k, 1, n)) + sp.Rational(1, 3) * a,
    sp.exp(x[i]) / sp.Sum(sp.exp(x[k]), (k, 1, n)),
    sp.log(sp.Sum(sp.exp(x[k]), (k, 1, n))) - x[j] ** 2 + sp.sqrt(x[i] ** 2 + 1),
    sp.KroneckerDelta(i, j) * x[i] - sp.Sum(sp.KroneckerDelta(k, j) * x[k], (k, 1, n)),
    sp.Sum(sp.Sum(W[k, i] * x[j], (i, 1, k)), (k, 1, n)) * sp.Float("0.25", 30),
    sp.Max(x[i], 0) + abs(x[j]) + sp.Heaviside(x[i] - x[j]) + sp.tanh(a) + sp.pi,
    sp.Piecewise((x[i], x[i] > a), (a, True)),
    sp.log(x[i] - 5),                       # undefined: log of a negative number
    x[i] ** sp.Rational(1, 2) * x[j] ** -1,
    x[i] ** 3 - x[j] ** -2 + (x[i] + x[j]) ** 5,  # integer powers of negative bases too
    (x[i] - x[j]) ** -2,                     # undefined where i = j: division by zero
    x[i] ** a,                               # undefined at the negative entry
    sp.Sum(x[k], (k, 1, i - 1)) + 1,         # empty where i = 1
    x[i + 5],                               # undefined: out of range
    sp.Symbol("zz", real=True) + 1,         # unsupported: no value
]


def _run(make, e):
    try:
        return make()(e)
    except (Undefined, Unsupported) as exc:
        return type(exc)


@pytest.mark.parametrize("e", EXPRESSIONS, ids=range(len(EXPRESSIONS)))
def test_compiled_values_are_exactly_the_walkers(e) -> None:
    arrays = {"x": {(1,): mpmath.mpf(-1) / 7, (2,): mpmath.mpf(3) / 2, (3,): mpmath.mpf(2)},
              "W": {(r, c): mpmath.mpf(r - 2 * c) / 3 for r in (1, 2, 3) for c in (1, 2, 3)}}
    compiler = Compiler()
    for digits in (50, 100):
        with mpmath.workdps(digits):
            for at in ({i: 1, j: 2}, {i: 3, j: 3}, {i: 2, j: 1}):
                symbols = {n: mpmath.mpf(3), a: mpmath.mpf("0.7"), **{s: mpmath.mpf(v) for s, v in at.items()}}
                ours = _run(lambda: Point(symbols, arrays, compiler), e)
                theirs = _run(lambda: Evaluator(symbols, arrays), e)
                assert ours == theirs and type(ours) is type(theirs)

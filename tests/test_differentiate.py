"""``derive.algebra.differentiate.derivative`` returns the very expression ``sympy.diff`` returns.

The verifier's verdicts and evidence are printed from these derivatives, so "the same value" is not
enough: the trees must be identical (``srepr``), including SymPy's leftovers such as ``Sum(0, …)``.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp
from sympy import Derivative, IndexedBase, KroneckerDelta, Max, Piecewise, Sum, Symbol, exp, log, sqrt

from derive.algebra.differentiate import _Differentiator, derivative
from derive.verify import load_file
from derive.verify.semantics import Semantics

EXAMPLES = Path(__file__).parents[1] / "examples"

i, j, k, p, q = (Symbol(s, integer=True) for s in "ijkpq")
n, m = (Symbol(s, integer=True, positive=True) for s in "nm")
W, x, y, z = (IndexedBase(s, real=True) for s in "Wxyz")
b, c, t = (Symbol(s, real=True) for s in "bct")
u = Symbol("u", positive=True)

z_i = Sum(W[i, k] * x[k], (k, 1, m))
softmax = exp(z[i]) / Sum(exp(z[k]), (k, 1, n))

CASES = [
    (-Sum(y[i] * log(exp(z[i]) / Sum(exp(z[k]), (k, 1, n))), (i, 1, n)), z[j]),
    (z_i, W[p, q]),
    (softmax, z[j]),
    (Sum(Sum(W[i, k] * x[k], (k, 1, m)) ** 2, (i, 1, n)), W[p, q]),
    (Sum(W[i, k] * x[k], (k, 1, m), (i, 1, n)), W[p, q]),  # two limits: the last is peeled first
    (Sum(y[i] * x[k], (k, 1, m)), W[p, q]),  # shares only a free index with the variable
    (Sum(y[k] * x[i], (k, 1, m)), x[i]),
    (exp(Sum(y[k] * x[i], (k, 1, m))), W[i, q]),  # the argument's derivative is Sum(0, …), which is_zero
    (Max(0, b + Sum(W[i, k] * x[k], (k, 1, m))), W[i, q]),
    (Max(0, b + t * c), b),
    (Max(b, Sum(b * y[k], (k, 1, 0))), b),  # the argument's derivative is an empty sum: zero, but not 0 as written
    (Piecewise((t * b, b > 0), (b ** 2, True)), b),  # not modelled: handed to sympy.diff whole
    (abs(b * t), b),
    ((b * t + c) ** 3 * exp(b) * log(c + b ** 2), b),  # Leibniz rule for a Symbol
    (u ** b, b),  # symbolic exponent
    (sqrt(Sum(x[k] ** 2, (k, 1, m)) + c), x[j]),
    (KroneckerDelta(i, j) * x[i] * W[i, j], x[p]),
    (sp.Function("f")(x[i]), x[i]),  # an undefined function: left unevaluated by SymPy
    (sp.tanh(Sum(W[i, k] * x[k], (k, 1, m))) * y[i], W[i, k]),
    (sp.Heaviside(x[i]) * x[i], x[i]),
    (b, b),
    (c, b),
    (x[i], x[j]),
    (W[i, j], x[i]),
]


@pytest.mark.parametrize("expr, var", CASES, ids=[str(n) for n in range(len(CASES))])
def test_same_tree_as_sympy(expr, var):
    assert sp.srepr(derivative(expr, var)) == sp.srepr(sp.diff(expr, var))


class _OwnNth(sp.Function):
    """A function class with its own n-th derivative, which SymPy calls instead of the chain rule."""

    def fdiff(self, argindex=1):
        return sp.Integer(5)

    def _eval_derivative_n_times(self, s, n):
        return sp.Integer(7)


def test_a_class_with_its_own_nth_derivative_keeps_it():
    expr = _OwnNth(x[i]) * y[i]
    assert sp.diff(expr, x[i]) == 7 * y[i]
    assert sp.srepr(derivative(expr, x[i])) == sp.srepr(sp.diff(expr, x[i]))


def test_an_unevaluated_derivative_is_sympys():
    f = sp.Function("f")
    got = derivative(f(x[i]) * y[i], x[i])
    assert got.has(Derivative) or got.has(sp.Subs)
    assert sp.srepr(got) == sp.srepr(sp.diff(f(x[i]) * y[i], x[i]))


@pytest.mark.parametrize("name", ["softmax.derive.toml", "attention.derive.toml", "layernorm.derive.toml",
                                  "relu_mlp.derive.toml", "batchnorm.derive.toml"])
def test_every_diff_of_an_example_is_sympys(name):
    """Each ``diff(A, B)`` a claim of the file asks for, expanded as the verifier expands it."""
    f = load_file(EXAMPLES / name)
    sem = Semantics(f)
    seen = 0
    for claim in f.claims:
        for side in (claim.lhs, claim.rhs):
            for d in side.atoms(Derivative):
                a = d.expr
                for v in d.variables:
                    var = str(v.base.label) if isinstance(v, sp.Indexed) else str(v)
                    expanded = sem.expand(a, {q for q in sem.defs if q != var and sem.depends_on(q, var)})
                    ours, theirs = derivative(expanded, v), sp.diff(expanded, v)
                    assert sp.srepr(ours) == sp.srepr(theirs), (claim.name, str(v))
                    a, seen = ours, seen + 1
    assert seen >= len(f.claims) // 2


def test_sympys_zero_test_is_skipped_only_where_it_cannot_say_zero() -> None:
    plain = _Differentiator(b).surely_not_zero
    zero_by_sympy = [sp.Float(0.0), Symbol("o", zero=True), Sum(y[k], (k, 1, 0)), Sum(0 * y[k] + b - b, (k, 1, n))]
    unknown_kinds = [sp.oo, sp.nan, Sum(y[k], (k, 1, n - 1)), log(b), Max(b, c), b ** t, sqrt(b) * sp.zoo]
    plain_kinds = [sp.Rational(1, 3), sp.Float(2.5), b, x[i], KroneckerDelta(i, j), exp(b - c), (b + c) ** -2,
                   Sum(y[k] * exp(z[k]) * x[i], (k, 1, n)) + KroneckerDelta(i, 2) * W[i, j] / (1 + exp(-b))]
    assert all(e.is_zero for e in zero_by_sympy) and not any(map(plain, zero_by_sympy + unknown_kinds))
    assert all(map(plain, plain_kinds)) and not any(e.is_zero for e in plain_kinds)

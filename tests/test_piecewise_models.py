"""Piecewise (``where``) layers inside sums: derived correctly, contracted, compiled.

SymPy's ``Sum`` folds a nested sum's Piecewise out of it even when the condition uses that
sum's index (``derive.algebra.piecewisefold``), which once left an index free in a chain-rule result.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from derive.engine import derive
from derive.indexcalc import index
from derive.verify import to_model
from numeric import compile_model

LEAKY = """title = "squared leaky ReLU"
loss = "L"
[sizes]
n = "units"
m = "features"
[inputs]
x = ["m"]
W = ["n", "m"]
[define]
"z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"
"L" = "Sum(where(z[k] > 0, z[k], z[k]/10)**2, (k, 1, n))"
"""


def test_a_sum_keeps_a_nested_sum_s_piecewise_inside_it() -> None:
    a, i, n = index("a"), index("i"), sp.Symbol("n", integer=True, positive=True)
    z, x = sp.IndexedBase("z"), sp.Symbol("x")
    inner = sp.Sum(sp.Piecewise((z[a], z[a] > 0), (0, True)) * sp.KroneckerDelta(a, i), (a, 1, n))
    outer = sp.Sum(x * inner, (i, 1, n))
    # the Piecewise stays inside the sum over a, whose index its condition uses
    assert outer.function == x * inner


def test_where_under_a_sum_derives_contracted_and_compiles(tmp_path) -> None:
    path = tmp_path / "leaky.derive.toml"
    path.write_text(LEAKY)
    model = to_model(path)
    dv = derive(model, "W")
    j, k = index("j"), index("k")
    z, x = sp.IndexedBase("z"), sp.IndexedBase("x")
    assert dv.result.free_symbols >= {j, k} and not dv.result.has(sp.KroneckerDelta, sp.Sum)
    expected = sp.Piecewise((2 * z[j], z[j] > 0), (z[j] / 50, True)) * x[k]
    for zj in (-1.5, 2.0):
        point = {z[j]: zj, x[k]: 3}
        assert dv.result.xreplace(point) == expected.xreplace(point)
    rng = np.random.default_rng(0)
    X, W = rng.normal(size=(5, 4)), rng.normal(size=(3, 4))
    loss, grads = compile_model(model).loss_and_grads(X=X, W=W)
    Z = X @ W.T
    dZ = np.where(Z > 0, 2 * Z, Z / 50) / 5
    assert np.isclose(loss, np.mean(np.sum(np.where(Z > 0, Z, Z / 10) ** 2, 1)))
    assert np.allclose(grads["W"], dZ.T @ X, rtol=1e-12) and np.allclose(grads["X"], dZ @ W, rtol=1e-12)

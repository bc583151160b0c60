"""A product with a p × q matrix of ones (SymPy merges 1_p 1_qᵀ into one) is a sum and a broadcast.

Attention's dK held ``Σ_w (dP ⊙ P)_tw``, the row sums of a T × T array broadcast along the columns, and was
printed as ``_t1 @ numpy.ones((T, T))``: T³ multiplications and a T × T array of ones per call where the
row sums take T².
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from sympy.matrices.expressions import MatrixSymbol, OneMatrix

from derive.verify import to_model
from numeric import compile_model
from numeric.printer import code

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _run(text: str, arrays: dict) -> np.ndarray:
    return eval(text, {"numpy": np, "_dtype": np.float64}, dict(arrays))  # noqa: S307 — our own printed code


@pytest.mark.parametrize("make", [
    lambda A, C, n: A * OneMatrix(n, 4),                              # row sums, broadcast along 4 columns
    lambda A, C, n: OneMatrix(5, 3) * A,                              # column sums, broadcast along 5 rows
    lambda A, C, n: A * OneMatrix(n, 2) * C,                          # (A 1)(1ᵀ C): an outer product
    lambda A, C, n: 2 * (A * MatrixSymbol("D", n, n) - A * OneMatrix(n, n)),  # beside a full array
    lambda A, C, n: MatrixSymbol("u", 3, 1) * OneMatrix(1, 3) * A,  # u (1ᵀ A): a column times column sums
])
def test_a_product_with_a_ones_block_is_a_sum_and_a_broadcast(make) -> None:
    n = sp.Symbol("n", integer=True, positive=True)
    A, C = MatrixSymbol("A", 3, n), MatrixSymbol("C", 2, 4)
    expr = make(A, C, n)
    text = code(expr)
    assert "ones" not in text, text
    rng = np.random.default_rng(0)
    arrays = {"A": rng.standard_normal((3, 6)), "C": rng.standard_normal((2, 4)), "D": rng.standard_normal((6, 6)),
              "u": rng.standard_normal((3, 1)), "n": 6}
    dense = sp.lambdify([sp.Symbol(k) for k in arrays], expr.subs(n, 6).as_explicit()
                        .subs({MatrixSymbol(k, *v.shape): sp.Matrix(v) for k, v in arrays.items() if k != "n"}))
    np.testing.assert_allclose(_run(text, arrays), np.asarray(dense(*arrays.values()), float), rtol=1e-12)


@pytest.fixture(scope="module")
def attention():
    """Compiled once for both dtypes."""
    return compile_model(to_model(EXAMPLES / "attention.derive.toml"))


@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-12), (np.float32, 1e-5)])
def test_attentions_gradients_take_row_sums_not_a_product_with_ones(attention, dtype, rtol) -> None:
    compiled = attention
    function = compiled.source[compiled.source.index("def loss_and_grads"):]
    assert "numpy.ones" not in function
    rng = np.random.default_rng(3)
    T, d, e = 7, 3, 2
    Q, K, V, G = (rng.standard_normal(s) for s in ((T, d), (T, d), (T, e), (T, e)))
    loss, grads = compiled.loss_and_grads(**{k: a.astype(dtype) for k, a in zip("QKVG", (Q, K, V, G))})
    assert {g.dtype for g in grads.values()} == {np.dtype(dtype)}
    # The textbook backward pass, in float64: dP = G Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P)).
    S = Q @ K.T / np.sqrt(d)
    P = np.exp(S - S.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    dP = G @ V.T
    dS = P * (dP - (dP * P).sum(axis=1, keepdims=True))
    expected = {"Q": dS @ K / np.sqrt(d), "K": dS.T @ Q / np.sqrt(d), "V": P.T @ G}
    assert loss == pytest.approx((G * (P @ V)).sum(), rel=rtol)
    for k, g in expected.items():
        np.testing.assert_allclose(grads[k], g, rtol=rtol, atol=rtol * np.abs(g).max())

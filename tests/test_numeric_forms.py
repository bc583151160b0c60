"""Printed forms a re-probe of the day's numeric rewrites found wrong: a sign, NaN, a dtype and a loss's shape.

Each model is compiled from a few lines of a derivation file and compared with its value written by hand.
"""
import numpy as np
import pytest
import sympy as sp
from sympy.matrices.expressions import MatAdd, MatMul, MatrixSymbol, OneMatrix

from derive.verify import load_file, to_model
from numeric import compile_model
from numeric.printer import code


def _compiled(tmp_path, text: str):
    path = tmp_path / "m.derive.toml"
    path.write_text('title = "t"\nloss = "L"\n' + text)
    return compile_model(to_model(load_file(path)))


def test_a_negated_broadcast_of_a_sum_keeps_its_brackets():
    # P − 1(a + b) printed as "P - a + b": b's sign flipped, silently
    n = sp.Symbol("n", integer=True, positive=True)
    P, a, b = MatrixSymbol("P", n, 1), MatrixSymbol("a", 1, 1), MatrixSymbol("b", 1, 1)
    text = code(MatAdd(P, MatMul(-1, OneMatrix(n, 1), MatAdd(a, b))))
    got = eval(text, {"numpy": np}, {"P": np.zeros((3, 1)), "a": np.array([[1.0]]), "b": np.array([[2.0]]), "n": 3})
    assert text == "P - (a + b)" and got.tolist() == [[-3.0]] * 3


def test_sinh_over_cosh_squared_of_a_sum_written_twice_is_finite(tmp_path):
    # each Σ_k W_ik u_k of the definition had its own dummy k: the tanh rule did not see one argument (NaN loss),
    # and the gradient (cosh² − 2 sinh²)/cosh³ was inf − inf
    model = _compiled(tmp_path, '[sizes]\nn = "n"\nm = "m"\n[inputs]\nu = { shape = ["m"], role = "data" }\n'
                      'W = { shape = ["n", "m"], role = "param" }\n[define]\n'
                      '"L" = "Sum(sinh(Sum(W[i, k]*u[k], (k, 1, m)))/cosh(Sum(W[i, k]*u[k], (k, 1, m)))**2, (i, 1, n))"\n')
    for dtype, big in ((np.float32, 100.0), (np.float64, 800.0)):
        U, W = np.array([[big, 1.0]], dtype), np.array([[1.0, 0.0], [0.01, 0.0]], dtype)
        a = (U @ W.T).astype(np.float64)[0]
        with np.errstate(over="raise", invalid="raise"):
            loss, grads = model.loss_and_grads(U=U, W=W)
        expected = np.sum(np.tanh(a) / np.cosh(np.minimum(a, 700)))
        slope = (1 - 2 * np.tanh(a) ** 2) / np.cosh(np.minimum(a, 700))  # d/da sinh/cosh² = sech(1 − 2 tanh²)
        assert np.asarray(loss).dtype == dtype and grads["W"].dtype == dtype
        np.testing.assert_allclose(loss, expected, rtol=1e-5 if dtype == np.float32 else 1e-12)
        np.testing.assert_allclose(grads["W"], np.outer(slope, U[0]), rtol=1e-4 if dtype == np.float32 else 1e-12,
                                   atol=1e-30)


def test_a_float32_model_with_a_scalar_parameter_stays_float32(tmp_path):
    # numpy.eye(1) is float64: dc = 2 c n · eye(1) − … made c's gradient float64
    model = _compiled(tmp_path, '[sizes]\nn = "n"\n[inputs]\nx = { shape = ["n"], role = "data" }\n'
                      'c = { shape = [], role = "param" }\n[define]\n"L" = "Sum((x[i] - c)**2, (i, 1, n))"\n')
    X = np.arange(6, dtype=np.float32).reshape(3, 2)
    loss, grads = model.loss_and_grads(X=X, c=np.float32(2))
    assert np.asarray(loss).dtype == np.float32 and grads["c"].dtype == np.float32
    np.testing.assert_allclose(grads["c"], np.mean(np.sum(-2 * (X - 2), axis=1)), rtol=1e-6)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_loss_scaled_by_a_defined_scalar_is_a_number(tmp_path, dtype):
    # L = S · Σ A² with S = Σ A v (a 1 × 1 array) came back as array([[54.]])
    model = _compiled(tmp_path, 'batch = "B"\n[sizes]\nB = "B"\nn = "n"\n[inputs]\n'
                      'A = { shape = ["B", "n"], role = "data" }\nv = { shape = ["n"], role = "param" }\n[define]\n'
                      '"S" = "Sum(Sum(A[b, i]*v[i], (i, 1, n)), (b, 1, B))"\n'
                      '"L" = "S*Sum(Sum(A[b, i]**2, (i, 1, n)), (b, 1, B))"\n')
    A, v = np.arange(6, dtype=dtype).reshape(3, 2), np.array([1.0, 2.0], dtype)
    loss, grads = model.loss_and_grads(A=A, v=v)
    S, Q = (A @ v).sum(), (A ** 2).sum()
    assert np.shape(loss) == () and np.asarray(loss).dtype == dtype
    np.testing.assert_allclose(loss, S * Q, rtol=1e-6)
    np.testing.assert_allclose(grads["A"], 2 * S * A + Q * v, rtol=1e-6)

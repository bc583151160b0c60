"""A piecewise definition keeps float32: ``where(z > 0, z, z/10)`` (a leaky ReLU) returned float64.

``numpy.select`` takes its type from its choices, and a slope of 1/10 there is a Python number, which
it makes a float64 array: the product with a float32 array was float64, loss and gradients alike.
"""
import numpy as np
import pytest

from derive.verify import to_model
from numeric import compile_model


@pytest.mark.parametrize("term", ["where(z[i] > 0, z[i], z[i]/10)", "where(z[i] > 0, z[i], 0.1*z[i])"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_leaky_relu_keeps_the_inputs_dtype(tmp_path, term, dtype):
    path = tmp_path / "leaky.derive.toml"
    path.write_text('title = "leaky"\nloss = "L"\n[sizes]\nn = "outputs"\nm = "features"\n[inputs]\n'
                    'x = { shape = ["m"], role = "data" }\nW = { shape = ["n", "m"], role = "param" }\n'
                    f'[define]\n"z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"\n"e[i]" = "{term}"\n'
                    '"L" = "Sum(e[i], (i, 1, n))"\n')
    c = compile_model(to_model(str(path)))
    X = np.array([[1.0, -2.0], [-3.0, 0.5]], dtype)
    W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype)
    loss, grads = c.loss_and_grads(X=X, W=W)
    assert np.asarray(loss).dtype == dtype and grads["X"].dtype == dtype and grads["W"].dtype == dtype
    slope = np.where(X @ W.T > 0, 1.0, 0.1)  # ∂e_i/∂z_i
    np.testing.assert_allclose(grads["X"], slope @ W / 2, rtol=1e-6)
    np.testing.assert_allclose(grads["W"], slope.T @ X / 2, rtol=1e-6)

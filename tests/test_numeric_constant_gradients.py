"""A gradient that is the same in every row (a constant slope) is broadcast, not refused.

``L = Σ_i 3 z_i`` with z = W x has ∂L/∂x_k = 3 Σ_i W_ik for every sample and ∂L/∂W_jk = 3 x_k for every
output j: no index of the batch (or of j) is left in the expression, so it has no matrix form of the
result's shape; it was refused as "no whole-array (matrix) form".  It is one row, broadcast.
"""
import numpy as np
import pytest

from derive.verify import to_model
from numeric import compile_model


@pytest.mark.parametrize("term, slope", [("3*z[i]", 3.0), ("softplus(z[i]) + log(sigmoid(z[i]))", 1.0)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_constant_slope_is_one_row_broadcast_over_the_batch(tmp_path, term, slope, dtype):
    path = tmp_path / "constant.derive.toml"
    path.write_text('title = "constant"\nloss = "L"\n[sizes]\nn = "outputs"\nm = "features"\n[inputs]\n'
                    'x = { shape = ["m"], role = "data" }\nW = { shape = ["n", "m"], role = "param" }\n'
                    f'[define]\n"z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"\n"e[i]" = "{term}"\n'
                    '"L" = "Sum(e[i], (i, 1, n))"\n')
    c = compile_model(to_model(str(path)))
    rng = np.random.default_rng(0)
    X, W = rng.normal(size=(4, 3)).astype(dtype), rng.normal(size=(2, 3)).astype(dtype)
    _, grads = c.loss_and_grads(X=X, W=W)
    rtol = 1e-6 if dtype == np.float32 else 1e-12
    assert grads["X"].dtype == dtype and grads["W"].dtype == dtype
    np.testing.assert_allclose(grads["X"], np.tile(slope * W.sum(axis=0) / 4, (4, 1)), rtol=rtol)
    np.testing.assert_allclose(grads["W"], np.tile(slope * X.sum(axis=0) / 4, (2, 1)), rtol=rtol)
    # new arrays, not read-only views of a broadcast
    grads["X"][0, 0] = grads["W"][0, 0] = 0.0

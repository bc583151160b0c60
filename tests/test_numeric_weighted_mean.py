"""A weighted mean over the batch, μ = Σ_b w_b x_b / Σ_b w_b, and a loss using it: the gradients held the 1×1
factor 1/Σ_b w_b in front of a column (``(1ᵀw)⁻¹ w 1ᵀ H``, a (1×1)(B×1) product), and the generated
``loss_and_grads`` raised NumPy's matmul shape error, with the centred (x̂) rewrite or without."""
from __future__ import annotations

import textwrap

import numpy as np
import pytest

from derive.verify import to_model
from numeric import compile_model, gradcheck, make_inputs

PER_FEATURE = """
    loss = "L"
    batch = "B"
    [sizes]
    B = "samples"
    n = "features"
    [inputs]
    x = { shape = ["B", "n"], role = "data" }
    w = { shape = ["B"], role = "param" }
    g = { shape = ["B", "n"], role = "target" }
    [define]
    "mu[j]" = "Sum(w[b]*x[b, j], (b, 1, B)) / Sum(w[b], (b, 1, B))"
    "L" = "Sum(Sum(g[i, j]*(x[i, j] - mu[j])**2, (i, 1, B)), (j, 1, n))"
    """

CENTRED = """
    loss = "L"
    batch = "B"
    given = ["eps > 0"]
    [sizes]
    B = "samples"
    [inputs]
    x = { shape = ["B"], role = "data" }
    w = { shape = ["B"], role = "param" }
    g = { shape = ["B"], role = "target" }
    eps = { shape = [], role = "hyper" }
    [define]
    "mu" = "Sum(w[b]*x[b], (b, 1, B)) / Sum(w[b], (b, 1, B))"
    "v" = "Sum(w[b]*(x[b] - mu)**2, (b, 1, B)) / Sum(w[b], (b, 1, B))"
    "xhat[i]" = "(x[i] - mu) / sqrt(v + eps)"
    "L" = "Sum(g[i]*xhat[i], (i, 1, B))"
    """


def _compiled(folder, text):
    path = folder / "weighted.derive.toml"
    path.write_text(textwrap.dedent(text))
    model = to_model(path)
    return model, compile_model(model)


@pytest.fixture(scope="module")
def per_feature(tmp_path_factory):
    """Compiled once for both dtypes: deriving the model is most of the time."""
    return _compiled(tmp_path_factory.mktemp("per_feature"), PER_FEATURE)


@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-12), (np.float32, 1e-5)])
def test_a_weighted_mean_per_feature_has_the_right_gradients(per_feature, dtype, rtol) -> None:
    model, compiled = per_feature
    rng = np.random.default_rng(0)
    x, g = rng.standard_normal((6, 3)), rng.standard_normal((6, 3))
    w = rng.uniform(0.5, 2.0, 6)
    loss, grads = compiled.loss_and_grads(x=x.astype(dtype), w=w.astype(dtype), g=g.astype(dtype))
    # By hand: a_j = ∂L/∂μ_j = −2 Σ_i g_ij (x_ij − μ_j); ∂μ_j/∂x_bj = w_b / W, ∂μ_j/∂w_b = (x_bj − μ_j) / W.
    W = w.sum()
    mu = w @ x / W
    a = -2 * (g * (x - mu)).sum(axis=0)
    assert loss == pytest.approx((g * (x - mu) ** 2).sum(), rel=rtol)
    assert grads["x"].dtype == grads["w"].dtype == dtype
    np.testing.assert_allclose(grads["x"], 2 * g * (x - mu) + np.outer(w, a) / W, rtol=rtol, atol=rtol)
    np.testing.assert_allclose(grads["w"], (x - mu) @ a / W, rtol=rtol, atol=rtol)
    assert "ones((" not in compiled.source.split("def loss_and_grads")[1]  # sums, not products with ones
    assert gradcheck(compiled, make_inputs(model, {"B": 5, "n": 3}, seed=1, bounds={"w": (0.5, 2.0)})).passed


def test_a_weighted_mean_under_the_centred_rewrite_has_the_right_gradients(tmp_path) -> None:
    model, compiled = _compiled(tmp_path, CENTRED)
    rng = np.random.default_rng(1)
    x, g, w = rng.standard_normal(6), rng.standard_normal(6), rng.uniform(0.5, 2.0, 6)
    eps = 0.1

    def loss(x, w):
        mu = w @ x / w.sum()
        v = w @ (x - mu) ** 2 / w.sum()
        return g @ ((x - mu) / np.sqrt(v + eps))
    value, grads = compiled.loss_and_grads(x=x, w=w, g=g, eps=eps)
    assert value == pytest.approx(loss(x, w), rel=1e-12)
    h = 1e-6
    for name, arg in (("x", x), ("w", w)):
        numeric_ = [(loss(*((arg + h * e, w) if name == "x" else (x, arg + h * e)))
                     - loss(*((arg - h * e, w) if name == "x" else (x, arg - h * e)))) / (2 * h) for e in np.eye(6)]
        np.testing.assert_allclose(grads[name], numeric_, rtol=1e-6, atol=1e-8)
    assert gradcheck(compiled, make_inputs(model, {"B": 5}, seed=2, bounds={"eps": (0.01, 1.0), "w": (0.5, 2.0)})).passed

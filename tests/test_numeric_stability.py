"""Extreme logits: finite, correct loss and gradients in float32 and float64; the shift invariance proof."""
import numpy as np
import pytest
import sympy as sp

from derive.catalog import get
from derive.indexcalc import canonical
from derive.derivation import Step
from derive.engine import out_indices
from numeric import compile_model, shift_invariance_step, shift_invariance_steps
from numeric.stability import SHIFT


def reference(X, W, Y):
    """Hand-written stable NumPy in float64: mean cross-entropy of softmax(X Wᵀ), dW, dX."""
    X, W, Y = (np.asarray(a, dtype=np.float64) for a in (X, W, Y))
    Z = X @ W.T
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_s = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    S = np.exp(log_s)
    B = X.shape[0]
    return -(Y * log_s).sum() / B, (S - Y).T @ X / B, (S - Y) @ W / B


@pytest.fixture(scope="module")
def softmax():
    return compile_model(get("softmax"))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("scale", [1e3, 1e4])
def test_extreme_logits_give_finite_correct_results(softmax, dtype, scale):
    # Logits ±scale, and one-hot targets on the *smallest* logit so s_target underflows to 0.
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=dtype)
    W = np.array([[scale, -scale], [-scale, scale], [0.5 * scale, 0.0]], dtype=dtype)
    Z = X.astype(np.float64) @ W.T.astype(np.float64)
    Y = np.eye(3, dtype=dtype)[Z.argmin(axis=1)]
    assert np.exp(Z - Z.max(axis=1, keepdims=True)).min() == 0.0  # s really underflows
    loss, g = softmax.loss_and_grads(X=X, W=W, Y=Y)
    assert np.isfinite(loss) and all(np.all(np.isfinite(v)) for v in g.values())
    assert np.asarray(loss).dtype == dtype and g["W"].dtype == dtype and g["X"].dtype == dtype
    ref_loss, ref_dW, ref_dX = reference(X, W, Y)
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    assert loss == pytest.approx(ref_loss, rel=rtol)
    assert np.allclose(g["W"], ref_dW, rtol=rtol, atol=rtol)
    assert np.allclose(g["X"], ref_dX, rtol=rtol, atol=rtol * scale)


def test_naive_formula_would_overflow_at_these_logits():
    # Guards the test above: without the rewrites the same inputs give inf/nan.
    Z = np.array([[1e4, -1e4, 5e3]])
    with np.errstate(all="ignore"):
        naive = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    assert not np.all(np.isfinite(naive))


def test_agrees_with_hand_written_numpy_on_ordinary_inputs(softmax):
    rng = np.random.default_rng(0)
    X, W = rng.standard_normal((16, 7)), rng.standard_normal((5, 7))
    Y = rng.dirichlet(np.ones(5), size=16)
    loss, g = softmax.loss_and_grads(X=X, W=W, Y=Y)
    ref_loss, ref_dW, ref_dX = reference(X, W, Y)
    assert loss == pytest.approx(ref_loss, rel=1e-13)
    assert np.allclose(g["W"], ref_dW, rtol=1e-12, atol=1e-14)
    assert np.allclose(g["X"], ref_dX, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", ["softmax", "softmax-bias"])
def test_shift_invariance_is_a_proved_step_on_the_layer_definition(name):
    model = get(name)
    step = shift_invariance_step(model)
    assert isinstance(step, Step)
    s = model.quantity("s")
    idx = out_indices(s, model)
    # The right-hand side is the softmax definition from the layer table; the left, the same with z − c.
    assert canonical(step.rhs) == canonical(model.definition("s", idx))
    assert step.lhs.has(SHIFT) and not step.rhs.has(SHIFT)
    steps = shift_invariance_steps(model)
    assert len(steps) == 3 and steps[-1].rhs == step.rhs
    # Numerically the two sides agree for a concrete size and shift, independently of the proof.
    values = {sp.IndexedBase("z")[i]: v for i, v in zip(range(1, 4), (0.3, -1.2, 2.0))}
    n = model.size_symbols["n"]
    for lhs_rhs in (step.lhs, step.rhs):
        e = lhs_rhs.xreplace({n: 3, idx[0]: 2, SHIFT: 7.5}).doit().xreplace(values)
        assert float(e) == pytest.approx(np.exp(-1.2) / np.exp([0.3, -1.2, 2.0]).sum())


def test_model_without_softmax_has_no_shift_step():
    from derive.model import build
    m = build("mse-only", "", sizes={"n": "", "m": ""},
              inputs={"x": ("data", ("m",), ""), "W": ("param", ("n", "m"), ""), "y": ("target", ("n",), "")},
              nodes=[("z", "linear", "W", "x"), ("L", "mse", "z", "y")], loss="L")
    assert shift_invariance_step(m) is None and shift_invariance_steps(m) == []


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_log_sigmoid_rewrite_keeps_binary_cross_entropy_finite(dtype):
    from derive.model import build
    m = build("bce", "", sizes={"n": "", "m": ""},
              inputs={"x": ("data", ("m",), ""), "W": ("param", ("n", "m"), ""), "y": ("target", ("n",), "")},
              nodes=[("z", "linear", "W", "x"), ("p", "sigmoid", "z"), ("L", "binary_cross_entropy", "p", "y")],
              loss="L")
    c = compile_model(m)
    X = np.array([[1.0]], dtype=dtype)
    W = np.array([[1e4], [-1e4]], dtype=dtype)
    Y = np.array([[0.0, 1.0]], dtype=dtype)  # both targets on the saturated side: loss ≈ 2e4
    loss, g = c.loss_and_grads(X=X, W=W, Y=Y)
    assert np.isfinite(loss) and loss == pytest.approx(2e4, rel=1e-6)
    assert np.allclose(g["W"], [[1.0], [-1.0]]) and np.all(np.isfinite(g["X"]))


@pytest.mark.parametrize("dtype, z", [(np.float64, 40.0), (np.float64, -40.0), (np.float32, 16.0), (np.float32, -16.0)])
def test_exact_gelu_gradient_stays_finite_where_its_exponentials_would_overflow(dtype, z, tmp_path):
    """GELU's derivative Φ(z) + z φ(z) came out as (… + √π e^{z²/2} + …) e^{−z²/2}: inf · 0 = NaN past |z| 37.7."""
    import math
    from derive.verify import to_model
    src = tmp_path / "gelu.derive.toml"
    src.write_text('title = "gelu"\nloss = "L"\n[sizes]\nn = "outputs"\nm = "features"\n[inputs]\n'
                   'x = { shape = ["m"], role = "data" }\nW = { shape = ["n", "m"], role = "param" }\n'
                   'y = { shape = ["n"], role = "target" }\n[define]\n"z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"\n'
                   '"L" = "Sum(y[i]*z[i]*(1 + erf(z[i]/sqrt(2)))/2, (i, 1, n))"\n')
    c = compile_model(to_model(str(src)))
    zs = np.array([z, 0.3, 3.0])  # z = W[:, 0] with x = e_1
    X, W, Y = np.array([[1.0, 0.0]]), np.stack([zs, np.zeros(3)], axis=1), np.ones((1, 3))
    _, g = c.loss_and_grads(X=X.astype(dtype), W=W.astype(dtype), Y=Y.astype(dtype))
    slope = np.array([0.5 * (1 + math.erf(t / math.sqrt(2))) + t * math.exp(-t * t / 2) / math.sqrt(2 * math.pi)
                      for t in zs])  # ∂L/∂z_i
    tol = 1e-12 if dtype == np.float64 else 1e-5
    np.testing.assert_allclose(g["W"][:, 0], slope, rtol=tol, atol=tol)
    assert g["X"][0, 0] == pytest.approx(float(slope @ zs), rel=tol)


def _norm(name):
    from pathlib import Path
    from derive.verify import to_model
    return compile_model(to_model(str(Path(__file__).resolve().parent.parent / "examples" / f"{name}.derive.toml")))


@pytest.mark.parametrize("offset", [0.0, 1e6, 1e8])
def test_batch_norm_input_gradient_is_centred_exact_and_of_vectors_only(offset):
    """dx was printed multiplied out (μ x + μ xᵀ − μ² − x xᵀ) g: μ² cancelled to noise at 1e8 from zero, and
    x xᵀ was a B × B matrix.  In x̂ = (x − μ)/√(v + ε) it is γ/√(v + ε) (g − mean g − x̂ mean(g x̂))."""
    import tracemalloc
    bn = _norm("batchnorm")
    rng = np.random.default_rng(0)
    x, g = offset + rng.standard_normal(8), rng.standard_normal(8)
    _, grads = bn.loss_and_grads(x=x, gamma=np.array(1.5), beta=np.array(0.2), eps=np.array(1e-5), g=g)
    mu = x.mean()
    v = ((x - mu) ** 2).mean()
    xhat = (x - mu) / np.sqrt(v + 1e-5)
    ref = 1.5 / np.sqrt(v + 1e-5) * (g - g.mean() - xhat * (g * xhat).mean())
    assert np.abs(grads["x"] - ref).max() <= 1e-12 * np.abs(ref).max()
    x, g = rng.standard_normal(4000), rng.standard_normal(4000)
    tracemalloc.start()
    try:
        bn.loss_and_grads(x=x, gamma=np.array(1.0), beta=np.array(0.0), eps=np.array(1e-5), g=g)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000  # vectors of 32 kB; a 4000 × 4000 matrix would be 128 MB


def test_layer_norm_input_gradient_is_exact_far_from_zero():
    ln = _norm("layernorm")
    rng = np.random.default_rng(1)
    X, G, gamma = 1e8 + rng.standard_normal((3, 6)), rng.standard_normal((3, 6)), rng.standard_normal(6)
    _, grads = ln.loss_and_grads(X=X, gamma=gamma, beta=np.zeros(6), eps=np.array(1e-5), G=G)
    mu = X.mean(1, keepdims=True)
    v = ((X - mu) ** 2).mean(1, keepdims=True)
    xhat, gh = (X - mu) / np.sqrt(v + 1e-5), G * gamma
    ref = (gh - gh.mean(1, keepdims=True) - xhat * (gh * xhat).mean(1, keepdims=True)) / np.sqrt(v + 1e-5) / 3
    assert np.abs(grads["X"] - ref).max() <= 1e-12 * np.abs(ref).max()


_MAD = '''title = "mean absolute deviation, beside an unused standardised q of a scale of either sign"
[sizes]
n = "features"
[inputs]
x = ["n"]
s = { shape = [], role = "param" }
g = { shape = ["n"], role = "target" }
[define]
"mu" = "Sum(x[k], (k, 1, n))/n"
"q[i]" = "(x[i] - mu)/s"
"L" = "Sum(g[i]*abs(x[i] - mu), (i, 1, n))"
'''

_PER_FEATURE = '''title = "batch norm per feature over a (p x r) batch"
given = ["eps > 0"]
loss = "L"
batch = "p"
[sizes]
p = "samples"
r = "features"
[inputs]
x = { shape = ["p", "r"], role = "data" }
eps = { shape = [], role = "hyper" }
g = { shape = ["p", "r"], role = "target" }
[define]
"mu[j]" = "Sum(x[k, j], (k, 1, p)) / p"
"v[j]" = "Sum((x[k, j] - mu[j])**2, (k, 1, p)) / p"
"xhat[i, j]" = "(x[i, j] - mu[j]) / sqrt(v[j] + eps)"
"L" = "Sum(Sum(g[i, j]*xhat[i, j]**2, (i, 1, p)), (j, 1, r))"
'''


@pytest.mark.parametrize("text, shapes", [(_MAD, None), (_PER_FEATURE, (3, 3)), (_PER_FEATURE, (4, 3))])
def test_the_centred_rewrite_keeps_every_gradient_right(text, shapes, tmp_path):
    """A probe of the x̂ rewrite: a scale held as a positive symbol lost its sign out of |s q| ((x − μ)/s with
    s = −0.7 flipped the gradient), a per-feature scale √(v_j + ε) kept q's index names (wrong sums, or a
    shape error), and a gradient free of s was written in q = (x − μ)/s (NaN at s = 0)."""
    from derive.verify import to_model
    src = tmp_path / "m.derive.toml"
    src.write_text(text)
    c = compile_model(to_model(str(src)))
    rng = np.random.default_rng(2)
    if shapes is None:
        x, g = rng.standard_normal((1, 4)), rng.standard_normal((1, 4))
        for s in (0.7, -0.7, 0.0):
            with np.errstate(divide="ignore", invalid="ignore"):  # q itself is computed, inf at s = 0
                _, grads = c.loss_and_grads(X=x, s=np.array(s), G=g)  # a batch of one sample
            ref = g * np.sign(x - x.mean()) - (g * np.sign(x - x.mean())).mean()
            np.testing.assert_allclose(grads["X"], ref, rtol=1e-12, atol=1e-12)
        return
    x, g, eps = rng.standard_normal(shapes), rng.standard_normal(shapes), 1e-5

    def loss(x):
        xhat = (x - x.mean(0)) / np.sqrt(x.var(0) + eps)
        return (g * xhat ** 2).sum()
    _, grads = c.loss_and_grads(x=x, eps=np.array(eps), g=g)
    h, ref = 1e-6, np.zeros_like(x)
    for k in np.ndindex(*x.shape):
        up, down = x.copy(), x.copy()
        up[k] += h
        down[k] -= h
        ref[k] = (loss(up) - loss(down)) / (2 * h)
    np.testing.assert_allclose(grads["x"], ref, rtol=1e-6, atol=1e-6)

"""Activations and losses whose printed gradient overflowed where the true one is finite, against mpmath.

Swish's derivative came out as ``(e^z + z + 1) e^z / (e^z + 1)²``: inf/inf = NaN in float32 from z ≈ 89;
softplus′ as ``e^z σ(−z)``, inf · 0; ``ln cosh z`` and ``ln(e^z + e^w)`` overflowed in the loss itself.
Each is compiled from a one-line derivation and compared, loss and gradient, with the function evaluated
in 60-digit arithmetic at |z| up to 1e4, in float32 and float64; the results keep the argument's dtype.
"""
import mpmath
import numpy as np
import pytest

from derive.verify import to_model
from numeric import compile_model

DIGITS = 60
ZS = [-1e4, -1000, -100, -89, -30, 0, 30, 89, 100, 360, 1000, 1e4]
W = 0.25  # the second argument (a target for the cross-entropy, the other term of the 2-term logsumexp)


def _softplus(x):
    return mpmath.log1p(mpmath.exp(x))


def _sigmoid(x):
    return 1 / (1 + mpmath.exp(-x))


def _sech2(x):
    return 1 / mpmath.cosh(x) ** 2


#: name → (the loss term in file syntax, f(z, w), (∂f/∂z, ∂f/∂w) in mpmath, whether w is an input).  The
#: derivatives are written out (σ(−z), never 1 − σ(z)): a numerical one would need thousands of digits at 1e4.
CASES = {
    "swish": ("z[i]*sigmoid(z[i])", lambda z, w: z * _sigmoid(z),
              (lambda z, w: _sigmoid(z) + z * _sigmoid(z) * _sigmoid(-z), None), False),
    "sigmoid": ("sigmoid(z[i])", lambda z, w: _sigmoid(z), (lambda z, w: _sigmoid(z) * _sigmoid(-z), None), False),
    "softplus": ("softplus(z[i])", lambda z, w: _softplus(z), (lambda z, w: _sigmoid(z), None), False),
    "bce-logits": ("-(w[i]*log(sigmoid(z[i])) + (1 - w[i])*log(1 - sigmoid(z[i])))", lambda z, w: _softplus(z) - w * z,
                   (lambda z, w: _sigmoid(z) - w, lambda z, w: -z), True),
    "mish": ("z[i]*tanh(softplus(z[i]))", lambda z, w: z * mpmath.tanh(_softplus(z)),
             (lambda z, w: mpmath.tanh(_softplus(z)) + z * _sigmoid(z) * _sech2(_softplus(z)), None), False),
    "log-cosh": ("log(cosh(z[i]))", lambda z, w: mpmath.log(mpmath.cosh(z)), (lambda z, w: mpmath.tanh(z), None), False),
    # written out by hand: the loss itself was NaN (inf/inf) and inf at |z| = 800
    "tanh-explicit": ("(exp(z[i]) - exp(-z[i]))/(exp(z[i]) + exp(-z[i]))", lambda z, w: mpmath.tanh(z),
                      (lambda z, w: _sech2(z), None), False),
    "log-cosh-explicit": ("log((exp(z[i]) + exp(-z[i]))/2)", lambda z, w: mpmath.log(mpmath.cosh(z)),
                          (lambda z, w: mpmath.tanh(z), None), False),
    "logsumexp-2": ("log(exp(z[i]) + exp(w[i]))", lambda z, w: mpmath.log(mpmath.exp(z) + mpmath.exp(w)),
                    (lambda z, w: _sigmoid(z - w), lambda z, w: _sigmoid(w - z)), True),
    # two sigmoid arguments in one product: swish′ of z beside σ(w), σ′ of w beside swish(z)
    "gated-swish": ("z[i]*sigmoid(z[i])*sigmoid(w[i])", lambda z, w: z * _sigmoid(z) * _sigmoid(w),
                    (lambda z, w: _sigmoid(w) * (_sigmoid(z) + z * _sigmoid(z) * _sigmoid(-z)),
                     lambda z, w: z * _sigmoid(z) * _sigmoid(w) * _sigmoid(-w)), True),
}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("overflow")
    models = {}
    for name, (term, _, _, with_w) in CASES.items():
        path = folder / f"{name}.derive.toml"
        path.write_text(f'title = "{name}"\nloss = "L"\n[sizes]\nn = "units"\n[inputs]\n'
                        'z = { shape = ["n"], role = "data" }\n'
                        + ('w = { shape = ["n"], role = "data" }\n' if with_w else "")
                        + f'[define]\n"L" = "Sum({term}, (i, 1, n))"\n')
        models[name] = compile_model(to_model(str(path)))
    return models


def _close(got, want, dtype) -> bool:
    """Within 1e-5 (float32) / 1e-12 (float64) relative; values below the normal range, to that range."""
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    return bool(np.isfinite(got)) and abs(float(got) - want) <= rtol * abs(want) + np.finfo(dtype).tiny


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", list(CASES))
def test_loss_and_gradient_are_finite_and_exact_at_large_inputs(compiled, name, dtype):
    c = compiled[name]
    _, f, (dz, dw), _ = CASES[name]
    wrong = []
    for z in ZS:
        args = {"Z": np.array([[z]], dtype)}
        if "W" in c.arguments:
            args["W"] = np.array([[W]], dtype)
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):  # no inf, no inf/inf
            try:
                loss, grads = c.loss_and_grads(**args)
            except FloatingPointError as e:
                wrong.append(f"z={z:g}: {e}")
                continue
        assert np.asarray(loss).dtype == dtype and all(g.dtype == dtype for g in grads.values())
        with mpmath.workdps(DIGITS):
            zm, wm = mpmath.mpf(z), mpmath.mpf(W)
            want = {"loss": f(zm, wm), "Z": dz(zm, wm)}
            if "W" in grads:
                want["W"] = dw(zm, wm)
        got = {"loss": loss, **{k: g[0, 0] for k, g in grads.items()}}
        wrong += [f"z={z:g}: {k} = {float(got[k])!r}, not {float(v):.9g}"
                  for k, v in want.items() if not _close(got[k], float(v), dtype)]
    assert not wrong, f"{name} in {dtype.__name__}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("name", list(CASES))
def test_the_rewrites_agree_with_the_plain_formula_at_ordinary_inputs(compiled, name):
    """Where nothing overflows the rewritten forms give what the formula gives, to 1e-12 (float64)."""
    c = compiled[name]
    _, f, (dz, _), _ = CASES[name]
    z = np.linspace(-6.0, 6.0, 25)
    args = {"Z": z[:, None]}
    if "W" in c.arguments:
        args["W"] = np.full((25, 1), W)
    _, grads = c.loss_and_grads(**args)
    # the derivative of the formula as written, numerically: independent of the hand-written one above
    with mpmath.workdps(DIGITS):
        want = np.array([float(mpmath.diff(lambda t: f(t, mpmath.mpf(W)), mpmath.mpf(x))) for x in z]) / len(z)
    np.testing.assert_allclose(grads["Z"][:, 0], want, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("loss", ["nll", "mse"])
@pytest.mark.parametrize("dtype, logit", [(np.float32, 100.0), (np.float64, 800.0)])
def test_a_log_softmax_gradient_not_fused_into_s_minus_y_is_max_shifted(loss, dtype, logit):
    """log_softmax into nll without Σy = 1 (or into mse) left e^{z_i}/Σ_k e^{z_k} unshifted in dW and dX:
    NaN from logits ~100 in float32, while the loss was finite (the normaliser went into Σ_i y_i)."""
    from derive import build
    inputs = {"x": ("data", ("m",), ""), "W": ("param", ("n", "m"), ""), "y": ("target", ("n",), "")}
    model = build("ls", "", sizes={"n": "classes", "m": "features"}, inputs=inputs,
                  nodes=[("z", "linear", "W", "x"), ("l", "log_softmax", "z"), ("L", loss, "l", "y")], loss="L")
    c = compile_model(model)
    X, Wt, Y = np.array([[logit, 0.0], [0.5, -1.0]], dtype), np.eye(2, dtype=dtype), np.array([[0.3, 0.3], [0.1, 0.5]], dtype)
    _, grads = c.loss_and_grads(X=X, W=Wt, Y=Y)
    # The reference in float64 from the max-shifted softmax: ∂L/∂z = (Σ y) s − y (nll) or (l − y) − s Σ(l − y) (mse).
    Z = X.astype(np.float64) @ Wt.astype(np.float64).T
    shifted = Z - Z.max(axis=1, keepdims=True)
    logs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    s = np.exp(logs)
    Yd = Y.astype(np.float64)
    if loss == "nll":
        G = Yd.sum(axis=1, keepdims=True) * s - Yd
    else:
        r = logs - Yd
        G = r - s * r.sum(axis=1, keepdims=True)
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    assert grads["W"].dtype == dtype and np.all(np.isfinite(grads["W"])) and np.all(np.isfinite(grads["X"]))
    np.testing.assert_allclose(grads["W"], G.T @ X.astype(np.float64) / 2, rtol=rtol, atol=rtol)
    np.testing.assert_allclose(grads["X"], G @ Wt.astype(np.float64) / 2, rtol=rtol, atol=rtol)

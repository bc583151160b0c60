"""Sums of two common terms through a linear layer: each term's gradient must stay finite where the truth is.

``softplus(z) + ln(1 + e^{−z²})`` with z = W x printed ``e^{(z+1)z}`` in the gradient by x: the engine's
simplification puts the two terms' derivatives over one denominator ``(e^z + 1)(e^{z²} + 1)``, where
neither stable piece (σ(z), σ(−z²)) is seen any more; at z = 27 the product overflowed (inf), at 30 it
was inf/inf (NaN) while the gradient is 1.  Each pair of terms is compiled, and loss and both gradients
are compared at |z| ∈ {0, 1, 27, 30, 800} with the exact derivative evaluated in 50-digit arithmetic:
finite, and within 1e-9 relative or 1e-12 absolute.  (Relative accuracy in the far tails, a gradient of
1e-13 to 1e-9 of itself, is not asked for: tanh′ = 1 − tanh² and others lose it there today.)
"""
import itertools

import mpmath
import numpy as np
import pytest
import sympy as sp

from derive.verify import to_model
from numeric import compile_model

DIGITS = 50
ZS = [-800.0, -30.0, -27.0, -1.0, 0.0, 1.0, 27.0, 30.0, 800.0]
_z = sp.Symbol("z", real=True)

#: name → (the term in file syntax, the same function of z in SymPy, evaluated exactly).
TERMS = {
    "softplus": ("softplus(z[i])", sp.log(1 + sp.exp(_z))),
    "gauss-log": ("log(1 + exp(-z[i]**2))", sp.log(1 + sp.exp(-_z**2))),
    "sigmoid": ("sigmoid(z[i])", 1 / (1 + sp.exp(-_z))),
    "gauss": ("exp(-z[i]**2)", sp.exp(-_z**2)),
    "gelu": ("z[i]*(1 + erf(z[i]/sqrt(2)))/2", _z * (1 + sp.erf(_z / sp.sqrt(2))) / 2),
    "log-sigmoid": ("log(sigmoid(z[i]))", -sp.log(1 + sp.exp(-_z))),
    "tanh": ("tanh(z[i])", sp.tanh(_z)),
    "square": ("z[i]**2/2", _z**2 / 2),
}
#: pairs the brief's probe found broken, plus one difference of the same function at two scales
PAIRS = {f"{a}+{b}": (f"{TERMS[a][0]} + {TERMS[b][0]}", TERMS[a][1] + TERMS[b][1])
         for a, b in itertools.combinations(TERMS, 2)}
PAIRS["softplus(2z)-softplus(z)"] = ("softplus(2*z[i]) - softplus(z[i])",
                                     sp.log(1 + sp.exp(2 * _z)) - sp.log(1 + sp.exp(_z)))


def _model(tmp_path, name: str, term: str):
    path = tmp_path / "pair.derive.toml"
    path.write_text(f'title = "{name}"\nloss = "L"\n[sizes]\nn = "outputs"\nm = "features"\n[inputs]\n'
                    'x = { shape = ["m"], role = "data" }\nW = { shape = ["n", "m"], role = "param" }\n'
                    '[define]\n"z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"\n'
                    f'"e[i]" = "{term}"\n"L" = "Sum(e[i], (i, 1, n))"\n')
    return compile_model(to_model(str(path)))


def _exact(f: sp.Expr, z: float) -> tuple[float, float]:
    """f(z) and f′(z) in 50-digit arithmetic (e^{−640000} is no problem there), to double precision.

    Fixed precision (mpmath), not SymPy's evalf: that raises its precision until 1 + erf(−565) has
    relative accuracy, which takes minutes; an absolute 1e-50 is ample here."""
    value, slope = (sp.lambdify(_z, g, "mpmath") for g in (f, sp.diff(f, _z)))
    with mpmath.workdps(DIGITS):
        return float(value(mpmath.mpf(z))), float(slope(mpmath.mpf(z)))


@pytest.mark.parametrize("name", list(PAIRS))
def test_a_sum_of_two_terms_has_finite_exact_gradients_at_large_inputs(tmp_path, name):
    term, f = PAIRS[name]
    c = _model(tmp_path, name, term)
    wrong = []
    for z in ZS:
        # one sample, one feature, W = 1: z = x, ∂L/∂x = f′(z), ∂L/∂W = f′(z) x
        with np.errstate(all="ignore"):
            loss, grads = c.loss_and_grads(X=np.array([[z]]), W=np.array([[1.0]]))
        value, slope = _exact(f, z)
        for what, got, want in (("loss", loss, value), ("dX", grads["X"][0, 0], slope), ("dW", grads["W"][0, 0], slope * z)):
            if np.isfinite(want) and not (np.isfinite(got) and abs(got - want) <= 1e-9 * abs(want) + 1e-12):
                wrong.append(f"z={z:g}: {what} = {float(got)!r}, not {want!r}")
    assert not wrong, f"{name} ({term}):\n" + "\n".join(wrong)


@pytest.mark.parametrize("name", ["sigmoid+gauss", "softplus+gauss-log", "softplus+gauss"])
def test_the_rewritten_sums_keep_relative_accuracy_in_the_tails(tmp_path, name):
    """σ(a) + σ(−a) = 1 is used without cancelling: σ′ comes out σ(z)σ(−z), not σ(−z) − σ(−z)² (0 at z = −40)."""
    term, f = PAIRS[name]
    c = _model(tmp_path, name, term)
    for z in (-40.0, -30.0, 30.0, 40.0):
        _, grads = c.loss_and_grads(X=np.array([[z]]), W=np.array([[1.0]]))
        want = _exact(f, z)[1]
        assert abs(grads["X"][0, 0] - want) <= 1e-12 * abs(want), (z, grads["X"][0, 0], want)


#: one-argument multiples: σ(2z) beside σ(z), e^z over 1 + e^{2z} (name → term of z[b], the same in SymPy).
#: Each was NaN or ±inf somewhere below |z| = 800 (σ(2z)σ(z)′ printed e^{3z}(…)/((1+e^z)²(1+e^{2z})²), inf · 0
#: from z = 237), or cancelled (σ(z)σ(2z)σ(−z)′ at z = −30 was −1e-16, the truth 2.5e-39).
_s = lambda a: 1 / (1 + sp.exp(-a))  # noqa: E731
MULTIPLES = {
    "sig2_sig": ("sigmoid(2*z[b])*sigmoid(z[b])", _s(2 * _z) * _s(_z)),
    "sig_over_sig2": ("sigmoid(z[b])/sigmoid(2*z[b])", _s(_z) / _s(2 * _z)),
    "sig_z_2z_mz": ("sigmoid(z[b])*sigmoid(2*z[b])*sigmoid(-z[b])", _s(_z) * _s(2 * _z) * _s(-_z)),
    "ez_e2z": ("exp(z[b])/(1 + exp(2*z[b]))", sp.exp(_z) / (1 + sp.exp(2 * _z))),
    "e2z_prod": ("exp(2*z[b])/((1 + exp(2*z[b]))*(1 + exp(z[b])))",
                 sp.exp(2 * _z) / ((1 + sp.exp(2 * _z)) * (1 + sp.exp(_z)))),
    "ehalf": ("exp(z[b]/2)/(1 + exp(z[b]))", sp.exp(_z / 2) / (1 + sp.exp(_z))),
    "ln_c_sum": ("log(3*(exp(z[b]) + exp(2*z[b])))", sp.log(3 * (sp.exp(_z) + sp.exp(2 * _z)))),
}
MULTIPLE_ZS = [s * z for z in (0.0, 1.0, 27.0, 30.0, 240.0, 800.0) for s in (-1, 1)][1:]


def _one_input_model(tmp_path, name: str, term: str):
    path = tmp_path / f"{name}.derive.toml"
    path.write_text(f'title = "{name}"\nloss = "L"\nbatch = "B"\n[sizes]\nB = "batch"\n[inputs]\n'
                    'z = { shape = ["B"], role = "param" }\n'
                    f'[define]\n"L" = "Sum({term}, (b, 1, B))"\n')
    return compile_model(to_model(str(path)))


@pytest.mark.parametrize("name", list(MULTIPLES))
def test_multiples_of_one_argument_are_finite_and_exact(tmp_path, name):
    """Loss and gradient at |z| ∈ {0, 1, 27, 30, 240, 800}: within 1e-12 relative of the exact values in float64
    (these are well-conditioned: no cancellation in σ(±g) polynomials), finite and 1e-5 relative in float32."""
    term, f = MULTIPLES[name]
    c = _one_input_model(tmp_path, name, term)
    wrong = []
    for z in MULTIPLE_ZS:
        value, slope = _exact(f, z)
        for dt, rel, tiny in ((np.float64, 1e-12, 1e-300), (np.float32, 1e-5, 1e-37)):
            with np.errstate(all="ignore"):
                loss, grads = c.loss_and_grads(z=np.array([z], dtype=dt))
            for what, got, want in (("loss", loss, value), ("dz", grads["z"][0], slope)):
                if abs(want) > float(np.finfo(dt).max):
                    continue  # the truth overflows (σ(z)/σ(2z) ≈ e^{−z} at z = −800)
                if not (np.isfinite(got) and abs(float(got) - want) <= rel * abs(want) + tiny):
                    wrong.append(f"{np.dtype(dt).name} z={z:g}: {what} = {float(got)!r}, not {want!r}")
    # the whole batch at once: one sample's NaN made the sum NaN
    loss, grads = c.loss_and_grads(z=np.array([30.0, 800.0]))
    if not (np.isfinite(loss) and np.isfinite(grads["z"]).all()):
        wrong.append(f"batch [30, 800]: {loss!r}, {grads['z']!r}")
    assert not wrong, f"{name} ({term}):\n" + "\n".join(wrong)

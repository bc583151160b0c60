"""Dirac deltas in a derived gradient: dropped where they vanish (u δ(u) = 0), else a one-line refusal.

``sign(z)·z`` (|z|) and ``step(z)·z`` (ReLU) differentiate to ``2δ(z) z + sign z`` and ``δ(z) z + H(z)``;
codegen showed SymPy's printer error about DiracDelta.  The generated gradients are sign(z) and H(z);
a delta that does not vanish (``step(z)`` in the loss) is refused with a message that names it.
"""
import numpy as np
import pytest

from derive.verify import to_model
from numeric import compile_model
from numeric.plan import NoVectorForm


def _compiled(tmp_path, term: str):
    path = tmp_path / "delta.derive.toml"
    path.write_text('title = "delta"\nloss = "L"\n[sizes]\nn = "outputs"\nm = "features"\n[inputs]\n'
                    'x = { shape = ["m"], role = "data" }\nW = { shape = ["n", "m"], role = "param" }\n'
                    f'[define]\n"z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"\n"e[i]" = "{term}"\n'
                    '"L" = "Sum(e[i], (i, 1, n))"\n')
    return compile_model(to_model(str(path)))


@pytest.mark.parametrize("term, slope", [
    ("sign(z[i])*z[i]", np.sign),
    ("step(z[i])*z[i]", lambda z: np.heaviside(z, 0.5)),
    ("sign(z[i] - 1)*(z[i] - 1)", lambda z: np.sign(z - 1)),  # δ(z − 1) z − δ(z − 1): a multiple over two terms
])
def test_a_delta_times_what_vanishes_with_its_argument_is_dropped(tmp_path, term, slope):
    c = _compiled(tmp_path, term)
    X = np.array([[1.0, -2.0], [-3.0, 0.5], [1.0, 0.0]])
    W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    _, grads = c.loss_and_grads(X=X, W=W)
    G = slope(X @ W.T)  # ∂e_i/∂z_i, the derivative everywhere but where the kink is
    np.testing.assert_allclose(grads["X"], G @ W / 3, rtol=1e-12)
    np.testing.assert_allclose(grads["W"], G.T @ X / 3, rtol=1e-12)


def test_a_delta_that_remains_is_refused_naming_it(tmp_path):
    with pytest.raises(NoVectorForm, match=r"Dirac delta, δ\(") as info:
        _compiled(tmp_path, "step(z[i]) + z[i]**2").source
    assert "PrintMethod" not in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("term, slope", [
    ("relu(z[i])*step(z[i])", lambda z: np.heaviside(z, 0.5)),  # δ(z) max(0, z) + H(z)²
    ("abs(z[i])*sign(z[i])", np.ones_like),  # 2|z| δ(z) + sign(z)²: the function is z
])
def test_a_delta_times_abs_or_max_of_its_argument_is_dropped(tmp_path, term, slope):
    """|u| δ(u) and max(u, 0) δ(u) are 0 like u δ(u); these models were refused for a Dirac delta.  (At the kink
    itself the printed H(0)² = ¼ and sign(0)² = 0 are SymPy's; the inputs here stay off it.)"""
    c = _compiled(tmp_path, term)
    X = np.array([[1.0, -2.0], [-3.0, 0.5], [2.0, 0.25]])
    W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    _, grads = c.loss_and_grads(X=X, W=W)
    G = slope(X @ W.T)
    np.testing.assert_allclose(grads["X"], G @ W / 3, rtol=1e-12)
    np.testing.assert_allclose(grads["W"], G.T @ X / 3, rtol=1e-12)


def test_a_delta_times_abs_over_its_argument_is_still_refused(tmp_path):
    """|z|/z δ(z) is sign(z) δ(z), not 0 (H(z)|z|/z jumps at 0): the factor below the line keeps the delta.
    (z of one input: through z = W x the engine writes |z| δ(z) z/z², whose z the older u δ(u) rule drops.)"""
    path = tmp_path / "jump.derive.toml"
    path.write_text('title = "jump"\nloss = "L"\nbatch = "B"\n[sizes]\nB = "batch"\n[inputs]\n'
                    'z = { shape = ["B"], role = "param" }\n'
                    '[define]\n"L" = "Sum(step(z[b])*abs(z[b])/z[b], (b, 1, B))"\n')
    with pytest.raises(NoVectorForm, match=r"Dirac delta"):
        compile_model(to_model(str(path))).source

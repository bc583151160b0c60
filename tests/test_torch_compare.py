"""Every catalog model's compiled loss and gradients against PyTorch autograd on the same inputs.

The PyTorch side is an independent oracle: each model's forward pass is written here by
hand with torch's own functions (log_softmax, logsumexp, BCE with logits, …), and torch
differentiates it.  Nothing on that side comes from derive or numeric except the seeded
input arrays.
"""
import numpy as np
import pytest

from derive.catalog import CATALOG
from numeric import compile_model, make_inputs

torch = F = None  # imported by the fixture below, so that only a worker that runs these tests loads torch


@pytest.fixture(autouse=True, scope="module")
def _torch():
    """Import torch when this module's tests run, not when the suite is collected (each xdist worker collects it)."""
    global torch, F
    torch = pytest.importorskip("torch", reason="torch is a test extra (pip install -e '.[test]'); CI installs it")
    F = torch.nn.functional


def _cross_entropy(z, Y):
    """Mean over the batch of −Σ_i y_i ln softmax(z)_i (soft labels allowed)."""
    return -(Y * F.log_softmax(z, dim=1)).sum(dim=1).mean()


def _softmax(a):
    return _cross_entropy(a["X"] @ a["W"].T, a["Y"])


def _logistic(a):
    z = a["X"] @ a["W"].T
    return F.binary_cross_entropy_with_logits(z, a["Y"], reduction="none").sum(dim=1).mean()


def _linear_mse(a):
    return 0.5 * ((a["X"] @ a["W"].T - a["Y"]) ** 2).sum(dim=1).mean()


def _mlp(activation: str):
    def forward(a):
        hidden = getattr(torch, activation)(a["X"] @ a["V"].T)
        return _cross_entropy(hidden @ a["W"].T, a["Y"])
    return forward


#: Model name → forward pass on torch tensors (keyword names as numeric's) → mean loss over the batch.
TORCH_FORWARD = {
    "softmax": _softmax,
    "softmax-bias": lambda a: _cross_entropy(a["X"] @ a["W"].T + a["b"], a["Y"]),
    "logistic": _logistic,
    "linear-mse": _linear_mse,
    "log-softmax": _softmax,  # −Σ y ℓ with ℓ = log-softmax: the same function as the softmax classifier
    "logsumexp": lambda a: torch.logsumexp(a["Z"], dim=1).mean(),
    "mlp": _mlp("sigmoid"),
    "mlp-tanh": _mlp("tanh"),
    "mlp-relu": _mlp("relu"),
    "softmax-l2": lambda a: _cross_entropy(a["X"] @ a["W"].T, a["Y"]) + a["lam"] * (a["W"] ** 2).sum(),
    # Batched models take the same arrays and their loss is the same mean over the batch.
    "softmax-batch": _softmax,
    "logistic-batch": _logistic,
    "linear-mse-batch": _linear_mse,
    "mlp-batch": _mlp("sigmoid"),
}


def test_every_catalog_model_has_a_torch_forward():
    missing = sorted(set(CATALOG) - set(TORCH_FORWARD))
    assert not missing, f"catalog models without a PyTorch comparison: {missing}"
    assert not set(TORCH_FORWARD) - set(CATALOG), "comparison for a model the catalog no longer has"


@pytest.fixture(scope="module")
def compiled():
    return {}


def torch_loss_and_grads(name: str, inputs: dict, wrt) -> tuple[float, dict]:
    """The torch oracle's loss and autograd gradients by the inputs named in ``wrt``."""
    tensors = {k: torch.tensor(v, dtype=torch.float64, requires_grad=k in wrt) for k, v in inputs.items()}
    loss = TORCH_FORWARD[name](tensors)
    loss.backward()
    return loss.item(), {k: tensors[k].grad.numpy() for k in wrt}


# Scale 40 puts logits in the hundreds: saturated sigmoids/tanh, softmax far from uniform.
@pytest.mark.parametrize("scale", [1.0, 40.0])
@pytest.mark.parametrize("name", sorted(CATALOG))
def test_gradients_match_pytorch_autograd(name, scale, compiled):
    model = CATALOG[name]
    if name not in compiled:
        compiled[name] = compile_model(model)
    c = compiled[name]
    inputs = make_inputs(model, {"B": 5}, seed=17, dtype=np.float64)
    for k, q in zip(c.arguments, model.inputs):
        if q.role in ("param", "data"):
            inputs[k] = inputs[k] * scale
    loss, grads = c.loss_and_grads(**inputs)
    t_loss, t_grads = torch_loss_and_grads(name, inputs, c.grad_names)
    assert np.isfinite(loss) and loss == pytest.approx(t_loss, rel=1e-10, abs=1e-12)
    assert set(grads) == set(t_grads) and grads
    for k in grads:
        assert grads[k].shape == t_grads[k].shape
        np.testing.assert_allclose(grads[k], t_grads[k], rtol=1e-9, atol=1e-12, err_msg=f"{name}: ∂/∂{k}")


def test_the_oracle_can_disagree():
    """A gradient off by a little is caught: the comparison is not vacuous."""
    model = CATALOG["softmax"]
    inputs = make_inputs(model, {"B": 5}, seed=17)
    _, grads = compile_model(model).loss_and_grads(**inputs)
    _, t_grads = torch_loss_and_grads("softmax", inputs, ("W",))
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(grads["W"] * (1 + 1e-6), t_grads["W"], rtol=1e-9, atol=1e-12)

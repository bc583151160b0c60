"""The catalog: named models built from the layer table, usable by name everywhere."""
from __future__ import annotations

from .errors import UnknownModel
from .model import Model, build, sum_to_one

CATALOG: dict[str, Model] = {}


def register(model: Model) -> Model:
    """Add a model to the catalog under its name."""
    CATALOG[model.name] = model
    return model


def get(name: str) -> Model:
    """The catalog model called ``name``; ``UnknownModel`` naming the known ones otherwise."""
    try:
        return CATALOG[name]
    except KeyError:
        raise UnknownModel(f"no model {name!r} in the catalog (known: {', '.join(CATALOG)})") from None


_SUM_Y = sum_to_one("y", "n", "the targets form a probability distribution (one-hot or soft labels)")
_X = ("data", ("m",), "input features")
_W = ("param", ("n", "m"), "weights")
_Y = ("target", ("n",), "target distribution")

register(build(
    "softmax", "softmax classifier with cross-entropy loss (the tutorial's model)",
    sizes={"n": "classes", "m": "features"},
    inputs={"x": _X, "W": _W, "y": _Y},
    nodes=[("z", "linear", "W", "x"), ("s", "softmax", "z"), ("L", "cross_entropy", "s", "y")],
    loss="L", assumptions=[_SUM_Y], target="W"))

register(build(
    "softmax-bias", "softmax classifier with a bias term and cross-entropy loss",
    sizes={"n": "classes", "m": "features"},
    inputs={"x": _X, "W": _W, "b": ("param", ("n",), "bias"), "y": _Y},
    nodes=[("z", "affine", "W", "x", "b"), ("s", "softmax", "z"), ("L", "cross_entropy", "s", "y")],
    loss="L", assumptions=[_SUM_Y], target="W"))

_BIN = ("target", ("n",), "binary targets in [0, 1]")
_REAL = ("target", ("n",), "real-valued targets")
# The hidden width is p, not h: h is the hidden layer's output, and Σ_{k=1}^{h} h_k would be ambiguous.
_V = ("param", ("p", "m"), "hidden-layer weights")
_W_OUT = ("param", ("n", "p"), "output weights")
_MLP_SIZES = {"n": "classes", "p": "hidden units", "m": "features"}

register(build(
    "logistic", "logistic regression: sigmoid outputs with binary cross-entropy",
    sizes={"n": "outputs", "m": "features"},
    inputs={"x": _X, "W": _W, "y": _BIN},
    nodes=[("z", "linear", "W", "x"), ("sigma", "sigmoid", "z"), ("L", "binary_cross_entropy", "sigma", "y")],
    loss="L", target="W"))

register(build(
    "linear-mse", "linear regression with squared error",
    sizes={"n": "outputs", "m": "features"},
    inputs={"x": _X, "W": _W, "y": _REAL},
    nodes=[("z", "linear", "W", "x"), ("L", "mse", "z", "y")],
    loss="L", target="W"))

register(build(
    "log-softmax", "log-softmax with negative log-likelihood (the numerically preferred form)",
    sizes={"n": "classes", "m": "features"},
    inputs={"x": _X, "W": _W, "y": _Y},
    nodes=[("z", "linear", "W", "x"), ("l", "log_softmax", "z"), ("L", "nll", "l", "y")],
    aux=[("s", "softmax", "z")],
    loss="L", assumptions=[_SUM_Y], target="W"))

register(build(
    "logsumexp", "log-sum-exp of a vector: its gradient is the softmax",
    sizes={"n": "entries"},
    inputs={"z": ("data", ("n",), "logits")},
    nodes=[("L", "logsumexp", "z")],
    aux=[("s", "softmax", "z")],
    loss="L", target="z"))

for _act, _what in (("sigmoid", "sigmoid"), ("tanh", "tanh"), ("relu", "ReLU")):
    register(build(
        "mlp" if _act == "sigmoid" else f"mlp-{_act}",
        f"one hidden layer of {_what} units, softmax output, cross-entropy loss",
        sizes=_MLP_SIZES,
        inputs={"x": _X, "V": _V, "W": _W_OUT, "y": _Y},
        nodes=[("a", "linear", "V", "x"), ("h", _act, "a"), ("z", "linear", "W", "h"), ("s", "softmax", "z"),
               ("L", "cross_entropy", "s", "y")],
        loss="L", assumptions=[_SUM_Y], target="V"))

register(build(
    "softmax-l2", "softmax classifier with cross-entropy plus L2 weight decay λ‖W‖²",
    sizes={"n": "classes", "m": "features"},
    inputs={"x": _X, "W": _W, "y": _Y, "lam": ("hyper", (), "weight-decay strength λ")},
    nodes=[("z", "linear", "W", "x"), ("s", "softmax", "z"), ("E", "cross_entropy", "s", "y"),
           ("R", "l2", "W", "lam"), ("L", "add", "E", "R")],
    loss="L", assumptions=[_SUM_Y], target="W"))

# Batched versions: the same layers applied to each of B samples, loss the mean over the batch.
from .batching import batched  # noqa: E402  (after the per-sample models it lifts)

for _name in ("softmax", "logistic", "linear-mse", "mlp"):
    register(batched(CATALOG[_name], f"{_name}-batch", f"{CATALOG[_name].description}, mean over a batch of B samples"))

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

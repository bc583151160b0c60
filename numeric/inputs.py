"""Seeded random inputs for a model at given sizes, respecting its assumptions.

Targets that a model assumes to be distributions (an assumption ``Σ_i y_i = 1``) get
rows that sum to one (one-hot, or soft labels); a class label (``Model.labels``) is an integer
per sample, drawn in its range; other targets are uniform in (0, 1),
which suits binary cross-entropy and regression alike.  Data and parameters are
standard normal (parameters scaled by ½), hyper-parameters a small positive scalar.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from derive.model import Model

from .batch import Batching

DEFAULT_BATCH = 4


def _sum_to_one_targets(model: Model) -> set[str]:
    names = set()
    for a in model.assumptions:
        p = a.pattern
        if isinstance(p, sp.Sum) and isinstance(p.function, sp.Indexed) and a.value == 1:
            names.add(str(p.function.base))
    return names


def make_inputs(model: Model, sizes: dict[str, int] | None = None, *, seed: int = 0,
                dtype=np.float64, one_hot: bool = False) -> dict[str, np.ndarray]:
    """Keyword arrays for ``loss_and_grads`` of ``model``; sizes default to B=4 and 3, 4, 5, … per model size."""
    sizes = dict(sizes or {})
    sizes.setdefault("B", DEFAULT_BATCH)
    for n, (name, _) in enumerate(model.sizes):
        sizes.setdefault(name, 3 + n)
    bt = Batching(model)
    rng = np.random.default_rng(seed)
    distributions = _sum_to_one_targets(model)
    out: dict[str, np.ndarray] = {}
    for q in model.inputs:
        shape = tuple(int(sizes[str(d)]) if isinstance(d, sp.Symbol) else int(d) for d in bt.shape(q))
        if q.name in model.labels:  # the labels themselves, which compiled code takes for their one-hot rows
            out[bt.names[q.name]] = rng.integers(0, shape[-1], size=shape[:-1])
            continue
        if q.role == "target" and q.name in distributions:
            if one_hot:
                x = np.eye(shape[-1])[rng.integers(0, shape[-1], size=shape[:-1])]
            else:
                x = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1])
        elif q.role == "target":
            x = rng.uniform(0.05, 0.95, size=shape)
        elif q.role == "hyper":
            x = np.asarray(rng.uniform(0.05, 0.5, size=shape))
        elif q.role == "param":
            x = 0.5 * rng.standard_normal(shape)
        else:
            x = rng.standard_normal(shape)
        out[bt.names[q.name]] = np.asarray(x, dtype=dtype)
    return out

"""Seeded random inputs for a model at given sizes, respecting its assumptions.

Targets that a model assumes to be distributions (an assumption ``Σ_i y_i = 1``) get
rows that sum to one (one-hot, or soft labels); a class label (``Model.labels``) is an integer
per sample, drawn in its range; other targets are uniform in (0, 1),
which suits binary cross-entropy and regression alike.  Data and parameters are
standard normal (parameters scaled by ½), hyper-parameters a small positive scalar; an input
with bounds (a derivation file's given ``epsilon > 0``, passed as ``bounds``) is drawn inside them.
"""
from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np
import sympy as sp
from numpy.typing import DTypeLike

from derive.errors import ArgumentError
from derive.model import Model, described, model_of

from .batch import Batching

DEFAULT_BATCH = 4


def _sum_to_one_targets(model: Model) -> set[str]:
    names = set()
    for a in model.assumptions:
        p = a.pattern
        if isinstance(p, sp.Sum) and isinstance(p.function, sp.Indexed) and a.value == 1:
            names.add(str(p.function.base))
    return names


def make_inputs(model: Model | str, sizes: Mapping[str, int] | None = None, *, seed: int = 0,
                dtype: DTypeLike = np.float64, one_hot: bool = False,
                bounds: Mapping[str, tuple] | None = None) -> dict[str, np.ndarray]:
    """Keyword arrays for ``loss_and_grads`` of ``model``; sizes default to B=4 and 3, 4, 5, … per model size.

    ``model`` is a Model, or a catalog model's name or a derivation file's path.
    ``bounds`` maps an input's name to ``(lo, hi)`` (numbers, or None for no bound on that side).
    """
    model = model_of(model, "make_inputs")
    try:
        real = np.dtype(dtype).kind == "f"
    except TypeError:
        real = False
    if not real:
        raise ArgumentError(f"make_inputs: dtype must be a floating-point dtype (float64 or float32); "
                            f"got {described(dtype)}")
    bounds = bounds or {}
    sizes = dict(sizes or {})
    for name, value in sizes.items():
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
            raise ArgumentError(f"make_inputs: size {name} must be a whole number from 1 up; got {described(value)}")
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
        elif q.name in bounds:
            x = _inside(bounds[q.name], shape, rng)
        elif q.role == "hyper":
            x = np.asarray(rng.uniform(0.05, 0.5, size=shape))
        elif q.role == "param":
            x = 0.5 * rng.standard_normal(shape)
        else:
            x = rng.standard_normal(shape)
        out[bt.names[q.name]] = np.asarray(x, dtype=dtype)
    return out


def _inside(bound: tuple, shape: tuple, rng: np.random.Generator) -> np.ndarray:
    """A draw strictly inside ``(lo, hi)``, away from either end (a bound alone: within 2 of it)."""
    lo, hi = (None if b is None else float(b) for b in bound)
    if lo is not None and hi is not None:
        return rng.uniform(lo + 0.05 * (hi - lo), hi - 0.05 * (hi - lo), size=shape)
    if lo is not None:
        return lo + rng.uniform(0.05, 2.0, size=shape)
    if hi is not None:
        return hi - rng.uniform(0.05, 2.0, size=shape)
    return rng.standard_normal(shape)

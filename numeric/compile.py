"""Compile a model: its plan's statements become ``lambdify``-generated NumPy functions.

``compile_model(model)`` builds the plan (``numeric.plan``), lambdifies every statement
with ``numeric.printer.NumericPrinter`` and the stable kernels as the namespace, and
returns a ``Compiled`` whose ``loss_and_grads(**arrays)`` runs them in order on a batch.
The same plan, printed by the same printer, is the standalone module (``.source``).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import sympy as sp
from sympy.matrices.expressions import MatrixSymbol

from derive.model import Model

from .kernels import KERNELS
from .plan import Plan, build_plan
from .printer import NumericPrinter


@dataclass(frozen=True)
class _Stage:
    targets: tuple[str, ...]
    reads: tuple[str, ...]
    fn: Callable = field(repr=False)


def _stage(targets: tuple[str, ...], expr) -> _Stage:
    arrays = sorted({m.name for m in expr.atoms(MatrixSymbol)})
    sizes = sorted({s.name for s in expr.atoms(sp.Symbol) if not isinstance(s, sp.Dummy) and s.name not in arrays})
    args = [sp.Symbol(n) for n in arrays + sizes]
    # Symbols stand in for the arrays: the printer writes names, lambdify only needs the argument list.
    fn = sp.lambdify(args, expr, modules=[dict(KERNELS), "numpy"], printer=NumericPrinter, dummify=False)
    return _Stage(targets, tuple(arrays + sizes), fn)


def prepare(plan: Plan, arrays: dict) -> tuple[dict, dict, np.dtype]:
    """Check and shape the keyword arrays: a name → 2-D array map, the sizes, and the floating dtype."""
    names = [a.name for a in plan.arguments]
    missing = [n for n in names if n not in arrays]
    extra = [n for n in arrays if n not in names]
    if missing or extra:
        raise TypeError(f"loss_and_grads() of model {plan.model.name} takes keyword arguments "
                        f"{', '.join(names)}; missing {missing}, unexpected {extra}")
    given = {n: np.asarray(arrays[n]) for n in names}
    # Same rule as the generated module: arrays decide the floating type, float32 stays float32.
    dtype = np.result_type(*[given[a.name].dtype for a in plan.arguments if a.ndim], np.float32)
    env = {}
    for a in plan.arguments:
        x = given[a.name]
        if x.ndim != a.ndim:
            raise ValueError(f"{a.name} must have {a.ndim} dimension(s), got shape {x.shape}")
        x = x.astype(dtype, copy=False)
        env[a.name] = x.reshape(-1, 1) if a.ndim == 1 else x.reshape(1, 1) if a.ndim == 0 else x
    sizes = {s: given[arg].shape[axis] for s, (arg, axis) in plan.sizes.items()}
    for a in plan.arguments:
        for axis, dim in enumerate(a.batched_shape):
            if isinstance(dim, sp.Symbol) and given[a.name].shape[axis] != sizes[dim.name]:
                raise ValueError(f"{a.name} has shape {given[a.name].shape}: axis {axis} is size {dim.name}, "
                                 f"which is {sizes[dim.name]} elsewhere")
    return env, sizes, dtype


class Compiled:
    """A model compiled to batched NumPy: ``loss_and_grads(**arrays) -> (loss, {input: gradient})``."""

    def __init__(self, model: Model, plan: Plan):
        self.model = model
        self.plan = plan
        self.stages = [_stage(s.targets, s.expr) for s in plan.steps]

    @property
    def arguments(self) -> tuple[str, ...]:
        """The keyword argument names, in the model's input order."""
        return tuple(a.name for a in self.plan.arguments)

    @property
    def grad_names(self) -> tuple[str, ...]:
        """The inputs whose gradients are returned."""
        return tuple(self.plan.grads)

    def loss_and_grads(self, **arrays) -> tuple[np.floating, dict[str, np.ndarray]]:
        """The mean loss over the batch and its gradient by every parameter and data input."""
        env, sizes, _ = prepare(self.plan, arrays)
        env.update(sizes)
        for st in self.stages:
            out = st.fn(*[env[n] for n in st.reads])
            if len(st.targets) == 1:
                env[st.targets[0]] = out
            else:
                env.update(zip(st.targets, out))
        grads = {name: env[var].reshape(np.shape(arrays[name])) for name, var in self.plan.grads.items()}
        return env[self.plan.loss][()], grads

    def loss(self, **arrays) -> np.floating:
        """The mean loss alone."""
        return self.loss_and_grads(**arrays)[0]

    @cached_property
    def source(self) -> str:
        """The standalone module (imports only numpy) computing the same as ``loss_and_grads``."""
        from .codegen import module_source
        return module_source(self.plan)


def compile_model(model: Model) -> Compiled:
    """Compile a model (catalog or built from a file) to batched, stable NumPy code."""
    return Compiled(model, build_plan(model))

"""Per-sample index form → batched index form: a batch index on every per-sample quantity.

A derivation speaks about one sample: ``∂L/∂W_jk = (s_j − y_j) x_k``.  The compiled code
works on a batch of B samples and on the *mean* loss, so every quantity that varies per
sample (data, targets, and whatever is defined from them) gains a leading batch index
``b`` (``x_k`` → ``X_bk``), a parameter's gradient is summed over ``b`` and divided by B,
and a data input's gradient is divided by B.  The result is still index form, ready for
``derive.matrixform.to_matrix``.

A model that is batched already (``model.batch``, from ``derive.batching`` or a file's
``batch = "T"``) has its batch dimension, its own loss over the batch (a mean, or attention's
sum) and any Σ_b and 1/B in its derived results: it is used as it is.
"""
from __future__ import annotations

from collections.abc import Iterable

import sympy as sp
from sympy import Add, Expr, Indexed, Sum, Symbol

from derive import indexcalc as ic
from derive.model import Model, Quantity, size

from .names import RESERVED, NameError_, batched_name, check_name

#: The batch size and the batch index of generated code.
BATCH = size("B")
BATCH_INDEX = ic.index("b")

#: Roles whose gradient the compiled function returns.
DIFFERENTIABLE = ("param", "data")


def per_sample(model: Model) -> set[str]:
    """Names of the quantities that vary from sample to sample (data, targets and what depends on them)."""
    if model.batch:
        return set()  # every quantity already has its batch dimension where it needs one
    sample_inputs = [q.name for q in model.inputs if q.role in ("data", "target")]
    return {q.name for q in model.quantities if any(model.depends_on(q.name, s) for s in sample_inputs)}


class Batching:
    """The batched names and shapes of one model's quantities."""

    def __init__(self, model: Model):
        self.model = model
        for q in model.quantities:
            check_name(q.name, f"quantity of model {model.name}:")
        # An already batched model's batch size is the B of the generated code, not a clash with it.
        reserved = RESERVED - {model.batch} if model.batch else RESERVED
        for n, _ in model.sizes:
            if n == str(BATCH) and not model.batch:  # the usual name of a batch size the file did not declare
                raise NameError_(f"size of model {model.name}: {n!r} is the batch axis of generated code: "
                                 f'if it is this file\'s batch, declare batch = "{n}"; else rename the size')
            check_name(n, f"size of model {model.name}:", reserved)
        self.sample = per_sample(model)
        taken = {q.name for q in model.quantities} | {n for n, _ in model.sizes}
        self.names: dict[str, str] = {}
        for q in model.quantities:
            if q.name in self.sample:
                self.names[q.name] = batched_name(q.name, taken - {q.name} | set(self.names.values()))
            else:
                self.names[q.name] = q.name
        if len(set(self.names.values())) != len(self.names):
            raise NameError_(f"model {model.name}: batched names clash")

    def shape(self, q: Quantity) -> tuple[Expr, ...]:
        """The batched shape: (B, *shape) for per-sample quantities, the shape otherwise."""
        return (BATCH, *q.shape) if q.name in self.sample else tuple(q.shape)

    def shapes(self) -> dict[str, tuple[Expr, ...]]:
        """Batched shapes by batched name, as ``to_matrix`` wants them."""
        return {self.names[q.name]: self.shape(q) for q in self.model.quantities}

    def base(self, name: str) -> sp.IndexedBase:
        """The IndexedBase of the batched array for quantity ``name``."""
        return sp.IndexedBase(self.names[name])

    def batch(self, expr: Expr) -> Expr:
        """Add the batch index to every per-sample quantity in ``expr`` and rename it."""
        b = BATCH_INDEX
        table: dict[Expr, Expr] = {}
        for ind in expr.atoms(Indexed):
            name = str(ind.base)
            if name in self.names and name in self.sample:
                table[ind] = self.base(name)[(b, *ind.indices)]
            elif name in self.names and self.names[name] != name:
                table[ind] = self.base(name)[tuple(ind.indices)]
        for sym in expr.atoms(Symbol):
            name = sym.name
            q = next((q for q in self.model.quantities if q.name == name and not q.shape), None)
            if q is not None and name in self.sample:
                table[sym] = self.base(name)[b]
        return expr.xreplace(table)

    def gradient(self, wrt: str, result: Expr, indices: tuple[Symbol, ...]) -> tuple[Expr, tuple[Symbol, ...]]:
        """The batched gradient of the mean loss by input ``wrt``, with its output indices.

        A parameter is shared by all samples: its gradient is Σ_b (per-sample gradient) / B,
        the sum distributed over the terms so that terms not depending on b become B·term.
        A per-sample input only receives its own sample's gradient, divided by B.
        """
        if self.model.batch:
            return self.batch(result), tuple(indices)  # the derivation is of the batch's loss already
        b = BATCH_INDEX
        batched = self.batch(result)
        if wrt in self.sample:
            return batched / BATCH, (b, *indices)
        per = [t for t in Add.make_args(batched) if t.has(b)]
        shared = [t for t in Add.make_args(batched) if not t.has(b)]
        # Terms without b (weight decay 2λW) are the same for every sample: B·t / B is t itself.
        return Sum(Add(*per), (b, 1, BATCH)) / BATCH + Add(*shared), tuple(indices)

    def index_sizes(self, expr: Expr, extra: dict | None = None) -> dict[Symbol, Expr]:
        """The size each index of ``expr`` runs over, read off the arrays it indexes and sum limits."""
        shapes = {**self.shapes(), **(extra or {})}
        out: dict[Symbol, Expr] = {}
        for ind in expr.atoms(Indexed):
            shape = shapes.get(str(ind.base))
            if shape is None:
                continue
            for i, dim in zip(ind.indices, shape):
                if i.is_Symbol:
                    out.setdefault(i, dim)
        for s in expr.atoms(Sum):
            for dmy, lo, hi in s.limits:
                if lo == 1:
                    out.setdefault(dmy, hi)
        return out


def differentiable(model: Model) -> list[Quantity]:
    """The inputs whose gradient is returned, in declaration order: parameters and data the loss depends on."""
    return [q for q in model.inputs if q.role in DIFFERENTIABLE and model.depends_on(model.loss, q.name)]


def ordered(idx: Iterable[Symbol]) -> tuple[Symbol, ...]:
    """Indices in a stable order (batch index first)."""
    idx = list(dict.fromkeys(idx))
    return tuple(sorted(idx, key=lambda s: (s != BATCH_INDEX, str(s))))

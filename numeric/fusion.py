"""Plan-level fusion and the input checks a plan carries.

``fuse_cross_entropy`` replaces the three statements of a softmax with cross-entropy — the
shared softmax/log-softmax kernel, ``L = −(Y ∘ log_softmax Z) 1`` and the gradient's
``S − Y`` — by one call of ``kernels._softmax_cross_entropy``, which walks the rows once in
cache-sized blocks (the fused form PyTorch's ``cross_entropy`` uses too).  It fires only
when the softmax and the log-softmax are read by nothing else, so the values are the same.

``sum_checks`` turns a model's ``Σ_i y_i = 1`` assumptions on inputs into (argument, axis)
checks the generated code performs by default.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.matrices.expressions import HadamardProduct, MatAdd, MatMul, MatrixExpr, MatrixSymbol, OneMatrix

from derive.model import Model
from derive.printing import text

from . import stable


@dataclass(frozen=True)
class SumCheck:
    """The generated code checks that input ``argument`` sums to 1 along ``axis`` (the model assumes it)."""

    argument: str
    axis: int
    assumption: str


class FusedCall(MatrixExpr):
    """``kernel(*arrays)`` returning several arrays: a fused kernel of ``numeric.kernels``."""

    def __new__(cls, kernel: str, *arrays: MatrixSymbol):
        return super().__new__(cls, sp.core.symbol.Str(kernel), *arrays)

    @property
    def kernel(self) -> str:
        return self.args[0].name

    @property
    def arrays(self) -> tuple[MatrixSymbol, ...]:
        return tuple(self.args[1:])

    @property
    def shape(self):
        return self.args[1].shape

    def _numeric_code(self, printer) -> str:
        return f"{self.kernel}({', '.join(printer._print(a) for a in self.arrays)})"


def _reads(step) -> set[str]:
    return {m.name for m in step.expr.atoms(MatrixSymbol)}


def _is_cross_entropy(expr, y: MatrixSymbol, logs: str) -> bool:
    """``−(Y ∘ logs) 1``: the per-row cross-entropy of ``y`` against the log-probabilities ``logs``."""
    if not isinstance(expr, MatMul):
        return False
    coeff = sp.Mul(*[a for a in expr.args if not isinstance(a, MatrixExpr)])
    mats = [a for a in expr.args if isinstance(a, MatrixExpr)]
    return (coeff == -1 and len(mats) == 2 and isinstance(mats[0], HadamardProduct)
            and isinstance(mats[1], OneMatrix) and mats[1].shape[1] == 1
            and sorted(a.name for a in mats[0].args if isinstance(a, MatrixSymbol)) == sorted([y.name, logs])
            and len(mats[0].args) == 2)


def _is_difference(expr, s: str) -> MatrixSymbol | None:
    """``S − Y`` for the softmax ``s``: the subtracted array Y, else None."""
    if not isinstance(expr, MatAdd) or len(expr.args) != 2:
        return None
    pos = [a for a in expr.args if isinstance(a, MatrixSymbol)]
    neg = [a.args[1] for a in expr.args if isinstance(a, MatMul) and len(a.args) == 2 and a.args[0] == -1
           and isinstance(a.args[1], MatrixSymbol)]
    return neg[0] if len(pos) == 1 and len(neg) == 1 and pos[0].name == s else None


def fuse_cross_entropy(steps: list, assign) -> list:
    """Steps with every softmax + cross-entropy + ``S − Y`` triple replaced by one fused kernel call."""
    steps = list(steps)
    for n, st in enumerate(steps):
        call = st.expr
        if not (isinstance(call, stable.KernelCall) and call.kernel == "_softmax_log_softmax" and call.axis == 1
                and isinstance(call.arg, MatrixSymbol)):
            continue
        s, logs = st.targets
        later = steps[n + 1:]
        loss = [k for k, o in enumerate(later) if logs in _reads(o)]
        diff = [k for k, o in enumerate(later) if s in _reads(o)]
        if len(loss) != 1 or len(diff) != 1 or len(later[loss[0]].targets) != 1:
            continue
        y = _is_difference(later[diff[0]].expr, s)
        if y is None or len(later[diff[0]].targets) != 1 or not _is_cross_entropy(later[loss[0]].expr, y, logs):
            continue
        targets = (later[loss[0]].targets[0], later[diff[0]].targets[0], f"_{y.name}_sums")
        fused = assign(targets, FusedCall("_softmax_cross_entropy", call.arg, y),
                       "stable softmax cross-entropy and softmax − target, in cache-sized row blocks")
        drop = {n + 1 + loss[0], n + 1 + diff[0]}
        return fuse_cross_entropy([fused if k == n else o for k, o in enumerate(steps) if k not in drop], assign)
    return steps


def sum_checks(model: Model, names: dict[str, str], per_sample: set[str]) -> list[SumCheck]:
    """The ``Σ_i y_i = 1`` assumptions on inputs, as checks of the batched argument along its axis."""
    inputs = {q.name: q for q in model.inputs}
    out: list[SumCheck] = []
    for a in model.assumptions:
        p = a.pattern
        if a.value != 1 or not isinstance(p, sp.Sum) or len(p.limits) != 1 or not isinstance(p.function, sp.Indexed):
            continue
        base, idx = str(p.function.base), tuple(p.function.indices)
        (k, lo, hi), = p.limits
        q = inputs.get(base)
        if q is None or q.name in model.labels or lo != 1 or idx.count(k) != 1 or q.shape[idx.index(k)] != hi:
            continue
        # Other indices are free: the identity holds for each of their values, i.e. along the whole axis.
        if any(not i.is_Symbol for i in idx):
            continue
        axis = idx.index(k) + (1 if q.name in per_sample else 0)
        out.append(SumCheck(names[q.name], axis, f"{text(p)} = 1"))
    return out

"""Where the mean's ``1/B`` goes: once onto the shared upstream gradient, or onto each gradient.

Every gradient of a mean loss is ``(1/B)·(…)``, and in the models we compile each is linear in
one shared array, ``S − Y`` out of the fused softmax cross-entropy: ``dW = (S − Y)ᵀ X / B``,
``dX = (S − Y) W / B``, and through a hidden layer's delta ``((S − Y) W ∘ σ') V / B``.  Lowering
scales the smaller operand of each product (``G @ (W / B)``) or its result; scaling ``S − Y`` in
place once instead costs B·n products where those cost the sum of the parameter-sized arrays
(2·m·n for softmax, 2·p·m + n·p for mlp), far less for a small batch and far more for a large
one.  ``prescale(plan, returned)`` finds the arrangement (``None`` when any gradient is not
``c·(linear in S − Y)`` with one common ``c``); the generated code chooses at run time from the
sizes, so one function is fast at both ends.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp
from sympy.matrices.expressions import HadamardProduct, MatMul, MatrixExpr, MatrixSymbol, Transpose

from .fusion import FusedCall
from .plan import Plan


@dataclass(frozen=True)
class Prescale:
    """Scale ``array`` by ``coeff`` in place when ``size < cost``; the gradients ``grads`` then leave it out."""

    array: str
    coeff: sp.Expr
    #: indices of the gradient statements ``coeff · A B`` that then become ``A B``
    grads: frozenset[int]
    #: sizes of the arrays the gradients scale otherwise (an operand or the result, each once)
    cost: sp.Expr
    #: the size of ``array``: what scaling it once costs
    size: sp.Expr


def _names(e) -> set[str]:
    return {m.name for m in e.atoms(MatrixSymbol)}


def _linear(e, live: set[str]) -> bool:
    """True when ``e`` is linear in the arrays ``live``: a product in which exactly one factor is (and only once)."""
    if isinstance(e, MatrixSymbol):
        return e.name in live
    if isinstance(e, Transpose):
        return _linear(e.arg, live)
    if isinstance(e, (MatMul, HadamardProduct)):
        mats = [a for a in e.args if isinstance(a, MatrixExpr)]
        hit = [a for a in mats if _names(a) & live]
        return len(hit) == 1 and _linear(hit[0], live)
    return False


def _product(expr) -> tuple[sp.Expr, MatMul] | None:
    """``c · A B`` as (c, A B) for two arrays or transposes, else None."""
    if not isinstance(expr, MatMul):
        return None
    mats = [a for a in expr.args if isinstance(a, MatrixExpr)]
    # Arrays or their transposes (views): what lowering multiplies directly.
    if len(mats) != 2 or not all(type(m) is MatrixSymbol or (isinstance(m, Transpose) and type(m.arg) is MatrixSymbol)
                                 for m in mats):
        return None
    return sp.Mul(*[a for a in expr.args if not isinstance(a, MatrixExpr)]), MatMul(*mats)


def _scaled_size(coeff_free: MatMul, batched: Callable[[MatrixExpr], bool]) -> sp.Expr:
    """What lowering scales for ``c · A B`` when the ``1/B`` is not taken early: the smaller side's size."""
    b = coeff_free.args[1]
    if batched(coeff_free) and not batched(b):
        return sp.Mul(*b.shape)  # G @ (W / B)
    return sp.Mul(*coeff_free.shape)  # the result (the copy of a flipped product takes it free; counted anyway)


def prescale(plan: Plan, returned: set[str], batched: Callable[[MatrixExpr], bool]) -> Prescale | None:
    """The early-``1/B`` arrangement of ``plan``, or None when its gradients do not all allow it.

    ``returned``: the names the function returns; ``batched(m)``: whether ``m`` has a batch dimension.
    """
    fused = [(n, st) for n, st in enumerate(plan.steps) if isinstance(st.expr, FusedCall)]
    if len(fused) != 1:
        return None
    n0, st0 = fused[0]
    g = st0.targets[1]
    arguments = {a.name for a in plan.arguments}
    if g in returned or g in arguments:
        return None
    live, grads, coeffs, cost = {g}, set(), set(), sp.Integer(0)
    for n, st in enumerate(plan.steps[n0 + 1:], n0 + 1):
        if not (_names(st.expr) & live):
            continue
        target = st.targets[0] if len(st.targets) == 1 else None
        if target is None:
            return None
        if target in returned:
            found = _product(st.expr)
            if found is None or not _linear(found[1], live) or found[0] == 1:
                return None
            coeffs.add(found[0])
            grads.add(n)
            cost += _scaled_size(found[1], batched)
        elif _linear(st.expr, live):
            live.add(target)
        else:
            return None
    if len(coeffs) != 1:
        return None
    # S − Y has the logits' shape.
    return Prescale(g, coeffs.pop(), frozenset(grads), cost, sp.Mul(*st0.expr.arrays[0].shape))

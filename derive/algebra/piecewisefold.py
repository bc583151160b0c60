"""Workarounds for SymPy behaviour that would change a value derive computes.

``Sum(body, limits)`` runs ``piecewise_fold`` on its body, and ``piecewise_fold`` pulls a
Piecewise out of a *nested* sum even when the Piecewise's condition depends on that sum's
index: ``x·Σ_a where(z_a > 0, f_a, g_a)`` became ``where(z_a > 0, x·Σ_a f_a, x·Σ_a g_a)``,
leaving ``a`` free in the condition (SymPy 1.14).  A ReLU or ``where`` under two sums (a
chain rule through a piecewise layer) hit it.  Sums keep their own Piecewise here: nested
sums are masked while the body is folded, so only Piecewise at the body's own level fold.
A condition does the same when a Piecewise is built: ``1[r_j = 0]`` with r_j = Σ_k 𝟙[z_k > z_j] became
``z_j ≥ z_k`` with k free, and a true claim on ranks was refuted with k fixed to a number.
``install()`` is run on import of ``derive.algebra``, which every part of derive that builds
sums imports (as ``sumsymbols`` is).
"""
from __future__ import annotations

import sympy as sp
from sympy.concrete import expr_with_limits
from sympy.concrete.expr_with_limits import ExprWithLimits
from sympy.functions.elementary import piecewise as piecewise_module
from sympy.functions.elementary.piecewise import piecewise_fold

__all__ = ["safe_piecewise_fold", "install"]


def safe_piecewise_fold(expr, evaluate=True):
    """``piecewise_fold`` that never moves a Piecewise out of a sum (or integral) nested in ``expr``."""
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Piecewise):
        return expr
    nested = {e: sp.Dummy() for e in expr.atoms(ExprWithLimits) if e.has(sp.Piecewise)}
    if not nested:
        return piecewise_fold(expr, evaluate)
    folded = piecewise_fold(expr.xreplace(nested), evaluate)
    return folded.xreplace({d: e for e, d in nested.items()})


def install() -> None:
    """Use ``safe_piecewise_fold`` when a ``Sum`` (or integral) is built, and in SymPy's Piecewise module, where a
    case's condition that reads a Piecewise is folded (idempotent).

    Only those are affected; ``piecewise_fold`` called directly from elsewhere stays SymPy's.
    """
    expr_with_limits.piecewise_fold = safe_piecewise_fold
    piecewise_module.piecewise_fold = safe_piecewise_fold

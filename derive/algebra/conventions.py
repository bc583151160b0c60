"""The value of a step or a sign at 0 left open while the prover works.

SymPy evaluates ``Heaviside(0)`` to ½ and ``sign(0)`` to 0 as soon as an argument becomes 0: when
a ``when`` makes ``relu(x)`` 0 (x < 0), when a case split puts a kink's branch in
(``sign(relu(x))`` on x < 0), or when a delta case puts ``k = c`` into ``H(z_k − z_c)``.  Papers
take H(0) as 0, ½ or 1 and sign(0) as −1, 0 or 1 (README), so a proof that used SymPy's value
proved a convention, not the claim.  ``open_conventions`` writes each step as ``H(u, H₀)`` and each
sign as ``2·H(u, (S₀ + 1)/2) − 1`` with H₀ and S₀ unknown symbols: where u is 0 the value is the
unknown, and only a difference that cancels it (the same H(0) on both sides, or a derivative's
H(a − b) a' + (1 − H(a − b)) b' with a' = b') still closes.  Where u's zeros are a null set the
prover's case split removes the step before its value at 0 is read, so nothing true a.e. is lost.
"""
from __future__ import annotations

import sympy as sp
from sympy import Expr

__all__ = ["STEP_AT_0", "SIGN_AT_0", "close_conventions", "open_conventions"]

#: H(0) and sign(0) while proving; no file's name can be spelled with brackets, so none is shadowed
STEP_AT_0 = sp.Symbol("H(0)", real=True)
SIGN_AT_0 = sp.Symbol("sign(0)", real=True)


def open_conventions(expr: Expr) -> Expr:
    """``expr`` with each step's and sign's value at 0 an unknown symbol (a step already open stays)."""
    if not isinstance(expr, sp.Basic) or not expr.has(sp.Heaviside, sp.sign):
        return expr

    def opened(e: Expr) -> Expr:
        if isinstance(e, sp.sign):
            return 2 * sp.Heaviside(e.args[0], (SIGN_AT_0 + 1) / 2) - 1
        if len(e.args) == 1 or e.args[1] == sp.S.Half:
            return sp.Heaviside(e.args[0], STEP_AT_0)
        return e
    return expr.replace(lambda e: isinstance(e, (sp.Heaviside, sp.sign)), opened)


def close_conventions(expr: Expr) -> Expr:
    """``expr`` with SymPy's H(0) = ½ and sign(0) = 0 put back: one value of the unknowns, for evaluating it.

    A difference the zero test brings to 0 is 0 for every value of H₀ and S₀, so one that is clearly not 0
    at this value cannot close (``derive.verify.screen``, which evaluates steps of one argument only).
    """
    if not isinstance(expr, sp.Basic) or not expr.has(STEP_AT_0, SIGN_AT_0, sp.Heaviside):
        return expr
    expr = expr.xreplace({STEP_AT_0: sp.S.Half, SIGN_AT_0: sp.S.Zero})
    return expr.replace(lambda e: isinstance(e, sp.Heaviside) and len(e.args) > 1, lambda e: sp.Heaviside(e.args[0]))

"""Comparisons read by the sign they give one difference: which two can hold together, and a magnitude compared with 0.

Cases, conditions and a claim's points are comparisons of real values.  The reader (whether cases leave a value out
or meet), the verifier (which point a case names) and the printers (where each row of cases holds) ask the same two
questions of them; the answers live here, once.
"""
from __future__ import annotations

import sympy as sp
from sympy import Basic, Expr

#: each comparison as d > 0, d >= 0 or d = 0 of d = ±(lhs − rhs)
_FORMS = {sp.StrictGreaterThan: (">", 1), sp.StrictLessThan: (">", -1), sp.GreaterThan: (">=", 1),
          sp.LessThan: (">=", -1), sp.Eq: ("=", 1)}


def sign_form(r: Basic) -> tuple[str, Expr] | None:
    """``(kind, d)`` for a comparison as ``d > 0``, ``d >= 0`` or ``d = 0`` (``u < v`` is ``v - u > 0``), else None."""
    kind = _FORMS.get(type(r))
    return None if kind is None else (kind[0], sp.expand(kind[1] * (r.lhs - r.rhs)))


def signs_apart(a: Basic, b: Basic) -> bool | None:
    """Whether two comparisons of one difference d cannot both hold: True for d > 0 beside −d ≥ 0, −d > 0 or d = 0
    (and d > 0 beside d = 0), False for two that meet only at d = 0 (d ≥ 0 beside −d ≥ 0), None when they are not of
    one difference."""
    fa, fb = sign_form(a), sign_form(b)
    if fa is None or fb is None:
        return None
    if sp.expand(fa[1] + fb[1]) == 0:
        return ">" in (fa[0], fb[0])
    if fa[1] == fb[1] and {fa[0], fb[0]} == {">", "="}:
        return True
    return None


def zero_test(r: Basic) -> Basic | None:
    """``g = 0`` for ``|g| = 0`` or ``g^2 = 0``, ``g ≠ 0`` for ``|g| > 0``, ``0 < |g|``, ``|g| ≠ 0`` (or with g²); else
    None: a magnitude compared with 0 says only whether g is 0."""
    if isinstance(r, (sp.Eq, sp.Ne)):
        pairs = ((r.lhs, r.rhs), (r.rhs, r.lhs))
    elif isinstance(r, sp.StrictGreaterThan):
        pairs = ((r.lhs, r.rhs),)
    elif isinstance(r, sp.StrictLessThan):
        pairs = ((r.rhs, r.lhs),)
    else:
        return None
    for big, small in pairs:
        g = big.args[0] if isinstance(big, sp.Abs) else big.base if big.is_Pow and big.exp == 2 else None
        if g is not None and small == 0:
            return sp.Eq(g, 0, evaluate=False) if isinstance(r, sp.Eq) else sp.Ne(g, 0, evaluate=False)
    return None

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


#: how deep ``through_extrema`` opens maxima and minima nested in one another (clip(z, -1, 1) is two)
_EXTREMA_DEPTH = 3


def through_extrema(r: Basic, depth: int = _EXTREMA_DEPTH) -> Basic:
    """``r`` written as comparisons of the arguments of a maximum, minimum or absolute value one side reads, the same
    truth everywhere: ``relu(t) = t`` is ``t ≥ 0``, ``clip(z, −1, 1) = 1`` is ``z ≥ 1``, ``max(z_1, z_2) = z_1`` is
    ``z_1 ≥ z_2``, ``relu(t) > 0`` is ``t > 0``, ``|x + b| < 1`` is ``x + b < 1`` and ``-(x + b) < 1`` (but ``|g| = 0``
    stays); ``r`` itself when no side is one (with a number as its factor, after moving the rest across), or the other
    side reads one too."""
    if depth <= 0 or not isinstance(r, (sp.Eq, sp.StrictGreaterThan, sp.StrictLessThan, sp.GreaterThan, sp.LessThan)):
        return r
    d = sp.expand(r.lhs - r.rhs)
    found = [t for t in sp.Add.make_args(d) if _extremum(t) is not None]
    if len(found) != 1:
        return r
    c, m = _extremum(found[0])
    other = -(d - found[0]) / c  # m = other on the truth of r (over c > 0; the order flips for c < 0)
    if other.has(sp.Max, sp.Min, sp.Abs) or isinstance(m, sp.Abs) and other == 0:
        return r  # (|g| = 0, |g| > 0: a tie of g's own, read as zero_test reads it)
    kind = type(r) if c > 0 else r.reversed.func
    return _compared(m, kind, other, depth)


def _extremum(term: Expr) -> tuple | None:
    """``(c, M)`` for a term c·M, M a maximum or minimum (or an absolute value, max(u, −u)) and c a nonzero number,
    else None."""
    c, rest = term.as_coeff_Mul()
    return (c, rest) if isinstance(rest, (sp.Max, sp.Min, sp.Abs)) and c != 0 else None


def _compared(m: Expr, kind: type, x: Expr, depth: int) -> Basic:
    """``m kind x`` (m a maximum, minimum or absolute value, x free of them) as comparisons of m's arguments (|u|'s
    u and −u) with x and each other."""
    args, is_max = ((m.args[0], -m.args[0]), True) if isinstance(m, sp.Abs) else (m.args, isinstance(m, sp.Max))
    if kind is sp.Eq:
        # m = x: some argument is x and no other lies past it; x one of them: that one lies past none
        past = sp.GreaterThan if is_max else sp.LessThan
        named = [a for a in args if sp.expand(a - x) == 0]
        if named:
            return sp.And(*[through_extrema(past(named[0], b), depth - 1) for b in args if b is not named[0]])
        return sp.Or(*[sp.And(through_extrema(sp.Eq(a, x), depth - 1),
                              *[through_extrema(past(a, b), depth - 1) for b in args if b is not a]) for a in args])
    above = kind in (sp.StrictGreaterThan, sp.GreaterThan)
    # max > x: some argument is; max < x: every one is (min the other way round)
    each = [through_extrema(kind(a, x), depth - 1) for a in args]
    return sp.Or(*each) if above == is_max else sp.And(*each)

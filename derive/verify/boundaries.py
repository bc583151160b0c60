"""The equality cases of a claim's ``where``s, checked where they hold.

A proof by cases on the sign of each kink's argument ignores the null set where one is 0: there the
claim is not asserted.  A case written for that set, ``1 & x = \\sqrt{2}`` among ``x > \\sqrt{2}`` and
``x < \\sqrt{2}``, asserts a value on it all the same, so a proof must also hold there: on each
equality condition solved for one scalar input (x = √2, x = 1/y), the difference must vanish.  An
equality derive cannot solve (one of entries, or not polynomial of degree ≤ 2 in any input) leaves
the claim without a proof.  Equalities of integers (indices, labels) are the δ's, not null sets.
"""
from __future__ import annotations

import sympy as sp
from sympy import Expr

#: highest degree in the solved input: closed-form roots, quickly
MAX_DEGREE = 2


def equality_cases(difference: Expr) -> list[sp.Eq]:
    """The equality conditions of the ``where``s (Piecewise) in ``difference`` between real values."""
    found = []
    for pw in difference.atoms(sp.Piecewise):
        for pair in pw.args:
            for rel in [pair.cond] if isinstance(pair.cond, sp.Eq) else pair.cond.atoms(sp.Eq):
                if not (rel.lhs.is_integer and rel.rhs.is_integer) and rel not in found:
                    found.append(rel)
    return found


def hold_on_equalities(difference: Expr, zero) -> bool:
    """True when ``difference`` is 0 (``zero(e)``) wherever one of its equality cases holds, or it has none."""
    for eq in equality_cases(difference):
        gap = sp.expand(eq.lhs - eq.rhs)
        if gap.atoms(sp.Indexed):
            return False
        for v in sorted(gap.free_symbols, key=str):
            try:
                poly = sp.Poly(gap, v)
            except sp.PolynomialError:
                continue
            if not 1 <= poly.degree() <= MAX_DEGREE or poly.LC().free_symbols and not poly.LC().is_nonzero:
                continue  # not solvable for v here: another input may be
            roots = [r for r in sp.solve(gap, v) if r.is_real is not False]
            if not all(zero(difference.xreplace({v: r})) for r in roots):
                return False
            break
        else:
            return False  # no input it could be solved for: nothing shows the claim holds there
    return True

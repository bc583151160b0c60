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

from ..language.builtins import where_chain

#: highest degree in the solved input: closed-form roots, quickly
MAX_DEGREE = 2


def equality_cases(difference: Expr) -> list[sp.Eq]:
    """The equality conditions between real values of the ``where``s (Piecewise) in ``difference`` that stand
    beside a comparison of the same two sides (x = √2 among x > √2 and x < √2): a value asserted on the
    boundary of a case split.  An equality alone (𝟙[z_j = max_r z_r], the argmax's indicator) is a tie,
    which a claim with a maximum does not assert (``LargestAt``)."""
    found = []
    for pw in difference.atoms(sp.Piecewise):
        conds = [pair.cond for pair in where_chain(pw)]
        splits = {_gap(r) for c in conds for r in _relations(c) if isinstance(r, (sp.Lt, sp.Le, sp.Gt, sp.Ge))}
        for c in conds:
            for rel in _relations(c):
                if isinstance(rel, sp.Eq) and not (rel.lhs.is_integer and rel.rhs.is_integer) and rel not in found \
                        and (_gap(rel) in splits or -_gap(rel) in splits):
                    found.append(rel)
    return found


def _relations(cond) -> list:
    return [cond] if isinstance(cond, sp.core.relational.Relational) else list(cond.atoms(sp.core.relational.Relational))


def _gap(rel) -> Expr:
    return sp.expand(rel.lhs - rel.rhs)


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

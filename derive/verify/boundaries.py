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

from ..algebra.bigops import MaxOver
from ..language.builtins import where_chain
from ..language.kinks import has_kinks

#: highest degree in the solved input: closed-form roots, quickly
MAX_DEGREE = 2


def equality_cases(difference: Expr) -> list[sp.Eq]:
    """The equality conditions between real values of the ``where``s (Piecewise) in ``difference``: a value
    asserted where ``x = \\sqrt{2}`` (or where ``x \\ne \\sqrt{2}`` fails).  One whose sides hold a kink or a maximum is asserted
    only beside a comparison of the same two sides: ``𝟙[x_i = \\max(x_1, x_2)]`` holds on a whole region, where
    it is the maximum's own case, and a tie of a maximum is not asserted (``LargestAt``)."""
    found = []
    for pw in difference.atoms(sp.Piecewise):
        conds = [pair.cond for pair in where_chain(pw)]
        splits = {_gap(r) for c in conds for r in _relations(c) if isinstance(r, (sp.Lt, sp.Le, sp.Gt, sp.Ge))}
        for c in conds:
            for rel in _relations(c):
                if not isinstance(rel, (sp.Eq, sp.Ne)) or rel.lhs.is_integer and rel.rhs.is_integer:
                    continue
                eq = sp.Eq(rel.lhs, rel.rhs, evaluate=False)
                if eq not in found and (not (has_kinks(eq) or eq.has(MaxOver)) or _gap(eq) in splits or -_gap(eq) in splits):
                    found.append(eq)
        found.extend(eq for eq in _points(pw) if eq not in found)
    return found


def _points(pw: sp.Piecewise) -> list[sp.Eq]:
    """``x = p`` for each point p that a case of ``pw`` alone reaches, its conditions on one scalar x of degree
    ≤ 2: ``\\text{otherwise}`` after x > 1 and x < 1, a middle case 1 \\le x \\le 1."""
    pairs = where_chain(pw)
    names = set().union(*(pair.cond.free_symbols for pair in pairs))
    if len(names) != 1:
        return []
    (x,) = names
    relations = [r for pair in pairs for r in _relations(pair.cond)]
    try:
        if not isinstance(x, sp.Symbol) or x.is_integer or any(has_kinks(pair.cond) for pair in pairs) \
                or not all(isinstance(r, (sp.Eq, sp.Ne, sp.Lt, sp.Le, sp.Gt, sp.Ge))
                           and sp.Poly(_gap(r), x).degree() <= MAX_DEGREE for r in relations):
            return []
        found, above = [], sp.S.EmptySet
        for pair in pairs:
            if pair.cond is sp.true and isinstance(pair.expr, sp.Piecewise):
                continue  # the nested cases that follow are its own
            here = pair.cond.as_set().intersect(sp.S.Reals) if pair.cond is not sp.true else sp.S.Reals
            reached = sp.Complement(here, above)
            if isinstance(reached, sp.FiniteSet):
                found += [sp.Eq(x, p, evaluate=False) for p in reached if p.is_real]
            above = sp.Union(above, here)
    except (sp.PolynomialError, NotImplementedError, TypeError, ValueError):
        return []
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

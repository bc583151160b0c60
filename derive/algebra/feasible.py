"""Whether strict linear conditions can all hold: Fourier–Motzkin elimination over exact rationals.

A proof by cases on the sides of kinks (``derive.language.kinks``) meets sign combinations
that no point has: a > b, b > c and c > a at once.  On such a case the branches disagree and
the difference need not vanish, though no point of it exists.  ``can_all_hold`` says which
combinations are empty, for conditions linear in the values (entries, scalars) with rational
coefficients; anything else counts as possibly holding, so a case is only ever dropped when it
is empty for every value of every entry (entries with different indices taken as independent,
which can only add points).
"""
from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import sympy as sp
from sympy import Expr

#: rows allowed while eliminating (the count can square per variable); beyond it, "may hold"
MAX_ROWS = 256

Row = tuple[dict, Fraction]  # Σ coeff·var + const > 0


def linear(u: Expr) -> Row | None:
    """``u`` as (coefficients by variable, constant) when it is linear with rational coefficients, else None."""
    coeffs: dict = {}
    const = Fraction(0)
    for term in sp.Add.make_args(sp.expand(u)):
        c, rest = term.as_coeff_Mul()
        if not c.is_Rational:
            return None
        if rest == 1:
            const += Fraction(int(c.p), int(c.q))
        elif isinstance(rest, (sp.Symbol, sp.Indexed)):
            coeffs[rest] = coeffs.get(rest, Fraction(0)) + Fraction(int(c.p), int(c.q))
        else:
            return None
    return {v: c for v, c in coeffs.items() if c}, const


def can_all_hold(rows: Iterable[Row]) -> bool:
    """False only when the strict inequalities ``Σ c·v + k > 0`` have no common real solution.

    A variable SymPy knows positive (or negative) brings its own sign as a row.
    """
    rows = list(rows)
    variables = {v for coeffs, _ in rows for v in coeffs}
    for v in variables:
        if v.is_positive:
            rows.append(({v: Fraction(1)}, Fraction(0)))
        elif v.is_negative:
            rows.append(({v: Fraction(-1)}, Fraction(0)))
    for v in sorted(variables, key=sp.default_sort_key):
        above = [r for r in rows if r[0].get(v, 0) > 0]
        below = [r for r in rows if r[0].get(v, 0) < 0]
        rest = [r for r in rows if v not in r[0]]
        if len(rest) + len(above) * len(below) > MAX_ROWS:
            return True
        for a, ka in above:
            for b, kb in below:
                wa, wb = 1 / a[v], -1 / b[v]  # positive weights: the sum of two strict rows is strict
                coeffs = {w: wa * a.get(w, 0) + wb * b.get(w, 0) for w in set(a) | set(b) if w != v}
                rest.append(({w: c for w, c in coeffs.items() if c}, wa * ka + wb * kb))
        rows = rest
    return all(k > 0 for coeffs, k in rows if not coeffs)

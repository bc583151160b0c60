"""Symbolic proof of a claim: bring ``lhs − rhs`` to exactly 0 by value-preserving rewrites.

The difference is tried at each level of expansion (as written, then defined quantities
expanded one level at a time down to the inputs).  At each level: Kronecker deltas are
contracted (``derive.indexcalc.contract``), each given ``Σ … = c`` replaces its sum
(``indexcalc.replace_sum``), deltas between free indices are split into the cases
``i = j`` and ``i ≠ j``, sums are put in a canonical form and treated as opaque symbols,
and the rational function that remains is cancelled.  Every rewrite preserves the value
for inputs satisfying the givens, so reaching 0 is a proof; failing to is not a disproof.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy import Expr, Indexed, KroneckerDelta, Sum, Symbol

from .. import indexcalc as ic
from .fileformat import Given
from .semantics import Semantics


@dataclass
class Proof:
    """How the difference was closed."""

    method: str
    givens_used: list[str]


def _canonical_sums(expr: Expr) -> Expr:
    """Sums equal up to dummy names become identical: each dummy is named after its nesting height."""
    def walk(e: Expr) -> tuple[Expr, int]:
        if not isinstance(e, sp.Basic) or e.is_Atom or isinstance(e, Indexed):
            return e, 0
        if isinstance(e, Sum):
            body, h = walk(e.function)
            limits = []
            for d, lo, hi in e.limits:
                h += 1
                new = Symbol(f"_s{h}", integer=True)
                body = body.xreplace({d: new})
                limits.append((new, lo, hi))
            return Sum(sp.expand(body), *limits), h
        parts = [walk(a) for a in e.args]
        return e.func(*[p[0] for p in parts]), max((p[1] for p in parts), default=0)
    return walk(expr)[0]


def _is_zero(expr: Expr) -> bool:
    """True when ``expr`` cancels to exactly 0 with every sum treated as an opaque symbol."""
    expr = _canonical_sums(sp.expand(expr))
    sums = sorted(_outer_sums(expr), key=sp.default_sort_key)
    opaque = {s: sp.Dummy("S") for s in sums}
    e = expr.xreplace(opaque)
    if sp.expand(e) == 0:
        return True
    try:
        return sp.cancel(sp.together(e)) == 0 or sp.simplify(e) == 0
    except (sp.PolynomialError, ValueError, TypeError):
        return False


def _outer_sums(expr: Expr) -> set:
    out = set()

    def walk(e):
        if isinstance(e, Sum):
            out.add(e)
            return
        for a in getattr(e, "args", ()):
            walk(a)
    walk(expr)
    return out


def _case_split(expr: Expr, ranges: dict, depth: int = 0):
    """Yield the expression in each case of every delta between two free indices (or index and constant)."""
    deltas = [dl for dl in expr.atoms(KroneckerDelta)
              if all(a.is_Integer or a in ranges for a in dl.args[:2])]
    if not deltas or depth > 6:
        yield expr
        return
    dl = sorted(deltas, key=sp.default_sort_key)[0]
    a, b = dl.args[:2]
    if a.is_Integer:
        a, b = b, a
    same = ic.contract(expr.xreplace({a: b}), {k: v for k, v in ranges.items() if k != a})
    yield from _case_split(same, {k: v for k, v in ranges.items() if k != a}, depth + 1)
    yield from _case_split(expr.xreplace({dl: sp.Integer(0)}), ranges, depth + 1)


def _apply_givens(expr: Expr, givens: list[tuple[Expr, Expr, str]], used: list[str]) -> Expr:
    for pattern, value, text in givens:
        if isinstance(pattern, Sum) and ic.contains_sum(expr, pattern):
            expr = ic.replace_sum(expr, pattern, value)
            used.append(text)
        elif not isinstance(pattern, Sum) and pattern.is_Atom is False and expr.has(pattern):
            expr = expr.xreplace({pattern: value})
            used.append(text)
    return expr


def _closes(diff: Expr, rng: dict, given_forms: list, used: list[str]) -> bool:
    """True when the difference reaches 0 in every delta case after contraction and the givens."""
    work = ic.contract(sp.expand(diff), rng)
    work = _apply_givens(work, given_forms, used)
    return all(_is_zero(_apply_givens(case, given_forms, used)) for case in _case_split(work, rng))


def prove(sem: Semantics, lhs: Expr, rhs: Expr, ranges: dict, givens: tuple[Given, ...]) -> Proof | None:
    """A proof that ``lhs = rhs`` (diffs already resolved) for all sizes and indices, or None."""
    rng = {i: (sp.Integer(1), d) for i, d in ranges.items()}
    diff_levels = sem.levels(lhs - rhs)
    for level, diff in enumerate(diff_levels):
        given_forms = []
        for g in givens:
            forms = sem.levels(g.lhs)
            given_forms.append((ic.contract(forms[min(level, len(forms) - 1)], {}), g.rhs, g.text))
        used: list[str] = []
        try:
            closed = _closes(diff, rng, given_forms, used)
        except RecursionError:
            # indexcalc.contract recurses on multi-limit sums SymPy re-merges; no proof this way.
            closed = False
        if closed:
            where = "as written" if level == 0 else (
                "in the inputs" if level == len(diff_levels) - 1 else f"with definitions expanded {level} level(s)")
            method = (f"symbolic: difference of the sides {where}, Kronecker deltas contracted, "
                      f"cases i = j / i ≠ j split, simplified to 0")
            return Proof(method, list(dict.fromkeys(used)))
    return None

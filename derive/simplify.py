"""Choosing the textbook-shaped form of an index expression.

``nice`` merges sums over the same range, factors sum bodies and the whole, and keeps
whichever of the factored and expanded forms is shorter, with signs moved into a factor
(``σ(1 − σ)`` rather than ``−σ(σ − 1)``).  It never changes the value.
"""
from __future__ import annotations

import sympy as sp
from sympy import Add, Expr, Indexed, Mul, Sum

from . import indexcalc as ic


def merge_sums(expr: Expr) -> Expr:
    """Combine ``c1 Σ_i f + c2 Σ_i g`` into ``Σ_i (c1 f + c2 g)`` when the ranges agree."""
    if not isinstance(expr, Expr) or expr.is_Atom or isinstance(expr, Indexed):
        return expr
    expr = expr.func(*[merge_sums(a) for a in expr.args])
    if not isinstance(expr, Add):
        return expr
    groups: dict[tuple, list[Expr]] = {}
    # A fresh summation index per range and per call: one shared across calls (or nesting
    # levels) would let an outer sum capture an inner sum's index and change the value.
    fresh: dict[tuple, sp.Dummy] = {}
    others: list[Expr] = []
    for term in expr.args:
        sums = [f for f in Mul.make_args(term) if isinstance(f, Sum) and len(f.limits) == 1]
        if len(sums) != 1:
            others.append(term)
            continue
        s = sums[0]
        (dmy, lo, hi), = s.limits
        coeff = Mul(*[f for f in Mul.make_args(term) if f is not s])
        key = (lo, hi)
        new = fresh.setdefault(key, sp.Dummy("m", integer=True))
        groups.setdefault(key, []).append(coeff * s.function.xreplace({dmy: new}))
    out = list(others)
    for key, bodies in groups.items():
        out.append(_pull_out(Sum(Add(*bodies), (fresh[key], *key))))
    return Add(*out)


def _pull_out(s: Sum) -> Expr:
    """Factor a sum's body and move factors that do not depend on its index outside."""
    (dmy, lo, hi), = s.limits
    body = _signs(sp.factor(s.function))
    inside = [f for f in Mul.make_args(body) if f.has(dmy)]
    outside = [f for f in Mul.make_args(body) if not f.has(dmy)]
    return Mul(*outside) * Sum(Mul(*inside), (dmy, lo, hi))


def _signs(expr: Expr) -> Expr:
    """Write additive factors with a positive constant term: ``−σ(σ − 1)`` → ``σ(1 − σ)``."""
    if not isinstance(expr, Mul):
        return expr
    coeff, factors = expr.as_coeff_mul()
    new = []
    for f in factors:
        const = f.as_coeff_Add()[0] if isinstance(f, Add) else 0
        if isinstance(f, Add) and (const < 0 or (const == 0 and all(t.could_extract_minus_sign() for t in f.args))):
            new.append(Add(*[-t for t in f.args]))
            coeff = -coeff
        else:
            new.append(f)
    if coeff.is_negative:
        for n, f in enumerate(new):
            if isinstance(f, Add) and f.as_coeff_Add()[0] == 0:
                new[n] = Add(*[-t for t in f.args])
                coeff = -coeff
                break
    return Mul(coeff, *new)


def _factor(expr: Expr) -> Expr:
    """Factor, treating each sum as an opaque symbol."""
    sums = list(expr.atoms(Sum))
    if not sums:
        return _signs(sp.factor(expr))
    stand = {s: sp.Dummy("S") for s in sums}
    back = {v: k for k, v in stand.items()}
    return _signs(sp.factor(expr.xreplace(stand))).xreplace(back)


def nice(expr: Expr) -> Expr:
    """The shorter of the factored and expanded forms, sums merged, dummies renamed."""
    if not isinstance(expr, Expr):
        return expr
    merged = merge_sums(sp.expand_mul(expr))
    candidates = [merge_sums(_factor(merged)), _signs(sp.expand_mul(merged)) if not merged.has(Sum) else merged]
    if isinstance(merged, Add) and len(merged.args) <= 8:
        # Collecting around one entry finds (s_j − y_j) x_k + 2λ W_jk, which neither factoring nor expanding does.
        for atom in sorted(merged.atoms(Indexed), key=sp.default_sort_key):
            collected = sp.collect(merged, atom)
            candidates.append(Add(*[_signs(_factor(t)) for t in Add.make_args(collected)]))
    best = min(candidates, key=lambda e: (sp.count_ops(e), len(str(e))))
    return ic.rename_dummies(best, avoid=ic.free_indices(best))

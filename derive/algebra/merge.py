"""Merging sums over one range: ``c1 Σ_i f + c2 Σ_i g`` as one sum, for the textbook form and the zero test.

``merge_sums`` rewrites an expression into an equal one with fewer sums (what a reader sees);
``summands_by_ranges`` takes a difference apart into the summands of each set of ranges, which
the zero test then proves 0 one group at a time (finite sums may be reordered and combined).
"""
from __future__ import annotations

import itertools

import sympy as sp
from sympy import Add, Expr, Indexed, Mul, Sum

from . import opaque
from .signs import positive_factors


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
    """Factor a sum's body and move factors that do not depend on its index outside.

    A body whose common denominator would multiply out to more than ``MAX_COMMON_DENOMINATOR_TERMS``
    terms is left as it stands (factoring it is what would take the time).
    """
    (dmy, lo, hi), = s.limits
    body = s.function
    if common_denominator_terms(body) <= MAX_COMMON_DENOMINATOR_TERMS:
        body = positive_factors(sp.factor(body))
    inside = [f for f in Mul.make_args(body) if f.has(dmy)]
    outside = [f for f in Mul.make_args(body) if not f.has(dmy)]
    return Mul(*outside) * Sum(Mul(*inside), (dmy, lo, hi))


#: Most terms the common denominator of an expression may multiply out to for it to be factored (merged sums'
#: bodies here, the textbook form in ``textbook.factored``).  ``sympy.factor`` puts the terms over that
#: denominator and multiplies the numerator out: CosFace's ∂L/∂c_j, whose normaliser Σ_k e^{s c_k} stands in
#: eight denominators D² (D of three terms) as eight differently named sums, counts 3^13 and did not finish
#: in minutes.  The corpora's largest is 81.  Bounded by size, so the form is the same on any machine.
MAX_COMMON_DENOMINATOR_TERMS = 1000


def common_denominator_terms(expr: Expr) -> int:
    """How many terms the product of the distinct sums (``Add``) dividing ``expr`` has once multiplied out.

    Each such base counts once, at its highest power: 4 for (1 + e^u)^-2 in every term, 12 with a
    1/(1 + u + v) beside it.
    """
    powers: dict[Expr, int] = {}
    for p in expr.atoms(sp.Pow):
        if p.exp.is_Integer and p.exp < 0 and isinstance(p.base, Add):
            powers[p.base] = max(powers.get(p.base, 0), int(-p.exp))
    count = 1
    for base, k in powers.items():
        count *= len(base.args) ** k
    return count


def _flatten(term: Expr) -> tuple[Expr, list]:
    """``term`` as ``body`` and limits: sum factors of a product (and of a sum's body) pulled together.

    ``c · Σ_a (d(a) · Σ_b g(a, b))`` becomes ``Σ_{a,b} c d(a) g(a, b)``; each pulled index is
    renamed to a fresh dummy first, so two sums over the same name cannot collide.  Finite
    sums may be reordered, so the limits are then kept as an unordered collection.
    """
    body, limits = term, []
    while True:
        factors = Mul.make_args(body)
        sums = [f for f in factors if isinstance(f, Sum)]
        if not sums:
            return body, limits
        rest = [f for f in factors if not isinstance(f, Sum)]
        inner = []
        pulled = {d for d, _, _ in limits} | {d for s in sums for d, _, _ in s.limits}
        if any((lo.free_symbols | hi.free_symbols) & pulled for s in sums for _, lo, hi in s.limits):
            return term, []  # limits depending on another index: reordering would not be valid
        for s in sums:
            fn = s.function
            for d, lo, hi in s.limits:
                new = sp.Dummy(str(d), integer=True)
                fn = fn.xreplace({d: new})
                limits.append((new, lo, hi))
            inner.append(fn)
        # Expanded, not cancelled: the gcd over a polynomial ring in every exponential took half the time of
        # a three-sigmoid-layer claim, and the zero test of the merged summands (``zero.cancels``) takes
        # their common denominator and cancels there anyway.
        body = opaque.expand(Mul(*rest, *inner))
        if isinstance(body, Add):
            return body, limits


#: Orders tried per summand when its indices over one range are matched up (``summands_by_ranges``).
MAX_ORDERS = 24


def summands_by_ranges(expr: Expr, matched: bool = False) -> tuple[Expr, dict]:
    """Split ``expr`` into terms without a sum factor and, per set of ranges, the summands of the others.

    Each term ``c · Σ … body`` is flattened; its summation indices are renamed to one symbol per
    range (and occurrence), so summands over the same ranges can be added.  Indices over one
    range are named in the order they were pulled out; ``matched`` names them instead in the
    order that brings each summand to one form of all its orders and both its signs, so
    Σ_i Σ_j f(i, j) and −Σ_j Σ_i f(i, j) cancel (finite sums reordered, then renamed).
    """
    rest, groups, names = [], {}, {}
    # Cancel first: a sum that also divides the term (a normaliser) must not be pulled out.
    terms = [t for term in Add.make_args(expr) for t in Add.make_args(opaque.cancel(term))]
    for term in terms:
        body, limits = _flatten(term)
        if not limits:
            rest.append(term)
            continue
        limits.sort(key=lambda lim: sp.default_sort_key((lim[1], lim[2])))
        key = tuple((lo, hi) for _, lo, hi in limits)
        if key not in names:
            names[key] = [sp.Dummy(f"m{n}", integer=True) for n in range(len(key))]
        summand = body.xreplace({d: m for (d, _, _), m in zip(limits, names[key])})
        groups.setdefault(key, []).append(_matched(summand, key, names[key]) if matched else summand)
    return Add(*rest), groups


def _matched(body: Expr, key: tuple, names: list) -> Expr:
    """``body`` with its indices over one range permuted to the order whose form (or its negation) is least.

    Renaming the indices of one range among themselves preserves the sum's value (the limits do
    not depend on each other: ``_flatten`` checked it), so any order is as good as another.
    """
    runs = [[m for m, k in zip(names, key) if k == r] for r in dict.fromkeys(key)]
    runs = [run for run in runs if len(run) > 1]
    orders = list(itertools.islice(itertools.product(*(itertools.permutations(run) for run in runs)), MAX_ORDERS))
    if len(orders) < 2:
        return body
    best = None
    for order in orders:
        form = body.xreplace({old: new for run, perm in zip(runs, order) for old, new in zip(run, perm)})
        # Ranked by the lesser of its two signs, so f(i, j) and −f(j, i) are brought to one order.
        rank = min(sp.default_sort_key(form), sp.default_sort_key(-form))
        if best is None or rank < best[0]:
            best = (rank, form)
    return best[1]

"""The textbook form of an index expression, as the engine's steps show it.

``contracted`` contracts Kronecker deltas and gives summation indices textbook names;
``textbook`` merges sums over the same range, factors sum bodies and the whole, and keeps
whichever of the factored, expanded and collected forms is shortest, with signs moved into a
factor (``σ(1 − σ)`` rather than ``−σ(σ − 1)``).  Neither changes the value.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import sympy as sp
from sympy import Add, Expr, Indexed, Sum, Symbol

from .. import indexcalc as ic
from . import opaque
from .memo import remembered
from .merge import MAX_COMMON_DENOMINATOR_TERMS, common_denominator_terms, merge_sums
from .names import free_indices, textbook_names
from .signs import positive_factors


def contracted(expr: Expr, ranges: Mapping[Symbol, tuple[Expr, Expr]], avoid: Iterable[Symbol] = ()) -> Expr:
    """Contract deltas, expand products, and give summation indices textbook names."""
    e = ic.contract(expr, ranges)
    e = sp.expand_mul(e)
    e = ic.contract(e, ranges)
    return textbook_names(e, avoid=set(avoid) | free_indices(e))


def factored(expr: Expr) -> Expr:
    """Factored with each sum held opaque, signs moved into a factor (as it stands when factoring would not pay:
    its common denominator multiplies out to more than ``MAX_COMMON_DENOMINATOR_TERMS`` terms)."""
    held, back = opaque.hold_sums(expr, opaque.plain_stand_in, ordered=True)
    if common_denominator_terms(held) > MAX_COMMON_DENOMINATOR_TERMS:
        return expr
    return positive_factors(sp.factor(held)).xreplace(back)


@remembered()
def textbook(expr: Expr) -> Expr:
    """The shortest of the factored, expanded and collected forms, sums merged, indices renamed."""
    if not isinstance(expr, Expr):
        return expr
    merged = merge_sums(sp.expand_mul(expr))
    candidates = [merge_sums(factored(merged)),
                  positive_factors(sp.expand_mul(merged)) if not merged.has(Sum) else merged]
    if isinstance(merged, Add) and len(merged.args) <= 8:
        # Collecting around one entry finds (s_j − y_j) x_k + 2λ W_jk, which neither factoring nor expanding does.
        # Around an entry in one term only, collecting changes nothing: each form and term is tidied once.
        seen: set = set()
        tidied: dict = {}

        def tidy(term: Expr) -> Expr:
            if term not in tidied:
                tidied[term] = positive_factors(factored(term))
            return tidied[term]
        for atom in sorted(merged.atoms(Indexed), key=sp.default_sort_key):
            collected = sp.collect(merged, atom)
            if collected not in seen:
                seen.add(collected)
                candidates.append(Add(*[tidy(t) for t in Add.make_args(collected)]))
    best = _shortest(candidates)
    best = _exps_joined(_squares_joined(best))
    named = textbook_names(best, avoid=free_indices(best))
    # Signs in every product, a sum's body and a denominator too, once the indices have their names: factoring
    # puts a sign in the numerator or the denominator as the order of the terms (dummies met earlier or later
    # in the process) has it, and the text of a counterexample must not vary from one run to the next.
    return named.replace(lambda e: isinstance(e, sp.Mul), positive_factors)


def _squares_joined(expr: Expr) -> Expr:
    """``(x − y)(x + y)`` written ``x² − y²``, as textbooks write tanh' = 1 − h² (factoring splits it).

    Always shorter (one power for a sum and a product), and the same value; only where x and y carry no
    number other than ±1, so squaring makes no larger numbers.
    """
    def join(e: sp.Mul) -> Expr:
        pairs = [f for f in e.args if isinstance(f, Add) and len(f.args) == 2]
        for n, p in enumerate(pairs):
            for q in pairs[n + 1:]:
                x, y = (p + q) / 2, (q - p) / 2
                if x.is_Add or y.is_Add or x == 0 or y == 0 or \
                        any(abs(t.as_coeff_Mul()[0]) != 1 for t in (x, y)):  # 17159² − (10000 f)² reads worse
                    continue
                rest = list(e.args)
                rest.remove(p)
                rest.remove(q)
                joined = sp.Mul(*rest, x**2 - y**2)
                return join(joined) if joined.is_Mul else joined
        return e
    return expr.replace(lambda e: e.is_Mul, join) if expr.has(Add) else expr


def _exps_joined(expr: Expr) -> Expr:
    """``e^{-σ s_i}·e^{σ s_j}`` written ``e^{-σ(s_i − s_j)}``, one exponential of the factored exponent.

    Expanding splits an exponential of a sum into a product; textbooks keep the difference whole.
    Only products of two or more exponentials change, and e^a·e^b = e^{a+b} keeps the value.
    """
    def join(e: sp.Mul) -> Expr:
        exps = [f for f in e.args if isinstance(f, sp.exp)]
        if len(exps) < 2:
            return e
        rest = [f for f in e.args if not isinstance(f, sp.exp)]
        return sp.Mul(*rest, sp.exp(sp.factor_terms(sp.Add(*[f.args[0] for f in exps]))))
    return expr.replace(lambda e: e.is_Mul, join) if expr.has(sp.exp) else expr


def _shortest(candidates: list[Expr]) -> Expr:
    """The first candidate with the fewest operations and, among those, the shortest text."""
    ops = [sp.count_ops(e) for e in candidates]
    tied = [e for e, n in zip(candidates, ops) if n == min(ops)]
    return tied[0] if len(tied) == 1 else min(tied, key=lambda e: len(str(e)))

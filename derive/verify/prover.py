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
from ..language import almost_everywhere, holds_by_cases
from .fileformat import Given
from .semantics import Semantics


@dataclass
class Proof:
    """How the difference was closed."""

    method: str
    givens_used: list[str]


def _expand(expr: Expr) -> Expr:
    """``sympy.expand`` with sums held opaque: ``exp`` of a sum would otherwise become a ``Product``."""
    sums = _outer_sums(expr)
    if not sums:
        return sp.expand(expr)
    mask = {s: sp.Dummy("S") for s in sums}
    back = {v: k for k, v in mask.items()}
    return sp.expand(expr.xreplace(mask)).xreplace(back)


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
            return Sum(_expand(body), *limits), h
        parts = [walk(a) for a in e.args]
        return e.func(*[p[0] for p in parts]), max((p[1] for p in parts), default=0)
    return walk(expr)[0]


def _is_zero(expr: Expr, depth: int = 0, heavy: bool = False, steps: set | None = None) -> bool:
    """True when ``expr`` is 0: cancelled with every sum opaque, or after merging sums over one range.

    The rewrites that were needed beyond cancelling are added to ``steps`` (for the method text).
    """
    steps = set() if steps is None else steps
    expr = _canonical_sums(_expand(expr))
    if _opaque_zero(expr):
        return True
    if depth < MAX_MERGE_DEPTH:
        rest, groups = _merge_sums(expr)
        # Σ_a f(a) + Σ_a g(a) + r = 0 follows from f + g = 0 for every a and r = 0 (a sufficient condition).
        inner: set = set()
        if groups and _opaque_zero(rest, heavy) and \
                all(_is_zero(sp.Add(*bodies), depth + 1, heavy, inner) for bodies in groups.values()):
            steps |= inner | {MERGED} | ({SIMPLIFIED} if heavy else set())
            return True
    if heavy and _opaque_zero(expr, heavy=True):
        steps.add(SIMPLIFIED)
        return True
    return False


SPLIT = "cases i = j / i ≠ j split"
MERGED = "sums over the same ranges merged (finite sums reordered)"
SIMPLIFIED = "sympy.simplify, also with exp-rewriting"


MAX_MERGE_DEPTH = 4


def _opaque_zero(expr: Expr, heavy: bool = False) -> bool:
    """True when ``expr`` cancels to exactly 0 with every sum treated as an opaque symbol.

    ``heavy`` adds ``sympy.simplify`` (slow), tried only when the cheaper rewrites failed.
    """
    expr = _canonical_sums(expr)
    sums = sorted(_outer_sums(expr), key=sp.default_sort_key)
    opaque = {s: sp.Dummy("S", real=True) for s in sums}
    e = sp.expand(expr.xreplace(opaque))
    if e == 0:
        return True
    try:
        if sp.cancel(sp.together(e)) == 0:
            return True
        if not heavy:
            return False
        # Back-substituted forms (σ(1 − σ), 1 − tanh²) close once everything is written with exp.
        return sp.simplify(e) == 0 or sp.simplify(e.rewrite(sp.exp)) == 0
    except (sp.PolynomialError, ValueError, TypeError):
        return False


def _flatten(term: Expr) -> tuple[Expr, list]:
    """``term`` as ``body`` and limits: sum factors of a product (and of a sum's body) pulled together.

    ``c · Σ_a (d(a) · Σ_b g(a, b))`` becomes ``Σ_{a,b} c d(a) g(a, b)``; each pulled index is
    renamed to a fresh dummy first, so two sums over the same name cannot collide.  Finite
    sums may be reordered, so the limits are then kept as an unordered collection.
    """
    body, limits = term, []
    while True:
        factors = sp.Mul.make_args(body)
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
        body = _cancel_opaque(sp.Mul(*rest, *inner))
        if isinstance(body, sp.Add):
            return body, limits


def _cancel_opaque(term: Expr) -> Expr:
    """``term`` with common factors cancelled, every sum held as an opaque symbol."""
    sums = _outer_sums(term)
    if not sums:
        return term
    mask = {s: sp.Dummy("S") for s in sums}
    try:
        done = sp.cancel(term.xreplace(mask))
    except (sp.PolynomialError, ValueError, TypeError):
        return term
    return _expand(done.xreplace({v: k for k, v in mask.items()}))


def _merge_sums(expr: Expr) -> tuple[Expr, dict]:
    """Split ``expr`` into terms without a sum factor and, per set of ranges, the summands of the others.

    Each term ``c · Σ … body`` is flattened (``_flatten``); its summation indices are renamed
    to one symbol per range (and occurrence), so summands over the same ranges can be added.
    """
    rest, groups, names = [], {}, {}
    # Cancel first: a sum that also divides the term (a normaliser) must not be pulled out.
    terms = [t for term in sp.Add.make_args(expr) for t in sp.Add.make_args(_cancel_opaque(term))]
    for term in terms:
        body, limits = _flatten(term)
        if not limits:
            rest.append(term)
            continue
        limits.sort(key=lambda lim: sp.default_sort_key((lim[1], lim[2])))
        key = tuple((lo, hi) for _, lo, hi in limits)
        if key not in names:
            names[key] = [sp.Dummy(f"m{n}", integer=True) for n in range(len(key))]
        groups.setdefault(key, []).append(body.xreplace({d: m for (d, _, _), m in zip(limits, names[key])}))
    return sp.Add(*rest), groups


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
            new = expr.xreplace({pattern: value})
            if new != expr:  # has() also sees x1 + x2 inside x1 + x2 + c, which xreplace does not replace
                expr = new
                used.append(text)
    return expr


def _closes(diff: Expr, rng: dict, given_forms: list, used: list[str], heavy: bool = False,
            steps: set | None = None) -> bool:
    """True when the difference reaches 0 in every delta case after contraction and the givens."""
    steps = set() if steps is None else steps
    work = ic.contract(_expand(diff), rng)
    work = _apply_givens(work, given_forms, used)
    cases = list(_case_split(work, rng))
    if len(cases) > 1:
        steps.add(SPLIT)
    for case in cases:
        case = _apply_givens(case, given_forms, used)
        # Expanding can expose a given's sum (e^{-z} e^{z} y_i inside Σ_i becomes y_i): apply again.
        case = _apply_givens(_canonical_sums(_expand(case)), given_forms, used)
        if not _is_zero(case, heavy=heavy, steps=steps) and \
                not holds_by_cases(case, lambda c: _is_zero(c, heavy=heavy, steps=steps), lambda e: ic.contract(e, rng)):
            return False
    return True


def prove(sem: Semantics, lhs: Expr, rhs: Expr, ranges: dict, givens: tuple[Given, ...]) -> Proof | None:
    """A proof that ``lhs = rhs`` (diffs already resolved) for all sizes and indices, or None."""
    rng = {i: (sp.Integer(1), d) for i, d in ranges.items()}
    diff_levels = sem.levels(lhs - rhs)
    # Every level with the cheap rewrites first; sympy.simplify only in a second pass.
    for heavy, (level, diff) in [(h, ld) for h in (False, True) for ld in enumerate(diff_levels)]:
        given_forms = []
        for g in givens:
            forms = sem.levels(g.lhs)
            given_forms.append((ic.contract(forms[min(level, len(forms) - 1)], {}), g.rhs, g.text))
        used: list[str] = []
        steps: set = set()
        if _closes(diff, rng, given_forms, used, heavy, steps):
            where = "as written" if level == 0 else (
                "in the inputs" if level == len(diff_levels) - 1 else f"with definitions expanded {level} level(s)")
            done = ", ".join(s for s in (SPLIT, MERGED, SIMPLIFIED) if s in steps)
            method = (f"symbolic: difference of the sides {where}, Kronecker deltas contracted, "
                      f"{done + ', ' if done else ''}simplified to 0")
            if any(almost_everywhere(e) for e in (lhs, rhs, *diff_levels)):
                method += ("; holds almost everywhere (cases on the sign of each kink argument u; at u = 0 "
                           "the claim is not asserted)")
            return Proof(method, list(dict.fromkeys(used)))
    return None

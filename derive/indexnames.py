"""Readable index names for printing: one pass every printer runs before it writes an expression.

SymPy and the index algebra leave placeholders (``_a``, ``Dummy_12``) and may bind a
summation index whose name is also a size (``Σ_{p=1}^{p}``) or shadows another index.
``readable`` renames, without changing the value: every summation index becomes a plain
letter that is not a size or other symbol of the expression, nor an index in its scope;
a free index is renamed only if it is not a plain letter or clashes with a size.  Names
that are already good are kept, so the pass is idempotent and a step's ``lhs`` and
``rhs`` printed separately keep their shared free indices.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from sympy import Basic, Dummy, Indexed, Sum, Symbol, Tuple
from sympy.core.relational import Relational

from .indexcalc import index, is_index

#: The letters a textbook reaches for, in order; e, m, n, o, p, s, x, y, z are left out (Euler's
#: number, usual sizes and quantity names).
POOL = tuple("ijklabcdfghqrtuvw")
_PLAIN = re.compile(r"[A-Za-z]\Z")


def plain_name(name: str) -> bool:
    """True for a name a reader takes for an index: one Latin letter."""
    return bool(_PLAIN.match(name))


def _taken(expr: Basic, avoid: Iterable[str]) -> set[str]:
    """Names an index must not take: sizes, scalars, quantity names, and ``avoid``."""
    return {str(s) for s in expr.atoms(Symbol) if not is_index(s)} | set(avoid)


def _fresh(taken: set[str], preferred: set[str] = frozenset()) -> Symbol:
    """The first pool letter outside ``taken`` (and outside ``preferred`` if one is left)."""
    for skip in (taken | preferred, taken):
        for name in POOL:
            if name not in skip:
                return index(name)
    n = 1
    while f"i{n}" in taken:  # only reached with more than 17 indices in one expression
        n += 1
    return index(f"i{n}")


def _bound_names(expr: Basic) -> set[Symbol]:
    return {lim[0] for s in expr.atoms(Sum) for lim in s.limits}


def readable(expr: Basic, avoid: Iterable[str] = ()) -> Basic:
    """``expr`` with every index named as a reader expects (see the module docstring)."""
    if not isinstance(expr, Basic):
        return expr
    if isinstance(expr, Relational):
        # Rebuilt unevaluated: Eq(a, a) must print as an equation, not as True.
        lhs, rhs = readable(Tuple(expr.lhs, expr.rhs), avoid).args
        return expr.func(lhs, rhs, evaluate=False)
    sums = expr.atoms(Sum)
    taken = _taken(expr, avoid)
    bound = _bound_names(expr) if sums else set()
    free = {s for s in expr.atoms(Symbol) if is_index(s)} - bound
    # Two Dummies may print alike (_j): their creation order, not the set's (hash-seeded) order, decides.
    bad = sorted((s for s in free if _placeholder(s) or s.name in taken),
                 key=lambda s: (str(s), getattr(s, "dummy_index", 0)))
    if bad:
        used = taken | {s.name for s in free} | {s.name for s in bound}
        mapping = {}
        for s in bad:
            new = _fresh(used)
            used.add(new.name)
            mapping[s] = new
        expr = expr.xreplace(mapping)
        free = (free - set(mapping)) | set(mapping.values())
    if not sums:
        return expr
    global_free = {s.name for s in free}
    return _walk(expr, frozenset(), taken, global_free)


def _placeholder(s: Symbol) -> bool:
    """True for an index no reader would write: ``_a``, ``Dummy_12``, or any Dummy (it prints as ``_k``)."""
    return not plain_name(s.name) or isinstance(s, Dummy)


def _walk(e: Basic, outer: frozenset, taken: set[str], global_free: set[str]) -> Basic:
    """Rename summation indices inside ``e``; ``outer`` holds the names bound by enclosing sums."""
    if e.is_Atom or isinstance(e, Indexed) or not e.has(Sum):
        return e
    if isinstance(e, Sum):
        body, limits, scope = e.function, [], set(outer)
        for d, lo, hi in e.limits:
            others = {s for s in body.atoms(Symbol) if is_index(s) and s != d}
            near = scope | {s.name for s in others} | {str(l[0]) for l in limits}
            if _placeholder(d) or d.name in taken or d.name in near or not is_index(d):
                new = _fresh(taken | near | {str(lo), str(hi)}, global_free)
                body = body.xreplace({d: new})
                d = new
            limits.append((d, lo, hi))
            scope.add(d.name)
        inner = _walk(body, frozenset(scope), taken, global_free)
        if inner is e.function and tuple(limits) == tuple(tuple(l) for l in e.limits):
            return e
        return Sum(inner, *limits)
    args = [_walk(a, outer, taken, global_free) for a in e.args]
    if all(a is b for a, b in zip(args, e.args)):
        return e
    if e.is_Mul or e.is_Add:
        return e.func(*args, evaluate=False)  # a product shown unmultiplied stays so
    return e.func(*args)

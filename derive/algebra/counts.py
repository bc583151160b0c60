"""Divisions by a count that can be 0: n − 1 at n = 1, the number of terms Σ_(l=i+1..n) 1 at i = n.

The zero test cancels ``(n − 1) · u/(n − 1)`` to ``u`` and writes ``Σ_(k≠j) c`` as ``(n − 1) c``, both
right wherever ``n − 1 ≠ 0``.  At n = 1 the side that divides has no value (or, as an empty sum,
the value 0) while the other side may have one, so such a proof holds for n ≥ 2 only, not for every
size the claim is about.  ``one_side_undefined`` finds a point of the sizes and free indices where a
count one side divides by is 0 and the other side divides by none: the prover does not take the
proof there (README, beside "A point where a side has no finite real value").
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping

import sympy as sp
from sympy import Expr, Symbol

__all__ = ["one_side_undefined"]

#: sizes tried from 1 up to this (a count of sizes and indices that can be 0 is 0 at a small size)
MAX_SIZE = 4
#: at most this many sizes and indices enumerated at once (4**6 points)
MAX_SYMBOLS = 6


def _counts(expr: Expr, limits: tuple = ()) -> Iterator[tuple[Expr, tuple]]:
    """Each base of sizes and indices alone that ``expr`` divides by, with the sums' limits around it."""
    if isinstance(expr, sp.Sum):
        yield from _counts(expr.function, limits + tuple(expr.limits))
        return
    if isinstance(expr, sp.Pow) and expr.exp.is_negative:
        b = expr.base
        symbols = b.free_symbols
        if symbols and not b.atoms(sp.Indexed) and all(s.is_integer for s in symbols):
            yield b, limits
    for a in expr.args:
        if isinstance(a, sp.Basic):
            yield from _counts(a, limits)


def _zero_at(base: Expr, limits: tuple, outer: dict, free: list[Symbol]) -> bool:
    """True when ``base`` is 0 at the outer point for some value of the sums' indices it reads."""
    bound = [lim for lim in limits if lim[0] in base.free_symbols]

    def walk(k: int, point: dict) -> bool:
        if k == len(bound):
            value = base.xreplace(point).doit()
            return value.is_number and value == 0
        var, lo, hi = bound[k]
        lo, hi = lo.xreplace(point), hi.xreplace(point)
        if not (lo.is_Integer and hi.is_Integer):
            return False
        return any(walk(k + 1, {**point, var: sp.Integer(v)}) for v in range(int(lo), int(hi) + 1))
    return walk(0, dict(outer))


def _size(value) -> Expr:
    """A range's upper end as derive built it (a size symbol or expression, or a plain int), as an expression."""
    return sp.Integer(value) if isinstance(value, int) else value


def one_side_undefined(lhs: Expr, rhs: Expr, ranges: Mapping[Symbol, Expr], conditions: tuple = ()) -> dict | None:
    """A point (sizes and free indices, by ``ranges``: index → size) where a count one side divides by is 0
    and the other side's are not, or None; a point where one of ``conditions`` is false is not the claim's."""
    sides = [list(_counts(lhs)), list(_counts(rhs))]
    if not any(sides):
        return None
    # only the symbols a count reads (through the limits of the sums around it) and the sizes of those indices
    read = set().union(*(b.free_symbols.union(*(e.free_symbols for lim in lims for e in lim[1:]))
                         for side in sides for b, lims in side))
    free = sorted((i for i in ranges if isinstance(i, Symbol) and i in read), key=sp.default_sort_key)
    named = read.union(*(_size(ranges[i]).free_symbols for i in free))
    sizes = sorted((s for s in named if s.is_integer and s not in ranges and not s.is_Dummy
                    and not any(s == lim[0] for side in sides for _, lims in side for lim in lims)),
                   key=sp.default_sort_key)
    if len(sizes) + len(free) > MAX_SYMBOLS:
        return None
    for size_values in itertools.product(range(1, MAX_SIZE + 1), repeat=len(sizes)):
        at_sizes = dict(zip(sizes, map(sp.Integer, size_values)))
        spans = [range(1, int(_size(ranges[i]).xreplace(at_sizes)) + 1)
                 if _size(ranges[i]).xreplace(at_sizes).is_Integer else range(0) for i in free]
        for index_values in itertools.product(*spans):
            outer = {**at_sizes, **dict(zip(free, map(sp.Integer, index_values)))}
            if any(c.xreplace(outer) is sp.false for c in conditions):
                continue  # when = "n > 1": the claim says nothing at n = 1
            zero = [any(_zero_at(b, lims, outer, free) for b, lims in side) for side in sides]
            if zero[0] != zero[1]:
                return outer
    return None

"""The reading of a claim's jumps inside sums: the sizes at which its sums are written out term by term, so that
each term's jump (z_2 = 0 of Σ_k 𝟙[z_k > 0]) is a point of its inputs, and what a point so read may be.

``check._wrong_at_its_case`` reads a claim's cases and jumps as it stands, then at these sizes; the reading is
bounded by work (``MAX_WRITTEN_OUT_OPS``, boundaries linear in an entry) and left out where a step's or sign's
convention would be evaluated (``meets_a_held_zero``).
"""
from __future__ import annotations

import sympy as sp
from sympy import Expr

from ..algebra.bigops import MaxOver
from ..algebra.names import dummies
from ..algebra.zero import written_out
from ..language.kinks import kink_arguments_anywhere
from .boundaries import relations
from .fileformat import DerivationFile
from .semantics import Semantics


#: The size every size takes where a claim's jump lies inside a sum, its sums then written out (``sizes_to_read``),
#: the first its conditions on sizes admit: the indices a point's values take (1, 2 and 3, ``boundaries._WHOLE_VALUES``)
#: all lie within the first three (below, an entry past its size is no point: ``within``).
WRITTEN_OUT_SIZES = (3, 4, 5, 2, 1)
#: The most operations a claim's difference written out may have for its points to be read (a layer's slope, Σ_i of
#: 𝟙[s_i ≥ 0] 𝟙[s_i ≤ 0] W_ik with s = W x, has 40; a batch's multiclass hinge over B, n and m, 1073, took seconds)
MAX_WRITTEN_OUT_OPS = 300


def sizes_to_read(sem: Semantics, difference: Expr, held: list) -> list[dict]:
    """The sizes at which the points of a claim's cases and jumps are read: none (as it stands, sizes symbolic), then,
    where a jump lies inside a sum (Σ_k 𝟙[z_k > 0], or 𝟙[t ≥ 0] with t = Σ_k z_k), every size at the first of
    ``WRITTEN_OUT_SIZES`` the conditions ``held`` that read sizes alone admit (n ≥ 4: 4), the sums written out, so that
    each term's jump (z_2 = 0) is a point of the claim's inputs, and the claim's free indices at 1 (then at 1, 2, …
    apart), so that the variable of a slope is one entry (x_1 of ∂L/∂x_k)."""
    expanded = sem.expand(difference)
    bound = dummies(expanded)
    inside = any(r.has(sp.Sum, sp.Product, MaxOver) or r.free_symbols & bound
                 for pw in expanded.atoms(sp.Piecewise) for pair in pw.args for r in relations(pair.cond))
    # ... or derive's slope has its kink inside a sum (Σ_i |x_{i+1} − x_i| by x_1, a case at x_2 = x_1): read there
    # only once the sum is written out
    inside = inside or any(u.free_symbols & bound for u in kink_arguments_anywhere(expanded))
    on_sizes = [c for c in held if c.free_symbols and c.free_symbols <= sem.file.size_symbols]
    admitted = [{s: sp.Integer(size) for s in sem.file.size_symbols} for size in WRITTEN_OUT_SIZES]
    sizes = next((at for at in admitted if all(c.xreplace(at) is sp.true for c in on_sizes)), None)
    if not sem.file.size_symbols:  # sizes fixed in the file (n = 3): its sums are written out as they stand
        sizes = AsFixed()
    if not inside or sizes is None or meets_a_held_zero(expanded, sizes) or not _bounded(expanded, sizes):
        return [{}]
    free = sorted((s for s in expanded.free_symbols if isinstance(s, sp.Symbol) and s.is_integer
                   and s not in sem.file.not_indices), key=str)
    if not free:
        return [{}, sizes]
    # (apart, the indices 1, 2, … stay within the smallest size: a fixed one where the file fixes them all)
    smallest = min(sizes.values()) if sizes.values() else min(
        (v for v in sem.file.sizes.values() if getattr(v, "is_Integer", False)), default=sp.Integer(0))
    apart = [{**sizes, **{s: sp.Integer(1 + k) for k, s in enumerate(free)}}] if 1 < len(free) <= smallest else []
    return [{}, {**sizes, **{s: sp.Integer(1) for s in free}}, *apart]


class AsFixed(dict):
    """No size to put in (the file fixes every one), yet the sums to be written out: empty, and true as a condition."""

    def __bool__(self) -> bool:
        return True


def _bounded(expr: Expr, sizes: dict) -> bool:
    """True when every sum in ``expr`` runs over whole-number bounds once ``sizes`` are put in (written out, finite)."""
    return all(lo.is_Integer and hi.is_Integer for s in expr.xreplace(sizes).atoms(sp.Sum, sp.Product)
               for _, lo, hi in s.limits)


#: A step or sign held unevaluated while sums are written out (``meets_a_held_zero``).
_HELD = sp.Function("held_step")


def meets_a_held_zero(expr: Expr, sizes: dict) -> bool:
    """True when a step's or sign's argument in ``expr`` is 0 whatever the inputs once its sums are written out at
    ``sizes`` and indices meet (step(x_k - x_c) at k = c): SymPy would evaluate it there (H(0) = 1/2), and its value,
    a convention, would be read as asserted."""
    held = expr.replace(lambda e: isinstance(e, (sp.Heaviside, sp.sign)), lambda e: _HELD(e.args[0]))
    if not held.has(_HELD):
        return False
    for call in written_out(held.xreplace(sizes)).atoms(_HELD):
        u = call.args[0]
        if sp.expand(u.xreplace({s: sp.Integer(1) for s in u.free_symbols if s.is_integer})) == 0:
            return True
    return False


def linear_jumps(expr: Expr) -> bool:
    """True when each comparison in the cases of ``expr`` that reads entries is linear in one of them (its points solved
    without roots, w_1 = -(w_2 x_2 + w_3 x_3 + b)/x_1; a triplet loss's squared distances are not, and reading them
    took seconds)."""
    for pw in expr.atoms(sp.Piecewise):
        for pair in pw.args:
            for r in relations(pair.cond):
                gap = sp.expand(r.lhs - r.rhs)
                entries = gap.atoms(sp.Indexed)
                if entries and not any(gap.is_polynomial(e) and sp.degree(gap, e) == 1 for e in entries):
                    return False
    return True


def unread(sides: list, at: dict) -> dict:
    """1 for each entry and real scalar ``sides`` read that the point ``at`` leaves without a value."""
    rest = [side.xreplace(at) for side in sides]
    entries = set().union(*(side.atoms(sp.Indexed) for side in rest))
    arrays = {e.base.label for e in entries}
    scalars = {s for side in rest for s in side.free_symbols
               if isinstance(s, sp.Symbol) and not s.is_integer and s not in arrays}
    return {x: sp.Integer(1) for x in sorted(entries | scalars, key=sp.srepr)}


def within(file: DerivationFile, sides: list, ints: dict) -> bool:
    """True when every entry ``sides`` read at whole-number indices (sums written out) lies within its array at the
    sizes ``ints`` gives, and every label they read within its range (z_4 of Σ_k z_{k+1} at n = 3 is no entry)."""
    shapes = file.indexed_shapes
    for e in set().union(*(side.atoms(sp.Indexed) for side in sides)):
        shape = shapes.get(str(e.base))
        if shape is None or len(shape) != len(e.indices):
            continue
        for i, dim in zip(e.indices, shape):
            top = _expr(dim).xreplace(ints)
            if i.is_Integer and top.is_Integer and not 1 <= i <= top:
                return False
    for label, top in file.label_ranges.items():
        value, top = ints.get(label), _expr(top).xreplace(ints)
        if value is not None and value.is_Integer and top.is_Integer and not 1 <= value <= top:
            return False
    return True


def _expr(size) -> Expr:
    """A shape's or range's size (a SymPy size, or a whole number) as an expression; never a string."""
    return sp.Integer(size) if isinstance(size, int) else size

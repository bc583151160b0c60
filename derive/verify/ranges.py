"""Index ranges: which size each free index runs over, and whether every index stays in range.

A free index takes its range from the quantity axis it indexes; a summation index has
the range its limits give, and those must lie inside every axis it indexes.  Constant
indices must be provably in range for every allowed size.  Violations are
``ParseError``s with a one-line reason.
"""
from __future__ import annotations

import itertools
from collections.abc import Mapping

import sympy as sp
from sympy import Derivative, Expr, Indexed, Symbol

from ..algebra.bigops import LargestAt, MaxOver
from ..algebra.names import BOUND, never_negative

from ..language.arrays import InnerMismatch
from ..language.scope import MAX_WRITTEN_RANGE
from .lastentries import LastEntry
from .parser import ParseError


def is_free_index(sym: object, sizes: set) -> bool:
    """True for an index symbol (integer, not a size)."""
    return isinstance(sym, Symbol) and bool(sym.is_integer) and sym not in sizes


#: Operations allowed in a summation limit or an index: larger ones are refused, not simplified.
MAX_LIMIT_OPS = 40


def _nonnegative(e: Expr) -> bool:
    """True when ``e`` is provably ≥ 0 for every allowed size (sizes are positive integers)."""
    if e.is_number:
        return bool(e >= 0)
    if sp.count_ops(e) > MAX_LIMIT_OPS:
        raise ParseError(f"index or summation limit too complex (more than {MAX_LIMIT_OPS} operations)")
    known = never_negative(e)
    if known is None:
        known = sp.simplify(e).is_nonnegative
    return bool(known)


def _fits(lo: Expr, hi: Expr, dim: Expr) -> bool:
    """True when ``lo..hi`` provably lies in ``1..dim`` for every allowed size."""
    return _nonnegative(lo - 1) and _nonnegative(dim - hi)


#: How many indices deep a limit may lean on others (Σ_{j=i+1}^{n} leans on i, which may lean on another).
MAX_LIMIT_DEPTH = 4


def _for_every(e: Expr, ranges: Mapping[Symbol, tuple[Expr, Expr]], depth: int = 0) -> bool:
    """True when ``e`` ≥ 0 for every size and every value of the indices in ``ranges`` it uses (lo..hi each).

    ``e`` is linear in those indices (checked where the limit is read), so it is least at an end of each
    range: both ends are tried, one index at a time (a range may itself lean on an outer index).  An end
    counts only where its range has a term: at an end, ``e`` ≥ hi − lo for every value also does (j = i + 1
    of i + 1..n, at i = n, is no value of j).
    """
    used = sorted((s for s in e.free_symbols if s in ranges), key=str)
    if not used:
        return _nonnegative(e)
    if depth > MAX_LIMIT_DEPTH:
        return False
    # An inner index first (k of 1..j before j): its ends then lean on j, which is tried at its own ends after
    leaned = {x for s in used for x in ranges[s][0].free_symbols | ranges[s][1].free_symbols}
    first = next((s for s in used if s not in leaned), used[0])
    lo, hi = ranges[first]
    return all(_for_every(at, ranges, depth + 1) or _for_every(at - (hi - lo), ranges, depth + 1)
               for at in (e.xreplace({first: end}) for end in (lo, hi)))


def hold_where(deferred: list, cond, ranges: Mapping | None = None) -> str | InnerMismatch | None:
    """The message of the first deferred check (``index_ranges``) that fails where ``cond`` holds, else None (an
    index on axes of two sizes that the condition does not keep on the narrower: its ``InnerMismatch``).

    Only bounds written as a conjunction of comparisons of one free index with sizes and numbers narrow its range
    (``t < T``, ``2 \\le j \\le p - 1``, ``t = 1``; ``t \\ne T``, ``t \\ne 1`` at an end of its range), and of one size
    with a number its least value (``T \\ge 3``; ``t > 3`` too, for an index t over 1..T in ``ranges``: at T ≤ 3 no
    t is above 3, and the claim asserts nothing), of two sizes their order (``K \\le n``); a check at least one of the
    condition's comparisons (``j - i`` for ``i \\le j``) holds; anything else leaves the check as it was.
    """
    narrowed: dict = {}
    excluded: dict = {}  # an index and the values the condition leaves out (t ≠ T)
    least: dict = {}  # a size the condition keeps at least this (T ≥ 3)
    above: dict = {}  # a size the condition keeps at least another's (n ≥ K): K + (a size) - 1
    checked = {s for e, r, _ in deferred for s in e.free_symbols | {x for lo_hi in r.values() for b in lo_hi
                                                                     for x in b.free_symbols}}
    gaps = []  # each comparison of the condition as g ≥ 0, g an integer where it holds (i ≤ j: j − i)
    for rel in (cond.args if isinstance(cond, sp.And) else (cond,)) if cond is not None else ():
        if not isinstance(rel, (sp.Lt, sp.Le, sp.Gt, sp.Ge, sp.Eq, sp.Ne)):
            continue
        if not isinstance(rel, sp.Ne):
            up = sp.expand(rel.lhs - rel.rhs if isinstance(rel, (sp.Gt, sp.Ge)) else rel.rhs - rel.lhs)
            gaps += [up - int(isinstance(rel, (sp.Gt, sp.Lt)))] + ([-up] if isinstance(rel, sp.Eq) else [])
        free = sp.expand(rel.lhs - rel.rhs).free_symbols
        used = [s for s in free if any(s in r for _, r, _ in deferred) or s in (ranges or {})]
        read = _against(rel, used[0]) if len(used) == 1 else _against(rel, next(iter(free))) if len(free) == 1 \
            else None
        if read is None and not used and len(free) == 2 and free <= checked:
            # two sizes, K ≤ n: the larger is the smaller plus a size less one (Σ_{i=1}^{K} g_i, g of n, for K ≤ n)
            for big in sorted(free, key=str):
                two = _against(rel, big)
                if two is not None and two[1] in (sp.Gt, sp.Ge) and (two[0] - (free - {big}).pop()).is_Integer \
                        and big not in above:
                    above[big] = two[0] + int(two[1] is sp.Gt) - 1 + sp.Dummy("size", integer=True, positive=True)
                    break
            continue
        if read is None:
            continue
        c, op = read  # the relation as t op c (or, of a size alone, T op c)
        if not used:
            if free <= checked and c.is_Integer and op in (sp.Gt, sp.Ge, sp.Eq):
                (size,) = free
                least[size] = max(least.get(size, 1), int(c) + (op is sp.Gt))
            continue
        t = used[0]
        if op is sp.Ne:
            excluded.setdefault(t, []).append(c)
            continue
        if any(s in r for s in c.free_symbols for _, r, _ in deferred) or not c.is_integer:
            continue  # t < j: a bound that leans on another index; t < T + 1/2: not one the integers reach
        los, his = narrowed.setdefault(t, ([], []))
        if op in (sp.Lt, sp.Le, sp.Eq):
            his.append(c - 1 if op is sp.Lt else c)
        if op in (sp.Gt, sp.Ge, sp.Eq):
            los.append(c + 1 if op is sp.Gt else c)
    for t, (los, his) in narrowed.items():
        size = (ranges or {}).get(t)
        if not isinstance(size, Symbol):
            continue
        for lo in (lo for lo in los if lo.is_Integer):
            least[size] = max(least.get(size, 1), int(lo))
            for hi in his:  # 1 < t < T: some t only where T − 1 ≥ 2
                if (hi - size).is_Integer:
                    least[size] = max(least[size], int(lo - (hi - size)))
    failed = []
    # a size kept at least L is a size (≥ 1) plus L − 1
    shift = {s: s + (lo - 1) for s, lo in least.items() if lo > 1}
    shift.update({s: bound for s, bound in above.items() if s not in shift})
    for e, bounds, message in deferred:
        # Several bounds (j ≤ K and j ≤ n): the range is up to the least of them, unknown among sizes; e is linear in
        # the index, so holding at any one bound (a wider range) is holding on it
        def end(s, k: int):  # an end of s's range, one in if the condition leaves it out (t ≠ T)
            at = bounds[s][k]
            return at + (1 - 2 * k) if any(sp.expand(c - at) == 0 for c in excluded.get(s, ())) else at
        ends = [[(s, lo, hi) for lo in narrowed.get(s, ([], []))[0] or [end(s, 0)]
                 for hi in narrowed.get(s, ([], []))[1] or [end(s, 1)]]
                for s in sorted(set(narrowed) | set(excluded), key=str) if s in bounds]
        if not any(_for_every(e.xreplace(shift), {k: (lo.xreplace(shift), hi.xreplace(shift)) for k, (lo, hi) in
                                                  {**bounds, **{s: (lo, hi) for s, lo, hi in pick}}.items()})
                   for pick in itertools.islice(itertools.product(*ends), 64)) \
                and not any(g.is_integer and _for_every((e - g).xreplace(shift), bounds) for g in gaps):
            # (or e is at least one of the condition's gaps, ≥ 0 where it holds: w_{j-i+1}, w of K, for i ≤ j and
            # j ≤ i + K − 1, a banded Jacobian's entries)
            failed.append(message)
    # a claim with no value somewhere is refuted there, as it was before its range checks waited: that comes first
    return next((m for m in failed if isinstance(m, InnerMismatch)), failed[0] if failed else None)


#: A comparison read the other way round (``3 < t`` is ``t > 3``).
_FLIPPED = {sp.Lt: sp.Gt, sp.Le: sp.Ge, sp.Gt: sp.Lt, sp.Ge: sp.Le, sp.Eq: sp.Eq, sp.Ne: sp.Ne}


def _against(rel, s: Symbol) -> tuple[Expr, type] | None:
    """``(c, op)`` reading ``rel`` as ``s op c`` (``T - 1 \\ge 2``: T ≥ 3), for a relation linear in ``s`` with slope
    ±1; else None."""
    d = sp.expand(rel.lhs - rel.rhs)
    a = sp.diff(d, s)
    if a not in (1, -1) or sp.diff(d, s, 2) != 0:
        return None
    return sp.expand(-(d - a * s) / a), type(rel) if a == 1 else _FLIPPED[type(rel)]


def _leaning(e: Expr, bound: Mapping) -> set:
    """The symbols ``e`` uses, with those the ranges of its bound indices lean on (k of 1..s, s of t..T: t too)."""
    used, todo = set(e.free_symbols), list(e.free_symbols)
    while todo:
        s = todo.pop()
        for x in (bound[s][0].free_symbols | bound[s][1].free_symbols) if s in bound else ():
            if x not in used:
                used.add(x)
                todo.append(x)
    return used


def _range_of_offset(idx: Expr, dim: Expr, bound: dict, at: tuple, found: dict, not_free: set) -> None:
    """Give the one free index of an offset ``a·i + c`` (c of summation indices, sizes, numbers; a a nonzero whole
    number) with no range yet the positions that keep it inside ``1..dim`` for every value of c: a window
    ``i + k − 1`` runs over 1..dim − max c, a flip ``n + 1 − i`` over 1..min c − 1, a stride ``2i`` over 1..dim/2."""
    free = [s for s in idx.free_symbols if is_free_index(s, not_free)]
    if len(free) != 1 or free[0] in found:
        return  # its indices have ranges from elsewhere (checked with them), or none: said below
    i = free[0]
    a = sp.diff(idx, i)
    if not (a.is_Integer and a != 0) or sp.diff(idx, i, 2) != 0:
        return
    c = sp.expand(idx - a * i)
    corners = _corners(c, bound)
    low = next((m for m in corners if _for_every(c - m, bound)), None)
    top = next((m for m in corners if _for_every(m - c, bound)), None)
    if low is None or top is None:
        raise ParseError(f"index {idx} leaves {i} no range inside {_axis(*at)}")
    if a > 0:
        starts, size = _for_every(a + c - 1, bound), sp.expand((dim - top) / a)
    else:
        starts, size = _for_every(dim - c - a, bound), sp.expand((low - 1) / -a)
    if not starts:
        raise ParseError(f"index {idx} is outside {_axis(*at)} where {i} = 1: give {i} its range where it "
                         f"indexes an array by itself")
    constant = size.as_coeff_Add()[0]
    if constant.is_Rational and not constant.is_Integer:  # x[2i - 1] of x of size 2n: i in 1..n (n + 1/2 rounded down)
        size = size - constant + sp.floor(constant)
    if not all(v.is_Integer for v in size.as_coefficients_dict().values()) or not _nonnegative(size - 1):
        raise ParseError(f"index {idx} leaves {i} no range inside {_axis(*at)}")
    found[i] = (size, f"the positions of index {idx} inside {_axis(*at)}")


def _narrow_to_window(idx: Expr, dim: Expr, bound: dict, at: tuple, found: dict, not_free: set, fixed: set) -> None:
    """Narrow the range a free index took from a whole axis to the positions an offset of it keeps inside its own
    axis, where that is provably no wider (x_i and x_{i+1} of x of n + 1 entries: 1..n)."""
    window: dict = {}
    try:
        _range_of_offset(idx, dim, bound, at, window, not_free)
    except ParseError:
        return  # no window starting at 1 (x_{i-1}): the offset's own check says what is wrong
    for i, (size, text) in window.items():
        if i in found and i not in fixed and sp.expand(found[i][0] - size) != 0 and _nonnegative(found[i][0] - size):
            found[i] = (size, text)


def _stride(idx: Expr) -> int:
    """The largest whole factor of an index in an offset (1 for a window i + k − 1, 2 for u[2k])."""
    return max([abs(int(c)) for c in idx.as_coefficients_dict().values() if c.is_Integer] or [1])


def _corners(c: Expr, bound: dict, depth: int = 0) -> list:
    """``c`` at each end of the range of every summation index it uses (a linear ``c`` is largest at one)."""
    used = sorted((s for s in c.free_symbols if s in bound), key=str)
    if not used or depth > MAX_LIMIT_DEPTH:
        return [sp.expand(c)]
    lo, hi = bound[used[0]]
    return [v for end in (lo, hi) for v in _corners(c.xreplace({used[0]: end}), bound, depth + 1)]


def _linear_in(e: Expr, indices: set) -> bool:
    return all(sp.diff(e, a, b) == 0 for a in indices for b in indices)


def _axis(name: str, axis: int, dim: Expr) -> str:
    # Printed only where a message needs it: SymPy's printer costs more than the check itself.
    return f"{name} axis {axis} (size {dim})"


def _two_sizes(idx: Symbol, first: tuple[Expr, str], dim: Expr, axis: str) -> InnerMismatch:
    """The error of an index on axes of two sizes; a claim holding it has no value where they differ."""
    exc = InnerMismatch(f"size mismatch: index {idx} indexes {first[1]} and {axis}",
                        f"index {idx} on {first[1]} and {axis}", [(first[0],), (dim,)], ((first[0], dim),))
    exc.side = "both"
    return exc


def name_the_side(exc: InnerMismatch, sides: tuple[Expr, Expr], ranges_of) -> None:
    """Mark ``exc`` (raised reading a claim's indices) with the side whose own indices raise it, where one alone does
    (the right one of ∂L/∂g_i = Σ_{j=1}^{h} W_{ji}): a counterexample then calls that side, not both, undefined."""
    if exc.side:
        return
    raising = []
    for name, side in zip(("left", "right"), sides):
        try:
            ranges_of(side)
        except InnerMismatch:
            raising.append(name)
        except ParseError:
            pass
    exc.side = raising[0] if len(raising) == 1 else "neither" if raising else ""


def ranges_apart(sides: tuple[Expr, Expr], ranges_of) -> dict[Symbol, Expr]:
    """Each side's index ranges on its own, the left side's first: for a claim refuted because the two sides
    disagree on an index, whose conditions (``\\text{if } j \\ne k``) must still find their indices; a side whose
    own indices disagree gives none."""
    out: dict[Symbol, Expr] = {}
    for side in reversed(sides):
        try:
            out.update(ranges_of(side))
        except ParseError:
            pass
    return out


def left_ranges(lhs: Expr, shapes: Mapping[str, tuple], sizes: set, known: Mapping[Symbol, Expr] | None = None,
                labels: Mapping[Symbol, Expr] | None = None,
                per_sample: Mapping[str, Expr] | None = None) -> dict[Symbol, tuple[Expr, str]]:
    """The ranges a claim's left side gives its free indices, each over the shortest of its axes where the others
    are never shorter (∂y_i/∂x_i, y of n entries, x of n + 1: i in 1..n), with the axis that gives it; {} where the
    left side alone has none."""
    given: dict = {}
    try:
        index_ranges(lhs, shapes, sizes, known, labels, per_sample=per_sample, nested=True, axes_out=given)
    except ParseError:
        return {}
    return given


def index_ranges(expr: Expr, shapes: Mapping[str, tuple], sizes: set,
                  known: Mapping[Symbol, Expr] | None = None,
                  labels: Mapping[Symbol, Expr] | None = None,
                  last: list[LastEntry] | None = None,
                  per_sample: Mapping[str, Expr] | None = None,
                  deferred: list | None = None, windows: bool = False, nested: bool = False,
                  within: Mapping[Symbol, tuple[Expr, str]] | None = None,
                  axes_out: dict | None = None) -> dict[Symbol, Expr]:
    """The size each free index of ``expr`` runs over (``1..size``); ``ParseError`` on any conflict.

    ``known`` gives indices whose range is already fixed (the entry indices of a matrix claim);
    ``labels`` the range of each label (c in 1..n), which a limit may lean on (∏_{k≠c}: 1..c − 1); given, the
    other symbols of ``sizes`` are sizes, and an entry at one (x[n], the last) is checked to lie on its axis;
    given ``last`` too, each such entry (an index of sizes and numbers alone) is appended to it; ``per_sample`` gives
    the range of each per-sample label by name (an index met only in a delta with its entry, 1{c_i = j}, runs over it);
    with ``windows`` (a definition's key), an index that also reads a window of a wider axis runs over the window's
    positions (y_i = w_1 x_i + w_2 x_{i+1}, x of n + 1 entries: i in 1..n, a 'valid' correlation); with ``nested``
    (a claim's left side alone), an index on axes one of which is never longer runs over that one (∂y_i/∂x_i, y of n
    entries, x of n + 1); ``within`` gives the ranges the left side so fixes (``left_ranges``: each with the axis it
    comes from), which an axis at least as long keeps; given ``axes_out``, each range's axis is put in it;
    given ``deferred``, a check on a free index's whole range that fails (G_{t+1} at t = T) is appended to it as
    ``(e, ranges, message)`` rather than raised, for the claim's condition to settle (``hold_where``).
    """
    found: dict[Symbol, tuple[Expr, str]] = {k: (v, f"an axis of size {v} of the array") for k, v in (known or {}).items()}
    # Checks on a limit that leans on a free index (Σ_{k=1}^{t} y_k), done once every free index has its range.
    later: list[tuple[Expr, dict, str]] = []
    #: offset indices met (index, axis size, the summation ranges around it, the axis): a free index met only
    #: there runs over the positions that keep the window inside the axis (x[i + k - 1]: 1..N − K + 1)
    offsets: list[tuple[Expr, Expr, dict, tuple]] = []

    label_bounds = {c: (sp.Integer(1), r) for c, r in (labels or {}).items()}
    #: free indices met as a sum's limit (± a number): index -> (the axis size the sum's index reads, that index, the axis)
    limiting: dict[Symbol, list[tuple[Expr, Symbol, str]]] = {}

    def holds(e: Expr, bound: dict, message: str) -> None:
        """``e`` ≥ 0 for every value of the indices (and labels) it uses, or ``ParseError(message)`` (later, for a free one)."""
        # A per-sample label's entry as a limit (Σ_{k=1}^{y_i} p_{ik}, y_i in 1..K): any value of its range, whichever i.
        entries = {a: sp.Dummy(integer=True) for a in e.atoms(Indexed) if str(a.base.label) in (per_sample or {})}
        if entries:
            bound = {**bound, **{d: (sp.Integer(1), per_sample[str(a.base.label)]) for a, d in entries.items()}}
            e = e.xreplace(entries)
        if any(is_free_index(s, sizes) and s not in bound for s in _leaning(e, bound)):
            later.append((e, {**label_bounds, **bound}, message))
        elif not _for_every(e, {**label_bounds, **bound}):
            if deferred is None or not e.free_symbols & set(sizes):
                raise ParseError(message)
            # Σ_{t=2}^{T-1} \text{for } T \ge 2: fails only at sizes the claim's condition leaves out
            deferred.append((e, {**label_bounds, **bound}, message))

    def at_sizes(idx: Expr, bound: dict) -> bool:
        """True for an index of sizes and numbers alone (x[n], h[T - 1], u[n + K - 1]): one fixed entry."""
        used = idx.free_symbols
        return (bool(used) and not idx.has(Indexed) and not any(s in bound or s in labels for s in used)
                and not any(is_free_index(s, sizes) for s in used))

    def walk(e: Expr, bound: dict, by: bool = False) -> None:
        if isinstance(e, Indexed):
            name = e.base.name
            for axis, (idx, dim) in enumerate(zip(e.indices, shapes[name]), start=1):
                at = (name, axis, dim)
                if last is not None and labels is not None and at_sizes(idx, bound):
                    # Here derive reads a size as an index, the axis's last entry: the claim's evidence says so.
                    others = [i for n, i in enumerate(e.indices, start=1) if n != axis]
                    free = any(is_free_index(i, sizes) and i not in bound for i in others)
                    last.append(LastEntry(e, axis, idx, dim, by and free))
                if idx.is_Integer:
                    if not _fits(idx, idx, dim):
                        # x_2 under \text{if } n = 2: a condition does not fix a size (the axis is read first)
                        fix = f" (for a claim at a fixed size, fix it in the derive block's [sizes]: {dim} = " \
                              f"{max(int(idx), 2)}; for every size from {int(idx)}, write \\text{{for }} {dim} \\ge " \
                              f"{int(idx)})" if isinstance(dim, Symbol) and idx >= 1 else ""
                        message = f"index {idx} may be out of range for {_axis(*at)}{fix}"
                        if deferred is None or idx < 1 or not dim.free_symbols & set(sizes):
                            raise ParseError(message)
                        # x_1 + x_2 + Σ_{t=3}^{T} x_t \text{for } T \ge 3: in range where the condition holds
                        deferred.append((dim - idx, {}, message))
                elif idx in bound:
                    lo, hi = bound[idx]
                    for end in (lo, hi):  # a free index as a limit, G_t = Σ_{u=t}^{T} γ^{u−t} r_u: it runs over the axis
                        near = [s for s in end.free_symbols if is_free_index(s, sizes) and s not in bound]
                        if len(near) == 1 and (end - near[0]).is_Integer:
                            limiting.setdefault(near[0], []).append((dim, idx, _axis(*at)))
                    outside = f"summation index {idx} runs over {lo}..{hi}, outside {_axis(*at)}"
                    if hi.is_Integer and hi > 1 and isinstance(dim, Symbol) and dim in sizes:
                        # Σ_{k=1}^{2} over an axis of n3 entries: a number where the size was meant, or a fixed size
                        outside += (f" (for the whole axis write its size, {dim}; for a claim at a fixed size, fix it "
                                    f"in the derive block's [sizes]: {dim} = {hi})")
                    for inside in (lo - 1, dim - hi):
                        written = not (dim.free_symbols | lo.free_symbols | hi.free_symbols)  # n = 2, h = 3
                        if (inside.is_Integer and inside < 0 and written
                                or inside.free_symbols and inside.free_symbols <= sizes - set(label_bounds)) \
                                and not _nonnegative(inside):
                            # limits of sizes alone (Σ_{j=1}^{h} W_{ji}, W of n rows, or n = 2, h = 3 written): in a
                            # claim, that side has no value where the range leaves the axis (h > n), so the claim is
                            # refuted there; one past the axis at every size (Σ_j^{n+1} x_j) stays bad input
                            exc = InnerMismatch(outside, f"{name} read at {idx} = {lo}..{hi} on axis {axis}",
                                                [shapes[name]], within=(inside,))
                            if deferred is None or not inside.free_symbols:
                                raise exc
                            # Σ_{k=1}^{3} x_k \text{for } t > 3: defined wherever the condition holds (T ≥ 4)
                            deferred.append((inside, {}, exc))
                            continue
                        holds(inside, bound, outside)
                elif is_free_index(idx, sizes):
                    differ = idx in found and found[idx][0] != dim and sp.expand(found[idx][0] - dim) != 0
                    left, shorter = (within or {}).get(idx), None
                    if differ and nested:  # the shorter axis, where the other is never shorter
                        shorter = found[idx] if _nonnegative(dim - found[idx][0]) else \
                            (dim, _axis(*at)) if _nonnegative(found[idx][0] - dim) else None
                    if differ and shorter is None and left is not None \
                            and _nonnegative(dim - left[0]) and _nonnegative(found[idx][0] - left[0]):
                        shorter = left  # the left side's range, which both axes hold
                    if shorter is not None:
                        # the left side's y_i of n entries beside x_i of n + 1: i runs over 1..n, inside both
                        found[idx] = shorter
                    elif differ:
                        # (s_k − y_k) x_j for ∂L/∂W_jk: in a claim, no value where the sizes differ (verify.mismatch)
                        exc = _two_sizes(idx, found[idx], dim, _axis(*at))
                        wider = found[idx][0] if _nonnegative(found[idx][0] - dim) else \
                            dim if _nonnegative(dim - found[idx][0]) else None
                        if deferred is None or wider is None:
                            # a range leaving its axis met before (Σ_{j=1}^{h} W_{ji}, W of n rows) is what failed first
                            raise next((m for _, _, m in deferred or () if isinstance(m, InnerMismatch)), exc)
                        # x_j beside g_j, x of n + 1 and g of n, for 2 ≤ j ≤ n: the index runs over the wider axis, and
                        # the claim's condition must keep it on the narrower (else the claim is refuted there, as before)
                        narrower = dim if wider is found[idx][0] else found[idx][0]
                        found[idx] = (wider, found[idx][1] if wider is found[idx][0] else _axis(*at))
                        later.append((narrower - idx, {}, exc))
                    if idx not in found:
                        found[idx] = (dim, _axis(*at))
                elif isinstance(idx, Indexed):  # a per-sample label, C[X[b], k]: its own indices get their ranges
                    walk(idx, bound)
                elif idx.is_Symbol and labels is not None and idx not in labels:  # a size: the last entry x[n]
                    outside = f"index {idx} may be out of range for {_axis(*at)}"
                    holds(idx - 1, bound, outside)
                    holds(dim - idx, bound, outside)
                elif isinstance(idx, (sp.Add, sp.Mul)):  # an offset (x[i + k - 1], W[K - k + 1], x[2*i]): inside
                    # the axis for every value it takes (a label, t[b], is drawn in its range)
                    used = {s for s in idx.free_symbols if is_free_index(s, sizes)}
                    if not _linear_in(idx, used):
                        raise ParseError(f"index {idx}: indices may only be added, subtracted or scaled by a number")
                    outside = f"index {idx} may be out of range for {_axis(*at)}"
                    holds(idx - 1, bound, outside)
                    holds(dim - idx, bound, outside)
                    offsets.append((idx, dim, dict(bound), at))
            return
        if isinstance(e, BOUND):  # a product's index is bound like a sum's, and checked alike
            inner = dict(bound)
            for d, lo, hi in reversed(e.limits):  # outermost first: an inner limit may lean on an outer index
                big = [v for v in (lo - 1, hi) for v in v.atoms(sp.Number) if abs(v) > MAX_WRITTEN_RANGE]
                if big:
                    raise ParseError(f"summation index {d} runs from {lo} to {hi}: a limit may be written with numbers "
                                     f"up to {MAX_WRITTEN_RANGE} (declare a size for a longer range)")
                leans = {s for s in lo.free_symbols | hi.free_symbols if is_free_index(s, sizes)}
                if d in leans:
                    raise ParseError(f"summation index {d} appears in its own limits")
                if not (_linear_in(lo, leans) and _linear_in(hi, leans)):
                    raise ParseError(f"summation limits {lo} and {hi}: another index may appear only as "
                                     f"index ± a number or a size")
                # SymPy counts a backwards sum (i from n down to 1) negatively where a reader counts
                # it as empty: the two readings disagree, so only ranges with lo <= hi + 1 are accepted,
                # for every size and every value of an index a limit leans on (j from i + 1 to n, i ≤ n).
                holds(hi - lo + 1, inner, f"summation index {d} runs from {lo} to {hi}: the lower limit must "
                                          f"not exceed the upper one by more than 1 for every size and index")
                if isinstance(e, MaxOver):  # an empty sum is 0 and an empty product 1; an empty maximum is nothing
                    holds(hi - lo, inner, f"a maximum over {d} from {lo} to {hi} may have no term: its range "
                                          f"must hold at least one for every size and index")
                inner[d] = (lo, hi)
                for entry in sorted((lo - hi).atoms(Indexed), key=sp.default_sort_key):
                    walk(entry, bound)  # a label's entry as a limit (Σ_{k=1}^{y_i}): i runs over the label's axis
            walk(e.function, inner)
            return
        if isinstance(e, Derivative):
            walk(e.expr, bound)
            for v in e.variables:
                walk(v, bound, True)
            return
        for a in e.args:
            if isinstance(a, sp.Basic):
                walk(a, bound)

    try:
        walk(expr, {})
    finally:
        del walk  # it refers to itself: a cycle that would wait for a collection
    bound_syms = {lim[0] for s in expr.atoms(*BOUND) for lim in s.limits}
    # An index met only in a delta with a ranged one runs over that range: R[n, m] = delta(n, m)*y[n] is N × N.
    tied = [d.args[:2] for d in sorted(expr.atoms(sp.KroneckerDelta), key=sp.default_sort_key)]  # in one order
    # ... as one met only in a delta with a per-sample label's entry runs over the label's range (1{c_i = j}: j in 1..K)
    labelled = {a: (per_sample[str(a.base.label)], f"the range of the label {a.base.label}")
                for pair in tied for a in pair if isinstance(a, Indexed) and str(a.base.label) in (per_sample or {})}
    # ... and one met only in a delta with a single label runs over its range (README: delta(j, c), j in 1..n)
    labelled.update({a: (labels[a], f"the range of the label {a}") for pair in tied for a in pair
                     if a in (labels or {})})
    # ... and one a sum leaves out, Σ_(k≠j) (a delta with k), over the sum's range 1..n ("S[j]" = Σ_(k≠j) x_k)
    summed = {lim[0]: lim[2] for e in expr.atoms(*BOUND) for lim in e.limits
              if lim[1] == 1 and not (lim[2].free_symbols & bound_syms)}
    labelled.update({a: (summed[a], f"the range of the summation index {a}") for pair in tied for a in pair
                     if a in summed and a not in labelled})
    while True:
        more = {b: {**labelled, **found}[a] for pair in tied for a, b in (pair, pair[::-1])
                if (a in found or a in labelled) and b not in found and b not in labelled and b not in bound_syms
                and is_free_index(b, sizes)}
        if not more:
            break
        found.update({b: (dim, f"{text}, through a delta") for b, (dim, text) in more.items()})
    # The place of a maximum, 1[k = argmax_j p_j], ranges over the maximum's index when nothing else gives k one;
    # compared with maxima over different ranges (1..m and 1..m + n) it has no one range.
    places: dict = {}
    for at in sorted(expr.atoms(LargestAt), key=sp.default_sort_key):
        m, k = at.args
        if isinstance(m, MaxOver) and is_free_index(k, sizes) and k not in found and k not in bound_syms:
            (_, lo, hi), = m.limits
            if lo == 1 and not (hi.free_symbols & bound_syms):
                places.setdefault(k, [])
                if not any(sp.expand(hi - h) == 0 for h in places[k]):
                    places[k].append(hi)
    for k, his in places.items():
        if len(his) > 1:
            raise ParseError(f"index {k} is compared with maxima over different ranges "
                             f"({', '.join(f'1..{h}' for h in his)}): it has no one range (let a quantity's axis give it one)")
        found[k] = (his[0], "the range of the maximum it is compared with")
    # Windows first: a stride that leaves no whole range (u[2k], u of size 2K + 1) defers to one that gives one
    # (w[k + 2]), and is then only checked to stay inside; its message stands if nothing gives the index a range.
    unranged: dict = {}
    if windows:
        for idx, dim, bound, at in offsets:
            _narrow_to_window(idx, dim, {**label_bounds, **bound}, at, found, sizes | bound_syms | set(bound),
                              set(known or {}))
    for idx, dim, bound, at in sorted(offsets, key=lambda o: _stride(o[0])):
        try:
            _range_of_offset(idx, dim, {**label_bounds, **bound}, at, found, sizes | bound_syms | set(bound))
        except ParseError as exc:
            unranged.setdefault(frozenset(s for s in idx.free_symbols if is_free_index(s, sizes)), exc)
    for free_syms, exc in unranged.items():
        if free_syms <= set(found):
            continue
        dims = {dim for idx, dim, _, _ in offsets if idx.free_symbols & free_syms}
        if deferred is None or len(free_syms) != 1 or len(dims) != 1:
            raise exc
        # g_{j-1} - g_{j+1} for 2 ≤ j ≤ n − 1: no one range keeps both offsets inside, but the claim's condition may;
        # the index runs over the axis, and each offset's check on it (``later``) waits for the condition
        found[next(iter(free_syms))] = (next(iter(dims)), str(exc))
    for sym, axes in limiting.items():
        # Met only as a limit, the index runs over the axis its sum reads (one size, if several sums); whether every
        # limit then keeps its sum inside the axis is checked below, with the other limits (``later``).
        if sym not in found and sym not in bound_syms and all(sp.expand(d - axes[0][0]) == 0 for d, _, _ in axes):
            found[sym] = (axes[0][0], f"the range of {axes[0][2]}, which the summation index {axes[0][1]} it bounds reads")
    for sym in sorted(expr.free_symbols, key=str):
        if is_free_index(sym, sizes) and sym not in found and sym not in bound_syms:
            raise ParseError(f"free index {sym} has no range (it indexes no quantity)")
    free = {k: (sp.Integer(1), v[0]) for k, v in found.items()}
    for e, bound, message in later:
        if not _for_every(e, {**free, **bound}):
            if deferred is None:
                raise ParseError(message)
            deferred.append((e, {**free, **bound}, message))
    if axes_out is not None:
        axes_out.update(found)
    return {k: v[0] for k, v in found.items()}

"""Claims whose two sides have different shapes: read, kept apart, and refuted by the sizes that show it.

A matrix claim whose sides are arrays of different shapes (``∂L/∂W = x (s − y)ᵀ`` with W of
shape (n, m), a student's commonest slip) is false as written: at sizes where the shapes differ
no array equals the other.  So it does not stop its file as bad input, which would leave every
other claim unchecked: the loader keeps it (``Mismatch`` on its ``ClaimSpec``, each side its own
entry) and ``refutation`` gives its verdict, with those sizes as a concrete counterexample,
before anything is resolved or proved.  A row against a column stays bad input (a layout to
fix, see ``arrays.lower_pair``), and so does a given whose sides differ.

So does a claim one of whose sides cannot be formed (``W u`` written for ``Wᵀu``, W of shape (n, m)):
at sizes where the arrays it combines disagree (n = 3, m = 2) that side has no value, so the claim is
false as written (``undefined``); in a definition or a given the same product stays bad input.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import sympy as sp
from sympy import Expr

from ..language.arrays import InnerMismatch, ShapesDiffer, dims_text
from .results import REFUTED, UNPROVED

#: Values tried for the sizes a mismatch names (each assignment gives distinct sizes distinct values).
_VALUES = (2, 3, 5, 7)
#: Values tried, equal ones too, when the claim's conditions rule out every assignment of ``_VALUES``
#: (``when m == n + 1``): every assignment of these to at most ``_MAX_NAMES`` sizes, smallest first.  Never 1:
#: an (n, 1) column is the vector (n,), so shapes that differ as written may agree at a size of 1.
_WIDER = tuple(range(2, 10))
_MAX_NAMES = 4
#: Most index combinations tried to tell whether a condition on indices and sizes can hold at some sizes.
_MAX_INDEX_COMBOS = 4096
#: Why a claim whose shapes differ only where its conditions fail gets no verdict from its shapes.
AGREE_UNDER = ("the sides' shapes agree only at sizes the claim's condition sets equal, where derive does not read "
               "it again (write one size for both in the derive block to have it checked)")
#: The method of a verdict reached from the shapes alone.
METHOD = "shapes of the two sides (matrix notation)"
#: The method of a verdict reached because a side cannot be formed at some sizes.
METHOD_INSIDE = "shapes of the arrays a side combines (matrix notation)"


@dataclass(frozen=True)
class Mismatch:
    """The two sides' shapes, as written and at sizes where they differ."""

    left: str
    right: str
    #: (size name, value): sizes at which the two shapes differ
    sizes: tuple[tuple[str, int], ...]
    left_at: str
    right_at: str
    #: a side that cannot be formed: what it was forming ("a matrix product"), of arrays of shapes
    #: ``left`` and ``right`` (the others, joined), on which side ("left", "right" or "" if unknown)
    inside: str = ""
    side: str = ""
    #: the shapes as SymPy sizes (the two sides', or the operands' of ``inside``), to look again under conditions
    shapes: tuple = ()
    #: ``inside``: the pairs of sizes that must be equal for the side to have a value (none, nor ``within``: nowhere)
    agree: tuple = ()
    #: ``inside``: expressions of sizes that must be ≥ 0 for the side to have a value (a summation range inside
    #: an axis: n − h for Σ_{j=1}^{h} W_{ji}, W of n rows)
    within: tuple = ()

    def shown_at(self, at: dict) -> bool:
        """True when the sizes ``at`` (size symbol -> value) show the mismatch."""
        if self.inside:
            return _no_value_at(self.agree, self.within, at)
        left, right = self.shapes
        return _at(left, at) != _at(right, at)

    def where(self, admits: Callable[[dict], bool]) -> Mismatch | None:
        """This mismatch at the first sizes that show it and satisfy ``admits`` (self when its own do), or None.

        A claim stated under a condition (``when m >= n + 2``) is asserted only where it holds, so a
        counterexample from its shapes must be drawn there too; None when no sizes tried are both.
        """
        if not self.shapes:  # built before shapes were kept: its sizes stand as found
            return self
        names = {s for shape in self.shapes for d in shape for s in _expr(d).free_symbols}
        names |= {s for pair in self.agree for d in pair for s in _expr(d).free_symbols}
        names |= {s for w in self.within for s in _expr(w).free_symbols}
        own = {s: v for s in names for k, v in self.sizes if str(s) == k}
        if len(own) == len(names) and admits(own):
            return self
        at = _sizes_where(names, lambda at: self.shown_at(at) and admits(at), wider=True)
        if at is None:
            return None
        if self.inside:
            shown = [dims_text(_at(shape, at)) for shape in self.shapes]
            return replace(self, sizes=_listed(at), left_at=shown[0], right_at=" and ".join(shown[1:]))
        return replace(self, sizes=_listed(at), left_at=dims_text(_at(self.shapes[0], at)),
                       right_at=dims_text(_at(self.shapes[1], at)))


def _expr(d) -> Expr:
    return sp.Integer(d) if isinstance(d, int) else d


def _no_value_at(agree: tuple, within: tuple, at: dict) -> bool:
    """True when a side that needs the size pairs ``agree`` equal and the sizes' expressions ``within`` ≥ 0 has no
    value at the sizes ``at`` (it needs nothing: nowhere)."""
    if not agree and not within:
        return True
    return (any(_expr(a).xreplace(at) != _expr(b).xreplace(at) for a, b in agree)
            or any(bool(_expr(w).xreplace(at) < 0) for w in within))


def differing(exc: ShapesDiffer) -> tuple[Expr, Expr, dict, Mismatch]:
    """A claim's sides kept apart (each its own entry), their ranges and the ``Mismatch``; ``exc`` again if no sizes show it."""
    # a scalar against an array (∂L/∂x = uᵀx): no axes against some
    left, right = (tuple(map(_expr, getattr(side, "shape", ()))) for side in (exc.lhs, exc.rhs))
    names = {s for d in left + right for s in d.free_symbols}
    at = _sizes_where(names, lambda at: _at(left, at) != _at(right, at))
    if at is None:
        raise exc
    lhs, rhs, ranges = exc.apart()
    return lhs, rhs, ranges, Mismatch(dims_text(left), dims_text(right), _listed(at), dims_text(_at(left, at)),
                                      dims_text(_at(right, at)), shapes=(left, right))


def _sizes_where(names: set, differ, wider: bool = False) -> dict | None:
    """The first values of the sizes ``names`` at which ``differ(values)`` holds, or None.

    Smallest values first, distinct sizes distinct: (n, m) against (m, n) differ at n = 2, m = 3.
    ``wider``: then every assignment of ``_WIDER`` (equal values too, for a condition such as m = 2 n).
    """
    names = sorted(names, key=str)
    for values in itertools.permutations(_VALUES, len(names)) if len(names) <= len(_VALUES) else ():
        at = dict(zip(names, values))
        if differ(at):
            return at
    if wider and len(names) <= _MAX_NAMES:
        for values in sorted(itertools.product(_WIDER, repeat=len(names)), key=lambda v: (max(v), v)):
            at = dict(zip(names, values))
            if differ(at):
                return at
    return None


def admitting(conditions: Iterable, sizes: set, labels: dict | None = None) -> Callable[[dict], bool]:
    """A test of size values: False when one of ``conditions`` (``Condition``s) cannot hold at them.

    A condition on sizes alone (``m == n``) is decided at the values; one that also reads indices
    (``j <= n - 1``) holds when some values of its indices in their ranges satisfy it; one that reads
    input values is taken to hold somewhere (the sizes do not decide it).  A single label in ``labels`` (its
    symbol -> range) counts as such an index: c > 3 holds nowhere at n = 2.
    """
    # (one on an index alone, j > 3, reads the sizes through the index's range: at n = 2 no j is above 3, and a sum
    # Σ_{i=1}^{3} s_i not defined there was refuted at n = 2, where the claim asserts nothing)
    labels = labels or {}

    def ranged(c) -> dict:
        return {**{s: r for s, r in labels.items() if s in c.cond.free_symbols}, **(getattr(c, "free", None) or {})}
    conditions = [c for c in conditions if c is not None and getattr(c, "cond", None) is not None
                  and (c.cond.free_symbols & sizes or any(r.free_symbols & sizes for r in ranged(c).values()))]

    def admits(at: dict) -> bool:
        values = {s: sp.Integer(v) for s, v in at.items()}
        return all(_can_hold(c, values, ranged(c)) for c in conditions)
    return admits


def _can_hold(c, values: dict, ranged: dict) -> bool:
    cond = c.cond.xreplace(values)
    if cond in (sp.true, sp.false):
        return cond is sp.true
    free = {s: r.xreplace(values) for s, r in ranged.items() if s in cond.free_symbols}
    rest = cond.free_symbols - set(free)
    if rest or not all(r.is_Integer for r in free.values()):
        return True  # input values (or a range the sizes leave open) decide it: it may hold
    names = sorted(free, key=str)
    combos = itertools.product(*[range(1, int(free[s]) + 1) for s in names])
    for combo in itertools.islice(combos, _MAX_INDEX_COMBOS):
        if cond.xreplace(dict(zip(names, map(sp.Integer, combo)))) is sp.true:
            return True
    return False


def _at(shape: tuple, at: dict) -> tuple:
    return tuple(d.xreplace(at) for d in shape)


def _listed(at: dict) -> tuple:
    return tuple(sorted((str(s), v) for s, v in at.items()))


def undefined(exc: InnerMismatch) -> Mismatch:
    """The ``Mismatch`` of a claim with a side that cannot be formed, at sizes where it has no value; ``exc`` again if none show it."""
    shapes = [tuple(map(_expr, shape)) for shape in exc.shapes]
    names = ({s for shape in shapes for d in shape for s in d.free_symbols}
             | {s for pair in exc.agree for d in pair for s in _expr(d).free_symbols}
             | {s for w in exc.within for s in _expr(w).free_symbols})
    if not shapes or any(isinstance(s, sp.Dummy) for s in names):  # an I of unwritten size: not a size to draw
        raise exc
    at = _sizes_where(names, lambda at: _no_value_at(exc.agree, exc.within, at))
    if at is None:
        raise exc
    shown = [dims_text(_at(shape, at)) for shape in shapes]
    return Mismatch(dims_text(shapes[0]), " and ".join(dims_text(s) for s in shapes[1:]), _listed(at), shown[0],
                    " and ".join(shown[1:]), inside=exc.what, side=exc.side,  # a trace: one operand, right empty
                    shapes=tuple(shapes), agree=tuple((_expr(a), _expr(b)) for a, b in exc.agree),
                    within=tuple(map(_expr, exc.within)))


def refutation(m: Mismatch, admits: Callable[[dict], bool] | None = None) -> dict:
    """The verdict fields of a claim whose sides have these shapes: refuted, the sizes as its counterexample.

    ``admits`` (``admitting``): the sizes the claim's conditions allow.  The counterexample's sizes satisfy
    it; where no sizes tried do and show the mismatch, the claim is unproved, never refuted: under its
    condition its sides may well be formed and equal (X v = X v where m = n).
    """
    if admits is not None:
        found = m.where(admits)
        if found is None:
            return {"verdict": UNPROVED, "method": "",
                    "evidence": {"reason": AGREE_UNDER, "points": 0, "max_difference": "0", "untested": True}}
        m = found
    if m.inside:  # a side with no value at these sizes: the arrays it combines there, in place of its value
        cx = {"sizes": dict(m.sizes), "indices": {}, "inputs": {},
              "lhs": "undefined" if m.side != "right" else "", "rhs": "undefined" if m.side != "left" else "",
              "undefined": {"what": m.inside, "side": m.side, "shapes": [m.left, m.right],
                            "at_sizes": [m.left_at, m.right_at]}}
        return {"verdict": REFUTED, "method": METHOD_INSIDE, "counterexample": cx, "evidence": {"counterexample": cx}}
    cx = {"sizes": dict(m.sizes), "indices": {}, "inputs": {}, "lhs": m.left_at, "rhs": m.right_at,
          "shapes": [m.left, m.right]}
    return {"verdict": REFUTED, "method": METHOD, "counterexample": cx, "evidence": {"counterexample": cx}}


__all__ = ["AGREE_UNDER", "METHOD", "METHOD_INSIDE", "Mismatch", "admitting", "differing", "refutation",
           "undefined"]

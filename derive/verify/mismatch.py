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
from dataclasses import dataclass

import sympy as sp
from sympy import Expr

from ..language.arrays import InnerMismatch, ShapesDiffer, dims_text
from .results import REFUTED

#: Values tried for the sizes a mismatch names (each assignment gives distinct sizes distinct values).
_VALUES = (2, 3, 5, 7)
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


def _expr(d) -> Expr:
    return sp.Integer(d) if isinstance(d, int) else d


def differing(exc: ShapesDiffer) -> tuple[Expr, Expr, dict, Mismatch]:
    """A claim's sides kept apart (each its own entry), their ranges and the ``Mismatch``; ``exc`` again if no sizes show it."""
    left, right = tuple(map(_expr, exc.lhs.shape)), tuple(map(_expr, exc.rhs.shape))
    names = {s for d in left + right for s in d.free_symbols}
    at = _sizes_where(names, lambda at: _at(left, at) != _at(right, at))
    if at is None:
        raise exc
    lhs, rhs, ranges = exc.apart()
    return lhs, rhs, ranges, Mismatch(dims_text(left), dims_text(right), _listed(at), dims_text(_at(left, at)),
                                      dims_text(_at(right, at)))


def _sizes_where(names: set, differ) -> dict | None:
    """The first values of the sizes ``names`` at which ``differ(values)`` holds, or None.

    Smallest values first, distinct sizes distinct: (n, m) against (m, n) differ at n = 2, m = 3.
    """
    names = sorted(names, key=str)
    for values in itertools.permutations(_VALUES, len(names)) if len(names) <= len(_VALUES) else ():
        at = dict(zip(names, values))
        if differ(at):
            return at
    return None


def _at(shape: tuple, at: dict) -> tuple:
    return tuple(d.xreplace(at) for d in shape)


def _listed(at: dict) -> tuple:
    return tuple(sorted((str(s), v) for s, v in at.items()))


def undefined(exc: InnerMismatch) -> Mismatch:
    """The ``Mismatch`` of a claim with a side that cannot be formed, at sizes where it has no value; ``exc`` again if none show it."""
    shapes = [tuple(map(_expr, shape)) for shape in exc.shapes]
    names = ({s for shape in shapes for d in shape for s in d.free_symbols}
             | {s for pair in exc.agree for d in pair for s in _expr(d).free_symbols})
    if not shapes or any(isinstance(s, sp.Dummy) for s in names):  # an I of unwritten size: not a size to draw
        raise exc
    at = _sizes_where(names, lambda at: not exc.agree or any(_expr(a).xreplace(at) != _expr(b).xreplace(at)
                                                            for a, b in exc.agree))
    if at is None:
        raise exc
    shown = [dims_text(_at(shape, at)) for shape in shapes]
    return Mismatch(dims_text(shapes[0]), " and ".join(dims_text(s) for s in shapes[1:]), _listed(at), shown[0],
                    " and ".join(shown[1:]), inside=exc.what, side=exc.side)  # a trace: one operand, right empty


def refutation(m: Mismatch) -> dict:
    """The verdict fields of a claim whose sides have these shapes: refuted, the sizes as its counterexample."""
    if m.inside:  # a side with no value at these sizes: the arrays it combines there, in place of its value
        cx = {"sizes": dict(m.sizes), "indices": {}, "inputs": {},
              "lhs": "undefined" if m.side != "right" else "", "rhs": "undefined" if m.side != "left" else "",
              "undefined": {"what": m.inside, "side": m.side, "shapes": [m.left, m.right],
                            "at_sizes": [m.left_at, m.right_at]}}
        return {"verdict": REFUTED, "method": METHOD_INSIDE, "counterexample": cx, "evidence": {"counterexample": cx}}
    cx = {"sizes": dict(m.sizes), "indices": {}, "inputs": {}, "lhs": m.left_at, "rhs": m.right_at,
          "shapes": [m.left, m.right]}
    return {"verdict": REFUTED, "method": METHOD, "counterexample": cx, "evidence": {"counterexample": cx}}


__all__ = ["METHOD", "METHOD_INSIDE", "Mismatch", "differing", "refutation", "undefined"]

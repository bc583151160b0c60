"""Claims whose two sides have different shapes: read, kept apart, and refuted by the sizes that show it.

A matrix claim whose sides are arrays of different shapes (``∂L/∂W = x (s − y)ᵀ`` with W of
shape (n, m), a student's commonest slip) is false as written: at sizes where the shapes differ
no array equals the other.  So it does not stop its file as bad input, which would leave every
other claim unchecked: the loader keeps it (``Mismatch`` on its ``ClaimSpec``, each side its own
entry) and ``refutation`` gives its verdict, with those sizes as a concrete counterexample,
before anything is resolved or proved.  A row against a column stays bad input (a layout to
fix, see ``arrays.lower_pair``), and so does a given whose sides differ.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy as sp
from sympy import Expr

from ..language.arrays import ShapesDiffer, dims_text
from .results import REFUTED

#: Values tried for the sizes a mismatch names (each assignment gives distinct sizes distinct values).
_VALUES = (2, 3, 5, 7)
#: The method of a verdict reached from the shapes alone.
METHOD = "shapes of the two sides (matrix notation)"


@dataclass(frozen=True)
class Mismatch:
    """The two sides' shapes, as written and at sizes where they differ."""

    left: str
    right: str
    #: (size name, value): sizes at which the two shapes differ
    sizes: tuple[tuple[str, int], ...]
    left_at: str
    right_at: str


def _expr(d) -> Expr:
    return sp.Integer(d) if isinstance(d, int) else d


def differing(exc: ShapesDiffer) -> tuple[Expr, Expr, dict, Mismatch]:
    """A claim's sides kept apart (each its own entry), their ranges and the ``Mismatch``; ``exc`` again if no sizes show it."""
    left, right = tuple(map(_expr, exc.lhs.shape)), tuple(map(_expr, exc.rhs.shape))
    names = sorted({s for d in left + right for s in d.free_symbols}, key=str)
    # Smallest values first, distinct sizes distinct: (n, m) against (m, n) differ at n = 2, m = 3.
    for values in itertools.permutations(_VALUES, len(names)) if len(names) <= len(_VALUES) else ():
        at = dict(zip(names, values))
        left_at, right_at = (tuple(d.xreplace(at) for d in shape) for shape in (left, right))
        if left_at != right_at:
            lhs, rhs, ranges = exc.apart()
            sizes = tuple(sorted((str(s), v) for s, v in at.items()))
            return lhs, rhs, ranges, Mismatch(dims_text(left), dims_text(right), sizes, dims_text(left_at),
                                                 dims_text(right_at))
    raise exc


def refutation(m: Mismatch) -> dict:
    """The verdict fields of a claim whose sides have these shapes: refuted, the sizes as its counterexample."""
    cx = {"sizes": dict(m.sizes), "indices": {}, "inputs": {}, "lhs": m.left_at, "rhs": m.right_at,
          "shapes": [m.left, m.right]}
    return {"verdict": REFUTED, "method": METHOD, "counterexample": cx, "evidence": {"counterexample": cx}}


__all__ = ["METHOD", "Mismatch", "differing", "refutation"]

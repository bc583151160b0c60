"""Written-out expressions shortened for a reader: first entries, an ellipsis, the last.

Beyond ``LIMIT`` entries, writing every one stops helping: ``e^{z_1} + e^{z_2} + ⋯ + e^{z_{10}}``
and a 10 × 5 matrix as its first two rows and columns, ``⋮``/``⋯``/``⋱``, and the last.  Used
by the printers for people (text, LaTeX, MathML), never by the SymPy-syntax printer, so JSON
keeps every entry.
"""
from __future__ import annotations

import sympy as sp
from sympy import Basic

#: More entries than this are elided (the tutorial's n = 3 and n = 4 are written out in full).
LIMIT = 4


class Elided(sp.Symbol):
    """The ellipsis standing for the entries left out: ``⋯`` in a sum or row, ``⋮`` in a column, ``⋱``."""


DOTS, VDOTS, DDOTS = Elided("⋯"), Elided("⋮"), Elided("⋱")


def _entry_shape(term: Basic) -> Basic:
    """``term`` with every written-out entry's numbers replaced by 0: terms of one written-out sum agree."""
    return term.xreplace({ind: ind.base[tuple(0 for _ in ind.indices)] for ind in term.atoms(sp.Indexed)
                          if all(getattr(i, "is_Integer", False) for i in ind.indices)})


def _natural(term: Basic) -> tuple:
    return tuple(sorted(tuple(int(i) for i in ind.indices) for ind in term.atoms(sp.Indexed)
                        if all(getattr(i, "is_Integer", False) for i in ind.indices)))


def _short_sum(e: Basic) -> Basic | None:
    """The longest run of terms of one shape as first, second, ⋯, last; the other terms after it."""
    if len(e.args) <= LIMIT:
        return None
    groups: dict[Basic, list[Basic]] = {}
    for t in e.args:
        groups.setdefault(_entry_shape(t), []).append(t)
    run = max(groups.values(), key=len)
    if len(run) <= LIMIT:
        return None
    ordered = sorted(run, key=_natural)
    rest = [t for t in e.args if t not in set(run)]
    return sp.Add(ordered[0], ordered[1], DOTS, ordered[-1], *rest, evaluate=False)


def _keep(n: int) -> list[int | None]:
    """Row (or column) positions shown: all, or the first two, a gap (None) and the last."""
    return list(range(n)) if n <= LIMIT else [0, 1, None, n - 1]


def _short_matrix(m: sp.MatrixBase) -> sp.MatrixBase:
    rows, cols = _keep(m.rows), _keep(m.cols)
    cells = [[(DDOTS if r is None and c is None else VDOTS if r is None else DOTS if c is None else elide(m[r, c]))
              for c in cols] for r in rows]
    return sp.ImmutableMatrix(cells)


def elide(expr: Basic) -> Basic:
    """``expr`` with long written-out sums and matrices shortened (unchanged when nothing is long)."""
    if isinstance(expr, sp.MatrixBase):
        return _short_matrix(expr) if max(expr.shape) > LIMIT or any(
            isinstance(v, sp.Add) and len(v.args) > LIMIT for v in expr) else expr
    if not isinstance(expr, Basic) or expr.is_Atom:
        return expr
    if isinstance(expr, (sp.Eq, sp.Tuple)):
        args = [elide(a) for a in expr.args]
        if all(a is b for a, b in zip(args, expr.args)):
            return expr
        return sp.Eq(*args, evaluate=False) if isinstance(expr, sp.Eq) else sp.Tuple(*args)
    if not any(isinstance(a, sp.Add) and len(a.args) > LIMIT for a in sp.preorder_traversal(expr)):
        return expr
    return expr.replace(lambda e: isinstance(e, sp.Add) and _short_sum(e) is not None, _short_sum)


def elided(expr: Basic) -> bool:
    """True when printing ``expr`` leaves entries out."""
    return elide(expr) is not expr

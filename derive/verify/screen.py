"""Screening the prover's levels: one point where every quantity is free rules a level out cheaply.

The zero test (``derive.algebra.is_zero``) knows nothing of the file's definitions: at a level
where ``s`` is not expanded, ``s[i]`` is an atom like an input, so when the test succeeds the
difference is 0 for *every* real value of every atom that satisfies the givens in the form the
test uses.  One point with every quantity drawn freely (defined ones too), the givens holding
there, at which the difference is clearly not 0, therefore shows that the test must fail at
that level, and the prover skips it instead of spending as long failing as it would
succeeding.  The screen only ever skips a level that cannot close, so the proofs found (and
how they read) are unchanged; whenever it cannot decide (a given that does not hold at its
point, a value that is not finite and real) it skips nothing.

Kinks (``max``, ``H``, ``|u|``, ``where`` …): the zero test proves such a difference 0 on every
side of each kink it splits cases on (those outside sums), and everywhere for those inside
sums, which it holds as opaque values (``kinks.split_kinks``).  So at a point off the kinks it
splits on (each of their arguments clearly nonzero there) a level that closes is 0 too, and a
clearly nonzero value there rules it out.  A ``where`` inside a sum, which the test rewrites
with steps (equal except on its kink, which moves along the sum), is not screened; neither is
a difference whose givens have kinks.
"""
from __future__ import annotations

import itertools
import random
from fractions import Fraction

import mpmath
import sympy as sp
from sympy import Expr, Symbol

from ..algebra.zero import symmetry_axes
from ..language import almost_everywhere, split_kinks
from .compiled import Compiler, Point
from .domains import Domain, simplex_given, simplex_rows, symmetrize
from .evaluate import Undefined, Unsupported
from .fileformat import DerivationFile
from .ranges import index_ranges
# The search's precision and its test of a difference against its terms: a level is ruled out by what
# the search would call a counterexample, never by less.
from .search import DIGITS, RELATIVE_GAP

#: Sizes tried (every size symbol at once), and index combinations per size.
SIZES = (3,)
MAX_INDEX_COMBOS = 2
ERRORS = (Undefined, Unsupported, OverflowError, ZeroDivisionError, ArithmeticError, ValueError, TypeError)


def _parts(rng: random.Random, k: int) -> list[Fraction]:
    """k positive parts of 1 in proportion to draws from 1..1000."""
    parts = [Fraction(rng.randint(1, 1000)) for _ in range(k)]
    return [p / sum(parts) for p in parts]


def _clearly_nonzero(terms: list) -> bool:
    """True when the sum of ``terms`` is not 0 by what the search would call a difference."""
    return abs(sum(terms, mpmath.mpf(0))) > RELATIVE_GAP * max(1, sum(abs(t) for t in terms))


class Screen:
    """Free points for one claim: ``rules_out(expr, givens)`` is True when ``expr`` is clearly not 0 at one."""

    def __init__(self, f: DerivationFile, ranges: dict, seed: int = 0, compiler: Compiler | None = None):
        self.f, self.ranges, self.seed = f, ranges, seed
        # The file's compiler when given: its claims and levels evaluate the same subexpressions.
        self.compiler = compiler or Compiler()

    def rules_out(self, expr: Expr, givens: list[tuple[Expr, Expr]]) -> bool:
        """True when ``expr`` is not 0 at a free point where every ``(pattern, value)`` given holds."""
        if any(almost_everywhere(p - v) for p, v in givens):
            return False
        kinks = split_kinks(expr) if almost_everywhere(expr) else []
        if kinks is None:
            return False
        try:
            return any(self._nonzero_at(size, expr, givens, kinks) for size in SIZES)
        except ERRORS:
            return False

    def _nonzero_at(self, size: int, expr: Expr, givens: list[tuple[Expr, Expr]], kinks: list[Expr]) -> bool:
        sizes = {s: sp.Integer(size) for s in self.f.size_symbols}
        rng = random.Random(f"{self.seed}:screen:{size}")
        with mpmath.workdps(DIGITS):
            point = Point(self._sizes(sizes), self._draw(sizes, givens, rng), self.compiler)
            for q in self.f.quantities.values():
                if not q.shape:
                    point.symbols[Symbol(q.name, real=True)] = point.arrays[q.name][()]
            if not all(self._holds(point, p, v, sizes) for p, v in givens):
                return False
            for idx in self._index_combos(sizes):
                point.symbols.update(idx)
                try:
                    if not all(_clearly_nonzero([point(t) for t in sp.Add.make_args(u)]) for u in kinks):
                        continue  # on a kink (or too near one to tell): either side could hold there
                    if _clearly_nonzero([point(t) for t in sp.Add.make_args(expr)]):
                        return True
                except ERRORS:
                    continue
        return False

    def _sizes(self, sizes: dict) -> dict:
        return {s: mpmath.mpf(int(v)) for s, v in sizes.items()}

    def _draw(self, sizes: dict, givens: list[tuple[Expr, Expr]], rng: random.Random) -> dict[str, dict]:
        """Every quantity of the file, defined or not, drawn freely (rows of a simplex given on the simplex),
        and its labels in range (the search's draw of them)."""
        rules = (simplex_given(p, v, self.f, inputs_only=False) for p, v in givens)
        simplex = {r.name: r for r in rules if r}
        arrays = {}
        for q in self.f.quantities.values():
            shape = [int(d.xreplace(sizes)) for d in q.shape]
            keys = list(itertools.product(*[range(1, s + 1) for s in shape]))
            if q.name in simplex and shape:
                arrays[q.name] = simplex_rows(simplex[q.name], tuple(shape), rng, _parts)
            else:
                arrays[q.name] = {k: Fraction(rng.randint(100, 2000), 1000) for k in keys}
        for p, v in givens:
            axes = symmetry_axes(p, v)
            if axes is not None and p.base.name in arrays:
                symmetrize(arrays[p.base.name], *axes)
        arrays.update(Domain(self.f).label_arrays(sizes, rng))  # in range: the prover contracts with them
        return {n: {k: mpmath.mpf(v.numerator) / v.denominator for k, v in vals.items()} for n, vals in arrays.items()}

    def _holds(self, point: Point, pattern: Expr, value: Expr, sizes: dict) -> bool:
        """The given at every value of its free indices (as the zero test uses it: row by row)."""
        free = index_ranges(pattern - value, self.f.shapes, self.f.not_indices)
        syms = sorted(free, key=str)
        for combo in itertools.product(*[range(1, int(free[s].xreplace(sizes)) + 1) for s in syms]):
            point.symbols.update({s: mpmath.mpf(v) for s, v in zip(syms, combo)})
            try:
                a, b = point(pattern), point(value)
            except ERRORS:
                return False
            if abs(a - b) > RELATIVE_GAP * max(1, abs(a), abs(b)):
                return False
        return True

    def _index_combos(self, sizes: dict) -> list[dict]:
        """All-distinct index values first (where deltas vanish), then all equal, then a few others."""
        syms = sorted(self.ranges, key=str)
        dims = [range(1, int(self.ranges[s].xreplace(sizes)) + 1) for s in syms]
        combos = list(itertools.product(*dims))
        combos.sort(key=lambda c: (len(set(c)) != len(c), len(set(c)) != 1))
        return [{s: mpmath.mpf(v) for s, v in zip(syms, c)} for c in combos[:MAX_INDEX_COMBOS]]

"""Counterexample search: explicit small sizes, every index combination, inputs satisfying the givens.

Sizes run over 1..4 (every combination, capped), each free index over its whole range
(so ``i ≠ j`` is always tried), and inputs are drawn as exact rationals: alternately
positive (so logs and square roots are defined) and of either sign; an input vector
``y`` with a given ``Σ_i y_i = c`` is drawn on the (scaled) simplex.  Both sides are
evaluated with mpmath at 50 digits; a difference is confirmed at 100 digits before it
is reported, so rounding cannot fake a counterexample.  Points where either side has no
finite real value are skipped.
"""
from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath
import sympy as sp
from sympy import Expr, Indexed, Sum, Symbol

from .domains import Domain
from .evaluate import Evaluator, Undefined, Unsupported
from .fileformat import Given
from .ranges import index_ranges
from .semantics import Semantics

MAX_SIZE = 4
MAX_SIZE_COMBOS = 40
DRAWS = 4
DIGITS, CONFIRM_DIGITS = 50, 100
RELATIVE_GAP = mpmath.mpf("1e-20")


@dataclass
class SearchResult:
    """What the search saw: a counterexample, or how many points and the largest difference."""

    counterexample: dict | None = None
    points: int = 0
    max_difference: float = 0.0
    notes: list[str] = field(default_factory=list)


def _fmt(v) -> str:
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    return mpmath.nstr(v, 15)


def _simplex_given(g: Given, f) -> tuple[str, object] | None:
    """``(name, c)`` when ``g`` reads ``Σ_i q[…, i] = c`` over the last axis of an input q.

    Other indices of q in the sum are free: the given holds for each of their values (a
    batch of distributions ``Σ_i Y_bi = 1`` for every row b), so every row is drawn on the simplex.
    """
    lhs, rhs = g.lhs, g.rhs
    if not (isinstance(lhs, Sum) and len(lhs.limits) == 1 and rhs.is_Rational and rhs > 0):
        return None
    (d, lo, hi), body = lhs.limits[0], lhs.function
    if not (isinstance(body, Indexed) and body.indices[-1] == d and lo == 1):
        return None
    rows = body.indices[:-1]
    if len(set(rows)) != len(rows) or not all(isinstance(r, Symbol) and r.is_integer and r != d for r in rows):
        return None
    q = f.quantities.get(str(body.base.label))
    if q is None or q.defined or len(q.shape) != len(body.indices) or q.shape[-1] != hi:
        return None
    return q.name, Fraction(int(rhs.p), int(rhs.q))


def _free_ranges(g: Given, f) -> dict:
    """Free indices of a given (each value must satisfy it) and the size each runs over."""
    return index_ranges(g.lhs - g.rhs, f.shapes, f.size_symbols)


class Search:
    """Counterexample search for one claim of one file."""

    def __init__(self, sem: Semantics, lhs: Expr, rhs: Expr, ranges: dict, givens: tuple[Given, ...],
                 seed: int = 0, max_size: int | None = None, domain: Domain | None = None):
        self.max_size = max_size or MAX_SIZE
        self.sem, self.f = sem, sem.file
        self.domain = domain or Domain(sem.file)
        self.lhs, self.rhs, self.ranges, self.givens = lhs, rhs, ranges, givens
        self.rng = random.Random(seed)
        self.given_free = [_free_ranges(g, self.f) for g in givens]
        self.simplex = {}
        for g in givens:
            hit = _simplex_given(g, self.f)
            if hit:
                self.simplex[hit[0]] = hit[1]

    def size_combos(self) -> list[dict]:
        syms = sorted(self.f.size_symbols, key=str)
        combos = [dict(zip(syms, map(sp.Integer, vals))) for vals in itertools.product(range(1, self.max_size + 1), repeat=len(syms))]
        combos.sort(key=lambda c: (sum(c.values()), tuple(c.values())))
        if len(combos) > MAX_SIZE_COMBOS:
            keep = combos[:MAX_SIZE_COMBOS // 2]
            rest = combos[MAX_SIZE_COMBOS // 2:]
            keep += self.rng.sample(rest, MAX_SIZE_COMBOS - len(keep))
            combos = keep
        return combos

    def _draw(self, shape: tuple[int, ...], positive: bool, total: Fraction | None) -> dict:
        keys = list(itertools.product(*[range(1, s + 1) for s in shape]))
        if total is not None:
            out = {}
            for row in itertools.product(*[range(1, s + 1) for s in shape[:-1]]):
                entries = [row + (c,) for c in range(1, shape[-1] + 1)]
                weights = [self.rng.randint(1, 999) for _ in entries]
                out.update({k: total * Fraction(w, sum(weights)) for k, w in zip(entries, weights)})
            return out
        if positive:
            return {k: Fraction(self.rng.randint(1, 2000), 1000) for k in keys}
        return {k: Fraction(self.rng.choice([-1, 1]) * self.rng.randint(1, 2000), 1000) for k in keys}

    def draw_inputs(self, sizes: dict, positive: bool) -> dict[str, dict]:
        inputs = {}
        for q in self.f.quantities.values():
            if q.defined:
                continue
            shape = tuple(int(d.xreplace(sizes)) for d in q.shape)
            inputs[q.name] = self.domain.draw(q.name, shape, self.rng) or \
                self._draw(shape, positive, self.simplex.get(q.name))
        inputs.update(self.domain.label_arrays(sizes, self.rng))
        return inputs

    def forward(self, sizes: dict, inputs: dict[str, dict]) -> tuple[dict, dict]:
        """Symbol values and every quantity's array (inputs and defined) at this point."""
        symbols = {s: mpmath.mpf(int(v)) for s, v in sizes.items()}
        arrays = {name: {k: mpmath.mpf(v.numerator) / v.denominator for k, v in vals.items()}
                  for name, vals in inputs.items()}
        for q in self.f.quantities.values():
            if not q.shape and not q.defined:
                symbols[Symbol(q.name, real=True)] = arrays[q.name][()]
        symbols.update(self.domain.label_symbols(arrays))
        ev = Evaluator(symbols, arrays)
        for q in self.f.quantities.values():
            if not q.defined:
                continue
            keys_, body = self.sem.defs[q.name]
            shape = [int(d.xreplace(sizes)) for d in q.shape]
            table = {}
            for key in itertools.product(*[range(1, s + 1) for s in shape]):
                for sym, v in zip(keys_, key):
                    ev.symbols[sym] = mpmath.mpf(v)
                table[key] = ev(body)
            arrays[q.name] = table
            if not q.shape:
                symbols[Symbol(q.name, real=True)] = table[()]
                ev.symbols[Symbol(q.name, real=True)] = table[()]
        return ev.symbols, arrays

    def _givens_hold(self, ev: Evaluator, sizes: dict) -> bool:
        for g, free in zip(self.givens, self.given_free):
            syms = sorted(free, key=str)
            for combo in itertools.product(*[range(1, int(free[s].xreplace(sizes)) + 1) for s in syms]):
                ev.symbols.update({s: mpmath.mpf(v) for s, v in zip(syms, combo)})
                if abs(ev(g.lhs) - ev(g.rhs)) > RELATIVE_GAP:
                    return False
        return self.domain.holds(ev, sizes)

    def _compare(self, sizes, inputs, idx: dict, digits: int):
        with mpmath.workdps(digits):
            symbols, arrays = self.forward(sizes, inputs)
            ev = Evaluator(symbols, arrays)
            ev.symbols.update({s: mpmath.mpf(v) for s, v in idx.items()})
            return ev(self.lhs), ev(self.rhs)

    def run(self) -> SearchResult:
        res = SearchResult()
        idx_syms = sorted(self.ranges, key=str)
        skipped_given = 0
        for sizes in self.size_combos():
            for draw in range(DRAWS):
                inputs = self.draw_inputs(sizes, positive=draw % 2 == 0)
                try:
                    with mpmath.workdps(DIGITS):
                        symbols, arrays = self.forward(sizes, inputs)
                        ev = Evaluator(symbols, arrays)
                        if not self._givens_hold(ev, sizes):
                            skipped_given += 1
                            continue
                except Undefined:
                    continue
                dims = [range(1, int(self.ranges[s].xreplace(sizes)) + 1) for s in idx_syms]
                for combo in itertools.product(*dims):
                    idx = dict(zip(idx_syms, combo))
                    with mpmath.workdps(DIGITS):
                        ev.symbols.update({s: mpmath.mpf(v) for s, v in idx.items()})
                        try:
                            if not self.domain.admits(ev):
                                continue  # outside the claim's `when`: nothing is asserted there
                            a, b = ev(self.lhs), ev(self.rhs)
                        except Undefined:
                            continue
                        gap = abs(a - b)
                        res.points += 1
                        res.max_difference = max(res.max_difference, float(gap))
                        if gap <= RELATIVE_GAP * max(1, abs(a), abs(b)):
                            continue
                    try:
                        a2, b2 = self._compare(sizes, inputs, idx, CONFIRM_DIGITS)
                    except Undefined:
                        continue
                    with mpmath.workdps(CONFIRM_DIGITS):
                        if abs(a2 - b2) <= RELATIVE_GAP * max(1, abs(a2), abs(b2)):
                            continue
                        res.counterexample = self._report(sizes, idx, inputs, a2, b2)
                    return res
        if skipped_given:
            res.notes.append(f"{skipped_given} draws did not satisfy the givens and were skipped")
        return res

    def _report(self, sizes, idx, inputs, a, b) -> dict:
        size_names = {v: k for k, v in self.f.sizes.items()}
        out_inputs = {}
        for name, vals in inputs.items():
            q = self.f.quantities.get(name) or self.f.labels[name]
            if not q.shape:
                out_inputs[name] = _fmt(vals[()])
            elif len(q.shape) == 1:
                out_inputs[name] = "[" + ", ".join(_fmt(vals[k]) for k in sorted(vals)) + "]"
            else:
                rows = {}
                for k in sorted(vals):
                    rows.setdefault(k[0], []).append(_fmt(vals[k]))
                out_inputs[name] = "[" + ", ".join("[" + ", ".join(r) + "]" for r in rows.values()) + "]"
        return {
            "sizes": {size_names.get(s, str(s)): int(v) for s, v in sizes.items()},
            "indices": {str(s): int(v) for s, v in idx.items()},
            "inputs": out_inputs,
            "exact_inputs": {name: {",".join(map(str, k)): _fmt(v) for k, v in vals.items()}
                             for name, vals in inputs.items()},
            "lhs": mpmath.nstr(a, 15),
            "rhs": mpmath.nstr(b, 15),
            "difference": mpmath.nstr(a - b, 15),
        }


def search(sem: Semantics, lhs: Expr, rhs: Expr, ranges: dict, givens: tuple[Given, ...],
           max_size: int | None = None, domain: Domain | None = None) -> SearchResult:
    """Look for a counterexample to ``lhs = rhs`` (diffs resolved); deterministic (seeded)."""
    try:
        return Search(sem, lhs, rhs, ranges, givens, max_size=max_size, domain=domain).run()
    except Unsupported as exc:
        return SearchResult(notes=[f"cannot evaluate numerically: {exc}"])

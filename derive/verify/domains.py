"""Where the counterexample search may look: labels, inequality and ±1 givens, and a claim's ``when``.

Owns the input domain of one claim, as a small API the search calls:

* ``draw(name, shape, rng)`` — a draw for an input a given restricts (``T > 0``, ``0 < p < 1``,
  ``y[i]**2 = 1`` → ±1), or None for the search's own draw;
* ``label_arrays(sizes, rng)`` — an integer in range for each label, one per sample for
  ``c[b]``; ``label_symbols(arrays)`` gives a single label's value to the evaluator;
* ``holds(ev, sizes)`` — every inequality given, at every value of its free indices (draws that
  break one are skipped, so a given the draw rules do not cover is still honoured);
* ``admits(ev)`` — the claim's ``when`` at the current index values (elsewhere it is not asserted).

``simplex_given`` recognises a given that puts rows of an array on a simplex (``Σ_i y_i = 1``,
``Σ_{j≠i} c_ij = 1``) and ``simplex_rows`` draws such rows; the search and the zero test's screen
both draw so; ``symmetrize`` makes a draw symmetric under a given ``A[i, j] = A[j, i]``.
"""
from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import mpmath
import sympy as sp
from sympy import Expr, Indexed, KroneckerDelta, Sum, Symbol

from ..algebra.bigops import ForEach
from ..algebra.names import BOUND, freshen, is_index
from .evaluate import Evaluator, Undefined
from .fileformat import Condition, DerivationFile, Given, kept_real_where

_RELATIONS = (sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan, sp.GreaterThan)


#: An equality of a claim's ``when`` holds at a point within this relative gap (the sides' at least 1), as an equality
#: given does (the search's ``GIVEN_GAP``): a draw solved onto Σ_k w_k x_k == 0 is exact, but its 50-digit sum is not.
EQUALITY_GAP = mpmath.mpf("1e-35")


def truth(ev: Evaluator, cond, margin=None, eq_gap=None) -> bool:
    """The value of a condition (``And``/``Or``/``Not``/``ForEach`` of comparisons) at the evaluator's point.

    ``margin`` (relative to the sides' size, at least 1): a strict comparison must hold by more than it (met only
    by rounding, σ(x) + σ(−x) > 1 is false), while a non-strict one and an equality hold within it (h ≤ 0 at h = 0,
    and a draw moved onto u == p/(p + q) meets that to the working precision alone); ``Not`` keeps this (not h > 0
    is h ≤ 0).  ``eq_gap`` (without ``margin``): an equality holds within it (relative, as ``margin``), the
    other comparisons are read strictly.
    """
    if cond is sp.true:
        return True
    if cond is sp.false:
        return False
    if isinstance(cond, sp.And):
        return all(truth(ev, c, margin, eq_gap) for c in cond.args)
    if isinstance(cond, sp.Or):
        return any(truth(ev, c, margin, eq_gap) for c in cond.args)
    if isinstance(cond, sp.Not):
        return not truth(ev, cond.args[0], margin, eq_gap)
    if isinstance(cond, ForEach):
        _, lo, hi = cond.limit
        return all(truth(ev, _term(cond, v), margin, eq_gap) for v in range(int(ev(lo)), int(ev(hi)) + 1))
    a, b = ev(cond.lhs), ev(cond.rhs)
    if margin is not None:
        d, t = a - b, margin * max(1, abs(a), abs(b))
        ops = {sp.Eq: abs(d) <= t, sp.Ne: abs(d) > t, sp.StrictLessThan: -d > t, sp.LessThan: -d >= -t,
               sp.StrictGreaterThan: d > t, sp.GreaterThan: d >= -t}
    else:
        ops = {sp.Eq: a == b if eq_gap is None else abs(a - b) <= eq_gap * max(1, abs(a), abs(b)),
               sp.Ne: a != b, sp.StrictLessThan: a < b, sp.LessThan: a <= b,
               sp.StrictGreaterThan: a > b, sp.GreaterThan: a >= b}
    for kind, value in ops.items():
        if isinstance(cond, kind):
            return bool(value)
    raise ValueError(f"not a condition: {cond}")


#: Terms of ``ForEach`` conditions already made (the most recent): every point of a claim's search reads the
#: same ones: tests/outside rebuilt 12,825 terms, 134 distinct (2.1 s of its 175 under cProfile).
_TERMS: dict = {}
MAX_TERMS = 4096


def _term(cond: ForEach, v: int):
    """The condition of ``cond`` on its term at index value ``v`` (the same object each time)."""
    key = (cond, v)
    term = _TERMS.get(key)
    if term is None:
        term = _TERMS[key] = cond.cond.xreplace({cond.limit[0]: sp.Integer(v)})
        if len(_TERMS) > MAX_TERMS:
            _TERMS.pop(next(iter(_TERMS)))  # the oldest
    return term


def pinned_to(var, value) -> bool:
    """True for ``u == 0``: a real scalar fixed to a number (the search draws it there, the prover sets it)."""
    return isinstance(var, Symbol) and var.is_real and not var.is_integer and isinstance(value, sp.Rational)


def pinned_scalar(g) -> str | None:
    """The scalar a given ``u = 1`` (either way round) fixes to a number, else None."""
    for var, value in ((g.lhs, g.rhs), (g.rhs, g.lhs)):
        if pinned_to(var, value):
            return var.name
    return None


def sets_scalar(var, value) -> bool:
    """True for ``u == value``: a real scalar fixed to a number or to an expression without it (``u == p/(p + q)``)."""
    return pinned_to(var, value) or isinstance(var, Symbol) and var.is_real and not var.is_integer \
        and isinstance(value, Expr) and var not in value.free_symbols and not value.has(sp.Derivative)


def _input_of(e: Expr, f: DerivationFile) -> str | None:
    """The input ``q`` when ``e`` is ``q`` or ``q[i, j]`` with distinct free indices (every entry).

    A label is no free index: ``x[c] > 0`` states one entry, not every entry of x.
    """
    if isinstance(e, Indexed):
        idx = e.indices
        if not all(is_index(i) and i not in f.size_symbols for i in idx):
            return None
        if len(set(idx)) != len(idx):
            return None
        name = e.base.name
    elif isinstance(e, Symbol) and not e.is_integer:
        name = str(e)
    else:
        return None
    q = f.quantities.get(name)
    return name if q is not None and not q.defined else None


def bounds(conditions: tuple[Condition, ...], f: DerivationFile) -> dict[str, tuple]:
    """Input name -> ``(lo, hi)`` (Fractions or None) from conditions ``q > c``, ``c <= q[i]``, …."""
    out: dict[str, list] = {}
    for c in conditions:
        parts = c.cond.args if isinstance(c.cond, sp.And) else (c.cond,)
        for rel in parts:
            if not isinstance(rel, _RELATIONS):
                continue
            lhs, rhs = rel.lhs, rel.rhs
            greater = isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan))
            if _input_of(rhs, f) and lhs.is_Rational:
                lhs, rhs, greater = rhs, lhs, not greater
            name = _input_of(lhs, f)
            if name is None or not rhs.is_Rational:
                continue
            lo_hi = out.setdefault(name, [None, None])
            value = Fraction(int(rhs.p), int(rhs.q))
            if greater:
                lo_hi[0] = value if lo_hi[0] is None else max(lo_hi[0], value)
            else:
                lo_hi[1] = value if lo_hi[1] is None else min(lo_hi[1], value)
    return {k: tuple(v) for k, v in out.items()}


def unit_inputs(givens: tuple[Given, ...], f: DerivationFile) -> set[str]:
    """Inputs with a given ``q[i]**2 = 1`` for every entry (or ``q**2 - 1 = 0``, ``(q - 1)(q + 1) = 0``, ``|q| = 1``):
    drawn as ±1."""
    return {name for gap, x, name in _gaps_of_one_input(givens, f)
            if _multiple_of(gap, x, x**2 - 1) or sp.expand(gap - (sp.Abs(x) - 1)) == 0
            or sp.expand(gap + (sp.Abs(x) - 1)) == 0}


def binary_inputs(givens: tuple[Given, ...], f: DerivationFile) -> set[str]:
    """Inputs with a given ``q[i](1 - q[i]) = 0`` (``q[i]**2 = q[i]``) for every entry: each 0 or 1, drawn so (with a
    given ``Σ_i q[i] = 1``, one-hot)."""
    return {name for gap, x, name in _gaps_of_one_input(givens, f) if _multiple_of(gap, x, x**2 - x)}


def _gaps_of_one_input(givens: tuple[Given, ...], f: DerivationFile):
    """``(lhs − rhs expanded, x, input name)`` of each given that reads one entry ``x`` of an input (every entry, at
    free indices) or one scalar input, and no sum or product."""
    for g in givens:
        gap = sp.expand(g.lhs - g.rhs)
        entries = gap.atoms(Indexed) or gap.free_symbols  # (an entry's free symbols hold its array's name)
        if len(entries) == 1 and _input_of(x := next(iter(entries)), f) and not gap.has(sp.Sum, sp.Product):
            yield gap, x, _input_of(x, f)


def _multiple_of(gap: Expr, x: Expr, quadratic: Expr) -> bool:
    """True when ``gap`` is a nonzero multiple of ``quadratic`` (x² − 1, x² − x), a polynomial of degree 2 in x."""
    c = gap.coeff(x, 2)
    return c != 0 and sp.expand(gap - c * quadratic) == 0


@dataclass(frozen=True)
class Simplex:
    """Rows of input ``name`` that sum to ``total`` over its last axis, skipping the entry whose
    last index equals row index number ``skip`` (``Σ_{j≠i} c_ij = 1``), or none when ``skip`` is None."""

    name: str
    total: Fraction
    skip: int | None = None


def _excluded(body: Expr, d: Symbol) -> tuple[Expr, Symbol | None] | None:
    """``(q[…], r)`` for a body ``q[…]·(1 − δ(d, r))``, ``(q[…], None)`` for ``q[…]``, else None."""
    if isinstance(body, Indexed):
        return body, None
    if not (body.is_Mul and len(body.args) == 2):
        return None
    entry, factor = sorted(body.args, key=lambda a: not isinstance(a, Indexed))
    if not isinstance(entry, Indexed):
        return None
    delta = 1 - factor
    if not (isinstance(delta, KroneckerDelta) and d in delta.args):
        return None
    other = delta.args[1] if delta.args[0] == d else delta.args[0]
    return entry, other


def simplex_given(lhs: Expr, rhs: Expr, f: DerivationFile, inputs_only: bool = True) -> Simplex | None:
    """The rows a given ``Σ_i q[…, i] = c`` (c > 0) puts on the simplex, or None.

    Other indices of q in the sum are free: the given holds for each of their values (a batch of
    distributions ``Σ_i Y_bi = 1`` for every row b), so every row is drawn on the simplex.  The sum
    may skip the entry on one of them (``Σ_{j≠i} c_ij = 1``, t-SNE's conditional probabilities).
    """
    if not (isinstance(lhs, Sum) and len(lhs.limits) == 1 and rhs.is_Rational and rhs > 0):
        return None
    (d, lo, hi) = lhs.limits[0]
    found = _excluded(lhs.function, d)
    if found is None or lo != 1:
        return None
    body, other = found
    if body.indices[-1] != d:
        return None
    rows = body.indices[:-1]
    if len(set(rows)) != len(rows) or not all(is_index(r) and r != d for r in rows):
        return None
    if other is not None and other not in rows:
        return None
    q = f.quantities.get(body.base.name)
    if q is None or (inputs_only and q.defined) or len(q.shape) != len(body.indices) or q.shape[-1] != hi:
        return None
    return Simplex(q.name, Fraction(int(rhs.p), int(rhs.q)), None if other is None else rows.index(other))


def cut_parts(rng: random.Random, k: int) -> list[Fraction]:
    """k positive parts of 1, cut at k − 1 distinct thousandths (a ``split`` for ``simplex_rows``)."""
    cuts = sorted(rng.sample(range(1, 1000), k - 1)) if k > 1 else []
    return [Fraction(b - a, 1000) for a, b in zip([0] + cuts, cuts + [1000])]


def simplex_rows(rule: Simplex, shape: tuple[int, ...], rng: random.Random,
                 split: Callable[[random.Random, int], list[Fraction]]) -> dict:
    """Entries of an array of ``shape`` whose rows satisfy ``rule``, split into parts by ``split``.

    ``split(rng, k)`` gives k positive fractions summing to 1 (the search and the screen draw
    their own ways).  A skipped entry is drawn positive and below the total, so ``c_ij > 0`` holds.
    """
    out = {}
    for row in itertools.product(*[range(1, s + 1) for s in shape[:-1]]):
        cols = [c for c in range(1, shape[-1] + 1) if rule.skip is None or c != row[rule.skip]]
        out.update({row + (c,): rule.total * p for c, p in zip(cols, split(rng, len(cols)) if cols else ())})
        if len(cols) < shape[-1]:
            out[row + (row[rule.skip],)] = rule.total * Fraction(rng.randint(1, 999), 1000)
    return out


def symmetrize(entries: dict, p: int, q: int) -> None:
    """Make a drawn array symmetric in axes p and q: each entry below the diagonal copies its mirror."""
    for key in entries:
        if key[p] > key[q]:
            mirror = list(key)
            mirror[p], mirror[q] = key[q], key[p]
            entries[key] = entries.get(tuple(mirror), entries[key])  # axes of unequal sizes: left to rejection


class Domain:
    """The input domain and assertion region of one claim (see the module docstring)."""

    def __init__(self, f: DerivationFile, conditions: tuple[Condition, ...] = (),
                 givens: tuple[Given, ...] = (), when: Condition | None = None, real_where: tuple = ()):
        self.f, self.conditions, self.when = f, tuple(conditions), when
        #: where the claim's sides as written have real values (``ClaimSpec.real_where``)
        self.real_where = tuple(real_where)
        self.bounds = bounds(self.conditions, f)
        self.units = unit_inputs(tuple(givens), f)
        self.binary = binary_inputs(tuple(givens), f)
        #: what the claim itself assumes (its own givens and conditions, not the file's): read at every point
        self.own: tuple = ()
        #: what the claim's derivatives differentiate, where that has kinks: a point on one of them (where a jump may
        #: leave no slope) is read as the sides' own kinks are
        self.differentiated: tuple = ()
        #: the claim's sides as written, each derivative held (a Dummy): the steps and signs the writer wrote, whose
        #: value at 0 is theirs (sign(0) = 0), where one a derivative makes is a convention
        self.written: tuple = ()
        #: whether each side holds no derivative: all its conditions are then the writer's, however read
        self.derivative_free: tuple = ()
        #: the quantities the claim's derivatives are taken by (each by its name)
        self.by: frozenset = frozenset()

    def draw(self, name: str, shape: tuple[int, ...], rng: random.Random, scale: int = 2) -> dict | None:
        """A draw of input ``name`` inside its given bounds, or None when no given restricts it.

        Past a bound on one side an entry lies as far as an unbounded draw of ``scale`` reaches (scale 50: 30 to
        50 past it): always within 2 of it, q = x for x > 0 of q = clip(x, 0, 6) was never refuted."""
        keys = list(itertools.product(*[range(1, s + 1) for s in shape]))
        pinned = self.pinned().get(name)
        if pinned is not None and not shape:
            return {(): pinned}  # when = "u == 0": random draws would never land on it
        if name in self.units:
            return {k: Fraction(rng.choice([-1, 1])) for k in keys}
        if name in self.binary:
            return {k: Fraction(rng.choice([0, 1])) for k in keys}
        if name not in self.bounds:
            return None
        lo, hi = self.bounds[name]
        if lo is not None and hi is not None:
            if hi <= lo:
                return None  # empty or a single point: left to the rejection test
            return {k: lo + (hi - lo) * Fraction(rng.randint(1, 999), 1000) for k in keys}

        def past() -> Fraction:  # as ``Search._entry`` draws an unbounded entry's size at this scale
            if scale >= 50:
                return Fraction(rng.randint(3000, 5000), 100)
            return Fraction(rng.randint(1, 1000 * scale), 1000)
        if lo is not None:
            return {k: lo + past() for k in keys}
        return {k: hi - past() for k in keys}

    def pinned(self) -> dict[str, Fraction]:
        """Scalar inputs an equality of the claim's ``when`` or a given fixes to a number (``u == 0``), by name."""
        out = {}
        for c in ((self.when,) if self.when is not None else ()) + self.conditions:
            for rel in (c.cond.args if isinstance(c.cond, sp.And) else (c.cond,)):
                if isinstance(rel, sp.Eq):
                    for var, value in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
                        if pinned_to(var, value) and var.name in self.f.quantities:
                            out[var.name] = Fraction(int(value.p), int(value.q))
        return out

    def label_arrays(self, sizes: dict, rng: random.Random) -> dict[str, dict]:
        """One integer label per sample for each per-sample label, within its range."""
        out = {}
        for spec in self.f.labels.values():
            shape = [int(d.xreplace(sizes)) for d in spec.shape]
            top = int(spec.range.xreplace(sizes))
            out[spec.name] = {k: Fraction(rng.randint(1, top))
                              for k in itertools.product(*[range(1, s + 1) for s in shape])}
        return out

    def label_symbols(self, arrays: dict) -> dict:
        """Single labels' values (drawn by ``label_arrays``) as the evaluator's symbols."""
        return {spec.base: arrays[spec.name][()] for spec in self.f.labels.values()
                if not spec.shape and spec.name in arrays}

    def restricted(self, keep) -> Domain:
        """The same domain with only the inequality givens ``keep(condition)`` accepts."""
        out = Domain.__new__(Domain)
        out.__dict__.update(self.__dict__)
        out.conditions = tuple(c for c in self.conditions if keep(c))
        return out

    def holds(self, ev: Evaluator, sizes: dict, margin=None) -> bool:
        """True when every inequality given holds at this draw, for every value of its free indices (``margin``: see
        ``truth``)."""
        for c in self.conditions:
            syms = sorted(c.free, key=str)
            for combo in itertools.product(*[range(1, int(c.free[s].xreplace(sizes)) + 1) for s in syms]):
                ev.symbols.update({s: mpmath.mpf(v) for s, v in zip(syms, combo)})
                if not truth(ev, c.cond, margin):
                    return False
        return True

    def holds_beyond_rounding(self, ev: Evaluator, sizes: dict, margin) -> bool:
        """True when the givens' conditions and the ``when`` hold at the current point beyond ``margin`` (relative; see
        ``truth``): σ(x) + σ(−x) > 1 holds nowhere, yet rounding met it at x = 1.204, at 50 digits and at 100."""
        # the when at this point's indices (the caller set them), then each given for every value of its own
        return (self.when is None or truth(ev, self.when.cond, margin)) and self.holds(ev, sizes, margin)

    def admits(self, ev: Evaluator) -> bool:
        """True when the claim is asserted at the current point (its ``when`` holds, if it has one).

        ``Undefined`` where a side as written has no real value, though its built form may have one.
        """
        written_real(ev, self.real_where)
        return self.when is None or truth(ev, self.when.cond, eq_gap=EQUALITY_GAP)


def written_real(ev: Evaluator, conditions: tuple) -> None:
    """``Undefined`` unless every condition of ``build.written_domain`` holds at the current point.

    Read as written, boundary included (√u at u = 0 is 0), not as a claim's condition is.
    """
    for c in conditions:
        if not truth(ev, c):
            raise Undefined("a side as written has no real value here")


def domain_for(f: DerivationFile, claim=None) -> Domain:
    """The domain of ``claim`` (a ``ClaimSpec``; None for the file's own givens only)."""
    conditions = tuple(f.conditions) + tuple(getattr(claim, "conditions", ()))
    givens = tuple(f.givens) + tuple(getattr(claim, "givens", ()))
    real_where = ()
    if claim is not None and claim.mismatch is None:
        real_where = kept_real_where(claim.real_where + definitions_real_where(f, (claim.lhs, claim.rhs),
                                                                               {*claim.ranges, *f.not_indices}),
                                     {*claim.ranges, *f.not_indices})
    domain = Domain(f, conditions, givens, getattr(claim, "when", None), real_where)
    domain.own = tuple(e for g in getattr(claim, "givens", ()) for e in (g.lhs, g.rhs)) + \
        tuple(c.cond for c in getattr(claim, "conditions", ()))
    if claim is not None and claim.mismatch is None:
        domain.differentiated = tuple(dict.fromkeys(
            d.expr for side in (claim.lhs, claim.rhs) for d in side.atoms(sp.Derivative)))
        domain.written = tuple(side.xreplace({d: sp.Dummy() for d in side.atoms(sp.Derivative)})
                               for side in (claim.lhs, claim.rhs))
        domain.derivative_free = tuple(not side.has(sp.Derivative) for side in (claim.lhs, claim.rhs))
        domain.by = frozenset(str(v.base.label) if isinstance(v, sp.Indexed) else str(v)
                              for side in (claim.lhs, claim.rhs) for d in side.atoms(sp.Derivative) for v in d.variables)
    return domain


#: How deep ``definitions_real_where`` follows definitions through definitions.
MAX_DEFINITION_DEPTH = 8


def definitions_real_where(f: DerivationFile, exprs: tuple, free: set) -> tuple:
    """Where the definitions ``exprs`` read as written are real, at the entries read: s = exp(log x) read
    only through ∂s/∂x still has no value at x < 0.  Entries read at a summation index are left out."""
    out: list = []
    seen: set = set()
    carriers = _carriers(f)
    if not carriers:
        return ()

    def walk(e: Expr, depth: int) -> None:
        bound = {lim[0] for s in e.atoms(*BOUND) for lim in s.limits}
        for name, at in _reads(e):
            q = f.quantities.get(name)
            if name not in carriers or (name, at) in seen or set().union(*(a.free_symbols for a in at)) & bound:
                continue
            seen.add((name, at))
            put = dict(zip(q.indices, at))
            out.extend(c.xreplace(put) for c in q.real_where)
            if depth < MAX_DEFINITION_DEPTH:  # its sums' indices freshened first: q_k = Σ_k x_k r_i read at i = k
                walk(freshen(q.definition).xreplace(put), depth + 1)
    for e in exprs:
        walk(e, 0)
    return kept_real_where(out, free)


def _carriers(f: DerivationFile) -> set[str]:
    """The defined quantities with a written domain of their own or read through their definition."""
    defined = {name: q for name, q in f.quantities.items() if q.defined}
    carriers = {name for name, q in defined.items() if q.real_where}
    reads = {name: {r for r, _ in _reads(q.definition)} for name, q in defined.items()} if carriers else {}
    grown = True
    while grown:  # the others' walks would find nothing: most files have no log, root or arcsin at all
        more = {name for name, r in reads.items() if name not in carriers and r & carriers}
        carriers |= more
        grown = bool(more)
    return carriers


def _reads(e: Expr) -> list[tuple[str, tuple]]:
    """The quantities ``e`` reads: (name, indices) of each entry, (name, ()) of each scalar."""
    entries = [(str(x.base), tuple(x.indices)) for x in e.atoms(Indexed)]
    return entries + [(s.name, ()) for s in e.free_symbols if isinstance(s, Symbol) and not s.is_integer]

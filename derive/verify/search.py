"""Counterexample search: explicit sizes, every index combination, inputs satisfying the givens.

Owns where a claim is tested.  The work is counted in points, never in seconds, so a
pass tries the same points on any machine: ``CHEAP`` (run before the prover: a few small
sizes, the smallest non-degenerate ones first) and ``WIDE`` (after it: every size 1..6
for each size symbol while there are few combinations, then a seeded sample).  Inputs
are exact short decimals over several scales (|x| ≤ 2, ≤ 10, and 30–50), alternately
positive and of either sign; an input with a given ``Σ_i y_i = c`` is drawn on the scaled
simplex; extra draws put an input on each kink of ``abs``/``max``/``min``/step/``sign``
/``where`` and just either side of it.  An equality of a claim's ``when`` (``T[i] == 0``, ``Σ_k w_k x_k == 0``) is
met as a given is, by solving it for one input entry, at each index combination's values.  Only the quantities the claim (and the givens
sharing its inputs) depend on are evaluated.  Both sides are evaluated with mpmath at 50
digits; a difference is confirmed at 100 digits before it is reported.  A point where a
side has no finite real value is skipped and counted.  The claims of a file are drawn alike,
so what depends only on the draw (the defined quantities' values, where each kink lies, the
memo of sums and function values) is computed once and kept with the file's ``Semantics``.
"""
from __future__ import annotations

import functools
import itertools
import math
import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath
import sympy as sp
from sympy import Expr, Indexed, Sum, Symbol

from ..language.builtins import BOUNDARIES_AS_WRITTEN, ON_BOUNDARY
from ..language.kinks import kink_arguments_anywhere
from ..algebra.zero import symmetry_axes
from .domains import (EQUALITY_GAP, Domain, Simplex, bounds, cut_parts, pinned_scalar, sets_scalar, simplex_given,
                      simplex_rows, symmetrize, truth, written_real)
from .compiled import AtKink, Point, Ties, file_compiler, oriented_kink, ties_met, valuations, watched, watching
from .evaluate import Evaluator, Undefined, Unsupported
from . import exact
from .fileformat import Given
from .semantics import Semantics

DIGITS, CONFIRM_DIGITS = 50, 100
RELATIVE_GAP = mpmath.mpf("1e-20")
#: A counterexample's difference, recomputed with this many digits, must agree with itself within STABLE_GAP (relative).
STABLE_DIGITS, STABLE_GAP = 2 * CONFIRM_DIGITS, mpmath.mpf("1e-10")
#: Past the confirming precision, the stability check reads the sides with this many more digits than twice the
#: range the values computed for them span (a cancellation of terms that large is resolved there), up to
#: MAX_STABLE_DIGITS (beyond, the point refutes nothing)
STABLE_MARGIN, MAX_STABLE_DIGITS = 30, 5000
#: An equality given holds at a draw within this relative gap (the sides' at least 1): a solved entry leaves ~1e-44
#: (SOLVE_DIGITS), exact draws less; an equation no real value solves is met only "nearly" (e^x = 0 at x = -49: 5e-22).
GIVEN_GAP = mpmath.mpf("1e-35")
#: A root the secant returns is one when nudging the entry by a relative 1e-12 moves the gap this many times
#: more than the gap left at it (~1e33 times for a simple root; ~1 in a tail, where e^x or σ(y) - 1 only tends to 0).
ROOT_CONTRAST = 10**6
KINK_STEP = Fraction(1, 1000)
#: Halvings of KINK_STEP tried when a draw beside a kink misses the claim's ``when`` (down to about 10⁻⁹: a kink at
#: 10⁻⁷ beside x > 0 was never drawn between at 10 halvings).
KINK_HALVINGS = 20
#: At most this many kinks of no index are each met alone, beside the draw that meets them all (``kink_draws``).
KINK_ALONE = 4
#: Significant digits of an input entry solved for so that a given holds (well inside the 1e-20 test).
SOLVE_DIGITS = 45
#: Digits an equation met only nearly (a secant root, a ``when``'s or a given's) is re-solved to before its point
#: refutes a claim (``_refined``): the claim's gap is then read again there, at CONFIRM_DIGITS and STABLE_DIGITS.  A
#: root rounded to SOLVE_DIGITS left sin(x) = 6e-46, which exp(60) sin(x) amplified past the 1e-20 test.
REFINE_DIGITS = STABLE_DIGITS + 20
#: The refined root must leave the equation within 10^-(REFINE_DIGITS - REFINE_SLACK) of 0 (relative to its terms'
#: size, at least 1) and lie within REFINE_MOVE (relative) of the point's entry: a tail (e^x = 0) or an equation with
#: no real root (|x| + e^-140 = 0, met within the tolerance at x = 5e-61) has no such root.
REFINE_SLACK = 20
REFINE_MOVE = Fraction(1, 10**20)
#: Half the width (relative, at least absolute) of the interval across which a refined root must change the sign of
#: its equation (``_brackets``): well above the precision's noise, well below any gap a check reads.
REFINE_BRACKET = Fraction(1, 10**(REFINE_DIGITS - 3 * REFINE_SLACK))
#: Points whose forward values a file keeps (each holds every needed array at one draw).
FORWARD_MEMO = 256
#: Halvings when a kink is not linear in the entry moved onto it (the point is then within 2⁻⁴⁰ of it).
BISECTIONS = 40
#: How far inside a ``when``'s boundary a draw that missed it is moved, nearest first (the first that lands inside).
WHEN_STEPS = (Fraction(1, 1000), Fraction(1, 10), Fraction(1), Fraction(10))
#: At most this many entries of each boundary are tried for a draw that missed the ``when`` (a bound on the work).
WHEN_ENTRIES = 4
#: A pass stops moving draws into the ``when`` at some sizes once this many draws could not be moved there, and more
#: than could: a condition met nowhere (x > a² and x < −1) then costs a few draws' work, not every draw's.
WHEN_MISSES = 8
#: At most this many of a ``when``'s boundaries (in a fixed order) are tried for a draw: a when of 18 inequalities
#: cost a claim its whole budget.
WHEN_EDGES = 4
#: Exceptions that make one point undefined (never the whole search): mpmath overflows, 1/0 …
POINT_ERRORS = (Undefined, OverflowError, ZeroDivisionError, ArithmeticError)


@dataclass(frozen=True)
class Plan:
    """How much a pass tries, in points: size combinations, draws per combination, index combinations."""

    name: str
    sizes: tuple[int, ...]
    max_size_combos: int
    #: (scale, positive) of each ordinary draw; |entries| ≤ scale (scale 50: 30 ≤ |entry| ≤ 50)
    draws: tuple[tuple[int, bool], ...]
    max_index_combos: int
    #: the pass stops after this many points were compared
    max_points: int = 10**9
    kinks: bool = True
    #: first, the sizes the claim's literal indices and numbered cuts need (``Search.literal_sizes``: δ_{j7}, p = 7, 8)
    literal_sizes: bool = False


CHEAP = Plan("cheap", (2, 3, 1), 4, ((2, False), (2, True), (10, False), (50, False)), 16)
WIDE = Plan("wide", (1, 2, 3, 4, 5, 6), 16, ((2, False), (10, True), (10, False), (50, False)), 12, 240,
            literal_sizes=True)
#: The largest literal index or cut given sizes of its own, one past it (``Plan.literal_sizes``): beyond it the arrays
#: get too large.
MAX_LITERAL_SIZE = 12
#: At most this many size assignments for literal indices and cuts (the largest first).
MAX_LITERAL_COMBOS = 6


@dataclass
class SearchResult:
    """What a pass saw: a counterexample, or how many points, how many skipped, the largest difference."""

    counterexample: dict | None = None
    points: int = 0
    max_difference: object = 0
    #: points where a side (or a given) had no finite real value
    undefined: int = 0
    #: draws rejected because they did not satisfy the givens
    given_rejected: int = 0
    #: draws that satisfied every given (meaningful only when the claim has givens)
    given_held: int = 0
    notes: list[str] = field(default_factory=list)
    #: points on a kink or a condition's boundary (a claim with kinks is not asserted there)
    on_kink: int = 0
    #: points whose difference was rounding: it vanished or changed with more digits (``_stable``)
    rounding: int = 0

    def add(self, other: SearchResult) -> SearchResult:
        """This result followed by ``other`` (a later pass)."""
        return SearchResult(other.counterexample or self.counterexample, self.points + other.points,
                            max(self.max_difference, other.max_difference), self.undefined + other.undefined,
                            self.given_rejected + other.given_rejected, self.given_held + other.given_held,
                            list(dict.fromkeys(self.notes + other.notes)), self.on_kink + other.on_kink,
                            self.rounding + other.rounding)

    def count_undefined(self, exc: BaseException) -> None:
        """Count a point where the sides had no value: on a kink or boundary, or undefined."""
        if _on_kink(exc) or str(exc) == _NULL_KINK:
            self.on_kink += 1
        else:
            self.undefined += 1


def _exact(v: Fraction) -> str:
    return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"


def short(v, digits: int = 6) -> str:
    """A short decimal for display: exact when the value is one (drawn inputs are), else ``digits`` digits."""
    if isinstance(v, Fraction):
        d = v.denominator
        while d % 2 == 0:
            d //= 2
        while d % 5 == 0:
            d //= 5
        if d == 1 and len(str(v.denominator)) <= 7:
            text = f"{float(v):.7f}".rstrip("0").rstrip(".") if v.denominator > 1 else str(v.numerator)
            if Fraction(text) == v:
                return text
        with mpmath.workdps(max(DIGITS, digits + 5)):
            return mpmath.nstr(mpmath.mpf(v.numerator) / v.denominator, digits)
    return mpmath.nstr(v, digits)


def distinct_texts(values) -> dict:
    """``short`` of each value, with more digits for values whose texts would coincide though they differ: x = 1.214
    and a = 1.2140 + 2·10⁻⁶ were shown alike beside ``when = "x > a"``."""
    texts = {v: short(v) for v in values}
    by_text: dict = {}
    for v, t in texts.items():
        by_text.setdefault(t, set()).add(v)
    for group in by_text.values():
        if len(group) < 2:
            continue
        for digits in (10, 15, 20, 30, 40):
            again = {v: short(v, digits) for v in group}
            if len(set(again.values())) == len(group):
                break
        texts.update(again)
    return texts


def _summed(expr: Expr) -> dict:
    """The last index of each sum from 1 in ``expr`` by its index: a kink inside Σ_j 𝟙[z_j = max_k z_k] is met at
    each j (at a tie of z_j with the largest entry)."""
    return {i: hi for s in expr.atoms(sp.Sum) for i, lo, hi in s.limits if lo == 1}


def kink_arguments(expr: Expr) -> list[Expr]:
    """The expressions whose sign changes a kink or branch of ``expr``, as the table of constructs says."""
    return kink_arguments_anywhere(expr)


def _simplex_given(g: Given, f) -> Simplex | None:
    return simplex_given(g.lhs, g.rhs, f)


def _one_hot(rng: random.Random, k: int) -> list[Fraction]:
    """k parts of 1, one of them 1 and the rest 0."""
    hot = rng.randrange(k)
    return [Fraction(int(c == hot)) for c in range(k)]


#: the size each size symbol takes alone among the first assignments of a pass (the others at 2)
CORNER_SIZE = 5


def _nested(entries: list[tuple[tuple, str]]) -> str:
    """``[[a, b], [c, d]]``: entries (key, text) in key order, nested by their leading indices, one level per axis."""
    if len(entries[0][0]) == 1:
        return "[" + ", ".join(t for _, t in entries) + "]"
    groups: dict = {}
    for k, t in entries:
        groups.setdefault(k[0], []).append((k[1:], t))
    return "[" + ", ".join(_nested(g) for g in groups.values()) + "]"


def _size_combos(syms: list, plan: Plan, rng: random.Random) -> list[dict]:
    """Size assignments, smallest non-degenerate (every size ≥ 2) first, capped: the two smallest, each size at 5
    with the others at 2 (a pass's points run out after a few assignments, and a claim wrong only for n ≥ 5 beside
    a second size was never tried there), the smallest, a seeded sample."""
    values = sorted(itertools.product(plan.sizes, repeat=len(syms)),
                    key=lambda v: (min(v, default=2) < 2, max(v, default=0), sum(v), v))
    combos = [dict(zip(syms, map(sp.Integer, v))) for v in values]
    if len(combos) > plan.max_size_combos:
        top = min(max(plan.sizes), CORNER_SIZE)
        low = min((s for s in plan.sizes if s >= 2), default=top)
        corners = [dict(zip(syms, map(sp.Integer, (top if k == n else low for k in range(len(syms))))))
                   for n in range(len(syms))]
        keep = []
        for combo in combos[:2] + corners + combos[2:plan.max_size_combos // 2]:
            if combo not in keep and len(keep) < plan.max_size_combos:
                keep.append(combo)
        rest = [c for c in combos if c not in keep]
        keep += rng.sample(rest, max(0, min(len(rest), plan.max_size_combos - len(keep))))
        combos = keep
    return combos


class _Probe:
    """One expression evaluated at a draw in which one entry at a time changes (solving a given, finding a
    kink): the draw is converted to mpmath once, then only the changed entry, at the same precision."""

    def __init__(self, search: Search, u: Expr, sizes: dict, inputs: dict[str, dict], digits: int = DIGITS):
        self.u, self.compiler, self.inputs, self.digits = u, search.compiler, inputs, digits
        with mpmath.workdps(digits):
            self.symbols = {s: mpmath.mpf(int(v)) for s, v in sizes.items()}
            self.arrays = {n: {k: mpmath.mpf(v.numerator) / v.denominator for k, v in vals.items()}
                           for n, vals in inputs.items()}
        self.scalars = {q.name: Symbol(q.name, real=True) for q in search.f.quantities.values()
                        if not q.shape and q.name in self.arrays}
        for name, sym in self.scalars.items():
            self.symbols[sym] = self.arrays[name][()]

    def put(self, name: str, key: tuple, v: Fraction) -> None:
        """Set one entry of the draw (and of its converted copy)."""
        self.inputs[name][key] = v
        with mpmath.workdps(self.digits):
            self.arrays[name][key] = mpmath.mpf(v.numerator) / v.denominator
        if name in self.scalars:
            self.symbols[self.scalars[name]] = self.arrays[name][()]

    def at(self, name: str, key: tuple, v: Fraction):
        """The expression's value once entry ``name[key]`` is ``v`` (which it stays)."""
        self.put(name, key, v)
        with mpmath.workdps(self.digits):
            return Point(self.symbols, self.arrays, self.compiler)(self.u)


def _entries_read(u: Expr, inputs: dict, sizes: dict | None = None) -> list[tuple[str, tuple]]:
    """``(input, key)`` of each drawn entry ``u`` reads, in a fixed order (an entry inside a sum at its lower limit; one
    at a size, p[n], at the draw's ``sizes``)."""
    lows = {d: lo for s in u.atoms(Sum) for d, lo, _ in s.limits if lo.is_Integer}
    lows.update(sizes or {})
    out = []
    for atom in sorted(u.atoms(Indexed) | {s for s in u.free_symbols if not s.is_integer}, key=str):
        name = atom.base.name if isinstance(atom, Indexed) else str(atom)
        key = tuple(i.xreplace(lows) for i in atom.indices) if isinstance(atom, Indexed) else ()
        if name in inputs and all(k.is_Integer for k in key) and tuple(map(int, key)) in inputs[name]:
            out.append((name, tuple(map(int, key))))
    return out


def _simple_root(root: Fraction) -> Fraction:
    """A root with a denominator of at most 10⁶ near ``root``, unless that moves it by more than 10⁻⁹ of itself: a kink
    at 10⁻⁷ (|x − 10⁻⁷|) was put at 0, so no draw ever lay between it and the when's x > 0."""
    simple = root.limit_denominator(10**6)
    return simple if abs(simple - root) <= abs(root) / 10**9 else root


def _is_root(probe: _Probe, name: str, key: tuple, t: Fraction) -> bool:
    """True when entry ``name[key]`` at ``t`` is a root of the probe's expression, not a point of a tail where it only
    tends to 0 (the secant runs out along e^x = 0 or σ(y) = 1, which no real value solves); ``t`` is left in place."""
    gap = probe.at(name, key, t)
    if abs(gap) > RELATIVE_GAP / 1000:
        return False
    nudged = probe.at(name, key, t + (abs(t) + 1) / 10**12)
    probe.put(name, key, t)
    return abs(nudged - gap) > ROOT_CONTRAST * abs(gap)


def _noise(probe: _Probe, ev: Point):
    """How far from 0 the probe's expression may be at a root, at its precision: 10^-(REFINE_DIGITS - REFINE_SLACK)
    of the size of its terms (at least 1)."""
    scale = max([mpmath.mpf(1)] + [abs(ev(t)) for t in sp.Add.make_args(probe.u)])
    return scale * mpmath.mpf(10) ** (-(REFINE_DIGITS - REFINE_SLACK))


def _near_zero(probe: _Probe) -> bool:
    """True when the probe's expression is within ``_noise`` of 0."""
    with mpmath.workdps(probe.digits):
        ev = Point(probe.symbols, probe.arrays, probe.compiler)
        return abs(ev(probe.u)) <= _noise(probe, ev)


def _brackets(probe: _Probe, name: str, key: tuple, t: Fraction) -> bool:
    """True when the probe's expression changes sign across ``t`` in entry ``name[key]`` (REFINE_BRACKET of it
    either side), each value clearly nonzero at the probe's precision: a root lies between.  A small value alone is
    no root: |x| + e^(−y²)(2 + sin y) is 1e-578 at y = −41.65 and never 0.  (A double root does not bracket; a
    rational one is met exactly, ``_holds_exactly``.)  The entry is left at ``t``."""
    h = (abs(t) + 1) * REFINE_BRACKET
    below, above = probe.at(name, key, t - h), probe.at(name, key, t + h)
    probe.put(name, key, t)
    with mpmath.workdps(probe.digits):
        noise = _noise(probe, Point(probe.symbols, probe.arrays, probe.compiler))
    return min(abs(below), abs(above)) > noise and (below > 0) != (above > 0)


def _refine_root(probe: _Probe, name: str, key: tuple) -> bool:
    """Re-solve the probe's expression for entry ``name[key]`` near its value, at the probe's precision: True (the
    entry left at the refined root) when a root lies within REFINE_MOVE of it, else False (the entry restored)."""
    saved = probe.inputs[name][key]

    def gap(t):
        return probe.at(name, key, Fraction(mpmath.nstr(t, REFINE_DIGITS)))
    try:
        with mpmath.workdps(REFINE_DIGITS + 10):
            start = mpmath.mpf(saved.numerator) / saved.denominator
            step = (abs(start) + 1) * mpmath.mpf(10) ** -30
            root = mpmath.findroot(gap, (start, start + step), solver="secant", maxsteps=60, verify=False)
            found = Fraction(mpmath.nstr(root, REFINE_DIGITS))
        if abs(found - saved) <= (abs(saved) + 1) * REFINE_MOVE and _brackets(probe, name, key, found):
            probe.put(name, key, found)
            if _near_zero(probe):
                return True
    except (*POINT_ERRORS, Unsupported, ValueError, ZeroDivisionError, TypeError):
        pass
    probe.put(name, key, saved)
    return False


class Search:
    """Counterexample search for one claim of one file."""

    def __init__(self, sem: Semantics, lhs: Expr, rhs: Expr, ranges: dict, givens: tuple[Given, ...],
                 seed: int = 0, domain: Domain | None = None):
        self.sem, self.f = sem, sem.file
        self.domain = domain or Domain(sem.file)  # labels, inequality givens, the claim's `when`
        self.lhs, self.rhs, self.ranges = lhs, rhs, ranges
        self.seed = seed
        # One per file: the points of its claims at one draw share a memo keyed by these closures.
        self.compiler = file_compiler(sem.shared)
        # The claim's indices are the objects the evaluator's symbol tables are keyed by.
        self.ranges = {self.compiler.canonical(i): d for i, d in ranges.items()}
        self.index_order = sorted(self.ranges, key=str)  # sorted once: str() goes through SymPy's printer
        claim_needs = self._ancestors(sem.names_in(lhs) | sem.names_in(rhs))
        if self.domain.when is not None:  # where it is asserted is the claim's too: |p| = p where u == p, u > 0
            claim_needs |= self._ancestors(sem.names_in(self.domain.when.cond))
        for e in self.domain.own:  # x = 5 if c > 1 and c < 0: nowhere, though x never reads c
            claim_needs |= self._ancestors(sem.names_in(e))
        claim_inputs = {n for n in claim_needs if not self.f.quantities[n].defined}
        # where(x > 0, x + 1, x) differentiates to 1: at x = 0, where it jumps and has no slope, the claim's value is a
        # convention, yet its own case there was refuted; evaluated at every point, a function's kink is read as the
        # sides' are (a point on a null one is set aside), and inputs only it reads are not shown
        for e in self.domain.differentiated:
            if kink_arguments_anywhere(sem.expand(e)):
                claim_needs |= self._ancestors(sem.names_in(e))
        # A given linked to the claim by no chain of shared inputs cannot change whether the claim holds; one linked
        # through another given can: alpha = 1 beside b = |alpha - 2| fixes the b of f = b x (dropped, a draw of alpha
        # made b = 0.824 and the true f = x was refuted).
        inputs_of = [self._ancestors(sem.names_in(g.lhs) | sem.names_in(g.rhs)) for g in givens]
        linked, reached = set(), set(claim_inputs)
        while True:
            more = {n for n, names in enumerate(inputs_of) if n not in linked and names & reached}
            if not more:
                break
            linked |= more
            reached |= set().union(*(inputs_of[n] for n in more))
        self.givens = tuple(g for n, g in enumerate(givens) if n in linked)
        self.needed = claim_needs.union(*(inputs_of[n] for n in linked))
        self.claim_inputs = claim_inputs
        # Inequality givens on inputs the claim does not use are not drawn for, so not checked;
        # one that shares an input with the claim brings its other inputs in.  One on labels alone
        # (a != c) restricts the labels, which every point draws: it is always kept.
        related = [c for c in self.domain.conditions
                   if not sem.names_in(c.cond) or self._ancestors(sem.names_in(c.cond)) & (claim_inputs | self.needed)]
        for c in related:
            self.needed |= self._ancestors(sem.names_in(c.cond))
        self.domain = self.domain.restricted(lambda c: c in related)
        if self.domain.when is not None:  # the claim's condition is evaluated at every point too
            self.needed |= self._ancestors(sem.names_in(self.domain.when.cond))
        # and where its sides as written are real (ln p: p > 0, p defined; ln ∂u²/∂u: the derivative carried out)
        self.domain.real_where = tuple(c.xreplace({d: sem.resolve(d) for d in c.atoms(sp.Derivative)})
                                       for c in self.domain.real_where)
        for c in self.domain.real_where:
            self.needed |= self._ancestors(sem.names_in(c))
        # A label is no free index: A[i, c] = A[c, i] holds at the label's value, not for every c
        # (a per-sample label's entry, δ(k, t[b]), is read on its own axis: the labels' shapes too)
        self.given_free = [self.f.free_index_ranges(g.lhs - g.rhs) for g in self.givens]
        self.simplex = {r.name: r for r in (_simplex_given(g, self.f) for g in self.givens) if r}
        self.kinks = self._kinks()
        self.shown_sizes = self._sizes_read()
        self.set_by_when = self._set_by_when()
        self.when_equations = self._when_equations()
        self._one_sign: dict = {}  # an equation's lhs − rhs -> whether it keeps one sign (``_never_zero``)
        self._kinks_at: dict = {}  # (kink, indices, their values) -> the kink there (``_kink_at``)
        #: the when's equations read the claim's indices (T[i] == 0): each index combination gets a draw solved there
        self.when_indexed = any(self._index_syms(u) for u in self.when_equations)
        self.when_edges = self._when_edges()
        #: the when has an inequality (a side of a kink it may cut short), read by ``_meets``
        self.when_bounded = self.domain.when is not None and bool(self.domain.when.cond.atoms(*_INEQUALITIES))
        #: draws moved into the when, and draws that could not be, at each sizes
        self.when_moved: dict[tuple, int] = {}
        self.when_missed: dict[tuple, int] = {}

    @functools.cached_property
    def literal_sizes(self) -> dict:
        """Each size symbol an axis of which a literal index of the claim's sides reads (X_{n7}, δ_{j7} with j on
        that axis), or whose index, or itself, a comparison or a kink cuts at a number (𝟙[t > 2], ``for t < 10``,
        min(1, t/5), 𝟙[T = 7]), and the sizes that reach each (the entry or cut, and one past), up to
        ``MAX_LITERAL_SIZE`` + 1."""
        needs: dict = {}
        sides = [self.lhs, self.rhs, *([self.domain.when.cond] if self.domain.when is not None else [])]
        over = {lim[0]: lim[2] for side in sides for s in side.atoms(Sum) for lim in s.limits}
        over.update(self.ranges)

        def need(size, k) -> None:
            for v in (k, k + 1):  # the entry or cut itself, and one past it (δ_{t7} for t < T holds nowhere at T = 7)
                if isinstance(size, Symbol) and size in self.f.size_symbols and v.is_Integer \
                        and 2 < v <= MAX_LITERAL_SIZE + 1:
                    needs.setdefault(size, set()).add(int(v))
        for side in (self.lhs, self.rhs):
            for e in side.atoms(Indexed):
                shape = self.f.shapes.get(str(e.base), ())
                for size, k in zip(shape, e.indices):
                    need(size, k)
            for d in side.atoms(sp.KroneckerDelta):
                a, b = d.args
                for i, k in ((a, b), (b, a)):
                    if i in self.ranges or i in self.f.size_symbols:  # δ_{j7}, or 𝟙[T = 7] of a size
                        need(self.ranges.get(i, i), k)
        for side in sides:
            # a comparison's gap, or a kink's argument (min(1, t/5) cuts at t = 5)
            gaps = [r.lhs - r.rhs for r in side.atoms(sp.core.relational.Relational)] + kink_arguments_anywhere(side)
            for gap in map(sp.expand, gaps):
                for i in gap.free_symbols & (set(over) | set(self.f.size_symbols)):
                    slope = sp.diff(gap, i)
                    if slope.is_Rational and slope != 0 and (gap - slope * i).is_Rational:
                        # both sides of the cut, of an index's range or of a size itself (𝟙[T > 7])
                        need(over.get(i, i), sp.floor(-(gap - slope * i) / slope))
        return needs

    def _sizes_read(self) -> set:
        """The size symbols the claim reads (its sides, conditions and givens, and what it needs): a counterexample
        shows only these (n=2 beside |x| = x would say the claim depends on n)."""
        exprs = [self.lhs, self.rhs, *self.ranges.values(), *(e for g in self.givens for e in (g.lhs, g.rhs)),
                 *(c.cond for c in self.domain.conditions), *self.domain.real_where]
        if self.domain.when is not None:
            exprs.append(self.domain.when.cond)
        for spec in self.f.labels.values():  # every label is drawn and shown, in its range
            exprs += [spec.range, *spec.shape]
        for name in self.needed:
            q = self.f.quantities[name]
            exprs += list(q.shape)
            if name in self.sem.defs:
                exprs.append(self.sem.defs[name][1])
        symbols = self.f.size_symbols
        return {s for e in exprs if isinstance(e, sp.Basic) for s in e.free_symbols if s in symbols}

    def _set_by_when(self) -> list[tuple[str, Expr]]:
        """``(input, value)`` for each equality of the claim's ``when`` that fixes a real scalar input the other
        side does not read (``u == p/(p + q)``): a continuous draw never meets it, so the draw is moved onto it."""
        when = self.domain.when
        if when is None:
            return []
        out = []
        for c in sp.And.make_args(when.cond):
            if not isinstance(c, sp.Eq):
                continue
            for var, value in ((c.lhs, c.rhs), (c.rhs, c.lhs)):
                q = self.f.quantities.get(str(var)) if sets_scalar(var, value) else None
                if q is None or q.defined or q.shape or str(var) in dict(out) or self._index_syms(value):
                    # a defined scalar, or one already set: the draw moves inputs only; c == g[i] has no value
                    # before i has one (solved at each index combination instead, ``_when_equations``)
                    continue
                out.append((str(var), self.sem.expand(value)))
                break
        return out

    def _when_equations(self) -> list[Expr]:
        """``lhs − rhs`` (expanded to the inputs, the claim's indices left free) of each equality of the claim's
        ``when`` that ``set_by_when`` does not set: ``T[i] == 0``, ``Σ_k w_k x_k == 0``, ``a − b == 0``.

        A continuous draw never meets one, so no point was tried and a false claim there went untested; each is
        solved for one input entry, as a given is (``_solve_when_equations``)."""
        when = self.domain.when
        if when is None:
            return []
        out = [self.sem.expand(c.lhs - c.rhs) for c in sp.And.make_args(when.cond)
               if isinstance(c, sp.Eq) and not self._sets_a_scalar(c)]
        return list(dict.fromkeys(out))

    def _sets_a_scalar(self, c: sp.Eq) -> bool:
        """True when the ``when``'s equality ``c`` sets a scalar input to a value (``set_by_when``: u == p/(p + q))."""
        set_ = dict(self.set_by_when)
        return any(sets_scalar(var, value) and str(var) in set_ for var, value in ((c.lhs, c.rhs), (c.rhs, c.lhs)))

    def _at_indices(self, u: Expr, inputs: dict, idx: dict) -> Expr:
        """``u`` with the draw's single labels and the index values ``idx`` put in (matched by name)."""
        at = {**self.domain.label_symbols(inputs), **idx}
        by_name = {str(s): sp.Integer(int(v)) for s, v in at.items()}
        return u.xreplace({s: by_name[str(s)] for s in u.free_symbols if str(s) in by_name})

    def _index_syms(self, u: Expr) -> list:
        """The claim's indices (and single labels) ``u`` reads, in a fixed order."""
        labels = {spec.base for spec in self.f.labels.values() if not spec.shape}
        return sorted((s for s in u.free_symbols if s.is_integer and s not in self.f.size_symbols
                       and (s in self.ranges or s in labels or str(s) in {str(i) for i in self.ranges})), key=str)

    def _solve_when_equations(self, sizes: dict, inputs: dict, idx: dict | None) -> None:
        """Move one input entry per equation of the ``when`` (``when_equations``) so that the draw meets it: at the
        index values ``idx`` (None: only the equations that read no index) and the draw's single labels.

        Entries a rule sets (labels, pinned and set scalars) stay; a draw no entry can solve is left to the when's
        test at each point, as before."""
        # A given that pins a scalar (a = 2) is kept too: x a == 3 was solved for a, which the given then set back to
        # 2, and no draw met the when (a false claim there untested).
        keep = {*self.f.labels, *self.domain.pinned(), *dict(self.set_by_when),
                *(p for p in map(pinned_scalar, self.givens) if p is not None)}
        for u in self.when_equations:
            if idx is None and self._index_syms(u):
                continue
            u = self._at_indices(u, inputs, idx or {})
            if not self._never_zero(u):
                self._solve_one(u, sizes, inputs, keep)

    def _never_zero(self, u: Expr) -> bool:
        """True when SymPy finds ``u`` of one sign wherever it is defined (a sigmoid gate T_i = 0): no draw solves it.

        The secant search for a root ran to its last step from every start (1,368 searches, 10 s of one claim) only
        for ``_is_root`` to turn down the tail where such a gate tends to 0; the draw is left as it was either way."""
        if u not in self._one_sign:
            self._one_sign[u] = bool(u.is_positive or u.is_negative)
        return self._one_sign[u]

    def _when_at_roots(self, sizes: dict, inputs: dict, idx: dict) -> bool:
        """True when the draw meets each equation of the ``when`` at a root (``_is_root``), at index values ``idx``, not
        in a tail where it only tends to 0: a sigmoid gate T_i = 0 "held" within the tolerance at T_i = e^-3000."""
        for u in self.when_equations:
            u = self._at_indices(u, inputs, idx)
            probe = _Probe(self, u, sizes, {n: dict(v) for n, v in inputs.items()})
            try:
                with mpmath.workdps(DIGITS):
                    if Point(probe.symbols, probe.arrays, probe.compiler)(u) == 0:
                        continue
                    entries = _entries_read(u, probe.inputs, sizes)
                    if entries and not any(_is_root(probe, name, key, probe.inputs[name][key])
                                           for name, key in entries):
                        return False
            except (*POINT_ERRORS, Unsupported):
                return False
        return True

    def _equations_at(self, sizes: dict, inputs: dict, idx: dict) -> list[tuple[Expr, frozenset]]:
        """``(lhs − rhs, inputs it may not move)`` of each equation the point meets: the ``when``'s at index values
        ``idx`` and each instance of the equality givens the search solves."""
        keep = frozenset({*self.f.labels, *self.domain.pinned(), *dict(self.set_by_when)})
        out = [(self._at_indices(u, inputs, idx), keep) for u in self.when_equations]
        # u == sqrt(2) is set (``_solve_when``) to a rounded value: met only nearly, as a secant root is
        for c in sp.And.make_args(self.domain.when.cond) if self.domain.when is not None else ():
            if isinstance(c, sp.Eq) and self._sets_a_scalar(c):
                out.append((self.sem.expand(c.lhs - c.rhs), keep - dict(self.set_by_when).keys()))
        for n, kept in self._solve_plan():
            for row in itertools.islice(self._given_rows(n, sizes, inputs), 64):
                out.append((self._instance(n, row), kept))
        return out

    def _refined(self, sizes: dict, inputs: dict, idx: dict) -> dict | None:
        """The point with each equation it meets only nearly re-solved to REFINE_DIGITS, or None when one has no
        root there (nothing is then asserted at the point: it may not refute the claim).

        A secant root rounded to SOLVE_DIGITS holds an equation within ~1e-45, and a claim may amplify the rest
        (exp(60) sin(x) = 0 where sin(x) == 0 was refuted at sin(x) = −6e-46); an equation with no real root
        (|x| + e^-140 (2 + sin y) == 0) is "met" within the tolerance at x = 5e-61.  An equation that holds exactly
        (rational arithmetic, or 0 at REFINE_DIGITS) is left as it is."""
        eqs = self._equations_at(sizes, inputs, idx)
        if not eqs:
            return inputs
        ints = {s: int(v) for s, v in sizes.items()}
        out = {n: dict(v) for n, v in inputs.items()}
        nearly = []
        try:
            for u, keep in eqs:
                if self._holds_exactly(u, sizes, out, ints):
                    continue
                nearly.append(u)
                probe = _Probe(self, u, sizes, out, REFINE_DIGITS)
                # an entry no other equation reads first: moving b of u = √b x + … broke b = a p, and every point
                # of chained givens was dropped as rounding (a wrong claim left unproved)
                shared = {e for v, _ in eqs if v is not u for e in _entries_read(v, out, sizes)}
                entries = sorted(_entries_read(u, out, sizes), key=lambda e: e in shared)
                entry = next(((name, key) for name, key in entries
                              if name not in self.simplex and name not in keep and _refine_root(probe, name, key)),
                             None)
                if entry is None:
                    return None
                self._simplified(u, out, ints, *entry)
            # re-solving one equation may move an entry another reads: each must still hold
            for u, _ in eqs:
                if not (self._holds_exactly(u, sizes, out, ints)
                        or u in nearly and _near_zero(_Probe(self, u, sizes, out, REFINE_DIGITS))):
                    return None
        except (*POINT_ERRORS, Unsupported, ValueError, ZeroDivisionError):
            return None
        return out

    @staticmethod
    def _simplified(u: Expr, inputs: dict, ints: dict, name: str, key: tuple) -> None:
        """Put entry ``name[key]``, refined to a root of ``u``, at a simple fraction near it when that is an exact root
        (rational ``u``): u == q/(p + q) solved for p reported p as a fraction of 220 digits."""
        if not exact.is_rational(u):
            return
        refined = inputs[name][key]
        simple = refined.limit_denominator(10**6)
        if simple == refined:
            return
        inputs[name][key] = simple
        try:
            if exact.value(u, inputs, ints) == 0:
                return
        except (exact.NotExact, ZeroDivisionError):
            pass
        inputs[name][key] = refined

    def _rational_zero(self, u: Expr, sizes: dict, inputs: dict) -> bool:
        """True when ``u`` is 0 at the draw in rational arithmetic (max(u, 0) at u = -6/5), never by rounding: tanh(c²) - 1
        at c = -41.65 is 0 at every working precision, in a tail where no value solves it."""
        if not exact.is_piecewise_rational(u):
            return False
        try:
            return exact.value(u, inputs, {s: int(v) for s, v in sizes.items()}) == 0
        except exact.NotExact:
            return False

    def _holds_exactly(self, u: Expr, sizes: dict, inputs: dict, ints: dict) -> bool:
        """True when ``u`` is exactly 0 at the draw: in rational arithmetic, or else 0 at REFINE_DIGITS."""
        if exact.is_rational(u):
            try:
                return exact.value(u, inputs, ints) == 0
            except exact.NotExact:
                pass
        probe = _Probe(self, u, sizes, inputs, REFINE_DIGITS)
        with mpmath.workdps(REFINE_DIGITS):
            return Point(probe.symbols, probe.arrays, probe.compiler)(u) == 0

    def _when_edges(self) -> list[Expr]:
        """``lhs − rhs`` (expanded to the inputs) of each inequality in the claim's ``when``, when it reads no index:
        a draw that misses the region is moved across one of these boundaries (``_into_when``)."""
        when = self.domain.when
        if when is None or any(s.is_integer and s not in self.f.size_symbols for s in when.cond.free_symbols):
            return []  # per index value (a[q] < 0), or a label's: one move cannot serve every combination
        edges = [self.sem.expand(r.lhs - r.rhs) for r in when.cond.atoms(*_INEQUALITIES)]
        return sorted(dict.fromkeys(edges), key=sp.default_sort_key)

    def _meets(self, sizes: dict, inputs: dict) -> bool:
        """True when the draw satisfies the givens and the claim's ``when`` (at 50 digits, as each point is read).

        Only the when itself is read, not where the sides as written are real: that reads the claim's indices
        (√z_m: z_m ≥ 0), which a draw has no value for, and ``eps > 0`` beside it lost every point to "no value
        for m"; each point still checks it at its own indices (``admits``)."""
        try:
            with mpmath.workdps(DIGITS):
                ev = self._point(sizes, inputs)
                when = self.domain.when
                if not self._givens_hold(ev, sizes, inputs):
                    return False
                if when is None:
                    return True
                syms = [s for s in self.index_order if s in when.cond.free_symbols]
                dims = [range(1, int(self.ranges[s].xreplace(sizes)) + 1) for s in syms]
                for combo in itertools.islice(itertools.product(*dims), 64):  # v[i] > 0: met at some i
                    ev.symbols.update({s: mpmath.mpf(v) for s, v in zip(syms, combo)})
                    if truth(ev, when.cond, eq_gap=EQUALITY_GAP):
                        return True
                return False
        except POINT_ERRORS:
            return False

    def _into_when(self, sizes: dict, inputs: dict) -> dict:
        """The draw, or when it misses the claim's ``when``, a copy with one entry moved just inside a boundary.

        A region such as x + a > a² (x < 0 only for a in (0, 1), x > a² − a) is met by few draws, and a false claim
        was left unproved.  The entry goes onto the boundary as onto a kink (linear in it, or bisected), then a fixed
        step inside; the copy is kept only if it satisfies the givens and the ``when`` as each point is then read, so
        a counterexample still lies in the region.  No random numbers are used: the other draws stay as they were.
        """
        at = tuple(sorted(sizes.items(), key=str))  # a when on sizes (n >= 4) is met at some sizes only
        moved_here, missed_here = self.when_moved.get(at, 0), self.when_missed.get(at, 0)
        if not self.when_edges or (missed_here >= WHEN_MISSES and missed_here > moved_here) \
                or self._meets(sizes, inputs):
            return inputs
        # Entries a rule sets (labels, pinned and solved scalars, ±1 inputs): moving them breaks the rule.
        fixed = {*self.f.labels, *self.domain.pinned(), *dict(self.set_by_when), *self.domain.units}
        for u in self.when_edges[:WHEN_EDGES]:
            probe = _Probe(self, u, sizes, {n: dict(v) for n, v in inputs.items()})
            entries = [(n, k) for n, k in _entries_read(u, inputs, sizes) if n not in fixed and n not in self.simplex]
            for name, key in entries[:WHEN_ENTRIES]:
                root = self._entry_root(probe, name, key)
                if root is None:
                    continue
                for step in WHEN_STEPS:
                    for value in (root + step, root - step):
                        moved = {n: dict(v) for n, v in inputs.items()}
                        moved[name][key] = value
                        if self._meets(sizes, moved):
                            self.when_moved[at] = moved_here + 1
                            return moved
        # A band narrower than every step (5 < x < 5 + 10⁻⁶): its midpoint, for a scalar the when bounds both ways.
        for name, (lo, hi) in bounds((self.domain.when,), self.f).items():
            if lo is None or hi is None or lo >= hi or name in fixed or name not in inputs or () not in inputs[name]:
                continue
            moved = {n: dict(v) for n, v in inputs.items()}
            moved[name][()] = (lo + hi) / 2
            if self._meets(sizes, moved):
                self.when_moved[at] = moved_here + 1
                return moved
        self.when_missed[at] = missed_here + 1
        return inputs

    def _solve_when(self, sizes: dict, inputs: dict) -> None:
        """Move each input ``set_by_when`` names onto its value at the rest of the draw (exactly: the value the
        evaluator computes, so the equality then holds as the point is checked)."""
        for name, value in self.set_by_when:
            if name not in inputs:
                continue
            probe = _Probe(self, value, sizes, inputs)
            try:
                with mpmath.workdps(DIGITS):
                    v = Point(probe.symbols, probe.arrays, probe.compiler)(value)
                    inputs[name][()] = Fraction(*mpmath.libmp.to_rational(v._mpf_))  # exact: v is a binary fraction
            except (*POINT_ERRORS, Unsupported, ValueError, ZeroDivisionError, TypeError):
                continue  # no value there: the point is skipped by the when, as before

    def _ancestors(self, names: set[str]) -> set[str]:
        return {a for n in names for a in self.sem._ancestors(n)}

    def _kinks(self) -> list[tuple[Expr, dict]]:
        """Each kink argument (expanded to the inputs) with the sizes of the definition indices it carries."""
        found = [(u, _summed(self.lhs - self.rhs)) for u in kink_arguments(self.lhs - self.rhs)]
        for name in sorted(self.needed):
            if name in self.sem.defs:
                keys, body = self.sem.defs[name]
                dims = dict(zip(keys, self.f.quantities[name].shape))
                found += [(u, {**_summed(body), **dims}) for u in kink_arguments(body)]
        return [(self.sem.expand(u), dims) for u, dims in found]

    # -- drawing inputs (the seam a domain-aware drawer replaces) --------------------------------

    def _entry(self, rng: random.Random, scale: int, positive: bool) -> Fraction:
        if scale >= 50:
            v = Fraction(rng.randint(3000, 5000), 100)
        else:
            v = Fraction(rng.randint(1, 1000 * scale), 1000)
        return v if positive or rng.random() < 0.5 else -v

    def draw_inputs(self, sizes: dict, scale: int, positive: bool, rng: random.Random) -> dict[str, dict]:
        """Exact values for every input the claim needs: ``name -> {index tuple: Fraction}``."""
        inputs = {}
        for q in self.f.quantities.values():
            if q.defined or q.name not in self.needed:
                continue
            shape = tuple(int(d.xreplace(sizes)) for d in q.shape)
            if q.name in self.simplex:  # first: its draws are positive, so a given y[i] >= 0 beside it holds
                rule = self.simplex[q.name]
                # entries 0 or 1 summing to 1 (a one-hot label): one entry of each row is 1
                one_hot = q.name in self.domain.binary and rule.total == 1 and rule.skip is None
                inputs[q.name] = simplex_rows(rule, shape, rng, _one_hot if one_hot else cut_parts)
                continue
            restricted = self.domain.draw(q.name, shape, rng, scale)  # T > 0, y[i]**2 = 1, … (None: no rule)
            if restricted:
                inputs[q.name] = restricted
            else:
                inputs[q.name] = {k: self._entry(rng, scale, positive)
                                  for k in itertools.product(*[range(1, s + 1) for s in shape])}
        inputs.update(self.domain.label_arrays(sizes, rng))
        for g in self.givens:
            axes = symmetry_axes(g.lhs, g.rhs)
            if axes is not None and g.lhs.base.name in inputs:
                symmetrize(inputs[g.lhs.base.name], *axes)
        # What the when's equalities and the pins (α = 1) set is set first and kept: a given b = a + 1 solved for a,
        # then a == 1 set, broke the given at every draw (a claim true there unproved, a false one unrefuted); the
        # when's values are set again after, in case they read what a given moved.
        self._solve_when(sizes, inputs)
        self._solve_when_equations(sizes, inputs, None)  # Σ_k w_k x_k == 0; T[i] == 0 waits for i (``run``)
        self._solve_givens(sizes, inputs)
        self._solve_when(sizes, inputs)
        # again, in case a given moved an entry they read (an equation that still holds stays where it is)
        self._solve_when_equations(sizes, inputs, None)
        return inputs

    def _solve_givens(self, sizes: dict, inputs: dict) -> None:
        """Move one input entry per instance of each equality given so that the draw satisfies it.

        Simplex givens are drawn satisfied already; any other (``x[1] + x[2] = 3``, ``Σ_i x_i² = 1``)
        is solved for one entry it depends on, exactly when it is rational and linear in that entry,
        else by the secant method at high precision, row by row for a free index.  A given no entry
        can satisfy leaves the draw to the rejection test.
        """
        for n, keep in self._solve_plan():
            rows = list(itertools.islice(self._given_rows(n, sizes, inputs), 64))
            # a given on every row (x[i] = c) is solved for each row's own entry first: solved for the scalar c, each
            # row moved it off the last, and such a given held only at one row (a batch of 1)
            scalars = frozenset(name for name, q in self.f.quantities.items() if not q.shape) if len(rows) > 1 else ()
            for sweep in ((keep | scalars, keep) if scalars else (keep,)):
                for at in rows:
                    self._solve_one(self._instance(n, at), sizes, inputs, sweep)

    def _solve_plan(self) -> list[tuple[int, frozenset]]:
        """``(given, inputs it may not move)`` in the order the givens are solved; each draw solves them alike."""
        if "_plan" not in self.__dict__:
            # What the when's equalities and the pins (α = 1) set is kept.  A given that pins a scalar to a number
            # (a notes' "if α = 1") goes first, its scalar then kept: solved after b = |α − 2|, it moved α off what
            # that given had been solved for, at every draw.
            keep = {*dict(self.set_by_when), *self.domain.pinned()}
            pins = [pinned_scalar(g) for g in self.givens]
            self._plan = []
            for n in sorted(range(len(self.givens)), key=lambda n: pins[n] is None):
                g = self.givens[n]
                if not (_simplex_given(g, self.f) or symmetry_axes(g.lhs, g.rhs) is not None):
                    self._plan.append((n, frozenset(keep)))
                if pins[n] is not None:
                    keep.add(pins[n])
        return self._plan

    def _label_values(self, inputs: dict) -> dict:
        """The draw's single labels, as whole numbers to put in for their symbols."""
        return {base: sp.Integer(int(v)) for base, v in self.domain.label_symbols(inputs).items()}

    def _given_rows(self, n: int, sizes: dict, inputs: dict):
        """The index values (and single labels' values) of each instance of given ``n`` at this draw."""
        # A given at a label (Σ_k V[c, k] = 1) is solved at the label's drawn value, the row the claim reads.
        labels = self._label_values(inputs)
        free = self.given_free[n]
        syms = sorted(free, key=str)
        for combo in itertools.product(*[range(1, int(free[s].xreplace(sizes)) + 1) for s in syms]):
            yield {**labels, **dict(zip(syms, map(sp.Integer, combo)))}

    def _instance(self, n: int, at: dict) -> Expr:
        """Given ``n``'s difference of sides at index values ``at``, in the inputs (kept: each draw reads it)."""
        key = (n, frozenset((s, int(v)) for s, v in at.items()))
        memo = self.__dict__.setdefault("_instances", {})
        if key not in memo:
            g = self.givens[n]
            memo[key] = self.sem.expand((g.lhs - g.rhs).xreplace(at))
        return memo[key]

    def _missed_exactly(self, sizes: dict, inputs: dict) -> bool:
        """True when a rational given the search solves exactly does not hold exactly at the draw.

        The solver puts the first entry it may move onto such a given's exact root, so a draw off it was moved after
        (onto a kink of x − y while x = y + 10⁻⁴⁰ is given) or never met it: within the 50-digit tolerance is not
        enough there.  A given solved by the secant keeps the tolerance for the draw; a point of it refutes a claim
        only once the root is re-solved to more digits than the checks read (``_refined``).
        """
        ints = {s: int(v) for s, v in sizes.items()}
        rational = self.__dict__.setdefault("_rational", {})
        for n, keep in self._solve_plan():
            for at in self._given_rows(n, sizes, inputs):
                u = self._instance(n, at)
                if n not in rational:
                    rational[n] = exact.is_rational(u)  # rows differ in index values only
                if not rational[n]:
                    break
                try:
                    if exact.value(u, inputs, ints) == 0:
                        continue
                except exact.NotExact:
                    continue
                entries = _entries_read(u, inputs, sizes)
                first = next(((name, key) for name, key in entries
                              if name not in self.simplex and name not in keep), None)
                if first is None:
                    # Nothing it may move: its entries are as drawn or pinned to numbers (x = 3, y = 1/3 beside
                    # x y = 1 + 10⁻³⁶), exact unless a when's equation set one (evaluated at 50 digits)
                    if not any(name in dict(self.set_by_when) for name, _ in entries):
                        return True
                elif exact.linear_root(u, *first, inputs, ints) is not None:
                    return True
        return False

    def _conditions_fail_exactly(self, sizes: dict, inputs: dict) -> bool:
        """True when an inequality given of rational sides is false at the draw's exact values (x ≤ y at
        x = y + 10⁻⁶⁰ holds at 50 digits)."""
        ints = {s: int(v) for s, v in sizes.items()}
        ints.update({s: int(v) for s, v in self.domain.label_symbols(inputs).items()})
        memo = self.__dict__.setdefault("_exact_conditions", {})
        for c in self.domain.conditions:
            if c.cond not in memo:
                cond = self.sem.expand(c.cond)
                memo[c.cond] = cond if exact.is_rational(cond) else None
            if memo[c.cond] is None:
                continue
            syms = sorted(c.free, key=str)
            for combo in itertools.product(*[range(1, int(c.free[s].xreplace(sizes)) + 1) for s in syms]):
                try:
                    if not exact.truth(memo[c.cond], inputs, {**ints, **dict(zip(syms, combo))}):
                        return True
                except exact.NotExact:
                    break
        return False

    def _solve_one(self, u: Expr, sizes: dict, inputs: dict, keep: set[str] = frozenset()) -> None:
        probe = _Probe(self, u, sizes, inputs)
        try:  # a draw that meets it exactly stays (a = max(u, 0) = 0 at u = -1.2, not moved onto the kink u = 0)
            with mpmath.workdps(DIGITS):
                if Point(probe.symbols, probe.arrays, probe.compiler)(u) == 0:
                    return
        except (*POINT_ERRORS, Unsupported):
            pass
        ints = {s: int(v) for s, v in sizes.items()}
        fallback = None
        for name, key in _entries_read(u, inputs, sizes):
            if name in self.simplex or name in keep:
                continue
            root = exact.linear_root(u, name, key, inputs, ints)
            if root is not None and self._outside_bounds(name, root):
                # v = βv + (1 − β)g solved for β is β = 1, which β < 1 rules out (every draw was dropped): another
                # entry it reads may hold it inside the bounds (v = g); else this root, and the rejection test
                fallback = fallback or (name, key, root)
                continue
            if root is not None:
                probe.put(name, key, root)
                return
            saved = inputs[name][key]

            def gap(t):
                return probe.at(name, key, Fraction(mpmath.nstr(t, SOLVE_DIGITS)))
            try:
                with mpmath.workdps(DIGITS + 10):
                    start = mpmath.mpf(saved.numerator) / saved.denominator
                    root = mpmath.findroot(gap, (start, start + 1), solver="secant", maxsteps=60,
                                           tol=mpmath.mpf(10) ** (-2 * SOLVE_DIGITS), verify=False)
                    found = Fraction(mpmath.nstr(root, SOLVE_DIGITS))
                    # findroot's own check (|f|² ≤ tol) failed at roots rounded to SOLVE_DIGITS (x² = 2 left ~1e-45,
                    # squared 1e-90): every draw was thrown away.  The residual is checked here, with the tail test.
                    if _is_root(probe, name, key, found):
                        # A root the secant leaves at 1e-186 of Y = 0 (or of Y² = Y) holds the given only
                        # nearly, and a claim may amplify the rest: take a simple number that holds it exactly.
                        simple = found.limit_denominator(1000)
                        if simple != found and probe.at(name, key, simple) != 0:
                            probe.put(name, key, found)
                        return
            except (*POINT_ERRORS, Unsupported, ValueError, ZeroDivisionError):
                pass
            probe.put(name, key, saved)
        if fallback is not None:
            probe.put(*fallback)

    def _outside_bounds(self, name: str, value: Fraction) -> bool:
        """True when the block's givens bound input ``name`` (b > 0, b < 1) and ``value`` lies outside or on a bound."""
        if "_given_bounds" not in self.__dict__:
            self._given_bounds = bounds(tuple(self.f.conditions), self.f)
        lo, hi = self._given_bounds.get(name, (None, None))
        return lo is not None and value <= lo or hi is not None and value >= hi

    def kink_draws(self, sizes: dict, base: dict[str, dict]) -> list[dict[str, dict]]:
        """Copies of ``base`` with inputs moved onto every kink (offset 0) and just below and above it."""
        if not self.kinks:
            return []
        draws = []
        for offset in (Fraction(0), -KINK_STEP, KINK_STEP):
            inputs = self._kink_draw(sizes, base, offset)
            # A side of the kink the when cuts short (|x − 1/1000| where x > 0: the step below lands on x = 0, which
            # _into_when moves back onto the kink) is met nearer the kink, halving the step a fixed number of times.
            for _ in range(KINK_HALVINGS if offset and self.when_bounded else 0):
                if self._meets(sizes, inputs):
                    break
                offset /= 2
                nearer = self._kink_draw(sizes, base, offset)
                if self._meets(sizes, nearer):
                    inputs = nearer
                    break
            if inputs != base:
                draws.append(inputs)
        # Kinks of one input entry (|x| − 60 and |x|'s own at 0): moved in turn, the last kink alone was met; each
        # kink of no index is met alone too (a few: a scalar's kinks are short), after the draws above.
        alone = [u for u, dims in self.kinks if not any(s.is_integer and s not in sizes for s in u.free_symbols)]
        for u in alone[:KINK_ALONE] if len(self.kinks) > 1 else ():
            for offset in (Fraction(0), -KINK_STEP, KINK_STEP):
                inputs = {k: dict(v) for k, v in base.items()}
                self._onto_kink(u, sizes, inputs, offset)
                if inputs != base and inputs not in draws:
                    draws.append(inputs)
        return draws

    def _kink_draw(self, sizes: dict, base: dict[str, dict], offset: Fraction) -> dict[str, dict]:
        """A copy of ``base`` with an entry moved onto each kink, then by ``offset``."""
        inputs = {k: dict(v) for k, v in base.items()}
        for u, dims in self.kinks:
            free = sorted((s for s in u.free_symbols if s.is_integer and s not in sizes), key=str)
            bound = {}
            for s in free:
                dim = dims.get(s, self.ranges.get(s))
                top = None if dim is None else dim.xreplace(sizes)
                if top is not None and not top.is_Integer:
                    # a sum up to a free index (Σ_{i=1}^{k} max(0, f_i)): every entry up to that index's own size
                    top = top.xreplace({k: self.ranges[k] for k in top.free_symbols if k in self.ranges}).xreplace(sizes)
                if top is None or not top.is_Integer:
                    break
                bound[s] = range(1, int(top) + 1)
            else:
                for combo in itertools.islice(itertools.product(*bound.values()), 64):
                    self._onto_kink(self._kink_at(u, tuple(bound), combo), sizes, inputs, offset)
        return inputs

    def _kink_at(self, u: Expr, free: tuple, combo: tuple) -> Expr:
        """The kink ``u`` at index values ``combo`` of ``free``: the same for every draw and offset, so made once."""
        key = (u, free, combo)
        if key not in self._kinks_at:
            self._kinks_at[key] = u.xreplace(dict(zip(free, map(sp.Integer, combo))))
        return self._kinks_at[key]

    def _onto_kink(self, u: Expr, sizes: dict, inputs: dict, offset: Fraction) -> None:
        """Move one input entry so that ``u`` (linear in it) is 0, then by ``offset``.

        Which entry and where depend only on ``u``, the sizes and the draw, so the answer is kept
        for the file: the offsets of one draw, and the claims of a file (drawn alike), share it.
        """
        memo = self.sem.shared.setdefault("kinks", {})
        key = (u, frozenset(self.simplex), *_draw_key(sizes, inputs))
        if key not in memo:
            memo[key] = self._kink_root(u, sizes, inputs)
        if memo[key] is not None:
            name, entry, root = memo[key]
            inputs[name][entry] = root + offset

    def _kink_root(self, u: Expr, sizes: dict, inputs: dict) -> tuple[str, tuple, Fraction] | None:
        """``(name, key, value)``: the first entry (in a fixed order) that puts ``u`` on 0 at that value.

        ``inputs`` is probed in place and left as it was.
        """
        probe = _Probe(self, u, sizes, inputs)
        fallback = None
        for name, key in _entries_read(u, inputs, sizes):
            if name in self.simplex:
                continue
            root = self._entry_root(probe, name, key)
            if root is None:
                continue
            # max(x, b) given b > 20: b moved onto x (near 0) breaks the given, and every draw at the kink was
            # skipped (a wrong slope past 20 never met); an entry whose kink and both sides keep the givens first
            if not any(self._outside_bounds(name, root + step) for step in (-KINK_STEP, 0, KINK_STEP)):
                return name, key, root
            fallback = fallback or (name, key, root)
        return fallback

    def _entry_root(self, probe: _Probe, name: str, key: tuple) -> Fraction | None:
        """A value of entry ``name[key]`` that puts the probe's expression on 0 (the rest of the draw fixed), or None;
        the entry is left as it was."""
        saved = probe.inputs[name][key]
        try:
            g = [probe.at(name, key, Fraction(t)) for t in (0, 1, 2)]
        except (*POINT_ERRORS, Unsupported):
            probe.put(name, key, saved)
            return None
        # At the search's precision: at mpmath's default 53 bits the rounding of g₂ − 2g₁ + g₀
        # (~1e-16) exceeds the gap, and every kink, linear or not, went the bisection's way.
        with mpmath.workdps(DIGITS):
            slope = g[1] - g[0]
            linear = slope != 0 and abs(g[2] - 2 * slope - g[0]) <= RELATIVE_GAP * (1 + abs(g[2]))
            root = _simple_root(Fraction(mpmath.nstr(-g[0] / slope, 30))) if linear else None
        if not linear:
            # Not linear in this entry (u = x³ − 2): a sign change found on a fixed grid, then bisected.
            root = self._bisected(probe, name, key)
        probe.put(name, key, saved)
        return root

    def _bisected(self, probe: _Probe, name: str, key: tuple) -> Fraction | None:
        """A value of one input entry within 2⁻⁴⁰ of a zero of ``u`` (a fixed number of evaluations), or None."""
        def sign_at(t: Fraction):
            try:
                v = probe.at(name, key, t)
            except (*POINT_ERRORS, Unsupported):
                return None
            return 0 if v == 0 else (1 if v > 0 else -1)
        # Out to ±10⁶: a Huber |r| − δ with δ given > 1000 has its kink far out, and a wrong slope past it was never met
        grid = [Fraction(t) for t in (-10**6, -1000, -50, -10, -3, -1, -Fraction(1, 3), 0, Fraction(1, 3), 1, 3, 10, 50,
                                      1000, 10**6)]
        signs = [sign_at(t) for t in grid]
        for t, sg in zip(grid, signs):
            if sg == 0:
                return t
        pairs = [(a, b, sa) for a, b, sa, sb in zip(grid, grid[1:], signs, signs[1:])
                 if sa is not None and sb is not None and sa != sb]
        if not pairs:
            return None
        lo, hi, s_lo = pairs[0]
        for _ in range(BISECTIONS):
            mid = (lo + hi) / 2
            s_mid = sign_at(mid)
            if s_mid is None:
                return None
            if s_mid == 0:
                return mid
            lo, hi = (mid, hi) if s_mid == s_lo else (lo, mid)
        return (lo + hi) / 2

    # -- evaluating ------------------------------------------------------------------------------

    def forward(self, sizes: dict, inputs: dict[str, dict]) -> tuple[dict, dict]:
        """Symbol values and the arrays of the needed quantities (inputs and defined) at this point.

        Kept for the file (claims of a file are drawn alike and need the same quantities): the
        values depend only on the sizes, the draw, which quantities are needed and the precision.
        The caller must not change what it gets (``Point`` copies the symbols and only reads arrays).
        """
        return self._drawn(sizes, inputs)[:2]

    def _drawn(self, sizes: dict, inputs: dict[str, dict]) -> tuple[dict, dict, dict]:
        """``forward``'s values and the memo of sums and function values the file's points share there."""
        memo = self.sem.shared.setdefault("forward", {})
        key = (frozenset(self.needed), mpmath.mp.prec, *_draw_key(sizes, inputs))
        drawn = memo.get(key)  # one look-up: a key's hash is computed anew each time
        if drawn is None:
            if len(memo) >= FORWARD_MEMO:
                memo.pop(next(iter(memo)))  # the oldest
            drawn = memo[key] = (*self._forward(sizes, inputs), {})
        return drawn

    def _point(self, sizes: dict, inputs: dict[str, dict]) -> Point:
        """The evaluator at this draw (at the working precision).

        Its memo of sums and function values is shared by every claim of the file evaluated at the
        same draw: a value is remembered under its closure (one per expression, the compiler being
        the file's) and the values of its free symbols, and the draw fixes everything else.
        """
        symbols, arrays, memo = self._drawn(sizes, inputs)
        ev = Point(symbols, arrays, self.compiler)
        ev.memo = memo
        return ev

    def _forward(self, sizes: dict, inputs: dict[str, dict], ties: Ties | None = None) -> tuple[dict, dict]:
        symbols = {s: mpmath.mpf(int(v)) for s, v in sizes.items()}
        arrays = {name: {k: mpmath.mpf(v.numerator) / v.denominator for k, v in vals.items()}
                  for name, vals in inputs.items()}
        for q in self.f.quantities.values():
            if not q.shape and q.name in arrays:
                symbols[Symbol(q.name, real=True)] = arrays[q.name][()]
        symbols.update(self.domain.label_symbols(arrays))
        ev = Point(symbols, arrays, self.compiler)
        ev.ties = ties  # a definition's kink that stays (r[k] = step(x[k] - x[c]) at k = c) is read as the claim's
        for q in self.f.quantities.values():
            if not q.defined or q.name not in self.needed:
                continue
            keys_, body = self.sem.defs[q.name]
            shape = [int(d.xreplace(sizes)) for d in q.shape]
            table = {}
            real_where = tuple(c.xreplace(dict(zip(q.indices, keys_))) for c in q.real_where)
            for key in itertools.product(*[range(1, s + 1) for s in shape]):
                for sym, v in zip(keys_, key):
                    ev.symbols[sym] = mpmath.mpf(v)
                try:
                    written_real(ev, real_where)  # (√x)² built as x has no value at x < 0 as written
                except Undefined:
                    if not q.shape:
                        raise
                    continue  # that entry alone has no value: a claim that reads it is undefined, not the point
                table[key] = ev(body)
            arrays[q.name] = table
            if not q.shape:
                ev.symbols[Symbol(q.name, real=True)] = table[()]
        return ev.symbols, arrays

    def _givens_hold(self, ev: Evaluator, sizes: dict, inputs: dict) -> bool:
        for g, free in zip(self.givens, self.given_free):
            syms = sorted(free, key=str)
            for combo in itertools.product(*[range(1, int(free[s].xreplace(sizes)) + 1) for s in syms]):
                ev.symbols.update({s: mpmath.mpf(v) for s, v in zip(syms, combo)})
                a, b = ev(g.lhs), ev(g.rhs)
                if abs(a - b) > GIVEN_GAP * max(1, abs(a), abs(b)):
                    return False
                if not (_simplex_given(g, self.f) or symmetry_axes(g.lhs, g.rhs)) \
                        and not self._at_root(g, dict(zip(syms, map(sp.Integer, combo))), sizes, inputs):
                    # tanh(a) = 1 "held" at a = 48.43 (a gap of 2e-42), tanh(c²) = 1 at c = -41.65 (a gap that rounds
                    # to 0 at any working precision): a tail, not a root
                    return False
        return self.domain.holds(ev, sizes) and not self._missed_exactly(sizes, inputs) \
            and not self._conditions_fail_exactly(sizes, inputs)

    def _at_root(self, g: Given, at: dict, sizes: dict, inputs: dict) -> bool:
        """True when the draw meets the equality given ``g`` (at index values ``at``) at a root: moving an entry it
        reads moves its gap (``_is_root``), where an equation no real value solves only tends to 0 far out."""
        # the draw's single labels too: y_k = δ_kc read c, which the probe had no value for (no draw met the given)
        u = self.sem.expand((g.lhs - g.rhs).xreplace({**self._label_values(inputs), **at}))
        probe = _Probe(self, u, sizes, inputs)
        entries = _entries_read(u, inputs, sizes)
        with mpmath.workdps(DIGITS):
            # met exactly, it is met (a = max(u, 0) = 0 all along u < 0, where no move changes the gap, as the
            # when's equations are read); x₁·x₂ = 0 at x₁ = 0 is flat in x₂ only: one entry that moves it is enough;
            # with none to move, the gap is the given's own, as small as the evaluator leaves it
            return not entries or self._rational_zero(u, sizes, inputs) \
                or any(_is_root(probe, name, key, inputs[name][key]) for name, key in entries)

    def _compare(self, sizes, inputs, idx: dict, digits: int, ties: Ties | None = None):
        """Both sides at this point and precision; ``ties``: how kinks and boundaries that stay are read.

        With ``ties``, None where the claim is not asserted (outside its ``when``), read through the same ties: the
        sides' written domain (ln Σ_j 𝟙[t_j ≥ t_i] e^{u_j} > 0) meets the tie at j = i as the sides do, and read
        strictly it left every point of a Cox risk set skipped.
        """
        with mpmath.workdps(digits), self._evaluated(sizes, inputs, idx, ties) as ev:
            if ties is not None and not self.domain.admits(ev):
                return None
            if ties is None:
                return ev(self.lhs), ev(self.rhs)
            ties.sides = True  # (a boundary of the sides' own cases is read both ways; the when's, as written)
            try:
                return ev(self.lhs), ev(self.rhs)
            finally:
                ties.sides = False

    @contextmanager
    def _evaluated(self, sizes: dict, inputs: dict, idx: dict, ties: Ties | None):
        """The point's evaluator at index values ``idx`` (at the caller's precision), its kinks and boundaries that
        stay read through ``ties`` (None: strictly) while it is used."""
        token = BOUNDARIES_AS_WRITTEN.set(ties.as_written if ties is not None else None)
        try:
            if ties is None and not watched():
                ev = self._point(sizes, inputs)
            else:  # the definitions too, and a memo of their own: the file's shared ones hold values read strictly
                # (or values computed unwatched, whose magnitudes ``watching`` would miss)
                ev = Point(*self._forward(sizes, inputs, ties), self.compiler)
                ev.ties = ties
            ev.symbols.update({s: mpmath.mpf(v) for s, v in idx.items()})
            yield ev
        finally:
            BOUNDARIES_AS_WRITTEN.reset(token)

    def _fat(self, sizes: dict, inputs: dict[str, dict], idx: dict) -> frozenset | None:
        """The kinks and condition boundaries the point is on that stay there after every entry moves a little.

        A boundary such as relu(x) > 0 holds as an equality (0 = 0) at every x < 0, and a step's
        argument x_k − x_c is 0 at k = c for every x: whole regions where the claim is asserted,
        where skipping the points hid slips.  A boundary or kink of measure zero (x = 0) is left by
        the move (each entry by a nonzero amount of about 2⁻²⁰ of it plus 2⁻⁴⁰, so an entry drawn
        at 0 moves too).  Returns their ``Ties`` keys, or None when none stayed (the point is
        skipped).  The move is seeded by the point, so the answer is a function of the point.
        Labels and pinned scalars stay as drawn.
        """
        ties = Ties()
        try:
            self._compare(sizes, self._moved(sizes, inputs, idx), idx, DIGITS, ties)
        except POINT_ERRORS:
            return None
        return frozenset(ties.seen) or None

    def _moved(self, sizes: dict, inputs: dict[str, dict], idx: dict) -> dict[str, dict]:
        """The draw with every real entry moved a little (``_fat``), seeded by the point."""
        rng = random.Random(repr((_draw_key(sizes, inputs), sorted((str(k), int(v)) for k, v in idx.items()))))
        # ... and inputs a given keeps to a few values (y**2 = 1, q(1 - q) = 0): none of theirs is a null set
        keep = set(self.f.labels) | set(self.domain.pinned()) | self.domain.units | self.domain.binary
        # ... and an entry the when pins to a number at these indices (x[j] == 0), or a given (x_1 = 0, 1 - u = 0), as
        # a pinned scalar (u == 0) stays
        pinned = self._entries_pinned(sizes, inputs, idx) | {p for p in self._given_pins() if p is not None}

        def nudge() -> Fraction:
            return rng.choice((-1, 1)) * rng.randint(1, 1024)

        def moved(name: str, k: tuple, v: Fraction) -> Fraction:
            new = v * (1 + Fraction(nudge(), 2 ** 30)) + Fraction(nudge(), 2 ** 40)
            return v if (name, k) in pinned else new
        out = {name: vals if name in keep else {k: moved(name, k, v) for k, v in vals.items()}
               for name, vals in inputs.items()}
        # the when's equalities met again, as the draw met them (x == b beside Huber's |x| <= b: the threshold moved
        # with x, or the boundary it names would never stay)
        if self.set_by_when or self.when_equations or self.givens:
            # ... and the givens, in the order the draw met them all
            out = {name: dict(vals) for name, vals in out.items()}
            self._solve_when(sizes, out)
            self._solve_when_equations(sizes, out, idx or None)
            self._solve_givens(sizes, out)
            self._solve_when(sizes, out)
            self._solve_when_equations(sizes, out, idx or None)
        return out

    def _written_conditions(self) -> frozenset:
        """The comparisons the claim writes itself (in its cases, its where): read as written at their boundaries."""
        if "_written_conds" not in self.__dict__:
            found: set = set()
            # a side without a derivative is the writer's throughout, its sums' indices renamed as read
            for resolved, plain in zip((self.lhs, self.rhs), self.domain.derivative_free):
                if plain:
                    found |= resolved.atoms(sp.core.relational.Relational)
            for side in self.domain.written:
                try:
                    for form in (side, self.sem.expand(side)):
                        found |= form.atoms(sp.core.relational.Relational)
                except Exception:  # noqa: BLE001 - a side the definitions cannot be put into: as written alone
                    found |= side.atoms(sp.core.relational.Relational)
            found |= self._unmoved_conditions()
            self._written_conds = frozenset(found)
        return self._written_conds

    def _unmoved_conditions(self) -> set:
        """The comparisons of derive's derivatives that no input the claim differentiates by moves: along it the point
        stays on such a boundary, in the case written there, so the slope exists and is that case's (∂h/∂x = 0 at s = 0
        for h = where(s > 0, x, 0), where 1 read from the other case left the false ∂h/∂x = 1 unproved)."""
        by = self.domain.by
        quantities = self.f.quantities
        if not by or any(n not in quantities or quantities[n].defined for n in by):
            return set()  # by a defined quantity (z = Wx): its conditions may be written in what defines it
        found = set()
        for side in (self.lhs, self.rhs):
            for rel in side.atoms(sp.core.relational.Relational):
                names = self.sem.names_in(rel)
                if names and not any(self.sem.depends_on(n, v) for n in names for v in by):
                    found.add(rel)
        return found

    def _conventions_only(self, fat: frozenset) -> bool:
        """True when every step and sign on the kinks ``fat`` is one a derivative made (|x|'s slope sign(x)), whose value
        at 0 is a convention, none the claim writes (``\\operatorname{sign}(w_i)``, 0 at 0 by definition)."""
        if "_written_kinks" not in self.__dict__:
            written = set()
            for side in self.domain.written:
                try:  # as written (its quantities by name, as the search reads them) and in the inputs
                    for form in (side, self.sem.expand(side)):
                        written |= {oriented_kink(n)[0] for n in form.atoms(sp.Heaviside, sp.sign)}
                except Exception:  # noqa: BLE001 - a side the definitions cannot be put into: read every kink as written
                    return False
            self._written_kinks = written
        return not any(node in self._written_kinks for node, _ in fat)

    def _givens_met(self, sizes: dict, inputs: dict) -> bool:
        """True when every given is an equation the draw meets exactly, each instance 0 (a note's ``\\text{if } u = 1``,
        ``\\text{if } r_j = \\delta``, solved for an entry): a point on a kink that stays then needs no given read
        through ties."""
        for n, g in enumerate(self.givens):
            if not (isinstance(g.lhs, Expr) and isinstance(g.rhs, Expr)):
                return False  # an inequality given, read strictly only
            rows = list(itertools.islice(self._given_rows(n, sizes, inputs), 65))
            if len(rows) > 64:
                return False
            for at in rows:
                u = self._instance(n, at)
                try:
                    probe = _Probe(self, u, sizes, inputs)
                    with mpmath.workdps(DIGITS):
                        if Point(probe.symbols, probe.arrays, probe.compiler)(u) != 0:
                            return False
                except (*POINT_ERRORS, Unsupported, ValueError, ZeroDivisionError, TypeError):
                    return False
        return True

    def _given_pins(self) -> list:
        """The input entry each given sets to a number (``_given_pin``; None for any other given)."""
        if "_pins" not in self.__dict__:
            pins = [_given_pin(g) for g in self.givens]
            self._pins = [p if p is not None and p[0] in self.f.quantities and not self.f.quantities[p[0]].defined
                          else None for p in pins]
        return self._pins

    def _entries_pinned(self, sizes: dict, inputs: dict, idx: dict) -> set[tuple[str, tuple]]:
        """The input entries an equation of the when sets to a number at the index values ``idx`` (``x[j] == 0`` at
        j = 2: x's entry (2,)), as (name, key)."""
        values = {s: sp.Integer(int(v)) for s, v in sizes.items() if isinstance(s, sp.Symbol)}
        found = (_pin(self._at_indices(u, inputs, idx).xreplace(values)) for u in self.when_equations)
        return {p for p in found if p is not None and p[0] in self.f.quantities and not self.f.quantities[p[0]].defined}

    def _forward_stays(self, sizes: dict, inputs: dict[str, dict], idx: dict | None = None) -> bool:
        """True when the definitions still meet a kink or boundary once the draw is moved (else it was chance); ``idx``:
        the index values the when's equations are met at (r[j] == d at j = 2)."""
        with mpmath.workdps(DIGITS):
            try:
                self._forward(sizes, self._moved(sizes, inputs, idx or {}))
            except POINT_ERRORS as exc:
                return _on_kink(exc)
        return False

    def _sides(self, sizes: dict, inputs: dict, idx: dict, digits: int, fat: frozenset | None) -> list:
        """Both sides at the point: once, or where ``_fat`` found kinks that stay, at each way to value them."""
        if not fat:
            return [self._compare(sizes, inputs, idx, digits)]
        written = self._written_conditions()
        sides = [self._compare(sizes, inputs, idx, digits, Ties(values, fat, written)) for values in valuations(fat)]
        # outside the when (or the sides' written domain) for some value of H(0): not asserted for every value there
        return None if None in sides else sides

    def _index_combos(self, sizes: dict, rng: random.Random, cap: int) -> list[dict]:
        syms = self.index_order
        dims = [range(1, int(self.ranges[s].xreplace(sizes)) + 1) for s in syms]
        combos = list(itertools.product(*dims))
        if len(combos) > cap:
            # Keep the all-distinct and all-equal patterns first: deltas differ exactly there.
            distinct = [c for c in combos if len(set(c)) == len(c)][:cap // 4]
            equal = [c for c in combos if len(set(c)) == 1][:cap // 4]
            rest = [c for c in combos if c not in distinct and c not in equal]
            combos = distinct + equal + rng.sample(rest, cap - len(distinct) - len(equal))
        return [dict(zip(syms, c)) for c in combos]

    def run(self, plan: Plan = CHEAP) -> SearchResult:
        """Try the points of ``plan`` in a fixed order; stop at the first confirmed counterexample."""
        res = SearchResult()
        self.plan_name = plan.name
        rng = random.Random(f"{self.seed}:{plan.name}")
        combos = _size_combos(sorted(self.f.size_symbols, key=str), plan, rng)
        if plan.literal_sizes and self.literal_sizes:
            # a slip at entry 7 (+ δ_{j7} w_j) is nowhere among sizes ≤ 6, one past t > 2 and j > 2 nowhere among
            # four sizes' corners: each size at each value its cuts need, the others at their largest (or 2), first
            syms = sorted(self.f.size_symbols, key=str)
            top = {s: max(self.literal_sizes.get(s, {2})) for s in syms}
            literal = [{t: sp.Integer(v if t == s else top[t]) for t in syms}
                       for s in syms for v in sorted(self.literal_sizes.get(s, ()), reverse=True)]
            fresh = [c for n, c in enumerate(literal) if c not in combos and c not in literal[:n]]
            combos = fresh[:MAX_LITERAL_COMBOS] + combos
        # Few size combinations (none for a file of scalars): more rounds of draws, so the pass
        # tries about as many points as with many; a later round only adds points after the first's.
        for round_ in range(max(1, plan.max_size_combos // len(combos))):
            for sizes in combos:
                draws = [self.draw_inputs(sizes, scale, positive, rng) for scale, positive in plan.draws]
                if plan.kinks and round_ == 0:
                    draws += self.kink_draws(sizes, draws[0])
                for inputs in draws:
                    if res.points >= plan.max_points:
                        return res
                    inputs = self._into_when(sizes, inputs)
                    if not self.when_indexed:
                        tries = [(inputs, None)]
                    else:  # T[i] == 0: a draw solved at each index combination, tried there alone
                        tries = []
                        for idx in self._index_combos(sizes, rng, plan.max_index_combos):
                            solved = {n: dict(v) for n, v in inputs.items()}
                            self._solve_when_equations(sizes, solved, idx)
                            tries.append((solved, [idx]))
                    for at, at_idx in tries:
                        if res.points >= plan.max_points:
                            return res
                        found = self._try(sizes, at, rng, plan, res, at_idx)
                        if found is not None:
                            res.counterexample = found
                            return res
        return res

    def _try(self, sizes: dict, inputs: dict, rng: random.Random, plan: Plan, res: SearchResult,
             combos: list[dict] | None = None) -> dict | None:
        """A counterexample among the index combinations at this draw (``combos``: these only), or None."""
        try:
            with mpmath.workdps(DIGITS):
                ev = self._point(sizes, inputs)
                if not self._givens_hold(ev, sizes, inputs):
                    res.given_rejected += 1
                    return None
        except POINT_ERRORS as exc:
            if self.when_indexed and combos is None:  # drawn once, here and for the loop below alike
                combos = self._index_combos(sizes, rng, plan.max_index_combos)
            at_indices = combos if self.when_indexed else [{}]
            # A definition on a kink or boundary that may stay (r[k] = step(x[k] - x[c]) at k = c): each point is
            # then read through _fat, where nothing else (givens, a when, written domains) needs strict values.
            # The when and the sides' written domain are read through the same ties (``_compare``); the givens
            # are not, so a draw whose definitions meet a tie is read so only beside givens it meets exactly.
            if not (_on_kink(exc) and self._givens_met(sizes, inputs)
                    and any(self._forward_stays(sizes, inputs, i) for i in at_indices)):
                res.count_undefined(exc)
                return None
            ev = None
        res.given_held += 1
        for idx in combos if combos is not None else self._index_combos(sizes, rng, plan.max_index_combos):
            with mpmath.workdps(DIGITS):
                read = self._sides_at(ev, sizes, inputs, idx, res)
                if read is None or (self.when_equations and not self._when_at_roots(sizes, inputs, idx)):
                    continue
                sides, fat = read
                gaps = [abs(a - b) for a, b in sides]
                res.points += 1
                # On a kink that is not a null set the claim fails only if it fails whatever H(0) is, between the
                # values tried too: sides differing one way at one value and the other way at another meet in between
                # (|x|'s slope 1/3 at 0, a mixture of its sides -1 and 1)
                if any(gap <= RELATIVE_GAP * max(1, abs(a), abs(b)) for gap, (a, b) in zip(gaps, sides)) \
                        or _straddled(sides) and self._conventions_only(fat):
                    res.max_difference = max(res.max_difference, min(gaps))
                    continue
            try:
                # An equation (the when's, a given's) met only nearly is re-solved to more digits than the checks
                # read, and the gap read there; with no root near, the point is tested but refutes nothing.
                at = self._refined(sizes, inputs, idx)
                if at is None:
                    res.rounding += 1
                    continue
                with watching() as spread:
                    confirmed = self._sides(sizes, at, idx, CONFIRM_DIGITS, fat)
                    bits = spread()
                if confirmed is None:  # outside the when at more digits: nothing asserted there
                    res.on_kink += 1
                    continue
                with mpmath.workdps(CONFIRM_DIGITS):
                    held = any(abs(a2 - b2) <= RELATIVE_GAP * max(1, abs(a2), abs(b2)) for a2, b2 in confirmed) \
                        or _straddled(confirmed) and self._conventions_only(fat)
                noise = None if held else self._stable(sizes, at, idx, fat, confirmed, bits)
                if noise is None:
                    res.rounding += 1  # a difference that more digits took away: not one of the claim's
                    continue
                if not self._admitted(sizes, at, idx, fat):
                    # an inequality of the givens or the `when` held only to 50 digits: on its boundary or nowhere
                    # (σ(x) + σ(−x) > 1), where nothing is asserted
                    res.on_kink += 1
                    continue
                with mpmath.workdps(CONFIRM_DIGITS):
                    return self._report(sizes, idx, at, *confirmed[0], ties=ties_note(
                        fat, len({(a2, b2) for a2, b2 in confirmed}) > 1) if len(confirmed) > 1 else None, noise=noise)
            except POINT_ERRORS as exc:
                res.count_undefined(exc)
                continue
        return None

    def _admitted(self, sizes: dict, inputs: dict, idx: dict, fat: frozenset | None = None) -> bool:
        """True when the givens' and the ``when``'s inequalities hold at the point at the confirming precision too
        (read through the kinks that stay there, ``fat``, for every way of valuing them)."""
        if self.domain.when is None and not self.domain.conditions:
            return True
        try:
            with mpmath.workdps(CONFIRM_DIGITS):
                for ties in [Ties(values, fat) for values in valuations(fat)] if fat else [None]:
                    with self._evaluated(sizes, inputs, idx, ties) as ev:
                        if not self.domain.holds_beyond_rounding(ev, sizes, RELATIVE_GAP):
                            return False
                return True
        except POINT_ERRORS:
            return False

    def _stable(self, sizes: dict, inputs: dict, idx: dict, fat: frozenset | None, confirmed: list,
                bits: int = 0) -> tuple[bool, bool] | None:
        """When more digits give the same difference (not what rounding left of a cancellation), whether each side
        of the first reading was itself such noise, a side 0 to every digit read (lhs, rhs); else None.

        cosh(2x)² − sinh(2x)² at x ≈ 48 subtracts numbers near 10⁸⁴, and at 100 digits what is left of the 1
        is noise; with more digits such a gap shrinks below the tolerance or changes, where a true one stays.
        Twice the digits are not always more than the cancellation: at x y ≈ -2017 the squares are near 10¹⁷⁵²
        and cosh² − sinh² read 0 at 50, 100 and 200 digits alike, a true claim refuted.  So the sides are read
        again with STABLE_MARGIN digits more than twice the range the values computed for them span (``bits``, in
        binary): a difference such as cosh − sinh at x y ≈ 1628 is 10^-707 under terms of 10^707, and times e^{xy}
        it is 1 (the difference itself, noise until then, is no value the range can count).
        """
        digits = max(STABLE_DIGITS, CONFIRM_DIGITS + math.ceil(2 * bits * math.log10(2)) + STABLE_MARGIN)
        if digits > MAX_STABLE_DIGITS:
            return None
        again = self._sides(sizes, inputs, idx, digits, fat)
        if again is None:
            return None
        with mpmath.workdps(digits):
            for (a, b), (a2, b2) in zip(confirmed, again):
                gap, gap2 = a - b, a2 - b2
                if abs(gap2) <= RELATIVE_GAP * max(1, abs(a2), abs(b2)) or abs(gap2 - gap) > STABLE_GAP * abs(gap2):
                    return None
                if not (_steady(a, a2, gap2) and _steady(b, b2, gap2)):
                    return None
            (a, b), (a2, b2) = confirmed[0], again[0]
            # steady but not the same at more digits: what the digits shrank (``_steady``), a side cancelling to 0
            return not _agree(a, a2), not _agree(b, b2)

    def _sides_at(self, ev: Point | None, sizes: dict, inputs: dict, idx: dict, res: SearchResult):
        """(both sides, each way of reading the kinks that stay; those kinks) at one index combination, or None
        where the claim asserts nothing (outside its ``when``) or a side is undefined (counted)."""
        try:
            if ev is not None:
                ev.symbols.update({s: mpmath.mpf(v) for s, v in idx.items()})
                try:
                    if not self.domain.admits(ev):
                        return None  # outside the claim's `when`: nothing is asserted there
                    return [(ev(self.lhs), ev(self.rhs))], None
                except POINT_ERRORS as exc:
                    if not _on_kink(exc):
                        raise
            fat = self._fat(sizes, inputs, idx)
            if fat is None:
                raise Undefined(_NULL_KINK)
            sides = self._sides(sizes, inputs, idx, DIGITS, fat)
            return None if sides is None else (sides, fat)
        except POINT_ERRORS as exc:
            res.count_undefined(exc)
            return None

    def _report(self, sizes, idx, inputs, a, b, ties: str | None = None, noise: tuple = (False, False)) -> dict:
        size_names = {v: k for k, v in self.f.sizes.items()}
        shown = {n: v for n, v in inputs.items() if n in self.claim_inputs or n in self.f.labels}
        out_inputs = {}
        text = distinct_texts(  # every entry shown (of a large input, its first), told apart from the others
            {vals[k] for vals in shown.values() for k in sorted(vals)[:MAX_SHOWN_ENTRIES]})
        for name, vals in shown.items():
            q = self.f.quantities.get(name) or self.f.labels[name]
            keys = sorted(vals)
            if len(keys) > MAX_SHOWN_ENTRIES:  # a 64×64×64 input: its first entries, and how many there are
                out_inputs[name] = "[" + ", ".join(f"{name}[{', '.join(map(str, k))}]={text[vals[k]]}"
                                                   for k in keys[:MAX_SHOWN_ENTRIES]) + f", … ({len(keys)} entries)]"
            elif not q.shape:
                out_inputs[name] = text[vals[()]]
            elif len(q.shape) == 1:
                out_inputs[name] = "[" + ", ".join(text[vals[k]] for k in keys) + "]"
            else:  # nested as the axes are, a 3-axis input a list of matrices
                out_inputs[name] = _nested([(k, text[vals[k]]) for k in keys])
        return {
            "sizes": {size_names.get(s, str(s)): int(v) for s, v in sizes.items() if s in self.shown_sizes},
            "indices": {str(s): int(v) for s, v in idx.items()},
            "inputs": out_inputs,
            "exact_inputs": {name: {",".join(map(str, k)): _exact(v) for k, v in vals.items()}
                             for name, vals in shown.items() if len(vals) <= MAX_SHOWN_ENTRIES},
            # a side that cancels to 0 reads as rounding's residue (7e-102 at 100 digits): shown as the 0 it is
            "lhs": mpmath.nstr(mpmath.mpf(0) if noise[0] else a, 15),
            "rhs": mpmath.nstr(mpmath.mpf(0) if noise[1] else b, 15),
            "difference": mpmath.nstr(a - b, 15),
            "search": self.plan_name,
            **({"ties": ties} if ties else {}),
        }


#: The relations of a ``when`` whose boundary a draw may be moved across (an equality is met by ``_solve_when``).
_INEQUALITIES = (sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan, sp.GreaterThan)


def _steady(v, v2, gap2) -> bool:
    """True when a side's value ``v`` and its value ``v2`` at twice the digits agree, or ``v`` was noise that the
    digits shrank, far below the gap ``gap2`` (a side that cancels to 0).

    A gap that stays is not enough: 1/J''(w) of a logistic loss at w x ≈ -1300, J'' cancelling to 10^-572, read
    -10^96 at 100 digits and 10^196 at 200, noise of the cancellation, far below the other side (10^569) both times,
    and a true claim was refuted with it.
    """
    return _agree(v, v2) or abs(v2) <= abs(v) <= STABLE_GAP * abs(gap2)


def _agree(v, v2) -> bool:
    """True when a side's value ``v`` is its value ``v2`` at more digits, to ``STABLE_GAP``."""
    return abs(v - v2) <= STABLE_GAP * abs(v2)


def _on_kink(exc: BaseException) -> bool:
    """True for a point undefined only because a step, a sign or a condition's boundary is met there."""
    return isinstance(exc, AtKink) or str(exc) == ON_BOUNDARY


#: Why a point on a kink or boundary that moving the inputs leaves is skipped.
_NULL_KINK = "on a kink or boundary of measure zero"


def _straddled(sides: list) -> bool:
    """True when the sides, read at each value of H(0) and sign(0) on a kink that stays, differ one way at one and the
    other way at another: a mixture of the kink's sides between them meets the claim."""
    signs = {mpmath.sign(a - b) for a, b in sides}
    return 1 in signs and -1 in signs


def _pin(u: Expr) -> tuple[str, tuple] | None:
    """``(name, key)`` of the one input entry ``u`` = 0 sets to a number (``x[2]``, ``1 - u``: linear in it, whole-number
    indices), else None."""
    entries = [e for e in u.atoms(sp.Indexed) if all(i.is_Integer for i in e.indices)]
    labels = {e.base.label for e in u.atoms(sp.Indexed)}  # x of x[2] is among SymPy's free symbols too
    scalars = [s for s in u.free_symbols if isinstance(s, Symbol) and s.is_real and not s.is_integer and s not in labels]
    if len(entries) + len(scalars) != 1:
        return None
    (entry,) = entries or scalars
    d = sp.Dummy()
    rest = sp.expand(u.xreplace({entry: d}))
    if rest.free_symbols != {d} or rest.has(sp.Indexed):
        return None
    slope = rest.diff(d)
    if not (slope.is_Rational and slope != 0 and rest.subs(d, 0).is_Rational):
        return None
    if isinstance(entry, sp.Indexed):
        return str(entry.base), tuple(int(i) for i in entry.indices)
    return entry.name, ()


def _given_pin(g) -> tuple[str, tuple] | None:
    """The input entry an equation given sets to a number (``x_1 = 0``, ``1 - u = 0``), as ``_pin``, else None."""
    if not (isinstance(g.lhs, Expr) and isinstance(g.rhs, Expr)):
        return None
    return _pin(g.lhs - g.rhs)


#: What a counterexample on a kink that is not a null set says (its sides are shown at H(0) = ½).
TIES_NOTE = ("a step or sign here has argument 0 at every input near this point; the sides differ "
             "whether H(0) is 0, 1/2 or 1 and sign(0) is -1, 0 or 1 (shown: H(0) = 1/2, sign(0) = 0)")
#: ... on a case's boundary that holds there (x = 1 of where(x < 1, x, 2) where the claim sets x = 1), no step or sign
BOUNDARY_NOTE = ("a case's boundary here holds at every input near this point; the sides differ whichever "
                 "case is read there (shown: the case as written)")


def ties_note(fat: frozenset, differ: bool) -> str | None:
    """What a counterexample says of the kinks ``fat`` that stay at its point (``differ``: the ways of reading them gave
    different sides): wrong whatever a step's or sign's value there; else, where the claim's own case boundary was read
    both ways, wrong whichever case; else nothing (a definition's boundary reads as written: where(x < 1, x, 2) is 2 at
    x = 1, and the note on H(0) said there, beside no step, was wrong)."""
    if ties_met(fat):
        return TIES_NOTE
    return BOUNDARY_NOTE if differ else None


#: Entries of one input a counterexample lists (every one up to this many; beyond, the first and the count):
#: a 64×64×64 input listed whole made each counterexample megabytes, kept by the parent for every claim.
MAX_SHOWN_ENTRIES = 64


def _draw_key(sizes: dict, inputs: dict[str, dict]) -> tuple:
    """A draw as a hashable key (its sizes and every input entry), for what a file keeps per draw."""
    # By name: str() of a (size, value) pair goes through SymPy's printer, thousands of times a file.
    # Each entry as its (normalised) numerator and denominator: ints hash in C, a Fraction in Python.
    return (tuple(sorted(sizes.items(), key=lambda kv: kv[0].name)),
            tuple((n, tuple([(k, f.numerator, f.denominator) for k, f in sorted(v.items())]))
                  for n, v in sorted(inputs.items())))


def search(sem: Semantics, lhs: Expr, rhs: Expr, ranges: dict, givens: tuple[Given, ...],
           plan: Plan = CHEAP, domain: Domain | None = None) -> SearchResult:
    """Look for a counterexample to ``lhs = rhs`` (diffs resolved) at the points of ``plan``; deterministic."""
    try:
        return Search(sem, lhs, rhs, ranges, givens, domain=domain).run(plan)
    except Unsupported as exc:
        return SearchResult(notes=[f"cannot evaluate numerically: {exc}"])

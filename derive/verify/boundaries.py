"""The equality cases of a claim's ``where``s, checked where they hold.

A proof by cases on the sign of each kink's argument ignores the null set where one is 0: there the
claim is not asserted.  A case written for that set, ``1 & x = \\sqrt{2}`` among ``x > \\sqrt{2}`` and
``x < \\sqrt{2}``, asserts a value on it all the same, so a proof must also hold there: on each
equality condition solved for one scalar input (x = √2, x = 1/y), the difference must vanish.  An
equality derive cannot solve (one of entries, or not polynomial of degree ≤ 2 in any input) leaves
the claim without a proof.  Equalities of integers (indices, labels) are the δ's, not null sets.

The cases of derive's own derivatives are not asserted (``written_claim``), and a written case where
derive's derivative takes different values on the two sides of a kink (``1 & u = v`` for
∂max(u, v)/∂u, a tie) is a convention for a slope that does not exist there, not asserted either,
unless no convention gives it: a slope without a value is any value between its one-sided slopes
(H(0) in [0, 1], sign(0) in [−1, 1]), and a value wrong for every one of them is refuted (``7 & x = 0``
for ReLU's slope, ``\\frac{dr}{dx} - 3 & x = 0`` for the slope 0 of relu(x)²), while a value that reads
another quantity's slope there is proved only when right for every one.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from itertools import permutations, product
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from typing import NamedTuple

import sympy as sp
from sympy import Expr

from ..algebra.bigops import MaxOver
from ..algebra.comparisons import zero_test
from ..algebra.conventions import SIGN_AT_0, STEP_AT_0, open_conventions
from ..algebra.differentiate import reached_alone, solutions
from ..algebra.names import canonical, dummies
from ..language.builtins import where_chain
from ..language.kinks import has_kinks, kink_arguments, kink_arguments_anywhere, replace_branches, same_kink

#: highest degree in the solved input: closed-form roots, quickly
MAX_DEGREE = 2

class _Claim(NamedTuple):
    """A claim while it is proved (``written_claim``)."""
    theirs: frozenset  # the gaps of the equalities only derive's own derivatives bring in
    derived: Expr  # those derivatives carried out, summed
    functions: tuple  # the functions they differentiate
    by: Expr | None  # the one variable they are taken by (None: several)
    where: Expr | None  # where the claim is asserted (None: everywhere)
    written: Expr  # the difference of its sides as written, its derivatives held as symbols
    held: frozenset  # those symbols
    parts: tuple  # (symbol, derivative carried out, function) for each
    own: Expr | None  # the symbol of the claim's own derivative, its left side
    cased: tuple = ()  # where its cases write a value, when they leave out a null set (1 & x > 0 \\ 0 & x < 0)


_CLAIM: ContextVar[_Claim | None] = ContextVar("claim", default=None)
#: Within ``jumps_noted``: the points ``(v, r)`` where a proof stopped at a value written at a jump of the claim's own
_JUMPS: ContextVar[list | None] = ContextVar("jumps", default=None)


@contextmanager
def jumps_noted(seen: list) -> Iterator[None]:
    """Within: each point where a proof stopped at a value the claim writes at a jump of what it differentiates,
    outside the one-sided slopes there (no slope exists at a jump: neither proved nor refuted), added to ``seen``."""
    token = _JUMPS.set(seen)
    try:
        yield
    finally:
        _JUMPS.reset(token)


def _stopped_at_jump(v: Expr, r: Expr) -> bool:
    """Note the point ``v = r`` for ``jumps_noted``; False (the proof stops there)."""
    seen = _JUMPS.get()
    if seen is not None and (v, r) not in seen:
        seen.append((v, r))
    return False


#: What a claim asserts at a root of one of its equality cases (``_at``): OPEN where it reads a derivative other than
#: its own that has no slope there, whose value is a convention between its one-sided slopes; CONVENTION where its
#: own derivative has none (a value written for it is a convention, only one outside those slopes wrong); SIDED where a
#: derivative it reads has a slope there, its sides' common value, though derive's cases give another value there.
#: JUMP where what its own derivative differentiates jumps: a value written there is a convention, proved only between
#: the one-sided slopes and never refuted (no slope exists at a jump, not even a mixture of the sides).
CHECK, SKIP, UNKNOWN, OPEN, CONVENTION, SIDED, JUMP = "check", "skip", "unknown", "open", "convention", "sided", "jump"


@contextmanager
def written_claim(written: Expr, derivatives: list, functions: list, by, where, held: tuple = (),
                  own: Expr | None = None, cased: tuple = ()) -> Iterator[None]:
    """Prove, while open, a claim whose sides as written (its derivatives held as the symbols ``held``, ``own`` its
    left side's, in the inputs) are the difference ``written``, whose derivatives, carried out (in the inputs), are
    ``derivatives``, of the ``functions`` (in the inputs, in the same order) by ``by`` (the one variable they are
    taken by; None: several), asserted where ``where`` holds (its ``when`` and conditions; None: everywhere); its
    cases write no value where each of ``cased`` fails (they leave out a null set there: ``_written_there``)."""
    derived = sp.Add(*derivatives)
    with _as_claim(None):  # read each as it stands, whatever an enclosing claim did
        theirs = {g for eq in equality_cases(derived) for g in (_gap(eq), -_gap(eq))}
        ours = {g for eq in equality_cases(written) for g in (_gap(eq), -_gap(eq))}
    with _as_claim(_Claim(frozenset(theirs - ours), derived, tuple(functions), by, where, written, frozenset(held),
                          tuple(zip(held, derivatives, functions)), own, tuple(cased))):
        yield


@contextmanager
def _as_claim(claim: _Claim | None) -> Iterator[None]:
    """Within: ``claim`` is the claim being proved (``_at`` and the readings below take it from here)."""
    token = _CLAIM.set(claim)
    try:
        yield
    finally:
        _CLAIM.reset(token)


@contextmanager
def claim_rewritten(rewrite) -> Iterator[None]:
    """Within: the claim as ``rewrite`` gives it, for a prover that replaced the inputs (0 < p < 1 read as p = 1/(1 + q),
    q > 0): its points are in the new inputs, and read against a claim still in the old ones (where(u > p, …) at
    u = 1/(1 + q)) they lie on none of its kinks.  The variable of the slope rewritten to another expression: None."""
    claim = _CLAIM.get()
    if claim is None:
        yield
        return
    new = _mapped(claim, rewrite)
    if new.by != claim.by:
        new = new._replace(by=None)
    # points in the new inputs (u = 1/(1 + q)) are not the writer's: not named in a verdict (``jumps_noted``)
    unnamed = _JUMPS.set([]) if new.written != claim.written or new.functions != claim.functions else None
    try:
        with _as_claim(new):
            yield
    finally:
        if unnamed is not None:
            _JUMPS.reset(unnamed)


def _at(v: Expr, r: Expr, zero, strict: bool = False, maybe: bool = False) -> str:
    """What the claim asserts at ``v = r``: nothing (SKIP) outside its ``when``, or where a function it
    differentiates has no slope (a jump, or a slope that differs on the two sides along the variable it is taken
    by: max(u, v) at u = v, ReLU at 0), where a value written for the slope is a convention; its value (CHECK) where
    derive's derivative is sure there; OPEN where its own slope is sure but another derivative it reads there has
    none (2 dr/dx − 3 for the slope of relu(x)² at 0: wrong only if wrong whatever r'(0) is); UNKNOWN where a kink of
    that derivative lies there and derive cannot tell the slope (its value there is a convention, H(0) = ½, or a
    case's constant), so nothing shows the claim there.  ``strict``: CHECK only where every function with a kink
    there is read on both sides (else UNKNOWN): a refutation must not take a jump it could not read for a slope.
    ``maybe``: JUMP also where the claim's own function may jump (its sides not shown equal)."""
    claim = _CLAIM.get()
    if claim is None:
        return CHECK
    derived, functions, by, where, written, held = claim.derived, claim.functions, claim.by, claim.where, \
        claim.written, claim.held
    if where is not None and where.xreplace({v: r}) is sp.false:
        return SKIP
    if not _kinks_at(derived, v, r, zero) and not any(_kinks_at(f, v, r, zero) for f in functions):
        return CHECK
    if by is None:
        return UNKNOWN
    at = {v: r}
    # only the derivatives the claim reads at the point: 2 r ∂r/∂x at x = 0 (r = relu x) is 0 whatever r'(0) is, so
    # a value written there for ∂(r²)/∂x is checked against that slope alone, which exists
    read = written.xreplace(at).free_symbols & held if held else None
    status = CHECK
    for symbol, derivative, f in claim.parts:
        if read is not None and symbol not in read:
            continue
        sides = _sides(f, by, at, zero)
        if sides is not None and (_differ(*sides) or _differ(sides[0], f.xreplace(at))):
            # it jumps there: no slope, and a value the claim writes for its own is a convention, proved only between
            # the one-sided slopes (-7 at x = 1 for where(x > 1, x, 0), slopes 0 and 1, was proved almost everywhere)
            if read is not None and symbol == claim.own and _sides(derivative, by, at, zero) is not None:
                return JUMP
            return SKIP
        if maybe and sides is not None and read is not None and symbol == claim.own and not (
                zero(sides[1] - sides[0]) and zero(sides[0] - f.xreplace(at))):
            # (``maybe``) it may jump there, by x/(1 - p), 0 only where x is: read as a jump (x/(1 - p) at u = p for
            # the slope of where(u > p, x, 0)/(1 - p), slopes 0, was proved)
            return JUMP
        if strict and _kinks_at(f, v, r, zero) and (sides is None or not all(
                zero(s - f.xreplace(at)) for s in sides)):
            status = UNKNOWN if status != OPEN else status
            continue
        if not _kinks_at(derivative, v, r, zero):
            continue
        sides = _sides(derivative, by, at, zero)
        if sides is not None and _differ(*sides):
            if read is None:
                return SKIP
            if symbol == claim.own:
                return CONVENTION  # no slope there: a value written for it is a convention
            status = OPEN  # another derivative's: the claim's value there is one of a range
        elif _by_sides(derivative, f, by, at, zero) is not None and not zero(derivative.xreplace(at) - sides[0]):
            # derive's derivative reads a case's value there, yet the slope exists: its sides' common value (read so
            # by ``_with_unknowns``)
            status = SIDED if status == CHECK else status
        elif sides is None or not (zero(derivative.xreplace(at) - sides[0]) and zero(sides[1] - sides[0])):
            status = UNKNOWN if status != OPEN else status
    return status


def _by_sides(derivative: Expr, f: Expr, by: Expr, at: dict, zero) -> Expr | None:
    """The slope of ``f`` along ``by`` at the point ``at`` read from ``derivative``'s two sides: their common value where
    they agree and ``f`` does not jump there (the mean value theorem), though ``derivative`` itself may read a case's
    value at the point (where(x > 0, x, 0) + where(x < 0, x, 0) is x, its slope 1 at 0 where its derivative's cases
    give 0); None when its sides differ or are not read, or ``f`` may jump there."""
    sides = _sides(derivative, by, at, zero)
    if sides is None or not zero(sides[1] - sides[0]):
        return None
    around = _sides(f, by, at, zero)
    if around is None or not all(zero(s - f.xreplace(at)) for s in around):
        return None
    return sides[0]


def _kinks_at(e: Expr, v: Expr, r: Expr, zero) -> list[Expr]:
    """The kink arguments of ``e`` (its cases' conditions too) that are 0 at ``v = r``."""
    return [u for u in kink_arguments_anywhere(e) if zero(u.xreplace({v: r}))]


def _sides(e: Expr, by: Expr, at: dict, zero) -> tuple | None:
    """``e`` just below and just above the point ``at`` along ``by`` (each kink lying there decided by the way it
    crosses as ``by`` grows, or touches: x³ crosses 0 at 0, x² stays above it), at the point; None when the way is
    unknown (no slope of order up to ``_ORDERS`` there is a number not 0)."""
    outside = kink_arguments(e)  # each up to a factor: H(x/2) has the kink x
    crossing = {}
    # a step's or sign's argument: its value at 0 is a convention (H(0) = 1/2 in SymPy), never read as a side
    conventions = [f.args[0] for f in e.atoms(sp.Heaviside, sp.sign)]
    for u in kink_arguments_anywhere(e):
        if not zero(u.xreplace(at)):
            continue
        if not any(same_kink(u, w) for w in outside):
            return None  # inside a sum its branch is not picked (Σ_k w_k x sign(x)²): no side is read
        if _stays(u, by, at) and not any(same_kink(u, c) for c in conventions):
            # along ``by`` the point stays on this kink, in the case the definition gives it there (where(x > 0, y, 0)
            # is 0 at x = 0 for every y, its slope by y 0): both sides read that case
            continue
        way = _way(u, by, at)
        if way is None:
            if any(same_kink(u, c) for c in conventions):
                continue  # a step's or sign's: read below, on each side, once inner kinks have picked their branches
            return None
        crossing[sp.expand(u)] = way

    def side(k: int):
        def sign_of(a):
            a = sp.expand(a)
            if a in crossing or -a in crossing:
                sign, odd = crossing[a] if a in crossing else crossing[-a]
                return (k if odd else 1) * sign * (1 if a in crossing else -1)
            if zero(a.xreplace(at)) and not _stays(a, by, at):
                # an argument an inner kink's branch rewrote on this side (-r + min(5/4, r) is 5/4 - r above 5/4):
                # its own way there (one the point stays on is read as written, as above)
                way = _way(a, by, at)
                if way is not None:
                    return (k if way[1] else 1) * way[0]
            return None
        return sign_of
    sides = [_side_value(replace_branches(e, side(k)), at, zero) for k in (-1, 1)]
    return None if None in sides else tuple(sides)


def _side_value(e: Expr, at: dict, zero) -> Expr | None:
    """``e`` (one side's branches picked) at the point ``at``.  A step or sign still at 0 there (on a tie that holds on
    that side: -r + min(5/4, r) is 0 below 5/4) gives its value only where the side does not depend on it, each such
    step an unknown of its own (H(-u) = 1 - H(u), sign(u) = 2 H(u) - 1); else None: its convention, H(0) = 1/2, is no
    side's value (read so, PPO's clipped slope was refuted at r = 1 + ε)."""
    unknowns: dict = {}
    table = {}
    for f in e.atoms(sp.Heaviside, sp.sign):
        u = sp.expand(f.args[0])
        if not zero(u.xreplace(at)):
            continue
        if -u in unknowns:
            step = 1 - unknowns[-u]
        else:
            step = unknowns.setdefault(u, sp.Dummy("step"))
        table[f] = step if isinstance(f, sp.Heaviside) else 2 * step - 1
    if not table:
        return e.xreplace(at)
    value = sp.expand(e.xreplace(table).xreplace(at))
    return None if value.free_symbols & set(unknowns.values()) else value


def _stays(u: Expr, by: Expr, at: dict) -> bool:
    """True when moving ``by`` keeps the point ``at`` on the kink ``u = 0``: u does not read by (t u - (t - 1) u is u),
    or is 0 there whatever by is (x - a x at x = 0, by a), the point itself not read by by (b = -w x, by w, moves)."""
    if not sp.expand(u).has(by):
        return True
    return by not in at and not any(x.has(by) for x in at.values()) and sp.expand(u.xreplace(at)) == 0


#: The highest order of slope ``_way`` reads: x⁵ at 0 is read, sin(x) − x at 0 (order 3) too.
_ORDERS = 5


def _way(u: Expr, by: Expr, at: dict) -> tuple | None:
    """``(sign, odd)`` of the kink argument ``u``, 0 at ``at``, along ``by``: its first slope not 0 there is of that sign
    and of an odd order (it crosses 0: u = x or x³) or an even one (it touches 0 and turns back: x², whose sign is the
    same on both sides); None when no slope up to ``_ORDERS`` is a number not 0.  A kink ``by`` does not move is not
    crossed: one branch on both sides (z_2 of relu(z_2) along z_1, off a Jacobian's diagonal; a jump's value there stays
    a convention, which ``_at`` does not take for a slope)."""
    if _stays(u, by, at):
        return 1, False
    for order in range(1, _ORDERS + 1):
        slope = sp.diff(u, by, order).xreplace(at)
        if not (slope.is_number and slope.is_real):
            return None
        if slope.is_zero is False:
            return (1 if slope > 0 else -1), order % 2 == 1
        if slope.is_zero is not True:
            return None
    return None


def _differ(a: Expr, b: Expr) -> bool:
    """True when ``a - b`` is a number visibly not 0 (not when it depends on other values, or has none)."""
    d = a - b
    if not d.is_number or d.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return False
    try:
        return abs(complex(sp.N(d, 30))) > 1e-20
    except (TypeError, ValueError):
        return False


def equality_cases(difference: Expr) -> list[sp.Eq]:
    """The equality conditions between real values of the ``where``s (Piecewise) in ``difference``: a value
    asserted where ``x = \\sqrt{2}`` (or where ``x \\ne \\sqrt{2}`` fails).  One whose sides hold a kink or a maximum is
    asserted beside a comparison of the same two sides, or when it holds at finitely many values of one input
    (|x| = 1): ``𝟙[x_i = \\max(x_1, x_2)]`` holds on a whole region, where it is the maximum's own case, and a tie
    of a maximum is not asserted (``LargestAt``).  Within ``written_claim``, not those derive's derivatives bring."""
    found = []
    claim = _CLAIM.get()
    for pw in sorted(difference.atoms(sp.Piecewise), key=sp.srepr):  # (in one order in every process)
        conds = [pair.cond for pair in where_chain(pw)]
        splits = {_gap(r) for c in conds for r in relations(c) if isinstance(r, (sp.Lt, sp.Le, sp.Gt, sp.Ge))}
        for c in conds:
            for rel in relations(c):
                if not isinstance(rel, (sp.Eq, sp.Ne)) or rel.lhs.is_integer and rel.rhs.is_integer:
                    continue
                eq = sp.Eq(rel.lhs, rel.rhs, evaluate=False)
                if eq not in found and (not (has_kinks(eq) or eq.has(MaxOver)) or _gap(eq) in splits
                                        or -_gap(eq) in splits or _finite(eq) is not None or _graph(eq)):
                    found.append(eq)
        found.extend(eq for eq in _points(pw) if eq not in found)
        # (not where the cases leave out a null set, read as the rest: nothing is written there)
        found.extend(eq for eq in _between(pw, bands=not (claim is not None and claim.cased)) if eq not in found)
        found.extend(eq for eq in _off_zero(conds) if eq not in found)
    if claim is not None:
        # derive's own point cases are no slope's (the derivative of a case's value there), but where the slope's
        # variable does not move the point off its case (where(x > 0, a, where(x < 0, a, 2 a)) at x = 0, by a)
        found = [eq for eq in found if _gap(eq) not in claim.theirs
                 or claim.by is not None and not _gap(eq).has(claim.by) and not has_kinks(eq)]
    return found


def jump_cases(difference: Expr) -> list[sp.Eq]:
    """``u = 0`` for each jump of the claim as written (an indicator's or a case's inequality ``u \\ge 0``) that is no
    equality case of ``difference``: where derive's slope exists there and the claim writes a value (``_written_there``),
    it is asserted (2x + 𝟙[x ≥ 0] − 𝟙[x > 0] for the slope 0 of x² at 0), though a proof by cases left it out.  (A
    step's or sign's value at 0 is a convention, not asserted: step(a) + step(−a) = 1 holds almost everywhere.)
    Within ``written_claim``; none outside it."""
    claim = _CLAIM.get()
    if claim is None:
        return []
    written = claim.written
    gaps = [_gap(r) for pw in sorted(written.atoms(sp.Piecewise), key=sp.srepr) for pair in where_chain(pw)
            for r in relations(pair.cond)
            if isinstance(r, (sp.Lt, sp.Le, sp.Gt, sp.Ge))]
    known = {g for eq in equality_cases(difference) if eq != UNSOLVED for g in (_gap(eq), -_gap(eq))}
    # (one inside a sum moves along it, Σ_k 1[z_k > 0]: not a point of the claim's inputs)
    bound = dummies(written)
    found = []
    for g in dict.fromkeys(gaps):
        eq = sp.Eq(g, 0, evaluate=False)
        if g.is_integer or g in known or -g in known or eq.has(MaxOver) or g.free_symbols & (claim.held | bound):
            continue
        if (not has_kinks(eq) or _finite(eq) is not None or _graph(eq)) and eq not in found \
                and sp.Eq(-g, 0, evaluate=False) not in found:
            found.append(eq)
    return found


def _off_zero(conds: list) -> list[sp.Eq]:
    """``g = 0`` for a case ``|g| > 0``, ``|g| \ne 0``, ``|g| = 0`` (or ``g^2``) on several inputs (``1 & |u - v| > 0``, then
    ``\text{otherwise}`` at the tie u = v); on one input ``_points`` reads it."""
    found = []
    for c in conds:
        for rel in relations(c):
            test = zero_test(rel)
            g = test.lhs if test is not None else None
            if g is not None and len(g.free_symbols) > 1 and not has_kinks(g) and not g.is_integer:
                found.append(sp.Eq(g, 0, evaluate=False))
    return found


def _graph(eq: sp.Eq) -> bool:
    """True when ``eq`` with a kink is solved by one input outside its kinks (|x| = y: y = |x|), a null set."""
    gap = _gap(eq)
    if gap.has(MaxOver):
        return False  # z_j = max_k z_k: the argmax's region, a tie of a maximum
    kinked = [k for k in sp.preorder_traversal(gap) if has_kinks(k) and k != gap]
    for v in sorted(gap.free_symbols, key=str):
        # an entry z_j is inside max(z_1, z_2) when j is 1 or 2: its array must be nowhere in a kink
        if v.is_integer or any(k.has(v.base if isinstance(v, sp.Indexed) else v) for k in kinked):
            continue
        try:
            if 1 <= sp.Poly(gap, v).degree() <= MAX_DEGREE:
                return True
        except sp.PolynomialError:
            continue
    return False


def _between(pw: sp.Piecewise, bands: bool = False) -> list[sp.Eq]:
    """``u = 0`` when cases ``u > 0`` and ``u < 0`` (``x > y``, ``x < y``; ``|x| < 1``, ``|x| > 1``) leave the rest only
    their boundary, or one case is ``u \\ge 0 \\land u \\le 0`` (``x \\ge y``, ``x \\le y``): a line or points.
    ``bands``: the strict sides of a band, or of either part of an or, count too (clip's ``a < x < b`` between
    ``x < a`` and ``x > b``, or beside ``x < a \\text{ or } x > b``: the rest, an ``\\text{otherwise}`` written, holds at
    x = a and x = b, whatever a and b are)."""
    pairs = where_chain(pw)
    found = []
    for p in pairs:  # one case on both sides of its boundary at once: the boundary itself
        signed = {_gap(r) * (1 if isinstance(r, sp.GreaterThan) else -1) for r in sp.And.make_args(p.cond)
                  if isinstance(r, (sp.GreaterThan, sp.LessThan))}
        found += [g for g in signed if -g in signed and sp.default_sort_key(g) < sp.default_sort_key(-g)]
    if len(pairs) >= 3 and pairs[-1].cond is sp.true:
        above = {_gap(r) * (1 if isinstance(r, sp.StrictGreaterThan) else -1) for p in pairs[:-1]
                 for r in (relations(p.cond) if bands else (p.cond,))
                 if isinstance(r, (sp.StrictGreaterThan, sp.StrictLessThan))}
        found += [g for g in above if -g in above and sp.default_sort_key(g) < sp.default_sort_key(-g)]
    eqs = [sp.Eq(g, 0, evaluate=False) for g in sorted(set(found), key=sp.default_sort_key) if not g.is_integer]
    return [eq for eq in eqs if not (has_kinks(eq) or eq.has(MaxOver)) or _finite(eq) is not None or _graph(eq)]


def _finite(eq: sp.Eq) -> tuple | None:
    """``(x, values)`` when ``eq`` holds at finitely many values of its one real input x, else None."""
    names = eq.free_symbols
    if len(names) != 1 or eq.atoms(sp.Indexed):
        return None
    (x,) = names
    if not isinstance(x, sp.Symbol) or x.is_integer:
        return None
    values = solutions(eq, x)
    return (x, values) if values is not None else None


#: The real unknown cases are solved for (SymPy solves for a symbol, not an entry): one for every claim, so that
#: ``reached_alone`` remembers the cases a file's claims meet again and again (a fresh one each time never met its
#: cache: 4 % of the test suite's CPU time went on solving the same cases anew).
_SOLVED_FOR = sp.Dummy("t", real=True)


def _points(pw: sp.Piecewise) -> list[sp.Eq]:
    """``x = p`` for each point p that a case of ``pw`` alone reaches, its conditions on one real input or entry x
    (SymPy solving them): ``\\text{otherwise}`` after x > 1 and x < 1 or after |x| > 0, a middle case 1 \\le x \\le 1."""
    pairs = [pair for pair in where_chain(pw) if not (pair.cond is sp.true and isinstance(pair.expr, sp.Piecewise))]
    entries = set().union(*(pair.cond.atoms(sp.Indexed) for pair in pairs))
    labels = {e.base.label for e in entries}  # W of W[i, j] is among its free symbols too
    names = {s for pair in pairs for s in pair.cond.free_symbols
             if isinstance(s, sp.Symbol) and not s.is_integer and s not in labels} | entries
    if len(names) != 1 or any(pair.cond.has(MaxOver) for pair in pairs):
        return []
    (x,) = names
    if x.is_integer:
        return []
    t = _SOLVED_FOR
    conditions = [pair.cond.xreplace({x: t}) for pair in pairs]
    found = reached_alone(conditions, t)
    if found is None:
        # cos(x) >= 1 may leave a point; (n + 5) a > 0, with a size in it, is read as before (no point found)
        return [UNSOLVED] if all(c.free_symbols <= {t} for c in conditions) else []
    return [sp.Eq(x, eq.rhs, evaluate=False) for eq in found]


#: Cases on one input that SymPy cannot solve (cos(x) >= 1, sin(x) > 0 or sin(x) < 0): they may leave a case
#: points, where nothing shows the claim, so a proof by cases is not taken.
UNSOLVED = sp.Eq(sp.Symbol("cases_sympy_cannot_solve"), 0, evaluate=False)


def relations(cond) -> list:
    """The comparisons ``cond`` is made of (itself, if one), in one order in every process."""
    if isinstance(cond, sp.core.relational.Relational):
        return [cond]
    # (by their text: SymPy's sort keys compare numbers, and a NaN among them made comparing them fail)
    return sorted(cond.atoms(sp.core.relational.Relational), key=sp.srepr)


def _gap(rel) -> Expr:
    return sp.expand(rel.lhs - rel.rhs)


def wrong_on_equalities(difference: Expr, admits=lambda point: True, near: dict | None = None) -> tuple | None:
    """``({x: r, …}, x, whatever)`` at a root r of one of the claim's equality cases where it is asserted and derive's slope is
    sure (``_at``: both sides of the kink agree, the function does not jump), at which ``difference`` is a number
    visibly not 0: the claim's own value there is wrong (``1 & x = 0`` for the slope of x|x|).  Where the root or
    that number depends on other scalar inputs (x = δ for Huber's slope, y for y·relu(x)²), they take the first of a
    few fixed values that shows it (and values ``near`` gives for an input's name, first: 6 beside δ > 5).  Only a point
    ``admits(point)`` accepts (the givens hold there).  ``whatever``: the value is wrong whatever a convention there
    gives (a slope the claim reads that does not exist there, between its one-sided slopes; H(0), sign(0)).  None
    when there is none; within ``written_claim``, whose conditions must hold there as they stand."""
    claim = _CLAIM.get()
    if claim is None:
        return None
    where = claim.where
    # where the claim writes derive's own cases, the difference has none left: the claim's are read (its value there)
    cases = difference if difference.has(sp.Piecewise) else claim.written
    jumps = jump_cases(cases)
    for eq in [*equality_cases(cases), *jumps]:
        # solved for the variable the slope is taken by: x = δ, not δ = x, whose kink |x| = δ is at x > 0 only
        solved = None if eq == UNSOLVED else _solved(eq, difference, claim.by, apart=True,
                                                     late=frozenset(near or {}))
        if solved is None and eq != UNSOLVED:  # (a refutation needs one point on it)
            solved = _some_roots(eq, difference, claim.by)
        if solved is not None and solved[0] != claim.by:
            # |x| = k solved for k (|x|) reads x in the root: solved for x, x = ±k, the point is read
            solved = _abs_solved(eq, claim.by) or solved
        if solved is None or not isinstance(solved[0], (sp.Symbol, sp.Indexed)):
            continue
        v, roots = solved
        for r in roots:
            if where is not None and where.xreplace({v: r}) is sp.false:
                continue
            shown = _showing(difference, eq, v, r, claim, admits, near or {}, soft=eq in jumps)
            if shown is not None:
                return shown
    return None


#: The values other scalar inputs take, in turn, to show a claim's wrong value at a point (``_showing``).
# (9/10 and 1/10 for a parameter in (0, 1), 10 and -10 past a threshold: the pinball loss's -1/4 at u = 0 is a value
# between its slopes τ - 1 and τ for τ ≤ 3/4 only, the ε-insensitive loss's ε/3 at u = ε for ε ≤ 3 only)
_OTHER_VALUES = tuple(sp.Rational(x) for x in (1, 2, -1, 3, '1/2', -2, '9/10', 10, '1/10', -10))
#: ... and the sizes, indices and labels it reads, all one value
_WHOLE_VALUES = tuple(sp.Integer(x) for x in (2, 1, 3))


def _showing(difference: Expr, eq: sp.Eq, v: Expr, r: Expr, claim: _Claim, admits, near: dict,
             soft: bool = False) -> tuple | None:
    """``(point, v, whatever)``: the point ``v = r`` (with values of the other inputs r and ``difference`` there read)
    where the claim is asserted, derive's slope is sure (``_at`` with those values in place: x = δ is a kink of
    Huber's loss only where δ > 0) and the claim's value is wrong (``_wrong_there``); None when none of a few fixed
    values shows one.  No other kink of the sides as written, nor another of their equality cases, may lie there.
    ``soft``: ``eq`` is a jump of the claim's own (``jump_cases``), asserted only where it writes a value.  The
    variable returned is the one the point is read along: the slope's own where the root moves with it (λ = q(ℓ) of
    max(λ, q(ℓ)), by ℓ: ℓ takes a value as the others do, and the kink is crossed along ℓ with λ held there)."""
    here = _and_written(admits, claim, eq, v) if soft else admits  # (the point's own: a call below fixes the claim)
    at = difference.xreplace({v: r})
    # the claim as written may read other inputs there though the difference does not: y/2 + 1 against y H(0) = y/2,
    # wrong whatever relu'(0) in [0, 1] gives y relu'(0), shown only at a value of y (1)
    written, sided = _read_there(claim, {v: r})
    if r.is_number and not at.free_symbols:
        whatever = _wrong_there(difference, {v: r}, v, claim) if here({v: r}) else None
        if whatever is not None or not written and not sided:
            return ({v: r}, v, whatever) if whatever is not None else None
    # other entries (X_i = Y_i, a tie of two vectors' entries) take values as scalar inputs do, when the difference
    # reads each alone; their arrays' and indices' names are no inputs
    entries = at.atoms(sp.Indexed) | r.atoms(sp.Indexed) | sided  # (not of at + r: v − v + … would lose v)
    if any(not _alone(e, difference) for e in entries):
        return _apart(difference, eq, v, r, claim, admits, near, entries, soft)
    # sizes, indices and labels the value reads (n + 5 & x_i = 0) take one whole number together, so an index stays
    # within its size; put in everywhere first (x_i becomes x_2 with i = 2, in derive's slope too), then the rest
    stand_ins = {e: sp.Dummy() for e in entries}
    # an entry's own index is no value
    outside = (at.xreplace(stand_ins).free_symbols | r.xreplace(stand_ins).free_symbols | written) \
        - set(stand_ins.values())
    integers = sorted((s for s in outside if isinstance(s, sp.Symbol) and s.is_integer), key=str)
    if integers:
        # all one number first (an index within its size), then apart (i ≠ j: off a Jacobian's diagonal)
        apart = [dict(zip(integers, values)) for values in permutations(_WHOLE_VALUES, len(integers))] \
            if 2 <= len(integers) <= len(_WHOLE_VALUES) else []
        for fixed in [{s: whole for s in integers} for whole in _WHOLE_VALUES] + apart:
            if not isinstance(eq.xreplace(fixed), sp.Eq):
                continue
            shown = _showing(difference.xreplace(fixed), eq.xreplace(fixed), v.xreplace(fixed), r.xreplace(fixed),
                             _fixed(claim, fixed), admits, near, soft)
            if shown is not None:
                return {**shown[0], **fixed}, *shown[1:]
        return None
    names = sorted(outside | entries, key=str)
    # (the slope's own variable takes a value as the others do where the point is on a kink it does not move: T_1 = 0
    # of where(T_1 > 0, X_1^2, 0), read by X_1; or where the root moves with it, the point then read along it)
    moving = claim.by in names and v != claim.by and r.has(claim.by) and isinstance(claim.by, sp.Symbol)
    if not names or claim.by in names and not moving and (v == claim.by or r.has(claim.by) or _gap(eq).has(claim.by)) \
            or any(not isinstance(s, (sp.Symbol, sp.Indexed)) for s in names):
        return None
    theirs, derived, functions = claim.theirs, claim.derived, claim.functions
    # (a case |u - v| > 0 has the gap |u - v|: its zero is the point u = v itself; the cases after the point's own, |g| < c
    # after 2 & g = c, decide nothing there)
    own = {g for gaps in map(_chain_gaps, difference.atoms(sp.Piecewise))
           if {_gap(eq), sp.Abs(_gap(eq)), sp.expand(_gap(eq) ** 2)} & gaps for g in gaps}
    own |= {sp.expand(_gap(eq)), -sp.expand(_gap(eq))}  # the point's own equality is no other kink
    own |= {g for e in (derived, *functions) for u in kink_arguments_anywhere(e) for g in (sp.expand(u), -sp.expand(u))}
    own |= {g for u in theirs for g in (u, -u)}
    apart = [u for u in (*kink_arguments_anywhere(difference), *(_gap(e) for e in equality_cases(difference)
                                                                 if e != UNSOLVED)) if sp.expand(u) not in own]
    if not functions:
        apart = []  # a value, not a slope: every kink's value is the definition's own (H(0) stays a symbol, no number)
    tried = {s: [*near.get(str(s), ()), *_OTHER_VALUES] for s in names}
    for k in range(max(map(len, tried.values()))):
        values = {s: tried[s][(i + k) % len(tried[s])] for i, s in enumerate(names)}
        point = {v: r.xreplace(values), **values}
        if not all(_admits(s, x) for s, x in values.items()) or not (point[v].is_number and point[v].is_real) \
                or not here(point):
            continue
        if any(not u.xreplace(point).is_number or plainly_zero(u.xreplace(point)) for u in apart):
            continue
        if not plainly_zero(_gap(eq).xreplace(point)):
            continue  # not on the equality there: x = -k solves |x| = k only where k >= 0
        along = claim.by if moving else v
        whatever = _wrong_there(difference, point, along, claim)
        if whatever is not None:
            return point, along, whatever
    return None


def _and_written(admits, claim: _Claim, eq: sp.Eq, v: Expr):
    """``admits``, and the claim writes a value at the point on the jump ``eq`` (``_written_there``)."""
    return lambda point: admits(point) and _written_there(claim, _gap(eq), point, v)


#: How far beside a point ``_written_there`` looks for the case that holds next to it.
_BESIDE = sp.Rational(1, 10**12)


def _written_there(claim: _Claim, gap: Expr, point: dict, v: Expr) -> bool:
    """True when the claim as written gives a value of its own at ``point`` on the jump ``gap = 0``: a case (an
    indicator's) whose written condition holds there (1[x >= 0] at 0), or the last case, the rest, where it also holds
    just beside the point along ``v`` (1[x > 0] is 0 at 0, as just below it); not a gap the cases leave out away from
    their last (0 & x < -3 \\\\ (2x + 3)/6 & -3 < x < 3 \\\\ 1 & x > 3 at x = -3, read as the last case, 1, where
    nothing was written), nor a point where no case's condition as written holds (0 & x < 0 read as the rest)."""
    if any(c.xreplace(point) is sp.false for c in claim.cased):
        return False
    cases = claim.written.atoms(sp.Piecewise)
    nested = {pw.args[-1].expr for pw in cases}  # (the rest of a chain of cases is read with the chain)
    for pw in cases - nested:
        if not {gap, -gap} & _chain_gaps(pw):
            continue
        if _case_at(pw, point) not in (None, "rest"):
            return True
        if _case_at(pw, point) == "rest" and any(
                _case_at(pw, {**point, v: point[v] + side}) == "rest" for side in (-_BESIDE, _BESIDE)):
            return True
        if _case_at(pw, point) == "rest" and _outsides_there(pw, gap, point, v):
            return True
    return False


def _outsides_there(pw: sp.Piecewise, gap: Expr, point: dict, v: Expr) -> bool:
    """True when each comparison of ``gap`` in the cases of ``pw`` fails at ``point`` and just beside it on one side:
    indicators added, 1[s > 0] + 1[s < 0], which a sum's body folds into one chain of cases (2 where both hold, 1
    where either does, 0 else), each read at its boundary as its outside, as one alone is (0 at s = 0).  Only such a
    fold, where a comparison recurs in several cases; written cases that leave the point out (hard swish's
    0 & x < -3 \\ ... \\ 1 & x > 3 at x = -3) still assert nothing there."""
    rows = [[r for r in relations(pair.cond) if _gap(r) in (gap, -gap)] for pair in where_chain(pw)]
    compared = [r for row in rows for r in row]
    if not any(sum(r in row for row in rows) > 1 for r in compared):
        return False
    return all(
        isinstance(r, (sp.StrictLessThan, sp.StrictGreaterThan)) and r.xreplace(point) is sp.false and any(
            r.xreplace({**point, v: point[v] + side}) is sp.false for side in (-_BESIDE, _BESIDE)) for r in compared)


def _case_at(pw: sp.Piecewise, point: dict):
    """The case of ``pw`` (and of those nested in its last) that holds at ``point``: its index, "rest" for the last
    one's unwritten condition, None when a condition is not decided there."""
    for n, pair in enumerate(where_chain(pw)):
        if isinstance(pair.expr, sp.Piecewise):
            continue  # (a case nesting the rest)
        if pair.cond is sp.true:
            return "rest"
        held = pair.cond.xreplace(point)
        if held is sp.true:
            return n
        if held is not sp.false:
            return None
    return None


def _read_there(claim: _Claim, at: dict) -> tuple[set, set]:
    """``(scalars, entries)``: the real scalar inputs the claim as written reads at the point ``at`` beside its own
    variable (its derivatives carried out where it reads them; not sizes, indices, nor entries: ``_showing`` reads those
    in the difference), and the entries only its derivatives' two sides read there, but the point's own (where those
    sides are the slope, ``SIDED``: C_j of C_j(H(x_j) + H(-x_j)) on both sides of x_j = 0, not at it)."""
    written = claim.written.xreplace(at)
    read = [(derivative, _sides(derivative, claim.by, at, plainly_zero) if claim.by is not None else None)
            for symbol, derivative, _ in claim.parts if symbol in written.free_symbols]
    # ... their sides too, which may be the slope (y(H(x) + H(-x)) reads y on both sides of x = 0, 0 at it)
    sides = [side for _, both in read for side in both or ()]
    found = set().union(*(_without_entries(e).free_symbols
                          for e in [written, *(derivative.xreplace(at) for derivative, _ in read), *sides]))
    scalars = {s for s in found - claim.held - set(at)
               if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy) and not s.is_integer}
    return scalars, {x for side in sides for x in side.atoms(sp.Indexed)} - set(at)


def _without_entries(e: Expr) -> Expr:
    """``e`` with every entry 0 (what is left reads scalars alone), or with each a placeholder where 0 makes no value
    (a point solved for x_1 divides by W_11: 0 there made a NaN comparison)."""
    entries = e.atoms(sp.Indexed)
    try:
        return e.xreplace({x: sp.Integer(0) for x in entries})
    except (TypeError, ValueError, ZeroDivisionError):
        return e.xreplace({x: sp.Dummy() for x in entries})


def _apart(difference: Expr, eq: sp.Eq, v: Expr, r: Expr, claim: _Claim, admits, near: dict,
           entries: set, soft: bool = False) -> tuple | None:
    """``_showing`` where the value reads other entries of the point's own array (x_1 & x_j = 0): the point's indices
    take one whole number (2, 1, 3) that sets those entries apart from it, and they take values as other inputs do."""
    # (a per-sample label's entry in the point's own index, y_i of S_{i y_i}, takes its value below, by itself)
    names = {x.base.label for x in v.atoms(sp.Indexed)}
    indices = sorted((s for s in v.free_symbols if s.is_integer and isinstance(s, sp.Symbol) and s not in names),
                     key=str) if isinstance(v, sp.Indexed) else []
    # the other entries' own indices and labels take the same whole number (z_i beside z_j: on the diagonal i = j),
    # then another (s_c beside s_j, j ≠ c), so they stay apart
    bound = dummies(difference)
    arrays = {x.base.label for e in {*entries, v} for x in e.atoms(sp.Indexed)}  # (y of S_{i y_i}: an array's name)
    # a per-sample label's entry in an index (y_i of S_{i y_i}) takes a whole number of its own once i has one
    labels = sorted({x for e in {*entries, v} for x in e.atoms(sp.Indexed)
                     if x.is_integer and not x.free_symbols & bound}, key=str)
    others = sorted({s for e in entries for s in e.free_symbols if s.is_integer and s not in indices and s not in bound
                     and s not in arrays and not isinstance(s, sp.Indexed)
                     and any(s in i.free_symbols for i in e.indices)}, key=str)
    tries = []
    for whole, same in product(_WHOLE_VALUES if indices else (), (True, False) if others else (True,)):
        fixed = {s: whole for s in indices}
        fixed.update({s: whole if same else next(w for w in _WHOLE_VALUES if w != whole) for s in others})
        tries.append(fixed)
    if not indices:  # a point at a whole-number entry (z_3 = z_j, sums written out): the others' indices take each
        tries = [{s: whole for s in others} for whole in _WHOLE_VALUES]
    entries = {e for e in entries if e not in labels}
    for fixed in tries:
        for put in _label_values([x.xreplace(fixed) for x in labels]):
            def at(e, fixed=fixed, put=put):
                return e.xreplace(fixed).xreplace(put)
            if not isinstance(at(eq), sp.Eq) or any(not isinstance(at(e), sp.Indexed) for e in entries):
                continue  # z_j = z_k at j = k holds everywhere: no point
            moved = at(difference)
            if all(_alone(at(e), moved) for e in entries):
                shown = _showing(moved, at(eq), at(v), at(r), _fixed(_fixed(claim, fixed), put), admits, near, soft)
                if shown is not None:
                    return {**shown[0], **fixed, **put}, *shown[1:]
    return None


def _label_values(entries: list) -> list[dict]:
    """The whole numbers per-sample labels' ``entries`` (y_2, at whole-number indices) take in turn: each of
    ``_WHOLE_VALUES``, all alike; one try, empty, where there are none (or one still reads a symbolic index)."""
    if not entries or any(not all(i.is_Integer for i in x.indices) for x in entries):
        return [{}]
    return [{x: whole for x in entries} for whole in _WHOLE_VALUES]


def _fixed(claim: _Claim, values: dict) -> _Claim:
    """``claim`` with ``values`` put in everywhere (sizes and indices: x_i is x_2 where i = 2)."""
    return _mapped(claim, lambda e: e.xreplace(values))


def _mapped(claim: _Claim, rewrite) -> _Claim:
    """``claim`` with every expression it holds (None stays None) given by ``rewrite``."""
    def put(e):
        return rewrite(e) if isinstance(e, sp.Basic) else e
    return claim._replace(theirs=frozenset(sp.expand(put(g)) for g in claim.theirs), derived=put(claim.derived),
                          functions=tuple(map(put, claim.functions)), by=put(claim.by), where=put(claim.where),
                          written=put(claim.written), parts=tuple((s, put(d), put(f)) for s, d, f in claim.parts),
                          cased=tuple(map(put, claim.cased)))


def _wrong_there(difference: Expr, point: dict, v: Expr, claim: _Claim) -> bool | None:
    """Whether the claim's value at ``point``, where it is asserted, is wrong: False when ``difference`` is a number
    visibly not 0 there, derive's slope sure (``_sure``) and no convention deciding the claim's value; True when it is
    wrong whatever the conventions there give (``_wrong_whatever``); None when it is not shown wrong."""
    status = _sure(point, v, claim)
    if status == CHECK and not _conventional(claim.written, point):
        return False if _differ(difference.xreplace(point), sp.Integer(0)) else None
    if status == SIDED and not _conventional(claim.written, point):
        corners = _at_corners(point, v, claim)  # a slope read from its sides: one value, as CHECK's
        if corners is not None and len(corners) == 1:
            return False if _differ(corners[0], sp.Integer(0)) else None
    return True if status in (CHECK, OPEN, CONVENTION, SIDED) and _wrong_whatever(point, v, claim) else None


def own_slope_there(point: dict, v: Expr) -> Expr | None:
    """Within ``written_claim``: the slope of the claim's own derivative at ``point`` read from its sides (SIDED), where
    derive's cases give another value there; None elsewhere (derive's derivative there is its slope)."""
    found = _own_at(point, v)
    if found is None:
        return None
    derivative, f, by, v, point = found
    others, at = {s: x for s, x in point.items() if s != v}, {v: point[v]}
    derivative = derivative.xreplace(others)
    slope = _by_sides(derivative, f.xreplace(others), by, at, plainly_zero)
    return slope if slope is not None and not plainly_zero(derivative.xreplace(at) - slope) else None


def own_sides_there(point: dict, v: Expr) -> tuple | None:
    """Within ``written_claim``: the one-sided slopes of the claim's own derivative at ``point``, lowest first, where they
    differ (no slope there: a kink along the slope's variable), numbers both; None elsewhere."""
    found = _own_at(point, v)
    return one_sided_slopes(found[1], found[0], found[2], found[4]) if found is not None else None


def _own_at(point: dict, v: Expr) -> tuple | None:
    """Within ``written_claim``: ``(derivative, function, by, v, point)`` of the claim's own derivative at ``point``, the
    indices and sizes the point fixes put in first (x_i is x_2 where i = 2) and left out of it; None when the claim
    has no own derivative of one variable, or the point does not set ``v``."""
    claim = _CLAIM.get()
    if claim is None or claim.by is None or claim.own is None:
        return None
    fixed = {s: x for s, x in point.items() if isinstance(s, sp.Symbol) and s.is_integer}
    v, claim = v.xreplace(fixed), _fixed(claim, fixed)
    if v not in point:
        return None
    for symbol, derivative, f in claim.parts:
        if symbol == claim.own:
            return derivative, f, claim.by, v, {s: x for s, x in point.items() if s not in fixed}
    return None


def one_sided_slopes(f: Expr, derivative: Expr, by: Expr, point: dict) -> tuple | None:
    """The one-sided slopes of ``f`` (whose derivative is ``derivative``) along ``by`` at ``point``, lowest first, where
    they differ, numbers both, and ``f`` does not jump there; None elsewhere."""
    if by not in point:
        return None
    # (shown beside a verdict, never deciding one: a point SymPy cannot put in gives none)
    for unevaluated in (False, True):
        try:
            return _one_sided(f, derivative, by, point, unevaluated)
        except (TypeError, ValueError, ArithmeticError):
            continue
    return None


def _one_sided(f: Expr, derivative: Expr, by: Expr, point: dict, unevaluated: bool) -> tuple | None:
    """``one_sided_slopes``, the point put in as SymPy evaluates it or (``unevaluated``) as written."""
    others, at = {s: x for s, x in point.items() if s != by}, {by: point[by]}
    # ``unevaluated``: a point met only to rounding (m = σ(z) to 200 digits), where max(σ(z) − m, 0) cannot be decided
    with sp.evaluate(False) if unevaluated else nullcontext():
        f, derivative, here = f.xreplace(others), derivative.xreplace(others), f.xreplace(point)
    around = _sides(f, by, at, plainly_zero)
    if around is None or not all(plainly_zero(s - here) for s in around):
        return None
    sides = _sides(derivative, by, at, plainly_zero)
    if sides is None or not _differ(*sides) or not all(s.is_number for s in sides):
        return None
    return tuple(sorted(sides, key=lambda s: float(sp.N(s))))


def _same_names(claim: _Claim, e: Expr) -> dict:
    """Each symbol of ``claim`` that ``e`` holds under the same name as another object, to that one."""
    theirs = {str(s): s for s in e.free_symbols if isinstance(s, sp.Symbol)}
    mine = set().union(*(x.free_symbols for x in (claim.written, claim.derived, *claim.functions)
                         if isinstance(x, sp.Basic)))
    return {s: theirs[str(s)] for s in mine if isinstance(s, sp.Symbol) and theirs.get(str(s), s) != s}


def _reads_a_convention(e: Expr, point: dict, zero) -> bool:
    """True when ``e`` at ``point`` reads a step's or a sign's value at 0, its argument 0 there (``zero``, which may
    know the givens: H(|x| - k) at x = k, k > 0; not sign(x) at x = -k)."""
    return any(zero(f.args[0].xreplace(point)) for f in e.atoms(sp.Heaviside, sp.sign))


def _conventional(e: Expr, point: dict) -> bool:
    """True when ``e`` (the claim as written, its derivatives held: ``_at`` judged derive's slopes) at ``point``
    depends on a convention: H(0) of a step or sign(0) whose argument is 0 there (papers take 0, ½ or 1; H = 1 &
    x = 0 for step(x) is no wrong value)."""
    return bool(open_conventions(e).xreplace(point).free_symbols & {STEP_AT_0, SIGN_AT_0})


#: The values a convention may give: H(0) between 0 and 1, sign(0) between −1 and 1 (a subgradient's range).
_CONVENTIONS = {STEP_AT_0: (sp.Integer(0), sp.Integer(1)), SIGN_AT_0: (sp.Integer(-1), sp.Integer(1))}


def _wrong_whatever(point: dict, v: Expr, claim: _Claim) -> bool:
    """True when the claim as written at ``point`` differs from derive's slope whatever value each derivative it reads
    there without a slope (its own too) takes between its one-sided slopes, one H(0) and one sign(0) for every step
    and sign: ``\\frac{dr}{dx} - 3 & x = 0`` for the slope 0 of relu(x)² (r = relu x), ``3 & x = 0`` for the slope of
    |x| (one-sided slopes −1 and 1) or for a step, ``2 r' + 1`` for the slope of 2 relu (2 H(0) whatever H(0) is)."""
    corners = _at_corners(point, v, claim)
    return corners is not None and all(_differ(c, sp.Integer(0)) for c in corners) \
        and len({bool(sp.N(c, 30) > 0) for c in corners}) == 1


def _at_corners(point: dict, v: Expr, claim: _Claim, shared: bool = True, numbers: bool = True) -> list | None:
    """The claim's difference as written at ``point`` (``_wrong_whatever``) at each corner of the box of its unknowns'
    values, a number each (``numbers``; else they may read the point's symbols); None when it has none."""
    found = _with_unknowns(point, v, claim, shared)
    if found is None:
        return None
    value, ranges = found
    unknowns = sorted(set(value.free_symbols) & set(ranges), key=str)
    corners = [value.xreplace(dict(zip(unknowns, c))) for c in product(*(ranges[u] for u in unknowns))]
    return corners if not numbers or all(c.is_number and c.is_real is not False for c in corners) else None


def _convention_holds(point: dict, v: Expr, claim: _Claim) -> bool:
    """True when the value the claim writes at ``point`` for its own slope, which does not exist there, lies between
    that slope's one-sided values (a convention some framework takes: ½ or 1 for ReLU at 0, not n + 5), read with
    nothing else unknown there."""
    found = _with_unknowns(point, v, claim, shared=False, sided=True)
    if found is None:
        return False
    value, ranges = found
    if not value.free_symbols:  # its sides agree (a step's slope 0 on both sides of its jump): that one value
        return value.is_number and plainly_zero(value)
    if len(value.free_symbols) != 1 or next(iter(value.free_symbols)).name != "own":
        return False
    (own,) = value.free_symbols
    ends = [value.xreplace({own: end}) for end in ranges[own]]
    return all(e.is_number and e.is_real for e in ends) and not (_differ(ends[0], sp.Integer(0)) and _differ(
        ends[1], sp.Integer(0)) and (sp.N(ends[0], 30) > 0) == (sp.N(ends[1], 30) > 0))


def _with_unknowns(point: dict, v: Expr, claim: _Claim, shared: bool = True, sided: bool = False) -> tuple | None:
    """``(value, ranges)``: the claim's difference as written at ``point``, affine in each of its unknowns, and the
    ends of each one's range (a slope without a value there: between its one-sided slopes, ``own`` the claim's own;
    H(0) from 0 to 1, sign(0) from −1 to 1); None when it is not affine in each (then its corners do not bound it) or
    reads something else unknown there.  ``shared``: every slope without a value there is one mixture of its two
    one-sided slopes, the same for all (a refutation: wrong whatever one convention for the kink gives; 2 relu's slope
    is twice relu's, and max(0, x) + a min(0, x)'s runs from a to 1 as a convention for min's slope, H(-x), goes the
    other way); else each is an unknown of its own (a proof: right whatever each is, for SymPy folds max(relu(x), x)
    into relu(x), whose steps a framework does not share).  ``sided``: a slope whose sides agree is that value even
    where what it differentiates jumps (the one value a convention there may take: 1 at the jump of
    where(x == 0, 7, x + x²))."""
    others = {s: x for s, x in point.items() if s != v}
    at = {v: point[v]}
    value = open_conventions(claim.written).xreplace(point)  # H(0) an unknown before x = 0 evaluates it to ½
    ranges = dict(_CONVENTIONS)
    side = sp.Dummy("side", real=True)  # 0 below the kink, 1 above
    for n, (symbol, derivative, f) in enumerate(claim.parts):
        if symbol not in value.free_symbols:
            continue
        derivative = derivative.xreplace(others)
        sides = _sides(derivative, claim.by, at, plainly_zero) if claim.by is not None else None
        if sides is None:
            if kink_arguments_anywhere(derivative) and _kinks_at(derivative, v, point[v], plainly_zero):
                return None  # a kink there derive cannot read on both sides
            value = value.xreplace({symbol: derivative.xreplace(at)})
        elif not _differ(*sides):
            if not sided and not plainly_zero(derivative.xreplace(at) - sides[0]) and _by_sides(
                    derivative, f.xreplace(others), claim.by, at, plainly_zero) is None:
                return None
            value = value.xreplace({symbol: sides[0]})
        elif shared:
            # one convention for the kink, as a framework's: every slope the same mixture of its two sides
            ranges[side] = (sp.Integer(0), sp.Integer(1))
            value = value.xreplace({symbol: sides[0] + side * (sides[1] - sides[0])})
        elif all(s.is_number for s in sides):
            # a case's jump: anywhere between its one-sided slopes
            unknown = sp.Dummy("own" if symbol == claim.own else f"slope{n}", real=True)
            ranges[unknown] = tuple(sorted(sides, key=lambda s: float(sp.N(s))))
            value = value.xreplace({symbol: unknown})
        else:
            return None
    value = sp.expand(open_conventions(value).xreplace(point))
    unknowns = sorted(set(value.free_symbols) & set(ranges), key=str)  # (a symbol the point reads stays: x = a)
    if value.has(sp.Heaviside, sp.sign, sp.Piecewise):
        return None
    if unknowns:
        try:
            if any(d > 1 for d in sp.Poly(value, *unknowns).degree_list()):
                return None
        except sp.PolynomialError:
            return None
    return value, ranges


def _case_gaps(p: sp.Piecewise) -> set:
    """The gaps (both signs) of every comparison in the conditions of ``p``'s cases."""
    return {g for _, c in p.args for rel in c.atoms(sp.core.relational.Relational)
            for g in (_gap(rel), -_gap(rel))}


def _chain_gaps(p: sp.Piecewise) -> set:
    """``_case_gaps`` of ``p`` and of the cases nested in its last (``where_chain``)."""
    return {g for pair in where_chain(p) for rel in pair.cond.atoms(sp.core.relational.Relational)
            for g in (_gap(rel), -_gap(rel))}


def _sure(point: dict, v: Expr, claim: _Claim) -> str | None:
    """CHECK (or OPEN, CONVENTION) when the claim is asserted at ``point`` and derive's slope is sure there (``_at``, strict), the
    other inputs' values in place in what it reads; None otherwise."""
    others = {s: x for s, x in point.items() if s != v}
    if claim.where is not None and claim.where.xreplace(point) is not sp.true:
        return None
    with _as_claim(claim._replace(
            theirs=frozenset(sp.expand(g.xreplace(others)) for g in claim.theirs), derived=claim.derived.xreplace(others),
            functions=tuple(f.xreplace(others) for f in claim.functions), written=claim.written.xreplace(others),
            parts=tuple((s, d.xreplace(others), f.xreplace(others)) for s, d, f in claim.parts))):
        status = _at(v, point[v], plainly_zero, strict=True)
    return status if status in (CHECK, OPEN, CONVENTION, SIDED) else None


def _admits(s: sp.Symbol, x: Expr) -> bool:
    """True when the value ``x`` meets the sign ``s`` was declared with."""
    return all(getattr(s, f"is_{k}") is not True or getattr(x, f"is_{k}") for k in
               ("positive", "nonnegative", "negative", "nonpositive", "nonzero"))


def _distinct(a: sp.Indexed, b: sp.Indexed) -> bool:
    """True when the entries ``a`` and ``b`` of one array sit at different whole-number indices."""
    return all(i.is_Integer for i in (*a.indices, *b.indices)) and a.indices != b.indices


def plainly_zero(e: Expr) -> bool:
    """True when ``e`` is 0 as it stands (a number within 10⁻³⁰ of 0, or 0 once expanded); never a guess."""
    if e.is_number:
        try:
            return abs(complex(sp.N(e, 40))) < 1e-30
        except (TypeError, ValueError):
            return False
    return sp.expand(e) == 0


def hold_on_equalities(difference: Expr, zero) -> bool | None:
    """True when ``difference`` is 0 (``zero(e)``) wherever one of its equality cases holds, None when it has none
    to check there, False when it is not shown 0 at one or derive cannot tell its own slope there; a point where
    the claim asserts nothing is left out (``_at``)."""
    checked = False
    cases = equality_cases(difference)
    # a jump of the claim's own (𝟙[x ≥ 0]) is read where it can be, else left out as a null set, as before
    for eq, soft in [*((eq, False) for eq in cases), *((eq, True) for eq in jump_cases(difference))]:
        if eq == UNSOLVED:
            return False
        claim = _CLAIM.get()
        # for the variable the slope is taken by: x = δ keeps δ > 0, where δ = x would lose it (|x| = x only for x ≥ 0)
        solved = _solved(eq, difference, claim.by if claim is not None else None)
        here_eq = difference, claim
        if claim is not None and (solved is None or solved[0] != claim.by) and _abs_solved(eq, claim.by):
            # |x| = t solved for x, the variable the slope is taken by: its kink along x is read at x = ±t, t > 0 there
            # (solved for t, 3·1[|x| ≥ t] - 2·1[|x| > t] for the slope of where(|x| > t, x, 0) was proved, 3 at the
            # jump); a radius other than one symbol only for a jump of the claim's own, which is read where it can be
            radius = _abs_radius(eq, claim.by)
            if radius is not None:
                solved = _abs_solved(eq.xreplace(radius), claim.by)
                here_eq = difference.xreplace(radius), _fixed(claim, radius)
            elif soft:
                solved = _abs_solved(eq, claim.by)
        # a jump of the claim's own SymPy cannot solve, read at the tried roots of every input (the claim's 1 & w x ≥ 0
        # for the slope of where(w x > 0, x, 0) was proved: at w = 0 the slope exists, 0, read only at x = 0)
        tried = [solved] if solved is not None else \
            _some_roots(eq, difference, claim.by if claim is not None else None, every=True) if soft else []
        if not tried:
            if soft:
                continue
            return False  # no input it could be solved for: nothing shows the claim holds there
        for v, roots in tried:
            with _as_claim(here_eq[1]):
                held = _hold_at_roots(*here_eq, eq, soft, v, roots, zero)
            if held is False:
                return False
            checked = checked or bool(held)
    # a comparison of a maximum the slope's variable does not move (FixMatch's 𝟙[max_k p_k > τ] for 𝟙[… ≥ τ], by the
    # student's logits): no point of it is solved for, yet where its sides are equal the slope exists and the claim's
    # value there is asserted; read from the comparisons' truth there (a strict one false), else 𝟙[> τ] was proved
    for g in maxima_compared(difference):
        there = _on_boundary(difference, g, _CLAIM.get())
        if there is not None and not zero(there):
            return False
        checked = checked or there is not None
    return True if checked else None


#: A comparison's truth where its two sides are equal.
_AT_EQUALITY = {sp.Eq: sp.true, sp.Ne: sp.false, sp.Ge: sp.true, sp.Le: sp.true, sp.Gt: sp.false, sp.Lt: sp.false}


def maxima_compared(difference: Expr) -> list[Expr]:
    """The gaps of the inequalities in ``difference``'s cases that compare a maximum over entries (max_k u_k − τ), once
    each up to sign, in one order in every process."""
    found: dict = {}
    for pw in sorted(canonical(difference).atoms(sp.Piecewise), key=sp.srepr):  # (one name for a maximum's index)
        for pair in where_chain(pw):
            for r in relations(pair.cond):
                g = _gap(r)
                if isinstance(r, (sp.Lt, sp.Le, sp.Gt, sp.Ge)) and g.has(MaxOver) and -g not in found:
                    found.setdefault(g, None)
    return list(found)


def _on_boundary(difference: Expr, g: Expr, claim: _Claim | None) -> Expr | None:
    """``difference`` where ``g`` = 0, each comparison of its two sides taking its truth there (𝟙[max_k u_k > τ] is 0 at
    max_k u_k = τ, 𝟙[… ≥ τ] is 1), for a boundary the slope's variable does not move (there the slope exists); None
    where that leaves a kink on g unread, or no value (cases the claim leaves the boundary out of), or the slope's
    variable moves it."""
    if claim is None or claim.by is None or g.has(claim.by) or g.free_symbols & claim.held:
        return None
    g = canonical(g)

    def there(e: Expr) -> Expr:
        e = canonical(e)
        return e.xreplace({r: _AT_EQUALITY[type(r)] for r in relations(e)
                           if type(r) in _AT_EQUALITY and _gap(r) in (g, -g)})
    out = there(difference)
    # the claim as written gives a value there, and asserts it (its cases may leave the boundary out, > and <, and
    # its condition may: ≠)
    written = there(claim.written)
    if out == canonical(difference) or written.has(sp.nan) or claim.where is not None and \
            there(claim.where) is sp.false or any(there(c) is sp.false for c in claim.cased):
        return None
    if out.has(sp.nan) or any(sp.expand(u) in (g, -g) for u in kink_arguments_anywhere(out)):
        return None
    return out


def _hold_at_roots(difference: Expr, claim: _Claim | None, eq: sp.Eq, soft: bool, v: Expr, roots: list,
                   zero) -> bool | None:
    """``hold_on_equalities`` at the roots ``roots`` of ``v`` on the equality ``eq`` (``soft``: a jump of the claim's
    own): False when the claim is not shown to hold at one, True when it was checked at any, else None."""
    # (the claim in the difference's own symbols: a given k > 0 may have made k a positive one)
    here = _fixed(claim, _same_names(claim, difference)) if claim is not None else None
    checked = False
    for r in roots:
        status = _at(v, r, zero)
        # a jump of the claim's own is asserted where derive's slope exists and the claim writes a value there;
        # where the slope does not exist (relu's 1[x >= 0] at 0) a value is a convention, wrong only when no
        # convention gives it, which ``wrong_on_equalities`` refutes first
        if soft and status == JUMP and _written_there(claim, _gap(eq), {v: r}, v) \
                and not _convention_holds({v: r}, v, claim):
            return _stopped_at_jump(v, r)  # 3 at the jump of a hard threshold (slopes 0 and 1): 3·1[x ≥ t] - 2·1[x > t]
        if soft and status in (CHECK, CONVENTION, UNKNOWN) and claim is not None \
                and (met := _jump_for_some_sign(eq, v, r, claim, zero)):
            # the same at x = t, a jump only where t > 0 (a given the proof did not use)
            return _stopped_at_jump(v, r) if met == "jump" else False
        if status == SKIP or soft and (status != CHECK or not _written_there(claim, _gap(eq), {v: r}, v)):
            continue
        if status in (CONVENTION, JUMP):
            # its own slope has no value there: a value written for it must be one some convention gives
            if not _convention_holds({v: r}, v, claim):
                return _stopped_at_jump(v, r) if status == JUMP else False
            checked = True
            continue
        if status in (OPEN, SIDED):
            # a derivative the claim reads there has no slope: right only if right whatever value it is given
            # (SIDED: its slope is its sides' common value, not the value derive's cases give there)
            corners = _at_corners({v: r}, v, claim, shared=False)
            if corners is None or not all(plainly_zero(c) for c in corners):
                return False
            checked = True
            continue
        if soft:
            if _reads_a_convention(here.written, {v: r}, zero):
                continue  # a step's or sign's value there is a convention, not asserted: step(x) = 1[x > 0]
            # the claim as written there against derive's slope (both sides of it, derive's own steps read there
            # as that slope: H(r) + H(-r) is 1 at 0)
            corners = _at_corners({v: r}, v, here, shared=False, numbers=False)
            if corners is not None and not all(zero(c) for c in corners):
                return False
            checked = checked or corners is not None
            continue
        if status == UNKNOWN or not zero(difference.xreplace({v: r})):
            return False
        if here is not None and _reads_a_convention(here.written, {v: r}, zero):
            # a step's or sign's value written there is a convention: the slope (which exists) for every one
            # (step(x) + step(-x) for the slope 1 of relu(x) - relu(-x) cancelled derive's own H(x) + H(-x));
            # unread (unproved) where its one-sided slopes cannot be read (|x| = k, solved for k)
            corners = _at_corners({v: r}, v, here, shared=False, numbers=False)
            if corners is None or not all(zero(c) for c in corners):
                return False
        checked = True
    return True if checked else None


def _jump_for_some_sign(eq: sp.Eq, v: Expr, r: Expr, claim: _Claim, zero) -> str | bool:
    """Not False when, with every symbol of the root ``r`` of known sign (all positive, or all negative), the claim's own
    function may jump at ``v = r`` (``_at``'s ``maybe``) and the value the claim writes there is one no convention
    gives: 3 at x = t for 3·1[|x| ≥ t] - 2·1[|x| > t], the slope of where(|x| > t, x, 0), a jump only where t > 0.
    "jump" where the function's sides differ there, "value" where only its value at the point does; else False."""
    # (with a sign unknown, Huber's x²/2 and k(|x| - k/2) would not be seen to meet at x = k)
    unsigned = [s for s in r.free_symbols if isinstance(s, sp.Symbol) and s.is_positive is None
                and s.is_negative is None and not s.is_integer]
    for signed in ([{s: sp.Dummy(s.name, positive=True) for s in unsigned},
                    {s: sp.Dummy(s.name, negative=True) for s in unsigned}] if unsigned else [{}]):
        try:
            here, at = _fixed(claim, signed), {v: r.xreplace(signed)}
        except (TypeError, ValueError):
            continue  # (a sign the claim's comparisons have no value for: x > ln a with a negative)
        with _as_claim(here):
            if _at(v, at[v], zero, maybe=True) == JUMP and _written_there(here, _gap(eq.xreplace(signed)), at, v) \
                    and not _convention_holds(at, v, here):
                # (named a jump only where the sides differ: v·step(x) along v at x = 0 is v H(0), no jump)
                sides = [_sides(f, here.by, at, zero) for s, _, f in here.parts if s == here.own]
                return "jump" if sides and sides[0] is not None and not zero(sides[0][1] - sides[0][0]) else "value"
    return False


def _solved(eq: sp.Eq, difference: Expr, first: Expr | None = None, apart: bool = False,
            late: frozenset = frozenset()) -> tuple | None:
    """``(x, the real values of x where eq holds)`` for one scalar input x (``first`` when it can be), or one entry
    z_i that is the only entry of z the difference reads (none inside a sum: Σ_k z_k reads z_i too), or None.
    ``apart``: z_i may be read beside other entries of z written with other indices (z_1), which a refutation sets
    apart from it (``_apart``), and a leading coefficient that may be 0 is no bar (z = 1/y of y z = 1: a refutation
    takes values of y, and only a point on eq); inputs named in ``late`` are solved for last (a 0/1 label q of
    z = q takes its own values, z is solved for)."""
    gap = _gap(eq)
    alone = [e for e in sorted(gap.atoms(sp.Indexed), key=lambda e: (e != first, str(e)))
             if _alone(e, difference, loose=apart)]
    if len(alone) < len(gap.atoms(sp.Indexed)):
        return None
    names = sorted((s for s in gap.free_symbols if not s.is_integer),
                   key=lambda s: (s != first, str(s) in late, str(s)))
    # the variable of the slope first, scalar or entry: b of w_1 x_1 + w_2 x_2 + b = 0 (the point's sides are along it)
    for v in sorted([*alone, *names], key=lambda v: v != first):
        try:
            poly = sp.Poly(gap, v)
        except sp.PolynomialError:
            # e^x = λ, √x = a, log x = a: solved for the slope's variable x (x = log λ) where SymPy can, so that the
            # other inputs stay as they are while x moves along the point's sides (solved for λ = e^x they move with it)
            roots = _transcendental_roots(gap, v) if v == first else None
            if roots:
                return v, list(roots)
            continue
        if not 1 <= poly.degree() <= MAX_DEGREE or poly.LC().free_symbols and not poly.LC().is_nonzero and not apart:
            continue  # not solvable for v here: another input may be (a refutation checks its point is on eq: y z = 1)
        return v, [r for r in sp.solve(gap, v) if r.is_real is not False]
    return _finite(eq) if not alone else None


@lru_cache(maxsize=256)
def _transcendental_roots(gap: Expr, v: Expr) -> tuple | None:
    """The roots of ``gap`` = 0 in the scalar ``v`` that SymPy writes in closed form without ``v`` (x = log λ of
    e^x = λ, x = a² of √x = a), at most ``MAX_DEGREE`` of them, or None.  Only for exponentials, logarithms and
    powers of ``v`` (no kink: |x| = k is read by ``_abs_solved``; no trigonometry, whose roots SymPy may search for
    long) and roots with no case, branch or imaginary part SymPy can see."""
    if not isinstance(v, sp.Symbol) or gap.has(sp.Sum, sp.Indexed, sp.Piecewise) or has_kinks(gap):
        return None
    if any(not isinstance(f, (sp.exp, sp.log)) for f in gap.atoms(sp.Function) if f.has(v)):
        return None
    try:
        # (not ``solutions``: over the reals, with λ of unknown sign, solveset leaves log λ inside a condition)
        roots = sp.solve(gap, v)
    except (NotImplementedError, ValueError, TypeError):
        return None
    roots = [r for r in roots if not r.has(v, sp.Piecewise, sp.nan, sp.zoo, sp.I, sp.LambertW)
             and r.is_real is not False]
    return tuple(roots) if 0 < len(roots) <= MAX_DEGREE else None


#: Values a boundary SymPy cannot solve is tried at (``_some_roots``): x = sin x, e^x - 1 = x meet at 0.
_TRIED_ROOTS = tuple(sp.Rational(x) for x in (0, 1, -1, 2, -2, '1/2', '-1/2'))


def _some_roots(eq: sp.Eq, difference: Expr, first: Expr | None = None, every: bool = False):
    """``(x, roots)``: values of one input x among ``_TRIED_ROOTS`` at which ``eq`` holds exactly whatever the other
    inputs (x = 0 of x - sin x, of x y - sin(x y)); some of its roots, not all (for a jump of the claim's own, read
    where it can be), or None.  ``every``: the list of such pairs for every input that has roots (w x = 0 at x = 0 and
    at w = 0, where along x the point stays)."""
    gap = _gap(eq)
    names = sorted((s for s in gap.free_symbols if isinstance(s, sp.Symbol) and not s.is_integer),
                   key=lambda s: (s != first, str(s)))
    found = []
    for v in [*(e for e in sorted(gap.atoms(sp.Indexed), key=str) if _alone(e, difference, loose=True)), *names]:
        roots = [c for c in _TRIED_ROOTS if sp.expand(gap.xreplace({v: c})) == 0]
        if roots and not every:
            return v, roots
        if roots:
            found.append((v, roots))
    return found if every else None


def _abs_radius(eq: sp.Eq, by: Expr) -> dict | None:
    """For ``c |u| + w = 0`` (``_abs_solved``) whose radius −w/c is one symbol k: {k: k > 0} where k's sign is not known
    ({} where it is known positive), so that the roots u = ±k lie on the equality (k = 0 is one value of k, null);
    None for any other radius."""
    _, c, w = _abs_parts(eq, by)
    k = -w / c
    if not isinstance(k, sp.Symbol):
        return None
    return {} if k.is_positive else {k: sp.Dummy(k.name, positive=True)}


def _abs_parts(eq: sp.Eq, by: Expr | None) -> tuple | None:
    """``(|u|, c, w)`` of an equality ``c |u| + w = 0`` with ``by`` only in the one absolute value u, or None."""
    if not isinstance(by, sp.Symbol):
        return None
    gap = sp.expand(_gap(eq))
    inside = [a for a in gap.atoms(sp.Abs) if a.has(by)]
    if len(inside) != 1:
        return None
    (a,) = inside
    c, w = gap.coeff(a), sp.expand(gap - gap.coeff(a) * a)
    return None if c == 0 or c.has(by) or w.has(by) else (a, c, w)


def _abs_solved(eq: sp.Eq, by: Expr | None) -> tuple | None:
    """``(by, roots)`` of an equality ``c |u| + w = 0`` with ``by`` only in u (a polynomial of degree ≤ 2 in it): the roots of
    u = ±(−w/c), each to be checked where it holds (``_showing``: −k is a root of |x| = k only where k ≥ 0)."""
    parts = _abs_parts(eq, by)
    if parts is None:
        return None
    a, c, w = parts
    roots = []
    for s in (1, -1):
        try:
            poly = sp.Poly(a.args[0] - s * (-w / c), by)
        except sp.PolynomialError:
            return None
        if not 1 <= poly.degree() <= MAX_DEGREE:
            return None
        roots += [r for r in sp.solve(a.args[0] - s * (-w / c), by) if r.is_real is not False and r not in roots]
    return by, roots


def _alone(entry: sp.Indexed, difference: Expr, loose: bool = False) -> bool:
    """True when ``entry`` is the only entry of its array in ``difference`` (or the others sit at other whole-number
    indices: x_1 beside x_2; ``loose``: at indices written otherwise, x_1 beside x_j), and no sum or product reads
    that array."""
    base = entry.base
    return all(e == entry or _distinct(e, entry) or loose and e.indices != entry.indices
               for e in difference.atoms(sp.Indexed) if e.base == base) and \
        not any(big.function.has(base) for big in difference.atoms(sp.Sum, sp.Product))

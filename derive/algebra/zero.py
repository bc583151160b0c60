"""Deciding "this is 0" for index expressions: the one zero test of derive.

``is_zero(expr, ranges, givens)`` brings ``expr`` to exactly 0 by value-preserving rewrites:
Kronecker deltas contracted (``derive.indexcalc.contract``), each given ``Σ … = c`` put in for
its sum, deltas between free indices split into the cases ``i = j`` and ``i ≠ j``, sums put in
canonical form and held as opaque symbols while the rational function that remains is
cancelled, sums over the same ranges merged, and a term outside the sums spread over the
terms of one (``c = Σ_k c/n``).  Every rewrite preserves the value for inputs
satisfying the givens, so True is a proof; False is not a disproof.  The prover, the report's
step evidence and numeric's stability proof all decide equality here.
"""
from __future__ import annotations

import cmath
import random
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import NamedTuple

import sympy as sp
from sympy import Expr, KroneckerDelta, Sum, Symbol

from .. import indexcalc as ic
from . import opaque
from .memo import remembered
from .merge import summands_by_ranges
from .bigops import LargestAt, MaxOver, largest_at_indicators, places_summed, product_without
from .names import BOUND, canonical, dummies, freshen, is_index, leaning
from .polyzero import is_zero_polynomial
from .sharedwalks import together
from .signs import positive_forms, surely_positive

Ranges = Mapping[Symbol, tuple[Expr, Expr]]

SPLIT = "cases i = j / i ≠ j split"
MERGED = "sums over the same ranges merged (finite sums reordered)"
SIMPLIFIED = "sympy.simplify, also with exp-rewriting"
LOGS = "logarithms of positive factors split"
SPREAD = "a term outside the sums spread over a sum's terms (c = Σ_k c/n)"
NESTED = "products of sums written as one sum over all their indices (finite sums reordered)"
PEELED = "a sum's first or last term written apart, to match a sum over one more term"
TRIANGLE = "a sum over the pairs i < j written as half the sum over all pairs less the diagonal"
SWAPPED = "a sum over the pairs i < j summed the other way round (finite sums reordered)"
CLOSED = "sums of powers of an index and geometric sums written in closed form (1 + 2 + … + n = n(n + 1)/2)"
PREFIXED = "a sum over j > l written as the sum over all j less the sum over j < l and the term at l"
WRITTEN = "sums over a fixed range written out term by term"
SPLIT_PRODUCT = "a product over an index's range written apart at that index (the factors below, at and above it)"
AS_EXP = "products and powers of positive factors written as exponentials of sums of logarithms"
TERM_APART = "a sum's term at a delta's index written apart (the delta inside a function is 1 there, 0 elsewhere)"
PLACES = "the indicators of a maximum's place summed to 1 (it is attained at one place but where terms tie)"
REVERSED = "a sum run backwards (k as lo + hi - k: a flipped filter's taps in the other order)"
AT_DELTA = "a label's entry read as the index its indicator fixes (δ_(j,c_i) μ_(c_i) = δ_(j,c_i) μ_j)"

#: The highest power of a sum the last resort writes out as copies of the sum (a square, a cube …).
MAX_POWER_TAKEN = 4

#: How deep merged summands are taken apart again (each level merges the sums inside them).
MAX_MERGE_DEPTH = 4
#: the highest power of an index whose sum ``_closed`` writes in closed form (Faulhaber's formulas)
MAX_CLOSED_DEGREE = 4
#: a sum over a fixed range is written out when its outermost limit has at most this many terms ...
MAX_WRITTEN_TERMS = 16
#: ... and while the claim's written-out terms stay within this many in all
MAX_WRITTEN_IN_ALL = 256
#: how far a limit may sit from a free index for ``_prefixed`` to write the terms between out
MAX_OFFSET = 2


class Identity(NamedTuple):
    """A given ``pattern = value`` the zero test may put in; ``text`` names it among the givens used.

    A sum pattern matches up to its dummy name, and its free indices match any index (the
    identity holds for every row: ``Σ_i Y_bi = 1`` for each b); any other pattern is replaced
    where it occurs literally.
    """

    pattern: Expr
    value: Expr
    text: str


def apply_identities(expr: Expr, identities: Iterable[Identity], used: list[str]) -> Expr:
    """``expr`` with every identity put in where its pattern occurs; the texts of those used go to ``used``."""
    for pattern, value, text in identities:
        swap = symmetry_axes(pattern, value)
        if swap is not None:
            new = oriented(expr, pattern.base, *swap)
        elif isinstance(pattern, Sum):
            new = ic.replace_sum(expr, pattern, value)
        elif _every_entry_squared(pattern) and value == 1:
            new = _unit_powers(expr, pattern.base)
        elif every_entry(pattern, value):
            new = _entries_put_in(expr, pattern, value)
        elif pattern.is_Atom is False and expr.has(pattern):
            new = expr.xreplace({pattern: value})  # has() also sees x1 + x2 inside x1 + x2 + c; xreplace does not
        else:
            continue
        if new != expr:
            expr = new
            used.append(text)
    return expr


def every_entry(pattern: Expr, value: Expr) -> bool:
    """True for ``y[k]`` at distinct free indices with a value of numbers, indices and single labels alone: a given
    of every entry (``y_k = δ_kc``, a one-hot label), put in at whichever indices an entry is written.  (A value
    reading arrays, ``δ(k, t[b])`` of a per-sample label, stays a given used row by row.)"""
    return _at_distinct_indices(pattern) and not value.has(*BOUND) and not value.atoms(sp.Indexed)


def _entries_put_in(expr: Expr, pattern: sp.Indexed, value: Expr) -> Expr:
    """``expr`` with every entry of ``pattern``'s array replaced by ``value`` at that entry's indices."""
    def put(e: sp.Indexed) -> Expr:
        return value.xreplace(dict(zip(pattern.indices, e.indices)))
    return expr.replace(lambda e: isinstance(e, sp.Indexed) and e.base == pattern.base
                        and len(e.indices) == len(pattern.indices), put)


def _every_entry_squared(pattern: Expr) -> bool:
    """True for ``u**2`` of a scalar u or of ``u[i, j]`` at distinct free indices: a given about every entry."""
    if not (isinstance(pattern, sp.Pow) and pattern.exp == 2):
        return False
    u = pattern.base
    if isinstance(u, sp.Symbol):
        return not u.is_integer
    return _at_distinct_indices(u)


def _at_distinct_indices(e: Expr) -> bool:
    """True for an entry ``u[i, j]`` at distinct free indices: one that stands for every entry of u."""
    return isinstance(e, sp.Indexed) and len(set(e.indices)) == len(e.indices) and all(is_index(i) for i in e.indices)


def _unit_powers(expr: Expr, u: Expr) -> Expr:
    """``expr`` with each power of an entry of u (of u itself, a scalar) reduced by u² = 1, under sums too:
    u^(2m) = 1, u^(2m+1) = u (Σ_k t_k² = n with t_k = ±1)."""
    base = u.base if isinstance(u, sp.Indexed) else None

    def entry(b) -> bool:
        return b == u if base is None else isinstance(b, sp.Indexed) and b.base == base
    return expr.replace(lambda p: isinstance(p, sp.Pow) and p.exp.is_Integer and entry(p.base),
                        lambda p: p.base ** (int(p.exp) % 2))


def symmetry_axes(pattern: Expr, value: Expr) -> tuple[int, int] | None:
    """``(p, q)`` when the given reads ``A[…i…j…] = A[…j…i…]``, a symmetry of A in axes p and q; else None."""
    if not (isinstance(pattern, sp.Indexed) and isinstance(value, sp.Indexed) and pattern.base == value.base):
        return None
    a, b = pattern.indices, value.indices
    # Free indices only: A[i, c] = A[c, i] for a label c is one column's symmetry, not the matrix's.
    if len(set(a)) != len(a) or not all(is_index(i) for i in a):
        return None
    differ = [n for n, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(differ) != 2 or (a[differ[0]], a[differ[1]]) != (b[differ[1]], b[differ[0]]):
        return None
    return differ[0], differ[1]


def oriented(expr: Expr, base: sp.IndexedBase, p: int, q: int, first: frozenset = frozenset()) -> Expr:
    """``expr`` with every entry of a symmetric ``base`` written with its indices in axes p, q in sorted order.

    A_ji becomes A_ij (and a sum's A_ki the same as A_ik once its dummy is named canonically), so
    both ways of writing an entry meet; the given makes each rewrite keep the value.  Indices in
    ``first`` sort before the others (a claim's own index before a summation index: A_kj x_j).
    """
    def key(i: Expr) -> tuple:
        return i not in first, sp.default_sort_key(i)

    def orient(e: sp.Indexed) -> Expr:
        idx = list(e.indices)
        if key(idx[q]) < key(idx[p]):
            idx[p], idx[q] = idx[q], idx[p]
            return base[tuple(idx)]
        return e
    return expr.replace(lambda e: isinstance(e, sp.Indexed) and e.base == base, orient)


@remembered(idempotent=True)
def canonical_sums(expr: Expr) -> Expr:
    """``expr`` with each sum's body expanded and its indices named canonically (equal sums become identical)."""
    return canonical(expr, normal=opaque.expand)


@lru_cache(maxsize=2048)
def cancels(expr: Expr, thorough: bool = False) -> bool:
    """True when ``expr`` (its sums in canonical form) cancels to exactly 0, every sum held as an opaque symbol.

    ``thorough`` adds ``sympy.simplify`` (slow), for when the cheaper rewrites failed.  Remembered:
    the levels, cases and claims of a file bring the same canonical forms here again (144 calls,
    40 distinct, in the examples); an interrupted call (the time budget) is not remembered.
    """
    held, _ = opaque.hold_sums(expr)
    e = opaque.expand_numerators(held)
    if e == 0:
        return True
    if visibly_nonzero(e):
        return False
    try:
        if _closes_over_one_denominator(e):
            return True
        if not thorough:
            return False
        # Back-substituted forms (σ(1 − σ), 1 − tanh²) close once everything is written with exp.
        # Written so, a function of a log is a power (tanh(ln u) = (u² − 1)/(u² + 1)) and most close
        # over one denominator at once; sympy.simplify (seconds, where it fails) is the last resort.
        rewritten = e.rewrite(sp.exp)
        if rewritten != e and _closes_over_one_denominator(rewritten):
            return True
        # The exp form only where rewriting changed it: simplify gives the same expression the same answer again.
        if sp.simplify(e) == 0 or (rewritten != e and sp.simplify(rewritten) == 0):
            return True
        # Expanding split e^{a−b} into e^a·e^{−b}, which hides from simplify that log(1 + e^{a−b})
        # and log(1 + e^{b−a}) differ by a − b (RankNet's cost as a function of s_i − s_j).
        joined = sp.powsimp(e, combine="exp", deep=True)
        return joined != e and sp.simplify(joined) == 0
    except (sp.PolynomialError, ValueError, TypeError, AttributeError):
        # (SymPy's piecewise_simplify reads .lhs of a case's condition that became True: AttributeError)
        return False


def _closes_over_one_denominator(e: Expr) -> bool:
    """True when ``e`` over one denominator has the numerator 0 (where ``e`` is defined, so is the denominator)."""
    combined = together(e)
    # Multiplied out in a polynomial ring first (no expression built per term), then expanded, both
    # cheaper than cancelling, which stays the test when neither closes it.
    numerator = sp.fraction(combined)[0]
    return is_zero_polynomial(numerator) or sp.expand(numerator) == 0 or sp.cancel(combined) == 0


def visibly_nonzero(e: Expr) -> bool:
    """True when ``e`` is clearly not 0 at one point, so no value-preserving rewrite can bring it to 0.

    Every entry, delta, free symbol and opaque sum gets its own value (the point need not be
    consistent: ``e`` is a function of all of them, and a rewrite that preserves the value
    everywhere preserves it there).  Only a decision to skip the symbolic attempt, never a proof:
    anything that does not evaluate to a finite real number, or is small against the size of its
    terms, counts as "not clearly nonzero".
    """
    rng = random.Random(20261201)
    try:
        atoms = e.atoms(sp.Indexed, KroneckerDelta, sp.Heaviside)
        table = {a: sp.Float(rng.uniform(0.5, 2.0), 30) for a in sorted(atoms, key=sp.default_sort_key)}
        point = e.xreplace(table)
        table = {s: sp.Float(rng.uniform(0.5, 2.0), 30) for s in sorted(point.free_symbols, key=sp.default_sort_key)}
        terms = [complex(sp.N(t.xreplace(table), 30)) for t in sp.Add.make_args(point)]
    except Exception:  # noqa: BLE001  SymPy raises many types; not evaluating only means "try symbolically"
        return False
    if any(not cmath.isfinite(t) or abs(t.imag) > 1e-20 for t in terms):
        return False
    scale = sum(abs(t) for t in terms)
    return abs(sum(terms)) > 1e-12 * max(1.0, scale)


def _merged_zero(expr: Expr, depth: int, thorough: bool, steps: set) -> bool:
    """True when ``expr`` cancels, or cancels after merging its sums over one range (recursively)."""
    expr = canonical_sums(opaque.expand(expr))
    if cancels(expr):
        return True
    if depth < MAX_MERGE_DEPTH:
        # Indices in the order they were pulled out; then, where a group has several over one range,
        # in the order each summand brings them (Σ_iΣ_j f(i, j) − Σ_jΣ_i f(i, j)).
        for matched in (False, True):
            rest, groups = summands_by_ranges(expr, matched)
            # Σ_a f(a) + Σ_a g(a) + r = 0 follows from f + g = 0 for every a and r = 0 (a sufficient condition).
            inner: set = set()
            if groups and cancels(rest, thorough) and \
                    all(_merged_zero(sp.Add(*bodies), depth + 1, thorough, inner) for bodies in groups.values()):
                steps |= inner | {MERGED} | ({SIMPLIFIED} if thorough else set())
                return True
            # Σ_k (σ(a_k) − 1) against Σ_k σ(a_k) − n: contracting made Σ_k 1 an n outside its group.
            for spread in _spread(rest, groups) if groups and not cancels(rest, thorough) else ():
                inner = set()
                if all(_merged_zero(sp.Add(*bodies), depth + 1, thorough, inner) for bodies in spread.values()):
                    steps |= inner | {MERGED, SPREAD} | ({SIMPLIFIED} if thorough else set())
                    return True
            if not any(len(set(key)) < len(key) for key in groups):
                break
    if thorough and cancels(expr, thorough=True):
        steps.add(SIMPLIFIED)
        return True
    return False


def _spread(rest: Expr, groups: dict) -> Iterator[dict]:
    """``groups`` with ``rest`` spread evenly over the summands of one of them, for each group in turn.

    ``Σ_{k∈K} f(k) + r = Σ_{k∈K} (f(k) + r/|K|)`` for a term ``r`` outside the sums (it cannot hold the
    groups' own fresh indices), when the number of terms ``|K|`` is a positive integer: each range has
    a positive integer length.  So the summands closing to 0 for every k, with ``r/|K|`` among them,
    is a sufficient condition like the others of the merge.
    """
    for key, bodies in groups.items():
        lengths = [hi - lo + 1 for lo, hi in key]
        if all(n.is_integer and n.is_positive for n in lengths):
            yield {**groups, key: [*bodies, rest / sp.Mul(*lengths)]}


def delta_cases(expr: Expr, ranges: Ranges, depth: int = 0):
    """Yield ``expr`` in each case of every delta, and of every case on an equality, between two free indices (or
    an index and a number): g = h (h replaced by g) and g ≠ h.

    Cases as written (s_i(1 − s_i) if i = j, 1/(x_i − x_j) otherwise) are split as they stand, never weighted by
    a delta: each case then reads only its own value, as the cases do (0·(1/0) would be no value).
    """
    def indices(pair) -> bool:
        return all(a.is_Integer or a in ranges for a in pair)
    pairs = [tuple(dl.args[:2]) for dl in expr.atoms(KroneckerDelta) if indices(dl.args[:2])]
    pairs += [tuple(r.args) for pw in expr.atoms(sp.Piecewise) for _, c in pw.args
              for r in ([c] if isinstance(c, (sp.Eq, sp.Ne)) else []) if indices(r.args)]
    if not pairs or depth > 6:
        yield expr
        return
    a, b = sorted(pairs, key=sp.default_sort_key)[0]
    if a.is_Integer:
        a, b = b, a
    narrower = {k: v for k, v in ranges.items() if k != a}
    yield from delta_cases(ic.contract(expr.xreplace({a: b}), narrower), narrower, depth + 1)
    apart = {KroneckerDelta(a, b): sp.Integer(0), sp.Eq(a, b, evaluate=False): sp.false,
             sp.Eq(b, a, evaluate=False): sp.false, sp.Ne(a, b, evaluate=False): sp.true,
             sp.Ne(b, a, evaluate=False): sp.true}
    yield from delta_cases(expr.xreplace(apart), ranges, depth + 1)


def steps_one_way(expr: Expr, null: set | None = None) -> Expr:
    """``expr`` with H(−u) written 1 − H(u) and sign(−u) as −sign(u), u's sign chosen one way (SymPy's).

    Exact at u = 0 too whatever H(0) = h is: H(−u, h) is 1 − H(u, h) + (2h − 1)·[u = 0], with [u = 0] 0 or
    δ(a, b) up to a null set (``kinks.zero_indicator``), else 1 − H(u, 1 − h): a max's derivative
    H(a − b) a' + (1 − H(a − b)) b' then meets a claim's H(b − a).
    """
    if not expr.has(sp.Heaviside, sp.sign):
        return expr
    # Imported here: derive.language builds on indexcalc, which re-exports this kernel.
    from ..language.kinks import zero_indicator

    def flipped(e: Expr) -> Expr:
        u = e.args[0]
        if not u.could_extract_minus_sign():
            return e
        if isinstance(e, sp.Heaviside):
            h = e.args[1] if len(e.args) > 1 else sp.S.Half
            if h == sp.S.Half:
                return 1 - sp.Heaviside(-u, *e.args[1:])
            # H(u) = 1 − H(−u) + (2h − 1)·[u = 0] whatever H(0) = h is; with [u = 0] unknown, the value at 0
            # flips with the argument: 1 − h on the other side
            at_zero = zero_indicator(u)
            if at_zero is None:
                return 1 - sp.Heaviside(-u, 1 - h)
            if null is not None:
                null.add(u)  # the rewrite holds but where u = 0: a null set, which the proof's text must say
            return 1 - sp.Heaviside(-u, h) + (2 * h - 1) * at_zero
        return -sp.sign(-u)
    return expr.replace(lambda e: isinstance(e, (sp.Heaviside, sp.sign)), flipped)


def is_zero(expr: Expr, ranges: Ranges, givens: Iterable[Identity] = (), *, thorough: bool = False,
            used: list[str] | None = None, steps: set | None = None, logs: bool = True) -> bool:
    """True when ``expr`` is provably 0 for every value of its indices in ``ranges`` under ``givens``.

    ``thorough`` also tries ``sympy.simplify`` (slow).  The givens put in are appended to
    ``used`` and the rewrites needed beyond cancelling (``SPLIT``, ``MERGED``, ``LOGS``,
    ``SIMPLIFIED``) added to ``steps``, for the text of a proof.  ``logs``: split the logs of
    positive products when nothing else closes it (once: the split form is not split again).
    """
    used = [] if used is None else used
    steps = set() if steps is None else steps
    givens = list(givens)
    # Sum bodies expanded before contracting, so a factor such as e^{−c} inside e^{z_k − c} is pulled
    # out of every sum alike.
    expr = steps_one_way(largest_at_indicators(expr))
    work = apply_identities(ic.contract(canonical_sums(opaque.expand(expr)), ranges), givens, used)
    cases = list(delta_cases(work, ranges))
    if len(cases) > 1:
        steps.add(SPLIT)
    # Imported here: derive.language builds on indexcalc, which re-exports this kernel.
    from ..language.kinks import holds_by_cases, ties_null

    def normal(e: Expr) -> Expr:
        e = apply_identities(e, givens, used)
        # Expanding can expose a given's sum (e^{-z} e^{z} y_i inside Σ_i becomes y_i): apply again.
        return apply_identities(canonical_sums(opaque.expand(e)), givens, used)

    def side_closes(side: Expr) -> bool:
        # A kink's side is a new expression (max(0, p) is p, H(p) is 1): brought to the same form first.
        return _merged_zero(side, 0, thorough, steps) or _merged_zero(normal(ic.contract(side, ranges)), 0,
                                                                       thorough, steps)

    for case in cases:
        case = normal(case)
        if not _merged_zero(case, 0, thorough, steps) and not holds_by_cases(
                case, side_closes, lambda e: ic.contract(e, ranges)) \
                and not (logs and _logs_split_zero(case, ranges, givens, thorough, used, steps)) \
                and not (logs and _rewritten_zero(case, _absorb, NESTED, thorough, steps)) \
                and not (logs and _nested_kinks_zero(case, ranges, side_closes, steps)) \
                and not (logs and _rewritten_zero(case, _widened, PEELED, thorough, steps)) \
                and not (logs and _triangles_zero(case, ranges, thorough, steps, normal)) \
                and not (logs and _rewritten_zero(case, lambda e: _prefixed(e, ranges), PREFIXED, thorough, steps)) \
                and not (logs and _rewritten_zero(case, lambda e: _split_products(e, ranges), SPLIT_PRODUCT,
                                                  thorough, steps)) \
                and not (logs and _rewritten_zero(case, lambda e: _absorb(ic.contract(_as_exp(e), ranges)), AS_EXP,
                                                  thorough, steps)) \
                and not (logs and _rewritten_zero(case, _closed, CLOSED, thorough, steps)) \
                and not (logs and _rewritten_zero(case, lambda e: _terms_apart(e, ranges, normal), TERM_APART,
                                                  thorough, steps)) \
                and not (logs and _rewritten_zero(case, lambda e: normal(places_summed(e, ties_null)), PLACES,
                                                  thorough, steps)) \
                and not (logs and _rewritten_zero(case, written_out, WRITTEN, thorough, steps)) \
                and not (logs and _rewritten_zero(case, _reversed, REVERSED, thorough, steps)) \
                and not (logs and _rewritten_zero(case, _entries_at_deltas, AT_DELTA, thorough, steps)):
            return False
    return True


def _pairs(e: Sum) -> tuple | None:
    """``(g, i, j, n, kind)`` when ``e`` is Σ_{i=1}^{n} of Σ_j g(i, j) over the pairs j > i, j ≥ i, j < i or j ≤ i.

    The outer sum may hold factors of i beside the inner one (SymPy folds the bare form into one sum).
    """
    if len(e.limits) == 2:
        (j, lo, hi), (i, one, n) = e.limits
        g = e.function
    elif len(e.limits) == 1:
        (i, one, n), = e.limits
        inner = [f for f in sp.Mul.make_args(e.function) if isinstance(f, Sum) and len(f.limits) == 1]
        if len(inner) != 1:
            return None
        fresh = freshen(inner[0])  # its index must not meet one free in the factors beside it
        (j, lo, hi), = fresh.limits
        g = sp.Mul(*[f for f in sp.Mul.make_args(e.function) if f is not inner[0]]) * fresh.function
    else:
        return None
    if one != 1:
        return None
    kinds = {(i + 1, n): "above", (i, n): "above or on", (1, i - 1): "below", (1, i): "below or on"}
    kind = kinds.get((lo, hi))
    return None if kind is None else (g, i, j, n, kind)


#: The range of the outer index i for each inner index j of the same pairs (i from 1 to n outside, j inside).
OTHER_WAY = {"above": lambda j, n: (1, j - 1), "above or on": lambda j, n: (1, j),
           "below": lambda j, n: (j + 1, n), "below or on": lambda j, n: (j, n)}


def _delta_inside(found: tuple) -> bool:
    """True for pairs (``_pairs``) whose summand holds a delta on the inner index."""
    g, _, j, _, _ = found
    return any(j in d.args for d in g.atoms(KroneckerDelta))


def _other_way(found: tuple) -> Expr:
    """The pairs (``_pairs``) summed the other way round, the inner index outside over 1..n."""
    g, i, j, n, kind = found
    return Sum(g, (i, *OTHER_WAY[kind](j, n)), (j, 1, n))


def swapped_pairs(expr: Expr) -> Expr:
    """``expr`` with each sum over pairs whose summand holds a delta on the inner index summed the other way
    round, so the delta contracts: Σ_i Σ_{j>i} δ_jk h(i, j) = Σ_j Σ_{i<j} δ_jk h(i, j) (then Σ_{i<k} h(i, k))."""
    def one(e: Sum) -> Expr:
        found = _pairs(e)
        return _other_way(found) if found is not None and _delta_inside(found) else e
    return expr.replace(lambda e: isinstance(e, Sum), one)


def _triangles(expr: Expr, normal, used: set) -> Expr:
    """``expr`` with each sum over pairs j > i (j < i, or with the diagonal) of 1..n written through the square:
    Σ_{i<j} g(i, j) = ½ (Σ_i Σ_j g(i, j) − Σ_i g(i, i)) + ½ Σ_{i<j} (g(i, j) − g(j, i)), the last sum dropped
    when g is symmetric (``normal`` puts the givens in, a symmetric matrix among them).  Finite sums, so the
    identity holds for every g; the ranges never run backwards (j from i + 1 to n ends at n + 1)."""
    def through_square(e: Sum) -> Expr:
        found = _pairs(e)
        if found is None:
            return e
        g, i, j, n, kind = found
        if _delta_inside(found):  # summed the other way round, the delta contracts: Σ_{i<k} h(i, k)
            used.add(SWAPPED)
            return _other_way(found)
        used.add(TRIANGLE)
        if kind.startswith("below"):  # Σ_i Σ_{j<i} g(i, j) is Σ_j Σ_{i>j} g(i, j): the pairs above of g(j, i)
            g = g.xreplace({i: j, j: i})
        square = Sum(g, (j, 1, n), (i, 1, n))
        diagonal = Sum(g.xreplace({j: i}), (i, 1, n))
        skew = normal(g - g.xreplace({i: j, j: i}))
        rest = 0 if cancels(canonical_sums(opaque.expand(skew))) else Sum(skew, (j, i + 1, n), (i, 1, n)) / 2
        return (square - diagonal) / 2 + rest + (diagonal if kind.endswith("on") else 0)
    return expr.replace(lambda e: isinstance(e, Sum) and _pairs(e) is not None, through_square)


def _triangles_zero(expr: Expr, ranges: Ranges, thorough: bool, steps: set, normal) -> bool:
    """True when ``expr`` (a case, givens already put in) cancels once its sums over pairs were written through
    the square (``_triangles``) and the products of sums taken out (``_absorb``)."""
    if not expr.has(Sum):
        return False
    used: set = set()
    squared = _triangles(expr, normal, used)
    if squared == expr:
        return False
    squared = normal(ic.contract(squared, ranges))
    inner: set = set()
    if _merged_zero(squared, 0, thorough, inner):
        steps |= inner | used
        return True
    absorbed = _absorb(_powers_as_sums(squared))
    if absorbed != squared and _merged_zero(absorbed, 0, thorough, inner):
        steps |= inner | used | {NESTED}
        return True
    # The pairs summed the other way round leave a sum below a free index beside one above it: join them.
    prefixed = _prefixed(squared, ranges)
    if prefixed != squared and _merged_zero(normal(prefixed), 0, thorough, inner):
        steps |= inner | used | {PREFIXED}
        return True
    return False


def _closed(expr: Expr) -> Expr:
    """``expr`` with each sum of a polynomial in integer symbols alone (indices and sizes, degree ≤ 4 in the
    summation index) written in closed form, innermost first: Σ_{i=1}^{n} Σ_{j=1}^{i} 1 = n(n + 1)/2.

    SymPy's closed forms count a range as Karr does, which is a reader's count wherever it does not run
    backwards (the loader refuses claims whose ranges could)."""
    def plain(e: Expr) -> bool:
        return all(s.is_integer for s in e.free_symbols) and not e.atoms(sp.Indexed, sp.Function)

    def one(e: Sum) -> Expr:
        body, limits = e.function, list(e.limits)
        while limits:  # innermost limit first: Σ_i Σ_{j≤i} 1 is one SymPy sum of two limits
            k, lo, hi = limits[0]
            geometric = _geometric(body, k, lo, hi) if plain(lo) and plain(hi) and not body.has(Sum) else None
            if geometric is not None:
                body = geometric
                limits.pop(0)
                continue
            if body.has(Sum) or not (plain(body) and plain(lo) and plain(hi)):
                break
            if body.has(k) and not (body.is_polynomial(k) and sp.degree(body, k) <= MAX_CLOSED_DEGREE):
                break
            body = sp.expand(sp.summation(body, (k, lo, hi)))
            limits.pop(0)
        return e if len(limits) == len(e.limits) else Sum(body, *limits) if limits else body
    return expr.replace(lambda e: isinstance(e, Sum), one)


def _geometric(body: Expr, k: Symbol, lo: Expr, hi: Expr) -> Expr | None:
    """Σ_{k=lo}^{hi} c·b^(±k + d) in closed form, c and b free of k, where b^(±1) ≠ 1 is known (b between 0 and
    1, say: Adam's Σ_i β^{t−i}); else None.  The sum of a geometric series, counted as ``_closed`` counts."""
    factors = sp.Mul.make_args(body)
    moving = [f for f in factors if f.has(k)]
    if len(moving) != 1 or not moving[0].is_Pow:
        return None
    base, exponent = moving[0].args
    slope = sp.expand(exponent).coeff(k)
    if base.has(k) or slope not in (1, -1) or sp.expand(exponent - slope * k).has(k):
        return None
    ratio = base ** slope
    if (ratio - 1).is_zero is not False:
        return None  # b may be 1 there: the sum is then hi − lo + 1 terms of c·b^d
    rest = sp.Mul(*[f for f in factors if f is not moving[0]])
    shift = sp.expand(exponent - slope * k)
    return rest * base ** shift * (ratio ** lo - ratio ** (hi + 1)) / (1 - ratio)


def written_out(expr: Expr) -> Expr:
    """``expr`` with each sum (product) over a fixed range (numbers for limits, sizes fixed by the file) written
    out term by term: Σ_{i=1}^{3} v_i = v_1 + v_2 + v_3, as a tutorial with n = 3 writes it.  The outermost limit goes
    first, so an inner range that reads its index (Σ_{i<j}) is fixed once it is written out; a sum of more
    than ``MAX_WRITTEN_TERMS`` terms, or past ``MAX_WRITTEN_IN_ALL`` written in all, stays a sum."""
    written = [0]

    def taken(lo: Expr, hi: Expr) -> bool:
        # the terms of lo..hi counted in, when they are few enough to write out
        terms = max(int(hi - lo + 1), 0) if lo.is_Integer and hi.is_Integer else None
        if terms is None or terms > MAX_WRITTEN_TERMS or written[0] + terms > MAX_WRITTEN_IN_ALL:
            return False
        written[0] += terms
        return True

    def one(e: Sum | sp.Product | MaxOver) -> Expr:
        *inner, (k, lo, hi) = e.limits  # SymPy lists the innermost limit first
        if not taken(lo, hi):
            return e
        rest = e.func(e.function, *inner) if inner else e.function
        parts = [rest.xreplace({k: sp.Integer(v)}) for v in range(int(lo), int(hi) + 1)]
        return (sp.Mul if isinstance(e, sp.Product) else sp.Max if isinstance(e, MaxOver) else sp.Add)(*parts)

    def attained(e: LargestAt) -> Expr:
        # where max_l f(l) is attained, written out: f(k) at or above every other term (a tie a step's kink, where
        # LargestAt has no value), at each place k may name; the maximum itself written out loses its places
        m, k = e.args
        (d, lo, hi), = m.limits
        if not taken(lo, hi):
            return e
        places = range(int(lo), int(hi) + 1)
        term = [m.function.xreplace({d: sp.Integer(v)}) for v in places]
        at = [sp.Mul(*[sp.Heaviside(term[v] - term[w]) for w in range(len(term)) if w != v])
              for v in range(len(term))]
        if k.is_Integer:
            return at[int(k) - int(lo)] if lo <= k <= hi else sp.Integer(0)
        return sp.Add(*[KroneckerDelta(k, sp.Integer(v)) * a for v, a in zip(places, at)])
    out = expr.replace(lambda e: isinstance(e, LargestAt) and isinstance(e.args[0], MaxOver)
                       and len(e.args[0].limits) == 1, attained) if expr.has(LargestAt) else expr
    for _ in range(4):  # an inner sum over i + 1..3 is fixed once the outer i is written out
        new = out.replace(lambda e: isinstance(e, BOUND), one)
        if new == out:
            break
        out = new
    return out


def _prefixed(expr: Expr, ranges: Ranges) -> Expr:
    """``expr`` with each sum whose range leans on a free index l of 1..n written through the sum below l:
    Σ_{k=l+c}^{n} f = Σ_{k=1}^{n} f − Σ_{k=1}^{l−1} f − f(l) − … − f(l+c−1) and Σ_{k=1}^{l+c} f = Σ_{k=1}^{l−1} f
    + f(l) + … + f(l+c), for 0 ≤ c ≤ ``MAX_OFFSET``, so that sums above and below l meet.

    Every sum written runs 1..n or 1..l−1, and every term written out lies in the range it was taken from,
    so each identity holds as a reader counts (a range of length 0 is an empty sum, never a backwards one).
    """
    def one(e: Sum) -> Expr:
        (k, lo, hi), = e.limits
        for l in sorted((lo.free_symbols | hi.free_symbols) & set(ranges), key=str):
            if ranges[l][0] != 1 or l in dummies(e.function):
                continue
            term = lambda t: e.function.xreplace({k: t})  # noqa: E731
            below = Sum(e.function, (k, 1, l - 1))
            c = sp.expand(lo - l)
            if hi == ranges[l][1] and c.is_Integer and 0 <= c <= MAX_OFFSET:
                return Sum(e.function, (k, 1, hi)) - below - sp.Add(*[term(l + t) for t in range(c)])
            c = sp.expand(hi - l)
            if lo == 1 and c.is_Integer and 0 <= c <= MAX_OFFSET:
                return below + sp.Add(*[term(l + t) for t in range(c + 1)])
        return e
    return expr.replace(lambda e: isinstance(e, Sum) and len(e.limits) == 1 and
                        bool((e.limits[0][1].free_symbols | e.limits[0][2].free_symbols) & set(ranges)), one)


def _split_products(expr: Expr, ranges: Ranges) -> Expr:
    """``expr`` with each product over the whole range 1..n of a free index l written apart at l:
    Π_{k=1}^{n} f = Π_{k=1}^{l−1} f · f(l) · Π_{k=l+1}^{n} f, for each l that a product's limit in ``expr``
    leans on (a derivative leaves the factors below and above l), so the whole product meets them.

    l lies in 1..n, and a range of length 0 is an empty product (1) as a reader counts it, so this holds
    for every l; nothing is divided, so no factor need be nonzero.
    """
    products = [e for e in expr.atoms(sp.Product) if len(e.limits) == 1]
    leaned = {s for e in products for s in e.limits[0][1].free_symbols | e.limits[0][2].free_symbols} & set(ranges)
    at = sorted((l for l in leaned if ranges[l][0] == 1), key=str)

    def one(e: sp.Product) -> Expr:
        (k, lo, hi), = e.limits
        for l in at:
            if (lo, hi) == (1, ranges[l][1]) and l not in dummies(e.function):
                return product_without(e.function, k, 1, hi, l) * e.function.xreplace({k: l})
        return e
    return expr.replace(lambda e: isinstance(e, sp.Product) and len(e.limits) == 1, one) if at else expr


def _terms_apart(expr: Expr, ranges: Ranges, normal=lambda e: e) -> Expr:
    """``expr`` with each sum over k whose body holds δ_kt inside a function (e^{c_k − m δ_ky}, a margin at the
    label) written as its term at t and the others: Σ_{k=1}^{n} f(k, δ_kt) = f(t, 1) + Σ_k (1 − δ_kt) f(k, 0).

    t is a free index or a label over 1..n, so the term at t is one of the sum's; the other terms have
    δ_kt = 0.  A delta that is only a factor contracts as it is (``indexcalc``), so is left alone.  What
    changed is contracted (Σ_k δ_kt g_k is g_t) and put in ``normal`` form.
    """
    def one(e: Sum) -> Expr:
        (k, lo, hi), = e.limits
        f = e.function
        for dl in sorted(f.atoms(KroneckerDelta), key=sp.default_sort_key):
            a, b = dl.args[:2]
            t = b if a == k else a if b == k else None
            if t is None or t == k or lo != 1 or tuple(ranges.get(t, ())) != (1, hi) or not _inside_a_function(f, dl):
                continue
            return f.xreplace({k: t}) + Sum((1 - KroneckerDelta(k, t)) * f.xreplace({dl: sp.Integer(0)}), (k, lo, hi))
        return e
    apart = expr.replace(lambda e: isinstance(e, Sum) and len(e.limits) == 1 and e.function.has(KroneckerDelta), one)
    return expr if apart == expr else normal(ic.contract(apart, ranges))


def _inside_a_function(f: Expr, part: Expr) -> bool:
    """True when ``part`` occurs in ``f`` inside a function or a non-integer power (not as a polynomial factor)."""
    return any((isinstance(node, sp.Function) or node.is_Pow and not node.exp.is_Integer) and node.has(part)
               for node in sp.preorder_traversal(f) if isinstance(node, sp.Basic) and node is not part)


def _taken_power(f: Expr) -> bool:
    """True for a sum to a power the rewrites write out as copies of the sum (a square, a cube …)."""
    return f.is_Pow and isinstance(f.base, Sum) and f.exp.is_Integer and 1 < f.exp <= MAX_POWER_TAKEN


def _fresh_product(sums: list) -> tuple[Expr, list]:
    """The product of ``sums`` as one body and its limits, each sum's indices fresh (``freshen``): none
    captures an index free elsewhere or bound around it, and the two copies of a square stay two sums."""
    fresh = [freshen(s) for s in sums]
    return sp.Mul(*[f.function for f in fresh]), [lim for f in fresh for lim in f.limits]


def _powers_as_sums(expr: Expr) -> Expr:
    """``expr`` with each power 2–4 of a sum over fixed ranges written as one sum: (Σ_k a_k)² = Σ_k Σ_l a_k a_l."""
    def one(p: sp.Pow) -> Expr:
        body, limits = _fresh_product([p.base] * int(p.exp))
        return p if leaning(limits) else Sum(body, *limits)
    return expr.replace(_taken_power, one)


def _widened(expr: Expr) -> Expr:
    """``expr`` with each sum over lo+1..hi (or lo..hi−1) written as the sum over lo..hi less its term at lo
    (at hi), where another sum of ``expr`` runs over lo..hi: Σ_{k=2}^n x_k = Σ_{k=1}^n x_k − x_1.

    Only where hi ≥ lo for every size, so the narrower sum has a length ≥ 0 and the identity holds as a
    reader counts; an index bound inside the body under the same name is left alone.
    """
    ranges = {e.limits[0][1:] for e in expr.atoms(Sum) if len(e.limits) == 1}

    def wider(e: Sum) -> Expr:
        (k, lo, hi), = e.limits
        if k in dummies(e.function):
            return e
        for new, at in (((lo - 1, hi), lo - 1), ((lo, hi + 1), hi + 1)):
            length = new[1] - new[0]
            if new in ranges and (length.is_nonnegative or sp.expand(length).is_nonnegative):
                return Sum(e.function, (k, *new)) - e.function.xreplace({k: at})
        return e
    return expr.replace(lambda e: isinstance(e, Sum) and len(e.limits) == 1, wider)


def _rewritten_zero(expr: Expr, rewrite, label: str, thorough: bool, steps: set) -> bool:
    """True when ``expr`` (a case, givens already put in) cancels once ``rewrite`` changed its sums; ``label`` is its step."""
    if not expr.has(*BOUND):
        return False
    rewritten = rewrite(expr)
    inner: set = set()
    if rewritten == expr or not _merged_zero(rewritten, 0, thorough, inner):
        return False
    steps |= inner | {label}
    return True


def _reversed(expr: Expr) -> Expr:
    """``expr`` with each single-limit sum whose entries run against its index (w_{K−k+1}) summed backwards:
    Σ_{k=lo}^{hi} f(k) = Σ_{k=lo}^{hi} f(lo + hi − k), the same terms in the other order."""
    if not any(i.is_Add and any(t.could_extract_minus_sign() for t in i.args if not t.is_Number)
               for x in expr.atoms(sp.Indexed) for i in x.indices):
        return expr  # no entry runs against an index (the common case: nothing to walk)

    def backwards(e: Sum) -> Expr:
        if len(e.limits) != 1:
            return e
        (k, lo, hi), = e.limits
        against = any(sp.diff(i, k).is_negative for x in e.function.atoms(sp.Indexed) for i in x.indices
                      if i.has(k) and i.is_Add)
        return Sum(e.function.xreplace({k: lo + hi - k}), (k, lo, hi)) if against else e
    return expr.replace(lambda e: isinstance(e, Sum), backwards)


def _entries_at_deltas(expr: Expr) -> Expr:
    """``expr`` with an entry compared in a delta (a label's, c_i) read as the index it is compared with, in the
    delta's product: δ_(j,c_i) (x_i − μ_(c_i)) = δ_(j,c_i) (x_i − μ_j), as the delta is 0 wherever c_i ≠ j
    (CS229's k-means gradient writes μ_j under 1{c_i = j}; derive's own derivative has μ_(c_i))."""
    def put(m: sp.Mul) -> Expr:
        for d in m.args:
            if not isinstance(d, KroneckerDelta):
                continue
            for entry, index in ((d.args[0], d.args[1]), (d.args[1], d.args[0])):
                rest = [f for f in m.args if f is not d]
                # an index bound inside a factor would capture the one put there (Σ_j … with j the delta's)
                if isinstance(entry, sp.Indexed) and is_index(index) and not any(index in dummies(f) for f in rest):
                    return sp.Mul(d, *[f.xreplace({entry: index}) for f in rest])
        return m
    if not any(isinstance(a, sp.Indexed) for d in expr.atoms(KroneckerDelta) for a in d.args):
        return expr  # no delta compares an entry (the common case: nothing to walk)
    return expr.replace(lambda e: isinstance(e, sp.Mul) and any(isinstance(f, KroneckerDelta) for f in e.args), put)


def _absorb(expr: Expr) -> Expr:
    """``expr`` with each sum's body holding no sum: Σ_i c_i·Σ_f h·Σ_j g = Σ_i Σ_f Σ_j c_i·h·g (finite sums),
    the limits of each sum in one order (by range, stably), so sums that differ only in nesting or order meet."""
    def flat(s: Sum) -> Expr:
        body, limits = s.function, list(s.limits)
        while True:
            # A sum squared (cubed …) is that many copies of it: (Σ_k a_k)² = Σ_k a_k · Σ_k a_k.
            factors = [g for f in sp.Mul.make_args(body) for g in ([f.base] * int(f.exp) if _taken_power(f) else [f])]
            inner = [f for f in factors if isinstance(f, Sum)]
            if not inner:
                break
            taken, taken_limits = _fresh_product(inner)
            limits = taken_limits + limits
            body = sp.Mul(*[f for f in factors if not isinstance(f, Sum)]) * taken
        if leaning(limits):
            return s  # a range that depends on another index of the sum: the order matters, left as it is
        limits.sort(key=lambda lim: (sp.default_sort_key(lim[1]), sp.default_sort_key(lim[2])))
        return Sum(body, *limits)
    return expr.replace(lambda e: isinstance(e, Sum), flat)


def _nested_kinks_zero(expr: Expr, ranges: Ranges, side_closes, steps: set) -> bool:
    """True when ``expr``, a kink under nested sums, is 0 almost everywhere once its cases are written as steps and its
    sums as one sum over all their indices (``_absorb``): Σ_i g_i Σ_j W_ij H(z_j) against Σ_j 𝟙[z_j > 0] Σ_i g_i W_ij
    (a two-layer ReLU net's input gradient) meet as one sum over (i, j), whose summand is split on z_j's sign."""
    if not expr.has(sp.Heaviside, sp.Piecewise) or not any(s.function.has(Sum, sp.Piecewise) for s in expr.atoms(Sum)):
        return False
    # Imported here: derive.language builds on indexcalc, which re-exports this kernel.
    from ..language.kinks import holds_by_cases, piecewise_as_steps
    flat = _absorb(ic.contract(piecewise_as_steps(expr), ranges))
    if flat == expr:
        return False

    def kinks_first(s: Sum) -> Expr:
        # the indices a step's argument reads outermost (finite sums reordered), so both sides' sums name alike
        kinked = {d for h in s.function.atoms(sp.Heaviside) for d in h.args[0].free_symbols}
        limits = sorted(s.limits, key=lambda lim: lim[0] not in kinked)
        return s if leaning(limits) else Sum(s.function, *limits)
    flat = canonical_sums(flat.replace(lambda e: isinstance(e, Sum) and len(e.limits) > 1, kinks_first))
    if not holds_by_cases(flat, side_closes, lambda e: ic.contract(e, ranges)):
        return False
    steps.add(NESTED)
    return True


def _as_exp(expr: Expr) -> Expr:
    """``expr`` with each product of positive factors written as Π_k f = exp(Σ_k ln f) and each power of a positive
    base with a symbolic exponent as a^x = exp(x ln a), every log split where its factors are positive: a likelihood
    ∏_n μ^{x_n} (1 − μ)^{1−x_n} then meets μ^{Σ x_n} (1 − μ)^{N − Σ x_n} once the sums are distributed.

    exp(ln f) = f for f > 0, so each rewrite keeps the value; anything not known positive is left as it is.
    """
    def product(p: sp.Product) -> Expr:
        f = p.function
        return sp.exp(Sum(sp.expand_log(sp.log(positive_forms(f))), *p.limits)) if surely_positive(f) else p

    def power(e: sp.Pow) -> Expr:
        return sp.exp(e.exp * sp.expand_log(sp.log(positive_forms(e.base)))) if surely_positive(e.base) else e
    out = expr.replace(lambda e: isinstance(e, sp.Product), product)
    return out.replace(lambda e: e.is_Pow and not e.exp.is_number, power)


def _logs_split_zero(expr: Expr, ranges: Ranges, givens: list, thorough: bool, used: list, steps: set) -> bool:
    """True when ``expr`` is 0 once each log of a product of positive factors is a sum of logs.

    ln(e^{z_i} / Σ_k e^{z_k}) = z_i − ln Σ_k e^{z_k} (log-softmax against logsumexp): SymPy's
    ``expand_log`` splits a log only where it knows every factor positive (e^{real}, a sum of
    them), so the rewrite keeps the value.  Tried after every other rewrite failed, through the
    whole zero test again (a split log may expose a given's sum: Σ_i y_i ln Σ_k e^{z_k}).
    """
    if not expr.has(sp.log):
        return False
    split = sp.expand_log(positive_forms(expr))
    inner: set = set()
    if split == expr or not is_zero(split, ranges, givens, thorough=thorough, used=used, steps=inner, logs=False):
        return False
    steps |= inner | {LOGS}
    return True

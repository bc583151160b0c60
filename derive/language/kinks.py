"""Kinks: where piecewise constructs are not smooth, and proofs by cases on their sides.

A kink of ``|u|``, ``max(a, b)``, ``H(u)``, ``sign(u)`` or ``where(a > b, …)`` is the zero
of ``u`` (of ``a − b``); the table says which arguments those are.  A claim involving them is
proved *almost everywhere*: ``sign_cases`` replaces the expression by its smooth branch on
each side of every kink (u > 0, u < 0), and a difference that is 0 in every case is 0 except
on the kinks themselves, a set of measure zero — provided no kink argument is identically 0
for some choice of the indices (i = j, or j = 1 in x_j − x_1), is flat on a piece of its domain,
or is pinned to 0 by what the claim assumes (a given a = b, a ``when`` x_j == 0; ``kinks_where``),
which ``sign_cases`` refuses (then no case split happens).
"""
from __future__ import annotations

import functools
import itertools
import random
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import sympy as sp
from sympy import Expr

from ..algebra.bigops import MaxOver
from ..algebra.feasible import can_all_hold, linear
from ..algebra.names import never_empty
from .table import for_class

MAX_KINKS = 4  # 2**4 cases at most: beyond that the prover gives up on splitting
#: …unless the kinks are linear, like the six pairwise differences of a 2×2 max-pooling window:
#: then of their 2**6 sign combinations only the possible ones (its 4! orderings) are cases.
MAX_LINEAR_KINKS = 6
MAX_FEASIBLE = 24


def _nodes(expr: Expr) -> Iterator[Expr]:
    """Nodes of ``expr`` outside sums and derivatives (a kink inside Σ_k varies with k)."""
    stack = [expr]
    while stack:
        e = stack.pop()
        if not isinstance(e, sp.Basic) or isinstance(e, (sp.Sum, sp.Derivative)):
            continue
        yield e
        stack.extend(e.args)


def _kinked(e: Expr):
    c = for_class(type(e))
    return c if c is not None and c.kinks is not None else None


def kink_arguments(expr: Expr) -> list[Expr]:
    """The distinct expressions whose zero is a kink of ``expr`` (up to sign), outside sums."""
    found: dict = {}
    for e in _nodes(expr):
        c = _kinked(e)
        if c is not None:
            for u in c.kinks(e.args):
                u = _canonical(u)
                if u != 0:
                    found.setdefault(u, None)
    return sorted(found, key=sp.default_sort_key)


def same_kink(u: Expr, v: Expr) -> bool:
    """True when the kink arguments ``u`` and ``v`` change sign together or oppositely (x/2 and −x are x)."""
    return _canonical(u) == _canonical(v)


def _distinct_nodes(expr: Expr) -> Iterator[Expr]:
    """The nodes of ``expr`` in preorder, each distinct subexpression once (a repeat's nodes were all seen)."""
    seen: set = set()
    stack = [expr]
    while stack:
        e = stack.pop()
        if e in seen:
            continue
        seen.add(e)
        yield e
        if isinstance(e, sp.Basic):
            stack.extend(reversed(e.args))


def kink_arguments_anywhere(expr: Expr) -> list[Expr]:
    """Every kink argument in ``expr``, inside sums too (the search places points on each), first seen first."""
    found: dict = {}
    for e in _distinct_nodes(expr):
        c = _kinked(e)
        if c is not None:
            for u in c.kinks(e.args):
                if u != 0:
                    found.setdefault(u, None)
    return list(found)


def split_kinks(expr: Expr) -> list[Expr] | None:
    """The kinks off which ``holds_by_cases`` keeps the value of ``expr``: ``kink_arguments``, or None.

    It splits cases on the kinks outside sums (``sign_cases``) and holds those inside sums as
    opaque values, which keeps the value everywhere, except a ``where`` inside a sum: that one is
    rewritten with steps, equal except on a kink that moves along the sum (then None).
    """
    inside = [a.function for a in expr.atoms(sp.Sum)] + [a.expr for a in expr.atoms(sp.Derivative)]
    if any(e.has(sp.Piecewise) for e in inside):
        return None
    return kink_arguments(expr)


@functools.lru_cache(maxsize=4096)  # asked of each given and each level again for every claim of a file
def almost_everywhere(expr: Expr) -> bool:
    """True when ``expr`` uses a construct with kinks anywhere (a claim about it holds a.e.); cases on indices alone
    (the softmax Jacobian's i = j, a label's j = c) are whole cases, no null set, and so are kinks of integers
    alone (``_exact_on_integers``)."""
    return any(_kinked(e) is not None and not _on_indices(e) and not _exact_on_integers(e)
               for e in _distinct_nodes(expr))


def _exact_on_integers(e: Expr) -> bool:
    """True for a kink of integers alone with no convention at it, |i − j| or max(i, k) (ALiBi's bias): where its
    argument is 0 it has its one value, and i = j is a whole diagonal of index pairs, no null set."""
    c = _kinked(e)
    return c is not None and c.tie is None and not isinstance(e, sp.Piecewise) and bool(e.free_symbols) and all(
        s.is_integer for s in e.free_symbols)


def _on_indices(e: Expr) -> bool:
    """True for cases whose conditions read integers alone (indices, labels, sizes)."""
    return isinstance(e, sp.Piecewise) and all(
        c == sp.true or isinstance(c, sp.Basic) and all(s.is_integer for s in c.free_symbols) for _, c in e.args)


def _canonical(u: Expr) -> Expr:
    """The kink argument up to a nonzero rational factor: (t + 1)/2 and -t - 1 are t + 1 (they change sign together)."""
    return _scaled(u)[0]


def _scaled(u: Expr) -> tuple[Expr, int]:
    """``(c, s)`` with ``u = s·k·c`` for one rational ``k > 0`` and ``s = ±1``: c has content 1 and no leading minus."""
    k, c = sp.expand(u).as_content_primitive()
    sign = -1 if k < 0 else 1
    if c.could_extract_minus_sign():
        c, sign = -c, -sign
    return c, sign


#: How the prover reads a kink argument in the inputs while it works on a level that keeps defined quantities.
_IN_INPUTS: ContextVar[Callable[[Expr], Expr] | None] = ContextVar("in_inputs", default=None)


@contextmanager
def kinks_read_in_inputs(expand: Callable[[Expr], Expr]) -> Iterator[None]:
    """Within: whether a kink's zero set is null is decided on ``expand(u)``, u written in the inputs.

    A level of the prover keeps defined quantities as symbols, but the claim is about the inputs:
    h = max(0, z) is 0 for every z < 0, so splitting on the sign of h alone (as a free symbol) would
    ignore a set of positive measure, where a false claim could hide.
    """
    token = _IN_INPUTS.set(expand)
    try:
        yield
    finally:
        _IN_INPUTS.reset(token)


#: Expressions (in the inputs) that are 0 wherever the claim at hand is asserted: its equation givens
#: (a = b), the equations of its ``when`` (x_j == 0) and inequalities that pin a value (a >= 0, a <= 0).
_PINNED: ContextVar[tuple[Expr, ...]] = ContextVar("pinned", default=())


#: Set where what a claim assumes cannot be written as equations to solve (a ``when`` with ``or`` over an
#: equation): no kink may be split, since its points may all be on one.
_NOWHERE: ContextVar[bool] = ContextVar("no_split", default=False)


@contextmanager
def kinks_where(pinned: Iterable[Expr], anywhere: bool = True) -> Iterator[None]:
    """Within: a kink's zero set must be null on the set where every expression of ``pinned`` is 0.

    Almost everywhere means outside a null set of the points where the claim is asserted; if a given
    a = b pins the kink a − b to 0 there, splitting on its sign would prove a claim false at every
    one of those points (H(a − b) = 𝟙[a > b] given a = b reads ½ = 0).  ``anywhere`` False: the claim's
    points may be a null set in a way ``pinned`` does not say, so no kink is split.
    """
    token, no = _PINNED.set(tuple(pinned)), _NOWHERE.set(not anywhere)
    try:
        yield
    finally:
        _PINNED.reset(token)
        _NOWHERE.reset(no)


@contextmanager
def pins_rewritten(rewrite: Callable[[Expr], Expr]) -> Iterator[None]:
    """Within: the pinned expressions as ``rewrite`` gives them, for a prover that replaced the inputs (a given
    sign, x = 1 + q): else a kink of the new inputs would no longer be seen as pinned (a = b with a > 0)."""
    token = _PINNED.set(tuple(rewrite(e) for e in _PINNED.get()))
    try:
        yield
    finally:
        _PINNED.reset(token)


def _splittable(u: Expr) -> bool:
    """True when the zero set of the kink argument ``u`` is null where the claim is asserted, so its sign may be split on."""
    if _NOWHERE.get():
        return False
    expand = _IN_INPUTS.get()
    full = u if expand is None else expand(u)
    return _null_zeros(full, list(_PINNED.get()))


def zero_indicator(u: Expr) -> Expr | None:
    """[u = 0] up to a null set of the claim's points: 0 where u's zeros are null, δ(a, b) for u = x_a − x_b whose
    zeros are null but at a = b; None when neither is known (u flat on a region, pinned by a given)."""
    if _splittable(u):
        return sp.Integer(0)
    terms = sp.Add.make_args(u)
    if _NOWHERE.get() or len(terms) != 2 or not all(isinstance(t, sp.Indexed) or isinstance(-t, sp.Indexed) for t in terms):
        return None
    a, b = sorted(terms, key=lambda t: t.could_extract_minus_sign())
    if not (b.could_extract_minus_sign() and not a.could_extract_minus_sign() and isinstance(a, sp.Indexed)
            and (-b).base == a.base and len(a.indices) == 1 == len((-b).indices)):
        return None
    i, j = a.indices[0], (-b).indices[0]
    if not (i.is_Symbol and j.is_Symbol and i != j):
        return None
    expand = _IN_INPUTS.get()
    full = u if expand is None else expand(u)
    if not _null_zeros(full, list(_PINNED.get()), lambda v: _vanishes_somewhere(v, apart=(i, j))):
        return None
    return sp.KroneckerDelta(i, j)


def pinned_to_zero(u: Expr, pinned: Iterable[Expr]) -> bool:
    """True when the points where every expression of ``pinned`` is 0 may hold the kink argument ``u`` (in the
    inputs) at 0 where ``u`` alone is 0 only on a null set: H(x) given x = 0, H(x − y) given x = y."""
    pinned = list(pinned)
    return bool(pinned) and _null_zeros(u, []) and not _null_zeros(u, pinned)


#: Solutions tried per pinning equation, and entries of one array a constant solution is put in at once.
MAX_SOLUTIONS = 4
MAX_PINNED_ENTRIES = 3


def _null_zeros(u: Expr, pinned: list[Expr], vanishes: Callable[[Expr], bool] | None = None) -> bool:
    """True when ``u`` vanishes on a null set of the points where every expression of ``pinned`` is 0.

    A pinning equation that shares no input with ``u`` leaves its zero set as it was (the claim's
    points are a product of the two); one that does is solved for a shared input, which is put in
    ``u`` (each solution in turn); one that cannot be solved so makes the split unsafe.  ``vanishes(u)``
    says whether u is 0 at some index values (``_vanishes_somewhere``).
    """
    vanishes = vanishes or _vanishes_somewhere
    if vanishes(u) or not _generic(u):
        return False
    # An entry a pinning equation names at numbers (x_1 = 0) is an entry of u at some values of its indices
    # (x_j at j = 1, x_{i+1} at i = 0): u must be null there too.
    try:
        meetings = _meeting_entries(u, pinned)
    except _MayMeet:
        return False
    for at in meetings:
        if not _null_zeros(u.xreplace(at), pinned, vanishes):
            return False
    names = _input_names(u)
    for n, e in enumerate(pinned):
        if not _input_names(e) & names:
            continue
        rest = pinned[:n] + pinned[n + 1:]
        for v in sorted(_inputs(e), key=sp.default_sort_key):
            if _input_name(v) not in names:
                continue
            solutions = _solve(e, v)
            if solutions is None:
                continue
            if isinstance(v, sp.Indexed) and not all(i.is_Integer for i in v.indices):
                # a given for every entry (t_i² = 1): each entry of u's array is one of the constant solutions
                entries = sorted({x for x in u.atoms(sp.Indexed) if x.base == v.base}, key=sp.default_sort_key)
                if any(s.free_symbols for s in solutions) or len(entries) > MAX_PINNED_ENTRIES:
                    continue
                cases = [dict(zip(entries, c)) for c in itertools.product(solutions, repeat=len(entries))]
            else:
                cases = [{v: s} for s in solutions]
            return all(_null_zeros(u.xreplace(c), [r.xreplace(c) for r in rest], vanishes) for c in cases)
        return False  # pinned together with an input of u, and not solved for one: its zeros may fill the set
    return True


def _meeting_entries(u: Expr, pinned: list[Expr]) -> list[dict]:
    """Index values at which an entry of ``u`` (x_j, x_c) becomes one a pinning equation names at numbers (x_1);
    ``_MayMeet`` as ``_one_entry`` raises it."""
    ints = {s for s in u.free_symbols if s.is_integer}
    out = []
    for e in pinned:
        for fixed in e.atoms(sp.Indexed):
            if not all(i.is_Integer for i in fixed.indices):
                continue
            for x in u.atoms(sp.Indexed):
                at = _one_entry(x, fixed, ints)
                if at and at not in out:
                    out.append(at)
    return out


def _inputs(e: Expr) -> set:
    """The inputs ``e`` reads: entries of arrays and real scalars (not indices or sizes)."""
    return {a for a in e.atoms(sp.Indexed)} | {s for s in e.free_symbols
                                               if isinstance(s, sp.Symbol) and not s.is_integer}


def _input_name(v: Expr) -> str:
    return v.base.name if isinstance(v, sp.Indexed) else str(v)


def _input_names(e: Expr) -> set[str]:
    return {_input_name(v) for v in _inputs(e)}


def _solve(e: Expr, v: Expr) -> list[Expr] | None:
    """Every value of ``v`` at which ``e`` is 0, or None when they cannot all be named.

    Only for ``e`` a polynomial in v of degree at most 4 whose leading coefficient is a nonzero number:
    then its roots are all of them, whatever the other inputs (solve(sin a, a) names 0 and π of
    infinitely many; solve(a·(b³ − 2), a) misses the line b³ = 2, where every a is one).  A root that is
    not real may name no point: None too.
    """
    if e.has(sp.Sum, sp.Product, MaxOver, sp.Derivative):
        return None
    x = sp.Dummy("v", real=True)
    try:
        poly = sp.Poly(e.xreplace({v: x}), x)
        if not 1 <= poly.degree() <= MAX_SOLUTIONS or not poly.LC().is_number or poly.LC() == 0 \
                or any(c.has(x) for c in poly.coeffs()):
            return None
        found = sp.solve(poly.as_expr(), x, dict=False)
    except (NotImplementedError, ValueError, TypeError, sp.PolynomialError):
        return None
    if not isinstance(found, list) or not found or len(found) > MAX_SOLUTIONS \
            or any(s.has(x) or s.is_real is not True and s.free_symbols == set() for s in found) \
            or any(s.is_real is False for s in found):
        return None
    return found


def ties_null(f: Expr, k: Expr) -> bool:
    """True when the terms f(a), f(b) of a maximum over k tie (f(a) = f(b), a ≠ b) only on a null set of the inputs.

    max_k z_k ties only where two entries are equal; max_k relu(z_k) ties wherever every z_k < 0,
    where 𝟙[relu(z_j) = max] is 1 for every j and its indicators do not sum to 1.
    """
    if _NOWHERE.get():
        return False
    expand = _IN_INPUTS.get()
    f = f if expand is None else expand(f)
    a, b = sp.Dummy("a", integer=True), sp.Dummy("b", integer=True)
    return _null_zeros(sp.expand(f.xreplace({k: a}) - f.xreplace({k: b})), list(_PINNED.get()),
                       lambda u: _vanishes_somewhere(u, apart=(a, b)))


def ties_on_a_region(f: Expr, k: Expr) -> bool:
    """True when the terms of a maximum over k may tie on a region of the inputs: not shown to tie on a null set
    (``ties_null``) and either flat somewhere (a kink in a term, max_k relu(x_k)) or tied by what the claim
    assumes (z_1 = z_2 given).  Terms ``ties_null`` cannot judge otherwise (sums of smooth terms) are taken to
    tie on a null set, as a maximum of distinct smooth terms does."""
    if ties_null(f, k):
        return False
    expand = _IN_INPUTS.get()
    if has_kinks(f if expand is None else expand(f)) or _NOWHERE.get():
        return True
    token = _PINNED.set(())
    try:
        return ties_null(f, k)  # null but for what the claim assumes: the assumption ties them
    finally:
        _PINNED.reset(token)


def _vanishes_at_a_size(u: Expr, at_one: bool = True) -> bool:
    """True when ``u`` is 0 for every input at some size: (n − 5)·a at n = 5, x_j − Σ_k x_k/n at n = 1.

    A claim holds for every size, and at such a size the kink is everywhere.  At n = 1 every index
    over n is 1 and a sum over 1..n is its one term; otherwise u's terms are grouped by what they read
    besides n, and u vanishes where all their coefficients (polynomials in n) have a common positive
    integer root; a coefficient that cannot be solved counts as vanishing.  ``at_one`` False: skip
    n = 1 (two places a ≠ b of a maximum's ties do not exist there).
    """
    for n in sorted((s for s in u.free_symbols if s.is_integer and s.is_positive), key=sp.default_sort_key):
        if at_one:
            one = u.xreplace({n: sp.Integer(1)})
            one = one.xreplace({s: sp.Integer(1) for s in one.free_symbols if s.is_integer})
            try:
                if sp.expand(one.doit()) == 0:
                    return True
            except (TypeError, ValueError, NotImplementedError):
                return True
        groups: dict = {}
        for term in sp.Add.make_args(sp.expand(u)):
            inside = [f for f in sp.Mul.make_args(term)
                      if f.is_number or n in f.free_symbols and not f.has(sp.Indexed, *_BINDERS)]
            rest = sp.Mul(*[f for f in sp.Mul.make_args(term) if f not in inside])
            groups[rest] = groups.get(rest, sp.Integer(0)) + sp.Mul(*inside)
        roots = None
        for coeff in groups.values():
            if n not in coeff.free_symbols:
                roots = set() if coeff != 0 else roots
                continue
            try:
                found = set(sp.solve(coeff, n))
            except (NotImplementedError, ValueError, TypeError):
                return True
            roots = found if roots is None else roots & found
        if roots and any(not (r.is_number and not (r.is_integer and r.is_positive)) for r in roots):
            return True
    return False


#: Nodes a size may stand in without being a factor of a term (Σ_{k=1}^{n} x_k reads n as a range).
_BINDERS = (sp.Sum, sp.Product, MaxOver)


@functools.lru_cache(maxsize=4096)  # a pure function of u: the prover asks it again at every level it tries
def _vanishes_somewhere(u: Expr, apart: tuple = ()) -> bool:
    """True when ``u`` is 0 as an expression for some value of its integer symbols.

    An index may equal another (x_i − x_j at i = j), a number written as an index (x_j − x_1 at
    j = 1, A_ii − A_11 at i = 1) or make a size one (``_vanishes_at_a_size``): at such values u is 0
    for every input.  ``apart``: two indices that stay distinct (the places a ≠ b of a maximum's tie).
    """
    ints = sorted((s for s in u.free_symbols if s.is_integer), key=sp.default_sort_key)
    if not any(s.is_real and not s.is_integer for s in u.free_symbols) and not u.atoms(sp.Indexed):
        return True  # no real variable: its sign is not "almost surely" nonzero
    if _vanishes_at_a_size(u, at_one=not apart):  # at n = 1 two distinct places do not exist
        return True
    # entries made one entry first: cheaper than the assignments below, and it finds offsets they do not
    if _entries_meet(u, set(ints), apart, depth=len(u.atoms(sp.Indexed)) // 2, budget=[MAX_ASSIGNMENTS]):
        return True
    written = sorted({i for e in u.atoms(sp.Indexed) for i in e.indices if i.is_Integer}, key=int)
    tried = 0
    for size in range(1, len(ints) + 1):
        # every assignment of some indices to others or to written numbers (a few: kinks are short)
        for chosen in itertools.combinations(ints, size):
            for values in itertools.product([*ints, *written], repeat=size):
                at = {a: v for a, v in zip(chosen, values) if a != v}
                if apart and at.get(apart[0], apart[0]) == at.get(apart[1], apart[1]):
                    continue  # the two places made one
                tried += 1
                if tried > MAX_ASSIGNMENTS:
                    return True  # too many indices to try them all: not split (the claim is not proved by cases)
                if at and sp.expand(u.xreplace(at)) == 0:
                    return True
    return False


#: Index assignments ``_vanishes_somewhere`` tries, and meetings of entries ``_entries_meet`` explores, before
#: it stops and calls the kink not null (a kink of eight free indices had the first loop run for hours).
MAX_ASSIGNMENTS = 5000


class _MayMeet(Exception):
    """Two entries of one array may be one entry at index values no ±1 solution finds (v_{2i} and v_{3j})."""


def _entries_meet(u: Expr, ints: set, apart: tuple, depth: int, budget: list) -> bool:
    """True when making entries of one array in ``u`` the same entry, pair after pair (up to ``depth`` pairs),
    makes ``u`` 0 (x_{i+1} − x_j at j = i + 1; v_{i+3} + v_{k+5} − v_j − v_l at j = i + 3, l = k + 5), or when
    two entries may meet in a way this cannot solve, or ``budget`` runs out (then nothing is split)."""
    try:
        meetings = _same_entries(u, ints)
    except _MayMeet:
        return True
    for at in meetings:
        if apart and at.get(apart[0], apart[0]) == at.get(apart[1], apart[1]):
            continue
        budget[0] -= 1
        if budget[0] < 0:
            return True
        met = sp.expand(u.xreplace(at))
        if met == 0 or depth > 1 and _entries_meet(met, ints - set(at), apart, depth - 1, budget):
            return True
    return False


def _same_entries(u: Expr, ints: set) -> list[dict]:
    """Index values that make two entries of one array in ``u`` the same entry, one per pair (``_one_entry``)."""
    entries = sorted(u.atoms(sp.Indexed), key=sp.default_sort_key)
    return [at for e1, e2 in itertools.combinations(entries, 2) if (at := _one_entry(e1, e2, ints))]


def _one_entry(e1: Expr, e2: Expr, ints: set) -> dict | None:
    """Values of indices of ``ints`` at which entries ``e1`` and ``e2`` are one entry ({} if they are already,
    None if never): each position whose indices differ is solved for an index (an offset, or a stride once the
    common factor of the position is taken out: 2i − 2j − 2 at i = j + 1); ``_MayMeet`` when one cannot be."""
    if e1.base != e2.base or len(e1.indices) != len(e2.indices):
        return None
    at: dict = {}
    for a, b in zip(e1.indices, e2.indices):
        gap = sp.expand((a - b).xreplace(at))
        if gap == 0:
            continue
        if not gap.free_symbols & ints:
            return None  # two different numbers (or sizes apart by a number): never one entry
        # 2i − 2j − 2 = 0 is i − j − 1 = 0: the common factor of its whole-number coefficients out
        content = sp.igcd(*[int(c) for c in gap.as_coefficients_dict().values() if c.is_Integer] or [1])
        gap = sp.expand(gap / content) if content > 1 else gap
        pick = next((s for s in sorted(gap.free_symbols & ints, key=sp.default_sort_key)
                     if sp.diff(gap, s) in (1, -1) and not sp.diff(gap, s, 2)), None)
        if pick is None:
            raise _MayMeet(gap)
        value = sp.expand(pick - gap * sp.diff(gap, pick))  # gap = ±pick + rest = 0
        at = {k: v.xreplace({pick: value}) for k, v in at.items()}
        at[pick] = value
    return at


def _lone_term(u: Expr) -> bool:
    """True when ``u`` is affine in one variable v with a coefficient that is nonzero almost everywhere,
    v's name occurring nowhere else in ``u``: for almost all values of the rest, u vanishes at one value
    of v only, so its zero set has measure zero.  Two shapes qualify, among the terms of u, each
    times a nonzero number c and a product of variables g (powers of entries and scalars other
    than v, nonzero almost everywhere: ``y·b`` in ``1 − y·(Σ_k w_k x_k + b)``):

    - ``c·g·v``, v an entry or a scalar (a bias: ``Σ_l W_kl x_l + b_k``);
    - ``c·g·Σ_{l=1}^{n} v_l·h_l`` over a range that is never empty, v an entry indexed by l and h a
      product of entries and scalars (``Σ_l W_kl x_l``): at l = 1 it is ``c·g·h_1·v_1``, and a
      product of variables is nonzero almost everywhere.
    """
    terms = sp.Add.make_args(u)
    for t in terms:
        c, rest_factors = t.as_coeff_Mul()
        if not (c.is_Number and c != 0 and c.is_finite):
            continue
        others = [a for a in terms if a is not t]
        factors = sp.Mul.make_args(rest_factors)
        for v in factors:
            scale = [f for f in factors if f is not v]
            if all(_variable(f.base if f.is_Pow and f.exp.is_Integer and f.exp > 0 else f) for f in scale) and (
                    _own_variable(v, others + scale)
                    or isinstance(v, sp.Sum) and _sum_in_own_variable(v, others + scale)):
                return True
    return False


def _variable(v: Expr) -> bool:
    """An entry or a scalar that is not an index."""
    return isinstance(v, (sp.Symbol, sp.Indexed)) and not v.is_integer


def _occurs(v: Expr, parts: Iterable[Expr]) -> bool:
    """True when v's name (its array's, for an entry) occurs anywhere in ``parts``, bound or not.

    An entry at numbers (b_1) is another variable than an entry of its array at other numbers (b_2);
    one at an index may be any entry, so any entry of its array counts.
    """
    if isinstance(v, sp.Indexed):
        return any(a.base == v.base and not _apart(a, v) for p in parts for a in p.atoms(sp.Indexed))
    return any(v in p.atoms(sp.Symbol) for p in parts)


def _apart(a: sp.Indexed, v: sp.Indexed) -> bool:
    """True for two entries of one array at numbers that differ somewhere (never the same entry)."""
    return all(i.is_Integer for i in (*a.indices, *v.indices)) and a.indices != v.indices


def _own_variable(v: Expr, others: list) -> bool:
    return _variable(v) and not _occurs(v, others)


def _sum_in_own_variable(s: sp.Sum, others: list) -> bool:
    if len(s.limits) != 1:
        return False
    d, lo, hi = s.limits[0]
    if not never_empty(lo, hi):
        return False
    factors = sp.Mul.make_args(s.function)
    for v in factors:
        rest = [f for f in factors if f is not v]
        if isinstance(v, sp.Indexed) and d in v.indices and _own_variable(v, others + rest) \
                and all(_variable(f) or (f.is_Number and f != 0 and f.is_finite) for f in rest):
            return True
    return False


def _generic(u: Expr) -> bool:
    """True when ``u`` is a single quantity, or analytic on all of ℝ and nonzero at a point, so its zero set is null.

    Splitting on the sign of ``u`` ignores its zero set, which must have measure zero.  A ``u`` built
    from polynomials and functions analytic on all of ℝ (``Construct.entire``: exp, tanh, sin, …) is
    analytic on a connected space, so it is 0 on a null set once it is nonzero at one point.  One
    with poles or logarithms is analytic only on its domain, which may have several pieces, and it may
    be 0 on a whole piece (arctan g + arctan(1/g) − π/2 is 0 for every g > 0): no sample rules that out,
    so it never qualifies.  Nor does one that can be flat (a square root or a fractional power of a value
    not known positive, as in √(x²) − x; arcsin of a sine), one with kinks itself, or one with sums (not
    sampled here) unless a lone term makes it vanish on a null set (``_lone_term``).
    """
    if isinstance(u, (sp.Symbol, sp.Indexed)):
        return True
    if u.has(sp.Derivative) or has_kinks(u):
        return False
    if _lone_term(u) or _lone_term(sp.expand_mul(u)):  # y·(Σ_k w_k x_k + b) − 1: b is lone once multiplied out
        return True
    if u.has(sp.Sum, sp.Product, MaxOver) or not _analytic(u):
        return False
    atoms = list(u.atoms(sp.Indexed)) + [s for s in u.free_symbols if not isinstance(s, sp.Indexed)]
    rng, defined = random.Random(0), 0
    for _ in range(8):  # thousandths up to ±2; a value near 0 at any of them may be cancellation: not split on
        point = {a: sp.Integer(rng.randint(1, 4)) if a.is_integer else
                 sp.Rational(rng.choice((-1, 1)) * rng.randint(1, 2000), 1000) for a in atoms}
        v = u.xreplace(point).evalf(30)
        if not (v.is_real and v.is_finite):
            continue
        defined += 1
        if abs(v) < 1e-20:
            return False
    return defined > 0


#: Larger values are not put over one denominator to judge their sign: not worth its time.
_TOGETHER_OPS = 40


def positive_everywhere(u: Expr, strict: bool = True) -> bool:
    """True when ``u`` is positive (``strict`` False: not negative) for every real value of its symbols, as SymPy
    sees it or, over one denominator, 1 − σ(x) = 1 − 1/(1 + e^{−x}) as 1/(eˣ + 1)."""
    sure = u.is_positive if strict else u.is_nonnegative
    if sure is not None or sp.count_ops(u) > _TOGETHER_OPS:
        return bool(sure)
    one = sp.together(u)
    return bool(one.is_positive if strict else one.is_nonnegative)


def holds_everywhere(cond) -> bool:
    """True when ``cond`` (u > 0 or u ≥ 0) holds for every real value (``positive_everywhere``)."""
    if isinstance(cond, sp.StrictGreaterThan):
        return positive_everywhere(cond.lhs - cond.rhs)
    return isinstance(cond, sp.GreaterThan) and positive_everywhere(cond.lhs - cond.rhs, strict=False)


def _analytic(u: Expr, along: Expr | None = None) -> bool:
    """True when ``u`` is real-analytic on all of ℝ: polynomials, ``Construct.entire`` functions and a rational
    power or the logarithm of a value SymPy knows positive, composed; with ``along``, as a function of that symbol
    alone (what does not read it is a constant: log σ beside (x − μ)²/σ², along x)."""
    if along is not None and along not in u.free_symbols:
        return True
    if isinstance(u, (sp.Symbol, sp.Indexed)) or u.is_Number or u.is_NumberSymbol:
        return True
    if u.is_Add or u.is_Mul:
        return all(_analytic(a, along) for a in u.args)
    if u.is_Pow:
        base, ex = u.args
        if ex.is_Integer and ex >= 0 or ex.is_Rational and positive_everywhere(base):
            return _analytic(base, along)
        return False
    c = for_class(type(u))
    if c is not None and c.entire:
        return all(_analytic(a, along) for a in u.args)
    if isinstance(u, sp.log) and positive_everywhere(u.args[0]):  # softplus's log(1 + e^x): analytic where its argument is
        return _analytic(u.args[0], along)
    return False


def replace_branches(expr: Expr, sign_of: Callable) -> Expr:
    """``expr`` with every kinked node replaced by its branch on the current side (bottom-up)."""
    def swap(e):
        c = _kinked(e)
        if c is None or c.branch is None:
            return e
        out = c.branch(e.args, sign_of)
        return e if out is None else out
    return _bottom_up(expr, swap)


def _bottom_up(expr: Expr, fn: Callable) -> Expr:
    if not isinstance(expr, sp.Basic) or expr.is_Atom or isinstance(expr, (sp.Sum, sp.Derivative, sp.Indexed)):
        return expr
    args = [_bottom_up(a, fn) for a in expr.args]
    new = expr.func(*args) if any(n is not o for n, o in zip(args, expr.args)) else expr
    return fn(new)


def sign_cases(expr: Expr, depth: int = 0) -> list[Expr] | None:
    """``expr`` on each side of each kink, or None when it has none (or too many, or a degenerate one).

    A kink argument that is ± a single quantity (``z``, ``z[i]``) is split by substituting a
    positive symbol or its negative, so SymPy's own rules (|−p| = p, tanh(−p) = −tanh p)
    settle the other kinks too; the remaining ones are decided by the table's branches.
    Kinks inside kinks (clip's ``H(1 − max(−1, x))``) are split once the inner ones are decided.
    """
    cases = _sign_cases(expr, depth, ())
    return None if cases is None else [case for case, _ in cases]


def _sign_cases(expr: Expr, depth: int, known: tuple) -> list[tuple[Expr, tuple]] | None:
    """``sign_cases`` with the sides each case is on: ``known``, the (kink, sign) of the cases around this one.

    A nested kink decided there (Huber's ψ: |t| ≤ k split first, then max(−k, min(k, t)) meets t − k again)
    takes that side, and a combination no point is on (t > k inside |t| ≤ k) is no case.
    """
    kinks = kink_arguments(expr)
    if not kinks:
        return None if depth == 0 else [(expr, known)]
    flat = [u for u in kinks if not has_kinks(u)]
    if not flat or not _few_enough(flat) or depth > MAX_NESTING or \
            not all(_splittable(u) for u in flat):
        return None
    atoms = [u for u in flat if isinstance(u, (sp.Symbol, sp.Indexed))]
    cases = []
    for signs in itertools.product((1, -1), repeat=len(atoms)):
        subs = {u: s * sp.Dummy(f"{u}_p", positive=True) for u, s in zip(atoms, signs)}
        sides = _compound_cases(expr.xreplace(subs), tuple((k.xreplace(subs), s) for k, s in known))
        if sides is None:
            return None
        cases.extend(sides)
    if len(kinks) > len(flat):
        deeper = [sub for case, sides in cases for sub in (_sign_cases(case, depth + 1, sides) or [None])]
        cases = None if None in deeper else deeper
    return cases if cases is not None and len(cases) <= MAX_CASES else None


MAX_NESTING = 3
MAX_CASES = 64


def has_kinks(u: Expr) -> bool:
    """True when ``u`` holds a construct with kinks (|·|, max, H, sign, where)."""
    return any(_kinked(e) is not None for e in sp.preorder_traversal(u))


def _compound_cases(expr: Expr, known: tuple = ()) -> list[tuple[Expr, tuple]] | None:
    """Split ``expr`` on the kinks SymPy did not settle (each side decided by the table's branches), each case
    with the sides it is on (``known``, the sides of the cases around it, and its own).

    None when one of them is degenerate: a kink that became smooth only after the substitution
    is checked here like the others.
    """
    outer = {c: sign * s for k, s in known for c, sign in [_scaled(k)]}  # each outer kink's content-1 form, signed
    open_kinks = [u for u in kink_arguments(expr) if not has_kinks(u) and _sign(u) is None
                  and _scaled(u)[0] not in outer]
    if not all(_splittable(u) for u in open_kinks) or not _few_enough(open_kinks):
        return None
    rows = [linear(u) for u in open_kinks]
    around = [({v: s * c for v, c in r[0].items()}, s * r[1]) for k, s in known for r in [linear(k)] if r is not None]
    out = []
    for signs in itertools.product((1, -1), repeat=len(open_kinks)):
        if None not in rows and not can_all_hold([({v: s * c for v, c in r[0].items()}, s * r[1])
                                                  for s, r in zip(signs, rows)] + around):
            continue  # a > b > c > a: no point is on this side of every kink, whatever its branches say
        assigned = dict(zip(open_kinks, signs))
        out.append((replace_branches(expr, _known_sign(assigned, outer)),
                    known + tuple(assigned.items())))
    return out if len(out) <= MAX_FEASIBLE else None


def _few_enough(kinks: list[Expr]) -> bool:
    """At most MAX_KINKS kinks, or MAX_LINEAR_KINKS linear ones (most of whose sign combinations are empty)."""
    return len(kinks) <= MAX_KINKS or len(kinks) <= MAX_LINEAR_KINKS and all(linear(u) is not None for u in kinks)


def _known_sign(assigned: dict, outer: dict | None = None) -> Callable:
    """sign_of(u): +1/−1 from the case (for u or −u), from the cases around it (``outer``: each kink's content-1
    form and its sign), or from SymPy's assumptions; else None."""
    def sign_of(u: Expr):
        c, sign = _scaled(u)
        if c in assigned:
            return sign * assigned[c]
        if outer and c in outer:
            return sign * outer[c]
        return _sign(u)
    return sign_of


def _sign(u: Expr) -> int | None:
    """+1/−1 when SymPy's assumptions decide the sign of ``u``, also once factored; else None.

    Factored, z − z/(q + 1) is q·z/(q + 1): with z and q positive (a case, and a given 0 < α < 1 read
    as α = 1/(q + 1)), positive.  Sums are left as they are (factoring them costs more than it settles).
    """
    sign = _assumed_sign(u)
    if sign is None and u.is_Add and not u.has(sp.Sum):
        sign = _assumed_sign(sp.factor(u))
    return sign


def _assumed_sign(e: Expr) -> int | None:
    return 1 if e.is_positive else -1 if e.is_negative else None


def holds_by_cases(expr: Expr, is_zero: Callable[[Expr], bool],
                   contract: Callable[[Expr], Expr] | None = None) -> bool:
    """True when ``expr`` is 0 almost everywhere: ``is_zero`` on every side of its kinks.

    ``where`` inside a sum is first written with steps (``contract`` then removes the
    Kronecker deltas that SymPy had folded into its cases), so its kinks can be split too.
    """
    expr = _short_sums_written_out(expr)
    stepped = piecewise_as_steps(expr)
    if stepped != expr:
        stepped = contract(stepped) if contract is not None else stepped
        if is_zero(stepped):
            return True
    cases = sign_cases(stepped)
    if cases and all(is_zero(c) for c in cases):
        return True
    return _termwise(expr, is_zero, contract)


def _termwise(expr: Expr, is_zero: Callable[[Expr], bool], contract: Callable[[Expr], Expr] | None) -> bool:
    """True when ``expr`` is one sum whose summand, a kink inside, is 0 almost everywhere at every index.

    A kink inside a sum over a symbolic range moves with its index, so no case split of the whole
    sum holds (Σ_k max(x_k, 0) …); but Σ_k f(k) is 0 wherever every f(k) is, and each f(k) is 0
    a.e. if it is so for its index left free (a finite union of null sets is null).
    """
    merged = _one_sum(expr)
    if merged is None or not any(_kinked(e) is not None for e in sp.preorder_traversal(merged.function)):
        return False
    return holds_by_cases(merged.function, is_zero, contract)


def _one_sum(expr: Expr) -> sp.Sum | None:
    """``c1 Σ_k f + c2 Σ_k g`` as ``Σ_k (c1 f + c2 g)`` when every term is a number times a sum over the same
    limits (named alike: the zero test's canonical names), else None.  No factoring: this runs on every
    difference that no case split closed, and ``merge_sums`` factors each term."""
    limits, bodies = None, []
    for term in sp.Add.make_args(expr):
        coeff, rest = term.as_coeff_Mul()
        if not isinstance(rest, sp.Sum) or limits is not None and rest.limits != limits:
            return None
        limits = rest.limits
        bodies.append(coeff * rest.function)
    return sp.Sum(sp.Add(*bodies), *limits) if limits is not None else None


#: A sum over a fixed range of at most this many terms with a kink inside is written out term by term.
MAX_WRITTEN_OUT = 4


def _short_sums_written_out(expr: Expr) -> Expr:
    """``expr`` with each sum over a fixed short range whose body has a kink written out (Σ_{j=1}^{2} of maxout).

    A kink inside a sum moves with its index, so cases cannot be split on it; written out, each term's
    kinks are kinks of the whole.  The same value.
    """
    def short(s: sp.Sum) -> bool:
        return len(s.limits) == 1 and all(b.is_Integer for b in s.limits[0][1:]) and \
            0 <= s.limits[0][2] - s.limits[0][1] < MAX_WRITTEN_OUT and \
            any(_kinked(e) is not None for e in sp.preorder_traversal(s.function))
    found = {s: s.doit(deep=False) for s in expr.atoms(sp.Sum) if short(s)}
    return expr.xreplace(found) if found else expr


def piecewise_as_steps(expr: Expr) -> Expr:
    """``where(u > 0, a, b)`` as ``a·H(u) + b·(1 − H(u))`` (equal except where u = 0), bottom-up.

    Only cases decided by inequalities between real values with a measure-zero boundary
    are rewritten; any other Piecewise is kept.
    """
    def rewrite(e):
        if not isinstance(e, sp.Piecewise):
            return e
        out, rest = sp.Integer(0), sp.Integer(1)
        for pair in e.args:
            weight = _indicator(pair.cond)
            if weight is None:
                return e
            out += rest * weight * pair.expr
            rest *= 1 - weight
        return sp.expand(out, deep=False)
    return _bottom_up_all(expr, rewrite)


def _indicator(cond):
    """The 0/1 weight of ``cond`` in steps (a.e.), or None when it is not made of generic inequalities."""
    if cond == sp.true:
        return sp.Integer(1)
    if isinstance(cond, (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan, sp.LessThan)):
        u = cond.lhs - cond.rhs
        if (cond.lhs.is_integer and cond.rhs.is_integer) or not _splittable(u):
            return None
        return sp.Heaviside(u) if isinstance(cond, (sp.StrictGreaterThan, sp.GreaterThan)) else sp.Heaviside(-u)
    parts = [_indicator(a) for a in cond.args] if isinstance(cond, (sp.And, sp.Or, sp.Not)) else [None]
    if None in parts:
        return None
    if isinstance(cond, sp.And):
        return sp.Mul(*parts)
    if isinstance(cond, sp.Or):
        return 1 - sp.Mul(*[1 - p for p in parts])
    return 1 - parts[0]


def _bottom_up_all(expr: Expr, fn: Callable) -> Expr:
    """``fn`` applied bottom-up everywhere, inside sums too (sums are rebuilt with their limits)."""
    if not isinstance(expr, sp.Basic) or expr.is_Atom or isinstance(expr, sp.Indexed):
        return expr
    if isinstance(expr, sp.Sum):
        return sp.Sum(_bottom_up_all(expr.function, fn), *expr.limits)
    args = [_bottom_up_all(a, fn) for a in expr.args]
    new = expr.func(*args) if any(n is not o for n, o in zip(args, expr.args)) else expr
    return fn(new)

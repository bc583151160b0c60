"""Index symbols and the one walker that renames summation indices.

Indices are plain integer ``Symbol``s (sizes are integer too, but declared positive); sums, products
and maxima (``bigops.BOUND``) bind them alike.  Every renaming of bound indices goes through
``rebind``: canonical names (sums equal up to their dummies become identical), textbook names (Σ_k
before Σ_j) and fresh ``Dummy`` names (so a substituted definition cannot capture an index) differ
only in how the new name is chosen.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

import sympy as sp
from sympy import Derivative, Dummy, Expr, Indexed, Product, Sum, Symbol

from .bigops import BOUND, MaxOver

#: Pool of index names, in the order a textbook would reach for them.
INDEX_NAMES = ("i", "j", "k", "l", "p", "q", "r", "t", "u", "v", "a", "c", "d", "e")

#: ``choose(index, lo, hi, body, scope)`` gives the new name of a summation index.  It must not be
#: in ``scope`` (bound around it, chosen for a sibling limit, or to be avoided) nor free in ``body``
#: other than as ``index`` itself; computing the body's free indices is left to the chooser,
#: since most choosers need not build that set.
Chooser = Callable[[Symbol, Expr, Expr, Expr, set], Symbol]


def index(name: str) -> Symbol:
    """The integer index symbol called ``name`` (all index symbols share these assumptions)."""
    return Symbol(name, integer=True)


def is_index(sym: object) -> bool:
    """True for an integer symbol used as an index (sizes are integer too, but declared positive)."""
    return isinstance(sym, Symbol) and bool(sym.is_integer) and sym.is_positive is None


def never_negative(e: Expr) -> bool | None:
    """Whether ``e`` ≥ 0 for every value of its sizes (positive integers), or None when SymPy cannot tell."""
    known = e.is_nonnegative
    if known is None:
        known = sp.expand(e).is_nonnegative
    if known is None:
        # each size is 1 + a whole number t ≥ 0: n + K - 1 is 1 + t_n + t_K, which SymPy sees is ≥ 0
        above = {v: sp.Dummy(integer=True, nonnegative=True) + 1 for v in e.free_symbols
                 if v.is_integer and v.is_positive}
        known = sp.expand(e.xreplace(above)).is_nonnegative if above else None
    return known


def free_indices(expr: Expr) -> set[Symbol]:
    """Integer index symbols that occur free (not bound by a sum)."""
    return {s for s in expr.free_symbols if is_index(s)}


def dummies(expr: Expr) -> set[Symbol]:
    """Indices bound anywhere in ``expr`` (by a sum, a product or a maximum)."""
    return {lim[0] for s in expr.atoms(*BOUND) for lim in s.limits}


def leaning(limits) -> bool:
    """True when a range among a sum's ``limits`` reads another of their indices (Σ_i Σ_{j=i+1}^{n}): their order matters."""
    bound = {lim[0] for lim in limits}
    return any((lo.free_symbols | hi.free_symbols) & bound for _, lo, hi in limits)


def fresh_index(taken: Iterable[Symbol], prefer: Iterable[str] = INDEX_NAMES) -> Symbol:
    """An index symbol whose name is not among ``taken``."""
    names = {str(t) for t in taken}
    for name in prefer:
        if name not in names:
            return index(name)
    n = 1
    while f"i{n}" in names:
        n += 1
    return index(f"i{n}")


def _rename_in(body: Expr, old: Symbol, new: Symbol) -> Expr:
    """``body`` with free ``old`` replaced by ``new``, never captured by a sum inside that binds ``new``."""
    if new == old:
        return body
    if body.has(new) and new in dummies(body):
        # Rebind the inner sums' ``new`` first; the walk renames them again when it gets there.
        body = body.replace(lambda e: isinstance(e, BOUND) and any(lim[0] == new for lim in e.limits),
                            lambda e: e.xreplace({new: Dummy(str(new), integer=True)}))
    return body.xreplace({old: new})


def rebuild(e: Expr, args: list) -> Expr:
    """``e`` with new ``args`` (the same object when none changed; a derivative stays unevaluated)."""
    if all(a is b for a, b in zip(args, e.args)):
        return e
    if isinstance(e, Derivative):
        return Derivative(args[0], *e.variables, evaluate=False)
    return e.func(*args)


def rebind(expr: Expr, choose: Chooser, avoid: Iterable[Symbol] = (),
           normal: Callable[[Expr], Expr] | None = None, memo: dict | None = None) -> Expr:
    """Every summation index of ``expr`` renamed by ``choose``, outermost sums first, without capture.

    ``normal``, if given, rewrites each sum's body first (once per sum, in the same walk).
    ``memo``: results for (sum, names bound around it), kept between calls; only for a pure
    ``choose`` and ``normal`` and no ``avoid`` (the renamed sum is then a function of those two).
    """
    avoid = frozenset(avoid)

    def walk(e: Expr, outer: frozenset) -> Expr:
        if not isinstance(e, sp.Basic) or e.is_Atom or isinstance(e, Indexed):
            return e
        if isinstance(e, BOUND) and memo is not None:
            key = (e, outer)
            hit = memo.get(key)
            if hit is None:
                hit = memo[key] = renamed(e, outer)
                if len(memo) > MEMO_SIZE:
                    memo.pop(next(iter(memo)))  # the oldest entry
            return hit
        if isinstance(e, BOUND):
            return renamed(e, outer)
        return rebuild(e, [walk(a, outer) for a in e.args])

    def renamed(e: Sum | Product | MaxOver, outer: frozenset) -> Expr:
        body, limits, scope = e.function if normal is None else normal(e.function), [], set(outer)
        # An inner limit may lean on an outer index of the same sum (Σ_i Σ_{j=i+1}^{n}): no new name may be
        # an index a limit reads, and renaming an outer index renames it in the inner limits too.
        leaned = {s for _, lo, hi in e.limits for s in lo.free_symbols | hi.free_symbols}
        for d, lo, hi in e.limits:
            new = choose(d, lo, hi, body, scope | avoid | {lim[0] for lim in limits} | (leaned - {d}))
            body = _rename_in(body, d, new)
            if d in leaned:
                limits = [(a, a_lo.xreplace({d: new}), a_hi.xreplace({d: new})) for a, a_lo, a_hi in limits]
            limits.append((new, lo, hi))
            scope.add(new)
        new_body = walk(body, frozenset(scope))
        if new_body is e.function and all(lim[0] == old[0] for lim, old in zip(limits, e.limits)):
            return e
        return e.func(new_body, *limits)

    try:
        return walk(expr, frozenset())
    finally:
        del walk, renamed  # they refer to each other: a cycle that would wait for a collection


def never_empty(lo: Expr, hi: Expr) -> bool:
    """True for a summation range 1..hi with a term at every size: hi a positive integer, symbol or number."""
    return lo == 1 and bool(hi.is_Integer and hi >= 1 or isinstance(hi, Symbol) and hi.is_integer and hi.is_positive)


def sum_height(expr: Expr) -> int:
    """How many limits (of sums, products, maxima) are nested at the deepest point of ``expr``."""
    if not isinstance(expr, sp.Basic) or expr.is_Atom or isinstance(expr, Indexed):
        return 0
    if isinstance(expr, BOUND):
        return sum_height(expr.function) + len(expr.limits)
    return max((sum_height(a) for a in expr.args), default=0)


def _by_height(d: Symbol, lo: Expr, hi: Expr, body: Expr, scope: set) -> Symbol:
    # A sum's limits are innermost first and each sibling already named is in scope, so the
    # k-th limit of a sum whose body nests h limits deep gets _s(h + k).
    height = sum_height(body) + 1
    new = Symbol(f"_s{height}", integer=True)
    while new in scope or (new != d and body.has(new)):
        height += 1
        new = Symbol(f"_s{height}", integer=True)
    return new


#: Sums already put in canonical form, per ``normal``: the same sums recur in every claim of a file
#: and at every level of the prover (``_by_height`` is pure, and so must ``normal`` be).
_CANONICAL: dict = {}
MEMO_SIZE = 4096


def canonical(expr: Expr, normal: Callable[[Expr], Expr] | None = None) -> Expr:
    """A form where sums that differ only in their dummy names are identical.

    Each index is named after its height above the innermost limit below it (``_s1``, ``_s2``, …),
    which depends on the sum alone, not on where it stands: the same sum gets the same names
    inside any expression, so it can stand as one opaque symbol.  ``normal`` rewrites each
    sum's body first (the zero test expands them).
    """
    return rebind(expr, _by_height, normal=normal, memo=_CANONICAL.setdefault(normal, {}))


def textbook_names(expr: Expr, avoid: Iterable[Symbol] = (), prefer: Iterable[str] = INDEX_NAMES) -> Expr:
    """Every summation index renamed to the first textbook name not taken in its scope."""
    prefer = tuple(prefer)

    def choose(d: Symbol, lo: Expr, hi: Expr, body: Expr, scope: set) -> Symbol:
        # A sum over the batch (upper limit B) reads Σ_b, whatever the preferred names.
        return fresh_index((free_indices(body) - {d}) | scope, ("b",) + prefer if str(hi) == "B" else prefer)

    return rebind(expr, choose, avoid)


def freshen(expr: Expr) -> Expr:
    """Every summation index replaced by a fresh ``Dummy``, so instantiating a definition cannot capture."""
    return rebind(expr, lambda d, lo, hi, body, scope: Dummy(str(d), integer=True))

"""Index algebra: the rewrites that turn raw ``sympy.diff`` output into textbook form.

Owns everything about sums and Kronecker deltas over integer indices: distributing a
sum over a sum of terms, pulling out factors that do not depend on the summation index,
contracting ``Σ_i f(i) δ_ij = f(j)``, matching a sum against a stated identity
(``Σ_i y_i = 1``), and back-substituting a definition (``e^{z_i} = s_i Σ_k e^{z_k}``) so
results read in terms of layer outputs.

Indices are plain integer ``Symbol``s whose ranges travel beside the expression in a
``Ranges`` mapping.  Bounded ``sympy.Idx`` is never used: ``subs`` on a sum over a
bounded ``Idx`` silently corrupts it.  ``xreplace`` is preferred to ``subs`` for speed.
Naming indices, the zero test and the textbook form are the kernel's, in ``derive.algebra``.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

import sympy as sp
from sympy import Add, Expr, Indexed, KroneckerDelta, Mul, Sum, Symbol

# Index names and renaming live in the kernel; they are re-exported here for existing imports.
from .algebra.names import (INDEX_NAMES, canonical, dummies, free_indices, fresh_index, index, leaning,  # noqa: F401
                            is_index, never_negative)
from .algebra.names import textbook_names as rename_dummies  # noqa: F401

Ranges = Mapping[Symbol, tuple[Expr, Expr]]


#: Per-sample labels (base name -> the size their values run to, from 1) of the claim being proved, set by
#: ``labels_in_range``: an entry c_b lies in 1..K whatever b, so a delta may contract to it under Σ_b too.
_LABELS: ContextVar[Mapping[str, Expr]] = ContextVar("labels", default={})


@contextmanager
def labels_in_range(labels: Mapping[str, Expr]) -> Iterator[None]:
    """Within the block, contraction knows every entry of each label in ``labels`` lies in 1..its size."""
    token = _LABELS.set(dict(labels))
    try:
        yield
    finally:
        _LABELS.reset(token)


def _within(idx: Expr, lo: Expr, hi: Expr, ranges: Ranges) -> bool:
    """True when ``idx`` provably lies in ``[lo, hi]``."""
    if idx.is_Integer:
        if lo.is_Integer and hi.is_Integer:
            return bool(lo <= idx <= hi)
        # Concrete index against a symbolic bound: only lo..hi with idx == lo is provable, and only for a
        # range that is never empty (1..i−1 is empty at i = 1, and 1..m−1 at m = 1).
        return bool(lo.is_Integer and idx == lo and (hi - lo).is_nonnegative)
    rng = ranges.get(idx)
    if rng is None and isinstance(idx, Indexed) and idx.base.name in _LABELS.get():
        rng = (sp.Integer(1), _LABELS.get()[idx.base.name])
    if rng is None:
        # Sizes and numbers alone (the last entry x_n, h_{T-1}): in range when SymPy can tell for every size.
        return not free_indices(idx) and not idx.has(Indexed) and \
            bool(never_negative(idx - lo) and never_negative(hi - idx))
    # Bounds are sizes and integers (polynomials at most): equal as written, or after expanding.
    # sympy.simplify here ran on every delta contraction.
    return all(a == b or sp.expand(a - b) == 0 for a, b in ((rng[0], lo), (rng[1], hi)))


def _solved(a: Expr, b: Expr, dummy: Symbol) -> Expr | None:
    """The value of ``dummy`` where ``a = b``, one side ``dummy + c`` (δ_{k+i−1, j} holds at k = j − i + 1); or None."""
    if a.has(dummy) == b.has(dummy):
        return None
    side, rest = (a, b) if a.has(dummy) else (b, a)
    offset = side - dummy
    if offset.has(dummy):
        return None  # 2k, or k in a function: not one value of k per value of the rest
    return rest - offset if offset != 0 else rest


def _delta_at(term: Expr, dummy: Symbol, lo: Expr, hi: Expr, ranges: Ranges) -> tuple[Expr, Expr] | None:
    """``(delta factor, value of dummy)`` for a factor δ of the product ``term`` that fixes ``dummy`` within
    ``[lo, hi]``, else None."""
    for f in Mul.make_args(term):
        base, exp_ = f.as_base_exp()
        if isinstance(base, KroneckerDelta) and exp_.is_positive and exp_.is_integer:
            other = _solved(base.args[0], base.args[1], dummy)
            if other is not None and not other.has(dummy) and _within(other, lo, hi, ranges):
                return f, other
    return None


def _contract_term(term: Expr, dummy: Symbol, lo: Expr, hi: Expr, ranges: Ranges) -> Expr:
    """``Σ_dummy term``, for a single product ``term``, contracted and factored."""
    coeff, dep = [], []
    for f in Mul.make_args(term):
        (dep if f.has(dummy) else coeff).append(f)
    outside = Mul(*coeff)
    if not dep:
        return outside * (hi - lo + 1)
    found = _delta_at(Mul(*dep), dummy, lo, hi, ranges)
    if found is not None:
        rest = [g for g in dep if g is not found[0]]
        # The substitution may expose a delta inside a nested sum: contract again.
        return contract(outside * Mul(*rest).xreplace({dummy: found[1]}), ranges)
    return outside * _sum(Mul(*dep), dummy, lo, hi)


def _outer_deltas_first(term: Expr, limits: list, ranges: Ranges) -> tuple[Expr, list]:
    """``term`` and the limits left once every outer limit whose index a delta of ``term`` fixes to a value of
    inner indices is contracted (the deltas innermost-first contraction cannot reach: they sit inside the inner sums).

    For limits over independent ranges only (no bound reads another's index): their order is then free, so
    Σ_j Σ_i δ(c_i, j) f(i, j) = Σ_i Σ_j δ(c_i, j) f(i, j) = Σ_i f(i, c_i) (CS229's k-means regrouped by
    cluster), which contracting innermost first misses: no delta fixes i.
    """
    left = list(limits)
    changed = True
    while changed and len(left) > 1:
        changed = False
        for n, (dummy, lo, hi) in enumerate(left[1:], start=1):
            others = {d: (a, b) for k, (d, a, b) in enumerate(left) if k != n}
            found = _delta_at(term, dummy, lo, hi, {**ranges, **others})
            if found is not None and found[1].free_symbols & {d for d, _, _ in left[:n]}:
                term = (term / found[0]).xreplace({dummy: found[1]})
                del left[n]
                changed = True
                break
    return term, left


@lru_cache(maxsize=4096)
def _sum(body: Expr, dummy: Symbol, lo: Expr, hi: Expr) -> Sum:
    """``Sum(body, (dummy, lo, hi))``, made once: contraction rebuilds the same few sums thousands of
    times a file (2,164 sums, 181 distinct, in the examples), each paying SymPy's scan of the body."""
    return Sum(body, (dummy, lo, hi))


def contract(expr: Expr, ranges: Ranges) -> Expr:
    """Distribute sums over terms, pull out constants and contract Kronecker deltas."""
    return _contract(expr, ranges, {})


def _contract(expr: Expr, ranges: Ranges, done: dict) -> Expr:
    # ``done``: what each subexpression became under these very ranges, in this call.  Expanded
    # expressions repeat their parts (Σ_k e^{z_k} in every term): 59 % of the examples' visits
    # were repeats.  A sum's body gets a table of its own, under the ranges that bind its indices.
    if not isinstance(expr, Expr) or expr.is_Atom or isinstance(expr, Indexed):
        return expr
    hit = done.get(expr)
    if hit is not None:
        return hit
    if isinstance(expr, Sum):
        # SymPy folds Sum(Sum(f, a), b) into one multi-limit Sum, so limits are handled in a
        # loop (innermost first) rather than by building nested sums that fold back.
        inner_ranges = {**ranges, **{d: (lo, hi) for d, lo, hi in expr.limits}}
        body = _contract(expr.function, inner_ranges, {})
        if len(expr.limits) > 1 and not leaning(expr.limits):
            terms = [_outer_deltas_first(t, expr.limits, ranges) for t in Add.make_args(sp.expand_mul(body))]
            body = Add(*[_contract_limits(t, limits, ranges) for t, limits in terms])
        else:
            body = _contract_limits(body, expr.limits, ranges)
        done[expr] = body
        return body
    args = [_contract(a, ranges, done) for a in expr.args]
    # A node none of whose parts changed is kept as it is: rebuilding it would only evaluate
    # (flatten, sort, collect) the same parts again.
    rebuilt = expr if all(a is b for a, b in zip(args, expr.args)) else expr.func(*args)
    if isinstance(expr, sp.Piecewise):
        rebuilt = factor_cases(rebuilt)
    done[expr] = rebuilt
    return rebuilt


def _contract_limits(body: Expr, limits, ranges: Ranges) -> Expr:
    """Σ of ``body`` over ``limits`` (innermost first), each contracted in turn."""
    for n, (dummy, lo, hi) in enumerate(limits):
        outer = {**ranges, **{d: (a, b) for d, a, b in limits[n + 1:]}}
        body = sp.expand_mul(body)
        body = Add(*[_contract_term(t, dummy, lo, hi, outer) for t in Add.make_args(body)])
    return body


def factor_cases(pw: Expr) -> Expr:
    """``where(c, f·a, f·b) = f·where(c, a, b)``: a factor every branch has comes out of the cases.

    A Kronecker delta outside can then be contracted, and a factor such as W_ik outside lets
    the matrix form (Wᵀ(…)) be found.
    """
    if not isinstance(pw, sp.Piecewise):
        return pw
    common = set.intersection(*[set(Mul.make_args(sp.expand_mul(e))) for e, _ in pw.args]) - {sp.Integer(1)}
    if not common:
        return pw
    f = Mul(*common)
    return f * sp.Piecewise(*[(sp.expand_mul(e) / f, c) for e, c in pw.args])


def _sum_matcher(pattern: Sum):
    """A test for "this sum is ``pattern``", up to dummy names; free indices of the pattern match any index."""
    wild = {f: sp.Wild(f"_w_{f}", properties=[lambda e: e.is_integer]) for f in free_indices(pattern)}
    target = canonical(pattern).xreplace(wild)
    bounds = [(lo, hi) for _, lo, hi in pattern.limits]
    bases = {e.base for e in pattern.atoms(Indexed)}
    free_bounds = any(sp.Tuple(*b).has(*wild) for b in bounds) if wild else False

    def matches(candidate: Expr) -> bool:
        if not isinstance(candidate, Sum) or len(candidate.limits) != len(bounds):
            return False
        # Cheap necessary conditions first: canonicalising every sum of a long expression is not.
        if not free_bounds and [(lo, hi) for _, lo, hi in candidate.limits] != bounds:
            return False
        if {e.base for e in candidate.atoms(Indexed)} != bases:
            return False
        c = canonical(candidate)
        if not wild:
            return c == target
        found = c.match(target)
        if found is None:
            return False
        bound = {lim[0] for s in c.atoms(Sum) for lim in s.limits}
        # A row index stands for one row: a lone index or number, never the sum's own index
        # (Σ_k Y_kk is a trace, not a row sum) nor an expression of it (Σ_k Y_{2k,k}).
        return all((v.is_Integer or is_index(v)) and v not in bound for v in found.values())

    return matches


def replace_sum(expr: Expr, pattern: Sum, value: Expr) -> Expr:
    """Replace every sum equal to ``pattern`` up to its dummy name (and free row indices) by ``value``."""
    matches = _sum_matcher(pattern)

    def walk(e: Expr) -> Expr:
        if not isinstance(e, Expr) or e.is_Atom or isinstance(e, Indexed):
            return e
        if matches(e):
            return value
        args = [walk(a) for a in e.args]
        # The same object when nothing matched, so callers can tell by identity (and equality is cheap).
        return e if all(a is b for a, b in zip(args, e.args)) else e.func(*args)

    try:
        return walk(expr)
    finally:
        del walk  # it refers to itself: a cycle that would wait for a collection


def contains_sum(expr: Expr, pattern: Sum) -> bool:
    """True when ``expr`` contains ``pattern`` up to the name of its dummy index (and free row indices)."""
    matches = _sum_matcher(pattern)
    return any(matches(s) for s in expr.atoms(Sum))


def transcendental(e: Expr) -> int:
    """How many transcendental applications (exp, log, tanh, erf, …) ``e`` has: a rewrite should lower it."""
    from .language import for_class  # the language package imports this module: import when used
    return sum(1 for a in sp.preorder_traversal(e)
               if (c := for_class(type(a))) is not None and c.extra.get("transcendental"))


def _solutions(q: Symbol, definition: Expr, k: Symbol) -> list[Expr]:
    """The solutions for ``k`` of ``q = definition``, as ``sympy.solve`` gives them.

    Almost every definition is ``a·K^n + b`` in its kernel once cleared of denominators: linear
    (``s = K/R``, ``σ = 1/(1 + K)``, ``u = K + b``) or a power (``q = x²``).  Its one positive
    solution (``solve`` drops the others: ``k`` is positive) is read off the coefficients and
    checked by putting it back, which gives ``solve``'s answer without its first call's import of
    ``sympy.physics.units`` (0.15 s in every worker that shows a derivative).  Anything else, or a
    solution that is surely not positive, goes to ``solve``.
    """
    numerator = sp.numer(sp.together(q - definition))
    try:
        poly = sp.Poly(numerator, k) if numerator.has(k) else None
    except sp.PolynomialError:
        poly = None
    if poly is not None and len(poly.terms()) <= 2 and poly.degree() >= 1:
        n = poly.degree()
        a, b = poly.coeff_monomial(k**n), poly.coeff_monomial(1)
        ratio = sp.cancel(-b / a)  # the form solve gives when linear
        # A root is solve's form when it is of ±(a sum) or of a product; solve rewrites the others
        # (√(3Q − 3R)/3, where the root of (Q − R)/3 reads √(Q/3 − R/3)), so those go to solve.
        if n == 1 or a in (1, -1) or not ratio.has(sp.Add):
            solution = ratio if n == 1 else ratio ** sp.Rational(1, n)
            if solution.is_positive is not False and sp.cancel(definition.xreplace({k: solution}) - q) == 0:
                return [solution]
    return sp.solve(sp.Eq(q, definition), k)


def _inverts(solution: Expr, q: Symbol, definition: Expr, k: Symbol) -> bool:
    """True when ``solution`` (for ``k``, solved as if positive) gives back every real ``k`` from ``q = definition``.

    ``q = k²`` solves to ``k = √q``, which is |k|: rewriting an input x as √(x²) would be wrong
    wherever x < 0, so such a solution is not used (a linear one always gives ``k`` back).
    """
    x = Symbol("_X", real=True)
    try:
        return sp.cancel(solution.xreplace({q: definition.xreplace({k: x})}) - x) == 0
    except (sp.PolynomialError, ValueError, TypeError):
        return False


class BackSubstitution:
    """Rewrites expressions in terms of ``out[idx] = definition``.

    The definition is split into the one sub-expression that depends on every free index
    (the kernel, e.g. ``e^{z_i}``) and the parts that depend on none or only some of them
    (e.g. ``Σ_k e^{z_k}``, or ``Σ_k e^{Z_bk}`` for the row b of a batch); solving
    ``out = definition`` for the kernel once gives the rewrite ``e^{z_a} = s_a Σ_k e^{z_k}``,
    applied at every index ``a`` the expression uses.  ``ok`` is False when the
    definition has no such single kernel (then nothing is rewritten).
    """

    def __init__(self, out: sp.IndexedBase, idx: tuple[Symbol, ...], definition: Expr):
        self.out, self.idx = out, tuple(idx)
        every = set(idx)
        parts = _kernels(definition, every)
        kernels = [k for k in parts if free_indices(k) >= every]
        self.ok = len(kernels) == 1
        if not self.ok:
            return
        (self.kernel,) = kernels
        self.arrays = self.kernel.atoms(sp.IndexedBase)  # an expression without all of them holds no instance
        # Parts that depend on some indices only, or none, become symbols so solve() sees a simple equation.
        # The index-free parts outside the kernel: w_k inside the kernel Σ_k w_k x_ik is the kernel's own.
        outside = {p for p in _index_free_parts(definition, every) if not self.kernel.has(p)}
        rest = sorted((set(parts) - {self.kernel}) | outside, key=sp.default_sort_key)
        self.rest = {r: Symbol(f"_R{n}", positive=True) for n, r in enumerate(rest)}
        K, self.Q = Symbol("_K", positive=True), Symbol("_Q", positive=True)
        eq_def = definition.xreplace({self.kernel: K}).xreplace(self.rest)
        sols = _solutions(self.Q, eq_def, K) if not eq_def.has(*idx) else []
        self.ok = len(sols) == 1 and _inverts(sols[0], self.Q, eq_def, K)
        if self.ok:
            self.solution = sols[0]

    def _rest_at(self, vals: tuple) -> dict:
        """The rest parts at index values ``vals``: canonical form → a symbol for that instance."""
        cache = self.__dict__.setdefault("_rest_cache", {})
        if vals not in cache:
            cache[vals] = self._rest_table(vals)
        return cache[vals]

    def _rest_table(self, vals: tuple) -> dict:
        sub = dict(zip(self.idx, vals))
        table = {}
        for part, sym in self.rest.items():
            used = free_indices(part) & set(self.idx)
            inst = part.xreplace(sub)
            key = "_".join(str(sub[i]) for i in self.idx if i in used)
            table[canonical(inst)] = (sym, Symbol(f"{sym.name}_{key}", positive=True) if used else sym)
        return table

    def __call__(self, expr: Expr, at: Iterable[tuple[Expr, ...]]) -> Expr | None:
        """``expr`` rewritten in terms of ``out`` at the index tuples ``at``; None if that fails."""
        if not self.ok or not self.arrays <= expr.atoms(sp.IndexedBase):
            return None  # no instance of the kernel can stand in expr: nothing to rewrite
        at = [tuple(v) for v in at]
        canon_cache = self.__dict__.setdefault("_canon_cache", {})
        key = tuple(at)
        if key not in canon_cache:
            canon_cache[key] = {c: inst for vals in at for c, (_sym, inst) in self._rest_at(vals).items()}
        canon_rest = canon_cache[key]
        work = _replace_canonical(expr, canon_rest)
        mapping, summed = {}, {}
        for vals in at:
            kern = self.kernel.xreplace(dict(zip(self.idx, vals)))
            if not kern.atoms(sp.IndexedBase) & self.arrays:
                # e^{-(x_j - x_j)²} is e⁰ = 1 at i = j: a constant, not an instance; put back, every literal 1
                # (a sum's limit, the 1 of m − 1) would read as K_jj
                continue
            literal = work.has(kern)
            if not (literal or kern.has(Sum)):
                continue
            rest_syms = {sym: inst for _c, (sym, inst) in self._rest_at(vals).items()}
            value = self.solution.xreplace({self.Q: self.out[tuple(vals)], **rest_syms})
            if literal:
                mapping[kern] = value
            else:
                # A kernel that is itself a sum (u_i = b + Σ_k w_k x_ik) is found up to its dummy's name.
                summed[canonical(kern)] = value
        replaced = False
        if summed:
            found = _replace_canonical(work, summed)
            replaced, work = found != work, found
        if not mapping and not replaced:
            return None
        # A kernel at a summation index (u_i under Σ_i) is replaced as it stands: subs never rewrites
        # inside a sum an expression that holds the sum's own index.
        bound = dummies(work)
        under = {k: v for k, v in mapping.items() if k.free_symbols & bound}
        work = work.xreplace(under) if under else work
        free = {k: v for k, v in mapping.items() if k not in under}
        if free:
            kernel_atoms = set().union(*(k.atoms(Indexed) for k in free))
            fast = work.xreplace(free)
            if fast.atoms(Indexed) & kernel_atoms:
                # xreplace misses powers such as e^{2 z_1}; subs rewrites them as (s_1 R)^2.
                for k, v in free.items():
                    work = work.subs(k, v)
            else:
                work = fast
        work = sp.factor(sp.cancel(work)) if not work.has(Sum) else sp.expand(work)
        if work.has(*set(canon_rest.values())) or any(work.has(k) for k in mapping):
            return None
        return work


def put_back_scalar(expr: Expr, symbol: Symbol, body: Expr, max_ops: int = 240) -> Expr:
    """``expr`` with a scalar definition's body written as its name (``b₂ - y + Σ_i W2_i a_i`` as ``o - y``).

    Sums are named canonically on both sides first, so the body's Σ_k matches the expression's Σ_i,
    and common factors are taken out; SymPy's ``subs`` finds the body among the terms of a longer sum (and
    a power's body in its other powers: 1/√S is 1/D).  Only a body with an entry or a sum and at least two
    parts is put back: a bare number or name would be matched everywhere.  Bounded by the size of
    ``expr`` (``max_ops`` operations), never by time.
    """
    if not (isinstance(body, (Add, Mul, sp.Pow)) and body.has(Indexed, Sum)) or not _may_hold(expr, body) \
            or sp.count_ops(expr) > max_ops:
        return expr
    # Contraction multiplies out: the body's terms share a factor there (H·W₂·b₂ - H·W₂·y + H·W₂·Σ…).
    base = sp.factor_terms(canonical(expr))
    new = base.subs(canonical(body), symbol)
    # Put back where the name now stands more often, or where it cancelled (2μ − 2·Σ_b x_b/B is 0);
    # subs may also hand back the same value merely rearranged.
    return new if new.count(symbol) > base.count(symbol) or (new == 0 and base != 0) else expr


def solve_back_scalar(expr: Expr, symbol: Symbol, body: Expr, max_ops: int = 240) -> Expr:
    """``expr`` in terms of a scalar ``symbol = body`` of one function application: e^{-z} as (1 − p)/p for p = σ(z).

    What ``BackSubstitution`` does for an array, for a scalar of scalars (a sigmoid of a scalar logit),
    whose body ``put_back_scalar`` leaves alone: the body's one application (its kernel) is solved for,
    and used only where that removes every instance of it and no transcendental application is added.
    """
    if body.has(Indexed, Sum) or sp.count_ops(expr) > max_ops:
        return expr
    kernels = set()

    def walk(e: Expr) -> None:
        if isinstance(e, (Add, Mul)) or (e.is_Pow and e.exp.is_Number):
            for a in e.args:
                walk(a)
        elif not e.is_Atom and e.free_symbols:
            kernels.add(e)

    walk(body)
    if len(kernels) != 1:
        return expr
    (kernel,) = kernels
    if not expr.has(*kernel.free_symbols) or not expr.has(type(kernel)):
        return expr
    K, Q = Symbol("_K", positive=True), Symbol("_Q", positive=True)
    eq_def = body.xreplace({kernel: K})
    if eq_def.free_symbols - {K}:
        return expr  # other quantities beside the kernel: solving would bring them in
    sols = _solutions(Q, eq_def, K)
    if len(sols) != 1 or not _inverts(sols[0], Q, eq_def, K):
        return expr
    work = sp.factor(sp.cancel(expr.subs(kernel, sols[0].xreplace({Q: symbol}))))
    if work.has(kernel) or not work.has(symbol) or transcendental(work) >= transcendental(expr):
        return expr
    return work


def _may_hold(expr: Expr, part: Expr) -> bool:
    """False when ``expr`` lacks an array or a free symbol of ``part``: then no rewrite can find ``part`` in it.

    A cheap test before canonical renaming, ``factor_terms`` and ``subs``, which cost far more.
    """
    symbols = {s for s in part.free_symbols if isinstance(s, Symbol)}
    return part.atoms(sp.IndexedBase) <= expr.atoms(sp.IndexedBase) and symbols <= expr.free_symbols


def _replace_canonical(expr: Expr, table: dict) -> Expr:
    """Replace sub-expressions whose canonical form is a key of ``table``."""
    def walk(e: Expr) -> Expr:
        if not isinstance(e, Expr):
            return e
        if e.is_Atom:
            return table.get(e, e)  # a scalar part such as a bias b
        c = canonical(e) if e.has(Sum) else e
        if c in table:
            return table[c]
        if isinstance(e, Indexed):
            return e
        return e.func(*[walk(a) for a in e.args])
    return walk(expr)


def _kernels(definition: Expr, idx: set) -> set[Expr]:
    """Smallest non-arithmetic sub-expressions of ``definition`` that depend on all of ``idx``,
    and the largest ones that depend on only some of them."""
    found: set[Expr] = set()

    def walk(e: Expr) -> None:
        deps = free_indices(e) & idx
        if not deps:
            return
        if deps != idx:
            # Depends on some indices only (a row's normaliser): kept whole, powers by their base.
            found.add(e.base if e.is_Pow and e.exp.is_Number else e)
            return
        if isinstance(e, (Add, Mul)) or (e.is_Pow and not e.exp.has(*idx)):
            for a in e.args:
                walk(a)
        else:
            found.add(e)

    walk(definition)
    return found


def _index_free_parts(definition: Expr, idx: set) -> set[Expr]:
    """Maximal non-numeric sub-expressions of ``definition`` independent of ``idx``."""
    found: set[Expr] = set()

    def walk(e: Expr) -> None:
        if e.is_Number or isinstance(e, sp.IndexedBase) or not isinstance(e, Expr):
            return
        if e.is_Pow and e.exp.is_Number:
            walk(e.base)
            return
        if not (free_indices(e) & idx):
            if e.free_symbols or e.has(Sum):
                found.add(e)
            return
        if isinstance(e, Indexed):
            return
        for a in e.args:
            walk(a)

    walk(definition)
    return found


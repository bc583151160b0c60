"""``sympy.diff(expr, x)`` for one variable, computed without SymPy's per-node ``Derivative`` machinery.

SymPy differentiates a tree by building an evaluated ``Derivative`` at every node, and each
one walks the node's whole subtree again (its free symbols, a zero test of the result, a
search for leftover derivatives): quadratic in the size of the expression, which made
resolving ``diff(…)`` a fifth of the cost of a claim.  ``derivative`` applies the same rules
in the same order, each node's own ``_eval_derivative`` as SymPy writes it, once per distinct
subexpression, so its result is the very expression ``sympy.diff`` returns (except for a product
of positive factors, which it takes by its log-derivative, Π f · Σ f′/f: the same value as SymPy's
rule; for cases with one on a point, x = 0, which SymPy differentiates as a constant there, where
``_piecewise`` claims no slope; and for |u| of a u SymPy does not know real, x − ln a, whose slope it takes for a
complex modulus's: sign(u) u′, as for a real u).  A node it does not know (``Abs``, a derivative left unevaluated, …) is
handed to ``sympy.diff`` whole, which is exact for that subtree.  ``tests/test_differentiate.py`` compares the two.
"""
from __future__ import annotations

from functools import lru_cache, reduce

import sympy as sp
from sympy import Add, Expr, Indexed, KroneckerDelta, Mul, Pow, S, Sum, Symbol
from sympy.core.basic import Basic
from sympy.core.expr import AtomicExpr
from sympy.core.function import ArgumentIndexError, Function
from sympy.functions.elementary.miscellaneous import MinMaxBase

from .bigops import LargestAt, MaxOver
from .names import never_empty
from .signs import surely_positive

#: Node classes whose ``_eval_derivative`` is the chain rule through ``fdiff`` (SymPy's generic one).
_CHAIN = (Function._eval_derivative, MinMaxBase._eval_derivative)
#: ``Derivative`` calls ``_eval_derivative_n_times``: Basic's applies ``_eval_derivative`` once, Mul's
#: the Leibniz rule (modelled below), atoms' a Piecewise in n that is 1 or 0 at n = 1.
_ONE_AT_A_TIME = (Basic._eval_derivative_n_times, Mul._eval_derivative_n_times,
                  AtomicExpr._eval_derivative_n_times)


def derivative(expr: Expr, x: Expr) -> Expr:
    """``sympy.diff(expr, x)`` (the same expression) for an ``Indexed`` entry or a ``Symbol`` ``x``."""
    if not isinstance(x, (Indexed, Symbol)):
        return sp.diff(expr, x)
    work = _Differentiator(x)
    out = work.of(expr)
    return sp.diff(expr, x) if work.unevaluated else out


class _Differentiator:
    """∂/∂x of subexpressions, each computed once."""

    def __init__(self, x: Expr):
        self.x, self.symbol = x, isinstance(x, Symbol)
        self.x_free = x.free_symbols
        self.memo: dict = {}
        #: a derivative was left unevaluated somewhere: the whole is then left to ``sympy.diff``
        self.unevaluated = False
        self._plain: dict = {}

    def surely_not_zero(self, e: Expr) -> bool:
        """True when SymPy's ``e.is_zero`` cannot be True, read off the kinds of its parts (remembered).

        SymPy's handlers give True for a sum or product only through a part that is zero (a product
        also needs no infinite factor beside it: ``0·∞``), for a power with a finite number as
        exponent only through a zero base, for ``exp`` only at −∞, for ``Σ`` only through a zero
        summand or an empty range.  So a tree of these kinds over parts that are not zero nor
        infinite (nonzero finite numbers; symbols, entries and deltas whose assumptions say
        neither; sums over 1..n with n ≥ 1) is not zero by SymPy's account, and neither infinite.
        Any other kind answers False: ask SymPy.
        """
        hit = self._plain.get(e)
        if hit is None:
            hit = self._plain[e] = self._surely_plain(e)
        return hit

    def _surely_plain(self, e: Expr) -> bool:
        if e.is_Number:
            return e.is_zero is False and e.is_finite is True  # not 0, 0.0, ∞ or nan
        if isinstance(e, (Symbol, Indexed, KroneckerDelta)):
            return e.is_zero is not True and e.is_infinite is not True
        if isinstance(e, (Add, Mul, sp.exp)):
            return all(self.surely_not_zero(a) for a in e.args)
        if isinstance(e, Pow):
            return e.exp.is_Number and e.exp.is_finite is True and self.surely_not_zero(e.base)
        if isinstance(e, Sum):
            return all(never_empty(lo, hi) for _, lo, hi in e.limits) and self.surely_not_zero(e.function)
        return False

    def of(self, e: Expr) -> Expr:
        """``Derivative(e, x, evaluate=True)``: its quick exit for a constant, then the node's rule."""
        hit = self.memo.get(e)
        if hit is None:
            hit = self.memo[e] = self._of(e)
        return hit

    def _of(self, e: Expr) -> Expr:
        free = e.free_symbols
        if (self.x not in free) if self.symbol else not (free & self.x_free):
            return S.Zero
        if type(e)._eval_derivative_n_times not in _ONE_AT_A_TIME:
            out = None  # a class with its own n-th derivative: SymPy's path, not the rules below
        elif isinstance(e, Indexed):  # before is_Atom: an Indexed counts as an atom
            out = self._indexed(e)
        elif e.is_Atom:
            return S.One if e == self.x else S.Zero
        elif isinstance(e, Mul):
            out = self._mul_leibniz(e) if self.symbol else self._mul(e)
        elif isinstance(e, Add):
            out = e.func(*[self.of(a) for a in e.args])
        elif isinstance(e, Pow):
            out = self._pow(e)
        elif isinstance(e, Sum):
            out = self._sum(e)
        elif isinstance(e, sp.Product):
            out = self._product(e)
        elif isinstance(e, MaxOver):
            out = self._max(e)
        elif isinstance(e, sp.Piecewise):
            out = self._piecewise(e)
        elif getattr(type(e), "_eval_derivative", None) in _CHAIN:
            out = self._chain(e)
        elif isinstance(e, sp.Abs) and not (e.args[0].is_extended_real or e.args[0].is_imaginary):
            # SymPy takes |u| of a u it does not know real (x − ln a) for a complex modulus, re(u) re(u)′ + im(u)
            # im(u)′ over |u|, which no prover closes; derive's values are real, and where u is not, |u| has none
            out = sp.sign(e.args[0]) * self.of(e.args[0])
        else:
            out = None
        if out is None:
            out = sp.diff(e, self.x)  # SymPy's own answer for a node this module does not model
            # SymPy makes each derivative it leaves unevaluated canonical at every level above it.
            self.unevaluated = self.unevaluated or out.has(sp.Derivative)
        return out

    def _mul(self, e: Mul) -> Expr:
        # Mul._eval_derivative: the product rule, each term multiplied out left to right.
        args = list(e.args)
        terms = []
        for i in range(len(args)):
            d = self.of(args[i])
            if d:
                terms.append(reduce(lambda a, b: a * b, (args[:i] + [d] + args[i + 1:]), S.One))
        return Add.fromiter(terms)

    def _mul_leibniz(self, e: Mul) -> Expr:
        # Mul._eval_derivative_n_times for a Symbol: the general Leibniz rule at n = 1.
        args = e.args
        return Add(*[Mul(*[self.of(a) if k == n else a for k, a in enumerate(args)]) for n in range(len(args))])

    def _pow(self, e: Pow) -> Expr:
        dbase, dexp = self.of(e.base), self.of(e.exp)
        if dexp == 0 and e.exp.is_integer and not e.exp.is_Integer:
            # a^{T - t}, relu(z)^T: T a^{T-1} a', defined where the base is 0 (a^T · T/a is not, on all of z < 0)
            return e.exp * e.base ** (e.exp - 1) * dbase
        return e * (dexp * sp.log(e.base) + dbase * e.exp / e.base)

    def _sum(self, e: Sum) -> Expr | None:
        # Sum._eval_derivative: the last limit peeled off, the rest differentiated as a sum of its own.
        f, limits = e.function, list(e.limits)
        limit = limits.pop(-1)
        if limits:
            f = e.func(f, *limits)
        _, a, b = limit
        if self.x in a.free_symbols or self.x in b.free_symbols:
            return None
        return e.func(self.of(f), limit)

    def _product(self, e: sp.Product) -> Expr | None:
        # A product of positive factors (a likelihood) by its log-derivative, as a textbook takes it:
        # ∂Π_k f = Π_k f · Σ_k ∂f/f.  Otherwise SymPy's rule: Σ_i ∂f_i · Π_{k<i} f_k · Π_{k>i} f_k.
        if any(self.x in lo.free_symbols | hi.free_symbols for _, lo, hi in e.limits) \
                or not surely_positive(e.function):
            return None
        return e * Sum(self.of(e.function) / e.function, *e.limits)

    def _piecewise(self, e: sp.Piecewise) -> Expr | None:
        """SymPy's derivative of the cases, and none (nan) where a condition changes at isolated values of the
        variable (an equality there, or a case left one point): the value ``where(x ≠ 0, (eˣ − 1)/x, 1)`` has at 0
        says nothing of its slope there, which SymPy's rule would make the constant's.  None (SymPy's rule alone)
        when no condition has such a point."""
        pairs = list(e.args)
        while isinstance(pairs[-1].expr, sp.Piecewise) and pairs[-1].cond is sp.true:
            pairs[-1:] = pairs[-1].expr.args  # where(x > 0, x, where(x < 0, e^x - 1, 0)): one chain of cases
        rest = _rest_points(pairs, self.x)
        if rest is None:
            return sp.nan  # cases on x that SymPy cannot solve may leave one a point: derive claims no slope
        points = list(dict.fromkeys([*(p for pair in pairs for p in _points_of(pair.cond, self.x)), *rest]))
        if not points:
            return None
        return sp.Piecewise((sp.nan, sp.Or(*points)), (sp.diff(e, self.x), True))

    def _max(self, e: MaxOver) -> Expr | None:
        # MaxOver._eval_derivative, with this module's derivative of the term.
        if len(e.limits) != 1:
            return None
        (k, lo, hi), = e.limits
        if self.x in lo.free_symbols | hi.free_symbols:
            return None
        return Sum(LargestAt(e, k) * self.of(e.function), (k, lo, hi))

    def _indexed(self, e: Indexed) -> Expr | None:
        x = self.x
        if isinstance(x, Indexed) and x.base == e.base:
            if len(e.indices) != len(x.indices):
                return None
            result = S.One
            for i1, i2 in zip(e.indices, x.indices):
                result *= KroneckerDelta(i1, i2)
            return result
        if sp.Tuple(*e.indices).has(x):
            return None  # SymPy's NaN: an index that depends on x
        return S.Zero

    def _chain(self, e: Expr) -> Expr:
        # Function._eval_derivative: Σ f_i'(args)·∂arg_i/∂x over the arguments that depend on x.
        terms = []
        for i, a in enumerate(e.args, start=1):
            da = self.of(a)
            # SymPy's test, asked only where it can come out True (each is_zero walks fresh objects).
            if da is S.Zero or (not self.surely_not_zero(da) and da.is_zero):
                continue
            try:
                df = e.fdiff(i)
            except ArgumentIndexError:
                df = Function.fdiff(e, i)
            self.unevaluated = self.unevaluated or df.has(sp.Derivative)
            terms.append((df, da))
        if isinstance(e, (sp.Max, sp.Min)) and len(e.args) == 2 and len(terms) == 2:
            # max(a, b)' = H(a − b) a' + (1 − H(a − b)) b', not SymPy's H(b − a) b': the same wherever a ≠ b,
            # and where a = b for every input (max(x_k, x_c) at k = c) it is a' whatever H(0) is taken to be
            (first, da), (_, db) = terms
            terms[1] = (1 - first, db)
        return Add(*[df * da for df, da in terms])


def _points_of(cond, x: Expr) -> list:
    """The equalities ``u = 0`` where ``cond`` may change as ``x`` moves and hold on no interval of x that derive can
    be sure of: every equality or ``≠`` that reads x (an entry of x's array counts as x, as it is x when the indices
    meet), except one in x alone that holds on an interval (relu(x) = 0), a tie of a maximum, or one of integers (a δ's
    case); and a condition on x alone that holds at finitely many values (x ≥ 0 and x ≤ 0).  Taking too many costs
    a proof at most (no slope there), too few a false one (SymPy's slope of a case's constant)."""
    from ..language.kinks import has_kinks  # the construct table sits above this module
    as_x = {e: x for e in cond.atoms(sp.Indexed) if isinstance(x, Indexed) and e.base == x.base}
    found = []
    for r in cond.atoms(sp.Eq, sp.Ne):
        gap = r.lhs - r.rhs
        if r.lhs.is_integer and r.rhs.is_integer or gap.has(MaxOver, LargestAt) or not gap.xreplace(as_x).has(x):
            continue
        if gap.free_symbols == {x} and has_kinks(gap) and solutions(sp.Eq(gap, 0), x) is None:
            continue  # relu(x) = 0: a half-line, where the case's own slope stands
        found.append(sp.Eq(gap, 0))
    if cond.free_symbols == {x} and not found and not cond.has(MaxOver, LargestAt):
        try:
            at = cond.as_set().intersect(sp.S.Reals)
        except (NotImplementedError, TypeError, ValueError):
            at = None
        if isinstance(at, sp.FiniteSet):
            found += [sp.Eq(x, p) for p in at]
    return found


def solutions(eq, x: Expr) -> list | None:
    """The real values of ``x`` where ``eq`` holds, when SymPy finds finitely many; else None."""
    found = _solutions(eq, x)
    return list(found) if found is not None else None


@lru_cache(maxsize=1024)
def _solutions(eq, x: Expr) -> tuple | None:
    try:
        found = sp.solveset(eq, x, sp.S.Reals)
    except (NotImplementedError, TypeError, ValueError):
        return None
    return tuple(found) if isinstance(found, sp.FiniteSet) else None


def _rest_points(pairs: list, x: Expr) -> list | None:
    """``x = p`` for each point a case of conditions on x alone reaches alone (the 0 of ELU's cases x > 0, x < 0,
    otherwise 0), whose constant SymPy would give a slope of 0; None when SymPy cannot solve them."""
    if not all(pair.cond.free_symbols <= {x} for pair in pairs) or any(pair.cond.has(MaxOver, LargestAt)
                                                                        for pair in pairs):
        return []
    return reached_alone([pair.cond for pair in pairs], x)


def reached_alone(conditions: list, x: Expr) -> list | None:
    """``x = p`` for each point p that a case, read after the cases above it, reaches alone (an ``otherwise`` after
    x > 1 and x < 1, a middle case 1 ≤ x ≤ 1), for conditions on the real x; None where SymPy cannot solve them."""
    found = _reached_alone(tuple(conditions), x)
    return list(found) if found is not None else None


@lru_cache(maxsize=1024)
def _reached_alone(conditions: tuple, x: Expr) -> tuple | None:
    # SymPy's set solving takes tens of milliseconds; the claims of a file meet the same cases again and again
    found, above = [], sp.S.EmptySet
    try:
        for cond in conditions:
            here = sp.S.Reals if cond is sp.true else cond.as_set().intersect(sp.S.Reals)
            reached = sp.Complement(here, above)
            if isinstance(reached, sp.FiniteSet):
                found += [sp.Eq(x, p, evaluate=False) for p in reached if p.is_real]
            above = sp.Union(above, here)
    except (NotImplementedError, TypeError, ValueError):
        return None  # cos(x) >= 1: SymPy cannot solve it, and it may leave a case points all the same
    return tuple(found)

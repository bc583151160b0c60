"""The operators that bind an index: SymPy's ``Sum`` and ``Product``, and ``MaxOver`` (max_k f), which SymPy lacks.

Every walk that must know where an index is bound (renaming, ranges, evaluation) asks ``BOUND``.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sympy import Add, Basic, Eq, Function, Indexed, Integer, Max, Mul, Piecewise, Product, S, Sum, Tuple, expand
from sympy.logic.boolalg import Boolean
from sympy.concrete.expr_with_intlimits import ExprWithIntLimits


class MaxOver(ExprWithIntLimits):
    """max_{k=lo..hi} f(k): the largest value of f over an index range, its index bound as a sum's is.

    The numerically stable softmax and log-sum-exp subtract it (m = max_k z_k).  Its value is defined
    for every non-empty range; its derivative is that of the largest term, where that term is the only
    largest one (almost everywhere).
    """

    __slots__ = ()

    def __new__(cls, function, *symbols, **assumptions):
        made = ExprWithIntLimits.__new__(cls, function, *symbols, **assumptions)
        if not isinstance(made, MaxOver) or len(made.limits) != 1:
            return made
        # What does not depend on the index comes out, as a reader takes it out: max_k (z_k − c) = max_k z_k − c,
        # max_k a·z_k = a·max_k z_k for a > 0 (both sides undefined alike on an empty range).
        (k, lo, hi), = made.limits
        f = made.function
        if k not in f.free_symbols and lo == 1 and (hi.is_Integer and hi >= 1 or hi.is_Symbol and hi.is_positive):
            return f  # the same value at every one of its (at least one) terms
        if f.is_Add:
            outside = [t for t in f.args if k not in t.free_symbols]
            if outside and len(outside) < len(f.args):
                return cls(Add(*[t for t in f.args if t not in outside]), *made.limits) + Add(*outside)
        if f.is_Mul:
            outside = [t for t in f.args if k not in t.free_symbols and t.is_positive]
            if outside:
                return Mul(*outside) * cls(Mul(*[t for t in f.args if t not in outside]), *made.limits)
        return made

    @property
    def function(self):
        return self._args[0]

    def _eval_is_extended_real(self):
        return self.function.is_extended_real

    def _eval_is_finite(self):
        return self.function.is_finite

    def _eval_is_extended_positive(self):
        # The largest of positive values is positive; of values all negative, negative.
        if self.function.is_extended_positive:
            return True
        if self.function.is_extended_negative:
            return False
        return None

    def doit(self, **hints):
        """The largest term written out as SymPy's ``Max`` when the range is numbers (else itself)."""
        f = self.function.doit(**hints) if hints.get("deep", True) else self.function
        if len(self.limits) != 1:
            return self.func(f, *self.limits)
        (k, lo, hi), = self.limits
        if not (lo.is_Integer and hi.is_Integer and lo <= hi):
            return self.func(f, *self.limits)
        return Max(*[f.xreplace({k: Integer(v)}) for v in range(int(lo), int(hi) + 1)])

    def _eval_evalf(self, prec):
        done = self.doit()
        return None if isinstance(done, MaxOver) else done._eval_evalf(prec)

    def _eval_derivative(self, x):
        # ∂/∂x max_k f(k) = Σ_k 𝟙[k is where the maximum is attained] ∂f(k)/∂x, where it is attained once.
        if len(self.limits) != 1:
            return None  # left unevaluated: several indices at once are not modelled
        (k, lo, hi), = self.limits
        if x in lo.free_symbols | hi.free_symbols:
            return None
        return Sum(LargestAt(self, k) * self.function.diff(x), (k, lo, hi))


def is_negated(f) -> bool:
    """True when every term of ``f`` carries a minus sign: max_k f is then a minimum negated, as min_k is read.

    A body with one term of each sign (max_i (z_i − δ_iy), the margin of a hinge loss) is a maximum as
    written, although SymPy could take its minus sign out; printers show it as the maximum it is.
    """
    return all(t.as_coeff_Mul()[0].is_negative for t in Add.make_args(f))


class LargestAt(Function):
    """𝟙[max_l f(l) is attained at k] for ``LargestAt(max_l f(l), k)``: 1 there, 0 elsewhere.

    The derivative of a maximum picks its largest term; where two terms tie for it there is no
    derivative, and the evaluator says so (a kink).  Its own derivative is 0 wherever it has one.
    """

    nargs = 2
    is_integer = True
    is_nonnegative = True

    @classmethod
    def eval(cls, m, k):
        # MaxOver takes out what its index does not read (max_k p_k = max_k e^{z_k} / Σ_j e^{z_j}, a positive
        # factor): the maximum is attained where the maximum left inside is.
        inner = m
        while isinstance(inner, (Add, Mul)):
            parts = [a for a in inner.args if a.has(MaxOver)]
            rest = [a for a in inner.args if not a.has(MaxOver)]
            if len(parts) != 1 or isinstance(inner, Mul) and not all(a.is_positive for a in rest):
                return None
            inner = parts[0]
        return cls(inner, k) if inner is not m and isinstance(inner, MaxOver) else None

    def fdiff(self, argindex=1):
        return S.Zero


#: The nodes that bind an index: a product's or a maximum's index is as bound as a sum's, and renamed alike.
BOUND = (Sum, Product, MaxOver)


class ForEach(Boolean):
    """A condition that holds for each k = lo..hi: where every term of Σ_k (√v_k)² has a real value (v_k ≥ 0).

    A condition, not an expression (it never enters ``BOUND``'s walks): ``domains.truth`` evaluates it
    term by term.  SymPy's own spelling, a count of failing terms in a ``Piecewise`` set to 0, is not
    safe: a ``Piecewise`` whose condition holds a sum of ``Piecewise`` drops the sum when it folds.
    """

    def __new__(cls, cond, limit):
        if cond is S.true:
            return S.true
        return Basic.__new__(cls, cond, Tuple(*limit))

    @property
    def cond(self):
        """The condition on one term."""
        return self.args[0]

    @property
    def limit(self) -> Tuple:
        """(k, lo, hi)."""
        return self.args[1]

    @property
    def free_symbols(self) -> set:
        k, lo, hi = self.limit
        # as a sum's: an entry at the index (v[k]) is bound with it
        return {s for s in self.cond.free_symbols if k not in s.free_symbols} | lo.free_symbols | hi.free_symbols


def product_without(f, k, lo, hi, j):
    """Π_{k=lo}^{hi} f without its factor at k = j: the factors below j times those above it.

    A factor 1 − δ_kj, which drops a sum's term, would make a product 0.  For j in lo..hi (the range
    checks hold it there) this is exactly the product without its j-th factor; an empty range is 1.
    """
    return Product(f, (k, lo, j - 1)) * Product(f, (k, j + 1, hi))


def largest_at_indicators(expr):
    """``expr`` with each 𝟙[f(t) = max_k f(k)] (``where(z[t] == m, 1, 0)``) written as ``LargestAt(max_k f(k), t)``.

    The two differ only where terms tie for the maximum, a null set where a derivative through the
    maximum has no value and no claim about one is asserted (``LargestAt`` is undefined there).
    """
    if not expr.has(MaxOver):
        return expr

    def one(pw):
        (value, cond), rest = pw.args[0], pw.args[1:]
        if not (value == 1 and len(rest) == 1 and rest[0] == (0, True) and isinstance(cond, Eq)):
            return pw
        # f(t) = max_k f(k), however it is written (max_r (s_r + 1) is max_r s_r + 1 once the 1 comes out)
        gap = cond.lhs - cond.rhs
        places = sorted({i for x in gap.atoms(Indexed) for i in x.indices}, key=str)
        for m in sorted(gap.atoms(MaxOver), key=str):
            if len(m.limits) != 1:
                continue
            (d, _, _), = m.limits
            for t in places:
                at = m.function.xreplace({d: t}) - m
                if gap == at or gap == -at or expand(gap - at) == 0 or expand(gap + at) == 0:
                    return LargestAt(m, t)
        return pw
    return expr.replace(lambda e: isinstance(e, Piecewise) and len(e.args) == 2, one)


#: set while proving a claim that writes an indicator of a maximum's place itself: its value is asserted at a tie
_TIES_ASSERTED: ContextVar[bool] = ContextVar("ties_asserted", default=False)


@contextmanager
def ties_asserted(on: bool) -> Iterator[None]:
    """Within: ``places_summed`` sums no indicators (the claim's own are asserted where terms tie), if ``on``."""
    token = _TIES_ASSERTED.set(on or _TIES_ASSERTED.get())
    try:
        yield
    finally:
        _TIES_ASSERTED.reset(token)


def written_places(expr) -> bool:
    """True when ``expr`` writes an indicator of a maximum's place, ``where(z[j] == Max(…), 1, 0)``, itself."""
    return any(isinstance(c, Eq) and c.has(MaxOver) for pw in expr.atoms(Piecewise) for _, c in pw.args)


def places_summed(expr, ties_null):
    """``expr`` with each Σ_j c·𝟙[max_k f(k) is attained at j] over the maximum's own range written as c.

    The maximum is attained at exactly one place but where terms tie, where the indicator has no value
    and nothing is asserted; where ``ties_null(f, k)`` says that is a null set, the indicators of its
    place sum to 1: Σ_j 𝟙[z_j = max_k z_k] = 1, and max pooling's Σ_j ∂L/∂X_j is its output's gradient.
    """
    def one(e):
        (j, lo, hi), = e.limits
        factors = Mul.make_args(e.function)
        at = [f for f in factors if isinstance(f, LargestAt) and f.args[1] == j]
        if len(at) != 1 or not isinstance(at[0].args[0], MaxOver) or j in at[0].args[0].free_symbols:
            return e
        m = at[0].args[0]
        (k, m_lo, m_hi), = m.limits
        rest = [f for f in factors if f is not at[0]]
        if (m_lo, m_hi) != (lo, hi) or any(j in f.free_symbols for f in rest) or not ties_null(m.function, k):
            return e
        return Mul(*rest)
    # A written 𝟙[z_j = max] is evaluated as written at a tie (README), where Σ_j of it is the number tied:
    # summing it to 1 holds almost everywhere only, no proof of a claim asserted there too.
    if not expr.has(LargestAt) or _TIES_ASSERTED.get():
        return expr
    return expr.replace(lambda e: isinstance(e, Sum) and len(e.limits) == 1 and e.function.has(LargestAt), one)


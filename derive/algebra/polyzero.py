"""An exact zero test for a polynomial expression, multiplied out in SymPy's sparse polynomial rings.

``sympy.expand`` of a product of long sums builds every intermediate term as an expression
(flattened, sorted and cached node by node); the numerator of a difference of sigmoid-layer
gradients over one denominator took ~0.8 s to expand to 0.  The same product in a polynomial
ring over ℤ (ℚ when a coefficient is a fraction), with each atom as an indeterminate, is
dictionary arithmetic on integers: ~0.02 s.  A sum of products is multiplied out with the
factor most of its terms share taken out first (see ``grouped``), so terms over a common
denominator cancel before they grow.

Reading an expression as a polynomial in its atoms is sound for proving it is 0: an identity in
independent indeterminates holds at every value of them.  Only the relations that hold for every
value are built in: ``e^{k·u + l·v} = (e^u)^k (e^v)^l`` for integers k, l ≥ 0.  Anything else that
is not a sum, product, rational number or whole power (a sum held as a symbol, an entry, a function
of something) is one indeterminate.  So ``True`` is a proof; ``False`` only says that this reading
is not 0 (SymPy may still relate atoms it treats as independent, e.g. ``e^{u+v}`` against
``e^u e^v`` written in terms the split does not reach), and the caller goes on with its other tests.
"""
from __future__ import annotations

import sympy as sp
from sympy import Expr, Symbol
from sympy.polys.domains import QQ, ZZ
from sympy.polys.rings import ring

#: Indeterminates, by position: the same names every call, so SymPy keeps one ring per count.
_NAMES: list[Symbol] = []


def _indeterminates(n: int) -> list[Symbol]:
    while len(_NAMES) < n:
        _NAMES.append(Symbol(f"_g{len(_NAMES)}"))
    return _NAMES[:n]


def _exp_powers(e: Expr) -> list[tuple[Expr, int]] | None:
    """``e^{Σ k·u}`` as ``[(u, k), …]`` when every k is a whole number ≥ 0 (None otherwise)."""
    out = []
    for term in sp.Add.make_args(e.args[0]):
        k, u = term.as_coeff_Mul()
        if not (k.is_Integer and k >= 0):
            return None
        out.append((u, int(k)))
    return out


def _powers(term: Expr) -> dict[Expr, int]:
    """A term as its factors and their whole powers (a rational coefficient is a factor of power 1)."""
    out: dict[Expr, int] = {}
    for f in sp.Mul.make_args(term):
        base, n = (f.base, int(f.exp)) if f.is_Pow and f.exp.is_Integer else (f, 1)
        out[base] = out.get(base, 0) + n
    return out


def is_zero_polynomial(expr: Expr) -> bool | None:
    """True when ``expr`` multiplies out to 0 as a polynomial in its atoms; None when it is not a
    polynomial (a negative power) or too deep to read."""
    atoms: dict = {}
    fractions = []  # a rational coefficient seen: the ring is over ℚ, else over ℤ (several times faster)

    def collect(e: Expr) -> bool:
        if e.is_Rational:
            if not e.is_Integer:
                fractions.append(e)
            return True
        if e.is_Add or e.is_Mul:
            return all(collect(a) for a in e.args)
        if e.is_Pow and e.exp.is_Integer:
            return e.exp >= 0 and collect(e.base)
        if isinstance(e, sp.exp):
            powers = _exp_powers(e)
            if powers is not None:
                for u, _ in powers:
                    atoms.setdefault(("exp", u), len(atoms))
                return True
        atoms.setdefault(("atom", e), len(atoms))
        return True

    try:
        if not collect(expr):
            return None
        domain = QQ if fractions else ZZ
        _, *gens = ring(_indeterminates(max(len(atoms), 1)), domain)
        done: dict = {}

        def grouped(terms: list[dict[Expr, int]]):
            """Σ_t Π f^{n_tf} with the factor most terms share taken out first: f·Σ(…) + Σ(…), recursively.

            After `together` every term carries most factors of the common denominator; multiplied out
            term by term, each product is huge and only their sum cancels.  Taken out, f multiplies a
            sum that has already cancelled within itself.  Any grouping gives the same polynomial.
            """
            counts: dict[Expr, int] = {}
            for t in terms:
                for f in t:
                    if not f.is_Rational:
                        counts[f] = counts.get(f, 0) + 1
            shared = max(counts, key=counts.get, default=None) if len(terms) > 1 else None
            if shared is None or counts[shared] < 2:
                total = gens[0].ring.zero
                for t in terms:
                    # Fewest terms first: the partial product grows as slowly as it can.
                    product = gens[0].ring.one
                    for factor in sorted((value(f) ** n for f, n in t.items()), key=len):
                        product *= factor
                    total += product
                return total
            inside, outside = [], []
            for t in terms:
                if shared in t:
                    rest = dict(t)
                    rest[shared] -= 1
                    if not rest[shared]:
                        del rest[shared]
                    inside.append(rest)
                else:
                    outside.append(t)
            return value(shared) * grouped(inside) + (grouped(outside) if outside else gens[0].ring.zero)

        def value(e: Expr):
            hit = done.get(e)
            if hit is not None:
                return hit
            if e.is_Rational:
                out = gens[0].ring(domain(int(e.p)) if domain is ZZ else QQ(int(e.p), int(e.q)))
            elif e.is_Add:
                out = grouped([_powers(t) for t in e.args])
            elif e.is_Mul:
                out = grouped([_powers(e)])
            elif e.is_Pow and e.exp.is_Integer:
                out = value(e.base) ** int(e.exp)
            elif isinstance(e, sp.exp) and ("atom", e) not in atoms:
                out = gens[0].ring.one
                for u, k in _exp_powers(e):
                    out *= gens[atoms[("exp", u)]] ** k
            else:
                out = gens[atoms[("atom", e)]]
            done[e] = out
            return out

        def zero(e: Expr) -> bool:
            # ℤ[…] and ℚ[…] have no zero divisors: a product is 0 exactly when one of its factors is.
            if e.is_Mul:
                return any(zero(a) for a in e.args if not a.is_Rational)
            if e.is_Pow and e.exp.is_Integer:
                return zero(e.base)
            return value(e) == 0

        return zero(expr)
    except RecursionError:  # deeper than Python's stack: the caller's other tests decide
        return None

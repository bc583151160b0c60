"""Signs: moved into a factor (``σ(1 − σ)`` rather than ``−σ(σ − 1)``, as a textbook writes it), and
sums written over one denominator where SymPy then sees they are positive."""
from __future__ import annotations

import sympy as sp
from sympy import Add, Expr, Mul

from .sharedwalks import together


def positive_factors(expr: Expr) -> Expr:
    """Write additive factors with a positive constant term: ``−σ(σ − 1)`` → ``σ(1 − σ)``."""
    if not isinstance(expr, Mul):
        return expr
    coeff, factors = expr.as_coeff_mul()
    # 1/((a + b)(−c − d)) as factor() may leave it: each factor of the denominator on its own
    factors = [p ** f.exp if f.is_Pow and f.base.is_Mul and f.exp.is_Integer else p
               for f in factors for p in (f.base.args if f.is_Pow and f.base.is_Mul and f.exp.is_Integer else (f,))]
    new = []
    for f in factors:
        # a denominator too: 1/(−e^a − e^b) is −1/(e^a + e^b) (else which of the two a tidy shows varies with the order
        # SymPy met its terms in, and with it the text of a counterexample from one run to the next)
        base, power = (f.base, f.exp) if f.is_Pow and f.exp.is_Integer and f.exp < 0 else (f, 1)
        const = base.as_coeff_Add()[0] if isinstance(base, Add) else 0
        if isinstance(base, Add) and (const < 0 or (const == 0 and all(t.could_extract_minus_sign() for t in base.args))):
            new.append(Add(*[-t for t in base.args]) ** power)
            coeff = coeff * (-1) ** power
        else:
            new.append(f)
    if coeff.is_negative:
        for n, f in enumerate(new):
            if isinstance(f, Add) and f.as_coeff_Add()[0] == 0:
                new[n] = Add(*[-t for t in f.args])
                coeff = -coeff
                break
    return Mul(coeff, *new)


def positive_forms(expr: Expr) -> Expr:
    """``expr`` with each base of a power and argument of a log that is positive over one denominator written
    so: 1 − 1/(1 + e^{−u}) as e^{−u}/(1 + e^{−u}) (the 1 − h of a likelihood h^y (1 − h)^{1−y}), which SymPy
    knows is positive, so that ``expand_log`` splits its log.  Each is the same value written otherwise."""
    found = {p.base for p in expr.atoms(sp.Pow) if p.base.is_Add} | {g.args[0] for g in expr.atoms(sp.log)
                                                                     if g.args[0].is_Add}
    swap = {}
    for a in found:
        if a.is_positive is None:
            over_one = together(a)
            if over_one != a and over_one.is_positive:
                swap[a] = over_one
    return expr.xreplace(swap) if swap else expr


def surely_positive(expr: Expr) -> bool:
    """True when SymPy knows ``expr`` positive, also once its sums (and its powers' bases) are over one denominator."""
    if expr.is_positive:
        return True
    if expr.is_Add:
        return bool(together(expr).is_positive)
    return bool(positive_forms(expr).is_positive)

"""Signs moved into a factor: ``σ(1 − σ)`` rather than ``−σ(σ − 1)``, as a textbook writes it."""
from __future__ import annotations

from sympy import Add, Expr, Mul


def positive_factors(expr: Expr) -> Expr:
    """Write additive factors with a positive constant term: ``−σ(σ − 1)`` → ``σ(1 − σ)``."""
    if not isinstance(expr, Mul):
        return expr
    coeff, factors = expr.as_coeff_mul()
    new = []
    for f in factors:
        const = f.as_coeff_Add()[0] if isinstance(f, Add) else 0
        if isinstance(f, Add) and (const < 0 or (const == 0 and all(t.could_extract_minus_sign() for t in f.args))):
            new.append(Add(*[-t for t in f.args]))
            coeff = -coeff
        else:
            new.append(f)
    if coeff.is_negative:
        for n, f in enumerate(new):
            if isinstance(f, Add) and f.as_coeff_Add()[0] == 0:
                new[n] = Add(*[-t for t in f.args])
                coeff = -coeff
                break
    return Mul(coeff, *new)

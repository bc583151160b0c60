"""Remembering recent results of the kernel's pure expression functions.

Deriving every parameter of a model, and proving every claim of a file, bring the same
expressions to the same forms many times over; SymPy expressions are immutable and hashable,
so a bounded table of recent results is safe.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from sympy import Expr

SIZE = 2048


def remembered(idempotent: bool = False) -> Callable[[Callable[[Expr], Expr]], Callable[[Expr], Expr]]:
    """Decorate a pure one-expression function to remember its last ``SIZE`` results.

    ``idempotent``: ``fn(fn(x)) == fn(x)``, so each result is also remembered as its own image.
    """
    def decorate(fn: Callable[[Expr], Expr]) -> Callable[[Expr], Expr]:
        seen: OrderedDict = OrderedDict()

        @wraps(fn)
        def memo(expr: Expr) -> Expr:
            hit = seen.get(expr)
            if hit is not None:
                seen.move_to_end(expr)
                return hit
            out = fn(expr)
            seen[expr] = out
            if idempotent:
                seen[out] = out
            while len(seen) > SIZE:
                seen.popitem(last=False)
            return out

        return memo

    return decorate

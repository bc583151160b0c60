"""Names of the textbook rules that differentiating an expression uses.

``sympy.diff`` does the work; this module only reads the expression's structure to say,
as a textbook would, which rules that work applied (quotient rule, derivative of a sum,
…), so each derivation step can name its justification.
"""
from __future__ import annotations

import sympy as sp
from sympy import Expr, Indexed, Sum

from .language import for_class


def _function_rule(e: Expr) -> str:
    """The rule the table of constructs names for differentiating ``e``'s function."""
    c = for_class(type(e))
    return c.rule if c is not None and c.rule else f"derivative of {e.func}"


def rules_used(expr: Expr, var: sp.Basic) -> list[str]:
    """Textbook rules, in order of first use, for differentiating ``expr`` by entries of ``var``."""
    found: list[str] = []

    def add(name: str) -> None:
        if name not in found:
            found.append(name)

    def dep(e: Expr) -> bool:
        return e.has(var)

    def walk(e: Expr) -> None:
        if not isinstance(e, Expr) or not dep(e):
            return
        if isinstance(e, Indexed) or e == var:
            add("derivative of an entry (Kronecker delta)")
        elif isinstance(e, Sum):
            add("derivative of a sum (linearity)")
            walk(e.function)
        elif isinstance(e, sp.Add):
            add("derivative of a sum (linearity)")
            for a in e.args:
                walk(a)
        elif isinstance(e, sp.Mul):
            factors = [a for a in e.args if dep(a)]
            if any(a.is_Pow and a.exp.is_negative for a in factors) and len(factors) > 1:
                add("quotient rule")
            elif len(factors) > 1:
                add("product rule")
            for a in factors:
                walk(a)
        elif e.is_Pow:
            if e.exp.is_negative and not dep(e.exp):
                add("derivative of 1/u (reciprocal rule)" if e.exp == -1 else "power rule")
            else:
                add("power rule")
            walk(e.base)
        else:
            add(_function_rule(e))
            inner = [a for a in e.args if dep(a)]
            if any(not (isinstance(a, Indexed) or a == var) for a in inner):
                add("chain rule (inner function)")
            for a in inner:
                walk(a)

    walk(expr)
    return found

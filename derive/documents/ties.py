"""A note's derivative taken by a variable that a given ties to another input: refused, never differentiated as if free.

derive differentiates with the inputs independent and puts a given in afterwards, where a reader of
``∂L/∂σ`` beside ``v = σ²`` takes v as a function of σ: read derive's way, ∂L/∂σ = 0 was proved and the chain
rule's 1/σ − (y − μ)²/σ³ refuted.  So such a claim of a note is bad input.  (A file's ``diff(L, sigma)`` says
which derivative it means: the partial one in the inputs, at the points where its givens hold.)
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy as sp
from sympy import Expr

from ..language.kinks import _input_names as input_names


def tie(lhs: Expr, rhs: Expr, equations: Sequence[tuple[Expr, Expr]],
        expand: Callable[[Expr], Expr]) -> tuple[int, str, str] | None:
    """``(k, tied, others)`` when equation ``k`` (``(a, b)`` of ``a = b``) ties an input a derivative of the claim is
    taken by to another input the differentiated quantity reads (``expand``: down to the inputs), else None.

    An equation solved for one input (``z = mu + sigma*epsilon``) makes that input the dependent one: it ties
    only where the quantity reads it (∂f/∂μ of f = z², not ∂D/∂μ of a KL term D of μ and σ alone)."""
    for d in (d for side in (lhs, rhs) for d in side.atoms(sp.Derivative)):
        by = input_names(sp.Add(*[v for v, _ in d.variable_count]))
        read = None
        for k, (a, b) in enumerate(equations):
            names = input_names(a - b)  # as the caller gives it (a when's T_i = 0 of a gate stays a point)
            others = names - by
            if not (names & by) or not others:
                continue
            if read is None:
                read = input_names(expand(d.expr))
            solved = next((input_names(s) for s in (a, b) if isinstance(s, (sp.Symbol, sp.Indexed))
                           and len(input_names(s)) == 1), None)
            tied = others & read if solved is None or solved & by else solved & read
            if tied:
                return k, ", ".join(sorted(names & by)), ", ".join(sorted(tied))
    return None


#: what a refusal says after naming the tie
WHY = ("derive differentiates with the inputs independent, a reader through the equation; define the quantity with "
       "it put in, and differentiate that")

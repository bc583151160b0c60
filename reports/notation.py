"""Report-only mathematical objects that SymPy lacks, printed by the report printers.

``RealSpace(n, m)`` is ℝ^{n×m} and ``InSpace(x, space)`` is ``x ∈ space``: the forward
model's inputs are stated with them, so that statement goes through printers too.
``Wrapped(lhs, coeff, row, …)`` is ``lhs = coeff·(row + …)`` laid out one row per line, so a
long written-out entry wraps at the page width instead of running off it or shrinking.
``shown(symbol)`` spells a Greek letter's Python-safe abbreviation (``lam``, since
``lambda`` is a keyword) as the letter itself, for every report printer.
"""
from __future__ import annotations

from sympy import Basic, Symbol

#: Names a Python identifier must use for a Greek letter, and the letter they stand for.
GREEK_ALIASES = {"lam": "lambda", "lmbda": "lambda"}


class RealSpace(Basic):
    """The real vector space ℝ^{d1×d2×…} (ℝ for no dimensions)."""


class InSpace(Basic):
    """Membership ``args[0] ∈ args[1]``."""


class Wrapped(Basic):
    """``lhs = coeff·(rows[0] + rows[1] + …)``, each row (a sum of terms) printed on a line of its own."""

    @property
    def lhs(self) -> Basic:
        return self.args[0]

    @property
    def coeff(self) -> Basic:
        return self.args[1]

    @property
    def rows(self) -> tuple:
        return self.args[2:]


def shown(sym: Symbol) -> Symbol:
    """``sym`` renamed to the Greek letter its name abbreviates (``lam`` → ``lambda``), else itself."""
    alias = GREEK_ALIASES.get(sym.name)
    return Symbol(alias, **sym.assumptions0) if alias else sym

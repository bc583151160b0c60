"""Mathematical objects of the language that SymPy lacks: the matrix of partial derivatives.

``Gradient(L, W, rows, cols)`` is ∂L/∂W, the array of ∂L/∂W_jk (shape of the matrix form),
an object each printer renders with its own ``_print_Gradient`` — never a symbol whose
name has to be split apart again.
"""
from __future__ import annotations

import sympy as sp
from sympy.matrices.expressions import MatrixExpr


class Gradient(MatrixExpr):
    """∂of/∂wrt as a matrix: ``of`` and ``wrt`` are the quantities' symbols, ``shape`` the matrix form's."""

    def __new__(cls, of: sp.Symbol, wrt: sp.Symbol, rows, cols):
        # Sizes are ints or SymPy expressions built by derive (never text): make ints SymPy integers.
        return super().__new__(cls, of, wrt, *(sp.Integer(d) if isinstance(d, int) else d for d in (rows, cols)))

    @property
    def of(self) -> sp.Symbol:
        """The differentiated quantity (the loss)."""
        return self.args[0]

    @property
    def wrt(self) -> sp.Symbol:
        """The quantity differentiated by."""
        return self.args[1]

    @property
    def shape(self):
        return self.args[2], self.args[3]

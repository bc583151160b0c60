"""The NumPy printer for batched matrix expressions, used by ``lambdify`` and by codegen.

SymPy's ``NumPyPrinter`` prints ``(S - Y).T @ X / B`` as
``(S.T + (Y.T).dot(-1)).dot(X).dot(B**(-1.0))`` (a scalar ``dot`` per term) and cannot
print Hadamard powers or element-wise functions.  This subclass prints whole-array
NumPy: ``@`` for matrix products, ``*`` for Hadamard products, reductions for products
with a ones vector, broadcasting instead of materialised ones, and the stable kernels.

float32 stays float32: under NumPy's promotion rules (NEP 50) a Python number beside an array
takes the array's type, but a NumPy scalar (``numpy.sqrt(2)``, ``numpy.log(n)``) is float64 and
makes the whole expression float64.  So a number computed from constants and sizes alone is
printed as a Python number (``d ** (1/2)``, ``numpy.log(2*numpy.pi).item()``), and the arrays the
code makes itself (``numpy.ones``) are of the generated function's floating type ``_dtype``.
"""
from __future__ import annotations

import sympy as sp
from sympy.matrices.expressions import DiagMatrix, MatrixExpr, OneMatrix, Transpose
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.precedence import PRECEDENCE

from derive.language import for_class


def _is_ones(m) -> bool:
    return isinstance(m, OneMatrix)


def _is_ones_block(m) -> bool:
    """A ones matrix with more than one row and more than one column (``1 1ᵀ``, as SymPy merges that product)."""
    return _is_ones(m) and m.shape[0] != 1 and m.shape[1] != 1


def _split_ones(mats: list) -> list:
    """Every ones block ``1_{p×q}`` of a product as the column times the row it is, ``1_p 1_qᵀ``.

    ``A 1_{p×q}`` is then the row sums of A repeated along q columns, which the rules of ``_product``
    print as a sum and a broadcast: a product with the block itself costs p·q per row of A and a p × q array.
    """
    out = []
    for m in mats:
        out += [OneMatrix(m.shape[0], 1), OneMatrix(1, m.shape[1])] if _is_ones_block(m) else [m]
    return out


def _broadcast_vector(mats: list):
    """``v`` when ``mats`` is the outer product of a ones vector with a row or column ``v``, else None.

    ``v`` may itself be a product (``G γ 1ᵀ``: the column ``G γ`` repeated along the rows), and the ones a
    block (``A 1_{p×q}`` is the column ``A 1_p`` repeated along q columns; ``1_{q×p} A`` the row ``1_pᵀ A``).
    """
    if len(mats) >= 2 and _is_ones_block(mats[-1]):
        return sp.MatMul(*mats[:-1], OneMatrix(mats[-1].shape[0], 1))
    if len(mats) >= 2 and _is_ones_block(mats[0]):
        return sp.MatMul(OneMatrix(1, mats[0].shape[1]), *mats[1:])
    if len(mats) >= 2 and _is_ones(mats[0]) and mats[0].shape[1] == 1 and mats[1].shape[0] == 1:
        return sp.MatMul(*mats[1:]) if len(mats) > 2 else mats[1]
    if len(mats) >= 2 and _is_ones(mats[-1]) and mats[-1].shape[0] == 1 and mats[-2].shape[1] == 1:
        return sp.MatMul(*mats[:-1]) if len(mats) > 2 else mats[0]
    return None


#: The generated function's floating type (``numeric.codegen`` sets it from the arguments).
DTYPE = "_dtype"


def _array_free(e) -> bool:
    """True when the scalar ``e`` reads no array: numbers, constants and sizes (integers) only.

    Arrays reach a scalar expression as matrix symbols, or as the stand-in symbol an element-wise
    function is printed with, which is not an integer.
    """
    return (isinstance(e, sp.Expr) and not isinstance(e, MatrixExpr) and not e.atoms(sp.MatrixSymbol)
            and all(s.is_integer for s in e.free_symbols))


def _one_term(text: str) -> bool:
    """True when printed ``text`` has no operator outside brackets (``x @ M.sum(axis=1, keepdims=True)`` has one)."""
    depth = 0
    for ch in text:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == " " and depth == 0:
            return False
    return True


def _transposes(m) -> int:
    """How many transposes an expression contains (fewer reads better and copies less)."""
    return sum(1 for x in sp.preorder_traversal(m) if isinstance(x, Transpose))


class NumericPrinter(NumPyPrinter):
    """Whole-array NumPy code for ``MatrixExpr`` trees (``import numpy`` as ``numpy``)."""

    printmethod = "_numeric_code"

    def __init__(self, settings=None):
        super().__init__({"fully_qualified_modules": True, "inline": True, "allow_unknown_functions": False,
                          **(settings or {})})

    def _print(self, expr, **kwargs):
        c = for_class(type(expr)) if isinstance(expr, sp.Basic) else None
        if c is not None and c.numpy and c.kind in ("function", "constant", "hidden"):
            text = self._print_table_function(c, expr)
        else:
            text = super()._print(expr, **kwargs)
        if isinstance(expr, sp.Function) and _array_free(expr):
            # numpy.log(2) is a float64 scalar, which would turn float32 arrays into float64: a Python float.
            return f"{text}.item()"
        return text

    def _print_table_function(self, c, expr) -> str:
        """A function of the language table by its NumPy name (``numpy.maximum``) or stable kernel (``_erf``)."""
        fn = c.numpy if c.numpy.startswith("_") else self._module_format(c.numpy)
        if c.kind == "constant":
            return fn
        args = [self._print(a) for a in (c.operands(expr) if c.operands else expr.args)]
        out = args[0]
        if len(args) == 1:
            return f"{fn}({out})"
        for a in args[1:]:  # binary ufuncs (maximum, minimum) folded over more operands
            out = f"{fn}({out}, {a})"
        return out

    def _wrap(self, expr, level: int) -> str:
        s = self._print(expr)
        if isinstance(expr, (sp.MatrixSymbol, sp.Symbol, Transpose)) or expr.is_Number:
            return s
        if isinstance(expr, sp.Function):
            return s
        if isinstance(expr, sp.matrices.expressions.applyfunc.ElementwiseApplyFunction) and (
                isinstance(expr.function.expr, sp.Function) or expr.function.expr.is_Atom):
            return s  # a call: (1 + numpy.exp(-Z))**(-2.0) is not, and would take the .sum() that follows
        return f"({s})"

    def _print_MatrixSymbol(self, expr):
        return expr.name

    def _print_Transpose(self, expr):
        return f"{self._wrap(expr.arg, PRECEDENCE['Atom'])}.T"

    def _print_OneMatrix(self, expr):
        r, c = expr.shape
        return f"{self._module_format('numpy.ones')}(({self._print(r)}, {self._print(c)}), {DTYPE})"

    def _print_Piecewise(self, expr):
        # numpy.select takes its type from its choices: a Python number there (the 1/10 of a leaky ReLU's
        # slope) is a float64 array to it, and a float32 model's result came out float64.
        return f"{super()._print_Piecewise(expr)}.astype({DTYPE}, copy=False)"

    def _print_Identity(self, expr):
        # SymPy's own numpy.eye(n) is float64: a float32 model's 1×1 factor (t · 1) made its gradient float64
        return f"{self._module_format('numpy.eye')}({self._print(expr.rows)}, dtype={DTYPE})"

    def _print_Pow(self, expr, rational=False):
        if expr.exp == -1 and not isinstance(expr.base, MatrixExpr):
            return f"(1/{self._wrap(expr.base, 0)})"
        if _array_free(expr) and expr.exp.is_Rational and not expr.exp.is_Integer:
            # √d as Python's d ** (1/2), not numpy.sqrt(d): a float64 scalar (see the module docstring).
            base = self._print(expr.base) if expr.base.is_Atom else f"({self._print(expr.base)})"
            return f"{base} ** ({self._print(expr.exp)})"
        return super()._print_Pow(expr, rational=rational)

    def _split(self, expr):
        coeff = [a for a in expr.args if not isinstance(a, MatrixExpr)]
        mats = [a for a in expr.args if isinstance(a, MatrixExpr)]
        return sp.Mul(*coeff), mats

    def _product(self, mats: list) -> str:
        # A product with a ones vector is a sum along one axis; ones(k,1) @ row is a broadcast.
        mats = _split_ones(mats) if len(mats) >= 2 else list(mats)
        if len(mats) >= 3 and _is_ones(mats[0]) and _is_ones(mats[-1]) and mats[0].shape[0] == 1 \
                and mats[-1].shape[1] == 1:
            # 1ᵀ M 1 is the sum of every entry of M (a transpose does not change it).
            inner = sp.MatMul(*mats[1:-1]) if len(mats) > 3 else mats[1]
            flipped = Transpose(inner).doit()
            if _transposes(flipped) < _transposes(inner):
                inner = flipped
            return f"{self._wrap(inner, 0)}.sum()"
        # A number in front of a column, as derive writes (Σ_b g_b x̂_b) x̂: 1ᵀ (g ⊙ x̂) is a 1 × 1 array, which
        # numpy multiplies element-wise but not as the left operand of a matrix product with B rows.
        for k in range(2, len(mats)):
            if mats[0].shape[0] == 1 and mats[k - 1].shape[1] == 1 and mats[k].shape[0] != 1:
                return f"{self._wrap_sum(mats[:k])} * {self._group(mats[k:])}"
        # (L 1)(1ᵀ R): the row sums of L times the column sums of R, an outer product by broadcasting; with L or R
        # absent, a broadcast of the other (never a product with a p × q ones matrix, nor the matrix itself).
        for k in range(len(mats) - 1):
            if _is_ones(mats[k]) and mats[k].shape[1] == 1 and _is_ones(mats[k + 1]) and mats[k + 1].shape[0] == 1:
                left, right = mats[:k + 1], mats[k + 1:]
                if len(left) == 1 and len(right) == 1:
                    break  # 1 1ᵀ alone: the ones matrix it is
                shape = f"({self._print(left[0].shape[0])}, {self._print(right[-1].shape[1])})"
                if len(left) == 1:
                    return f"{self._module_format('numpy.broadcast_to')}({self._product(right)}, {shape})"
                if len(right) == 1:
                    return f"{self._module_format('numpy.broadcast_to')}({self._product(left)}, {shape})"
                return f"{self._wrap_sum(left)} * {self._wrap_sum(right)}"
        # A (M 1), not (A M) 1: M's row sums are a vector, while A M may be a large matrix (x (g ⊙ x̂)ᵀ is B × B).
        if len(mats) > 2 and _is_ones(mats[-1]) and mats[-1].shape[1] == 1:
            if mats[-2].shape[0] == 1:  # c (vᵀ 1): a column times a number, by broadcasting
                return f"{self._wrap_sum(mats[-2:])} * {self._group(mats[:-2])}"
            return f"{self._group(mats[:-2])} @ {self._wrap_sum(mats[-2:])}"
        if len(mats) > 2 and _is_ones(mats[0]) and mats[0].shape[0] == 1:
            return f"{self._wrap_sum(mats[:2])} @ {self._group(mats[2:])}"
        if len(mats) == 2 and _is_ones(mats[-1]) and mats[-1].shape[1] == 1:
            if isinstance(mats[0], Transpose):
                return self._flipped_sum(mats[0].arg, axis=0)  # Mᵀ 1 = (1ᵀ M)ᵀ
            return f"{self._wrap(mats[0], 0)}.sum(axis=1, keepdims=True)"
        if len(mats) == 2 and _is_ones(mats[0]) and mats[0].shape[0] == 1:
            if isinstance(mats[1], Transpose):
                return self._flipped_sum(mats[1].arg, axis=1)  # 1ᵀ Mᵀ = (M 1)ᵀ
            return f"{self._wrap(mats[1], 0)}.sum(axis=0, keepdims=True)"
        if len(mats) == 2 and _is_ones(mats[0]) and mats[0].shape[1] == 1 and mats[1].shape[0] == 1:
            r, c = mats[0].shape[0], mats[1].shape[1]
            return f"{self._module_format('numpy.broadcast_to')}({self._print(mats[1])}, ({self._print(r)}, {self._print(c)}))"
        if len(mats) == 2 and _is_ones(mats[1]) and mats[1].shape[0] == 1 and mats[0].shape[1] == 1:
            r, c = mats[0].shape[0], mats[1].shape[1]
            return f"{self._module_format('numpy.broadcast_to')}({self._print(mats[0])}, ({self._print(r)}, {self._print(c)}))"
        # A ones vector inside a longer product: a sum of its neighbour, and the product around it an outer one,
        # by broadcasting (w s 1ᵀ H is the column w s times the column sums of H, not w s 1ᵀ, a B × B matrix, times H).
        for k in range(1, len(mats) - 1):
            if _is_ones(mats[k]) and mats[k].shape[0] == 1:  # after a column: L (1ᵀ R)
                return f"{self._wrap_sum(mats[k:])} * {self._group(mats[:k])}"
            if _is_ones(mats[k]) and mats[k].shape[1] == 1:  # before a row: (L 1) R
                return f"{self._wrap_sum(mats[:k + 1])} * {self._group(mats[k + 1:])}"
        # 1 r (a row r of several factors) and c 1ᵀ: broadcasts, as the two-factor cases above.
        if len(mats) > 2 and _is_ones(mats[0]) and mats[0].shape[1] == 1:
            shape = f"({self._print(mats[0].shape[0])}, {self._print(mats[-1].shape[1])})"
            return f"{self._module_format('numpy.broadcast_to')}({self._product(mats[1:])}, {shape})"
        if len(mats) > 2 and _is_ones(mats[-1]) and mats[-1].shape[0] == 1:
            shape = f"({self._print(mats[0].shape[0])}, {self._print(mats[-1].shape[1])})"
            return f"{self._module_format('numpy.broadcast_to')}({self._product(mats[:-1])}, {shape})"
        # diag(v) R scales the rows of R by v, L diag(v) the columns of L: a broadcast, not a
        # (B × B) diagflat (a per-sample scalar times each row of a batch).
        for k, m in enumerate(mats if len(mats) >= 2 else ()):
            if isinstance(m, DiagMatrix):
                arg, left, right = m.args[0], mats[:k], mats[k + 1:]
                v = self._print(arg) if isinstance(arg, sp.MatrixSymbol) else f"({self._print(arg)})"
                if right:
                    scaled = f"({v} * {self._group(right)})"
                    return f"{self._group(left)} @ {scaled}" if left else scaled
                return f"({self._group(left)} * {v}.T)"
        return " @ ".join(self._wrap(m, 0) for m in mats)

    def _flipped_sum(self, m, axis: int) -> str:
        """Sum of ``m`` along ``axis``, transposed back (a no-op left out when the sum is 1×1)."""
        text = f"{self._wrap(m, 0)}.sum(axis={axis}, keepdims=True)"
        other = m.shape[1 - axis]
        return text if other == 1 else f"{text}.T"

    def _wrap_sum(self, mats: list) -> str:
        """A sum along one axis (``M 1`` or ``1ᵀ M``) as an operand of ``@``: bracketed unless a postfix call."""
        text = self._product(mats)
        postfix = (text.endswith("keepdims=True)") or text.endswith(".T")) and _one_term(text)
        return text if postfix else f"({text})"

    def _group(self, mats: list) -> str:
        if len(mats) == 1:
            return self._wrap(mats[0], 0)
        return f"({self._product(mats)})"

    def _print_MatMul(self, expr):
        coeff, mats = self._split(expr)
        body = self._product(mats)
        if coeff == 1:
            return body
        if coeff == -1:
            return f"-{self._wrap_product(body, mats)}"
        num, den = sp.fraction(coeff)
        out = self._wrap_product(body, mats)
        if num != 1:
            out = f"{self.parenthesize(num, PRECEDENCE['Mul'], strict=True)} * {out}"
        if den != 1:
            out = f"{out} / {self._wrap(den, 0)}"
        return out

    def _wrap_product(self, body: str, mats: list) -> str:
        if len(mats) == 1 and isinstance(mats[0], (sp.MatrixSymbol, Transpose)):
            return body
        # A reduction prints as a postfix call (``(…).sum(axis=1, keepdims=True)``): it binds tighter than * or -.
        reduction = len(mats) >= 2 and ((_is_ones(mats[-1]) and mats[-1].shape[1] == 1)
                                        or (_is_ones(mats[0]) and mats[0].shape[0] == 1))
        return body if reduction else f"({body})"

    def _print_MatAdd(self, expr):
        # Positive terms first ("S - Y", not "-Y + S"); a scalar times a ones matrix is printed as the
        # scalar itself and left to numpy's broadcasting when some other term is a real array.
        terms = sorted(expr.args, key=sp.default_sort_key)
        terms.sort(key=self._is_negative)
        broadcast = any(not self._is_const(t) for t in expr.args)
        parts: list[str] = []
        for t in terms:
            coeff, mats = self._split(t) if isinstance(t, sp.MatMul) else (sp.Integer(1), [t])
            neg = self._is_negative(t)
            if neg:
                coeff = -coeff
            if len(mats) == 1 and _is_ones(mats[0]) and broadcast:
                text = self._print(coeff) if coeff.is_Atom else f"({self._print(coeff)})"
            elif broadcast and (vector := _broadcast_vector(mats)) is not None:
                # 1 bᵀ (or b 1ᵀ) beside a full array: numpy broadcasts the row (column) itself.
                text = self._print(sp.MatMul(coeff, vector) if coeff != 1 else vector)
                if neg and not _one_term(text):  # P − 1(a + b) is P - (a + b): a bare "P - a + b" flipped b's sign
                    text = f"({text})"
            elif coeff == 1:
                text = self._print(mats[0] if len(mats) == 1 else sp.MatMul(*mats))
                # Only a sum needs parentheses after a minus: *, @ and / bind tighter.
                if neg and len(mats) == 1 and isinstance(mats[0], sp.MatAdd):
                    text = f"({text})"
            else:
                text = self._print(sp.MatMul(coeff, *mats))
            sign = "-" if neg else "+"
            parts.append(("-" if neg else "") + text if not parts else f"{sign} {text}")
        return " ".join(parts)

    @staticmethod
    def _is_negative(t) -> bool:
        if not isinstance(t, sp.MatMul):
            return False
        # could_extract_minus_sign, unlike is_negative, is decided for symbolic coefficients (λ, R).
        return bool(sp.Mul(*[a for a in t.args if not isinstance(a, MatrixExpr)]).could_extract_minus_sign())

    @staticmethod
    def _is_const(t) -> bool:
        mats = [a for a in t.args if isinstance(a, MatrixExpr)] if isinstance(t, sp.MatMul) else [t]
        return len(mats) == 1 and _is_ones(mats[0])

    def _print_HadamardProduct(self, expr):
        return " * ".join(self._wrap(a, 0) for a in expr.args)

    def _print_HadamardPower(self, expr):
        exp = self._print(expr.exp)
        # x ** 1/2 is (x ** 1)/2 in Python: a fractional exponent is bracketed.
        return f"{self._wrap(expr.base, 0)} ** {exp if expr.exp.is_Integer else f'({exp})'}"

    def _print_ElementwiseApplyFunction(self, expr):
        # Apply the scalar function to a symbol standing for the whole array: numpy broadcasts it.
        var = expr.function.variables[0]
        stand_in = sp.Symbol(self._wrap(expr.expr, 0))
        return self._print(expr.function.expr.xreplace({var: stand_in}))

    def _print_Symbol(self, expr):
        return expr.name

    def _print_KernelCall(self, expr):
        arg = self._print(expr.arg)
        if expr.axis is None:
            return f"{expr.kernel}({arg})"
        return f"{expr.kernel}({arg}, {expr.axis})"

    def _print_Entry(self, expr):
        return f"{self._print(expr.args[0])}[0, 0]"

    def _print_BatchMean(self, expr):
        # The sum over the rows divided by their number is numpy.mean's own computation, without its
        # several microseconds of argument handling (a tenth of a small batch's whole call).
        arg = expr.args[0]
        return f"{self._wrap(arg, 0)}.sum() / {self._print(arg.shape[0])}"


class BatchMean(MatrixExpr):
    """The mean of a B×1 column of per-sample losses: the loss the compiled function returns."""

    @property
    def shape(self):
        return (sp.Integer(1), sp.Integer(1))


class Entry(MatrixExpr):
    """The single entry of a 1×1 array as a number: an already batched model's loss J."""

    @property
    def shape(self):
        return (sp.Integer(1), sp.Integer(1))


def code(expr) -> str:
    """NumPy source text for one matrix expression."""
    return NumericPrinter().doprint(expr)

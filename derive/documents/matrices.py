"""Matrix notation in LaTeX math: what + −, products, fractions and powers mean when a side is an array.

A value of the reader is a SymPy scalar or a ``derive.language.arrays.Array`` (a bare vector or
matrix name is the whole array, a vector a column).  LaTeX does not say which product it means,
so the operands decide: juxtaposition and ``\\cdot`` of two arrays are the matrix product
(``\\cdot`` of two vectors of one length is their dot product, as physics writes it), ``\\odot``
the entrywise product, ``\\otimes`` the outer product; a scalar scales.  Unlike NumPy, arrays of
different shapes never broadcast: a matrix plus a vector is a mistake in a derivation, not a
shorthand, so it is an error naming both shapes.  Scalars broadcast.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import sympy as sp
from sympy import Expr

from ..language import arrays
from ..language.arrays import Array, Fresh, InnerMismatch, entrywise, shape_text
from ..verify.parser import ParseError
from .macros import FUNCTION_MACROS
from .unsized import Unsized

#: summation indices matrix notation may add to one side (each matrix product, trace, softmax adds one):
#: a hostile chain of hundreds of products would nest Sums that deep and take SymPy seconds to build
MAX_IMPLICIT_SUMS = 16
#: the reader's product operators (``None`` is juxtaposition)
CDOT, TIMES, ODOT, OTIMES, DIVIDE, STAR = "cdot", "times", "odot", "otimes", "/", "*"
_ROW_HINT = "a vector is a column; write x^\\top for a row"


def _is_matrix(v) -> bool:
    """True for an array with two axes of more than one entry each way (not a vector, nor a row)."""
    return isinstance(v, Array) and len(arrays.normal_shape(v.shape2)) == 2 and v.shape2[0] != sp.Integer(1)


def scalar(v, what: str) -> Expr:
    """``v`` when it is one value; a ``ParseError`` naming ``what`` and the shape otherwise."""
    if isinstance(v, Array):
        raise ParseError(f"{what} must be one value, not a whole array of shape {shape_text(v)}")
    return v


class BoundedFresh(Fresh):
    """``Fresh`` summation indices, at most ``MAX_IMPLICIT_SUMS`` of them for one side."""

    def __init__(self, taken):
        super().__init__(taken)
        self.given = 0

    def __call__(self, preferred: str = "") -> sp.Symbol:
        self.given += 1
        if self.given > MAX_IMPLICIT_SUMS:
            raise ParseError(f"more than {MAX_IMPLICIT_SUMS} matrix products (or traces) in one side: "
                             f"split the equation")
        return super().__call__(preferred)


def lowered(work: Callable[[], tuple]) -> tuple:
    """``work()`` (building entries of arrays), with SymPy's recursion limit turned into a ``ParseError``."""
    try:
        return work()
    except RecursionError:
        raise ParseError("the math is nested too deeply") from None


#: An upright function name (\mathrm{diag}, \mathrm{softmax}): its letters are no index the text uses.
_UPRIGHT_FUNCTION = re.compile(r"\\mathrm\s*\{(" + "|".join(sorted(
    (re.escape(m[len("\\mathrm{"):-1]) for m in FUNCTION_MACROS if m.startswith("\\mathrm{")), key=len, reverse=True))
    + r")\}")


def taken_names(text: str, declared) -> set[str]:
    """Every name ``text`` could use as an index (letters, macro names) and the context's names."""
    plain = re.sub(r"\\(operatorname\*?|text[a-z]*|mbox)\s*\{[^{}]*\}", " ", _UPRIGHT_FUNCTION.sub(" ", text))
    return {m.lstrip("\\") for m in re.findall(r"\\[A-Za-z]+|[A-Za-z]", plain)} | set(declared)


def _as_column(v: Array, sizes: Unsized) -> tuple:
    """``v``'s shape with a row written as the column it transposes (to tell a layout from a slip)."""
    shape = tuple(map(sizes.resolve, arrays.normal_shape(v.shape)))
    return (shape[1],) if len(shape) == 2 and shape[0] == sp.Integer(1) else shape


def _same_shapes(values: list, what: str, sizes: Unsized | None) -> list:
    """``values`` with their arrays checked to be of one shape (an unwritten size of I or 1 bound to it)."""
    sizes = sizes or Unsized()
    shaped = [v for v in values if isinstance(v, Array)]
    first = arrays.normal_shape(shaped[0].shape) if shaped else ()
    for v in shaped[1:]:
        shape = arrays.normal_shape(v.shape)
        if len(shape) != len(first) or not all([sizes.unify(a, b) for a, b in zip(first, shape)]):
            agree = tuple((sizes.resolve(a), sizes.resolve(b)) for a, b in zip(first, shape)) \
                if len(shape) == len(first) else ()
            if len({_as_column(v, sizes) for v in shaped}) == 1:  # s - y^\top: a layout to fix, not a slip
                raise ParseError(f"shape mismatch in {what}: {' and '.join(sizes.shown(v) for v in shaped)} "
                                 f"(arrays of different shapes are not broadcast; {_ROW_HINT})")
            raise InnerMismatch(f"shape mismatch in {what}: {' and '.join(sizes.shown(v) for v in shaped)} "
                                f"(arrays of different shapes are not broadcast; {_ROW_HINT})", what,
                                [tuple(map(sizes.resolve, v.shape)) for v in shaped], agree)
    return [sizes.shaped(v) for v in values]


def elementwise(fn: Callable[..., Expr], values: list, what: str, sizes: Unsized | None = None):
    """``fn`` entry by entry over ``values`` (arrays of one shape, and scalars)."""
    return entrywise(fn, _same_shapes(values, what, sizes), what)


def add(terms: list, sizes: Unsized | None = None):
    """The sum of the terms of an expression (one ``Add``: summing term by term is quadratic)."""
    if not any(isinstance(t, Array) for t in terms):
        return sp.Add(*terms)
    return elementwise(lambda *t: sp.Add(*t), terms, "a sum", sizes)


def negate(v):
    """``-v``, entry by entry for an array."""
    return entrywise(lambda a: -a, [v], "-")


def times(a, op: str | None, b, fresh: Fresh, sizes: Unsized | None = None):
    """``a op b`` for a product operator of the reader (juxtaposition is ``None``)."""
    sizes = sizes or Unsized()
    if op == DIVIDE:
        return divide(a, b, sizes)
    if not (isinstance(a, Array) and isinstance(b, Array)):
        if op == OTIMES:
            raise ParseError(f"\\otimes is the outer product of two vectors, got {shape_text(a)} and {shape_text(b)}")
        return entrywise(lambda x, y: x * y, [a, b], "a product")
    if op == ODOT:
        return elementwise(lambda x, y: x * y, [a, b], "\\odot", sizes)
    if op == OTIMES:
        if len(a.shape) != 1 or len(b.shape) != 1:
            raise ParseError(f"\\otimes is the outer product of two vectors, got {shape_text(a)} and {shape_text(b)}")
        return arrays.outer(a, b)
    if op in (TIMES, STAR):
        # a * b is a product of numbers, but of two arrays the entrywise one in papers (dropout's r * y), a
        # convolution in others, and the matrix or dot product in code-minded notes
        written = "*" if op == STAR else "\\times"
        raise ParseError(f"{written} between two arrays is ambiguous: write the "
                         "matrix product as A B or A \\cdot B, the entrywise product as A \\odot B")
    if op == CDOT and len(a.shape) == 1 and len(b.shape) == 1 and sizes.unify(a.shape[0], b.shape[0]):
        a = arrays.transpose(a)  # u · v of two columns is the dot product uᵀv
        if not isinstance(a, Array):  # of length one (a size fixed to 1): uᵀ is 1×1, a scalar
            return a * b.at(sp.Integer(1))
    return matmul(a, b, fresh, sizes)


def matmul(a: Array, b: Array, fresh: Fresh, sizes: Unsized | None = None):
    """The matrix product of two arrays (a 1×1 result is a scalar)."""
    sizes = sizes or Unsized()
    (_, k1), (k2, _) = a.shape2, b.shape2
    if not sizes.unify(k1, k2):
        if arrays.transposing_fits(a, b, lambda p, q: arrays.same_size(sizes.resolve(p), sizes.resolve(q))):
            # x W for x^\top W: a layout to fix, not a slip to refute
            hint = _ROW_HINT if len(a.shape) + len(b.shape) > 2 else \
                "two columns side by side: write h^\\top g for their inner product, h \\odot g entry by entry"
            raise ParseError(f"shape mismatch in a matrix product: {sizes.shown(a)} times {sizes.shown(b)} "
                             f"(inner sizes {k1} and {k2} differ; {hint})")
        raise InnerMismatch(f"shape mismatch in a matrix product: {sizes.shown(a)} times {sizes.shown(b)} "
                            f"(inner sizes {k1} and {k2} differ; {_ROW_HINT})", "a matrix product",
                            [tuple(map(sizes.resolve, v.shape)) for v in (a, b)],
                            ((sizes.resolve(k1), sizes.resolve(k2)),))
    return arrays.matmul(sizes.shaped(a), sizes.shaped(b), fresh)


def divide(a, b, sizes: Unsized | None = None):
    """``a / b``: an array divided by a scalar, or entrywise by a vector of its own shape."""
    if _is_matrix(b):
        raise ParseError(f"cannot divide by a matrix (shape {shape_text(b)}): matrix inverses are not supported")
    if not isinstance(a, Array) and not isinstance(b, Array):
        return arrays.quotient(a, b)
    return elementwise(arrays.quotient, [a, b], "a division", sizes)


def power(base, exponent, raise_scalar: Callable[[Expr, Expr], Expr]):
    """``base^exponent``: entrywise for a vector (``\\sigma^2`` of per-feature variances); a matrix power is refused."""
    exponent = scalar(exponent, "an exponent")
    if not isinstance(base, Array):
        return raise_scalar(base, exponent)
    if _is_matrix(base) and exponent.is_negative:
        raise ParseError(f"cannot raise a matrix (shape {shape_text(base)}) to {exponent}: matrix inverses are "
                         f"not supported")
    if _is_matrix(base):
        raise ParseError(f"a power of a matrix (shape {shape_text(base)}) is ambiguous: write A A for the "
                         f"matrix product or A \\odot A entrywise")
    return entrywise(lambda v: raise_scalar(v, exponent), [base], "a power")


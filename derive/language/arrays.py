"""Matrix notation: whole arrays as values while parsing, lowered entry by entry to index form.

An unindexed quantity name is the whole array and a vector is a column.  Every operation of
matrix notation (``@``, ``.T``, elementwise arithmetic with broadcasting, ``outer``, ``diag``,
``eye``, ``ones``, ``sum``, ``trace``, entrywise functions, ``diff`` by a whole array) builds an
``Array``: its shape and a function giving one entry as a scalar SymPy expression in the index
semantics the rest of derive already has.  A matrix claim is an identity of entries, so it is
checked, refuted and proved for symbolic sizes exactly like a claim written with indices.

Shapes are tuples of sizes: ``(n,)`` a column vector, ``(n, m)`` a matrix, ``(1, n)`` a row (a
transposed vector).  An axis of size 1 broadcasts, as in NumPy; a vector never stands for a
row (write ``v.T``).  Summation indices come from ``Fresh``, which never reuses a name the
expression's text or the file declares, so lowering cannot capture an index the user wrote.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sympy as sp
from sympy import Expr

from ..indexcalc import index
from .scope import ParseError

ONE = sp.Integer(1)
#: matrix notation has vectors and matrices; a third axis has no notation here
MAX_ARRAY_AXES = 2
#: summation indices take these first; free indices of a claim prefer i, j
_LETTERS = "klpqrtuvabcdefghij"


@dataclass(frozen=True)
class Array:
    """A vector ``(n,)``, matrix ``(r, c)`` or row ``(1, c)`` and the function giving its entries."""

    shape: tuple[Expr, ...]
    #: ``at(i)`` for a vector, ``at(i, j)`` for a matrix: the entry as a scalar expression
    at: Callable[..., Expr]
    #: the declared quantity this array is, whole (a ``diff`` variable), else ""
    quantity: str = ""

    def entry2(self, i: Expr, j: Expr) -> Expr:
        """Entry (i, j) with a vector read as a column (its column index ignored)."""
        return self.at(i) if len(self.shape) == 1 else self.at(i, j)

    @property
    def shape2(self) -> tuple[Expr, Expr]:
        """The shape as (rows, columns), a vector being a column."""
        return (self.shape[0], ONE) if len(self.shape) == 1 else self.shape


class Fresh:
    """Index names that appear nowhere in the text being parsed nor among the file's names."""

    def __init__(self, taken: Iterable[str]):
        self.taken = set(taken)

    def __call__(self, preferred: str = "") -> sp.Symbol:
        """A new index symbol (``preferred`` letters first, then the usual ones, then numbered)."""
        # Lazily: the numbered names are 3000, and almost every call stops at the first letters.
        numbered = (f"{c}{n}" for n in range(1, 1000) for c in "kij")
        for name in itertools.chain(preferred, _LETTERS, numbered):
            if name not in self.taken:
                self.taken.add(name)
                return index(name)
        raise ParseError("too many summation indices in one expression")


def shape_text(value) -> str:
    """``a scalar``, ``(n,)`` or ``(n, m)``: a value's shape as messages print it."""
    return dims_text(value.shape) if isinstance(value, Array) else "a scalar"


def dims_text(shape: tuple) -> str:
    """``(n,)`` or ``(n, m)``: a shape as messages print it (sizes or numbers); ``a scalar`` for no axes."""
    if not shape:
        return "a scalar"
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def same_size(a: Expr, b: Expr) -> bool:
    """True when two sizes are the same for every value of the size symbols."""
    return a == b or sp.expand(a - b) == 0


def normal_shape(shape: tuple) -> tuple:
    """``(r, 1)`` is the vector ``(r,)``: the column convention makes them one shape."""
    if len(shape) == 2 and shape[1] == ONE and shape[0] != ONE:
        return (shape[0],)
    return tuple(shape)


def same_shape(a: tuple, b: tuple) -> bool:
    """True when two shapes agree axis by axis (after the column convention)."""
    a, b = normal_shape(a), normal_shape(b)
    return len(a) == len(b) and all(same_size(x, y) for x, y in zip(a, b))


def _array(shape2: tuple[Expr, Expr], at2: Callable[[Expr, Expr], Expr]):
    """An Array of shape ``shape2`` (normalised: a column is a vector, 1×1 is a scalar)."""
    rows, cols = shape2
    if rows == ONE and cols == ONE:
        return at2(ONE, ONE)
    if cols == ONE:
        return Array((rows,), lambda i: at2(i, ONE))
    return Array((rows, cols), at2)


def quantity_array(name: str, shape: tuple, base) -> Array:
    """The whole declared quantity ``name`` (vector or matrix)."""
    if len(shape) > MAX_ARRAY_AXES:
        raise ParseError(f"{name} has {len(shape)} axes: matrix notation has vectors and matrices only; "
                         f"index it like {name}[{', '.join('ijk'[:len(shape)])}]")
    if len(shape) == 1:
        return Array(tuple(shape), lambda i: base[i], name)
    return Array(tuple(shape), lambda i, j: base[i, j], name)


# -- elementwise operations and broadcasting ---------------------------------------------------

def _broadcast(values: list, what: str) -> tuple[Expr, Expr]:
    rows = cols = ONE
    for v in values:
        if not isinstance(v, Array):
            continue
        r, c = v.shape2
        rows = _axis(rows, r, values, what)
        cols = _axis(cols, c, values, what)
    return rows, cols


def _axis(have: Expr, new: Expr, values: list, what: str) -> Expr:
    if have == ONE:
        return new
    if new == ONE or same_size(have, new):
        return have
    shaped = [v for v in values if isinstance(v, Array)]
    shapes = " and ".join(shape_text(v) for v in shaped)
    raise InnerMismatch(f"shape mismatch in {what}: {shapes} (a vector is a column; write v.T for a row)",
                        _OPERATIONS.get(what, what), [v.shape for v in shaped], ((have, new),))


#: How a side that cannot be formed names what it was forming (``a sum (+) of (m,) and (n,)``).
_OPERATIONS = {"+": "a sum (+)", "-": "a difference (-)", "*": "an entrywise product (*)",
               "/": "an entrywise quotient (/)", "**": "an entrywise power (**)"}


def _pick(v, i: Expr, j: Expr) -> Expr:
    """Entry (i, j) of ``v`` under broadcasting (a scalar is every entry; an axis of 1 repeats)."""
    if not isinstance(v, Array):
        return v
    r, c = v.shape2
    return v.entry2(ONE if r == ONE else i, ONE if c == ONE else j)


def entrywise(fn: Callable[..., Expr], values: list, what: str):
    """``fn`` applied entry by entry to ``values`` (scalars and arrays, broadcast together)."""
    if not any(isinstance(v, Array) for v in values):
        return fn(*values)
    shape2 = _broadcast(values, what)
    return _array(shape2, lambda i, j: fn(*(_pick(v, i, j) for v in values)))


# -- products and reshaping ----------------------------------------------------------------------

def matmul(a, b, fresh: Fresh):
    """``a @ b``: Σ_k a_ik b_kj (a vector is a column; a 1×1 result is a scalar)."""
    if not isinstance(a, Array) or not isinstance(b, Array):
        raise ParseError("@ multiplies two arrays (use * to scale by a scalar)")
    (r, k1), (k2, c) = a.shape2, b.shape2
    if not same_size(k1, k2):
        if transposing_fits(a, b, same_size):  # x @ W for x.T @ W: a layout to fix, not a slip to refute
            raise ParseError(f"shape mismatch in @: {shape_text(a)} @ {shape_text(b)} (inner sizes {k1} and {k2} "
                             f"differ; a vector is a column, write v.T for a row)")
        raise InnerMismatch(f"shape mismatch in @: {shape_text(a)} @ {shape_text(b)} (inner sizes {k1} and {k2} "
                            f"differ; a vector is a column, write v.T for a row)", "a matrix product",
                            [a.shape, b.shape], ((k1, k2),))
    if k1 == ONE:
        return _array((r, c), lambda i, j: a.entry2(i, ONE) * b.entry2(ONE, j))
    d = fresh()
    return _array((r, c), lambda i, j: sp.Sum(a.entry2(i, d) * b.entry2(d, j), (d, 1, k1)))


def transpose(a):
    """``a.T``: a vector becomes a row, a row a vector; a scalar is its own transpose."""
    if not isinstance(a, Array):
        return a
    r, c = a.shape2
    return _array((c, r), lambda i, j: a.entry2(j, i))


def outer(a, b):
    """``outer(a, b)``: the matrix a_i b_j of two vectors."""
    _vector(a, "outer")
    _vector(b, "outer")
    return _array((a.shape[0], b.shape[0]), lambda i, j: a.at(i) * b.at(j))


def diag(v):
    """``diag(v)``: the square matrix with ``v`` on its diagonal."""
    _vector(v, "diag")
    return Array((v.shape[0], v.shape[0]), lambda i, j: sp.KroneckerDelta(i, j) * v.at(i))


def eye(n: Expr):
    """``eye(n)``: the n×n identity matrix."""
    return Array((n, n), lambda i, j: sp.KroneckerDelta(i, j))


def ones(*sizes: Expr):
    """``ones(n)`` (a vector) or ``ones(n, m)`` (a matrix) of ones."""
    return _array((sizes[0], sizes[1] if len(sizes) > 1 else ONE), lambda i, j: ONE)


def total(a, axis: int | None = None, *, fresh: Fresh):
    """``sum(A)``: all entries; ``sum(A, 0)`` over the first axis, ``sum(A, 1)`` over the second."""
    if not isinstance(a, Array):
        raise ParseError("sum(A) adds the entries of an array; for a sum over an index write Sum(f, (i, 1, n))")
    if axis is None:
        d = fresh()
        if len(a.shape) == 1:
            return sp.Sum(a.at(d), (d, 1, a.shape[0]))
        e = fresh()
        return sp.Sum(a.at(d, e), (e, 1, a.shape[1]), (d, 1, a.shape[0]))
    if axis < 0:
        axis += len(a.shape)
    if not 0 <= axis < len(a.shape):
        raise ParseError(f"sum(A, {axis}): an array of shape {shape_text(a)} has no axis {axis}")
    if len(a.shape) == 1:
        return total(a, fresh=fresh)
    d = fresh()
    rows, cols = a.shape
    if axis == 0:
        return Array((cols,), lambda j: sp.Sum(a.at(d, j), (d, 1, rows)))
    return Array((rows,), lambda i: sp.Sum(a.at(i, d), (d, 1, cols)))


def trace(a, *, fresh: Fresh):
    """``trace(A)``: the sum of a square matrix's diagonal; of a scalar, the scalar (a 1 × 1 matrix: the trace trick's
    xᵀAx = tr(xᵀAx) = tr(Axxᵀ))."""
    if not isinstance(a, Array):
        return a
    if isinstance(a, Array) and len(a.shape) == 2 and not same_size(*a.shape):
        # (n, m) is no square at n ≠ m: a side with no value there (refutes a claim), as a product that cannot be formed
        raise InnerMismatch(f"trace() takes a square matrix, got {shape_text(a)}", "a trace", [a.shape], (a.shape,))
    if len(a.shape) != 2:
        raise ParseError(f"trace() takes a square matrix (or a scalar), got {shape_text(a)}")
    d = fresh()
    return sp.Sum(a.at(d, d), (d, 1, a.shape[0]))


def softmax(v, *, fresh: Fresh):
    """``softmax(v)`` of a vector: the vector of e^{v_i} / Σ_k e^{v_k}; of a row (one query's scores, qᵀKᵀ/√d),
    the row of them."""
    if isinstance(v, Array) and len(v.shape) == 2 and v.shape[0] == ONE:
        k = fresh()
        return Array(v.shape, lambda r, i: sp.exp(v.at(r, i)) / sp.Sum(sp.exp(v.at(r, k)), (k, 1, v.shape[1])))
    _vector(v, "softmax")
    k = fresh()
    return Array(v.shape, lambda i: sp.exp(v.at(i)) / sp.Sum(sp.exp(v.at(k)), (k, 1, v.shape[0])))


def logsumexp(v, *, fresh: Fresh):
    """``logsumexp(v)`` of a vector: ln Σ_k e^{v_k}, the log of softmax's normaliser."""
    _vector(v, "logsumexp")
    k = fresh()
    return sp.log(sp.Sum(sp.exp(v.at(k)), (k, 1, v.shape[0])))


def slice_of(value) -> str:
    """The quantity whose entries a vector's are, one each (a key row k^{(j)} of K), else ""."""
    if not isinstance(value, Array) or value.quantity or len(value.shape) != 1:
        return ""
    t = sp.Dummy("t", integer=True)
    entry = value.at(t)
    # t itself as one index and in no other: distinct entries, so ∂ by the slice is ∂ by each of them.
    if not isinstance(entry, sp.Indexed) or t not in entry.indices \
            or sum(i.has(t) for i in entry.indices) != 1:
        return ""
    return str(entry.base)


def derivative(f, var, what: str):
    """``diff(f, var)`` with ``f`` or ``var`` a whole array: the array of ∂f_entry/∂var_entry."""
    fr = f.shape if isinstance(f, Array) else ()
    vr = var.shape if isinstance(var, Array) else ()
    if len(fr) + len(vr) > MAX_ARRAY_AXES:
        raise ParseError(f"{what}: the derivative of {shape_text(f)} by {shape_text(var)} would have "
                         f"{len(fr) + len(vr)} axes; matrix notation has at most {MAX_ARRAY_AXES} "
                         f"(differentiate by one entry instead, like W[j, k])")
    if isinstance(var, Array) and not var.quantity and not slice_of(var):
        raise ParseError(f"{what}: differentiate by a quantity (like W) or an entry of one, not an expression")

    def at(*ix):
        fi, vi = ix[:len(fr)], ix[len(fr):]
        body = f.at(*fi) if fr else f
        return sp.Derivative(body, var.at(*vi) if vr else var, evaluate=False)
    return Array((*fr, *vr), at)


def _vector(v, what: str) -> None:
    if not isinstance(v, Array) or len(v.shape) != 1:
        how = " (for one per row, write an entry: e^{S_{ij}} / \\sum_k e^{S_{ik}})" \
            if what == "softmax" and isinstance(v, Array) and len(v.shape) == 2 else ""
        raise ParseError(f"{what}() takes vectors, got {shape_text(v)}{how}")


def quotient(a: Expr, b: Expr) -> Expr:
    """``a / b`` of two values; a ``ParseError`` for a divisor that is literally zero."""
    if b == 0:
        raise ParseError("division by zero")
    return a / b


class ShapesDiffer(ParseError):
    """Both sides of an equation are arrays of different shapes (not a row against a column): a false claim.

    A given stays bad input; a claim keeps both sides (``apart``) to be refuted by their shapes.  A row
    against a column stays a plain ``ParseError``: a gradient written as a row is a layout to fix.
    """

    def __init__(self, message: str, lhs: Array, rhs: Array, fresh: Fresh):
        super().__init__(message)
        self.lhs, self.rhs, self.fresh = lhs, rhs, fresh

    def apart(self) -> tuple[Expr, Expr, dict]:
        """Each side as its own entry at its own fresh indices (no entry of one is an entry of the other), their ranges."""
        left, lidx, lshape = lower(self.lhs, self.fresh)
        right, ridx, rshape = lower(self.rhs, self.fresh)
        return left, right, {**dict(zip(lidx, lshape)), **dict(zip(ridx, rshape))}


def transposing_fits(a: "Array", b: "Array", same: Callable[[Expr, Expr], bool]) -> bool:
    """True when the product of ``a`` and ``b`` would be defined with one of its vectors transposed (x W for xᵀW).

    Such a product is a row/column layout to fix (a vector is a column), which stays bad input; any other
    inner mismatch (W u for Wᵀu) is a side with no value, which refutes a claim.
    """
    (r1, c1), (r2, c2) = a.shape2, b.shape2
    return (len(a.shape) == 1 or r1 == ONE) and same(r1, r2) or (len(b.shape) == 1 or r2 == ONE) and same(c1, c2)


class InnerMismatch(ParseError):
    """Arrays combined inside one side whose sizes disagree (``W u`` for ``Wᵀu``): that side has no value.

    ``what`` was being formed from arrays of ``shapes``; it is defined only where each pair of sizes in
    ``agree`` is equal and each expression of sizes in ``within`` is ≥ 0 (neither given: nowhere).  In a
    claim the side is undefined at sizes where one fails, so the claim is refuted there
    (``verify.mismatch``); in a definition or a given it stays bad input.
    """

    def __init__(self, message: str, what: str, shapes, agree: tuple = (), within: tuple = ()):
        super().__init__(message)
        self.what, self.shapes, self.agree = what, [tuple(s) for s in shapes], tuple(agree)
        self.within = tuple(within)
        self.side = ""  # "left" or "right", when the reader knows which side it was reading


def lower_pair(lhs, rhs, fresh: Fresh, index_hint: bool = False) -> tuple[Expr, Expr, dict]:
    """Both sides of an equation as their entries at fresh indices, and those indices' ranges.

    Scalars pass unchanged (no ranges); sides of different shapes are a ``ParseError`` naming both
    (``ShapesDiffer`` for two arrays, but for a row against a column; with ``index_hint``, a bare
    quantity against a scalar is told how to index it, in file syntax).
    """
    if not isinstance(lhs, Array) and not isinstance(rhs, Array):
        return lhs, rhs, {}
    # A literal 0 against an array is the zero array of its shape (∇f = 0, ∂L/∂a + ∂L/∂p + ∂L/∂n = 0).
    if isinstance(lhs, Array) and rhs == 0:
        rhs = Array(lhs.shape, lambda *ix: sp.Integer(0))
    elif isinstance(rhs, Array) and lhs == 0:
        lhs = Array(rhs.shape, lambda *ix: sp.Integer(0))
    both = isinstance(lhs, Array) and isinstance(rhs, Array)
    if not both or not same_shape(lhs.shape, rhs.shape):
        whole = next((v for v in (lhs, rhs) if isinstance(v, Array) and v.quantity), None)
        hint = (f" (for one entry, index it like {whole.quantity}[{', '.join('ijk'[:len(whole.shape)])}])"
                if index_hint and whole is not None and not both else "")
        scalar = next((v for v in (lhs, rhs) if not isinstance(v, Array)), None)
        loose = sorted({str(s) for s in getattr(scalar, "free_symbols", ()) if s.is_integer and s.is_positive is None})
        other = lhs if scalar is rhs else rhs
        if not hint and loose and isinstance(other, Array) and len(loose) == len(other.shape):
            # H = Σ_n X_nj X_nk: the entry formula against the whole array
            hint = (f" (the {'left' if scalar is lhs else 'right'} side is one entry, at its free indices "
                    f"{', '.join(loose)}: write the other side's entry at them too, "
                    f"(…)_{{{('' if all(len(n) == 1 for n in loose) else ' ').join(loose)}}})")
        if both and _row_against_column(lhs.shape, rhs.shape):
            hint = (" (a row against a column: a gradient ∂L/∂v has v's shape, a column for a vector; "
                    "transpose the row side)")
        message = f"the sides have different shapes: the left side is {shape_text(lhs)}, " \
                  f"the right side is {shape_text(rhs)}{hint}"
        # a row against a column is a layout to fix; a number against an array may mean ones(n), an entry formula
        # (free indices) its array: slips of notation.  A value against an array (∂L/∂x = uᵀx) is a false claim.
        if not hint and (both or not (loose or getattr(scalar, "is_number", True))):
            raise ShapesDiffer(message, lhs, rhs, fresh)
        raise ParseError(message)
    shape = normal_shape(lhs.shape)
    idx = tuple(fresh("ij"[n:]) for n in range(len(shape)))

    def entry(a: Array) -> Expr:
        return a.entry2(idx[0], ONE) if len(idx) == 1 else a.entry2(*idx)
    return entry(lhs), entry(rhs), dict(zip(idx, shape))


def lower(value, fresh: Fresh, preferred: str = "ij") -> tuple[Expr, tuple, tuple]:
    """``(entry, indices, shape)``: a value as one scalar entry at fresh indices (a scalar as itself)."""
    if not isinstance(value, Array):
        return value, (), ()
    idx = tuple(fresh(preferred[n:]) for n in range(len(value.shape)))
    return value.at(*idx), idx, value.shape


def _row_against_column(a: tuple, b: tuple) -> bool:
    """True for a vector's shape against a row's of the same length, (n,) and (1, n), either way round."""
    def column(t): return t[0] if len(t) == 1 or (len(t) == 2 and t[1] == ONE) else None
    def row(t): return t[1] if len(t) == 2 and t[0] == ONE and t[1] != ONE else None
    return any(column(x) is not None and column(x) == row(y) for x, y in ((a, b), (b, a)))

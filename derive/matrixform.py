"""Index form → matrix form: ``(s_j − y_j) x_k`` becomes ``(s − y) xᵀ``.

Each sub-expression becomes a matrix together with the index naming its rows and the
index naming its columns (``None`` for a dimension of size 1; vectors are columns).
A sum over an index shared by two factors is a matrix product, a product over the same
indices is a Hadamard product, a product of vectors with different indices an outer
product.  Anything else (a delta, three factors sharing a summation index) has no
matrix form here and yields ``None``: the index form stays the authority.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import sympy as sp
from sympy import Add, Expr, Indexed, Mul, Sum
from sympy.matrices.expressions import (DiagMatrix, HadamardPower, HadamardProduct, MatrixExpr, MatrixSymbol,
                                        OneMatrix, Transpose)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from .indexcalc import factor_cases


def _could_extract_minus_sign(self: sp.MatMul):
    """Mul's answer (a negative number leads the product), without building ``-self``.

    SymPy's MatMul inherits Mul's test, which first compares ``self`` with ``-self``; negating a
    matrix product calls ``doit()``, which asks the assumption system about every DiagMatrix in it
    (sympy/sympy#24696).  The printers ask this of every product they print: 7 of the attention
    report's 17 seconds.  A zoo coefficient, the case that comparison guards, is not extended-negative
    (None), so the answer is falsy there too.
    """
    c = self.args[0]
    return c.is_Number and c.is_extended_negative


sp.MatMul.could_extract_minus_sign = _could_extract_minus_sign


class _NoForm(Exception):
    pass


class _T:
    """A matrix with the index of its rows and of its columns."""

    def __init__(self, m: MatrixExpr, r, c):
        self.m, self.r, self.c = m, r, c

    @property
    def idx(self) -> frozenset:
        return frozenset(x for x in (self.r, self.c) if x is not None)

    def t(self) -> "_T":
        # (S − Y)ᵀ stays one transpose rather than Sᵀ − Yᵀ: it reads as written and is one array op.
        m = Transpose(self.m) if isinstance(self.m, sp.MatAdd) else Transpose(self.m).doit()
        return _T(m, self.c, self.r)

    def oriented(self, r, c) -> "_T":
        if (self.r, self.c) == (r, c):
            return self
        if (self.c, self.r) == (r, c):
            return self.t()
        raise _NoForm


def to_matrix(expr: Expr, out: Sequence[sp.Symbol], shapes: Mapping[str, tuple]) -> MatrixExpr | None:
    """The matrix form of ``expr`` whose free indices are ``out`` (rows, then columns); None if it has none."""
    try:
        res = _matrix_of(expr, shapes)
        if not isinstance(res, _T):
            # A full contraction (Σ_jk W_jk²) is a 1×1 product such as 1ᵀ (W ∘ W) 1.
            return res if not out and isinstance(res, MatrixExpr) else None
        want = (out[0] if len(out) > 0 else None, out[1] if len(out) > 1 else None)
        if res.idx != frozenset(o for o in want if o is not None):
            return None
        return res.oriented(*want).m
    except (_NoForm, NotImplementedError, sp.ShapeError):
        return None  # SymPy refusing a product we built (noncommutative factors, shapes) is no form either


def _matrix_of(e: Expr, shapes):
    """``e`` as a matrix with its row and column indices (a ``_T``), or as a scalar; ``_NoForm`` if neither."""
    for kind, convert in _CONVERTERS:
        if isinstance(e, kind):
            return convert(e, shapes)
    if e.is_Pow and e.exp.is_number and e.base.has(Indexed):
        power = _power_matrix(e, shapes)
        if power is not None:
            return power
    if isinstance(e, sp.Piecewise):
        # SymPy folds factors into the cases (where(c, 2 W_ik z_i, W_ik z_i/50)); take them back out first.
        pulled = factor_cases(e)
        if pulled != e:
            return _matrix_of(pulled, shapes)
        # where(z_i > 0, 2, 1/50): the cases of one entry are an elementwise map (its args are not operands)
        return _entrywise_matrix(e, shapes)
    if isinstance(e, sp.Function) and e.args[0].free_symbols and not any(a.has(Indexed) for a in e.args[1:]):
        return _function_matrix(e, shapes)
    if isinstance(e, sp.KroneckerDelta):
        raise _NoForm
    return _entrywise_matrix(e, shapes)


def _entry_matrix(e: Indexed, shapes):
    name, idx = str(e.base), e.indices
    shape = shapes.get(name)
    if shape is None or len(set(idx)) != len(idx) or not all(i.is_Symbol for i in idx):
        raise _NoForm
    if len(idx) == 1:
        return _T(MatrixSymbol(name, shape[0], 1), idx[0], None)
    if len(idx) == 2:
        return _T(MatrixSymbol(name, shape[0], shape[1]), idx[0], idx[1])
    raise _NoForm


def _sum_matrix(e: Sum, shapes):
    # Limits in SymPy's order (innermost first); a multi-limit sum is contracted one index at a time.
    body = factor_cases(e.function)  # a Sum folds its factors into a Piecewise body: separate them again
    result = [_matrix_of(f, shapes) for f in Mul.make_args(body)]
    for dmy, _lo, _hi in e.limits:
        result = [_contract(result, dmy)]
    return result[0]


def _add_matrix(e: Add, shapes):
    terms = [_matrix_of(t, shapes) for t in e.args]
    arrays = [t for t in terms if isinstance(t, _T)]
    if not arrays:
        if not any(isinstance(t, MatrixExpr) for t in terms):
            return Add(*terms)
        # r − μ − 1ᵀ(q ∘ p)1: numbers beside a full contraction (a 1×1 product) are 1×1 too.
        return sp.MatAdd(*[t if isinstance(t, MatrixExpr) else t * OneMatrix(1, 1) for t in terms])
    ref = max(arrays, key=lambda t: len(t.idx))
    aligned = []
    for t in terms:
        if isinstance(t, _T) and t.idx != ref.idx and t.idx < ref.idx and len(t.idx) == 1:
            aligned.append(_broadcast(t, ref))
        elif isinstance(t, _T):
            aligned.append(t.oriented(ref.r, ref.c).m)
        else:
            aligned.append(t * OneMatrix(*ref.m.shape))
    return _T(sp.MatAdd(*aligned).doit(), ref.r, ref.c)


def _mul_matrix(e: Mul, shapes):
    return _mul([_matrix_of(f, shapes) for f in e.args])


def _power_matrix(e: Expr, shapes):
    """An entry to a positive integer power, or a Hadamard power of a matrix; None for anything else.

    Any constant power of a whole array is one: a norm's (Σ_k A_bk²)^(1/2), a normaliser's 1/Σ_k e^{z_bk},
    and of a full contraction's 1 × 1 too (the norm of a parameter vector).  Another power of one
    entry is left to the entrywise map.
    """
    positive = e.exp.is_Integer and e.exp > 0
    if isinstance(e.base, Indexed):
        if not positive:
            return None
        base = _matrix_of(e.base, shapes)
        return _T(HadamardProduct(*([base.m] * int(e.exp))), base.r, base.c)
    whole = e.base.has(Sum) or len(e.base.atoms(Indexed)) > 1
    if not (positive or whole):
        return None
    base = _matrix_of(e.base, shapes)
    if isinstance(base, _T):
        return _T(HadamardPower(base.m, e.exp), base.r, base.c)
    return HadamardPower(base, e.exp) if whole and isinstance(base, MatrixExpr) else None


def _function_matrix(e: sp.Function, shapes):
    # Extra arguments (Heaviside's value at 0) are constants carried into the elementwise map.
    inner = _matrix_of(e.args[0], shapes)
    if not isinstance(inner, _T):
        return e
    x = sp.Dummy("x")
    return _T(ElementwiseApplyFunction(sp.Lambda(x, e.func(x, *e.args[1:])), inner.m), inner.r, inner.c)


def _entrywise_matrix(e: Expr, shapes):
    entries = e.atoms(Indexed)
    if len(entries) == 1:
        # Any other expression of a single entry (e^{z_j}/(1 + e^{z_j})²) is a function applied entrywise.
        (entry,) = entries
        inner = _matrix_of(entry, shapes)
        x = sp.Dummy("x")
        return _T(ElementwiseApplyFunction(sp.Lambda(x, e.xreplace({entry: x})), inner.m), inner.r, inner.c)
    if entries:
        raise _NoForm
    return e


_CONVERTERS = ((Indexed, _entry_matrix), (Sum, _sum_matrix), (Add, _add_matrix), (Mul, _mul_matrix))


def _prod(*args):
    """A matrix product kept as written: ``*`` would distribute (S − Y)ᵀ into Sᵀ − Yᵀ."""
    flat = []
    for a in args:
        flat.extend(a.args if isinstance(a, sp.MatMul) else [a])
    return sp.MatMul(*flat)


def _contract(factors: list, dmy) -> object:
    """The product of ``factors`` summed over index ``dmy``: a matrix product (with 1 where one factor has it)."""
    with_d = _hadamard_groups([f for f in factors if isinstance(f, _T) and dmy in f.idx])
    rest = [f for f in factors if not (isinstance(f, _T) and dmy in f.idx)]
    if len(with_d) > 2:
        # Σ_i Y_bi g_i W_ij: a vector over the summed index alone scales a matrix beside it, (Y diag(g)) W.
        vectors = [f for f in with_d if f.idx == {dmy}]
        if len(vectors) == 1:
            matrices = [f for f in with_d if f is not vectors[0]]
            with_d = [_combine(vectors[0], matrices[0])] + matrices[1:]
    if len(with_d) == 1:
        x = with_d[0]
        ones = _T(OneMatrix(x.m.shape[0] if x.r == dmy else x.m.shape[1], 1), dmy, None)
        with_d = [x, ones]
    if len(with_d) != 2:
        raise _NoForm
    x, y = with_d
    other_x = (x.idx - {dmy})
    other_y = (y.idx - {dmy})
    if other_x & other_y:
        # Both factors also share a free index: no single matrix product expresses that.
        raise _NoForm
    x = x.oriented(next(iter(other_x), None), dmy)
    y = y.oriented(dmy, next(iter(other_y), None))
    return _mul([_T(_prod(x.m, y.m), x.r, y.c)] + rest)


def _mul(factors: list):
    # A 1×1 matrix that is not a _T (1/Σ_b w_b, a HadamardPower of 1ᵀw; a full contraction 1ᵀE) is a 1×1
    # factor like a _T without indices, never part of the coefficient: in front of a column it made
    # (1×1)(B×1) products (a weighted mean Σ_b w_b x_b / Σ_b w_b raised in the generated code).
    scalars = [f for f in factors if not isinstance(f, (_T, MatrixExpr))]
    arrays = [f if isinstance(f, _T) else _T(f, None, None) for f in factors if isinstance(f, (_T, MatrixExpr))]
    coeff = Mul(*scalars)
    if not arrays:
        return coeff
    # Hadamard products of factors over the same indices first.
    merged: list[_T] = []
    for a in arrays:
        for n, b in enumerate(merged):
            if b.idx == a.idx and a.idx:
                merged[n] = _T(HadamardProduct(b.m, a.oriented(b.r, b.c).m).doit(), b.r, b.c)
                break
        else:
            merged.append(a)
    scalars_1x1 = [a for a in merged if not a.idx]
    merged = [a for a in merged if a.idx]
    if not merged:
        for s in scalars_1x1:
            coeff = coeff * s.m
        return coeff
    # Matrices before vectors: G_bj V_b γ_j is diag(V) G diag(γ); two vectors first would make an outer product.
    merged.sort(key=lambda a: -len(a.idx))
    if len(merged) > 1 and len(merged[-1].idx) == 1:
        # Beside a vector, the 1×1 factors go with it first (w s, then the outer product w s (1ᵀH)): a product of
        # matrices has no place for them, while a column takes them on the right and a row on the left.
        v = merged[-1]
        for s in scalars_1x1:
            v = _T(_prod(v.m, s.m), v.r, v.c) if v.c is None else _T(_prod(s.m, v.m), v.r, v.c)
        merged[-1], scalars_1x1 = v, []
    acc = merged[0]
    for b in merged[1:]:
        acc = _combine(acc, b)
    # A 1×1 factor (Σ_b E_b, written 1ᵀE) multiplies a column from the right and a row from the left: as a
    # coefficient in front it made Eᵀ 1 p, a (1×1)(f×1) product (generated code that raised for f > 1).
    for s in scalars_1x1:
        if acc.c is None:
            acc = _T(_prod(acc.m, s.m), acc.r, acc.c)
        elif acc.r is None:
            acc = _T(_prod(s.m, acc.m), acc.r, acc.c)
        else:
            raise _NoForm  # a matrix times a 1×1 sum: no matrix product says it
    return _T(_prod(coeff, acc.m) if coeff != 1 else acc.m, acc.r, acc.c)


def _combine(a: _T, b: _T) -> _T:
    """Product of two factors over different indices: outer product or a diagonal scaling."""
    if len(a.idx) == 1 and len(b.idx) == 1:
        a = a.oriented(next(iter(a.idx)), None)
        b = b.oriented(next(iter(b.idx)), None)
        return _T(_prod(a.m, b.t().m), a.r, b.r)
    if len(a.idx) == 2 and len(b.idx) == 1:
        a, b = b, a
    if len(a.idx) == 1 and len(b.idx) == 2:
        v = a.oriented(next(iter(a.idx)), None)
        if v.r == b.r:
            return _T(_prod(DiagMatrix(v.m), b.m), b.r, b.c)
        if v.r == b.c:
            return _T(_prod(b.m, DiagMatrix(v.m)), b.r, b.c)
    raise _NoForm


def _hadamard_groups(factors: list[_T]) -> list[_T]:
    """Merge factors over the same indices (``Y_bi ℓ_bi``) into one Hadamard product before contracting."""
    merged: list[_T] = []
    for a in factors:
        for n, b in enumerate(merged):
            if b.idx == a.idx:
                merged[n] = _T(HadamardProduct(b.m, a.oriented(b.r, b.c).m).doit(), b.r, b.c)
                break
        else:
            merged.append(a)
    return merged


def _broadcast(v: _T, ref: _T) -> MatrixExpr:
    """A vector over one of ``ref``'s indices, repeated along the other: ``1 bᵀ`` or ``b 1ᵀ``."""
    (i,) = v.idx
    col = v.oriented(i, None).m
    if i == ref.c:
        return OneMatrix(ref.m.shape[0], 1) * Transpose(col).doit()
    return col * OneMatrix(1, ref.m.shape[1])

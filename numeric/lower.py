"""A plan's statements as NumPy statements that reuse memory: ``out=``, in-place ufuncs, work buffers.

``Plan.steps`` say *what* each array is (``dX = (G W) / B``); this module decides *where* it
is computed.  Intermediates live in work buffers from the caller's ``workspace`` (``_buffer``,
so a compiled object reuses them from call to call); an intermediate read for the last time
by an element-wise kernel is overwritten in place, but only an array the generated code made itself
(never an argument, nor a view of one such as ``A = Z`` or ``A = Z.T``: a view keeps what it shows
alive as long as it is read, and is never written through); a scale ``1/B`` is applied to the smaller
operand of a matrix product (``G @ (W / B)``) or in place to its result, never as a new array;
a parameter's gradient summed over the batch (``Gᵀ H / B``) is ``_product_tn``'s, which picks
the faster orientation of the product.  Where every gradient is ``1/B`` times a product linear
in ``S − Y`` (``_prescale``), the code also holds the other arrangement, ``S − Y`` scaled once in
place, and picks the cheaper one from the sizes at run time.  Arrays that are returned are
always new, so they never alias a work buffer.  Any statement of another form is printed as the
whole-array expression ``NumericPrinter`` writes.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.matrices.expressions import HadamardProduct, MatAdd, MatMul, MatrixExpr, MatrixSymbol, OneMatrix, Transpose

from .batch import BATCH
from .fusion import FusedCall
from .plan import Plan
from .printer import NumericPrinter, _broadcast_vector
from .stable import KernelCall

#: Element-wise kernels called as ``kernel(arg, out, workspace, key)``: ``out`` may be ``arg``, and work
#: arrays come from the workspace under ``key`` (the statement's target, one per call site).
IN_PLACE_KERNELS = frozenset({"_expit"})


def _simple(m) -> bool:
    """An array or its transpose (a view): usable directly as a BLAS operand."""
    return isinstance(m, MatrixSymbol) or (isinstance(m, Transpose) and isinstance(m.arg, MatrixSymbol))


def _view(m) -> bool:
    """True when ``m`` prints as a view of another array (a name, a transpose, a broadcast row), not a new array."""
    if isinstance(m, MatrixSymbol):
        return True
    if isinstance(m, Transpose):
        return _view(m.arg)
    if isinstance(m, MatMul):
        coeff = sp.Mul(*[a for a in m.args if not isinstance(a, MatrixExpr)])
        mats = [a for a in m.args if isinstance(a, MatrixExpr)]
        return coeff == 1 and len(mats) == 2 and _broadcast_vector(mats) is not None  # numpy.broadcast_to
    return False


def _batched(m) -> bool:
    """True when ``m`` has a batch dimension (B rows or columns): large, unlike a parameter."""
    return any(BATCH in getattr(d, "free_symbols", ()) for d in m.shape)


def _product(expr) -> tuple[sp.Expr, list] | None:
    """``c · A B`` with A, B arrays or transposes: (c, [A, B]), else None."""
    if not isinstance(expr, MatMul):
        return None
    coeff = sp.Mul(*[a for a in expr.args if not isinstance(a, MatrixExpr)])
    mats = [a for a in expr.args if isinstance(a, MatrixExpr)]
    if len(mats) == 2 and all(_simple(m) and not isinstance(m, OneMatrix) for m in mats):
        return coeff, mats
    return None


def _operand_scaled(mats: list) -> bool:
    """``G @ W``: a batch-sized result of a parameter-shaped right operand, which takes a scale instead."""
    return _batched(MatMul(*mats)) and not _batched(mats[1])


def _summed_over_batch(mats: list) -> bool:
    """``Gᵀ H``: a parameter-shaped product of two batch-sized arrays (``_product_tn``'s)."""
    return (isinstance(mats[0], Transpose) and _batched(mats[0]) and isinstance(mats[1], MatrixSymbol)
            and _batched(mats[1]) and not _batched(MatMul(*mats)))


# -- where the mean's 1/B goes -----------------------------------------------------------------------
# Every gradient of a mean loss is (1/B)·(…), and in the models we compile each is linear in one shared
# array, S − Y out of the fused softmax cross-entropy: dW = (S − Y)ᵀ X / B, dX = (S − Y) W / B, and
# through a hidden layer's delta ((S − Y) W ∘ σ') V / B.  ``matmul`` scales each gradient's smaller
# side; scaling S − Y in place once instead costs B·n products where those cost the parameter-sized
# arrays (2·m·n for softmax, 2·p·m + n·p for mlp): far less for a small batch, far more for a large one.


@dataclass(frozen=True)
class _Prescale:
    """Scale ``array`` by ``coeff`` in place when ``size < cost``; the gradients ``grads`` then leave it out."""

    array: str
    coeff: sp.Expr
    #: indices of the gradient statements ``coeff · A B`` that then become ``A B``
    grads: frozenset[int]
    #: sizes of the arrays the gradients scale otherwise (an operand or the result, each once)
    cost: sp.Expr
    #: the size of ``array``: what scaling it once costs
    size: sp.Expr


def _names(e) -> set[str]:
    return {m.name for m in e.atoms(MatrixSymbol)}


def _linear(e, live: set[str]) -> bool:
    """True when ``e`` is linear in the arrays ``live``: a product in which exactly one factor is (and only once)."""
    if isinstance(e, MatrixSymbol):
        return e.name in live
    if isinstance(e, Transpose):
        return _linear(e.arg, live)
    if isinstance(e, (MatMul, HadamardProduct)):
        mats = [a for a in e.args if isinstance(a, MatrixExpr)]
        hit = [a for a in mats if _names(a) & live]
        return len(hit) == 1 and _linear(hit[0], live)
    return False


def _prescale(plan: Plan, returned: set[str]) -> _Prescale | None:
    """The early-``1/B`` arrangement of ``plan``, or None when a gradient reading S − Y is not ``c·(linear in it)``
    with one ``c`` for all (softmax-l2's ``+ 2λW`` keeps its own scale)."""
    fused = [(n, st) for n, st in enumerate(plan.steps) if isinstance(st.expr, FusedCall)]
    if len(fused) != 1:
        return None
    n0, st0 = fused[0]
    g = st0.targets[1]
    if g in returned or g in {a.name for a in plan.arguments}:
        return None
    live, grads, coeffs, cost = {g}, set(), set(), sp.Integer(0)
    for n, st in enumerate(plan.steps[n0 + 1:], n0 + 1):
        if not (_names(st.expr) & live):
            continue
        if len(st.targets) != 1:
            return None
        if st.targets[0] in returned:
            found = _product(st.expr)
            if found is None or found[0] == 1 or not _linear(MatMul(*found[1]), live):
                return None
            coeffs.add(found[0])
            grads.add(n)
            # What ``matmul`` scales instead: the parameter-shaped operand, else the result (the copy of
            # a flipped _product_tn takes it free; counted anyway).
            cost += sp.Mul(*(found[1][1].shape if _operand_scaled(found[1]) else MatMul(*found[1]).shape))
        elif _linear(st.expr, live):
            live.add(st.targets[0])
        else:
            return None
    if len(coeffs) != 1:
        return None
    # S − Y has the logits' shape.
    return _Prescale(g, coeffs.pop(), frozenset(grads), cost, sp.Mul(*st0.expr.arrays[0].shape))


class Lowering:
    """Emits the body statements of ``loss_and_grads`` for one plan."""

    def __init__(self, plan: Plan, returned: set[str]):
        self.plan = plan
        self.p = NumericPrinter()
        self.returned = returned
        # The arrays this function makes itself: the targets of statements that compute a new array.
        # Arguments are the caller's, and a view (``A = Z``, ``A = Z.T``) shares their memory: neither
        # may ever be written in place.  A read of a view is a read of every array it shows.
        self.owned: set[str] = set()
        shows: dict[str, set[str]] = {}
        self.last_read: dict[str, int] = {}
        for n, st in enumerate(plan.steps):
            read = {m.name for m in st.expr.atoms(MatrixSymbol)}
            for name in read | {r for m in read for r in shows.get(m, ())}:
                self.last_read[name] = n
            if len(st.targets) == 1 and _view(st.expr):
                shows[st.targets[0]] = read | {r for m in read for r in shows.get(m, ())}
            else:
                self.owned.update(st.targets)
        self.lines: list[str] = []
        self.prescale = _prescale(plan, returned)
        self.branch: tuple[list[str], list[str]] | None = None  # gradients lowered both ways, not emitted yet

    def shape(self, m) -> str:
        return "(" + ", ".join(self.p.doprint(d) for d in m.shape) + ")"

    def buffer(self, key: str, m) -> str:
        return f'_buffer(workspace, "{key}", {self.shape(m)}, _dtype)'

    def dies(self, name: str, n: int) -> bool:
        """``name`` is an array of ours read for the last time by statement ``n``: it may be overwritten."""
        return name in self.owned and name not in self.returned and self.last_read.get(name) == n

    def emit(self, line: str, note: str = "") -> None:
        self.lines.append(f"    {line}{note}")

    def _captured(self, emits) -> list[str]:
        """The lines ``emits()`` adds, taken back out of the body."""
        start = len(self.lines)
        emits()
        lines, self.lines[start:] = self.lines[start:], []
        return lines

    def flush(self) -> None:
        """Emit the pending gradients of both arrangements of the ``1/B`` as one if/else."""
        if self.branch:
            then, other = self.branch
            self.lines += ["    if _prescaled:", *("    " + line for line in then)]
            if other:
                self.lines += ["    else:", *("    " + line for line in other)]
            self.branch = None

    def statement(self, n: int, targets: tuple[str, ...], expr, note: str) -> None:
        """Lower one plan statement; ``note`` is its trailing comment."""
        target = targets[0]
        if self.prescale is None or n not in self.prescale.grads:
            self.flush()
        if isinstance(expr, FusedCall):
            z, y = expr.arrays
            out = (z.name if self.dies(z.name, n) else "None" if targets[1] in self.returned
                   else self.buffer(targets[1], z))
            # The loss rows and sums live in the workspace under this statement's own name.
            self.emit(f"{', '.join(targets)} = {expr.kernel}({z.name}, {y.name}, {out}, workspace, {target!r})", note)
            pre = self.prescale
            if pre is not None and pre.array == targets[1]:
                num, den = sp.fraction(pre.coeff)
                size, cost = self.p.doprint(pre.size), self.p.doprint(pre.cost)
                self.emit(f"# Each gradient is {self.p.doprint(pre.coeff)} times a product linear in {pre.array}: "
                          f"scale {pre.array} once ({size} products) where that is less than scaling each ({cost}).")
                self.emit(f"_prescaled = {size} < {cost}")
                # Opens the if/else the gradients join when they follow at once (softmax).
                self.branch = ([f"    {self._scale(pre.array, num, den, pre.array)}"], [])
            return
        if self.prescale is not None and n in self.prescale.grads:
            # Both ways, in one if/else with the gradients next to it (flushed by the next other statement).
            coeff, mats = _product(expr)
            then, other = self.branch or ([], [])
            then += self._captured(lambda: self.matmul(target, 1, mats, note, taken=True))
            other += self._captured(lambda: self.matmul(target, coeff, mats, note))
            self.branch = (then, other)
            return
        if len(targets) != 1:
            self.emit(f"{', '.join(targets)} = {self.p.doprint(expr)}", note)
            return
        if isinstance(expr, KernelCall) and expr.kernel in IN_PLACE_KERNELS and isinstance(expr.arg, MatrixSymbol):
            arg = expr.arg.name
            out = arg if self.dies(arg, n) else "None" if target in self.returned else self.buffer(target, expr)
            self.emit(f"{target} = {expr.kernel}({arg}, {out}, workspace, {target!r})", note)
            return
        if (prod := _product(expr)) is not None:
            self.matmul(target, *prod, note)
            return
        if isinstance(expr, HadamardProduct) and (prod := _product(expr.args[0])) is not None and prod[0] == 1:
            self.matmul(target, *prod, note)
            for f in expr.args[1:]:
                self.multiply_into(target, f)
            return
        if target in self.returned and _view(expr):
            # A returned array is never a view of a work buffer or of an argument.
            self.emit(f"{target} = {self.p.doprint(expr)}.copy()", note)
            return
        self.emit(f"{target} = {self.p.doprint(expr)}", note)

    def matmul(self, target: str, coeff, mats: list, note: str, taken: bool = False) -> None:
        """``target = coeff · A @ B`` with the scale on the smaller side and no temporary of the result's size.

        ``taken``: the mean's scale was applied to an operand already (``_prescale``); a product summed
        over the batch is still ``_product_tn``'s, for its orientation.
        """
        a, b = (self.p.doprint(m) for m in mats)
        num, den = sp.fraction(coeff)
        out = "" if target in self.returned else f", out={self.buffer(target, MatMul(*mats))}"
        if coeff != 1 and _operand_scaled(mats):
            # G @ (W / B): scaling the small parameter-shaped operand is cheaper than the batch-sized result.
            base = mats[1].arg if isinstance(mats[1], Transpose) else mats[1]
            scaled = f"_{target}_scaled"
            self.emit(f"{scaled} = {self._scale(base.name, num, den, self.buffer(scaled, base))}")
            b = f"{scaled}.T" if isinstance(mats[1], Transpose) else scaled
            self.emit(f"{target} = numpy.matmul({a}, {b}{out})", note)
            return
        if target in self.returned and (coeff != 1 or taken) and _summed_over_batch(mats):
            # Gᵀ H / B, summed over the batch: _product_tn picks the faster orientation and scales in its copy.
            factor = self._factor(num, den) if coeff != 1 else "1"
            self.emit(f"{target} = _product_tn({mats[0].arg.name}, {b}, {factor}, workspace, {target!r})", note)
            return
        self.emit(f"{target} = numpy.matmul({a}, {b}{out})", note)
        if coeff != 1:
            self.emit(self._scale(target, num, den, target))

    def _scale(self, name: str, num, den, out: str) -> str:
        """A call computing ``name · num / den`` into ``out``."""
        return f"numpy.multiply({name}, {self._factor(num, den)}, out={out})"

    def _factor(self, num, den) -> str:
        """The number ``num / den`` as printed code."""
        if num == 1:
            # A product with 1/B costs a third less than a division and differs from it by an ulp at most.
            d = self.p.doprint(den)
            return f"1 / {d if den.is_Atom else f'({d})'}"
        if den == 1:
            return self.p.doprint(num)
        return self.p.doprint(num / den)

    def multiply_into(self, target: str, factor) -> None:
        """``target *= factor`` in place; ``c − A`` goes through a work buffer rather than a new array."""
        if _simple(factor):
            self.emit(f"numpy.multiply({target}, {self.p.doprint(factor)}, out={target})")
            return
        if isinstance(factor, MatAdd) and len(factor.args) == 2:
            ones = [t for t in factor.args if isinstance(t, OneMatrix)
                    or (isinstance(t, MatMul) and any(isinstance(a, OneMatrix) for a in t.args))]
            neg = [t.args[1] for t in factor.args if isinstance(t, MatMul) and len(t.args) == 2 and t.args[0] == -1
                   and isinstance(t.args[1], MatrixSymbol)]
            if len(ones) == 1 and len(neg) == 1 and ones[0] == OneMatrix(*factor.shape):
                tmp = f"_{target.lstrip('_')}_factor"  # reused by a second such factor only after the first is applied
                self.emit(f"{tmp} = numpy.subtract(1, {neg[0].name}, out={self.buffer(tmp, factor)})")
                self.emit(f"numpy.multiply({target}, {tmp}, out={target})")
                return
        self.emit(f"numpy.multiply({target}, {self.p.doprint(factor)}, out={target})")


def lower(plan: Plan, returned: set[str], comment) -> list[str]:
    """The statements of ``plan`` as lines of the function body (4-space indented); ``comment(step)`` ends a line."""
    low = Lowering(plan, returned)
    for n, st in enumerate(plan.steps):
        low.statement(n, st.targets, st.expr, comment(st))
    low.flush()
    return low.lines

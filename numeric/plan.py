"""A model's batched computation as an ordered list of whole-array assignments.

Forward: each node's definition, batched (``numeric.batch``), with the stable rewrites
applied (``numeric.stable``; a log of a defined quantity is first tried with that
quantity's definition inlined, so ``ln s_i`` of a softmax becomes a log-softmax), turned
into a matrix expression by ``derive.matrixform.to_matrix``.  Backward: the simplified
index-form result of ``derive.engine.derive`` for every parameter and data input — the
fused form such as ``(s_j − y_j) x_k``, never the chain of Jacobians — batched the same
way, with exponentials that cancel multiplied together (``numeric.exponentials``).
Sub-expressions shared by several gradients (``S − Y``) are computed once, and a softmax
with cross-entropy becomes one fused kernel (``numeric.fusion``).  The plan also lists the
input checks of the model's assumptions (``Σ_i y_i = 1`` per row).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sympy as sp
from sympy import Add, Expr, Indexed, log
from sympy.matrices.expressions import HadamardProduct, MatAdd, MatMul, MatrixExpr, MatrixSymbol, OneMatrix, Transpose

from derive import indexcalc as ic, printing
from derive.derivation import Derivation
from derive.engine import derive, out_indices
from derive.errors import DeriveError
from derive.indexnames import readable
from derive.matrixform import to_matrix
from derive.model import Model, Quantity

from . import stable
from .centred import centred
from .deltas import drop_vanishing_deltas, remaining_delta
from .exponentials import combine_exponentials
from .fusion import SumCheck, fuse_cross_entropy, sum_checks
from .kernels import KERNEL_NAMES
from .batch import BATCH, BATCH_INDEX, Batching, differentiable, ordered
from .printer import BatchMean, Entry, _transposes


class NoVectorForm(DeriveError):
    """An expression with no whole-array form (the compiler refuses rather than loop)."""

    def __init__(self, message: str, quantity: str | None = None):
        super().__init__(message)
        self.quantity = quantity  # the model quantity whose definition or gradient failed, when known


@dataclass(frozen=True)
class Assign:
    """``targets = expr``: one whole-array statement; ``note`` says what it computes."""

    targets: tuple[str, ...]
    expr: MatrixExpr
    note: str = ""


@dataclass(frozen=True)
class Argument:
    """A keyword argument of the compiled function: model input ``quantity`` passed as array ``name``."""

    name: str
    quantity: Quantity
    batched_shape: tuple
    #: the model reads this input as the one-hot code of an integer class label (``Model.labels``): the
    #: caller passes the labels, one per sample, and the code makes the one-hot rows itself
    label: bool = False

    @property
    def ndim(self) -> int:
        """Dimensions of the array the computation reads for this argument (a label's one-hot rows)."""
        return len(self.batched_shape)

    @property
    def accepted_shape(self) -> tuple:
        """The shape the caller passes: ``batched_shape``, or (B,) for a label (its range is the last axis)."""
        return self.batched_shape[:-1] if self.label else self.batched_shape


@dataclass
class Plan:
    """Everything the compiler and code generator need, as plain data."""

    model: Model
    arguments: tuple[Argument, ...]
    sizes: dict[str, tuple[str, int]]
    steps: list[Assign]
    loss: str
    grads: dict[str, str]
    derivations: dict[str, Derivation] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)
    checks: list[SumCheck] = field(default_factory=list)


def _msym(name: str, shape: tuple) -> MatrixSymbol:
    if len(shape) == 0:
        return MatrixSymbol(name, 1, 1)
    if len(shape) == 1:
        return MatrixSymbol(name, shape[0], 1)
    return MatrixSymbol(name, shape[0], shape[1])


class _PlanBuilder:
    """Builds the assignment plan of one model: temporaries, kernels and the rules they use."""

    def __init__(self, model: Model):
        self.model = model
        self.bt = Batching(model)
        self.shapes = self.bt.shapes()
        if any(len(s) > 2 for s in self.shapes.values()):
            raise NoVectorForm(f"model {model.name}: arrays of more than two batched dimensions are not supported")
        self.steps: list[Assign] = []
        self.kernels: dict[tuple, str] = {}
        self.arguments: dict[tuple, tuple[str, MatrixExpr]] = {}  # a kernel argument computed into a temporary
        self.count = 0
        self.rules: list[str] = []

    def temp(self, shape: tuple, hint: str = "t") -> str:
        name = f"_{hint}"
        if hint == "t" or name in self.shapes or name in KERNEL_NAMES:
            name = f"_t{self.count}"
        self.count += 1
        self.shapes[name] = shape
        return name

    def matrix(self, expr: Expr, out: tuple, what: str, quantity: str | None = None) -> MatrixExpr:
        m = to_matrix(expr, out, self.shapes)
        if m is None:
            # Written as derive writes it (indices named i, j, k, … rather than its placeholders _k, __c).
            raise NoVectorForm(f"model {self.model.name}: {what} has no whole-array (matrix) form: "
                               f"{printing.text(readable(expr))}", quantity)
        return m

    def materialise(self, expr: Expr, order: tuple) -> tuple[str, MatrixExpr]:
        """A kernel's argument as (a name for it, the matrix passed); computed into a temporary unless trivial."""
        if isinstance(expr, Indexed) and tuple(expr.indices) == order and str(expr.base) in self.shapes:
            name = str(expr.base)
            return name, _msym(name, self.shapes[name])
        neg = -expr
        if isinstance(neg, Indexed) and tuple(neg.indices) == order and str(neg.base) in self.shapes:
            # softplus(−Z) reads better (and allocates the same) as a call on −Z than through a temporary.
            name = str(neg.base)
            return f"neg_{name}", -_msym(name, self.shapes[name])
        # Z − Y of ln(e^Z + e^Y) and of its gradient σ(Z − Y), whatever their indices are called: computed once.
        key = expr.xreplace({i: sp.Symbol(f"_axis{n}", integer=True) for n, i in enumerate(order)})
        if key in self.arguments:
            return self.arguments[key]
        sizes = self.bt.index_sizes(expr, self.shapes)
        shape = tuple(sizes[i] for i in order)
        name = self.temp(shape)
        self.steps.append(Assign((name,), self.matrix(expr, order, "a stable kernel's argument")))
        self.arguments[key] = name, _msym(name, shape)
        return self.arguments[key]

    def request(self, m: stable.Match) -> Expr:
        """Materialise a rule's kernel call; return the index-form placeholder for its result."""
        free = ordered(ic.free_indices(m.arg))
        order = free if m.axis is None else tuple(i for i in free if i != m.axis) + (m.axis,)
        if m.axis is not None and m.axis not in free:
            raise NoVectorForm(f"model {self.model.name}: stable rewrite {m.kernel} lost its axis")
        argname, arg = self.materialise(m.arg, order)
        axis = None if m.axis is None else (1 if len(order) == 2 else 0)
        key = (m.kernel, argname, axis)
        if key not in self.kernels:
            shape = tuple(arg.shape) if len(order) == 2 else tuple(arg.shape[:len(order)])
            res_shape = shape[:-1] if m.kernel == "_logsumexp" else shape
            t = self.temp(res_shape, f"{m.kernel.strip('_')}_{argname.strip('_')}")
            call = stable.KernelCall(m.kernel, arg, axis)
            self.steps.append(Assign((t,), call, f"stable {m.kernel.strip('_')}"))
            self.kernels[key] = t
        t = self.kernels[key]
        res_idx = order[:-1] if m.kernel == "_logsumexp" else order
        return sp.IndexedBase(t)[res_idx] if res_idx else sp.Symbol(t)

    def definition(self, name: str, idx: tuple) -> Expr:
        """Batched definition of quantity ``name`` at per-sample indices ``idx``."""
        return self.bt.batch(self.model.definition(name, idx))

    def inline_logs(self, expr: Expr) -> Expr:
        """Inline a defined quantity under a log when that makes a stable log rule match."""
        def walk(e: Expr) -> Expr:
            if not isinstance(e, Expr) or e.is_Atom or isinstance(e, Indexed):
                return e
            if isinstance(e, log):
                table = {}
                for ind in e.atoms(Indexed):
                    q = self._defined(ind)
                    if q is not None:
                        idx = tuple(ind.indices[1:]) if q.name in self.bt.sample else tuple(ind.indices)
                        table[ind] = self.definition(q.name, idx)
                candidate = e.xreplace(table)
                if table and stable.match(e) is None and stable.match(candidate) is not None:
                    return candidate
            return e.func(*[walk(a) for a in e.args])
        return walk(expr)

    def _defined(self, ind: Indexed) -> Quantity | None:
        for q in self.model.quantities:
            if q.role == "defined" and self.bt.names[q.name] == str(ind.base):
                return q
        return None

    def forward(self) -> None:
        for node in self.model.nodes:
            q = self.model.quantity(node.out)
            idx = out_indices(q, self.model)
            out = (BATCH_INDEX, *idx) if q.name in self.bt.sample else tuple(idx)
            expr = self.inline_logs(self.definition(q.name, idx))
            before = len(self.steps)
            expr = _pull_signs(stable.rewrite(expr, self.request, self.rules))
            target = self.bt.names[q.name]
            note = f"{q.name} = {node.layer.name}({', '.join(node.args)})"
            last = self.steps[-1] if self.steps else None
            # A definition that is exactly one new kernel call is assigned to its own name.
            if (isinstance(expr, Indexed) and tuple(expr.indices) == out and len(self.steps) > before
                    and last.targets == (str(expr.base),)):
                self.steps[-1] = Assign((target,), last.expr, note)
                self.kernels = {k: (target if v == str(expr.base) else v) for k, v in self.kernels.items()}
                continue
            m = self.matrix(expr, out, f"the definition of {q.name}", q.name)
            if isinstance(m, Transpose) and isinstance(m.arg, MatAdd):
                # Compute an array in its own layout (X Wᵀ + bᵀ), not as the transpose of another sum.
                m = m.doit()
            self.steps.append(Assign((target,), m, note))

    def gradient_matrix(self, expr: Expr, out: tuple, name: str) -> MatrixExpr:
        """The gradient's matrix form; if it has none as derived, retry with every sum distributed over its
        terms and index-free factors pulled out (layer norm's Σ_i (a x_j − x_i x_j) g_i needs that)."""
        what = f"the gradient by {name}"
        try:
            return self.matrix(expr, out, what, name)
        except NoVectorForm:
            pass
        if len(out) == 2 and (missing := [n for n, i in enumerate(out) if i not in expr.free_symbols]) \
                and len(missing) == 1:
            # The same in every row (or column): a constant slope, Σ_i W_ik/B by x of L = Σ_i 3 z_i, and
            # Σ_b X_bk/B by W.  One vector, broadcast, rather than a refusal.
            n, = missing
            vector = to_matrix(expr, (out[1 - n],), self.shapes)
            size = self.shapes[self.bt.names[name]][n]
            if vector is not None and vector.shape[1] == 1:
                return MatMul(OneMatrix(size, 1), Transpose(vector).doit()) if n == 0 else MatMul(vector, OneMatrix(1, size))
        return self.matrix(ic.contract(expr, {}), out, what, name)

    def backward(self, derivations: dict[str, Derivation]) -> dict[str, str]:
        grads: dict[str, str] = {}
        taken = set(self.shapes) | {n for n, _ in self.model.sizes}
        pending: list[tuple[str, MatrixExpr, str]] = []
        params: set[str] = set()
        for q in differentiable(self.model):
            d = derivations[q.name]
            expr, out = self.bt.gradient(q.name, centred(self.model, q.name, d.result), tuple(d.indices))
            expr = drop_vanishing_deltas(expr)
            if (delta := remaining_delta(expr)) is not None:
                raise NoVectorForm(f"model {self.model.name}: the gradient by {q.name} has a Dirac delta, "
                                   f"{printing.text(readable(delta))} (the loss jumps there: a step, sign or where "
                                   "of it); no array holds its value", q.name)
            expr = _absorb_normalisers(expr)
            expr = stable.rewrite(self.inline_logs(expr), self.request, self.rules)
            expr = _regroup(combine_exponentials(expr))
            arg = self.bt.names[q.name]
            name = f"d{arg}" if f"d{arg}" not in taken else f"_d{arg}"
            taken.add(name)
            m = _gather_transposes(self.gradient_matrix(expr, out, q.name))
            what = self.model.loss if self.model.batch else "(mean loss)"
            pending.append((name, m, f"∂{what}/∂{arg}"))
            grads[arg] = name
            if q.role == "param":
                params.add(name)
        # Parameters' gradients first (a stable sort): each reads a per-sample input (X in (S − Y)ᵀX) that
        # the forward pass read last and that may still be in cache; a data input's gradient written first
        # (a new B×m array) would push it out.  Round-robin beside PyTorch and JAX, softmax (256, 784, 10)
        # ran 2-4 % faster so, and (4096, 512, 1000) within ±1 %.
        pending.sort(key=lambda p: p[0] not in params)
        for name, m, note in _hoist_shared(pending, self.temp):
            self.steps.append(Assign((name,), m, note))
        return grads


def _pull_signs(e: Expr) -> Expr:
    """``−Σ_i (−a_i − b_i)`` → ``Σ_i (a_i + b_i)``: stable rewrites leave such sign pairs (ln σ = −softplus)."""
    if not isinstance(e, Expr) or e.is_Atom or isinstance(e, Indexed):
        return e
    e = e.func(*[_pull_signs(a) for a in e.args])
    if isinstance(e, sp.Sum) and all(t.could_extract_minus_sign() for t in Add.make_args(e.function)):
        return -sp.Sum(-e.function, *e.limits)
    return e


def _is_normaliser(f: Expr) -> bool:
    """``1/Σ_k e^{a_k}``: the denominator of a softmax."""
    return isinstance(f, sp.Pow) and f.exp == -1 and isinstance(f.base, sp.Sum) and isinstance(f.base.function, sp.exp)


def _pairs_with(f: Expr, normaliser: Expr) -> bool:
    """True when ``f`` is an exponential ``e^{a_j}`` of the normaliser ``1/Σ_k e^{a_k}`` (a softmax's numerator)."""
    if not isinstance(f, sp.exp):
        return False
    (k, _lo, _hi), = normaliser.base.limits
    a_k = normaliser.base.function.args[0]
    return any(f.args[0].xreplace({i: k}) == a_k for i in ic.free_indices(f.args[0]))


def _absorb_normalisers(e: Expr) -> Expr:
    """Move ``1/Σ_k e^{a_k}`` into a sum it multiplies, so the softmax inside is recognised."""
    if not isinstance(e, Expr) or e.is_Atom or isinstance(e, Indexed):
        return e
    e = e.func(*[_absorb_normalisers(a) for a in e.args])
    if not isinstance(e, sp.Mul):
        return e
    norms = [f for f in e.args if _is_normaliser(f)]
    if len(norms) != 1 or any(_pairs_with(f, norms[0]) for f in e.args):
        return e  # e^{z_j}·(…)/Σ_k e^{z_k}: the softmax is a pair of this product's own factors
    sums = [f for f in e.args if isinstance(f, sp.Sum) and len(f.limits) == 1
            and f.limits[0][0] not in norms[0].free_symbols]
    # Beside Σ_i Y_i, the normaliser goes into the sum that holds its exponential (Σ_i e^{z_i} W_ik): put into
    # the other it left e^{z_i}/Σ_k e^{z_k} unrecognised, computed without the max-shift (inf/inf at z ~ 89).
    paired = [f for f in sums if any(_pairs_with(x, norms[0]) for x in sp.preorder_traversal(f.function))]
    if len(paired) == 1:
        sums = paired
    if len(sums) != 1:
        return e
    (s,), (n,) = sums, norms
    rest = [f for f in e.args if f is not s and f is not n]
    return sp.Mul(*rest) * sp.Sum(_cancel_sums(sp.expand_mul(n * s.function)), s.limits[0])


def _cancel_sums(e: Expr) -> Expr:
    """Cancel ``Σ_j f(j) / Σ_i f(i)`` (equal sums under different dummy names) in every product."""
    if not isinstance(e, Expr) or e.is_Atom or isinstance(e, Indexed):
        return e
    e = e.func(*[_cancel_sums(a) for a in e.args])
    if not isinstance(e, sp.Mul):
        return e
    factors = list(e.args)
    for num in [f for f in factors if isinstance(f, sp.Sum)]:
        for den in [f for f in factors if isinstance(f, sp.Pow) and f.exp == -1 and isinstance(f.base, sp.Sum)]:
            if num in factors and den in factors and ic.canonical(num) == ic.canonical(den.base):
                factors.remove(num)
                factors.remove(den)
    return sp.Mul(*factors)


def _regroup(e: Expr) -> Expr:
    """Factor common factors out of sum bodies: ``Σ_i (P_bi W_ik − Y_bi W_ik)`` → ``Σ_i W_ik (P_bi − Y_bi)``."""
    if not isinstance(e, Expr) or e.is_Atom or isinstance(e, Indexed):
        return e
    e = e.func(*[_regroup(a) for a in e.args])
    if isinstance(e, sp.Sum) and isinstance(e.function, sp.Add):
        return sp.Sum(sp.factor_terms(e.function), *e.limits)
    if isinstance(e, sp.Add):
        # Σ_b A + Σ_b C over the same range → Σ_b (A + C) when the bodies share a factor: one product, not two.
        sums = [t for t in e.args if isinstance(t, sp.Sum) and len(t.limits) == 1]
        if len(sums) > 1 and len({t.limits for t in sums}) == 1:
            body = sp.factor_terms(sp.Add(*[t.function for t in sums]))
            if isinstance(body, sp.Mul):
                rest = [t for t in e.args if t not in sums]
                return sp.Add(*rest, sp.Sum(body, sums[0].limits[0]))
    return e


def _gather_transposes(e):
    """``Sᵀ − Yᵀ`` → ``(S − Y)ᵀ`` so the difference is computed once for every gradient using it."""
    if not isinstance(e, MatrixExpr) or not e.args:
        return e
    e = e.func(*[_gather_transposes(a) for a in e.args]) if not isinstance(e, MatrixSymbol) else e
    if isinstance(e, HadamardProduct):
        # (Wᵀ Δᵀ) ∘ Hᵀ → (Δ W ∘ H)ᵀ: the same hidden-layer delta as the other gradients use, so it is shared.
        flipped = Transpose(e).doit()
        if isinstance(flipped, HadamardProduct) and _transposes(flipped) < _transposes(e):
            return Transpose(flipped)
        return e
    if isinstance(e, MatAdd):
        inner = []
        for t in e.args:
            coeff, mats = (sp.Mul(*[a for a in t.args if not isinstance(a, MatrixExpr)]),
                           [a for a in t.args if isinstance(a, MatrixExpr)]) if isinstance(t, MatMul) else (1, [t])
            if len(mats) != 1 or not isinstance(mats[0], Transpose):
                return e
            inner.append(coeff * mats[0].arg)
        return Transpose(MatAdd(*inner))
    return e


def _hint(c: MatrixExpr) -> str:
    """A readable temporary name for a difference of two arrays (``_S_minus_Y``), else the generic one."""
    if isinstance(c, MatAdd) and len(c.args) == 2:
        pos = [a for a in c.args if isinstance(a, MatrixSymbol)]
        neg = [a.args[1] for a in c.args if isinstance(a, MatMul) and len(a.args) == 2 and a.args[0] == -1
               and isinstance(a.args[1], MatrixSymbol)]
        if len(pos) == 1 and len(neg) == 1 and not pos[0].name.startswith("_") and not neg[0].name.startswith("_"):
            return f"{pos[0].name}_minus_{neg[0].name}"
    return "t"


def _hoist_shared(pending: list, temp) -> list:
    """Hoist sums and Hadamard products occurring in more than one statement into temporaries.

    Largest first, then again on the rewritten statements, so a part shared only inside one
    hoisted expression is not hoisted on its own, while ``S − Y`` used both by a hoisted
    hidden-layer delta and by another gradient still is.
    """
    def candidates(e, acc):
        if isinstance(e, Transpose):
            e = e.arg
        if isinstance(e, (MatAdd, HadamardProduct)):
            acc.append(e)
        for a in getattr(e, "args", ()):
            if isinstance(a, MatrixExpr):
                candidates(a, acc)
        return acc

    stmts = list(pending)
    hoisted: list[tuple[str, MatrixExpr, str]] = []
    while True:
        counts = Counter()
        for _, m, _ in hoisted + stmts:
            counts.update(set(candidates(m, [])))
        shared = [c for c, k in counts.items() if k > 1]
        if not shared:
            break
        c = max(shared, key=lambda c: (sp.count_ops(c), sp.default_sort_key(c)))
        name = temp(c.shape, _hint(c))
        table = {c: MatrixSymbol(name, *c.shape)}
        hoisted = [(n, m.xreplace(table), note) for n, m, note in hoisted]
        stmts = [(n, m.xreplace(table), note) for n, m, note in stmts]
        hoisted.append((name, c, "shared by several gradients"))
    # Definitions before use: a later (smaller) temporary may be read by an earlier one.
    ordered_defs = []
    while hoisted:
        ready = [h for h in hoisted if not ({s.name for s in h[1].atoms(MatrixSymbol)} & {n for n, _, _ in hoisted})]
        ordered_defs += ready
        hoisted = [h for h in hoisted if h not in ready]
    return ordered_defs + stmts


def _fuse(steps: list[Assign]) -> list[Assign]:
    """Merge kernel calls on the same array that share work (softmax and log-softmax: one exponential)."""
    calls = {}
    for n, s in enumerate(steps):
        if isinstance(s.expr, stable.KernelCall):
            calls[(s.expr.kernel, s.expr.arg, s.expr.axis)] = n
    drop, out = set(), list(steps)
    for kernels, fused in stable.FUSED.items():
        for (k, arg, axis), n in list(calls.items()):
            if k != kernels[0]:
                continue
            others = [calls.get((k2, arg, axis)) for k2 in kernels]
            if any(o is None for o in others):
                continue
            first = min(others)
            targets = tuple(t for o in others for t in steps[o].targets)
            out[first] = Assign(targets, stable.KernelCall(fused, arg, axis), f"stable {fused.strip('_')}")
            drop.update(o for o in others if o != first)
    return [s for n, s in enumerate(out) if n not in drop]


def _full_sum(expr) -> bool:
    """True when ``expr`` is ``c · 1ᵀ M 1``, which the printer writes as a number (``c * M.sum()``)."""
    mats = [a for a in expr.args if isinstance(a, MatrixExpr)] if isinstance(expr, MatMul) else []
    return (len(mats) >= 3 and all(isinstance(m, OneMatrix) for m in (mats[0], mats[-1]))
            and mats[0].shape[0] == 1 and mats[-1].shape[1] == 1)


def _sizes(model: Model, bt: Batching, arguments: tuple[Argument, ...]) -> dict[str, tuple[str, int]]:
    """Where each size is read from: size name → (argument, axis)."""
    found: dict[str, tuple[str, int]] = {}
    for a in arguments:
        if a.label:
            continue  # the labels' range is the one-hot code's width: not readable from the labels
        for axis, dim in enumerate(bt.shape(a.quantity)):
            if isinstance(dim, sp.Symbol) and dim.name not in found:
                found[dim.name] = (a.name, axis)
    return found


def build_plan(model: Model) -> Plan:
    """The batched, stable, vectorised computation of a model's loss over a batch and its gradients."""
    b = _PlanBuilder(model)
    derivations = {q.name: derive(model, q.name) for q in differentiable(model)}
    b.forward()
    L = model.quantity(model.loss)
    lname = b.bt.names[L.name]
    grads = b.backward(derivations)
    steps = fuse_cross_entropy(_fuse(b.steps), Assign)
    if model.batch:
        # The model's loss is its own mean over the batch already: return that 1×1 value as a number.
        loss_m = _msym(lname, b.shapes[lname])
        # A loss summed over every axis (attention's Σ G ⊙ O, a mean −Σ_b Σ_i T_bi ln P_bi / B) is printed
        # as c · M.sum(), a number already.
        # Not when its coefficient is a quantity defined here: S · Σ A² with S a 1×1 array is 1×1 too.
        defined = {b.bt.names[q.name] for q in model.quantities if q.role == "defined"}
        whole = any(st.targets == (lname,) and _full_sum(st.expr) and not defined & {
            str(s) for a in st.expr.args if not isinstance(a, MatrixExpr) for s in a.free_symbols} for st in steps)
        steps.append(Assign(("loss",), loss_m if whole else Entry(loss_m), f"the loss {lname} as a number"))
    else:
        steps.append(Assign(("loss",), BatchMean(_msym(lname, b.shapes[lname])), "mean over the batch"))
    arguments = tuple(Argument(b.bt.names[q.name], q, b.bt.shape(q), q.name in model.labels) for q in model.inputs)
    sizes = _sizes(model, b.bt, arguments)
    used = {s for st in steps for s in st.expr.atoms(sp.Symbol)} | {a.batched_shape[-1] for a in arguments if a.label}
    missing = {s.name for s in used if isinstance(s, sp.Symbol) and s.is_integer and s.is_positive} - set(sizes)
    if missing:
        raise NoVectorForm(f"model {model.name}: sizes {sorted(missing)} cannot be read from any input")
    checks = sum_checks(model, b.bt.names, b.bt.sample)
    return Plan(model, arguments, sizes, steps, "loss", grads, derivations, b.rules, checks)


__all__ = ["Assign", "Argument", "Plan", "build_plan", "NoVectorForm", "BATCH"]

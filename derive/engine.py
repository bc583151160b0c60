"""The derivation engine for symbolic sizes: local derivatives, chain rule, assumptions.

For a model and a variable it produces, in the order a textbook would write them:
the forward definitions; each local derivative (``sympy.diff`` on the layer's
definition, deltas contracted, rewritten in terms of the layer's output); the chain
rule assembled backwards from the loss, simplified; each stated assumption applied as
its own step (never silently); and the result in index and matrix form.  Because sizes
are symbols, every result holds for all sizes.
"""
from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from types import MappingProxyType
from typing import NamedTuple

import sympy as sp
from sympy import Derivative, Expr, Symbol

from . import indexcalc as ic
from .derivation import ASSUMPTION, CHAIN, DEFINITION, LOCAL, RESULT, Derivation, Pending, Step
from .errors import LayerError, UnknownVariable
from .language.table import constructs, same_table
from .language.objects import Gradient
from .matrixform import to_matrix
from .model import Model, Quantity
from .printing import text
from .reverse import relevant, sweep
from .rules import rules_used
from .algebra import contracted, textbook

#: Summation indices in a definition read Σ_k before Σ_j, as in the tutorial.
DUMMY_NAMES = ("i", "k", "l", "j", "p", "q")
VAR_NAMES = ("j", "k", "l", "r", "t")
OUT_NAMES = ("i", "p", "q", "u", "v")


def _names_by_size(model: Model, q: Quantity, pool: tuple[str, ...]) -> tuple[Symbol, ...]:
    """One index per axis of ``q``, named after its size so a size always reads the same.

    The model's first size gets the pool's first name, the second the second, …: in the
    softmax model (sizes n, m) that gives ∂L/∂W_jk, ∂L/∂x_k and ∂z_i/∂W_jk, as in the tutorial.
    """
    order = [model.size_symbols[n] for n, _ in model.sizes if n != model.batch]
    batch = model.size_symbols.get(model.batch) if model.batch else None
    rows = "b" if pool is OUT_NAMES else "c"
    if any(x.name == rows for x in model.quantities):
        rows = None  # a quantity named b (a bias): the rows take a name from the pool, or b_i would read as it
    pool = index_pool(model, pool)
    names: list[str] = []
    for dim in q.shape:
        if batch is not None and dim == batch and rows is not None and rows not in names:
            # Rows of a batch read b (in a layer's output) and c (in the entry differentiated by);
            # a second batch-sized axis (attention's T×T scores) gets a name from the pool.
            names.append(rows)
            continue
        pos = order.index(dim) if dim in order else len(order)
        name = pool[pos % len(pool)]
        while name in names:
            pos += 1
            name = pool[pos % len(pool)]
        names.append(name)
    return tuple(ic.index(n) for n in names)


def index_pool(model: Model, pool: tuple[str, ...]) -> tuple[str, ...]:
    """``pool`` without the model's size names: mlp's hidden size p must not also be an index."""
    return tuple(name for name in pool if name not in model.size_symbols)


def var_indices(q: Quantity, model: Model) -> tuple[Symbol, ...]:
    """Indices naming the entry we differentiate by: j, k, …"""
    return _names_by_size(model, q, VAR_NAMES)


def out_indices(q: Quantity, model: Model) -> tuple[Symbol, ...]:
    """Indices naming the entry of a layer's output: i, …"""
    return _names_by_size(model, q, OUT_NAMES)


def _ranges(*pairs: tuple[tuple[Symbol, ...], Quantity]) -> dict:
    return {s: (sp.Integer(1), d) for idx, q in pairs for s, d in zip(idx, q.shape)}


def partial(f: Expr, v: Expr) -> Derivative:
    """The unevaluated ``∂f/∂v`` used as a step's left-hand side."""
    return Derivative(f, v, evaluate=False)


def definition_steps(model: Model) -> list[Step]:
    """The forward model, one step per node, dummies named as a textbook would."""
    steps = []
    for node in model.nodes:
        q = model.quantity(node.out)
        idx = out_indices(q, model)
        rhs = ic.rename_dummies(model.definition(node.out, idx), avoid=idx, prefer=index_pool(model, DUMMY_NAMES))
        steps.append(Step(f"definition ({node.layer.name})", q.at(idx), rhs, DEFINITION,
                          note=node.note))
    return steps


_LOCAL_CACHE: dict[tuple[int, str, str], tuple[Model, tuple, Expr, list[Step]]] = {}


def local_derivative(model: Model, out: str, var: str) -> tuple[Expr, list[Step]]:
    """``∂out_a/∂var_b`` from ``sympy.diff`` on the definition, with the steps that simplify it."""
    # Cached: deriving by each parameter of a model (derive check --catalog does) needs the same ones.
    # The model is kept in the entry, so its id cannot be reused; the first step is named from the
    # table of constructs, so an entry made before a construct was registered or replaced is stale.
    key, table = (id(model), out, var), constructs()
    hit = _LOCAL_CACHE.get(key)
    if hit is None or hit[0] is not model or not same_table(hit[1], table):
        hit = _LOCAL_CACHE[key] = (model, table, *_local_derivative(model, out, var))
    return hit[2], list(hit[3])


def _real_diff(expr: Expr, target: Expr) -> Expr:
    """``sympy.diff`` with every quantity taken real, as model quantities are (d|u|/du = sign u).

    Model bases carry no assumptions, so SymPy leaves ∂|u|/∂u unevaluated (u might be complex);
    the quantities are swapped for real ones for the derivative and swapped back after.
    """
    plain = expr.atoms(sp.IndexedBase) | {s for s in expr.free_symbols
                                          if isinstance(s, Symbol) and s.is_integer is None and s.is_real is None}
    real = {b: (sp.IndexedBase(str(b.label), real=True) if isinstance(b, sp.IndexedBase)
                else Symbol(b.name, real=True)) for b in plain}
    back = {v: k for k, v in real.items()}
    return sp.diff(expr.xreplace(real), target.xreplace(real)).xreplace(back)


def _local_derivative(model: Model, out: str, var: str) -> tuple[Expr, list[Step]]:
    Q, P = model.quantity(out), model.quantity(var)
    a, b = out_indices(Q, model), var_indices(P, model)
    ranges = _ranges((a, Q), (b, P))
    defn = model.definition(out, a)
    target = P.at(b)
    try:
        raw = sp.diff(defn, target)
        if raw.has(Derivative):
            raw = _real_diff(defn, target)
    except Exception as exc:  # SymPy raises many types for what it cannot differentiate
        raise LayerError(f"layer {model.node(out).layer.name}: SymPy cannot differentiate "
                         f"{out} by {var}: {exc}") from exc
    if raw.has(Derivative):
        raise LayerError(f"layer {model.node(out).layer.name}: SymPy left ∂{out}/∂{var} unevaluated")
    lhs = partial(Q.at(a), target)
    free = set(a) | set(b)
    node = model.node(out)
    steps = [Step(", ".join(rules_used(defn, P.base)), lhs,
                  ic.rename_dummies(raw, free, prefer=index_pool(model, ic.INDEX_NAMES)), LOCAL,
                  note=node.note)]
    cur = contracted(raw, ranges, free)
    if cur != steps[-1].rhs:
        steps.append(Step("Kronecker-delta contraction", lhs, textbook(cur), LOCAL))
    for name, back in express_in_quantities(model, cur, ranges, first=out):
        cur = back
        steps.append(Step(f"back-substitution of the definition of {name}", lhs, textbook(cur), LOCAL))
    cur = textbook(cur)
    if steps[-1].rhs != cur:
        steps.append(Step("simplification", lhs, cur, LOCAL))
    return cur, steps


_BACKSUB_CACHE: dict[tuple[int, str], tuple[Model, ic.BackSubstitution]] = {}


def _backsub(model: Model, name: str) -> ic.BackSubstitution:
    """The (cached: it calls solve) rewrite of expressions in terms of quantity ``name``."""
    key = (id(model), name)
    hit = _BACKSUB_CACHE.get(key)
    if hit is None or hit[0] is not model:  # the model is kept in the entry, so its id cannot be reused
        q = model.quantity(name)
        idx = out_indices(q, model)
        hit = _BACKSUB_CACHE[key] = (model, ic.BackSubstitution(q.base, idx, model.definition(name, idx)))
    return hit[1]


def express_in_quantities(model: Model, expr: Expr, ranges: dict, first: str | None = None) -> list[tuple[str, Expr]]:
    """Successive rewrites of ``expr`` in terms of the model's defined quantities (``first`` tried first).

    This is what turns ``e^{z_i}/Σ_k e^{z_k}`` into ``s_i``: each defined quantity whose
    definition has a single index-dependent kernel is tried, latest first.  A scalar one is put
    back where its body stands (batch norm's Σ_b x_b/B is μ, a norm's √(Σ_k v_k²) is r).
    """
    names = [n.out for n in reversed(model.nodes) if n.out != model.loss]
    if first in names:
        names.remove(first)
        names.insert(0, first)
    out = []
    for name in names:
        q = model.quantity(name)
        if not q.shape:
            body = model.definition(name, ())
            back = ic.put_back_scalar(expr, q.base, body)
            if back == expr:
                back = ic.solve_back_scalar(expr, q.base, body)
            if back != expr and ic.transcendental(back) <= ic.transcendental(expr):
                expr = back
                out.append((name, back))
            continue
        at = _index_tuples(expr, q, ranges)
        if not at:
            continue
        back = _backsub(model, name)(expr, at)
        if back is not None and back != expr and ic.transcendental(back) <= ic.transcendental(expr):
            expr = back
            out.append((name, back))
    return out



def _index_tuples(expr: Expr, q: Quantity, ranges: dict) -> list[tuple]:
    """Every tuple of free indices of ``expr`` whose ranges fit the shape of ``q``."""
    free = sorted(ic.free_indices(expr), key=str)
    per_axis = [[s for s in free if ranges.get(s, (None, None))[1] == dim] for dim in q.shape]
    out: list[tuple] = [()]
    for options in per_axis:
        out = [t + (s,) for t in out for s in options]
    return out


def _reindex(expr: Expr, old: tuple[Symbol, ...], new: tuple[Symbol, ...], model: Model | None = None) -> Expr:
    """Rename free indices ``old`` → ``new`` without capturing any summation index.

    The dummies get placeholder names that no index of the model can have (rename_dummies
    picks an outer name before renaming the sums inside, so a textbook name could capture
    an inner one); the printers give them plain letters (derive.indexnames).
    """
    safe = ic.rename_dummies(expr, avoid=set(old) | set(new), prefer=("_a", "_b", "_c", "_d", "_e"))
    return safe.xreplace(dict(zip(old, new)))


def _shown_product(adjoint: Expr, local: Expr, limits: list) -> Expr:
    """``Σ (∂L/∂q)·(∂q/∂r)`` with both factors as derived, unmultiplied, and a minus sign in front of the sum.

    SymPy would cancel ``(−y_i/s_i)·s_i(δ_ij − s_j)`` on multiplying; the reader must see the
    product first, so the cancellation can be its own step.
    """
    sign = -1 if adjoint.could_extract_minus_sign() else 1
    product = sp.Mul(sign * adjoint, local, evaluate=False)
    body = sp.Sum(product, *limits) if limits else product
    return sp.Mul(-1, body, evaluate=False) if sign < 0 else body


def _cancelled(adjoint: Expr, local: Expr) -> list[Expr]:
    """Factors of the adjoint's denominator that the local derivative's numerator cancels."""
    den = sp.Mul.make_args(sp.fraction(sp.together(adjoint))[1])
    num = sp.Mul.make_args(local)
    return [f for f in den if f != 1 and f in num]


def _signed(expr: Expr) -> Expr:
    """A sum whose body is negative written with the minus sign in front: −Σ_i y_i(δ_ij − s_j)."""
    terms = []
    for t in sp.Add.make_args(expr):
        if isinstance(t, sp.Sum) and t.function.could_extract_minus_sign():
            t = sp.Mul(-1, sp.Sum(-t.function, *t.limits), evaluate=False)
        terms.append(t)
    return terms[0] if len(terms) == 1 else sp.Add(*terms, evaluate=False)


def apply_assumptions(model: Model, expr: Expr, lhs: Expr, assume: bool) -> tuple[Expr, list[Step], list, list]:
    """Apply each model assumption whose sum occurs in ``expr``, as its own step (or report it)."""
    steps, used, pending = [], [], []
    for asm in model.assumptions:
        if not ic.contains_sum(expr, asm.pattern):
            continue
        applied = textbook(ic.replace_sum(expr, asm.pattern, asm.value))
        if assume:
            steps.append(Step(f"assumption applied: {asm.description}", lhs, applied, ASSUMPTION,
                              assumptions=(asm,)))
            used.append(asm)
            expr = applied
        else:
            pending.append(Pending(lhs, applied, asm))
    return expr, steps, used, pending


class _Chain(NamedTuple):
    """The chain rule for ∂L/∂r over r's consumers, in the forms the steps show."""

    stated: Expr     # Σ_a ∂L/∂q_a · ∂q_a/∂r_b
    value: Expr      # the same with the derived values put in (multiplied out by SymPy)
    shown: Expr      # the values put in but left unmultiplied, minus sign in front
    cancelled: list  # factors the multiplication cancels (s_i in (−y_i/s_i)·s_i(δ_ij − s_j))
    ranges: dict


def _chained(model: Model, name: str, adj: dict, local: dict, path: list[str]) -> _Chain:
    """The chain rule for ∂L/∂name over its consumers: as stated (with ∂s), with the values put in, and the ranges."""
    L = model.quantity(model.loss).base
    R = model.quantity(name)
    b = var_indices(R, model)
    chain_terms, value_terms, shown_terms, ranges = [], [], [], _ranges((b, R))
    cancelled: list[Expr] = []
    for node in [n for n in model.consumers(name) if n.out in path]:
        Q = model.quantity(node.out)
        a = out_indices(Q, model)
        ranges.update(_ranges((a, Q)))
        adjoint = _reindex(adj[node.out], var_indices(Q, model), a, model)
        term_chain = (partial(L, Q.at(a)) * partial(Q.at(a), R.at(b)) if node.out != model.loss
                      else partial(L, R.at(b)))
        limits = [(s, 1, dim) for s, dim in zip(a, Q.shape)]
        chain_terms.append(sp.Sum(term_chain, *limits) if limits else term_chain)
        term_value = adjoint * local[(node.out, name)]
        value_terms.append(sp.Sum(term_value, *limits) if limits else term_value)
        shown_terms.append(_shown_product(adjoint, local[(node.out, name)], limits))
        cancelled += _cancelled(adjoint, local[(node.out, name)])
    shown = shown_terms[0] if len(shown_terms) == 1 else sp.Add(*shown_terms, evaluate=False)
    return _Chain(sp.Add(*chain_terms), sp.Add(*value_terms), shown, cancelled, ranges)


def _adjoint(model: Model, name: str, adj: dict, local: dict, path: list[str], steps: list[Step]) -> Expr:
    """∂L/∂name before assumptions: the chain rule, contracted, simplified and back-substituted (steps recorded)."""
    R = model.quantity(name)
    b = var_indices(R, model)
    lhs = partial(model.quantity(model.loss).base, R.at(b))
    consumers = [n for n in model.consumers(name) if n.out in path]
    if len(consumers) == 1 and consumers[0].out == model.loss:
        return local[(model.loss, name)]
    chain = _chained(model, name, adj, local, path)
    steps.append(Step("chain rule", lhs, chain.stated, CHAIN))
    steps.append(Step("substitution of the local derivatives", lhs, chain.shown, CHAIN))
    if chain.cancelled:
        # The moment every tutorial dwells on: 1/s_i from ∂L/∂s_i meets s_i from ∂s_i/∂z_j.
        factors = ", ".join(dict.fromkeys(text(f) for f in chain.cancelled))
        steps.append(Step(f"cancellation of {factors}", lhs, _signed(chain.value), CHAIN))
    cur = textbook(contracted(chain.value, chain.ranges, set(b)))
    if text(cur) != text(steps[-1].rhs):  # a step that changes nothing a reader sees is left out
        steps.append(Step("Kronecker-delta contraction and simplification", lhs, cur, CHAIN))
    for qname, back in express_in_quantities(model, cur, chain.ranges):
        cur = textbook(back)
        steps.append(Step(f"back-substitution of the definition of {qname}", lhs, cur, CHAIN))
    return cur


class _Symbolic:
    """The symbolic engine as a backend of the shared sweep: index expressions for symbolic sizes."""

    def __init__(self, model: Model):
        self.model = model

    def definitions(self) -> list[Step]:
        return definition_steps(self.model)

    def local_derivatives(self, path: list[str]) -> tuple[dict, list[Step]]:
        local: dict[tuple[str, str], Expr] = {}
        steps: list[Step] = []
        for node in reversed(self.model.nodes):
            for arg in dict.fromkeys(node.args):
                if node.out in path and arg in path:
                    local[(node.out, arg)], lsteps = local_derivative(self.model, node.out, arg)
                    steps += lsteps
        return local, steps

    def unit(self) -> Expr:
        return sp.Integer(1)

    def adjoint(self, name: str, adj: dict, local: dict, path: list[str], assume: bool):
        # ∂L/∂name is the same in every sweep that reaches name: its consumers on the path are those the
        # loss depends on, whatever the variable.  Kept, a deep model derived by each of its parameters
        # (numeric's plan, the catalog's claims) chains each adjoint once, not once per parameter.
        table = constructs()
        try:
            key = (self.model, name, bool(assume))
            hash(key)
        except TypeError:  # an unhashable user layer: chain afresh
            return self._adjoint(name, adj, local, path, assume)
        with _DERIVED_LOCK:
            hit = _ADJOINTS.get(key)
            if hit is not None and same_table(hit[0], table):
                _ADJOINTS.move_to_end(key)
                cur, steps, used, pending = hit[1]
                return cur, list(steps), list(used), list(pending)
        found = self._adjoint(name, adj, local, path, assume)
        with _DERIVED_LOCK:
            _ADJOINTS[key] = (table, (found[0], tuple(found[1]), tuple(found[2]), tuple(found[3])))
            while len(_ADJOINTS) > _ADJOINTS_MAX:
                _ADJOINTS.popitem(last=False)
        return found

    def _adjoint(self, name: str, adj: dict, local: dict, path: list[str], assume: bool):
        model, steps = self.model, []
        cur = _adjoint(model, name, adj, local, path, steps)
        R = model.quantity(name)
        lhs = partial(model.quantity(model.loss).base, R.at(var_indices(R, model)))
        cur, asteps, used, pending = apply_assumptions(model, cur, lhs, assume)
        return cur, steps + asteps, used, pending

    def result(self, wrt: str, adj: dict, local: dict, steps: list[Step], used: list, pending: list) -> Derivation:
        model = self.model
        b = var_indices(model.quantity(wrt), model)
        lhs = partial(model.quantity(model.loss).base, model.quantity(wrt).at(b))
        result = adj[wrt]
        steps.append(Step("result", lhs, result, RESULT, assumptions=tuple(used)))
        matrix = to_matrix(result, b, {q.name: q.shape for q in model.quantities})
        matrix_lhs = None
        if matrix is not None:
            matrix_lhs = Gradient(sp.Symbol(model.loss), sp.Symbol(wrt), *matrix.shape)
            steps.append(Step("matrix form", matrix_lhs, matrix, RESULT, assumptions=tuple(used)))
        sizes = {n: desc for n, desc in model.sizes}
        return Derivation(model, wrt, sizes, tuple(steps), lhs, result, matrix_lhs, matrix,
                          tuple(dict.fromkeys(used)), tuple(pending), b, local, adj)


#: Derivations already made, most recently used last: (model, wrt, assume) → (construct table, Derivation).
_DERIVED: OrderedDict[tuple, tuple[tuple, Derivation]] = OrderedDict()
_DERIVED_MAX = 256
_DERIVED_LOCK = threading.Lock()
#: Adjoints already chained: (model, quantity, assume) → (construct table, (value, steps, used, pending)).
_ADJOINTS: OrderedDict[tuple, tuple[tuple, tuple]] = OrderedDict()
_ADJOINTS_MAX = 1024


def derive(model: Model, wrt: str | None = None, *, assume: bool = True) -> Derivation:
    """Derive ``∂loss/∂wrt`` for symbolic sizes, step by step."""
    wrt = wrt or model.default_wrt()
    model.quantity(wrt)  # an unknown name is reported here
    if wrt == model.loss:
        raise UnknownVariable(f"{wrt} is the loss itself; differentiate by one of its inputs")
    if not model.depends_on(model.loss, wrt):
        raise model.unread(wrt)
    # Memoised: the command line, numeric's plan, the reports and the catalog claims derive the same
    # gradients again and again.  A Model is frozen and compares by value (its layers by identity), so an
    # equal model derives the same steps; the step names also read the table of constructs, so a
    # construct registered or replaced since is a miss.  The Derivation handed out is shared: its
    # mappings are made read-only so that no caller can change what the next caller gets.
    table = constructs()
    try:
        key = (model, wrt, bool(assume))
        hash(key)
    except TypeError:  # a user's layer or quantity holding something unhashable: derive afresh
        return _read_only(sweep(_Symbolic(model), wrt, assume))
    with _DERIVED_LOCK:
        hit = _DERIVED.get(key)
        if hit is not None and same_table(hit[0], table):
            _DERIVED.move_to_end(key)
            return hit[1]
    dv = _read_only(sweep(_Symbolic(model), wrt, assume))
    with _DERIVED_LOCK:
        _DERIVED[key] = (table, dv)
        if len(_DERIVED) > _DERIVED_MAX:
            _DERIVED.popitem(last=False)
    return dv


def _read_only(dv: Derivation) -> Derivation:
    """``dv`` with its sizes, local derivatives and adjoints behind read-only views."""
    return dataclasses.replace(dv, sizes=MappingProxyType(dict(dv.sizes)), local=MappingProxyType(dict(dv.local)),
                               adjoints=MappingProxyType(dict(dv.adjoints)))

"""The derivation at explicit sizes: every scalar entry written out, as in the tutorial.

With ``n = 3`` the model reads ``z1 = w11 x1 + w12 x2 + w13 x3`` and so on.  Local
derivatives are Jacobian arrays of ``sympy.diff`` on those scalar definitions, chained
entry by entry, back-substituted and simplified, and the assumption ``y1 + y2 + y3 = 1``
is applied as its own step.  This is computed independently of ``derive.engine``, so
agreement between the two modes is evidence, not a tautology.
"""
from __future__ import annotations

import itertools
from collections.abc import Mapping

import sympy as sp
from sympy import Array, Derivative, Expr, Symbol

from .derivation import ASSUMPTION, CHAIN, DEFINITION, LOCAL, RESULT, Derivation, Pending, Step
from .engine import out_indices
from .reverse import sweep
from .errors import UnknownVariable
from .indexcalc import BackSubstitution, free_indices, transcendental
from .model import Assumption, Model, Quantity
from .algebra import positive_factors, textbook

DEFAULT_SIZE = 3


def _entries(shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    """All 1-based index tuples of an array of this shape (one empty tuple for a scalar)."""
    return list(itertools.product(*[range(1, d + 1) for d in shape]))


def _name(sym_name: str) -> Symbol:
    return Symbol(sym_name)


def _array(values: dict, shape: tuple[int, ...]) -> Expr:
    """A SymPy array (or the scalar itself) from ``{index tuple: value}``."""
    if not shape:
        return values[()]
    flat = [values[t] for t in _entries(shape)]
    if len(shape) == 1:
        return sp.ImmutableMatrix(shape[0], 1, flat)
    if len(shape) == 2:
        return sp.ImmutableMatrix(shape[0], shape[1], flat)
    return Array(flat, shape)


class _Explicit:
    """Model quantities instantiated at integer sizes."""

    def __init__(self, model: Model, sizes: Mapping[str, int]):
        self.model = model
        self.subs = {sym: sp.Integer(sizes.get(name, DEFAULT_SIZE)) for name, sym in model.size_symbols.items()}
        self.sizes = {name: int(self.subs[sym]) for name, sym in model.size_symbols.items()}
        self._sums: dict[Expr, Expr] = {}

    def _written_out(self, expr: Expr) -> Expr:
        """``expr`` with each sum written out once: ``Σ_k e^{z_k}`` recurs in every entry of a softmax."""
        table = {}
        for e in sp.preorder_traversal(expr):
            if isinstance(e, sp.Sum) and not e.free_symbols & set(self.subs):
                if e not in self._sums:
                    self._sums[e] = e.doit()
                table[e] = self._sums[e]
        return expr.xreplace(table) if table else expr

    def shape(self, q: Quantity) -> tuple[int, ...]:
        return tuple(int(d) if isinstance(d, int) else int(d.xreplace(self.subs)) for d in q.shape)

    def definition(self, name: str, at: tuple) -> Expr:
        """The definition of ``name`` at concrete index ``at`` with sums written out."""
        # Replacing each sum by its doit() first is what doit() does bottom-up; the rest is idempotent.
        return self._written_out(self.model.definition(name, at).xreplace(self.subs)).doit()

    def instances(self, asm: Assumption) -> list[Assumption]:
        """The assumption at these sizes; one per row when it holds for every row (Σ_i Y_bi = 1)."""
        free = sorted(free_indices(asm.pattern), key=str)
        ranges = []
        for f in free:
            ind = next(e for e in asm.pattern.atoms(sp.Indexed) if f in e.indices)
            dim = self.shape(self.model.quantity(str(ind.base)))[list(ind.indices).index(f)]
            ranges.append(range(1, dim + 1))
        out = []
        for vals in itertools.product(*ranges):
            sub = dict(zip(free, (sp.Integer(v) for v in vals)))
            out.append(Assumption(asm.pattern.xreplace(sub), asm.value, asm.description).instantiate(self.subs))
        return out


def fast_diff(expr: Expr, var: Expr) -> Expr:
    """``sympy.diff(expr, var)``, skipping the terms and factors that do not contain ``var``.

    Written-out definitions are long sums of which only a term or two contain a given
    entry; SymPy builds a derivative for every term.  Functions are left to SymPy.
    """
    if not expr.has(var):
        return sp.Integer(0)
    if expr == var:
        return sp.Integer(1)
    if expr.is_Add:
        return sp.Add(*[fast_diff(t, var) for t in expr.args if t.has(var)])
    if expr.is_Mul:
        args = expr.args
        return sp.Add(*[sp.Mul(*args[:n], fast_diff(f, var), *args[n + 1:])
                        for n, f in enumerate(args) if f.has(var)])
    if expr.is_Pow and not expr.exp.has(var):
        return expr.exp * expr.base ** (expr.exp - 1) * fast_diff(expr.base, var)
    return sp.diff(expr, var)


def _collected_around(value: Expr, asm: Assumption) -> Expr:
    """``value`` with terms collected around everything outside the assumption's sum."""
    pattern_atoms = asm.pattern.atoms(sp.Indexed)
    atoms = value.atoms(sp.Indexed)
    if not pattern_atoms <= atoms:
        return value  # the written-out sum cannot occur without all of its terms
    others = sorted(atoms - pattern_atoms, key=sp.default_sort_key)
    return sp.collect(sp.expand(value), others, func=sp.factor_terms) if others else sp.expand(value)



def _rewrite(value: Expr, rewrites: list[BackSubstitution], at_of: dict) -> Expr:
    """``value`` in terms of the model's quantities, where that removes exponentials or logarithms."""
    for bs in rewrites:
        count = transcendental(value)
        if not count:
            break
        new = bs(value, at_of[str(bs.out)])
        if new is not None and transcendental(new) < count:
            value = new
    return value


def _entry_textbook(value: Expr) -> Expr:
    """The textbook form of one written-out entry: of the whole sum, or term by term if that is shorter.

    Products of already simplified factors are kept as they are.
    """
    if not value.is_Add:
        if any(p.is_Pow and p.exp.is_negative and p.base.is_Add for p in sp.Mul.make_args(value)):
            return positive_factors(sp.factor(sp.cancel(value)))  # σ(1 − σ)·(σ − y)/(σ(1 − σ)) and the like cancel
        return positive_factors(value)
    expanded = sp.expand(value)
    # Factoring a long sum of many symbols is slow and never shorter than the expanded form.
    merged = textbook(expanded) if len(expanded.args) <= 6 else expanded
    termwise = sp.Add(*[_entry_textbook(t) for t in value.args])  # a sum over samples reads best term by term
    return min((merged, termwise), key=sp.count_ops)


def _definitions(ex: _Explicit, steps: list[Step]) -> dict[str, dict[tuple, Expr]]:
    """Every entry of every defined quantity written out; one definition step per node."""
    model = ex.model
    defs: dict[str, dict[tuple, Expr]] = {}
    for node in model.nodes:
        q = model.quantity(node.out)
        shape = ex.shape(q)
        defs[node.out] = {a: ex.definition(node.out, a) for a in _entries(shape)}
        lhs = _array({a: q.at(a) for a in _entries(shape)}, shape)
        steps.append(Step(f"definition ({node.layer.name})", lhs, _array(defs[node.out], shape), DEFINITION,
                          note=node.layer.note))
    return defs


def _jacobian(ex: _Explicit, out_defs: dict, out_shape: tuple, R: Quantity, rewrites: list, at_of: dict
              ) -> tuple[dict, dict]:
    """The raw and the simplified Jacobian entries of one layer output by the quantity ``R``."""
    jac, raw = {}, {}
    for a in _entries(out_shape):
        present = out_defs[a].atoms(sp.Indexed, Symbol)
        for b in _entries(ex.shape(R)):
            # Most entries of a Jacobian are zero: skip diff where the variable is absent.
            val = fast_diff(out_defs[a], R.at(b)) if R.at(b) in present else sp.Integer(0)
            raw[a + b] = val
            if val != 0:
                val = _rewrite(val, rewrites, at_of)
            jac[a + b] = _entry_textbook(val)
    return raw, jac


def _local_jacobians(ex: _Explicit, path: list[str], defs: dict, steps: list[Step]) -> dict:
    """Each layer's Jacobian by each of its arguments on the path, with its steps."""
    model = ex.model
    local: dict[tuple[str, str], dict] = {}
    for node in reversed(model.nodes):
        if node.out not in path:
            continue
        qshape = ex.shape(model.quantity(node.out))
        # The layer's own output first, then any other named quantity (softmax beside log-softmax).
        rewrites = [BackSubstitution(ex.model.quantity(o).base, out_indices(ex.model.quantity(o), model),
                                     ex.definition(o, out_indices(ex.model.quantity(o), model)))
                    for o in [node.out] + [n.out for n in reversed(model.nodes) if n.out != node.out]
                    if model.quantity(o).shape]
        at_of = {o.out: _entries(ex.shape(model.quantity(o.out))) for o in model.nodes}
        for arg in dict.fromkeys(node.args):
            if arg not in path:
                continue
            R = model.quantity(arg)
            raw, jac = _jacobian(ex, defs[node.out], qshape, R, rewrites, at_of)
            local[(node.out, arg)] = jac
            lhs = Derivative(_name(node.out), _name(arg), evaluate=False)
            steps.append(Step(f"Jacobian of {node.layer.name} (sympy.diff of each entry)", lhs,
                              _array(raw, qshape + ex.shape(R)), LOCAL))
            if jac != raw:
                steps.append(Step(f"back-substitution of the definition of {node.out}, simplified", lhs,
                                  _array(jac, qshape + ex.shape(R)), LOCAL))
    return local


def _apply_assumption(ex: _Explicit, asm: Assumption, simplified: dict, lhs: Expr, rshape: tuple, assume: bool,
                      steps: list[Step], used: list, pending: list) -> dict:
    """The adjoint entries after one assumption (its steps recorded, or left pending without ``assume``)."""
    insts = ex.instances(asm)
    collected, after, hit = {}, {}, []
    for b, v in simplified.items():
        for inst in insts:
            c = _collected_around(v, inst)
            replaced = c.xreplace({inst.pattern: inst.value})
            if replaced != c:  # has() would also see y1 + y2 inside y1 + y2 + y3
                v = replaced
                hit.append(inst)
                collected[b] = c
                break
        else:
            collected[b] = v
        after[b] = _entry_textbook(v)
    if not hit:
        return simplified
    hit = list(dict.fromkeys(hit))
    if not assume:
        pending.extend(Pending(lhs, _array(after, rshape), inst) for inst in hit[:1])
        return collected
    if collected != simplified:
        steps.append(Step("collecting terms", lhs, _array(collected, rshape), CHAIN))
    steps.append(Step(f"assumption applied: {asm.description}", lhs, _array(after, rshape),
                      ASSUMPTION, assumptions=tuple(hit)))
    used.extend(hit)
    return after


def _adjoint(ex: _Explicit, name: str, adj: dict, local: dict, path: list[str], assume: bool,
             steps: list[Step], used: list, pending: list) -> dict:
    """∂L/∂name entry by entry: the chain rule over the consumers, simplified, assumptions applied."""
    model = ex.model
    L = model.quantity(model.loss).base
    rshape = ex.shape(model.quantity(name))
    consumers = [n for n in model.consumers(name) if n.out in path]
    raw: dict[tuple, Expr] = {}
    for b in _entries(rshape):
        total = sp.Integer(0)
        for node in consumers:
            for a in _entries(ex.shape(model.quantity(node.out))):
                total += adj[node.out][a] * local[(node.out, name)][a + b]
        raw[b] = total
    lhs = Derivative(L, _name(name), evaluate=False)
    chained = not (len(consumers) == 1 and consumers[0].out == model.loss)
    if chained:
        steps.append(Step("chain rule (sum over the entries of the layer output)", lhs, _array(raw, rshape), CHAIN))
    simplified = {b: _entry_textbook(v) for b, v in raw.items()}
    if chained and simplified != raw:
        steps.append(Step("simplification", lhs, _array(simplified, rshape), CHAIN))
    for asm in model.assumptions:
        simplified = _apply_assumption(ex, asm, simplified, lhs, rshape, assume, steps, used, pending)
    return simplified


class _ExplicitSweep:
    """The explicit engine as a backend of the shared sweep (``derive.reverse``): arrays of entries."""

    def __init__(self, ex: _Explicit):
        self.ex, self.model = ex, ex.model
        self.defs: dict[str, dict[tuple, Expr]] = {}

    def definitions(self) -> list[Step]:
        steps: list[Step] = []
        self.defs = _definitions(self.ex, steps)
        return steps

    def local_derivatives(self, path: list[str]) -> tuple[dict, list[Step]]:
        steps: list[Step] = []
        return _local_jacobians(self.ex, path, self.defs, steps), steps

    def unit(self) -> dict:
        return {(): sp.Integer(1)}

    def adjoint(self, name: str, adj: dict, local: dict, path: list[str], assume: bool):
        steps: list[Step] = []
        used: list[Assumption] = []
        pending: list[Pending] = []
        value = _adjoint(self.ex, name, adj, local, path, assume, steps, used, pending)
        return value, steps, used, pending

    def result(self, wrt: str, adj: dict, local: dict, steps: list[Step], used: list, pending: list) -> Derivation:
        model = self.model
        result = _array(adj[wrt], self.ex.shape(model.quantity(wrt)))
        lhs = Derivative(model.quantity(model.loss).base, _name(wrt), evaluate=False)
        steps.append(Step("result", lhs, result, RESULT, assumptions=tuple(used)))
        return Derivation(model, wrt, dict(self.ex.sizes), tuple(steps), lhs, result, None, None,
                          tuple(dict.fromkeys(used)), tuple(pending), (), local, adj)


def derive_explicit(model: Model, wrt: str | None = None, sizes: Mapping[str, int] | None = None, *,
                    assume: bool = True) -> Derivation:
    """Derive ``∂loss/∂wrt`` at explicit sizes (missing sizes default to 3, the tutorial's)."""
    wrt = wrt or model.target
    model.quantity(wrt)  # an unknown name is reported here
    if wrt == model.loss or not model.depends_on(model.loss, wrt):
        raise UnknownVariable(f"the loss {model.loss} of model {model.name} does not depend on {wrt}")
    return sweep(_ExplicitSweep(_Explicit(model, sizes or {})), wrt, assume)

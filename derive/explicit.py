"""The derivation at explicit sizes: every scalar entry written out, as in the tutorial.

With ``n = 3`` the model reads ``z1 = w11 x1 + w12 x2 + w13 x3`` and so on.  Local
derivatives are Jacobian arrays of ``sympy.diff`` on those scalar definitions, chained
entry by entry, back-substituted and simplified, and the assumption ``y1 + y2 + y3 = 1``
is applied as its own step.  This is computed independently of ``derive.engine``, so
agreement between the two modes is evidence, not a tautology.
"""
from __future__ import annotations

import gc
import itertools
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cached_property

import sympy as sp
from sympy import Basic, Derivative, Expr, Symbol, Tuple
from sympy.tensor.array import ImmutableDenseNDimArray

from .derivation import ASSUMPTION, CHAIN, DEFINITION, LOCAL, RESULT, Derivation, Pending, Step
from .engine import out_indices
from .reverse import sweep
from .indexcalc import BackSubstitution, free_indices, transcendental
from .model import Assumption, Model, Quantity
from .algebra import positive_factors, textbook
from .renumber import Renumbering, bound_named, move_expr

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
    return _dense_array(flat, shape)


def _dense_array(flat: list[Expr], shape: tuple[int, ...]) -> ImmutableDenseNDimArray:
    """``Array(flat, shape)`` of entries that are SymPy expressions already, built without sympifying each.

    At n = 100 a Jacobian of z by W holds 10⁶ entries, and SymPy's constructor flattens, checks and
    sympifies every one (0.5 s per array, two arrays per step).  The object is the one SymPy builds,
    attribute for attribute (``tests/test_explicit.py`` compares them).
    """
    dims = Tuple(*[sp.Integer(d) for d in shape])
    array = Basic.__new__(ImmutableDenseNDimArray, Tuple(*flat, sympify=False), dims)
    array._shape, array._array, array._rank = dims, list(flat), len(shape)
    array._loop_size = len(flat)
    return array


class _Explicit:
    """Model quantities instantiated at integer sizes."""

    def __init__(self, model: Model, sizes: Mapping[str, int]):
        self.model = model
        self.subs = {sym: sp.Integer(sizes.get(name, DEFAULT_SIZE)) for name, sym in model.size_symbols.items()}
        self.sizes = {name: int(self.subs[sym]) for name, sym in model.size_symbols.items()}
        self._sums: dict[Expr, Expr] = {}
        names = {sym: name for name, sym in model.size_symbols.items()}
        self._axes_of = {q.name: tuple(names.get(d) for d in q.shape) for q in model.quantities}
        self.axes = {q.base: self._axes_of[q.name] for q in model.quantities if q.shape}
        self.same = Renumbering(self.axes, self.sizes)
        #: For each local Jacobian (out, arg): the entries of out whose derivative by arg[b] is not 0.
        self.nonzero: dict[tuple[str, str], dict[tuple, list] | None] = {}

    def own(self, q: Quantity, at: tuple) -> list[tuple[str | None, Expr]]:
        """The entry ``at`` of ``q`` as (axis, number) pairs, for ``Renumbering``."""
        return list(zip(self._axes_of[q.name], at))

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
        return self._write_out(self._stated(name, at))

    def _stated(self, name: str, at: tuple) -> Expr:
        return self.model.definition(name, at).xreplace(self.subs)

    def _write_out(self, stated: Expr) -> Expr:
        # Replacing each sum by its doit() first is what doit() does bottom-up; the rest is idempotent.
        return self._written_out(stated).doit()

    def written_out(self) -> dict[str, dict[tuple, Expr]]:
        """Every entry of every defined quantity written out, entries alike up to renumbering once."""
        model = self.model
        stated = {n.out: {a: self._stated(n.out, a) for a in _entries(self.shape(model.quantity(n.out)))}
                  for n in model.nodes}
        named = {k: {a: bound_named(v) for a, v in entries.items()} for k, entries in stated.items()}
        if self.decide_renumbering(named):
            instances = [i.pattern for asm in model.assumptions for i in self.instances(asm)]
            self.same.fold(e for e in [*self._sums.values(), *instances] if isinstance(e, sp.Add))
        # Writing out (Sum.doit) works on the structure alone: renumbered statements give renumbered results.
        return {k: {a: self.same.entry(("def", k), self.own(model.quantity(k), a), named[k][a],
                                       lambda _named, v=v: self._write_out(v), move_expr)
                    for a, v in entries.items()} for k, entries in stated.items()}

    @cached_property
    def rewrites_defined(self) -> dict[str, Expr]:
        """Each defined array at its symbolic index, written out: what back-substitution solves for."""
        model = self.model
        return {n.out: self.definition(n.out, out_indices(model.quantity(n.out), model))
                for n in model.nodes if model.quantity(n.out).shape}

    def back_substitution(self, name: str) -> BackSubstitution:
        """Rewriting in terms of the defined array ``name`` (built once: it solves its definition)."""
        subs = self.__dict__.setdefault("_back_substitutions", {})
        if name not in subs:
            q = self.model.quantity(name)
            subs[name] = BackSubstitution(q.base, out_indices(q, self.model), self.rewrites_defined[name])
        return subs[name]

    def decide_renumbering(self, defs: Mapping[str, Mapping[tuple, Expr]]) -> bool:
        """Whether entries alike up to renumbering may share their work here (see ``derive.renumber``).

        ``defs`` are the definitions of every entry as stated (sums not yet written out); the
        back-substitutions' written-out definitions and the assumptions must not change at all.
        """
        model = self.model
        by_base = {model.quantity(name).base: v for name, v in defs.items() if model.quantity(name).shape}
        patterns = [inst.pattern for asm in model.assumptions for inst in self.instances(asm)]
        return self.same.check(by_base, [*self.rewrites_defined.values(), sp.FiniteSet(*patterns)])

    def instance_atoms(self, insts: list[Assumption]) -> tuple[dict[Expr, int], list[set]]:
        """Each instance's position by its sum, and the entries each sum needs (computed once)."""
        memo = self.__dict__.setdefault("_instance_atoms", {})
        key = tuple(i.pattern for i in insts)
        if key not in memo:
            memo[key] = ({p: k for k, p in enumerate(key)}, [p.atoms(sp.Indexed) for p in key])
        return memo[key]

    def instances(self, asm: Assumption) -> list[Assumption]:
        """The assumption at these sizes; one per row when it holds for every row (Σ_i Y_bi = 1)."""
        # Built once: the same objects each time compare by identity, not term by term.
        memo = self.__dict__.setdefault("_instance_memo", {})
        if asm not in memo:
            memo[asm] = self._instances(asm)
        return memo[asm]

    def _instances(self, asm: Assumption) -> list[Assumption]:
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


def fast_diff(expr: Expr, var: Expr, memo: dict | None = None) -> Expr:
    """``sympy.diff(expr, var)``, skipping the terms and factors that do not contain ``var``.

    Written-out definitions are long sums of which only a term or two contain a given
    entry; SymPy builds a derivative for every term.  Functions are left to SymPy.
    ``memo`` (one dict for many calls) keeps what the entries of one Jacobian share: the
    entries each sub-expression contains, and the derivative of e^{z_1} + ⋯ + e^{z_n} by z_j.
    """
    memo = {} if memo is None else memo
    if not isinstance(var, (sp.Indexed, Symbol)):
        return _fast_diff(expr, var, lambda e: e.has(var), lambda e: [t for t in e.args if t.has(var)], memo)

    def atoms(e: Expr) -> set:
        if e not in memo:
            memo[e] = e.atoms(sp.Indexed, Symbol)  # what has() looks for, found once per sub-expression
        return memo[e]

    def terms_with(e: Expr) -> list:
        # The terms of a long sum that contain var, in order, from one pass over the sum for every var.
        key = ("terms", e)
        if key not in memo:
            index: dict = {}
            for t in e.args:
                for atom in atoms(t):
                    index.setdefault(atom, []).append(t)
            memo[key] = index
        return memo[key].get(var, [])
    return _fast_diff(expr, var, lambda e: var in atoms(e), terms_with, memo)


def _fast_diff(expr: Expr, var: Expr, has, terms_with, memo: dict) -> Expr:
    if not has(expr):
        return sp.Integer(0)
    if expr == var:
        return sp.Integer(1)
    if expr.is_Add:
        key = (expr, var)
        if key not in memo:
            memo[key] = sp.Add(*[_fast_diff(t, var, has, terms_with, memo) for t in terms_with(expr)])
        return memo[key]
    if expr.is_Mul:
        args = expr.args
        return sp.Add(*[sp.Mul(*args[:n], _fast_diff(f, var, has, terms_with, memo), *args[n + 1:])
                        for n, f in enumerate(args) if has(f)])
    key = (expr, var)  # 1/(e^{z_1} + ⋯ + e^{z_n}) recurs in every entry of a softmax: differentiated once
    if key not in memo:
        if expr.is_Pow and not expr.exp.has(var):
            memo[key] = expr.exp * expr.base ** (expr.exp - 1) * _fast_diff(expr.base, var, has, terms_with, memo)
        else:
            memo[key] = sp.diff(expr, var)
    return memo[key]


def _collected_around(value: Expr, asm: Assumption) -> Expr:
    """``value`` with terms collected around everything outside the assumption's sum."""
    pattern_atoms = asm.pattern.atoms(sp.Indexed)
    atoms = value.atoms(sp.Indexed)
    if not pattern_atoms <= atoms:
        return value  # the written-out sum cannot occur without all of its terms
    others = sorted(atoms - pattern_atoms, key=sp.default_sort_key)
    expanded = sp.expand(value)
    if not others or _stays_apart(expanded, asm.pattern):
        return expanded  # collecting (~0.1 s an entry) could not bring the sum out whole
    return sp.collect(expanded, others, func=sp.factor_terms)


def _stays_apart(expanded: Expr, pattern: Expr) -> bool:
    """True when no collected form of ``expanded`` holds ``pattern``, a written-out sum ``a₁ + … + a_k`` of entries.

    Collected around the other entries, a coefficient is factored to ``g·(a₁ + … + a_k)`` only if
    ``g·m·a`` is a term for every ``a`` (``m`` the monomial it is collected around): ruled out when
    no quotient ``term / a`` is shared by every ``a``, and the sum does not already stand inside.
    """
    if not pattern.is_Add or not all(isinstance(a, sp.Indexed) for a in pattern.args) or expanded.has(pattern):
        return False
    terms = sp.Add.make_args(expanded)
    shared = None
    for a in pattern.args:
        quotients = {t / a for t in terms if any(f == a or f.is_Pow and f.base == a for f in sp.Mul.make_args(t))}
        shared = quotients if shared is None else shared & quotients
        if not shared:
            return True
    return False



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
    defs = ex.written_out()
    for node in model.nodes:
        q = model.quantity(node.out)
        shape = ex.shape(q)
        lhs = _array({a: q.at(a) for a in _entries(shape)}, shape)
        steps.append(Step(f"definition ({node.layer.name})", lhs, _array(defs[node.out], shape), DEFINITION,
                          note=node.note))
    return defs


def _jacobian(ex: _Explicit, out: Quantity, out_shape: tuple, R: Quantity, rewrites: list, at_of: dict,
              out_defs: dict) -> tuple[dict, dict]:
    """The raw and the simplified Jacobian entries of one layer output by the quantity ``R``."""
    jac, raw = {}, {}
    zero = sp.Integer(0)
    zero_textbook = _entry_textbook(zero)

    done: dict[Expr, Expr] = {}

    def simplified(val: Expr) -> Expr:
        return _entry_textbook(_rewrite(val, rewrites, at_of))

    def entry(val: Expr, own: list) -> Expr:
        # Equal raw entries simplify alike: ∂z_i/∂W_ik = x_k for every i is simplified once.
        if val not in done:
            done[val] = ex.same.entry(("jac", out.name, R.name), own, val, simplified, move_expr)
        return done[val]

    memo: dict = {out_defs[a]: out_defs[a].atoms(sp.Indexed, Symbol) for a in _entries(out_shape)}
    # R's entries as the very objects in the definitions: set and dict look-ups then hit by identity
    # instead of comparing equal copies content by content.
    canon = {v: v for found in memo.values() for v in found}
    by = [(b, canon.get(var, var), ex.own(R, b)) for b, var in ((b, R.at(b)) for b in _entries(ex.shape(R)))]
    position = {var: k for k, (_b, var, _own) in enumerate(by)}
    # Most entries of a Jacobian are zero: only the variables a definition contains are visited.
    raw = dict.fromkeys((a + b for a in _entries(out_shape) for b, _v, _o in by), zero)
    jac = dict.fromkeys(raw, zero_textbook)
    nonzero: dict[tuple, list] = {b: [] for b, _v, _o in by} if zero_textbook == 0 else None
    for a in _entries(out_shape):
        own_a = ex.own(out, a)
        for k in sorted(position[v] for v in memo[out_defs[a]] if v in position):
            b, var, own_b = by[k]
            val = raw[a + b] = fast_diff(out_defs[a], var, memo)
            jac[a + b] = zero_textbook if val == 0 else entry(val, own_a + own_b)
            if nonzero is not None and jac[a + b] != 0:
                nonzero[b].append(a)
    ex.nonzero[(out.name, R.name)] = nonzero
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
        rewrites = [ex.back_substitution(o) for o in [node.out] + [n.out for n in reversed(model.nodes)
                                                                   if n.out != node.out]
                    if model.quantity(o).shape]
        at_of = {o.out: _entries(ex.shape(model.quantity(o.out))) for o in model.nodes}
        for arg in dict.fromkeys(node.args):
            if arg not in path:
                continue
            R = model.quantity(arg)
            raw, jac = _jacobian(ex, model.quantity(node.out), qshape, R, rewrites, at_of, defs[node.out])
            local[(node.out, arg)] = jac
            lhs = Derivative(_name(node.out), _name(arg), evaluate=False)
            steps.append(Step(f"Jacobian of {node.layer.name} (sympy.diff of each entry)", lhs,
                              _array(raw, qshape + ex.shape(R)), LOCAL))
            if jac != raw:
                steps.append(Step(f"back-substitution of the definition of {node.out}, simplified", lhs,
                                  _array(jac, qshape + ex.shape(R)), LOCAL))
    return local


def _assumed(v: Expr, insts: list[Assumption]) -> tuple[Expr, Expr, Expr | None]:
    """One entry collected around the first assumption that applies, after it, and that assumption's sum."""
    for inst in insts:
        c = _collected_around(v, inst)
        replaced = c.xreplace({inst.pattern: inst.value})
        if replaced != c:  # has() would also see y1 + y2 inside y1 + y2 + y3
            return c, _entry_textbook(replaced), inst.pattern
    return v, _entry_textbook(v), None


def _assumed_entry(ex: _Explicit, insts: list[Assumption], q: Quantity, b: tuple, v: Expr
                   ) -> tuple[Expr, Expr, Assumption | None]:
    """``_assumed`` for one entry, shared between entries alike up to renumbering."""
    def move(result, f):
        return tuple(None if e is None else f(e) for e in result)

    c, after, pattern = ex.same.entry(("assume", q.name, tuple(i.pattern for i in insts)), ex.own(q, b), v,
                                      lambda e: _assumed(e, insts), move)
    by_pattern, needs = ex.instance_atoms(insts)
    k = len(insts) if pattern is None else by_pattern.get(pattern)
    atoms = v.atoms(sp.Indexed)
    # An assumption earlier in the list would have been tried first: renumbered, none of them may apply.
    if k is None or any(need <= atoms for need in needs[:k]):
        c, after, pattern = _assumed(v, insts)
        k = None if pattern is None else by_pattern[pattern]
    return c, after, None if k is None or pattern is None else insts[k]


def _apply_assumption(ex: _Explicit, asm: Assumption, q: Quantity, simplified: dict, lhs: Expr, rshape: tuple,
                      assume: bool, steps: list[Step], used: list, pending: list) -> dict:
    """The adjoint entries after one assumption (its steps recorded, or left pending without ``assume``)."""
    insts = ex.instances(asm)
    _, needs = ex.instance_atoms(insts)
    # An entry that lacks one of an instance's terms cannot hold its sum (``_collected_around``): when
    # no entry holds every term of any instance, nothing applies (the weights' entries (s_i − y_i)·x_k).
    if not any(need <= v.atoms(sp.Indexed) for v in simplified.values() for need in needs):
        return simplified
    collected, after, hit = {}, {}, []
    for b, v in simplified.items():
        collected[b], after[b], inst = _assumed_entry(ex, insts, q, b, v)
        if inst is not None:
            hit.append(inst)
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
    q = model.quantity(name)
    rshape = ex.shape(q)
    consumers = [n for n in model.consumers(name) if n.out in path]
    raw: dict[tuple, Expr] = {}
    outs = [(adj[node.out], local[(node.out, name)], ex.nonzero.get((node.out, name)),
             _entries(ex.shape(model.quantity(node.out)))) for node in consumers]
    for b in _entries(rshape):
        # Adding 0·adjoint changes nothing, and most Jacobian entries are 0; one Add of all terms
        # is the sum term by term, without rebuilding the partial sums.
        raw[b] = sp.Add(*[adj_out[a] * loc[a + b] for adj_out, loc, nonzero, at in outs
                          for a in (at if nonzero is None else nonzero[b]) if loc[a + b] != 0])
    lhs = Derivative(L, _name(name), evaluate=False)
    chained = not (len(consumers) == 1 and consumers[0].out == model.loss)
    if chained:
        steps.append(Step("chain rule (sum over the entries of the layer output)", lhs, _array(raw, rshape), CHAIN))
    simplified = {b: ex.same.entry(("adjoint", name), ex.own(q, b), v, _entry_textbook, move_expr)
                  for b, v in raw.items()}
    if chained and simplified != raw:
        steps.append(Step("simplification", lhs, _array(simplified, rshape), CHAIN))
    for asm in model.assumptions:
        simplified = _apply_assumption(ex, asm, q, simplified, lhs, rshape, assume, steps, used, pending)
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
    from .sizes import checked
    sizes = checked(sizes)
    wrt = wrt or model.default_wrt()
    model.quantity(wrt)  # an unknown name is reported here
    if wrt == model.loss or not model.depends_on(model.loss, wrt):
        raise model.unread(wrt)
    with _no_cycle_collection():
        return sweep(_ExplicitSweep(_Explicit(model, sizes or {})), wrt, assume)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector: at n = 100 it walks millions of live SymPy objects, to find no cycles.

    Reference counting still frees everything that is dropped; the collector resumes afterwards.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()

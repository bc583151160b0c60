"""What a claim means: expanding defined quantities and evaluating ``diff(A, B)`` along the model.

``diff(A, B)`` expands A through ``[define]`` for every quantity that depends on B
(B's own quantity stays as the variable; everything else is held fixed) and then calls
``sympy.diff``.  Definitions are stored with their summation indices replaced by
``Dummy`` symbols, so instantiating ``s[k]`` inside a sum over ``k`` cannot capture.
"""
from __future__ import annotations

from itertools import count, islice, product

import sympy as sp
from sympy import Derivative, Expr, Indexed, Symbol

from ..algebra import freshen
from ..algebra.bigops import BOUND
from ..algebra.names import rebind
from ..algebra.differentiate import derivative
from ..language.kinks import _input_name as _name
from .fileformat import DerivationFile


class Semantics:
    """The model of one derivation file: dependencies, expansion, and ``diff`` along it."""

    def __init__(self, f: DerivationFile):
        self.file = f
        self.defs = {q.name: (q.indices, freshen(q.definition)) for q in f.quantities.values() if q.defined}
        # Quantities only: a label per sample (t[b] in δ(i, t_b)) is an index, drawn with the labels.
        self.deps = {name: self._direct(expr) & f.quantities.keys() for name, (_, expr) in self.defs.items()}
        # Definitions written in the inputs, computed when a claim first needs them (inside its
        # worker, under its time budget: a file's definitions may expand to something huge).
        self._inputs_form: dict[tuple[str, frozenset], tuple[tuple, Expr]] = {}
        # Each entry so expanded (s[j], z[i]): the sides, levels and claims of a file expand the same
        # entries again and again.  Made here so that every _Rewritten copy of this file shares it.
        self._instances: dict[tuple[Expr, frozenset], Expr] = {}
        #: What the file's claims share while a worker checks them one after another, kept by
        #: ``derive.verify.search`` (its compiler, each draw's forward values and kink roots) and by
        #: ``expected.own_derivative`` (each definition's back-substitution).
        self.shared: dict = {}

    @staticmethod
    def _direct(expr: Expr) -> set[str]:
        # One walk over the atoms: free_symbols of a long expression with sums is slow to build.
        # A bound symbol is an index (integer), so atoms may include it without changing the answer.
        names = set()
        for a in expr.atoms(Indexed, Symbol):
            if isinstance(a, Indexed):
                names.add(a.base.name)
            elif a.is_real and not a.is_integer:
                names.add(str(a))
        return names

    def names_in(self, expr: Expr) -> set[str]:
        """Names of the quantities occurring in ``expr``."""
        return {n for n in self._direct(expr) if n in self.file.quantities}

    def depends_on(self, name: str, var: str) -> bool:
        """True when quantity ``name`` depends on ``var`` through the definitions."""
        return var in self._ancestors(name)

    def _ancestors(self, name: str) -> frozenset[str]:
        # Memoised: recursing along every path is exponential on a diamond-shaped file.
        memo = self.__dict__.setdefault("_ancestor_memo", {})
        if name not in memo:
            memo[name] = frozenset({name})  # definitions are acyclic; this only guards re-entry
            memo[name] = frozenset({name}).union(*(self._ancestors(a) for a in self.deps.get(name, ())))
        return memo[name]

    def _instance(self, name: str, idx: tuple) -> Expr:
        keys, body = self.defs[name]
        return body.xreplace(dict(zip(keys, idx)))

    def expand_once(self, expr: Expr, only: set[str] | None = None) -> Expr:
        """Replace each defined quantity (among ``only``, default all) by its definition, one level."""
        names = set(self.defs) if only is None else set(only) & set(self.defs)
        if not names:
            return expr
        table = {}
        for e in expr.atoms(Indexed):
            if e.base.name in names:
                table[e] = self._instance(e.base.name, e.indices)
        for s in expr.free_symbols:
            if str(s) in names and not s.is_integer:
                table[s] = self._instance(str(s), ())
        return expr.xreplace(table) if table else expr

    def _in_inputs(self, name: str, only: frozenset) -> tuple[tuple, Expr]:
        """The definition of ``name`` with every quantity among ``only`` expanded, over placeholder indices."""
        key = (name, only)
        if key not in self._inputs_form:
            keys, body = self.defs[name]
            # Unique placeholders, so instantiating at any indices is one capture-free xreplace.
            holders = tuple(sp.Dummy(str(k), integer=True) for k in keys)
            self._inputs_form[key] = (holders, self._substitute(body.xreplace(dict(zip(keys, holders))), only))
        return self._inputs_form[key]

    def _substitute(self, expr: Expr, only: frozenset) -> Expr:
        table = {}
        for e in expr.atoms(Indexed):
            name = e.base.name
            if name in only:
                key = (e, only)
                if key not in self._instances:  # instantiating a deep definition rebuilds all of it
                    holders, body = self._in_inputs(name, only)
                    self._instances[key] = body.xreplace(dict(zip(holders, e.indices)))
                table[e] = self._instances[key]
        for s in expr.free_symbols:
            if str(s) in only and not s.is_integer:
                table[s] = self._in_inputs(str(s), only)[1]
        return expr.xreplace(table) if table else expr

    def expand(self, expr: Expr, only: set[str] | None = None) -> Expr:
        """Expand defined quantities (among ``only``) until none is left."""
        names = frozenset(self.defs) if only is None else frozenset(only) & frozenset(self.defs)
        return self._substitute(expr, names) if names else expr

    def depth(self, expr: Expr) -> int:
        """How many rounds of ``expand_once`` take ``expr`` down to the inputs."""
        memo = self.__dict__.setdefault("_depth_memo", {})

        def of(name: str) -> int:
            if name not in memo:
                memo[name] = 1 + max((of(n) for n in self.deps[name] if n in self.defs), default=0)
            return memo[name]
        return max((of(n) for n in self.names_in(expr) if n in self.defs), default=0)

    def unread_variable(self, expr: Expr) -> str | None:
        """Why a derivative in ``expr`` would not mean what a reader takes it to, or None.

        derive holds everything but the variable B fixed.  Where the differentiated A computes B's value again from
        B's inputs (an L written out in W and x beside z = W x, or a log-sum-exp term of W x beside − Σ y z), that
        copy is held fixed too, where a reader applies the chain rule through it: ∂L/∂z = 0 (or −y) was proved and
        s − y refuted.  Likewise ∂/∂z after ∂/∂W, z computed from W: ∂L/∂W is written in W and x, so its ∂/∂z was
        0.  An A that only shares inputs with B (an LSTM cell c beside its output gate o) is independent of it, and
        its 0 stands."""
        for d in sorted(expr.atoms(Derivative), key=sp.default_sort_key):
            earlier = [v for inner in d.expr.atoms(Derivative) for v, _ in inner.variable_count]
            read = set().union(*(self._ancestors(n) for n in self.names_in(d.expr)))
            for v, _ in d.variable_count:
                var = _name(v)
                # a quantity defined as a derivative (δ = diff(L, z)) read beside var, not upstream of it (MAML's
                # w2 = w − η ∂L1/∂w, a penalty on e = ∂L/∂z by e): it was differentiated by its variables already
                # (only where what it differentiated reads var: Newton's f' beside f'' = ∂f'/∂θ is held as it is)
                for name in read - self._ancestors(var):
                    spec = self.file.quantities.get(name)
                    if spec is not None and getattr(spec, "derivative", None) is not None:
                        earlier += [u for inner in spec.derivative.atoms(Derivative) for u, _ in inner.variable_count
                                    if var in set().union(*(self._ancestors(n) for n in self.names_in(inner.expr)))]
                if var in self.defs and isinstance(d.expr, (Indexed, Symbol)) and _name(d.expr) != var \
                        and _name(d.expr) in self._ancestors(var):
                    return (f"{var} is computed from {_name(d.expr)}: derive holds {_name(d.expr)} as it is and "
                            f"finds ∂{_name(d.expr)}/∂{var} = 0, where a reader inverts {var}'s definition; "
                            f"differentiate {var} by {_name(d.expr)} instead")
                # (only where it does not read var at all: reading both, as staged backprop's f of x and σ(x) does,
                # holding x fixed is the computational graph's own reading)
                beside = self._read_beside(d.expr, var) if var in self.defs and var not in read else ()
                if beside:
                    chain = self._sources(var)  # p from a, and a from z
                    inputs = ", and ".join([chain[0]] + [f"{x} from {y}" for x, y in zip(chain, chain[1:])])
                    them = " and ".join(beside)
                    return (f"{var} is computed entry by entry from {inputs}, and the expression differentiated "
                            f"reads {them}, not {var}: derive holds {them} fixed and finds 0, where a reader takes "
                            f"{beside[0] if len(beside) == 1 else 'one of them'} as a function of {var} (a loss in z "
                            f"beside p = σ(z)); write it through {var}, or differentiate by {beside[0]}")
                before = sorted({_name(e) for e in earlier} & (self._ancestors(var) - {var})) if var in self.defs \
                    else []
                earlier.append(v)
                if before:
                    return (f"it differentiates by {var} after {before[0]}, which {var} is computed from: the first "
                            f"derivative is written in {before[0]}, not through {var}, so derive finds 0 where a "
                            f"reader applies the chain rule; differentiate by {var} first")
                if var in self.defs and self._recomputes(d.expr, var):
                    what = _name(d.expr) if isinstance(d.expr, (Indexed, Symbol)) else "the expression differentiated"
                    return (f"{what} computes {var} again from what {var} is computed from (as written, not through "
                            f"{var}): derive holds that copy fixed and differentiates only where {var} is read, a "
                            f"reader through both; write {what} through {var}, or differentiate by an input")
        return None

    def _entrywise_source(self, var: str) -> str | None:
        """The one input ``var`` is computed from entry by entry, with no sum, else None: p = σ(z), σ_j = exp(v_j / 2),
        p_i = σ(z_i / T) (a scalar T, not computed from z, beside it), P = σ(Zᵀ), p_i = σ(z_{n+1-i}).  Such a quantity
        and its input are one variable to a reader, each a function of the other.  Not where it reads several
        entries or scalars (h₂ = tanh(w h₁ + u x₂): no reader inverts it for h₁) or entries at fixed places (an LSTM
        gate σ(A_{3k}) of a stacked pre-activation)."""
        holders, body = self.defs[var]
        if body.has(*BOUND):
            return None
        entries = {a for a in body.atoms(Indexed) if a.base.name in self.file.quantities}
        scalars = self.names_in(body) - {a.base.name for a in entries}  # the quantities read whole
        if not entries:  # a scalar computed from one scalar
            return next(iter(scalars)) if len(scalars) == 1 and not holders else None
        if len(entries) != 1:
            return None
        (entry,) = entries
        # each index of the entry runs with one of var's own, each of them once (Zᵀ, a reversal), as a map of entries
        # onto entries; a scalar computed from the source (batch norm's μ beside x in x̂ = (x − μ)/σ) makes it none
        runs = [e.free_symbols & set(holders) for e in entry.indices]
        if len(runs) != len(holders) or any(len(r) != 1 for r in runs) or set().union(*runs) != set(holders) \
                or any(entry.base.name in self._ancestors(s) for s in scalars):
            return None
        return entry.base.name

    def _sources(self, var: str) -> tuple[str, ...]:
        """``var``'s entrywise source, that one's, and so on (p = σ(a), a = z / T: a, then z)."""
        chain = []
        while var in self.defs and (var := self._entrywise_source(var)) is not None and var not in chain:
            chain.append(var)
        return tuple(chain)

    def _read_beside(self, a: Expr, var: str) -> tuple[str, ...]:
        """The entrywise sources of ``var`` (``_sources``) that ``a``, expanded through every definition but theirs and
        ``var``'s, reads, nearest first."""
        chain = self._sources(var)
        if not chain:
            return ()
        read = self.names_in(self.expand(a, set(self.defs) - {var} - set(chain)))
        return tuple(c for c in chain if c in read)

    def _recomputes(self, a: Expr, var: str) -> bool:
        """True when ``a``, expanded through every definition but ``var``'s, holds ``var``'s definition in the inputs."""
        # Remembered: the claims of a file ask it of the same derivatives (∂L/∂o₂ in each step of a BPTT note,
        # 48 asks of 12 pairs in four notes), and each ask matches a pattern all over a large expansion.
        memo = self.__dict__.setdefault("_recomputes_memo", {})
        if (a, var) not in memo:
            memo[(a, var)] = self._copies_definition(a, var)
        return memo[(a, var)]

    def _copies_definition(self, a: Expr, var: str) -> bool:
        if not (self._ancestors(var) - {var}) & set().union(*(self._ancestors(n) for n in self.names_in(a))):
            return False  # nothing var is computed from is read: no copy of it can be there
        pattern = self._copy_pattern(var)
        written = self.expand(a, set(self.defs) - {var})
        # Matching is the cost (SymPy's commutative match, all over a large expansion): where no Wild can hide a
        # name of the pattern, only a part reading every name the copy reads is worth a match.
        need = not _wild_outside_indices(pattern)

        def may(e: Expr, part: Expr) -> bool:
            return not need or self.names_in(part) <= self.names_in(e)
        return any(type(e) is type(pattern) and may(e, pattern) and _holds(e, pattern, may)
                   for e in sp.preorder_traversal(written))

    def _copy_pattern(self, var: str) -> Expr:
        """``var``'s definition in the inputs with a Wild for each of its indices and summations."""
        memo = self.__dict__.setdefault("_pattern_memo", {})
        if var not in memo:
            holders, body = self._in_inputs(var, frozenset(self.defs))
            sites = count()  # a Wild per summation, not per index name: z's k read twice in s is two sums in a copy
            memo[var] = rebind(body, lambda *_: sp.Wild(f"b{next(sites)}")).xreplace(
                {h: sp.Wild(f"w{k}") for k, h in enumerate(holders)})
        return memo[var]

    def levels(self, expr: Expr) -> list[Expr]:
        """``expr`` as written, then expanded one level at a time down to the inputs."""
        out = [expr]
        for _ in range(len(self.defs)):
            new = self.expand_once(out[-1])
            if new == out[-1]:
                break
            out.append(new)
        return out

    def diff(self, a: Expr, b: Expr) -> Expr:
        """∂a/∂b along the model: a expanded through every quantity that depends on b."""
        # Remembered: claims of a file often share a side (∂L/∂x_i, and its compact form), and a
        # derivative of the same expressions is the same expression.
        memo = self.__dict__.setdefault("_diff_memo", {})
        if (a, b) not in memo:
            var = b.base.name if isinstance(b, Indexed) else str(b)
            dependents = {n for n in self.defs if n != var and self.depends_on(n, var)}
            memo[(a, b)] = derivative(self.expand(a, dependents), b)
        return memo[(a, b)]

    def resolve(self, expr: Expr) -> Expr:
        """``expr`` with every ``diff(A, B)`` carried out (summation indices freshened first)."""
        expr = freshen(expr)
        # Innermost first: diff(diff(L, z[i]), z[j]) differentiates the resolved inner derivative.
        # SymPy merges them into Derivative(L, z[i], z[j]): each variable is taken in turn.
        for _ in range(4):  # bounded: a derivative SymPy leaves unevaluated must not loop forever
            table = {d: self._diff_each(d.expr, d.variables) for d in expr.atoms(Derivative)
                     if not d.expr.has(Derivative)}
            new = expr.xreplace(table) if table else expr
            if new == expr:
                break
            expr = new
        return expr

    def _diff_each(self, a: Expr, variables: tuple) -> Expr:
        for v in variables:
            a = self.diff(a, v)
        return a


def _wild_outside_indices(e: Expr) -> bool:
    """True when a Wild of ``e`` stands anywhere but as an index of an entry or a sum's bound variable: there it
    could hide a name in a match (x^w with w = 0 is 1, a term w·x with w = 0 is 0)."""
    if isinstance(e, sp.Wild):
        return True
    if isinstance(e, Indexed) or not isinstance(e, sp.Basic) or e.is_Atom:
        return False
    if isinstance(e, BOUND):
        return _wild_outside_indices(e.function) or any(_wild_outside_indices(b) for _, *ends in e.limits
                                                          for b in ends)
    return any(_wild_outside_indices(a) for a in e.args)


def _holds(e: Expr, pattern: Expr, may=lambda e, part: True) -> bool:
    """True when ``e`` is a copy of ``pattern``, or holds one among more terms or factors of its own (c_i s_i,
    y_i z_i, W x + b + c, and negated, −(W x + b) − c).  Those terms must be there as written: a pattern with a
    Wild for the rest matched x + σ(y) as (x + y) + (σ(y) − y), refusing a true staged-backprop step.
    ``may(a, part)``: False where ``a`` cannot match ``part`` (a name of it missing), which is then not tried."""
    if e.match(pattern) is not None:
        return True
    if not isinstance(e, (sp.Add, sp.Mul)) or len(e.args) <= len(pattern.args):
        return False
    for target in [pattern, -pattern] if isinstance(e, sp.Add) else [pattern]:
        if type(target) is not type(e):
            continue
        # each of the copy's terms among e's first, one by one (cheap), then together (their indices agreeing)
        fits = [[a for a in e.args if may(a, t) and a.match(t) is not None] for t in target.args]
        if all(fits) and any(len(set(part)) == len(part) and e.func(*part).match(target) is not None
                             for part in islice(product(*fits), 200)):
            return True
    return False

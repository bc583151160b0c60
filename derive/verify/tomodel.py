"""A loaded derivation file as a ``derive.model.Model``, so the engine, numeric and reports can use it.

Each ``[define]`` entry becomes a ``Node`` whose ``Layer`` is made on the fly: its name
is ``"define <quantity>"``, its formula the user's text, its signature built from the
sizes of the quantities the definition reads, and its ``define(out_idx, *operands)``
returns the parsed SymPy expression with the entry's free indices replaced by
``out_idx``, fresh summation dummies, and every quantity taken from its operand.  No
change to derive's core is needed: the model is assembled with ``derive.model.build``.

Roles of the inputs: what the file states (``{ shape = [...], role = "param" }``) wins.  An
input without a stated role gets one by this rule, and the model's notes say which rule
decided (code generation prints them, reports show them):

* an input ``q`` with a file-level given whose left side is a sum over ``q`` alone
  (``Σ_i y_i = 1``) is a ``target``;
* an input whose first axis is the file's ``batch`` size is per-sample ``data``;
* otherwise an input with two dimensions is a ``param``;
* otherwise it is ``data``.

The loss is the file's ``loss = "L"``, else the last defined scalar (and a note says so);
defined quantities the loss does not depend on are auxiliary nodes (``Node.aux``).  With
``batch = "B"`` the file is written over the whole batch: the model is explicitly batched
(``Model.batch``) and its loss is taken as written, not averaged again.  File-level givens of the form ``Sum(...) = value``
become ``Assumption``s.  Names reach the model exactly as the parser validated them.

A ``[labels]`` label ``c`` in 1..n (a model's inputs are arrays) becomes the input ``c`` of shape
(n,), its one-hot code ``c_j = δ_jc``, with the assumption ``Σ_j c_j = 1``: a definition that reads
the label, ``g(c)``, reads ``Σ_k c_k g(k)`` instead, which is the same number for a one-hot ``c``
(``−ln P_c`` becomes ``−Σ_k c_k ln P_k``).  The model lists ``c`` in ``Model.labels``, so compiled
code takes the label itself for it.  One label per sample (``shape = ["B"]``) is the input ``t`` of
shape (B, n), one code per row, read the same way: ``g(t_b)`` is ``Σ_k t_bk g(k)``.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import sympy as sp
from sympy import Dummy, Expr, Indexed, KroneckerDelta, Sum, Symbol

from ..batching import ROW
from ..errors import InputError
from ..indexcalc import contract, index
from ..language.scope import quantity_base
from ..layers import Layer
from ..model import Assumption, Model, build
from .fileformat import DerivationFile, Given
from .semantics import freshen

#: The summation index of a label's assumption Σ_i c_i = 1 (as the catalog's Σ_i y_i = 1).
ONE_HOT_INDEX = index("i")
_LETTERS = re.compile(r"^[A-Za-z]+\Z")
_SAFE = re.compile(r"[^A-Za-z0-9_-]")


def _names_in(expr: Expr, f: DerivationFile) -> list[str]:
    """Quantities ``expr`` reads, in file order."""
    found = {e.base.name for e in expr.atoms(Indexed)}
    found |= {str(s) for s in expr.free_symbols if isinstance(s, Symbol) and s.is_real and not s.is_integer}
    return [name for name in f.quantities if name in found]


def _summed_input(g: Given, f: DerivationFile) -> str | None:
    """The input ``q`` when ``g`` reads ``Σ … q[…] … = c`` with q the only quantity in the sum."""
    if not isinstance(g.lhs, Sum):
        return None
    names = _names_in(g.lhs, f)
    if len(names) == 1 and not f.quantities[names[0]].defined:
        return names[0]
    return None


def input_role(name: str, f: DerivationFile) -> str:
    """The stated role, else ``target`` if a given sums over it, else ``param`` for two dimensions, else ``data``."""
    return role_and_reason(name, f)[0]


def role_and_reason(name: str, f: DerivationFile) -> tuple[str, str]:
    """The role of input ``name`` and, when the file does not state it, why it was chosen ("" if stated)."""
    if name in f.roles:
        return f.roles[name], ""
    how = f'(write {name} = {{ shape = [...], role = "..." }} to choose)'
    if any(_summed_input(g, f) == name for g in f.givens):
        return "target", f"input {name} was taken as a target: a given sums over it {how}"
    shape = f.quantities[name].shape
    if f.batch and shape and shape[0] == f.sizes.get(f.batch):
        return "data", f"input {name} was taken as per-sample data: its first axis is the batch {f.batch} {how}"
    if len(shape) == 2:
        return "param", f"input {name} was taken as a parameter: it has two axes {how}"
    if not shape:
        # A margin, a temperature, an ε: the usual scalar input is a constant, and per-sample data compiles only
        # where the model reads it entry by entry, so the note says how to state the other reading.
        return "data", (f"input {name} was taken as per-sample data: a scalar with no role and no given summing "
                        f"over it (write {name} = {{ shape = [], role = \"hyper\" }} if it is a constant of the "
                        f"model, such as a margin or a temperature)")
    return "data", f"input {name} was taken as data: it has {len(shape)} ax(es) and no given sums over it {how}"


def loss_and_reason(f: DerivationFile) -> tuple[str, str]:
    """The loss quantity and, when the file does not state ``loss = "..."``, why it was chosen."""
    if f.loss:
        return f.loss, ""
    defined = [q for q in f.quantities.values() if q.defined]
    scalars = [q.name for q in defined if not q.shape]
    if not scalars:
        raise InputError("to build a model the file must define a scalar loss", f.path,
                         defined[-1].line if defined else 1)
    return scalars[-1], (f"{scalars[-1]} was taken as the loss: it is the last scalar the file defines "
                         f'(write loss = "..." to choose)')


class _Letters:
    """Signature letters for sizes: the size's own name when it is all letters, else a fresh one."""

    def __init__(self, f: DerivationFile):
        self.by_dim: dict[Expr, str] = {}
        self.taken = {n for n in f.sizes if _LETTERS.match(n)}
        for n, v in f.sizes.items():
            if _LETTERS.match(n) and v not in self.by_dim:
                self.by_dim[v] = n

    def __call__(self, dim: Expr) -> str:
        if dim not in self.by_dim:
            k = 0
            while _alpha(k) in self.taken:
                k += 1
            self.taken.add(_alpha(k))
            self.by_dim[dim] = _alpha(k)
        return self.by_dim[dim]


def _alpha(k: int) -> str:
    """``D``, ``Da``, ``Db``, …: letters only, as layer signatures require."""
    return "D" + "".join(chr(ord("a") + int(c)) for c in str(k)) if k else "D"


def _shape_of(f: DerivationFile, name: str) -> tuple[Expr, ...]:
    """The shape of quantity ``name``, or of label ``name``'s one-hot code (its range, after its own axis)."""
    if name in f.labels:
        return (*f.labels[name].shape, f.labels[name].range)
    return f.quantities[name].shape


def _base_of(f: DerivationFile, name: str):
    """What the parsed definitions read quantity ``name`` (or label ``name``'s one-hot code) as."""
    if name in f.labels:
        return quantity_base(name, 1)  # an IndexedBase: never the label's own integer Symbol
    return f.scope.base(name)


def _label_values(expr: Expr, spec) -> list[Expr]:
    """The values of label ``spec`` that ``expr`` reads: ``c`` itself, or each ``t[b]`` of one label per sample."""
    if not spec.shape:
        return [spec.symbol] if spec.symbol in expr.free_symbols else []
    return sorted({e for e in expr.atoms(Indexed) if e.base == spec.base}, key=sp.default_sort_key)


def _through_one_hot(expr: Expr, f: DerivationFile, ranges: dict) -> Expr:
    """``expr`` with each label value it reads taken through the one-hot code: ``g(c)`` as ``Σ_k c_k g(k)``.

    A label per sample reads ``g(t_b)`` as ``Σ_k t_bk g(k)``, inside the sum that binds ``b`` (so
    ``Σ_b ln P_{b,t_b}`` is ``Σ_b Σ_k t_bk ln P_bk``).  Where ``g`` holds ``δ(i, c)`` the sum is
    contracted (``ranges``: the indices in scope), so ``u_i = δ(i, c)`` reads ``u_i = c_i``, the code itself.
    """
    def wrap(body: Expr, bound: set | None, scope: dict) -> Expr:
        if isinstance(body, sp.Add):  # only the terms that read the label: −ln P_c + λ‖W‖² keeps λ‖W‖² as it is
            return sp.Add(*[wrap(t, bound, scope) for t in body.args])
        for spec in f.labels.values():
            for value in _label_values(body, spec):
                if bound is not None and not (value.free_symbols & bound):
                    continue  # its row index is bound further out: wrapped there
                k = Dummy(spec.name, integer=True)
                code = quantity_base(spec.name, 1)[(*getattr(value, "indices", ()), k)]
                deltas = any(d.has(value) for d in body.atoms(KroneckerDelta))
                body = Sum(code * body.xreplace({value: k}), (k, 1, spec.range))
                body = contract(body, scope) if deltas else body
        return body

    def walk(e: Expr, scope: dict) -> Expr:
        if isinstance(e, Sum):
            inner = {**scope, **{d: (lo, hi) for d, lo, hi in e.limits}}
            return Sum(wrap(walk(e.function, inner), {d for d, _, _ in e.limits}, inner), *e.limits)
        if not e.args or not any(isinstance(a, Expr) and a.has(Sum) for a in e.args):
            return e
        return e.func(*[walk(a, scope) if isinstance(a, Expr) else a for a in e.args])
    if not any(_label_values(expr, spec) for spec in f.labels.values()):
        return expr
    return wrap(walk(expr, ranges), None, ranges)


def _label_as_number(expr: Expr, f: DerivationFile) -> str | None:
    """A label ``expr`` uses as a number (``c·x``, ``c > 1``) rather than as an index or in δ, else None."""
    for spec in f.labels.values():
        values = _label_values(expr, spec)
        if not values:
            continue
        # Index positions (P[c], δ(j, c)) are where the one-hot code stands in; anything left is a number.
        hidden = expr.replace(lambda e: isinstance(e, (Indexed, KroneckerDelta)) and any(e.has(v) for v in values)
                              and not (isinstance(e, Indexed) and e.base == spec.base), lambda e: Dummy())
        if any(hidden.has(v) for v in values):
            return spec.name
    return None


def _label_names(expr: Expr, f: DerivationFile) -> list[str]:
    """The labels ``expr`` reads, in file order."""
    return [spec.name for spec in f.labels.values() if _label_values(expr, spec)]


def _layer(f: DerivationFile, name: str, args: list[str], letters: _Letters) -> Layer:
    """The on-the-fly layer defining quantity ``name`` from ``args``."""
    spec = f.quantities[name]
    params = ", ".join(f"{a}[{','.join(letters(d) for d in _shape_of(f, a))}]" for a in args)
    signature = f"{params} -> [{','.join(letters(d) for d in spec.shape)}]"
    parsed = {a: _base_of(f, a) for a in args}
    keys = spec.indices
    body = _through_one_hot(spec.definition, f, {i: (sp.Integer(1), d) for i, d in zip(keys, spec.shape)})

    def define(out_idx, *operands) -> Expr:
        if len(out_idx) != len(keys):
            raise ValueError(f"{name} has {len(keys)} index(es), got {len(out_idx)}")
        table = {parsed[a]: op.base for a, op in zip(args, operands)}
        # Fresh dummies first, so an out index named like a summation index cannot be captured.
        return freshen(body).xreplace(table).xreplace(dict(zip(keys, out_idx)))

    key = f"{name}[{', '.join(map(str, keys))}]" if keys else name
    # The formula is the user's text, verbatim: it is only ever displayed (reports escape it).
    return Layer(f"define {name}", f"{key} = {spec.text or sp.sstr(body)}", signature, define)


def _to_model_sum(expr: Expr, f: DerivationFile) -> Expr:
    """``expr`` with the parser's real-valued bases replaced by the model's plain ones."""
    table = {}
    for q in f.quantities.values():
        base = f.scope.base(q.name)
        table[base] = sp.IndexedBase(q.name) if q.shape else Symbol(q.name)
    return expr.xreplace(table)


def to_model(source: str | Path | DerivationFile, *, context: int | None = None) -> Model:
    """The ``derive.model.Model`` of a derivation file or notes (their one or ``context``-th derive context)."""
    from ..documents.load import load_one
    f = source if isinstance(source, DerivationFile) else load_one(source, context=context)
    defined = [q for q in f.quantities.values() if q.defined]
    used = {name for q in defined for name in _label_names(q.definition, f)}
    for q in defined:
        number = _label_as_number(q.definition, f)
        if number is not None:
            raise InputError(f"label {number} is used as a number in the definition of {q.name}: a model reads a "
                             f"label through its one-hot code, so only as an index (P[{number}], "
                             f"delta(j, {number})) can it be compiled", f.path, q.line)
    loss, loss_note = loss_and_reason(f)
    notes = [loss_note] if loss_note else []
    letters = _Letters(f)
    sym_sizes = {n: f.size_notes.get(n, "") for n, v in f.sizes.items() if isinstance(v, Symbol)}
    inputs = {}
    for q in f.quantities.values():
        if not q.defined:
            dims = tuple(_size_name(f, d, q.line) for d in q.shape)
            role, why = role_and_reason(q.name, f)
            inputs[q.name] = (role, dims, "")
            notes += [why] if why else []
    labels = [spec for spec in f.labels.values() if spec.name in used]
    for spec in labels:
        n = _size_name(f, spec.range)
        rows = tuple(_size_name(f, d) for d in spec.shape)
        value, row = (f"{spec.name}_b", "b") if rows else (spec.name, "")  # t_b of one label per sample, else c
        inputs[spec.name] = ("target", (*rows, n), f"the one-hot code of label {spec.name} "
                                                   f"({spec.name}_{row}j = δ(j, {value}))")
        notes.append(f"label {spec.name} is read through its one-hot code: a definition's g({value}) is "
                     f"Σ_k {spec.name}_{row}k g(k), and Σ_k {spec.name}_{row}k = 1")
    deps = {q.name: _names_in(q.definition, f) + _label_names(q.definition, f) for q in defined}

    # Quantities the loss reads, directly or not: one walk back from the loss (recursing from
    # each name along every path would be exponential on a diamond-shaped file).
    feeding, todo = {loss}, [loss]
    while todo:
        for a in deps.get(todo.pop(), ()):
            if a not in feeding:
                feeding.add(a)
                todo.append(a)

    def feeds_loss(name: str) -> bool:
        return name in feeding

    nodes, aux = [], []
    for q in defined:
        if q.by_derivative and not feeds_loss(q.name):
            continue  # δ_j = ∂E/∂a_j names a derivative for the claims; the model computes gradients itself
        entry = (q.name, _layer(f, q.name, deps[q.name], letters), *deps[q.name])
        (nodes if feeds_loss(q.name) else aux).append(entry)
    # A row given whose value depends on the row (Σ_i Y_bi = w_b) is not an identity the engine may
    # substitute everywhere: only values without indices become assumptions.
    assumptions = [Assumption(_to_model_sum(g.lhs, f), g.rhs, g.text)
                   for g in f.givens if isinstance(g.lhs, Sum)
                   and not any(s.is_integer and s not in f.size_symbols for s in g.rhs.free_symbols)]
    # One label per sample: Σ_i t_bi = 1 for every row b (b matched against any row, as batching does).
    assumptions += [Assumption(Sum(sp.IndexedBase(spec.name)[(*(ROW,) * len(spec.shape), ONE_HOT_INDEX)],
                                   (ONE_HOT_INDEX, 1, spec.range)), sp.Integer(1),
                               f"{spec.name} is the one-hot code of a label" + (", for every sample" if spec.shape else ""))
                    for spec in labels]
    params = [n for n, (role, _, _) in inputs.items() if role == "param"]
    target = params[0] if params else next(iter(inputs), "")
    # The file name is not checked by the parser: keep the model's name to a safe alphabet.
    name = _SAFE.sub("_", Path(f.path).name.removesuffix(".derive.toml").removesuffix(".toml").removesuffix(".md")
                     .removesuffix(".tex"))[:60] or "derivation"
    model = build(name, f.title or name, sizes=sym_sizes, inputs=inputs, nodes=nodes, aux=aux, loss=loss,
                  assumptions=assumptions, target=target, notes=notes, batch=f.batch,
                  labels=[spec.name for spec in labels])
    carried = _carried(model)
    return replace(model, assumptions=model.assumptions + carried) if carried else model


def _carried(model: Model) -> tuple[Assumption, ...]:
    """``Σ_i y_i = 1`` for a defined ``y_i = c_i``, a copy of an array with that assumption.

    ``y[i] = delta(i, c)`` of a label ``c`` reads ``y_i = c_i``: without its own assumption the
    derivation stops at ``s_j·Σ_i y_i − y_j``, where the tutorial reads ``s_j − y_j``.
    """
    out = []
    for node in model.nodes:
        q = model.quantity(node.out)
        at = tuple(index(f"_carried{k}") for k in range(len(q.shape)))
        copied = model.definition(node.out, at) if at else None
        if not (isinstance(copied, Indexed) and copied.indices == at):
            continue
        for asm in model.assumptions:
            if asm.pattern.has(copied.base):
                out.append(Assumption(asm.pattern.xreplace({copied.base: q.base}), asm.value,
                                      f"{q.name} = {copied.base} entry by entry, and {asm.description}"))
    return tuple(out)


def _size_name(f: DerivationFile, dim: Expr, line: int = 0) -> str | int:
    """The size name of a symbolic dimension, or the integer of a fixed one (as ``build`` expects)."""
    if isinstance(dim, Symbol):
        return str(dim)
    if not dim.is_Integer:  # n + K - 1: checked claim by claim, but no model's axis (it is one size each)
        raise InputError(f"an axis of size {dim} cannot be shown or compiled as a model yet: derive check and "
                         f"derive report read it", f.path, line)
    return int(dim)


__all__ = ["to_model", "input_role", "role_and_reason", "loss_and_reason"]

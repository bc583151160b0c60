"""A scalar the block defines, written applied: ``J(\\theta)``, ``p(-z)``, ``f(2)``, ``f'(x)``.

Notes write a defined quantity with what it depends on (``J(\\theta)``) to mean the quantity
itself, and with anything else (``p(-z)``, ``L(0)``) to mean the function evaluated there.  Both
readings are only sound when the reader knows what the quantity is defined in: ``p(w)`` of a p
defined in z is neither p nor p·w.  This module answers from the block's definitions (never from
the text): which quantities a definition depends on, and the definition with its one input
replaced by an argument, where that is well defined.  When the quantity depends on another
quantity of the argument's shape the two readings meet (Goodfellow's ``\\hat{J}(w^*)`` of a Ĵ
defined in w and w*: Ĵ, or Ĵ at w = w*?), and only a key that names the argument (``"Jhat(w)"``)
settles it (``rivals``, ``at_arguments``).
"""
from __future__ import annotations

import re

from collections.abc import Mapping

import sympy as sp
from sympy import Expr, Indexed, Symbol

from ..algebra.names import freshen

#: How deep a chain of definitions is followed (a file's definitions are acyclic; this bounds a long one).
MAX_DEPTH = 64


def direct(spec, quantities: Mapping) -> set[str]:
    """The quantities one definition names (entries by their base, scalars by name)."""
    names = {a.base.name for a in spec.definition.atoms(Indexed)}
    names |= {s.name for s in spec.definition.free_symbols if isinstance(s, Symbol)}
    return names & set(quantities)


def dependencies(name: str, quantities: Mapping) -> frozenset[str]:
    """Every quantity ``name`` depends on through the definitions (defined ones and inputs, not itself)."""
    seen, todo = set(), [name]
    while todo and len(seen) <= len(quantities):
        spec = quantities.get(todo.pop())
        if spec is None or spec.definition is None:
            continue
        for dep in direct(spec, quantities) - seen:
            seen.add(dep)
            todo.append(dep)
    return frozenset(seen - {name})


def written_dependencies(name: str, quantities: Mapping) -> frozenset[str]:
    """``dependencies``, and the quantities each definition on the way names as written: ``x + u - u`` names u,
    which SymPy folded away (its log still decides where the definition has a value)."""
    seen, todo = set(), [name]
    while todo and len(seen) <= len(quantities):
        spec = quantities.get(todo.pop())
        if spec is None or spec.definition is None:
            continue
        named = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", getattr(spec, "text", "") or "")) & set(quantities)
        for dep in (direct(spec, quantities) | named) - seen:
            seen.add(dep)
            todo.append(dep)
    return frozenset(seen - {name})


def swapped_differs(scalar: Symbol, a: str, b: str, quantities: Mapping, base) -> bool:
    """True unless swapping ``a`` and ``b`` (of one shape; ``base`` gives each one's SymPy object) leaves the
    definition of ``scalar`` as it is, every other defined quantity on the way written out, after expanding:
    (y − ŷ)² and JS through m = (p + q)/2 are symmetric, Σ p log(p/q) is not; where that cannot be told, True."""
    if quantities[b].shape != quantities[a].shape:
        return True
    try:
        value = written_out(scalar, quantities, keep={a, b})
    except ValueError:
        return True
    swapped = _at(value, {a: base(b), b: base(a)})
    return sp.expand(swapped) != sp.expand(value)


def written_out(expr: Expr, quantities: Mapping, keep: set[str] = frozenset(), arrays: bool = True) -> Expr:
    """``expr`` with every defined quantity but those in ``keep`` replaced by its definition, down to the inputs: each
    scalar, and with ``arrays`` each array's entry by its definition at the entry's indices (its sums' indices fresh).
    Raises ValueError when the definitions are nested too deeply."""
    for _ in range(MAX_DEPTH):
        table = {}
        for s in expr.free_symbols:
            spec = quantities.get(s.name) if isinstance(s, Symbol) else None
            if spec is not None and spec.definition is not None and not spec.shape and s.name not in keep:
                table[s] = spec.definition
        for e in expr.atoms(Indexed) if arrays else ():
            spec = quantities.get(e.base.name)
            if spec is not None and spec.definition is not None and spec.shape and e.base.name not in keep:
                table[e] = freshen(spec.definition).xreplace(dict(zip(spec.indices, e.indices)))
        if not table:
            return expr
        expr = expr.xreplace(table)
    raise ValueError("the definitions are nested too deeply to apply")


def inputs_of(name: str, quantities: Mapping) -> frozenset[str]:
    """The inputs (quantities no definition gives) that ``name`` depends on."""
    return frozenset(d for d in dependencies(name, quantities) if quantities[d].definition is None)


def one_scalar_input(name: str, quantities: Mapping) -> str | None:
    """The input of a scalar defined through scalars only from exactly one scalar input, else None.

    Only then is ``name(u)`` a function of one argument with a meaning fixed by the block:
    a definition that also reads an array, or two inputs, has no argument order to substitute by.
    """
    chain = {name} | dependencies(name, quantities)
    if any(quantities[q].shape for q in chain):
        return None
    inputs = inputs_of(name, quantities)
    return next(iter(inputs)) if len(inputs) == 1 else None


def in_inputs(expr: Expr, quantities: Mapping) -> Expr:
    """``expr`` with every defined scalar replaced by its definition, down to the inputs (arrays' entries kept)."""
    return written_out(expr, quantities, arrays=False)


def substituted(scalar: Symbol, arg: Expr, quantities: Mapping) -> tuple[Expr, list]:
    """``(value, conditions)``: the definition of the defined ``scalar`` at ``arg`` for its one scalar input, and where
    the definitions as written have real values there (log u: u > 0), for ``build.written_domain``.

    The caller has checked ``one_scalar_input``; every definition on the chain is a scalar, so
    replacing scalar symbols by their definitions cannot capture an index.
    """
    return at_arguments(scalar, {one_scalar_input(scalar.name, quantities): arg}, quantities)


def rivals(name: str, arg: str, quantities: Mapping) -> list[str]:
    """The other quantities ``name`` depends on that ``name(arg)`` could be evaluated at: each of ``arg``'s shape,
    neither depending on the other.

    Goodfellow's Ĵ depends on w and w*: ``\\hat{J}(w)`` is Ĵ to a reader, but ``\\hat{J}(w^*)`` is Ĵ at w = w*,
    and nothing in the block says which of the two is Ĵ's argument.
    """
    depends = dependencies(name, quantities)
    shape = quantities[arg].shape
    return sorted(d for d in depends if d != arg and quantities[d].shape == shape
                  and arg not in dependencies(d, quantities) and d not in dependencies(arg, quantities))


def _at(expr: Expr, table: Mapping) -> Expr:
    """``expr`` with each quantity in ``table`` replaced: a scalar by its value, an array's entries by the other's."""
    out = {s: table[s.name] for s in expr.free_symbols if isinstance(s, Symbol) and s.name in table}
    out.update({a: table[a.base.name][a.indices] for a in expr.atoms(Indexed) if a.base.name in table})
    return expr.xreplace(out)


def at_arguments(scalar: Symbol, table: Mapping, quantities: Mapping) -> tuple[Expr, list]:
    """``(value, conditions)``: the definition of ``scalar`` with its declared arguments replaced as ``table`` says
    (argument name -> a scalar value, or the IndexedBase of an array of the argument's shape), and where the
    definitions have real values there (as ``substituted``).

    Raises ValueError when a defined array on the way reads an argument: its entries would have to be
    replaced inside its own definition, which this reading does not do.
    """
    name = scalar.name
    chain = {name} | dependencies(name, quantities)
    through = sorted(q for q in chain if quantities[q].shape and quantities[q].definition is not None
                     and set(table) & (dependencies(q, quantities) | {q}))
    if through:
        raise ValueError(f"the array {through[0]} on the way reads the argument")
    value = _at(in_inputs(scalar, quantities), table)
    conditions = [_at(in_inputs(c, quantities), table) for q in chain for c in quantities[q].real_where]
    return value, [c for c in conditions if c is not sp.true]

"""Entries of an explicit derivation that are equal up to a renumbering of an axis.

At n = 50 the softmax Jacobian has 2500 entries, yet only two forms: ∂s_7/∂z_9 is ∂s_1/∂z_2
with the classes renumbered.  ``Renumbering`` simplifies one entry per pattern of its own
indices and renumbers that result for the others, so the SymPy work no longer grows with the
number of entries.  It does so only where renumbering is exact: every written-out definition,
back-substitution and assumption of the model is unchanged by renumbering each axis (checked
on generators of the permutation group, so it holds for every permutation), and the entry's
own input is, term for term, the renumbered input of the entry that was computed.  A model
that singles out an entry (``x[1]``, a partial sum) fails the check and is computed entry by
entry, as before.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sympy import Basic, Dummy, Indexed, IndexedBase, Integer, Symbol, preorder_traversal

from sympy.core.basic import _args_sortkey

#: A renumbering: for each axis (a size name), old entry number -> new one.
Perm = Mapping[str, Mapping[int, int]]


class _Unknown(LookupError):
    """An entry on an axis that is not renumbered as a whole (a fixed-size dimension, an unknown array)."""


def _pattern(values: list[int]) -> tuple:
    """Which own values coincide and how they order, by number and as text (printers sort by text)."""
    distinct = sorted(set(values))
    as_text = sorted(distinct, key=str)
    return tuple(distinct.index(v) for v in values), tuple(as_text.index(v) for v in distinct)


def bound_named(expr: Basic) -> Basic:
    """``expr`` with its summation dummies named by order of appearance, so two statements compare.

    Each layer definition binds a fresh ``Dummy``; compared as they are, ∑_k of two entries never agree.
    """
    dummies = list(dict.fromkeys(d for d in preorder_traversal(expr) if isinstance(d, Dummy)))
    return expr.xreplace({d: Symbol(f"{d.name}#{n}", **d.assumptions0) for n, d in enumerate(dummies)}
                         ) if dummies else expr


class Renumbering:
    """Per-entry results shared between entries that differ only by a renumbering of axes."""

    def __init__(self, axes: Mapping[Any, tuple[str | None, ...]], sizes: Mapping[str, int]):
        self.axes, self.sizes = dict(axes), dict(sizes)
        self.symmetric = False
        self._done: dict[tuple, tuple[dict[str, list[int]], Basic, Any]] = {}
        self._blocks: list[tuple[Basic, Dummy, frozenset[str]]] = []
        self._folds: dict[frozenset[str], dict] = {}
        self._made: dict[tuple, Indexed] = {}
        self._tokens: dict[tuple, list] = {}
        self._by_id: dict[int, tuple[Any, tuple | None, Any]] = {}
        self._known = {base: base for base in self.axes}

    def _lookup(self, base: Any) -> tuple[tuple | None, Any]:
        """``base``'s axes (None if unknown) and the one equal base object used as its token.

        Found by identity first: equal bases built apart compare slowly, content by content.
        The entry holds ``base`` itself, so its id cannot be reused by another object.
        """
        hit = self._by_id.get(id(base))
        if hit is None or hit[0] is not base:
            hit = self._by_id[id(base)] = (base, self.axes.get(base), self._known.get(base, base))
        return hit[1], hit[2]

    def _axes(self, base: Any) -> tuple | None:
        return self._lookup(base)[0]

    def renumber(self, expr: Basic, perm: Perm) -> Basic | None:
        """``expr`` with every written-out entry renumbered; None if an entry's axes are unknown."""
        try:
            return self._renumber(expr, perm)
        except _Unknown:
            return None

    def _renumber(self, expr: Basic, perm: Perm, keep: Mapping = {}) -> Basic:
        """``renumber``, raising ``_Unknown``; the parts in ``keep`` are left as they are (renumbering leaves them unchanged)."""
        # One walk that renumbers and rebuilds (atoms() and then xreplace() would walk twice).
        made = self._made
        memo: dict[int, Basic] = {}

        def walk(e: Basic) -> Basic:
            if isinstance(e, Indexed) and any(i.is_Integer for i in e.indices):
                indices = e.indices
                axes = self._axes(e.base)
                if axes is None or len(axes) != len(indices):
                    raise _Unknown(e)
                new = tuple(perm[ax].get(int(i), int(i)) if i.is_Integer and ax in perm else i
                            for ax, i in zip(axes, indices))
                if new != indices:  # else its indices are walked like any arguments (a label entry c[1] in them)
                    for i in indices:
                        if i.args:
                            walk(i)  # an unknown entry inside still means the expression cannot be renumbered
                    key = (e.base, new)
                    if key not in made:
                        made[key] = e.base[new]  # building an Indexed costs more than the lookup
                    return made[key]
            args = e.args
            if not args or (keep and e in keep):
                return e
            k = id(e)
            if k not in memo:
                new_args = [walk(a) for a in args]
                memo[k] = e if all(n is a for n, a in zip(new_args, args)) else _rebuilt(e, new_args)
            return memo[k]
        return walk(expr)

    def _generators(self, only: str | None = None) -> Iterable[Perm]:
        """A transposition and a cycle of each axis: together they generate all its permutations."""
        for ax, d in self.sizes.items():
            if d >= 2 and only in (None, ax):
                yield {ax: {1: 2, 2: 1}}
                yield {ax: {v: v % d + 1 for v in range(1, d + 1)}}

    def check(self, entries: Mapping[Any, Mapping[tuple, Basic]], invariant: Iterable[Basic]) -> bool:
        """Decide whether renumbering is exact: ``entries[base][at]`` move with their index, ``invariant`` stays."""
        self.symmetric = self._moves_with_index(entries) and all(
            self.renumber(e, perm) == e for e in invariant for perm in self._generators())
        return self.symmetric

    def _moves_with_index(self, entries: Mapping[Any, Mapping[tuple, Basic]]) -> bool:
        for perm in self._generators():
            folded = self._folding(frozenset(perm))
            for base, values in entries.items():
                axes = self.axes[base]
                for at, value in values.items():
                    there = values.get(tuple(perm.get(ax, {}).get(v, v) for ax, v in zip(axes, at)))
                    moved = self.renumber(value.xreplace(folded), perm)
                    if there is None or moved != there.xreplace(folded):
                        return False
        return True

    def fold(self, parts: Iterable[Basic]) -> None:
        """Treat these written-out sums as single symbols while renumbering, under the axes that leave them unchanged.

        A softmax entry holds e^{z_1} + ⋯ + e^{z_n} squared; renumbering it term by term would
        cost as much as the work it saves.
        """
        for part in dict.fromkeys(parts):
            still = frozenset(ax for ax in self.sizes
                              if all(self.renumber(part, perm) == part for perm in self._generators(ax)))
            if still:
                self._blocks.append((part, Dummy("block"), still))
        self._folds.clear()

    def _folding(self, axes: frozenset[str]) -> dict:
        """The blocks that renumbering these axes leaves unchanged, each with the symbol standing for it."""
        if axes not in self._folds:
            self._folds[axes] = {part: sym for part, sym, still in self._blocks if axes <= still}
        return self._folds[axes]

    def _perm(self, rep: Mapping[str, list[int]], own: Mapping[str, list[int]]) -> dict[str, dict[int, int]]:
        """The renumbering taking the computed entry's own values to these, moving as few others as it can."""
        perm = {}
        for ax, vals in own.items():
            fwd = dict(zip(rep[ax], vals))
            sources, targets = set(fwd), set(fwd.values())
            fwd.update(zip(sorted(targets - sources), sorted(sources - targets)))
            perm[ax] = {k: v for k, v in fwd.items() if k != v}
        return {ax: f for ax, f in perm.items() if f}

    def entry(self, kind: Any, own: Iterable[tuple[str | None, int]], value: Basic,
              compute: Callable[[Basic], Any], move: Callable[[Any, Callable[[Basic], Basic]], Any]) -> Any:
        """``compute(value)``, or the renumbered result of an entry of the same pattern already computed.

        ``own`` pairs each of the entry's own indices with its axis; ``move(result, f)`` applies
        the renumbering ``f`` to every expression inside a result.
        """
        if not self.symmetric:
            return compute(value)
        by_axis: dict[str, list[int]] = {}
        fixed = []
        for ax, v in own:
            if ax in self.sizes:
                by_axis.setdefault(ax, []).append(int(v))
            else:
                fixed.append(v)  # a dimension of literal size is never renumbered: its value is the key
        key = (kind, tuple(fixed), tuple((ax, _pattern(vals)) for ax, vals in sorted(by_axis.items())))
        if key not in self._done:
            result = compute(value)
            self._done[key] = (by_axis, value, result)
            return result
        rep, rep_value, rep_result = self._done[key]
        perm = self._perm(rep, by_axis)
        axes = frozenset(perm)
        folded = self._folding(axes)

        def moved(e: Basic) -> Basic:
            if e is rep_value or e == rep_value:  # nothing was simplified: this entry's result is its input
                return value
            # Folding the blocks into symbols and back would give them back unchanged: they are simply kept.
            return self._renumber(e, perm, folded)
        try:
            if (key, axes) not in self._tokens:
                self._tokens[(key, axes)] = self._tree(rep_value, folded)
            # The token comparison is cheap but misses entries whose terms sort differently once
            # renumbered; comparing sums and products as unordered settles those.
            if (self._moved_tree(self._tokens[(key, axes)], perm) == self._tree(value, folded)
                    or self._unordered(rep_value, folded, perm) == self._unordered(value, folded, None)):
                return move(rep_result, moved)
        except _Unknown:
            pass
        return compute(value)

    def _tree(self, e: Basic, folded: Mapping) -> list:
        """``e`` in preorder as tokens: the node types, the atoms, written-out entries as (base, indices).

        Two trees compare equal exactly when the expressions do; an entry's token renumbers
        without building SymPy objects, which is what makes checking each entry cheap.
        """
        out: list = []
        stack = [e]
        while stack:
            node = stack.pop()
            if folded and node in folded:
                out.append(folded[node])
            elif isinstance(node, Indexed):
                out.append((self._lookup(node.base)[1], node.indices))
            elif not node.args:
                out.append(node)
            else:
                out.append((node.func, len(node.args)))
                stack.extend(reversed(node.args))
        return out

    def _unordered(self, e: Basic, folded: Mapping, perm: Perm | None):
        """``e`` (renumbered by ``perm``) as nested tuples, the terms of a sum or product unordered.

        A sum or a product is the multiset of its arguments whatever their order (SymPy sorts them),
        so equal results mean equal expressions.
        """
        if folded and e in folded:
            return folded[e]
        if isinstance(e, Indexed):
            token = (self._lookup(e.base)[1], e.indices)
            return self._moved_tree([token], perm)[0] if perm else token
        if not e.args:
            return e
        children = [self._unordered(a, folded, perm) for a in e.args]
        if e.is_Add or e.is_Mul:
            counts: dict = {}
            for c in children:
                counts[c] = counts.get(c, 0) + 1
            return (e.func, frozenset(counts.items()))
        return (e.func, tuple(children))

    def _moved_tree(self, tree: list, perm: Perm) -> list:
        out = []
        for t in tree:
            if type(t) is tuple and isinstance(t[0], IndexedBase) and any(i.is_Integer for i in t[1]):
                axes = self._axes(t[0])
                if axes is None or len(axes) != len(t[1]):
                    raise _Unknown(t[0])
                t = (t[0], tuple(Integer(perm[ax].get(int(i), int(i))) if i.is_Integer and ax in perm else i
                                 for ax, i in zip(axes, t[1])))
            out.append(t)
        return out


def _rebuilt(e: Basic, args: list[Basic]) -> Basic:
    """``e.func(*args)`` where ``args`` are ``e``'s arguments renumbered.

    A renumbering is one-to-one, so the terms of a sum (factors of a product) stay distinct and
    nothing merges: the evaluated result is the same arguments in SymPy's canonical order, which
    sorting alone restores without evaluating the sum or product again.
    """
    if (e.is_Add or e.is_Mul) and e.is_commutative:
        return e.func._from_args(sorted(args, key=_args_sortkey), True)
    return e.func(*args)


def move_expr(result: Basic, f: Callable[[Basic], Basic]) -> Basic:
    """``move`` for a result that is one expression."""
    return f(result)

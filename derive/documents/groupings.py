"""Which bracketings of a chain of products and ⊙ a reader could mean, and which of them have fitting shapes.

``u \\odot M v \\odot w`` is u ⊙ (M v) ⊙ w to one reader and u ⊙ M (v ⊙ w) to another; LaTeX does not say, and
where both fit (M square) they differ, so a checker must not guess.  This module lists every bracketing of such a
chain, matrix products and ⊙ chains each flattened (both are associative, so (A B) C and A (B C) are one
reading), and names each by its arrays alone: a number scales whatever it sits in (2 (h ⊙ g) = (2 h) ⊙ g), so
bracketings that differ only in where a number sits are one reading too.  The reader evaluates each with its own
product rules (``derive.documents.matrices``) and takes the one reading that fits, refusing several.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import combinations, islice, product

#: a bracketing: a factor's position, or (kind, children) with kind "product" or "odot" and two or more children
Bracketing = "int | tuple[str, tuple[Bracketing, ...]]"
#: at most this many bracketings of one chain are weighed; a longer chain is refused (bracket it): a chain of
#: twelve factors alternating products and ⊙ has about ten thousand
MAX_BRACKETINGS = 2000


def bracketings(kinds: Sequence[str]) -> list | None:
    """Every bracketing of factors 0..len(kinds) joined by ``kinds[p - 1]`` between factors p - 1 and p; None when
    there are more than ``MAX_BRACKETINGS``."""
    found = list(islice(_trees(kinds, 0, len(kinds), None), MAX_BRACKETINGS + 1))
    return found if len(found) <= MAX_BRACKETINGS else None


def _trees(kinds: Sequence[str], i: int, j: int, banned: str | None) -> Iterator:
    """Bracketings of factors i..j whose outermost operator is not ``banned`` (it would flatten into its parent)."""
    if i == j:
        yield i
        return
    for kind in ("product", "odot"):
        if kind == banned:
            continue
        cuts = [p for p in range(i + 1, j + 1) if kinds[p - 1] == kind]
        for r in range(1, len(cuts) + 1):
            for chosen in combinations(cuts, r):
                bounds = [i, *chosen, j + 1]
                parts = [list(_trees(kinds, a, b - 1, kind)) for a, b in zip(bounds, bounds[1:])]
                for children in product(*parts):
                    yield kind, tuple(children)


def first_factor(tree) -> int:
    """The position of a bracketing's leftmost factor."""
    while not isinstance(tree, int):
        tree = tree[1][0]
    return tree


def arrays_only(tree, numbers: set[int]):
    """The bracketing with its numbers taken out (they scale the whole): one name for readings of one value."""
    if isinstance(tree, int):
        return None if tree in numbers else tree
    kind, children = tree
    kept = []
    for child in (arrays_only(c, numbers) for c in children):
        if child is None:
            continue
        if not isinstance(child, int) and child[0] == kind:
            kept.extend(child[1])  # (2 h) ⊙ g without the 2 is h ⊙ g, one chain with its parent
        else:
            kept.append(child)
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else (kind, tuple(kept))

"""What a size written as an index was read as: one note per entry, for the claim's evidence.

A size used as an index (``x[n]``, notes' ``h_T``) is that axis's last entry, on purpose: a loss at a
recurrence's final step needs it.  But an author who writes k classes and the weight θ_{kj} means a class
index, and derive then proves the claim for the last class alone.  ``ranges.index_ranges``, which sorts
every index of a claim (number, summation index, free index, label, size), records each entry at sizes
alone as a ``LastEntry``; ``notes`` says in words what each was read as, and the verdict carries that in
its evidence (``last_entries``), so a proof of the last row is never taken for a proof of every row.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sympy import Expr, Indexed

#: What one position along an axis is called, by the number of axes (a vector's entry, a matrix's row).
_POSITION = {1: ("entry",), 2: ("row", "column")}


@dataclass(frozen=True)
class LastEntry:
    """An entry with an index made of sizes (and numbers) alone: ``entry``'s ``axis``-th index ``index``, of ``dim``."""

    entry: Indexed
    axis: int
    index: Expr
    dim: Expr
    #: the variable of a derivative with another free index beside it (∂ℓ/∂θ_{kj}, k a size, j free): a class
    #: index k, most likely, read as the number of classes
    by_with_free: bool = False


def _position(axes: int, axis: int) -> str:
    names = _POSITION.get(axes)
    return names[axis - 1] if names else f"position on axis {axis}"


def _counted(description: str) -> str:
    """``the number of classes`` for ``classes``; a description that is no plural noun as it is (``sequence length``)."""
    description = description.strip()
    if description.endswith("s") and not re.match(r"(?i)(?:the\s+)?(?:number|count)\b", description):
        return f"the number of {description}"
    return description


def _sizes_said(found: LastEntry, described: Mapping[str, str]) -> str:
    """``k is a size (the number of classes)``; ``K and n are sizes (…; …)`` for an offset of several."""
    names = sorted((str(s) for s in found.index.free_symbols), key=str)
    what = [_counted(described[n]) for n in names if described.get(n, "").strip()]
    said = f"{' and '.join(names)} {'is a size' if len(names) == 1 else 'are sizes'}"
    return f"{said} ({'; '.join(what)})" if what else said


def note(found: LastEntry, described: Mapping[str, str]) -> str:
    """One sentence: ``θ_kj: k is a size (the number of classes), read as θ's last row (row k of k), not every row``."""
    from ..printing import text  # SymPy's printers: imported when a claim has such an entry, not before
    base = text(found.entry.base.label)
    place = _position(len(found.entry.indices), found.axis)
    index, dim = text(found.index), text(found.dim)
    if (found.index - found.dim).expand() == 0:
        read = f"read as {base}'s last {place} ({place} {index} of {dim}), not every {place}"
    else:
        read = f"read as {base}'s {place} {index} of {dim}, one fixed {place}, not every {place}"
    said = f"{text(found.entry)}: {_sizes_said(found, described)}, {read}"
    if found.by_with_free:
        # ∂/∂θ_{kj} with j free: the author most likely meant k to run over the rows too
        said += f"; the derivative is by that {place} alone: if every {place} was meant, index it with a letter that is not a size"
    return said


def notes(found: list[LastEntry], described: Mapping[str, str]) -> tuple[str, ...]:
    """The notes of a claim's entries at sizes, one per array, axis and index, in the order met."""
    # θ_{kj} by which the claim differentiates and the θ_kp of (θx)_k that matrix notation wrote out say the
    # same of θ's row k: one note, on the variable of the derivative when there is one (the author wrote it).
    seen: dict[tuple, LastEntry] = {}
    for f in found:
        key = (f.entry.base, f.axis, f.index)
        if key not in seen or (f.by_with_free and not seen[key].by_with_free):
            seen[key] = f
    return tuple(dict.fromkeys(note(f, described) for f in seen.values()))


__all__ = ["LastEntry", "note", "notes"]

"""``\\frac{d h}{d w}`` beside ``\\frac{\\partial h}{\\partial w}`` in one display: two derivatives to their writer.

derive differentiates every quantity through the definitions it is computed from, so ``d`` and ``\\partial``
read alike.  A recurrence's notes (BPTT, a GRU step) write both of one pair on purpose: the total derivative
and the partial one holding the previous state fixed, ``\\frac{d h_2}{d w} = \\frac{\\partial h_2}{\\partial w}
+ \\frac{\\partial h_2}{\\partial h_1} \\frac{d h_1}{d w}``; read alike, that chain rule was refuted and the
student's slip ``\\frac{d h_2}{d w} = \\frac{\\partial h_2}{\\partial w}`` proved.  This module finds such a pair.
"""
from __future__ import annotations

import re

_FRAC = re.compile(r"\\[dt]?frac\s*(?=\{)")
#: a fraction's part opening with a total differential (d, \mathrm{d}, \operatorname{d}, \text{d}) or with ∂
_TOTAL = re.compile(r"\s*(?:d|\\(?:mathrm|operatorname|text|textrm)\s*\{\s*d\s*\})(?!\s*_)")
_PARTIAL = re.compile(r"\s*\\partial(?![A-Za-z])")
_LAYOUT = re.compile(r"\s+|\\[,;:! ]|\\mathbf\s*|\\boldsymbol\s*")


def _group(text: str, at: int) -> tuple[str, int] | None:
    """The brace group opening at ``at`` (its content) and the offset after it, or None."""
    if at >= len(text) or text[at] != "{":
        return None
    depth = 0
    for k in range(at, len(text)):
        depth += {"{": 1, "}": -1}.get(text[k], 0)
        if depth == 0:
            return text[at + 1:k], k + 1
    return None


def _kind(part: str) -> tuple[str, str] | None:
    """``("d" or "∂", what follows it, layout removed)`` of a fraction's part opening with a differential."""
    for kind, pattern in (("d", _TOTAL), ("∂", _PARTIAL)):
        m = pattern.match(part)
        if m is not None:
            return kind, _LAYOUT.sub("", part[m.end():])
    return None


def mixed_differentials(text: str) -> tuple[str, str] | None:
    """The first derivative written with ``d`` in ``text`` whose numerator and variable are also written with
    ``\\partial`` there (or the other way round), as ``(one, other)`` fractions as written; else None."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    for m in _FRAC.finditer(text):
        top = _group(text, m.end())
        bottom = _group(text, top[1]) if top else None
        if bottom is None:
            continue
        up, down = _kind(top[0]), _kind(bottom[0])
        if up is None or down is None or up[0] != down[0] or not up[1] or not down[1]:
            continue  # an operator, \frac{d}{dw}, names no pair; a mixed fraction is no derivative read here
        written = text[m.start():bottom[1]]
        key = (up[1], down[1])
        other = seen.get(key)
        if other is not None and other[0] != up[0]:
            return other[1], written
        seen.setdefault(key, (up[0], written))
    return None

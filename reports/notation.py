"""Report-only mathematical objects that SymPy lacks, printed by the report printers.

``RealSpace(n, m)`` is ℝ^{n×m} and ``InSpace(x, space)`` is ``x ∈ space``: the forward
model's inputs are stated with them, so that statement goes through printers too.
"""
from __future__ import annotations

from sympy import Basic


class RealSpace(Basic):
    """The real vector space ℝ^{d1×d2×…} (ℝ for no dimensions)."""


class InSpace(Basic):
    """Membership ``args[0] ∈ args[1]``."""

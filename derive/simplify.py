"""Old home of the textbook form; it lives in the index-algebra kernel, ``derive.algebra``, now.

Kept so existing imports keep working: ``nice`` is ``derive.algebra.textbook`` and
``merge_sums`` is ``derive.algebra.merge_sums``.  New code imports from ``derive.algebra``.
"""
from __future__ import annotations

from .algebra import merge_sums, textbook as nice  # noqa: F401

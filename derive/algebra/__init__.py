"""The index-algebra kernel: one home for deciding equality and choosing the textbook form.

- ``names``: index symbols and the one walker that renames summation indices (canonical,
  textbook and fresh names);
- ``opaque``: expand / cancel / factor with every sum held as one symbol;
- ``merge``: sums over one range merged (for reading) or grouped (for the zero test);
- ``zero``: ``is_zero(expr, ranges, givens)``, used by the prover, the report's step evidence
  and numeric's stability proof, so all of them decide "equal" the same way;
- ``textbook``: the form the engine's steps show (``contracted``, ``textbook``);
- ``differentiate``: ``sympy.diff`` by one quantity, the identical result without SymPy's
  per-node ``Derivative`` walks (the verifier resolves every claim's ``diff`` with it);
- ``sumsymbols``: ``Sum.free_symbols`` without SymPy's rebuild of the body, remembered
  (installed on import: the same answers, a fifth of the verifier's time saved);
- ``piecewisefold``: a ``Sum`` keeps a nested sum's Piecewise inside it (installed on import:
  SymPy 1.14 pulled it out, leaving the nested sum's index free in its condition);
- ``assumptionorder``: SymPy's assumption queries try facts in sorted order, not a shuffled one
  (installed on import: the same answers, ~3 % of the verifier's time saved);
- ``sharedwalks``: ``xreplace``, ``atoms`` and ``expand``'s passes visit each shared
  subexpression once per call (installed on import: the same results, ~9 % of the verifier's
  work saved);
- ``sumcache``: ``Sum(…)`` goes through SymPy's construction cache, as ``Add`` and ``Mul`` do
  (installed on import: the same sums, shared with their assumptions);
- ``steadyfactor``: SymPy's multivariate factorisation draws from a fixed seed, not the process's
  random state (installed on import: the same factors, in a time that no longer depends on the run).

Contraction of Kronecker deltas, matching a sum against a given and back-substitution stay in
``derive.indexcalc``, which this kernel builds on.
"""
from __future__ import annotations

from . import assumptionorder, piecewisefold, sharedwalks, steadyfactor, sumcache, sumsymbols
from .merge import merge_sums, summands_by_ranges
from .names import (INDEX_NAMES, canonical, dummies, free_indices, fresh_index, freshen, index, is_index, leaning,
                    never_empty, rebind, textbook_names)
from .signs import positive_factors
from .textbook import contracted, factored, textbook
from .zero import AS_EXP, CLOSED, LOGS, MERGED, NESTED, PEELED, PREFIXED, SIMPLIFIED, SWAPPED, TRIANGLE, SPLIT, SPLIT_PRODUCT, SPREAD, TERM_APART, PLACES, REVERSED, WRITTEN, AT_DELTA, Identity, apply_identities, is_zero

sumsymbols.install()
piecewisefold.install()
assumptionorder.install()
sharedwalks.install()
sumcache.install()
steadyfactor.install()

__all__ = ["AS_EXP", "CLOSED", "INDEX_NAMES", "LOGS", "MERGED", "NESTED", "PEELED", "PREFIXED", "SIMPLIFIED", "SWAPPED", "TRIANGLE", "SPLIT", "SPLIT_PRODUCT", "SPREAD", "TERM_APART", "PLACES", "REVERSED", "WRITTEN", "AT_DELTA", "Identity", "apply_identities",
           "canonical", "contracted", "dummies", "factored", "free_indices", "fresh_index", "freshen", "index",
           "is_index", "is_zero", "leaning", "merge_sums", "never_empty", "positive_factors", "rebind", "summands_by_ranges",
           "textbook", "textbook_names"]

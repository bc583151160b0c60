"""The claim-level cache key: a SHA-256 over a canonical text of everything a claim's verdict can depend on.

The claim's parsed sides, index ranges and givens; the whole file's sizes, quantities,
definitions and givens (any field the loader adds later is included automatically); the
code fingerprint (``derive.verify.fingerprint``).  Expressions enter as their class and
arguments all the way down (``_structure``: atoms as ``sympy.srepr`` writes them) of our own
parsed objects (text is only hashed, never parsed); ``Dummy`` symbols are numbered by first
appearance.  Display-only fields (a claim's line and name, the file's path and
title, its other claims) are left out: they do not change a verdict.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping

import sympy as sp

from .cache import SCHEMA, VERSION
from .fileformat import ClaimSpec, DerivationFile
from .fingerprint import NoFingerprint, code_fingerprint

#: Display-only fields: where a claim sits, its name and the file's title do not change a verdict
#: (a file's other claims do not either).  Every other field, present or future, is key material.
_SKIP_FIELDS = {"line"}
#: ``Scope.bases`` is a memo filled as names are printed: it follows from the quantities.
_SKIP_BY_TYPE = {"DerivationFile": {"path", "title", "claims"}, "ClaimSpec": {"name"}, "Scope": {"bases"}}


class _Uncacheable(Exception):
    """Key material of a type the canonical text does not know: such a claim is not cached."""


class _Canon:
    """Canonical, JSON-able text of key material; ``Dummy`` symbols numbered by first appearance."""

    def __init__(self, dummies: dict | None = None):
        self.dummies: dict = dict(dummies or {})

    def expr(self, e: sp.Basic) -> str:
        table = {}
        for d in sorted(e.atoms(sp.Dummy), key=sp.default_sort_key):
            if d not in self.dummies:
                # '·' cannot start a user's name, so a renamed Dummy never meets a real symbol.
                self.dummies[d] = sp.Symbol(f"·dummy{len(self.dummies)}", **d.assumptions0)
            table[d] = self.dummies[d]
        return _structure(e.xreplace(table) if table else e, {})

    def __call__(self, obj) -> object:
        if obj is None or isinstance(obj, (bool, int, float, str)):
            return obj
        if isinstance(obj, sp.Basic):
            return ["sympy", self.expr(obj)]
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            skip = _SKIP_FIELDS | _SKIP_BY_TYPE.get(type(obj).__name__, set())
            return [type(obj).__name__, {f.name: self(getattr(obj, f.name)) for f in dataclasses.fields(obj)
                                         if f.name not in skip}]
        if isinstance(obj, Mapping):
            return ["map", [[self(k), self(v)] for k, v in obj.items()]]
        if isinstance(obj, (tuple, list)):
            return ["seq", [self(x) for x in obj]]
        if isinstance(obj, (set, frozenset)):
            return ["set", sorted((self(x) for x in obj), key=lambda x: json.dumps(x, sort_keys=True))]
        raise _Uncacheable(type(obj).__name__)


def _structure(e: sp.Basic, memo: dict) -> str:
    """``e`` as its class and arguments all the way down, atoms (and indexed entries) as ``srepr`` writes them.

    SymPy keeps an expression's arguments in one canonical order, so this names it exactly; ``srepr``
    itself also sorts the terms of sums and products for display, which made keying a file's claims
    cost more than loading it.  (Two equal sums built unevaluated in different orders get different
    texts: a cache miss, never a wrong hit.)
    """
    # By identity: equal is not identical (1.0 at 15 and at 30 digits are equal, and srepr tells them apart).
    hit = memo.get(id(e))
    if hit is None:
        if e.is_Atom or not e.args:
            hit = sp.srepr(e)
        else:
            parts = [_structure(a, memo) if isinstance(a, sp.Basic) else repr(a) for a in e.args]
            hit = f"{type(e).__name__}({', '.join(parts)})"
        memo[id(e)] = hit
    return hit


_FILES: dict[int, tuple[DerivationFile, str, dict]] = {}


def _file_text(f: DerivationFile) -> tuple[str, dict]:
    """The canonical text of ``f``'s claim-independent part and its Dummy numbering, once per file object."""
    known = _FILES.get(id(f))
    if known is None or known[0] is not f:
        canon = _Canon()
        text = json.dumps(canon(f), sort_keys=True, ensure_ascii=True, allow_nan=False)
        if len(_FILES) > 64:
            _FILES.clear()
        known = _FILES[id(f)] = (f, text, canon.dummies)
    return known[1], known[2]


def claim_key(f: DerivationFile, claim: ClaimSpec) -> str | None:
    """The cache key of ``claim`` in ``f`` (hex SHA-256), or None when it cannot be keyed safely."""
    try:
        file_text, dummies = _file_text(f)
        material = [SCHEMA, VERSION, code_fingerprint(), file_text, _Canon(dummies)(claim)]
        text = json.dumps(material, sort_keys=True, ensure_ascii=True, allow_nan=False)
    except (_Uncacheable, NoFingerprint, OSError, ValueError, TypeError, RecursionError):
        return None
    return hashlib.sha256(text.encode()).hexdigest()


__all__ = ["claim_key"]

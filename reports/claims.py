"""Build a ``FileReportView`` (plain data) from the verifier's result for a ``*.derive.toml`` file.

Everything the file's author wrote (title, claim names, evidence strings) stays text and is
escaped by the templates; the claim's sides are SymPy expressions from the verifier's safe
parser and go through the report printers, as do the file's ``[define]`` entries (its
forward model, shown as numbered equations); givens are shown as the author wrote them.
Timings are left out: they would make two
reports of the same file differ.
"""
from __future__ import annotations

import re

import sympy as sp

from derive.errors import InputError

from .build import equation, mathify
from .data import ClaimView, Equation, FileReportView

_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_ORDER = ("proved", "refuted", "unproved")


def _printable(expr) -> bool:
    """True when every name in ``expr`` is a plain identifier (safe for the math printers)."""
    names = [str(s) for s in expr.atoms(sp.Symbol)] + [str(b.label) for b in expr.atoms(sp.IndexedBase)]
    return all(_IDENT.match(n) for n in names)


def _math(expr):
    return mathify(expr) if expr is not None and _printable(expr) else None


def _counterexample(cx: dict | None) -> tuple[tuple[str, str], ...]:
    if not cx:
        return ()
    rows = []
    for key in ("sizes", "indices", "inputs"):
        for name, value in (cx.get(key) or {}).items():
            rows.append((f"{name}", str(value)))
    for key in ("lhs", "rhs", "difference"):
        if key in cx:
            rows.append((f"{key} (numeric)", str(cx[key])))
    return tuple(rows)


def _evidence(c) -> str:
    text = _verdict_evidence(c)
    # A claim with `when` is asserted only there; the report says so whatever the verdict.
    # (an unproved claim's evidence line already begins with it)
    if getattr(c, "when", "") and c.verdict != "unproved":
        return f"Asserted only where {c.when}. {text}".strip()
    return text


def _verdict_evidence(c) -> str:
    if c.verdict == "refuted":
        return "a counterexample (below) makes the two sides differ"
    if c.verdict == "proved":
        # The method and the givens used are shown on their own; only the cross-check is left.
        points = (c.evidence or {}).get("cross_check_points") if isinstance(c.evidence, dict) else None
        return f"Cross-checked numerically at {points} random points." if points else ""
    from derive.verify import evidence_line
    return evidence_line(c)


def build_file_report(path: str, timeout: float | None = None) -> FileReportView:
    """Check ``path`` with the verifier and describe every claim."""
    from derive.verify import DEFAULT_TIMEOUT, check_file
    try:
        rep = check_file(path, timeout if timeout is not None else DEFAULT_TIMEOUT)
    except FileNotFoundError:
        raise InputError("no such file", path, 0) from None
    claims = tuple(ClaimView(c.name, c.line, c.verdict, c.method, tuple(c.givens_used), _evidence(c),
                             _math(c.lhs), _math(c.rhs), _counterexample(c.counterexample))
                   for c in rep.claims)
    counts = tuple((v, sum(c.verdict == v for c in claims)) for v in _ORDER)
    return FileReportView(rep.title or path, str(path), claims, counts, _definitions(rep.definitions),
                          tuple(rep.givens), ", ".join(f"{k} ({v})" for k, v in rep.sizes.items()))


def _definitions(definitions) -> tuple[Equation, ...]:
    """The file's ``[define]`` entries as numbered equations, in file order."""
    eqs = []
    for lhs, rhs in definitions:
        if _printable(lhs) and _printable(rhs):
            eqs.append(Equation(len(eqs) + 1, equation(lhs, rhs), ""))
    return tuple(eqs)

"""The verifier for derivation files (``*.derive.toml``): load, prove, refute, report.

Library API::

    from derive.verify import check_file
    report = check_file("examples/softmax.derive.toml", timeout=10)
    for c in report.claims:
        print(c.line, c.verdict, c.name, c.summary)

``FileReport(path, title, claims, givens, definitions, sizes)`` and
``ClaimResult(name, line, verdict, method, givens_used, evidence, lhs, rhs,
counterexample, eq, seconds)`` are plain dataclasses (``derive.verify.results``).
``to_model(path_or_loaded_file)`` turns a file into a ``derive.model.Model`` for the
engine, ``numeric`` and ``reports`` (``derive.verify.tomodel`` states the rules).

Names are imported lazily: a fully cached ``derive check`` (``derive.verify.filecache``)
imports modules of this package without paying for SymPy.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    **dict.fromkeys(("DEFAULT_TIMEOUT", "check_claim", "check_file", "check_loaded"), "check"),
    **dict.fromkeys(("DerivationFile", "load_file"), "fileformat"),
    "to_model": "tomodel",
    **dict.fromkeys(("PROVED", "REFUTED", "UNPROVED", "VERDICTS", "ClaimResult", "FileReport", "evidence_line"),
                    "results"),
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

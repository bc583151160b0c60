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
"""
from __future__ import annotations

from .check import DEFAULT_TIMEOUT, check_claim, check_file, check_loaded
from .fileformat import DerivationFile, load_file
from .tomodel import to_model
from .results import PROVED, REFUTED, UNPROVED, VERDICTS, ClaimResult, FileReport, evidence_line

__all__ = [
    "DEFAULT_TIMEOUT", "check_claim", "check_file", "check_loaded", "DerivationFile", "load_file",
    "PROVED", "REFUTED", "UNPROVED", "VERDICTS", "ClaimResult", "FileReport", "evidence_line", "to_model",
]

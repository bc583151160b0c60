"""The numeric evidence of a model report, taken from ``numeric/``: gradient check and code.

``numeric`` is optional at the time a report is built (it is developed in parallel); when
it offers no gradient check or code generator the report says so instead of inventing
numbers.  Seeds are fixed so that a report is byte-identical from run to run.
"""
from __future__ import annotations

from derive.derivation import Derivation
from derive.model import Model

from .data import Code, NumericCheck

SEED = 20261126
POINTS = 5


def gradient_check(model: Model | None, wrt: str, dv: Derivation) -> NumericCheck:
    """Finite differences vs the derived gradient at seeded random points, via ``numeric``."""
    if model is None:
        return NumericCheck(False, "not run (numeric checks were switched off)")
    try:
        import numeric
        check = numeric.gradcheck
    except (ImportError, AttributeError):
        return NumericCheck(False, "not available: numeric/ provides no gradient check yet")
    res = check(model, wrt=wrt, seed=SEED, points=POINTS)
    rows = (("points", str(POINTS)), ("seed", str(SEED)),
            ("max absolute error", f"{res.max_abs:.2e}"), ("max relative error", f"{res.max_rel:.2e}"))
    verdict = "agrees" if res.ok else "DISAGREES"
    return NumericCheck(True, f"finite differences {verdict} with the derived gradient", rows, bool(res.ok))


def code_listing(model: Model) -> Code | None:
    """The NumPy module ``numeric`` generates for ``model``, or None when it cannot."""
    try:
        import numeric
        compiled = numeric.compile_model(model)
    except (ImportError, AttributeError):
        return None
    return Code("python", "Generated NumPy code", compiled.source)

"""The numeric evidence of a model report, taken from ``numeric/``: gradient check and code.

The gradient check compiles the model's derived gradients to NumPy (``numeric.compile_model``)
and compares them with central finite differences along seeded random directions at seeded
random inputs (``numeric.gradcheck``).  Seeds and sizes are fixed so that a report is
byte-identical from run to run; numbers are printed to three significant digits.
"""
from __future__ import annotations

from derive.derivation import Derivation
from derive.model import Model

from .data import Code, NumericCheck

SEED = 20261126
BATCH = 4


def _sizes(model: Model) -> dict[str, int]:
    return {"B": BATCH, **{name: 3 + n for n, (name, _) in enumerate(model.sizes)}}


def numeric_evidence(model: Model, wrt: str | None = None,
                     assume: bool = True) -> tuple[NumericCheck, Code | None, dict[str, Derivation]]:
    """The gradient check, the generated code and numeric/'s derivations, from one compilation.

    The derivations (``derive(model, q)`` for every differentiable input, assumptions on) are
    returned so the report need not derive the same gradient a second time.  A model numeric/
    cannot compile still gets its symbolic report: the check is shown as unavailable with the
    reason, never as passed, and there is no code section.  numeric/ compiles only the
    gradients of the model's inputs with the assumptions on: a report of another unknown, or
    without the assumptions, gets no check (it would vouch for a formula it does not show)
    and its code section says which formulas the code implements.
    """
    from numeric import compile_model
    try:
        compiled = compile_model(model)
    except Exception as exc:  # numeric/ raises SymPy's and its own errors; the report says which
        return _unavailable("numeric/ could not compile this model", exc), None, {}
    plan = compiled.plan
    # The compiled function's arguments may be renamed (batched x → X); the report speaks of quantities.
    grads = [a.quantity.name for a in plan.arguments if a.name in plan.grads]
    wrt = wrt or model.target
    implements = ", ".join(f"∂{model.loss}/∂{q}" for q in grads) + " with the model's assumptions"
    why = f"numeric/ compiles the gradients of the model's inputs with its assumptions; "
    if wrt not in grads:
        check = NumericCheck(False, f"not run: {why}∂{model.loss}/∂{wrt} is not one of them")
    elif not assume and model.assumptions:  # with none to drop, both formulas are one
        check = NumericCheck(False, f"not run: {why}this report derives ∂{model.loss}/∂{wrt} without them")
    else:
        try:
            check = gradient_check(model, compiled)
        except Exception as exc:  # the check runs generated code and numeric/'s sampling: report, don't abort
            check = _unavailable("the gradient check failed", exc)
        return check, Code("python", "Generated NumPy code", compiled.source), dict(plan.derivations)
    title = f"Generated NumPy code (of {implements}, not of this report's formula)"
    return check, Code("python", title, compiled.source), dict(plan.derivations)


def _unavailable(what: str, exc: Exception) -> NumericCheck:
    """A check that could not be run, with the first line of the reason; never passed."""
    reason = str(exc).splitlines()[0] if str(exc) else ""
    return NumericCheck(False, f"not run: {what} ({type(exc).__name__}{': ' + reason if reason else ''})")


def gradient_check(model: Model, compiled) -> NumericCheck:
    """Finite differences vs the derived gradient at seeded random points, via ``numeric``."""
    from numeric import gradcheck, make_inputs
    sizes = _sizes(model)
    inputs = make_inputs(model, sizes, seed=SEED)
    res = gradcheck(compiled, inputs, seed=SEED)
    rows = [("sizes", ", ".join(f"{k} = {v}" for k, v in sizes.items())),
            ("seed", str(res.seed)), ("directions per input", str(res.directions)),
            ("step ε", f"{res.eps:.0e}"), ("tolerance", f"{res.atol:.0e} + {res.rtol:.0e}·|finite difference|"),
            ("dtype", res.dtype)]
    for name, chk in res.inputs.items():
        rows.append((f"∂{model.loss}/∂{name}", f"max abs error {chk.max_abs_error:.2e}, max rel error "
                                    f"{chk.max_rel_error:.2e}: {'passed' if chk.passed else 'FAILED'}"))
    rows.append(("overall", f"max abs error {res.max_abs_error:.2e}, max rel error {res.max_rel_error:.2e}"))
    verdict = "agrees" if res.passed else "does NOT agree"
    return NumericCheck(True, f"the derived gradient, compiled to NumPy, {verdict} with central finite "
                              f"differences at seeded random inputs", tuple(rows), bool(res.passed))

"""Gradient check against central differences, in the style of torch.autograd.gradcheck.

Like ``torch.autograd.gradcheck`` and ``jax.test_util.check_grads`` it compares the
analytic gradient with finite differences, but along seeded random directions
(``⟨∇f, v⟩`` against ``(f(x + εv) − f(x − εv)) / 2ε``) so one check costs two loss
evaluations per direction whatever the input size.  It returns a result object with
every error; it never asserts.  Tolerances follow the dtype the check runs in.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import DTypeLike

from derive.errors import ArgumentError
from derive.model import described

if TYPE_CHECKING:
    from .compile import Compiled

#: (step ε, rtol, atol) per dtype: ε near the cube root of machine epsilon balances truncation and rounding.
TOLERANCES = {
    np.dtype(np.float64): (1e-6, 1e-6, 1e-9),
    np.dtype(np.float32): (1e-2, 2e-2, 1e-3),
}


@dataclass(frozen=True)
class InputCheck:
    """The check of one input: worst errors over its directions."""

    name: str
    max_abs_error: float
    max_rel_error: float
    passed: bool
    directions: int


@dataclass(frozen=True)
class GradcheckResult:
    """Outcome of a gradient check: per input and overall, with the settings that produced it."""

    passed: bool
    max_abs_error: float
    max_rel_error: float
    inputs: dict[str, InputCheck]
    directions: int
    seed: int
    eps: float
    rtol: float
    atol: float
    dtype: str
    details: list = field(default_factory=list, repr=False)

    def summary(self) -> str:
        """One line: passed/failed, worst errors, directions and seed."""
        verdict = "passed" if self.passed else "FAILED"
        return (f"gradcheck {verdict}: max abs error {self.max_abs_error:.3g}, max rel error "
                f"{self.max_rel_error:.3g} over {self.directions} directions per input "
                f"({', '.join(self.inputs)}), seed {self.seed}, {self.dtype}")


def gradcheck(compiled: Compiled, inputs: Mapping[str, np.ndarray], *, directions: int = 6, seed: int = 0,
              dtype: DTypeLike = np.float64, eps: float | None = None, rtol: float | None = None,
              atol: float | None = None, wrt: list[str] | None = None) -> GradcheckResult:
    """Check ``compiled.loss_and_grads`` against central differences along seeded random directions."""
    from .compile import _real
    if not all(callable(getattr(compiled, f, None)) for f in ("loss_and_grads", "loss")):
        raise ArgumentError(f"gradcheck: expected a compiled model (numeric.compile_model(model)); "
                            f"got {described(compiled)}")
    if isinstance(directions, bool) or not isinstance(directions, numbers.Integral) or directions < 1:
        raise ArgumentError(f"gradcheck: directions must be a whole number from 1 up (a check along no "
                            f"direction checks nothing); got {described(directions)}")
    for what, value in (("eps", eps), ("rtol", rtol), ("atol", atol)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, numbers.Real)
                                  or not 0 < value < math.inf):
            raise ArgumentError(f"gradcheck: {what} must be a positive number (or None for the dtype's); "
                                f"got {described(value)}")
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt not in TOLERANCES:
        raise ArgumentError(f"gradcheck: dtype must be float64 or float32; got {described(dtype)}")
    if not isinstance(inputs, Mapping):
        raise ArgumentError(f"gradcheck: inputs must be a dict of arrays (numeric.make_inputs(model)); "
                            f"got {described(inputs)}")
    for name, value in inputs.items():
        if not np.issubdtype(np.asarray(value).dtype, np.integer):  # class labels are integers, kept as given
            _real(name, value)
    d_eps, d_rtol, d_atol = TOLERANCES[dt]
    eps, rtol, atol = eps or d_eps, rtol or d_rtol, atol or d_atol
    # Class labels stay integers: they are not differentiated, and compiled code refuses other labels.
    base = {k: np.array(v) if np.issubdtype(np.asarray(v).dtype, np.integer) else np.array(v, dtype=dt)
            for k, v in inputs.items()}
    _, grads = compiled.loss_and_grads(**base)
    rng = np.random.default_rng(seed)
    checks, details = {}, []
    for name in (wrt or list(grads)):
        g = np.asarray(grads[name], dtype=np.float64)
        worst_abs = worst_rel = 0.0
        ok = True
        for _ in range(directions):
            v = rng.standard_normal(base[name].shape)
            v /= max(np.linalg.norm(v), 1e-300)
            plus, minus = dict(base), dict(base)
            plus[name] = (base[name] + eps * v).astype(dt)
            minus[name] = (base[name] - eps * v).astype(dt)
            numeric = (float(compiled.loss(**plus)) - float(compiled.loss(**minus))) / (2 * eps)
            analytic = float(np.sum(g * v))
            err = abs(numeric - analytic)
            rel = err / max(abs(numeric), abs(analytic), 1e-300)
            if not math.isfinite(err):
                err = rel = math.inf  # max() would drop a NaN and report a failure with error 0
            worst_abs, worst_rel = max(worst_abs, err), max(worst_rel, rel)
            ok &= err <= atol + rtol * abs(numeric)
            details.append((name, numeric, analytic))
        checks[name] = InputCheck(name, worst_abs, worst_rel, bool(ok), directions)
    return GradcheckResult(all(c.passed for c in checks.values()),
                           max((c.max_abs_error for c in checks.values()), default=0.0),
                           max((c.max_rel_error for c in checks.values()), default=0.0),
                           checks, directions, seed, eps, rtol, atol, str(dt), details)

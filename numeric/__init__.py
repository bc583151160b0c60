"""numeric: derivations become batched, stable NumPy code, checked against finite differences.

Public API (stable names, used by ``reports`` and the ``derive codegen`` command)::

    compiled = compile_model(model)           # Compiled
    loss, grads = compiled.loss_and_grads(X=..., W=..., Y=...)   # check=False skips the Σ y = 1 check
    compiled.source                           # standalone module text (imports only numpy), the same code
    inputs = make_inputs(model, {"B": 8, "n": 3, "m": 4}, seed=0)
    result = gradcheck(compiled, inputs)      # GradcheckResult (.passed, .max_abs_error, …)
    step = shift_invariance_step(model)       # derive.derivation.Step proving softmax(z − c) = softmax(z)
"""
from .compile import Compiled, compile_model
from .gradcheck import GradcheckResult, InputCheck, gradcheck
from .inputs import make_inputs
from .stability import shift_invariance_step, shift_invariance_steps

__all__ = ["Compiled", "compile_model", "GradcheckResult", "InputCheck", "gradcheck", "make_inputs",
           "shift_invariance_step", "shift_invariance_steps"]

"""Compile a model: its plan becomes the generated ``loss_and_grads`` function, run in-process.

``compile_model(model)`` builds the plan (``numeric.plan``), prints it as the same function
the standalone module holds (``numeric.codegen``, statements lowered by ``numeric.lower``)
and compiles that text once.  Like ``lambdify``, this executes only code printed by numeric/
itself from validated names (``numeric.names``), never user text.  The ``Compiled`` object
keeps one workspace per thread, so work arrays are allocated once and reused call after call.
"""
from __future__ import annotations

import threading
from functools import cached_property

import numpy as np

from derive.errors import ArgumentError
from derive.model import Model, model_of

from .codegen import function_source, helper_source, module_source
from .kernels import _real_numbers
from .plan import Plan, build_plan


def _function(plan: Plan):
    """The generated ``loss_and_grads`` of ``plan``, compiled from its source."""
    fn = function_source(plan)
    namespace = {"numpy": np, "__name__": f"numeric.generated.{plan.model.name}"}
    code = compile(helper_source(fn) + "\n\n" + fn, f"<numeric: loss_and_grads of {plan.model.name}>", "exec")
    exec(code, namespace)  # noqa: S102 — numeric/'s own printed code (validated names only), as lambdify does
    # The library's refusals of bad arguments are ArgumentErrors (ValueErrors too); the written module,
    # which imports only numpy, raises plain ValueErrors with the same messages.
    namespace["_input_error"] = ArgumentError
    return namespace["loss_and_grads"]


class Compiled:
    """A model compiled to batched NumPy: ``loss_and_grads(**arrays) -> (loss, {input: gradient})``."""

    def __init__(self, model: Model, plan: Plan):
        self.model = model
        self.plan = plan
        self.function = _function(plan)
        self._names = frozenset(a.name for a in plan.arguments)
        # Class labels are checked by the generated code itself (integers in range, with its own message).
        self._reals = tuple(a.name for a in plan.arguments if not a.label)
        self._local = threading.local()

    @property
    def arguments(self) -> tuple[str, ...]:
        """The keyword argument names, in the model's input order."""
        return tuple(a.name for a in self.plan.arguments)

    @property
    def grad_names(self) -> tuple[str, ...]:
        """The inputs whose gradients are returned."""
        return tuple(self.plan.grads)

    # ``self`` is positional-only: a model input may be called ``self`` and arrives in ``arrays``.
    def loss_and_grads(self, /, *, check: bool = True, **arrays) -> tuple[np.floating, dict[str, np.ndarray]]:
        """The loss and its gradient by every parameter and data input.

        The loss is the mean of the per-sample loss over the batch; a model written over the whole
        batch (``batch = "T"``) returns its own loss as it defines it (attention's is a sum, not a mean).

        ``check=False`` skips the check of the model's assumptions on the inputs (``Σ_i y_i = 1``).
        """
        # The generated function checks its arguments itself (names by Python's call, real numbers, shapes),
        # so a good call goes straight in: at small shapes each check made here cost a visible share of
        # the call.  Only a failed call is looked at again, to say what was wrong in derive's words.
        try:
            workspace = self._local.workspace
        except AttributeError:
            workspace = self._local.workspace = {}
        try:
            return self.function(**arrays, check=check, workspace=workspace)
        except TypeError:
            if arrays.keys() != self._names:
                names = [a.name for a in self.plan.arguments]
                missing = [n for n in names if n not in arrays]
                extra = [n for n in arrays if n not in self._names]
                raise TypeError(f"loss_and_grads() of model {self.plan.model.name} takes keyword arguments "
                                f"{', '.join(names)}; missing {missing}, unexpected {extra}") from None
            raise
        except ValueError:
            for name in self._reals:  # nested lists of uneven lengths fail numpy.asarray: name the argument
                _real(name, arrays[name])
            raise

    def loss(self, /, *, check: bool = True, **arrays) -> np.floating:
        """The loss alone (see ``loss_and_grads``)."""
        return self.loss_and_grads(check=check, **arrays)[0]

    @cached_property
    def source(self) -> str:
        """The standalone module (imports only numpy) computing the same as ``loss_and_grads``."""
        return module_source(self.plan)


def compile_model(model: Model | str) -> Compiled:
    """Compile a model (a Model, or a catalog model's name or a derivation file's path) to batched NumPy code."""
    model = model_of(model, "compile_model")
    return Compiled(model, build_plan(model))


def _real(name: str, value: object) -> None:
    """Refuse an argument that is not an array of real numbers (complex, objects, strings, dates)."""
    dtype = getattr(value, "dtype", None)
    if not isinstance(dtype, np.dtype):
        try:
            dtype = np.asarray(value).dtype
        except (TypeError, ValueError) as exc:  # ragged nested lists, say
            raise ArgumentError(f"loss_and_grads: {name} is not an array of real numbers: {exc}") from None
    try:
        _real_numbers(np.empty(0, dtype), name)  # the generated code's own refusal, in its words
    except ValueError as exc:
        raise ArgumentError(str(exc)) from None

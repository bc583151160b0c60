"""The reverse sweep both engines share: one loop over the model, one order of recorded steps.

The symbolic engine (``derive.engine``, index expressions for symbolic sizes) and the explicit
one (``derive.explicit``, every entry at fixed sizes) compute independently, so each checks the
other; what they share is the order of the argument, owned here: the definitions, each layer's
local derivatives, then ∂L/∂q for every quantity from the loss back to the variable (each
consumer's adjoint chained with its local derivative, assumptions applied where the chain uses
them), then the result.  A backend supplies the computations, this module the sweep.
"""
from __future__ import annotations

from typing import Any, Protocol

from .derivation import Derivation, Step
from .model import Model


class Backend(Protocol):
    """The computations of one engine, in the order ``sweep`` calls them."""

    model: Model

    def definitions(self) -> list[Step]:
        """The forward model, one step per definition."""

    def local_derivatives(self, path: list[str]) -> tuple[dict, list[Step]]:
        """Each layer's derivative by each of its arguments on ``path`` (keyed (out, arg)), with steps."""

    def unit(self) -> Any:
        """∂L/∂L, the adjoint the sweep starts from."""

    def adjoint(self, name: str, adj: dict, local: dict, path: list[str], assume: bool
                ) -> tuple[Any, list[Step], list, list]:
        """∂L/∂name from its consumers' adjoints: (value, steps, assumptions used, assumptions pending)."""

    def result(self, wrt: str, adj: dict, local: dict, steps: list[Step], used: list, pending: list) -> Derivation:
        """The derivation of ∂L/∂wrt, its result steps appended to ``steps``."""


def relevant(model: Model, wrt: str) -> list[str]:
    """Quantities on some path from ``wrt`` to the loss, in definition order."""
    return [q.name for q in model.quantities
            if model.depends_on(model.loss, q.name) and model.depends_on(q.name, wrt)]


def sweep(backend: Backend, wrt: str, assume: bool) -> Derivation:
    """∂loss/∂wrt by reverse accumulation along the model, every step recorded in reading order."""
    model = backend.model
    path = relevant(model, wrt)
    steps = backend.definitions()
    local, local_steps = backend.local_derivatives(path)
    steps += local_steps
    adj: dict[str, Any] = {model.loss: backend.unit()}
    used: list = []
    pending: list = []
    for name in reversed(path[:-1]):
        adj[name], more, now_used, now_pending = backend.adjoint(name, adj, local, path, assume)
        steps += more
        used += now_used
        pending += now_pending
    return backend.result(wrt, adj, local, steps, used, pending)

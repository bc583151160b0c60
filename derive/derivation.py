"""The derivation as plain data: ordered steps, the result, and what it assumed.

Produced by ``derive.engine`` (symbolic sizes) and ``derive.explicit`` (explicit sizes);
consumed by the command line, ``numeric`` and ``reports``.  Nothing here computes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sympy import Basic, Expr, Symbol

from .display import Displayable
from .model import Assumption, Model

#: Kinds of step, in the order a reader meets them.
DEFINITION, LOCAL, CHAIN, ASSUMPTION, RESULT = "definition", "local", "chain", "assumption", "result"


@dataclass(frozen=True)
class Pending:
    """A simplification the derivation did not make: ``lhs`` would be ``would_be`` under ``assumption``."""

    lhs: Basic
    would_be: Basic
    assumption: Assumption


@dataclass(frozen=True)
class Step:
    """One step: ``lhs = rhs`` justified by ``rule``, using ``assumptions``."""

    rule: str
    lhs: Basic
    rhs: Basic
    kind: str
    assumptions: tuple[Assumption, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Derivation(Displayable):
    """Every step from the model's definitions to ``∂loss/∂wrt``, and the result.

    ``str()`` gives the steps as ``derive show`` prints them, and ``str(matrix)`` the matrix form
    as it prints it; in a notebook it displays as the HTML report's step cards.
    """

    model: Model
    wrt: str
    sizes: dict[str, int | str]
    steps: tuple[Step, ...]
    lhs: Basic
    result: Basic
    matrix_lhs: Basic | None = None
    matrix: Basic | None = None
    assumed: tuple[Assumption, ...] = ()
    pending: tuple[Pending, ...] = field(default=())
    indices: tuple[Symbol, ...] = ()
    local: dict = field(default_factory=dict, compare=False, repr=False)
    adjoints: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        # print(dv.matrix) reads as derive show writes it, not as raw SymPy (Lambda(_x, …), HadamardProduct(…)).
        from .printing import shown_as_text
        object.__setattr__(self, "matrix_lhs", shown_as_text(self.matrix_lhs))
        object.__setattr__(self, "matrix", shown_as_text(self.matrix))

    @property
    def explicit(self) -> bool:
        """True when the sizes are numbers (every scalar entry written out)."""
        return all(isinstance(v, int) for v in self.sizes.values())

    def steps_of(self, kind: str) -> list[Step]:
        """The steps of one kind, in order."""
        return [s for s in self.steps if s.kind == kind]

    def __str__(self) -> str:
        from .terminal import to_text
        return to_text(self)

    def local_result(self, out: str, var: str) -> Expr | None:
        """The simplified local derivative ∂out/∂var (index form), if the derivation computed it."""
        return self.local.get((out, var))

"""The exceptions a user can cause, each naming what is wrong in one line."""
from __future__ import annotations


class DeriveError(Exception):
    """Base class for every error derive reports to a user."""


class LayerError(DeriveError):
    """A layer is declared wrongly, or its definition cannot be differentiated."""


class ShapeError(DeriveError):
    """Shapes of a model's quantities do not compose."""


class UnknownVariable(DeriveError):
    """The variable to differentiate by is not a quantity of the model."""


class UnknownModel(DeriveError):
    """No catalog model has that name."""


class ArgumentError(DeriveError, ValueError):
    """A library call got an argument of the wrong kind or out of range (a ``ValueError`` too)."""


class InputError(DeriveError):
    """A derivation file is malformed; carries the file and line it refers to."""

    def __init__(self, message: str, file: str = "", line: int = 0):
        super().__init__(message)
        self.file, self.line, self.message = file, line, message

    def __str__(self) -> str:
        # line 0: the file as a whole (missing, unreadable), no line of it
        where = (f"{self.file}:{self.line}: " if self.line else f"{self.file}: ") if self.file else ""
        return f"{where}{self.message}"

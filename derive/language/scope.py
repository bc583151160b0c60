"""What names mean while parsing (``Scope``), name checks, and the one parse error type."""
from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy as sp
from sympy import Expr, Symbol

from .table import by_name

#: The largest number a range or an array size may be written with (Σ_{i=1}^{1000}, I_{1000}): the search
#: walks every term at every point, so Σ_{i=1}^{10^9} would spend a claim's whole budget before refuting it.
MAX_WRITTEN_RANGE = 1000


def written_size(v, where: str = "") -> object:
    """``v``, a size as written (``eye(3)``, ``I_3``): a ``ParseError`` when it is a number above ``MAX_WRITTEN_RANGE``."""
    if getattr(v, "is_number", False) and v > MAX_WRITTEN_RANGE:
        raise ParseError(f"{where}a size written as a number must be at most {MAX_WRITTEN_RANGE}, got {v} "
                         f"(declare a size for a large one)")
    return v
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,30}\Z")  # \Z: $ would let a trailing newline in


class ParseError(ValueError):
    """An expression is not in the accepted grammar; the message says which construct."""


class UndefinedQuantity(ParseError):
    """A name that is no quantity, size, label, index or constant (``name`` says which)."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name


@dataclass(frozen=True)
class Scope:
    """What names mean while parsing: quantity shapes, sizes, labels (by name)."""

    #: quantity name -> its number of axes (0 for a scalar)
    quantities: Mapping[str, int]
    #: size name -> its SymPy value (a positive-integer Symbol, or an Integer when fixed)
    sizes: Mapping[str, Expr]
    bases: dict = field(default_factory=dict)
    #: integer label name -> its shape (``()`` for one label, ``("B",)`` for one per sample)
    labels: Mapping[str, tuple] = field(default_factory=dict)
    #: quantities known to be positive (e.g. by a given ``p > 0``): a base for a symbolic exponent
    positive: frozenset = frozenset()
    #: defined quantity name -> (its indices, its definition): a base is positive when its definition is (σ(u))
    defined: dict = field(default_factory=dict)
    #: ``a − b`` for each file-level given ``a > b``: a base equal to one is positive (1 − μ, given μ < 1)
    exceeding: list = field(default_factory=list)
    #: ``a − b`` for each file-level given ``a ≥ b`` (both ways for ``a = b``): cases may cover the values only the
    #: givens allow (x > 0, x = 0 under x ≥ 0; y = 1, y = −1 under y² = 1)
    at_least: list = field(default_factory=list)
    #: quantity name -> its shape (sizes): an unindexed name is then the whole array (matrix notation)
    shapes: dict = field(default_factory=dict)

    def base(self, name: str):
        """The SymPy object entries of quantity ``name`` are taken from (real-valued)."""
        if name not in self.bases:
            self.bases[name] = quantity_base(name, self.quantities[name])
        return self.bases[name]

    def label(self, name: str):
        """The SymPy object of label ``name``: a positive integer Symbol or IndexedBase."""
        return label_base(name, len(self.labels[name]))

    def declared_names(self) -> set[str]:
        """Every name the file gives a meaning (quantities, sizes, labels)."""
        return {*self.quantities, *self.sizes, *self.labels}

    def declares(self, name: str) -> bool:
        """True when the file gives ``name`` a meaning (quantity, size or label)."""
        return name in self.quantities or name in self.sizes or name in self.labels


def label_base(name: str, axes: int):
    """A label's SymPy object: a positive integer ``Symbol``, or ``IndexedBase`` for one label per sample."""
    if axes:
        return sp.IndexedBase(name, integer=True, positive=True)
    return Symbol(name, integer=True, positive=True)


def quantity_base(name: str, axes: int):
    """``IndexedBase(name, real=True)``, or a real ``Symbol`` for a scalar quantity."""
    return sp.IndexedBase(name, real=True) if axes else Symbol(name, real=True)


def check_name(name: str, what: str = "name") -> str:
    """``name`` if it is an acceptable identifier; ``ParseError`` otherwise."""
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise ParseError(f"bad {what} {name!r}: use a letter followed by up to 30 letters, digits or _")
    if keyword.iskeyword(name) or name in ("True", "False", "None"):
        raise ParseError(f"{what} {name!r} is a keyword of the expression syntax; choose another name")
    c = by_name(name)
    if c is not None and not c.shadowable:
        raise ParseError(f"{what} {name!r} clashes with the function {name}(); choose another name")
    return name

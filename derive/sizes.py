"""Explicit sizes for written-out derivations: the defaults, ``--size NAME=VALUE``, and what was defaulted.

``derive show`` and ``derive report`` both take their explicit sizes from here, so the two
write out the same instance of a model unless told otherwise.
"""
from __future__ import annotations

import numbers
import re
from collections.abc import Mapping

from .errors import DeriveError
from .model import Model

#: The tutorial's n = m = 3; two hidden units and two samples are enough to show the hidden
#: layer and the batch mean written out (three would double the cost without showing anything new).
DEFAULTS = {"n": 3, "m": 3, "p": 2, "B": 2}
#: Any other size.
FALLBACK = 3
#: Explicit instances grow as size²; beyond this a written-out derivation helps no reader.
LIMIT = 200


class SizeError(DeriveError):
    """A ``--size`` that names no size of the model, or a value out of range."""


def parse_size(text: str) -> tuple[str, int]:
    """``"p=4"`` → ``("p", 4)``; anything else is a ``SizeError`` naming the expected form."""
    name, sep, value = text.partition("=")
    name, value = name.strip(), value.strip()
    if not sep or not name.isidentifier() or not _DIGITS.fullmatch(value):
        raise SizeError(f"--size {text!r}: expected NAME=VALUE with a positive integer VALUE, e.g. --size p=4")
    number = int(value)
    if not 1 <= number <= LIMIT:
        raise SizeError(f"--size {text!r}: a size must be between 1 and {LIMIT}")
    return name, number


def size_value(option: str, text: str) -> int:
    """The value of ``--n 3`` (``option`` names the flag in the error): plain ASCII digits, 1 to ``LIMIT``."""
    # int() reads 3_0 as 30 and Arabic-Indic ٣ as 3: a size is written in plain digits or refused
    if not _DIGITS.fullmatch(text.strip()):
        raise SizeError(f"{option} {text!r}: expected a positive integer, e.g. {option} 3")
    number = int(text)
    if not 1 <= number <= LIMIT:
        raise SizeError(f"{option} {text!r}: a size must be between 1 and {LIMIT}")
    return number


def combined(given: list[tuple[str, str, int]]) -> dict[str, int]:
    """``(option, name, value)`` in the order given, as one table; a size given two different values is a
    ``SizeError`` (``--n 3 --size n=4``: which one was meant?)."""
    out: dict[str, int] = {}
    said: dict[str, str] = {}
    for option, name, value in given:
        if name in out and out[name] != value:
            raise SizeError(f"{option} sets {name} = {value}, but {said[name]} set it to {out[name]}: give one value")
        out[name], said[name] = value, option
    return out


_DIGITS = re.compile(r"[0-9]+")


def checked(asked: Mapping[str, int] | None) -> dict[str, int]:
    """``asked`` when every value is a whole number from 1 to ``LIMIT`` (the library's ``sizes=``), else a ``SizeError``."""
    asked = dict(asked or {})
    for name, value in asked.items():
        # sizes={"n": 0} wrote out empty arrays, 2.5 was read as 2, -1 raised from SymPy, 1000 ran for minutes
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 1 <= value <= LIMIT:
            raise SizeError(f"size {name} = {value!r}: a size must be a whole number between 1 and {LIMIT}")
    return {name: int(value) for name, value in asked.items()}


def explicit_sizes(model: Model, asked: Mapping[str, int] | None) -> tuple[dict[str, int], tuple[str, ...]]:
    """Every size of ``model`` as a number (asked, else its default) and the names that were defaulted."""
    asked = checked(asked)
    names = [name for name, _ in model.sizes]
    unknown = sorted(set(asked) - set(names))
    if unknown:
        raise SizeError(f"model {model.name} has no size {', '.join(unknown)} (its sizes: {', '.join(names)})")
    sizes = {name: asked.get(name, DEFAULTS.get(name, FALLBACK)) for name in names}
    return sizes, tuple(name for name in names if name not in asked)


def describe(sizes: Mapping[str, int], defaulted: tuple[str, ...]) -> str:
    """``n = 10, m = 5, p = 2 (default; set with --size p=VALUE)``."""
    parts = [f"{k} = {v}" for k, v in sizes.items()]
    if defaulted:
        names = ", ".join(defaulted)
        return ", ".join(parts) + f" (default for {names}; set with --size NAME=VALUE)"
    return ", ".join(parts)

"""Names that reach generated code: validated before use, never taken from unchecked text.

Every identifier the generated module contains comes from a model (quantity and size
names) or from this package; model names are checked here against a strict pattern and
Python's keywords before any printer or ``lambdify`` sees them.
"""
from __future__ import annotations

import keyword
import re

from derive.errors import DeriveError

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")

#: Names the generated module defines itself; a model may not shadow them.
RESERVED = frozenset({"numpy", "loss_and_grads", "loss", "grads", "B", "check", "workspace"})


class NameError_(DeriveError):
    """A model name that cannot be used as a Python identifier in generated code."""


def check_name(name: str, what: str = "name", reserved: frozenset = RESERVED) -> str:
    """Return ``name`` if it is a safe Python identifier, else raise ``DeriveError``."""
    if not isinstance(name, str) or not _IDENT.match(name):
        raise NameError_(f"{what} {name!r} is not a valid identifier (expected ^[A-Za-z_][A-Za-z0-9_]*$)")
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise NameError_(f"{what} {name!r} is a Python keyword")
    if name in reserved or name.startswith("_"):
        raise NameError_(f"{what} {name!r} is reserved in generated code")
    return name


def batched_name(name: str, taken: set[str]) -> str:
    """The name of a per-sample quantity stacked over the batch: ``x`` → ``X`` (suffixed on a clash)."""
    base = check_name(name).upper() if name.islower() else name
    out = base
    n = 2
    while out in taken or out in RESERVED:
        out = f"{base}{n}"
        n += 1
    return out

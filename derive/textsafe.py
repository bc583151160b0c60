"""Showing user text safely: control, format (bidi) and separator characters as ``\\uXXXX``.

Owns the one escaping rule for names, claim names and file names in every output
(terminal, JSON, JUnit, pytest ids, reports): a U+202E in a claim name would otherwise
reorder the line it is printed on, an ESC would drive the terminal, a newline would
break the one-line error format.  Printable text, including non-ASCII letters, is kept.
Also owns how a name given twice in one file is told apart (``numbered_on``).
"""
from __future__ import annotations

import re
import unicodedata

# Cc controls, Cf format (bidi overrides, zero-width), Zl/Zp separators, Cs surrogates.
_UNSAFE = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def _code(ch: str) -> str:
    n = ord(ch)
    return f"\\u{n:04x}" if n <= 0xFFFF else f"\\U{n:08x}"


def is_unsafe(ch: str) -> bool:
    """True for a character that must not reach an output raw."""
    # U+FFFE and U+FFFF (unassigned, Cn) are the two characters of the BMP that XML 1.0 cannot carry either
    return unicodedata.category(ch) in _UNSAFE or ch in "\ufffe\uffff"


def escape(text: str) -> str:
    """``text`` with every unsafe character written as ``\\uXXXX`` (``\\u202e``)."""
    if text.isprintable() and text.isascii():
        return text
    return "".join(_code(c) if is_unsafe(c) else c for c in text)


_JSON_UNSAFE = re.compile("[\u0080-\uffff]")


def json_safe(dumped: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with unsafe characters as JSON escapes.

    The data is unchanged (a JSON reader decodes ``\\u202e`` back to the character); only
    the raw text can no longer reorder or drive a terminal.
    """
    return _JSON_UNSAFE.sub(lambda m: _code(m.group(0)) if is_unsafe(m.group(0)) else m.group(0), dumped)


def node_id(name: str) -> str:
    """A claim name as one unambiguous pytest node-id part: unsafe characters, ``\\`` and ``:`` escaped."""
    return escape(name.replace("\\", "\\\\")).replace(":", "\\x3a") if ("::" in name or "\\" in name) \
        else escape(name)


def numbered_on(base: str, given: set[str]) -> str:
    """``base``, or the first of ``base (2)``, ``base (3)``… not in ``given``; the name returned joins ``given``."""
    name, k = base, 2
    while name in given:
        name, k = f"{base} ({k})", k + 1
    given.add(name)
    return name

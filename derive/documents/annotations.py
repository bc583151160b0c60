"""What an annotation beside an equation asserts: ``\\quad \\text{if } \\sum_i y_i = 1`` and its kin.

Notes state a step's condition beside it: ``\\text{if}``, ``\\text{for}``, ``\\text{when}``,
``\\text{given}``, ``\\text{since}`` … followed by one relation, after the text or inside it
(``\\text{if $x > 0$}``).  That relation belongs to the claim: dropping it would check a different
claim (s − y is wrong unless Σ_i y_i = 1).  Any other annotation (``\\text{by the chain rule}``,
``\\text{where } …``, ``\\text{for all } i``) is prose, as before.
"""
from __future__ import annotations

import re

#: words that introduce a condition the equation beside them needs
KEYWORDS = ("if", "when", "whenever", "for", "given", "provided", "assuming", "since", "because", "as", "using")

_HEAD = re.compile(
    r"(?:\\q?quad(?![A-Za-z])|\\[,;:! ]|~|\s)*(?:\\left\s*)?[(\[]?\s*"
    r"\\(?:text|textrm|textit|textnormal|mbox|mathrm)\s*\{\s*\(?\s*(?P<kw>" + "|".join(KEYWORDS) + r")"
    r"(?:\s+that)?(?:\s+|(?=[$}]))(?:\$(?P<inner>[^$]*)\$)?\s*[,:]?\s*\}(?P<rest>.*)", re.S)
_CLOSING = re.compile(r"(\s|\\right\s*|[)\].,;]|\\[,;:! ]|\\text\s*\{\s*[).,;]*\s*\})+$")
_OPENING = re.compile(r"^(\s|\\[,;:! ]|~)+")
_STYLE = re.compile(r"\\(?:textstyle|displaystyle|scriptstyle)(?![A-Za-z])\s*")
#: ``for i = 1, …, n``, ``for i = 1, 2``: a range told in words, not a condition
_ENUMERATION = re.compile(r",|\\(?:dots|ldots|cdots|dotsc)(?![A-Za-z])")


def condition_text(note: str) -> str | None:
    """The relation an annotation states as a condition, as written; None for prose."""
    m = _HEAD.fullmatch(note.strip())
    if m is None:
        return None
    inner, rest = m.group("inner"), _OPENING.sub("", _CLOSING.sub("", m.group("rest")))
    if inner is not None and rest:  # \text{if $x > 0$} and more after it: prose
        return None
    relation = (inner if inner is not None else rest).strip()
    return relation if relation and not _ENUMERATION.search(relation) else None


def restated(note: str) -> str:
    """The annotation as a report typesets it: ``\\quad \\text{if } x > 0``, whether written ``(\\text{if } x > 0)``,
    ``\\text{if $x > 0$}`` or with ``\\textstyle`` (which a report's typesetter does not take)."""
    m = _HEAD.fullmatch(note.strip())
    relation = condition_text(note)
    if m is None or relation is None:
        return " ".join(note.split())
    return rf"\quad \text{{{m.group('kw')} }} {_STYLE.sub('', relation).strip()}"

"""Scans printed output for index names a reader must never see (issue 13 point 1).

A placeholder (``_a``, ``Dummy``), a summation index that is not one letter, or one that
is also a size (``Σ_{p=1}^{p}``), or a size letter used as an index in the terminal text.
"""
from __future__ import annotations

import re

PLACEHOLDER = {
    "text": re.compile(r"__|Σ_[^A-Za-z]|Dummy|_\d"),
    "json": re.compile(r"[(\[, ]_[A-Za-z]|Dummy"),
    "tex": re.compile(r"\{_|Dummy"),
    "html": re.compile(r"<mi>_|Dummy"),
    "md": re.compile(r"\{_|Dummy"),
}
# (summation index, upper bound) as each format writes a sum.
_TEX_SUM = re.compile(r"\\sum_\{(\w+)=1\}\^\{(\w+)\}")
SUMS = {
    "json": re.compile(r"\((\w+), 1, (\w+)\)"),
    "tex": _TEX_SUM,
    "md": _TEX_SUM,
    "html": re.compile(r"<mo>∑</mo><mrow><mi>(\w+)</mi><mo>=</mo><mn>1</mn></mrow><mi>(\w+)</mi>"),
}
# A subscript of index letters in the terminal text: W_ik, Σ_i, δ_ij.
TEXT_INDEX = re.compile(r"(?:[A-Za-zσ]|Σ|δ)_([a-z]+)\b")


def index_problems(text: str, fmt: str, sizes: set[str]) -> list[str]:
    """Every badly named index in ``text`` (output in format ``fmt`` of a model with ``sizes``)."""
    problems = []
    hit = PLACEHOLDER[fmt].search(text)
    if hit:
        problems.append(f"{fmt}: placeholder index in {text[max(0, hit.start() - 40):hit.end() + 40]!r}")
    if fmt in SUMS:
        for idx, bound in SUMS[fmt].findall(text):
            if not re.fullmatch("[A-Za-z]", idx) or idx == bound or idx in sizes:
                problems.append(f"{fmt}: sum over {idx} up to {bound}")
    if fmt == "text":
        maths = "\n".join(line for line in text.splitlines()
                          if line.startswith("    ") and not line.lstrip().startswith("note:"))
        problems += [f"text: index {letters!r} uses a size" for letters in TEXT_INDEX.findall(maths)
                     if set(letters) & sizes]
    return problems

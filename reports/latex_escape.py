"""Escaping of user text for LaTeX and Markdown, and the "already safe" string types.

``Tex`` and ``Md`` play the role ``markupsafe.Markup`` plays for HTML: a value of that type
is output as is, anything else is escaped by the template environment's ``finalize``.  So a
claim name like ``\\input{/etc/passwd} 100% #1 _x ~ ^ {`` prints literally and runs nothing.
"""
from __future__ import annotations

import re

from sympy.printing.pretty.pretty_symbology import greek_unicode

_GREEK_CAPITALS = {"Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"}

_TEX = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\textasciicircum{}", "_": r"\_", "~": r"\textasciitilde{}", "%": r"\%",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}", '"': r"\textquotedbl{}",
    "\n": " ", "\r": " ", "\t": " ",
    # Unicode that derive's own text uses; pdflatex's inputenc knows none of these.
    "∂": r"$\partial$", "Σ": r"$\Sigma$", "∑": r"$\sum$", "∈": r"$\in$", "×": r"$\times$",
    "→": r"$\rightarrow$", "←": r"$\leftarrow$", "−": "-", "·": r"$\cdot$", "δ": r"$\delta$",
    "ℝ": r"$\mathbb{R}$", "ᵀ": r"$^{\top}$", "…": r"\ldots{}", "≤": r"$\leq$", "≥": r"$\geq$",
    "≠": r"$\neq$", "⊙": r"$\odot$", "–": "--", "—": "---", "“": "``", "”": "''", "’": "'",
    "‖": r"$\|$", "∇": r"$\nabla$", "≈": r"$\approx$", "∞": r"$\infty$", "√": r"$\surd$",
    "⊤": r"$^{\top}$", "∘": r"$\circ$", "⋅": r"$\cdot$", "⁻": r"$^{-}$", "¹": r"$^{1}$", "‘": "`",
    # derive's indicator 𝟙[c], in the reports' own macro (``indicator.tex.j2``), which every preamble loads
    "𝟙": r"$\mathbb{1}$",
}
# Greek letters (λ in "λ‖W‖²", σ, …) as math-mode commands; capitals LaTeX draws as Latin letters
# (Alpha, Beta, …) have no command and keep their code-point form below.
_TEX.update({char: f"$\\{name}$" for name, char in greek_unicode.items()
             if name not in ("omicron", "lamda") and (name.islower() or name in _GREEK_CAPITALS)})
# A hyphen before another: TeX sets -- and --- as dashes (a title's "<!--" printed as "‹!–").
_TEX_RE = re.compile("-(?=-)|" + "|".join(re.escape(k) for k in sorted(_TEX, key=len, reverse=True)))


class Tex(str):
    """A string that is valid LaTeX already and must not be escaped again."""


class Md(str):
    """A string that is valid Markdown already and must not be escaped again."""


def _tex_char(m: re.Match) -> str:
    return "-{}" if m.group(0) == "-" else _TEX[m.group(0)]


def tex_escape(text: object) -> Tex:
    """``text`` as LaTeX that prints it literally (control characters and unknown symbols made harmless)."""
    if isinstance(text, Tex):
        return text
    s = _TEX_RE.sub(_tex_char, str(text))
    # Anything outside Latin-1 that is not mapped above would stop pdflatex: name its code point.
    return Tex("".join(c if ord(c) < 0x100 and (c.isprintable() or c == " ") else f"[U+{ord(c):04X}]"
                       for c in s))


def tex_finalize(value: object) -> object:
    """Jinja ``finalize`` for LaTeX: escape every value that is not marked ``Tex``."""
    if value is None:
        return ""
    return value if isinstance(value, Tex) else tex_escape(value)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$>])")


def md_escape(text: object) -> Md:
    """``text`` as Markdown that renders literally: HTML characters as entities, specials backslashed."""
    if isinstance(text, Md):
        return text
    s = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = s.replace("\r", " ").replace("\n", " ")
    return Md(_MD_SPECIAL.sub(r"\\\1", s))


def md_finalize(value: object) -> object:
    """Jinja ``finalize`` for Markdown: escape every value that is not marked ``Md``."""
    if value is None:
        return ""
    return value if isinstance(value, Md) else md_escape(value)

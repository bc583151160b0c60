"""Notebook display for derive's objects: a mixin whose ``_repr_*_`` methods defer to ``reports.notebook``.

derive never imports reports at load time (imports flow derive ← numeric ← reports), so the
rendering module is imported inside each method, when Jupyter first asks for a display.
"""
from __future__ import annotations


class Displayable:
    """Gives a class Jupyter's rich displays: the report's MathML step cards, TeX and Markdown."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        from reports.notebook import html
        return html(self)

    def _repr_latex_(self) -> str:
        from reports.notebook import latex
        return latex(self)

    def _repr_markdown_(self) -> str:
        from reports.notebook import markdown
        return markdown(self)

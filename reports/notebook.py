"""Jupyter display of derive's objects: the report's step cards as a cell output, and TeX and Markdown.

``Derivation``, ``Model`` and the verifier's ``FileReport``/``ClaimResult`` delegate their
``_repr_html_``/``_repr_latex_``/``_repr_markdown_`` here (imported lazily, as derive never
imports reports at load time).  The HTML is a fragment: styles scoped to ``.derive-nb``,
MathML printed by the same printers as the HTML report, no script and no external resource.
"""
from __future__ import annotations

from types import SimpleNamespace


from derive.derivation import DEFINITION, Derivation
from derive.model import Model

from .render import environment


def _derivation_data(dv: Derivation) -> SimpleNamespace:
    """The derivation as the report's sections of steps, with its result and assumptions."""
    from .build import _assumption_use, _steps, equation, mathify
    model = dv.model
    if dv.explicit:
        sizes = ", ".join(f"{k} = {v}" for k, v in dv.sizes.items())
    else:
        sizes = ", ".join(f"{k} ({v})" for k, v in dv.sizes.items())
    pending = tuple(_assumption_use(p.assumption, p.would_be, p.lhs) for p in dv.pending)
    return SimpleNamespace(
        title=f"{model.name}: ∂{model.loss}/∂{dv.wrt}", sizes=sizes, wrt=dv.wrt, sections=_steps(dv),
        result=equation(dv.lhs, dv.result),
        matrix=equation(dv.matrix_lhs, dv.matrix) if dv.matrix is not None else None,
        assumptions=tuple(_assumption_use(a, None, None) for a in dv.assumed), pending=pending,
        definitions=tuple(equation(s.lhs, s.rhs) for s in dv.steps_of(DEFINITION)), mathify=mathify)


def _model_data(model: Model) -> SimpleNamespace:
    from .build import _equations, _inputs
    from derive.engine import definition_steps
    fake = SimpleNamespace(steps_of=lambda kind: definition_steps(model))
    return SimpleNamespace(title=f"{model.name}: {model.description}",
                           sizes=", ".join(f"{k} ({v})" for k, v in model.sizes),
                           equations=_equations(model, fake), inputs=_inputs(model, model.target))


def _claims_data(obj) -> SimpleNamespace:
    from .claims import claim_view, file_report_view
    if hasattr(obj, "claims"):
        return file_report_view(obj)
    return SimpleNamespace(title="", path="", counts=(), claims=(claim_view(obj),))


def _kind(obj) -> tuple[str, SimpleNamespace]:
    if isinstance(obj, Derivation):
        return "derivation", _derivation_data(obj)
    if isinstance(obj, Model):
        return "model", _model_data(obj)
    return "claims", _claims_data(obj)


def html(obj) -> str:
    """The cell output of ``obj`` as an HTML fragment (MathML step cards, scoped styles, no script)."""
    kind, data = _kind(obj)
    return environment("html").get_template("notebook.html.j2").render(kind=kind, r=data)


def markdown(obj) -> str:
    """The cell output of ``obj`` as Markdown with ``$…$`` mathematics."""
    kind, data = _kind(obj)
    return environment("md").get_template("notebook.md.j2").render(kind=kind, r=data)


def latex(obj) -> str:
    """The mathematics of ``obj`` as one displayed ``aligned`` block (what notebooks typeset with MathJax)."""
    kind, data = _kind(obj)
    lines: list[str] = []
    if kind == "derivation":
        for sec in data.sections:
            for step in sec.steps:
                lines.append(rf"&\text{{{_text(step.rule)}}}")
                lines.append(_aligned(step.after.tex, step.lhs.tex))
        if data.matrix is not None:
            lines.append(rf"&\text{{matrix form}}")
            lines.append(_aligned(data.matrix.tex))
    elif kind == "model":
        lines += [_aligned(eq.math.tex) for eq in data.equations]
    else:
        for c in data.claims:
            lines.append(rf"&\text{{{_text(c.verdict)} (line {int(c.line)}): {_text(c.name)}}}")
            if c.lhs and c.rhs:
                relation = r"\neq" if c.verdict == "refuted" else "="
                lines.append(f"{c.lhs.tex} &{relation} {c.rhs.tex}")
    return "$$\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}$$"


def _text(words: str) -> str:
    """Words safe inside MathJax's ``\\text{…}``, which shows backslash escapes literally: specials become spaces."""
    return "".join(" " if c in "\\{}$&#%^_~" else c for c in str(words))


def _aligned(rhs_or_equation: str, lhs: str | None = None) -> str:
    """``lhs &= rhs``; an equation already printed as ``a = b`` is aligned at its first ``=``."""
    if lhs is not None:
        return f"{lhs} &= {rhs_or_equation}"
    head, sep, tail = rhs_or_equation.partition(" = ")
    return f"{head} &= {tail}" if sep else f"&{rhs_or_equation}"


__all__ = ["html", "latex", "markdown"]

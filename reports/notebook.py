"""Jupyter display of derive's objects: the report's step cards as a cell output, and TeX and Markdown.

``Derivation``, ``Model`` and the verifier's ``FileReport``/``ClaimResult`` delegate their
``_repr_html_``/``_repr_latex_``/``_repr_markdown_`` here (imported lazily, as derive never
imports reports at load time).  The HTML is a fragment: styles scoped to ``.derive-nb``,
MathML printed by the same printers as the HTML report, no script and no external resource.
"""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from types import SimpleNamespace


from derive.derivation import DEFINITION, Derivation
from derive.model import Model

from .render import environment


def _derivation_data(dv: Derivation) -> SimpleNamespace:
    """The derivation as the report's sections of steps, with its result and assumptions."""
    from .build import _assumption_use, _steps, equation, mathify
    model = dv.model
    sizes = ", ".join(f"{k} ({v})" for k, v in dv.sizes.items())
    pending = tuple(_assumption_use(p.assumption, p.would_be, p.lhs) for p in dv.pending)
    return SimpleNamespace(
        title=f"{model.name}: ∂{model.loss}/∂{dv.wrt}", sizes=sizes, wrt=dv.wrt, sections=_steps(dv),
        result=equation(dv.lhs, dv.result),
        matrix=equation(dv.matrix_lhs, dv.matrix) if dv.matrix is not None else None,
        assumptions=tuple(_assumption_use(a, None, None) for a in dv.assumed), pending=pending,
        definitions=tuple(equation(s.lhs, s.rhs) for s in dv.steps_of(DEFINITION)), mathify=mathify)


def _explicit_data(dv: Derivation) -> SimpleNamespace:
    """A derivation at explicit sizes as the report shows one: written out, then the general result it follows.

    The report does not check the written-out steps one by one (each would be a ``simplify`` of whole
    matrices: minutes at n = 7); it prints the instance and the symbolic derivation's result, whose steps
    are the ones checked.  The notebook shows the same.
    """
    from derive.engine import derive
    from .build import _assumption_use, _explicit, equation
    model = dv.model
    assume = not dv.pending  # the explicit sweep sets aside exactly the assumptions it was told not to use
    written = _explicit(model, dv.wrt, assume, dict(dv.sizes), derived=dv)
    general = derive(model, dv.wrt, assume=assume)
    pending = tuple(_assumption_use(p.assumption, p.would_be, p.lhs) for p in dv.pending)
    return SimpleNamespace(
        title=f"{model.name}: ∂{model.loss}/∂{dv.wrt} written out", sizes=written.sizes, wrt=dv.wrt,
        explicit=written, result=equation(general.lhs, general.result),
        matrix=equation(general.matrix_lhs, general.matrix) if general.matrix is not None else None,
        assumptions=tuple(_assumption_use(a, None, None) for a in dv.assumed), pending=pending)


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


def _build(obj) -> tuple[str, SimpleNamespace]:
    if isinstance(obj, Derivation):
        return ("explicit", _explicit_data(obj)) if obj.explicit else ("derivation", _derivation_data(obj))
    if isinstance(obj, Model):
        return "model", _model_data(obj)
    return "claims", _claims_data(obj)


#: The display data of the derivations and models shown last, by object: Jupyter asks each cell output for
#: its HTML, Markdown and LaTeX in turn, and the three are laid out from one build (its step checks the cost).
_BUILT: OrderedDict[int, tuple[weakref.ref, str, SimpleNamespace]] = OrderedDict()
_BUILT_MAX = 16
_BUILT_LOCK = threading.Lock()


def _kind(obj) -> tuple[str, SimpleNamespace]:
    """(kind, display data) of ``obj``; built once for a Derivation or Model (frozen: their display never changes)."""
    if not isinstance(obj, (Derivation, Model)):
        return _build(obj)  # a verification result is a mutable record, and cheap to lay out
    key = id(obj)
    with _BUILT_LOCK:
        hit = _BUILT.get(key)
        if hit is not None and hit[0]() is obj:
            _BUILT.move_to_end(key)
            return hit[1], hit[2]
    kind, data = _build(obj)

    def forget(ref: weakref.ref, key: int = key) -> None:
        with _BUILT_LOCK:
            if key in _BUILT and _BUILT[key][0] is ref:
                del _BUILT[key]

    try:
        ref = weakref.ref(obj, forget)
    except TypeError:  # a subclass with __slots__ and no __weakref__: laid out afresh each time
        return kind, data
    with _BUILT_LOCK:
        _BUILT[key] = (ref, kind, data)
        while len(_BUILT) > _BUILT_MAX:
            _BUILT.popitem(last=False)
    return kind, data


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
                lines.append(f"&{_text(step.rule)}")
                lines.append(_aligned(step.after.tex, step.lhs.tex))
        # The result section's last card is the matrix form already; written again only if it is not.
        shown = [step.rule for sec in data.sections for step in sec.steps]
        if data.matrix is not None and "matrix form" not in shown:
            lines.append(f"&{_text('matrix form')}")
            lines.append(_aligned(data.matrix.tex))
    elif kind == "explicit":
        ex = data.explicit
        lines.append(f"&{_text(f'written out for {ex.sizes}')}")
        lines += [_aligned(m.tex) for m in (*ex.definitions, *ex.jacobians, *ex.entries)]
        if ex.gradient is not None:
            lines.append(_aligned(ex.gradient.tex))
        lines.append(f"&{_text('every entry follows the general result')}")
        lines.append(_aligned(data.result.tex))
        if data.matrix is not None:
            lines.append(f"&{_text('matrix form')}")
            lines.append(_aligned(data.matrix.tex))
    elif kind == "model":
        lines += [_aligned(eq.math.tex) for eq in data.equations]
    else:
        for c in data.claims:
            lines.append(f"&{_text(f'{c.verdict} (line {int(c.line)}): {c.name}')}")
            if c.lhs and c.rhs:
                relation = r"\neq" if c.verdict == "refuted" else "="
                lines.append(f"{c.lhs.tex} &{relation} {c.rhs.tex}")
    return "$$\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}$$"


#: TeX's text specials, each written in math mode between ``\text{…}`` runs: MathJax shows a backslash
#: escape inside ``\text{…}`` literally (``s\_i``), and LaTeX reads these in math mode too.
_MATH_SPECIALS = {"_": r"\_", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#", "%": r"\%",
                  "\\": r"\backslash ", "^": r"\hat{}", "~": r"\sim "}


def _text(words: str) -> str:
    r"""``words`` as TeX text in math mode: ``\text{…}`` runs, each TeX special between them as its math symbol.

    ``s_i(1 - s_j)`` becomes ``\text{s}\_\text{i(1 - s}\_\text{j)}``: MathJax and LaTeX both show the
    underscores (spaces once stood in for them, and a claim name lost its subscripts).
    """
    out, run = [], []
    for c in " ".join(str(words).split()):  # one line: newlines and tabs as spaces
        if c in _MATH_SPECIALS:
            if run:
                out.append(rf"\text{{{''.join(run)}}}")
                run = []
            out.append(_MATH_SPECIALS[c])
        else:
            run.append(c)
    if run or not out:
        out.append(rf"\text{{{''.join(run)}}}")
    return "".join(out)


def _aligned(rhs_or_equation: str, lhs: str | None = None) -> str:
    """``lhs &= rhs``; an equation already printed as ``a = b`` is aligned at its first ``=``."""
    if lhs is not None:
        return f"{lhs} &= {rhs_or_equation}"
    head, sep, tail = rhs_or_equation.partition(" = ")
    return f"{head} &= {tail}" if sep else f"&{rhs_or_equation}"


__all__ = ["html", "latex", "markdown"]

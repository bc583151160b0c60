"""Build a ``ModelReport`` (plain data) from a catalog model's derivation.

All mathematics is printed here, once, through ``reports.texmath`` and ``reports.mathml``;
the templates receive finished strings.  Evidence comes from ``reports.evidence`` (per-step
symbolic checks) and ``reports.numeric_evidence`` (gradient check and generated code).
"""
from __future__ import annotations

import dataclasses
import functools

import sympy as sp
from sympy import Basic, Derivative

from derive import indexcalc as ic
from derive.derivation import ASSUMPTION, CHAIN, DEFINITION, LOCAL, RESULT, Derivation, Step
from derive.engine import derive
from derive.elision import elide
from derive.errors import DeriveError
from derive.model import Model

from . import evidence, texmath
from .data import (AssumptionUse, Equation, Explicit, Math, ModelReport, NumericCheck, QuantityView, Section,
                   StepView)
from .graph import build_graph
from .mathml import math_elements
from .notation import InSpace, RealSpace, Wrapped

SECTION_TITLES = {
    LOCAL: ("Local derivatives",
            "Each layer differentiated on its own, from its definition, with SymPy's diff."),
    CHAIN: ("The chain assembled",
            "The local derivatives multiplied along the graph, from the loss back to the unknown; each "
            "assumption is applied as a step of its own where the chain first needs it, never silently."),
    RESULT: ("Result", "The gradient in index form and in matrix form."),
}


def mathify(expr: Basic, spellings: tuple[tuple[str, str], ...] = ()) -> Math:
    """One expression printed as TeX, inline and display MathML, and text.

    ``spellings`` (from ``texmath.spelled``): quantities printed in TeX and MathML as a document
    writes them (ρ̂ for ``rhat``).  Memoised: a report prints the same expression many times (a
    step's left side, the line it rewrites), and the printing is a pure function of its arguments.
    """
    try:
        hash(expr)
    except TypeError:  # a mutable matrix is not hashable
        return _mathify(expr, spellings)
    return _mathify_once(expr, spellings)


@functools.lru_cache(maxsize=1024)  # a catalog report prints ~80 distinct expressions; written-out ones are large
def _mathify_once(expr: Basic, spellings: tuple[tuple[str, str], ...]) -> Math:
    return _mathify(expr, spellings)


def _mathify(expr: Basic, spellings: tuple[tuple[str, str], ...]) -> Math:
    tex = texmath.tex(expr, spellings)
    return Math(tex, *math_elements(expr, tex, spellings), texmath.text(expr))


def equation(lhs: Basic, rhs: Basic, spellings: tuple[tuple[str, str], ...] = ()) -> Math:
    """``lhs = rhs`` printed as one expression."""
    return mathify(sp.Eq(lhs, rhs, evaluate=False), spellings)


def _inputs(model: Model, wrt: str) -> tuple[QuantityView, ...]:
    views = []
    for q in model.inputs:
        space = RealSpace(*q.shape)
        views.append(QuantityView(q.name, q.role, q.description, mathify(InSpace(sp.Symbol(q.name), space)),
                                  q.name == wrt))
    return tuple(views)


def _equations(model: Model, dv: Derivation) -> tuple[Equation, ...]:
    """Numbered forward model: data inputs, then one equation per layer, the loss last."""
    eqs = []
    for q in model.inputs:
        if q.role == "data":
            eqs.append(Equation(len(eqs) + 1, mathify(InSpace(sp.Symbol(q.name), RealSpace(*q.shape))),
                                "input"))
    for node, step in zip(model.nodes, dv.steps_of(DEFINITION)):
        layer = node.layer.name.replace("_", " ")
        note = node.note
        if node.aux:
            label = f"auxiliary ({layer})"
            note = (f"{node.out} is auxiliary: it feeds nothing and does not change the loss; it names "
                    f"{layer}({', '.join(node.args)}) so that results can be written with it")
        elif node.out == model.loss:
            label = f"loss ({layer})"
        else:
            label = f"{layer} layer" if node.layer.name in ("linear", "affine") else layer
        eqs.append(Equation(len(eqs) + 1, equation(step.lhs, step.rhs), label, note))
    return tuple(eqs)


def _assumption_use(asm, without: Basic | None, lhs: Basic | None) -> AssumptionUse:
    shown = equation(lhs, without) if without is not None and lhs is not None else None
    return AssumptionUse(mathify(sp.Eq(asm.pattern, asm.value, evaluate=False)), asm.description, shown)


def _before(dv: Derivation, n: int, step: Step) -> Basic | None:
    """What ``step`` rewrites: the previous right-hand side for the same left-hand side.

    The first local step rewrites ∂(definition)/∂var; the chain-rule statement and the
    restated result have no "before".
    """
    if step.kind == RESULT or step.rule == "chain rule":
        return None
    for prev in reversed(dv.steps[:n]):
        if prev.kind != DEFINITION and prev.lhs == step.lhs:
            return prev.rhs
    if step.kind == LOCAL and isinstance(step.lhs, Derivative):
        for d in dv.steps_of(DEFINITION):
            if d.lhs == step.lhs.expr:
                # The definition's dummies must not capture the free indices of ∂/∂W_jk.
                defn = ic.rename_dummies(d.rhs, avoid=step.lhs.atoms(sp.Symbol))
                return Derivative(defn, *step.lhs.variables, evaluate=False)
    return None


def _steps(dv: Derivation) -> tuple[Section, ...]:
    views: dict[str, list[StepView]] = {k: [] for k in SECTION_TITLES}
    for n, step in enumerate(dv.steps):
        if step.kind == DEFINITION:
            continue
        before = _before(dv, n, step)
        verdict, detail = evidence.step_verdict(dv, step, before)
        uses = tuple(_assumption_use(a, before if step.kind == ASSUMPTION else None, step.lhs)
                     for a in step.assumptions)
        # An assumption is applied inside the chain, where it is used, not in a section after it.
        section = views[CHAIN if step.kind == ASSUMPTION else step.kind]
        section.append(StepView(
            len(section) + 1, step.kind, step.rule, mathify(step.lhs),
            mathify(before) if before is not None else None, mathify(step.rhs), uses, step.note,
            verdict, detail))
    return tuple(Section(kind, *SECTION_TITLES[kind], tuple(steps)) for kind, steps in views.items() if steps)


def _per_sample(entry: Basic, data: list[str]) -> Basic:
    """A written-out gradient entry as a reader groups it: the batch mean's 1/B once, a term per input entry.

    ``(S11 − Y11) X11 + (S21 − Y21) X21`` over 2 rather than ``… + S21 X21 − X21 Y21``; a form that
    grouping makes longer (mlp-batch's, expanded) keeps the plain common-factor form.
    """
    plain = sp.factor_terms(entry)
    inputs = sorted((a for a in entry.atoms(sp.Indexed) if str(a.base) in data), key=sp.default_sort_key)
    terms = sp.Add.make_args(plain.as_coeff_Mul()[1])
    if not any(sum(t.has(a) for t in terms) > 1 for a in inputs):
        return plain  # each input entry in one term already: nothing to group
    grouped = sp.factor_terms(sp.collect(sp.expand(entry), inputs, func=sp.factor_terms))
    return grouped if len(texmath.text(grouped)) < len(texmath.text(plain)) else plain


def _elides(expr: Basic) -> bool:
    """True when printing ``expr`` leaves entries out (``elision.elided`` also says so for a mere rebuild)."""
    return elide(expr) != expr


def _explicit(model: Model, wrt: str, assume: bool, asked: dict[str, int] | None,
              derived: Derivation | None = None) -> Explicit | None:
    """The tutorial's n = 3 instance (or the sizes asked for; ``derived``: that instance derived already)."""
    from derive.explicit import derive_explicit
    from derive.sizes import explicit_sizes
    from derive.elision import LIMIT
    sizes, _ = explicit_sizes(model, asked)
    ex = derived if derived is not None else derive_explicit(model, wrt, sizes, assume=assume)
    defs = tuple(block for s in ex.steps_of(DEFINITION) for block in column_blocks(s.lhs, s.rhs))
    # The simplified Jacobian of each layer (the last local step for it), where it is a matrix.
    last = {s.lhs: s for s in ex.steps_of(LOCAL)}
    jacobians = tuple(block for s in last.values() if isinstance(s.rhs, sp.MatrixBase) and min(s.rhs.shape) > 1
                      for block in column_blocks(s.lhs, s.rhs))
    data = [q.name for q in model.inputs if q.role == "data"]
    gradient = ex.result.applyfunc(lambda e: _per_sample(e, data)) if isinstance(ex.result, sp.MatrixBase) \
        else ex.result
    label = ", ".join(f"{k} = {v}" for k, v in sizes.items())
    entries: tuple[Math, ...] = ()
    if isinstance(gradient, sp.MatrixBase) and len(texmath.text(gradient)) > WIDE:
        # Too wide for a page as a matrix: one line per entry wraps where a matrix cannot.
        base = model.quantity(wrt).base
        entries = tuple(wrapped_equation(Derivative(ex.lhs.expr, base[r + 1, c + 1] if gradient.cols > 1 or
                                            len(model.quantity(wrt).shape) == 2 else base[r + 1], evaluate=False),
                                 gradient[r, c])
                        for r in range(gradient.rows) for c in range(gradient.cols))
    note = ""
    if any(_elides(s.rhs) for s in ex.steps) or _elides(gradient):
        note = (f"Beyond {LIMIT} entries only the first two, an ellipsis and the last are written; every "
                f"entry follows the general result in the section Result.")
    shown = None if entries else equation(ex.lhs, gradient)
    return Explicit(label, defs, shown, note, jacobians, entries)


#: Characters of one-line text beyond which a written-out matrix is shown entry by entry.
WIDE = 240
#: Characters of one-line text that fit one line of an equation beside its left-hand side (800 px, A4).
LINE = 60


#: Estimated width (see ``_width``) of an equation that fits a line of the page at full size.
PAGE = 64
_SCRIPT = 0.6  # a sub- or superscript character is about this wide


def _width(e: Basic) -> float:
    """Roughly how wide ``e`` is typeset, in characters: scripts count ⅗, a fraction its wider part."""
    if isinstance(e, sp.Indexed):
        return len(str(e.base)) + _SCRIPT * len("".join(str(i) for i in e.indices))
    if isinstance(e, sp.exp):
        return 1 + _SCRIPT * _width(e.args[0])
    if isinstance(e, sp.Add):
        return sum(_width(t) for t in e.args) + 2 * (len(e.args) - 1)
    if isinstance(e, sp.Mul):
        num, den = sp.fraction(e)
        if den != 1:
            return max(_width(num), _width(den)) + 1
        return sum(_width(f) + (2 if isinstance(f, sp.Add) else 0) for f in e.args)
    if isinstance(e, sp.Pow):
        if e.exp.is_negative:
            return max(1, _width(1 / e)) + 1
        return _width(e.base) + (2 if isinstance(e.base, sp.Add) else 0) + _SCRIPT * _width(e.exp)
    if isinstance(e, sp.Function):
        return len(type(e).__name__) + 2 + sum(_width(a) for a in e.args)
    return len(texmath.text(e))


def _columns_width(m: sp.MatrixBase, cols) -> float:
    return sum(max(_width(m[r, c]) for r in range(m.rows)) + 2 for c in cols)


def column_blocks(lhs: Basic, rhs: Basic) -> tuple[Math, ...]:
    """``lhs = rhs``; a matrix equation too wide for a line as blocks of columns, each a line at full size.

    A single column still too wide is written entry by entry (each wrapped where it is long).
    """
    if not (isinstance(lhs, sp.MatrixBase) and isinstance(rhs, sp.MatrixBase) and lhs.shape == rhs.shape):
        return (wrapped_equation(lhs, rhs),)  # a scalar: a long sum wraps
    if _elides(rhs):  # an elided matrix (⋯) is already narrow
        return (equation(lhs, rhs),)

    def wide(cols) -> bool:
        return _columns_width(lhs, cols) + _columns_width(rhs, cols) > PAGE

    blocks, start = [], 0
    for end in range(1, rhs.cols + 1):
        if end - 1 > start and wide(range(start, end)):
            blocks.append(range(start, end - 1))
            start = end - 1
    blocks.append(range(start, rhs.cols))
    out: list[Math] = []
    for cols in blocks:
        if len(cols) == 1 and wide(cols):
            out += [wrapped_equation(lhs[r, cols[0]], rhs[r, cols[0]]) for r in range(rhs.rows)]
        else:
            out.append(equation(lhs[:, cols.start:cols.stop], rhs[:, cols.start:cols.stop]))
    return tuple(out)


def wrapped_equation(lhs: Basic, rhs: Basic) -> Math:
    """``lhs = rhs``, a long sum laid out over lines of about ``LINE`` characters (a term or more each)."""
    coeff, body = rhs.as_coeff_Mul()
    # An elided sum (first, second, ⋯, last) is short already, and splitting it would undo the elision.
    if not isinstance(body, sp.Add) or len(texmath.text(rhs)) <= LINE or _elides(rhs):
        return equation(lhs, rhs)
    rows, row, used = [], [], 0
    for term in texmath.ordered_terms(body):
        width = len(texmath.text(term)) + 3  # with its " + " before it
        if row and used + width > LINE:
            rows.append(sp.Add(*row, evaluate=False))
            row, used = [], 0
        row.append(term)
        used += width
    rows.append(sp.Add(*row, evaluate=False))
    return mathify(Wrapped(lhs, coeff, *rows)) if len(rows) > 1 else equation(lhs, rhs)

STABILITY = ("Numerical stability",
             "The generated code evaluates softmax and log-softmax with every logit shifted by its maximum, "
             "so no exponential overflows. That is exact, not an approximation, because shifting every "
             "logit by one constant c leaves the result unchanged: proved here for symbolic size and any c.")


def _stability(model: Model) -> Section | None:
    """The proof that softmax(z − c) = softmax(z) (and log-softmax likewise), when the model has one."""
    from numeric import shift_invariance_steps
    try:
        steps = shift_invariance_steps(model)
    except DeriveError as exc:
        return Section("stability", STABILITY[0], f"The shift-invariance proof did not close: {exc}", ())
    views: list[StepView] = []
    previous: Basic | None = None
    for step in steps:
        if views and previous is not None and step.rhs == previous and not step.rule.startswith("shift invariance"):
            # The conclusion restates the line before: one card, with the conclusion as its note.
            last = views[-1]
            note = "; ".join(n for n in (last.note, step.rule[:1].upper() + step.rule[1:], step.note) if n)
            views[-1] = dataclasses.replace(last, note=note)
            continue
        # Each proof starts from the shifted definition; its later lines continue the one before.
        before = None if step.rule.startswith("shift invariance") else previous
        verdict, detail = evidence.identity_verdict(model, step.lhs if before is None else before, step.rhs)
        views.append(StepView(len(views) + 1, "stability", step.rule, mathify(step.lhs),
                              mathify(before) if before is not None else None, mathify(step.rhs), (),
                              step.note, verdict, detail))
        previous = step.rhs
    return Section("stability", *STABILITY, tuple(views)) if views else None


def build_model_report(model: Model, wrt: str | None = None, *, assume: bool = True, numeric: bool = True,
                       explicit_sizes: dict[str, int] | None = None) -> ModelReport:
    """Everything a model report shows, printed and checked, as plain data."""
    derivations: dict[str, Derivation] = {}
    if numeric:
        from .numeric_evidence import numeric_evidence
        check, code, derivations = numeric_evidence(model, wrt, assume)
    else:
        check, code = NumericCheck(False, "not run (numeric checks were switched off)"), None
    # numeric/ derived every input's gradient with the assumptions on: reuse the one asked for.
    dv = derivations.get(wrt or model.target) if assume else None
    if dv is None:
        dv = derive(model, wrt, assume=assume)
    wrt = dv.wrt
    sections = _steps(dv)
    plain = derive(model, wrt, assume=False) if assume and dv.assumed else None
    assumptions = tuple(_assumption_use(a, plain.result if plain else None, dv.lhs) for a in dv.assumed)
    pending = tuple(AssumptionUse(mathify(sp.Eq(p.assumption.pattern, p.assumption.value, evaluate=False)),
                                  p.assumption.description, equation(p.lhs, p.would_be)) for p in dv.pending)
    explicit = _explicit(model, wrt, assume, explicit_sizes)
    stability = _stability(model) if numeric else None
    verdicts = evidence.tally(s.verdict for sec in sections for s in sec.steps)
    sizes = ", ".join(f"{name} ({desc})" for name, desc in model.sizes)
    return ModelReport(
        title=f"Gradient of the {model.name} model: {model.description}",
        model=model.name, description=model.description, wrt=wrt, sizes=sizes,
        inputs=_inputs(model, wrt), equations=_equations(model, dv), graph=build_graph(model, wrt),
        sections=sections, result=equation(dv.lhs, dv.result),
        matrix=equation(dv.matrix_lhs, dv.matrix) if dv.matrix is not None else None,
        assumptions=assumptions, pending=pending, explicit=explicit, verdicts=verdicts,
        numeric=check, code=code, notes=tuple(model.notes), stability=stability)

"""What a report says, as plain data classes; the templates only lay these out.

Every piece of mathematics is a ``Math`` carrying the same expression three ways (TeX,
a complete MathML element, one-line text), all produced by SymPy printers in
``reports.texmath`` and ``reports.mathml``.  Nothing here computes.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Math:
    """One expression: TeX source, inline and display MathML (with the TeX annotation), text."""

    tex: str
    mathml: str
    mathml_block: str
    text: str


@dataclass(frozen=True)
class Equation:
    """A numbered equation of the forward model: ``math`` (``lhs = rhs``) defined by ``layer``."""

    number: int
    math: Math
    label: str
    note: str = ""


@dataclass(frozen=True)
class QuantityView:
    """An input of the model: ``name ∈ ℝ^…``, its role and whether it is the unknown."""

    name: str
    role: str
    description: str
    membership: Math
    unknown: bool


@dataclass(frozen=True)
class GraphNode:
    """A quantity drawn as a circle at (x, y) in SVG units and (tx, ty) in TikZ centimetres."""

    name: str
    label: str
    caption: str
    role: str
    x: float
    y: float
    tx: float
    ty: float
    unknown: bool
    label_tex: str = ""     # the label as TeX (for TikZ), printer-made
    aux: bool = False       # auxiliary: defined but feeding nothing, drawn dashed and dimmed
    above: bool = False     # caption above the circle (nodes above the spine), else below


@dataclass(frozen=True)
class GraphEdge:
    """A forward (arg → out, captioned with its layer), auxiliary (arg → aux node, dashed grey) or
    backward (out → arg, red, ∂out/∂arg) arrow."""

    kind: str
    src: str
    dst: str
    path: str
    tikz: str
    label_text: str
    label_tex: str
    label_x: float
    label_y: float
    label_tx: float
    label_ty: float
    anchor: str = "middle"
    caption: str = ""
    caption_lines: tuple[str, ...] = ()   # the caption wrapped to fit between two circles


@dataclass(frozen=True)
class Graph:
    """The computation graph laid out left to right, inputs first, loss last."""

    width: float
    height: float
    radius: float
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]


@dataclass(frozen=True)
class AssumptionUse:
    """An assumption a step uses, and what that step's result would be without it."""

    statement: Math
    description: str
    without: Math | None


@dataclass(frozen=True)
class StepView:
    """One derivation step: the rule, ``lhs`` = the expression before = after, its evidence."""

    number: int
    kind: str
    rule: str
    lhs: Math
    before: Math | None
    after: Math
    assumptions: tuple[AssumptionUse, ...]
    note: str
    verdict: str
    verdict_detail: str


@dataclass(frozen=True)
class Section:
    """A titled group of steps (local derivatives, chain rule, …)."""

    kind: str
    title: str
    intro: str
    steps: tuple[StepView, ...]


@dataclass(frozen=True)
class Explicit:
    """The derivation written out at explicit sizes (the tutorial's n = 3 instance)."""

    sizes: str
    definitions: tuple[Math, ...]
    gradient: Math | None
    note: str = ""
    jacobians: tuple[Math, ...] = ()   # each layer's local derivative as a matrix (∂s/∂z, 3 × 3)
    entries: tuple[Math, ...] = ()     # the gradient entry by entry, when as a matrix it would not fit a page


@dataclass(frozen=True)
class NumericCheck:
    """Finite differences against the derived gradient at seeded random points."""

    available: bool
    summary: str
    rows: tuple[tuple[str, str], ...] = ()
    passed: bool = False


@dataclass(frozen=True)
class Code:
    """Generated source code, shown verbatim."""

    language: str
    title: str
    source: str


@dataclass(frozen=True)
class ModelReport:
    """The full report of one catalog model's derivation."""

    title: str
    model: str
    description: str
    wrt: str
    sizes: str
    inputs: tuple[QuantityView, ...]
    equations: tuple[Equation, ...]
    graph: Graph
    sections: tuple[Section, ...]
    result: Math
    matrix: Math | None
    assumptions: tuple[AssumptionUse, ...]
    pending: tuple[AssumptionUse, ...]
    explicit: Explicit | None
    verdicts: tuple[tuple[str, int], ...]
    numeric: NumericCheck
    code: Code | None
    notes: tuple[str, ...] = field(default=())
    stability: Section | None = None   # softmax(z − c) = softmax(z), proved, where the model has a softmax

    @property
    def unknown(self) -> QuantityView | None:
        """The input we differentiate by, if it is an input."""
        return next((q for q in self.inputs if q.unknown), None)


@dataclass(frozen=True)
class ClaimView:
    """One claim of a derivation file with its verdict badge and evidence."""

    name: str
    line: int
    verdict: str
    method: str
    givens: tuple[str, ...]
    evidence: str
    lhs: Math | None
    rhs: Math | None
    #: (label, value): a label is an input's name, or its spelling in a document (``Math``)
    counterexample: tuple[tuple[str | Math, str], ...]
    #: a document's equation as its author wrote it (LaTeX source, shown as text; the name is then empty)
    source: str = ""


@dataclass(frozen=True)
class ContextView:
    """One derive context of a note or paper: its sizes, definitions and givens, and the claims read under it."""

    number: int
    line: int
    title: str
    sizes: str
    definitions: tuple[Equation, ...]
    givens: tuple[str, ...]
    claims: tuple[ClaimView, ...]
    #: (line, relation as written): what its equations state but derive does not check (<, \\le, an update)
    unchecked: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class FileReportView:
    """The verification report of one ``*.derive.toml`` file."""

    title: str
    path: str
    claims: tuple[ClaimView, ...]
    counts: tuple[tuple[str, int], ...]
    definitions: tuple[Equation, ...] = ()   # the file's forward model ([define]), numbered
    givens: tuple[str, ...] = ()              # identities the file assumes, as written
    sizes: str = ""                           # "n (classes), m (features)"
    #: a document with several derive contexts: each with its own sizes, definitions, givens and claims (``claims``
    #: still lists them all; definitions, givens and sizes are left empty: none holds for another context's claims)
    contexts: tuple[ContextView, ...] = ()
    #: (line, relation as written): what a document states but derive does not check (each context's under it)
    unchecked: tuple[tuple[int, str], ...] = ()
    #: what the summary adds to its counts, as ``derive check``'s does (``summary_caveat``)
    caveat: str = ""


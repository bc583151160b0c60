"""A Markdown or LaTeX document → one ``DerivationFile`` per derive context, claims in document order.

Every display block after a context (up to the next context) is read as chains of
equations (``derive.documents.chains``); each ``=`` link is a claim named by the equation
as written (or by its ``\\label``), at the line of its ``=``; a name given before in the document, in
any context, is numbered on (``f = 2 x (2)``), so ``file::name`` names one claim.  A later context starts afresh.
Display math before the first context, and inline math, are never read.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import sympy as sp

from ..algebra.bigops import BOUND
from ..algebra.names import dummies, is_index
from ..errors import InputError
from ..textsafe import numbered_on
from ..language.arrays import Array, Fresh, InnerMismatch, ShapesDiffer, lower_pair, normal_shape
from ..verify.fileformat import (LOAD_TIMEOUT, MAX_CLAIMS, ClaimSpec, Condition, DerivationFile, Given, Lines, _read,
                                 check_label_axes, conjunction, kept_real_where, load_context)
from ..verify.mismatch import differing, undefined
from ..language.build import written_domain
from ..language.kinks import _input_names as input_names
from ..language.table import by_name as construct_named
from ..verify.parser import ParseError, parse_equation
from ..verify.bounded import ChildFailed, OutOfBudget, run_bounded
from ..verify.lastentries import notes as last_entry_notes
from ..verify.ranges import hold_where, index_ranges, name_the_side, ranges_apart
from .ties import WHY as TIE_WHY, tie
from . import latex, markdown
from .annotations import (ONLY_COMPARISONS, compares, condition_text, connective, continues, dotted_range,
                          holds_equation, keyword, otherwise, plain, remark, restated, restricts, bracketed_equation,
                          restricting_membership, spelled_range, worded)
from .between import BetweenRows
from .chains import ARROW, INTERTEXT_NOTE, RELATION, FromChain, LeadingCondition, Shared, UnbalancedBrace, links
from .grammar import GREEK, MID, SIGN_SCRIPT, SIGN_SCRIPT_HINT, braced_accents, font_switches, typed_relations
from .files import SUFFIXES, documents_in, is_document  # noqa: F401  (their home; used here and re-exported)
from .macros import FUNCTION_MACROS
from .mathbuild import (KNOWN_MACROS, RELATIONS, MathContext, Noticed, declared_names, read_value, script_key,
                        two_scripts_key)
from .matrices import BoundedFresh, lowered, taken_names
from .parts import CONTEXT, GIVEN, MATH, SKIP, Part
from .pieces import bold_free
from .unsized import UnclearSize
from .usermacros import Macro

MAX_NAME = 200
MAX_BLOCK_CHARS = 20_000  # one display block (each side is at most 2000)
MAX_DOCUMENT_MATH = 60_000  # characters of equations read per document: bounds the work a hostile file causes


def has_context(path: str | Path) -> bool:
    """True when a Markdown/LaTeX file holds a derive context (a folder walk checks only those)."""
    path = Path(path)
    pattern = latex.CONTEXT_RE if path.suffix.lower() == ".tex" else markdown.CONTEXT_RE
    try:
        text = _read(path)
    except InputError:
        return _sniffed(path, pattern)
    # The pattern is a quick filter; the scanner decides (a ```derive fence shown in a code block is none).  Its
    # lines end as the reader's do: at \r alone too (old Mac files were read when named, skipped by a walk).
    if pattern.search(text.replace("\r\n", "\n").replace("\r", "\n")) is None:
        return False
    # The scanner runs in a bounded child, as loading does: a folder walk (or pytest's collection) reached it
    # in this process with no bound, and 20 KB of crafted backticks or macros held a CI job for hours.
    try:
        return run_bounded(lambda _progress: any(p.kind == CONTEXT for p in parts_of(path, text)), LOAD_TIMEOUT)
    except OutOfBudget:
        return True  # too slow to tell: loading it says so, naming the file, instead of the walk waiting
    except ChildFailed:
        # Unreadable as a note: one that marks a derive context is reported by loading; any other (an
        # unrelated README.md of a folder) is no note of derive's and must not stop the walk.
        return _sniffed(path, pattern)


#: spacing at a side's end, before an arrow (= 0 \\quad \\implies \\quad …)
_SPACING_END = re.compile(r"(?:\s|~|\\[,;:! ]|\\q?quad(?![A-Za-z]))*$")


def _update(link) -> bool:
    """True for an update rule, ``\\theta_j := \\theta_j - \\alpha g_j`` (:= with its left side read on its right):
    an assignment of a new value, not an equation (read as one, CS229's gradient step was refuted)."""
    name = link.lhs.text.strip()
    return link.rel in (":=", r"\coloneqq") and bool(name) and re.search(
        r"(?<![A-Za-z\\])" + re.escape(name) + r"(?![A-Za-z])", link.rhs.text) is not None


#: a derivative in the math of words: ``\\text{where } \\frac{dq}{dx} = 7`` beside a relation not checked is a claim
_DERIVATIVE_WORDS = re.compile(r"\\partial(?![A-Za-z])|\\nabla(?![A-Za-z])|\\[dt]?frac\s*\{\s*d\s*[A-Za-z\\]")


def _beside(notes) -> list[str]:
    """A row's annotations that stand beside its relations: not an ``\\intertext{…}`` opening it (prose between rows)."""
    return [n for n in notes if not INTERTEXT_NOTE.match(n)]


#: an approximate relation (never a condition derive reads), in a remark beside a claim
_APPROXIMATE = re.compile(r"\\(?:approx|simeq|sim|propto|asymp)(?![A-Za-z])|[≈∼≃∝]")
_LEADING_SPACE = re.compile(r"^(?:\\q?quad(?![A-Za-z])|\\[,;: ]|~|\s)*")


def _stated(found: list) -> list[tuple[int, str]]:
    """(line, text) of each run of relations other than = in a block's links (``0 < x < 1`` one run, ``x > 0, y > 0``
    too): what it states but derive does not check.  A premise before an arrow is a hypothesis, not a statement."""
    out, run = [], []
    for link in found + [None]:
        stated = link is not None and (not link.is_claim or _update(link)) and not link.antecedent \
            and not ARROW.search(link.rel) and not any(ARROW.search(s.text) for s in (link.lhs, link.rhs)) \
            and not (link.rel == r"\in" and not restricting_membership(link.text))  # x \in \mathbb{R}^n: a type
        if run and not (stated and run[-1].rhs is link.lhs):
            # with the row's annotations: beside a relation not checked, \quad (\nabla R = 2\lambda w) is no
            # condition of anything checked, and was dropped unseen
            notes = list(dict.fromkeys(" ".join(n.split()) for r in run for n in _beside(r.notes) if n.strip()))
            out.append((run[0].line, " ".join([run[0].lhs.text, *(f"{r.rel} {r.rhs.text}" for r in run), *notes])))
            run = []
        if stated:
            run.append(link)
    return out


def _sniffed(path: Path, pattern: re.Pattern) -> bool:
    """Whether the first bytes of a file unreadable as a note mark a derive context."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(_SNIFF_BYTES)
    except OSError:
        return True
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # a UTF-16 note (Windows editors save one): refused when named, it was skipped by a walk, exit 0
        encoding = "utf-32" if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else "utf-16"
        return pattern.search(raw[:len(raw) // 4 * 4].decode(encoding, errors="ignore")) is not None
    return re.search(pattern.pattern.encode(), raw, pattern.flags & re.MULTILINE) is not None


#: How much of an unreadable note a folder walk looks through for a derive context.
_SNIFF_BYTES = 4 * 1024 * 1024


@dataclass
class Document:
    """A read document: its parts, and for each context the loaded file and which claims each block gave."""

    path: str
    title: str
    parts: list[Part]
    files: list[DerivationFile] = field(default_factory=list)
    #: part index -> [(index into files, claim name), …]
    claims_of: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    #: the meaning of names under each context (same order as ``files``), e.g. for inline math in reports
    maths: list[MathContext] = field(default_factory=list)
    #: per context (same order): quantity name -> its ``[symbols]`` key as the author wrote it, for reports
    spellings: list[dict[str, str]] = field(default_factory=list)
    #: characters of math still allowed to be read (shared by every context of the document)
    budget: list = field(default_factory=lambda: [MAX_DOCUMENT_MATH])
    #: every claim name given so far, in any context: a name is unique in the whole document, for
    #: ``file::name`` identifies a claim (pytest's node ids, which xdist schedules by; ``derive check``'s lines)
    names: set[str] = field(default_factory=set)
    #: the document's own macros (``\\newcommand`` …), expanded in its display math; reports expand them in prose
    macros: dict[str, Macro] = field(default_factory=dict)


def parts_of(path: Path, text: str) -> list[Part]:
    """The parts of ``text``, by the file's suffix (Windows and old Mac line ends read as plain ones, as CommonMark
    and TeX read them: lines keep their numbers)."""
    return _scanned(path, text)[0]


def _plain_line_ends(text: str) -> str:
    """``text`` with Windows and old Mac line ends as plain ones."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _scanned(path: Path, text: str) -> tuple[list[Part], dict[str, Macro]]:
    """``parts_of``, and the document's own macros as its display math was expanded with them (for its prose)."""
    text = _plain_line_ends(text)
    if path.suffix.lower() == ".tex":
        return latex.scan_paper(text, str(path), KNOWN_MACROS, Path(path).parent)
    return markdown.scan_note(text, str(path), KNOWN_MACROS)


def _math_shown(math: str, macros: dict[str, Macro]) -> str:
    """A title's inline math as the page shows it (``markdown.as_shown``), gone if it only defines macros."""
    shown = " ".join(markdown.as_shown(math, macros).split())
    return f"${shown}$" if shown else ""


def _title(path: Path, text: str, macros: dict[str, Macro]) -> str:
    """The document's title: a paper's ``\\title``, a note's first level-one heading (never a ``#`` line of a
    code block; its math with the note's macros expanded), else the file's name."""
    if path.suffix.lower() == ".tex":
        return latex.plain_title(text) or path.name
    heading = markdown.first_heading(text)
    if heading is None:
        return path.name
    heading = re.sub(r"(?<!\\)\$([^$]+)\$", lambda m: _math_shown(m.group(1), macros), heading)
    # A heading's *emphasis* and `code` marks are Markdown, not title text (reports print the title as text).
    return re.sub(r"(\*{1,2}|`)(\S(?:.*?\S)?)\1", r"\2", heading.strip())


class _Context:
    """One context being filled with claims."""

    def __init__(self, doc: Document, part: Part):
        shown = doc.path
        self.file, extras = load_context(part.text, shown, part.line, frozenset({"symbols"}))
        self.symbols = _symbols(extras.get("symbols", {}), part, shown, self.file.shapes, _index_letters(self.file))
        self.spellings = _spellings(extras.get("symbols", {}), set(self.file.quantities))
        f = self.file
        self.math = MathContext(f.scope, f.shapes, self.symbols,
                                frozenset(q.name for q in f.quantities.values() if q.defined), f.quantities,
                                label_ranges={spec.name: spec.range for spec in f.labels.values()})
        self.names = doc.names  # shared: a later context numbers on, f = 2 x (2) after an earlier one's f = 2 x
        # The context's own [[claim]] names (unique within it) are kept, but one an earlier context gave is
        # numbered on likewise, past every name kept here.
        earlier = set(self.names)
        self.names.update(c.name for c in f.claims)
        self.claims = [replace(c, name=self.name(c.name)) if c.name in earlier else c for c in f.claims]
        self.unchecked: list[tuple[int, str]] = []
        self.shown = shown
        #: side text -> (its value, the index names it uses): a scalar, or a whole array in matrix notation
        self.read: dict[tuple, tuple] = {}  # (text, the shape an unsized I takes) -> (value, names)
        #: the same keys -> the indices of sums that took the terms after them (\sum_k x_k - x_k z_k)
        self.took: dict[tuple, frozenset[str]] = {}
        #: the same keys -> where the side as written has a real value (``build.written_domain``)
        self.real_where: dict[tuple, tuple] = {}
        #: the same keys -> what the reading noticed (d or ∂ of a pair, a second derivative, α + a square matrix)
        self.noticed: dict[tuple, Noticed] = {}
        #: the display being read: "what by what" -> the kind it was first written with
        self.kinds: dict[str, str] = {}
        #: whether the display being read has a side that reads a second derivative (a Hessian's)
        self.display_second_order = False
        self.used: list[tuple] = []  # the keys of the readings the last ``both`` returned
        self.budget = doc.budget

    def given(self, part: Part) -> Given:
        f = self.file
        try:
            known: dict = {}
            lhs, rhs = parse_equation(part.text, f.scope, known)
            if lhs.has(sp.Derivative) or rhs.has(sp.Derivative):
                raise ParseError("diff() is not allowed in a given")
            # Free indices are allowed, as in a file's given: it holds for every value of them (each row b).
            index_ranges(lhs - rhs, f.indexed_shapes, f.not_indices, known, f.label_ranges)
        except ParseError as exc:
            raise InputError(f"given {part.text!r}: {exc}", self.shown, part.line) from None
        return Given(lhs, rhs, part.text, part.line)

    def side(self, side, like: tuple | None = None, elsewhere: frozenset[str] = frozenset()) -> tuple:
        """``(value, names)``: the side read (a scalar or an ``Array``) and every index name it uses.

        ``like``: the other side's shape, which an ``I`` or ``\\mathbf{1}`` of unwritten size takes;
        ``elsewhere``: the indices free in the equation (a k there bounds ``\\sum_{j>k}``, never summed).
        """
        text = side.raw or side.text
        key = (text, like, elsewhere)
        if key in self.read:  # in a chain each middle side is the right of one link and the left of the next
            self.used.append(key)
            self._one_kind(key, side)
            return self.read[key]
        self.budget[0] -= len(text)
        if self.budget[0] < 0:
            raise InputError(f"the document's equations exceed {MAX_DOCUMENT_MATH} characters", self.shown, side.line)
        try:
            fresh = BoundedFresh(taken_names(text, declared_names(self.math)))
            took: set[str] = set()
            noticed = Noticed()
            with written_domain() as real_where:
                value = read_value(text, self.math, fresh, like, elsewhere, took, noticed)
            self.read[key] = (value, frozenset(fresh.taken))
            self.took[key] = frozenset(took)
            self.real_where[key] = tuple(real_where)
            self.noticed[key] = noticed
            self.used.append(key)
            self._one_kind(key, side)
            return self.read[key]
        except ParseError as exc:
            m = _CULPRIT.search(str(exc))
            line = side.line_of(next(g for g in m.groups() if g) if m else "")
            error = InputError(f"{exc}  [in: {_short(side.text)}]", self.shown, line)
            # a claim whose side this is is refuted by it (``block``); anywhere else it is bad input
            error.no_value = (exc, side) if isinstance(exc, InnerMismatch) else None
            if isinstance(exc, UnclearSize) and like is None:
                raise _Unclear(error) from None
            raise error from None

    def _one_kind(self, key: tuple, side) -> None:
        """Refuse a display writing one derivative both with d and with ∂ where they may differ: BPTT's
        dh₂/dw = ∂h₂/∂w + ∂h₂/∂h₁ dh₁/dw holds h₁ fixed in ∂h₂/∂w; read alike (every derivative through every
        definition), that chain rule was refuted and the slip dh₂/dw = ∂h₂/∂w proved."""
        noticed = self.noticed.get(key, Noticed())
        self.display_second_order |= noticed.second_order or noticed.jacobian
        for kind, what, through in noticed.derivatives:
            first = self.kinds.setdefault(what, kind)
            if first != kind:
                raise InputError(f"cannot read the derivative of {what} written with both d and \\partial in one "
                                 f"display: it reads {what.split(' by ')[1]} also through {through}, and derive reads "
                                 f"d and \\partial alike, as the derivative through every definition, so one holding "
                                 f"{through} fixed is not read (define that step's value in the derive block and name "
                                 f"it)  [in: {_short(side.text)}]", self.shown, side.line)
        for what, through in noticed.holding:
            # batch norm's ∂L/∂x̂_i ∂x̂_i/∂x_i + ∂L/∂μ ∂μ/∂x_i: beside the path through μ as a step of its own,
            # ∂x̂_i/∂x_i holds μ fixed; read through μ too, that right chain rule was refuted (a derivative a side
            # spells out, ∂y/∂x = T ∂H/∂x + …, is the total one: the steps are on the other side)
            steps = sorted(noticed.stepped & set(through))
            if steps:
                raise InputError(f"cannot read the derivative of {what} beside a derivative by {steps[0]}: "
                                 f"it reads {what.split(' by ')[1]} also through {steps[0]}, which the same side "
                                 f"takes as a step of its own, so it means the derivative holding {steps[0]} fixed, "
                                 f"and derive reads every derivative through every definition (define that step's "
                                 f"value in the derive block and name it)  [in: {_short(side.text)}]",
                                 self.shown, side.line)

    def sides(self, link, known: frozenset[str] = frozenset()) -> tuple[tuple, tuple]:
        """``_sides``, refusing the readings a writer and the letter part on (``_no_constant_beside_a_hessian``,
        ``_no_euler_beside_an_index``)."""
        left, right = self._sides(link, known)
        self._no_constant_beside_a_hessian(link)
        self._no_euler_beside_an_index(link, left, right)
        return left, right

    def _no_constant_beside_a_hessian(self, link) -> None:
        """Refuse a scalar added to every entry of a square matrix beside a Hessian or a Jacobian: PRML's ∇²E = α + βΦᵀΦ
        means αI + βΦᵀΦ, He et al.'s ∂y/∂x = 1 + ∂F/∂x means I + ∂F/∂x (away from them, S ⊙ (1 − S) and log(X + ε) are
        entry by entry to all)."""
        added = next((key[0] for key in self.used if key in self.noticed and self.noticed[key].square_plus), None)
        if added is not None and self.display_second_order:
            # PRML's ∇²E = α + βΦᵀΦ: αI to its reader, α in every entry to the letter (a wrong claim proved so)
            raise InputError(f"cannot read '{_short(' '.join(added.split()))}' beside a Hessian or a Jacobian: a scalar "
                             f"plus a square matrix is the scalar times the identity to its reader and the scalar in "
                             f"every entry to the letter (write \\alpha I, or \\alpha \\mathbf{{1}} \\mathbf{{1}}^\\top)",
                             self.shown, link.line)

    def _no_euler_beside_an_index(self, link, left: tuple, right: tuple) -> None:
        """Refuse a free index e beside a bare e: ∂H/∂r_e = 2 e r_e read the second e as Euler's number (a right
        claim refuted), where a summation index e beside one is refused as it is read."""
        unscripted = re.sub(r"_\s*(?:\{[^{}]*\}|\\?[A-Za-z])", " ", link.text)
        if "e" in _free_names(left[0]) | _free_names(right[0]) \
                and re.search(r"(?<![\\A-Za-z])e(?![A-Za-z])", unscripted) \
                and any(isinstance(v, sp.Expr) and v.has(sp.E) for v in (left[0], right[0])):
            raise InputError(f"cannot read e in '{_short(link.text)}': e is an index of the equation here and "
                             f"Euler's number beside it (give the index another letter)", self.shown, link.line)

    def _sides(self, link, known: frozenset[str] = frozenset()) -> tuple[tuple, tuple]:
        """Both sides of a link read, ordered sums (``\\sum_{j>k}``) and sums that took the terms after them
        (``\\sum_k x_k - x_k z_k``) knowing which indices are free in it (``known``: free in its chain)."""
        if not any(_ORDERED_SUM.search(s.raw or s.text) for s in (link.lhs, link.rhs)):
            try:
                left, right = self.both(link)
            except InputError:
                # \gamma^{j-1} beside ∂G/∂r_j: j, a bare letter, is a value once the other side says it is free (or,
                # G_t - \sum_{k=t}^{T} \gamma^{k-t} x_k = 0, an entry's index on the same side)
                if not (self.free_where_readable(link, known) | _entry_letters(link)) - known:
                    raise
                known = known | _entry_letters(link)
            else:
                took = frozenset().union(*(v for k, v in self.took.items() if k[0] in _texts(link) and not k[2]))
                if not took & (_free_names(left[0]) | _free_names(right[0])):
                    return left, right
            # y_i = \sum_i x_i + x_i: i is free in the equation, so the sum must not take x_i (read again below)
        # A k free anywhere in the equation (c_k + Σ_{j>k} … = ∂P/∂x_k) bounds Σ_{j>k}, which then sums j
        # alone, not the pairs (j, k): read again knowing them, until no more turn up (each round adds one).
        free = known
        while True:
            try:
                left, right = self.both(link, free)
            except InputError:
                # Σ_{j<k} x_j read as pairs has no range for k: what the side that reads says is free may mend it
                more = free | self.free_where_readable(link, free)
                if more == free:
                    raise
                free = more
                continue
            more = free | _free_names(left[0]) | _free_names(right[0])
            if more == free:
                return left, right
            free = more

    def free_in_chains(self, found: list) -> dict[int, frozenset[str]]:
        """The indices free in each chain (``a = b = c``) holding an ordered sum, by its links' ids: a j free in one
        link is the chain's, so ``-s_j(1 - s_j) = \\sum_{i \\ne j} ∂s_i/∂z_j`` sums i alone, never the pairs."""
        groups: list[list] = []
        for link in found:
            if groups and groups[-1][-1].rhs is link.lhs:
                groups[-1].append(link)
            else:
                groups.append([link])
        out: dict[int, frozenset[str]] = {}
        for chain in groups:
            if len(chain) < 2 or not any(_ORDERED_SUM.search(s.raw or s.text) for link in chain
                                         for s in (link.lhs, link.rhs)):
                continue
            free: frozenset[str] = frozenset()
            while True:  # each round may find more (a j read free once another link knows k is)
                more = free
                for link in chain:
                    try:
                        (left, _), (right, _) = self.sides(link, free)
                    except InputError:
                        continue  # refused (or refuted) when it is read as a claim
                    more = more | _free_names(left) | _free_names(right)
                if more == free:
                    break
                free = more
            out.update((id(link), free) for link in chain)
        return out

    def free_where_readable(self, link, free: frozenset[str]) -> frozenset[str]:
        """The indices free in whichever sides of ``link`` read on their own (knowing ``free``)."""
        found: frozenset[str] = frozenset()
        for side in (link.lhs, link.rhs):
            try:
                found |= _free_names(self.side(side, elsewhere=free)[0])
            except (InputError, _Unclear):
                pass
        return found

    def both(self, link, free: frozenset[str] = frozenset()) -> tuple[tuple, tuple]:
        """Both sides of a link read; an ``I`` of unwritten size on one side as large as the other side says."""
        self.used = []  # the readings this call returns (whose written domains the claim keeps)
        try:
            left = self.side(link.lhs, elsewhere=free)
        except _Unclear as unclear:
            try:
                right = self.side(link.rhs, elsewhere=free)
            except _Unclear:
                raise unclear.error from None
            if not isinstance(right[0], Array):
                raise unclear.error from None
            return self.side(link.lhs, normal_shape(right[0].shape), free), right
        try:
            return left, self.side(link.rhs, elsewhere=free)
        except _Unclear as unclear:
            if not isinstance(left[0], Array):
                raise unclear.error from None
            return left, self.side(link.rhs, normal_shape(left[0].shape), free)

    def block(self, part: Part, givens: tuple) -> list[str]:
        """The claims of one display block (a matrix claim lowered to one entry); their names."""
        if len(part.text) > MAX_BLOCK_CHARS:
            raise InputError(f"display block is {len(part.text)} characters long (limit {MAX_BLOCK_CHARS})",
                             self.shown, part.line)
        literal = _MATRIX_LITERAL.search(part.text)
        if literal is not None and RELATION.search(part.text):  # (a matrix alone, no relation, is not read anyway)  # its rows' \\ were read as the display's rows: "math with no relation of its own"
            what = "an array (a matrix, or equations aligned in one)" if "array" in literal.group(0) else \
                "a matrix written out entry by entry"
            how = "write each entry's equation (z_1 = …) or the matrix as the product it is (W x), and aligned " \
                  "equations in aligned"
            if "array" in literal.group(0) and re.search(r"\\left\s*\\\{\s*$", part.text[:literal.start()]):
                # \left\{ \begin{array}{ll} 1 & x > 0 \\ … \end{array} \right.: cases, as older notes set them
                what, how = "cases set as an array", "write \\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases}"
            raise InputError(f"cannot read {literal.group(0)}: {what} is not read; {how}",
                             self.shown, part.line + part.text.count("\n", 0, literal.start()))
        self.kinds = {}  # the derivatives this display writes with d or with ∂ (``_one_kind``)
        self.display_second_order = False  # … and whether it reads a second derivative (``_no_constant_beside_a_hessian``)
        try:
            found = links(part.text, part.line)
        except LeadingCondition as exc:
            raise InputError(str(exc), self.shown, exc.line) from None
        except UnbalancedBrace as exc:
            raise InputError(str(exc), self.shown, part.line + part.text[:exc.at].count("\n")) from None
        BetweenRows(self, (_Unclear, InputError)).check(part.text, part.line, givens)
        for link in found:
            # x^2 \ge 0 \text{ and } (x + 1)^2 = x^2 + 1, r \ge 0 \quad \text{where } f = 2x: the equation in the
            # words was dropped, exit 0 (a condition, \text{if } c = 0, is the unchecked relation's own)
            # (a range, \text{for } j = 1, \ldots, n, beside an update is its own, listed with it, no equation)
            if not link.is_claim and any("=" in plain(n) and (condition_text(plain(n), equations=True) is None
                                                              and bracketed_equation(n) is None and not dotted_range(n)
                                                              or _DERIVATIVE_WORDS.search(n))
                                         for n in _beside(link.notes)):
                raise InputError(f"cannot read the words beside '{link.text}': an equation in them is not read "
                                 f"(write it as an equation of its own)", self.shown, link.line)
        self.unchecked += _stated(found)
        found = self.implications([link for link in found if link.is_claim and not _update(link)])
        chained = self.free_in_chains(found)
        names = []
        for link in found:
            mismatch = None
            try:
                (lhs, lnames), (rhs, rnames) = self.sides(link, chained.get(id(link), frozenset()))
                real_where = [c for key in self.used for c in self.real_where[key]]
            except InputError as error:
                if getattr(error, "no_value", None) is None:
                    raise
                exc, side = error.no_value  # a side with no value at some sizes: refuted there
                exc.side = "left" if side is link.lhs else "right" if side is link.rhs else ""
                try:
                    mismatch = undefined(exc)
                except InnerMismatch:
                    raise error from None  # no sizes show it (an I of unwritten size): bad input after all
                (lhs, lnames), (rhs, rnames) = (sp.Integer(0), frozenset()), (sp.Integer(0), frozenset())
                real_where = ()
            try:
                # a matrix claim is one claim per entry: at indices neither side uses, with known ranges
                try:
                    lhs, rhs, known = lowered(lambda: lower_pair(lhs, rhs, Fresh(lnames | rnames)))
                except ShapesDiffer as exc:  # false as written: refuted by its shapes, the other claims checked
                    lhs, rhs, known, mismatch = differing(exc)
                difference = sp.Add(lhs, -rhs, evaluate=False)
                last: list = []
                # G_t = r_t + \gamma G_{t+1} \quad \text{for } t < T: an entry off the axis somewhere in an index's
                # range is bad input only where the claim's condition does not keep the index off that part
                deferred: list = []
                try:
                    ranges = self.file.free_index_ranges(difference, known, last, deferred, left=lhs)
                except InnerMismatch as exc:  # (s_k − y_k) x_j for ∂L/∂W_jk: no value where n ≠ m, refuted there
                    ranges_of = self.side_ranges(known)
                    ranges = ranges_apart((lhs, rhs), ranges_of)
                    if mismatch is None:  # (a claim refuted by its shapes already stays so)
                        name_the_side(exc, (lhs, rhs), ranges_of)
                        mismatch, known, real_where = undefined(exc), {}, ()
                        lhs = rhs = sp.Integer(0)
                        difference = sp.Add(lhs, -rhs, evaluate=False)
                check_label_axes(difference, self.file.indexed_shapes, self.file.labels)  # e_t: t over 1..N, e of d
            except ParseError as exc:
                raise InputError(f"{exc}  [in: {_short(link.text)}]", self.shown, link.line) from None
            label = part.label_at(link.row) or part.label_at(link.end_row)
            name = self.name(f"{label}: {link.text}" if label else link.text)
            if len(self.claims) >= MAX_CLAIMS:
                raise InputError(f"more than {MAX_CLAIMS} claims under one derive context", self.shown, link.line)
            more, conditions, when, stated = self.annotated(link, ranges, dummies(difference))
            outside = hold_where(deferred, conjunction(when.cond if when is not None else None, self.file.size_bounds),
                                 {**self.file.label_ranges, **ranges}) if deferred else None
            if isinstance(outside, InnerMismatch):
                # an index on axes of two sizes its condition does not keep on the narrower: no value where they
                # differ, refuted there (as with no condition at all)
                ranges_of = self.side_ranges(known)
                try:
                    ranges = ranges_apart((lhs, rhs), ranges_of)
                    name_the_side(outside, (lhs, rhs), ranges_of)
                    mismatch, known, real_where, last = undefined(outside), {}, (), []
                except ParseError as exc:
                    raise InputError(f"{exc}  [in: {_short(link.text)}]", self.shown, link.line) from None
                lhs = rhs = sp.Integer(0)
            elif outside is not None:
                raise InputError(f"{outside}  [in: {_short(link.text)}]", self.shown, link.line)
            # the block's givens and the notes' given directives tie inputs as an annotation does (z = μ + σε)
            self.no_substitution_by(lhs, rhs, (*self.file.givens, *givens, *more), when, link)
            unread = self.semantics.unread_variable(sp.Add(lhs, rhs, evaluate=False))
            if unread is not None:
                raise InputError(f"cannot read '{_short(link.text)}': {unread}", self.shown, link.line)
            # as written, with the condition it was stated under (a report shows the claim so)
            text = " ".join([link.text, *(restated(n) for n in stated)])
            if link.premise and link.notes and link.notes[0] == rf"\quad \text{{if }} {link.premise}" and stated:
                text = " ".join([link.premise, r"\implies", link.text, *(restated(n) for n in stated[1:])])
            self.claims.append(ClaimSpec(name, link.line, text, lhs, rhs, givens + more, ranges, when, conditions,
                                         entry=tuple(str(k) for k in known) if mismatch is None else (),
                                         mismatch=mismatch,
                                         real_where=kept_real_where(real_where, {*ranges, *self.file.not_indices})
                                         if mismatch is None else (),
                                         last_entries=last_entry_notes(last, self.file.size_notes)))
            names.append(name)
        return names

    def side_ranges(self, known: dict):
        """The ranges of one side's free indices, a matrix claim's entry indices ``known`` (``ranges_apart``)."""
        return lambda e: index_ranges(e, self.file.indexed_shapes, self.file.not_indices, known, self.file.label_ranges)

    @cached_property
    def semantics(self):
        """The context's definitions put in (``verify.semantics``), for the where-equations and ties it weighs."""
        from ..verify.semantics import Semantics
        return Semantics(self.file)

    def no_substitution_by(self, lhs, rhs, givens: tuple, when, link) -> None:
        """Refuse an equation beside a derivative, or among the block's givens, that ties the variable it is taken by
        to another input the differentiated quantity reads (``\\frac{\\partial L_v}{\\partial \\sigma} = 0 \\quad
        \\text{where } v = \\sigma^2``, ``given = ["z = mu + sigma*epsilon"]``).

        derive differentiates with the inputs independent and puts the equation in afterwards, where a reader takes
        v as a function of σ: read so, that false claim (the chain rule gives 1/σ − (y − μ)²/σ³) was proved and
        the true chain-rule steps refuted."""
        expand = self.semantics.expand

        def solved(a, b, given: bool) -> tuple:
            # an input set equal to a defined quantity is tied to what that is written with (z = h, h = μ + σε); other
            # equations of a when stay as written (T_i = 0 of a gate read from x is a point), a given's are read through
            for x, y in ((a, b), (b, a)):
                if isinstance(x, (sp.Symbol, sp.Indexed)) and input_names(x):
                    return (x, expand(y)) if x is a else (expand(y), x)
            return (expand(a), expand(b)) if given else (a, b)
        equations = [(solved(g.lhs, g.rhs, True), g.line == link.line, g.text) for g in givens]
        if when is not None:
            equations += [(solved(e.lhs, e.rhs, False), True, "") for e in when.cond.atoms(sp.Eq)]
        found = tie(lhs, rhs, [e for e, _, _ in equations], expand)
        if found is None:
            return
        k, tied, others = found
        _, beside, text = equations[k]
        said = f"the equation beside '{link.text}' ties {tied}, which it differentiates by," if beside else \
            f"the given '{text}' ties {tied}, which '{link.text}' differentiates by,"
        # (a slope meant at the points where they are equal is stated as a case of the claim, which names a point)
        (a, b), _, _ = equations[k]
        point = f"; or, for the slope where {a} = {b}, write that as a case of the claim, '… & {a} = {b}' among " \
            f"cases that cover every value" if beside else ""
        raise InputError(f"{said} to {others}: {TIE_WHY}{point}", self.shown, link.line)

    def implications(self, found: list) -> list:
        """The claims of ``A \\implies B``: B under A when A is a hypothesis (comparisons, or equations of inputs
        alone: x = y, u = p/(p + q)), which is then no claim; else A and B both, as steps (A names a defined
        quantity or a derivative: ∂L/∂z = s − y ⟹ ∂L/∂W = …), for a slip in A must not pass as a hypothesis."""
        hypothesis = {}
        for link in found:
            if link.antecedent:
                hypothesis[link.premise] = hypothesis.get(link.premise, True) and self.of_inputs(link)
        setting = self.settings(found, hypothesis)
        out = []
        for link in found:
            if link.antecedent and hypothesis[link.premise] or link in setting.values():
                continue
            if link.premise and not link.antecedent and link.premise in setting:
                link = replace(link, notes=(rf"\quad \text{{if }} {setting[link.premise].text}",) + link.notes)
            elif link.premise and not link.antecedent and hypothesis.get(link.premise, True):
                link = replace(link, notes=(rf"\quad \text{{if }} {link.premise}",) + link.notes)
            out.append(link)
        return out

    def settings(self, found: list, hypothesis: dict) -> dict:
        """Premise -> its last link when that sets something to 0 (``\\frac{\\partial \\ell}{\\partial \\lambda} = \\frac{n}{\\lambda}
        - \\frac{S}{\\lambda^2} = 0 \\implies \\lambda = S / n``): the steps before it are claims, and what follows
        the arrow holds where it is 0.  Read as a step, setting a derivative to zero (maximum likelihood, least
        squares) claimed the derivative 0 everywhere, and the estimate for every λ: both true claims refuted."""
        last = {}
        for link in found:
            if link.antecedent and not hypothesis[link.premise]:
                last[link.premise] = link
        out = {}
        for premise, link in last.items():
            if _SPACING_END.sub("", link.rhs.text) != "0" or not any(other.premise == premise and not other.antecedent
                                                                     for other in found):
                continue
            (lhs, _), _ = self.sides(link)
            entry = lhs.at(*[sp.Symbol(f"_q{k}", integer=True) for k in range(len(lhs.shape))]) \
                if isinstance(lhs, Array) else lhs
            if isinstance(entry, sp.Basic) and entry.has(sp.Derivative):
                raise InputError(f"cannot read '{link.text} \\implies': it sets a derivative to 0, a condition derive "
                                 f"cannot put in: write the derivative out before it, {link.lhs.text} = … = 0 "
                                 f"\\implies …", self.shown, link.line)
            out[premise] = link
        return out

    def of_inputs(self, link) -> bool:
        """True when both sides of ``link`` read as inputs, labels and numbers alone (no definition, no derivative)."""
        mark = len(self.math.defined_read)
        try:
            (lhs, _), (rhs, _) = self.sides(link)
        except InputError:
            return False
        if len(self.math.defined_read) > mark:
            return False  # f(y) = y reads f (as y³ by now): a step about a definition
        if isinstance(lhs, Array) or isinstance(rhs, Array):  # A = A^\top, z = 0: read entry by entry
            try:
                lhs, rhs, _ = _entrywise(lhs, rhs, _free_names(lhs) | _free_names(rhs))
            except ParseError:
                return False  # refuted by its shapes, as a step
        if not (isinstance(lhs, sp.Expr) and isinstance(rhs, sp.Expr)):
            return False
        defined = {name for name, q in self.file.quantities.items() if q.defined}
        return all(not e.has(sp.Derivative) and not (
            {a.base.name for a in e.atoms(sp.Indexed)} | {s.name for s in e.free_symbols}) & defined for e in (lhs, rhs))

    def annotated(self, link, ranges: dict, summed: set = frozenset()) -> tuple[tuple[Given, ...], tuple[Condition, ...],
                                                                           Condition | None, tuple[str, ...]]:
        """What the annotations beside ``link`` state (``\\quad \\text{if } …``): givens (equations), inequality
        givens (``\\sigma > 0``), where the claim is asserted (a relation of indices, ``i \\ne j``, or of the claim's
        own entries, ``x_j > 0``), and those annotations as written."""
        givens, conditions, whens, stated, remarks = [], [], [], [], []
        own = False  # a condition written in this row (not one from another row of its chain)
        notes = list(link.notes)
        while notes:
            shared, elsewhere = isinstance(notes[0], Shared), isinstance(notes[0], FromChain)
            note = plain(spelled_range(typed_relations(notes.pop(0))))  # i = 2, \ldots, n: 2 \le i \le n
            bracketed = bracketed_equation(note)
            try:
                found = links(bracketed, link.line) if bracketed is not None else []
            except (LeadingCondition, UnbalancedBrace):  # ((a = b)), (a = b)(a = 0), (\implies a = b): no hypothesis
                found = []  # the note is read as before, and refused there
            if len(found) == 1 and self.of_inputs(found[0]):
                note = rf"\quad \text{{if }} {bracketed}"  # \quad (\sum_i y_i = 1): a hypothesis, as before \implies
            elif len(found) == 1 and self.of_index_letters(found[0]):
                # \quad (j = k), (j = y_i): a condition, as (j \ne k) is (CS231n's rows of the hinge loss's gradient
                # were refused as a hidden step)
                note = rf"\quad \text{{if }} {bracketed}"
            if ARROW.search(note):
                # t = a \quad (a > 0 \implies b = 2): read as the condition a > 0, the b = 2 it promises was dropped
                raise InputError(f"cannot read an implication inside the condition beside '{link.text}': "
                                 f"'{' '.join(note.split())}' (write the premise before the equation: a > 0 \\implies …)",
                                 self.shown, link.line)
            written = condition_text(note)
            vetted = written is None and keyword(note) in ONLY_COMPARISONS
            if vetted:  # where/with before equations: each restating a definition dropped, the rest conditions
                written = self.stated_with(note, link)
            found = self.condition_links(written, link) if written is not None else []
            if not found or any(f.rel not in RELATIONS for f in found) \
                    or not vetted and len(found) > 1 and any(f.rel == "=" for f in found) \
                    and keyword(note) in ONLY_COMPARISONS:
                # prose: \text{for all } i, \text{where } s = σ(z) …, i \in S; but a condition's word before a
                # comparison it cannot read (\forall x \in (0, 1), \text{if } x = y = 0) is no prose to drop
                for refuses, message in _PROSE_REFUSED:
                    if refuses(note):
                        raise InputError(message.format(link=link.text, note=" ".join(note.split())), self.shown,
                                         link.line)
                if remark(note) and not elsewhere:
                    remarks.append(note)
                continue
            if shared and self.of_indices_elsewhere(found, ranges):
                # ∂s_i/∂z_i = s_i(1 - s_i), \quad ∂s_i/∂z_j = -s_i s_j \quad (i \ne j): the second's alone
                continue
            found, alternatives, rest = self.joined(found, link)
            own = own or not elsewhere
            notes += rest  # \text{for } i \ne j \quad \text{if } a > 0: a second condition after the first
            if not elsewhere:  # as written beside it (a chain's condition from another row is not)
                stated.append(_cut_before(note, written, rest[0]) if rest else note)
            if keyword(note) in ("unless", "except", "except when"):  # asserted where the relation does not hold
                if alternatives or len(found) != 1:
                    raise InputError(f"cannot read the condition beside '{link.text}': \\text{{unless}} takes "
                                     f"one relation here", self.shown, link.line)
                whens.append((sp.Not(self.relation(found[0], link, ranges, summed, one=True)[0]),
                              f"not {found[0].text}"))
                continue
            if alternatives:  # x > 0 \text{ or } x < 0: asserted where either holds
                whens.append((sp.Or(*[self.relation(r, link, ranges, summed, one=True)[0] for r in alternatives]),
                              " or ".join(r.text for r in alternatives)))
            for rel in found:  # 0 < φ_j < 1: each link of the chain is a condition
                self.condition(rel, link, ranges, summed, (givens, conditions, whens),
                               [r for r in found if r is not rel])
        if remarks and own:
            # |x| = x \quad \text{if } x > 0 \text{, or in fact always}: words beside a condition may widen it,
            # and a condition read without them would prove the claim where the writer allowed more (a chain's
            # condition from another row, \text{since } \sum_i y_i = 1, is not widened by this row's \text{by …})
            raise InputError(f"cannot read the condition beside '{link.text}' with the words beside it: "
                             f"'{' '.join(remarks[0].split())}' (move a remark out of the equation's row)",
                             self.shown, link.line)
        when = None
        if whens:
            cond = sp.And(*[c for c, _ in whens])
            if cond in (sp.true, sp.false):
                raise InputError(f"the conditions beside {link.text!r} are always true or always false",
                                 self.shown, link.line)
            when = Condition(cond, " and ".join(w for _, w in whens), link.line,
                             {s: ranges[s] for s in cond.free_symbols if s in ranges})
        return tuple(givens), tuple(conditions), when, tuple(stated)

    def of_index_letters(self, link) -> bool:
        """True for an equation of two index letters or labels, each perhaps a label's entry (``y_i``, ``y^{(i)}``)
        or shifted by a number (``j + 1``), or one and a number or a size (``j = k``, ``j = y_i``, ``k = j + 1``,
        ``j = 1``, ``i = n``)."""
        declared = declared_names(self.math) - set(self.file.labels)
        sizes = {str(s) for s in self.file.not_indices} - set(self.file.labels)
        sides = [re.sub(r"\s+", " ", link.lhs.text.strip()), re.sub(r"\s+", " ", link.rhs.text.strip())]
        found = [None if s in sizes else _INDEX_SIDE.fullmatch(s) for s in sides]
        return any(m is not None and m.group("letter") for m in found) and all(
            s in sizes or m is not None and m.group("size") is None
            and (m.group("letter") is None or m.group("letter") not in declared
                 and (m.group("entry") is None or m.group("letter") in self.file.labels)) for s, m in zip(sides, found))

    def of_indices_elsewhere(self, found: list, ranges: dict) -> bool:
        """True for relations of index letters alone (``i \\ne j``) naming one that is not among ``ranges``: lower-case
        letters no quantity, size or label is named (``A = I`` is no relation of indices)."""
        sides = [side.text for rel in found for side in (rel.lhs, rel.rhs)]
        declared = set(self.file.labels) | declared_names(self.math)
        indices = {str(k) for k in ranges}
        sizes = {str(s) for s in self.file.not_indices} - set(self.file.labels)
        # each side index letters, sizes and whole numbers added (t < T, j \le p - 1), at least one letter an index
        # this claim does not have (G_T = r_T beside G_t = … \quad \text{for } t < T)
        words = [w for t in sides for w in re.findall(r"[A-Za-z]+|[^A-Za-z\s]+", t)]
        letters = [w for w in words if w[0].isalpha() and w not in sizes]
        return all(re.fullmatch(r"[A-Za-z]+|[0-9+\-]+", w) for w in words) and bool(letters) \
            and all(re.fullmatch(r"[a-z]", t) and (t in indices or t not in declared) for t in letters) \
            and any(t not in indices for t in letters)

    def condition(self, rel, link, ranges: dict, summed: set, into: tuple[list, list, list],
                  beside: list = ()) -> None:
        """One relation beside ``link``, put among the givens, the inequality givens or where the claim is asserted.

        A relation that names the claim's own indices or a label (``x_j > 0``, ``\\sum_k W_{jk} = 1``,
        ``A_{ij} = A_{ji}``) is about those entries: where the claim is asserted.  One without indices
        (``\\sigma > 0``, ``\\sum_i y_i = 1``) is a given.  One naming an index the claim only sums over or does
        not have is refused: whether ``y_k \\ge 0`` beside ``\\sum_{k \\ne j}`` covers y_j too is anyone's guess.
        An entry off its axis at some sizes (z_2) is read where the relations ``beside`` it keep the size (n ≥ 2).
        """
        givens, conditions, whens = into
        written = ' '.join(rel.text.split())  # one line, as written (repr doubled every backslash)
        cond, a, b = self.relation(rel, link, ranges, summed)
        own = {s for s in (a - b).free_symbols if s in ranges or str(s) in self.file.labels}
        if (a - b).free_symbols and (a - b).is_integer:  # indices and labels: where the claim is asserted (j ≠ c)
            whens.append((cond, written))
        elif own:
            # x_j > 0, Σ_k W_jk = 1 beside a claim about j (or c, a label): those entries, where the claim is
            # asserted; as a given it would hold for every j, every entry of x positive, every row summing to 1
            whens.append((cond, written))
        else:
            deferred: list = []
            try:  # A_{12} = A_{21}: in range at every size, as a file's given is (else an internal error later)
                free = index_ranges(sp.Add(a, b, evaluate=False), self.file.indexed_shapes, self.file.not_indices,
                                    None, self.file.label_ranges, deferred=deferred)
                if deferred:  # (and those before it: \text{for } n \ge 2 \text{ with } z_1 = z_2)
                    kept = sp.And(*[self.relation(r, link, ranges, summed)[0] for r in beside],
                                  *[c.cond for c in conditions], *[c for c, _ in whens])
                    outside = hold_where(deferred, kept, self.file.label_ranges)
                    if outside is not None:
                        raise ParseError(str(outside))
            except ParseError as exc:
                raise InputError(f"the condition {written!r} {exc}", self.shown, link.line) from None
            if deferred:  # z_1 = z_2 beside n ≥ 2: where the claim is asserted, read only at the sizes they keep
                whens.append((sp.And(kept, cond), written))
                return
            if rel.rel == "=":
                givens.append(Given(a, b, written, link.line))
            else:
                conditions.append(Condition(cond, written, link.line, free))

    def condition_links(self, text: str, link) -> list:
        """The relations of a condition's text, refused in one line where the chain reader cannot read them (an
        equation in a macro's argument, ``\\text{ and }`` before a relation it cannot take): an internal error once."""
        try:
            return links(text, link.line)
        except (LeadingCondition, UnbalancedBrace) as exc:
            raise InputError(f"cannot read the condition beside '{link.text}': {exc}", self.shown, link.line) from None

    def stated_with(self, note: str, link) -> str | None:
        """The relations after ``where``/``with`` that state a condition (``\\text{with } \\sum_i y_i = 1``), or
        None when every one names a definition (``\\text{where } s = \\sigma(z)``: prose, as a reader takes it).

        Of several (``\\text{where } s = σ(t), \\; \\sum_k y_k = 1``, ``g = σ(t) = \\frac12``) a
        definition restated is dropped and the rest kept: dropped with it, the condition left the claim refuted
        where it fails."""
        written = condition_text(note, equations=True)
        if written is None and _APPROXIMATE.search(note):
            # \text{where } \mu_i \approx y_i: a relation stated, not checked, and said so (it vanished from the count)
            said = (link.line, _LEADING_SPACE.sub("", " ".join(plain(note).split())))
            if said not in self.unchecked:
                self.unchecked.append(said)
        found = self.condition_links(written, link) if written is not None else []
        if not found or any(f.rel not in RELATIONS for f in found):
            return None
        rest = list(found[-1].notes)  # s = σ(t) \text{ and } \sum_k y_k = 1: the relations joined to the first
        while rest:
            kind, more = connective(plain(typed_relations(rest[0])))
            nxt = self.condition_links(more, link) if kind == "and" else []
            if not nxt or any(f.rel not in RELATIONS for f in nxt):
                break
            found, rest = found + nxt, list(nxt[-1].notes) + rest[1:]
        kept = [f for f in found if f.rel != "=" or self._kept(f, note, link)]
        if len(kept) < len(found) and any(holds_equation(plain(r)) or compares(plain(r)) for r in rest):
            # \text{where } g = σ(t) \text{ evaluated at } t = 0: dropped with the definition restated, the
            # claim was refuted where t ≠ 0
            raise InputError(f"cannot read the words after the definition restated beside '{link.text}': "
                             f"'{' '.join(rest[0].split())}' (write the condition on its own: \\quad \\text{{if }} …)",
                             self.shown, link.line)
        if not kept:
            return None
        return written if len(kept) == len(found) else r", \quad ".join(f.text for f in kept)

    def _kept(self, rel, note: str, link) -> bool:
        """True when the equation ``rel`` after where/with is a condition, False when it restates a definition;
        refused when it is about a defined quantity otherwise."""
        try:
            lhs = self.side(rel.lhs)[0]
        except _Unclear:
            return True  # \text{where } I = A: I takes A's size as a condition's side
        except InputError:
            # \text{where } i = j: no quantity named, a condition on the indices (read, or refused, as one); dropped
            # as prose it left the claim unconditioned, and the diagonal ∂s_i/∂z_j = s_i(1 - s_i) was refuted
            return True
        name = lhs.base.name if isinstance(lhs, sp.Indexed) else getattr(lhs, "name", None)
        if self._a_number(rel.rhs, link):
            # \text{where } s_i = \frac{1}{2}: a value of the quantity, not its definition; dropped as prose, the
            # claim beside it (z_i = 0) was checked everywhere and refuted
            return True
        if isinstance(lhs, Array):
            # \text{where } A = I, A^\top x = x: a condition (dropped as prose, the claim was refuted at any A); only
            # a defined quantity whole (s = σ(z)) is named by it
            entry = lhs.at(*sp.symbols(f"_w0:{len(lhs.shape)}", integer=True))
            if not (isinstance(entry, sp.Indexed) and entry.base.name in self.math.defined):
                return True
        elif name not in self.math.defined:
            return True
        if not self._restates(rel, link):
            # \text{where } s = \sigma(2z), s = 1 - s, s_i = s_j: dropped as prose, the claim beside it was refuted
            # where they fail; read as a condition, one that contradicts the definition (δ = y - ŷ beside δ = ŷ - y)
            # would let the claim hold only where both do
            raise InputError(f"the equation after '{keyword(note)}' beside '{link.text}' names a quantity the derive "
                             f"block defines, but is not its definition: for a condition write \\text{{if }} "
                             f"{rel.text}; to name the quantity, write its definition", self.shown, link.line)
        return False

    def _restates(self, rel, link) -> bool:
        """True when the equation ``rel`` (its left side a defined quantity) holds by the block's definitions alone:
        both sides, every definition put in, cancel (``\\text{where } s = \\sigma(z)`` restating s's)."""
        from ..algebra.zero import cancels, canonical_sums
        try:
            a, b = self.side(rel.lhs)[0], self.side(rel.rhs)[0]
        except (_Unclear, InputError):
            return False
        if isinstance(a, Array) or isinstance(b, Array):
            if not (isinstance(a, Array) and isinstance(b, Array)) or a.shape != b.shape:
                return False
            at = sp.symbols(f"_w0:{len(a.shape)}", integer=True)
            a, b = a.at(*at), b.at(*at)
        spec = self.file.quantities.get(a.base.name if isinstance(a, sp.Indexed) else str(a))
        if isinstance(b, sp.Derivative) and spec is not None and spec.derivative is not None:
            # \text{where } g_d = ∂E/∂w_d beside g = diff(E, w[d]): the derivative it names, as written (carried
            # out and compared, it took longer than a load may)
            at = dict(zip(spec.indices, a.indices)) if isinstance(a, sp.Indexed) else {}
            return spec.derivative.xreplace(at) == b
        try:
            return cancels(canonical_sums(self.semantics.expand(a - b).rewrite(sp.exp)), thorough=True)
        except Exception:  # noqa: BLE001 - any failure to show it restates leaves it a condition to refuse
            return False

    def _a_number(self, text: str, link) -> bool:
        """True when ``text`` reads as a number (no symbol in it): no quantity's definition could be written so."""
        try:
            value = self.side(text)[0]
        except (_Unclear, InputError):
            return False
        return isinstance(value, sp.Basic) and not isinstance(value, Array) and not value.free_symbols

    def relation(self, rel, link, ranges: dict, summed: set, one: bool = False) -> tuple:
        """``(condition, lhs, rhs)`` of one relation beside ``link``, refused in one line where it cannot be one.

        ``one``: the relation must be one statement (under ``or`` or ``unless``), not one per entry of arrays."""
        written = ' '.join(rel.text.split())  # one line, as written (repr doubled every backslash)

        def bad(problem: str) -> InputError:
            return InputError(f"the condition '{written}' {problem}", self.shown, link.line)
        (a, b), took = self.condition_sides(rel, ranges, bad)
        every: dict = {}  # A = A^\top, x > 0 of whole arrays: for every entry, at indices of their own
        if (isinstance(a, Array) or isinstance(b, Array)) and one:
            raise bad("compares whole arrays under 'or' or 'unless': write one entry, like y_i")
        if isinstance(a, Array) or isinstance(b, Array):
            try:
                # never a name a product's sum took (Y 1 = 1 at a row named k was Σ_k Y_kk = 1, the trace)
                taken = {str(k) for k in ranges} | taken_names(rel.text, declared_names(self.math)) | took
                a, b, every = _entrywise(a, b, taken)
            except ShapesDiffer:
                raise bad("compares arrays of different shapes") from None
            except ParseError as exc:
                raise bad(str(exc)) from None
        if a.has(sp.Derivative) or b.has(sp.Derivative):
            raise bad("holds a derivative: state it as a claim of its own")
        cond = RELATIONS[rel.rel](a, b)
        if cond in (sp.true, sp.false) and rel.rel != "=":
            raise bad("is always true or always false")
        stray = sorted(str(s) for s in (a - b).free_symbols if is_index(s) and s not in ranges and s not in every)
        if stray:
            # y_k >= 0 beside Σ_{k≠j} or Σ_{k=1}^{j}: for the summed k only, or for every k (y_j too)?
            # Read as every k it proved |y_j| = y_j beside Σ_{k≠j}: the writer must say which.
            whose = "sums over" if stray[0] in {str(s) for s in summed} else "does not have"
            raise bad(f"mentions index {stray[0]}, which the claim {whose} (a condition for every "
                      f"{stray[0]} belongs in the derive block's given)")
        return cond, a, b

    def joined(self, found: list, link) -> tuple[list, list, list]:
        """The relations of one condition and what follows it: ``(all of, any of, later annotations)``.

        ``x > 0 \\text{ and } y > 0`` adds a relation, ``x > 0 \\text{ or } x < 0`` makes them alternatives; any
        other words after it (``\\text{ and possibly } x < 0``) go back to ``annotated``, which refuses words beside
        a condition: dropped, they could narrow ``or`` to its first part and prove a claim the writer did not."""
        every, rest = list(found), list(found[-1].notes)
        alternatives: list = []
        while rest:
            kind, more = connective(plain(typed_relations(rest[0])))
            if kind is None:
                break
            nxt = self.condition_links(more, link)
            # 2 \le s \le m + 1 after \text{ and } is two more relations; after \text{ or }, one alternative must be one
            if not nxt or any(f.rel not in RELATIONS for f in nxt) or len(nxt) > 1 and kind != "and":
                raise InputError(f"cannot read the condition beside '{link.text}': '{' '.join(rest[0].split())}' "
                                 f"(one relation after \\text{{ {kind} }})", self.shown, link.line)
            if kind == "or":
                if len(every) > 1:
                    raise InputError(f"cannot read the condition beside '{link.text}': \\text{{ and }} and "
                                     f"\\text{{ or }} together (state it in the derive block's when)",
                                     self.shown, link.line)
                alternatives = (alternatives or every) + nxt
                every = []
            elif alternatives:
                raise InputError(f"cannot read the condition beside '{link.text}': \\text{{ or }} and "
                                 f"\\text{{ and }} together (state it in the derive block's when)",
                                 self.shown, link.line)
            else:
                every += nxt
            rest = list(nxt[-1].notes) + rest[1:]
        return every, alternatives, rest

    def condition_sides(self, rel, ranges: dict, bad) -> tuple[tuple, set[str]]:
        """Both sides of a condition, an ``I`` or ``\\mathbf{1}`` of unwritten size as large as the other side (A = I),
        and the index names reading them took (a product's summation index)."""
        read, took = [], set()
        for side, other in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
            try:
                read.append(self.condition_side(side, other, ranges, bad, took=took))
            except _Unclear:
                read.append(None)
        if None in read:
            known = next((v for v in read if isinstance(v, Array)), None)
            if known is None:
                raise bad("has no size to read an I or \\mathbf{1} at: write its size, like I_n")
            at = read.index(None)
            try:
                read[at] = self.condition_side((rel.lhs, rel.rhs)[at], (rel.rhs, rel.lhs)[at], ranges, bad,
                                               normal_shape(known.shape), took)
            except _Unclear as unclear:
                raise unclear.error from None
        return tuple(read), took

    def condition_side(self, side, other, ranges: dict, bad, like: tuple | None = None, took: set | None = None):
        """One side of a condition: a claim's index alone (``i`` in ``i \\ne j``) or any value; the index names its
        reading took are added to ``took``."""
        by_name = {str(k): k for k in ranges}
        if side.text in by_name:
            return by_name[side.text]
        try:
            value, names = self.side(side, like, elsewhere=frozenset(by_name))
        except InputError:
            if re.fullmatch(r"[A-Za-z]", side.text) and (other.text in by_name or other.text in self.file.labels):
                # k ≠ j, j ≠ y (a label): k, j no index of this claim
                raise bad(f"mentions index {side.text}, which the claim does not have") from None
            raise
        if took is not None:
            took |= {str(name) for name in names}
        return value

    def name(self, text: str) -> str:
        return numbered_on(text if len(text) <= MAX_NAME else text[:MAX_NAME - 1] + "…", self.names)

    def done(self) -> DerivationFile:
        return replace(self.file, claims=tuple(self.claims), unchecked=tuple(self.unchecked))


def _entrywise(a, b, taken: set) -> tuple:
    """``(entry of a, entry of b, their indices' ranges)`` of a relation of whole arrays (``A = A^\\top``), at indices
    none of ``taken``; a value against an array is every entry's (``x > 0``, ``z = 0``).  ``ShapesDiffer`` when the
    arrays' shapes differ."""
    if not isinstance(a, Array):
        a = Array(b.shape, lambda *_, value=a: value)
    if not isinstance(b, Array):
        b = Array(a.shape, lambda *_, value=b: value)
    return lowered(lambda: lower_pair(a, b, Fresh(taken)))


def _cut_before(note: str, written: str, later: str) -> str:
    """``note`` up to the end of its condition ``written``, before the annotation ``later`` that followed it there
    (``later`` is cut from ``written``, whose closing bracket may have been put back: no slice of ``note``)."""
    head = written[:written.find(later)].rstrip() if later in written else written
    at = note.find(head)
    return note[:at + len(head)] if head and at >= 0 else note



#: Annotations that would be dropped as prose but say more (in this order): refused, with what to write instead.
_PROSE_REFUSED = (
    # , \quad i \in \{2, \ldots, n\}, \text{where } i = 2, \ldots, n: dropped as prose, the claim was checked at
    # i = 1 too and refuted
    (dotted_range, r"cannot read the range beside '{link}': '{note}' (write the bounds it states: "
                        r"\text{{for }} 2 \le i \le n)"),
    # a condition's word before a comparison it cannot read (\forall x \in (0, 1), \text{if } x = y = 0)
    (restricts, r"cannot read the condition beside '{link}': '{note}' (write one relation per \text{{if}}, joined by "
                r"\text{{ and }} or \text{{ or }})"),
    (holds_equation, r"cannot read the equation in the words beside '{link}': '{note}' (an equation after words is not "
                     r"checked: for a condition write \text{{for }} or \text{{if }} before it; for a claim, put it in a "
                     r"display of its own, or after \quad)"),
    # f = 0 \quad \text{otherwise}: read as prose, the case was checked everywhere and refuted
    (otherwise, r"cannot read 'otherwise' beside '{link}': write the condition it stands for (\text{{if }} x \le 1), "
                r"or the cases as one \begin{{cases}}"),
    # |x| = x \quad \text{but not for } x < 0, \text{if } x \lesssim 0: dropped, the claim would be checked where it
    # was not meant
    (compares, r"cannot read the condition beside '{link}': '{note}' (state it with \text{{if}}, \text{{for}}, "
               r"\text{{unless}} … and one of = \ne < > \le \ge)"),
    (continues, r"cannot read the math beside '{link}': '{note}' (math after \quad or words is not part of the "
                r"equation: write it in the equation, or in a display of its own)"),
    # \text{for } i \text{ different from } j: dropped as prose, the claim was checked on the diagonal and refuted
    (worded, r"cannot read the condition beside '{link}': '{note}' (a condition told in words: write it in math, "
             r"\text{{for }} i \ne j, \text{{if }} \sum_i y_i = 1, or as a given of the derive block)"),
)

#: ``\\sum_{j>k}``, ``\\sum_{i<j}``, ``\\prod_{1 \\le i < j \\le n}``, ``\\sum_{i \\ne j}``: a sum whose indices depend on
#: which are free
#: a matrix typeset entry by entry (pmatrix, bmatrix, array …)
_MATRIX_LITERAL = re.compile(r"\\begin\s*\{(?:[pbBvV]?matrix|smallmatrix|array)\*?\}")
_ORDERED_SUM = re.compile(r"\\(?:sum|prod)\s*_\s*\{[^{}]*(?:<|>|\\(?:le|leq|ge|geq|lt|gt|ne|neq)(?![A-Za-z]))")


def _texts(link) -> set[str]:
    """The texts of a link's sides, as ``side`` keys them."""
    return {s.raw or s.text for s in (link.lhs, link.rhs)}


#: an entry at one index letter as written, x_t or x_{t} (not x_{t-1}, nor a macro's subscript)
_ENTRY_LETTER = re.compile(r"(?<![\\A-Za-z])[A-Za-z]_(?:([a-z])(?![A-Za-z])|\{\s*([a-z])\s*\})")


def _entry_letters(link) -> frozenset[str]:
    """The letters entries of ``link`` are written at (G_t of G_t - \\sum_{k=t}^{T} …): free indices, if any letter is."""
    return frozenset(a or b for side in (link.lhs, link.rhs) for a, b in _ENTRY_LETTER.findall(side.text))


def _free_names(value) -> frozenset[str]:
    """The names of the indices free in one side's value, ∂/∂x_k's k too (none for a whole array)."""
    if isinstance(value, Array):
        return frozenset()
    # SymPy counts a derivative's variables bound: x_k of ∂P/∂x_k is not among its free symbols, unless a
    # sum around the derivative binds k (Σ_{i≠j} ∂p_i/∂z_j names no free j)
    wrt = _differentiated(value, frozenset()) if value.has(sp.Derivative) else set()
    return frozenset(str(s) for s in value.free_symbols | wrt if is_index(s))


def _differentiated(value, bound: frozenset) -> set:
    """The symbols of the variables of every derivative in ``value`` that no sum (or product, max) around it binds."""
    if isinstance(value, sp.Derivative):
        own = {s for v in value.variables for s in v.free_symbols} - bound
        return own | _differentiated(value.expr, bound)
    if isinstance(value, BOUND):
        bound = bound | {limit[0] for limit in value.limits}
    return set().union(*(_differentiated(a, bound) for a in value.args)) if value.args else set()


class _Unclear(Exception):
    """A side's ``I`` or ``\\mathbf{1}`` has no size: the other side's shape may give it one (``error`` if not)."""

    def __init__(self, error: InputError):
        super().__init__(str(error))
        self.error = error


#: what an error message names as unreadable, to find its line within a multi-line side
_CULPRIT = re.compile(r"cannot read '([^']+)' here|cannot read (\\[A-Za-z]+)|unknown symbol '(\w+)'|"
                      r"unknown symbol (\\[A-Za-z]+)")


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:79] + "…"


#: A name with a superscript that tags it (``W^{[1]}``, ``a^{(2)}``, ``z^L``): one ``^``, no subscript.
_LAYER_TAG = re.compile(r"[^_^{}\s][^_^]*\^(\{[^_^{}]+\}|[A-Za-z0-9])")  # as braced: \sigma^2 = \sigma^{2}
#: A name whose subscript is part of it (``p_t``, ``L_\sigma``, ``h_{t-1}``, ``smooth_{L_1}``): one ``_``, no superscript.
_SUBSCRIPTED = re.compile(r"[^_^{}\s][^_^]*_(\{(?:[^_^{}]|\{[^_^{}]*\})+(_[^_^{}\s]|_\{[^_^{}]+\})?\}|\\[A-Za-z]+(\{[^_^{}]+\})?|"
                          r"[^_^{}\s\\])")  # \ell_\text{old}: a macro takes its argument unbraced


def _index_letters(f: DerivationFile) -> set[str]:
    """The index names the derive block's definitions use (``s[i]``, ``Σ_k``).

    Not those of a definition in matrix notation (``sigmoid(Wi @ x + bi)``): its indices are derive's own, and an
    LSTM's ``'W_i' = "Wi"`` was refused for an i no definition was written with."""
    out = set()
    for q in f.quantities.values():
        if q.defined and ("[" in q.text or "Sum(" in q.text or "Product(" in q.text or not q.text):
            out |= {str(k) for k in q.indices}
            # (only the sums written: "D[k]" = "diff(L, x[k])" carried out sums over indices derive chose, and
            # 'a_{i}' = "ai" was refused for an i no definition was written with)
            out |= {str(lim[0]) for s in q.definition.atoms(sp.Sum) for lim in s.limits
                    if re.search(rf"\b{re.escape(str(lim[0]))}\b", q.text)}
    return out


def _whole_name(written: str, value: str, shapes: dict, index_letters: set) -> bool:
    """True for a subscripted key that names a quantity whole: ``p_t``, ``c_t``, ``h_{t-1}``, ``W_{hh}``.

    A one-letter subscript on a vector or matrix that the definitions use as an index
    (``\\hat{y}_i`` = "s" beside ``s[i]``) reads as that index: such a key is refused, as it names
    the base's entry i, not the base.
    """
    low = script_key(written).partition("_")[2]
    return bool(_SUBSCRIPTED.fullmatch(written)) and (
        len(low) > 1 or not shapes.get(value) or low not in index_letters)


#: a [symbols] key's head, a function's macro however set, and what may follow it: scripts only
_FUNCTION_KEY = re.compile(r"(\\operatorname\*?\{[^{}]*\}|\\(?:mathrm|text|textrm|mbox)\{[^{}]*\}|\\[A-Za-z]+)"
                           r"((?:[_^](?:\{[^{}]*\}|[A-Za-z0-9]))*)")


def _function_key(key: str) -> str | None:
    """What a [symbols] key names that no quantity may take (``\\exp``, ``\\log_2``, ``\\operatorname*{exp}``,
    ``\\mathop{\\mathrm{exp}}``, ``\\tanh^2``: a function; ``\\partial``, ``\\mathrm{d}``: the differential),
    else None.  σ and Θ are letters as well as functions: notes name quantities so."""
    if key in ("\\partial", "\\mathrm{d}", "\\nabla"):
        return f"{key} is the differential"
    inner = re.fullmatch(r"\\mathop\{(.*)\}", key)
    m = _FUNCTION_KEY.fullmatch(inner.group(1) if inner else key)
    if m is None:
        return None
    head = m.group(1).replace("\\operatorname*{", "\\operatorname{")
    if head not in FUNCTION_MACROS or head.lstrip("\\") in GREEK:
        return None
    return f"{head} is the function {FUNCTION_MACROS[head]}"


def _symbols(table, part: Part, shown: str, shapes: dict, index_letters: set) -> dict[str, str]:
    """``[symbols]``: LaTeX as written → quantity name, or a function's (``'g' = "sigmoid"``); checked when used."""
    lines = Lines(part.text)
    if not isinstance(table, dict):
        raise InputError("[symbols] must be a table: '\\hat{y}' = \"yhat\"", shown, part.line)
    out = {}
    for key, value in table.items():
        line = part.line + lines.in_section("symbols", key) - 1
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,30}", value):
            raise InputError(f"[symbols] '{key}' must map to a quantity name (or a function's, like \"sigmoid\")",
                             shown, line)
        if re.match(r"\s*(?:\||\\[lr]?[vV]ert(?![A-Za-z])|\\\|)", key):
            # '|P|' = "P" was never looked up: |P| read as the absolute value of P, and true claims about SupCon's
            # count of positives refuted
            raise InputError(f"[symbols] '{key}': bars are read as an absolute value (or a norm), never looked up "
                             f"as a name; map the letter alone, and for a count written |P| write P in the notes, or "
                             f"give P >= 0", shown, line)
        # p(t \mid w) as the notes are read: the bar a comma (grammar.prepare)
        written = re.sub(r"\s+", "", MID.sub(",", braced_accents(font_switches(key))))
        if SIGN_SCRIPT.search(written):  # (the reader never takes x^{+} for a name: the mapping could not be used)
            raise InputError(f"[symbols] '{key}': {SIGN_SCRIPT_HINT}", shown, line)
        both = two_scripts_key(written)  # '\mathrm{MMD}_u^2': a name with both scripts
        if not written or ("^" in written and both is None and not _LAYER_TAG.fullmatch(written)) or \
                ("_" in written and not _whole_name(written if both is None else both.partition("^")[0], value,
                                                    shapes, index_letters)):
            # the table names the base a document writes (with a layer's superscript, W^{[1]}, or a
            # subscript that is part of the name, p_t); other subscripts index the quantity
            raise InputError(f"[symbols] '{key}': map the symbol without subscripts or powers "
                             f"(like '\\hat{{x}}' = \"xhat\"; \\hat{{x}}_i is then xhat's entry i; a layer's "
                             f"superscript may stay, 'W^{{[1]}}' = \"W1\", and a subscript that is part of the "
                             f"name and no index of the definitions, 'p_t' = \"pt\", 'h_{{t-1}}' = \"hp\")",
                             shown, line)
        plain_key = bold_free(written)
        function = _function_key(plain_key)
        if function is not None and construct_named(value) is None:
            # '\exp' = "a": \exp x read as a times x, so d/dx \exp x = a was proved; a function's name is no
            # quantity's (σ and Θ are letters, which notes do use for quantities), nor is a differential's d
            raise InputError(f"[symbols] '{key}' maps to {value}, but {function} in every note: give the quantity "
                             f"a symbol of its own", shown, line)
        letters = re.match(r"[A-Za-z]+", written)  # as typed: \mathbf{dO} and \mathrm{dZ} are one upright name
        if letters is not None and len(letters.group(0)) > 1:
            # 'xy' = "G" read x \, y as G (a false claim proved), and 'dZ^{[2]}' beside a size d was never applied:
            # d·Z2 was read, a false claim proved; letters side by side are a product in TeX, a name is upright
            raise InputError(f"[symbols] '{key}': letters side by side read as a product; write the name upright, "
                             f"'\\mathrm{{{letters.group(0)}}}{written[letters.end():]}' = \"{value}\", and so in "
                             f"the notes", shown, line)
        name = plain_key.lstrip("\\")
        if plain_key != written and name in shapes and name != value:
            # '\mathbf{x}' = "X" beside an input x: bold type is no part of a key, so every plain x would read as X
            raise InputError(f"[symbols] '{key}' maps to {value}, but bold type is no part of a key and {name} is "
                             f"declared too: every {plain_key} would read as {value} (give the quantities different "
                             f"letters)", shown, line)
        last = re.fullmatch(r"(\\[A-Za-z]+)(?:\s+|(?=\\)|\s*(?=[({]))(?:\\[,;: ]\s*)*(?:\\left\s*)?[({]?\s*"
                            r"\\?([A-Za-z]+)\s*(?:\\right\s*)?[)}]?", key.strip())  # \log z, \log(z), \log{z}
        if last is not None and last.group(1) in FUNCTION_MACROS and last.group(2) in shapes and \
                last.group(2) != value:
            # '\cos\phi' = "t" beside a declared φ: ∂cos φ/∂φ read ∂t/∂φ = 0 was proved, (cos θ)_j and cos θ_j
            # read as two quantities: the key gives the page's cos φ a second meaning
            raise InputError(f"[symbols] '{key}' maps to {value}, but {last.group(2)} is declared too: {plain_key} is "
                             f"then a function of it, which the key would read as another quantity (map the key "
                             f"only where {last.group(2)} is not declared, or write {value} itself)", shown, line)
        if name in shapes and name != value:
            # 'z' = "a" beside a defined z: every z of the notes read as a, and dL/dz = a - y was proved
            raise InputError(f"[symbols] '{key}' maps to {value}, but {name} is declared too: every {plain_key} would "
                             f"read as {value} (map another spelling, or give the quantities different letters)",
                             shown, line)
        base, _, low = script_key(plain_key).partition("_")
        base, low = base.lstrip("\\"), low.strip("{}")
        if shapes.get(base) and base != value and (low.isdigit() and int(low) >= 1 or low in index_letters):
            # (entries count from 1: Hastie's \beta_0, the intercept beside the vector β, is no entry)
            # 'u_1' = "c" beside a vector u: u_1 read as c, and u_i inside a sum as u's entry, one letter two ways
            raise InputError(f"[symbols] '{key}' maps to {value}, but {base} is a declared array: {plain_key} would "
                             f"read as {value} here and as {base}'s entry elsewhere (give the quantity another letter)",
                             shown, line)
        top = plain_key.split("^")[0].lstrip("\\")
        if top in shapes and re.search(r"\^\s*\{?\s*(T|\\top|\\intercal|\\mathsf\s*\{?\s*T\s*\}?)\s*\}?$", written):
            # 'A^T' = "A" beside a declared A: its transpose read as another quantity (or A itself) everywhere
            raise InputError(f"[symbols] '{key}': {top} is declared, so a superscript T on it is its transpose, not "
                             f"part of a name (give the other quantity its own letter)", shown, line)
        out[two_scripts_key(plain_key) or script_key(plain_key, "_" if "_" in written else "^")] = value
    lines_of = {script_key(bold_free(re.sub(r"\s+", "", k)), "^"): k for k in table}
    for key, value in out.items():
        square = out.get(f"{key}^2")
        if "^" not in key and "_" not in key and square is not None:
            # '\sigma' = "s" and '\sigma^2' = "v": \sigma^2 reads as v, so v = s² is never checked, nor \sigma^4
            raise InputError(f"[symbols] '{lines_of.get(key + '^2', key + '^2')}' maps to {square} and "
                             f"'{lines_of.get(key, key)}' to {value}: {key}^2 would read as {square}, "
                             f"never as the square of {value} (map one of them, and write the other as a power or a definition)",
                             shown, part.line + lines.in_section("symbols", lines_of.get(f"{key}^2", key)) - 1)
        base = key[:-2] if key.endswith("^2") else ""
        letter = base.lstrip("\\")
        tags = [k for k in out if k.startswith(base + "^") and k != key]  # 'z^1', 'z^2': layers, not powers
        if letter and "^" not in base and "_" not in base and letter in shapes and letter != value and base not in out \
                and not tags:
            # '\sigma^2' = "var" beside a defined sigma = √(var + ε): \sigma^2 read var, \sigma^4 sigma⁴, one letter
            # two ways (a batch-norm note's σ³ was proved with σ = √(var + ε), σ·σ = σ² refuted)
            raise InputError(f"[symbols] '{lines_of.get(key, key)}' maps to {value}, but {letter} is declared too: "
                             f"{base}^2 would read as {value}, never as the square of {letter}, while its other "
                             f"powers would (give the quantities different letters, or write {value} itself)",
                             shown, part.line + lines.in_section("symbols", lines_of.get(key, key)) - 1)
    return out


#: one side of a bracketed condition on indices: a letter (a label's entry, y_i or y^{(i)}), perhaps plus or minus a
#: number, or a number, or a size
_INDEX_SIDE = re.compile(r"(?P<letter>[a-z])(?P<entry>_\{?\s*[a-z]\s*\}?|\^\{\s*\(\s*[a-z]\s*\)\s*\})?"
                         r"(?:\s*[+-]\s*[0-9]+)?|[0-9]+|(?P<size>[A-Za-z]+)")


def _spellings(table: dict, quantities: set[str]) -> dict[str, str]:
    """Quantity -> the ``[symbols]`` key naming it (its first), spaces collapsed: how the author writes it.

    Keys of functions (``'g' = "sigmoid"``) are left out, and so is a spelling two quantities share
    or that is another quantity's own name: a report must never print two quantities alike.
    """
    first: dict[str, str] = {}
    for key, value in table.items():
        if value in quantities and value not in first:
            first[value] = " ".join(str(key).split())
    spelled = list(first.values())
    return {q: key for q, key in first.items() if spelled.count(key) == 1 and (key == q or key not in quantities)}


def read_document(path: str | Path) -> Document:
    """Read and validate a Markdown/LaTeX document; ``InputError`` ("file:line: problem") if it is bad."""
    path = Path(path)
    text = _read(path)
    parts, macros = _scanned(path, text)
    doc = Document(str(path), _title(path, text, macros), parts, macros=macros)
    ctx, skip, givens = None, False, []
    for n, part in enumerate(doc.parts):
        if part.kind == CONTEXT:
            if ctx is not None:
                doc.files.append(ctx.done())
            ctx, skip, givens = _Context(doc, part), False, []
            doc.maths.append(ctx.math)
            doc.spellings.append(ctx.spellings)
        elif ctx is None:
            continue
        elif part.kind == SKIP:
            skip = True
        elif part.kind == GIVEN:
            givens.append(ctx.given(part))
        elif part.kind == MATH:
            if not skip:
                names = ctx.block(part, tuple(givens))
                doc.claims_of[n] = [(len(doc.files), name) for name in names]
            skip, givens = False, []
    if ctx is None:
        raise InputError("no derive context: add a ```derive block (Markdown) or a derive environment / "
                         "%! derive lines (LaTeX) declaring sizes and quantities", str(path), 1)
    doc.files.append(ctx.done())
    return doc


def load_documents(path: str | Path) -> list[DerivationFile]:
    """The ``DerivationFile`` of each derive context of a document, in order."""
    return read_document(path).files


def load_any(path: str | Path, timeout: float | None = None) -> list[DerivationFile]:
    """A ``*.derive.toml`` file, or each context of a Markdown/LaTeX document (bounded like any load)."""
    from ..verify.fileformat import load_bounded
    from .grammar import parser
    if is_document(path):
        parser()  # built here, once, like the expression parser: a child's parser is gone with the child
    return load_bounded(path, load_unbounded, timeout)


def load_one(path: str | Path, timeout: float | None = None, context: int | None = None) -> DerivationFile:
    """The one derivation of a ``*.derive.toml`` file or of a document (show, codegen): its ``context``-th, from 1."""
    files = load_any(path, timeout)
    if context is not None:
        if not 1 <= context <= len(files):
            raise InputError(f"--context {context}: the file holds {len(files)} derive context(s)", str(path), 1)
        return files[context - 1]
    if len(files) != 1:
        if not files:
            raise InputError("holds no derive context", str(path), 1)
        starts = [min((c.line for c in f.claims), default=None) for f in files]  # tells the contexts apart
        listed = ", ".join(f"{n}" + (f" {f.title!r}" if f.title else "") +
                           (f" with claims from line {start}" if start else "")
                           for n, (f, start) in enumerate(zip(files, starts), 1))
        raise InputError(f"holds {len(files)} derive contexts ({listed}); choose one with --context N",
                         str(path), starts[1] or 1)
    return files[0]


def load_unbounded(path: str | Path, at=lambda line: None) -> list[DerivationFile]:
    """``load_any`` in this process, without a bound: only for a process that is itself bounded (a worker).

    ``at(line)`` is told the line being read of a ``*.derive.toml`` file.
    """
    from ..verify.fileformat import load_here
    return load_documents(path) if is_document(path) else [load_here(Path(path), at)]

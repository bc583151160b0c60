"""Loading ``*.derive.toml`` files: TOML → validated, parsed ``DerivationFile``, with line numbers.

Owns the file format: reading (size-bounded, UTF-8, ``tomllib``), checking every key and
type, parsing each expression with ``derive.verify.parser`` and each index range with
``derive.verify.ranges``.  ``tomllib`` keeps no positions, so ``Lines`` finds each key's
line by scanning the raw text.  Every problem raises ``InputError`` ("file:line: problem").
"""
from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import sympy as sp
from sympy import Expr, Symbol

from ..errors import InputError
from ..algebra.names import free_indices
from ..indexcalc import index
from ..language.arrays import InnerMismatch, ShapesDiffer
from ..language.build import parse_size, written_domain
from ..language.scope import UndefinedQuantity
from ..language.table import by_name
from ..model import size
from .mismatch import Mismatch, differing, undefined
from .parser import (ParseError, Scope, check_name, label_base, parse_array, parse_condition, parse_equation,
                     parse_expression)
from .lastentries import notes as last_entry_notes
from .ranges import _nonnegative, hold_where, index_ranges, left_ranges, name_the_side, ranges_apart

MAX_FILE_BYTES = 256 * 1024
MAX_FIXED_SIZE = 64
MAX_CLAIMS = 200
MAX_ENTRIES = 200  # per table ([sizes], [inputs], [define], given): each key's line is found by a scan
MAX_AXES = 4
TOP_KEYS = {"title", "given", "sizes", "inputs", "define", "claim", "labels", "loss", "batch"}
CLAIM_KEYS = {"name", "eq", "given", "when"}
ROLES = ("param", "data", "target", "hyper")
RELATION_RE = re.compile(r"<|>|!=|==")
EQUATION_RE = re.compile(r"(?<![=<>!])=(?!=)")  # one '=' between two sides (not part of <= >= == !=)
#: Functions (exp, log, tanh …) nested deeper than this are refused: SymPy's automatic
#: simplification of tanh(tanh(…)) grows exponentially with the depth (8 deep: seconds).
MAX_FUNCTION_DEPTH = 6
#: Calls that do not nest a transcendental function.
_STRUCTURAL = {"Sum", "delta", "diff", "where", "max", "min", "abs", "sign", "step", "relu", "clip"}
_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(|\(|\)")
KEY_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_]{0,30})(?:\[([^\]]*)\])?\Z")
#: A scalar key naming the argument(s) it is a function of: ``"Jhat(w)"``, ``"L(w,b)"`` (spaces removed first).
APPLIED_KEY_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_]{0,30})\(([^()]*)\)\Z")


def _did_you_mean(key: str) -> str:
    """A hint for a misspelt top-level key: ``[claims]`` is the classic one."""
    import difflib
    close = difflib.get_close_matches(key.lower(), sorted(TOP_KEYS), n=1, cutoff=0.6)
    if not close:
        return ""
    return "; did you mean [[claim]] (one table per claim)?" if close[0] == "claim" else f"; did you mean {close[0]!r}?"


def function_depth(text: str) -> int:
    """How deeply transcendental function calls nest in an expression's text (parentheses alone do not count)."""
    stack: list[bool] = []
    depth = 0
    for m in _TOKEN.finditer(text):
        if m.group(0) == ")":
            if stack:
                stack.pop()
            continue
        stack.append(bool(m.group(1)) and m.group(1) not in _STRUCTURAL)
        depth = max(depth, sum(stack))
    return depth


def _check_depth(text: str) -> None:
    if function_depth(text) > MAX_FUNCTION_DEPTH:
        raise ParseError(f"functions are nested more than {MAX_FUNCTION_DEPTH} deep "
                         f"(define an intermediate quantity in [define] instead)")


@dataclass(frozen=True)
class Given:
    """An equation the inputs satisfy, e.g. ``Sum(y[i], (i, 1, n)) = 1``."""

    lhs: Expr
    rhs: Expr
    text: str
    line: int


@dataclass(frozen=True)
class Condition:
    """A condition that holds for every value of its free indices: an inequality given (``T > 0``,
    ``y[i] >= 0``) or a claim's ``when`` (``j != c``)."""

    cond: object  # a SymPy Boolean (Lt, Ne, And, …)
    text: str
    line: int
    #: free index -> the size it runs over
    free: dict = field(default_factory=dict)


@dataclass(frozen=True)
class LabelSpec:
    """An integer label ``c`` in ``1..range`` (``shape`` ``()``), or one per sample (``shape`` ``(B,)``)."""

    name: str
    shape: tuple[Expr, ...]
    range: Expr
    line: int

    @property
    def base(self):
        """The label's SymPy object (a positive-integer Symbol or IndexedBase)."""
        return label_base(self.name, len(self.shape))

    @property
    def symbol(self) -> Symbol:
        """The label's name as a positive-integer Symbol (an IndexedBase's label): never an index."""
        return Symbol(self.name, integer=True, positive=True)


def size_comparisons(conditions, sizes: set):
    """The ``conditions`` that compare sizes and numbers alone (``n >= 3``, ``K <= n``), as one condition, or None."""
    found = [c for c in conditions if isinstance(c, (sp.Lt, sp.Le, sp.Gt, sp.Ge)) and c.free_symbols
             and c.free_symbols <= sizes]
    return sp.And(*found) if found else None


def conjunction(a, b):
    """The conjunction of two conditions, either of which may be None (no condition)."""
    return b if a is None else a if b is None else sp.And(a, b)


def kept_real_where(found: list, free, derivatives: bool = True) -> tuple:
    """``build.written_domain``'s conditions whose indices are all in ``free`` (the others, of a sum or of
    matrix notation, have no value where the claim is evaluated), each once; ``derivatives``: also those
    reading a ``diff`` (a claim's, which the search carries out; a definition's are evaluated as they stand)."""
    return tuple(dict.fromkeys(c for c in found if free_indices(c) <= set(free)
                               and (derivatives or not c.has(sp.Derivative))))


def single_label_ranges(labels: dict) -> dict:
    """Each single label (one value, not one per sample) and the range it runs over: ``c`` → n."""
    return {spec.base: spec.range for spec in labels.values() if not spec.shape}


def contraction_ranges(file: DerivationFile, claim: ClaimSpec) -> dict:
    """Each free index of ``claim`` and each single label of ``file`` → (1, its size): where a Kronecker delta with one
    contracts, as the prover contracts it (Σ_i δ_iy is 1 for the true class y in 1..K)."""
    ranges = {i: (sp.Integer(1), d) for i, d in claim.ranges.items()}
    ranges.update({c: (sp.Integer(1), r) for c, r in file.label_ranges.items()})
    return ranges


def per_sample_label_ranges(labels: dict) -> dict:
    """Each per-sample label's name and the range its entries run over: ``c`` (one per example) → K."""
    return {spec.name: spec.range for spec in labels.values() if spec.shape}


@dataclass(frozen=True)
class QuantitySpec:
    """An input (``definition`` is None) or a defined quantity ``name[indices] = definition``."""

    name: str
    shape: tuple[Expr, ...]
    line: int
    indices: tuple[Symbol, ...] = ()
    definition: Expr | None = None
    #: the definition as the user wrote it (shown; read again only by derive's own parser, for its denominators as written)
    text: str = ""
    #: the derivative a definition names (``δ_j = diff(E, a[j])``), as written; ``definition`` carries it out
    derivative: Expr | None = None
    #: where the definition as written has a real value, at each entry (``build.written_domain``)
    real_where: tuple = ()
    #: the quantities a scalar is declared a function of (``"Jhat(w)"``): notes' ``\hat{J}(w^*)`` is then its value
    #: at w = w*, and ``\hat{J}(w)`` the quantity itself (``derive.documents.applied``)
    arguments: tuple[str, ...] = ()

    @property
    def by_derivative(self) -> bool:
        """True for a name for a derivative: not a forward step of the model."""
        return self.derivative is not None

    @property
    def defined(self) -> bool:
        """True for a quantity given by ``[define]``."""
        return self.definition is not None


@dataclass(frozen=True)
class ClaimSpec:
    """One ``[[claim]]``: ``lhs = rhs`` for every free index in ``ranges`` (index → size)."""

    name: str
    line: int
    text: str
    lhs: Expr
    rhs: Expr
    givens: tuple[Given, ...]
    ranges: dict
    #: the claim's ``when``: it is checked and proved only where this holds
    when: Condition | None = None
    #: the claim's own inequality givens
    conditions: tuple[Condition, ...] = ()
    #: matrix notation: the indices derive named for the entry the claim is checked at
    entry: tuple[str, ...] = ()
    #: matrix notation with sides of different shapes: each side is then its own entry (refuted by the shapes)
    mismatch: Mismatch | None = None
    #: where the sides as written have real values: SymPy's simplification may have widened them
    #: (exp(log x) = |x| is x = |x| once built; the search must not refute it at x < 0)
    real_where: tuple = ()
    #: each entry at sizes alone, in words (``lastentries``): θ_{kj} with k the number of classes is the last row only
    last_entries: tuple[str, ...] = ()

    @property
    def shown(self) -> tuple[Expr | None, Expr | None]:
        """The sides a result shows: none for sides of different shapes (no entry of one is an entry of the other)."""
        return (None, None) if self.mismatch is not None else (self.lhs, self.rhs)


@dataclass(frozen=True)
class DerivationFile:
    """A loaded, validated derivation file."""

    path: str
    title: str
    sizes: dict[str, Expr]
    size_notes: dict[str, str]
    quantities: dict[str, QuantitySpec]
    givens: tuple[Given, ...]
    claims: tuple[ClaimSpec, ...]
    scope: Scope = field(repr=False, compare=False, default=None)
    labels: dict[str, LabelSpec] = field(default_factory=dict)
    #: inequality givens of the whole file (``T > 0``), honoured by the search and the prover
    conditions: tuple[Condition, ...] = ()
    #: ``loss = "L"``: the quantity code generation and reports differentiate ("" = inferred)
    loss: str = ""
    #: input name -> ``param``/``data``/``target`` as the file states it (others are inferred)
    roles: dict[str, str] = field(default_factory=dict)
    #: ``batch = "B"``: the size of the batch axis ("" = none stated)
    batch: str = ""
    #: (line, relation as written) of each display link a note states with a relation other than = (``0 < s_i``,
    #: ``s \\approx 1``): stated, not checked, and said so
    unchecked: tuple[tuple[int, str], ...] = ()

    @property
    def size_symbols(self) -> set:
        """Symbolic sizes (fixed sizes are plain integers)."""
        return {v for v in self.sizes.values() if isinstance(v, Symbol)}

    @property
    def size_bounds(self):
        """The comparisons given of sizes and numbers alone (``n >= 3``, ``K <= n``), as one condition, or None."""
        return size_comparisons([c.cond for c in self.conditions], self.size_symbols)

    @property
    def not_indices(self) -> set:
        """The integer symbols that are never free indices: the sizes and the labels (``δ_{iy}``, y a label)."""
        return self.size_symbols | {spec.symbol for spec in self.labels.values()}

    @property
    def label_ranges(self) -> dict:
        """Each single label and the range it runs over (``c`` → n): a delta with it contracts as with an index."""
        return single_label_ranges(self.labels)

    def definitions(self) -> list[tuple[Expr, Expr]]:
        """``(z[i], Sum(W[i, k]*x[k], (k, 1, m)))`` for every defined quantity, in file order (for reports).

        A name for a derivative is shown as the derivative it names, ``δ_j = ∂E/∂a_j``.
        """
        out = []
        for q in self.quantities.values():
            if q.defined:
                base = self.scope.base(q.name)
                out.append((base[q.indices] if q.indices else base,
                            q.derivative if q.derivative is not None else q.definition))
        return out

    @property
    def shapes(self) -> dict[str, tuple]:
        """Quantity name → shape."""
        return {q.name: q.shape for q in self.quantities.values()}

    @property
    def indexed_shapes(self) -> dict[str, tuple]:
        """The shape of all an index may stand on: quantities and per-sample labels (``t[b]`` gives b its range)."""
        return {**self.shapes, **{k: v.shape for k, v in self.labels.items()}}

    def free_index_ranges(self, expr: Expr, known: dict | None = None, last: list | None = None,
                          deferred: list | None = None, left: Expr | None = None) -> dict:
        """The range of each free index of ``expr``, read as a claim's is: labels' shapes and ranges known (those
        the claim's ``left`` side gives, ``left_ranges``, kept on the other side's longer axes)."""
        per_sample = per_sample_label_ranges(self.labels)
        within = None if left is None else left_ranges(left, self.indexed_shapes, self.not_indices, known,
                                                       self.label_ranges, per_sample)
        return index_ranges(expr, self.indexed_shapes, self.not_indices, known, self.label_ranges, last,
                            per_sample, deferred, within=within)


#: a given stating a quantity (or each of its entries) positive: ``p > 0``, ``0 < p``, ``w[i] > 0``
_POSITIVE_RE = re.compile(r"^\s*(?:([A-Za-z][A-Za-z0-9_]*)(?:\[([^\]]*)\])?\s*>\s*0|"
                          r"0\s*<\s*([A-Za-z][A-Za-z0-9_]*)(?:\[([^\]]*)\])?)\s*$")


def positive_names(givens, labels=(), sizes=()) -> frozenset:
    """Names a file-level given states positive in every entry: the bases a symbolic exponent may have (``p**gamma``).

    ``w[i] > 0`` states every entry; ``w[c] > 0`` for a label c, ``w[1] > 0`` or ``w[n] > 0`` for a size n
    states one, and ``W[i, i] > 0`` the diagonal only.
    """
    if not isinstance(givens, list):
        return frozenset()
    found = (_POSITIVE_RE.match(t) for t in givens if isinstance(t, str))
    out = set()
    for m in found:
        if m is None:
            continue
        name, inside = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        items = [i.strip() for i in (inside or "").split(",") if i.strip()]
        if len(set(items)) == len(items) and \
                all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", i) and i not in labels and i not in sizes for i in items):
            out.add(name)
    return frozenset(out)


class Lines:
    """Finds the line of a key in raw TOML text (tomllib gives none).

    One pass over the text indexes every table header and the first line of each key in
    each table, so finding a key's line costs a dictionary lookup: loading stays linear in
    the file's size, whatever the number of keys.
    """

    HEADER = re.compile(r"^\s*\[")
    KEY = re.compile(r"""^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")
    TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]")
    CLAIM = re.compile(r"^\s*\[\[\s*claim\s*\]\]")
    #: any header's first name: [x], [[x]], [x.y], [[x.y]]
    FIRST = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_-]+)\s*[\].]")

    def __init__(self, text: str):
        self.lines = text.splitlines()
        #: segment start line (0: before any header) -> key -> its first line (1-based)
        self.keys: dict[int, dict[str, int]] = {0: {}}
        self.sections: dict[str, int] = {}
        #: top-level name -> the line of the first header under it, whatever its kind (for a misspelt [[clam]])
        self.headers: dict[str, int] = {}
        self.claims: list[int] = []
        segment = 0
        for n, ln in enumerate(self.lines, start=1):
            if self.HEADER.match(ln) and not re.match(r"^\s*\[\s*[\"'\d-]", ln):
                segment = n
                self.keys[segment] = {}
                if (m := self.FIRST.match(ln)):
                    self.headers.setdefault(m.group(1), n)
                if self.CLAIM.match(ln):
                    self.claims.append(n)
                elif (m := self.TABLE.match(ln)) and m.group(1) not in self.sections:
                    self.sections[m.group(1)] = n
                continue
            m = self.KEY.match(ln)
            if m:
                key = next(g for g in m.groups() if g is not None)
                self.keys[segment].setdefault(key, n)

    def _key_in(self, segment: int, key: str) -> int | None:
        return self.keys.get(segment, {}).get(key)

    def top(self, key: str) -> int:
        """Line of a top-level key (before the first table)."""
        return self._key_in(0, key) or 1

    def section(self, name: str) -> int:
        """Line of the ``[name]`` header (1 if absent)."""
        return self.sections.get(name, 1)

    def in_section(self, name: str, key: str) -> int:
        """Line of ``key`` inside table ``[name]``."""
        start = self.sections.get(name)
        return (self._key_in(start, key) if start else None) or self.section(name)

    def claim(self, n: int) -> int:
        """Line of the n-th (0-based) ``[[claim]]`` header."""
        return self.claims[n] if n < len(self.claims) else 1

    def in_claim(self, n: int, key: str) -> int:
        """Line of ``key`` inside the n-th ``[[claim]]``."""
        start = self.claim(n)
        return self._key_in(start, key) or start


def _read(path: Path) -> str:
    shown = str(path)
    try:
        # Opened without blocking and checked before reading: a pipe with no writer would block forever, and a
        # device (a link to /dev/zero) reports size 0 and never ends; at most one byte past the limit is read.
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise InputError("not a regular file", shown, 0)
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", shown, 0) from None
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(f"file is larger than {MAX_FILE_BYTES // 1024} KiB", shown, 1)
    try:
        # A byte-order mark (editors on Windows add one) is not part of the TOML.
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InputError("file is not valid UTF-8", shown, line) from None


def _toml(text: str, shown: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column \d+\)", msg)
        line = int(m.group(1)) if m else 1
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg).strip() or "invalid TOML"
        raise InputError(f"malformed TOML: {msg}", shown, line) from None
    except RecursionError:
        raise InputError("malformed TOML: nested too deeply", shown, 1) from None


class _Loader:
    def __init__(self, path: Path, text: str, data: dict, at=lambda line: None):
        self.shown, self.lines, self.data = str(path), Lines(text), data
        #: told each line before its expression is parsed (so a loader running out of time can say where)
        self.at = at

    def fail(self, message: str, line: int):
        raise InputError(message, self.shown, line)

    def expect(self, value, kind, what: str, line: int):
        if not isinstance(value, kind) or isinstance(value, bool):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            self.fail(f"{what} must be a {names}, got {type(value).__name__}", line)
        return value

    def _misplaced_top_keys(self, d: dict) -> None:
        """A top-level key written under a section (TOML puts it in that section): say so."""
        for section in ("sizes", "inputs", "labels", "define"):
            table = d.get(section)
            if not isinstance(table, dict):
                continue
            for key in ("given", "title", "loss", "batch"):
                if key in table and key not in d and (section != "define" or not isinstance(table[key], str)):
                    self.fail(f"{key!r} is inside [{section}]: TOML puts every key after a [section] line into "
                              f"that section; write {key} = … above the first [section]",
                              self.lines.in_section(section, key))

    def load(self) -> DerivationFile:
        d = self.data
        for key in d:
            if key not in TOP_KEYS:
                self.fail(f"unknown key {key!r} (allowed: {', '.join(sorted(TOP_KEYS))}){_did_you_mean(key)}",
                          self._key_line(key))
        self._misplaced_top_keys(d)
        title = self.expect(d.get("title", ""), str, "title", self.lines.top("title"))
        for table in ("sizes", "inputs", "define", "given", "labels"):
            if isinstance(d.get(table), (dict, list)) and len(d[table]) > MAX_ENTRIES:
                self.fail(f"more than {MAX_ENTRIES} entries in {table}", self._key_line(table))
        sizes, notes = self.sizes(d.get("sizes", {}))
        self.size_notes_ = notes  # what each size counts, for a claim's note on an entry at a size
        labels = self.labels(d.get("labels", {}), sizes)
        scope = Scope(quantities={}, sizes=sizes, labels={k: v.shape for k, v in labels.items()},
                      positive=positive_names(d.get("given", []), labels, sizes))
        quantities: dict[str, QuantitySpec] = {}
        self.labels_ = labels
        self.roles_: dict[str, str] = {}
        self.inputs(d.get("inputs", {}), sizes, scope, quantities)
        # bounds on inputs alone (p < 1) let a definition's symbolic power stand on 1 - p, as a claim's may
        scope.exceeding.extend(self._input_bounds(d.get("given", []), scope))
        # bounds on sizes alone (n >= 3, K <= n) keep a definition's sums on their ranges, as a claim's condition does
        self.size_bounds_ = self._size_bounds(d.get("given", []), scope, sizes)
        self.given_texts = d.get("given", []) if isinstance(d.get("given", []), list) else []
        self.defines(d.get("define", {}), sizes, scope, quantities)
        # Labels are not indices: they are values drawn in their range, so index ranges skip them.
        syms = {v for v in sizes.values() if isinstance(v, Symbol)} | {v.symbol for v in labels.values()}
        # A per-sample label c[b] gives b its range, like an array axis would.
        shapes = {**{q.name: q.shape for q in quantities.values()}, **{k: v.shape for k, v in labels.items()}}
        self._shapes = shapes
        self.conditions_: list = []
        if isinstance(d.get("given"), dict):  # a [given] table of named entries: its header is the line to name
            self.fail('[given] is a table here; write the givens as one list above the first [section]: '
                      'given = ["a < b"]', self.lines.section("given"))
        givens = self.givens(d.get("given", []), self.lines.top("given"), scope, shapes, syms)
        conditions = tuple(self.conditions_)
        scope.exceeding.extend(c.cond.gts - c.cond.lts for c in conditions
                               if isinstance(c.cond, (sp.StrictGreaterThan, sp.StrictLessThan))
                               and c.cond.gts - c.cond.lts not in scope.exceeding)
        scope.at_least.extend(c.cond.gts - c.cond.lts for c in conditions
                              if isinstance(c.cond, (sp.GreaterThan, sp.LessThan)))
        # an equation, y^2 = 1, bounds both ways: y = 1 and y = -1 cover its values
        scope.at_least.extend(d for g in givens for d in (g.lhs - g.rhs, g.rhs - g.lhs))
        self.quantities_ = quantities
        claims = self.claims(d.get("claim", []), scope, shapes, syms)
        loss, batch = self.loss_and_batch(d, sizes, quantities)
        return DerivationFile(self.shown, title, sizes, notes, quantities, givens, claims, scope, labels,
                              conditions, loss, dict(self.roles_), batch)

    @staticmethod
    def _input_bounds(items, scope: Scope) -> list:
        """``a - b`` of each strict inequality given ``a > b`` that reads only what ``scope`` knows (``p < 1``: 1 - p)."""
        out = []
        for text in items if isinstance(items, list) else ():
            if isinstance(text, str) and RELATION_RE.search(text) and not EQUATION_RE.search(text):
                try:
                    cond = parse_condition(text, scope)
                except ParseError:
                    continue  # it reads a definition: read, and any error told, with the other givens
                if isinstance(cond, (sp.StrictGreaterThan, sp.StrictLessThan)):
                    out.append(cond.gts - cond.lts)
        return out

    @staticmethod
    def _size_bounds(items, scope: Scope, sizes: dict):
        """The comparisons given of sizes and numbers alone (``n >= 3``, ``K <= n``), as one condition, or None."""
        found = []
        for text in items if isinstance(items, list) else ():
            if isinstance(text, str) and RELATION_RE.search(text) and not EQUATION_RE.search(text):
                try:
                    found.append(parse_condition(text, scope))
                except ParseError:
                    continue  # read, and any error told, with the other givens
        return size_comparisons(found, {v for v in sizes.values() if isinstance(v, Symbol)})

    def _label_symbols(self) -> set:
        """The symbols of single labels (a claim's condition may read them: they have values at every point)."""
        return {v.symbol for v in self.labels_.values()}

    def _label_ranges(self) -> dict:
        """The labels read so far, for the range checks (a limit may lean on one: ∏_{k≠c})."""
        return single_label_ranges(self.labels_)

    def _key_line(self, key: str) -> int:
        if key in self.lines.sections:  # a table, known or misspelt: the line of its header
            return self.lines.section(key)
        if key in self.lines.headers:  # [[clam]], [clam.x]: its first header
            return self.lines.headers[key]
        return self.lines.top(key)

    def sizes(self, table) -> tuple[dict, dict]:
        line = self.lines.section("sizes")
        self.expect(table, dict, "[sizes]", line)
        sizes, notes = {}, {}
        for name, value in table.items():
            kline = self.lines.in_section("sizes", name)
            self._name(name, "size", kline)
            if isinstance(value, str):
                sizes[name], notes[name] = size(name), value
            elif isinstance(value, int) and not isinstance(value, bool):
                if not 1 <= value <= MAX_FIXED_SIZE:
                    self.fail(f"fixed size {name} = {value} must be between 1 and {MAX_FIXED_SIZE}", kline)
                sizes[name], notes[name] = sp.Integer(value), str(value)
            else:
                self.fail(f"size {name} must be a description string or a positive integer", kline)
        return sizes, notes

    def _name(self, name: str, what: str, line: int) -> None:
        try:
            check_name(name, what)
        except ParseError as exc:
            self.fail(str(exc), line)

    def _fresh_name(self, name: str, what: str, line: int, sizes: dict, quantities: dict) -> None:
        self._name(name, what, line)
        if name in sizes or name in quantities:
            self.fail(f"{what} {name!r} is already declared", line)

    def inputs(self, table, sizes: dict, scope: Scope, quantities: dict) -> None:
        self.expect(table, dict, "[inputs]", self.lines.section("inputs"))
        for name, dims in table.items():
            line = self.lines.in_section("inputs", name)
            self._fresh_name(name, "input", line, sizes, quantities)
            if name in self.labels_:
                self.fail(f"input {name!r} is already declared as a label", line)
            if isinstance(dims, dict):
                dims = self.input_table(name, dims, line)
            self.expect(dims, list, f"input {name} (a list of sizes)", line)
            if len(dims) > MAX_AXES:
                self.fail(f"input {name} has more than {MAX_AXES} axes", line)
            shape = []
            for dim in dims:
                if isinstance(dim, str) and dim in sizes:
                    shape.append(sizes[dim])
                elif isinstance(dim, int) and not isinstance(dim, bool) and 1 <= dim <= MAX_FIXED_SIZE:
                    shape.append(sp.Integer(dim))
                elif isinstance(dim, str) and any(op in dim for op in "+-*"):
                    shape.append(self.size_expression(name, dim, scope, line))
                else:
                    self.fail(f"input {name}: {dim!r} is not a declared size (declared: "
                              f"{', '.join(sizes) or 'none'})", line)
            quantities[name] = QuantitySpec(name, tuple(shape), line)
            scope.quantities[name] = len(shape)
            scope.shapes[name] = tuple(shape)

    def size_expression(self, name: str, dim: str, scope: Scope, line: int) -> Expr:
        """An axis written as sizes combined (a convolution's input, ``n + K - 1``), at least 1 for every size."""
        try:
            value = parse_size(dim, scope)
            if value.is_Integer and not 1 <= value <= MAX_FIXED_SIZE:
                raise ParseError(f"it is {value}: a size is 1 to {MAX_FIXED_SIZE}")
            if any(abs(c) > MAX_FIXED_SIZE for c in sp.expand(value).as_coefficients_dict().values()):
                raise ParseError(f"its numbers may be at most {MAX_FIXED_SIZE}, as a size written as a number")
            if not _nonnegative(value - 1):
                raise ParseError("it may be 0 or less for some sizes (declare it as a size of its own)")
            return sp.expand(value)
        except ParseError as exc:
            self.fail(f"input {name}: {dim!r}: {exc}", line)

    def defines(self, table, sizes: dict, scope: Scope, quantities: dict) -> None:
        self.expect(table, dict, "[define]", self.lines.section("define"))
        syms = {v for v in sizes.values() if isinstance(v, Symbol)}
        # A constant's name defined below (E, pi): above its definition it would read as the constant, silently
        later = [(m.group(1), key) for key in table if (m := KEY_RE.match(key.replace(" ", "")))
                 and by_name(m.group(1)) is not None and by_name(m.group(1)).kind == "constant"]
        for key, text in table.items():
            line = self.lines.in_section("define", key)
            applied = APPLIED_KEY_RE.match(key.replace(" ", ""))
            m = KEY_RE.match(applied.group(1) if applied else key.replace(" ", ""))
            if not m:
                self.fail(f"bad definition key {key!r}: write it like \"z[i]\", \"L\" or \"J(w)\"", line)
            name = m.group(1)
            if applied and not set(applied.group(2).split(",")) <= set(quantities):
                self.fail(f"bad definition key {key!r}: an entry is written \"z[i]\", a scalar as a function of "
                          f"quantities declared above it \"J(w)\"", line)
            later = [(c, k) for c, k in later if k != key]
            for constant, below in later:
                if isinstance(text, str) and re.search(rf"(?<![A-Za-z0-9_]){constant}(?![A-Za-z0-9_\[(])", text):
                    self.fail(f"definition of {key}: {constant} is defined below (line "
                              f"{self.lines.in_section('define', below)}), so here it would be the constant "
                              f"{constant}: definitions are read in order; define {constant} first", line)
            self._fresh_name(name, "defined quantity", line, sizes, quantities)
            if name in self.labels_:
                self.fail(f"defined quantity {name!r} is already declared as a label", line)
            idx_names = [s for s in (m.group(2) or "").split(",") if s] if m.group(2) is not None else []
            if m.group(2) is not None and not idx_names:
                self.fail(f"definition key {key!r} has empty brackets", line)
            for s in idx_names:
                self._name(s, "index", line)
                if s in sizes or s in quantities:
                    self.fail(f"index {s!r} in {key!r} clashes with a size or quantity", line)
            if len(set(idx_names)) != len(idx_names):
                self.fail(f"definition key {key!r} repeats an index", line)
            self.expect(text, str, f"definition of {key}", line)
            self.at(line)
            try:
                _check_depth(text)
                known: dict = {}
                with written_domain() as real_where:
                    if m.group(2) is None:
                        # An unindexed key may take a whole array (matrix notation): "a" = "V @ x".
                        expr, whole, shape = parse_array(text, scope)
                        idx_names = [str(s) for s in whole]
                        known = dict(zip(whole, shape))
                    else:
                        expr = parse_expression(text, scope, tuple(idx_names))
                label_syms = self._label_symbols()
                shapes = {**{q.name: q.shape for q in quantities.values()},
                          **{k: v.shape for k, v in self.labels_.items()}}
                known = {**_through_labels(expr, self.labels_), **known}
                # a window (x[i + 1]) or another axis never shorter (h[t] of T + 1 beside x[t] of T) keeps its key's
                # index on the positions every entry it reads has
                deferred = [] if self.size_bounds_ is not None else None  # (for the sizes given to settle)
                ranges = index_ranges(expr, shapes, syms | label_syms, known, self._label_ranges(), windows=True,
                                      nested=True, deferred=deferred)
                outside = hold_where(deferred, self.size_bounds_, {**self._label_ranges(), **ranges}) \
                    if deferred else None
                if outside is not None:
                    raise ParseError(str(outside))
                written = expr if expr.has(sp.Derivative) else None
                if written is not None:
                    # δ_j = ∂E/∂a_j: a name for a derivative, carried out along the definitions so far
                    expr = _carried_out(expr, quantities, ranges)
                self.check_labels(expr, quantities)
            except UndefinedQuantity as exc:
                if exc.name != name:
                    self.fail(f"definition of {key}: {exc}", line)
                # h[t] from h[t - 1]: derive reads no recursion (each quantity is defined once, from those above it)
                advice = (f"declare the step before as an input of its own (\"{name}prev\" in [inputs]) for one "
                          f"step's derivatives, or unroll the steps under names of their own ({name}1, {name}2, …)"
                          if idx_names else "each quantity is defined once, from the quantities above it")
                self.fail(f"definition of {key}: it reads {name} itself, and a recursive definition is not read; "
                          f"{advice}", line)
            except ParseError as exc:
                self.fail(f"definition of {key}: {exc}", line)
            idx = tuple(index(s) for s in idx_names)
            extra = set(ranges) - set(idx)
            if extra:
                self.fail(f"definition of {key}: free index {sorted(map(str, extra))[0]} is not in {key!r} "
                          f"and not bound by a Sum", line)
            for s in idx:
                if s not in ranges:
                    self.fail(f"definition of {key}: free index {s} has no range (it indexes no quantity)", line)
            shape = tuple(ranges[s] for s in idx)
            arguments = self.arguments(key, applied.group(2), name, expr, shape, quantities, line) if applied else ()
            quantities[name] = QuantitySpec(name, shape, line, idx, expr, text.strip(), written,
                                            kept_real_where(real_where, {*idx, *label_syms}, derivatives=False),
                                            arguments)
            scope.defined[name] = (idx, expr)
            scope.quantities[name] = len(shape)
            scope.shapes[name] = shape
            # bounds the givens set on it (focal loss's p_t < 1) let a power below stand on 1 - p_t, as on an input's
            mention = [t for t in self.given_texts
                       if isinstance(t, str) and re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", t)]
            scope.exceeding.extend(b for b in self._input_bounds(mention, scope) if b not in scope.exceeding)

    def arguments(self, key: str, listed: str, name: str, expr: Expr, shape: tuple, quantities: dict,
                  line: int) -> tuple[str, ...]:
        """The quantities a key ``"J(w)"`` declares its scalar a function of: each once, each one it depends on."""
        from ..documents.applied import dependencies
        names = tuple(listed.split(","))
        if shape:
            self.fail(f"definition key {key!r}: only a scalar is declared a function of its arguments", line)
        depends = dependencies(name, {**quantities, name: QuantitySpec(name, shape, line, (), expr)})
        for a in names:
            if a not in depends:
                self.fail(f"definition key {key!r}: {name} does not depend on its argument {a!r}", line)
        if len(set(names)) != len(names):
            self.fail(f"definition key {key!r} repeats an argument", line)
        return names

    def givens(self, items, line: int, scope: Scope, shapes: dict, syms: set) -> tuple[Given, ...]:
        self.expect(items, list, "given (a list of equations)", line)
        out = []
        for text in items:
            self.expect(text, str, "each given", line)
            self.at(line)
            if isinstance(text, str) and RELATION_RE.search(text) and not EQUATION_RE.search(text):
                # An inequality (or any condition): kept apart from the equations the prover rewrites with.
                self.conditions_.append(self.condition(text, f"given {text!r}", line, scope, shapes, syms))
                continue
            try:
                _check_depth(text)
                known: dict = {}
                lhs, rhs = parse_equation(text, scope, known)
                if lhs.has(sp.Derivative) or rhs.has(sp.Derivative):
                    raise ParseError("diff() is not allowed in a given")
                # Free indices are allowed: the given holds for every value of them (each row b).
                index_ranges(lhs - rhs, shapes, syms, known, self._label_ranges())
                self.check_labels(lhs - rhs)
            except ParseError as exc:
                self.fail(f"given {text!r}: {exc}", line)
            sizes = syms - self._label_symbols()
            if not (lhs - rhs).has(sp.Indexed, sp.Sum) and (lhs - rhs).free_symbols and \
                    (lhs - rhs).free_symbols <= sizes:
                # m = n relates sizes, not inputs: a condition on the sizes (as m == n), which the search keeps
                # to; as an equation the prover rewrites with, the counterexamples broke it (m = 2, n = 3).
                self.conditions_.append(Condition(sp.Eq(lhs, rhs), text.strip(), line, {}))
                continue
            out.append(Given(lhs, rhs, text.strip(), line))
        return tuple(out)

    def claims(self, items, scope: Scope, shapes: dict, syms: set) -> tuple[ClaimSpec, ...]:
        if not isinstance(items, list):
            # [claim] (one table) or claim = … (a key): at its own line
            self.fail("claim must be an array of tables: write [[claim]]",
                      self.lines.sections.get("claim") or self.lines.top("claim"))
        if len(items) > MAX_CLAIMS:
            self.fail(f"more than {MAX_CLAIMS} claims in one file", self.lines.claim(MAX_CLAIMS))
        out, names, semantics = [], set(), None
        for n, item in enumerate(items):
            head = self.lines.claim(n)
            self.expect(item, dict, "[[claim]]", head)
            for key in item:
                if key not in CLAIM_KEYS:
                    self.fail(f"unknown claim key {key!r} (allowed: eq, given, name, when)",
                              self.lines.in_claim(n, key))
            if "eq" not in item:
                self.fail("claim has no eq = \"lhs = rhs\"", head)
            name = item.get("name", f"claim {n + 1}")
            self.expect(name, str, "claim name", self.lines.in_claim(n, "name"))
            if not name.strip() or len(name) > 200 or any(ord(c) < 32 for c in name):
                self.fail("claim name must be 1-200 printable characters", self.lines.in_claim(n, "name"))
            if name in names:
                self.fail(f"duplicate claim name {name!r}", self.lines.in_claim(n, "name"))
            names.add(name)
            line = self.lines.in_claim(n, "eq")
            text = self.expect(item["eq"], str, "eq", line)
            self.at(line)
            deferred: list = []  # entries off an axis somewhere in an index's range, for the claim's when to settle
            try:
                _check_depth(text)
                lhs, rhs, known, mismatch, ranges, real_where, last = self._claim_sides(text, scope, shapes, syms,
                                                                                        deferred)
            except ParseError as exc:
                self.fail(f"claim {name!r}: {exc}", line)
            if semantics is None:
                from .semantics import Semantics  # here: semantics builds on this module
                semantics = Semantics(_Defined(dict(self.quantities_)))
            unread = semantics.unread_variable(sp.Add(lhs, rhs, evaluate=False))
            if unread is not None:
                self.fail(f"claim {name!r}: {unread}", line)
            self.conditions_ = []
            givens = self.givens(item.get("given", []), self.lines.in_claim(n, "given"), scope, shapes, syms)
            when = self.when(item, n, name, ranges, scope, shapes, syms)
            outside = hold_where(deferred, conjunction(when.cond if when is not None else None, self.size_bounds_),
                                 {**self._label_ranges(), **ranges}) if deferred else None
            if isinstance(outside, InnerMismatch):  # an index on two sizes its when does not settle: as with none
                try:
                    lhs, rhs, known, mismatch, ranges, real_where, last = self._claim_sides(text, scope, shapes, syms)
                except ParseError as exc:
                    self.fail(f"claim {name!r}: {exc}", line)
            elif outside is not None:
                self.fail(f"claim {name!r}: {outside}", line)
            equal = size_equalities(when.cond, syms - self._label_symbols()) \
                if mismatch is not None and when is not None else {}
            if equal:  # X v = X v when m == n: read again with the sizes the condition equates taken equal
                try:
                    again = self._claim_sides(text, replace(scope, shapes=_taken_equal(scope.shapes, equal)),
                                              _taken_equal(shapes, equal), syms)
                except ParseError:
                    again = None  # not formed even so: refuted by the shapes where the condition holds, if anywhere
                if again is not None and again[3] is None:
                    lhs, rhs, known, mismatch, ranges, real_where, last = again
            out.append(ClaimSpec(name, line, text.strip(), lhs, rhs, givens, ranges, when, tuple(self.conditions_),
                                 tuple(str(k) for k in known) if mismatch is None else (), mismatch,
                                 kept_real_where(real_where, {*ranges, *self._label_symbols()})
                                 if mismatch is None else (), last_entry_notes(last, self.size_notes_)))
        return tuple(out)


    def _claim_sides(self, text: str, scope: Scope, shapes: dict, syms: set, deferred: list | None = None) -> tuple:
        """(lhs, rhs, known, mismatch, ranges, real_where, last) of a claim's equation, or a ``ParseError``.

        A matrix claim is one claim per entry, at the indices ``known`` with their ranges; sides of
        different shapes, or a side with no value at some sizes, come back with their ``Mismatch``.
        """
        mismatch = None
        known: dict = {}  # a matrix claim: one claim per entry, at indices with known ranges
        try:
            with written_domain() as real_where:
                lhs, rhs = parse_equation(text, scope, known)
        except ShapesDiffer as exc:  # false as written: refuted by its shapes, the file's other claims checked
            lhs, rhs, known, mismatch = differing(exc)
        except InnerMismatch as exc:  # a side with no value at some sizes: refuted there, likewise
            lhs, rhs, known, mismatch = sp.Integer(0), sp.Integer(0), {}, undefined(exc)
        last: list = []
        # ∂y_i/∂x_i, y of n entries and x of n + 1: the claim is about y's entries, i in 1..n, on both sides
        within = left_ranges(lhs, shapes, syms, known, self._label_ranges(), per_sample_label_ranges(self.labels_))
        try:
            ranges = index_ranges(sp.Add(lhs, -rhs, evaluate=False), shapes, syms, known,
                                  self._label_ranges(), last, per_sample_label_ranges(self.labels_), deferred,
                                  within=within)
        except InnerMismatch as exc:  # an index on axes of two sizes: no value where they differ, likewise
            def ranges_of(e):
                return index_ranges(e, shapes, syms, known, self._label_ranges())
            ranges = ranges_apart((lhs, rhs), ranges_of)
            if mismatch is None:  # (a claim refuted by its shapes already stays so)
                name_the_side(exc, (lhs, rhs), ranges_of)
                lhs, rhs, known, mismatch = sp.Integer(0), sp.Integer(0), {}, undefined(exc)
        # walks diff() variables, which free_symbols omits; an index the left side has only in a delta
        # with a summed one (Σ_i f_i δ_ij) takes its range from the whole claim
        seen = {**known, **{s: r for s, r in ranges.items() if s in lhs.free_symbols}}
        # (which indices the left side has: its range checks were the whole claim's, above, settled by its when)
        on_left = index_ranges(lhs, shapes, syms, seen, self._label_ranges(),
                               deferred=[] if deferred is not None else None, within=within)
        only_right = sorted(str(s) for s in ranges if s not in on_left)
        if only_right and mismatch is None:
            raise ParseError(f"free index {only_right[0]} appears only on the right-hand side: the left "
                             f"side does not depend on it, so the claim would say the right side is "
                             f"the same for every {only_right[0]} (sum over it with Sum(…) or use it on the left)")
        self.check_labels(sp.Add(lhs, -rhs, evaluate=False))
        return lhs, rhs, known, mismatch, ranges, real_where, last


def _taken_equal(shapes: dict, equal: dict) -> dict:
    """Each shape with the sizes ``equal`` equates written as one (X of shape (n, m) is (n, n) for {m: n})."""
    return {k: tuple(d.xreplace(equal) if isinstance(d, sp.Basic) else d for d in v) for k, v in shapes.items()}


def size_equalities(cond, sizes: set) -> dict:
    """The sizes a condition equates, as a substitution: ``m == n`` (or ``m == n and k == 3``) gives {m: n}.

    Only an equation of a size symbol with an expression in the other sizes (or a number) counts; a
    condition that is not such equations alone gives {} (the claim is then read as written).
    """
    parts = cond.args if isinstance(cond, sp.And) else (cond,)
    out: dict = {}
    for part in parts:
        if not isinstance(part, sp.Eq) or not part.free_symbols <= sizes:
            return {}
        a, b = (part.lhs, part.rhs) if isinstance(part.lhs, Symbol) and part.lhs not in out else (part.rhs, part.lhs)
        if not isinstance(a, Symbol) or a in out or a in b.free_symbols:
            return {}
        out[a] = b
    # m == n and n == k: the sizes taken equal all name one, the last (no substitution leaves a name it removes)
    for _ in out:
        out = {k: v.xreplace(out) for k, v in out.items()}
    return out if all(not (set(out) & v.free_symbols) for v in out.values()) else {}


class _IssueElevenLoader(_Loader):
    """Labels, roles, ``loss``/``batch``, inequality givens and ``when`` (issue 11), kept apart from the core."""

    def labels(self, table, sizes: dict) -> dict[str, LabelSpec]:
        """``[labels]``: ``c = "n"`` (one label in 1..n) or ``c = { shape = ["B"], range = "n" }``."""
        line = self.lines.section("labels")
        self.expect(table, dict, "[labels]", line)
        out = {}
        for name, value in table.items():
            kline = self.lines.in_section("labels", name)
            self._fresh_name(name, "label", kline, sizes, {})
            dims, rng = [], value
            if isinstance(value, dict):
                extra = set(value) - {"shape", "range"}
                if extra or "range" not in value:
                    self.fail(f"label {name}: write {{ shape = [\"B\"], range = \"n\" }}", kline)
                dims, rng = self.expect(value.get("shape", []), list, f"label {name} shape", kline), value["range"]
                if len(dims) > 1:
                    self.fail(f"label {name}: at most one axis (one label per sample)", kline)
            if not (isinstance(rng, str) and rng in sizes):
                self.fail(f"label {name}: range {rng!r} is not a declared size", kline)
            for d in dims:
                if not (isinstance(d, str) and d in sizes):
                    self.fail(f"label {name}: {d!r} is not a declared size", kline)
            out[name] = LabelSpec(name, tuple(sizes[d] for d in dims), sizes[rng], kline)
        return out

    def input_table(self, name: str, table: dict, line: int) -> list:
        """``{ shape = [...], role = "param" }``: the shape, with the role recorded."""
        extra = set(table) - {"shape", "role"}
        if extra or "shape" not in table:
            self.fail(f"input {name}: write {{ shape = [...], role = \"param\" }} (unknown key "
                      f"{sorted(extra)[0]!r})" if extra else f"input {name}: the table needs shape = [...]", line)
        if "role" in table:
            role = table["role"]
            if role not in ROLES:
                self.fail(f"input {name}: role must be one of {', '.join(ROLES)}, got {role!r}", line)
            self.roles_[name] = role
        return table["shape"]

    def loss_and_batch(self, d: dict, sizes: dict, quantities: dict) -> tuple[str, str]:
        """``loss = "L"`` (a defined scalar) and ``batch = "B"`` (a declared symbolic size)."""
        loss = d.get("loss", "")
        if loss:
            self.expect(loss, str, "loss", self.lines.top("loss"))
            q = quantities.get(loss)
            if q is None or not q.defined or q.shape:
                self.fail(f"loss {loss!r} must name a scalar quantity defined in [define]", self.lines.top("loss"))
        batch = d.get("batch", "")
        if batch:
            self.expect(batch, str, "batch", self.lines.top("batch"))
            if not isinstance(sizes.get(batch), Symbol):
                self.fail(f"batch {batch!r} must name a symbolic size in [sizes]", self.lines.top("batch"))
        return loss, batch

    def condition(self, text: str, what: str, line: int, scope: Scope, shapes: dict, syms: set,
                  known: dict | None = None) -> Condition:
        """A parsed condition with the range of each free index (``known``: the claim's); labels stay labels."""
        try:
            cond = parse_condition(text, scope)
            if cond.has(sp.Derivative):
                raise ParseError("diff() is not allowed in a condition")
            if cond in (sp.true, sp.false):
                raise ParseError("the condition is always true or always false")
            parts = [a for rel in cond.atoms(sp.core.relational.Relational) for a in rel.args]
            # The claim's indices keep their ranges: each stands as an entry of a stand-in array of that size.
            stand_in = {f"_range_{k}": (v,) for k, v in (known or {}).items()}
            anchor = sp.Add(*[sp.IndexedBase(name)[k] for name, k in zip(stand_in, known or {})])
            deferred: list = []  # z_2 of z over 1..n in \text{for } n \ge 2 \text{ and } z_1 = z_2: in range where it holds
            free = index_ranges(sp.Add(*parts, anchor, evaluate=False), {**shapes, **stand_in}, syms,
                                labels=self._label_ranges(), deferred=deferred)
            outside = hold_where(deferred, cond, {**self._label_ranges(), **free}) if deferred else None
            if outside is not None:
                raise ParseError(str(outside))
            for part in parts:
                self.check_labels(part)
        except ParseError as exc:
            self.fail(f"{what}: {exc}", line)
        return Condition(cond, text.strip(), line, free)

    def when(self, item: dict, n: int, name: str, ranges: dict, scope: Scope, shapes: dict, syms: set):
        """The claim's ``when``; its indices must be the claim's own (or labels)."""
        if "when" not in item:
            return None
        line = self.lines.in_claim(n, "when")
        text = self.expect(item["when"], str, "when", line)
        if RELATION_RE.search(text) is None:
            self.fail(f"claim {name!r}: when must be a condition such as \"j != c\"", line)
        cond = self.condition(text, f"claim {name!r}: when", line, scope, shapes, syms, ranges)
        labels = {v.base for v in self.labels_.values() if not v.shape}
        # An index only the condition has would need a "for every" the claim does not state.
        stray = sorted(str(s) for s in cond.cond.free_symbols
                       if isinstance(s, Symbol) and s.is_integer and s not in ranges and s not in labels
                       and s not in syms)
        if stray:
            self.fail(f"claim {name!r}: when mentions index {stray[0]}, which the claim does not have", line)
        return cond

    def check_labels(self, expr: Expr, quantities: dict | None = None) -> None:
        """Every array entry indexed by a label: the label's range must be that axis's size."""
        shapes = {**getattr(self, "_shapes", {}), **{k: v.shape for k, v in self.labels_.items()},
                  **{q.name: q.shape for q in (quantities or {}).values()}}
        check_label_axes(expr, shapes, self.labels_)


def check_label_axes(expr: Expr, shapes: dict, labels: dict) -> None:
    """Every array entry of ``expr`` indexed by a label: the label's range must be that axis's size (else ``ParseError``)."""
    for e in expr.atoms(sp.Indexed):
        name = e.base.name
        for axis, idx in enumerate(e.indices):
            spec = labels.get(idx.base.name if isinstance(idx, sp.Indexed) else str(idx))
            if spec is None or not (isinstance(idx, sp.Indexed) or not spec.shape):
                continue
            dims = shapes.get(name)
            if dims is not None and axis < len(dims) and sp.simplify(dims[axis] - spec.range) != 0:
                raise ParseError(f"label {spec.name} runs over 1..{spec.range} but indexes {name} axis "
                                 f"{axis + 1} (size {dims[axis]})")


#: Seconds loading one file may take (parsing, range checks), unless the caller gives a budget.
LOAD_TIMEOUT = 10.0
#: A claim budget below this still gives loading this long (forking and parsing a small file on a busy machine).
MIN_LOAD_TIMEOUT = 5.0


def _through_labels(expr: Expr, labels: dict) -> dict:
    """Ranges of the indices that index nothing but meet a label in a delta: k in ``delta(k, y)`` runs
    over the true class y's range (a one-hot target, ``t[k] = delta(k, y)``), as k in ``delta(k, t[b])``
    runs over the range of a label per sample; so does k compared with one (``where(k == y, 1 - ε, ε/(K - 1))``)."""
    by_symbol = {spec.symbol: spec.range for spec in labels.values() if not spec.shape}
    per_row = {spec.name: spec.range for spec in labels.values() if spec.shape}

    def label_range(e: Expr) -> Expr | None:
        if isinstance(e, sp.Indexed):
            return per_row.get(e.base.name)
        return by_symbol.get(e)

    indexing = {i for e in expr.atoms(sp.Indexed) if e.base.name not in per_row for i in e.indices}
    # a summation index has its sum's range: Sum(Δ, (j, 1, n), j != y) reads δ(j, y) and no entry at j
    indexing |= {lim[0] for e in expr.atoms(sp.Sum, sp.Product) for lim in e.limits}
    out: dict = {}
    for d in expr.atoms(sp.KroneckerDelta, sp.Eq, sp.Ne):
        for idx, other in (d.args[:2], d.args[1::-1]):
            if label_range(other) is not None and isinstance(idx, Symbol) and idx not in by_symbol \
                    and idx not in indexing:
                out.setdefault(idx, label_range(other))
    return out


def load_here(path: Path, at=lambda line: None) -> DerivationFile:
    """Read and validate one derivation file in this process, unbounded (``load_file`` bounds it);
    ``at(line)`` is told the line being read."""
    text = _read(path)
    data = _toml(text, str(path))
    try:
        return _IssueElevenLoader(path, text, data, at).load()
    except RecursionError:
        raise InputError("input is nested too deeply", str(path), 1) from None


def _describe(exc: BaseException):
    if isinstance(exc, InputError):
        return (exc.message, exc.file, exc.line)
    return (f"internal error while loading: {type(exc).__name__}", None, 0)


#: what a notebook given where a derivation file is read is told
NOT_A_NOTEBOOK = ("a notebook is not a derivation file: derive reads *.derive.toml and Markdown or LaTeX notes (in a "
                  "notebook, derive is used as a library: see the README)")


def load_file(path: str | Path, timeout: float | None = None) -> DerivationFile:
    """Read and validate one derivation file; ``InputError`` ("file:line: problem") if it is bad.

    Parsing runs in a worker process (``run_kept``) bounded by ``timeout`` seconds (default ``LOAD_TIMEOUT``, at least
    ``MIN_LOAD_TIMEOUT``) and
    the worker memory cap: SymPy can spend minutes building a hostile expression, and a file
    must not hold a CI job longer than its budget.
    """
    return load_bounded(Path(path), load_here, timeout)


def load_bound(timeout: float | None = None) -> float:
    """Seconds one load may take under the budget ``timeout`` (None: the default)."""
    return max(timeout or LOAD_TIMEOUT, MIN_LOAD_TIMEOUT)


def over_budget(path: Path, reason: str, line: int | None) -> InputError:
    """The error for a load that ran out of time or memory (``reason``) at ``line``."""
    return InputError(f"loading {reason}: an expression here is too complex", str(path), line or 1)


def load_bounded(source: str | Path, load: Callable[[Any, Callable[[Any], None]], Any], timeout: float | None = None):
    """``load(source, at)`` for the file at ``source``, in a worker process bounded like ``load_file``.

    ``load`` is a module-level function (it travels to the worker this process keeps: ``run_kept``).
    """
    from ..language.grammar import parser
    from .bounded import ChildFailed, OutOfBudget, run_kept
    path = Path(source)
    # A path of the caller's own class travels to the worker as what it names (the worker may not know the class).
    source = source if isinstance(source, (str, Path)) else path
    if path.suffix.lower() == ".ipynb":  # show, report, codegen: as check says it (read as TOML it was "malformed")
        raise InputError(NOT_A_NOTEBOOK, str(path), 0)
    _read(path)  # a missing or oversized file is reported here, without a child
    parser()  # built here, once: a child's parser is gone with the child
    try:
        return run_kept(load, source, load_bound(timeout), _describe)
    except OutOfBudget as exc:
        raise over_budget(path, exc.reason, exc.progress) from None
    except ChildFailed as exc:
        message, file, line = exc.error
        raise InputError(message, file if file is not None else str(path), line) from None


class _Defined:
    """The quantities declared so far, as ``Semantics`` reads a file (for a definition by a derivative)."""

    def __init__(self, quantities: dict):
        self.quantities = quantities


def _carried_out(expr: Expr, quantities: dict, ranges: dict) -> Expr:
    """``expr`` with each ``diff(A, B)`` carried out along the quantities defined before it, deltas contracted."""
    from .semantics import Semantics  # here: semantics builds on this module
    semantics = Semantics(_Defined(dict(quantities)))
    why = semantics.unread_variable(expr)
    if why is not None:
        raise ParseError(why)
    done = semantics.resolve(expr)
    if done.has(sp.Derivative):
        raise ParseError("a derivative in a definition must be of a quantity by an input's or a quantity's "
                         "entry, like diff(E, a[j])")
    from ..algebra import contracted
    # Summation indices named as a textbook names them (k, l, …), not the resolver's dummies.
    return contracted(done, {i: (sp.Integer(1), d) for i, d in ranges.items()}, avoid=ranges)


def load_context(text: str, shown: str, first_line: int = 1,
                 extra_keys: frozenset = frozenset()) -> tuple[DerivationFile, dict]:
    """A context (this file format) written inside another document: ``text`` starts at line ``first_line``.

    Keys in ``extra_keys`` (e.g. a Markdown document's ``symbols``) are taken out and returned raw;
    every error names the document and its own line.
    """
    try:
        if len(text.encode("utf-8")) > MAX_FILE_BYTES:
            raise InputError(f"context is larger than {MAX_FILE_BYTES // 1024} KiB", shown, 1)
        data = _toml(text, shown)
        extras = {k: data.pop(k) for k in sorted(extra_keys) if k in data}
        f = _IssueElevenLoader(Path(shown), text, data).load()
        # a [[claim]] of the context is reported at its line in the document, as its errors are
        return replace(f, claims=tuple(replace(c, line=c.line + first_line - 1) for c in f.claims)), extras
    except InputError as exc:
        raise InputError(exc.message, shown, max(exc.line, 1) + first_line - 1) from None
    except RecursionError:
        raise InputError("input is nested too deeply", shown, first_line) from None

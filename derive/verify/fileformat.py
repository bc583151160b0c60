"""Loading ``*.derive.toml`` files: TOML → validated, parsed ``DerivationFile``, with line numbers.

Owns the file format: reading (size-bounded, UTF-8, ``tomllib``), checking every key and
type, parsing each expression with ``derive.verify.parser`` and each index range with
``derive.verify.ranges``.  ``tomllib`` keeps no positions, so ``Lines`` finds each key's
line by scanning the raw text.  Every problem raises ``InputError`` ("file:line: problem").
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import sympy as sp
from sympy import Expr, Symbol

from ..errors import InputError
from ..indexcalc import index
from ..model import size
from .parser import ParseError, Scope, check_name, parse_equation, parse_expression
from .ranges import index_ranges

MAX_FILE_BYTES = 256 * 1024
MAX_FIXED_SIZE = 64
MAX_CLAIMS = 200
MAX_ENTRIES = 200  # per table ([sizes], [inputs], [define], given): each key's line is found by a scan
MAX_AXES = 4
TOP_KEYS = {"title", "given", "sizes", "inputs", "define", "claim"}
CLAIM_KEYS = {"name", "eq", "given"}
#: Functions (exp, log, tanh …) nested deeper than this are refused: SymPy's automatic
#: simplification of tanh(tanh(…)) grows exponentially with the depth (8 deep: seconds).
MAX_FUNCTION_DEPTH = 6
#: Calls that do not nest a transcendental function.
_STRUCTURAL = {"Sum", "delta", "diff", "where", "max", "min", "abs", "sign", "step", "relu", "clip"}
_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(|\(|\)")
KEY_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_]{0,30})(?:\[([^\]]*)\])?$")


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
class QuantitySpec:
    """An input (``definition`` is None) or a defined quantity ``name[indices] = definition``."""

    name: str
    shape: tuple[Expr, ...]
    line: int
    indices: tuple[Symbol, ...] = ()
    definition: Expr | None = None
    #: the definition as the user wrote it (for display only; never parsed again)
    text: str = ""

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

    @property
    def size_symbols(self) -> set:
        """Symbolic sizes (fixed sizes are plain integers)."""
        return {v for v in self.sizes.values() if isinstance(v, Symbol)}

    def definitions(self) -> list[tuple[Expr, Expr]]:
        """``(z[i], Sum(W[i, k]*x[k], (k, 1, m)))`` for every defined quantity, in file order."""
        out = []
        for q in self.quantities.values():
            if q.defined:
                base = self.scope.base(q.name)
                out.append((base[q.indices] if q.indices else base, q.definition))
        return out

    @property
    def shapes(self) -> dict[str, tuple]:
        """Quantity name → shape."""
        return {q.name: q.shape for q in self.quantities.values()}


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

    def __init__(self, text: str):
        self.lines = text.splitlines()
        #: segment start line (0: before any header) -> key -> its first line (1-based)
        self.keys: dict[int, dict[str, int]] = {0: {}}
        self.sections: dict[str, int] = {}
        self.claims: list[int] = []
        segment = 0
        for n, ln in enumerate(self.lines, start=1):
            if self.HEADER.match(ln) and not re.match(r"^\s*\[\s*[\"'\d-]", ln):
                segment = n
                self.keys[segment] = {}
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
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(f"file is larger than {MAX_FILE_BYTES // 1024} KiB", shown, 1)
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", shown, 0) from None
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

    def load(self) -> DerivationFile:
        d = self.data
        for key in d:
            if key not in TOP_KEYS:
                self.fail(f"unknown key {key!r} (allowed: {', '.join(sorted(TOP_KEYS))})", self._key_line(key))
        title = self.expect(d.get("title", ""), str, "title", self.lines.top("title"))
        for table in ("sizes", "inputs", "define", "given"):
            if isinstance(d.get(table), (dict, list)) and len(d[table]) > MAX_ENTRIES:
                self.fail(f"more than {MAX_ENTRIES} entries in {table}", self._key_line(table))
        sizes, notes = self.sizes(d.get("sizes", {}))
        scope = Scope(quantities={}, sizes=sizes)
        quantities: dict[str, QuantitySpec] = {}
        self.inputs(d.get("inputs", {}), sizes, scope, quantities)
        self.defines(d.get("define", {}), sizes, scope, quantities)
        syms = {v for v in sizes.values() if isinstance(v, Symbol)}
        shapes = {q.name: q.shape for q in quantities.values()}
        givens = self.givens(d.get("given", []), self.lines.top("given"), scope, shapes, syms)
        claims = self.claims(d.get("claim", []), scope, shapes, syms)
        return DerivationFile(self.shown, title, sizes, notes, quantities, givens, claims, scope)

    def _key_line(self, key: str) -> int:
        if key in ("sizes", "inputs", "define"):
            return self.lines.section(key)
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
            self.expect(dims, list, f"input {name} (a list of sizes)", line)
            if len(dims) > MAX_AXES:
                self.fail(f"input {name} has more than {MAX_AXES} axes", line)
            shape = []
            for dim in dims:
                if isinstance(dim, str) and dim in sizes:
                    shape.append(sizes[dim])
                elif isinstance(dim, int) and not isinstance(dim, bool) and 1 <= dim <= MAX_FIXED_SIZE:
                    shape.append(sp.Integer(dim))
                else:
                    self.fail(f"input {name}: {dim!r} is not a declared size (declared: "
                              f"{', '.join(sizes) or 'none'})", line)
            quantities[name] = QuantitySpec(name, tuple(shape), line)
            scope.quantities[name] = len(shape)

    def defines(self, table, sizes: dict, scope: Scope, quantities: dict) -> None:
        self.expect(table, dict, "[define]", self.lines.section("define"))
        syms = {v for v in sizes.values() if isinstance(v, Symbol)}
        for key, text in table.items():
            line = self.lines.in_section("define", key)
            m = KEY_RE.match(key.replace(" ", ""))
            if not m:
                self.fail(f"bad definition key {key!r}: write it like \"z[i]\" or \"L\"", line)
            name = m.group(1)
            self._fresh_name(name, "defined quantity", line, sizes, quantities)
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
                expr = parse_expression(text, scope)
                if expr.has(sp.Derivative):
                    raise ParseError("diff() is only allowed in claims, not in [define]")
                ranges = index_ranges(expr, {q.name: q.shape for q in quantities.values()}, syms)
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
            quantities[name] = QuantitySpec(name, shape, line, idx, expr, text.strip())
            scope.quantities[name] = len(shape)

    def givens(self, items, line: int, scope: Scope, shapes: dict, syms: set) -> tuple[Given, ...]:
        self.expect(items, list, "given (a list of equations)", line)
        out = []
        for text in items:
            self.expect(text, str, "each given", line)
            self.at(line)
            try:
                _check_depth(text)
                lhs, rhs = parse_equation(text, scope)
                if lhs.has(sp.Derivative) or rhs.has(sp.Derivative):
                    raise ParseError("diff() is not allowed in a given")
                free = index_ranges(lhs - rhs, shapes, syms)
                if free:
                    raise ParseError(f"a given must not have free indices (found {sorted(map(str, free))[0]})")
            except ParseError as exc:
                self.fail(f"given {text!r}: {exc}", line)
            out.append(Given(lhs, rhs, text.strip(), line))
        return tuple(out)

    def claims(self, items, scope: Scope, shapes: dict, syms: set) -> tuple[ClaimSpec, ...]:
        if not isinstance(items, list):
            self.fail("claim must be an array of tables: write [[claim]]", self.lines.top("claim"))
        if len(items) > MAX_CLAIMS:
            self.fail(f"more than {MAX_CLAIMS} claims in one file", self.lines.claim(MAX_CLAIMS))
        out, names = [], set()
        for n, item in enumerate(items):
            head = self.lines.claim(n)
            self.expect(item, dict, "[[claim]]", head)
            for key in item:
                if key not in CLAIM_KEYS:
                    self.fail(f"unknown claim key {key!r} (allowed: eq, given, name)", self.lines.in_claim(n, key))
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
            try:
                _check_depth(text)
                lhs, rhs = parse_equation(text, scope)
                ranges = index_ranges(sp.Add(lhs, -rhs, evaluate=False), shapes, syms)
                on_left = index_ranges(lhs, shapes, syms)  # walks diff() variables, which free_symbols omits
                only_right = sorted(str(s) for s in ranges if s not in on_left)
                if only_right:
                    raise ParseError(f"free index {only_right[0]} appears only on the right-hand side: the left "
                                     f"side does not depend on it, so the claim would say the right side is "
                                     f"the same for every {only_right[0]} (sum over it with Sum(…) or use it on the left)")
            except ParseError as exc:
                self.fail(f"claim {name!r}: {exc}", line)
            givens = self.givens(item.get("given", []), self.lines.in_claim(n, "given"), scope, shapes, syms)
            out.append(ClaimSpec(name, line, text.strip(), lhs, rhs, givens, ranges))
        return tuple(out)


#: Seconds loading one file may take (parsing, range checks), unless the caller gives a budget.
LOAD_TIMEOUT = 10.0
#: A claim budget below this still gives loading this long (forking and parsing a small file on a busy machine).
MIN_LOAD_TIMEOUT = 5.0


def _load(path: Path, at=lambda line: None) -> DerivationFile:
    text = _read(path)
    data = _toml(text, str(path))
    try:
        return _Loader(path, text, data, at).load()
    except RecursionError:
        raise InputError("input is nested too deeply", str(path), 1) from None


def _describe(exc: BaseException):
    if isinstance(exc, InputError):
        return (exc.message, exc.file, exc.line)
    return (f"internal error while loading: {type(exc).__name__}", None, 0)


def load_file(path: str | Path, timeout: float | None = None) -> DerivationFile:
    """Read and validate one derivation file; ``InputError`` ("file:line: problem") if it is bad.

    Parsing runs in a forked child bounded by ``timeout`` seconds (default ``LOAD_TIMEOUT``, at least
    ``MIN_LOAD_TIMEOUT``) and
    the worker memory cap: SymPy can spend minutes building a hostile expression, and a file
    must not hold a CI job longer than its budget.
    """
    path = Path(path)
    return load_bounded(path, lambda at: _load(path, at), timeout)


def load_bounded(path: Path, load, timeout: float | None = None):
    """``load(at)`` for the file at ``path``, in a forked child bounded like ``load_file``."""
    from .bounded import ChildFailed, OutOfBudget, run_bounded
    _read(path)  # a missing or oversized file is reported here, without a child
    try:
        return run_bounded(load, max(timeout or LOAD_TIMEOUT, MIN_LOAD_TIMEOUT), _describe)
    except OutOfBudget as exc:
        raise InputError(f"loading {exc.reason}: an expression here is too complex", str(path),
                         exc.progress or 1) from None
    except ChildFailed as exc:
        message, file, line = exc.error
        raise InputError(message, file if file is not None else str(path), line) from None


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
        return _Loader(Path(shown), text, data).load(), extras
    except InputError as exc:
        raise InputError(exc.message, shown, max(exc.line, 1) + first_line - 1) from None
    except RecursionError:
        raise InputError("input is nested too deeply", shown, first_line) from None

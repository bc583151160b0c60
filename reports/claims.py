"""Build a ``FileReportView`` (plain data) from the verifier's result for a ``*.derive.toml`` file.

Everything the file's author wrote (title, claim names, evidence strings) stays text and is
escaped by the templates; the claim's sides are SymPy expressions from the verifier's safe
parser and go through the report printers, as do the file's ``[define]`` entries (its
forward model, shown as numbered equations); givens are shown as the author wrote them.
Timings are left out: they would make two
reports of the same file differ.
"""
from __future__ import annotations

import re
from fractions import Fraction

import sympy as sp

from derive.errors import InputError
from derive.printing import GREEK_NAMES
from derive.verify.results import caveats, one_sided, under_what
from derive.textsafe import escape  # bidi/control characters in user text shown as \uXXXX

from .build import equation, mathify
from .data import ClaimView, Equation, FileReportView, Math

_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*'{0,3}\Z")
_ORDER = ("proved", "refuted", "unproved")


def _printable(expr) -> bool:
    """True when every name in ``expr`` is a plain identifier (safe for the math printers)."""
    names = [str(s) for s in expr.atoms(sp.Symbol)] + [str(b.label) for b in expr.atoms(sp.IndexedBase)]
    return all(_IDENT.match(n) for n in names)


def _math(expr, spellings: tuple = ()):
    return mathify(expr, spellings) if expr is not None and _printable(expr) else None


def _short(text: object) -> str:
    """A number from the verifier (``143/500``, ``-0.2477869610``) as a short decimal (``0.286``)."""
    try:
        value = float(Fraction(str(text)))
    except (ValueError, ZeroDivisionError, OverflowError):  # 1.0e+432 has no float: shown as the verifier wrote it
        return str(text)
    short = f"{value:.4g}"
    # 1.000336 is "1.000", not "1": a rounded value keeps its zeros, so it never reads as an exact one.
    return short if float(short) == value else f"{value:#.4g}"


def _short_array(entries: dict) -> str:
    """``{"1,1": "287/1000", "1,2": …}`` as ``[[0.287, 1.548], …]`` (a vector as ``[0.286, 0.578]``)."""
    keys = [tuple(int(p) for p in str(k).split(",") if p) for k in entries]
    values = dict(zip(keys, (_short(v) for v in entries.values())))
    if keys == [()]:
        return values[()]  # a scalar input
    if not keys or len(keys[0]) not in (1, 2):
        return ", ".join(f"{k}: {v}" for k, v in zip(entries, values.values()))
    if len(keys[0]) == 1:
        return "[" + ", ".join(values[k] for k in sorted(values)) + "]"
    rows = sorted({k[0] for k in keys})
    cols = sorted({k[1] for k in keys})
    return "[" + "; ".join(", ".join(values.get((r, c), "?") for c in cols) for r in rows) + "]"


#: an entry at free indices as a counterexample names it, ``x[i]``, ``W[i, j]``
_ENTRY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\[([A-Za-z0-9_, ]+)\]")


def _counterexample(cx: dict | None, matters: set[str] | None = None,
                    spellings: tuple = ()) -> tuple[tuple[str | Math, str], ...]:
    """The counterexample as short rows: sizes, indices, the inputs the claim depends on, both sides.

    An input a document spells its own way (``spellings``) is labelled by that spelling, typeset.
    """
    if not cx:
        return ()
    rows: list = [(name, str(value)) for key in ("sizes", "indices") for name, value in (cx.get(key) or {}).items()]
    exact = cx.get("exact_inputs") or {}
    spelled = {q for q, _ in spellings}
    for name, value in (cx.get("inputs") or {}).items():
        entry = _ENTRY.fullmatch(name)  # x[i] = 0: the point of a claim's case on an entry, whatever the others are
        base = entry.group(1) if entry else name
        if matters is not None and base not in matters:
            continue  # an input the claim does not depend on (y in a Jacobian claim)
        # a Greek name typesets as its letter (ρ, not rho), as the claim beside it shows it; an entry as an entry
        if entry:
            # a whole-number index stays that number (z_3), a free one a letter (x_i)
            label = mathify(sp.Indexed(sp.IndexedBase(base), *[sp.Integer(i) if i.strip().isdigit() else
                                                                 sp.Symbol(i.strip(), integer=True)
                                                                 for i in entry.group(2).split(",")]), spellings)
        else:
            label = mathify(sp.Symbol(name), spellings) if name in spelled or name in GREEK_NAMES else name
        rows.append((label, _short_array(exact[name]) if isinstance(exact.get(name), dict) else str(value)))
    # a kink along the slope's variable (verify's one_sided): no slope there, its one-sided slopes instead of a value
    # read at H(0) = 1/2, which neither side of the kink takes
    sides = one_sided(cx)
    for key, label in (("lhs", "left side"), ("rhs", "right side"), ("difference", "difference")):
        if sides is not None and key == "lhs":
            rows.append((label, f"no slope here (one-sided slopes {_short(sides[0])} and {_short(sides[1])})"))
        elif cx.get(key) not in (None, "") and not (sides is not None and key == "difference"):
            rows.append((label, _short(cx[key])))  # (a side that cannot be formed has no value to show)
    if cx.get("expected"):  # derive's own derivative of the left side, for a diff(…) claim
        rows.append(("derive's own derivative", str(cx["expected"])))
    return tuple(rows)


def _dependencies(definitions) -> dict[str, set[str]]:
    """Each defined quantity's name -> the names its definition reads."""
    def names(e) -> set[str]:
        return {str(i.base) for i in e.atoms(sp.Indexed)} | {str(s) for s in e.atoms(sp.Symbol)}
    return {str(lhs.base) if isinstance(lhs, sp.Indexed) else str(lhs): names(rhs) for lhs, rhs in definitions}


def _matters(c, deps: dict[str, set[str]] | None) -> set[str] | None:
    """Every name the claim's two sides read, directly or through the file's definitions."""
    if deps is None or c.lhs is None or c.rhs is None:
        return None
    todo = [str(i.base) for e in (c.lhs, c.rhs) for i in e.atoms(sp.Indexed)]
    todo += [str(s) for e in (c.lhs, c.rhs) for s in e.atoms(sp.Symbol)]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += deps.get(name, ())
    return seen


def _evidence(c, typeset: bool = False) -> str:
    """The evidence sentence of a claim; ``typeset``: the claim is shown as written (a note), not by its entry."""
    text = f"{_asserted(c)} {_verdict_evidence(c, typeset)}".strip()
    said = _read_as(c)
    if said:
        text = f"{text} {said}".strip()
    if getattr(c, "entry", ()) and typeset:
        text = f"Checked at every entry ({', '.join(c.entry)}). {text}"
    elif getattr(c, "entry", ()):
        # A matrix claim is shown by its entry; say which array identity it stands for.
        text = f"Written in matrix notation as {c.eq}; shown and checked at every entry ({', '.join(c.entry)}). {text}"
    return text.strip()


def _asserted(c) -> str:
    """Where a claim is asserted and under what, as sentences: its `when` and conditions of its own ("Asserted only
    where ..."), its givens ("Given ..."); said whatever the verdict, but an unproved claim's evidence line begins with
    them already, and a proof that used givens names them on their own."""
    if c.verdict == "unproved":
        return ""
    where, given = under_what(c)
    return " ".join([f"Asserted only where {where}."] * bool(where) + [f"Given {given}."] * bool(given))


def _read_as(c) -> str:
    """What each size written as an index was read as (θ_kj, k the number of classes: θ's last row), as sentences."""
    from derive.verify.results import last_entry_notes
    # a size's description is the file's own text: bidi and control characters shown as \uXXXX, as in a claim's name
    return " ".join(f"Note: {escape(n)}." for n in last_entry_notes(c))


def _verdict_evidence(c, typeset: bool = False) -> str:
    shapes = (c.counterexample or {}).get("shapes") if c.verdict == "refuted" else None
    undefined = (c.counterexample or {}).get("undefined") if c.verdict == "refuted" else None
    if isinstance(undefined, dict):  # no value to show: one side combines arrays whose sizes disagree
        from derive.verify.results import undefined_side
        said = f"At the sizes below {undefined_side(undefined)}, so the claim is false as written."
        if typeset or undefined.get("side") == "both":  # an index on two sizes: written entry by entry
            return said
        return f"Written in matrix notation as {c.eq}. {said}"
    if shapes and "a scalar" in shapes:  # a scalar against an array
        left, right = ("is a scalar" if s == "a scalar" else f"has shape {s}" for s in shapes)
        said = f"The left side {left}, the right side {right}, so the two cannot be equal."
        return said if typeset else f"Written in matrix notation as {c.eq}: t{said[1:]}"
    if shapes:  # no entry to show: the sides are arrays of different shapes
        said = (f"The left side has shape {shapes[0]}, the right side {shapes[1]}, so at the sizes below "
                f"they are arrays of different shapes.")
        return said if typeset else f"Written in matrix notation as {c.eq}: t{said[1:]}"
    if c.verdict == "refuted" and (c.counterexample or {}).get("ties"):
        return ("A counterexample (below) makes the two sides differ whether H(0) is 0, 1/2 or 1 and sign(0) is -1, "
                "0 or 1: a step or sign there has argument 0 at every input near it (the sides are shown at "
                "H(0) = 1/2, sign(0) = 0).")
    if c.verdict == "refuted":
        return "A counterexample (below) makes the two sides differ."
    if c.verdict == "proved":
        # The method and the givens used are shown on their own; only the cross-check is left.
        points = (c.evidence or {}).get("cross_check_points") if isinstance(c.evidence, dict) else None
        return f"Cross-checked numerically at {points} random points." if points else ""
    from derive.verify import evidence_line
    return evidence_line(c)


def build_file_report(path: str, timeout: float | None = None, check=None) -> FileReportView:
    """Check ``path`` with the verifier (``check(file, timeout)``, e.g. through the verdict cache) and describe every claim."""
    from derive.verify import DEFAULT_TIMEOUT, check_loaded, load_file
    budget = timeout if timeout is not None else DEFAULT_TIMEOUT
    try:
        rep = (check or check_loaded)(load_file(path, budget), budget)
    except FileNotFoundError:
        raise InputError("no such file", path, 0) from None
    return file_report_view(rep)


def claim_view(c, deps: dict[str, set[str]] | None = None, spellings: tuple = ()) -> ClaimView:
    """One verifier ``ClaimResult`` as report data (``deps``: the file's definitions, to show only inputs that matter)."""
    return ClaimView(escape(c.name), c.line, c.verdict, c.method, tuple(c.givens_used), _evidence(c),
                     _math(c.lhs, spellings), _math(c.rhs, spellings),
                     _counterexample(c.counterexample, _matters(c, deps), spellings))


def summary_caveat(reports) -> str:
    """The unproved claims that fail a run and the relations not checked, as ``derive check``'s summary says them."""
    failing, stated = caveats([c for rep in reports for c in rep.claims], sum(len(rep.unchecked) for rep in reports))
    return "; ".join([f"{n} of the unproved {why} (this fails a run)" for n, why in failing] + ([stated] if stated else []))


def file_report_view(rep, spellings: tuple = ()) -> FileReportView:
    """A verifier ``FileReport`` (already checked) as report data; ``spellings`` as ``build.mathify`` takes them."""
    path = rep.path
    deps = _dependencies(rep.definitions)
    claims = tuple(claim_view(c, deps, spellings) for c in rep.claims)
    counts = tuple((v, sum(c.verdict == v for c in claims)) for v in _ORDER)
    return FileReportView(escape(rep.title or str(path)), escape(str(path)), claims, counts,
                          _definitions(rep.definitions, spellings),
                          tuple(rep.givens), ", ".join(f"{k} ({v})" for k, v in rep.sizes.items()),
                          caveat=summary_caveat([rep]))


def _definitions(definitions, spellings: tuple = ()) -> tuple[Equation, ...]:
    """The file's ``[define]`` entries as numbered equations, in file order."""
    eqs = []
    for lhs, rhs in definitions:
        if _printable(lhs) and _printable(rhs):
            eqs.append(Equation(len(eqs) + 1, equation(lhs, rhs, spellings), ""))
    return tuple(eqs)

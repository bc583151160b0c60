"""The verifier's results as plain data: one ``ClaimResult`` per claim, one ``FileReport`` per file.

Produced by ``derive.verify.check``; rendered by the command line, the JUnit writer, the
pytest plugin and ``reports``.  Nothing here computes.  Field names are stable API.
Importing this module imports neither SymPy nor mpmath (a fully cached ``derive check``
prints these without loading them): mpmath is imported only to shorten a number
``SHORT_FORMS`` does not already hold.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..display import Displayable  # notebook display (_repr_html_ …), rendered by reports.notebook

if TYPE_CHECKING:
    from sympy import Expr

PROVED, REFUTED, UNPROVED = "proved", "refuted", "unproved"
VERDICTS = (PROVED, REFUTED, UNPROVED)


@dataclass
class ClaimResult(Displayable):
    """The verdict on one claim, with the evidence for it.

    ``lhs``/``rhs`` are the claim's sides as written (``diff`` is an unevaluated
    ``Derivative``; None for sides of different shapes, which have no common entry);
    ``evidence`` is JSON-ready (strings and numbers only); ``counterexample`` is set exactly
    when the verdict is ``refuted`` (for sides of different shapes: the sizes, and each side's
    ``shapes`` as written and its shape at those sizes as ``lhs``/``rhs``).
    """

    name: str
    line: int
    verdict: str
    method: str = ""
    givens_used: list[str] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)
    lhs: Expr | None = None
    rhs: Expr | None = None
    counterexample: dict[str, Any] | None = None
    eq: str = ""
    seconds: float = 0.0
    #: the claim's ``when`` as written: it is asserted (and proved or refuted) only where this holds
    when: str = ""
    #: a matrix claim's entry indices (named by derive, not the user): counterexamples print "entry (1, 2)"
    entry: tuple = ()
    #: the claim's own conditions as written (a note's \text{for } -1 < a < 1), apart from its ``when``, and its own
    #: givens (\text{where } \sum_i y_i = 1): every line of output says under what a claim is checked
    conditions: str = ""
    givens: str = ""

    @property
    def summary(self) -> str:
        """One line of evidence for the command line."""
        return evidence_line(self)

    @property
    def unchecked(self) -> bool:
        """True when the budget ran out before the counterexample search finished: no verdict was reached.

        How far a claim gets in its budget varies with the machine, so such a claim fails a run
        (``failing``) however ``--strict`` is set, rather than pass CI as unproved.
        """
        return self.verdict == UNPROVED and bool(self.evidence.get("unchecked"))

    @property
    def untested(self) -> bool:
        """True when the searches tried no point and nothing was proved: there is no evidence either way.

        Every point was skipped (outside the ``when``, undefined, on a boundary) or none could be evaluated; a
        counterexample may be there, so such a claim fails a run (``failing``) as an unchecked one does.
        """
        return self.verdict == UNPROVED and bool(self.evidence.get("untested"))

    def failing(self, strict: bool) -> bool:
        """True when this result fails a run: refuted, unchecked, untested, or (``strict``) unproved."""
        return self.verdict == REFUTED or self.unchecked or self.untested or (strict and self.verdict != PROVED)


@dataclass
class FileReport(Displayable):
    """Every claim of one derivation file, in file order, plus what the file declared."""

    path: str
    title: str
    claims: list[ClaimResult]
    givens: list[str] = field(default_factory=list)
    #: (lhs, rhs) of every ``[define]`` entry, e.g. (z[i], Sum(W[i, k]*x[k], (k, 1, m)))
    definitions: list[tuple[Expr, Expr]] = field(default_factory=list)
    #: size name -> description ("classes") or fixed integer value as a string
    sizes: dict[str, str] = field(default_factory=dict)
    #: (line, relation as written) of each link a note states with a relation other than =: not checked
    unchecked: list[tuple[int, str]] = field(default_factory=list)

    def count(self, verdict: str) -> int:
        """How many claims got ``verdict``."""
        return sum(c.verdict == verdict for c in self.claims)


#: why a relation other than = is not a claim, under each such line
NOT_CHECKED_WHY = ("a relation other than = (<, \\le, \\approx, \\in …), or an update (x := x - …), is stated, not "
                   "checked; --strict fails on it")


#: number text -> ``short_number`` of it, as computed before (the file-level cache fills it from its entry)
SHORT_FORMS: dict[str, str] = {}


def caveats(claims, stated: int) -> tuple[tuple[tuple[int, str], ...], str]:
    """What a run's summary adds to its counts: how many unproved claims fail it and why (out of time, untested), and
    the relations not checked.  ``derive check`` prints them after the counts, and every report beside them."""
    failed = sum(c.unchecked and _internal_error(c) for c in claims)
    unchecked = sum(c.unchecked and not _internal_error(c) for c in claims)
    untested = sum(c.untested and not c.unchecked for c in claims)
    failing = tuple((n, why) for n, why in (
        (unchecked, "unchecked: out of time before the counterexample searches finished"),
        (failed, "unchecked: an internal error of derive stopped them (please report it)"),
        (untested, "untested: no point was tried")) if n)
    return failing, f"{stated} relation(s) not checked" if stated else ""


def _internal_error(c) -> bool:
    """True when an error of derive's own, not the budget (time, or the memory cap), stopped the claim's check."""
    reason = str((c.evidence or {}).get("reason", ""))
    return reason.startswith("internal error") and not reason.endswith("memory limit reached")


def short_number(number: str) -> str:
    """A side's value to 6 significant digits (``--json`` keeps 15)."""
    known = SHORT_FORMS.get(number) if isinstance(number, str) else None
    if known is not None:
        return known
    import mpmath
    try:
        return mpmath.nstr(mpmath.mpf(number), 6)
    except (ValueError, TypeError):
        return number


def undefined_side(u: dict) -> str:
    """``the right side is not defined: a matrix product of (n, m) = (3, 2) and (n,) = (3,)``."""
    which = f"the {u.get('side')} side" if u.get("side") in ("left", "right") else \
        "the claim" if u.get("side") == "both" else "neither side" if u.get("side") == "neither" else "one side"
    shapes, at_sizes = u.get("shapes", ()), u.get("at_sizes", ())
    # a sum of three arrays keeps the shapes after the first as one text ("(M,) and (N, M)"): each named with its own
    split = [[p for s in texts for p in s.split(" and ")] for texts in (shapes, at_sizes)]
    if len(split[0]) == len(split[1]):
        shapes, at_sizes = split
    if u.get("side") == "both":  # an index on axes of two sizes: (m,) = (3,) reads as m = 3
        shapes, at_sizes = [s[1:-2] for s in shapes], [s[1:-2] for s in at_sizes]
    pairs = " and ".join(f"{a} = {b}" if a != b else a for a, b in zip(shapes, at_sizes) if a)
    if u.get("side") == "both":  # sizes fixed in the file are numbers, already named in what was formed
        named = any(a != b for a, b in zip(shapes, at_sizes))
        return f"{which} is not defined: {u.get('what', 'an index')}" + (f", at {pairs}" if named else "")
    return f"{which} is {'' if which == 'neither side' else 'not '}defined: {u.get('what', 'an operation')} of {pairs}"


def one_sided(cx: dict[str, Any]) -> list | None:
    """The one-sided slopes a counterexample gives where its left side has no slope (``one_sided``), or None."""
    sides = cx.get("one_sided")
    return sides if isinstance(sides, list) and len(sides) == 2 else None


def format_counterexample(cx: dict[str, Any], entry: tuple = ()) -> str:
    """``n=2, m=1; j=1, k=2; x=[…], W=[[…]]; lhs=…, rhs=…[; expected: …]`` on one line."""
    sizes = ", ".join(f"{k}={v}" for k, v in cx["sizes"].items())
    where = [str(cx["indices"][k]) for k in entry if k in cx["indices"]]
    idx = ", ".join([f"entry ({', '.join(where)})"] * bool(where) +
                    [f"{k}={v}" for k, v in cx["indices"].items() if k not in entry])
    inputs = ", ".join(f"{k}={v}" for k, v in cx["inputs"].items())
    lhs, rhs = short_number(cx["lhs"]), short_number(cx["rhs"])
    sides = f"lhs={lhs}, rhs={rhs}"
    if one_sided(cx) is not None:
        # a kink along the slope's variable: no slope there, its one-sided slopes bound any value a convention gives
        low, high = (short_number(s) for s in one_sided(cx))
        sides = f"lhs: no slope at this point (one-sided slopes {low} and {high}), rhs={rhs}"
    if cx.get("shapes"):  # sides of different shapes (``mismatch``): their shapes at these sizes
        left, right = (f"{s} = {v}" for s, v in zip(cx["shapes"], (lhs, rhs)))
        if "a scalar" in cx["shapes"]:  # a scalar against an array: its shape is all there is to say
            left, right = ("is a scalar" if s == "a scalar" else f"has shape {s} = {v}"
                           for s, v in zip(cx["shapes"], (lhs, rhs)))
            sides = f"the left side {left}, the right side {right}"
        else:
            sides = f"the left side has shape {left}, the right side {right}"
    if isinstance(cx.get("undefined"), dict):  # a side that cannot be formed (``mismatch.undefined``)
        sides = undefined_side(cx["undefined"])
    if lhs == rhs and cx.get("difference"):
        # Sides apart by less than their shown digits (a saturated tanh): the confirmed difference says by how much.
        sides += f" (they differ by {short_number(cx['difference'])})"
    text = "; ".join([p for p in (sizes, idx, inputs) if p] + [sides])  # a claim of constants has only its sides
    if cx.get("expected"):
        text += f"; derive's own derivative: {cx['expected']}"
    if cx.get("ties"):  # on a kink that is not a null set (``search.TIES_NOTE``)
        text += f"; {cx['ties']}"
    return text


def evidence_line(r: ClaimResult) -> str:
    """The evidence behind a verdict, in one line (prefixed by the claim's ``when``, if any)."""
    line = _evidence_line(r)
    where, given = under_what(r)
    under = "; ".join([f"where {where}"] * bool(where) + [f"given {given}"] * bool(given))
    return f"{under}: {line}" if under else line


def under_what(r: ClaimResult) -> tuple[str, str]:
    """``(where, given)`` as a sentence shows them: the claim's ``when`` and conditions of its own, and its own givens,
    unless a proof names the givens it used ("" for none)."""
    where = " and ".join(readable_condition(c) for c in (r.when, r.conditions) if c)
    given = readable_condition(r.givens) if r.givens and not (r.verdict == PROVED and r.givens_used) else ""
    return where, given


#: A note's relation and spacing macros as a sentence shows them.
_RELATION_MACROS = {"neq": "≠", "ne": "≠", "leq": "≤", "le": "≤", "leqslant": "≤", "geq": "≥", "ge": "≥",
                    "geqslant": "≥", "lt": "<", "gt": ">", "land": "and", "wedge": "and", "lor": "or", "vee": "or",
                    "in": "∈", "cdot": "·", "quad": " ", "qquad": " ", ",": " ", ";": " ", "!": "", ":": " ",
                    # (and a given's sums, \textstyle\sum_i y_i = 1: ∑_i y_i = 1)
                    "sum": "∑", "prod": "∏", "textstyle": "", "displaystyle": "", "left": "", "right": ""}
# (by Unicode name, not derive.printing's table: this module stays light, the verdict cache's hits import no SymPy)
_GREEK_VARIANTS = {"varepsilon": "ε", "varphi": "φ", "vartheta": "ϑ", "varrho": "ϱ", "varsigma": "ς", "varpi": "ϖ"}


def readable_condition(text: str) -> str:
    """A claim's condition as a sentence shows it: a note's TeX (``t \\ne T \\text{ and } T \\ge 3``) as ``t ≠ T and
    T ≥ 3``, Greek letters as themselves; a derivation file's (``j != c``) as it is."""
    def macro(m: re.Match) -> str:
        name = m.group(1)
        if name in _RELATION_MACROS:
            tight = len(name) == 1 or name in ("sum", "prod", "textstyle", "displaystyle", "left", "right")
            return _RELATION_MACROS[name] if tight else f" {_RELATION_MACROS[name]} "
        if name in _GREEK_VARIANTS:
            return _GREEK_VARIANTS[name]
        try:
            return unicodedata.lookup(f"GREEK {'CAPITAL' if name[0].isupper() else 'SMALL'} LETTER {name.upper()}")
        except KeyError:
            return m.group(0)
    # words between spaces (x > 0 \\text{and} y), a subscript's as they stand (V_\\text{old}: V_old)
    text = re.sub(r"([_^]\{?)?\\(?:text|mathrm|textrm|mbox)\s*\{([^{}]*)\}",
                  lambda m: m.group(1) + m.group(2) if m.group(1) else f" {m.group(2)} ", text)
    # a fraction as a sentence writes it (α = \\frac{1}{2}: α = 1/2), innermost first
    for _ in range(8):
        new = _FRACTION.sub(lambda m: f"{_grouped(m.group(1))}/{_grouped(m.group(2))}", text)
        if new == text:
            break
        text = new
    text = re.sub(r"\\([A-Za-z]+|[,;!:])", macro, text)
    return re.sub(r"\s+", " ", text).strip()


#: ``\frac{a}{b}`` (or ``\dfrac``, ``\tfrac``) with no group inside its parts
_FRACTION = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")


def _grouped(part: str) -> str:
    """``part`` of a fraction, bracketed when it is more than one name or number (a + b: (a + b))."""
    part = part.strip()
    return part if re.fullmatch(r"[\w.\\]+", part) else f"({part})"


def last_entry_notes(r: ClaimResult) -> list[str]:
    """What each size written as an index was read as (``evidence["last_entries"]``: θ_kj, k the classes, is the last row)."""
    notes = r.evidence.get("last_entries") if isinstance(r.evidence, dict) else None
    return [str(n) for n in notes] if isinstance(notes, list) else []


def evidence_lines(r: ClaimResult) -> list[str]:
    """``evidence_line``, then one ``note: …`` line per entry at a size, for output that shows a claim on several lines."""
    return [evidence_line(r), *(f"note: {n}" for n in last_entry_notes(r))]


def _evidence_line(r: ClaimResult) -> str:
    if r.verdict == PROVED:
        givens = f"; givens used: {', '.join(r.givens_used)}" if r.givens_used else ""
        return f"method: {r.method}{givens}"
    if r.verdict == REFUTED and r.counterexample:
        return "counterexample: " + format_counterexample(r.counterexample, r.entry)
    ev = r.evidence
    reason = ev.get("reason", "")
    if ev.get("untested") and not ev.get("points"):
        return (f"{reason}; " if reason else "") + UNTESTED
    return (f"{reason}; " if reason else "") + \
        f"{ev.get('points', 0)} points tried, largest difference {ev.get('max_difference', '0')}"


#: The evidence of a claim no point tested (``ClaimResult.untested``), in place of "0 points tried".
UNTESTED = ("untested: no point was tried (no draw met the claim's conditions and givens with both sides defined), "
            "so there is no numeric evidence either way (this fails the run)")

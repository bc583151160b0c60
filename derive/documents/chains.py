"""A display block → its chains of equations → the links that are claims, with exact lines.

``a = b = c`` is the claims ``a = b`` and ``b = c``; rows of ``aligned``/``align`` that start
with ``&=`` continue the chain, a row starting with its own left-hand side starts a new one,
a row starting with ``+``/``-`` (and no ``=``) continues the previous row's expression, and
``a = b, \\quad c = d`` is two equations.  Annotations (``\\quad\\text{…}``, ``\\intertext{…}`` at
the top level, up to the next ``&`` or the end of the row), ``\\tag``, ``\\label`` and trailing
punctuation are not part of the math.  Nothing is dropped silently: what is not an annotation
is read, and what cannot be read is an error.  Only ``=`` links are claims: a link with
``\\approx``, ``\\le``, ``\\in`` … is stated, not checked, and its sides are never read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .annotations import TEXT_GROUPS, condition_text, holds_equation, plain, restricting_membership, restricts
from .grammar import group_end, spelled_relations
from .latex import blank_comments

#: relations that make a link a claim (``:=`` and friends restate a definition, checked like any claim)
EQUALS = ("=", ":=", r"\coloneqq", r"\equiv", r"\triangleq", r"\stackrel{\text{def}}{=}", r"\overset{\text{def}}{=}")
OTHER_RELATIONS = (r"\approx", r"\simeq", r"\sim", r"\propto", r"\le", r"\leq", r"\ge", r"\geq", r"\ne", r"\neq",
                   r"\leqslant", r"\geqslant",
                   "<", ">", r"\lt", r"\gt", r"\in", r"\notin", r"\to", r"\mapsto", r"\rightarrow", r"\Rightarrow",
                   r"\Longrightarrow", r"\longrightarrow", r"\implies", r"\iff", r"\Leftrightarrow", r"\Longleftrightarrow", r"\leftarrow",
                   r"\gets", r"\subset", r"\subseteq", r"\ll", r"\gg", r"\cong", r"\doteq",
                   # stated and never read, so listed as not checked (a display of only A \succeq 0 was silent)
                   r"\prec", r"\preceq", r"\succ", r"\succeq", r"\lesssim", r"\gtrsim", r"\asymp", r"\lessapprox",
                   r"\gtrapprox", r"\nleq", r"\ngeq", r"\nless", r"\ngtr", r"\lessgtr", r"\gtrless",
                   # mathtools' =: and ::= (the right side named by the left, a grammar's rule): were dropped unread
                   r"\eqqcolon", r"\Coloneqq", r"\eqcolon", r"\Eqqcolon", r"\Coloneq", "=:")
RELATION = _REL = re.compile("|".join(re.escape(r) + (r"(?![A-Za-z])" if r[-1].isalpha() else "")
                           for r in sorted(EQUALS + OTHER_RELATIONS, key=len, reverse=True)))
#: arrows that are not implications to derive, which some writers use as one
_LIGHT_ARROWS = (r"\to", r"\rightarrow", r"\mapsto", r"\leftarrow", r"\gets", r"\longrightarrow")
#: an arrow between equations: those after it hold under those before it
_IMPLIES = (r"\implies", r"\Rightarrow", r"\Longrightarrow")
_EQUIVALENT = (r"\iff", r"\Leftrightarrow", r"\Longleftrightarrow")
#: the names of the arrows ``_IMPLIES`` (in a pattern: implies|Rightarrow|Longrightarrow)
_ARROWS = "|".join(a[1:] for a in _IMPLIES)
#: (an inner block's placement, \begin{aligned}[t], is no math: read as a factor t, a false claim was proved)
_BLANKED = re.compile(r"\\(begin|end)\{(aligned|align\*?|split|gathered|gather\*?|equation\*?|eqnarray\*?|"
                      r"multline\*?|flalign\*?|alignat\*?|alignedat)\}(\s*\[\s*[tbc]\s*\])?(\s*\{\d+\})?"
                      r"|\\(nonumber|notag|qedhere)(?![A-Za-z])"
                      r"|\\(?:displaybreak|allowdisplaybreaks)(?![A-Za-z])(?:\s*\[\s*[0-4]\s*\])?|&"
                      # \tag{\textbf{S}}, \tag{$\hat{\mathbf{S}}$}: up to two levels of braces inside
                      r"|\\(tag\*?|label)\s*\{(?:[^{}]|\{(?:[^{}]|\{[^{}]{0,100}\}){0,100}\}){0,200}\}"
                      r"|\\mbox\s*\{\s*\}")
#: what marks a tag as a condition, not a number or a label (derive does not read one there): a comparison or an
#: equation (in math or in \\text), or a comparison or a sign told in words (off-diagonal, distinct, $x$ positive)
_IN_TAG = re.compile(r"[<>≠≤≥]|(?<![<>!\\])=|\\(?:ne|neq|le|leq|ge|geq|lt|gt|not|leqslant|geqslant|notin)(?![A-Za-z])"
                     r"|(?<![A-Za-z])(?:diagonal|different|distinct|differs?|unequal|equal\s+to|not\s+equal|off-diagonal|"
                     r"positive|negative|non-?negative|non-?zero)(?![A-Za-z])", re.I)
#: Between rows, where prose runs on, only what says a condition without doubt (refusing stops the whole note):
#: an equation setting a number after a word that restricts (for $y = 0$; not after "since" or
#: "where", which state facts as often), a comparison told in a phrase before math (different from $j$, not equal to
#: $j$), or on/off the diagonal; two indices tied ($i = j$) are the loader's to weigh (``between``: the row below may
#: not read both)
#: (a comparison in math is weighed by the loader, which reads a fact, $0 < p < 1$ for p = σ(z), as prose:
#: ``between.COMPARES``)
_BETWEEN = re.compile(r"(?<![A-Za-z])(?:for|if|when|whenever|at|with|unless|except|only|suppose|assuming|"
                      r"provided|setting|taking|let|case|plugging\s+in|substituting|evaluating)(?![A-Za-z])"
                      # (a range, $j = 1, \ldots, n$, is none: a name and a value, the same for every row)
                      # (a number: $y = 0$, $t = \frac{1}{2}, u = 1$; not $p = 1 - \sigma(-z)$, read below)
                      r"[^=$]{0,60}\$(?:[^$=]*(?<![<>!\\])=\s*-?(?:[0-9][0-9.]*(?:\s*/\s*[0-9]+)?"
                      r"|\\[td]?frac\s*(?:\{\s*[0-9]+\s*\}|[0-9])\s*(?:\{\s*[0-9]+\s*\}|[0-9]))"
                      r"(?![^$]*\\[lc]?dots)\s*(?:[,;][^$]*)?)\$"
                      r"|(?<![A-Za-z])(?:different\s+from|equal\s+to)\s+\$"  # (i different from $j$, not "no different from")
                      r"|(?<![A-Za-z])(?:on|off)\s+the\s+diagonal(?![A-Za-z])", re.I)
#: an equation's tag and what it holds (``\tag{3}``, ``\tag{$\star$}``, ``\tag*{…}``)
_TAG = re.compile(r"\\tag\*?\s*\{((?:[^{}]|\{(?:[^{}]|\{[^{}]{0,100}\}){0,100}\}){0,200})\}")
#: a kern in math units: a quad (18mu) or more spaces as \quad does, a thinner one as \, (3mu is \,'s own width),
#: a negative one (\mkern-3mu, tightening glyphs) is no space at all
_KERN = re.compile(r"\\mkern\s*(-?)\s*([0-9]*\.?[0-9]+)\s*mu|\\mspace\s*\{\s*(-?)\s*([0-9]*\.?[0-9]+)\s*mu\s*\}")


def _kern(m: re.Match) -> str:
    """The spacing a kern stands for: ``\\quad``, ``\\,`` or nothing (``_KERN``)."""
    negative, width = (m.group(1) or m.group(3)), float(m.group(2) or m.group(4))
    return " " * len(m.group(0)) if negative else r"\quad " if width >= 18 else r"\, "


#: a space set by length: a \quad to the reader, between two equations or before words (as an annotation it hid
#: the whole equation after it: x \hspace{1em} + x = 3x was no claim at all)
_SPACE = re.compile(r"\\(?:hspace\*?|hskip|vspace\*?)\s*\{[^{}\n]{0,50}\}|\\mbox\s*\{[ \t]+\}")
_ANNOTATION = re.compile(r"(?<![_^])\\(quad|qquad|text|textrm|textit|textbf|mbox|hbox|intertext|shortintertext|forall|"
                         r"mathrm\{(?:for|if|where|since|using|and)\b)(?![A-Za-z])"
                         # \text{diag}(s), \text{softmax}(z)_i, \text{ReLU}'(x), \text{prod}\left(a, b\right): a function's
                         # name set as text, not an annotation; L_\text{data}: a subscript set as text
                         # (never a word that opens a condition: \text{if}\left(x > 0\right) is one)
                         r"(?!\s*\{(?!(?:if|for|when|where|whenever|unless|given|with|and|or)\})[A-Za-z]+\}\s*"
                         r"(?:[(_^]|\\left\s*\(|'+\s*(?:\(|\\left\s*\()))")
#: ``a = b, \\qquad c = d`` (or a quad followed by more math): two equations on one row; a quad before
#: ``\\text``, ``(``, ``\\forall`` … starts an annotation instead
_SEPARATOR = re.compile(r",\s*(?:\\[,;:! ]\s*)*\\q?quad(?![A-Za-z])(?!\s*\\(?:" + _ARROWS + r")(?![A-Za-z]))"
                        r"|\\q?quad(?![A-Za-z])(?!\s*(?:\\(?:text|textrm|textit|textbf|mbox|hbox|forall|because|"
                        r"therefore|mathrm|quad|qquad|tag|label|" + _ARROWS + r")(?![A-Za-z])|[(\[]|\\\\|$"
                        # \quad \left(\text{if } … \right): a bracket sized by \left, \bigl … opens an annotation too
                        r"|\\(?:left|bigl|Bigl|biggl|Biggl|big|Big|bigg|Bigg)\s*[(\[]))")
#: A cases environment (not nested), and either of its edges.
_CASES = re.compile(r"\\begin\s*\{d?cases\*?\}.{0,4000}?\\end\s*\{d?cases\*?\}", re.S)
_CASES_EDGE = re.compile(r"\\(begin|end)\s*\{d?cases\*?\}")
#: what prints nothing, only space: \phantom{…} (one level of braces inside)
_PHANTOM = re.compile(r"\\[hv]?phantom\s*\{(?:[^{}]|\{[^{}]*\}){0,400}\}")
#: an alignment point: an & after an even number of backslashes (\\& is a row's end, then one)
_AMPERSAND = re.compile(r"(?<!\\)(?:\\\\)*&")
_LEADING_SPACE = re.compile(r"(\s|\\q?quad(?![A-Za-z])|\\therefore(?![A-Za-z])|\\[,;:! ]|~)*")
_TRAILING = re.compile(r"(\s|\\[,;:! ]|[.,;])+$")


#: the relations that state a condition, not an equation
_COMPARISONS = ("<", ">", r"\le", r"\leq", r"\ge", r"\geq", r"\ne", r"\neq", r"\lt", r"\gt", r"\leqslant",
                r"\geqslant")
#: spacing that opens a row of comparisons (& \quad x > 0)
_QUADS = re.compile(r"^(?:\\q?quad\s*|\\[,;:!]\s*|\\hspace\s*\{[^{}]*\}\s*)+")
#: a condition opening a row: \text{if } x < 0 \text{ then } |x| = x
_LEADING = re.compile(r"\s*\\(?:text|textrm|textit|mbox|mathrm)\s*\{\s*(?:if|for|when|for all|given)\b")


#: what a row that continues the side above opens with
_CONTINUING = ("+", "-", r"\cdot", r"\times", r"\div", r"\pm", r"\mp", r"\odot", r"\circ", r"\otimes")
#: what may open a continued row before its operator: {} (TeX's idiom), a brace, a colour ({\\color{red} + 0})
_EMPTY = re.compile(r"^(?:\{\s*\}|\{|\\color\s*\{[^{}]*\}|\\textcolor\s*\{[^{}]*\}\s*\{|\s)+")
#: an equation number in brackets: (3), [2a], (\\star)
_BRACKETED_NUMBER = r"[(\[]\s*(?:\\(?:star|ast)|\*|[A-Za-z0-9.]+)\s*[)\]]"
#: what may stand alone after \\quad beside an equation: an equation number, a lone name, an end-of-proof mark (a bare
#: 7 or 7a would be math the equation lost)
_LABEL = re.compile(rf"\s*(?:{_BRACKETED_NUMBER}|\\(?:square|blacksquare|Box|qed)|[A-Za-z][A-Za-z0-9]*)?\s*[.,;]?")
#: what may open a row before \\quad and an equation: an equation number in brackets (a lone name is a factor there)
_NUMBER = re.compile(rf"\s*{_BRACKETED_NUMBER}\s*[.,;:]?")
#: text ending with an arrow, and text opening with one: a quad there spaces the arrow
_AFTER_ARROW = re.compile(r"\\(?:" + _ARROWS + r")\s*$")
_BEFORE_ARROW = re.compile(r"\s*\\(?:" + _ARROWS + r")(?![A-Za-z])")
#: any arrow, an equivalence too (an annotation ends at one; a condition holding one is refused by the loader)
ARROW = re.compile("|".join(re.escape(r) + r"(?![A-Za-z])" for r in (*_IMPLIES, *_EQUIVALENT)))


#: a relation wrapped where the chain reader does not look: \boxed{…}, \overset{(a)}{=}, {=}, {\color …}
_WRAPPED = re.compile(r"\\(?:boxed|fbox|framebox|colorbox|textcolor|color|overset|underset|stackrel|mathrel|"
                      r"displaystyle|bbox|underbrace|overbrace)\s*[{\[][^\n]*="
                      r"|\{\s*=\s*\}|\\left\\\{[^\n]*=")


#: A row that is one bracketed group holding an = ((a = a + 1), \left( … = … \right), [x = 2x]): no relation at the
#: top level, so no claim, though the writer wrote an equation (p(y = k | x) alone opens with a name, not a bracket)
_BRACKETED = re.compile(r"\s*(?:\\left\s*|\\[bB]igg?l?\s*)?(?:\(|\[|\\?\{).*=.*(?:\)|\]|\\?\})\s*[.,;]?\s*", re.S)

#: a command's name, its star and optional arguments, up to the brace of an argument
_COMMAND_ARGUMENT = re.compile(r"\\([A-Za-z]+)\*?\s*(?:\[[^\]\n]{0,40}\]\s*)*(?:\{[^{}\n]{0,40}\}\s*)*\{")
#: commands whose argument is words (an annotation's business), never an equation a display asserts
_WORDS = frozenset("text textrm textit textnormal textbf textsf texttt mbox intertext shortintertext label tag ref "
                   "eqref underset overset stackrel".split())  # the last three: _WRAPPED's (a limit, or a relation)


def _script_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the braced sub- and superscripts of ``text``, nested braces and all."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"[_^]\s*\{", text):
        if not spans or m.start() >= spans[-1][1]:
            end = group_end(text, m.end() - 1)
            spans.append((m.start(), end if end > 0 else len(text)))
    return spans


def _command_equation(text: str) -> str | None:
    """The name of a command whose braced argument holds an = (underline, lefteqn of a = b,
    ``\\hbox{$a = b$}``, any macro derive does not know), or None: its equation is no claim at the top level."""
    scripts = _script_spans(text)
    for m in _COMMAND_ARGUMENT.finditer(text):
        if m.group(1) in _WORDS or any(a <= m.start() < b for a, b in scripts):
            continue  # \sum_{\substack{k=1 \\ k \ne c}}: a limit's =, as in any script
        end = group_end(text, m.end() - 1)
        if "=" in _SCRIPTS.sub(" ", text[m.end():end - 1 if end > 0 else len(text)]):
            return m.group(1)
    return None


def _case_equation(cases: str) -> bool:
    """True when a row of the cases environment ``cases`` holds an equation where a value stands (``f = x & x > 0``,
    ``f = x`` with no condition, ``f & = x``): equations, not a value by cases."""
    inner = _CASES_EDGE.sub(" ", cases)
    for row in re.split(r"\\\\", inner):
        value, amp, condition = row.partition("&")
        if "=" in value or amp and condition.lstrip().startswith("="):
            return True
    return False


#: sub- and superscripts, where an = is a limit's (\sum_{i=1}), not a relation
_SCRIPTS = re.compile(r"[_^]\s*\{[^{}]*\}")


class UnbalancedBrace(ValueError):
    """A ``}`` that closes no brace (``}{ s_1 = 2 x_1 y``): every relation after it would sit inside a brace, and the
    display read as no claim at all.  ``at``: its offset in the text."""

    def __init__(self, at: int):
        super().__init__("cannot read '}' here (it closes no brace: the equation after it would not be checked)")
        self.at = at


class UnclosedBrace(UnbalancedBrace):
    """A ``{`` (or ``\\begin{cases}``, or a bracket with a relation after it) that is never closed
    (``\\frac{x}{2 = 2``): the relation inside it is at no top level, and the display read as no claim at all."""

    def __init__(self, at: int, opener: str):
        ValueError.__init__(self, f"cannot read '{opener}' here (it is never closed: the equation after it would "
                                  f"not be checked)")
        self.at = at


class LeadingCondition(ValueError):
    """A row that states its condition where derive cannot read it (``\\text{if } x < 0 \\text{ then } |x| = -x``)."""

    def __init__(self, line: int, message: str = "a condition written before its equation is not read: write the "
                                                 "equation first, then \\quad \\text{if } …"):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Side:
    """One side of a link: its text and the line it starts on."""

    text: str
    line: int
    #: as written, line breaks kept (so an error can point at its own line)
    raw: str = ""

    def line_of(self, needle: str) -> int:
        """The line of the first occurrence of ``needle`` in this side (its first line if absent)."""
        at = self.raw.find(needle) if needle else -1
        return self.line + (self.raw[:at].count("\n") if at >= 0 else 0)


@dataclass(frozen=True)
class Link:
    """``lhs REL rhs``; a claim when ``rel`` is an equals sign; ``line`` is the relation's line."""

    lhs: Side
    rel: str
    rhs: Side
    line: int
    #: the annotations of the row the relation stands in (``\\quad \\text{if } …``), as written
    notes: tuple[str, ...] = ()
    #: ``A \\implies B``: A as written (with its annotations), on the links of both; True on A's (``antecedent``)
    premise: str = ""
    antecedent: bool = False
    #: the row of its block the relation stands in (0 for the first; rows end at a top-level ``\\``)
    row: int = 0
    #: the row its right side ends in (a later one when a row continues it: ``&\\quad + c``)
    end_row: int = 0

    @property
    def is_claim(self) -> bool:
        return self.rel in EQUALS

    @property
    def text(self) -> str:
        """The equation as written (on one line)."""
        return " ".join(f"{self.lhs.text} {self.rel} {self.rhs.text}".split())


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def _depth_zero(text: str, start: int, end: int, whole: bool = False):
    """Positions in ``text[start:end]`` at bracket depth zero, as a predicate; ``whole``: the text is a display's
    whole, where an opener never closed is an error (``UnclosedBrace``).

    The depth is the number of openers still open (``_track``): a closer closes back to an opener of its kind, so
    ``\\text{(see above}`` and ``\\text{step a)}`` leave the brace as it was, and ``\\frac{(1 + x}{2}`` the brace too."""
    at, opened = [0] * (end - start + 1), []
    i = start
    while i < end:
        ch = text[i]
        cases = _CASES_EDGE.match(text, i, end) if ch == "\\" else None
        if cases:  # \begin{cases} … \end{cases} nests like a bracket: its rows, & and \text are its own
            _track(opened, i, cases.group(0) if cases.group(1) == "begin" else None, "\\begin")
            for k in range(i, cases.end()):
                at[k - start] = max(len(opened), 1)
            i = cases.end()
            continue
        if ch == "\\" and i + 1 < end and text[i + 1] in "{}":
            # \{ … \}: the braces of a set or of CS229's indicator 1\{z ≥ 0\}, brackets like ( )
            _track(opened, i, "\\{" if text[i + 1] == "{" else None, "\\{")
            at[i - start] = at[i + 1 - start] = max(len(opened), 1)
            i += 2
            continue
        if ch == "\\" and i + 1 < end:
            at[i - start] = len(opened)
            i += 2 if not text[i + 1].isalpha() else 1
            continue
        if ch in "{([":
            _track(opened, i, ch)
            at[i - start] = len(opened)
        elif ch in "})]":
            if ch == "}" and not any(o == "{" for _, o in opened):
                # }{ s_1 = 2 x_1 y: every relation after it sat inside a brace, and the display read as no claim
                raise UnbalancedBrace(i)
            before = len(opened)
            _track(opened, i, None, "{" if ch == "}" else "([")
            at[i - start] = len(opened) + (len(opened) < before)  # a closer is inside what it closes
        else:
            at[i - start] = len(opened)
        i += 1
    if whole and opened:
        # \frac{x}{2 = 2 or \left( x = 2: the relation sits inside the opener, and the display held no claim.  A
        # bracket may stay open in a half-open interval [0, 1) read as balanced, or ]0, 1[: only one with a
        # relation after it hides an equation; a { never closed is no TeX at all.
        first, opener = opened[0]
        if opener in ("(", "[") and not _RELATION_AFTER.search(text, first, end):
            return lambda pos: at[pos - start] == 0
        raise UnclosedBrace(first, opener)
    return lambda pos: at[pos - start] == 0


#: A relation sign (an = , an inequality) after a bracket left open.
_RELATION_AFTER = re.compile(r"=|<|>|\\(?:le|ge|leq|geq|neq|ne)(?![a-zA-Z])")


def _track(opened: list, at: int, opener: str | None, kind: str = "") -> None:
    """Push an opener (``(``, ``{``, ``\\begin{cases}``…) with its position, or for a closer (None) pop back to
    the opener of its ``kind``: ``\\text{(see above}`` leaves the bracket open inside the words, not the brace."""
    if opener is not None:
        opened.append((at, opener))
        return
    for n in range(len(opened) - 1, -1, -1):
        if opened[n][1].startswith(kind) or kind == "([" and opened[n][1] in "([":
            del opened[n:]
            return
        if kind == "([":
            return  # a ) with no ( or [ since the last brace: closes nothing of ours


#: where an ``\\intertext{…}`` (or mathtools' ``\\shortintertext``) starts: a row ends there
_INTERTEXT_AHEAD = r"(?=\\(?:short)?intertext\s*\{)"
#: an annotation that is an ``\\intertext{…}``: words between rows (the loader's listing leaves them out too)
INTERTEXT_NOTE = re.compile(r"\s*\\(?:short)?intertext(?![A-Za-z])")


def _rows(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, new) of each row: rows are separated by ``\\\\``; ``new`` after ``, \\quad`` (a new chain)."""
    spans, start, new = [], 0, False
    top = _depth_zero(text, 0, len(text), whole=True)
    for m in re.finditer(r"\\\\\*?(\[[^\]]{0,20}\])?|" + _INTERTEXT_AHEAD + "|" + _SEPARATOR.pattern, text):
        if not top(m.start()):
            continue
        if not m.group(0):  # \intertext after an equation: amsmath breaks the row itself (a \\ before it is optional)
            if text[start:m.start()].strip():
                spans.append((start, m.start(), new))
                start, new = m.start(), False
            continue
        row_sep = m.group(0).startswith("\\\\")
        if not row_sep and _LEADING_SPACE.match(text, start, m.start()).end() == m.start():
            continue  # a quad opening a row is layout (&\quad + c), not between two equations
        if not row_sep and _AFTER_ARROW.search(text, start, m.start()):
            continue  # a > 0 \quad\implies\quad t = a: spacing around the arrow
        spans.append((start, m.start(), new))
        start, new = m.end(), not row_sep
    spans.append((start, len(text), new))
    return spans


def _pieces(text: str, start: int, end: int, amps: list[int]) -> tuple[str, list, tuple[str, ...]]:
    """A row without its annotations, split at top-level relations: (text, [side, rel, side, …] as spans,
    the annotations as written).

    An annotation (``\\quad\\text{…}``, ``\\intertext{…}``) runs to the end of the row or to the next
    alignment point ``&``: ``\\intertext{so} &= c`` still claims ``= c``.  It is blanked in place
    (lines and positions kept), so the returned text replaces the caller's.
    """
    # Spacing that starts a row (&\quad + c) is layout, not an annotation: cutting there would drop "+ c".
    start += _LEADING_SPACE.match(text, start, end).end() - start
    pos, top = start, _depth_zero(text, start, end)  # depths before blanking: one pass per row, not per annotation
    notes = []
    while True:
        m = next((m for m in _ANNOTATION.finditer(text, pos, end) if top(m.start()) and not _spacing_an_arrow(text, m)), None)
        if m is None:
            break
        stop = next((a for a in amps if m.start() < a < end), end)
        # … \text{ or } x < 0 \implies |x| = x: an arrow ends the annotation (what follows it is claimed)
        stop = next((a.start() for a in ARROW.finditer(text, m.start(), stop) if top(a.start())), stop)
        if m.group(1) in ("intertext", "shortintertext"):
            # \intertext{and so} y^2 &= 2y: the words between two rows end with their group; the row is read
            brace = text.find("{", m.end(), end)
            closed = group_end(text, brace) if brace >= 0 and not text[m.end():brace].strip() else -1
            stop = min(stop, closed) if 0 < closed <= end else stop
        notes.append(text[m.start():stop])
        text = text[:m.start()] + re.sub(r"[^\n]", " ", text[m.start():stop]) + text[stop:]
        pos = stop
    row = text[start:end]
    end = start + len(_TRAILING.sub("", row))
    top = _depth_zero(text, start, end)
    out, pos = [], start
    for m in _REL.finditer(text, start, end):
        if top(m.start()):
            out += [(pos, m.start()), (m.group(0), m.start())]
            pos = m.end()
    out.append((pos, end))
    return text, out, tuple(notes)


def _columns(text: str, inside) -> str:
    """``text`` with each ``&`` that starts another equation on its row (``a &= b & c &= d``: the second
    and fourth of an align row) made a break between equations."""
    top = _depth_zero(text, 0, len(text))
    amps = [m.end() - 1 for m in _AMPERSAND.finditer(text) if top(m.end() - 1) and not inside(m.end() - 1)]
    rows = [m.start() for m in re.finditer(r"\\\\|" + _INTERTEXT_AHEAD, text) if top(m.start())]
    breaks = []
    for at in amps:
        row = sum(r < at for r in rows)
        in_row = [a for a in amps if sum(r < a for r in rows) == row]
        n = in_row.index(at)
        if n % 2 == 1:
            # the next equation runs to the & after its own alignment point, or to the row's end (after &&, a
            # column of words becomes an annotation-only part of the row: the previous equation's)
            stop = in_row[n + 2] if n + 2 < len(in_row) else next((r for r in rows if r > at), len(text))
            column = TEXT_GROUPS.sub(lambda m: " " * len(m.group(0)), text[at + 1:stop])
            if any(top(at + 1 + m.start()) for m in _REL.finditer(column)):
                breaks.append(at)
    for at in reversed(breaks):  # \qquad before more math: two equations on one row
        text = text[:at] + r"\qquad " + text[at + 1:]
    return text


def links(text: str, first_line: int) -> list[Link]:
    """The links of a display block whose content ``text`` starts on line ``first_line``."""
    # \\% ends a row, then a comment; \phantom{=} prints nothing (&\phantom{=} - c continues the side above)
    text = _KERN.sub(_kern, _SPACE.sub(r"\\quad ", spelled_relations(_PHANTOM.sub(_blank, blank_comments(text)))))
    cases = [m.span() for m in _CASES.finditer(text)]

    def inside(at: int) -> bool:
        return any(a < at < b for a, b in cases)
    text = _columns(text, inside)
    # The & of a cases environment separates a value from its condition: no alignment point.
    amps = [m.end() - 1 for m in _AMPERSAND.finditer(text) if not inside(m.end() - 1)]
    for m in _TAG.finditer(text):
        # \tag{$i \neq j$}: a condition where a number goes, which blanking the tag would drop (a true claim for
        # i ≠ j was refuted at i = j)
        if _IN_TAG.search(m.group(1)):
            raise LeadingCondition(first_line + text.count("\n", 0, m.start()),
                                   f"cannot read the condition in \\tag{{{' '.join(m.group(1).split())}}}: a tag is "
                                   "an equation's number, not read; write the condition beside the equation "
                                   "(\\quad \\text{for } …)")
    text = _BLANKED.sub(lambda m: m.group(0) if m.group(0) == "&" and inside(m.start()) else _blank(m), text)

    def side(span) -> Side:
        a, b = span
        raw = text[a:b]
        lead = len(raw) - len(raw.lstrip())
        # spacing before the side (a > 0 \implies\quad t = a) is layout, not part of its name
        return Side(_LEADING_SPACE.sub("", " ".join(raw.split()), count=1), first_line + text.count("\n", 0, a + lead),
                    raw.strip())

    chains: list[list] = []
    noted: dict[int, tuple[str, ...]] = {}  # a relation's position -> the annotations of its row
    row: list[int] = []  # the positions of the relations of the row being read (its parts after , \quad too)
    above: list[int] = []  # … and of the row before it
    equations: list[tuple[list[int], tuple[str, ...]]] = []  # the row's equations: (their relations, annotations)
    arrows: list[int] = []  # the lines of the row's equations that hold an arrow
    bare: Side | None = None  # math with no relation opening the row, before a \quad: only an equation may follow
    rows_of: dict[int, int] = {}  # a relation's position -> the row it stands in
    equal_at: set[int] = set()  # the positions of the equations' relations (conditions stand beside or under these)
    ends_of: dict[int, int] = {}  # … and the row its right side ends in, when a continued row carries it on
    row_index = -1
    for start, end, new in _rows(text):
        row_index += not new
        at = first_line + text.count("\n", 0, start + len(text[start:end]) - len(text[start:end].lstrip()))  # its line
        text, parts, notes = _pieces(text, start, end, amps)
        first, rels = side(parts[0]), list(zip(parts[1::2], parts[2::2]))
        if any(rel[0] in EQUALS for rel, _ in rels):
            # \intertext{and} before an equation is prose between rows, no annotation of its own; before a condition
            # alone (\shortintertext{unless} & x > 0) its words are the condition's, read with it (or refused)
            stated = next((n for n in notes if INTERTEXT_NOTE.match(n) and _BETWEEN.search(n)), None)
            if stated is not None:  # \intertext{when $i \ne j$}: whose condition, the row above's or this one's?
                raise LeadingCondition(at, f"cannot read the condition in '{' '.join(stated.split())}' between rows: "
                                           "write it beside the equation it belongs to (\\quad \\text{for } …), "
                                           "or the words without it")
            notes = tuple(n for n in notes if not INTERTEXT_NOTE.match(n))
        if not new:
            _share_condition(equations, noted)
            above, row, equations, arrows = row, [], [], []
        elif bare is not None and (rels or first.text):
            # 2 \quad x = x, y \quad + x = x: dropped, the 2 would leave x = x to be proved
            raise LeadingCondition(bare.line, f"cannot read '{bare.text}' before \\quad: math with no relation of "
                                              f"its own is not read (write it in the equation, or in a display of its own)")
        bare = first if not new and first.text and not rels and not _NUMBER.fullmatch(first.text) \
            and not (chains and _EMPTY.sub("", first.text).startswith(_CONTINUING)) else None
        if new and (any(at in equal_at for at in row) or row and chains and any(
                r[0] in EQUALS for r in chains[-1][1::2])) and rels and all(r[0] in _COMPARISONS or r[0] in (r"\in", r"\notin")
                                        and restricting_membership(text[start:end]) for r, _ in rels):
            # |x| = x, \quad |y| = y, \quad x, y > 0: a comparison after equations on its row is the condition of
            # every equation of that row (with what is written beside it: \text{ or } x < 0)
            condition = " ".join([r"\quad \text{if }", *text[start:end].split(), *notes])
            for at in row:
                noted[at] = noted.get(at, ()) + (condition,)
            continue
        if not new and any(at in equal_at for at in above) and first.text and rels \
                and all(r[0] in _COMPARISONS for r, _ in rels) and not any(_LEADING.match(n) for n in notes) \
                and not _EMPTY.sub("", first.text).startswith(_CONTINUING) \
                and _opens_as_condition(text, start, end, amps):
            # a = b \\ &= c \\ & x > 0 (or &\quad \forall i \ne j): a row of comparisons alone under equations is
            # their condition, as after them on their row; dropped as no claim, it left them refuted outside it
            words = next((n for n in notes if INTERTEXT_NOTE.match(n)), None)
            if words is not None:
                # \shortintertext{unless} & x > 0: read as "if", a wrong d|x|/dx = 1 was proved
                raise LeadingCondition(at, f"cannot read the condition row after the words '{' '.join(words.split())}':"
                                           f" write the condition beside its equation (\\quad \\text{{unless }} x > 0)")
            condition = rf"\quad \text{{if }} {_QUADS.sub('', ' '.join(text[start:end].replace('&', ' ').split()))}"
            for position in above:
                noted[position] = noted.get(position, ()) + (condition,)
            _spread_condition(noted, above, (condition,))
            row = above  # a third row may continue it still
            continue
        if not first.text and not rels and notes and (row if new else above):
            # a row or column holding only an annotation (&\quad \text{or } x < 0, && \text{if } x > 0) is the
            # equations' of the row it stands in or under, continuing their last annotation: dropped, an "or"
            # would narrow the condition before it
            words = next((n for n in notes if INTERTEXT_NOTE.match(n)), None)
            if words is not None and len(notes) > 1:  # \intertext{so} & \text{if } x > 0: whose words qualify what?
                raise LeadingCondition(at, f"cannot read the condition row after the words '{' '.join(words.split())}':"
                                           f" write the condition beside its equation (\\quad \\text{{if }} x > 0)")
            fresh = not any(_conditions(noted.get(at, ())) for at in (row if new else above))
            for at in row if new else above:
                before = noted.get(at, ())
                # (not an \intertext that opened the row above: words between rows, no annotation to continue)
                last = [b for b in before[-1:] if not INTERTEXT_NOTE.match(b)]
                noted[at] = (before[:-1] if last else before) + (" ".join([*last, *notes]),)
            if not new:
                if fresh:
                    _spread_condition(noted, above, notes)
                row = above  # a third row may continue it still
            continue
        if new and not rels and first.text and not _LABEL.fullmatch(first.text):
            # a = b \quad - 7, \quad {}- 7, \quad \left(-7\right): no equation of its own, and dropped it would leave
            # a = b to be proved; only an equation number or a lone name may stand there
            raise LeadingCondition(at, f"cannot read '{first.text}' after \\quad: "
                                   f"math with no relation of its own is not read (write it in the equation, or in a "
                                   f"display of its own)")
        if not first.text and not rels and any(_LEADING.match(n) and len(_REL.findall(n)) > 1 for n in notes):
            raise LeadingCondition(at)
        if not rels and any(holds_equation(plain(n)) for n in notes):
            # \text{Hence } \frac{∂L}{∂W} = …: words opening a row would hide the equation after them
            raise LeadingCondition(at, "an equation after words is not read: "
                                   "put the words outside the display, or after the equation")
        if not first.text and not rels and notes and not (row if new else above) and not chains \
                and any(condition_text(plain(n)) is not None or restricts(plain(n)) for n in notes):
            # &\text{for } x > 0 \\ r &= x: a condition before the equations is not read, and dropped it left
            # them refuted outside it
            raise LeadingCondition(at, "a condition on a row before its equations is not read: write it after "
                                       "them (on the last one's row, or on a row of its own below)")
        if not first.text and not rels and not (row if new else above) and any(_REL.search(plain(n)) for n in notes):
            # &\text{s.t. } b \ge 1 under \min_w …, or a display of only \text{subject to } b \ge 1: a relation in
            # words with no equation to be the condition of, neither checked nor listed (--strict passed)
            raise LeadingCondition(at, "cannot read a relation in words with no equation beside or above it to be "
                                       "the condition of: write the relation in math of its own (listed as not "
                                       "checked), or after the equation it conditions")
        if not rels and any(_case_equation(_SCRIPTS.sub(" ", m.group(0))) for m in _CASES.finditer(text[start:end])):
            # \begin{cases} f_i = 2 x_i & x_i > 0 \\ … \end{cases}: equations with no left side outside, no claim
            # at all (a wrong case passed as 0 claims)
            raise LeadingCondition(at, "an equation inside \\begin{cases} is not read: write the left side before "
                                   "it (f = \\begin{cases} x & x > 0 \\\\ 0 & x \\le 0 \\end{cases}), or each case as "
                                   "an equation of its own with its condition")
        if not rels and (_WRAPPED.search(_SCRIPTS.sub(" ", text[start:end]))
                         or _BRACKETED.fullmatch(_SCRIPTS.sub(" ", text[start:end]))
                         or _command_equation(text[start:end])):
            # \boxed{x = -x}, x \overset{(a)}{=} y, {\color{red} x = -x}: a relation inside braces is no claim, and a
            # boxed result is the one a reader most wants checked
            raise LeadingCondition(at, "an equation inside \\boxed, \\overset, "
                                   "\\color, braces or brackets is not read: write the relation at the top level")
        prev = chains[-1] if chains and not new else None
        if prev is not None and len(prev) > 1 and not prev[-1].text:   # the last row ended with a relation
            prev[-1] = first
        elif prev is not None and not first.text and rels:               # a row starting with &= continues
            pass
        elif prev is not None and _EMPTY.sub("", first.text).startswith(_CONTINUING) \
                and not (rels and _aligned_statement(text, start, end, amps)):  # -b &= -b: a row of its own
            # &\quad + c, &\qquad {}- c (TeX's idiom for a continued line), {\color{red} + c}: more of the side above
            # (and the relations after it continue the chain: &\quad + 1 \le 3x + 2 was read as a condition, cutting
            # the equation above short, and &\quad + c = d as a claim + c = d)
            prev[-1] = Side(prev[-1].text + " " + _unbraced(first.text), prev[-1].line,
                            prev[-1].raw + "\n" * (first.line - prev[-1].line - prev[-1].raw.count("\n"))
                            + _unbraced(first.raw))
            if len(prev) > 1:  # the equation above now ends in this row (its \label may stand here)
                ends_of[prev[-2][1]] = row_index
                if not rels:  # &\quad + c \quad \text{if } x > 0, or a condition row under it: the equation's
                    noted[prev[-2][1]] = noted.get(prev[-2][1], ()) + tuple(notes)
                    row, notes = [*row, prev[-2][1]], []
        elif prev is not None and first.text and not rels and not _LABEL.fullmatch(first.text):
            # a row of math under an equation that neither continues it nor states one: dropped, it would leave the
            # equation above to be proved without it
            raise LeadingCondition(first.line, f"cannot read the row '{first.text}': math with no relation of its own "
                                               f"is not read (continue the row above with + or -, or write an equation)")
        elif first.text or rels:
            if not rels and any(_REL.search(plain(n)) for n in notes):
                # \min_w \frac{1}{2}\|w\|^2 \quad \text{subject to } b \ge 1: math with no relation, and the constraint
                # in its words was neither checked nor listed (--strict passed)
                raise LeadingCondition(at, f"cannot read the relation in the words beside '{first.text}': math with "
                                           f"no relation of its own is not read, nor what its words state (write the "
                                           f"relation in a display of its own, where it is listed as not checked)")
            chains.append([first])
        else:
            continue
        for rel, span in rels:
            chains[-1] += [rel, side(span)]
            if rel[0] in EQUALS:
                equal_at.add(rel[1])
            noted[rel[1]] = notes
            rows_of[rel[1]] = row_index
        row += [rel[1] for rel, _ in rels]
        equations.append(([rel[1] for rel, _ in rels], notes))
        if any(rel[0] in _IMPLIES for rel, _ in rels):
            arrows.append(at)
        if arrows and len(equations) > 1:
            # a > 0 \implies r = a, \quad r = 2a - a: whether the premise covers the second is anyone's guess, and
            # a condition after the last would be the first's as well as its premise
            raise LeadingCondition(arrows[0], "an implication shares its row with another equation: write each "
                                              "on a row of its own (or the second under the arrow: \\implies … \\\\ "
                                              "&\\implies …)")
    _share_condition(equations, noted)
    out = []
    for chain in chains:
        rels = [chain[k][0] for k in range(1, len(chain) - 1, 2)]
        if any(r in _EQUIVALENT for r in rels):
            at = next(chain[k][1] for k in range(1, len(chain) - 1, 2) if chain[k][0] in _EQUIVALENT)
            raise LeadingCondition(first_line + text.count("\n", 0, at), "an equivalence (\\iff) is not a claim "
                                   "derive checks: state each direction's equation with \\quad \\text{if } …")
        arrow = next((k for k in range(1, len(chain) - 1, 2) if chain[k][0] in _LIGHT_ARROWS), None)
        # w \leftarrow w - \eta g = (1 - \eta\lambda) w: an assignment first, as := is, and what it assigns simplified
        # (first, or first after a premise: \lambda = 0 \implies w \leftarrow … = …)
        assigned = arrow is not None and chain[arrow][0] in (r"\leftarrow", r"\gets") \
            and (arrow == 1 or chain[arrow - 2][0] in _IMPLIES)
        if arrow is not None and not assigned \
                and any(chain[k][0] in EQUALS for k in range(arrow + 2, len(chain) - 1, 2)):
            # x < 0 \to |x| = -x: an implication to one reader, and read as one statement after another it claims
            # |x| = -x everywhere
            raise LeadingCondition(first_line + text.count("\n", 0, chain[arrow][1]),
                                   f"cannot read {chain[arrow][0]} before an equation: for a premise write \\implies")
        premise, cut, folded = _premise(chain, noted)
        if cut and not premise:
            raise LeadingCondition(first_line + text.count("\n", 0, chain[cut][1]),
                                   "an arrow with nothing before it: write what it follows from before it")
        later = next((k for k in range(cut + 2, len(chain) - 1, 2) if chain[k][0] in _IMPLIES
                      and chain[k - 2][0] not in EQUALS and chain[k - 2][0] not in _IMPLIES), None) if cut else None
        if later is not None:
            # x > 0 \implies y > 0 \implies |y| = y: the middle premise was neither a claim nor a condition
            raise LeadingCondition(first_line + text.count("\n", 0, chain[later][1]),
                                   "a condition between two arrows would be dropped: write every premise before the "
                                   "first arrow (x > 0, y > 0 \\implies …)")
        conditioned = None  # the conditions of the chain's link before, when it had some
        links = []
        for k in range(1, len(chain) - 1, 2):
            (rel, rel_at), lhs, rhs = chain[k], chain[k - 1], chain[k + 1]
            if k == cut:
                continue
            notes = noted.get(rel_at, ())
            if k > cut:  # the premise's annotations, on the same row, are the premise's
                notes = tuple(n for n in notes if n not in folded)
            own = _own_condition(notes)
            if own is not None and conditioned is not None and own != conditioned:
                # |x| &= x \quad \text{if } x > 0 \\ &= -x \quad \text{if } x < 0: cases of |x| to its writer, but a
                # chain claims x = -x there (refuted, though every case is true)
                raise LeadingCondition(first_line + text.count("\n", 0, rel_at),
                                       "a continued row with a condition of its own after a row with another: as a "
                                       "chain it claims the row above's right side equals this one's; for cases, "
                                       "write the left side on each row or use \\begin{cases}")
            conditioned = own if own is not None else conditioned
            links.append(Link(lhs, rel, rhs, first_line + text.count("\n", 0, rel_at), notes,
                              premise, bool(cut) and k < cut, rows_of.get(rel_at, 0),
                              ends_of.get(rel_at, rows_of.get(rel_at, 0))))
        out += _chain_condition(links)
    return out


def _own_condition(notes: tuple[str, ...]) -> tuple[str, ...] | None:
    """The annotations of a link that state its condition (a relation, not a reason), spacing evened, or None."""
    return tuple(" ".join(n.split()) for n in notes if _REL.search(n) and not _REASON.match(n)) or None


def _chain_condition(links: list[Link]) -> list[Link]:
    """The links of one chain, its one condition on each: ``a &= b \\\\ &= c \\quad \\text{for } i \\ne j`` is,
    like ``a = b = c \\quad \\text{for } i \\ne j``, a derivation under that condition, whichever row states it
    (never a premise's words: ``a > 0 \\text{ or } a < 0 \\implies r = a`` folds them into the premise).  So is a
    chain's one reason holding a relation (``\\text{since } x > 0``); rows that give reasons of their own keep them,
    and a chain holding both a reason and a condition is refused."""
    reasons = [link for link in links if any(_REASON.match(n) and _REL.search(n) for n in link.notes)]
    conditioned = any(_own_condition(link.notes) for link in links) \
        or any(_CONDITION_WORD.search(n) for link in reasons for n in link.notes if _REASON.match(n))
    if len(links) > 1 and reasons and conditioned:
        # r &= |x| \\ &= x \quad \text{since } x > 0 \\ &= x + 0 \quad \text{for } x < 0: the first row's is which?
        # (and a condition on a row of its own under a reason's row joins that row's annotation)
        raise LeadingCondition(reasons[0].line, "a chain with a reason holding a relation (since …) and a condition "
                                                "(for …, if …): which rows does each cover? (write one condition for "
                                                "the chain, or one beside each row)")
    # what each link states (a chain's conditions are all one: a second one is refused as the chain is read)
    stated = [tuple(" ".join(n.split()) for n in link.notes if _REL.search(n)) or None for link in links]
    sources = [(link, s) for link, s in zip(links, stated) if s is not None and not link.antecedent]
    if len({s for _, s in sources}) != 1 or None not in stated:
        return links
    shared = tuple(FromChain(n) for n in sources[0][0].notes if _REL.search(n))
    return [link if s is not None else replace(link, notes=link.notes + shared) for link, s in zip(links, stated)]


#: a word opening a condition inside an annotation (a row of its own joins the annotation above it)
_CONDITION_WORD = re.compile(r"\\(?:text|textrm|textit|mbox|mathrm)\s*\{\s*(?:if|for|when|whenever|given|provided|"
                             r"assuming|unless)\b|\\forall(?![A-Za-z])")
#: An annotation that gives a reason for a step (since …, using …, by …), which a chain's rows may each give; any
#: other annotation holding a relation (if, for, when, where, given, \\forall, (a > 0), …) is a case's condition.
_REASON = re.compile(r"\s*(?:[,;]\s*)?(?:\\q?quad\s*)*(?:\\(?:text|textrm|textit|textnormal|mathrm|mbox)\s*\{\s*\(?\s*)?"
                     r"(?:since|using|because|as|by|from)\b")


def _spacing_an_arrow(text: str, m: re.Match) -> bool:
    """True for a quad spacing an arrow (a > 0 \\quad\\implies\\quad t = a): layout, not the start of an annotation."""
    return m.group(1) in ("quad", "qquad") and bool(_AFTER_ARROW.search(text, 0, m.start())
                                                    or _BEFORE_ARROW.match(text, m.end()))


def _unbraced(text: str) -> str:
    """``text`` without the braces around all of it (``{\\color{red} + 0}`` continues with + 0, not times a group)."""
    inner = text.strip()
    return inner[1:-1] if inner.startswith("{") and group_end(inner, 0) == len(inner) else text  # not {a} + {b}


#: an annotation opening with "where"
_WHERE = re.compile(r"(?:\s|\\q?quad(?![A-Za-z])|\\[,;:! ]|~|,)*\\(?:text|textrm|mbox)\s*\{\s*where\b")


class Shared(str):
    """A condition an equation has from another's row or chain (``a = b, \\quad c = d \\quad (i \\ne j)``), not one
    written beside it: a relation of indices it does not have is the other equation's alone."""


class FromChain(Shared):
    """A condition a link has from another row of its chain: checked under it, but not shown as written beside it."""


def _opens_as_condition(text: str, start: int, end: int, amps: list[int]) -> bool:
    """True for a row of comparisons that opens at its ``&`` or with spacing (``& x \\ge 0``, ``\\quad x > 0``): the
    condition of the equations above.  One opening with math (``x &\\ge 0``, a gather's ``c^2 + d^2 \\ge 2cd``) states
    a relation of its own."""
    return not _aligned_statement(text, start, end, amps) and (
        any(start <= a < end for a in amps) or _QUADS.match(text[start:end].lstrip()) is not None)


def _aligned_statement(text: str, start: int, end: int, amps: list[int]) -> bool:
    """True for a row aligned like an equation, math before its first ``&`` (``x &\\ge 0``): a statement of its own,
    not the condition a row opening ``&`` (``& x \\ge 0``, ``&\\quad x > 0``) puts under the equations above
    (read so, ``|x| &= x \\\\ x &\\ge 0`` proved |x| = x)."""
    first = next((a for a in amps if start <= a < end), None)
    return first is not None and _EMPTY.sub("", _QUADS.sub("", text[start:first].strip())) != ""


#: ``\\quad (j = k)``, ``(j = y_i)``: two letters (or a label's entry) equal, in brackets: a condition of indices or
#: labels as the loader reads it (``Loader.of_index_letters``), never a step
_LETTERS_EQUAL = re.compile(r"(?:\\q?quad|\\[,;: ]|\s)*\(\s*[a-z](?:_\{?\s*[a-z]\s*\}?)?\s*=\s*(?:[a-z](?:_\{?\s*[a-z]\s*\}?)?|[0-9]+)"
                            r"\s*\)\s*[.,;]?\s*")


def _condition(note: str) -> bool:
    """True for an annotation stating a condition (``\\text{if } x > 0``, ``(i \\ne j)``), not a reason or a remark."""
    # \text{where } z_1 = 0 after both (a worked example's point): theirs too, as \text{if } is
    return condition_text(plain(note)) is not None or restricts(plain(note)) \
        or _WHERE.match(plain(note)) is not None and _REL.search(note) is not None \
        or _LETTERS_EQUAL.fullmatch(note) is not None


def _conditions(notes: tuple[str, ...]) -> tuple[str, ...]:
    """The annotations among ``notes`` that state a condition."""
    return tuple(n for n in notes if _condition(n))


def _share_condition(equations: list[tuple[list[int], tuple[str, ...]]], noted: dict) -> None:
    """``a = b, \\quad c = d \\quad \\text{if } x > 0``: a condition after the last equation of a row is also each
    equation's before it that states none of its own, as a comparison alone after them is (``, \\quad x > 0``)."""
    shared = _conditions(equations[-1][1]) if len(equations) > 1 else ()
    for at, notes in equations[:-1] if shared else ():
        if not _conditions(notes):
            for rel in at:
                noted[rel] = noted.get(rel, ()) + tuple(Shared(n) for n in shared)


def _spread_condition(noted: dict, above: list[int], notes: tuple[str, ...]) -> None:
    """A condition on a row of its own under several rows (``z = w x = 2 \\\\ h = z^2 = 4 \\\\ & \\text{if } w = 1``,
    a worked example's point) is also each earlier row's equations' that state none of their own, as it is for the
    rows of one chain: kept to the last row's, a right forward pass was refuted on the rows above it."""
    shared = _conditions(notes)
    for rel, before in list(noted.items()) if shared else ():
        if rel not in above and not _conditions(before):
            noted[rel] = before + tuple(Shared(n) for n in shared)


def _premise(chain: list, noted: dict) -> tuple[str, int, set]:
    """``(premise, position of the first arrow, the annotations folded into the premise)`` of a chain ``A \\implies
    B`` (empty and 0 without an arrow): A as written with its annotations (x > 0 \\text{ or } x < 0 \\implies …),
    which the loader reads as the condition of every equation after the arrow (x > 0 \\implies |x| = -x
    \\implies …: the middle step is the writer's claim under x > 0, not a premise of the last)."""
    implied = [k for k in range(1, len(chain) - 1, 2) if chain[k][0] in _IMPLIES]
    if not implied:
        return "", 0, set()
    cut = implied[0]
    folded = [n for k in range(1, cut, 2) for n in noted.get(chain[k][1], ())]
    words = [p.text if isinstance(p, Side) else p[0] for p in chain[:cut]] + folded
    premise = re.sub(r"(?:\s|,|\\q?quad(?![A-Za-z])|\\[,;:! ])+$", "", " ".join(" ".join(words).split()))
    return _unbracketed(premise), cut, set(folded)  # a > 0, \quad \implies …: the comma and quad are layout


def _unbracketed(text: str) -> str:
    """``(x > 0)`` as ``x > 0``: brackets around a whole premise are punctuation."""
    for a, b in (("(", ")"), (r"\left(", r"\right)"), ("[", "]")):
        if text.startswith(a) and text.endswith(b) and text.count(a) == 1:
            return text[len(a):-len(b)].strip()
    return text

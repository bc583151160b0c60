"""What an annotation beside an equation asserts: ``\\quad \\text{if } \\sum_i y_i = 1`` and its kin.

Notes state a step's condition beside it: ``\\text{if}``, ``\\text{for}``, ``\\text{when}``,
``\\text{given}``, ``\\text{since}``, ``\\forall``, ``\\text{unless}`` … followed by relations, after the
text or inside it (``\\text{if $x > 0$}``), joined by ``\\text{ and }``, ``\\text{ or }`` or commas.  That
condition belongs to the claim: dropping it would check a different claim (s − y is wrong unless
Σ_i y_i = 1), and dropping part of it may do worse: an "or" cut to its first part proves a claim
where the writer allowed more.  So a condition is read whole or refused (``restricts``, and words
beside one, ``remark``, are refused by the loader); an annotation beside no condition
(``\\text{by the chain rule}``, ``\\text{where } s = σ(z)``, ``\\text{for all } i``) is prose: without it
the claim is only asserted more widely.
"""
from __future__ import annotations

import re

from .grammar import group_end

#: words that introduce a condition the equation beside them needs
KEYWORDS = ("if", "when", "whenever", "for all", "for every", "for each", "for any", "for", "given", "provided",
            "assuming", "as long as", "since", "because", "as", "using", "where", "with", "unless", "except when",
            "except")
#: words that state a condition only with a comparison: "where s = σ(z)" names a quantity, it asserts nothing
ONLY_COMPARISONS = ("where", "with")

_HEAD = re.compile(
    r"(?:\\q?quad(?![A-Za-z])|\\[,;:! ]|~|\s)*(?:\\(?:left|bigl|Bigl|biggl|Biggl|big|Big|bigg|Bigg)\s*)?[(\[]?\s*"
    r"(?:\\(?:text|textrm|textit|textnormal|mbox|mathrm)\s*\{\s*\(?\s*(?P<kw>" + "|".join(KEYWORDS) + r")"
    r"(?:\s+that)?(?:\s+|(?=[$}]))(?:\$(?P<inner>[^$]*)\$)?\s*[,:]?\s*\}|(?P<forall>\\forall(?![A-Za-z])))"
    r"(?P<rest>.*)", re.S)
#: (The spaces after a \right are the \s alternative's alone: two ways to split them backtracked exponentially.)
_CLOSING = re.compile(r"(\s|\\(?:right|bigr|Bigr|biggr|Biggr|big|Big|bigg|Bigg)|[)\].,;]|\\[,;:! ]|"
                      r"\\text\s*\{\s*[).,;]*\s*\})+$")
_PAIRS = {")": "(", "]": "["}


def _closed(text: str) -> str:
    """``text`` without the punctuation and closing brackets that end its sentence (``(since … = 1).``),
    keeping a bracket the relation itself opened (``x > \\sigma(z)``)."""
    m = _CLOSING.search(text)
    if m is None:
        return text
    kept = text[:m.start()]
    for ch in m.group(0):  # put back, in order, each closer that an opener in the relation is waiting for
        if ch in _PAIRS and kept.count(_PAIRS[ch]) > kept.count(ch):
            kept += ch
    return kept


_OPENING = re.compile(r"^(\s|\\[,;:! ]|~|\\q?quad(?![A-Za-z]))+")
_STYLE = re.compile(r"\\(?:textstyle|displaystyle|scriptstyle)(?![A-Za-z])\s*")


def keyword(note: str) -> str | None:
    """The word an annotation opens with (``if``, ``for all`` for ``\\forall``), or None."""
    m = _HEAD.fullmatch(note.strip())
    return None if m is None else "for all" if m.group("forall") else m.group("kw")


def condition_text(note: str, equations: bool = False) -> str | None:
    """The relation an annotation states as a condition, as written; None for prose.

    ``x > 0, y > 0`` and ``x, y > 0`` are read as ``x > 0 \\text{ and } y > 0``; a list with dots
    (``i = 1, \\dots, n``) is a range told in words.  ``equations``: also an equation after where/with
    (the loader decides whether it names a definition or states a condition)."""
    m = _HEAD.fullmatch(note.strip())
    if m is None:
        return None
    inner, rest = m.group("inner"), _OPENING.sub("", _closed(m.group("rest")))
    if inner is not None and rest:  # \text{if $x > 0$} and more after it: prose
        return None
    relation = (inner if inner is not None else rest).strip()
    if not _COMPARISON.search(relation) and ("=" not in relation or keyword(note) in ONLY_COMPARISONS and not equations):
        return None  # \text{for all } i, \text{where } s = \sigma(z): prose
    if "," in relation and not _DOTS.search(relation):
        relation = _each(relation)
    # a list left (i = 1, 2, …): a range told in words; a comma inside brackets (\max(x, -1) > 0) is no list
    listed = _DOTS.search(relation) or len(_top_level_commas(relation)) > 1
    return relation if relation and not listed else None


_DOTS = re.compile(r"\\(?:dots|ldots|cdots|dotsc)(?![A-Za-z])|\.\.\.")
_COMPARISON = re.compile(r"(?:[<>]|\\(?:ne|neq|le|leq|ge|geq|lt|gt|leqslant|geqslant)(?![A-Za-z])).*", re.S)
_NAME = re.compile(r"\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?")


def _each(relation: str) -> str:
    """``x > 0, y > 0`` → ``x > 0 \\text{ and } y > 0``; ``x, y > 0`` → the comparison for each name; else as written."""
    parts = [_OPENING.sub("", p).strip() for p in _top_level_commas(relation)]  # x > 0,\\, y > 0: a thin space
    if not all(parts) or _ENDS_IN_NAME.search(parts[0]) and _STARTS_WITH_NAME.match(parts[-1]):
        return relation  # 0 < x, y < 1: both between 0 and 1, or x > 0 and y < 1? (left a list: refused)
    tail = _COMPARISON.search(parts[-1])
    if tail is not None and all(_NAME.fullmatch(p) for p in parts[:-1]):
        parts = [p + " " + tail.group(0) for p in parts[:-1]] + parts[-1:]
    if not all(_ANY_RELATION.search(p) for p in parts):
        return relation  # i = 1, 2: no list of conditions
    joined = parts[0]
    for part in parts[1:]:  # x > 0, \text{ and } y > 0: the word after the comma joins them
        said = _SAID.match(part)
        joined += rf" \text{{ {said.group(1) if said else 'and'} }} " + (part[said.end():] if said else part)
    return joined


_ENDS_IN_NAME = re.compile(r"(?:<|\\le|\\leq|\\lt|>|\\ge|\\geq|\\gt)\s*\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?\s*$")
_STARTS_WITH_NAME = re.compile(r"\s*\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?\s*(?:<|\\le|\\leq|\\lt|>|\\ge|\\geq|\\gt)")
_SAID = re.compile(r"\\(?:text|textrm|mathrm)\s*\{\s*(and|or)\s*\}\s*")


def _escaped(text: str, k: int) -> bool:
    """True when ``text[k]`` follows an odd run of backslashes (``\\,`` is TeX's thin space; ``\\\\,`` a row's end, then one)."""
    run = len(text[:k]) - len(text[:k].rstrip("\\"))
    return run % 2 == 1


def _top_level_commas(text: str) -> list[str]:
    out, depth, start = [], 0, 0
    for k, ch in enumerate(text):  # \{ and \} bracket too: \max\{x, -1\}
        depth += ch in "{(["
        depth -= ch in "})]"
        if ch == "," and depth == 0 and not _escaped(text, k):  # \\, is a thin space, no comma
            out.append(text[start:k])
            start = k + 1
    return out + [text[start:]]


_CONNECTIVE = re.compile(
    r"(?:\\q?quad(?![A-Za-z])|\\[,;:! ]|~|\s|,)*\\(?:text|textrm|textit|textnormal|mbox|mathrm)\s*\{\s*"
    r"(?P<kw>and|or)(?:\s+|(?=[$}]))(?:\$(?P<inner>[^$]*)\$)?\s*\}(?P<rest>.*)", re.S)


def connective(note: str) -> tuple[str | None, str]:
    """``("and" | "or", the relation after it)`` for ``\\text{ or } x < 0`` (or ``\\text{or $x < 0$}``); else (None, "")."""
    m = _CONNECTIVE.fullmatch(note.strip())
    if m is None:
        return None, ""
    inner, rest = m.group("inner"), _OPENING.sub("", _closed(m.group("rest")))
    if inner is not None and rest:
        return None, ""
    return m.group("kw"), (inner if inner is not None else rest).strip()


_TEXT_WITH_MATH = re.compile(r"\\(text|textrm|textit|textnormal|mbox|hbox)\s*\{([^{}]*\$[^{}]*)\}")
_BARE = re.compile(r"(?P<lead>(?:\\q?quad(?![A-Za-z])|\\[,;:! ]|~|\s)*)(?:\\(?:left|bigl|Bigl|biggl|Biggl|big|Big|bigg|Bigg)\s*)?"
                   r"\((?P<rel>.*?)(?:\\(?:right|bigr|Bigr|biggr|Biggr|big|Big|bigg|Bigg)\s*)?\)\s*[.,;]?\s*", re.S)


def bracketed_equation(note: str) -> str | None:
    """The equation of an annotation that is an equation in brackets and nothing else (``\\quad (\\sum_i y_i = 1)``,
    ``\\qquad \\left(\\sum_i y_i = 1\\right)``), else None: a hypothesis when it is of inputs alone (the loader
    decides, as for a premise before ``\\implies``), else a step that brackets would hide."""
    bare = _BARE.fullmatch(note)
    if bare is None or TEXT_GROUPS.search(bare.group("rel")) or _COMPARISON.search(bare.group("rel")) \
            or "=" not in bare.group("rel"):
        return None
    return bare.group("rel").strip()


def plain(note: str) -> str:
    """``note`` with math moved out of its text (``\\text{if $x > 0$ and $y > 0$}`` → ``\\text{if } x > 0
    \\text{ and } y > 0``) and a bare comparison in brackets (``\\quad (x > 0)``) read as ``\\text{if } x > 0``."""
    def out(m: re.Match) -> str:
        pieces = m.group(2).split("$")
        if len(pieces) % 2 == 0:
            return m.group(0)  # an unpaired $: left as written
        return " ".join(rf"\{m.group(1)}{{{p}}}" if k % 2 == 0 else p for k, p in enumerate(pieces))
    note = _TEXT_WITH_MATH.sub(out, note)
    bare = _BARE.fullmatch(note)
    if bare is not None and "\\text" not in bare.group("rel") and _COMPARISON.search(bare.group("rel")):
        return rf"{bare.group('lead')}\text{{if }} {bare.group('rel')}"
    return note


#: words that state a restriction: a comparison after one is a condition, read or refused (never dropped)
RESTRICTING = ("if", "when", "whenever", "for all", "for every", "for each", "for any", "given", "provided",
               "assuming", "unless", "except", "except when", "as long as", "where", "with", "for")
_WIDENING = re.compile(r"\b(?:or|unless|except|otherwise|nor|else|also|always|general|generally|similarly|any|"
                       r"every|all|but|negative|positive|fact|too|well|each)\b")
_ANY_RELATION = re.compile(r"[<>=∈∉]|\\(?:ne|neq|le|leq|ge|geq|lt|gt|leqslant|geqslant|in|notin|approx|sim)(?![A-Za-z])")
#: membership, x \in (0, 1), y \in \{0, 1\}: a restriction even after where/with, unless of a whole real space
#: (x \in \mathbb{R}^n says a type)
_MEMBER = re.compile(r"(?:\\(?:in|notin)(?![A-Za-z])|[∈∉])\s*")
_SPACE_TYPE = re.compile(r"(?:\\mathbb\s*\{\s*R\s*\}|ℝ)\s*(?:\^\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?\s*(?:[,.;)]|\\text|\\quad|\\qquad|$)")


def restricting_membership(note: str) -> bool:
    """True when the note says an input is in something other than a whole real space (an interval, a set)."""
    return any(not _SPACE_TYPE.match(note, m.end()) for m in _MEMBER.finditer(note))
_LAYOUT = re.compile(r"(?:\\q?quad(?![A-Za-z])|\\[,;:! ]|~|\s|[.,;:\[\]]|\(\s*[0-9.]*\s*\)|\)|\("
                     r"|\\text\s*\{[\s.,;:()\[\]0-9]*\})*")


_END = r"[A-Za-z0-9](?:[A-Za-z0-9+\- ]*[A-Za-z0-9])?"  # 2, n, n - 1, N+1: a number or a size, ± a number
_INDEX = r"[A-Za-z](?:_\{[A-Za-z0-9]+\}|_[A-Za-z0-9])?"
_DOTS_WORD = r"(?:\\(?:dots|ldots|cdots|dotsc)(?![A-Za-z])|\.\.\.)"
_SPELLED = re.compile(
    rf"(?P<idx>{_INDEX})\s*(?:=\s*(?P<a>{_END})|\\in\s*\\\{{\s*(?P<b>{_END}))\s*,\s*(?:(?P<second>{_END})\s*,\s*)?"
    rf"{_DOTS_WORD}\s*,\s*(?P<last>{_END})(?(b)\s*\\\}}|)")


def spelled_range(note: str) -> str:
    """``note`` with a range spelled with an ellipsis (``i = 2, \\ldots, n``, ``i \\in \\{1, 2, \\dots, n\\}``) written
    as the bounds it states (``2 \\le i \\le n``), where it runs by one; otherwise unchanged (``dotted_range``)."""
    def bounds(m: re.Match) -> str:
        first, second = m.group("a") or m.group("b"), m.group("second")
        if second is not None and not _next(first, second):
            return m.group(0)  # 1, 3, \ldots, n: every other value, no range
        return rf"{first} \le {m.group('idx')} \le {m.group('last')}"
    return _SPELLED.sub(bounds, note)


def _next(first: str, second: str) -> bool:
    """True when ``second`` is ``first`` + 1 as written (2 after 1, n after n - 1, k + 1 after k)."""
    a, b = first.replace(" ", ""), second.replace(" ", "")
    if a.isdigit() and b.isdigit():
        return int(b) == int(a) + 1
    return b == f"{a}+1" or a == f"{b}-1"


def dotted_range(note: str) -> bool:
    """True for a relation written with an ellipsis (``i \\in \\{2, \\ldots, n\\}``, ``\\text{where } i = 2, \\ldots, n``):
    a range not read."""
    return _DOTS.search(note) is not None and (restricting_membership(note) or _ANY_RELATION.search(note) is not None)


def restricts(note: str) -> bool:
    """True for an annotation that opens with a word of restriction and holds a relation (``\\forall x \\in (0, 1)``,
    ``\\text{except } x < 0``): what it says narrows the claim, so it is read or refused, not dropped.  A range told
    in words (``\\text{for } i = 1, \\dots, n``) and a name given with ``where``/``with`` (``where s = σ(z)``) are prose."""
    word = _LEADING_WORD.match(note)
    if word is None or not _ANY_RELATION.search(note) or _DOTS.search(note):
        return False
    if word.group(1) in ONLY_COMPARISONS and not _COMPARISON.search(note) and not _WIDENING.search(note) \
            and not restricting_membership(note):
        return False
    return True


def holds_equation(note: str) -> bool:
    """True for words followed by an equation (``\\text{ hence } x = -x``, ``\\text{so } y = 2``): the equation is
    a claim the words would hide.  A name given with ``where``/``with`` (``where s = σ(z)``) is prose."""
    word = _LEADING_WORD.match(note)
    if word is not None and word.group(1) in ONLY_COMPARISONS:
        return False
    outside = TEXT_GROUPS.sub(" ", note)
    depth = 0
    for ch in outside:
        depth += ch in "{"
        depth -= ch in "}"
        if ch == "=" and depth == 0:
            return True
    return False


#: a \\text{…} group (words), blanked where only the math beside it counts
TEXT_GROUPS = re.compile(r"\\(?:text|textrm|textit|textnormal|mbox|mathrm|textbf)\s*\{[^{}]*\}")


#: words that operate on the math just before them (no \\quad between), as a sentence read aloud says it
_MATH_WORDS = re.compile(r"(?:\\[,;:! ]|~|\s)*\\(?:text|textrm|textit|textnormal|mbox|mathrm)\s*\{\s*"
                         r"(?:squared|cubed|plus|minus|times|divided|over|transposed|inverse|inverted|to the power)\b")
#: a cross-reference beside an equation: \\eqref{…}, \\ref{…}, \\cite{…}, \\tag{…}
_REFERENCE = re.compile(r"\\(?:eqref|ref|cite|tag|label|pageref|autoref|cref|Cref)\*?\s*\{[^{}]*\}")
_INTERTEXT = re.compile(r"\\(?:intertext|shortintertext)\s*\{")


def _without_intertext(text: str) -> str:
    """``text`` without its ``\\intertext{…}`` groups, braces nested inside them (``\\eqref{…}``) and all."""
    out, pos = [], 0
    for m in _INTERTEXT.finditer(text):
        if m.start() < pos:
            continue
        end = group_end(text, m.end() - 1)
        out += [text[pos:m.start()], " "]
        pos = end if end > 0 else len(text)
    return "".join(out) + text[pos:]
#: what an annotation may hold beside its words and be no math: spacing, punctuation, an equation number or mark
_LAYOUT_LEFT = re.compile(r"\(\s*[0-9.]+[a-z]?\s*\)|\[\s*[0-9.]+\s*\]|[\s.,;:!?()\[\]~*]|\\[,;:! ]"
                          r"|\\(?:star|ast|dagger|ddagger|square|blacksquare|Box|qed|checkmark)(?![A-Za-z])")
#: an annotation opening with words that speak of what follows (a condition's, a range's, a name given)
_OPENING_WORD = re.compile(r"(?:\\q?quad(?![A-Za-z])|\\[,;:! ]|~|\s|,)*(?:\\(?:left|bigl|Bigl|biggl|Biggl|big|Big|bigg|Bigg)\s*)?[(\[]?\s*(?:\\(?:forall|exists|because|"
                           r"therefore)(?![A-Za-z])|\\(?:text|textrm|textit|"
                           r"textnormal|mbox|mathrm)\s*\{\s*\(?\s*(?:" + "|".join(sorted(KEYWORDS + RESTRICTING, key=len,
                                                                                     reverse=True))
                           + r"|and|or|else|otherwise|but|i\.e\.|e\.g\.|at|on|over|in|of|by|see|cf\.|from|to|via|per|all|"
                             r"each|every|any)"
                           r"(?![A-Za-z]))")
#: an operator between terms: after the words or a \\quad it continues an expression
_OPERATOR = re.compile(r"[-+*/]|\\(?:cdot|times|pm|mp|frac|dfrac|tfrac|sum|prod)(?![A-Za-z])")
_SPACING = re.compile(r"\\(?:hspace|hskip)\s*\*?\s*\{[^{}]*\}|\\q?quad(?![A-Za-z])|\\[,;:! ]|~")


_OTHERWISE = re.compile(r"(?:\\q?quad(?![A-Za-z])|\\[,;:! ]|~|\s|[,(])*\\(?:text|textrm|textit|mbox|mathrm)\s*\{\s*\(?\s*"
                        r"(?:otherwise|else|elsewhere|in all other cases)\s*[.,;)]?\s*\}[\s.,;]*", re.I)


def otherwise(note: str) -> bool:
    """True for ``\\text{otherwise}`` (or ``else``, ``elsewhere``): a condition stated only by the cases before it."""
    return bool(_OTHERWISE.fullmatch(note))


def continues(note: str) -> bool:
    """True for an annotation holding an expression outside its words (``\\quad (-7)``, ``\\text{ } - 7``,
    ``\\text{(regularizer)} \\quad + \\max(0, 1 - w x)``): math the equation would lose if read as prose.
    One with a relation is read as a condition, an equation or a name given (``\\text{where } s = \\frac{…}{…}``)."""
    def words_out(m: re.Match) -> str:  # words are prose; a group with no letter in it (\mathrm{-7}) is math upright
        inside = m.group(0).split("{", 1)[1][:-1]
        return " " if re.search(r"[A-Za-z]", inside) else inside
    outside = _SPACING.sub(" ", TEXT_GROUPS.sub(words_out, note))
    if _MATH_WORDS.match(note):  # x = x \text{ squared}: words doing math on the side before them
        return True
    if _ANY_RELATION.search(outside):
        return False
    if _OPERATOR.search(outside):
        return True
    # x = x \text{ plus } 1, y \text{ } x: a factor the equation lost; after a word that opens an annotation
    # (\text{for each sample } b) a name is what it speaks of, and an equation number or a reference is layout
    left = _REFERENCE.sub(" ", _without_intertext(outside))
    return bool(re.search(r"[A-Za-z0-9\\]", _LAYOUT_LEFT.sub(" ", left))) and _OPENING_WORD.match(note) is None


#: relations derive does not read: a condition stated with one is refused, never dropped as prose
_UNREAD_RELATION = re.compile(r"\\(?:n(?:less|gtr|leq|geq|leqslant|geqslant)|lesssim|gtrsim|lessapprox|gtrapprox|"
                              r"lessdot|gtrdot|lneqq?|gneqq?|prec\w*|succ\w*|ll|gg|lll|ggg|leqq|geqq)(?![A-Za-z])"
                              r"|[≈∼≃≅≺≻≼≽≪≫≲≳≮≯≰≱⪯⪰≶≷]")  # typed as characters


def compares(note: str) -> bool:
    """True for an annotation stating a comparison (or a relation derive does not read) outside its words: a
    condition, which the loader reads or refuses (``\\text{but not for } x < 0`` would be dropped as prose)."""
    outside = TEXT_GROUPS.sub(" ", note)
    return bool(_COMPARISON.search(outside) or _UNREAD_RELATION.search(note))


#: a comparison told in words (``i different from j``, ``x is positive``, ``x vanishes``)
_WORDED = re.compile(r"(?<![A-Za-z])(?:different|differs?|distinct|other than|not equal|unequal|equals?|equal to|identical|"
                     r"same as|coincides?|match(?:es)?|greater|less|smaller|larger|bigger|more than|fewer|exceeds?|"
                     r"above|below|at least|at most|positive|negative|non-?negative|non-?positive|non-?zero|zero|"
                     r"vanish(?:es)?|diagonal|runs?|ranges?|goes|between)(?![A-Za-z])", re.I)
#: a condition in words with no opening word: ``\text{off the diagonal}``, ``\text{(diagonal entries)}``
_WORDED_ALONE = re.compile(r"(?<![A-Za-z])(?:(?:off|on) the diagonal|(?:off-)?diagonal entr(?:y|ies))(?![A-Za-z])", re.I)


#: a note opening with a word that restricts (``RESTRICTING``; not a reason: "since x is positive" gives one), in a
#: text group of its own or with more words (``for every positive x``), in either case
#: what may stand before an annotation's first word: spacing, a bracket, a text command and its brace
_LEAD = (r"(?:\\q?quad(?![A-Za-z])|\\[,;:! ]|~|\s|,)*(?:\\left\s*)?[(\[]?\s*(?:\\(?:text|textrm|textit|textnormal|mbox|"
         r"mathrm)\s*\{\s*\(?\s*)?")
_OPENS_A_CONDITION = re.compile(_LEAD + "(?:" + "|".join(sorted(RESTRICTING, key=len, reverse=True)) + r")\b", re.I)


#: what a label or a matrix is taken to be (``\\text{if } y \\text{ is one-hot}``): dropped, the claim was checked at
#: every y and a right s − y refuted.  These say a hypothesis after any opening word, where/with too ...
_HYPOTHESIS = re.compile(r"(?<![A-Za-z])(?:one[- ]?hot|sums? (?:up )?to|summing (?:up )?to|adds? up to|totals? (?:1|one)|"
                         r"hard (?:labels?|targets?)|(?:labels|targets) are hard|(?:is|are|be) normali[sz]ed|simplex|"
                         r"normali[sz]ed (?:labels?|targets?)|(?:target|label) distribution|symmetry of|"
                         r"pmf|probability mass function|symmetric|orthogonal|orthonormal|invertible|non-?singular|"
                         r"self-adjoint|hermitian|unitary|SPD|positive[- ]definite|rotation matrix|isometry)(?![A-Za-z])",
                         re.I)
#: ... these only after a word that restricts or gives a reason (after where/with they describe: ``with s =
#: \\operatorname{softmax}(z) \\text{, a probability vector}``)
_HYPOTHESIS_WHEN_RESTRICTED = re.compile(r"(?<![A-Za-z])(?:probability vector|(?:is|are|be) an? (?:valid )?"
                                         r"(?:probability )?distribution|forms? an? (?:probability )?distribution|"
                                         r"an? distribution [a-z]\b|categorical)(?![A-Za-z])", re.I)
#: a note opening with a word that restricts or gives a reason (``since W is symmetric``: the claim rests on it)
_OPENS_A_HYPOTHESIS = re.compile(_LEAD + r"(?:if|when|whenever|assuming|assume|provided|given|unless|for|since|because|"
                                         r"as|using|in the)\b", re.I)
#: ... or with where/with, which describe (only ``_HYPOTHESIS`` counts after them) ...
_OPENS_A_DESCRIPTION = re.compile(_LEAD + r"(?:where|with)\b", re.I)
#: ... or a parenthesis, ``(one-hot labels)``, ``(off-diagonal)`` (not ``_HYPOTHESIS_WHEN_RESTRICTED``: ``(a
#: probability vector)`` describes)
_IN_PARENTHESES = re.compile(r"(?:\\q?quad(?![A-Za-z])|\\[,;:! ]|~|\s|,)*(?:\\left\s*)?(?:\(|\\(?:text|textrm|textit|"
                             r"textnormal|mbox|mathrm)\s*\{\s*\()", re.I)


def worded(note: str) -> bool:
    """True for a condition told in words, ``\\text{for } i \\text{ different from } j``, ``\\text{if } y \\text{ is
    one-hot}``: dropped as prose, the claim was checked where its writer excluded it (the diagonal refuted a claim
    about i ≠ j, every y a right s − y)."""
    return bool(_OPENS_A_CONDITION.match(note) and _WORDED.search(note) or _WORDED_ALONE.search(note)
                or _OPENS_A_HYPOTHESIS.match(note) and bool(_HYPOTHESIS.search(note)
                                                            or _HYPOTHESIS_WHEN_RESTRICTED.search(note))
                or (_OPENS_A_DESCRIPTION.match(note) or _IN_PARENTHESES.match(note)) and _HYPOTHESIS.search(note)
                # (off-diagonal), (positive inputs): a condition in words in parentheses, with no opening word
                or _IN_PARENTHESES.match(note) and _WORDED.search(note))


def remark(note: str) -> bool:
    """True for an annotation with words in it (not spacing, punctuation or an equation number)."""
    if _LAYOUT.fullmatch(note.strip()) or _DOTS.search(note) and not _WIDENING.search(note):
        return False
    word = _LEADING_WORD.match(note)
    return not (word is not None and word.group(1) in ONLY_COMPARISONS and not _WIDENING.search(note))


_LEADING_WORD = re.compile(r"(?:\\q?quad(?![A-Za-z])|\\[,;:! ]|~|\s|,)*(?:\\(?:left|bigl|Bigl|biggl|Biggl|big|Big|bigg|Bigg)\s*)?[(\[]?\s*(?:\\(?:text|textrm|textit|"
                           r"textnormal|mbox|mathrm)\s*\{\s*\(?\s*(" + "|".join(sorted(RESTRICTING, key=len, reverse=True))
                           + r")\b|\\(forall)(?![A-Za-z]))")


def restated(note: str) -> str:
    """The annotation as a report typesets it: ``\\quad \\text{if } x > 0``, whether written ``(\\text{if } x > 0)``,
    ``\\text{if $x > 0$}`` or with ``\\textstyle`` (which a report's typesetter does not take)."""
    relation = condition_text(note)
    if relation is None:
        return " ".join(note.split())
    return rf"\quad \text{{{keyword(note)} }} {_STYLE.sub('', relation).strip()}"

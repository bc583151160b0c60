"""The grammar of LaTeX math as gradient derivations write it (one side of an equation).

Declarative (Lark, LALR, contextual lexer): the grammar only says how the text is grouped;
``derive.documents.mathbuild`` gives the groups their meaning.  Parsing is bounded: the
text's length and bracket nesting are checked before Lark sees it, the tree's depth after.
Lark's LALR parser keeps its own stack (no recursion), so hostile input cannot overflow it.
"""
from __future__ import annotations

import re

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from ..language import lalr
from ..verify.parser import ParseError

MAX_MATH_CHARS = 2000  # per side, as the file format's MAX_EXPR_CHARS
#: ``prepare`` spells a bar ``|`` as ``\\lvert `` (7 characters): the prepared text is at most this many times longer.
PREPARED_GROWTH = 8
MAX_NESTING = 40
MAX_TREE_DEPTH = 300

#: The product macros (the grammar's MULOP; after one, a bar opens an absolute value).
MUL_MACROS = "cdot|times|odot|circ|otimes"

GRAMMAR = r"""
start: expr

expr: signed (ADDOP signed)*
signed: ADDOP* product
product: factor ((MULOP ADDOP*)? factor)*

?factor: scripted | bigop | frac | sqrt
scripted: primary PRIMES? script? PRIMES?
script: sub | sup | sub sup | sup sub
sub: "_" subarg
sup: "^" suparg
subarg: DIGIT | LETTER | CMD | TEXT | accent | "{" conds "}"
suparg: DIGIT | LETTER | CMD | accent | "{" expr "}" | "{" "}"

primary: LETTER | NUMBER | CMD | OPNAME | TEXT | accent | paren | group | cases
accent: ACCENT accarg
accarg: "{" expr "}" | LETTER | CMD | DIGIT
group: "{" expr "}"
paren: LPAR conds RPAR
conds: junction ("," junction)*
?junction: cond (LOGIC cond)*
cond: expr (CMP expr)*

cases: CASES_BEGIN case_row (ROWSEP case_row)* ROWSEP? CASES_END
case_row: expr ","? AMP case_cond
case_cond: OTHERWISE | IF? junction

frac: FRAC fracarg fracarg sup?
fracarg: "{" expr "}" | DIGIT | LETTER | CMD
sqrt: SQRT fracarg sup?
bigop: BIGOP script? signed

ADDOP: "+" | "-"
MULOP.2: "*" | "/" | /\\(@MUL@)(?![A-Za-z])/
CMP.2: "=" | "<" | ">" | /\\(ne|neq|le|leq|ge|geq|lt|gt|in)(?![A-Za-z])/
LPAR.2: "(" | "[" | "\\{" | /\\l(vert|Vert|angle)(?![A-Za-z])/
RPAR.2: ")" | "]" | "\\}" | /\\r(vert|Vert|angle)(?![A-Za-z])/
FRAC.2: /\\[dt]?frac(?![A-Za-z])/
SQRT.2: /\\sqrt(?![A-Za-z])/
BIGOP.2: /\\(sum|prod)(?![A-Za-z])|\\(arg)?m(ax|in)(?=\s*(\\(no)?limits(?![A-Za-z])\s*)?_)/
ACCENT.2: /\\(hat|bar|tilde|vec|dot|ddot|check|breve|widehat|widetilde|overline|mathbf|boldsymbol|bm|mathrm|mathit|mathsf|mathcal|mathbb|mathnormal|pmb)(?![A-Za-z])/
OPNAME.2: /\\operatorname\*?\s*\{\s*[A-Za-z]+\s*\}/
TEXT.2: /\\(text|textrm|textit|mbox|textnormal)\s*\{[^{}]{0,200}\}/
CASES_BEGIN.3: /\\begin\s*\{cases\}/
CASES_END.3: /\\end\s*\{cases\}/
ROWSEP.3: /\\\\/
AMP: "&"
LOGIC.3: /\\(land|wedge|lor|vee)(?![A-Za-z])/ | /\\(text|textrm|mbox)\s*\{\s*(and|or)\s*\}/
OTHERWISE.3: /\\(text|textrm|mbox)\s*\{\s*(otherwise|else|elsewhere)\s*[.,;]?\s*\}/
IF.3: /\\(text|textrm|mbox)\s*\{\s*(if|for|when|where)\s*\}/
CMD: /\\[A-Za-z]+/
PRIMES: /'{1,3}/
LETTER: /[A-Za-z]/
DIGIT: /[0-9]/
NUMBER: /[0-9]+(\.[0-9]+)?|\.[0-9]+/

IGNORED.3: /\\(left|right|bigl|bigr|bigm|Bigl|Bigr|Bigm|biggl|biggr|Biggl|Biggr|big|Big|bigg|Bigg|limits|nolimits|displaystyle|textstyle|quad|qquad|middle)(?![A-Za-z])/
SPACE.3: /\\[,;:! ]/ | "~"
INVISIBLE.4: /\\(left|right|bigl|bigr|Bigl|Bigr)\s*\./
%ignore INVISIBLE
%ignore IGNORED
%ignore SPACE
%ignore /\s+/
""".replace("@MUL@", MUL_MACROS)

LARK_OPTIONS = {"parser": "lalr", "lexer": "contextual", "propagate_positions": True, "maybe_placeholders": False}
_PARSER: Lark | None = None


def parser() -> Lark:
    """The (cached) Lark LALR parser for one side of an equation."""
    global _PARSER
    if _PARSER is None:
        _PARSER = lalr.parser("latex", GRAMMAR, **LARK_OPTIONS)
    return _PARSER


def _nesting(text: str) -> int:
    depth = deepest = 0
    for ch in re.sub(r"\\[{}]", "(", text):
        if ch in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})]":
            depth -= 1
    return deepest


def tree_depth(tree: Tree) -> int:
    """Depth of ``tree``, computed without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > MAX_TREE_DEPTH:
            break
        if isinstance(node, Tree):
            stack.extend((c, d + 1) for c in node.children)
    return deepest


#: a sign set as a script, x^{+} or L_-: a tag papers give the positive and negative of a pair (a bracket's (…)_+,
#: the positive part, is read before: ``_positive_parts``)
SIGN_SCRIPT = re.compile(r"(?<![)\]\s])\s*[\^_]\s*(?:\{\s*[+\-]\s*\}|[+\-](?![\w\\({]))")
#: what a refusal adds where one stands in the text
SIGN_SCRIPT_HINT = ("a sign as a superscript or subscript, f^{+} or L_-, is not read: name the quantity with a letter "
                    "tag or an accent, and map that in [symbols], 'f^{p}' = \"fp\", 'L_{pos}' = \"Lp\" or "
                    "'\\bar{f}' = \"fp\"")


def _unexpected(exc: UnexpectedInput, text: str) -> str:
    said = _unexpected_said(exc, text)
    return f"{said} ({SIGN_SCRIPT_HINT})" if SIGN_SCRIPT.search(text) and "(" not in said else said


def _unexpected_said(exc: UnexpectedInput, text: str) -> str:
    if isinstance(exc, UnexpectedCharacters):
        found = text[exc.pos_in_stream:exc.pos_in_stream + 1]
        if found == "\\":
            found = re.match(r"\\([A-Za-z]+|.?)", text[exc.pos_in_stream:]).group(0)
        if found == ":" and re.search(r"\\(?:sum|prod)\s*_\s*\{[^{}]*$", text[:exc.pos_in_stream]):
            # \sum_{i : y_i = j} 1: a sum over the indices meeting a condition
            return (r"cannot read ':' here (a sum over the indices that meet a condition is not read: write the "
                    r"condition as a factor, \sum_i \mathbb{1}[y_i = j] …)")
        if found == ":":  # P_{i,:}, G_{:, n}: a slice, as NumPy writes one
            return "cannot read ':' here (a slice such as P_{i,:} is not read: write an entry, P_{ij})"
        return f"cannot read '{found}' here"
    if isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        return "the expression ends too early (an operand or a closing brace is missing)"
    tok = exc.token
    return f"cannot read '{tok}' here"


#: TeX primitives that define, expand or include: never read (checked before lexing, so no trick reaches Lark)
_PRIMITIVES = re.compile(r"\\(catcode|def|edef|gdef|xdef|let|futurelet|expandafter|csname|endcsname|input|include|"
                         r"newcommand|renewcommand|providecommand|DeclareMathOperator|makeatletter|uppercase|"
                         r"lowercase|string|write|immediate|openin|openout|read|jobname|char|mathchardef|"
                         r"chardef|lccode|uccode|mathcode|begingroup|endgroup|relax|special)(?![A-Za-z])")
#: arg max (or arg min) however it is typeset: \arg\max, \arg\,\max, \operatorname*{arg\,max},
#: \mathop{\mathrm{argmax}}, \argmax; the group that matched names which
_ARGMAX = re.compile(r"\\arg\s*(?:\\[,;:! ]\s*)?\\(max|min)(?![A-Za-z])|\\arg(max|min)(?![A-Za-z])|"
                     r"\\(?:operatorname\*?|mathrm)\s*\{\s*arg\s*(?:\\[,;:!]\s*)?(max|min)\s*\}|"
                     r"\\mathop\s*\{\s*\\mathrm\s*\{\s*arg\s*(?:\\[,;:!]\s*)?(max|min)\s*\}\s*\}")
#: ``\underset{k}{\max}`` (and arg max, Σ, ∏, min): the operator with its range below, as ``\max_{k}``
_GROUP = r"\{((?:[^{}]|\{[^{}]*\})*)\}"
_UNDER_OPERATOR = (r"((?:\\arg\s*(?:\\[,;:!]\s*)?)?\\(?:max|min|argmax|argmin|sum|prod)(?![A-Za-z])|"
                   r"\\operatorname\*?\s*\{\s*(?:arg\s*)?(?:max|min)\s*\})")
_UNDERSET = re.compile(rf"\\underset\s*{_GROUP}\s*\{{\s*{_UNDER_OPERATOR}\s*\}}")
#: ``\underset{k=1}{\overset{n}{\sum}}``: ``\sum_{k=1}^{n}``
_UNDER_OVERSET = re.compile(rf"\\underset\s*{_GROUP}\s*\{{\s*\\overset\s*{_GROUP}\s*\{{\s*{_UNDER_OPERATOR}\s*\}}\s*\}}")

_SUBSTACK = re.compile(r"\\substack\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
#: ``\\frac`` (or ``\\dfrac``, ``\\tfrac``) as a whole control word, not the start of ``\\fraction``
_FRAC = re.compile(r"\\[dt]?frac(?![A-Za-z])")
#: an unbraced argument, which TeX takes as one token: a control word or one character
_FRAC_TOKEN = re.compile(r"\s*(\\[A-Za-z]+|[0-9A-Za-z])")
_SPACES = re.compile(r"\s*")


#: ``\binom{K}{2}`` with a small number below: the falling product over its factorial, K(K − 1)/2 (a polynomial in K)
_BINOM = re.compile(r"\\[dt]?binom\s*(\{[^{}]*\}|[A-Za-z0-9])\s*(?:\{\s*([0-4])\s*\}|([0-4]))")


def _binomial(m: re.Match) -> str:
    top, k = m.group(1).strip("{}"), int(m.group(2) or m.group(3))
    if k == 0:
        return "{1}"
    factors = "".join(f"\\left({top} - {i}\\right)" if i else f"\\left({top}\\right)" for i in range(k))
    return f"\\frac{{{factors}}}{{{[1, 1, 2, 6, 24][k]}}}"


def _operator(written: str) -> str:
    """``\\operatorname{arg max}`` as ``\\argmax`` (the spelling a range may follow); other operators as written."""
    if written.startswith("\\operatorname"):
        return "\\" + re.sub(r"\s", "", written[written.index("{") + 1:-1])
    return written


#: A bar: ``\\left|``/``\\right|`` and ``\\left\\|``/``\\right\\|`` say their side; ``|``, ``\\vert``, ``\\|``, ``\\Vert``
#: do not.  A line break ``\\\\`` is matched first so its second backslash never starts ``\\|``.
_BAR = re.compile(r"(?P<skip>\\\\)|(?P<side>\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr)\s*)?"
                  r"(?P<bar>\\\||\\[Vv]ert(?![A-Za-z])|\|)")
#: After these (or at the start) an operand is expected, so a bar there opens: (, [, {, a comma, an
#: operator, a relation, a script, an alignment mark, or a bar that opened.
_OPERAND_EXPECTED = re.compile(r"(?:[(\[{,+\-*/=<>^_&]|\\(?:" + MUL_MACROS + r"|le|leq|ge|geq|ne|neq|lt|gt|"
                               r"lvert|lVert|langle)|\\[,;:!])$")


def _bars(text: str) -> str:
    """Bars written as ``|x|`` and ``\\|v\\|`` spelled ``\\lvert x \\rvert`` and ``\\lVert v \\rVert``.

    A bar opens where an operand is expected or when no bar of its kind is open, else it closes
    the innermost open one (``|a - |b||``, ``|a| |b|``); ``\\left|``/``\\right|`` say their side.
    Text whose bars do not pair up is left as it is: the grammar then names the bar it cannot read.
    """
    if "|" not in text and "ert" not in text:
        return text
    out, pos, depth = [], 0, {"|": 0, "‖": 0}
    for m in _BAR.finditer(text):
        if m.group("skip"):
            continue
        bar, side = m.group("bar"), (m.group("side") or "").strip()
        kind = "‖" if bar in ("\\|", "\\Vert") else "|"
        out.append(text[pos:m.start()])
        pos = m.end()
        if side:
            opens = side in ("\\left", "\\bigl", "\\Bigl", "\\biggl")
        else:
            tail = "".join(out).rstrip()[-12:]
            opens = depth[kind] == 0 or not tail or bool(_OPERAND_EXPECTED.search(tail))
        if not opens and depth[kind] == 0:
            return text
        depth[kind] += 1 if opens else -1
        out.append(("\\l" if opens else "\\r") + ("Vert " if kind == "‖" else "vert "))
    if any(depth.values()):
        return text
    return "".join(out) + text[pos:]


#: The bar of a conditional, ``p(t \\mid w)``: spelled as the comma of an argument list.
MID = re.compile(r"\\mid(?![A-Za-z])")
#: One double bar between two items in round brackets, a divergence's D_KL(p \| q) (not a norm: that pairs two bars)
_DIVERGENCE = re.compile(r"\(((?:(?!\\Vert)[^()|])*)(?:\\\||\|\||\\Vert(?![A-Za-z]))((?:(?!\\Vert)[^()|])*)\)")
#: A bracket, or a semicolon (not ``\\;``, a space): ``_semicolons`` reads ``J(w; X, y)``, ``p(y; \\phi)`` as argument lists.
_BRACKET_OR_SEMICOLON = re.compile(r"[()\[\]]|(?<!\\);")
#: Punctuation ending a case's condition (``z \\ge 0,`` ``x < 0.``): prose, dropped before parsing.
_DCASES = re.compile(r"\\(begin|end)\s*\{dcases\}")
_CASES_STARRED = re.compile(r"\\begin\s*\{d?cases\*\}")
_CASE_PUNCTUATION = re.compile(r"\s*[,.;]\s*(?=\\\\|\\end\s*\{cases\})")


_OVER = re.compile(r"\\over(?![A-Za-z])")


def _over(text: str) -> str:
    """Plain TeX's ``{a \\over b}`` spelled ``{\\frac{a}{b}}``: \\over divides its whole group (or side)."""
    while True:
        m = _OVER.search(text)
        if m is None:
            return text
        start, depth = 0, 0
        for k in range(m.start() - 1, -1, -1):  # the group's opening brace (an escaped \{ is a bracket)
            if text[k] in "{}" and not (k and text[k - 1] == "\\"):
                depth += 1 if text[k] == "}" else -1
                if depth < 0:
                    start = k + 1
                    break
        end, depth = len(text), 0
        for k in range(m.end(), len(text)):
            if text[k] in "{}" and text[k - 1] != "\\":
                depth += 1 if text[k] == "{" else -1
                if depth < 0:
                    end = k
                    break
        text = f"{text[:start]}\\frac{{{text[start:m.start()]}}}{{{text[m.end():end]}}}{text[end:]}"


#: relations (and a few operators) typed as characters or spelled another way, and the macro the reader knows them by
_SPELLED = {"≤": r"\le ", "≥": r"\ge ", "≠": r"\ne ", "⩽": r"\le ", "⩾": r"\ge ", "≦": r"\le ", "≧": r"\ge ",
            "≨": " < ", "≩": " > ", "＜": " < ", "＞": " > ", "＝": " = ", r"\leqq": r"\le", r"\geqq": r"\ge",
            "⟹": r"\implies ", "⇒": r"\Rightarrow ", "≈": r"\approx ", "∝": r"\propto ", "∈": r"\in ",
            "∉": r"\notin ", "→": r"\to ", "≪": r"\ll ", "≫": r"\gg ", "≃": r"\simeq ", "∼": r"\sim ", "≅": r"\cong ",
            "≺": r"\prec ", "≻": r"\succ ", "≼": r"\preceq ", "≽": r"\succeq ", "⪯": r"\preceq ", "⪰": r"\succeq ",
            "≲": r"\lesssim ", "≳": r"\gtrsim ", "≮": r"\nless ", "≯": r"\ngtr ", "≰": r"\nleq ", "≱": r"\ngeq ",
            "≶": r"\lessgtr ", "≷": r"\gtrless ",
            # operators pasted from a PDF or a web page: the minus sign, the dot and the cross (probe: − was refused)
            "−": " - ", "⋅": r"\cdot ", "·": r"\cdot ", "×": r"\times "}
_SPELLED_RE = re.compile("|".join(re.escape(k) + (r"(?![A-Za-z])" if k[-1].isalpha() else "") for k in _SPELLED))


def spelled_relations(text: str) -> str:
    """``text`` with ``≤`` (and ``≥ ≠ ⩽ ⩾``, ``\\leqq``, ``\\geqq``, ``⟹``) as the macros the reader reads: a condition
    written with them was prose once, and dropped (|x| = −x \\text{if } x ≤ 0 refuted at x > 0)."""
    return _SPELLED_RE.sub(lambda m: _SPELLED[m.group(0)], text) if _SPELLED_RE.search(text) else text


def typed_relations(text: str) -> str:
    """``x >= 0`` typed as plain text (CS231n's 1(x >= y)) spelled with the relation's macro: \\ge, \\le, \\ne."""
    return text.replace(">=", r"\ge ").replace("<=", r"\le ").replace("!=", r"\ne ") if "=" in text else text


_BRACE_LABEL = re.compile(r"\\(?:under|over)brace(?![A-Za-z])\s*\{")
#: a colour is layout: ``{\\color{red} + 0}``, ``\\textcolor{red}{x}`` (a relation inside one is refused by ``chains``)
_BOXED = re.compile(r"\\boxed(?![A-Za-z])")
_COLOUR = re.compile(r"\\(?:color|textcolor)\s*\{[A-Za-z!0-9]*\}")
#: Plain TeX's font switches, ``{\\rm d}``, ``{\\bf x}``: a group in that font, spelled as LaTeX's ``\\mathrm{d}``
_FONT_SWITCH = re.compile(r"\{\s*\\(rm|bf|it|sf|cal)(?![A-Za-z])\s*((?:[^{}\\]|\\[A-Za-z]+)*?)\s*\}")
_FONT_COMMANDS = {"rm": "mathrm", "bf": "mathbf", "it": "mathit", "sf": "mathsf", "cal": "mathcal"}
#: ``{} + c`` after an alignment point (``r = {} & …``): an empty group that only spaces the operator
_EMPTY_GROUP = re.compile(r"(?<![\\A-Za-z0-9_^}])\{\s*\}")


def group_end(text: str, start: int) -> int:
    """The position after the group opening at ``text[start]`` (``{``), or -1 when it does not close."""
    depth = 0
    for k in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[k], 0) if text[k - 1:k] != "\\" else 0
        if depth == 0:
            return k + 1
    return -1


def _without_brace_labels(text: str) -> str:
    """``\\underbrace{X}_{\\text{label}}`` (or ``\\overbrace{X}^{…}``) as ``{X}``: the brace and its label are layout."""
    out, pos = [], 0
    for m in _BRACE_LABEL.finditer(text):
        if m.start() < pos:
            continue
        end = group_end(text, m.end() - 1)
        if end < 0:
            break
        label = re.match(r"\s*[_^]\s*", text[end:])
        stop = end
        if label:
            at = end + label.end()
            macro = re.match(r"\\[A-Za-z]+\s*", text[at:])
            if text[at:at + 1] == "{":
                stop = group_end(text, at)
            elif macro and text[at + macro.end():at + macro.end() + 1] == "{":
                # _\text{data loss}: TeX's label is the macro with its argument, not the backslash alone (the rest
                # was read as math: t·e·x·t·…, and a wrong claim was proved)
                stop = group_end(text, at + macro.end())
            else:
                stop = at + (macro.end() if macro else 1)
            if stop < 0:
                break
            if re.search(r"[=<>]|\\(?:ne|neq|le|leq|ge|geq|approx|equiv|doteq|triangleq|coloneqq|eqqcolon|sim|simeq|"
                         r"cong|propto|implies|Rightarrow)(?![A-Za-z])", text[at:stop]):
                # \underbrace{|a|}_{= -a}: a step of the derivation, which the label would hide from the checker
                raise ParseError("cannot read a relation in an \\underbrace or \\overbrace label: write the "
                                 "step as an equation of its own")
        out += [text[pos:m.start()], text[m.end() - 1:end]]
        pos = stop
    return "".join(out) + text[pos:]


def _semicolons(text: str) -> str:
    """Each ``;`` inside round or square brackets as a comma (``J(w; X, y)``); one outside any is left to be refused
    as written (``a = b; c = d``: two equations, which a comma would not make either)."""
    out, depth, last = [], 0, 0
    for m in _BRACKET_OR_SEMICOLON.finditer(text):
        ch = m.group(0)
        depth += 1 if ch in "([" else -1 if ch in ")]" else 0
        if ch == ";" and depth > 0:
            out += [text[last:m.start()], ","]
            last = m.end()
    return "".join(out) + text[last:]


#: The accents and font commands the grammar's ACCENT token reads, by name (its one spelling, above).
ACCENT_NAMES = tuple(re.search(r"ACCENT\.2: /\\\\\(([a-z|]+)\)", GRAMMAR).group(1).split("|"))
#: The Greek letters by their control words.
GREEK = frozenset("""alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu
xi omicron pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda
Xi Pi Sigma Upsilon Phi Psi Omega""".split())
#: one of them with its one-token argument unbraced, a letter, digit or Greek letter: ``\mathcal J``, ``\hat\theta``
_UNBRACED_ACCENT = re.compile(rf"\\({'|'.join(ACCENT_NAMES)})(?![A-Za-z])\s*"
                              rf"([A-Za-z0-9]|\\(?:{'|'.join(sorted(GREEK | {'ell'}))})(?![A-Za-z]))")


def braced_accents(text: str) -> str:
    """``\\mathcal J`` as ``\\mathcal{J}``, as TeX reads it: in math and in ``[symbols]`` keys, so that either spelling
    names one quantity (the unbraced one was looked up with its space dropped, a control word no TeX defines)."""
    return _UNBRACED_ACCENT.sub(lambda m: f"\\{m.group(1)}{{{m.group(2)}}}", text) if "\\" in text else text


def font_switches(text: str) -> str:
    """Plain TeX's ``{\\rm d}`` as LaTeX's ``\\mathrm{d}`` (``\\bf``, ``\\it``, ``\\sf``, ``\\cal`` alike): in math and in
    ``[symbols]`` keys, so that ``C_{\\rm CE}`` and ``C_{\\mathrm{CE}}`` name one quantity."""
    return _FONT_SWITCH.sub(lambda m: _font_command(text, m), text) if _FONT_SWITCH.search(text) else text


#: a script right after a group: ``{\\bf x}_i``
_SCRIPT_AFTER = re.compile(r"\s*[_^]")


def _font_command(text: str, m: re.Match) -> str:
    """One ``{\\rm X}`` as ``{\\mathrm{X}}``, braced still (the group may be an argument, ``\\frac{\\rm d}{…}``), but
    unbraced before a script, which is then its own (``{\\bf x}_i`` is ``\\mathbf{x}_i``, no subscript on a group)."""
    command = f"\\{_FONT_COMMANDS[m.group(1)]}{{{m.group(2)}}}"
    return command if _SCRIPT_AFTER.match(text, m.end()) else "{" + command + "}"


#: spacing that opens a superscript group, ^{\!\top} (papers tuck a transpose in so)
_SCRIPT_SPACE = re.compile(r"\^\s*\{\s*(?:\\[!,;:]\s*)+")


_ENSUREMATH = re.compile(r"\\ensuremath\s*\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}")


_POSITIVE_PART = re.compile(r"(\\right\s*)?([)\]])\s*_\s*(?:\{\s*\+\s*\}|\+)")
#: ... and the negative part, which books write for max(−x, 0) and for min(x, 0) alike: refused, not guessed
_NEGATIVE_PART = re.compile(r"[)\]]\s*_\s*(?:\{\s*-\s*\}|-(?![\w\\({]))")


def _positive_parts(text: str) -> str:
    """``(1 - y w^\\top x)_+`` and ``[z]_+``, the positive part as hinge losses write it: ``\\max\\left(0, …\\right)``
    (a bracket that does not open is left as written, for the reader's own message)."""
    for m in reversed(list(_POSITIVE_PART.finditer(text))):
        close = m.start(2)
        depth, k = 0, close
        while k >= 0:
            if text[k] in ")]}" and not (k > 0 and text[k - 1] == "\\"):
                depth += 1
            elif text[k] in "([{" and not (k > 0 and text[k - 1] == "\\"):
                depth -= 1
                if depth == 0:
                    break
            k -= 1
        if k < 0 or text[k] + text[close] not in ("()", "[]"):
            continue
        left = re.search(r"\\left\s*$", text[:k])
        start = left.start() if left else k
        text = text[:start] + r"\max\left(0, " + text[k + 1:m.start()] + r"\right)" + text[m.end():]
    return text


_PRIMES = re.compile(r"\^\s*(?:\\prime(?![A-Za-z])|\{\s*(?:\\prime(?![A-Za-z])\s*){1,3}\})")


def prepare(text: str) -> str:
    """Brace the unbraced arguments of ``\\frac12`` (the lexer never reads ``12`` as one number); pair bars;
    spell ``{a \\over b}`` as a fraction, ``{\\rm d}`` as ``\\mathrm{d}`` and an argument list's ``;`` as a comma."""
    # (longer text is refused by parse_tree: rewriting it first would cost time quadratic in its length)
    text = _over(text) if "\\over" in text and len(text) <= MAX_MATH_CHARS else text
    text = _without_brace_labels(text) if "brace" in text and len(text) <= MAX_MATH_CHARS else text
    text = _COLOUR.sub(" ", text) if "color" in text else text
    # \boxed{X}: a frame is layout, the group it holds is read as braces are (a relation in it is refused before this)
    text = _BOXED.sub(" ", text) if "boxed" in text else text
    text = _positive_parts(text) if "_" in text and "+" in text and len(text) <= MAX_MATH_CHARS else text
    if "_" in text and "-" in text and _NEGATIVE_PART.search(text):
        raise ParseError("cannot read a bracket's negative part, (x)_-: books write it for max(-x, 0) and for "
                         "min(x, 0); write \\max(-x, 0) or \\min(x, 0) (the positive part (x)_+ is max(x, 0))")
    # \ensuremath{X} in math is X (a paper's \newcommand{\vx}{\ensuremath{\mathbf{x}}})
    text = _ENSUREMATH.sub(r" \1 ", text) if "ensuremath" in text else text
    text = braced_accents(font_switches(text))
    text = _EMPTY_GROUP.sub(" ", text) if "{" in text else text
    # (A x)^{\!\top}: a negative thin space tucking the transpose in, as papers set it, is layout
    text = _SCRIPT_SPACE.sub(r"^{", text) if "^" in text else text
    # \sigma^\prime, \sigma^{\prime\prime}: TeX's own spelling of the primes ' and ''
    text = _PRIMES.sub(lambda m: "'" * m.group(0).count("prime"), text) if "prime" in text else text
    if "cases" in text:
        if _CASES_STARRED.search(text):
            raise ParseError("cannot read \\begin{cases*} (its conditions are set as text, which derive does not read: "
                             "write \\begin{cases} … & \\text{if } x > 0 \\end{cases})")
        # mathtools' dcases is cases set in display style: the same rows
        text = _CASE_PUNCTUATION.sub(" ", _DCASES.sub(r"\\\1{cases}", text))
    # p(t \mid w, β), J(w; X, y): what a scalar is written with is a list of names (PRML's likelihoods, the
    # Deep Learning book's costs), the bar or semicolon a comma in it
    text = MID.sub(",", text) if "\\mid" in text else text
    divergence = _DIVERGENCE.search(text) if "|" in text or "Vert" in text else None
    if divergence is not None:
        # read as an argument list (p(t | w)'s reading) D(q ‖ p) would be D itself, whichever way the block defines it
        raise ParseError(f"cannot read {re.sub(r'[ ]+', ' ', divergence.group(0))} (a divergence's two arguments: "
                         f"their order is its meaning, and derive reads names in brackets after a quantity only as "
                         f"what it depends on, in any order; write the quantity alone, as the derive block defines it)")
    text = _semicolons(text) if ";" in text else text
    if "underset" in text:
        text = _UNDER_OVERSET.sub(lambda m: f"{_operator(m.group(3))}_{{{m.group(1)}}}^{{{m.group(2)}}}", text)
        text = _UNDERSET.sub(lambda m: f"{_operator(m.group(2))}_{{{m.group(1)}}}", text)
    text = _BINOM.sub(_binomial, text) if "binom" in text else text
    text = _SUBSTACK.sub(lambda m: m.group(1).replace("\\\\", ", "), text)
    text = _ARGMAX.sub(lambda m: "\\arg" + next(g for g in m.groups() if g), text) if "arg" in text else text
    text = typed_relations(text)
    text = _frac_arguments(text) if "frac" in text and len(text) <= MAX_MATH_CHARS else text
    return _bars(text)


def _frac_arguments(text: str) -> str:
    """The fractions of ``text`` with both arguments braced: ``\\frac12``, ``\\frac{t^2}2``, ``\\frac\\pi2`` as TeX reads them.

    TeX takes an unbraced argument as one token, a character or a control word; lecture notes write
    ``\\frac12 x^2`` and ``\\frac{t^2}2`` for what the grammar reads as ``\\frac{1}{2}`` and ``\\frac{t^2}{2}``.
    The last fraction is rewritten first, so a fraction inside another's argument is braced before that
    argument is read (``\\frac{\\frac12}3``).
    """
    for m in reversed(list(_FRAC.finditer(text))):
        at, args = m.end(), []
        while len(args) < 2:
            start = _SPACES.match(text, at).end()
            if text[start:start + 1] == "{":
                at = group_end(text, start)
                if at < 0:
                    break
                args.append(text[start:at])
            elif token := _FRAC_TOKEN.match(text, at):
                at = token.end()
                args.append("{" + token.group(1) + "}")
            else:
                break
        if len(args) == 2:
            text = text[:m.end()] + "".join(args) + text[at:]
    return text


#: a number written in scientific notation, 1e-3, 2.5e+4, 1e8 (a digit, then e, then a sign or digit)
_SCIENTIFIC = re.compile(r"(?<![A-Za-z_\\])[0-9][0-9.]*e[-+]?[0-9]")
#: a digit script followed at once by more of a number: x^10, v_12, 2^1.5
_SCRIPT_DIGITS = re.compile(r"([_^])\s*([0-9])([0-9]+|\.[0-9]+)")


def parse_tree(text: str, written: int | None = None) -> Tree:
    """The syntax tree of one side; ``ParseError`` when the text is not in the grammar or too big.

    ``written``: the length of the side as its author wrote it, before ``prepare`` spelled out its
    bars (``|`` as ``\\lvert``); the limit applies to that, and the prepared text may be longer.
    """
    size = len(text) if written is None else written
    if size > MAX_MATH_CHARS or len(text) > PREPARED_GROWTH * MAX_MATH_CHARS:
        raise ParseError(f"the math is {size} characters long (limit {MAX_MATH_CHARS})")
    if not text.strip():
        raise ParseError("empty expression")
    bad = _PRIMITIVES.search(text)
    if bad:
        raise ParseError(f"cannot read {bad.group(0)} (derive does not expand or define macros)")
    scientific = _SCIENTIFIC.search(text)
    if scientific:  # 1e-3 is set 1e − 3, e Euler's number: read as written, 1e-3 = e - 3 was proved
        raise ParseError(f"cannot read {scientific.group(0)} (TeX sets it as a number times e: for a power of ten "
                         f"write 10^{{...}}, for a product write \\cdot e)")
    digits = _SCRIPT_DIGITS.search(text)
    if digits:  # x^10 is typeset x¹0: read as written, x^10 = 0 was proved
        raise ParseError(f"cannot read {digits.group(0)} (an unbraced script takes one character, so TeX sets it as "
                         f"{digits.group(1)}{{{digits.group(2)}}}{digits.group(3)}: write "
                         f"{digits.group(1)}{{{digits.group(2)}{digits.group(3)}}} for the number)")
    if _nesting(text) > MAX_NESTING:
        raise ParseError(f"the math nests braces or brackets more than {MAX_NESTING} deep")
    try:
        tree = parser().parse(text)
    except UnexpectedInput as exc:
        raise ParseError(_unexpected(exc, text)) from None
    except (LarkError, RecursionError):
        raise ParseError("cannot read this math") from None
    if tree_depth(tree) > MAX_TREE_DEPTH:
        raise ParseError("the math is nested too deeply")
    _check_group_scripts(tree)
    return tree


def _check_group_scripts(tree: Tree) -> None:
    """Refuse a script or prime on a brace group of several terms: TeX sets ``{2x}^2`` after the group, where
    readers see 2x², and the grammar would read (2x)².  A group of one atom (``{\\bm{x}}^2``, ``{x_i}^2``) is read."""
    for node in tree.iter_subtrees():
        if node.data == "scripted" and len(node.children) > 1 and _group_of(node) is not None \
                and not _one_atom(_group_of(node)):
            raise ParseError("cannot read a ^, _ or ' on a brace group of several terms: TeX prints {2x}^2 as 2x², "
                             "which derive would read as (2x)^2 (write the parentheses, or the script on its term)")


def _group_of(scripted: Tree) -> Tree | None:
    """The brace group a ``scripted`` node is made of, if it is one."""
    primary = scripted.children[0]
    inner = primary.children[0] if isinstance(primary, Tree) and primary.children else None
    return inner if isinstance(inner, Tree) and inner.data == "group" else None


def _one_atom(group: Tree) -> bool:
    """True when a brace group holds one atom: no sign, no second factor, no big operator (a group in it, the same)."""
    while True:
        expr = group.children[0]
        if len(expr.children) != 1 or len(expr.children[0].children) != 1:
            return False  # a sum, or a sign
        product = expr.children[0].children[0]
        if len(product.children) != 1 or not isinstance(product.children[0], Tree):
            return False
        factor = product.children[0]
        if factor.data == "bigop":
            return False
        inner = _group_of(factor) if factor.data == "scripted" and len(factor.children) == 1 else None
        if inner is None:
            return True
        group = inner


__all__ = ["parse_tree", "prepare", "parser", "tree_depth", "group_end", "Token", "Tree", "MAX_MATH_CHARS"]

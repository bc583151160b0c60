"""A paper's own simple macros, expanded in its display math as TeX expands them.

Papers write ``\\newcommand{\\bx}{\\mathbf{x}}``, ``\\newcommand{\\norm}[1]{\\lVert #1 \\rVert}`` or
``\\DeclareMathOperator{\\sm}{softmax}`` and then use them in every equation.  Such a macro is plain text
substitution, which is exactly what TeX does with it (``\\newcommand{\\sq}[1]{#1^2}`` makes ``\\sq{x+1}`` read
``x+1^2``, as TeX prints it): its arguments are brace groups or single tokens, ``#k`` in the body is the k-th.
Only that form is expanded: a definition with an optional argument, a parameter text (``\\def\\f#1.``) or a
``#`` the body cannot use is refused where it is used, and so is a macro defined twice, or expansion that does
not end (a macro using itself).  Redefining a macro derive reads is refused before this (``latex.check_definitions``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..errors import InputError

#: ``\newcommand{\name}[N]{body}`` and its kin: the name (braced or not), then what follows is parsed by hand.
_HEAD = re.compile(r"\\(newcommand|renewcommand|providecommand|DeclareRobustCommand|DeclareMathOperator)(\*?)\s*"
                   r"(?:\{\s*(\\[A-Za-z]+)\s*\}|(\\[A-Za-z]+))")
#: ``\def\name{body}`` without a parameter text, and ``\let\name\other`` (``\let\name=\other``).
_DEF = re.compile(r"\\[egx]?def\s*(\\[A-Za-z]+)\s*(\{|[^{\s])")
_LET = re.compile(r"\\let\s*(\\[A-Za-z]+)\s*=?\s*(\\[A-Za-z]+)(?![A-Za-z])")
#: A control word: a backslash and letters; one at the end of a text.
_WORD = re.compile(r"\\[A-Za-z]+")
_ENDS_IN_WORD = re.compile(r"(?<!\\)(?:\\\\)*\\[A-Za-z]+$")
#: How many expansions one display block may take, and how long it may grow: a macro using itself never ends.
MAX_EXPANSIONS = 2000
MAX_EXPANDED = 50_000
#: The longest body a definition may have (and how far its closing brace is looked for).
MAX_BODY = 5_000
#: How much of a text before a seam is looked at for a control word ending there (none is this long).
_TAIL = 200
#: Macros that take the next token (a user macro's whole expansion) as an argument: \frac\tx y is \frac{2x}{y}.
ARGUMENT_TAKERS = frozenset(
    r"\frac \dfrac \tfrac \cfrac \mathbf \boldsymbol \bm \mathrm \mathsf \mathit \mathcal \mathbb \mathfrak \mathtt "
    r"\operatorname \text \textrm \textbf \textit \mbox \overrightarrow \binom \tbinom \dbinom \overset \underset "
    r"\stackrel \phantom \hphantom \vphantom \boxed \color \textcolor".split())
#: Where readers differ on what a macro of several tokens right after it covers, so it is refused there: amsmath's
#: accents take the whole expansion (\mathaccentV's argument), LaTeX's own its first item (\mathaccent); TeX's \sqrt,
#: \overline and \underline (\radical and kin) its first item, MathJax's (a note's reader) all of it.
ACCENTS = frozenset(r"\hat \bar \tilde \vec \dot \ddot \dddot \check \breve \acute \grave \mathring \widehat "
                    r"\widetilde \sqrt \overline \underline".split())
#: Those of them taking two arguments: after the first one's group a macro still stands in argument place.
TWO_ARGUMENTS = frozenset(r"\frac \dfrac \tfrac \cfrac \binom \tbinom \dbinom \overset \underset \stackrel "
                          r"\textcolor".split())


@dataclass(frozen=True)
class Macro:
    """``name`` with ``params`` arguments expands to ``body``; ``problem`` says why it cannot be (refused where used)."""

    name: str
    params: int
    body: str
    line: int
    problem: str = ""


def brace_group_end(text: str, start: int, limit: int | None = None) -> int | None:
    """The index just after the brace group opening at ``text[start]``, or None if it does not close (within
    ``limit`` characters); an escaped brace (``\\{``) counts for nothing, as in TeX."""
    depth, n, stop = 0, start, len(text) if limit is None else min(len(text), start + limit)
    while n < stop:
        c = text[n]
        if c == "\\":
            n += 2
            continue
        depth += (c == "{") - (c == "}")
        n += 1
        if depth == 0:
            return n
    return None


def group_close(text: str, start: int) -> int:
    """The index just after the brace group opening at ``text[start]`` (``len(text)`` if it never closes)."""
    end = brace_group_end(text, start)
    return len(text) if end is None else end


def _defined(text: str, at: int, name: str, line: int) -> Macro:
    """The macro whose definition's name ends at ``text[at]``: ``[N]`` then a brace group."""
    rest = text[at:at + 20]
    params, m = 0, re.match(r"\s*\[\s*([0-9])\s*\]", rest)
    if m:
        params, at = int(m.group(1)), at + m.end()
    if re.match(r"\s*\[", text[at:at + 5]):
        return Macro(name, params, "", line, "it has an optional argument, which derive does not expand")
    m = re.match(r"\s*\{", text[at:at + 200])
    if m is None:
        return Macro(name, params, "", line, "its body is not a brace group")
    start = at + m.end() - 1
    end = brace_group_end(text, start, MAX_BODY)  # bounded: a file of unclosed \def\a{ lines is not quadratic
    if end is None:
        return Macro(name, params, "", line, f"its body does not close within {MAX_BODY} characters")
    return _checked(Macro(name, params, " ".join(text[start + 1:end - 1].split()), line))


def _checked(macro: Macro) -> Macro:
    """``macro``, or one saying why it cannot be expanded (a ``#`` its arguments do not fill)."""
    for m in re.finditer(r"#(.?)", macro.body):
        if not (m.group(1).isdigit() and 1 <= int(m.group(1)) <= macro.params):
            return Macro(macro.name, macro.params, "", macro.line, f"its body's {m.group(0)!r} is no argument of it")
    return macro


def user_macros(text: str, line_of) -> dict[str, Macro]:
    """The macros ``text`` (a document as TeX reads it, comments gone) defines, by name (``\\bx``)."""
    found: dict[str, Macro] = {}

    def add(macro: Macro) -> None:
        old = found.get(macro.name)
        if old is not None and (old.params, old.body, old.problem) != (macro.params, macro.body, macro.problem):
            macro = Macro(macro.name, 0, "", macro.line, f"it is defined twice (lines {old.line} and {macro.line}), "
                                                        f"and derive does not follow which one an equation sees")
        found[macro.name] = macro

    for m in _HEAD.finditer(text):
        name, line = m.group(3) or m.group(4), line_of(m.start())
        if m.group(1) == "DeclareMathOperator":  # its body is the operator's name: \operatorname{that}
            spelled = _defined(text, m.end(), name, line)
            add(spelled if spelled.problem else replace(spelled, body=f"\\operatorname{{{spelled.body}}}"))
        elif m.group(1) == "providecommand":  # TeX keeps a package's definition, which derive does not see
            add(Macro(name, 0, "", line, "\\providecommand keeps any definition a package made, which derive does "
                                         "not see (write \\newcommand)"))
        else:  # \newcommand* is the same macro, its arguments kept short
            add(_defined(text, m.end(), name, line))
    for m in _DEF.finditer(text):
        name, line = m.group(1), line_of(m.start())
        if m.group(2) != "{":
            add(Macro(name, 0, "", line, "it has a parameter text (\\def\\name#1…), which derive does not expand"))
        else:
            add(_defined(text, m.end() - 1, name, line))
    for m in _LET.finditer(text):
        add(Macro(m.group(1), 0, m.group(2), line_of(m.start())))
    return found


def without_definitions(text: str) -> str:
    """``text`` with the definitions it makes blanked (lines kept): in a note's math they are no math to read."""
    spans = []
    for m in list(_HEAD.finditer(text)) + list(_DEF.finditer(text)):
        at = m.end() if m.re is _HEAD else m.end() - 1
        extra = re.match(r"\s*(\[\s*[0-9]\s*\])?\s*", text[at:at + 40])
        at += extra.end() if extra else 0
        end = brace_group_end(text, at, MAX_BODY) if text[at:at + 1] == "{" else None
        spans.append((m.start(), end if end is not None else m.end()))
    spans += [(m.start(), m.end()) for m in _LET.finditer(text)]
    for a, b in sorted(spans, reverse=True):
        text = text[:a] + re.sub(r"[^\n]", " ", text[a:b]) + text[b:]
    return text


def _argument(text: str, at: int) -> tuple[str, int] | None:
    """One macro argument from ``text[at]`` on (spaces skipped): a brace group's inside or one token; None at the end."""
    while at < len(text) and text[at] in " \t\n":
        at += 1
    if at >= len(text) or text[at] == "}":
        return None
    if text[at] == "{":
        end = group_close(text, at)
        return text[at + 1:end - 1], end
    m = _WORD.match(text, at)
    if m:
        return m.group(0), m.end()
    if text[at] == "\\" and at + 1 < len(text):
        return text[at:at + 2], at + 2
    return text[at], at + 1


def escaped(text: str, pos: int) -> bool:
    """True when ``text[pos]`` follows an odd number of backslashes: ``\\%`` is a percent sign, ``\\\\%`` a line
    break and a comment (TeX reads ``\\\\`` first); ``\\\\ii`` is a line break and ii, not ``\\ii``."""
    n = pos
    while n > 0 and text[n - 1] == "\\":
        n -= 1
    return (pos - n) % 2 == 1


def _joined(left: str, right: str) -> str:
    """``left + right`` as TeX's tokens: a control word never runs on into letters (``\\lVert`` then ``x`` is not
    ``\\lVertx``, ``\\sigma`` then ``x`` not ``\\sigmax``): a space keeps them apart, which math mode ignores."""
    # only the tail is looked at: a whole text per seam made long expansions quadratic
    return left + " " + right if right[:1].isalpha() and _ENDS_IN_WORD.search(left[-_TAIL:]) else left + right


def _argument_place(before: str, macros: dict[str, Macro]) -> bool:
    """True when a macro after ``before`` stands as an argument, as TeX reads it: right after a macro that takes one
    (``\\frac``, ``\\mathbf``, a user macro with parameters), or after the first argument of a macro of two (``\\frac{a}``,
    ``\\frac4``).  After anything else (``\\frac{1}{2}``, ``e^{0}``) its tokens stand bare."""
    before = before[-_TAIL:].rstrip()
    last = _last_token(before)
    if last is None:
        return False
    if _takes_arguments(last[1], macros):
        return True
    previous = _last_token(before[:last[0]].rstrip())
    return previous is not None and previous[1] in TWO_ARGUMENTS and last[1] not in "^_"


def _takes_arguments(token: str, macros: dict[str, Macro]) -> bool:
    """True for a control word that takes an argument (``ARGUMENT_TAKERS``, or a user macro with parameters)."""
    return token in ARGUMENT_TAKERS or (token in macros and macros[token].params > 0)


def _last_token(text: str) -> tuple[int, str] | None:
    """``(start, token)`` of the last TeX token of ``text``: a brace group, a control word or symbol, or a character."""
    if not text:
        return None
    if text.endswith("}") and not escaped(text, len(text) - 1):
        start = _group_start(text, len(text) - 1)
        return None if start is None else (start, text[start:])
    word = _ENDS_IN_WORD.search(text)
    if word is not None:
        at = text.rindex("\\", word.start())
        return at, text[at:]
    if len(text) >= 2 and escaped(text, len(text) - 1):
        return len(text) - 2, text[-2:]
    return len(text) - 1, text[-1]


def _group_start(text: str, end: int) -> int | None:
    """Where the brace group closing at ``text[end]`` opens, or None if it opens before ``text`` starts."""
    depth = 0
    for k in range(end, -1, -1):
        if text[k] not in "{}" or escaped(text, k):
            continue
        depth += 1 if text[k] == "}" else -1
        if depth == 0:
            return k
    return None


def _one_token(body: str) -> bool:
    """True when ``body`` is one TeX token or one brace group: it stands alone the same whether braced or not."""
    body = body.strip()
    if re.fullmatch(r"\\[A-Za-z]+|\\.|[^\\{}\s]", body):
        return True
    return body.startswith("{") and brace_group_end(body, 0) == len(body)


def expand(math: str, macros: dict[str, Macro], shown: str, line: int) -> str:
    """``math`` with every use of a macro of ``macros`` expanded (``InputError`` where one cannot be)."""
    if not macros or not any(m.group(0) in macros for m in _WORD.finditer(math)):
        return math
    out, pos, steps = math, 0, 0
    while (m := _WORD.search(out, pos)) is not None:
        macro = macros.get(m.group(0))
        if macro is None or escaped(out, m.start()):  # \\ii is a line break and ii, not \ii
            pos = m.end() if macro is None else m.start() + 1
            continue
        where = line + out[:m.start()].count("\n")
        if macro.problem:
            raise InputError(f"cannot read {macro.name} (defined on line {macro.line}): {macro.problem}", shown, where)
        steps += 1
        if steps > MAX_EXPANSIONS or len(out) > MAX_EXPANDED:
            raise InputError(f"cannot read {macro.name}: the macros of this equation expand without end (a macro "
                             f"that uses itself?)", shown, where)
        args, at = [], m.end()
        for _ in range(macro.params):
            got = _argument(out, at)
            if got is None:
                raise InputError(f"cannot read {macro.name}: it takes {macro.params} argument(s), and the equation "
                                 f"ends before them", shown, where)
            args.append(got[0])
            at = got[1]
        pieces = re.split(r"#([1-9])", macro.body)  # text, argument number, text, …
        body = ""
        for k, piece in enumerate(pieces):
            body = _joined(body, args[int(piece) - 1] if k % 2 else piece)
            if len(body) > MAX_EXPANDED:  # one step may not build an unbounded text either
                raise InputError(f"cannot read {macro.name}: its expansion here is longer than {MAX_EXPANDED} "
                                 f"characters", shown, where)
        accent = _last_token(out[:m.start()][-_TAIL:].rstrip())
        if accent is not None and accent[1] in ACCENTS and not _one_token(body):
            raise InputError(f"cannot read {macro.name} right after {accent[1]}: one reader (amsmath's accents, "
                             f"MathJax) puts all of it under {accent[1]}, another (LaTeX's own) only its first part; "
                             f"write {accent[1]}{{{macro.name}}}", shown, where)
        if _argument_place(out[:m.start()], macros) and not _one_token(body):
            # TeX hands \frac the macro itself, one argument, whatever it expands to: \frac\tx y is \frac{2x}{y}
            if out[at:].lstrip()[:1] in ("^", "_", "'"):
                raise InputError(f"cannot read {macro.name} before ^, _ or ' here: whether it stands whole, as an "
                                 f"argument, or as its tokens changes what they apply to; write {{{macro.name}}}",
                                 shown, where)
            body = "{" + body + "}"
        out = _joined(_joined(out[:m.start()], body), out[at:])
        pos = m.start()  # the body may use other macros: expanded in turn
    return out

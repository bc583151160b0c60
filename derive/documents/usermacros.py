"""A document's own macros: what each definition means, where it takes effect, and its expansion in display math.

Papers write ``\\newcommand{\\bx}{\\mathbf{x}}``, ``\\newcommand{\\norm}[1]{\\lVert #1 \\rVert}``, ``\\def\\sq#1{#1^2}``,
``\\let\\bs\\boldsymbol`` or ``\\DeclareMathOperator{\\sm}{softmax}`` and then use them in every equation.  Such a
macro is plain text substitution, which is exactly what TeX does with it (``\\sq{x+1}`` reads ``x+1^2``, as TeX
prints it): its arguments are brace groups or single tokens, ``#k`` in the body is the k-th (``\\#`` a character).

A definition takes effect where it stands: in a paper (TeX) until the group it stands in closes (``{…}``,
``\\begingroup``, an environment) or, made global (``\\gdef``), to the end; in a note (MathJax) for the rest of the page.
What derive cannot read or place so is refused where the macro is used: an optional argument, a delimited parameter
text (``\\def\\f#1.``), a defining command it does not expand (``\\NewDocumentCommand``, ``\\edef``, and by its look any
``\\New…``, ``\\Renew…``, ``\\Declare…``, ``\\Provide…`` followed by a macro's name), a definition inside another macro's
body, a macro's argument, math or a conditional derive does not evaluate, a note's definition inside any group
(readers differ there) or a note's macro defined twice, and expansion that does not end.  A definition left in the
math itself is refused too.  Redefining a macro derive reads is refused before this (``latex.check_definitions``).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from string import ascii_letters
from typing import Callable, Mapping

from ..errors import InputError

#: A macro's name: a control word or a control symbol (``\\1``).
_NAME = r"\\[A-Za-z]+|\\[^A-Za-z]"
#: The defining commands derive reads whole (each parsed by hand after its name).
_EXPANDED = "newcommand|renewcommand|providecommand|DeclareRobustCommand|DeclareMathOperator"
#: Those it does not expand: xparse's, etoolbox's, a command copy, TeX's registers, and by its look any command
#: ``\\New…``, ``\\Renew…``, ``\\Declare…``, ``\\Provide…``, ``\\Set…`` (a macro's name must follow it).
UNEXPANDED_DEFINERS = (r"(?:New|Renew|Declare|Provide|Set)[A-Z][A-Za-z]*|newcommandx|renewcommandx|providecommandx|"
                       r"newrobustcmd|renewrobustcmd|providerobustcmd|(?:Global)?LetLtxMacro|futurelet|"
                       r"new(?:length|skip|dimen|muskip|toks|box|savebox|count|fam)|(?:count|dimen|skip|muskip|toks)def")
_DEFINER = re.compile(rf"\\(?:({_EXPANDED})|([egx]?def)|(let)|({UNEXPANDED_DEFINERS}))(?![A-Za-z])")
_GLOBAL_PREFIX = re.compile(r"\\global\s*(?:\\(?:long|protected|outer)\s*)*$")
#: A control word: a backslash and letters.
_WORD = re.compile(r"\\[A-Za-z]+")
#: How many expansions one display block may take, and how long it may grow: a macro using itself never ends.
MAX_EXPANSIONS = 2000
MAX_EXPANDED = 50_000
#: The longest body a definition may have (and how far its closing brace is looked for).
MAX_BODY = 5_000
#: How many times one name may be defined (each use looks through them).
MAX_DEFINITIONS = 100
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
#: What a macro may be \let to and still be text substitution: a character that is the same token written out.
_LET_CHARACTERS = frozenset(ascii_letters + "0123456789+-=<>()[]/|.,;:!?*")


@dataclass(frozen=True)
class Macro:
    """``name`` with ``params`` arguments expands to ``body``; ``problem`` says why it cannot be (refused where used).

    ``alias``: a macro ``\\let`` to one the document did not define there (``\\let\\bs\\boldsymbol``): its body names it.
    """

    name: str
    params: int
    body: str
    line: int
    problem: str = ""
    alias: str = ""


@dataclass(frozen=True)
class Definition:
    """One definition of a macro: its text ``[start, end)``, and where its effect ends (``scope_end``), or why derive
    cannot tell where it takes effect (``uncertain``)."""

    macro: Macro
    start: int
    end: int
    scope_end: int
    uncertain: str = ""


@dataclass(frozen=True)
class _Found:
    """A definition as written: ``inner`` is where what it defines begins (after the name); ``whole`` when derive read
    it to its end (a note's math may be blanked there); ``alias`` the name a ``\\let`` copies."""

    macro: Macro
    start: int
    inner: int
    end: int
    whole: bool
    is_global: bool
    alias: str = ""
    command: str = ""


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


def _bracket_end(text: str, start: int) -> int | None:
    """The index just after the ``]`` closing the optional argument opening at ``text[start]`` (braces hide a ``]``)."""
    depth, n, stop = 0, start + 1, min(len(text), start + MAX_BODY)
    while n < stop:
        c = text[n]
        if c == "\\":
            n += 2
            continue
        depth += (c == "{") - (c == "}")
        if c == "]" and depth == 0:
            return n + 1
        n += 1
    return None


def escaped(text: str, pos: int) -> bool:
    """True when ``text[pos]`` follows an odd number of backslashes: ``\\%`` is a percent sign, ``\\\\%`` a line
    break and a comment (TeX reads ``\\\\`` first); ``\\\\ii`` is a line break and ii, not ``\\ii``."""
    n = pos
    while n > 0 and text[n - 1] == "\\":
        n -= 1
    return (pos - n) % 2 == 1


def comment_spans(text: str) -> list[tuple[int, int]]:
    """Where the comments of ``text`` are: from an unescaped ``%`` to the end of its line."""
    spans, pos = [], 0
    while (k := text.find("%", pos)) >= 0:
        if escaped(text, k):
            pos = k + 1
            continue
        end = text.find("\n", k)
        end = len(text) if end < 0 else end
        spans.append((k, end))
        pos = end
    return spans


def blank_comments(text: str) -> str:
    """``text`` with its comments blanked (positions and lines kept)."""
    if "%" not in text:
        return text
    out, pos = [], 0
    for a, b in comment_spans(text):
        out += [text[pos:a], " " * (b - a)]
        pos = b
    return "".join(out) + text[pos:]


def _plain(body: str) -> str:
    """A body (its comments blanked) as one line: its spaces and line ends one space."""
    return " ".join(body.split())


def _argument_marks(body: str):
    """Each ``#`` of ``body`` that is no ``\\#``: (its match, the character after it)."""
    for t in re.finditer(r"\\[\s\S]|#([\s\S]?)", body):
        if not t.group(0).startswith("\\"):
            yield t, t.group(1)


def _checked(macro: Macro) -> Macro:
    """``macro``, or one saying why it cannot be expanded (a ``#`` its arguments do not fill)."""
    for mark, after in _argument_marks(macro.body):
        if not (after.isdigit() and 1 <= int(after) <= macro.params):
            return Macro(macro.name, macro.params, "", macro.line, f"its body's {mark.group(0)!r} is no argument of it")
    return macro


def _pieces(body: str) -> list:
    """``body`` as text and argument numbers, in turn: ``2\\#1 #1`` is ``["2\\#1 ", 1, ""]``."""
    pieces, pos = [], 0
    for mark, after in _argument_marks(body):
        pieces += [body[pos:mark.start()], int(after)]
        pos = mark.end()
    return pieces + [body[pos:]]


def _name_at(text: str, at: int, braced: bool) -> re.Match | None:
    """The macro's name a defining command names from ``text[at]`` (``{\\name}`` too when ``braced``)."""
    if braced:
        m = re.compile(rf"\*?\s*\{{\s*({_NAME})\s*\}}").match(text, at)
        if m:
            return m
    return re.compile(rf"\*?\s*({_NAME})").match(text, at)


def _find_definitions(text: str, line_of) -> list[_Found]:
    """Every definition ``text`` makes, in order, those inside other definitions' bodies too."""
    found = []
    for m in _DEFINER.finditer(text):
        if escaped(text, m.start()):  # \\def is a line break and "def"
            continue
        expanded, plain_def, let, other = m.groups()
        name = _name_at(text, m.end(), braced=not (plain_def or let))
        if name is None:  # \newcommand{#1}: refused by latex.check_definitions; \SetAlgoLined: no definition
            continue
        line = line_of(m.start())
        is_global = plain_def in ("gdef", "xdef") or bool(_GLOBAL_PREFIX.search(text, max(0, m.start() - 80),
                                                                                   m.start()))
        args = (text, m.start(), name.group(1), name.end(), line, is_global)
        if expanded:
            found.append(replace(_command(*args, expanded), command=expanded))
        elif plain_def:
            found.append(_def(*args, plain_def))
        elif let:
            found.append(_let(*args))
        else:
            found.append(_Found(Macro(name.group(1), 0, "", line, f"it is defined with \\{other}, which derive does "
                                                                  f"not expand"), m.start(), name.end(), name.end(),
                                False, is_global))
    return found


def _body(text: str, at: int, name: str, params: int, line: int, start: int, inner: int, is_global: bool,
          problem: str = "") -> _Found:
    """The definition whose body is the brace group from ``text[at]`` on (spaces skipped)."""
    b = re.compile(r"\s*\{").match(text, at)
    if b is None:
        return _Found(Macro(name, params, "", line, "its body is not a brace group"), start, inner, at, False,
                      is_global)
    end = brace_group_end(text, b.end() - 1, MAX_BODY)  # bounded: a file of unclosed \def\a{ lines is not quadratic
    if end is None:
        return _Found(Macro(name, params, "", line, f"its body does not close within {MAX_BODY} characters"),
                      start, inner, at, False, is_global)
    macro = _checked(Macro(name, params, _plain(text[b.end():end - 1]), line))
    if problem and not macro.problem:
        macro = Macro(name, params, "", line, problem)
    return _Found(macro, start, inner, end, True, is_global)


def _command(text: str, start: int, name: str, at: int, line: int, is_global: bool, command: str) -> _Found:
    """``\\newcommand{\\name}[N][default]{body}`` and its kin."""
    inner, params, problem = at, 0, ""
    if command != "DeclareMathOperator":
        count = re.compile(r"\s*\[\s*([0-9])\s*\]").match(text, at)
        if count:
            params, at = int(count.group(1)), count.end()
        optional = re.compile(r"\s*\[").match(text, at)
        if optional:
            end = _bracket_end(text, optional.end() - 1)
            if end is None:
                return _Found(Macro(name, params, "", line, "its optional argument's default does not close"),
                              start, inner, at, False, is_global)
            at, problem = end, "it has an optional argument, which derive does not expand"
        if command == "providecommand":  # TeX keeps a package's definition, which derive does not see
            problem = problem or ("\\providecommand keeps any definition a package made, which derive does not see "
                                  "(write \\newcommand)")
    found = _body(text, at, name, params, line, start, inner, is_global, problem)
    if command == "DeclareMathOperator" and not found.macro.problem:  # its body is the operator's name
        found = replace(found, macro=replace(found.macro, body=f"\\operatorname{{{found.macro.body}}}"))
    return found


def _def(text: str, start: int, name: str, at: int, line: int, is_global: bool, command: str) -> _Found:
    """``\\def\\name#1#2{body}``: a parameter text of undelimited arguments only is ``\\newcommand``'s ``[2]``."""
    brace = text.find("{", at, at + 100)
    if brace < 0 or "}" in text[at:brace] or escaped(text, brace):
        return _Found(Macro(name, 0, "", line, "its body is not a brace group"), start, at, at, False, is_global)
    parameters = text[at:brace]
    if re.search(r"\n[ \t]*\n", parameters):  # a blank line is \par, a delimiter
        return _Found(Macro(name, 0, "", line, "it has a parameter text (\\def\\name#1…), which derive does not "
                                               "expand"), start, at, at, False, is_global)
    if name[1:].isalpha():  # TeX skips the spaces after a control word, not those after a control symbol
        parameters = parameters.lstrip(" \t\n")
    marks = re.fullmatch(r"(?:#[1-9])*", parameters)
    params = len(parameters) // 2
    problem = ""
    if marks is None or parameters != "".join(f"#{k}" for k in range(1, params + 1)):
        problem = "it has a parameter text (\\def\\name#1…), which derive does not expand"
    elif command in ("edef", "xdef"):
        problem = f"\\{command} expands its body where it stands, which derive does not follow (write \\def)"
    return _body(text, brace, name, params, line, start, at, is_global, problem)


def _let(text: str, start: int, name: str, at: int, line: int, is_global: bool) -> _Found:
    """``\\let\\name\\other``, ``\\let\\name = \\other`` or ``\\let\\name=2`` (a character)."""
    m = re.compile(rf"[ \t]*\n?[ \t]*(?:=[ \t]*\n?[ \t]*)?({_NAME}|[^\s])").match(text, at)
    if m is None:
        return _Found(Macro(name, 0, "", line, "it is \\let to a line's end or paragraph, which derive does not "
                                               "expand"), start, at, at, False, is_global)
    target = m.group(1)
    if target.startswith("\\"):
        return _Found(Macro(name, 0, target, line), start, at, m.end(), True, is_global, alias=target)
    if target not in _LET_CHARACTERS:
        return _Found(Macro(name, 0, "", line, f"it is \\let to {target!r}, which derive does not expand"),
                      start, at, m.end(), True, is_global)
    return _Found(Macro(name, 0, target, line), start, at, m.end(), True, is_global)


#: What opens or closes a group TeX keeps definitions in (an environment's name, braces, math), or a token to skip.
_GROUPING = re.compile(r"\\(begin|end)\s*\{([^{}\n]{0,80})\}|\\(begingroup|endgroup|bgroup|egroup)(?![A-Za-z])"
                       r"|\\([\[\]()])|\\[A-Za-z]+|\\[\s\S]|\$\$|\$|\{|\}")


@dataclass
class _Group:
    kind: str   # brace (bare), argument (a macro's: its braces may be no group), env:NAME, begingroup, math…
    close: int = -1
    dangling: bool = False  # closed with a group around it: derive's reading and TeX's may differ there


def _groups(text: str, positions: list[int], ends: set[int]) -> tuple[list[_Group], list[tuple[int, ...]], int | None]:
    """The groups of ``text``, the groups around each of ``positions`` (sorted; outermost first), and where a closer
    first closes no group derive saw open (None if none does); ``ends``: where the definitions end (what follows one
    is no argument of it)."""
    groups: list[_Group] = []
    stack: list[int] = []
    around: list[tuple[int, ...]] = []
    stray = None
    closed: dict[int, str] = {}  # a closing brace's position: the kind of group it closes
    ends = set(ends)  # and where \end{…} (or \begin{document}) ends: no argument follows

    def close(at: int, match) -> None:
        nonlocal stray
        for k in range(len(stack) - 1, -1, -1):
            kind = groups[stack[k]].kind
            if match(kind):
                for above in stack[k + 1:]:
                    groups[above].close, groups[above].dangling = at, True
                groups[stack[k]].close = at
                del stack[k:]
                return
            if kind in ("brace", "argument"):  # an \end cannot close a group beyond a brace
                break
        stray = at if stray is None else stray

    def open_(kind: str) -> None:
        groups.append(_Group(kind))
        stack.append(len(groups) - 1)

    p = 0
    for t in _GROUPING.finditer(text):
        while p < len(positions) and positions[p] <= t.start():
            around.append(tuple(stack))
            p += 1
        token, at = t.group(0), t.start()
        top = groups[stack[-1]].kind if stack else ""
        if token == "{" or t.group(3) == "bgroup":
            open_("argument" if token == "{" and _after_macro(text, at, closed, ends) else "brace")
        elif token == "}" or t.group(3) == "egroup":
            if stack and groups[stack[-1]].kind in ("brace", "argument"):
                closed[at] = groups[stack[-1]].kind
            close(at, lambda kind: kind in ("brace", "argument"))
        elif t.group(1) == "begin":
            open_("env:" + t.group(2).strip())
            if t.group(2).strip() == "document":
                ends.add(t.end())
        elif t.group(1) == "end":
            close(at, lambda kind, name="env:" + t.group(2).strip(): kind == name)
            ends.add(t.end())
        elif t.group(3) == "begingroup":
            open_("begingroup")
        elif t.group(3) == "endgroup":
            close(at, lambda kind: kind == "begingroup")
        elif t.group(4) in ("[", "("):
            open_("math" + t.group(4))
        elif t.group(4) in ("]", ")"):
            close(at, lambda kind, opener={"]": "math[", ")": "math("}[t.group(4)]: kind == opener)
        elif token in ("$", "$$"):
            if top in ("math$", "math$$"):
                close(at, lambda kind: kind == top)
            else:
                open_("math" + token)
    around += [tuple(stack)] * (len(positions) - p)
    for g in groups:
        g.close = len(text) if g.close < 0 else g.close
    return groups, around, stray


#: Control words that take no argument: a brace after one opens a group.
_NO_ARGUMENTS = frozenset(r"\begingroup \bgroup \relax \par \noindent \centering \raggedright \raggedleft "
                          r"\small \footnotesize \normalsize \large \Large".split())


def _after_macro(text: str, at: int, closed: dict[int, str], ends: set[int]) -> bool:
    """True when the brace at ``text[at]`` may be a macro's argument, which the macro may run elsewhere or never (any
    text may end a macro's arguments: ``\\foo x{…}`` hands \\foo x and the group).  It opens a group TeX keeps its
    definitions in only at the start, after a whole definition, an ``\\end{…}``, a group of that kind, or a command
    taking no argument."""
    k = at
    while k > 0 and text[k - 1] in " \t\n":
        k -= 1
    if k == 0 or k in ends:
        return False
    if text[k - 1] == "}" and not escaped(text, k - 1):
        return closed.get(k - 1, "argument") == "argument"
    word = _word_before(text, k)
    return word is None or text[word:k] not in _NO_ARGUMENTS


def _word_before(text: str, end: int) -> int | None:
    """Where the control word ending at ``text[end]`` starts, if one does (``\\\\ii`` is a line break and ii)."""
    j = end
    while j > 0 and text[j - 1] in ascii_letters:
        j -= 1
    if j == end or j == 0 or text[j - 1] != "\\" or escaped(text, j - 1):
        return None
    return j - 1


class Macros(dict):
    """The macros a document defines, by name.

    As a dict each name has one meaning for a reader who cannot tell where it is used: its definition, or a problem
    when it has several (or one derive cannot place).  ``at`` gives its meaning at one place, as TeX (a paper) or
    MathJax (a note, ``tex`` False) sees it there.
    """

    def __init__(self, tex: bool = True) -> None:
        super().__init__()
        self.tex = tex
        self.definitions: dict[str, list[Definition]] = {}
        self.starts: list[int] = []

    def _add(self, f: _Found, scope_end: int, why: str) -> None:
        macro = f.macro
        if f.alias and not why:  # \let copies the meaning its target has here
            copied = self.at(f.alias, f.start)
            if copied is not None:
                macro = replace(copied, name=macro.name, line=macro.line)
            else:
                macro = replace(macro, alias=f.alias)
        entries = self.definitions.setdefault(macro.name, [])
        self.starts.append(f.start)
        if len(entries) >= MAX_DEFINITIONS:  # the list stays bounded: each use looks through it
            entries[-1] = replace(entries[-1], uncertain=f"it is defined more than {MAX_DEFINITIONS} times")
        else:
            entries.append(Definition(macro, f.start, f.end, scope_end, why))
        self[macro.name] = self._whole(macro.name)

    def _whole(self, name: str) -> Macro:
        """``name``'s one meaning for a reader who cannot tell where it is used."""
        entries = self.definitions[name]
        first, last = entries[0], entries[-1]
        odd = next((d for d in entries if d.uncertain), None)
        if odd is not None:
            return Macro(name, 0, "", odd.macro.line, odd.uncertain)
        if any(_meaning(d.macro) != _meaning(first.macro) for d in entries):
            return _twice(name, first.macro.line, last.macro.line)
        return last.macro

    def at(self, name: str, pos: int) -> Macro | None:
        """``name``'s meaning at ``pos`` of the text it was read from (None where the document gives it none)."""
        current = None
        for d in self.definitions.get(name, ()):
            if d.start >= pos:
                break
            if d.uncertain:
                return Macro(name, 0, "", d.macro.line, d.uncertain)
            if not self.tex and current is not None and _meaning(current.macro) != _meaning(d.macro):
                return _twice(name, current.macro.line, d.macro.line)
            if pos < d.scope_end:
                current = d
        return None if current is None else current.macro

    def defined_between(self, start: int, end: int) -> bool:
        """True when a definition stands strictly between ``start`` and ``end``."""
        k = bisect.bisect_right(self.starts, start)
        return k < len(self.starts) and self.starts[k] < end


def _twice(name: str, first: int, second: int) -> Macro:
    return Macro(name, 0, "", second, f"it is defined twice (lines {first} and {second}), and derive does not "
                                      f"follow which one an equation sees")


def _meaning(macro: Macro) -> tuple:
    return macro.params, macro.body, macro.problem, macro.alias


def _conditional(at: int, unknown: list[tuple[int, int, str]], line_of) -> str:
    """Why a definition at ``at`` cannot be placed: inside a conditional derive does not evaluate (or "")."""
    for a, b, name in unknown:
        if a <= at < b:
            return (f"it is defined inside \\{name} … \\fi (line {line_of(a)}), which derive does not evaluate")
        if a > at:
            break
    return ""


def _placement(f: _Found, chain: tuple[int, ...], groups: list[_Group], stray: int | None, tex: bool,
               line_of) -> str:
    """Why derive cannot tell where the definition ``f`` takes effect, given the groups around it (or "")."""
    if not tex:
        return ("it is defined inside a group ({…}, \\begingroup or an environment), which MathJax ignores and "
                "other readers keep it in" if chain else "")
    kinds = [groups[k].kind for k in chain]
    if stray is not None and (f.start > stray or any(groups[k].close >= stray for k in chain)):
        return (f"derive cannot tell which group it stands in (a closing brace or \\end on line {line_of(stray)} "
                f"closes none it saw open)")
    if any(kind.startswith("math") or groups[k].dangling for k, kind in zip(chain, kinds)):
        return "it is defined inside math or a group derive cannot follow, where TeX keeps it local"
    if "argument" in (kinds if f.is_global else kinds[-1:]):
        return ("it is defined inside a macro's argument (\\AtBeginDocument{…}, a body …), which may run "
                "elsewhere or never")
    return ""


#: A group token TeX takes as data or runs elsewhere: a \let target (``\let\cg\endgroup``, ``\let\cg=}``), or a
#: character code (`` `} ``).  Derive's groups are where the tokens stand; TeX's then are not.
_GROUP_ALIAS = re.compile(r"\\let\s*\\[A-Za-z@]+\s*=?\s*(?:\\(?:begingroup|endgroup|bgroup|egroup)(?![A-Za-z])|[{}])"
                          r"|(?<!`)`\\?[{}]")  # ``{\em quoted}'' is a quote, not a character code
_GROUP_WORD = re.compile(r"\\(?:begingroup|endgroup|bgroup|egroup)(?![A-Za-z])")


def _aliased_group(text: str, found: list[_Found]) -> str | None:
    """Why derive cannot tell where a group of ``text`` ends, if it cannot: a group token that is a ``\\let``
    target, a character code, or part of a macro's body (run wherever the macro is)."""
    m = _GROUP_ALIAS.search(text)
    if m is not None:
        return f"the document uses a group token as data ({m.group(0).strip()})"
    for f in found:
        words = [m.group(0) for m in _GROUP_WORD.finditer(text, f.inner, f.end)] if f.whole else []
        opens = sum(w in ("\\begingroup", "\\bgroup") for w in words)
        if opens != len(words) - opens:  # a body that both opens and closes its group keeps it to itself
            return f"{f.macro.name} (line {f.macro.line}) opens or closes a group wherever it is used"
    return None


def user_macros(text: str, line_of, uncertain: list[tuple[int, int, str]] = (), tex: bool = True) -> Macros:
    """The macros ``text`` defines (a paper as TeX reads it, comments gone, or with ``tex`` False a note's math, as
    MathJax reads the page), by name (``\\bx``); ``uncertain``: the spans of ``text`` derive cannot tell TeX reads."""
    read = blank_comments(text)
    found = _find_definitions(read, line_of)
    groups, around, stray = _groups(read, [f.start for f in found], {f.end for f in found if f.whole})
    macros, owner, reach = Macros(tex), None, -1
    unknown = sorted(uncertain)
    aliased, seen = (_aliased_group(read, found) if tex else None), set()
    for f, chain in zip(found, around):
        why = ""
        if aliased is not None and (f.macro.name in seen or chain):
            # Where its group ends (so which equations it reaches) is TeX's to say, not the tokens' places.
            why = f"derive cannot tell where the group around it ends: {aliased}"
        seen.add(f.macro.name)
        if f.start < reach:  # inside another definition's body: it runs when that macro does, if ever
            why = (f"it is (re)defined inside the definition of {owner.macro.name} (line {owner.macro.line}), "
                   f"which derive does not follow")
        if f.end > reach and f.whole:
            owner, reach = f, f.end
        why = why or _conditional(f.start, unknown, line_of) or _placement(f, chain, groups, stray, tex, line_of)
        before = macros.at(f.macro.name, f.start) if tex and f.command in ("newcommand", "DeclareMathOperator") \
            else None
        if before is not None and not why:  # LaTeX stops with "already defined" and keeps the first
            why = (f"it is defined with \\{f.command} on line {f.macro.line} again (first on line {before.line}), "
                   f"which LaTeX refuses, keeping the first")
        scope_end = len(text)
        if not why and tex and chain and not f.is_global:
            scope_end = groups[chain[-1]].close
        macros._add(f, scope_end, why)
    return macros


def without_definitions(text: str) -> str:
    """``text`` (a note's math) with the definitions it makes blanked whole (lines kept): they are no math to read.
    One derive cannot read to its end stays, and ``expand`` refuses it."""
    spans = [(f.start, f.end) for f in _find_definitions(blank_comments(text), lambda pos: 0) if f.whole]
    for a, b in sorted(spans, reverse=True):
        text = text[:a] + re.sub(r"[^\n]", " ", text[a:b]) + text[b:]
    return text


def _refuse_definitions(math: str, shown: str, line: int) -> None:
    """Refuse a definition left in display math: TeX keeps it to the equation, and its pieces are no math."""
    found = _find_definitions(blank_comments(math), lambda pos: 0)
    if found:
        head = _DEFINER.match(math, found[0].start).group(0)
        raise InputError(f"cannot read {head} in this equation: derive reads a definition outside display math, or "
                         f"in a note's math one it reads whole (\\newcommand{{\\name}}[N]{{body}}, \\def\\name#1{{body}}, "
                         f"\\let\\name\\other)", shown, line + math[:found[0].start].count("\n"))


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


def _joined(left: str, right: str) -> str:
    """``left + right`` as TeX's tokens: a control word never runs on into letters (``\\lVert`` then ``x`` is not
    ``\\lVertx``, ``\\sigma`` then ``x`` not ``\\sigmax``): a space keeps them apart, which math mode ignores."""
    return left + " " + right if right[:1] in ascii_letters and right[:1] and \
        _word_before(left, len(left)) is not None else left + right


_TOKEN = re.compile(r"\\(?:[A-Za-z]+|[\s\S])|[{}]")


class _Braces:
    """Where each closing brace of the settled part of a text opens.  Expansion rewrites the text only from where it
    reads on, so the part before is read once, however long (no window to look back through)."""

    def __init__(self) -> None:
        self.done, self.open, self.opening = 0, [], {}

    def advance(self, text: str, end: int) -> None:
        """Read ``text`` up to ``end`` (a token's start): its part before ``end`` no longer changes."""
        for t in _TOKEN.finditer(text, self.done, end):
            if t.group(0) == "{":
                self.open.append(t.start())
            elif t.group(0) == "}" and self.open:
                self.opening[t.start()] = self.open.pop()
        self.done = max(self.done, end)


def _last_token(text: str, end: int, braces: _Braces) -> tuple[int, str] | None:
    """``(start, token)`` of the last TeX token of ``text[:end]`` (spaces skipped): a brace group, a control word or
    symbol, or a character; None at the start, or after a brace closing no group."""
    k = end
    while k > 0 and text[k - 1] in " \t\n":
        k -= 1
    if k == 0:
        return None
    if text[k - 1] == "}" and not escaped(text, k - 1):
        start = braces.opening.get(k - 1)
        return None if start is None else (start, text[start:k])
    word = _word_before(text, k)
    if word is not None:
        return word, text[word:k]
    if k >= 2 and escaped(text, k - 1):
        return k - 2, text[k - 2:k]
    return k - 1, text[k - 1]


def _one_token(body: str) -> bool:
    """True when ``body`` is one TeX token or one brace group: it stands alone the same whether braced or not."""
    body = body.strip()
    if re.fullmatch(r"\\[A-Za-z]+|\\.|[^\\{}\s]", body):
        return True
    return body.startswith("{") and brace_group_end(body, 0) == len(body)


def expand(math: str, macros: Mapping[str, Macro], shown: str, line: int,
           where: Callable[[int], int] | None = None) -> str:
    """``math`` with every use of a macro of ``macros`` expanded (``InputError`` where one cannot be).

    ``where`` maps a position of ``math`` to one of the text ``macros`` (a ``Macros``) was read from: each use then
    means what the definitions before it make it there.  Without it a name has its one meaning (``Macros`` as a dict).
    """
    _refuse_definitions(math, shown, line)
    if not macros or not any(m.group(0) in macros for m in _WORD.finditer(math)):
        return math
    if where is not None and isinstance(macros, Macros):
        def lookup(name: str, k: int) -> Macro | None:
            return macros.at(name, where(k))
    else:
        def lookup(name: str, k: int) -> Macro | None:
            return macros.get(name)
    out, pos, steps, braces = math, 0, 0, _Braces()
    untouched, origin = len(math), 0  # out ends in math[-untouched:] as written; the use being read stands at origin
    while (m := _WORD.search(out, pos)) is not None:
        if m.group(0) not in macros or escaped(out, m.start()):  # \\ii is a line break and ii, not \ii
            pos = m.end() if m.group(0) not in macros else m.start() + 1
            continue
        if m.start() >= len(out) - untouched:  # a use as written; one an expansion made is its origin's
            origin = len(math) - (len(out) - m.start())
        macro = lookup(m.group(0), origin)
        if macro is None:  # the document gives it no meaning here (yet, or any more): TeX's own, or unknown
            pos = m.end()
            continue
        where_line = line + math.count("\n", 0, origin)
        if macro.problem:
            raise InputError(f"cannot read {macro.name} (defined on line {macro.line}): {macro.problem}", shown,
                             where_line)
        if macro.alias and lookup(macro.alias, origin) is not None:
            raise InputError(f"cannot read {macro.name} (defined on line {macro.line}): it is \\let to {macro.alias} "
                             f"as it was there, which the document has redefined since", shown, where_line)
        steps += 1
        if steps > MAX_EXPANSIONS or len(out) > MAX_EXPANDED:
            raise InputError(f"cannot read {macro.name}: the macros of this equation expand without end (a macro "
                             f"that uses itself?)", shown, where_line)
        args, at = [], m.end()
        for _ in range(macro.params):
            got = _argument(out, at)
            if got is None:
                raise InputError(f"cannot read {macro.name}: it takes {macro.params} argument(s), and the equation "
                                 f"ends before them", shown, where_line)
            args.append(got[0])
            at = got[1]
        if where is not None and isinstance(macros, Macros) and at > len(out) - untouched \
                and macros.defined_between(where(origin), where(len(math) - (len(out) - at))):
            raise InputError(f"cannot read {macro.name}: a definition stands inside its arguments", shown, where_line)
        body = ""
        for k, piece in enumerate(_pieces(macro.body)):  # text, argument number, text, …
            body = _joined(body, args[piece - 1] if k % 2 else piece)
            if len(body) > MAX_EXPANDED:  # one step may not build an unbounded text either
                raise InputError(f"cannot read {macro.name}: its expansion here is longer than {MAX_EXPANDED} "
                                 f"characters", shown, where_line)
        braces.advance(out, m.start())
        accent = _last_token(out, m.start(), braces)
        if accent is not None and accent[1] in ACCENTS and not _one_token(body):
            raise InputError(f"cannot read {macro.name} right after {accent[1]}: one reader (amsmath's accents, "
                             f"MathJax) puts all of it under {accent[1]}, another (LaTeX's own) only its first part; "
                             f"write {accent[1]}{{{macro.name}}}", shown, where_line)
        if _argument_place(out, m.start(), braces, lookup, origin) and not _one_token(body):
            # TeX hands \frac the macro itself, one argument, whatever it expands to: \frac\tx y is \frac{2x}{y}
            if out[at:].lstrip()[:1] in ("^", "_", "'"):
                raise InputError(f"cannot read {macro.name} before ^, _ or ' here: whether it stands whole, as an "
                                 f"argument, or as its tokens changes what they apply to; write {{{macro.name}}}",
                                 shown, where_line)
            body = "{" + body + "}"
        untouched = min(untouched, len(out) - at)
        out = _joined(_joined(out[:m.start()], body), out[at:])
        pos = m.start()  # the body may use other macros: expanded in turn
    return out


def _argument_place(text: str, end: int, braces: _Braces, lookup, origin: int) -> bool:
    """True when a macro at ``text[end]`` stands as an argument, as TeX reads it: right after a macro that takes one
    (``\\frac``, ``\\mathbf``, a user macro with parameters), or after the first argument of a macro of two
    (``\\frac{a}``, ``\\frac4``).  After anything else (``\\frac{1}{2}``, ``e^{0}``) its tokens stand bare."""
    last = _last_token(text, end, braces)
    if last is None or last[1] == "{":  # \frac{\vx_i + 1}{2}: first inside a group, it stands bare there
        return False
    if _takes_arguments(last[1], lookup, origin):
        return True
    previous = _last_token(text, last[0], braces)
    return previous is not None and previous[1] in TWO_ARGUMENTS and last[1] not in "^_"


def _takes_arguments(token: str, lookup, origin: int) -> bool:
    """True for a control word that takes an argument (``ARGUMENT_TAKERS``, or a user macro with parameters)."""
    if token in ARGUMENT_TAKERS:
        return True
    macro = lookup(token, origin) if token.startswith("\\") and token[1:2].isalpha() else None
    return macro is not None and macro.params > 0

"""LaTeX documents → parts: the ``derive`` environment or ``%! derive`` lines, display math, directives, prose.

Display math is ``equation``, ``align``, ``alignat`` (``xalignat``), ``gather``, ``multline``, ``dmath`` (starred or
not), ``\\[…\\]`` and ``$$…$$``; comments (``%`` after an even number of backslashes), ``verbatim`` and the branches
TeX skips (``\\iffalse … \\fi``) are not math, and hold no directive.  ``%! derive: skip`` skips the next display
block, ``%! derive: given EXPR = EXPR`` adds a given to it.  The reader expands only the document's own simple
macros in its display math (``usermacros``), as TeX would, never one it reads itself: a document that
redefines one the reader understands (or an environment it gives a meaning), defines one opening display math,
changes catcodes, or pulls in other files (``\\input``) is rejected, since what it shows would not be what is
checked; so is one loading a package or class found in its own folder (but derive's ``derive.sty``), the files
``local_package_files`` names, display math of environments derive does not read, and display math inside a
conditional it cannot evaluate.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from pathlib import Path

from ..errors import InputError
from .parts import CONTEXT, GIVEN, MATH, MAX_PARTS, PROSE, SKIP, Part
from .usermacros import (UNEXPANDED_DEFINERS, Macros, blank_comments, brace_group_end, comment_spans, escaped,
                         expand, group_close, user_macros)

MATH_ENVS = (r"equation\*?|alignat\*?|x?xalignat|align\*?|gather\*?|multline\*?|flalign\*?|eqnarray\*?|dmath\*?|"
             r"displaymath")
#: display math of packages derive does not read (IEEEtrantools, empheq, breqn's groups, cases' numcases …): refused
#: after a context, never skipped as if it were prose
UNREAD_DISPLAY = (r"IEEEeqnarray\*?|IEEEeqnarraybox\*?|empheq|dgroup\*?|dseries\*?|darray\*?|numcases|subnumcases|"
                  r"mathpar")
#: every environment the scanner or the reader gives a meaning: a document may not redefine one
KNOWN_ENVIRONMENTS = frozenset(
    {e + s for e in ("equation", "alignat", "align", "gather", "multline", "flalign", "eqnarray", "dmath",
                     "IEEEeqnarray", "IEEEeqnarraybox", "dgroup", "dseries", "darray", "verbatim") for s in ("", "*")}
    | set("xalignat xxalignat displaymath math empheq numcases subnumcases mathpar cases aligned alignedat gathered "
          "split subequations Verbatim lstlisting minted comment alltt derive filecontents document".split()))
_OPEN = re.compile(r"\\begin\s*\{(derive|%s)\}|\\\[|\$\$" % MATH_ENVS)  # \begin {equation}: TeX skips the space
_UNREAD = re.compile(r"\\begin\s*\{(%s)\}" % UNREAD_DISPLAY)
#: a display environment's primitive form, \equation … \endequation: TeX prints it, derive reads \begin{equation} only
_PRIMITIVE_ENV = re.compile(r"\\(?:end)?(%s)(?![A-Za-z])" % "|".join(
    e.replace("\\*?", "") for e in (MATH_ENVS + "|" + UNREAD_DISPLAY).split("|")))
_DIRECTIVE = re.compile(r"^[ \t]*%!\s*derive(?::\s*(skip|given)\b\s*(.*?)|(?:[ \t](.*))?)[ \t]*$", re.MULTILINE)
_FORBIDDEN = re.compile(r"\\(catcode|makeatletter|input|include|subfile|import|subimport|usepackage\s*\{\s*import|"
                        r"inputfrom|includefrom|subinputfrom|subincludefrom|includestandalone|ExecuteMetaData|"
                        r"CatchFileDef|CatchFileEdef|directlua|luaexec|latelua|begin\s*\{\s*luacode\*?\s*\}|"
                        r"NewEnvironmentCopy|RenewEnvironmentCopy|DeclareEnvironmentCopy|"
                        r"InputIfFileExists|IfFileExists|csname|expandafter|scantokens|everymath|everydisplay|"
                        r"mathcode|lccode|uccode|delcode|mathchardef|chardef|openin|openout|newwrite|read|write|"
                        r"immediate|ExplSyntaxOn|csdef|csgdef|csedef|csxdef|cslet|letcs|csletcs|patchcmd|pretocmd|"
                        r"apptocmd|DeclareMathSymbol|DeclareMathDelimiter|DeclareMathAccent|DeclareMathRadical|"
                        r"DeclareUnicodeCharacter|newunicodechar|begin\s*\{\s*(?:filecontents\*?|VerbatimOut|"
                        r"verbatimwrite)\s*\})"
                        r"(?![A-Za-z])"
                        r"|\^\^")  # ^^5c is a backslash in TeX's hex notation: \def^^5cfrac hides what it defines
_TARGET = r"(\\[A-Za-z]+|\\.|~)"
_DEFINITION = re.compile(r"\\(?:def|edef|gdef|xdef|let|futurelet)\s*" + _TARGET +
                         r"|\\(?:newcommand|renewcommand|providecommand|DeclareMathOperator|DeclareRobustCommand|"
                         r"NewDocumentCommand|RenewDocumentCommand|DeclareDocumentCommand|ProvideDocumentCommand|"
                         r"NewCommandCopy|RenewCommandCopy|DeclareCommandCopy|NewExpandableDocumentCommand|"
                         r"RenewExpandableDocumentCommand|DeclareExpandableDocumentCommand|"
                         r"ProvideExpandableDocumentCommand|DeclareMathAlphabet|SetMathAlphabet|"
                         r"DeclareSymbolFontAlphabet|" + UNEXPANDED_DEFINERS + r")\*?\s*\{?\s*" + _TARGET +
                         r"|\\(?:newenvironment|renewenvironment|provideenvironment|NewDocumentEnvironment|"
                         r"RenewDocumentEnvironment|DeclareDocumentEnvironment|ProvideDocumentEnvironment|"
                         r"NewEnvironmentCopy|RenewEnvironmentCopy|DeclareEnvironmentCopy|includecomment|"
                         r"excludecomment|specialcomment|generalcomment|processcomment)\*?\s*\{\s*([A-Za-z*]+)\s*\}")
#: a definition of a macro's argument (\newcommand{\mk}[1]{\renewcommand{#1}{…}}): \mk{\frac} redefines \frac
_ARGUMENT_TARGET = re.compile(r"\\(?:def|edef|gdef|xdef|let|futurelet|newcommand|renewcommand|providecommand|"
                              r"DeclareRobustCommand|DeclareMathOperator|newenvironment|renewenvironment|"
                              + UNEXPANDED_DEFINERS + r")\*?\s*\{?\s*#")
_MISSPELT = re.compile(r"^[ \t]*%!\s*derive(?!:\s*(?:skip|given)\b)(?![ \t]|$)", re.MULTILINE)
#: a ``%!`` line that reads as a line of a derive context without the word derive (``%! [symbols]``,
#: ``%! title = "…"``, ``%! "L" = "…"``, ``%! z = []``): TeX's own ``%!TEX program = …`` has no such form.
#: A header names one of a context's sections (``%! [TODO]`` is a remark); a key line must be TOML (``_toml_line``).
_UNMARKED = re.compile(r"^[ \t]*%!\s*(?!derive(?![A-Za-z0-9_]))(?:\[\[?\s*(?:sizes|inputs|define|claim|labels|"
                       r"symbols)\s*\]\]?\s*$|"
                       r"(?:[A-Za-z_][\w.]*|'[^'\n]*'|\"[^\"\n]*\")\s*=\s*[\[{\"'0-9-][^\n]*)", re.MULTILINE)
_LABEL = re.compile(r"\\label\s*\{([^{}]{1,100})\}")


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


#: environments that number each row: a \\label there names its own row's equation, even when it is the only one
_ROW_NUMBERED = frozenset({"align", "gather", "flalign", "alignat", "xalignat", "eqnarray"})


#: words between rows, which end the row before them (``chains`` reads rows alike)
_INTERTEXT = re.compile(r"\\(?:short)?intertext\s*\{")


def _row_labels(content: str, numbered: bool = False) -> tuple[str, ...]:
    """Each row's label (or "") of a block with more than one ``\\label`` (or any, in an environment that
    ``numbered`` each row), else (): rows end at a ``\\\\`` outside braces and inner environments (a ``\\\\``
    of cases, a matrix or ``\\text{by \\\\ definition}`` ends none)."""
    if len(_LABEL.findall(content)) < (1 if numbered else 2):
        return ()
    rows, start, depth, k = [], 0, 0, 0
    while k < len(content):
        if content.startswith("\\\\", k):
            if depth == 0:
                rows.append(content[start:k])
                start = k + 2
            k += 2
            continue
        if depth == 0 and _INTERTEXT.match(content, k) and content[start:k].strip():
            rows.append(content[start:k])  # amsmath ends the row before \intertext, \\ or not
            start = k
        env = re.match(r"\\(begin|end)\s*\{", content[k:k + 12])
        if env:
            depth += 1 if env.group(1) == "begin" else -1
        elif content[k] == "\\":
            k += 2  # an escaped character, \{ among them
            continue
        elif content[k] in "{}":
            depth += 1 if content[k] == "{" else -1
        depth = max(depth, 0)
        k += 1
    rows.append(content[start:])
    return tuple(m.group(1).strip() if (m := _LABEL.search(row)) else "" for row in rows)


_NOT_READ = re.compile(r"\\begin\s*\{(verbatim\*?|Verbatim|lstlisting|minted|comment|alltt)\}")


#: inline verbatim, \verb|…| (or \verb*), on one line: TeX prints it as code
_VERB = re.compile(r"\\verb\*?([^A-Za-z\s*])[^\n]*?\1")
#: a URL, printed as written (\url{…}, \path{…}, \nolinkurl{…}, \href's first argument): a % there is no comment
_URL = re.compile(r"(\\(?:url|path|nolinkurl|href)\s*\{)((?:[^{}\n]|\{[^{}\n]*\})*)\}"
                  r"|(\\(?:url|nolinkurl)\s*([^A-Za-z{\s]))(.*?)(\4)")


def _find(text: str, needle: str, start: int) -> int:
    """The first ``needle`` at or after ``start`` that no backslash escapes (-1 if none)."""
    k = text.find(needle, start)
    while k >= 0 and escaped(text, k):
        k = text.find(needle, k + 1)
    return k


def _blank_verb(text: str) -> str:
    """``text`` with its inline verbatim and the text of its URLs blanked (positions kept)."""
    text = _VERB.sub(lambda m: m.group(0) if escaped(text, m.start()) else " " * len(m.group(0)), text)
    def blank(m: re.Match) -> str:
        if escaped(text, m.start()):
            return m.group(0)
        if m.group(1) is not None:
            return m.group(1) + " " * len(m.group(2)) + "}"
        return m.group(3) + " " * len(m.group(5)) + m.group(6)  # \url|…| (url.sty): delimited by any character
    return _URL.sub(blank, text)


def _blank_spans(text: str, spans) -> str:
    out, pos = [], 0
    for a, b in sorted(spans):
        if b <= pos:
            continue
        a = max(a, pos)
        out += [text[pos:a], re.sub(r"[^\n]", " ", text[a:b])]
        pos = b
    return "".join(out) + text[pos:]


#: A macro or environment definition's head, up to the brace opening its body (``\def\be{``, ``\newcommand{\be}[1]{``).
#: A line end is a space there (``\def\be`` then ``{…}`` on the next line), a blank line no parameter text.
_DEF_HEAD = re.compile(r"\\(?:def|edef|gdef|xdef)\s*(?:\\[A-Za-z@]+|\\.|~)(?:[^{}\n]|\n(?![ \t]*\n)){0,40}?\{"
                       r"|\\(?:newcommand|renewcommand|providecommand|DeclareRobustCommand|NewDocumentCommand|"
                       r"RenewDocumentCommand|DeclareDocumentCommand|ProvideDocumentCommand|NewExpandableDocumentCommand|"
                       r"RenewExpandableDocumentCommand|DeclareExpandableDocumentCommand|"
                       r"ProvideExpandableDocumentCommand|newenvironment|renewenvironment|provideenvironment|"
                       r"NewDocumentEnvironment|RenewDocumentEnvironment|DeclareDocumentEnvironment|"
                       r"ProvideDocumentEnvironment)\*?\s*(?:\{[^{}]{0,100}\}|\\[A-Za-z@]+)\s*(?:\[[^\]]{0,100}\]\s*)*\{")


def definition_bodies(text: str) -> list[tuple[int, int]]:
    """The spans of the macro and environment bodies ``text`` defines (every brace group right after a head:
    an environment's begin and end code, an xparse argument specification)."""
    spans, pos = [], 0
    while (m := _DEF_HEAD.search(text, pos)) is not None:
        start, end = m.end() - 1, group_close(text, m.end() - 1)
        spans.append((start, end))
        while (more := re.match(r"\s*\{", text[end:end + 200])) is not None and end < len(text):
            start, end = end + more.end() - 1, group_close(text, end + more.end() - 1)
            spans.append((start, end))
        pos = end
    return spans


#: TeX's conditionals (and LaTeX's \if@… spelt \if, as a document without \makeatletter reads it)
_PRIMITIVE_IFS = frozenset("if ifcat ifnum ifdim ifodd ifvmode ifhmode ifmmode ifinner ifvoid ifhbox ifvbox ifx ifeof "
                           "iftrue iffalse ifcase ifdefined ifcsname iffontchar ifincsname ifpdfprimitive "
                           "ifpdfabsnum ifpdfabsdim ifprimitive".split())
_CONDITIONAL = re.compile(r"\\(if[A-Za-z]*|else|fi|or|unless)(?![A-Za-z])")
#: what makes a conditional's name a definition's target or value, not a test run there
_DEFINED_HERE = re.compile(r"\\(?:let|futurelet|newif|def|edef|gdef|xdef|show|meaning|newcommand|renewcommand|"
                           r"providecommand|DeclareRobustCommand)\s*\{?\s*(?:\\[A-Za-z@]+\s*\}?\s*=?\s*)?$")
#: what makes the name after it a string printed or a token not run there (\string\iffalse, \noexpand\fi)
_QUOTED_HERE = re.compile(r"\\(?:string|noexpand|meaning|show|detokenize|unexpanded)\s*$")
#: a group of tokens TeX prints or keeps unexpanded: no conditional runs in it (\detokenize{\iffalse})
_QUOTING_GROUP = re.compile(r"\\(?:detokenize|unexpanded)\s*\{")
#: a macro named \if…, defined as one (\newcommand{\ifft}{…}): no conditional, unless its body holds one
_MACRO_IF = re.compile(r"\\(?:newcommand|renewcommand|providecommand|DeclareRobustCommand|DeclareMathOperator|def|"
                       r"edef|gdef|xdef)\*?\s*\{?\s*\\(if[A-Za-z]*)(?![A-Za-z])")
#: amsmath's relation ⟺, no conditional
_NOT_IFS = frozenset({"iff"})
_DECLARED_IF = re.compile(r"\\newif\s*\\(if[A-Za-z]+)|\\let\s*\\(if[A-Za-z]+)\s*=?\s*\\if(?:true|false)(?![A-Za-z])")


def _if_macros(text: str) -> set[str]:
    """The names ``\\if…`` that ``text`` defines as macros whose bodies hold no conditional."""
    names = set()
    for m in _MACRO_IF.finditer(text):
        head = re.match(r"\s*\}?\s*(?:\[[^\]\n]{0,100}\]\s*)*(?:#[0-9]\s*)*\{", text[m.end():m.end() + 200])
        if head is not None:
            start = m.end() + head.end() - 1
            if not any(c.group(1) not in _NOT_IFS for c in _CONDITIONAL.finditer(text, start, group_close(text, start))):
                names.add(m.group(1))  # \newcommand{\ifft}{\iff}: a relation, no conditional
    return names


class _Conditionals:
    """The branches TeX skips (``\\iffalse … \\fi``, the ``\\else`` of ``\\iftrue``), and the conditionals derive
    cannot evaluate (``\\ifdraft``, ``\\ifx``: their spans), from a text with comments and verbatim blanked.

    Nested conditionals are counted as TeX counts them.  A ``\\fi`` or ``\\else`` that closes nothing derive saw open,
    a name inside a skipped branch that may or may not be a conditional, and a conditional never closed are errors:
    derive cannot tell what TeX prints there.  A name a macro is defined as (``\\let\\ifdraft\\iffalse``) and one in a
    macro's body is no conditional run there; ``\\ifthenelse{…}`` and etoolbox's ``\\ifdef{…}``, taking braces, none."""

    def __init__(self, text: str, shown: str):
        self.skipped: list[tuple[int, int]] = []
        self.unknown: list[tuple[int, int, str]] = []
        bodies: list[tuple[int, int]] = []  # disjoint, in order: macro bodies and quoted groups
        for a, z in sorted(definition_bodies(text) + [(q.end() - 1, group_close(text, q.end() - 1))
                                                     for q in _QUOTING_GROUP.finditer(text)]):
            if bodies and a < bodies[-1][1]:
                bodies[-1] = (bodies[-1][0], max(z, bodies[-1][1]))
            else:
                bodies.append((a, z))
        known = _PRIMITIVE_IFS | {a or b for a, b in _DECLARED_IF.findall(text)}
        macros = _NOT_IFS | {name for name in _if_macros(text) if name not in known}
        stack: list[list] = []  # [kind, start, name], kind: true, false, unknown (cannot tell), nested (skipped)
        owner, skip_from, unless, b = None, 0, False, 0
        for m in _CONDITIONAL.finditer(text):
            name = m.group(1)
            while b < len(bodies) and bodies[b][1] <= m.start():
                b += 1
            if (b < len(bodies) and bodies[b][0] <= m.start()) \
                    or _DEFINED_HERE.search(text[max(0, m.start() - 80):m.start()]) \
                    or ((q := _QUOTED_HERE.search(text, max(0, m.start() - 40), m.start())) is not None
                        and not escaped(text, q.start())):
                unless = False
                continue
            if name in macros:  # \iff, a document's \newcommand{\ifft}: TeX counts neither, run or skipped
                unless = False
                continue
            if name == "unless":
                unless = True
                continue
            flip, unless = unless, False
            braced = re.match(r"\s*\{", text[m.end():m.end() + 40]) is not None
            if name.startswith("if"):
                if owner is not None:
                    if name not in known and braced:
                        raise InputError(f"cannot tell whether \\{name} opens a conditional inside the branch TeX "
                                         f"skips from line {_line(text, skip_from)}: derive does not expand macros",
                                         shown, _line(text, m.start()))
                    stack.append(["nested", m.start(), name])
                elif name in ("iffalse", "iftrue"):
                    stack.append(["true" if (name == "iftrue") != flip else "false", m.start(), name])
                    if stack[-1][0] == "false":
                        owner, skip_from = len(stack) - 1, m.start()
                elif name in known or not braced:
                    stack.append(["unknown", m.start(), name])
                continue
            if name == "or":
                continue
            if not stack:
                raise InputError(f"cannot tell which conditional this \\{name} closes (a macro standing for one?): "
                                 f"derive does not expand macros", shown, _line(text, m.start()))
            top = len(stack) - 1
            if name == "else":
                if owner == top:
                    self.skipped.append((skip_from, m.end()))
                    owner = None
                elif owner is None and stack[top][0] == "true":
                    owner, skip_from = top, m.start()
                continue
            kind, start, opened = stack.pop()
            if owner == top:
                self.skipped.append((skip_from, m.end()))
                owner = None
            elif owner is None and kind == "unknown":
                self.unknown.append((start, m.end(), opened))
        if stack:
            raise InputError(f"\\{stack[0][2]} is never closed by \\fi", shown, _line(text, stack[0][1]))


#: the end of a derive environment: derive.sty's is verbatim.sty's comment, which ends at \end {derive} too
_DERIVE_END = re.compile(r"\\end\s*\{derive\}")


def _blanked(text: str, shown: str) -> tuple[str, str, list]:
    """``(body, kept, unknown)``: ``text`` with comments, ``\\verb``, verbatim-like environments and the branches TeX
    skips blanked (lines kept: no math there); ``kept`` the same with its comments (its ``%! derive`` lines); the
    spans of the conditionals derive cannot evaluate."""
    verb = _blank_verb(text)  # first: a % inside \verb|…| is printed, not a comment
    body = blank_comments(verb)
    spans, pos = [], 0
    while (m := _NOT_READ.search(body, pos)) is not None:
        closer = "\\end{%s}" % m.group(1)
        end = verb.find(closer, m.end())  # TeX's verbatim ends at the first closer, one after a % too
        spaced = re.compile(r"\\end\s+\{%s\}" % re.escape(m.group(1))).search(verb, m.end(),
                                                                            len(verb) if end < 0 else end)
        if spaced is not None:  # the kernel's verbatim ends at \end{verbatim} only, verbatim.sty's at \end {verbatim}
            raise InputError(f"cannot tell whether \\end {{{m.group(1)}}} ends the {m.group(1)} environment "
                             f"(packages differ): write \\end{{{m.group(1)}}}", shown, _line(text, spaced.start()))
        end = len(text) if end < 0 else end + len(closer)
        spans.append((m.start(), end))
        pos = end
    body = _blank_spans(body, spans)
    # the derive environment is a comment too: no conditional in it
    derive = [(m.end(), (e.start() if (e := _DERIVE_END.search(verb, m.end())) else len(text)))
              for m in re.finditer(r"\\begin\s*\{derive\}", body)]
    conditionals = _Conditionals(_blank_spans(body, derive), shown)
    spans += conditionals.skipped
    body = _blank_spans(body, conditionals.skipped)
    defined = definition_bodies(body)
    finished = next((m for m in re.finditer(r"\\end\s*\{document\}", body)
                     if not any(a <= m.start() < b for a, b in defined)), None)
    unknown = next((c for c in conditionals.unknown if finished is not None and c[0] <= finished.start() < c[1]), None)
    if unknown is not None:  # \ifdraft \end{document} \fi: whether TeX stops there is the conditional's to say
        raise InputError(f"cannot tell whether \\end{{document}} here ends the document: it stands in \\{unknown[2]} … \\fi "
                         f"(line {_line(text, unknown[0])}), and derive does not evaluate conditionals", shown,
                         _line(text, finished.start()))
    if finished is not None:  # TeX reads nothing after it: scratch math there was checked (and failed a run)
        spans.append((finished.end(), len(text)))
        body = _blank_spans(body, spans[-1:])
    return body, _blank_spans(verb, spans), conditionals.unknown


#: A package or class a document loads: one in the document's own folder could redefine anything.
_PACKAGE = re.compile(r"\\(?:usepackage|RequirePackage|documentclass|LoadClass)\s*(?:\[[^\]]*\]\s*)?\{([^{}]*)\}")
#: The one local package allowed: derive's own (``examples/derive.sty``), which makes a context a comment.
DERIVE_STY = (r"\NeedsTeXFormat{LaTeX2e}\ProvidesPackage{derive}[2026/12/01 derive contexts are comments]"
              r"\RequirePackage{verbatim}\let\derive\comment\let\endderive\endcomment")


#: What may end a comment early or make a % no comment (verbatim text, URLs, listings, a file written out): in a
#: document naming one, a definition or inclusion in a comment is refused too, as TeX may run it.
_VERBATIM_LIKE = re.compile(r"\\[A-Za-z]*(?:verb|Verb|url|lst|mint|path|href|comment|filecontents|alltt|cprotect|"
                            r"ShortVerb)|\{\s*[A-Za-z]*(?:verbatim|Verbatim|listing|minted|comment|alltt|filecontents)")


class _AsRead:
    """A document as TeX reads its lines: each comment gone with its line end and the next line's indent
    (``\\usepackage{%`` then ``mymacros}`` loads mymacros), with a map back to the document's lines."""

    def __init__(self, text: str):
        pieces, self.starts, self.origins, pos, n = [], [], [], 0, 0
        verb = _blank_verb(text)
        for a, b in comment_spans(verb):
            pieces.append(text[pos:a])
            self.starts.append(n)
            self.origins.append(pos)
            n += a - pos
            pos = b + 1 if b < len(text) else b
            while pos < len(text) and text[pos] in " \t":
                pos += 1
        pieces.append(text[pos:])
        self.starts.append(n)
        self.origins.append(pos)
        self.text = "".join(pieces)
        self.source = text

    def line(self, pos: int) -> int:
        k = bisect.bisect_right(self.starts, pos) - 1
        return _line(self.source, self.origins[k] + pos - self.starts[k])

    def position(self, pos: int) -> int:
        """Where ``pos`` of the document lies in ``text`` (a position in a comment: where the comment was)."""
        k = max(0, bisect.bisect_right(self.origins, pos) - 1)
        size = (self.starts[k + 1] if k + 1 < len(self.starts) else len(self.text)) - self.starts[k]
        return self.starts[k] + min(max(0, pos - self.origins[k]), size)


def check_hostile(text: str, shown: str, known: frozenset, folder: Path | None = None) -> None:
    """Reject catcode changes, file inclusion, macro tricks (\\csname, ^^) and redefinitions of macros or
    environments the reader reads, macros that open display math; and a package or class of ``folder`` other than
    derive's own.

    The text is read as TeX reads it, comments gone (``\\renewcommand{%`` then ``\\sigma}`` on the next line
    redefines \\sigma).  In a document with verbatim text (``\\verb``, ``\\url``, a ``verbatim`` environment …) a %
    may be printed, not a comment, so the text with its comments is searched too: a commented-out definition
    or ``\\input`` is refused there (delete it).
    """
    read = _AsRead(text)
    views = [(read.text, read.line)]
    if _VERBATIM_LIKE.search(text):
        views.append((text, lambda pos: _line(text, pos)))
    for body, line_of in views:
        m = _FORBIDDEN.search(body)
        if m:
            what = m.group(0)
            why = ("a file written while the paper compiles could redefine what derive reads" if "begin" in what else
                   "it changes what a character prints" if "Declare" in what or "unicode" in what else
                   f"derive checks this file as written and does not follow {what}, catcode changes or macros "
                   f"built at run time")
            if body is text:  # found only with the comments: say why a comment counts
                why += (" (in a comment too: this file has verbatim text or URLs, where a % may be printed rather "
                        "than start a comment; delete the line)")
            raise InputError(f"cannot read {what}: {why}", shown, line_of(m.start()))
        check_definitions(body, shown, known, line_of)
        _check_display_macros(body, shown, line_of)
        for m in _PACKAGE.finditer(body) if folder is not None else ():
            for name in _package_names(m):
                local = [p for p in _package_files(folder, name) if p.is_file()]
                if local and not (name == "derive" and _is_derive_sty(local[0])):
                    raise InputError(f"cannot read \\usepackage{{{name}}}: {local[0].name} in the document's folder "
                                     f"could redefine what derive reads (only derive's own derive.sty is allowed)",
                                     shown, line_of(m.start()))


#: what opens or closes display math: in a macro's body it hides the equation from derive (\be … \ee)
_DISPLAY_EDGE = re.compile(r"\\(?:begin|end)\s*\{(?:%s|%s)\}|\\[\[\]]|\$\$|%s" % (MATH_ENVS, UNREAD_DISPLAY,
                                                                                     _PRIMITIVE_ENV.pattern))
_DOLLAR = re.compile(r"\$")
#: \let\be\equation, \let\be\[ , \let\dol=$ (\dol\dol opens a display)
_LET_DISPLAY = re.compile(r"\\let\s*(?:\\[A-Za-z@]+|~)\s*=?\s*(?:\\(?:end)?(?:%s)(?![A-Za-z*])|\\[\[\]]|\$"
                          r"|\\(?:begin|end)(?![A-Za-z]))"
                          % "|".join(e.replace("\\*?", "") for e in MATH_ENVS.split("|")))


#: \begin or \end with no environment after it, in a macro's body: its use names the environment
_BARE_BEGIN = re.compile(r"\\(?:begin|end)(?![A-Za-z])(?!\s*\{)")


def _check_display_macros(body: str, shown: str, line_of) -> None:
    """Reject a macro or environment whose body opens or closes display math (``\\newcommand{\\be}{\\begin{equation}}``,
    ``\\let\\be\\equation``): derive does not expand macros, so the equation it opens would not be read."""
    found = _LET_DISPLAY.search(body)
    at = found.start() if found else None
    for a, b in definition_bodies(body):
        edge = next((m for m in _DISPLAY_EDGE.finditer(body, a, b) if not escaped(body, m.start())), None) \
            or _BARE_BEGIN.search(body, a, b)  # \newcommand{\bg}{\begin}: \bg{equation} opens a display
        dollars = sum(1 for d in _DOLLAR.finditer(body, a, b) if not escaped(body, d.start()))
        if edge is not None or dollars % 2:  # \newcommand{\dol}{$}: \dol\dol opens a display
            at = a if at is None else min(at, a)
            break
    if at is not None:
        raise InputError("cannot read a macro that opens or closes display math: derive does not expand macros, so "
                         "the equation would not be read (write \\begin{equation} … \\end{equation} in the text)",
                         shown, line_of(at))


def _package_names(m: re.Match) -> list[str]:
    """The names a ``_PACKAGE`` match loads (``\\usepackage{a, b}``: a and b)."""
    return [n.strip() for n in m.group(1).split(",")]


def _package_files(folder: Path, name: str) -> list[Path]:
    """Where TeX would find package or class ``name`` in ``folder`` first."""
    return [folder / f"{name}.{ext}" for ext in ("sty", "cls")]


def local_package_files(text: str, folder: Path) -> list[Path]:
    """Every file of ``folder`` that ``check_hostile`` looks for (there or not): a package or class ``text`` loads.

    What loading a paper reads besides its own text, so the file-level cache keys on their contents too.
    """
    names = dict.fromkeys(name for body in (_AsRead(text).text, text)
                          for m in _PACKAGE.finditer(body) for name in _package_names(m))
    return [path for name in names for path in _package_files(folder, name)]


def _is_derive_sty(path: Path) -> bool:
    """True for derive's own ``derive.sty`` (whitespace aside)."""
    try:
        return "".join(path.read_text(encoding="utf-8")[:4096].split()) == "".join(DERIVE_STY.split())
    except (OSError, UnicodeDecodeError):
        return False


#: Macros the reader reads for layout only (spacing, sizes, styles): redefined, they change what is shown.
_PRESENTATION = frozenset(r"\bigl \bigr \Bigl \Bigr \biggl \biggr \Biggl \Biggr \mathop \limits \nolimits "
                          r"\textstyle \displaystyle \scriptstyle \scriptscriptstyle \middle \mid \over".split())


#: Macros a document must define for the reader's spelling to print (amsmath has no \argmax): allowed when the
#: definition spells what the reader reads (``\DeclareMathOperator*{\argmax}{arg\,max}``).
_SPELLED = {"\\argmax": "argmax", "\\argmin": "argmin", "\\lt": "<", "\\gt": ">"}
#: derive's own package, as ``derive.sty`` writes it, inline in a preamble
_DERIVE_LETS = re.compile(r"\\let\s*\\derive\s*\\comment(?![A-Za-z])|\\let\s*\\endderive\s*\\endcomment(?![A-Za-z])")


def _spells(body: str, m: re.Match, name: str) -> bool:
    """True when the definition ``m`` of ``name`` gives it the meaning the reader reads (``_SPELLED``)."""
    group = re.match(r"\s*\}?\s*\{", body[m.end():m.end() + 20])
    if name not in _SPELLED or group is None:
        return False
    start = m.end() + group.end() - 1
    inside = body[start + 1:group_close(body, start) - 1]
    plain = re.sub(r"\\(?:operatorname\*?|mathrm|text|textrm|mathop|[,;:! ])|[\s{}~]", "", inside)
    return plain == _SPELLED[name]


def check_definitions(body: str, shown: str, known: frozenset, line_of=None) -> None:
    """Reject a redefinition of a macro or environment the reader reads (``\\renewcommand{\\frac}``, ``\\def\\,``,
    ``\\def~``, ``\\renewenvironment{comment}``; an environment's ``\\equation`` and ``\\endequation`` too), and a
    definition of a macro's argument (``\\renewcommand{#1}``), which may be any of them."""
    target = next((m for m in _ARGUMENT_TARGET.finditer(body) if not escaped(body, m.start())), None)
    if target is not None:
        raise InputError(f"cannot read {body[target.start():target.end() + 1]}…: the name it defines is a macro's "
                         f"argument, so derive cannot tell which macro it redefines (one it reads, or one of the "
                         f"document's)", shown, line_of(target.start()) if line_of else _line(body, target.start()))
    for m in _DEFINITION.finditer(body):
        name = m.group(1) or m.group(2) or m.group(3)
        # \, \; \! \{ ~ …: a control symbol the reader may read (a digit's, \1 for a bold one, it reads nowhere)
        symbol = name == "~" or len(name) == 2 and name[0] == "\\" and not name[1].isalnum()
        environment = name.rstrip("*") if m.group(3) else \
            re.sub(r"^\\(?:end)?", "", name) if re.sub(r"^\\(?:end)?", "", name) in KNOWN_ENVIRONMENTS else None
        if _DERIVE_LETS.match(body, m.start()) or (name in _SPELLED and _spells(body, m, name)):
            continue
        if name in known or name in _PRESENTATION or symbol or environment in KNOWN_ENVIRONMENTS:
            shown_name = environment if m.group(3) else name
            raise InputError(f"cannot read this redefinition of {shown_name}: derive reads {shown_name} with its usual "
                             f"meaning and does not expand macros", shown,
                             line_of(m.start()) if line_of else _line(body, m.start()))


class _Scanner:
    def __init__(self, text: str, shown: str):
        self.text, self.shown = text, shown
        self.body, self.kept, self.unknown = _blanked(text, shown)
        self.parts: list[Part] = []
        self.macros: Macros = Macros()  # the document's own, expanded in its display math
        self.read: _AsRead | None = None  # the document as TeX reads it, where the macros were found
        self.context_seen = False
        # the conditionals derive cannot evaluate, by start: how far each one, or one before it, reaches
        spans = sorted(self.unknown)
        self.unknown_starts = [a for a, _, _ in spans]
        self.unknown_reach, far = [], (0, 0, "")
        for a, b, name in spans:
            far = max(far, (b, a, name))
            self.unknown_reach.append(far)

    def add(self, part: Part) -> None:
        if len(self.parts) >= MAX_PARTS:
            raise InputError(f"more than {MAX_PARTS} blocks in one document", self.shown, part.line)
        self.parts.append(part)
        self.context_seen = self.context_seen or part.kind == CONTEXT

    def prose(self, start: int, end: int) -> None:
        """Prose between blocks, with its ``%! derive`` directives taken out as parts of their own."""
        pos, context, first, prev_end = start, [], 0, -2
        for m in _DIRECTIVE.finditer(self.kept, start, end):
            is_context = not m.group(1)
            if not (is_context and context and m.start() == prev_end + 1):
                self._flush(context, first)
                context = []
                self._plain(pos, m.start())
            line = _line(self.text, m.start())
            if is_context:
                first = first if context else line
                context.append(m.group(3) or "")
            else:
                self.add(Part(SKIP if m.group(1) == "skip" else GIVEN, line, line, m.group(2).strip(),
                              source=m.group(0)))
            prev_end, pos = m.end(), min(m.end() + 1, end)
        self._flush(context, first)
        self._plain(pos, end)

    def _flush(self, context: list, first: int) -> None:
        if context:
            self.add(Part(CONTEXT, first, first + len(context) - 1, "\n".join(context)))

    def _plain(self, start: int, end: int) -> None:
        if start < end and self.text[start:end].strip():
            self.add(Part(PROSE, _line(self.text, start), _line(self.text, end), self.text[start:end]))

    def _open(self, pos: int) -> re.Match | None:
        """The next display block or context from ``pos`` (``\\\\[2pt]`` and ``\\$$`` open none), after checking the
        text before it for display math derive does not read."""
        m = _OPEN.search(self.body, pos)
        while m is not None and escaped(self.body, m.start()):
            m = _OPEN.search(self.body, m.start() + 1)
        stop = m.start() if m else len(self.body)
        primitive = next((p for p in _PRIMITIVE_ENV.finditer(self.body, pos, stop)
                          if not escaped(self.body, p.start())), None)
        if primitive is not None and self.has_context():
            raise InputError(f"cannot read {primitive.group(0)}: derive reads display math written as an environment "
                             f"(write \\begin{{{primitive.group(1)}}} … \\end{{{primitive.group(1)}}})", self.shown,
                             _line(self.text, primitive.start()))
        unread = _UNREAD.search(self.body, pos, stop)
        if unread is not None and self.has_context():
            raise InputError(f"cannot read \\begin{{{unread.group(1)}}}: derive does not read this environment's "
                             f"display math (write it as align or equation)", self.shown,
                             _line(self.text, unread.start()))
        if m is not None and m.group(1) != "derive" and self.has_context():
            k = bisect.bisect_left(self.unknown_starts, m.start()) - 1  # of the spans opening before it,
            if k >= 0 and self.unknown_reach[k][0] > m.start():          # the one reaching furthest
                _, a, name = self.unknown_reach[k]
                raise InputError(f"cannot read display math inside \\{name} … \\fi (from line "
                                 f"{_line(self.text, a)}): derive does not evaluate conditionals, so it cannot "
                                 f"tell whether TeX prints it", self.shown, _line(self.text, m.start()))
        return m

    def has_context(self) -> bool:
        return self.context_seen

    def scan(self) -> list[Part]:
        pos = 0
        for_open = self._open(pos)
        while for_open:
            self.prose(pos, for_open.start())
            pos = self.block(for_open)
            for_open = self._open(pos)
        self.prose(pos, len(self.text))
        return self.parts

    def block(self, m: re.Match) -> int:
        env = m.group(1)
        closer = "\\end{%s}" % env if env else ("\\]" if m.group(0) == "\\[" else "$$")
        source = self.text if env == "derive" else self.body
        if env:  # \end {equation}: TeX skips the space
            found = re.compile(r"\\end\s*\{%s\}" % re.escape(env)).search(source, m.end())
            end, closer = (found.start(), found.group(0)) if found else (-1, closer)
        else:
            end = _find(source, closer, m.end())
        if end < 0:
            raise InputError(f"{m.group(0)} is never closed", self.shown, _line(self.text, m.start()))
        line = _line(self.text, m.start())
        content = source[m.end():end]
        if env == "derive":
            first = content.index("\n") + 1 if "\n" in content else 0
            self.add(Part(CONTEXT, line + (1 if first else 0), _line(self.text, end), content[first:],
                          source=self.text[m.start():end + len(closer)]))
        else:
            if env and env.startswith(("alignat", "xalignat", "xxalignat")):  # \begin{alignat}{2}: the column count is no math
                content = re.sub(r"^\s*\{\s*\d+\s*\}", lambda c: " " * len(c.group(0)), content)
            written = self.text[m.start():end + len(closer)]
            # each macro means what the definitions before this block make it (no definition stands inside one)
            at = self.read.position(m.end()) if self.read is not None else 0
            expanded = expand(content, self.macros, self.shown, line, where=lambda k: at)
            if expanded != content:  # the paper's own macros, as TeX expands them (reports show them expanded too)
                content, written = expanded, self.text[m.start():m.end()] + expanded + closer
            label = _LABEL.search(content)
            self.add(Part(MATH, line, _line(self.text, end), content, label.group(1).strip() if label else "",
                          source=written, row_labels=_row_labels(content, env in _ROW_NUMBERED)))
        return end + len(closer)


_CONTEXT_BLOCK = re.compile(r"\\begin\s*\{derive\}.*?(?:\\end\s*\{derive\}|\Z)", re.S)


def _without_contexts(text: str) -> str:
    """``text`` with its derive environments blanked (lines kept): TOML there, a comment to TeX, defines no macro."""
    return _CONTEXT_BLOCK.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def scan_latex(text: str, shown: str, known: frozenset = frozenset(), folder: Path | None = None) -> list[Part]:
    """The parts of a LaTeX document, in order (``InputError`` for a hostile one); ``folder``: where it lies."""
    return scan_paper(text, shown, known, folder)[0]


def _toml_line(text: str) -> bool:
    """True when ``text`` is one line of TOML (``z = []``, ``[inputs]``), not a remark (``a = 1 is used below``)."""
    import tomllib
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    return True


def scan_paper(text: str, shown: str, known: frozenset = frozenset(), folder: Path | None = None
               ) -> tuple[list[Part], Macros]:
    """``scan_latex``'s parts, and the paper's own macros as its display math was expanded with them."""
    check_hostile(text, shown, known, folder)
    scanner = _Scanner(text, shown)
    read = _AsRead(_without_contexts(scanner.kept))  # the derive environment is a comment to TeX
    scanner.read = read
    scanner.macros = user_macros(read.text, read.line, [(read.position(a), read.position(b), name)
                                                        for a, b, name in scanner.unknown])
    bad = _MISSPELT.search(scanner.kept)
    if bad:  # a misspelt directive must not be ignored silently
        raise InputError("unknown derive directive (known: %! derive: skip, %! derive: given EXPR = EXPR, "
                         "and %! derive TOML-LINE)", shown, _line(text, bad.start()))
    unmarked = next((m for m in _UNMARKED.finditer(scanner.kept) if _toml_line(m.group(0).strip()[2:])), None)
    if unmarked:  # read as a comment, it would drop a line of the context, and the error would come later
        written = unmarked.group(0).strip()[2:].strip()
        written = written if len(written) <= 60 else written[:57] + "…"
        raise InputError(f"%! {written} reads as a line of a derive context without the word derive: write "
                         f"%! derive {written} (an ordinary comment starts with % alone)",
                         shown, _line(text, unmarked.start()))
    return scanner.scan(), scanner.macros


CONTEXT_RE = re.compile(r"\\begin\s*\{derive\}|^[ \t]*%!\s*derive(?!:)", re.MULTILINE)


#: What a title may hold that is not its text: a footnote to the title, a label.
_TITLE_NOTES = re.compile(r"\\(thanks|footnote|label)\s*\{")
_TITLE = re.compile(r"\\title\s*(?:\[[^\]\n]{0,200}\])?\s*\{")
#: What LaTeX text writes for a character, a dash or a quote, as a reader sees it (--- before --).
TEXT_FORMS = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"), ("\\textbackslash{}", "\\"),
              ("\\textbackslash", "\\"), ("\\&", "&"), ("\\%", "%"), ("\\_", "_"), ("\\#", "#"), ("\\$", "$"),
              ("\\{", "{"), ("\\}", "}"), ("\\ldots", "…"), ("\\dots", "…"), ("\\LaTeX{}", "LaTeX"),
              ("\\LaTeX", "LaTeX"), ("\\TeX{}", "TeX"), ("\\TeX", "TeX"), ("\\textasciitilde{}", "~"),
              ("\\textasciitilde", "~"), ("\\textasciicircum{}", "^"), ("\\textasciicircum", "^"), ("\\,", "\u2009"),
              ("\\;", " "), ("\\ ", " "), ("\\textdegree{}", "°"), ("\\textdegree", "°"), ("\\ss", "ß"),
              ("\\o", "ø"), ("\\O", "Ø"), ("\\aa", "å"), ("\\AA", "Å"), ("\\ae", "æ"), ("\\AE", "Æ"),
              ("\\oe", "œ"), ("\\OE", "Œ"), ("\\l", "ł"), ("\\L", "Ł"), ("\\i", "ı"), ("\\S", "§"),
              ("\\P", "¶"), ("\\-", ""), ("\\@", ""), ("\\/", ""), ("`", "‘"), ("'", "’"))
#: all of them in one pass, longest first, a name not run into a letter (\o is no \omega): what one gives (a
#: backslash) is never read again
_TEXT_FORM = re.compile("|".join(re.escape(w) + ("(?![A-Za-z])[ \t]*" if w[-1].isalpha() else "")
                                 for w, _ in sorted(TEXT_FORMS, key=lambda f: -len(f[0]))))
MAX_TITLE = 2000
#: inline math in a title: $…$ or \(…\)
_TITLE_MATH = re.compile(r"\$([^$]{0,500})\$|\\\((.{0,500}?)\\\)", re.S)
_GREEK_LETTERS = {"\\" + name: char for name, char in zip(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi omicron pi varpi rho "
    "varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi "
    "Omega".split(), "αβγδϵεζηθϑικλμνξοπϖρϱσςτυϕφχψωΓΔΘΛΞΠΣΥΦΨΩ")}


def plain_title(text: str) -> str | None:
    """The text of a paper's ``\\title{…}`` (braces nested, ``\\\\`` a space, ``\\emph{B}`` B, ``\\thanks`` left
    out), or None when it has none."""
    read = _AsRead(_without_contexts(text))
    body = read.text
    m = _TITLE.search(body)
    if not m:
        return None
    end = brace_group_end(body, m.end() - 1, MAX_TITLE)
    if end is None:
        return None
    title = body[m.end():end - 1]
    while (note := _TITLE_NOTES.search(title)) is not None:
        close = brace_group_end(title, note.end() - 1, MAX_TITLE)
        title = title[:note.start()] + (title[close:] if close is not None else "")
    maths: list[str] = []

    macros = user_macros(body, read.line)
    try:  # the paper's own macros in its text too: \title{The \model{} paper} names the model
        title = expand(title, {k: v for k, v in macros.items() if not v.problem}, "", 0)
    except InputError:  # one that cannot be expanded: its name goes, as before
        pass

    def keep(m: re.Match) -> str:  # inline math stays, as its TeX with Greek letters shown (never dropped)
        math = m.group(1) or m.group(2) or ""
        try:  # the paper's own macros, as in its equations: $\sm$ is softmax
            math = expand(math, {k: v for k, v in macros.items() if not v.problem}, "", 0)
        except InputError:  # one that never stops expanding: shown as written
            pass
        math = re.sub(r"\\(?:operatorname|mathrm|mathbf|boldsymbol|mathit|text)\s*\{([^{}]*)\}", r"\1", math)
        maths.append(" ".join(re.sub(r"\\[A-Za-z]+", lambda g: _GREEK_LETTERS.get(g.group(0), g.group(0)),
                                     math).split()))
        return f"\ue000{len(maths) - 1}\ue001"
    title = _TITLE_MATH.sub(lambda m: m.group(0) if escaped(title, m.start()) else keep(m), title)
    title = re.sub(r"\\\\(\[[^\]]*\])?|\\newline\b|(?<!\\)~", " ", title)
    title = re.sub(r"\\S(?![A-Za-z])\s*", "§", title)  # \S 7.1: the section sign, not \Sigma
    # a printed backslash is kept apart from the commands that go below (A \textbackslash{}n b is A \n b)
    # ... and so is a printed brace, \{b\}, from the groups' braces that print nothing
    title = re.sub(r"\\textbackslash(?![A-Za-z])(\{\})?", "\ue003", title)
    title = title.replace("\\{", "\ue004").replace("\\}", "\ue005")
    title = re.sub(r"\\[A-Za-z]+\*?\s*", "", text_as_printed(title))  # \emph{B} keeps B; a command with no text goes
    title = " ".join(title.replace("{", "").replace("}", "").replace("\ue003", "\\").replace("\ue004", "{")
                     .replace("\ue005", "}").split())
    title = re.sub("\ue000(\\d+)\ue001", lambda m: maths[int(m.group(1))], title)
    return title or None


def text_as_printed(text: str) -> str:
    """LaTeX text outside math with its escaped characters, accents (``Caf\\'e``), dashes and quotes as they print."""
    # a control word takes the spaces after it (stra\\ss e is straße; \\LaTeX{} keeps one)
    return _TEXT_FORM.sub(lambda m: _TEXT_SHOWN.get(m.group(0)) or _TEXT_SHOWN[m.group(0).rstrip(" \t")],
                          accents_as_printed(text))


def accents_as_printed(text: str) -> str:
    """LaTeX text with its accented letters (``Caf\\'e``, ``na\\"{\\i}ve``) as they print."""
    return _ACCENT.sub(lambda m: unicodedata.normalize(  # the dotless i takes the accent
        "NFC", (m.group(2) or m.group(3)).replace("\\i", "i") + _ACCENTS[m.group(1)]), text)


_TEXT_SHOWN = dict(TEXT_FORMS)
#: TeX's accents on a letter, \'e, \"{u}, \c c, and the combining marks they print as
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
            ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "r": "\u030a"}
_ACCENT = re.compile(r"\\(['`^\"~=.]|[cvuHr](?=[\s{]))\s*(?:\{\s*([A-Za-z]|\\i)\s*\}|([A-Za-z]|\\i(?![A-Za-z])))")

"""LaTeX documents → parts: the ``derive`` environment or ``%! derive`` lines, display math, directives, prose.

Display math is ``equation``, ``align``, ``alignat``, ``gather``, ``multline``, ``dmath`` (starred or not),
``\\[…\\]`` and ``$$…$$``; comments are not math.  ``%! derive: skip`` skips the next display
block, ``%! derive: given EXPR = EXPR`` adds a given to it.  The reader never expands a
macro: a document that redefines one the reader understands, changes catcodes, or pulls
in other files (``\\input``) is rejected, since what it shows would not be what is checked; so
is one loading a package or class found in its own folder (but derive's ``derive.sty``), the
files ``local_package_files`` names.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from .parts import CONTEXT, GIVEN, MATH, MAX_PARTS, PROSE, SKIP, Part

MATH_ENVS = r"equation\*?|alignat\*?|align\*?|gather\*?|multline\*?|flalign\*?|eqnarray\*?|dmath\*?|displaymath"
_OPEN = re.compile(r"\\begin\{(derive|%s)\}|(?<!\\)\\\[|\$\$" % MATH_ENVS)
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
_DIRECTIVE = re.compile(r"^[ \t]*%!\s*derive(?::\s*(skip|given)\b\s*(.*?)|(?:[ \t](.*))?)[ \t]*$", re.MULTILINE)
_FORBIDDEN = re.compile(r"\\(catcode|makeatletter|input|include|subfile|import|subimport|usepackage\s*\{\s*import|"
                        r"InputIfFileExists|IfFileExists|csname|expandafter|scantokens|everymath|everydisplay|"
                        r"mathcode|lccode|uccode|delcode|mathchardef|chardef|openin|read|write|immediate|"
                        r"ExplSyntaxOn|csdef|csgdef|csedef|csxdef|cslet|letcs|csletcs|patchcmd|pretocmd|apptocmd)"
                        r"(?![A-Za-z])"
                        r"|\^\^")  # ^^5c is a backslash in TeX's hex notation: \def^^5cfrac hides what it defines
_DEFINITION = re.compile(r"\\(?:def|edef|gdef|xdef|let|futurelet)\s*(\\[A-Za-z]+|\\.)"
                         r"|\\(?:newcommand|renewcommand|providecommand|DeclareMathOperator|DeclareRobustCommand|"
                         r"NewDocumentCommand|RenewDocumentCommand|DeclareDocumentCommand|ProvideDocumentCommand|"
                         r"NewCommandCopy|RenewCommandCopy|DeclareCommandCopy|NewExpandableDocumentCommand|"
                         r"RenewExpandableDocumentCommand|DeclareExpandableDocumentCommand|"
                         r"ProvideExpandableDocumentCommand)\*?\s*\{?\s*(\\[A-Za-z]+|\\.)"
                         r"|\\(?:newenvironment|renewenvironment)\*?\s*\{\s*([A-Za-z*]+)\s*\}")
_MISSPELT = re.compile(r"^[ \t]*%!\s*derive(?!:\s*(?:skip|given)\b)(?![ \t]|$)", re.MULTILINE)
_LABEL = re.compile(r"\\label\s*\{([^{}]{1,100})\}")


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _row_labels(content: str) -> tuple[str, ...]:
    """Each row's label (or "") of a block with more than one ``\\label``, else (): rows end at a ``\\\\`` outside
    braces and inner environments (a ``\\\\`` of cases, a matrix or ``\\text{by \\\\ definition}`` ends none)."""
    if len(_LABEL.findall(content)) < 2:
        return ()
    rows, start, depth, k = [], 0, 0, 0
    while k < len(content):
        if content.startswith("\\\\", k):
            if depth == 0:
                rows.append(content[start:k])
                start = k + 2
            k += 2
            continue
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


_NOT_READ = re.compile(r"\\begin\{(verbatim\*?|Verbatim|lstlisting|minted|comment|alltt)\}|\\iffalse(?![A-Za-z])")


#: inline verbatim, \verb|…| (or \verb*), on one line: TeX prints it as code
_VERB = re.compile(r"\\verb\*?([^A-Za-z\s*])[^\n]*?\1")


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def _blank_comments(text: str) -> str:
    """Comments, ``\\verb``, verbatim-like environments and ``\\iffalse`` blocks blanked (lines kept): no math there."""
    text = _VERB.sub(lambda m: " " * len(m.group(0)), text)  # first: a % inside \verb|…| is printed, not a comment
    text = _COMMENT.sub(lambda m: " " * len(m.group(0)), text)
    out, pos = [], 0
    for m in _NOT_READ.finditer(text):
        if m.start() < pos:
            continue
        closer = "\\end{%s}" % m.group(1) if m.group(1) else "\\fi"
        end = text.find(closer, m.end())  # one scan per block: an unclosed one blanks the rest, once
        end = len(text) if end < 0 else end + len(closer)
        out += [text[pos:m.start()], re.sub(r"[^\n]", " ", text[m.start():end])]
        pos = end
    return "".join(out) + text[pos:]


#: A package or class a document loads: one in the document's own folder could redefine anything.
_PACKAGE = re.compile(r"\\(?:usepackage|RequirePackage|documentclass|LoadClass)\s*(?:\[[^\]]*\]\s*)?\{([^{}]*)\}")
#: The one local package allowed: derive's own (``examples/derive.sty``), which makes a context a comment.
DERIVE_STY = (r"\NeedsTeXFormat{LaTeX2e}\ProvidesPackage{derive}[2026/12/01 derive contexts are comments]"
              r"\RequirePackage{verbatim}\let\derive\comment\let\endderive\endcomment")


def check_hostile(text: str, shown: str, known: frozenset, folder: Path | None = None) -> None:
    """Reject catcode changes, file inclusion, macro tricks (\\csname, ^^) and redefinitions of macros or
    environments the reader reads; and a package or class of ``folder`` other than derive's own.

    The text is searched as it is, comments and \\iffalse blocks included: TeX may not read a % as a
    comment (after \\verb) nor skip an \\iffalse (one inside a macro's body), so hiding a definition
    there would show readers what derive never saw.  A commented-out one is refused too; delete it.
    """
    body = text
    m = _FORBIDDEN.search(body)
    if m:
        what = m.group(0)
        raise InputError(f"cannot read {what}: derive checks this file as written and does not follow "
                         f"{what}, catcode changes or macros built at run time", shown, _line(body, m.start()))
    check_definitions(body, shown, known)
    for m in _PACKAGE.finditer(body) if folder is not None else ():
        for name in _package_names(m):
            local = [p for p in _package_files(folder, name) if p.is_file()]
            if local and not (name == "derive" and _is_derive_sty(local[0])):
                raise InputError(f"cannot read \\usepackage{{{name}}}: {local[0].name} in the document's folder "
                                 f"could redefine what derive reads (only derive's own derive.sty is allowed)",
                                 shown, _line(body, m.start()))


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
    names = dict.fromkeys(name for m in _PACKAGE.finditer(text) for name in _package_names(m))
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


def check_definitions(body: str, shown: str, known: frozenset) -> None:
    """Reject a redefinition of a macro or environment the reader reads (``\\renewcommand{\\frac}``, ``\\def\\,``)."""
    for m in _DEFINITION.finditer(body):
        name = m.group(1) or m.group(2) or m.group(3)
        symbol = len(name) == 2 and name[0] == "\\" and not name[1].isalpha()  # \, \; \! \{ …
        if name in known or name in _PRESENTATION or symbol \
                or name.rstrip("*") in ("derive", "equation", "align", "aligned", "gather", "multline"):
            raise InputError(f"cannot read this redefinition of {name}: derive reads {name} with its usual "
                             f"meaning and does not expand macros", shown, _line(body, m.start()))


class _Scanner:
    def __init__(self, text: str, shown: str):
        self.text, self.shown = text, shown
        self.body = _blank_comments(text)
        self.parts: list[Part] = []

    def add(self, part: Part) -> None:
        if len(self.parts) >= MAX_PARTS:
            raise InputError(f"more than {MAX_PARTS} blocks in one document", self.shown, part.line)
        self.parts.append(part)

    def prose(self, start: int, end: int) -> None:
        """Prose between blocks, with its ``%! derive`` directives taken out as parts of their own."""
        pos, context, first, prev_end = start, [], 0, -2
        for m in _DIRECTIVE.finditer(self.text, start, end):
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

    def scan(self) -> list[Part]:
        pos = 0
        for_open = _OPEN.search(self.body, pos)
        while for_open:
            self.prose(pos, for_open.start())
            pos = self.block(for_open)
            for_open = _OPEN.search(self.body, pos)
        self.prose(pos, len(self.text))
        return self.parts

    def block(self, m: re.Match) -> int:
        env = m.group(1)
        closer = "\\end{%s}" % env if env else ("\\]" if m.group(0) == "\\[" else "$$")
        source = self.text if env == "derive" else self.body
        end = source.find(closer, m.end())
        if end < 0:
            raise InputError(f"{m.group(0)} is never closed", self.shown, _line(self.text, m.start()))
        line = _line(self.text, m.start())
        content = source[m.end():end]
        if env == "derive":
            first = content.index("\n") + 1 if "\n" in content else 0
            self.add(Part(CONTEXT, line + (1 if first else 0), _line(self.text, end), content[first:],
                          source=self.text[m.start():end + len(closer)]))
        else:
            if env and env.startswith("alignat"):  # \begin{alignat}{2}: the column count is no math
                content = re.sub(r"^\s*\{\s*\d+\s*\}", lambda c: " " * len(c.group(0)), content)
            label = _LABEL.search(content)
            self.add(Part(MATH, line, _line(self.text, end), content, label.group(1).strip() if label else "",
                          source=self.text[m.start():end + len(closer)], row_labels=_row_labels(content)))
        return end + len(closer)


def scan_latex(text: str, shown: str, known: frozenset = frozenset(), folder: Path | None = None) -> list[Part]:
    """The parts of a LaTeX document, in order (``InputError`` for a hostile one); ``folder``: where it lies."""
    check_hostile(text, shown, known, folder)
    bad = _MISSPELT.search(text)
    if bad:  # a misspelt directive must not be ignored silently
        raise InputError("unknown derive directive (known: %! derive: skip, %! derive: given EXPR = EXPR, "
                         "and %! derive TOML-LINE)", shown, _line(text, bad.start()))
    return _Scanner(text, shown).scan()


CONTEXT_RE = re.compile(r"\\begin\{derive\}|^[ \t]*%!\s*derive(?!:)", re.MULTILINE)


#: What a title may hold that is not its text: a footnote to the title, a label.
_TITLE_NOTES = re.compile(r"\\(thanks|footnote|label)\s*\{")
_TITLE = re.compile(r"\\title\s*(?:\[[^\]\n]{0,200}\])?\s*\{")
#: What LaTeX text writes for a character, a dash or a quote, as a reader sees it (--- before --).
TEXT_FORMS = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"), ("\\textbackslash{}", "\\"),
              ("\\textbackslash", "\\"), ("\\&", "&"), ("\\%", "%"), ("\\_", "_"), ("\\#", "#"), ("\\$", "$"),
              ("\\{", "{"), ("\\}", "}"), ("\\ldots", "…"), ("\\dots", "…"))
MAX_TITLE = 2000


def _group_end(text: str, start: int) -> int | None:
    """The index just after the brace group opening at ``text[start]`` ('{'), or None if it does not close."""
    depth, n = 0, start
    while n < len(text) and n - start < MAX_TITLE:
        c = text[n]
        if c == "\\":
            n += 2
            continue
        depth += (c == "{") - (c == "}")
        n += 1
        if depth == 0:
            return n
    return None


def plain_title(text: str) -> str | None:
    """The text of a paper's ``\\title{…}`` (braces nested, ``\\\\`` a space, ``\\emph{B}`` B, ``\\thanks`` left
    out), or None when it has none."""
    m = _TITLE.search(_COMMENT.sub("", text))
    if not m:
        return None
    body = _COMMENT.sub("", text)
    end = _group_end(body, m.end() - 1)
    if end is None:
        return None
    title = body[m.end():end - 1]
    while (note := _TITLE_NOTES.search(title)) is not None:
        close = _group_end(title, note.end() - 1)
        title = title[:note.start()] + (title[close:] if close is not None else "")
    title = re.sub(r"\\\\(\[[^\]]*\])?|\\newline\b|~", " ", title)
    title = text_as_printed(title)
    title = re.sub(r"\\S(?![A-Za-z])\s*", "§", title)  # \S 7.1: the section sign, not \Sigma
    title = re.sub(r"\\[A-Za-z]+\*?\s*", "", title)  # \emph{B} keeps B; a command with no text goes
    title = " ".join(title.replace("{", "").replace("}", "").split())
    return title or None


def text_as_printed(text: str) -> str:
    """LaTeX text outside math with its escaped characters, dashes and quotes as they print."""
    for written, shown in TEXT_FORMS:
        text = text.replace(written, shown)
    return text

"""Markdown documents → parts: ```derive contexts, display math, ``<!-- derive: … -->`` directives, prose.

Display math is ``$$…$$``, ``\\[…\\]``, a ```math fence, or an ``\\begin{align}``-style
environment starting a line; also ``\\\\[…\\\\]``, the display of notes written for a Markdown page (Hugo, Jekyll) and
pandoc's ``tex_math_double_backslash``.  Other fenced code is prose (shown, never read as math), so
``$$`` inside a code block is not an equation, nor in an indented code block (four spaces outside a
list, which CommonMark shows as code; math indented inside a list item is read); inline ``$…$`` is
prose too.  The note's own macros (``\\newcommand`` in any of its math, as MathJax keeps them for the page) are
expanded in its display math (``usermacros``): they are looked for wherever MathJax finds math (``mathjax_math``,
in every paragraph, list item, blockquote and HTML block), never in code, and one outside math is refused.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

from ..errors import InputError
from .parts import CONTEXT, GIVEN, MATH, MAX_PARTS, PROSE, SKIP, Part
from .latex import check_definitions
from .usermacros import Macro, escaped, expand, user_macros, without_definitions

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)")
_DIRECTIVE = re.compile(r"^\s*<!--\s*derive:\s*(skip|given\s+(.*?))\s*-->\s*$")
_ENV = re.compile(r"^\s*\\begin\{(align\*?|aligned|equation\*?|gather\*?|multline\*?|split)\}")
_OPENERS = (("$$", "$$"), ("\\\\[", "\\\\]"), ("\\[", "\\]"))
#: A backslash (or two) before ASCII punctuation: inside ``\\\\[…\\\\]`` a Markdown page (CommonMark) drops one
#: before MathJax reads the math (``\\,`` shows a comma, ``\\\\{`` a brace ``\\{``) where pandoc keeps both.
_ESCAPED_PUNCTUATION = re.compile(r"\\\\[!-/:-@\[-`{-~]|\\[!-/:-@\[-`{-~]")
#: What markdown-it makes of inline Markdown in a ``\\\\[…\\\\]`` display, for the refusal: the page's MathJax
#: finds no math split by it, pandoc reads the display as math.
_MARKUP = {"em_open": "emphasis (a pair of _ or *)", "strong_open": "strong emphasis", "code_inline": "a code span",
           "link_open": "a link", "image": "an image", "html_inline": "an HTML tag"}
#: what may stand before a display's ``$$`` and be no text: an indent, quote marks, a list item's marker
_CONTAINER = re.compile(r"[ \t>]*(?:(?:[-*+]|[0-9]{1,9}[.)])[ \t>]+)?")
#: a blockquote line's marks (``> > ``), after the indent of a list item it may be in
_QUOTE_MARKS = re.compile(r"^(?:[ \t]*>)+")
#: How many lines a ``\\\\[`` display may span: its closer is looked for that far ahead, in its paragraph only.
MAX_DISPLAY_LINES = 200


def _opener(line: str, closed) -> tuple[int, str, str] | None:
    """(column, opener, closer) of the first display-math opener outside inline code, if any.

    ``\\\\[`` opens a display only where ``closed(closer)`` finds its ``\\\\]`` (else, as in ``a \\\\[2pt] b``, it
    is a line break and a bracket), and then not as ``\\[`` too.
    """
    masked = _without_code(line)
    hits = [(masked.find(o), o, c) for o, c in _OPENERS if masked.find(o) >= 0]
    hits = [h for h in hits if not (h[1] == "\\\\[" and not closed(masked[h[0] + 3:], h[2]))]
    hits = [h for h in hits if not (h[1] == "\\[" and masked[h[0] - 1:h[0]] == "\\")]  # \\[2pt] is a line break
    return min(hits) if hits else None


def _indented_code(tokens: list) -> frozenset[int]:
    """The lines (from 0) of the indented code blocks among ``tokens`` (CommonMark's, markdown-it's)."""
    return frozenset(k for t in tokens if t.type == "code_block" and t.map for k in range(*t.map))


#: a footnote's definition (GitHub's and pandoc's ``[^1]: text``), its continuation lines indented below it
_FOOTNOTE = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:")


def _footnoted(lines: list[str], code: frozenset[int]) -> frozenset[int]:
    """The lines of ``code`` (indented code blocks) that continue a footnote: the nearest line above them indented
    less than four spaces is a footnote's definition."""
    out = set()
    for k in sorted(code):
        above = next((j for j in range(k - 1, -1, -1) if lines[j].strip() and (j not in code)), None)
        if above is not None and _FOOTNOTE.match(lines[above]):
            out.add(k)
    return frozenset(out)


def _blocks(text: str, env: dict | None = None) -> list:
    """The blocks of ``text`` as CommonMark (markdown-it) finds them, each inline text as written (not parsed);
    ``env`` receives the note's link reference definitions."""
    from markdown_it import MarkdownIt
    return MarkdownIt("commonmark").disable(["inline", "text_join"]).parse(text, {} if env is None else env)


def first_heading(text: str) -> str | None:
    """The text of the first level-one heading (``# Title`` or underlined with ``===``), as CommonMark finds it:
    a ``#`` line in a code block is none."""
    tokens = _blocks(text)
    for t, inline in zip(tokens, tokens[1:]):
        if t.type == "heading_open" and t.tag == "h1" and inline.type == "inline":
            return inline.content or None
    return None


class _Scanner:
    def __init__(self, text: str, shown: str):
        self.lines, self.shown = text.split("\n"), shown
        #: what markdown-it keeps of the note while reading its blocks (its link reference definitions)
        self.env: dict = {}
        self.tokens = _blocks(text, self.env)
        self.code = _indented_code(self.tokens)
        #: the indented code lines that continue a footnote (``[^1]:``), which GitHub and pandoc show as its text
        self.footnoted = _footnoted(self.lines, self.code)
        #: the fences markdown-it finds where a fence is no line of its own (``> ```…``, ``- ```…``, deep in a list),
        #: by their first line (from 0); markdown-it gives their content without the container's marks
        self.nested_fences = {t.map[0]: t for t in self.tokens if t.type == "fence" and t.map
                              and not _FENCE.match(self.lines[t.map[0]])}
        #: the lines (from 0) of HTML blocks, which CommonMark passes to the page as written
        self.html_lines = frozenset(k for t in self.tokens if t.type == "html_block" and t.map for k in range(*t.map))
        #: the inline text (of a paragraph or heading) each of its lines (from 0) is in
        self.inline_at = {k: t for t in self.tokens if t.type == "inline" and t.map for k in range(*t.map)}
        #: the line (from 0) after the paragraph each line of a paragraph is in
        self.paragraph_end = {k: t.map[1] for t in self.tokens if t.type == "paragraph_open" and t.map
                              for k in range(*t.map)}
        #: the lines (from 0) inside blockquotes: a display there has Markdown's > marks starting its lines
        self.quoted = frozenset(k for t in self.tokens if t.type == "blockquote_open" and t.map for k in range(*t.map))
        self.parts: list[Part] = []
        self.prose: list[str] = []
        self.prose_line = 1

    def add(self, part: Part) -> None:
        if self.prose:
            self.parts.append(Part(PROSE, self.prose_line, part.line - 1, "\n".join(self.prose)))
            self.prose = []
        if len(self.parts) >= MAX_PARTS:
            raise InputError(f"more than {MAX_PARTS} blocks in one document", self.shown, part.line)
        self.parts.append(part)

    def prose_add(self, n: int) -> None:
        if not self.prose:
            self.prose_line = n + 1
        self.prose.append(self.lines[n])

    def scan(self) -> list[Part]:
        n = 0
        while n < len(self.lines):
            n = self.step(n)
        if self.prose:
            self.parts.append(Part(PROSE, self.prose_line, len(self.lines), "\n".join(self.prose)))
        return self.parts

    def step(self, n: int) -> int:
        line = self.lines[n]
        if n in self.footnoted and (_opener(line.strip(), lambda *_: True) or _ENV.match(line)
                                    or re.match(r"\s*(?:`{3,}|~{3,})\s*math\b", line)):
            # [^1]: … followed by an indented $$: code to CommonMark, the footnote's math to GitHub and pandoc,
            # where a wrong equation would be shown and never checked
            raise InputError("display math in a footnote is not read (GitHub and pandoc show it as math, CommonMark "
                             "as code): move the equation out of the footnote", self.shown, n + 1)
        if n in self.code:  # shown as code, like a fenced block's lines
            self.prose_add(n)
            return n + 1
        fence = _FENCE.match(line)
        if fence and n not in self.html_lines and not (fence.group(1)[0] == "`" and "`" in line[fence.end(1):]):
            return self.fenced(n, fence.group(1), fence.group(2).lower())  # (```x``` is inline code; in HTML, text)
        if n in self.nested_fences:
            return self.nested_fence(self.nested_fences[n])
        d = _DIRECTIVE.match(line)
        if d:
            kind = SKIP if d.group(1) == "skip" else GIVEN
            self.add(Part(kind, n + 1, n + 1, (d.group(2) or "").strip(), source=line))
            return n + 1
        if re.match(r"^\s*<!--\s*derive\b", line):  # a misspelt directive must not be ignored silently
            raise InputError("unknown derive directive (known: <!-- derive: skip --> and "
                             "<!-- derive: given EXPR = EXPR -->, each on one line)", self.shown, n + 1)
        if line.lstrip().startswith("<!--") and "-->" not in line:  # a commented-out passage is not read
            end = self._close(n, lambda ln: "-->" in ln, "the HTML comment")
            for k in range(n, end + 1):
                self.prose_add(k)
            return end + 1
        if line.lstrip().startswith("<!--") and line.rstrip().endswith("-->"):
            self.prose_add(n)  # <!-- $$ x = 2x $$ --> on one line: commented out too, no reader sees it
            return n + 1
        # Math indented inside a list item is read (CommonMark shows it as math there).
        found = _opener(line, lambda after, closer: closer in after or self._closes(n + 1, closer))
        if found and found[1] == "$$" and not _CONTAINER.fullmatch(line[:found[0]]) and "$$" not in line[found[0] + 2:] \
                and not self._closes(n + 1, "$$"):
            # "open a display with $$ on its own line": a $$ after text that its paragraph does not close is a
            # dollar pair to a page (MathJax reads no math across paragraphs); paired with a display's $$ further
            # on, the display between was read as prose and its wrong claim dropped
            self.prose_add(n)
            return n + 1
        if found:
            return self.delimited(n, *found)
        env = _ENV.match(line)
        if env:
            return self.environment(n, env.group(1))
        self.prose_add(n)
        return n + 1

    def _closes(self, start: int, closer: str) -> bool:
        """True when ``closer`` is on a line of the paragraph that line ``start - 1`` is in, from ``start`` on (looked
        for in its first lines): a blank line, a heading, a new list item or quote line end the paragraph (markdown-it's
        blocks), and a page's MathJax does not read math across them."""
        end = self.paragraph_end.get(start - 1, start)
        return any(closer in _without_code(ln) for ln in self.lines[start:min(end, start + MAX_DISPLAY_LINES)])

    def _close(self, start: int, test, what: str) -> int:
        for k in range(start, len(self.lines)):
            if test(self.lines[k]):
                return k
        raise InputError(f"{what} opened here is never closed", self.shown, start)

    def nested_fence(self, t) -> int:
        """A fence in a blockquote, opened on a list item's line or deep in a list (markdown-it's ``t``): a derive or
        math fence is read as at the top level, from the content markdown-it gives (the container's marks taken off);
        any other is code."""
        n, end = t.map
        info = (t.info.strip().split() or [""])[0].lower()
        source = "\n".join(self.lines[n:end])
        if info == "derive":
            self.add(Part(CONTEXT, n + 2, end, t.content.rstrip("\n"), source=source))
        elif info in ("math", "{math}"):
            self.add(Part(MATH, n + 2, end - 1, t.content.rstrip("\n"), source=source))
        else:
            for k in range(n, end):
                self.prose_add(k)
        return end

    def fenced(self, n: int, fence: str, info: str) -> int:
        end = self._close(n + 1, lambda ln: re.match(r"^ {0,3}" + re.escape(fence[0]) + "{%d,}\\s*$" % len(fence),
                                                     ln) is not None, f"the {fence} block")
        body = "\n".join(self.lines[n + 1:end])
        source = "\n".join(self.lines[n:end + 1])
        if info == "derive":
            self.add(Part(CONTEXT, n + 2, end + 1, body, source=source))
        elif info in ("math", "{math}"):  # GitHub/MkDocs, and MyST (Jupyter Book)
            self.add(Part(MATH, n + 2, end, body, source=source))
        else:
            for k in range(n, end + 1):
                self.prose_add(k)
        return end + 1

    def delimited(self, n: int, at: int, opener: str, closer: str) -> int:
        """Display math opening at column ``at`` of line ``n`` (text around it on its lines stays prose)."""
        first = self.lines[n]
        if first[:at].strip():
            if not self.prose:
                self.prose_line = n + 1
            self.prose.append(first[:at])
        after = first[at + len(opener):]
        if closer in after:
            end, body, rest = n, after[:after.index(closer)], after[after.index(closer) + len(closer):]
        else:
            end = self._close(n + 1, lambda ln: closer in ln, f"display math {opener}")
            last = self.lines[end]
            # a line's > marks are the blockquote's, not the math's (x = x then > + x shows x = x + x)
            inner = [self.unquoted(k) for k in range(n + 1, end)]
            body = "\n".join([after, *inner, self.unquoted(end)[:last.index(closer)]])
            rest = last[last.index(closer) + len(closer):]
        source = "\n".join([first[at:], *self.lines[n + 1:end + 1]]) if end > n else first[at:len(first) - len(rest)]
        if opener == "\\\\[":
            self._one_reading(n, body)
        self.add(Part(MATH, n + 1, end + 1, body, source=source))
        if rest.strip():  # more on the closing line: scan it again (it may hold more math)
            self.lines[end] = rest
            return end
        return end + 1

    def _one_reading(self, n: int, body: str) -> None:
        """Refuse a ``\\\\[…\\\\]`` display from line ``n`` that a Markdown page and pandoc read differently.

        A Markdown page (CommonMark, then MathJax) unescapes punctuation and makes emphasis, code and links in it, and
        leaves it as written in an HTML block (where MathJax reads ``\\\\[`` as a backslash and a bracket); pandoc
        reads it all as math.
        """
        why, at = None, 0
        if _ANY_ENTITY.search(body):
            return  # refused as an entity in display math, after the scan
        if n in self.html_lines:
            why = ("it stands in an HTML block, which a Markdown page leaves as written (MathJax reads \\\\[ there as a "
                   "backslash and a bracket, no math) and pandoc reads as Markdown")
        elif (slip := _ESCAPED_PUNCTUATION.search(body)) is not None:
            page = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", slip.group(0))
            why, at = (f"{slip.group(0)} in it is {page} on a Markdown page (CommonMark drops a backslash before "
                       f"punctuation) and {slip.group(0)} to pandoc"), slip.start()
        else:
            # with the note's link definitions: [a][b] (or [a] alone) is a link where [b]: … is defined
            found = next((t for t in self._inline(body)
                          if t.type in _MARKUP), None)
            if found is not None:
                why = (f"a Markdown page reads {_MARKUP[found.type]} in it, which splits the math MathJax would find, "
                       f"where pandoc reads it all as math")
            elif not self._whole_on_page(n, body):
                why = ("Markdown reaching into it from the text around it (an emphasis pair with one mark outside it, "
                       "a link) splits it on a Markdown page, where pandoc reads it all as math")
        if why is not None:
            raise InputError(f"cannot read this \\\\[ … \\\\] display: {why}; write it as $$ … $$", self.shown,
                             n + 1 + body.count("\n", 0, at))

    def _inline(self, text: str) -> list:
        """The inline tokens a Markdown page (CommonMark) makes of ``text``, with the note's link definitions."""
        from markdown_it import MarkdownIt
        return MarkdownIt("commonmark").parseInline(text, dict(self.env))[0].children or []

    def _whole_on_page(self, n: int, body: str) -> bool:
        """True when the text a Markdown page makes of the paragraph holding line ``n`` shows ``\\[ body \\]`` in
        one piece, unsplit by markup (whitespace aside)."""
        inline = self.inline_at.get(n)
        if inline is None:
            return True
        shown = [t.content if t.type == "text" else "\n" if t.type in ("softbreak", "hardbreak") else "\x00"
                 for t in self._inline(inline.content)]
        return re.sub(r"\s+", " ", "\\[" + body + "\\]") in re.sub(r"\s+", " ", "".join(shown))

    def unquoted(self, k: int) -> str:
        """Line ``k`` with the blockquote marks starting it blanked (columns kept), if it is in a blockquote."""
        line = self.lines[k]
        marks = _QUOTE_MARKS.match(line) if k in self.quoted else None
        return " " * marks.end() + line[marks.end():] if marks else line

    def environment(self, n: int, env: str) -> int:
        closing = "\\end{%s}" % env
        end = self._close(n, lambda ln: closing in ln, f"\\begin{{{env}}}")
        body = "\n".join(self.lines[n:end + 1])
        self.add(Part(MATH, n + 1, end + 1, body, source=body))
        return end + 1


def scan_markdown(text: str, shown: str, known: frozenset = frozenset()) -> list[Part]:
    """The parts of a Markdown document, in order (``InputError`` if its math redefines a macro derive reads)."""
    return scan_note(text, shown, known)[0]


def scan_note(text: str, shown: str, known: frozenset = frozenset()) -> tuple[list[Part], dict[str, Macro]]:
    """The parts of a Markdown document, its display math with the note's own macros expanded, and those macros.

    MathJax keeps a ``\\def`` or ``\\renewcommand`` made anywhere on the page (in prose math too) for the
    math after it, so a note that redefined ``\\frac`` would show readers other equations than derive checks;
    a definition outside math is refused, for whether the page applies it depends on the renderer.
    """
    scanner = _Scanner(text, shown)
    parts = scanner.scan()
    for t in scanner.tokens:
        entity = _ENTITY.search(_without_code(t.content)) if t.type in ("inline", "html_block") and t.map else None
        if entity is not None:
            # The browser decodes it before MathJax reads the page (&#92;renewcommand is a definition there)
            raise InputError(f"cannot read the HTML entity {entity.group(0)}: the page's math is the text the browser "
                             f"decodes, which derive does not read; write the character itself",
                             shown, t.map[0] + 1 + t.content.count("\n", 0, entity.start()))
    for part in parts:  # any entity in display math: the page shows the character (a + a &#61; 3a is an equation)
        entity = _ANY_ENTITY.search(part.text) if part.kind == MATH else None
        if entity is not None:
            raise InputError(f"cannot read the HTML entity {entity.group(0)} in display math: the page shows the "
                             f"character the browser decodes it to, which derive does not read; write the character "
                             f"itself", shown, part.line + part.text.count("\n", 0, entity.start()))
    math, outside = _note_math(scanner.tokens, parts)
    math_text, math_line, math_starts = _joined(math)
    check_definitions(math_text, shown, known, math_line)
    outside_text, outside_line, _ = _joined(outside)
    check_definitions(outside_text, shown, known, outside_line)
    stray = user_macros(outside_text, outside_line, tex=False)
    if stray:
        first = min(stray.values(), key=lambda m: m.line)
        # MathJax skips it, unless the renderer turned it into math (a CommonMark one makes \( of \\( …)
        raise InputError(f"{first.name} is defined outside math ($…$, \\(…\\), $$…$$): whether the page applies "
                         f"it depends on its Markdown renderer; write it in $…$, or as `code` if it is no definition",
                         shown, first.line)
    macros = user_macros(math_text, math_line, tex=False)
    # Where each display stands in the note's math: a use there means what the definitions before it make it.
    starts = dict(zip(math, math_starts))
    if not macros:
        return parts, macros
    out = []
    for part in parts:  # the note's own \newcommand, as MathJax keeps it for the page from there on
        at = starts.get((part.line, part.text), 0)
        expanded = expand(without_definitions(part.text), macros, shown, part.line,
                          where=lambda pos, at=at: at + pos) if part.kind == MATH else part.text
        # a display of definitions only keeps them as its source: what it is, for reports to show
        source = part.source.replace(part.text, expanded) if expanded.strip() else part.source
        out.append(replace(part, text=expanded, source=source) if expanded != part.text else part)
    return out, macros


def as_shown(math: str, macros: dict[str, Macro]) -> str:
    """Prose math (inline, a heading's, a title's) as the page shows it: the document's own macros expanded as in
    its displays, its definitions gone (they print nothing); as written where a macro cannot be expanded, for
    prose is shown, never checked."""
    math = without_definitions(math)
    try:
        return expand(math, {k: m for k, m in macros.items() if not m.problem}, "", 0)
    except InputError:
        return math


#: Where MathJax's TeX input starts math (its FindTeX): ``$$``, ``$``, ``\\(``, ``\\[`` or ``\\begin{env}``; an
#: escaped backslash or dollar (``\\\\``, ``\\$``) starts none.
_MATH_START = re.compile(r"\\[\\$]|\$\$|\$|\\\(|\\\[|\\begin\s*\{([^}]*)\}")
_MATH_CLOSE = {"$$": "$$", "$": "$", "\\(": "\\)", "\\[": "\\]"}
#: What MathJax does not look into (its skipHtmlTags), and HTML comments; an unclosed one runs to the end.
_NOT_MATH_HTML = re.compile(r"<!--[\s\S]*?(?:-->|\Z)|<(script|noscript|style|textarea|pre|code|annotation(?:-xml)?)"
                            r"\b[^>]*>[\s\S]*?(?:</\1\s*>|\Z)", re.IGNORECASE)
_TICKS = re.compile(r"`+")
#: An HTML entity for a character of TeX's syntax (\\, $, {, }, %, #): decoded, it may make or change math.
#: Any HTML entity, named or numbered (``&lt;``, ``&#61;``, ``&#x3D;``).
_ANY_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ENTITY = re.compile(r"&(?:#0*(?:92|36|123|125|37|35)|#[xX]0*(?:5[cC]|24|7[bBdD]|25|23)|bsol|dollar|lcub|rcub|lbrace|"
                     r"rbrace|percnt|num);")
#: A text without any of these defines nothing (every definition ``latex.check_definitions`` and ``user_macros``
#: know starts so): its math need not be looked for.
_MAY_DEFINE = re.compile(r"\\(?:[egx]?def|let|futurelet|new|renew|provide|Declare|Set|New|Renew|Provide|"
                         r"include|exclude|special|general|process)")
#: How many tokens a note's search for the end of its math may look at: past it an opener counts as never closed
#: (a definition after it is then outside math, and refused), so a hostile note of unclosed ``${`` is not quadratic.
MAX_MATH_SCAN = 2_000_000


def mathjax_math(text: str, budget: list[int] | None = None) -> list[tuple[int, int]]:
    """The spans (delimiters included) of ``text`` that MathJax reads as TeX, found as its FindTeX finds them: an
    opener, then its closer outside braces (``$\\text{a $ b}$`` is one), ``\\$`` and control words skipped; an
    opener never closed is text, and the search goes on after it."""
    budget = [MAX_MATH_SCAN] if budget is None else budget
    spans, pos = [], 0
    while (m := _MATH_START.search(text, pos)) is not None:
        pos = m.end()
        if m.group(1) is None and m.group(0) not in _MATH_CLOSE:  # \\ or \$
            continue
        close = re.escape(_MATH_CLOSE[m.group(0)]) if m.group(1) is None else \
            r"\\end\s*\{" + re.escape(m.group(1)) + r"\}"
        end = _math_end(text, m.end(), close, budget)
        if end is not None:
            spans.append((m.start(), end))
            pos = end
    return spans


def _math_end(text: str, at: int, close: str, budget: list[int]) -> int | None:
    """Where math opened before ``text[at]`` ends (just after ``close``, met outside braces), or None."""
    braces = 0
    for e in re.compile(close + r"|\\(?:[a-zA-Z]|.)|[{}]", re.S).finditer(text, at):
        budget[0] -= 1
        if budget[0] < 0:
            return None
        if e.group(0) == "{":
            braces += 1
        elif e.group(0) == "}":
            braces = max(0, braces - 1)
        elif braces == 0 and re.fullmatch(close, e.group(0)):
            return e.end()
    return None


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each of ``spans`` blanked, its line ends kept."""
    out, pos = [], 0
    for a, b in sorted(spans):
        a = max(a, pos)
        out += [text[pos:a], re.sub(r"[^\n]", " ", text[a:b])]
        pos = max(pos, b)
    return "".join(out) + text[pos:]


def _without_code(text: str) -> str:
    """``text`` (a paragraph's or an HTML block's source) with what is no math to MathJax blanked: code spans (as
    CommonMark pairs backtick runs of one length), HTML comments, and the elements MathJax skips (``<pre>``,
    ``<code>``…)."""
    runs = list(_TICKS.finditer(text))
    starts: dict[int, list[int]] = {}  # a run's length -> where the runs of that length start, in order
    for r in runs:
        starts.setdefault(len(r.group(0)), []).append(r.start())
    spans, pos = [], 0
    for r in runs:
        start = r.start() + 1 if escaped(text, r.start()) else r.start()  # \` is a backtick, not an opener
        if r.start() < pos or start == r.end():  # inside a code span found already, or a lone escaped backtick
            continue
        same = starts.get(r.end() - start, [])
        k = bisect.bisect_left(same, r.end())  # the span closes at the next run of its opener's length
        if k < len(same):
            pos = same[k] + r.end() - start
            spans.append((start, pos))
    spans += [(m.start(), m.end()) for m in _NOT_MATH_HTML.finditer(_blanked(text, spans))]
    return _blanked(text, spans)


def _note_math(tokens: list, parts: list[Part]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """``(math, outside)``: the note's math, as MathJax finds it, each piece with the line it starts on, and the
    rest of its prose (code blanked) likewise.

    MathJax looks for math in the text of each paragraph, heading, list item, blockquote and HTML block (a
    ``$…$`` may run over a line break there, an environment may open mid-line), never in code: markdown-it's
    blocks, with their lines, are those texts.  The display math derive reads is the note's math too (a ```math
    fence; a ``$$`` block MathJax would not pair across a blank line): its lines are no prose outside math.
    """
    math = [(p.line, p.text) for p in parts if p.kind == MATH]
    read = set(math)
    displays = {k for p in parts if p.kind == MATH for k in range(p.line, p.end_line + 1)}
    outside, budget = [], [MAX_MATH_SCAN]
    for t in tokens:
        if t.type not in ("inline", "html_block") or not t.map or not _MAY_DEFINE.search(t.content):
            continue
        text = _without_code(t.content)
        spans = mathjax_math(text, budget)
        line, pos = t.map[0] + 1, 0
        for a, b in spans:
            line, pos = line + text.count("\n", pos, a), a
            if not (text.startswith(("$$", "\\["), a) and (line, text[a + 2:b - 2]) in read):  # not read twice
                math.append((line, _inside(text[a:b])))
        lines = _blanked(text, spans).split("\n")
        outside.append((t.map[0] + 1, "\n".join("" if t.map[0] + 1 + k in displays else ln
                                                for k, ln in enumerate(lines))))
    return sorted(math, key=lambda piece: piece[0]), outside


def _inside(span: str) -> str:
    """Math found in prose without its delimiters (``$…$``, ``\\(…\\)``; an environment keeps its own): they
    open no group, so a definition made there holds for the page, as MathJax keeps it."""
    for opener, closer in _MATH_CLOSE.items():
        if span.startswith(opener) and span.endswith(closer) and len(span) >= len(opener) + len(closer):
            return " " * len(opener) + span[len(opener):len(span) - len(closer)]
    return span


def _joined(pieces: list[tuple[int, str]]) -> tuple[str, object, list[int]]:
    """Pieces of text at their lines as one text, a map from a position in it to the line it is on, and where each
    piece starts in it.

    A piece's unclosed brace group is closed at its end: a broken definition must not take in the next piece.
    """
    texts, starts, lines, at = [], [], [], 0
    for line, piece in pieces:
        depth = 0
        for k, c in enumerate(piece):
            if c in "{}" and not escaped(piece, k):
                depth = max(0, depth + (1 if c == "{" else -1))
        texts.append(piece + "}" * depth + "\n")
        starts.append(at)
        lines.append(line)
        at += len(texts[-1])
    text = "".join(texts)
    breaks = [k for k, c in enumerate(text) if c == "\n"]

    def line_of(pos: int) -> int:
        k = max(0, bisect.bisect_right(starts, pos) - 1)
        return lines[k] + bisect.bisect_left(breaks, pos) - bisect.bisect_left(breaks, starts[k]) if lines else 1
    return text, line_of, starts


#: as the reader takes a fence (``_FENCE``: its first word, in any case; ```Derive and ```derive title="x" were read
#: when the file was named, and skipped by a folder walk, exit 0 beside a refuted claim)
CONTEXT_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*derive(?:[^\S\n][^\n]*)?$", re.MULTILINE | re.IGNORECASE)

"""Markdown documents → parts: ```derive contexts, display math, ``<!-- derive: … -->`` directives, prose.

Display math is ``$$…$$``, ``\\[…\\]``, a ```math fence, or an ``\\begin{align}``-style
environment starting a line.  Other fenced code is prose (shown, never read as math), so
``$$`` inside a code block is not an equation, nor in an indented code block (four spaces outside a
list, which CommonMark shows as code; math indented inside a list item is read); inline ``$…$`` is
prose too.  The note's own macros (``\\newcommand`` in any of its math, as MathJax keeps them for the page) are
expanded in its display math (``usermacros``).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..errors import InputError
from .parts import CONTEXT, GIVEN, MATH, MAX_PARTS, PROSE, SKIP, Part
from .latex import check_definitions
from .usermacros import expand, user_macros, without_definitions

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)")
_DIRECTIVE = re.compile(r"^\s*<!--\s*derive:\s*(skip|given\s+(.*?))\s*-->\s*$")
_ENV = re.compile(r"^\s*\\begin\{(align\*?|aligned|equation\*?|gather\*?|multline\*?|split)\}")
_OPENERS = (("$$", "$$"), ("\\[", "\\]"))
_CODE_SPAN = re.compile(r"(`+).+?\1")


def _opener(line: str) -> tuple[int, str, str] | None:
    """(column, opener, closer) of the first display-math opener outside inline code, if any."""
    masked = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
    hits = [(masked.find(o), o, c) for o, c in _OPENERS if masked.find(o) >= 0]
    hits = [h for h in hits if not (h[1] == "\\[" and masked[h[0] - 1:h[0]] == "\\")]  # \\[2pt] is a line break
    return min(hits) if hits else None


def _indented_code(text: str) -> frozenset[int]:
    """The lines (from 0) of the indented code blocks in ``text``, as CommonMark (markdown-it) finds them."""
    from markdown_it import MarkdownIt
    tokens = MarkdownIt("commonmark").parse(text)
    return frozenset(k for t in tokens if t.type == "code_block" and t.map for k in range(*t.map))


def first_heading(text: str) -> str | None:
    """The text of the first level-one heading (``# Title`` or underlined with ``===``), as CommonMark finds it:
    a ``#`` line in a code block is none."""
    from markdown_it import MarkdownIt
    tokens = MarkdownIt("commonmark").parse(text)
    for t, inline in zip(tokens, tokens[1:]):
        if t.type == "heading_open" and t.tag == "h1" and inline.type == "inline":
            return inline.content or None
    return None


class _Scanner:
    def __init__(self, text: str, shown: str):
        self.lines, self.shown = text.split("\n"), shown
        self.code = _indented_code(text)
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
        if n in self.code:  # shown as code, like a fenced block's lines
            self.prose_add(n)
            return n + 1
        fence = _FENCE.match(line)
        if fence and not (fence.group(1)[0] == "`" and "`" in line[fence.end(1):]):  # ```x``` is inline code
            return self.fenced(n, fence.group(1), fence.group(2).lower())
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
        found = _opener(line)
        if found:
            return self.delimited(n, *found)
        env = _ENV.match(line)
        if env:
            return self.environment(n, env.group(1))
        self.prose_add(n)
        return n + 1

    def _close(self, start: int, test, what: str) -> int:
        for k in range(start, len(self.lines)):
            if test(self.lines[k]):
                return k
        raise InputError(f"{what} opened here is never closed", self.shown, start)

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
            body = "\n".join([after, *self.lines[n + 1:end], last[:last.index(closer)]])
            rest = last[last.index(closer) + len(closer):]
        source = "\n".join([first[at:], *self.lines[n + 1:end + 1]]) if end > n else first[at:len(first) - len(rest)]
        self.add(Part(MATH, n + 1, end + 1, body, source=source))
        if rest.strip():  # more on the closing line: scan it again (it may hold more math)
            self.lines[end] = rest
            return end
        return end + 1

    def environment(self, n: int, env: str) -> int:
        closing = "\\end{%s}" % env
        end = self._close(n, lambda ln: closing in ln, f"\\begin{{{env}}}")
        body = "\n".join(self.lines[n:end + 1])
        self.add(Part(MATH, n + 1, end + 1, body, source=body))
        return end + 1


def scan_markdown(text: str, shown: str, known: frozenset = frozenset()) -> list[Part]:
    """The parts of a Markdown document, in order (``InputError`` if its math redefines a macro derive reads).

    MathJax keeps a ``\\def`` or ``\\renewcommand`` made anywhere on the page (in prose math too) for the
    math after it, so a note that redefined ``\\frac`` would show readers other equations than derive checks.
    """
    check_definitions(text, shown, known)
    parts = _Scanner(text, shown).scan()
    math, line_of, starts = _math_of(parts)
    macros = user_macros(math, line_of, tex=False)
    if not macros:
        return parts
    out = []
    for k, part in enumerate(parts):  # the note's own \newcommand, as MathJax keeps it for the page from there on
        expanded = expand(without_definitions(part.text), macros, shown, part.line,
                          where=lambda pos, at=starts.get(k, 0): at + pos) if part.kind == MATH else part.text
        out.append(replace(part, text=expanded, source=part.source.replace(part.text, expanded))
                   if expanded != part.text else part)
    return out


#: inline math in prose, where a note may define its macros too (MathJax reads \newcommand in any math)
_INLINE = re.compile(r"(?<!\\)\$([^$\n]+)\$|\\\((.+?)\\\)")


def _math_of(parts: list[Part]) -> tuple[str, object, dict[int, int]]:
    """The note's math (display blocks, inline math of prose) at its lines, a map from a position to a line, and
    where each display block's text starts in it (by its index in ``parts``)."""
    pieces, line, starts, size = [], 1, {}, 0
    for k, part in enumerate(parts):
        texts = [part.text] if part.kind == MATH else \
            [m.group(1) or m.group(2) for m in _INLINE.finditer(part.text)] if part.kind == PROSE else []
        for t in texts:
            gap = "\n" * max(0, part.line - line)
            starts[k] = size + len(gap)
            pieces.append(gap + t + "\n")
            size += len(pieces[-1])
            line = max(line, part.line) + t.count("\n") + 1
    text = "".join(pieces)
    return text, lambda pos: text.count("\n", 0, pos) + 1, starts


CONTEXT_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*derive\s*$", re.MULTILINE)

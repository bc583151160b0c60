"""The annotated document: a Markdown/LaTeX document rendered as itself, with a verdict by every equation.

Prose goes through markdown-it-py (raw HTML and images off: the page loads nothing and runs
nothing) or, for LaTeX, through a small reader of sections and paragraphs that escapes all
text.  Each checked display block shows its claims typeset as the author wrote them (latex2mathml,
behind ``prose_math``'s whitelist) and, folded beneath, as MathML from the verifier's parsed
expressions (what derive read; alone when the source cannot be typeset safely), each with its badge
and, when refuted, the counterexample.  Display math that
is not checked (before the first context, skipped, or without ``=``) is shown as written.
Nothing depends on time or order of work, so the same document gives the same bytes.
"""
from __future__ import annotations

import html
import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import sympy as sp
from markupsafe import Markup

from derive.documents.latex import accents_as_printed, text_as_printed
from derive.documents.load import Document, read_document
from derive.documents.parts import CONTEXT, MATH, PROSE, SKIP

from derive.documents.markdown import as_shown
from derive.documents.mathbuild import read_math
from derive.documents.usermacros import blank_comments, brace_group_end, without_definitions
from derive.textsafe import escape

from .build import equation, mathify
from .texmath import spelled
from .claims import _asserted, _counterexample, _evidence, _printable, _read_as, file_report_view, summary_caveat
from .data import ContextView, FileReportView, Math
from .prose_math import prose_mathml

_ORDER = ("proved", "refuted", "unproved")
#: a segment showing a display of macro definitions only
DEFINITIONS = "definitions"


@dataclass(frozen=True)
class ClaimBadge:
    """One checked equation of a block: as its author wrote it, and as derive read it."""

    name: str
    line: int
    verdict: str
    text: str
    math: Math | None
    evidence: str
    counterexample: tuple
    #: the equation typeset as written (the author's σ'(z^L), not derive's e^{-z}/(1 + e^{-z})²), if it can be
    written: Markup | None = None
    #: what sizes written as indices were read as (``_read_as``): shown even where a proved claim's evidence is not
    read: str = ""
    #: how the verdict was reached (the verification report's "method"), said beside the evidence
    method: str = ""
    #: the givens the verdict rests on, as written (a proof under a condition the claim states: a > 0)
    givens: tuple[str, ...] = ()
    #: the paper's \\label of the equation, which its prose refers to (\\eqref{eq:grad} prints "(eq:grad)")
    label: str = ""


@dataclass(frozen=True)
class Segment:
    """A piece of the page: prose (``html``), a context, or a display block with its claims."""

    kind: str
    line: int
    html: Markup = Markup("")
    source: str = ""
    claims: tuple[ClaimBadge, ...] = ()
    note: str = ""
    #: relations of a display with claims that are stated, not checked (``\\le`` in a chain): (line, as written,
    #: typeset or empty)
    unchecked: tuple[tuple[int, str, Markup], ...] = ()


@dataclass(frozen=True)
class DocumentView:
    """What ``document.html.j2`` shows."""

    title: str
    path: str
    counts: tuple
    segments: tuple[Segment, ...]
    #: shown as the page's heading (LaTeX's \title; Markdown brings its own heading)
    heading: str = ""
    #: what the summary adds to its counts, as ``derive check``'s does (``data.summary_caveat``)
    caveat: str = ""


def inline_math(tex: str, ctx, spellings: tuple = (), macros: dict | None = None) -> str:
    """Inline math as MathML: typeset as written, else derive's reading when it reads in the context.

    It is not checked.  As written first: derive's reading puts terms in its own order (``n \\times m``
    came out as ``m n``), which is no way to show an author's prose.  What cannot be typeset safely is
    shown as its TeX, as code.  Quantities in ``spellings`` (``texmath.spelled``) keep their author's spelling.
    The document's own ``macros`` are expanded first, as in its displays; math that only defines them prints nothing.
    """
    if macros:
        tex = as_shown(tex, macros)
        if not tex.strip():
            return ""
    typeset = prose_mathml(tex)
    if typeset is not None:
        return typeset
    if ctx is not None:
        try:
            expr = read_math(tex, ctx)
            if _printable(expr):
                return mathify(expr, spellings).mathml
        except Exception:  # noqa: BLE001 - prose math is shown, never judged: any failure shows the source
            pass
    return f'<code class="tex">{html.escape(tex)}</code>'


def _math_rule(state, silent: bool) -> bool:
    """markdown-it inline rule: ``$…$`` (not ``$$``) is one math token."""
    src, pos = state.src, state.pos
    if src[pos] != "$" or src.startswith("$$", pos):
        return False
    end = src.find("$", pos + 1)
    while end > 0 and src[end - 1] == "\\":
        end = src.find("$", end + 1)
    if end <= pos + 1:
        return False
    if not silent:
        state.push("math_inline", "math", 0).content = src[pos + 1:end]
    state.pos = end + 1
    return True


def _paren_math_rule(state, silent: bool) -> bool:
    """markdown-it inline rule: ``\\(…\\)`` is one math token too (derive reads it as a note's inline math)."""
    src, pos = state.src, state.pos
    if not src.startswith("\\(", pos):
        return False
    end = src.find("\\)", pos + 2)
    if end < 0:
        return False
    if not silent:
        state.push("math_inline", "math", 0).content = src[pos + 2:end]
    state.pos = end + 2
    return True


def _markdown() -> object:
    from markdown_it import MarkdownIt
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    # A report is self-contained: nothing may be fetched, so an image is its alt text (parsed as an image,
    # not left as "!" and a live link).
    md.add_render_rule("image", lambda self, tokens, idx, options, env:
                       html.escape(f"[image: {tokens[idx].content}]"))
    md.inline.ruler.before("escape", "math_inline", _math_rule)
    md.inline.ruler.before("escape", "math_paren", _paren_math_rule)
    md.add_render_rule("math_inline", lambda self, tokens, idx, options, env:
                       inline_math(tokens[idx].content, env.get("math"), env.get("spellings", ()), env.get("macros")))
    return md


_TEX_HEADING = re.compile(r"\\(section|subsection|subsubsection|paragraph|subparagraph)\*?\s*(?:\[[^\]]*\]\s*)?\{")
#: references print what they point to, which a report does not number: the label itself, \cite's keys bracketed
_TEX_REFS = re.compile(r"\\(eqref|ref|autoref|cref|Cref|cite|citep|citet|label)\s*(?:\[([^\]]*)\])?\{([^{}]*)\}")
_TEX_DROP = re.compile(r"\\(documentclass|usepackage|title|author|date|vspace|pageref|phantom|vphantom)\*?"
                       r"(\[[^\]]*\])?\{[^{}]*\}"
                       r"|\\(maketitle|noindent|par)\b|\\(begin|end)\{document\}")
_TEX_LISTS = re.compile(r"\\(begin|end)\{(itemize|enumerate|description|center|quote)\}")
_TEX_STYLE = re.compile(r"\\(emph|textbf|textit|texttt|textrm|textsf|textsc|textsl|textup|textmd|textnormal|underline"
                        r"|mbox|textsuperscript|textsubscript|mathrm|text)\s*\{((?:\\[{}]|\{\}|[^{}])*)\}")
#: font switches inside a group, {\bf bold}: they print nothing, the group's braces go with the rest
_TEX_SWITCH = re.compile(r"\\(bf|it|em|sl|sc|tt|rm|sf|bfseries|itshape|slshape|scshape|ttfamily|rmfamily|sffamily"
                         r"|mdseries|upshape|normalfont|tiny|scriptsize|footnotesize|small|normalsize|large|Large|LARGE"
                         r"|huge|Huge)(?![A-Za-z])\s*")
#: what prints its characters as they are, % and ~ too: \verb|…|, \url{…}; \href's address prints nothing
_TEX_VERBATIM = re.compile(r"\\verb\*?([^A-Za-z\s*])(.*?)\1|\\url\s*\{([^{}]*)\}|\\href\s*\{[^{}]*\}")
#: a footnote's mark, and a verbatim text's, while a paragraph is laid out
_MARK = re.compile("\ue010(\\d+)\ue011")
_LITERAL = re.compile("\ue020(\\d+)\ue021")


def _protect(text: str, literals: list[str]) -> str:
    """``text`` with each verbatim text replaced by a mark, its characters kept in ``literals``."""
    def keep(m: re.Match) -> str:
        literals.append(m.group(2) if m.group(1) is not None else m.group(3) or "")
        return f"\ue020{len(literals) - 1}\ue021"
    return _TEX_VERBATIM.sub(keep, text)


#: a list, innermost first (no list begins inside it)
_TEX_LIST = re.compile(r"\\begin\{(itemize|enumerate|description)\}"
                       r"((?:(?!\\begin\{(?:itemize|enumerate|description)\}).)*?)\\end\{\1\}", re.S)
_TEX_ITEM = re.compile(r"\\item(?![A-Za-z])\s*(?:\[([^\]]*)\])?")
#: a float: shown as its caption and its tabular's rows, where the paper places it
_TEX_FLOAT = re.compile(r"\\begin\{(table|figure)\*?\}(?:\[[^\]]*\])?(.*?)\\end\{\1\*?\}", re.S)
_TEX_TABULAR = re.compile(r"\\begin\{tabular\*?\}(?:\[[^\]]*\])?\{(?:[^{}]|\{[^{}]*\})*\}(.*?)\\end\{tabular\*?\}",
                          re.S)


def _tex_blocks(text: str) -> str:
    """An abstract, lists, floats and tables as paragraphs: the abstract under its heading, each item a paragraph of
    its own (•, 1., or its term), a float its caption, a table one paragraph per row with its cells apart."""
    text = re.sub(r"\\begin\{abstract\}", "\n\n\\\\paragraph{Abstract}\n", text)
    text = re.sub(r"\\end\{abstract\}", "\n\n", text)

    def rows(m: re.Match) -> str:
        lines = [r.replace("\\hline", "").strip() for r in re.split(r"(?<!\\)\\\\", m.group(1))]
        cells = [" | ".join(c.strip() for c in re.split(r"(?<!\\)&", r)) for r in lines if r]
        return "\n\n" + "\n\n".join(cells) + "\n\n"

    def float_(m: re.Match) -> str:
        inner = re.sub(r"\\caption\s*(?:\[[^\]]*\])?\{((?:[^{}]|\{[^{}]*\})*)\}",
                       lambda c: f"\n\n{m.group(1).capitalize()}: {c.group(1)}\n\n", m.group(2))
        inner = re.sub(r"\\includegraphics\s*(?:\[[^\]]*\])?\{([^{}]*)\}", r"[image: \\texttt{\1}]", inner)
        return "\n\n" + re.sub(r"\\centering(?![A-Za-z])", "", inner) + "\n\n"

    def items(m: re.Match) -> str:
        parts = _TEX_ITEM.split(m.group(2))  # text before the first item, then (label, text) pairs
        shown = [parts[0]] if parts[0].strip() else []
        for n, (label, body) in enumerate(zip(parts[1::2], parts[2::2]), start=1):
            # a description's term, or a list's own label (\item[(a)]), else its bullet or number
            mark = (f"{label}:" if m.group(1) == "description" else label) if label is not None else \
                f"{n}." if m.group(1) == "enumerate" else "•"
            shown.append(f"{mark} {body.strip()}")
        return "\n\n" + "\n\n".join(shown) + "\n\n"
    # a cell spanning columns, a framed box: their text
    text = re.sub(r"\\multicolumn\s*\{[^{}]*\}\s*\{[^{}]*\}\s*|\\(?:fbox|framebox|makebox)\s*(?:\[[^\]]*\]\s*)*", "",
                  text)
    text = _TEX_FLOAT.sub(float_, text)
    text = _TEX_TABULAR.sub(rows, text)
    for _ in range(8):  # nested lists: innermost first
        listed = _TEX_LIST.sub(items, text)
        if listed == text:
            break
        text = listed
    return text


def _tex_plain(text: str) -> str:
    """LaTeX prose without what prints nothing or is no text here (comments, the preamble's commands, list and
    style wrappers, nested too)."""
    text = _TEX_LISTS.sub("", _TEX_DROP.sub("", _tex_blocks(blank_comments(text)))).replace("\\item", "•")
    text = _TEX_SWITCH.sub("", re.sub(r"\\ensuremath\s*\{([^{}]*)\}", r"$\1$", text))
    for _ in range(8):  # \emph{\textbf{b}}: innermost first
        styled = _TEX_STYLE.sub(_unstyled, _TEX_REFS.sub(_reference, text))
        if styled == text:
            break
        text = styled
    return text


def _unstyled(m: re.Match) -> str:
    # typewriter type has no dash ligatures: \texttt{--help} prints two hyphens
    return m.group(2).replace("-", "-\ue031") if m.group(1) == "texttt" else m.group(2)


def _reference(m: re.Match) -> str:
    kind, note, key = m.group(1), m.group(2), m.group(3).strip()
    if kind == "label":
        return ""
    if kind.startswith("cite"):
        return "[" + ", ".join([k.strip() for k in key.split(",")] + ([note.strip()] if note else [])) + "]"
    return f"({key})" if kind == "eqref" else key


def _footnotes(para: str, numbers: Iterator[int]) -> tuple[str, list[tuple[int, str]]]:
    """``para`` with each ``\\footnote{…}`` replaced by its mark, and the footnotes' numbers and texts."""
    notes = []
    while (m := re.search(r"\\footnote\s*(?:\[[^\]]*\]\s*)?\{", para)) is not None:
        end = brace_group_end(para, m.end() - 1, len(para))
        if end is None:
            break
        n = next(numbers)
        notes.append((n, para[m.end():end - 1]))
        para = f"{para[:m.start()]}\ue010{n}\ue011{para[end:]}"
    return para, notes


def tex_prose(text: str, ctx=None, spellings: tuple = (), macros: dict | None = None,
              numbers: Iterator[int] | None = None) -> Markup:
    """Sections and paragraphs of LaTeX prose as escaped HTML (inline math is shown as written), the paper's own
    ``macros`` expanded in them as TeX expands them, each footnote after its paragraph (numbered by ``numbers``)."""
    numbers = numbers if numbers is not None else itertools.count(1)
    body = text.split("\\begin{document}", 1)[-1] if "\\begin{document}" in text else text
    body = body.split("\\end{document}", 1)[0]  # TeX reads nothing after it
    literals: list[str] = []
    body = _tex_plain(_protect(body, literals))
    out = []
    for para in re.split(r"\n\s*\n", body):
        if macros:  # paragraph by paragraph: a macro that cannot be expanded leaves only its own paragraph as written
            expanded = as_shown(para, macros)
            # \model{} is the model's name: the empty group only ended the macro's name
            para = re.sub(r"(?<=[A-Za-z0-9])\{\}", "\ue030", _tex_plain(_protect(expanded, literals))) \
                if expanded != para else para
        para, notes = _footnotes(para, numbers)
        pos = 0
        while (m := _TEX_HEADING.search(para, pos)) is not None:
            end = brace_group_end(para, m.end() - 1, len(para))
            if end is None:  # never closed: shown as written
                break
            out.append(_paragraph(para[pos:m.start()], ctx, spellings, literals))
            level = {"section": 2, "subsection": 3}.get(m.group(1), 4)
            out.append(_paragraph(para[m.end():end - 1], ctx, spellings, literals, f"h{level}"))
            pos = end
        out.append(_paragraph(para[pos:], ctx, spellings, literals))
        out += [_paragraph(note, ctx, spellings, literals, "p", f'<sup>{n}</sup> ', ' class="footnote"')
                for n, note in notes]
    return Markup("\n".join(p for p in out if p))


#: inline math in a paper's prose: $…$ (\$ inside it is a dollar) or \(…\)
_TEX_INLINE = re.compile(r"(?<!\\)\$((?:[^$\\]|\\[\s\S]){1,2000})\$|\\\((.{1,2000}?)\\\)")


def _paragraph(text: str, ctx, spellings: tuple = (), literals: list[str] | tuple = (), tag: str = "p",
               lead: str = "", attributes: str = "") -> str:
    """One paragraph (heading, footnote) of LaTeX prose as escaped HTML, its inline math typeset."""
    text = " ".join(re.sub(r"(?<!\\)~|\\\\(\[[^\]]*\])?|\\newline(?![A-Za-z])|\\hspace\*?\{[^{}]*\}", " ", text).split())
    body, pos = [], 0

    def words(part: str) -> str:
        # a group's braces print nothing ({\bf b}, \'{e}, \textbackslash{}); \{ prints a brace
        grouped = accents_as_printed(part.replace("{}", "\ue030"))  # \'{e} before its braces go
        shown = text_as_printed(re.sub(r"(?<!\\)[{}]", "", grouped)).replace("\ue030", "").replace("\ue031", "")
        shown = html.escape(shown)
        # verbatim text as TeX sets it, in typewriter type
        shown = _LITERAL.sub(lambda m: f"<code>{html.escape(literals[int(m.group(1))])}</code>", shown)
        return _MARK.sub(r"<sup>\1</sup>", shown)
    for m in _TEX_INLINE.finditer(text):
        body += [words(text[pos:m.start()]), inline_math(m.group(1) or m.group(2), ctx, spellings)]
        pos = m.end()
    body.append(words(text[pos:]))
    return f"<{tag}{attributes}>{lead}{''.join(body)}</{tag}>" if text else ""


def _claim(result, spellings: tuple = (), labels: tuple = ()) -> ClaimBadge:
    ok = result.lhs is not None and _printable(result.lhs) and _printable(result.rhs)
    written = prose_mathml(result.eq, block=True)
    # derive's reading of a refuted claim says ≠, as the verification reports do
    math = (mathify(sp.Ne(result.lhs, result.rhs, evaluate=False), spellings) if result.verdict == "refuted"
            else equation(result.lhs, result.rhs, spellings)) if ok else None
    return ClaimBadge(result.name, result.line, result.verdict, result.eq, math,
                      _evidence(result, typeset=written is not None),
                      _counterexample(result.counterexample, spellings=spellings), Markup(written) if written else None,
                      # (a proved claim's card shows no evidence line: where it is asserted is said here)
                      " ".join(s for s in (_asserted(result) if result.verdict == "proved" else "", _read_as(result))
                               if s), (result.method or "") if result.verdict != "proved" else "",
                      tuple(getattr(result, "givens_used", ()) or ()),
                      next((lab for lab in labels if lab and result.name.startswith(f"{lab}: ")), ""))


def _spellings(doc: Document) -> list[tuple]:
    """Each context's spellings as the printers take them (``texmath.spelled``), in context order."""
    return [spelled(tuple(s.items())) for s in doc.spellings]


def _segments(doc: Document, results: list[dict], unchecked: tuple = ()) -> list[Segment]:
    tex = doc.path.lower().endswith(".tex")
    md = None if tex else _markdown()
    numbers = itertools.count(1)  # footnotes, through the whole paper
    spellings_of = _spellings(doc)
    out, skip, contexts = [], False, 0
    for n, part in enumerate(doc.parts):
        ctx = doc.maths[contexts - 1] if contexts else None
        spellings = spellings_of[contexts - 1] if contexts else ()
        if part.kind == PROSE:
            rendered = tex_prose(part.text, ctx, spellings, doc.macros, numbers) if tex else \
                Markup(md.render(part.text, {"math": ctx, "spellings": spellings, "macros": doc.macros}))
            if str(rendered).strip():
                out.append(Segment(PROSE, part.line, rendered))
        elif part.kind == CONTEXT:
            contexts += 1
            out.append(Segment(CONTEXT, part.line, source=part.text.strip()))
        elif part.kind == SKIP:
            skip = True
        elif part.kind == MATH:
            found = doc.claims_of.get(n)
            if not found and not part.text.strip() and without_definitions(part.source) != part.source:
                # a display that only defines macros prints nothing: shown as what it is, folded like a context
                out.append(Segment(DEFINITIONS, part.line, source=part.source.strip()))
            elif found:
                labels = (part.label, *part.row_labels)  # a claim of a labelled equation is named "label: equation"
                badges = tuple(_claim(results[f][name], spellings_of[f], labels) for f, name in found)
                last = part.line + (part.source or part.text).count("\n")
                stated = tuple((*u, _typeset(u[1])) for u in unchecked if part.line <= u[0] <= last)
                out.append(Segment(MATH, part.line, source=part.source or part.text, claims=badges, unchecked=stated))
            else:
                note = "skipped (derive: skip)" if skip else "not checked" if contexts else \
                    "not checked (before the first derive context)"
                last = part.line + (part.source or part.text).count("\n")
                # at the relation's own line, as derive check names it (not the display's opening line)
                line = next((u[0] for u in unchecked if part.line <= u[0] <= last), part.line) if not skip else part.line
                out.append(Segment(MATH, line, html=_typeset(part.text), source=(part.source or part.text).strip(),
                                   note=note))
            skip = False
    return out


def _typeset(tex: str) -> Markup:
    """A display derive does not check, typeset as written where it safely can be (else empty: shown as source)."""
    if re.search(r"(?<!\\)&|\\\\", tex) and "\\begin" not in tex:  # an align's rows, without their environment
        tex = f"\\begin{{aligned}}{tex}\\end{{aligned}}"
    typeset = prose_mathml(tex, block=True) if tex.strip() else None
    return Markup(typeset) if typeset else Markup("")


def _read_document(path: str, _at) -> Document:
    """``read_document(path)``, as a bounded load calls it."""
    return read_document(path)


def _checked(path: str, timeout: float | None, check) -> tuple[Document, list]:
    """The document, read in a bounded child, and the ``FileReport`` of each of its derive contexts."""
    from derive.verify import DEFAULT_TIMEOUT, check_loaded
    from derive.verify.fileformat import load_bounded
    # Read in a bounded child, like every load of untrusted input (a hostile document cannot hang it).
    doc = load_bounded(path, _read_document, timeout)
    return doc, [(check or check_loaded)(f, timeout or DEFAULT_TIMEOUT) for f in doc.files]


def _page_title(doc: Document, reports: list) -> str:
    """The page's title: the note's own (a heading, a paper's \\title), else its one derive block's, else its name."""
    if doc.title and doc.title != os.path.basename(doc.path) or len(reports) != 1 or not reports[0].title:
        return doc.title or doc.path
    return reports[0].title


def build_document_report(path: str, timeout: float | None = None, check=None) -> DocumentView:
    """Read, check (``check(file, timeout)``, e.g. through the verdict cache) and lay out a Markdown/LaTeX document."""
    doc, reports = _checked(path, timeout, check)
    results = [{c.name: c for c in rep.claims} for rep in reports]
    verdicts = [c.verdict for r in results for c in r.values()]
    counts = tuple((v, verdicts.count(v)) for v in _ORDER)
    title = _page_title(doc, reports)
    heading = title if doc.path.lower().endswith(".tex") else ""
    unchecked = tuple(sorted({tuple(u) for rep in reports for u in rep.unchecked}))
    return DocumentView(title, doc.path, counts, tuple(_segments(doc, results, unchecked)), heading,
                        summary_caveat(reports))


def build_document_claims_report(path: str, timeout: float | None = None, check=None) -> FileReportView:
    """A document's checked equations as a verification report, for its LaTeX and Markdown forms.

    Those formats cannot carry the author's prose safely (raw LaTeX or HTML would reach the
    reader's toolchain), so they list the equations: each as written (as text) and as derive
    read it (through the printers), with its verdict and evidence.  Several derive contexts
    are shown one after another, each with its own sizes, definitions and givens and the claims
    read under it (``derive check`` checks each claim against its own context only); their
    definitions are numbered on, so that no two equations of the report share a number.
    """
    doc, reports = _checked(path, timeout, check)
    views = [file_report_view(rep, s) for rep, s in zip(reports, _spellings(doc))]
    # The source is shown above the evidence, so a matrix claim's evidence need not restate it.
    claims_of = [tuple(replace(c, name="", source=escape(r.eq), evidence=_evidence(r, typeset=True))
                       for c, r in zip(v.claims, rep.claims)) for v, rep in zip(views, reports)]
    claims = tuple(c for cs in claims_of for c in cs)
    numbered, k = [], 1
    for v in views:
        numbered.append(tuple(replace(d, number=k + i) for i, d in enumerate(v.definitions)))
        k += len(v.definitions)
    counts = tuple((v, sum(c.verdict == v for c in claims)) for v in _ORDER)
    title, shown = escape(_page_title(doc, reports)), escape(doc.path)
    stated = [tuple((line, escape(text)) for line, text in sorted({tuple(u) for u in rep.unchecked})) for rep in reports]
    if len(views) == 1:
        v = views[0]
        return FileReportView(title, shown, claims, counts, numbered[0], tuple(dict.fromkeys(v.givens)), v.sizes,
                              unchecked=stated[0], caveat=summary_caveat(reports))
    lines = [part.line for part in doc.parts if part.kind == CONTEXT]
    contexts = tuple(ContextView(n, line, escape(rep.title or ""), v.sizes, defs, tuple(dict.fromkeys(v.givens)), cs, u)
                     for n, (line, rep, v, defs, cs, u) in enumerate(zip(lines, reports, views, numbered, claims_of,
                                                                         stated), start=1))
    return FileReportView(title, shown, claims, counts, contexts=contexts, caveat=summary_caveat(reports))

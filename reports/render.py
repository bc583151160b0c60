"""Jinja environments for the three formats, and rendering a report's data into text.

HTML autoescapes (MathML enters only through the ``mathml`` filter, which accepts nothing
but a printer-made ``Math``); LaTeX uses ``\\BLOCK{…}``/``\\VAR{…}``/``%#`` delimiters that
cannot collide with TeX braces and escapes every value not marked ``Tex``; Markdown escapes
every value not marked ``Md``.  Output is a pure function of the data: no dates, no randomness.
"""
from __future__ import annotations

import re
from functools import cache

import jinja2
from markupsafe import Markup

from derive.errors import ArgumentError

from .data import Math
from .latex_escape import Md, Tex, md_escape, md_finalize, tex_escape, tex_finalize

FORMATS = ("html", "tex", "md")
SUFFIXES = {".html": "html", ".htm": "html", ".tex": "tex", ".md": "md", ".markdown": "md"}


def _need_math(value: object) -> Math:
    if not isinstance(value, Math):
        raise TypeError(f"expected printer-made Math, got {type(value).__name__}")
    return value


def _mathml(value: Math, display: bool = False) -> Markup:
    m = _need_math(value)
    return Markup(m.mathml_block if display else m.mathml)


def _tex_math(value: Math) -> Tex:
    return Tex(_need_math(value).tex)


def _md_math(value: Math) -> Md:
    return Md(_need_math(value).tex)


def _tex_code_line(line: str) -> Tex:
    """One line of code: its indentation kept (``~``), every other space a breakable ``\\ `` so a long line wraps."""
    body = str(line).lstrip(" ")
    indent = len(str(line)) - len(body)
    return Tex("~" * indent + "\\ ".join(tex_escape(word) for word in body.split(" ")))


def _tex_breakable(text: str) -> Tex:
    """``text`` escaped, with a break allowed after each /, _ and } (a path, a long name in ``\\texttt`` or a
    condition's LaTeX source, which have no other break points, would run into the margin)."""
    return Tex(tex_escape(text).replace("/", "/\\allowbreak{}").replace("\\_", "\\_\\allowbreak{}")
               .replace("\\}", "\\}\\allowbreak{}"))


def _tex_raw(value: str) -> Tex:
    """Mark a number or coordinate computed by derive (never user text) as TeX."""
    return Tex(str(value))


_BADGES = {"proved": "✅ **proved**", "refuted": "❌ **refuted**", "unproved": "⚠️ **unproved**",
           "rule": "📐 **rule**", "agrees": "✅ **agrees**", "disagrees": "❌ **disagrees**",
           "unavailable": "⚠️ **unavailable**"}


def _md_badge(verdict: str) -> Md:
    return Md(_BADGES.get(verdict, "**" + md_escape(verdict) + "**"))


def _md_code(text: str, cell: bool = False) -> Md:
    """Inline code that cannot be closed early by backticks in ``text``; ``cell=True`` inside a table row.

    A code span shows backslashes literally, so ``|`` is escaped only where GFM needs it: a table
    cell, whose row is split at pipes before the span is read (and there ``\\|`` shows as ``|``).
    """
    body = str(text).replace("\n", " ")
    if cell:
        body = body.replace("|", "\\|")
    run = max((len(m) for m in re.findall("`+", body)), default=0)
    fence = "`" * (run + 1)
    return Md(f"{fence} {body} {fence}")


def _md_fence(source: str, language: str = "") -> Md:
    """A fenced code block longer than any backtick run inside ``source``."""
    run = max((len(m) for m in re.findall("`+", source)), default=0)
    fence = "`" * max(3, run + 1)
    return Md(f"{fence}{language}\n{source.rstrip()}\n{fence}")


def _mermaid_id(name: str) -> Md:
    """A node id mermaid accepts, derived from the name without letting syntax through."""
    return Md("q_" + "".join(c if c.isalnum() else f"_{ord(c):x}_" for c in str(name)))


def _mermaid_text(text: str) -> Md:
    """Text inside a quoted mermaid label: quotes and markup as entity codes."""
    return Md("".join(f"#{ord(c)};" if c in '"<>&#|[](){}`' else c for c in str(text)))


def _loader() -> jinja2.BaseLoader:
    return jinja2.PackageLoader("reports", "templates")


@cache
def environment(fmt: str) -> jinja2.Environment:
    """The configured Jinja environment for ``fmt``."""
    common = dict(loader=_loader(), undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                  trim_blocks=True, lstrip_blocks=True)
    if fmt == "html":
        env = jinja2.Environment(autoescape=True, **common)
        env.filters["mathml"] = _mathml
    elif fmt == "tex":
        env = jinja2.Environment(
            autoescape=False, finalize=tex_finalize,
            block_start_string=r"\BLOCK{", block_end_string="}",
            variable_start_string=r"\VAR{", variable_end_string="}",
            comment_start_string=r"\#{", comment_end_string="}",
            line_comment_prefix="%#", **common)
        env.filters["math"] = _tex_math
        env.filters["esc"] = tex_escape
        env.filters["raw"] = _tex_raw
        env.filters["codeline"] = _tex_code_line
        env.filters["breakable"] = _tex_breakable
    elif fmt == "md":
        env = jinja2.Environment(autoescape=False, finalize=md_finalize, **common)
        env.filters["math"] = _md_math
        env.filters["esc"] = md_escape
        env.filters["badge"] = _md_badge
        env.filters["tex"] = Md
        env.filters["tag"] = lambda n: Md(f"\\tag{{{int(n)}}}")
        env.filters["code"] = _md_code
        env.filters["fence"] = _md_fence
        env.filters["mermaid_id"] = _mermaid_id
        env.filters["mermaid_text"] = _mermaid_text
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return env


def render(template: str, fmt: str, **context: object) -> str:
    """Render ``template``.``fmt``.j2 with ``context``."""
    if fmt not in ("html", "tex", "md"):
        raise ArgumentError(f"unknown format {fmt!r} (known: html, tex, md)")
    ext = fmt
    return environment(fmt).get_template(f"{template}.{ext}.j2").render(**context)

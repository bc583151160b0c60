"""A document's own macros in its report's prose: inline math, headings and the title show them expanded.

The displays were shown expanded, but prose kept ``$\\pd{L}{\\bx}$`` as TeX code, a paper's ``\\(\\bx\\)`` raw, its
``\\section{Setup with \\model}`` with a literal ``\\model``, and its ``\\title{The \\model{} paper}`` read "The paper";
a display holding only definitions was shown as an unchecked equation of nothing.  Escaping stays as it was.
"""
from __future__ import annotations

import re
import shutil

import pytest

from reports.command import report_text

CONTEXT = ('```derive\ngiven = ["Sum(y[i], (i, 1, n)) = 1"]\n[sizes]\nn = "classes"\n[inputs]\nx = ["n"]\n'
           'y = ["n"]\nt = []\n[define]\n"s[i]" = "exp(x[i]) / Sum(exp(x[k]), (k, 1, n))"\n'
           '"L" = "-Sum(y[i]*log(s[i]), (i, 1, n))"\n```\n')
NOTE = ("# Macro notes\n\nWe define $\\newcommand{\\bx}{\\mathbf{x}}$ here.\n\n"
        "$$\\newcommand{\\pd}[2]{\\frac{\\partial #1}{\\partial #2}} \\DeclareMathOperator{\\sm}{softmax}$$\n\n"
        + CONTEXT +
        "\n## Gradient of $\\pd{L}{\\bx}$\n\n"
        "Inline: the gradient $\\pd{L}{\\bx}$ equals $\\sm(\\bx) - y$, with \\(\\bx\\) the input.\n\n"
        "$$ \\pd{L}{\\bx} = \\sm(\\bx) - y $$\n")

PAPER = r"""\documentclass{article}
\usepackage{amsmath}
\newcommand{\bx}{\mathbf{x}}
\newcommand{\pd}[2]{\frac{\partial #1}{\partial #2}}
\DeclareMathOperator{\sm}{softmax}
\newcommand{\model}{SoftNet}
\title{The \model{} paper on $\sm$}
\begin{document}
\maketitle
\section{Setup with \model}
%! derive given = ["Sum(y[i], (i, 1, n)) = 1"]
%! derive [sizes]
%! derive n = "classes"
%! derive [inputs]
%! derive x = ["n"]
%! derive y = ["n"]
%! derive [define]
%! derive "s[i]" = "exp(x[i]) / Sum(exp(x[k]), (k, 1, n))"
%! derive "L" = "-Sum(y[i]*log(s[i]), (i, 1, n))"
Our model \model{} computes $\pd{L}{\bx} = \sm(\bx) - y$ in prose, where \(\bx\) is the input.
\begin{equation}
\pd{L}{\bx} = \sm(\bx) - y \label{eq:grad}
\end{equation}
\end{document}
"""


def _prose(page: str) -> str:
    return "\n".join(re.findall(r'<div class="prose">(.*?)</div>', page, re.S))


@pytest.fixture(scope="module")
def note_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("doc") / "note.md"
    path.write_text(NOTE)
    return path, report_text(str(path), "html", timeout=60)


@pytest.fixture(scope="module")
def paper_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("doc") / "paper.tex"
    path.write_text(PAPER)
    return path, report_text(str(path), "html", timeout=60)


def test_a_notes_inline_math_shows_its_macros_expanded(note_page):
    _, page = note_page
    prose = _prose(page)
    assert "\\pd" not in prose and "\\bx" not in prose and "\\sm" not in prose and 'class="tex"' not in prose
    inline = prose[prose.index("Inline:"):]
    assert inline.count("<math") == 3 and "<mfrac>" in inline and "softmax" in inline and "𝐱" in inline
    heading = re.search(r"<h2>(.*?)</h2>", prose, re.S).group(1)
    assert heading.startswith("Gradient of <math") and "<mfrac>" in heading


def test_a_definition_in_prose_math_prints_nothing(note_page):
    _, page = note_page
    first = _prose(page).split("here.")[0]
    assert "newcommand" not in first and "<code" not in first and first.rstrip().endswith("We define")


def test_a_display_of_definitions_only_is_no_unchecked_equation(note_page):
    _, page = note_page
    assert '<div class="unchecked">' not in page
    shown = re.search(r'<details class="definitions"><summary class="sans note">macro definitions \(line 5\)</summary>'
                      r'<pre>(.*?)</pre></details>', page, re.S)
    assert shown is not None and "\\newcommand{\\pd}[2]" in shown.group(1)
    assert re.findall(r'<article class="claim (\w+)"', page) == ["proved"]


def test_a_papers_prose_headings_and_title_show_its_macros_expanded(paper_page):
    _, page = paper_page
    assert "<title>The SoftNet paper on softmax</title>" in page and "<h1>The SoftNet paper on softmax</h1>" in page
    assert "<h2>Setup with SoftNet</h2>" in page
    prose = _prose(page)
    assert "\\model" not in prose and "\\(" not in prose and "\\bx" not in prose and 'class="tex"' not in prose
    line = prose[prose.index("Our model"):]
    assert line.startswith("Our model SoftNet computes <math") and line.count("<math") == 2 and "<mfrac>" in line


def test_the_reports_stay_byte_identical(note_page, paper_page):
    for path, page in (note_page, paper_page):
        assert report_text(str(path), "html", timeout=60) == page


def test_a_macro_expanding_to_markup_stays_escaped(tmp_path):
    tex = tmp_path / "paper.tex"
    tex.write_text(PAPER.replace(r"\newcommand{\model}{SoftNet}", r"\newcommand{\model}{<b>Soft&amp;Net</b>}"))
    page = report_text(str(tex), "html", timeout=60)
    assert "<b>" not in page and "<h2>Setup with &lt;b&gt;Soft&amp;amp;Net&lt;/b&gt;</h2>" in page
    assert "<title>The &lt;b&gt;Soft&amp;amp;Net&lt;/b&gt; paper on softmax</title>" in page
    note = tmp_path / "note.md"
    note.write_text(NOTE.replace("$\\newcommand{\\bx}{\\mathbf{x}}$", "$\\newcommand{\\bx}{\\mathbf{x}}$ "
                                 "$\\newcommand{\\evil}{<script>alert(1)</script>}$ $\\evil$"))
    page = report_text(str(note), "html", timeout=60)
    assert "<script" not in page


def test_the_papers_latex_report_with_an_expanded_title_compiles(tmp_path):
    from test_reports_latex import compile_pdf
    if shutil.which("pdflatex") is None or shutil.which("pdftotext") is None:
        pytest.skip("pdflatex/pdftotext are not installed (CI installs texlive and poppler-utils)")
    tex = tmp_path / "paper.tex"
    tex.write_text(PAPER.replace(r"\newcommand{\model}{SoftNet}", r"\newcommand{\model}{Soft_Net & 100\%}"))
    _, text = compile_pdf(report_text(str(tex), "tex", timeout=60), tmp_path)
    assert "The Soft_Net & 100% paper on softmax" in " ".join(text.split())


def test_a_notes_title_shows_its_math_expanded(tmp_path):
    note = tmp_path / "note.md"
    note.write_text(NOTE.replace("# Macro notes", "# Gradients in $\\bx$ $\\newcommand{\\tz}{z}$"))
    page = report_text(str(note), "html", timeout=60)
    assert "<title>Gradients in $\\mathbf{x}$</title>" in page
    # the Markdown report escapes it, as before
    assert report_text(str(note), "md", timeout=60).startswith("# Gradients in \\$\\\\mathbf\\{x\\}\\$\n")

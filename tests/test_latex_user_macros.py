"""A paper's own macros (\\newcommand, \\DeclareMathOperator, \\def, \\let) are expanded in its display math.

Papers define \\bx for \\mathbf{x} and use it in every equation; derive refused each such equation ("cannot
read \\bx").  Expanded as TeX expands them, the claims are checked as printed; what cannot be expanded so
(an optional argument, a parameter text, a macro defined twice, one that uses itself) is refused where used.
"""
from __future__ import annotations

import pytest

from derive.documents.load import read_document
from reports.command import report_text
from _checking import checked
from _oneline import assert_one_line_error

PREAMBLE = r"""\documentclass{article}
\usepackage{amsmath}
\newcommand{\bx}{\mathbf{x}}
\newcommand*{\vect}[1]{\mathbf{#1}}
\newcommand{\pd}[2]{\frac{\partial #1}{\partial #2}}
\newcommand{\sq}[1]{#1^2}
\DeclareMathOperator{\sm}{softmax}
\def\yy{\vect{y}}
\let\bs\boldsymbol
\newcommand{\s}{\sigma}
\newcommand{\loops}{\loops x}
\newcommand{\opt}[1][2]{#1}
\def\param#1.{#1}
\providecommand{\given}{\mid}
"""

CONTEXT = r"""\begin{document}
\begin{derive}
[sizes]
n = "classes"
[inputs]
x = ["n"]
y = ["n"]
t = []
[define]
"s[i]" = "exp(x[i]) / Sum(exp(x[k]), (k, 1, n))"
"L" = "-Sum(y[i]*log(s[i]), (i, 1, n))"
\end{derive}
"""


def _paper(tmp_path, body: str, name: str = "p.tex"):
    path = tmp_path / name
    path.write_text(PREAMBLE + CONTEXT + body + "\n\\end{document}\n")
    return path


@pytest.mark.parametrize("equation, verdict", [
    (r"\pd{L}{\bx} = \sm(\bx) - \yy \quad \text{given } \sum_i y_i = 1", "proved"),
    (r"\pd{L}{\vect x} = \yy - \sm(\bs{x}) \quad \text{given } \sum_i y_i = 1", "refuted"),
    # as TeX expands it: \sq{t+1} is t+1^2, not (t+1)^2
    (r"\sq{t+1} = t + 1", "proved"),
    (r"\sq{(t+1)} = t^2 + 2t + 1", "proved"),
    # a control word's body before a letter stays a control word: \s t is \sigma t, not \sigmat
    (r"\s t = \frac{1}{1 + e^{-t}}", "proved"),
])
def test_a_papers_macros_are_expanded_in_its_equations(tmp_path, equation, verdict):
    (f,) = read_document(_paper(tmp_path, f"\\begin{{equation}}\n{equation}\n\\end{{equation}}")).files
    (result,) = checked(f, 60)
    assert result.verdict == verdict, (result.name, result.verdict)
    assert "\\pd" not in result.name and "\\bx" not in result.name  # shown as printed


@pytest.mark.parametrize("use, fragment", [
    (r"\loops", "expand without end (a macro that uses itself?)"),
    (r"\opt{t}", "it has an optional argument"),
    (r"\param t.", "it has a parameter text"),
    (r"\pd{L}", "it takes 2 argument(s), and the equation ends before them"),
    # a last re-probe: 2\vec\tx with \tx = x+1 read as 2\vec x+1 and proved; amsmath puts the arrow over x+1
    (r"\vec\sq{t}", "right after \\vec: one reader (amsmath's accents, MathJax) puts all of it under \\vec"),
    # TeX's \sqrt takes the first item of x+1 (√x + 1), MathJax's all of it (a note's reader): refused
    (r"\sqrt\sq{t}", "right after \\sqrt"),
    (r"\given", "\\providecommand keeps any definition a package made"),
])
def test_a_macro_that_cannot_be_expanded_is_refused_where_it_is_used(tmp_path, capsys, use, fragment):
    body = f"\\begin{{equation}}\nt = {use}\n\\end{{equation}}"
    path = _paper(tmp_path, body)
    lines = path.read_text().splitlines()
    assert_one_line_error(path, next(n for n, s in enumerate(lines, 1) if s.startswith("t = \\")), fragment, capsys)


def test_a_macro_redefined_means_what_the_last_definition_before_it_says(tmp_path):
    # it was refused as "defined twice"; TeX reads a definition where it stands, and so does derive now
    path = tmp_path / "twice.tex"
    path.write_text(PREAMBLE + "\\renewcommand{\\bx}{\\mathbf{y}}\n" + CONTEXT
                    + "\\begin{equation}\n\\sm(\\bx) = \\sm(\\bx)\n\\end{equation}\n\\end{document}\n")
    (f,) = read_document(path).files
    (result,) = checked(f, 60)
    assert "\\mathbf{y}" in result.name and "\\mathbf{x}" not in result.name


def test_reports_show_the_expanded_math(tmp_path):
    path = _paper(tmp_path, "\\begin{equation}\n\\pd{L}{\\bx} = \\sm(\\bx) - \\yy \\quad \\text{given } "
                  "\\sum_i y_i = 1\n\\end{equation}")
    for fmt in ("html", "tex", "md"):
        shown = report_text(str(path), fmt)
        assert "\\pd" not in shown and "\\bx" not in shown and "proved" in shown, fmt
    assert "\\operatorname{softmax}(\\mathbf{x})" in report_text(str(path), "md")


def test_expansion_keeps_tokens_apart_as_tex_does():
    # text substitution must not run a control word on into letters: \lVert#1 with x is \lVert x, not \lVertx
    from derive.documents.usermacros import Macro, expand
    macros = {r"\norm": Macro(r"\norm", 1, r"\lVert#1\rVert", 1), r"\ii": Macro(r"\ii", 0, "i", 1),
              r"\s": Macro(r"\s", 0, r"\sigma", 1), r"\mb": Macro(r"\mb", 1, r"\mathbf#1", 1)}
    cases = {r"\norm{x}": r"\lVert x\rVert", r"\alpha\ii": r"\alpha i", r"\s x": r"\sigma x", r"\s(x)": r"\sigma(x)",
             r"\mb x": r"\mathbf x", r"\mb{\alpha}b": r"\mathbf\alpha b",
             "a \\\\ii": "a \\\\ii", "a \\\\\\ii": "a \\\\i"}  # \\ii is a line break and ii; \\\ii a break and \ii
    assert {t: expand(t, macros, "p.tex", 1) for t in cases} == cases


def test_a_title_reads_the_papers_macros_and_the_end_of_the_document_is_no_prose(tmp_path):
    # the HTML report's title read "Our \sm paper", and every paper's report ended in a paragraph "\end{document}"
    from derive.documents.latex import plain_title
    path = _paper(tmp_path, "\\begin{equation}\n\\sm(\\bx) = \\sm(\\bx)\n\\end{equation}")
    path.write_text(path.read_text().replace("\\begin{document}", "\\title{Our $\\sm$ of $\\bx$}\n\\begin{document}"))
    assert plain_title(path.read_text()) == "Our softmax of x"
    page = report_text(str(path), "html")
    assert "<h1>Our softmax of x</h1>" in page and "end{document}" not in page


@pytest.mark.parametrize("equation, verdict", [
    # a re-probe: TeX hands \frac the macro itself, one argument: \frac\tx y is 2x/y (false here), which text
    # substitution read as \frac2x y = (2/x) y and proved
    (r"\frac\tx y = \frac{2y}{x}", "refuted"),
    # \sqrt{\tx} braced is read whole, as every reader prints it
    (r"\sqrt{\ty} = \sqrt{4 x}", "proved"),
    (r"\frac{t}\tx = \frac{t}{2x}", "proved"),
    (r"\frac\tx t = \frac{2x}{t}", "proved"),
    (r"t\tx = 2tx", "proved"),
    # after a whole \frac{t}{2} the macro is no argument: (t/2)·2·x², as TeX prints it, not refused
    (r"\frac{t}{2}\tx^2 = t x^2", "proved"),
    (r"\frac\tx\tx = 1", "proved"),
    # a final re-probe: after \frac's first argument written as one character, \frac4\tx is 4/(2x) …
    (r"\frac4\tx = \frac{2}{x}", "proved"),
    (r"\frac4\tx = 2x", "refuted"),
    # … and braces only where TeX reads an argument: ½·3x + x is 2.5x (it read ½(4x)); x_i after e^{t}, a
    # transpose or inverse after a group, a relation after a fraction were refused or dropped
    (r"\frac{t}{2}\ty = \frac{3}{2} t x + x", "proved"),
    (r"e^{t}\bx^2 = e^{t} x^2", "proved"),
    (r"\mathbf{x}\inv = \frac{1}{x}", "proved"),
    (r"\frac{t}{x}\rhs", "refuted"),
])
def test_a_macro_standing_as_an_argument_is_one_argument(tmp_path, equation, verdict):
    path = tmp_path / "arg.tex"
    path.write_text(PREAMBLE + "\\newcommand{\\tx}{2x}\n\\newcommand{\\ty}{3x + x}\n\\newcommand{\\inv}{^{-1}}\n"
                    "\\newcommand{\\rhs}{= 3x}\n" + CONTEXT.replace('x = ["n"]', 'x = []').replace(
        '"s[i]" = "exp(x[i]) / Sum(exp(x[k]), (k, 1, n))"\n"L" = "-Sum(y[i]*log(s[i]), (i, 1, n))"\n', "")
        + f"\\begin{{equation}}\n{equation}\n\\end{{equation}}\n\\end{{document}}\n")
    (f,) = read_document(path).files
    (result,) = checked(f, 60)
    assert result.verdict == verdict, (equation, result.verdict)


def test_macro_limits_hold_and_the_derive_block_defines_nothing(tmp_path, capsys):
    # a re-probe: 6,000 unclosed \def\a{ lines took 14 s (each scanned to the end of the file); one use of a body of
    # 20,000 #1 reached 845 MB; a \renewcommand in a TOML comment of the derive block counted as a definition
    from derive.documents.usermacros import MAX_BODY, user_macros
    text = "".join(f"\\def\\q{a}{b}{{x\n" for a in "abcdefgh" for b in "abcdefgh") * 40  # never closed
    found = user_macros(text, lambda pos: 1)
    first = found.definitions["\\qaa"][0].macro  # (the later ones stand inside its unclosed body)
    assert first.problem == f"its body does not close within {MAX_BODY} characters"  # looked for so far only
    path = tmp_path / "wide.tex"
    path.write_text(PREAMBLE + "\\newcommand{\\w}[1]{" + "#1" * 2000 + "}\n" + CONTEXT
                    + "\\[ \\w{" + "t" * 2000 + "} = t \\]\n\\end{document}\n")
    assert_one_line_error(path, len(path.read_text().splitlines()) - 1, "longer than 50000 characters", capsys)
    path = tmp_path / "ctx.tex"
    path.write_text(PREAMBLE + CONTEXT.replace("[sizes]", "# was \\renewcommand{\\bx}{\\mathbf{z}}\n[sizes]")
                    + "\\begin{equation}\n\\pd{L}{\\bx} = \\sm(\\bx) - \\yy \\quad \\text{given } \\sum_i y_i = 1\n"
                    "\\end{equation}\n\\end{document}\n")
    (f,) = read_document(path).files
    assert [c.verdict for c in checked(f, 60)] == ["proved"]


def test_a_relation_the_reader_reads_may_not_be_let_to_another_character(tmp_path, capsys):
    # a re-probe: \let\triangleq=< made TeX print df/dx < 2x, which derive proved as an equation
    path = tmp_path / "let.tex"
    path.write_text(PREAMBLE.replace("\\newcommand{\\bx}", "\\let\\triangleq=<\n\\newcommand{\\bx}") + CONTEXT
                    + "\\[ t \\triangleq t \\]\n\\end{document}\n")
    assert_one_line_error(path, 3, "cannot read this redefinition of \\triangleq", capsys)


#: The start of ICLR's math_commands.tex as papers paste it into their preamble (\def\1 a control symbol, parameter
#: texts, \DeclareMathOperator*, \let\ab\allowbreak): the paper must read, its claims in \vx, \mW … checked.
ICLR_PREAMBLE = r"""% ICLR-style math_commands.tex (subset)
\newcommand{\figleft}{{\em (Left)}}
\def\ceil#1{\lceil #1 \rceil}
\def\floor#1{\lfloor #1 \rfloor}
\def\1{\bm{1}}
\newcommand{\train}{\mathcal{D}}
\def\eps{{\epsilon}}
\def\reta{{\textnormal{$\eta$}}}
\def\va{{\bm{a}}}
\def\vx{{\bm{x}}}
\def\vy{{\bm{y}}}
\def\vz{{\bm{z}}}
\def\mW{{\bm{W}}}
\def\vs{{\bm{s}}}
\newcommand{\E}{\mathbb{E}}
\newcommand{\R}{\mathbb{R}}
\newcommand{\KL}{D_{\mathrm{KL}}}
\newcommand{\softmax}{\text{softmax}}
\newcommand{\sigmoid}{\sigma}
\newcommand{\softplus}{\zeta}
\DeclareMathOperator*{\argmax}{arg\,max}
\DeclareMathOperator*{\argmin}{arg\,min}
\DeclareMathOperator{\sign}{sign}
\DeclareMathOperator{\Tr}{Tr}
\let\ab\allowbreak
"""


def test_a_paper_with_iclrs_math_commands_reads_and_is_checked(tmp_path):
    # \def\1{\bm{1}} (a digit's control symbol, which derive reads nowhere) refused the whole preamble
    claims = [(r"\vz", r"\vs - \vy"), (r"\mW", r"(\vs - \vy) \vx^\top"), (r"\mW", r"\vx (\vs - \vy)^\top")]
    body = "".join("\\begin{equation}\n\\frac{\\partial L}{\\partial " + w + "} = " + rhs
                   + " \\quad \\text{given } \\sum_i y_i = 1\n\\end{equation}\n" for w, rhs in claims)
    context = ('\\begin{derive}\n[sizes]\nn = "classes"\nm = "features"\n[inputs]\nx = ["m"]\nW = ["n", "m"]\n'
               'y = ["n"]\n[define]\n"z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"\n'
               '"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"\n"L" = "-Sum(y[i]*log(s[i]), (i, 1, n))"\n'
               '\\end{derive}\n')
    path = tmp_path / "iclr.tex"
    path.write_text("\\documentclass{article}\n\\usepackage{amsmath,amssymb,bm}\n" + ICLR_PREAMBLE
                    + "\\begin{document}\n" + context + body + "\n\\end{document}\n")
    (f,) = read_document(path).files
    assert [c.verdict for c in checked(f, 60)] == ["proved", "proved", "refuted"]


def test_a_markdown_notes_own_macros_are_expanded_as_mathjax_keeps_them(tmp_path, capsys):
    # MathJax keeps a \newcommand made in any math of the page: notes define \bx once and use it everywhere
    note = ("# Notes\n\n$$\\newcommand{\\bx}{\\mathbf{x}} \\newcommand{\\pd}[2]{\\frac{\\partial #1}{\\partial #2}}$$\n\n"
            "```derive\ngiven = [\"Sum(y[i], (i, 1, n)) = 1\"]\n[sizes]\nn = \"classes\"\n[inputs]\nx = [\"n\"]\n"
            "y = [\"n\"]\n[define]\n\"s[i]\" = \"exp(x[i]) / Sum(exp(x[k]), (k, 1, n))\"\n"
            "\"L\" = \"-Sum(y[i]*log(s[i]), (i, 1, n))\"\n```\n\n"
            "Inline too: $\\DeclareMathOperator{\\sm}{softmax}$ defines $\\sm$.\n\n"
            "$$ \\pd{L}{\\bx} = \\sm(\\bx) - y $$\n\n$$ \\pd{L}{\\bx} = y - \\sm(\\bx) $$\n")
    path = tmp_path / "notes.md"
    path.write_text(note)
    (f,) = read_document(path).files
    assert [(c.verdict, c.name) for c in checked(f, 60)] == [
        ("proved", r"\frac{\partial L}{\partial \mathbf{x}} = \operatorname{softmax}(\mathbf{x}) - y"),
        ("refuted", r"\frac{\partial L}{\partial \mathbf{x}} = y - \operatorname{softmax}(\mathbf{x})")]
    # redefining a macro derive reads stays refused, as before
    path.write_text(note.replace("\\newcommand{\\bx}", "\\renewcommand{\\frac}{x} \\newcommand{\\bx}"))
    assert_one_line_error(path, 3, "cannot read this redefinition of \\frac", capsys)

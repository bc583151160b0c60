"""Markdown and LaTeX documents: which equations become claims, at which lines, and what is rejected."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import sympy as sp

from derive.documents.load import documents_in, has_context, read_document
from derive.errors import InputError
from derive.verify import check_loaded
from _checking import checked, crew
from _cli import run
from _oneline import assert_one_line_error

ROOT = Path(__file__).parents[1]
CONTEXT = """```derive
given = ["Sum(y[i], (i, 1, n)) = 1"]
[sizes]
n = "classes"
[inputs]
z = ["n"]
y = ["n"]
b = []
[define]
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
"L" = "-Sum(y[i]*log(s[i]), (i, 1, n))"
```
"""


def write(tmp_path: Path, text: str, name: str = "notes.md") -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def claims(path: Path) -> list[tuple[int, str]]:
    return [(c.line, c.text) for f in read_document(path).files for c in f.claims]


def verdicts(tmp_path: Path, text: str) -> list[str]:
    """The verdicts of the claims of notes ``text`` (one derive context), in order."""
    return [c.verdict for c in check_loaded(read_document(write(tmp_path, text)).files[0], 60).claims]


def lines_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle`` (so tests never hard-code positions)."""
    return next(n for n, ln in enumerate(text.split("\n"), start=1) if needle in ln)


MIXED = r"""# Notes

Before the context, display math is prose: nothing here is read.

$$ \frac{\partial \mathcal{L}}{\partial \theta} = \text{anything at all} $$

""" + CONTEXT + r"""
Inline math like $s_i = e^{z_i}$ or $a = b$ is never read.

| quantity | meaning |
|----------|---------|
| $z_i$    | logit $= W x$ |

```python
# code is shown, not read, even when it looks like math
$$ x = y $$
loss = -(y * np.log(s)).sum()
```

- A list item with its own display math is checked:

    $$ 2 b = b + b $$

A block without an equals sign is not a claim, nor is one with only $\approx$ or $\in$:

$$ \sum_i y_i \log s_i $$

$$ z \in \mathbb{R}^n, \qquad s_i \approx 0.5 $$

$$ \frac{\partial L}{\partial z_j} = s_j - y_j \quad \text{(the famous result)} $$

```math
\frac{\partial s_i}{\partial z_j} = s_i (\delta_{ij} - s_j) \tag{2}
```
"""


def test_mixed_content_gives_only_the_real_claims(tmp_path):
    p = write(tmp_path, MIXED)
    got = claims(p)
    assert got == [
        (lines_of(MIXED, "    $$ 2 b"), "2 b = b + b"),
        (lines_of(MIXED, "the famous result"), r"\frac{\partial L}{\partial z_j} = s_j - y_j"),
        (lines_of(MIXED, r"\tag{2}"), r"\frac{\partial s_i}{\partial z_j} = s_i (\delta_{ij} - s_j)"),
    ]


def test_chains_rows_annotations_and_punctuation(tmp_path):
    text = CONTEXT + r"""
$$
\begin{aligned}
\frac{\partial L}{\partial z_j}
  &= \sum_i \frac{\partial L}{\partial s_i} \frac{\partial s_i}{\partial z_j} \\
  &= -\sum_i y_i (\delta_{ij} - s_j) \qquad \text{expand} \\
  &= s_j \sum_i y_i
     - y_j, \\
b &= b = b + 0. \nonumber
\end{aligned}
$$

\[ b = b, \quad 2 b = b + b \]
"""
    p = write(tmp_path, text)
    got = claims(p)
    sum_line = lines_of(text, r"&= \sum_i")
    assert got == [
        (sum_line, r"\frac{\partial L}{\partial z_j} = \sum_i \frac{\partial L}{\partial s_i} "
                   r"\frac{\partial s_i}{\partial z_j}"),
        (sum_line + 1, r"\sum_i \frac{\partial L}{\partial s_i} \frac{\partial s_i}{\partial z_j} = "
                       r"-\sum_i y_i (\delta_{ij} - s_j)"),
        (sum_line + 2, r"-\sum_i y_i (\delta_{ij} - s_j) = s_j \sum_i y_i - y_j"),
        (sum_line + 4, "b = b"),
        (sum_line + 4, "b = b + 0"),
        (lines_of(text, r"\[ b = b"), "b = b"),
        (lines_of(text, r"\[ b = b"), "2 b = b + b"),
    ]


def test_directives_skip_and_given_apply_to_the_next_block_only(tmp_path):
    text = CONTEXT.replace('given = ["Sum(y[i], (i, 1, n)) = 1"]\n', "") + r"""
<!-- derive: skip -->
$$ \frac{\partial L}{\partial W} = (s - y) x^\top $$

<!-- derive: given Sum(y[i], (i, 1, n)) = 1 -->
$$ \frac{\partial L}{\partial z_j} = s_j - y_j $$

$$ \frac{\partial L}{\partial z_j} = s_j - y_j $$
"""
    doc = read_document(write(tmp_path, text))
    (f,) = doc.files
    assert [len(c.givens) for c in f.claims] == [1, 0]
    assert f.claims[0].givens[0].line == lines_of(text, "derive: given")
    assert f.claims[1].name == r"\frac{\partial L}{\partial z_j} = s_j - y_j (2)"


def test_a_later_context_starts_afresh(tmp_path):
    text = CONTEXT + "$$ b = b $$\n\n```derive\n[inputs]\nq = []\n```\n\n$$ q = q $$\n\n$$ b = b $$\n"
    with pytest.raises(InputError) as exc:
        read_document(write(tmp_path, text))
    assert exc.value.line == text.count("\n")  # the last block: b is not declared in the second context
    assert "unknown symbol 'b'" in exc.value.message


def test_a_name_is_unique_in_the_whole_document_across_its_contexts(tmp_path):
    # file::name names one claim (pytest's node ids, which xdist schedules by; derive check's lines and JSON):
    # an equation written again under a later context is numbered on, as a repeat within one context is.
    context = "```derive\n[inputs]\nx = []\n[define]\n\"f\" = \"{k}*x\"\n```\n\n"
    text = "# Repeats\n\n" + context.format(k=2) + "$$ f = 2 x $$\n\n$$ f = 2 x $$\n\n$$ x = x $$\n\n" + \
        context.format(k=3) + "$$ f = 2 x $$\n\n$$ f = 3 x $$\n\n$$ x = x $$\n"
    doc = read_document(write(tmp_path, text))
    assert [[c.name for c in f.claims] for f in doc.files] == [
        ["f = 2 x", "f = 2 x (2)", "x = x"], ["f = 2 x (3)", "f = 3 x", "x = x (2)"]]
    assert [name for found in doc.claims_of.values() for _, name in found] == \
        [c.name for f in doc.files for c in f.claims]  # what a report looks each block's verdicts up by
    assert [c.verdict for f in doc.files for c in check_loaded(f, 60.0).claims] == \
        ["proved", "proved", "proved", "refuted", "proved", "proved"]


def test_symbols_table_maps_latex_to_quantities(tmp_path):
    text = CONTEXT[:-4] + "[symbols]\n'\\hat{y}' = \"s\"\n'\\mathcal{L}' = \"L\"\n```\n" + \
        r"$$ \frac{\partial \mathcal{L}}{\partial z_j} = \hat{y}_j - y_j $$" + "\n"
    (f,) = read_document(write(tmp_path, text)).files
    s, y, z = (sp.IndexedBase(c, real=True) for c in "syz")
    j = sp.Symbol("j", integer=True)
    assert f.claims[0].rhs == s[j] - y[j]
    assert f.claims[0].lhs == sp.Derivative(sp.Symbol("L", real=True), z[j], evaluate=False)


def test_a_symbols_key_subscripted_with_upright_text_names_the_quantity(tmp_path):
    # D_{\mathrm{KL}}, L_{\text{train}}: a subscript in upright type is part of the name, as p_t is.
    text = CONTEXT[:-4] + "[symbols]\n'D_{\\mathrm{KL}}' = \"b\"\n'L_{\\text{train}}' = \"L\"\n```\n" + \
        r"$$ D_{\mathrm{KL}} + L_{\text{train}} = L_{\text{train}} + D_{\mathrm{KL}} $$" + "\n"
    (f,) = read_document(write(tmp_path, text)).files
    b, L = sp.Symbol("b", real=True), sp.Symbol("L", real=True)
    assert f.claims[0].lhs == b + L


def test_a_symbols_key_of_several_factors_names_one_quantity(tmp_path):
    # '\cos\theta' = "c": the cosine similarity written as the notes write it, not cos applied to θ.
    text = CONTEXT[:-4] + "[symbols]\n'\\log Z' = \"b\"\n```\n" + \
        r"$$ 2 \log Z \cdot y_j = y_j \cdot \log Z + \log Z\, y_j $$" + "\n"
    (f,) = read_document(write(tmp_path, text)).files
    b, y = sp.Symbol("b", real=True), sp.IndexedBase("y", real=True)
    j = sp.Symbol("j", integer=True)
    assert sp.expand(f.claims[0].lhs - 2 * b * y[j]) == 0
    assert sp.expand(f.claims[0].rhs - 2 * b * y[j]) == 0
    unmapped = CONTEXT + r"$$ \log Z = b $$" + "\n"
    with pytest.raises(InputError, match="Z"):
        read_document(write(tmp_path, unmapped))


@pytest.mark.parametrize("block, needle, message", [
    ("$$\nb = 1\n  + \\foo\n$$", r"\foo", r"cannot read \foo"),
    ("$$ b = b $$\n\n$$\n\\frac{\\partial L}{\\partial z} = 1\n$$", r"\partial z}",
     "the sides have different shapes: the left side is (n,), the right side is a scalar"),
    # a note's \def is now expanded as MathJax does ($$\def\x{1} \x = 1$$ reads 1 = 1); \providecommand is not
    ("$$ b = b $$\n\n$$\\providecommand{\\x}{1} \\x = 1$$", r"\providecommand", r"cannot read \x"),
    # the chain rule in numerator layout: told how derive lays a gradient out
    ("$$\n\\frac{\\partial L}{\\partial z} = \\frac{\\partial L}{\\partial s} \\frac{\\partial s}{\\partial z}\n$$",
     r"\frac{\partial L}{\partial z} =", "so the chain rule reads (∂s/∂z)ᵀ ∂L/∂s"),
    ("$$\n\\frac{\\partial L}{\\partial z} = \\left(\\frac{\\partial L}{\\partial s}\\right)^\\top "
     "\\frac{\\partial s}{\\partial z}\n$$", r"\frac{\partial L}{\partial z} =",
     "a row against a column: a gradient ∂L/∂v has v's shape"),
    ("$$ b = " + "{" * 50 + "b" + "}" * 50 + " $$", "{{{", "nests braces"),
    ("<!-- derive: given b == 1 -->\n$$ b = b $$", "derive: given", "given 'b == 1'"),
    ("$$\n\\begin{aligned}\nb &= b \\\\\n  &= q\n\\end{aligned}\n$$", "&= q", "unknown symbol 'q'"),
])
def test_errors_name_the_exact_line(tmp_path, block, needle, message):
    text = CONTEXT + "\nSome prose.\n\n" + block + "\n"
    with pytest.raises(InputError) as exc:
        read_document(write(tmp_path, text))
    assert exc.value.line == lines_of(text, needle), str(exc.value)
    assert message in exc.value.message


def test_a_bad_context_names_the_document_line(tmp_path):
    text = "# T\n\n```derive\n[sizes]\nn = \"c\"\n[inputs]\nx = [\"k\"]\n```\n"
    with pytest.raises(InputError) as exc:
        read_document(write(tmp_path, text))
    assert exc.value.line == lines_of(text, 'x = ["k"]')
    assert "not a declared size" in exc.value.message


def test_a_document_without_context(tmp_path):
    p = write(tmp_path, "# Just notes\n\n$$ a = b $$\n")
    assert not has_context(p)
    with pytest.raises(InputError, match="no derive context"):
        read_document(p)
    shown = write(tmp_path, "````markdown\n```derive\n[sizes]\n```\n````\n", "readme.md")
    assert not has_context(shown)  # a derive fence shown inside a code block is no context
    write(tmp_path, CONTEXT + "$$ b = b $$\n", "checked.md")
    assert [p.name for p in documents_in(tmp_path)] == ["checked.md"]


TEX = r"""\documentclass{article}
\usepackage{amsmath}
%! derive [sizes]
%! derive n = "classes"
%! derive [inputs]
%! derive z = ["n"]
%! derive b = []
%! derive [define]
%! derive "s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
\begin{document}
Prose with $b = 2$ inline, a line break \\[2pt] and a comment % $$ b = 3 $$
\begin{equation}
  \frac{\partial s_i}{\partial z_j} = s_i (\delta_{ij} - s_j) \label{eq:jac}
\end{equation}
%! derive: skip
\[ \nabla_z s = \operatorname{diag}(s) - s s^\top \]
\begin{align*}
  b &= b \\ % a comment inside math: $$ b = 4 $$
    &= 2 b - b
\end{align*}
$$ b = b $$
\end{document}
"""


def test_latex_context_lines_skip_labels_and_environments(tmp_path):
    p = write(tmp_path, TEX, "paper.tex")
    assert has_context(p)
    doc = read_document(p)
    (f,) = doc.files
    assert [(c.line, c.name) for c in f.claims] == [
        (lines_of(TEX, r"\label{eq:jac}"), r"eq:jac: \frac{\partial s_i}{\partial z_j} = s_i (\delta_{ij} - s_j)"),
        (lines_of(TEX, "b &= b"), "b = b"),
        (lines_of(TEX, "&= 2 b - b"), "b = 2 b - b"),
        (lines_of(TEX, "$$ b = b $$"), "b = b (2)"),
    ]


def _row_labels(tmp_path, text: str, name: str) -> list[str]:
    """The label each claim of a LaTeX note is named by ("" for none), in order."""
    (f,) = read_document(write(tmp_path, text, name)).files
    return [c.name.rpartition(": ")[0] for c in f.claims]


def test_each_row_of_an_align_labelled_row_by_row_is_named_by_its_own_label(tmp_path):
    # a probe: every row took the first \label, so the wrong row x^2 = 2x was reported as eq:a
    text = ("\\documentclass{article}\n\\begin{document}\n%! derive [inputs]\n%! derive x = []\n"
            "%! derive [define]\n%! derive \"f\" = \"x**2\"\n\\begin{align}\n"
            "  f &= x x \\label{eq:a} \\\\\n    &= x^2 \\\\\n"
            "    &= \\begin{cases} 2 x & x > 0 \\\\ 2 x & \\text{otherwise} \\end{cases} \\label{eq:c}\n"
            "\\end{align}\n\\begin{equation}\n  f = x^2 \\label{eq:d} \\notag\n\\end{equation}\n\\end{document}\n")
    assert _row_labels(tmp_path, text, "rows.tex") == ["eq:a", "", "eq:c", "eq:d"]
    # a second probe: rows were matched by line, so two rows on one line, a label on the line after its row's
    # relation and a \\ inside \text took the wrong row's label
    text = ("\\documentclass{article}\n\\begin{document}\n%! derive [inputs]\n%! derive x = []\n%! derive y = []\n"
            "\\begin{align}\nx^2 &= x x \\label{eq:c} \\\\ y^2 &= 2 y \\label{eq:d}\n\\end{align}\n"
            "\\begin{align}\nx^2 &= x\nx \\label{eq:m} \\\\ x^6 &= 6 x\n\\label{eq:n}\n\\end{align}\n"
            "\\begin{align}\nx^2 &= x x \\quad \\text{by \\\\ definition} \\label{eq:g} \\\\\nx^4 &= 4 x \\label{eq:h}\n"
            "\\end{align}\n\\end{document}\n")
    assert _row_labels(tmp_path, text, "rows2.tex") == ["eq:c", "eq:d", "eq:m", "eq:n", "eq:g", "eq:h"]
    # a third probe: the label of a row that continues the equation above (&\quad + y) is that equation's
    text = ("\\documentclass{article}\n\\begin{document}\n%! derive [inputs]\n%! derive x = []\n%! derive y = []\n"
            "\\begin{align}\nx^2 + y &= x x \\\\\n&\\quad + y \\label{eq:A} \\\\\nx^3 &= 3 x \\label{eq:B}\n"
            "\\end{align}\n\\end{document}\n")
    (f,) = read_document(write(tmp_path, text, "rows3.tex")).files
    assert [c.name for c in f.claims] == ["eq:A: x^2 + y = x x + y", "eq:B: x^3 = 3 x"]


def test_intertext_between_rows_ends_with_its_group(tmp_path):
    # a probe: \intertext{and so} took the next row's left side up to its &, which then continued the chain
    # above as x x = 2 y (the old reading), or was refused as math beside it
    for words in ("and so", r"hence \\eqref{eq:A} gives"):  # braces nested in the words too (a fourth probe)
        text = ("\\documentclass{article}\n\\begin{document}\n%! derive [inputs]\n%! derive x = []\n%! derive y = []\n"
                "\\begin{align}\nx^2 &= x x \\\\\n\\intertext{" + words + "}\ny^2 &= 2 y\n\\end{align}\n\\end{document}\n")
        (f,) = read_document(write(tmp_path, text, "inter.tex")).files
        assert [c.text for c in f.claims] == ["x^2 = x x", "y^2 = 2 y"]


def test_inline_verbatim_in_latex_is_code_not_math(tmp_path):
    # a reader probe: \verb|\[ x + x = 3x \]|, printed as code, was read and refuted
    text = ("\\documentclass{article}\n\\begin{document}\n%! derive [inputs]\n%! derive x = []\n"
            "Write \\verb|\\[ x + x = 3x \\]| or \\verb+$$ x = 2x $$+ (a % stays).\n\\[ x + x = 2 x \\]\n\\end{document}\n")
    (f,) = read_document(write(tmp_path, text, "verb.tex")).files
    assert [c.text for c in f.claims] == ["x + x = 2 x"]


def test_math_in_an_indented_code_block_is_code_and_in_a_list_item_math(tmp_path):
    # a probe: four spaces outside a list make a code block (CommonMark shows it as code), yet its $$ was read
    text = ("```derive\n[inputs]\nx = []\n```\n\nA wrong step, shown as code:\n\n    $$\n    x = x + 1\n    $$\n\n"
            "        \\[ x = 3 x \\]\n\n1. The step itself:\n\n    $$\n    x + x = 2 x\n    $$\n")
    (f,) = read_document(write(tmp_path, text)).files
    assert [(c.line, c.text) for c in f.claims] == [(17, "x + x = 2 x")]


def test_old_mac_line_ends_and_backticks_after_a_fence_read_as_commonmark_does(tmp_path):
    # a probe: a lone CR (a line end to CommonMark) shifted markdown-it's lines against derive's, so the math after
    # an indented code block was skipped; and ```x``` (inline code) opened a fence that hid the math after it
    text = ("```derive\n[inputs]\nx = []\n```\n\nProse from an old Mac.\rIts second line.\n\n    print(1)\n"
            "$$ x + x = 3 x $$\n\n```x``` is inline code.\n\n$$ x x = 2 x $$\n\n```python\nprint(1)\n```\n")
    (f,) = read_document(write(tmp_path, text)).files
    assert [(c.line, c.text) for c in f.claims] == [(10, "x + x = 3 x"), (14, "x x = 2 x")]


def test_latex_derive_environment(tmp_path):
    text = ("\\documentclass{article}\n\\usepackage{derive}\n\\begin{document}\n\\begin{derive}\n"
            "[inputs]\nb = []\n\\end{derive}\n\\begin{equation}\n2 b = b + b\n\\end{equation}\n\\end{document}\n")
    (f,) = read_document(write(tmp_path, text, "p.tex")).files
    assert [(c.line, c.text) for c in f.claims] == [(9, "2 b = b + b")]


@pytest.mark.parametrize("hostile, message", [
    ("\\input{other}\n", "does not follow"),
    ("\\include{chapter}\n", "does not follow"),
    ("\\catcode`\\$=11\n", "catcode"),
    ("\\renewcommand{\\frac}[2]{#2/#1}\n", "redefinition of \\frac"),
    ("\\def\\sum{\\prod}\n", "redefinition of \\sum"),
    ("\\let\\partial\\delta\n", "redefinition of \\partial"),
    ("\\renewenvironment{equation}{}{}\n", "redefinition of equation"),
    # macros built at run time, hex-coded backslashes and conditional inputs (the hostile-input probe)
    ("\\expandafter\\renewcommand\\csname frac\\endcsname[2]{#2/#1}\n", "cannot read \\expandafter"),
    ("\\def^^5cfrac#1#2{#2/#1}\n", "cannot read ^^"),
    ("\\csname input\\endcsname{evil}\n", "cannot read \\csname"),
    ("\\InputIfFileExists{evil.tex}{}{}\n", "cannot read \\InputIfFileExists"),
    ("\\DeclareDocumentCommand\\frac{mm}{#2/#1}\n", "redefinition of \\frac"),
    ("\\RenewCommandCopy\\cdot\\times\n", "redefinition of \\cdot"),
    ("\\everymath{\\displaystyle}\n", "cannot read \\everymath"),
    # the third probe: math characters, expl3, etoolbox, and definitions TeX runs but derive's blanking hid
    ("\\mathchardef\\cdot=\"202B\n", "cannot read \\mathchardef"),
    ("\\ExplSyntaxOn \\cs_set:Npn \\frac #1#2 {#2/#1} \\ExplSyntaxOff\n", "cannot read \\ExplSyntaxOn"),
    ("\\csdef{frac}#1#2{#2/#1}\n", "cannot read \\csdef"),
    ("\\RenewExpandableDocumentCommand\\frac{mm}{#2/#1}\n", "redefinition of \\frac"),
    ("\\newcommand\\foo{\\iffalse}\\def\\frac#1#2{#2/#1}\\newcommand\\foob{\\fi}\n", "redefinition of \\frac"),
    ("\\verb|%| \\def\\frac#1#2{#2/#1}\n", "redefinition of \\frac"),
    ("\\def\\,{+1}\n", "redefinition of \\,"),
])
def test_hostile_latex_is_rejected_at_its_line(tmp_path, hostile, message):
    text = TEX.replace("\\begin{document}\n", "\\begin{document}\n" + hostile)
    with pytest.raises(InputError) as exc:
        read_document(write(tmp_path, text, "h.tex"))
    assert message in exc.value.message
    assert exc.value.line == lines_of(text, hostile.strip()[:8])


def test_a_package_of_the_papers_own_folder_is_rejected_but_derives_own(tmp_path):
    root = Path(__file__).resolve().parents[1]
    text = TEX.replace("\\begin{document}\n", "\\usepackage{evilpkg,derive}\n\\begin{document}\n")
    (tmp_path / "derive.sty").write_text((root / "examples" / "derive.sty").read_text())
    (tmp_path / "evilpkg.sty").write_text("\\renewcommand{\\frac}[2]{#2/#1}\n")
    with pytest.raises(InputError, match=r"evilpkg.sty in the document's folder could redefine"):
        read_document(write(tmp_path, text, "p.tex"))
    (tmp_path / "evilpkg.sty").unlink()  # a package installed elsewhere (amsmath) is the reader's own business
    assert len(read_document(write(tmp_path, text, "p.tex")).files[0].claims) == 4
    (tmp_path / "derive.sty").write_text("\\let\\frac\\relax\n")  # not derive's own any more
    with pytest.raises(InputError, match=r"derive.sty in the document's folder"):
        read_document(write(tmp_path, text, "p.tex"))


@pytest.mark.parametrize("where", ["The fraction $\\def\\frac#1#2{#2/#1}$ flips.\n\n",
                                   "$$\n\\renewcommand{\\frac}[2]{#2/#1}\n$$\n\n"])
def test_a_note_whose_math_redefines_a_macro_derive_reads_is_rejected(tmp_path, where):
    # MathJax keeps a definition made anywhere on the page for the math after it
    text = CONTEXT + where + "$$ \\frac{b}{2} \\cdot 2 = b $$\n"
    with pytest.raises(InputError, match=r"redefinition of \\frac"):
        read_document(write(tmp_path, text, "m.md"))


def test_a_harmless_macro_definition_is_allowed_but_not_expanded(tmp_path):
    text = TEX.replace("\\begin{document}\n", "\\newcommand{\\R}{\\mathbb{R}}\n\\begin{document}\n")
    assert len(read_document(write(tmp_path, text, "ok.tex")).files[0].claims) == 4


def test_hostile_sizes_are_bounded(tmp_path):
    huge = write(tmp_path, CONTEXT + "$$ b = b $$\n" * 30000)
    with pytest.raises(InputError, match="larger than"):
        read_document(huge)
    many = write(tmp_path, CONTEXT + "$$ b = b $$\n" * 201, "many.md")
    with pytest.raises(InputError, match="more than 200 claims"):
        read_document(many)
    unclosed = write(tmp_path, CONTEXT + "$$\nb = b\n", "open.md")
    with pytest.raises(InputError, match="never closed"):
        read_document(unclosed)
    long = write(tmp_path, CONTEXT + "$$ b = " + "b + " * 600 + "b $$\n", "long.md")
    with pytest.raises(InputError, match="characters long"):
        read_document(long)


def test_cli_bad_document_is_one_line_exit_2(tmp_path, capsys):
    p = write(tmp_path, CONTEXT + "\n$$ b = \\input{/etc/passwd} $$\n")
    assert_one_line_error(p, lines_of(p.read_text(), "passwd"), "cannot read \\input", capsys)


def test_cli_checks_documents_in_a_folder_walk(tmp_path, capsys):
    write(tmp_path, CONTEXT + "$$ \\frac{\\partial L}{\\partial z_j} = y_j - s_j $$\n", "wrong.md")
    write(tmp_path, "# no context here\n$$ a = b $$\n", "plain.md")
    write(tmp_path, TEX, "paper.tex")
    r = run(capsys, "check", str(tmp_path), "--timeout", "60")
    assert r.returncode == 1, r.stderr
    out = r.stdout
    assert f"{tmp_path / 'wrong.md'}:{CONTEXT.count(chr(10)) + 1}: refuted  " \
           "\\frac{\\partial L}{\\partial z_j} = y_j - s_j" in out
    assert "counterexample:" in out and "plain.md" not in out
    assert f"{tmp_path / 'paper.tex'}:{lines_of(TEX, 'label{eq:jac}')}: proved  eq:jac: \\frac" in out
    assert "5 claim(s) in 2 file(s): 4 proved, 1 refuted, 0 unproved" in out


def test_markdown_align_environment_and_math_fence_lines(tmp_path):
    text = CONTEXT + "\n\\begin{align*}\n2 b &= b + b \\\\\n  &= 2 b\n\\end{align*}\n"
    assert claims(write(tmp_path, text)) == [(lines_of(text, "2 b &="), "2 b = b + b"),
                                             (lines_of(text, "&= 2 b"), "b + b = 2 b")]


class _LabelScope:
    """A scope with issue 11's labels (the shared contract), standing in until the parser has them."""

    def __init__(self):
        from derive.verify.parser import Scope
        self._scope = Scope(quantities={"z": 2, "L": 0}, sizes={"n": sp.Symbol("n", integer=True, positive=True),
                                                                  "B": sp.Symbol("B", integer=True, positive=True)})
        self.quantities, self.sizes, self.labels = self._scope.quantities, self._scope.sizes, {"c": ("B",)}

    def base(self, name):
        return self._scope.base(name)


def test_labels_stand_where_an_index_may():
    from derive.documents.mathbuild import MathContext, read_math
    n, B = sp.Symbol("n", integer=True, positive=True), sp.Symbol("B", integer=True, positive=True)
    ctx = MathContext(_LabelScope(), {"z": (B, n), "L": ()})
    zb = sp.IndexedBase("z", real=True)
    c = sp.IndexedBase("c", integer=True, positive=True)
    b_, j = sp.Symbol("b", integer=True), sp.Symbol("j", integer=True)
    assert read_math(r"z_{b, c_b}", ctx) == zb[b_, c[b_]]
    assert read_math(r"\mathbb{1}[j = c_b]", ctx) == sp.KroneckerDelta(j, c[b_])
    excluded = zb[b_, j] * (1 - sp.KroneckerDelta(j, c[b_]))
    assert read_math(r"\sum_{j \ne c_b} z_{bj}", ctx) == sp.Sum(excluded, (j, 1, n))


@pytest.mark.slow
def test_the_examples_check_as_documented(session_check):
    from derive.documents.load import load_documents
    verdicts = {}
    for name in ("softmax_notes.md", "logistic.tex", "backprop_mistakes.md"):
        # Through the session's verdict cache: `derive check examples/` decides these claims too.
        verdicts[name] = [c.verdict for f in load_documents(ROOT / "examples" / name)
                          for c in session_check(f, 60).claims]
    assert len(verdicts["softmax_notes.md"]) >= 15 and set(verdicts["softmax_notes.md"]) == {"proved"}
    assert len(verdicts["logistic.tex"]) >= 8 and set(verdicts["logistic.tex"]) == {"proved"}
    assert len(verdicts["backprop_mistakes.md"]) >= 4 and set(verdicts["backprop_mistakes.md"]) == {"refuted"}


@pytest.mark.skipif(__import__("shutil").which("pdflatex") is None, reason="pdflatex is not installed (CI installs it)")
def test_logistic_tex_compiles_with_pdflatex(tmp_path):
    for name in ("logistic.tex", "derive.sty"):
        (tmp_path / name).write_text((ROOT / "examples" / name).read_text())
    r = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "logistic.tex"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout[-2000:]
    assert (tmp_path / "logistic.pdf").stat().st_size > 1000
    assert (ROOT / "examples" / "derive.sty").read_text().count("\n") == 1  # one line, as promised


pytest_plugins = ["pytester"]


def test_pytest_collects_one_item_per_equation(pytester):
    pytester.makefile(".md", notes=CONTEXT + "$$ 2 b = b + b = 3 b $$\n\nprose\n\n$$ b = b $$\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*notes.md::2 b = b + b PASSED*", "*notes.md:*: refuted  b + b = 3 b",
                                 "*counterexample:*"])


def test_cli_json_for_a_document(tmp_path, capsys):
    import json
    p = write(tmp_path, CONTEXT + "\n$$ 2 b = b + b $$\n")
    r = run(capsys, "check", str(p), "--json")
    assert r.returncode == 0, r.stderr
    (item,) = json.loads(r.stdout)
    assert (item["file"], item["line"], item["name"], item["verdict"]) == (str(p), CONTEXT.count("\n") + 2,
                                                                           "2 b = b + b", "proved")


def test_the_math_read_per_document_is_bounded(tmp_path, monkeypatch):
    import derive.documents.load as load
    monkeypatch.setattr(load, "MAX_DOCUMENT_MATH", 20)
    text = CONTEXT + "$$ 2 b = b + b = 2 b $$\n\n$$ 3 b = b + b + b + 0 $$\n"
    with pytest.raises(InputError) as exc:
        read_document(write(tmp_path, text))
    assert exc.value.line == lines_of(text, "3 b =") and "exceed 20 characters" in exc.value.message


def test_myst_math_directive_is_display_math(tmp_path):
    text = CONTEXT + "\n```{math}\n2 b = b + b\n```\n"
    assert claims(write(tmp_path, text)) == [(lines_of(text, "2 b = b + b"), "2 b = b + b")]


def test_readme_quotes_real_lines_of_the_notes():
    import re
    quoted = re.findall(r"^examples/softmax_notes\.md:(\d+): proved  (.+)$", (ROOT / "README.md").read_text(), re.M)
    assert len(quoted) == 4
    real = {(c.line, c.name) for f in read_document(ROOT / "examples" / "softmax_notes.md").files for c in f.claims}
    assert {(int(n), text) for n, text in quoted} <= real


def test_commented_out_and_verbatim_math_is_not_read(tmp_path):
    md = CONTEXT + "<!--\n$$ b = \\foo $$\n-->\n\n$$ \\left. 2 b \\right. = b + b $$\n"
    assert claims(write(tmp_path, md)) == [(lines_of(md, "2 b"), "\\left. 2 b \\right. = b + b")]
    # ... on one line too (a probe: it was read and checked, though no reader sees it)
    md = CONTEXT + "<!-- $$ b = 2 b $$ -->\n\n$$ \\left. 2 b \\right. = b + b $$\n"
    assert claims(write(tmp_path, md)) == [(lines_of(md, "2 b \\right"), "\\left. 2 b \\right. = b + b")]
    tex = TEX.replace("\\begin{document}\n", "\\begin{document}\n\\begin{verbatim}\n$$ b = \\foo $$\n"
                      "\\end{verbatim}\n\\iffalse\n\\[ b = \\bar $$ \\]\n\\fi\n")
    assert len(claims(write(tmp_path, tex, "v.tex"))) == 4


def test_an_ellipsis_says_why():
    from derive.documents.mathbuild import read_math
    from derive.documents.pieces import MathContext
    from derive.verify.parser import ParseError, Scope
    ctx = MathContext(Scope(quantities={"b": 0}, sizes={}), {"b": ()})
    with pytest.raises(ParseError, match="an ellipsis cannot be checked"):
        read_math(r"b + \dots + b", ctx)


def test_a_continued_row_keeps_its_terms(tmp_path):
    # "&\quad + b" continues the expression above (dropping "+ b" would check the wrong step);
    # a row with its own "=" that starts with a minus sign is a new chain.
    text = CONTEXT + r"""
$$
\begin{aligned}
3 b &= b + b \\
    &\quad + b \\
    &= 3 b \\
-b &= -b
\end{aligned}
$$
"""
    assert claims(write(tmp_path, text)) == [(lines_of(text, "3 b &="), "3 b = b + b + b"),
                                             (lines_of(text, "&= 3 b"), "b + b + b = 3 b"),
                                             (lines_of(text, "-b &="), "-b = -b")]


@pytest.mark.parametrize("row, expected", [
    (r"2 b = b + b \quad 3 b = b + 2 b", ["2 b = b + b", "3 b = b + 2 b"]),
    (r"2 b = b + b, \qquad 3 b = b + 2 b.", ["2 b = b + b", "3 b = b + 2 b"]),
    # a condition beside the claim is the claim's (a given here), and stays in its text
    (r"2 b = b + b \quad \text{since } b = b", [r"2 b = b + b \quad \text{since } b = b"]),
    (r"2 b = b + b \quad (\text{by } (2))", ["2 b = b + b"]),
    (r"2 b = b + b \qquad \forall i", ["2 b = b + b"]),
    (r"2 b = b + b \quad\quad \text{done}", ["2 b = b + b"]),
    # a cases environment keeps its rows, & and \text{if} to itself
    (r"b = \begin{cases} b & \text{if } b > 0 \\ b & \text{otherwise} \end{cases} \quad \text{(both)}",
     [r"b = \begin{cases} b & \text{if } b > 0 \\ b & \text{otherwise} \end{cases}"]),
    # a function's name set as text is no annotation
    (r"\text{diag}(z) = \operatorname{diag}(z) \quad \text{(the same)}", [r"\text{diag}(z) = \operatorname{diag}(z)"]),
])
def test_a_quad_separates_equations_or_starts_an_annotation(tmp_path, row, expected):
    assert [t for _, t in claims(write(tmp_path, CONTEXT + f"$$ {row} $$\n"))] == expected


def test_an_annotation_ends_at_the_next_alignment_point(tmp_path):
    # Cutting "\intertext{so} &= 4 b" to the end of its row would check "2 b + 2 b = 3 b + b" instead.
    text = CONTEXT + r"""
$$
\begin{aligned}
4 b &= 2 b + 2 b \qquad \text{(doubling)} \\
\intertext{and so} &= 3 b + b \\
\text{finally} &= 4 b
\end{aligned}
$$
"""
    assert claims(write(tmp_path, text)) == [(lines_of(text, "4 b &="), "4 b = 2 b + 2 b"),
                                             (lines_of(text, "intertext"), "2 b + 2 b = 3 b + b"),
                                             (lines_of(text, "finally"), "3 b + b = 4 b")]


def test_display_math_opening_mid_line(tmp_path):
    text = CONTEXT + "So \\[ 2 b = b + b \\] and $$ 3 b = b + 2 b $$ hold, but `$$ x = y $$` is code.\n" \
                     "Also $$\n4 b = 2 b + 2 b\n$$ done.\n"
    assert claims(write(tmp_path, text)) == [(lines_of(text, "So \\["), "2 b = b + b"),
                                             (lines_of(text, "So \\["), "3 b = b + 2 b"),
                                             (lines_of(text, "4 b ="), "4 b = 2 b + 2 b")]


def test_hostile_blocks_are_bounded(tmp_path):
    long_block = write(tmp_path, CONTEXT + "$$ " + "b = " * 6000 + "b $$\n", "long_block.md")
    with pytest.raises(InputError, match="display block is"):
        read_document(long_block)
    opened = "\\begin{document}\n" + "\\begin{verbatim}\n" * 12000
    unclosed = write(tmp_path, TEX.replace("\\begin{document}\n", opened), "unclosed.tex")
    assert len(read_document(unclosed).files[0].claims) == 0  # all of it is verbatim: nothing is read


def test_a_symbols_key_with_a_subscript_is_rejected(tmp_path):
    # One letter under a vector that the definitions use as an index (s[i]): the key names an entry.
    text = CONTEXT[:-4] + "[symbols]\n'\\hat{y}_i' = \"s\"\n```\n$$ b = b $$\n"
    with pytest.raises(InputError) as exc:
        read_document(write(tmp_path, text))
    assert exc.value.line == lines_of(text, "\\hat{y}_i") and "without subscripts" in exc.value.message


def test_a_symbols_key_may_keep_a_subscript_that_is_part_of_the_name(tmp_path):
    """b_t (a scalar), s_{t-1} (more than one letter) and z_t (t indexes nothing in the definitions): the
    subscript names, it does not index."""
    text = CONTEXT[:-4] + "[symbols]\n'b_t' = \"b\"\n's_{t-1}' = \"s\"\n'z_t' = \"z\"\n```\n" + \
        r"$$ b_{t} + b_t^2 = b + b^2 $$" + "\n" + r"$$ s_{t-1} - y = s - y $$" + "\n" + r"$$ z_t = s_{t - 1} $$" + "\n"
    f = read_document(write(tmp_path, text)).files[0]
    b = sp.Symbol("b", real=True)
    assert f.claims[0].lhs == b + b**2
    assert f.claims[1].lhs == f.claims[1].rhs  # the whole vector s, entry by entry
    assert {e.base.name for e in f.claims[2].rhs.atoms(sp.Indexed)} == {"s"}
    assert {e.base.name for e in f.claims[2].lhs.atoms(sp.Indexed)} == {"z"}  # z_t is z, whole


def test_a_named_subscript_then_an_index_reads_the_entry(tmp_path):
    """h_{t-1,i} and s_{o,i} with 'h_{t-1}' and 's_o' mapped: the name's own subscript, then the entry's index
    (they were "expected 1 index, found 2" and "unknown symbol")."""
    text = CONTEXT[:-4] + "[symbols]\n'h_{t-1}' = \"z\"\n's_o' = \"s\"\n'L_\\sigma' = \"L\"\n```\n" + \
        r"$$ h_{t-1,i} + s_{o,i} = z_i + s_i $$" + "\n" + r"$$ \frac{\partial L_\sigma}{\partial h_{t-1,j}} = s_{o,j} - y_j $$" + "\n"
    f = read_document(write(tmp_path, text)).files[0]
    assert sp.simplify(f.claims[0].lhs - f.claims[0].rhs) == 0
    assert {e.base.name for e in f.claims[0].lhs.atoms(sp.Indexed)} == {"z", "s"}
    assert [c.verdict for c in checked(f, 60)] == ["proved", "proved"]


def test_softmax_of_a_vector_expression_takes_an_entry(tmp_path):
    """``\\operatorname{softmax}(z / 2)_i`` (SimCLR's s / τ): it was refused as not written of a vector."""
    text = CONTEXT + r"$$ \frac{\partial L}{\partial z_i} = \operatorname{softmax}(2 z / 2)_i - y_i $$" + "\n" + \
        r"$$ \operatorname{softmax}(z / 2)_i = s_i $$" + "\n"
    assert verdicts(tmp_path, text) == ["proved", "refuted"]


def test_a_function_before_a_number_takes_the_juxtaposed_factors(tmp_path):
    """``\\ln 2\\pi b^2`` is ln(2π b²), as typeset (it was (ln 2)·π·b², refuting a true claim); ``\\ln 2 \\cdot b``
    and ``\\log s_i \\, y_i`` keep the one-factor rule; bare, ``\\log s_i y_i`` is ambiguous (refused)."""
    text = CONTEXT + r"$$ \ln 2\pi b^2 = \ln 2 + \ln \pi + 2 \ln b $$" + "\n" + \
        r"$$ \ln 2 \cdot b = b \ln 2 $$" + "\n" + r"$$ \log s_i \, y_i = y_i \log s_i $$" + "\n"
    f = read_document(write(tmp_path, text)).files[0]
    b = sp.Symbol("b", real=True)
    assert sp.simplify(f.claims[0].lhs - sp.log(2 * sp.pi * b**2)) == 0
    assert sp.simplify(f.claims[1].lhs - sp.log(2) * b) == 0
    assert sp.simplify(f.claims[2].lhs - f.claims[2].rhs) == 0
    with pytest.raises(InputError, match=r"cannot read \\log s_i y_i \(ambiguous"):
        read_document(write(tmp_path, CONTEXT + r"$$ \log s_i y_i = y_i \log s_i $$" + "\n"))


def test_varepsilon_is_the_quantity_epsilon(tmp_path):
    text = CONTEXT.replace("b = []", "b = []\nepsilon = []") + r"$$ \varepsilon + \epsilon = 2 \epsilon $$" + "\n"
    f = read_document(write(tmp_path, text)).files[0]
    assert f.claims[0].lhs == 2 * sp.Symbol("epsilon", real=True)


def test_a_lowercase_row_beside_a_matrix_is_an_unknown_symbol(tmp_path):
    """w_{11} is W_{11} (the tutorial's explicit entries), but w_j is no entry of W: say w is unknown."""
    head = CONTEXT.replace("b = []", "b = []\nW = [\"n\", \"n\"]")
    with pytest.raises(InputError, match="unknown symbol 'w'"):
        read_document(write(tmp_path, head + r"$$ w_j = b $$" + "\n"))
    f = read_document(write(tmp_path, head + r"$$ w_{11} = W_{11} $$" + "\n", "ok.md")).files[0]
    assert f.claims[0].lhs == f.claims[0].rhs


def test_an_entry_of_a_mapped_name_run_into_its_subscript_is_that_quantitys_entry(tmp_path):
    # a transcriber: Salehi's p_{0i} with 'p_0' mapped said "unknown symbol 'p': declare it …", though p_0 is known
    # (then it said to write p_{0,i}; since session 54 it reads as p_{0,i} does: beside a declared p it crashed)
    head = CONTEXT.replace("b = []", "b = []\np0 = [\"n\"]").replace("[define]", "[symbols]\n'p_0' = \"p0\"\n[define]")
    f = read_document(write(tmp_path, head + r"$$ p_{0i} = b $$" + "\n")).files[0]
    assert f.claims[0].lhs.has(sp.IndexedBase("p0", real=True))


def test_a_layers_weights_written_w_2_are_named_with_the_symbols_entry_that_reads_them(tmp_path):
    """W_2 for a quantity W2 (a second layer's weights): the error gives the [symbols] line to add."""
    head = CONTEXT.replace("b = []", "b = []\nW2 = [\"n\", \"n\"]")
    with pytest.raises(InputError, match=r"""unknown symbol 'W': W_2 is not an entry of a W; for the quantity W2 """
                                         r"""map it in \[symbols\] \('W_2' = "W2"\)"""):
        read_document(write(tmp_path, head + r"$$ W_2 = b $$" + "\n"))
    mapped = head.replace("[define]", "[symbols]\n'W_2' = \"W2\"\n[define]")
    f = read_document(write(tmp_path, mapped + r"$$ \operatorname{tr}(W_2) = \sum_{i=1}^{n} W_{2,ii} $$" + "\n",
                            "ok.md")).files[0]
    assert f.claims[0].lhs.has(sp.IndexedBase("W2", real=True))
    with pytest.raises(InputError, match="unknown symbol 'V': declare it"):  # no V2: the plain message
        read_document(write(tmp_path, head + r"$$ V_2 = b $$" + "\n", "v.md"))


def test_a_rows_label_in_a_claim_reads_as_an_entry_of_its_label(tmp_path, batch_labels):
    """t_b of a per-sample label in a claim: it was 'line 0: internal error while loading: KeyError'."""
    text = "```derive\n" + batch_labels + "```\n" + "\n".join([
        r"$$ \frac{\partial L}{\partial Z_{bj}} = \frac{1}{B} \left( P_{bj} - \mathbb{1}[j = t_b] \right) $$",
        r"$$ \frac{\partial L}{\partial Z_{bj}} = \frac{1}{B} \left( P_{bj} - \delta_{j t_b} \right) $$",
        r"$$ \frac{\partial L}{\partial Z_{bj}} = \frac{1}{B} \left( P_{bj} - \delta_{j t_1} \right) $$",
        r"$$ \sum_{j=1}^{n} \frac{\partial L}{\partial Z_{bj}} = 0 $$",
        r"$$ \sum_{j=1}^{n} \frac{\partial L}{\partial Z_{bj}} = \frac{1}{B} $$", ""])
    assert verdicts(tmp_path, text) == ["proved", "proved", "refuted", "proved", "refuted"]


def test_the_hessian_may_be_written_with_dz_squared(tmp_path):
    """∂²L/∂z² of a vector z is the Hessian, as ∂²L/∂z∂z^T is (it was "the orders of ∂ differ")."""
    text = CONTEXT + r"$$ \frac{\partial^2 L}{\partial z^2} = \operatorname{diag}(s) - s s^\top $$" + "\n" + \
        r"$$ \frac{\partial^2 L}{\partial z^2} = \operatorname{diag}(s) $$" + "\n"
    assert verdicts(tmp_path, text) == ["proved", "refuted"]


def test_an_example_row_through_symbols(tmp_path):
    """w^{(i)} where [symbols] maps w to a matrix: row i, as for a matrix named w (it was "unknown symbol i")."""
    head = CONTEXT.replace("b = []", "b = []\nW = [\"n\", \"n\"]")[:-4] + "[symbols]\n'w' = \"W\"\n```\n"
    f = read_document(write(tmp_path, head + r"$$ w^{(i)}_k = W_{ik} $$" + "\n")).files[0]
    assert f.claims[0].lhs == f.claims[0].rhs


@pytest.mark.parametrize("side, hint", [(r"\frac{d\sigma}{dx}", "is a function, not a quantity"),
                                        # PRML's dσ/da = σ(1 - σ) for the σ a block defines: the fix named
                                        (r"\frac{d\sigma}{dx}", r"map '\\sigma' to it in \[symbols\]"),
                                        (r"\sigma^{-1}(b)", "an inverse function")])
def test_a_function_where_a_quantity_or_an_inverse_is_meant_says_so(tmp_path, side, hint):
    """∂σ/∂x blamed a ∂ that is right, and σ^{-1} was pointed at a power, which reads as 1/σ."""
    with pytest.raises(InputError, match=hint):
        read_document(write(tmp_path, CONTEXT + f"$$ {side} = b $$\n"))


def test_a_symbols_key_may_keep_a_layer_superscript(tmp_path):
    """Course notes name layers W^{[1]}, a^{(2)}: the superscript names the quantity, its subscripts index it."""
    text = CONTEXT[:-4] + "[symbols]\n's^{[2]}' = \"s\"\n'y^{(1)}' = \"y\"\n'z^L' = \"z\"\n```\n" + \
        r"$$ \frac{\partial L}{\partial z_j} = s^{[2]}_j - y^{(1)}_j $$" + "\n" + r"$$ z^{L} = s^{[2]} - y^{(1)} $$" + "\n"
    f = read_document(write(tmp_path, text)).files[0]
    s, y = (sp.IndexedBase(c, real=True) for c in "sy")
    j = sp.Symbol("j", integer=True)
    assert f.claims[0].rhs == s[j] - y[j]
    assert {e.base for e in f.claims[1].rhs.atoms(sp.Indexed)} == {s, y}  # written alone: the whole vectors
    assert {e.base.name for e in f.claims[1].lhs.atoms(sp.Indexed)} == {"z"}  # z^{L} is the key z^L: braces or not
    # a variance named as written: '\sigma^2' is the key '\sigma^{2}' (and \sigma^2 in the math reads as it)
    text = CONTEXT[:-4] + "[symbols]\n'b^2' = \"b\"\n```\n" + r"$$ b^2 = b^{2} $$" + "\n"
    assert read_document(write(tmp_path, text)).files[0].claims[0].lhs == sp.Symbol("b", real=True)
    # a superscript and a subscript, two superscripts (s_{[2]} alone names s: see the next test)
    for key in ("s^{[2]}_i", "s^{[2]}^{[3]}"):
        bad = CONTEXT[:-4] + f"[symbols]\n'{key}' = \"s\"\n```\n$$ b = b $$\n"
        with pytest.raises(InputError, match="without subscripts or powers"):
            read_document(write(tmp_path, bad))


@pytest.mark.parametrize("name, directive", [("n.md", "<!-- derive: skp -->"), ("n.md", "<!-- derive given b = b -->"),
                                             ("p.tex", "%! derive: skp"), ("p.tex", "%! derive-skip")])
def test_a_misspelt_directive_is_an_error(tmp_path, name, directive):
    after = f"\n{directive}\n$$ b = b $$\n"
    text = CONTEXT + after if name.endswith(".md") else \
        TEX.replace("\\begin{document}\n", "\\begin{document}\n" + "x\n").replace("\\end{document}", after + "\\end{document}")
    with pytest.raises(InputError) as exc:
        read_document(write(tmp_path, text, name))
    assert exc.value.line == lines_of(text, directive) and "unknown derive directive" in exc.value.message


SQUARE = """```derive
[sizes]
n = "classes and features"
[inputs]
x = ["n"]
W = ["n", "n"]
y = ["n"]
[define]
"z[i]" = "Sum(W[i, k]*x[k], (k, 1, n))"
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
"L" = "-Sum(y[i]*log(s[i]), (i, 1, n))"
```
"""


def test_a_matrix_claim_is_checked_entry_by_entry(tmp_path):
    text = SQUARE + ("<!-- derive: given Sum(y[i], (i, 1, n)) = 1 -->\n$$\n"
                     "\\frac{\\partial L}{\\partial W} = (s - y)\\, x^\\top = x\\, (s - y)^\\top\n$$\n")
    (f,) = read_document(write(tmp_path, text)).files
    n = sp.Symbol("n", integer=True, positive=True)
    i, j = (sp.Symbol(c, integer=True) for c in "ij")
    W, s, x, y = (sp.IndexedBase(c, real=True) for c in "Wsxy")
    right, swapped = f.claims
    assert (right.entry, right.ranges) == (("i", "j"), {i: n, j: n})
    assert right.lhs == sp.Derivative(sp.Symbol("L", real=True), W[i, j], evaluate=False)
    assert right.rhs == (s[i] - y[i]) * x[j] and swapped.rhs == x[i] * (s[j] - y[j])
    # (s - y) x^T is the gradient; the transposed product has the same (square) shape but other numbers
    assert [c.verdict for c in checked(f, 60)] == ["proved", "refuted"]


def test_an_identity_of_unwritten_size_takes_the_other_sides_shape(tmp_path):
    # ∂z/∂z = I: the Jacobian is n×n, so I is I_n (on either side); I alone on both sides has no size.
    text = CONTEXT + "\n$$ \\frac{\\partial z}{\\partial z} = I $$\n\n$$ I = \\frac{\\partial y}{\\partial y} $$\n"
    (f,) = read_document(write(tmp_path, text)).files
    assert [c.verdict for c in checked(f, 60)] == ["proved", "proved"]
    unsized = CONTEXT + "\n$$ I = I $$\n"
    with pytest.raises(InputError) as exc:
        read_document(write(tmp_path, unsized, "unsized.md"))
    assert "the size of I or \\mathbf{1} is unclear here" in exc.value.message
    assert exc.value.line == lines_of(unsized, "I = I")
    with pytest.raises(InputError, match="unclear here"):
        read_document(write(tmp_path, CONTEXT + "\n$$ b = I $$\n", "scalar.md"))


def test_matrix_sides_of_different_shapes_are_refuted_at_their_line_and_the_chain_goes_on(tmp_path):
    text = CONTEXT + ("\nProse.\n\n$$\n\\begin{aligned}\n\\frac{\\partial s}{\\partial z} "
                      "&= \\operatorname{diag}(s) - s s^\\top \\\\\n  &= s - y\n\\end{aligned}\n$$\n")
    (f,) = read_document(write(tmp_path, text)).files
    verdicts = {c.line: c for c in checked(f, 60)}
    assert verdicts[lines_of(text, "diag")].verdict == "proved"
    wrong = verdicts[lines_of(text, "&= s - y")]
    assert wrong.verdict == "refuted" and wrong.lhs is None and wrong.rhs is None
    assert wrong.counterexample["shapes"] == ["(n, n)", "(n,)"]
    assert (wrong.counterexample["sizes"], wrong.counterexample["lhs"], wrong.counterexample["rhs"]) == \
        ({"n": 2}, "(2, 2)", "(2,)")


def test_cli_matrix_shape_mismatch_is_one_line_exit_2(tmp_path, capsys):
    p = write(tmp_path, CONTEXT + "\n$$ \\frac{\\partial L}{\\partial z} = z z $$\n")
    assert_one_line_error(p, lines_of(p.read_text(), "z z"), "shape mismatch in a matrix product: (n,) times (n,)",
                          capsys)


LAYER_NORM = r"""# Layer norm

```derive
given = ["eps > 0"]

[sizes]
d = "features"

[inputs]
x = ["d"]
gamma = ["d"]
beta = ["d"]
eps = []
g = ["d"]

[define]
"mu" = "Sum(x[k], (k, 1, d)) / d"
"v" = "Sum((x[k] - mu)**2, (k, 1, d)) / d"
"xhat[i]" = "(x[i] - mu) / sqrt(v + eps)"
"y[i]" = "gamma[i]*xhat[i] + beta[i]"
"L" = "Sum(g[i]*y[i], (i, 1, d))"

[symbols]
'\hat{x}' = "xhat"
'\epsilon' = "eps"
'\gamma' = "gamma"
```

$$
\frac{\partial \hat{x}}{\partial x}
  = \frac{1}{\sqrt{v + \epsilon}}
    \left( I - \frac{1}{d} \mathbf{1} \mathbf{1}^\top - \frac{1}{d} \hat{x} \hat{x}^\top \right)
$$

$$
\frac{\partial L}{\partial \gamma} = g \odot \hat{x}
$$
"""


def test_the_layer_norm_jacobian_as_papers_write_it_is_proved(tmp_path):
    # I and 1 take their size d from the arrays they meet; the whole matrix identity holds for symbolic d
    (f,) = read_document(write(tmp_path, LAYER_NORM)).files
    d = sp.Symbol("d", integer=True, positive=True)
    jacobian, gamma = f.claims
    assert jacobian.line == lines_of(LAYER_NORM, r"= \frac{1}{\sqrt") and set(jacobian.ranges.values()) == {d}
    assert [c.verdict for c in checked(f, 60)] == ["proved", "proved"]


LOG_SUM_EXP = r"""# Log-sum-exp

```derive
[sizes]
n = "entries"

[inputs]
z = ["n"]
u = ["n"]

[define]
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
"F" = "log(Sum(exp(z[k]), (k, 1, n)))"
```

$$
\nabla_z F = s, \qquad
\nabla^2_z F = \frac{\partial^2 F}{\partial z\, \partial z^\top} = \operatorname{diag}(s) - s s^\top
$$

$$
u^\top \left(\nabla^2_z F\right) u = (s \odot u)^\top u - (s^\top u)^2
$$
"""


def test_the_hessian_in_its_matrix_notations_is_proved(tmp_path):
    (f,) = read_document(write(tmp_path, LOG_SUM_EXP)).files
    assert [c.entry for c in f.claims] == [("i",), ("i", "j"), ("i", "j"), ()]
    assert [c.verdict for c in checked(f, 60)] == ["proved"] * 4


BATCH_NOTES = r"""# Batch softmax

```derive
[sizes]
B = "samples"
n = "classes"

[inputs]
Z = ["B", "n"]
Y = ["B", "n"]

[define]
"S[b, i]" = "exp(Z[b, i]) / Sum(exp(Z[b, k]), (k, 1, n))"
"L" = "-Sum(Sum(Y[b, i]*log(S[b, i]), (i, 1, n)), (b, 1, B))"
```

Each row of targets sums to one:

<!-- derive: given Sum(Y[b, i], (i, 1, n)) = 1 -->
$$ \frac{\partial L}{\partial Z_{bj}} = S_{bj} - Y_{bj} $$

Without that, the same step is wrong:

$$ \frac{\partial L}{\partial Z_{bj}} = S_{bj} - Y_{bj} $$
"""


def test_a_comment_given_with_a_free_index_holds_for_every_row(tmp_path):
    # As in a file's given: Σ_i Y_bi = 1 for each row b (it was refused as "free indices").
    from derive.verify import PROVED, REFUTED, check_loaded
    f = read_document(write(tmp_path, BATCH_NOTES)).files[0]
    assert [len(c.givens) for c in f.claims] == [1, 0]
    report = check_loaded(f, 60)
    assert [c.verdict for c in report.claims] == [PROVED, REFUTED]


LABELLED = """```derive
{head}[define]
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
"L" = "-log(s[c])"
```

$$ \\frac{\\partial L}{\\partial z_i} = s_i - \\delta_{ic} $$

$$ \\frac{\\partial L}{\\partial z_j} = s_j - \\mathbb{1}[j = c] $$

$$ \\frac{\\partial L}{\\partial z_i} = s_i $$
"""


def test_a_label_indexes_a_claim_of_a_document(tmp_path, labelled_head):
    # The true class c in δ_{ic} was taken for a free index of no range: the document stopped (exit 2).
    from derive.verify.check import check_files
    files = read_document(write(tmp_path, LABELLED.replace("{head}", labelled_head))).files
    assert [set(c.ranges) for f in files for c in f.claims] == [{sp.Symbol("i", integer=True)},
                                                                {sp.Symbol("j", integer=True)},
                                                                {sp.Symbol("i", integer=True)}]
    verdicts = [c.verdict for r in check_files([(f, 60.0, None) for f in files], crew=crew()) for c in r.claims]
    assert verdicts == ["proved", "proved", "refuted"]


def test_lambda_is_pointed_to_symbols_since_no_quantity_can_be_named_lambda(tmp_path):
    # "declare a quantity named 'lambda'" would send the reader to an error: lambda is a keyword.
    text = CONTEXT + "\n$$ b = \\lambda b $$\n"
    with pytest.raises(InputError) as exc:
        read_document(write(tmp_path, text))
    assert "map it in [symbols]" in exc.value.message and "keyword" in exc.value.message


def test_a_relation_inside_escaped_braces_does_not_split_the_equation():
    # CS229's indicator 1{z ≥ 0} is written \mathbb{1}\{z \ge 0\}: its ≥ is inside, not a link of the chain.
    from derive.documents.chains import links
    found = links(r"\frac{\partial J}{\partial z_k} = (o - y) \mathbb{1}\{z_k \ge 0\} = w", 1)
    assert [(link.lhs.text, link.rel, link.rhs.text) for link in found] == [
        (r"\frac{\partial J}{\partial z_k}", "=", r"(o - y) \mathbb{1}\{z_k \ge 0\}"),
        (r"(o - y) \mathbb{1}\{z_k \ge 0\}", "=", "w")]


def test_a_headings_emphasis_and_code_marks_are_not_title_text(tmp_path):
    # Reports print the title as text: "*Maxout Networks*" read with its asterisks in the PDF.
    text = "# Maxout (after Goodfellow et al., *Maxout Networks*, **2013**, `h = max z`)\n\n" + CONTEXT
    assert read_document(write(tmp_path, text)).title == \
        "Maxout (after Goodfellow et al., Maxout Networks, 2013, h = max z)"


def test_the_title_is_a_real_heading_or_the_papers_title_with_its_markup_read(tmp_path):
    # A report probe: a "# compute the loss" comment in a code block became every report's title, and a paper's
    # \title{A\\(after \emph{B})} (nested braces, as all six outside papers write it) gave the file's name.
    notes = tmp_path / "notes.md"
    notes.write_text("Some notes\n\n```python\n# compute the loss\nx = 1\n```\n\n" + CONTEXT)
    assert read_document(notes).title == "notes.md"
    notes.write_text("Some notes\n\n    # indented code\n\nA title\n=======\n\n" + CONTEXT)
    assert read_document(notes).title == "A title"
    paper = tmp_path / "paper.tex"
    paper.write_text("\\documentclass{article}\n% \\title{not this one}\n\\title[short]{The delta rule\\\\"
                     "(after \\emph{Rumelhart} \\& al., 1986--87)\\thanks{Notes {for} a course}}\n"
                     "\\begin{document}\n\\begin{derive}\n[inputs]\nx = []\n\\end{derive}\n"
                     "\\begin{equation}\nx + 0 = x\n\\end{equation}\n\\end{document}\n")
    assert read_document(paper).title == "The delta rule (after Rumelhart & al., 1986–87)"



def test_alignat_and_dmath_are_display_math(tmp_path):
    # a fourth probe: \begin{alignat}{2} and breqn's dmath made no claim at all; alignat's column count is no math
    p = tmp_path / "envs.tex"
    p.write_text("\\documentclass{article}\n\\begin{document}\n\\begin{derive}\n[inputs]\nx = []\ny = []\n"
                 "\\end{derive}\n\\begin{alignat}{2}\nx + 0 &= x & \\quad y &= -y\n\\end{alignat}\n"
                 "\\begin{dmath}\nx + x = 3x\n\\end{dmath}\n\\end{document}\n")
    (f,) = read_document(p).files
    assert [(c.name, c.verdict) for c in checked(f, 60.0)] == [
        ("x + 0 = x", "proved"), ("y = -y", "refuted"), ("x + x = 3x", "refuted")]


def test_a_claim_table_in_a_context_is_reported_at_its_line_in_the_document(tmp_path):
    # It was reported at the context's first line (its line within the block, not the document's).
    text = "# notes\n\nprose\n\n```derive\n[inputs]\nx = []\n\n[[claim]]\nname = \"c\"\neq = \"x = 2*x\"\n```\n"
    f = read_document(write(tmp_path, text)).files[0]
    assert [(c.name, c.line) for c in f.claims] == [("c", text.splitlines().index('eq = "x = 2*x"') + 1)]


def _paper(preamble: str, body: str) -> str:
    """A LaTeX paper with one scalar input x under a derive environment."""
    return ("\\documentclass{article}\n\\usepackage{amsmath}\n" + preamble + "\\begin{document}\n\\begin{derive}\n"
            "[inputs]\nx = []\n\\end{derive}\n" + body + "\\end{document}\n")


def _refused(tmp_path, text: str, fragment: str, needle: str, name: str = "r.tex") -> None:
    with pytest.raises(InputError) as exc:
        read_document(write(tmp_path, text, name))
    assert fragment in exc.value.message, exc.value.message
    assert exc.value.line == lines_of(text, needle)


def test_only_a_real_iffalse_is_skipped(tmp_path):
    # a probe: \let\ifdraft\iffalse blanked everything to the next \fi, the false equation with it (1 claim, exit 0)
    text = _paper("", "\\let\\ifdraft\\iffalse % \\iftrue shows the notes\n\\[ x + x = 3 x \\]\n"
                  "\\ifdraft \\textbf{TODO} \\fi\n\\[ x + x = 2 x \\]\n")
    assert [c for _, c in claims(write(tmp_path, text, "if.tex"))] == ["x + x = 3 x", "x + x = 2 x"]
    # TeX prints the \else branch of \iffalse and skips that of \iftrue; nested conditionals are counted
    text = _paper("", "\\iffalse \\ifx a b \\[ x = 5 x \\] \\fi \\[ x = 4 x \\] \\else \\[ x = 1 x \\] \\fi\n"
                  "\\iftrue \\[ x = 2 x \\] \\else \\[ x = 6 x \\] \\fi\n")
    assert [c for _, c in claims(write(tmp_path, text, "else.tex"))] == ["x = 1 x", "x = 2 x"]
    # a % comment naming \iffalse or \begin{comment} after a line break \\ hides nothing (it blanked the equation)
    for words in ("the old \\iffalse block was removed", "(was: \\begin{comment} ...)"):
        text = _paper("", "Two lines\\\\% " + words + "\n\\[ x + x = 3 x \\]\n")
        assert [c for _, c in claims(write(tmp_path, text, "c.tex"))] == ["x + x = 3 x"]
    # what derive cannot tell is refused: display math in a conditional it cannot evaluate, a \fi closing a
    # conditional a macro opened, an \iffalse never closed
    _refused(tmp_path, _paper("\\newif\\ifdraft\n", "\\ifdraft\n\\[ x = 3 x \\]\n\\fi\n"),
             "inside \\ifdraft", "x = 3 x")
    _refused(tmp_path, _paper("\\newcommand{\\hide}{\\iffalse}\n", "\\hide\n\\[ x = 3 x \\]\n\\fi\n"),
             "cannot tell which conditional this \\fi closes", "\\fi")
    _refused(tmp_path, _paper("", "\\iffalse\n\\[ x = 3 x \\]\n"), "\\iffalse is never closed", "\\iffalse")


def test_a_conditional_printed_or_quoted_is_no_conditional(tmp_path):
    # a probe: {\ttfamily\string\iffalse} … {\ttfamily\string\fi} (TeX prints the names) skipped the equation
    # between them (0 claims, exit 0)
    for before, after in (("{\\ttfamily\\string\\iffalse}", "{\\ttfamily\\string\\fi}"),
                          ("\\texttt{\\detokenize{\\iffalse}}", "\\texttt{\\detokenize{the \\fi}}"),
                          ("\\noexpand\\iffalse", "\\meaning\\fi")):
        text = _paper("", f"The primitive {before} opens.\n\\[ x = 3 x \\]\nIt closes by {after}.\n")
        assert [c for _, c in claims(write(tmp_path, text, "q.tex"))] == ["x = 3 x"], before
    # after a line break \\ the word string is text, and \iffalse a conditional
    text = _paper("", "Text\\\\string\\iffalse\n\\[ x = 3 x \\]\n\\fi\n\\[ x = 2 x \\]\n")
    assert [c for _, c in claims(write(tmp_path, text, "s.tex"))] == ["x = 2 x"]


def test_a_macro_body_on_the_line_after_its_name_is_a_body(tmp_path):
    # a probe: \def\startdraft then {\iffalse} on the next line (TeX reads the line end as a space) ran the
    # \iffalse and skipped the equation after it (0 claims, exit 0)
    text = _paper("", "\\def\\startdraft\n  {\\iffalse}\n\\[ x = 3 x \\]\n\\def\\enddraft\n  {\\fi}\n")
    assert [c for _, c in claims(write(tmp_path, text, "d.tex"))] == ["x = 3 x"]
    # its body may open no display either
    _refused(tmp_path, _paper("\\def\\be\n{\\begin{equation}}\n", "\\be x = 3 x \\end{equation}\n"),
             "a macro that opens or closes display math", "{\\begin{equation}}")


def test_a_macro_named_if_is_no_conditional(tmp_path):
    # a probe: $\iff$ in a paper that compiles gave "\iff is never closed by \fi" (exit 2); a \newcommand{\ifft}
    # likewise; inside \iffalse … \fi they unbalanced the count
    preamble = "\\newcommand{\\ifft}{\\text{ iff }}\n\\DeclareMathOperator{\\ifrac}{ifrac}\n"
    text = _paper(preamble, "A holds $\\iff$ B, and A \\ifft B $\\ifrac$.\n\\[ x = 3 x \\]\n"
                  "\\iffalse $\\iff$ \\ifft \\[ x = 5 x \\] \\fi\n\\[ x = 2 x \\]\n")
    assert [c for _, c in claims(write(tmp_path, text, "iff.tex"))] == ["x = 3 x", "x = 2 x"]
    # a macro that opens a conditional is still one derive cannot follow
    _refused(tmp_path, _paper("\\newcommand{\\ifhide}{\\iffalse}\n", "\\ifhide\n\\[ x = 3 x \\]\n\\fi\n"),
             "inside \\ifhide", "x = 3 x")


def test_directives_inside_verbatim_or_iffalse_take_no_effect(tmp_path):
    # a probe: a directive shown in verbatim skipped the next equation (0 claims, exit 0), one in \iffalse added a given
    text = _paper("", "Write\n\\begin{verbatim}\n%! derive: skip\n\\end{verbatim}\nbefore it.\n\\[ x + x = 3 x \\]\n"
                  "\\iffalse\n%! derive: given x = 0\n\\fi\n\\[ x = 3 x \\]\n"
                  "\\begin{verbatim}\n%! derive: skp\n\\end{verbatim}\n")
    (f,) = read_document(write(tmp_path, text, "sk.tex")).files
    assert [(c.name, c.verdict) for c in checked(f, 60.0)] == [("x + x = 3 x", "refuted"), ("x = 3 x", "refuted")]


def test_a_space_after_begin_or_end_is_read_as_tex_reads_it(tmp_path):
    # a probe: \begin {equation} … \end {equation} (TeX prints it) gave 0 claims, exit 0; \end {derive} and
    # \end {comment} (verbatim.sty ends there) swallowed the equation after them
    text = _paper("", "\\begin {equation} x + x = 3 x \\end {equation}\n\\begin\n{align} x &= 4 x \\end{align}\n")
    assert [c for _, c in claims(write(tmp_path, text, "sp.tex"))] == ["x + x = 3 x", "x = 4 x"]
    text = _paper("", "\\begin {derive}\n[inputs]\ny = []\n\\end {derive}\n\\[ y = 2 y \\]\n")
    assert [c for _, c in claims(write(tmp_path, text, "de.tex"))] == ["y = 2 y"]
    # the kernel's verbatim does not end at \end {verbatim}, verbatim.sty's does: refused, never guessed
    for env in ("comment", "verbatim"):
        text = _paper("", f"\\begin{{{env}}}\nold\n\\end {{{env}}}\n\\[ x = 3 x \\]\n\\begin{{{env}}}\n"
                      f"\\end{{{env}}}\n")
        _refused(tmp_path, text, f"write \\end{{{env}}}", f"\\end {{{env}}}")


def test_a_display_environments_primitive_form_is_refused(tmp_path):
    # a probe: \equation … \endequation and \displaymath … \enddisplaymath (TeX prints them) gave 0 claims, exit 0
    for opener, closer in (("\\equation", "\\endequation"), ("\\displaymath", "\\enddisplaymath"),
                           ("\\gather", "\\endgather")):
        text = _paper("", f"Then\n{opener} x = 3 x {closer}\n\\[ x = x \\]\n")
        _refused(tmp_path, text, f"cannot read {opener}: ", opener)
    text = _paper("\\newenvironment{myeq}{\\equation}{\\endequation}\n", "\\begin{myeq} x = 3 x \\end{myeq}\n")
    _refused(tmp_path, text, "a macro that opens or closes display math", "newenvironment")
    # a word beginning so is no environment, nor an escaped backslash
    text = _paper("\\newcommand{\\gathering}{G}\n", "\\gathering\\\\equation\n\\[ x = 3 x \\]\n")
    assert [c for _, c in claims(write(tmp_path, text, "ok.tex"))] == ["x = 3 x"]


def test_display_math_opened_through_let_or_a_lone_dollar_is_refused(tmp_path):
    # a probe: \let\be\[ … \let\ee\], \let\dol=$ and \newcommand{\dol}{$} (\dol\dol … \dol\dol, TeX prints a
    # display) gave 0 claims, exit 0
    for preamble, body in (("\\let\\be\\[\n\\let\\ee\\]\n", "\\be x = 3 x \\ee\n"),
                           ("\\let\\dol=$\n", "\\dol\\dol x = 3 x \\dol\\dol\n"),
                           ("\\newcommand{\\dol}{$}\n", "\\dol\\dol x = 3 x \\dol\\dol\n")):
        _refused(tmp_path, _paper(preamble, body), "a macro that opens or closes display math", preamble[:6])
    # inline math in a macro, and a dollar sign, are harmless
    text = _paper("\\newcommand{\\R}{$\\mathbb{R}$}\n\\let\\dollar=\\$\n\\newcommand{\\price}{5\\,\\$}\n",
                  "\\[ x = 3 x \\]\n")
    assert [c for _, c in claims(write(tmp_path, text, "ok.tex"))] == ["x = 3 x"]


def test_a_percent_sign_in_a_url_starts_no_comment(tmp_path):
    # a probe: \url{https://example.org/a%20b} (url prints the %) blanked the rest of its line as a comment, and the
    # equation there with it (0 claims, exit 0)
    for url in ("\\url{https://example.org/a%20b}", "\\href{https://example.org/a%20b}{the page}",
                "\\path{C:/a%b}"):
        text = _paper("\\usepackage{url}\n", f"See {url} where \\[ x = 3 x \\] holds.\n")
        assert [c for _, c in claims(write(tmp_path, text, "u.tex"))] == ["x = 3 x"]
    # a % after the URL still starts a comment
    text = _paper("", "See \\url{https://example.org/} % \\[ x = 3 x \\]\n\\[ x = 2 x \\]\n")
    assert [c for _, c in claims(write(tmp_path, text, "c.tex"))] == ["x = 2 x"]


def test_display_math_a_macro_opens_or_derive_does_not_read_is_refused(tmp_path):
    # a probe: \be … \ee (0 claims, exit 0) and IEEEeqnarray, empheq were skipped as prose
    for preamble in ("\\newcommand{\\be}{\\begin{equation}}\n", "\\def\\be{\\[}\n", "\\let\\be\\equation\n",
                     "\\newenvironment{myeq}{\\begin{align}}{\\end{align}}\n"):
        _refused(tmp_path, _paper(preamble, "\\be x = 3 x \\ee\n"), "a macro that opens or closes display math",
                 preamble.strip()[:10])
    for env in ("IEEEeqnarray}{rCl", "empheq}[box=\\fbox]{align", "dgroup", "numcases}{f"):
        text = _paper("", f"\\begin{{{env}}}\nx & = & 3 x\n\\end{{{env.split('}')[0]}}}\n")
        _refused(tmp_path, text, "derive does not read this environment's display math", "\\begin{" + env[:5])
    # before the first context nothing is read, so nothing is refused; xalignat is alignat with more space
    text = _paper("", "").replace("\\begin{derive}", "\\begin{empheq}{align} a \\end{empheq}\n\\begin{derive}")
    text = text.replace("\\end{document}", "\\begin{xalignat}{2}\nx + 0 &= x & x &= 3 x\n\\end{xalignat}\n"
                        "\\end{document}")
    assert [c for _, c in claims(write(tmp_path, text, "x.tex"))] == ["x + 0 = x", "x = 3 x"]


def test_a_local_package_hidden_by_a_comment_or_written_at_compile_time_is_refused(tmp_path):
    # a probe: \usepackage{%<newline>mymacros} loaded mymacros.sty (it redefined \sigma) unseen; filecontents
    # writes a package while the paper compiles
    (tmp_path / "mymacros.sty").write_text("\\renewcommand{\\sigma}{2}\n")
    text = _paper("\\usepackage{amssymb,%\n  mymacros}\n", "\\[ x = x \\]\n")
    _refused(tmp_path, text, "mymacros.sty in the document's folder", "\\usepackage{amssymb")
    text = ("\\begin{filecontents*}{notation.sty}\n\\renewcommand{\\sigma}{2}\n\\end{filecontents*}\n"
            + _paper("\\usepackage{notation}\n", "\\[ x = x \\]\n"))
    _refused(tmp_path, text, "a file written while the paper compiles", "\\begin{filecontents*}")


def test_a_commented_out_input_is_a_comment_unless_verbatim_text_may_end_it(tmp_path):
    # friction: "% \input{chapter2}" was refused, though TeX never reads it
    text = _paper("% \\input{macros}\n", "\\[ x + 0 = x \\]\n% \\include{chapter2}\n")
    assert [c for _, c in claims(write(tmp_path, text, "ok.tex"))] == ["x + 0 = x"]
    text = _paper("% \\input{macros}\n", "See \\url{https://example.org/a%20b}.\n\\[ x + 0 = x \\]\n")
    _refused(tmp_path, text, "in a comment too", "% \\input{macros}")


@pytest.mark.parametrize("definition, name", [
    ("\\renewcommand{%\n\\sigma}{2}", "\\sigma"), ("\\def%\n\\sigma{2}", "\\sigma"), ("\\def~{+1}", "~"),
    ("\\renewcommand{\\textrm}[1]{+1}", "\\textrm"), ("\\renewcommand{\\nonumber}{+1}", "\\nonumber"),
    ("\\renewcommand{\\notag}{+1}", "\\notag"), ("\\let\\implies\\relax", "\\implies"),
    ("\\renewcommand{\\eqref}[1]{+1}", "\\eqref"), ("\\renewcommand{\\mathcal}[1]{+1}", "\\mathcal"),
    ("\\renewenvironment{comment}{}{}", "comment"), ("\\let\\endcomment\\relax", "\\endcomment"),
    ("\\renewenvironment{cases}{}{}", "cases"), ("\\includecomment{comment}", "comment"),
    ("\\DeclareMathOperator*{\\argmax}{arg\\,min}", "\\argmax"),
])
def test_a_redefinition_of_what_derive_reads_is_refused(tmp_path, definition, name):
    # a probe: a comment inside the definition, ~, and macros the reader reads or strips (\textrm, \nonumber,
    # \implies, environments such as comment) slipped through
    text = _paper(definition + "\n", "\\[ x + 0 = x \\]\n")
    _refused(tmp_path, text, f"redefinition of {name}:", definition[:5])


@pytest.mark.parametrize("other", ["\\DeclareMathSymbol{+}{\\mathbin}{operators}{\"2D}",
                                   "\\DeclareMathDelimiter{(}{4}{letters}{\"00}{largesymbols}{\"00}",
                                   "\\DeclareUnicodeCharacter{2264}{>}"])
def test_a_character_made_to_print_another_is_refused(tmp_path, other):
    _refused(tmp_path, _paper(other + "\n", "\\[ x + 0 = x \\]\n"), "it changes what a character prints", other[:10])


def test_a_definition_derive_needs_and_reads_alike_is_allowed(tmp_path):
    # amsmath has no \argmax: a paper defines it; derive.sty's two lines may stand in the preamble
    preamble = ("\\DeclareMathOperator*{\\argmax}{arg\\,max}\n\\newcommand{\\argmin}{\\operatorname*{arg\\,min}}\n"
                "\\usepackage{verbatim}\\let\\derive\\comment\\let\\endderive\\endcomment\n")
    assert [c for _, c in claims(write(tmp_path, _paper(preamble, "\\[ x + 0 = x \\]\n"), "a.tex"))] == ["x + 0 = x"]


def test_every_macro_the_reader_names_is_protected():
    # KNOWN_MACROS is written out; it must not fall behind the reader: every \name its patterns, tables and
    # strings name (regex alternations expanded, \\q?quad as \quad and \qquad) is in it
    import io
    import tokenize
    from derive.documents.mathbuild import KNOWN_MACROS

    def expand(s: str, i: int) -> set[str]:
        outs = {""}
        while i < len(s):
            if s[i].isalpha():
                part, i = {s[i]}, i + 1
            elif s[i] == "(":
                j, part = (i + 3 if s.startswith("(?:", i) else i + 1), set()
                while j < len(s) and (s[j].isalpha() or s[j] in "|?"):
                    k = j
                    while k < len(s) and (s[k].isalpha() or s[k] == "?"):
                        k += 1
                    if k > j:
                        part |= expand(s[j:k], 0)
                    j = k + 1 if k < len(s) and s[k] == "|" else k
                if j >= len(s) or s[j] != ")":
                    return outs
                i = j + 1
            else:
                return outs
            if i < len(s) and s[i] == "?":
                part, i = part | {""}, i + 1
            outs = {a + b for a in outs for b in part}
        return outs
    named = set()
    for path in [*(ROOT / "derive" / "documents").glob("*.py"), *(ROOT / "derive" / "language").glob("*.py")]:
        if path.name in ("latex.py", "markdown.py", "usermacros.py"):  # the scanners, and a paper's own macros
            continue
        for tok in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
            if tok.type == tokenize.STRING:
                # a raw string writes a macro with one backslash (r"\coloneqq"), any other with two
                raw = tok.string.lstrip("bBfF")[:1] in "rR"
                for m in __import__("re").finditer(r"\\(?=[A-Za-z(])" if raw else r"\\\\(?=[A-Za-z(])", tok.string):
                    named |= {"\\" + a for a in expand(tok.string, m.end()) if a.isalpha()}
    not_macros = {"\\A", "\\l", "\\r", "\\title", "\\Thetax", "\\logx", "\\pia", "\\sigmaa", "\\sigmaz",
                  # a regular expression's escapes, in raw strings
                  "\\S", "\\Z", "\\b", "\\d", "\\n", "\\s", "\\t", "\\w"}
    assert named - not_macros - KNOWN_MACROS == set()


def test_a_line_break_before_a_comment_a_display_or_a_dollar(tmp_path):
    # a probe: \\% at an align row's end rejected the file, First line\\\[ … \] lost its display (0 claims),
    # and \$$10^4$ (a dollar sign, then inline math) opened display math
    text = _paper("", "\\begin{align}\nx + x &= 2 x \\\\%\n  &= 3 x\n\\end{align}\nFirst line\\\\\\[ x = 4 x \\]\n"
                  "It costs \\$$10^4$ per run,\n\\[ x = 5 x \\]\nand \\$$5$.\n")
    assert [c for _, c in claims(write(tmp_path, text, "bs.tex"))] == ["x + x = 2 x", "2 x = 3 x", "x = 4 x", "x = 5 x"]


def test_a_title_keeps_its_inline_math(tmp_path):
    # a probe: \title{$\beta$-VAE …} came out as "$$-VAE …" in every report
    paper = write(tmp_path, _paper("\\title{$\\beta$-VAE gradients and $\\mathcal{O}(n^2)$ cost, \\$5}\n", ""), "t.tex")
    assert read_document(paper).title == "β-VAE gradients and \\mathcal{O}(n^2) cost, $5"


def test_a_phantom_relation_continues_the_side_above(tmp_path):
    # a probe: &\phantom{=} - c (TeX's way to align a continued line) was refused as "an equation inside \boxed …"
    text = _paper("", "\\begin{align}\n3 x &= x + x \\\\\n  &\\phantom{=} + x \\\\\n  &= 3 x\n\\end{align}\n")
    assert [c for _, c in claims(write(tmp_path, text, "ph.tex"))] == ["3 x = x + x + x", "x + x + x = 3 x"]


def test_a_final_probe_of_the_scanner_begin_aliases_url_forms_and_a_macro_for_iff(tmp_path):
    # \let\bg\begin (or \newcommand{\bg}{\begin}) then \bg{equation}: TeX prints it, derive dropped it (exit 0)
    for preamble in ("\\let\\bg\\begin\n", "\\newcommand{\\bg}{\\begin}\n"):
        text = _paper(preamble, "\\bg{equation} x = 3 x \\end{equation}\n\\[ x = x \\]\n")
        _refused(tmp_path, text, "cannot read a macro that opens or closes display math", preamble.strip())
    # a % in \url|…| or in braces inside \url{…} is printed, not a comment: the equation after it was dropped
    for url in ("\\url|http://a.org/%41|", "\\url{http://a.org/{x}%41}"):
        text = _paper("\\usepackage{url}\n", f"See {url} and \\[ x + x = 3 x \\] there.\n")
        assert [c for _, c in claims(write(tmp_path, text, "url.tex"))] == ["x + x = 3 x"]
    # \newcommand{\ifft}{\iff} is a relation: "\ifft is never closed by \fi" refused a paper TeX compiles
    text = _paper("\\newcommand{\\ifft}{\\iff}\n", "We have $a \\ifft b$.\n\\[ x + x = 2 x \\]\n")
    assert [c for _, c in claims(write(tmp_path, text, "iff.tex"))] == ["x + x = 2 x"]

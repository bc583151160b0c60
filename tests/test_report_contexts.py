"""A note or paper with several derive contexts: its Markdown and LaTeX reports keep each context apart.

Each claim is checked against its own context only (``derive check``), so the report shows each
context with its own sizes, definitions and givens, followed by the claims read under it.  A report with no
claim at all says so rather than showing an empty table.
"""
from __future__ import annotations

import re
import shutil

import pytest

from reports.command import report_text

BLOCK = {"md": ("```derive\n", "```\n"), "tex": ("\\begin{derive}\n", "\\end{derive}\n")}
DISPLAY = {"md": ("$$\n", "\n$$\n"), "tex": ("\\[\n", "\n\\]\n")}

FIRST = """given = ["Sum(y[i], (i, 1, n)) = 1"]
[sizes]
n = "classes"
[inputs]
z = ["n"]
y = ["n"]
[define]
"L" = "-Sum(y[i]*log(exp(z[i]) / Sum(exp(z[k]), (k, 1, n))), (i, 1, n))"
"""
SECOND = """[sizes]
n = "outputs"
[inputs]
z = ["n"]
y = ["n"]
[define]
"L" = "Sum((z[i] - y[i])**2, (i, 1, n)) / 2"
"""


def _note(kind: str) -> str:
    """Two contexts, the softmax cross-entropy (with its given) and the squared error, a claim under each."""
    (o, c), (a, b) = BLOCK[kind], DISPLAY[kind]
    body = (o + FIRST + c + "\n" + a + r"\frac{\partial L}{\partial z_j} = \frac{e^{z_j}}{\sum_k e^{z_k}} - y_j" + b
            + "\n" + o + SECOND + c + "\n" + a + r"\frac{\partial L}{\partial z_j} = z_j + y_j" + b)
    if kind == "md":
        return "# Two derivations\n\n" + body
    return ("\\documentclass{article}\n\\title{Two derivations}\n\\begin{document}\n\\maketitle\n" + body
            + "\\end{document}\n")


@pytest.fixture(scope="module", params=["md", "tex"])
def two(request, tmp_path_factory):
    kind = request.param
    path = tmp_path_factory.mktemp("ctx") / f"notes.{kind}"
    path.write_text(_note(kind))
    return kind, path


def test_the_markdown_report_shows_each_context_with_its_own_claims(two):
    _, path = two
    page = report_text(str(path), "md", timeout=60)
    assert "**1 proved**, **1 refuted**" in page
    heads = re.findall(r"^(##+) (.*)$", page, re.M)
    # document order: context 1, its claim; context 2, its claim
    assert [(h, re.sub(r"\(line \d+\)", "", t).strip()) for h, t in heads] == [
        ("##", "Context 1"), ("###", "✅ **proved**"), ("##", "Context 2"), ("###", "❌ **refuted**")]
    first, second = page.split("## Context 2")
    assert "Sizes: n \\(classes\\)." in first and "outputs" not in first
    assert "Sizes: n \\(outputs\\)." in second and "classes" not in second
    # the given belongs to the first context only
    assert "Givens (assumed for every claim of this context):" in first and "Sum(y[i]" not in second
    assert first.count("\\tag{") == 1 and "\\tag{1}" in first and "\\tag{2}" in second
    assert "Forward model" not in page and "every claim is checked" not in page
    assert report_text(str(path), "md", timeout=60) == page


def test_the_latex_report_shows_each_context_with_its_own_claims(two, tmp_path):
    _, path = two
    tex = report_text(str(path), "tex", timeout=60)
    first, second = tex.split("\\section*{Context 2")
    assert "\\section*{Context 1" in first and "Sizes: n (classes)." in first and "outputs" not in first
    assert "Givens" in first and "Givens" not in second and "Sum(y[i]" not in second
    assert first.count("\\verdict{proved}{proved}") == 1 and second.count("\\verdict{refuted}{refuted}") == 1
    assert "Forward model" not in tex and "Claims" not in tex
    if shutil.which("pdflatex") is None or shutil.which("pdftotext") is None:
        return
    from test_reports_latex import compile_pdf
    _, text = compile_pdf(tex, tmp_path)
    flat = " ".join(text.split())
    assert flat.index("Context 1") < flat.index("(classes)") < flat.index("Context 2") < flat.index("(outputs)")


def test_a_note_with_one_context_keeps_its_forward_model_section(tmp_path):
    path = tmp_path / "one.md"
    path.write_text(_note("md").split("```derive\n[sizes]")[0])
    page = report_text(str(path), "md", timeout=60)
    assert "## Forward model" in page and "Context" not in page
    assert "Givens (assumed for every claim):" in page and re.search(r"^## \S+ \*\*proved\*\*", page, re.M)


@pytest.mark.parametrize("fmt", ["md", "tex", "html"])
def test_a_file_without_claims_says_so_instead_of_an_empty_table(tmp_path, fmt):
    path = tmp_path / "empty.derive.toml"
    path.write_text("")
    page = report_text(str(path), fmt, timeout=60)
    assert "No claims: there is nothing to check." in page
    assert "| line | verdict | claim |" not in page


@pytest.mark.parametrize("kind", ["md", "tex"])
def test_a_context_without_claims_does_not_promise_claims_below(tmp_path, kind):
    (o, c), _ = BLOCK[kind], DISPLAY[kind]
    text = _note(kind)
    head = "# Two derivations\n\n" if kind == "md" else "\\maketitle\n"
    path = tmp_path / f"notes.{kind}"
    path.write_text(text.replace(head, head + o + SECOND + c + "\n", 1))  # a first context no claim is read under
    page = report_text(str(path), kind, timeout=60)
    first = page.split("Context 2")[0]
    assert "No claim is read under this context" in first
    assert "This context defines these quantities in order." in first
    assert page.count("its claims, below, are checked against them") == 2
    if kind == "md":  # each context's heading after the first stands after a blank line
        assert all(page[m.start() - 2:m.start()] == "\n\n" for m in re.finditer(r"^## Context", page, re.M))

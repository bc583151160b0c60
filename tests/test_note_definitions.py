"""Where a Markdown note defines its macros: wherever MathJax reads math, never in code, at the true line.

MathJax keeps a ``\\newcommand`` made in any math of the page, and finds that math in every paragraph, list
item, blockquote and HTML block: inline ``$…$`` running over a line break, ``\\(…\\)``, an environment in the middle
of a line.  A definition derive did not see there let it prove ``2x = 2x`` where the page shows ``3x = 2x``.
Code (fenced, indented, a code span, an HTML comment) is not math to MathJax: a definition shown there is none.
A definition outside any math is refused, for whether a page applies it depends on its Markdown renderer.
"""
from __future__ import annotations

import pytest

from derive.documents.load import read_document
from _checking import checked
from _oneline import assert_one_line_error

HEAD = "# Notes\n\n```derive\n[inputs]\nx = []\nt = []\n```\n\n"  # lines 1-8


def _verdicts(tmp_path, body: str) -> list[tuple[str, str]]:
    path = tmp_path / "note.md"
    path.write_text(HEAD + body)
    (f,) = read_document(path).files
    return [(c.verdict, c.name) for c in checked(f, 60)]


def _note(tmp_path, body: str):
    path = tmp_path / "note.md"
    path.write_text(HEAD + body)
    return path


@pytest.mark.parametrize("where", [
    "Later we write $\\newcommand{\\tx}\n{3x}$ for the scaled input.\n",              # inline math over a line break
    "Rescaled: \\(\\newcommand{\\tx}{3x}\\) here.\n",                                 # \( … \)
    "- an item, with\n  $\\newcommand{\\tx}\n  {3x}$ inside\n",                       # in a list item, over a break
    "> quoted $\\newcommand{\\tx}\n> {3x}$ too\n",                                    # in a blockquote, over a break
    "<div>\nin HTML $\\newcommand{\\tx}{3x}$\n</div>\n",                              # in an HTML block
])
def test_a_definition_wherever_mathjax_reads_math_is_read(tmp_path, where):
    # the page shows 3x = 2x: derive must not read \tx as anything else
    assert _verdicts(tmp_path, where + "\n$$ \\tx = 2x $$\n") == [("refuted", "3x = 2x")]


@pytest.mark.parametrize("where", [
    "Later we write $\\renewcommand{\\tx}\n{3x}$ for the scaled input.\n",
])
def test_a_redefinition_derive_missed_no_longer_proves_a_false_equation(tmp_path, capsys, where):
    # the probe's notes: $$\newcommand{\tx}{2x}$$ on line 9, redefined on line 11, used on line 13
    path = _note(tmp_path, "$$\\newcommand{\\tx}{2x}$$\n\n" + where + "\n$$ \\tx = 2x $$\n")
    line = 13 if "\n{3x}" not in where else 14
    assert_one_line_error(path, line, "defined twice (lines 9 and 11)", capsys)


@pytest.mark.parametrize("where", [
    "Rescaled: \\begin{equation*}\\newcommand{\\tx}{3x}\\end{equation*} here.\n",     # an environment mid-line
    "Rescaled from here: \\begin{equation*}\\renewcommand{\\tx}{3x}\\end{equation*}\n",
])
def test_a_definition_in_an_environment_is_refused_where_used(tmp_path, capsys, where):
    # MathJax keeps it for the page, LaTeX to the environment: readers differ, so derive reads neither
    path = _note(tmp_path, where + "\n$$ \\tx = 2x $$\n")
    assert_one_line_error(path, 11, "it is defined inside a group", capsys)


@pytest.mark.parametrize("code", [
    "```latex\n$\\renewcommand{\\tx}{3x}$\n```\n",        # a fenced code block
    "~~~\n\\(\\renewcommand{\\tx}{3x}\\)\n~~~\n",          # another fence
    "    $\\renewcommand{\\tx}{3x}$\n",                      # an indented code block
    "One would write `$\\renewcommand{\\tx}{3x}$` here.\n",  # a code span
    "Or ``$\\renewcommand{\\tx}{3x}$`` here.\n",             # a code span of two backticks
    "<!-- $\\renewcommand{\\tx}{3x}$ -->\n",                 # an HTML comment
    "<pre>\n$\\renewcommand{\\tx}{3x}$\n</pre>\n",           # preformatted HTML
])
def test_a_definition_shown_as_code_is_none(tmp_path, code):
    body = "$$\\newcommand{\\tx}{2x}$$\n\nTo use thirds instead (not done here):\n\n" + code + "\n$$ \\tx = 2x $$\n"
    assert _verdicts(tmp_path, body) == [("proved", "2x = 2x")]


def test_a_definition_only_in_code_is_not_used(tmp_path, capsys):
    # MathJax shows \tx as an unknown macro: derive does not read it as 3x either
    path = _note(tmp_path, "```latex\n$\\newcommand{\\tx}{3x}$\n```\n\n$$ \\tx = 3x $$\n")
    assert_one_line_error(path, 13, "cannot read \\tx (supported:", capsys)


def test_a_redefinition_of_a_read_macro_shown_as_code_is_not_refused(tmp_path):
    body = "Never write `\\renewcommand{\\frac}{x}`:\n\n```\n$\\renewcommand{\\frac}{x}$\n```\n\n$$ 2x = x + x $$\n"
    assert _verdicts(tmp_path, body) == [("proved", "2x = x + x")]


def test_a_definition_outside_math_is_refused_at_its_line(tmp_path, capsys):
    # \\( in a Markdown source is \( to a CommonMark renderer (then MathJax's math), \\( to a math-aware one
    path = _note(tmp_path, "Some prose.\n\nHere \\\\(\\renewcommand{\\tx}{3x}\\\\) or not.\n\n$$ 2x = x + x $$\n")
    assert_one_line_error(path, 11, "defined outside math", capsys)


def test_a_definition_in_prose_is_reported_at_its_own_line(tmp_path, capsys):
    # the probe's note: a paragraph from line 10, an optional argument defined on its line 11
    path = tmp_path / "note.md"
    path.write_text("# Title\n\nSome prose\nover lines.\n\n$$\na = b\n$$\n\nMore prose with $x$ and\n"
                    "a def $\\newcommand{\\tq}[1][0]{#1}$ here.\n\n```derive\n[inputs]\nx = []\n```\n\n"
                    "$$ x = \\tq $$\n")
    assert_one_line_error(path, 18, "cannot read \\tq (defined on line 11)", capsys)


def test_two_definitions_on_one_line_are_both_on_that_line(tmp_path, capsys):
    path = tmp_path / "note.md"
    path.write_text("# Title\n\nSome prose\nover lines.\n\n$$\na = b\n$$\n\nMore prose with $x$ and\n"
                    "text here.\n\n```derive\n[inputs]\nx = []\n```\n\n"
                    "Another $\\newcommand{\\tr}{x}$ and $\\renewcommand{\\tr}{2x}$.\n\n$$ x = \\tr $$\n")
    assert_one_line_error(path, 20, "defined twice (lines 18 and 18)", capsys)


def test_a_definition_in_code_is_no_second_definition(tmp_path):
    # the probe's note: "defined twice (lines 9 and 10)" for a \renewcommand shown in a ```latex block on line 14
    body = "$$\\newcommand{\\tx}{2x}$$\n\nTo use thirds instead, one would write (not done here):\n\n" \
           "```latex\n$\\renewcommand{\\tx}{3x}$\n```\n\n$$ \\tx = 2x $$\n"
    assert _verdicts(tmp_path, body) == [("proved", "2x = 2x")]


@pytest.mark.parametrize("quoted", [
    "> $$\n> x = x\n> + x\n> $$\n",                  # a display in a blockquote, over its lines
    "- item\n  > $$\n  > x = x\n  > + x\n  > $$\n",  # in a blockquote in a list item
    "> > $$ x = x\n> > + x $$\n",                    # nested, the closer on the last line
])
def test_a_display_in_a_blockquote_is_read_without_its_quote_marks(tmp_path, quoted):
    # the page shows x = x + x: the > starting a line is Markdown's, not a relation (derive proved x = x)
    assert _verdicts(tmp_path, quoted) == [("refuted", "x = x + x")]

"""``\\\\[ … \\\\]``: display math in notes written for a Markdown page (Hugo, Jekyll: CommonMark turns ``\\\\[`` into the
``\\[`` MathJax reads) and in pandoc's ``tex_math_double_backslash``.  It was prose: a note of such displays checked
0 claims and passed."""
from __future__ import annotations

from derive.documents.load import load_any

from _oneline import assert_one_line_error
from _checking import checked, loaded

HEAD = """# Notes

```derive
[inputs]
a = []
b = []
```
"""


def _verdicts(tmp_path, body: str) -> dict[tuple[int, str], str]:
    p = tmp_path / "notes.md"
    p.write_text(HEAD + body)
    (f,) = loaded(p)
    return {(c.line, c.name): c.verdict for c in checked(f, 60)}


def test_a_double_backslash_display_is_read_on_one_line_or_several(tmp_path):
    got = _verdicts(tmp_path, "\nThe square:\n\n\\\\[ (a+1)^2 = a^2 + 2a + 2 \\\\]\n\nand\n\n"
                              "\\\\[\n(a-1)^2 = a^2 - 2a + 1\n\\\\]\n\nthen \\\\[ a b = b a \\\\] in a line.\n")
    assert got == {(11, "(a+1)^2 = a^2 + 2a + 2"): "refuted", (16, "(a-1)^2 = a^2 - 2a + 1"): "proved",
                   (19, "a b = b a"): "proved"}


def test_a_line_break_in_prose_and_inline_math_stay_prose(tmp_path):
    # \\[2pt] with no \\] after it in its paragraph is a line break and a bracket; \\( … \\) is inline math, which
    # derive does not read anywhere; a closer in the next paragraph closes nothing
    p = tmp_path / "notes.md"
    p.write_text(HEAD + "\nrows a \\\\[2pt] b, inline \\\\( a = 2a \\\\), and \\\\[ a = 2a\n\nlater \\\\] here.\n")
    (f,) = load_any(p)
    assert not f.claims


def test_a_backslash_before_punctuation_inside_is_refused_where_readers_differ(tmp_path, capsys):
    # a Markdown page shows \, as a comma (CommonMark drops the backslash), pandoc as a thin space
    p = tmp_path / "notes.md"
    p.write_text(HEAD + "\n\\\\[\na \\, b = a b\n\\\\]\n")
    assert_one_line_error(p, 10, "display: \\, in it is , on a Markdown page", capsys)
    # written for the page (\\{ shows \{ there), pandoc reads a line break and a brace
    p.write_text(HEAD + "\n\\\\[ a \\mathbb{1}\\\\{a > 0\\\\} = a \\\\]\n")
    assert_one_line_error(p, 9, "\\\\{ in it is \\{ on a Markdown page", capsys)


def test_markdown_inside_or_around_a_double_backslash_display_is_refused(tmp_path, capsys):
    # a re-probe: _ after ) and before { made emphasis on the page (no math there), pandoc read math; and in an HTML
    # block the page leaves \\[ as written (MathJax: a backslash and a bracket), pandoc reads Markdown
    p = tmp_path / "notes.md"
    p.write_text(HEAD + "\nThe gradient \\\\[ (a + b)_i = a_i + b_{i} \\\\] per entry.\n")
    assert_one_line_error(p, 9, "reads emphasis (a pair of _ or *) in it", capsys)
    p.write_text(HEAD + '\n<div class="box">\n\\\\[ a + b = b + a \\\\]\n</div>\n')
    assert_one_line_error(p, 10, "it stands in an HTML block", capsys)
    # emphasis with one mark before the display and one inside it, or pairing across two displays of a paragraph
    p.write_text(HEAD + "\nText *note \\\\[ a*b + 1 = 1 + a b \\\\]\n")
    assert_one_line_error(p, 9, "an emphasis pair with one mark outside it", capsys)
    p.write_text(HEAD + "\nFirst \\\\[ (a)_i = a \\\\] and\n\\\\[ b_{i} = b \\\\]\n")
    assert_one_line_error(p, 9, "an emphasis pair with one mark outside it", capsys)
    # [a] is a link where the note defines it (a re-probe: the check did not know the note's definitions)
    p.write_text(HEAD + "\nText \\\\[ [a] = a \\\\]\n\n[a]: http://example.com\n")
    assert_one_line_error(p, 9, "reads a link in it", capsys)


def test_a_closer_in_another_block_closes_nothing(tmp_path):
    # a re-probe: with a blank line as the paragraph's only end, \\[ paired with a \\] in the next list item (the
    # bullet read as a minus), past an empty quote line, a heading, a rule or a fence
    p = tmp_path / "notes.md"
    p.write_text(HEAD + "\n- \\\\[ (a-b)^2 = a^2 + b^2\n- b \\\\]\n\n> \\\\[ a = 2a\n>\n> \\\\]\n\n\\\\[ a = 2b\n# Heading \\\\]\n\n"
                        "Text \\\\[ a = 4b\n***\nand \\\\]\n\nProse \\\\[ a = 3b\n```\n\\\\]\n```\n\n"
                        "> \\\\[ (a+b)^2\n= a^2 + 2ab + b^2 \\\\]\n")
    (f,) = load_any(p)
    assert [(c.line, c.name) for c in f.claims] == [(29, "(a+b)^2 = a^2 + 2ab + b^2")]  # a lazy line is its paragraph's

"""Code fences that are no line of their own: in a blockquote (``> ```…``) or opened on a list item's line
(``- ```…``).  The fence pattern looked only at fences starting a line: the math in a quoted code block was read as
claims, and a list item's closing fence opened a block "never closed" (session 49's probe)."""
from __future__ import annotations

from derive.documents.load import load_any

HEAD = "# Notes\n\n```derive\n[inputs]\na = []\nb = []\n```\n"


def test_math_in_a_quoted_or_listed_code_fence_is_code(tmp_path):
    p = tmp_path / "notes.md"
    p.write_text(HEAD + "\n> ```\n> $$ (a+b)^2 = a^2 + b^2 $$\n> ```\n\n- ```\n  \\\\[ (a-b)^2 = a^2 + b^2 \\\\]\n  ```\n\n"
                        "- item\n\n  ~~~tex\n  $$ a = 2b $$\n  ~~~\n\n$$ a + b = b + a $$\n")
    (f,) = load_any(p)
    assert [(c.line, c.name) for c in f.claims] == [(23, "a + b = b + a")]


def test_a_math_fence_in_a_list_item_or_blockquote_is_read_and_a_fence_line_in_html_is_text(tmp_path):
    # a re-probe: '- ```math' left its indented closing fence to open a block (an error, or with a later fence every
    # display between silently gone), and '> ```math' was not read; a fence line inside an HTML block opened a block
    p = tmp_path / "notes.md"
    p.write_text(HEAD + "\n- ```math\n  a + a = 6a\n  ```\n\n> ```math\n> a + a = 2a\n> ```\n\n<div>\n```\n</div>\n\n"
                        "Key step \\\\[ a + a = 3a \\\\]\n\n```python\nprint(1)\n```\n")
    (f,) = load_any(p)
    assert [(c.line, c.name) for c in f.claims] == [(10, "a + a = 6a"), (14, "a + a = 2a"), (21, "a + a = 3a")]

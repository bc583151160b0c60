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

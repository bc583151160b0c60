"""Relations other than = in a note (``0 < s_i < 1``, ``\\approx``, ``\\in``): stated, not checked, and said so.

A note whose displays held only such relations gave "0 claim(s)" and exit 0, so a CI run could not tell a false
inequality from a checked note; each is now listed as ``not checked`` in the text output and JUnit, counted in the
summary, and fails ``--strict``."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from derive.cli import main

NOTE = """# A sigmoid's range

```derive
[sizes]
n = "units"
[inputs]
z = ["n"]
[define]
"s[i]" = "1/(1 + exp(-z[i]))"
```

$$
\\frac{\\partial s_i}{\\partial z_i} = s_i (1 - s_i) \\le \\frac{1}{4}
$$

$$
0 < s_i < 2, \\quad s_i \\approx 1 \\quad \\text{if } z_i > 10
$$
"""


def _run(tmp_path, capsys, *options) -> tuple[int, list[str]]:
    p = tmp_path / "range.md"
    p.write_text(NOTE)
    code = main(["check", "--no-cache", *options, str(p)])
    return code, capsys.readouterr().out.splitlines()


def test_each_relation_other_than_equals_is_listed_in_line_order_and_counted(tmp_path, capsys):
    code, out = _run(tmp_path, capsys)
    assert code == 0
    said = [line.split(": ", 1)[1] for line in out if line.startswith(str(tmp_path))]
    assert said == [r"proved  \frac{\partial s_i}{\partial z_i} = s_i (1 - s_i)", r"not checked  s_i (1 - s_i) \le \frac{1}{4}",
                    r"not checked  0 < s_i < 2 \quad \text{if } z_i > 10", r"not checked  s_i \approx 1 \quad \text{if } z_i > 10"]
    assert out[-1] == "1 claim(s) in 1 file(s): 1 proved, 0 refuted, 0 unproved; 3 relation(s) not checked"
    assert sum("is stated, not checked; --strict fails on it" in line for line in out) == 3


def test_strict_fails_on_a_relation_not_checked(tmp_path, capsys):
    assert _run(tmp_path, capsys, "--strict")[0] == 1


def test_junit_lists_them_as_skipped_or_under_strict_as_failures(tmp_path, capsys):
    xml = tmp_path / "out.xml"
    for strict, tag in ((False, "skipped"), (True, "failure")):
        _run(tmp_path, capsys, "--junit-xml", str(xml), *(["--strict"] if strict else []))
        suite = ET.parse(xml).getroot().find("testsuite")
        assert suite.get("tests") == "4"
        cases = [c for c in suite.findall("testcase") if c.find(tag) is not None]
        # (a relation not checked is named with its row's annotations, which say under what it is stated)
        assert [c.get("name") for c in cases] == [r"s_i (1 - s_i) \le \frac{1}{4}", r"0 < s_i < 2 \quad \text{if } z_i > 10",
                                                  r"s_i \approx 1 \quad \text{if } z_i > 10"]
        assert [c.get("line") for c in cases] == ["13", "17", "17"]


def test_a_run_served_from_the_file_cache_lists_them_too(tmp_path, capsys, monkeypatch):
    p = tmp_path / "range.md"
    p.write_text(NOTE)
    monkeypatch.chdir(tmp_path)
    first = (main(["check", "range.md"]), capsys.readouterr().out)
    second = (main(["check", "range.md"]), capsys.readouterr().out)
    assert first == second and "not checked  0 < s_i < 2" in second[1]


pytest_plugins = ["pytester"]


def test_the_plugin_collects_them_as_skipped_items_failing_under_strict(pytester):
    pytester.makefile(".md", range=NOTE)
    result = pytester.runpytest("-p", "no:cacheprovider", "--derive-no-cache", "-rs")
    result.assert_outcomes(passed=1, skipped=3)
    result.stdout.fnmatch_lines(["*not checked: a relation other than = *"])
    strict = pytester.runpytest("-p", "no:cacheprovider", "--derive-no-cache", "--derive-strict")
    strict.assert_outcomes(passed=1, failed=3)
    strict.stdout.fnmatch_lines(["*range.md:17: not checked  0 < s_i < 2*"])
    # served whole by the file cache on a second run: the same items
    for _ in range(2):
        pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1, skipped=3)


def test_a_premise_is_no_statement_and_a_run_of_relations_is_one(tmp_path, capsys):
    # probe 4: x > 0 ⟹ |x| = x listed its premise (so --strict failed a correct note), and x > 0, y > 0 was
    # listed as '0, y > 0' and 'x > 0, y'
    p = tmp_path / "runs.md"
    p.write_text('```derive\n[inputs]\nx = []\ny = []\n```\n\n$$x > 0, y > 0 \\implies |x y| = x y$$\n\n'
                 '$$x > 0, y > 0$$\n\n$$x \\lt y \\leqslant 1$$\n')
    assert main(["check", "--no-cache", "--strict", str(p)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[1] for line in out if line.startswith(str(p))] == \
        ["proved  |x y| = x y", "not checked  x > 0, y > 0", r"not checked  x \lt y \leqslant 1"]


def test_a_row_aligned_like_an_equation_is_a_statement_and_a_continued_row_continues(tmp_path, capsys):
    # probe 4: x &\ge 0 under |x| &= x was taken as its condition (|x| = x proved), and &\quad + 1 \le 3x + 2
    # as a condition cutting (x + 1)^2 = x^2 + 2x + 1 short (refuted)
    p = tmp_path / "rows.md"
    p.write_text('```derive\n[inputs]\nx = []\n```\n\n$$\n\\begin{aligned}\n|x| &= x \\\\\nx &\\ge 0\n'
                 '\\end{aligned}\n$$\n\n$$\n\\begin{aligned}\n(x+1)^2 &= x^2 + 2x \\\\\n&\\quad + 1 \\le 3x + 2\n'
                 '\\end{aligned}\n$$\n\n$$\n\\begin{aligned}\n|x| &= x \\\\\n& x \\ge 0\n\\end{aligned}\n$$\n')
    assert main(["check", "--no-cache", str(p)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[1] for line in out if line.startswith(str(p))] == \
        ["refuted  |x| = x", r"not checked  x \ge 0", "proved  (x+1)^2 = x^2 + 2x + 1",
         r"not checked  x^2 + 2x + 1 \le 3x + 2", "proved  |x| = x (2)"]


def test_relations_written_as_characters_or_rarer_macros_are_listed_too(tmp_path, capsys):
    # probe 4: a display of only A \succeq 0, x ≈ y or x ∈ y gave 0 claims and nothing listed
    p = tmp_path / "rare.md"
    p.write_text('```derive\n[inputs]\nx = []\ny = []\n```\n\n$$x \\succeq 0$$\n\n$$x ≈ y$$\n\n$$x ∈ y$$\n\n'
                 '$$x^2 = x \\cdot x \\lesssim y$$\n')
    assert main(["check", "--no-cache", str(p)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[1] for line in out if line.startswith(str(p))] == \
        [r"not checked  x \succeq 0", r"not checked  x \approx y", r"not checked  x \in y",
         r"proved  x^2 = x \cdot x", r"not checked  x \cdot x \lesssim y"]


def _said(tmp_path, capsys, body: str, code: int = 0) -> list[str]:
    p = tmp_path / "said.md"
    p.write_text('```derive\n[inputs]\nx = []\nc = []\nd = []\n```\n\n' + body)
    assert main(["check", "--no-cache", str(p)]) == code
    return [line.split(": ", 1)[1] for line in capsys.readouterr().out.splitlines() if line.startswith(str(p))]


def test_a_condition_on_or_under_a_continued_row_is_the_equations(tmp_path, capsys):
    # probe 5: the condition was dropped once the row above was continued, and the true claim refuted
    for rows in ("&\\quad + c \\\\\n&\\text{if } x > 0", "&\\quad + c \\quad \\text{if } x > 0"):
        assert _said(tmp_path, capsys, "$$\n\\begin{aligned}\n|x| + c &= x \\\\\n" + rows + "\n\\end{aligned}\n$$\n") \
            == ["proved  |x| + c = x + c"]


def test_comparisons_beside_or_under_no_equation_are_statements(tmp_path, capsys):
    # probe 5: c < d, \quad d < c listed only the first (the second was its condition); a gather row under an
    # equation, opening with math, was taken as that equation's condition
    assert _said(tmp_path, capsys, "$$c < d, \\quad d < c$$\n\n$$\n\\begin{gather}\nc^2 + d^2 = (c + d)^2 - 2 c d \\\\\n"
                                   "c^2 + d^2 \\ge 2 c d\n\\end{gather}\n$$\n") == \
        ["not checked  c < d", "not checked  d < c", "proved  c^2 + d^2 = (c + d)^2 - 2 c d",
         r"not checked  c^2 + d^2 \ge 2 c d"]


def test_a_second_arrow_a_type_and_an_equation_in_words_are_no_statements(tmp_path, capsys):
    # probe 5: 'd + 1 \implies c + 2' and 'x \in \mathbb{R}' were listed (failing --strict); an equation after
    # words beside a comparison was dropped with exit 0
    assert _said(tmp_path, capsys, "$$c = d \\implies c + 1 = d + 1 \\implies c + 2 = d + 2$$\n\n"
                                   "$$(x + 1)^2 = x^2 + 2 x + 1, \\quad x \\in \\mathbb{R}$$\n") == \
        ["proved  c + 1 = d + 1", "proved  c + 2 = d + 2", "proved  (x + 1)^2 = x^2 + 2 x + 1"]
    p = tmp_path / "words.md"
    p.write_text('```derive\n[inputs]\nx = []\n```\n\n$$x^2 \\ge 0 \\text{ and } (x + 1)^2 = x^2 + 1$$\n')
    assert main(["check", "--no-cache", str(p)]) == 2
    assert "an equation in them is not read" in capsys.readouterr().err


def test_a_condition_after_a_comparison_ending_a_chain_is_the_chains(tmp_path, capsys):
    # probe 7: &\ge c, \quad x > 0 on a chain's last row was listed as a relation, and |x| + c = x + c refuted
    assert _said(tmp_path, capsys, "$$\n\\begin{aligned}\nx + c &= |x| + c \\\\\n&= x + c \\\\\n&\\ge c, \\quad x > 0\n"
                                   "\\end{aligned}\n$$\n") == \
        ["proved  x + c = |x| + c", "proved  |x| + c = x + c", r"not checked  x + c \ge c \quad \text{if } x > 0"]


def test_words_beside_a_comparison_a_condition_reads_and_a_where_equation_is_refused(tmp_path, capsys):
    # probe 7: a where-equation beside a comparison was dropped (exit 0); an if-condition was refused
    assert _said(tmp_path, capsys, "$$c + |x| = |x| \\ge 0 \\quad \\text{if } c = 0$$\n") == \
        ["proved  c + |x| = |x|", r"not checked  |x| \ge 0 \quad \text{if } c = 0"]
    # (probe 9: a where/with condition or restated definition beside a comparison is its own too)
    assert _said(tmp_path, capsys, "$$c + |x| = |x| \\ge 0 \\quad \\text{where } c = 0$$\n") == \
        ["proved  c + |x| = |x|", r"not checked  |x| \ge 0 \quad \text{where } c = 0"]
    p = tmp_path / "where.md"
    p.write_text('```derive\n[inputs]\nx = []\n[define]\n"f" = "x**2"\n```\n\n$$x^2 \\ge 0 \\text{ and } f = 2x$$\n')
    assert main(["check", "--no-cache", str(p)]) == 2
    assert "an equation in them is not read" in capsys.readouterr().err


def test_an_update_rule_is_not_checked_but_a_definition_restated_with_colon_equals_is(tmp_path, capsys):
    # probe 10: CS229's θ := θ - α g, read as an equation, was refuted
    assert _said(tmp_path, capsys, "$$x := x - c d$$\n\n$$c := c$$\n\n$$x + c := c + x$$\n") == \
        ["not checked  x := x - c d", "not checked  c := c", "proved  x + c := c + x"]

"""A sixth probe of the readers: bracketed powers among a function's arguments, soft-threshold cases,
``derive show``'s choice of input and LaTeX ``%!`` lines missing their marker."""
from __future__ import annotations

import pytest

from _checking import claims_of, note_verdicts
from _cli import run
from _oneline import assert_note_refused, assert_one_line_error


_verdicts = note_verdicts


SCALARS = """# Bracketed powers

```derive
[inputs]
a = []
b = []
z = []
```
"""


@pytest.mark.parametrize("claim", [
    # a bracket squared as one argument of a function of several: the argument's own power
    r"\max((a - b)^2, b) = \max(b, a^2 - 2 a b + b^2)",
    r"\max(b, (a)^2) = \max(a^2, b)",
    r"\min(b, (a + 1)^3) = \min(b, a^3 + 3 a^2 + 3 a + 1)",
    r"\operatorname{clip}((a - b)^2, 0, 1) = \min((a - b)^2, 1)",
    r"\max\left((a - b)^2, b\right) = \max(b, a^2 - 2 a b + b^2)",
    r"\max\{(a - b)^2, b\} = \max(b, a^2 - 2 a b + b^2)",
    # the bracket is the function's: exp of a square, never the square of exp
    r"\frac{\partial}{\partial z} \exp((z)^2) = 2 z \exp(z^2)",
    r"\frac{\partial}{\partial z} \exp\left((z)^2\right) = 2 z \exp(z^2)",
])
def test_a_bracketed_power_inside_a_function_is_its_arguments(tmp_path, claim):
    assert _verdicts(tmp_path, SCALARS, claim) == ["proved"]


@pytest.mark.parametrize("claim", [
    r"\max((a - b)^2, b) = \max(a - b, b)^2",
    r"\frac{\partial}{\partial z} \exp((z)^2) = 2 \exp(2 z)",
])
def test_a_bracketed_power_inside_a_function_is_not_the_functions(tmp_path, claim):
    assert _verdicts(tmp_path, SCALARS, claim) == ["refuted"]


def test_a_power_after_the_functions_bracket_is_still_the_values(tmp_path):
    assert _verdicts(tmp_path, SCALARS, r"\max(0, a)^2 = \max(0, a^2) \cdot [a > 0]",
                     r"\exp(z)^2 = \exp(2 z)") == ["proved", "proved"]


def _soft(given: str) -> str:
    """A derive block of the soft threshold S(z) = sign(z) max(|z| − λ, 0), with ``given`` as its givens."""
    return f"""# Soft threshold

```derive
given = [{given}]
[inputs]
z = []
lam = []
x = []
y = []
[define]
"S" = "sign(z)*max(abs(z) - lam, 0)"
[symbols]
'\\lambda' = "lam"
```
"""


OUTER_FIRST = (r"S = \begin{cases} z - \lambda & z > \lambda \\ z + \lambda & z < -\lambda \\ 0 & \text{otherwise} "
               r"\end{cases}")
MIDDLE_SECOND = (r"S = \begin{cases} z - \lambda & z > \lambda \\ 0 & -\lambda \le z \le \lambda \\ z + \lambda & "
                 r"\text{otherwise} \end{cases}")


def test_soft_threshold_cases_apart_by_the_given_are_read(tmp_path):
    # z > λ and z < −λ never meet once λ > 0; z > λ never meets −λ ≤ z ≤ λ, whatever λ
    assert _verdicts(tmp_path, _soft('"lam > 0"'), OUTER_FIRST, MIDDLE_SECOND,
                     r"S = z - \operatorname{clip}(z, -\lambda, \lambda)") == ["proved"] * 3


def test_cases_apart_by_one_part_of_a_range_need_no_given(tmp_path):
    # read, and wrong for λ < 0 (between λ and 0 the first case gives z − λ where S is z + λ)
    assert _verdicts(tmp_path, _soft(""), MIDDLE_SECOND) == ["refuted"]


def test_cases_apart_by_a_negative_sum_of_differences_are_read(tmp_path):
    assert _verdicts(tmp_path, _soft(""),
                     r"\begin{cases} 1 & x - y > 1 \\ 2 & x - y < -1 \\ 0 & \text{otherwise} \end{cases} = "
                     r"\begin{cases} 2 & y - x > 1 \\ 1 & x - y > 1 \\ 0 & \text{otherwise} \end{cases}") == ["proved"]


@pytest.mark.parametrize("given, claim", [
    ('', OUTER_FIRST),  # λ < 0 lets z > λ and z < −λ both hold
    ('"lam > -1"', OUTER_FIRST),
    ('"lam > 0"', r"S = \begin{cases} z - \lambda & z > -\lambda \\ z + \lambda & z < \lambda \\ 0 & \text{otherwise} "
                  r"\end{cases}"),
    ('"lam > 0"', r"S = \begin{cases} z - \lambda & z > \lambda \\ 0 & -\lambda \le z \le 2 \lambda \\ z + \lambda & "
                  r"\text{otherwise} \end{cases}"),
    ('"lam > 0"', r"S = \begin{cases} z - \lambda & z \ge -\lambda \\ z + \lambda & z \le \lambda \\ 0 & "
                  r"\text{otherwise} \end{cases}"),
])
def test_cases_that_can_both_hold_with_different_values_stay_refused(tmp_path, capsys, given, claim):
    assert_note_refused(tmp_path, capsys, _soft(given), claim, "cases 1 and 2 may both hold")


ONE_ENTRY = """# A given on one entry of a vector or matrix

```derive
given = [GIVEN]
[sizes]
n = 3
[inputs]
z = []
v = ["n"]
W = ["n", "n"]
```
"""


@pytest.mark.parametrize("given, entry", [
    ('"v[n] > 0"', "v_1"),  # the last entry (n a size), not every one
    ('"v[3] > 0"', "v_1"),
    ('"W[i, i] > 0"', "W_{12}"),  # the diagonal only
])
def test_a_given_on_some_entries_does_not_set_cases_apart_at_another(tmp_path, capsys, given, entry):
    claim = rf"\begin{{cases}} 1 & z > {entry} \\ 2 & z < -{entry} \\ 0 & \text{{otherwise}} \end{{cases}} = 1"
    assert_note_refused(tmp_path, capsys, ONE_ENTRY.replace("GIVEN", given), claim, "cases 1 and 2 may both hold")


def test_a_given_on_every_entry_sets_cases_apart_at_each(tmp_path):
    claim = (r"\begin{cases} 1 & z > v_1 \\ 2 & z < -v_1 \\ 0 & \text{otherwise} \end{cases} = "
             r"[z > v_1] + 2 [z < -v_1]")
    assert _verdicts(tmp_path, ONE_ENTRY.replace("GIVEN", '"v[i] > 0"'), claim) == ["proved"]


UNREAD_FIRST = """# PPO's ratio beside a loss that does not read it

```derive
[inputs]
r = []
A = []
l = []
lold = []
[define]
"L" = "min(r*A, clip(r, 4/5, 6/5)*A)"
"M" = "exp(l - lold)*A"
```
"""


def test_show_differentiates_by_an_input_the_loss_reads(tmp_path, capsys):
    # M is the loss (the last scalar); r, the first input, feeds only L
    p = tmp_path / "ppo.md"
    p.write_text(UNREAD_FIRST)
    ran = run(capsys, "show", str(p))
    assert ran.returncode == 0 and "differentiate by A" in ran.stdout, ran


def test_show_by_an_input_the_loss_does_not_read_names_those_it_does(tmp_path, capsys):
    p = tmp_path / "ppo.md"
    p.write_text(UNREAD_FIRST)
    ran = run(capsys, "show", str(p), "--wrt", "r")
    assert ran.returncode == 2 and ran.stderr.strip().splitlines() == [
        "derive: error: the loss M of model ppo does not depend on r; differentiate by one it does depend on, "
        "A, l, lold (derive show --wrt NAME)"], ran
    assert run(capsys, "show", str(p), "--wrt", "l").returncode == 0


def _paper(*context: str) -> str:
    """A LaTeX paper whose context is the lines ``context`` (from line 3), then ∂ℓ/∂z = 2z."""
    return ("\\documentclass{article}\n\\begin{document}\n" + "".join(line + "\n" for line in context) +
            "\\begin{equation}\n\\frac{\\partial \\ell}{\\partial z} = 2 z\n\\end{equation}\n\\end{document}\n")


MARKED = ['%! derive title = "loss"', "%! derive [inputs]", "%! derive z = []", "%! derive [symbols]",
          "%! derive '\\ell' = \"L\"", "%! derive [define]", '%! derive "L" = "z**2"']


@pytest.mark.parametrize("line, fragment", [
    (3, "%! [symbols] reads as a line of a derive context without the word derive: write %! derive [symbols]"),
    (3, '%! title = "loss" reads as a line'),
    (3, "%! '\\ell' = \"L\" reads as a line"),
    (3, "%! z = [] reads as a line"),
    (3, "%! [[claim]] reads as a line"),
])
def test_a_context_line_without_the_word_derive_is_refused_at_its_line(tmp_path, capsys, line, fragment):
    written = fragment.split(" reads as")[0]
    p = tmp_path / "paper.tex"
    p.write_text(_paper(written, *MARKED))
    assert_one_line_error(p, line, fragment, capsys)


def test_unmarked_context_lines_alone_are_refused_not_taken_for_no_context(tmp_path, capsys):
    p = tmp_path / "paper.tex"
    p.write_text(_paper(*(line.replace("%! derive", "%!") for line in MARKED)))
    assert_one_line_error(p, 3, '%! title = "loss" reads as a line of a derive context', capsys)


def test_ordinary_comments_and_tex_magic_comments_stay_silent(tmp_path):
    p = tmp_path / "notes.tex"
    p.write_text("%!TEX program = xelatex\n% !TEX root = main.tex\n" +
                 _paper("% [symbols]", '% title = "not read"', "%! note: z = 1 here", "%! [TODO]",
                        "%! a = 1 is the value used below", *MARKED).replace(
                     "\\documentclass", "% x = []\n\\documentclass", 1))
    assert [c.verdict for c in claims_of(p)] == ["proved"]

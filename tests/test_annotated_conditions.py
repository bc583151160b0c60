"""A condition written beside an equation is the claim's: ``\\quad \\text{if } \\sum_i y_i = 1``, ``\\text{for } i \\ne j``.

Dropping it would check another claim (s − y is wrong unless the targets sum to 1): an equation becomes
a given, a relation of the claim's indices says where it is asserted, another inequality is an
inequality given.  Prose beside an equation stays prose.
"""
from __future__ import annotations

import pytest

from derive.documents.annotations import condition_text
from derive.verify.check import check_files

from _oneline import assert_one_line_error
from _checking import crew, loaded

HEAD = """# Conditions

```derive
[sizes]
n = "classes"
[inputs]
z = ["n"]
y = ["n"]
a = []
[define]
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
"L" = "-Sum(y[i]*log(s[i]), (i, 1, n))"
"r" = "sqrt(a**2)"
```
"""


@pytest.mark.parametrize("note, relation", [
    (r"\quad \text{if } \sum_i y_i = 1", r"\sum_i y_i = 1"),
    (r"\qquad (\text{since } \sum_{i=1}^{n} y_i = 1).", r"\sum_{i=1}^{n} y_i = 1"),
    (r"\qquad \text{(using } \textstyle\sum_i y_i = 1\text{)}", r"\textstyle\sum_i y_i = 1"),
    (r"\quad \text{for } i \ne j", r"i \ne j"),
    (r"\quad \mathrm{for}\ i \neq j", r"i \neq j"),
    (r"\quad \text{if $x > 0$}", "x > 0"),
    (r"\quad \text{provided that } \sigma > 0,", r"\sigma > 0"),
    # each of a list, for all, where with a comparison, a bracket the relation opened
    (r"\quad \text{if } x > 0, y > 0", r"x > 0 \text{ and } y > 0"),
    (r"\quad \text{if } x, y > 0", r"x > 0 \text{ and } y > 0"),
    (r"\quad \forall x > 0", "x > 0"),
    (r"\quad \text{for all } x > 0", "x > 0"),
    (r"\quad \text{where } x > 0", "x > 0"),
    (r"\quad \text{if } x > \sigma(z).", r"x > \sigma(z)"),
    (r"\quad \text{if } x > 0, \text{ or } y > 0", r"x > 0 \text{ or } y > 0"),
    (r"\quad \text{if } \max\{x, -1\} > 0", r"\max\{x, -1\} > 0"),
    # prose: no condition to read
    (r"\quad \text{by the chain rule}", None),
    (r"\quad \text{for all } i", None),
    (r"\quad \text{where } s = \sigma(z)", None),
    (r"\quad \text{for } i = 1, \dots, n", None),
    (r"\quad \text{if $x > 0$ and the rest}", None),
])
def test_a_condition_is_told_from_prose(note: str, relation) -> None:
    assert condition_text(note) == relation


def _checked(tmp_path, *equations: str, head: str = HEAD):
    p = tmp_path / "conditions.md"
    p.write_text(head + "".join(f"\n$$ {eq} $$\n" for eq in equations))
    (f,) = loaded(p)
    return f, [c for r in check_files([(f, 60.0, None)], crew=crew()) for c in r.claims]


def test_conditions_beside_claims_are_checked_with_them(tmp_path) -> None:
    f, results = _checked(
        tmp_path,
        r"\frac{\partial L}{\partial z_j} = s_j - y_j \quad \text{if } \sum_i y_i = 1",
        r"\frac{\partial s_i}{\partial z_j} = -s_i s_j \quad \text{for } i \ne j",
        r"\frac{\partial s_i}{\partial z_j} = s_i (1 - s_i) \quad \text{if $i = j$}",
        r"r = a \quad \text{if } a > 0",
        # the same claims where the condition does not make them true, and one with prose only
        r"\frac{\partial s_i}{\partial z_j} = -s_i s_j \quad \text{for } i = j",
        r"r = a \quad \text{if } a < 0",
        r"\frac{\partial L}{\partial z_j} = s_j - y_j \quad \text{by the chain rule}")
    assert [c.verdict for c in results] == ["proved"] * 4 + ["refuted"] * 3
    assert results[0].givens_used == [r"\sum_i y_i = 1"] and results[3].givens_used == ["a > 0"]
    assert [c.when for c in results[:3]] == [r"", r"i \ne j", "i = j"]
    assert f.claims[0].givens[-1].text == r"\sum_i y_i = 1" and not f.claims[6].givens
    # as written, with its condition (math inside \text{…} moved out, so a report typesets it); prose is left out
    assert f.claims[1].text == r"\frac{\partial s_i}{\partial z_j} = -s_i s_j \quad \text{for } i \ne j"
    assert f.claims[2].text.endswith(r"\quad \text{if } i = j") and f.claims[6].text.endswith("s_j - y_j")
    assert all(c.counterexample for c in results[4:])


def test_two_conditions_in_one_annotation_are_both_read(tmp_path) -> None:
    f, (result,) = _checked(tmp_path, r"\frac{\partial s_i}{\partial z_j} = -s_i s_j \quad \text{for } i \ne j "
                                      r"\quad \text{if } a > 0")
    assert result.verdict == "proved" and result.when == r"i \ne j"
    assert [c.text for c in f.claims[0].conditions] == ["a > 0"]
    assert f.claims[0].text.endswith(r"\quad \text{for } i \ne j \quad \text{if } a > 0")


def test_a_condition_on_the_claims_own_entry_is_where_it_is_asserted(tmp_path) -> None:
    # Found by an adversarial probe: "if z_j > 0" beside a claim about j was a given for every entry of z, so
    # |z_i| y_j = z_i y_j was proved.  It holds for the claim's own j only: where the claim is asserted.
    f, results = _checked(
        tmp_path,
        r"|z_j| = z_j \quad \text{if } z_j > 0",
        r"|z_i| y_j = z_i y_j \quad \text{if } z_j > 0",
        r"|1 - z_j| = 1 - z_j \quad \text{if } 0 < z_j < 1",
        r"|z_j| = z_j \quad \text{if } z_j < 1")
    assert [c.verdict for c in results] == ["proved", "refuted", "proved", "refuted"]
    assert [c.when for c in results[:3]] == ["z_j > 0", "z_j > 0", "0 < z_j and z_j < 1"]
    assert not any(c.conditions for c in f.claims)


def test_an_equation_on_the_claims_own_entries_holds_for_them_only(tmp_path) -> None:
    # A second probe: "if z_j^2 = 1", "since Σ_k W_jk = 1" or "if A_ij = A_ji" beside a claim about j became a
    # given for every j (every z_k = ±1, every row summing to 1, A symmetric), so these false claims were proved.
    f, results = _checked(
        tmp_path,
        r"|z_i| y_j = y_j \quad \text{if } z_j^2 = 1",
        r"y_j \sum_k W_{ik} = y_j \quad \text{since } \sum_k W_{jk} = 1",
        r"W_{ik} y_j = W_{ki} y_j \quad \text{if } W_{ij} = W_{ji}",
        r"|z_j| = z_j \quad \text{if } z_j >= 0",
        r"|z_j| = -z_j \quad \text{if } z_j <= 0",
        head=HEAD.replace('a = []', 'a = []\nW = ["n", "n"]'))
    verdicts = [c.verdict for c in results]
    assert verdicts[:3] != ["proved"] * 3 and "proved" not in verdicts[:3]
    assert verdicts[3:] == ["proved", "proved"]
    assert [c.when.text for c in f.claims][:3] == ["z_j^2 = 1", r"\sum_k W_{jk} = 1", "W_{ij} = W_{ji}"]


def test_a_value_condition_on_an_index_the_claim_lacks_or_sums_over_is_refused(tmp_path, capsys) -> None:
    # A third probe: "if y_k >= 0" beside Σ_{k≠j} was a given for every k, y_j too, so |y_j| + Σ_{k≠j} y_k = …
    # was proved; whether the writer means the summed k only is anyone's guess.
    p = tmp_path / "stray.md"
    p.write_text(HEAD + "\n$$ |z_i| = z_i \\quad \\text{if } z_j > 0 $$\n")
    assert_one_line_error(p, 16, "mentions index j, which the claim does not have", capsys)
    p.write_text(HEAD + "\n$$ |y_j| + \\sum_{k \\ne j} y_k = y_j + \\sum_{k \\ne j} y_k \\quad \\text{if } y_k \\ge 0 $$\n")
    assert_one_line_error(p, 16, "mentions index k, which the claim sums over", capsys)


@pytest.mark.parametrize("equation, fragment", [
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j \quad \text{for } k \ne j", "mentions index k, which the claim does not have"),
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j \quad \text{if } q > 0", "unknown symbol 'q'"),
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j \quad \text{if } 1 > 0", "is always true or always false"),
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j \quad \text{if } \frac{\partial L}{\partial a} = 0", "holds a derivative"),
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j \quad \text{if } y = y y^\top", "compares arrays of different shapes"),
    # a probe: an entry out of range at some size, in a premise, was an internal error (unproved, exit 0)
    (r"z_2 = y_2 \implies r = |a|", "the condition 'z_2 = y_2' index 2 may be out of range for z axis 1 (size n)"),
    (r"r = |a| \quad \text{if } z_2 > 0", "the condition 'z_2 > 0' index 2 may be out of range"),
])
def test_an_unreadable_condition_is_a_one_line_error(tmp_path, capsys, equation: str, fragment: str) -> None:
    p = tmp_path / "bad.md"
    p.write_text(HEAD + f"\n$$ {equation} $$\n")
    assert_one_line_error(p, 16, fragment, capsys)


def test_a_condition_is_read_whole_as_people_write_it(tmp_path) -> None:
    # A probe: "if x > 0 \text{ or } x < 0" kept x > 0 alone and proved |x| = x; an "and", a list, \forall,
    # "where", "unless", a bracketed or quad-separated comparison were dropped and true claims refuted.
    f, results = _checked(
        tmp_path,
        r"r = a \quad \text{if } a > 0 \text{ or } a < 0",
        r"r = -a \quad \text{unless } a < 0",
        r"r + |z_1| = a + z_1 \quad \text{if } a > 0 \text{ and } z_1 > 0",
        r"r + |z_1| = a + z_1 \quad \text{if } a > 0, z_1 > 0",
        r"r + |z_1| = a + z_1 \quad \text{if } a, z_1 > 0",
        r"r + |z_1| = a + z_1 \quad \text{if $a > 0$ and $z_1 > 0$}",
        r"r = a \quad \forall a > 0",
        r"r = a \quad \text{where } a > 0",
        r"r = a \quad \text{unless } a < 0",
        r"r = a, \quad a > 0",
        r"r = a \quad (a > 0)",
        r"r = -a \quad \text{if } a < 0 \text{ or } a = 0")
    assert [c.verdict for c in results[:2]] == ["refuted"] * 2
    # both conditions on the entry kept (without one, z_1 < 0 refutes it; the prover takes no given on an entry)
    assert all(len(f.claims[k].conditions) == 2 and results[k].verdict != "refuted" for k in range(2, 6))
    assert [c.verdict for c in results[6:11]] == ["proved"] * 5
    assert results[11].verdict != "refuted"  # true where either holds (the prover takes no "or" apart yet)


def test_two_equations_on_an_aligned_row_are_two_claims(tmp_path) -> None:
    # a &= b & c &= d was read as the chain a = b c = d: a^2 = a a and a a = a^2, both proved
    _, results = _checked(tmp_path, r"\begin{aligned} a^2 &= a & a &= a^2 \\ r &= |a| && \text{if } a > 0 \end{aligned}")
    assert [(c.name, c.verdict) for c in results] == [("a^2 = a", "refuted"), ("a = a^2", "refuted"),
                                                      ("r = |a|", "proved")]


def test_a_condition_after_the_last_equation_of_a_row_is_every_equations_there(tmp_path) -> None:
    # \text{if} after two equations held for the last only, while a bare comparison (\qquad a > 0) held for both
    f, results = _checked(tmp_path, r"r = a, \quad r = 2a - a \quad \text{if } a > 0",
                          r"r = -a, \quad r = a \quad (a > 0)",
                          r"r = a \quad \text{if } a > 0, \quad r = -a \quad \text{if } a < 0",
                          r"r = -a, \quad r^2 = a^2 \quad \text{(squaring both sides)}")
    assert [(c.name, v.verdict) for c, v in zip(f.claims, results)] == [
        ("r = a", "proved"), ("r = 2a - a", "proved"), ("r = -a", "refuted"), ("r = a (2)", "proved"),
        ("r = a (3)", "proved"), ("r = -a (2)", "proved"), ("r = -a (3)", "refuted"), ("r^2 = a^2", "proved")]
    assert results[2].counterexample["inputs"]["a"].lstrip("-") == results[2].counterexample["inputs"]["a"]  # a > 0
    assert [c.conditions for c in f.claims[:2]] == [f.claims[1].conditions] * 2 and f.claims[0].conditions
    assert not f.claims[6].conditions  # words are no condition: the first equation stays unconditional


def test_an_implication_claims_what_follows_under_what_precedes(tmp_path) -> None:
    # x = y \implies x^2 = y^2 was two claims, x = y refuted though the writer never claimed it; a premise naming
    # a definition or a derivative is a step of its own, checked (a slip there must not pass as a hypothesis)
    f, results = _checked(tmp_path, r"a > 0 \implies r = a", r"a > 0 \Rightarrow r = -a",
                          r"a = 2 \implies r = 2", r"(a > 0) \implies r = a",
                          r"a > 0 \text{ or } a < 0 \implies r = a", r"r = -a \implies r^2 = a^2")
    assert [c.name for c in f.claims] == ["r = a", "r = -a", "r = 2", "r = a (2)", "r = a (3)", "r = -a (2)",
                                          "r^2 = a^2"]
    assert [c.verdict for c in results] == ["proved", "refuted", "proved", "proved", "refuted", "refuted", "proved"]
    assert f.claims[0].text == r"a > 0 \implies r = a"  # as written, in every report


def test_every_equation_after_the_first_arrow_is_claimed_under_its_premise(tmp_path) -> None:
    # a fourth probe: x > 0 \implies |x| = -x \implies … hid the false middle step as a premise of the last
    f, results = _checked(tmp_path, r"a > 0 \implies r = -a \implies r^2 = a^2",
                          r"\begin{aligned} a > 0 &\implies r = a \\ &\implies r^2 = a^2 \end{aligned}")
    assert [(c.name, v.verdict) for c, v in zip(f.claims, results)] == [
        ("r = -a", "refuted"), ("r^2 = a^2", "proved"), ("r = a", "proved"), ("r^2 = a^2 (2)", "proved")]


@pytest.mark.parametrize("display, fragment", [
    # an equation the words or a wrapper would hide: no claim was made, and exit 0 read as a pass
    (r"r^2 = a^2 \text{ and } r = -a", "cannot read the equation in the words beside 'r^2 = a^2'"),
    (r"r^2 = a^2 \text{ hence } r = -a", "cannot read the equation in the words beside 'r^2 = a^2'"),
    (r"\text{Hence } r = -a", "an equation after words is not read"),
    (r"\boxed{r = -a}", "an equation inside \\boxed, \\overset, \\color, braces or brackets is not read"),
    # ... or a bracket around the whole equation (a probe): (r = -a) was no claim, exit 0
    (r"(r = -a)", "an equation inside \\boxed, \\overset, \\color, braces or brackets is not read"),
    (r"\left[ r = -a \right]", "an equation inside \\boxed"),
    (r"\{ r = -a \}", "an equation inside \\boxed"),
    (r"r \overset{(a)}{=} -a", "an equation inside \\boxed"),
    (r"{\color{red} r = -a}", "an equation inside \\boxed"),
    (r"\begin{aligned} r^2 &= a^2 \\ &\boxed{= 2 a} \end{aligned}", "an equation inside \\boxed"),
    # a probe: math after \quad or words that continues the expression was dropped, and r = a - 7 proved as r = a
    (r"r = |a| \quad - 7", "cannot read '- 7' after \\quad: math with no relation of its own is not read"),
    (r"r = |a| \quad \cdot 0", "cannot read '\\cdot 0' after \\quad"),
    (r"r = |a| \quad \text{(the norm)} \quad + 7", "cannot read '+ 7' after \\quad"),
    (r"r = |a| \quad (-7)", "cannot read the math beside 'r = |a|': '\\quad (-7)'"),
    (r"r = |a| \text{ } - 7", "cannot read the math beside 'r = |a|': '\\text{ } - 7'"),
    (r"r = |a| \hspace{1em} - 7", "cannot read '- 7' after \\quad"),
    # a prover probe: x > 0 \implies y > 0 \implies |y| = y dropped y > 0 and refuted a true claim
    (r"a > 0 \implies r > 0 \implies r = a", "a condition between two arrows would be dropped"),
    (r"a > 0 \implies r \in (0, 1) \implies r = a", "a condition between two arrows would be dropped"),
    # a reader probe: \hspace opened an annotation that hid the rest of its row, x \hspace{1em} + x = 3x was no claim
    (r"a \hspace{1em} + a = 3a", "cannot read 'a' before \\quad"),
    # a probe: f = 0 \text{otherwise} after f = x \text{if } x > 1 was checked everywhere and refuted at x = 1.2
    (r"\begin{aligned} r &= a && \text{if } a > 0 \\ r &= -a && \text{otherwise} \end{aligned}",
     "cannot read 'otherwise' beside 'r = -a': write the condition it stands for"),
    (r"r = -a \quad \text{else}", "cannot read 'otherwise' beside 'r = -a'"),
    # a second probe: the row's last condition overrode the implication's premise (a > -1 became a > 0), and
    # the second equation after a > 0 \implies r = a, \quad … was checked without the premise
    (r"a > -1 \implies r = a, \quad r = 2a - a \quad \text{if } a > 0", "an implication shares its row"),
    (r"a > 0 \implies r = a, \quad r = 2a - a", "an implication shares its row with another equation"),
    (r"r = |a| \quad {}- 7", "cannot read '{}- 7' after \\quad"),
    # sized brackets open an annotation as plain ones do (\quad \left(\text{if } …\right)), refused alike
    (r"r = |a| \quad \left(-7\right)", "cannot read the math beside 'r = |a|': '\\quad \\left(-7\\right)'"),
    (r"r = |a| \quad \sqrt{0}", "cannot read '\\sqrt{0}' after \\quad"),
    (r"\begin{aligned} r &= |a| \\ &\qquad \sqrt{0} \end{aligned}", "cannot read the row '\\sqrt{0}'"),
    (r"r = \underbrace{|a|}_{= -a}", "cannot read a relation in an \\underbrace or \\overbrace label"),
    (r"\underbrace{r = -a}_{\text{wrong}}", "an equation inside \\boxed"),
    (r"r = 5 + a \quad \text{if } z > 0 \text{ or } y > 0", "compares whole arrays under 'or' or 'unless'"),
    # a third probe: more math the reader dropped or misread
    (r"\begin{aligned} r &= a \\ &\quad \color{red}{-7} \end{aligned}", "a braced group opening with a sign"),
    (r"r = |a| \quad \mathrm{-7}", "cannot read the math beside 'r = |a|': '\\quad \\mathrm{-7}'"),
    (r"r = |a| \quad 7a", "cannot read '7a' after \\quad"),
    (r"r = 2 3 a", "two numbers side by side"),
    (r"r = 2\textcolor{red}{3}a", "two numbers side by side"),
    (r"r = \underbrace{|a|}_{\equiv\, -a}", "cannot read a relation in an \\underbrace"),
    (r"r = a \quad (a > 0 \implies z_1 = 2)", "cannot read an implication inside the condition beside 'r = a'"),
])
def test_an_equation_hidden_by_words_or_a_wrapper_is_refused(tmp_path, capsys, display: str, fragment: str) -> None:
    p = tmp_path / "hidden.md"
    p.write_text(HEAD + f"\n$$ {display} $$\n")
    assert_one_line_error(p, 16, fragment, capsys)


def test_an_equation_after_with_or_where_is_a_condition_unless_it_names_a_definition(tmp_path) -> None:
    # a fourth probe: "\text{with } \sum_i y_i = 1" was dropped as prose, and s − y refuted where Σ y ≠ 1
    _, results = _checked(
        tmp_path,
        r"\frac{\partial L}{\partial z_j} = s_j - y_j \quad \text{with } \sum_i y_i = 1",
        r"\frac{\partial L}{\partial z_j} = s_j - y_j \quad \text{where } s_j = \frac{e^{z_j}}{\sum_k e^{z_k}}",
        r"r = a \quad \text{where } a = z_1^2")
    assert [c.verdict for c in results] == ["proved", "refuted", "proved"]


def test_a_coloured_term_and_a_name_given_with_where_still_read(tmp_path) -> None:
    _, results = _checked(tmp_path, r"\begin{aligned} r + a &= a + r \\ &\quad {\color{red} + 0} \end{aligned}",
                          r"r = |a| \quad \text{where } r = \sqrt{a^2}")
    assert [c.verdict for c in results] == ["proved", "proved"]


def test_a_premise_that_reads_a_definition_is_a_step(tmp_path) -> None:
    # a third probe: f(y) = y read as y³ = y before the premise was judged, so it passed as a hypothesis
    head = HEAD.replace('"r" = "sqrt(a**2)"', '"r" = "sqrt(a**2)"\n"f" = "a**3"')
    f, results = _checked(tmp_path, r"f(2) = 9 \implies a + a = 2a", r"a = 2 \implies a + a = 4", head=head)
    assert [(c.name, v.verdict) for c, v in zip(f.claims, results)] == [
        ("f(2) = 9", "refuted"), ("a + a = 2a", "proved"), ("a + a = 4", "proved")]


def test_one_condition_for_the_equations_of_its_row(tmp_path) -> None:
    # |x| = x, \quad |y| = y, \quad x, y > 0 held x, y > 0 for |y| = y alone, and |x| = x was refuted
    _, results = _checked(
        tmp_path,
        r"r = a, \quad |z_1| = z_1, \quad a, z_1 > 0",
        r"\begin{aligned} r &= a & |z_1| &= z_1 \\ &\text{if } a > 0 \text{ and } z_1 > 0 \end{aligned}",
        r"r = a \quad \text{for } a \geqslant 0")
    # (|z_1| = z_1 under z_1 > 0 is proved since the prover takes a bound on one named entry)
    assert [c.verdict for c in results] == ["proved"] * 5


def test_a_condition_written_after_a_comma_a_quad_or_an_align_column(tmp_path) -> None:
    f, results = _checked(
        tmp_path,
        r"r = a, \quad a > 0 \text{ or } a < 0",
        r"\begin{aligned} r &= a \quad \text{if } a > 0 \\ &\quad \text{or } a < 0 \end{aligned}",
        r"\begin{aligned} r &= a && a > 0 \end{aligned}",
        r"\begin{aligned} a + 0 &= a && z_1 + 0 = z_1 \end{aligned}",
        r"r = |a| = \sqrt{a^2}, \quad a > 0",
        r"r = a \quad \text{if } \max(a, -1) > 0")
    assert [c.verdict for c in results[:6]] == ["refuted", "refuted", "proved", "proved", "proved", "proved"]
    assert [c.name for c in f.claims[3:5]] == ["a + 0 = a", "z_1 + 0 = z_1"]
    assert results[7].verdict != "refuted" and f.claims[7].conditions  # the comma inside \max is no list


@pytest.mark.parametrize("equation, fragment", [
    (r"a = 2 \iff 2 a = 4", r"an equivalence (\iff) is not a claim derive checks"),
    (r"r = a \quad \text{if } a > 0 \text{ and possibly } a < 0", r"cannot read the condition beside 'r = a'"),
    (r"r = a \quad \text{if } a > 0 \text{ (or when } a < 0\text{)}", r"cannot read the condition beside 'r = a'"),
    (r"r = a \quad \text{if } a > 0 \text{ or otherwise}", r"cannot read the condition beside 'r = a'"),
    (r"r = a \quad \text{if } a > 0 \text{ and } a < 5 \text{ or } a > 9", r"\text{ and } and \text{ or } together"),
    (r"\text{if } a < 0 \text{ then } r = -a", "a condition written before its equation is not read"),
    # words beside a condition may widen it: a probe got each of these proved as |x| = x for x > 0 alone
    (r"r = a \quad \text{if } a > 0 \text{ else } a", "with the words beside it"),
    (r"r = a \quad \text{if } a > 0 \text{ and in fact always}", "with the words beside it"),
    (r"r = a \quad \text{if } a > 0 \text{; in general } r = a", "cannot read the equation in the words beside"),
    (r"r = a, \quad a > 0 \text{ or otherwise}", r"cannot read the condition beside 'r = a'"),
    (r"r = a \quad \forall a \in (0, 1)", r"cannot read the condition beside 'r = a'"),
    (r"r = a \quad \text{if } 0 < a, z_1 < 1", r"cannot read the condition beside 'r = a'"),  # both, or each?
])
def test_a_condition_read_only_in_part_is_refused(tmp_path, capsys, equation: str, fragment: str) -> None:
    p = tmp_path / "part.md"
    p.write_text(HEAD + f"\n$$ {equation} $$\n")
    assert_one_line_error(p, 16, fragment, capsys)


def test_a_premise_no_real_value_meets_is_never_held_by_a_counterexample(tmp_path) -> None:
    # a probe: e^a = 0 \implies r = 5 was refuted at a = -48.93, where e^a is 5e-22 (inside an absolute 1e-20), and
    # \sigma(a) = 1 \implies … where the secant ran out along the tail to a = 3e14; no real a meets either premise
    # (a second probe: tanh(a) = 1 was still "held" by a draw at a = 48.43, 2e-42 from it: a draw must meet a
    # premise at a root, where moving a reads moves the gap)
    _, results = _checked(tmp_path, r"e^{a} = 0 \implies r = 5", r"\sigma(a) = 1 \implies r = 2",
                          r"\tanh(a) = 1 \implies r = 7", r"e^{-a^2} = 0 \implies r = 7",
                          r"\sigma(a) = \frac{1}{2} \implies r = 1")
    assert [c.verdict for c in results] == ["unproved"] * 4 + ["refuted"]
    assert all("did not satisfy the givens" in c.evidence["reason"] for c in results[:4])
    assert results[4].counterexample["inputs"]["a"] == "0"  # σ(a) = ½ solved exactly, at a = 0


def test_a_condition_on_whole_arrays_holds_for_every_entry(tmp_path) -> None:
    # a probe: A = A^\top \implies ∂(xᵀAx)/∂x = 2Ax claimed A = A^\top and refuted the gradient at a non-symmetric A;
    # \text{if } A = A^\top was refused; an array condition is read entry by entry, as a file's given A = A.T is
    head = HEAD.replace('a = []', 'a = []\nA = ["n", "n"]')
    f, results = _checked(tmp_path, r"A = A^\top \implies \frac{\partial (z^\top A z)}{\partial z} = 2 A z",
                          r"\frac{\partial (z^\top A z)}{\partial z} = 2 A z \quad \text{if } A = A^\top",
                          r"\frac{\partial (z^\top A z)}{\partial z} = 2 A z",
                          r"\sum_{i=1}^{n} |z_i| = \sum_{i=1}^{n} z_i \quad \text{if } z > 0",
                          r"\sum_{i=1}^{n} |z_i| = \sum_{i=1}^{n} z_i \quad \text{if } z > y", head=head)
    assert [c.verdict for c in results] == ["proved", "proved", "refuted", "proved", "refuted"]
    assert results[0].givens_used == [r"A = A^\top"] and results[3].givens_used == ["z > 0"]
    assert f.claims[0].text.startswith(r"A = A^\top \implies")
    assert "-" in results[4].counterexample["inputs"]["z"]  # every z_i > y_i there, and a z_i negative


def test_layout_and_words_beside_an_equation_stay_prose(tmp_path) -> None:
    # what the refusal of continuing math must leave alone: equation numbers, words, a symbol named in words
    _, results = _checked(tmp_path, r"r = |a| \quad (1)", r"r = |a| \qquad \text{(chain rule)}",
                          r"r = |a| \quad \text{where } a \text{ is the input}", r"r = |a| \quad (\star)")
    assert [c.verdict for c in results] == ["proved"] * 4


BOUNDS = """# One-sided bounds

```derive
given = ["d > 0"]
[inputs]
a = []
d = []
x = []
[define]
"r" = "abs(a)"
"f" = "where(x > 1, x, 0)"
"g" = "relu(x - 1)"
```
"""


def test_a_bound_on_an_input_beyond_its_sign_is_used_by_the_prover(tmp_path) -> None:
    # a probe (Huber, Pegasos): r = -a if a < -d, f = x if x > 1 were unproved, while r = a if a > d was proved:
    # only a sign, or one input above another written plainly, became an assumption
    f, results = _checked(tmp_path, r"r = -a \quad \text{if } a < -d", r"r = -a \quad \text{if } -a > d",
                          r"f = x \quad \text{if } x > 1", r"g = x - 1 \quad \text{if } x > 1",
                          r"r = a \quad \text{if } a < -d", r"f = 0 \quad \text{if } x > 1",
                          r"f = x \quad \text{if } x > \frac{1}{2}", head=BOUNDS)
    assert [c.verdict for c in results] == ["proved"] * 4 + ["refuted"] * 3
    # a < -d is a = -d - q for q > 0, and |a| = d + q needs d > 0 too: both are listed
    assert results[0].givens_used == ["d > 0", "a < -d"] and results[2].givens_used == ["x > 1"]


def test_an_array_condition_reads_an_unsized_identity_or_ones_and_a_value_broadcast(tmp_path) -> None:
    # a second probe: \text{if } A = I was an internal error at line 0; z = 0 \implies … claimed z = 0 as a step
    head = HEAD.replace('a = []', 'a = []\nA = ["n", "n"]')
    _, results = _checked(tmp_path, r"\sum_{i=1}^n A_{ii} + a = n + a \quad \text{if } A = I",
                          r"\sum_{i=1}^n z_i = 2 n \quad \text{if } z = \mathbf{1}",
                          r"z = 0 \implies \sum_{i=1}^n z_i^2 = 1", head=head)
    # A = I gives every entry of A (A_ij = δ_ij), which the zero test puts in: the trace is n
    assert [c.verdict for c in results] == ["proved", "refuted", "refuted"]
    assert results[1].counterexample["inputs"]["z"] == "[1, 1]" and results[2].counterexample["inputs"]["z"] == "[0, 0]"


def test_a_claims_own_condition_on_inputs_it_does_not_read_is_still_checked(tmp_path) -> None:
    # a probe: x = 5 if c > 1 and c < 0 was refuted at x = 1.214, no c drawn (the claim reads no c), though no c
    # meets the condition: what the claim assumes is drawn and checked at every point, and shown in a counterexample
    head = HEAD.replace('a = []', 'a = []\nc = []\nx = []')
    _, results = _checked(tmp_path, r"x = 5 \quad \text{if } c > 1 \text{ and } c < 0", r"x = 5 \quad \text{if } c > 1",
                          r"c < 0 \implies x = 5", head=head)
    assert [c.verdict for c in results] == ["unproved", "refuted", "refuted"]
    assert "did not satisfy the givens" in results[0].evidence["reason"]
    assert float(results[1].counterexample["inputs"]["c"]) > 1 and float(results[2].counterexample["inputs"]["c"]) < 0


def test_an_arrow_spaced_with_quads_is_one_implication(tmp_path) -> None:
    # a third probe: a > 0 \quad\implies\quad r = a was refused (the quads split the row), and a premise met only
    # where a tail rounds to it exactly (tanh(c²) = 1) was held by a draw
    head = HEAD.replace('a = []', 'a = []\nc = []')
    f, results = _checked(tmp_path, r"a > 0 \quad\implies\quad r = a", r"a < 0 \qquad \Rightarrow \qquad r = a",
                          r"a = 5 \quad \text{if } \tanh(c^2) = 1", head=head)
    assert [(c.name, v.verdict) for c, v in zip(f.claims, results)] == [
        ("r = a", "proved"), ("r = a (2)", "refuted"), ("a = 5", "unproved")]
    # a comma before the arrow, and an equation number after the claim, are layout
    f, results = _checked(tmp_path, r"a > 0, \quad\implies r = a", r"a > 0 \implies r = a \quad (2)", head=head)
    assert [(c.name, v.verdict) for c, v in zip(f.claims, results)] == [("r = a", "proved"), ("r = a (2)", "proved")]


def test_a_bound_on_one_named_entry_is_used_by_the_prover(tmp_path) -> None:
    # a probe: x_1 > 0 \implies |x_1| = x_1 was unproved (a bound on one entry became no assumption)
    f, results = _checked(tmp_path, r"z_1 > 0 \implies |z_1| = z_1", r"z_1 > 2 \implies |z_1 - 1| = z_1 - 1",
                          r"|z_1| = -z_1 \quad \text{if } z_1 < 0", r"z_1 < 0 \implies |z_1| = z_1")
    assert [c.verdict for c in results] == ["proved", "proved", "proved", "refuted"]
    assert results[0].givens_used == ["z_1 > 0"]


def test_a_space_set_by_length_is_a_quad_and_an_empty_box_nothing(tmp_path) -> None:
    # a second probe: blanked as mere space, \hspace joined x y = x and y = y x into one chain, x y = y x proved
    _, results = _checked(tmp_path, r"a r = a \hspace{1em} r = r a", r"a + a = 2a \hspace{1em} \text{(doubling)}",
                          r"a \mbox{} + a = 2a")
    assert [(c.name, c.verdict) for c in results] == [("a r = a", "refuted"), ("r = r a", "refuted"),
                                                      ("a + a = 2a", "proved"), ("a + a = 2a (2)", "proved")]

"""Issue 13 point 4: written-out sizes read well — numeric order, elision beyond 4, matrices that fit."""
from __future__ import annotations

import pytest
import sympy as sp

from derive.catalog import get
from derive.cli import main
from derive.elision import elide
from derive.printing import latex, text
from reports.build import build_model_report


def test_show_at_n_10_sorts_numerically_elides_and_states_the_general_entry(capsys):
    assert main(["show", "softmax", "--n", "10", "--m", "5"]) == 0
    out = capsys.readouterr().out
    assert "e^(z1)/(e^(z1) + e^(z2) + ⋯ + e^(z10))" in out
    assert "e^(z10) + e^(z1)" not in out
    assert "[z1; z2; ⋮; z10]" in out
    assert "∂z/∂W = {(1,1,1): x1; (1,1,2): x2; …; (10,10,5): x5; every other entry 0}" in out
    assert out.rstrip().endswith("every entry is ∂L/∂W_jk = (s_j - y_j)·x_k")
    assert max(len(line) for line in out.splitlines()) < 1000


def test_elision_keeps_small_sizes_whole_and_json_complete():
    z = sp.IndexedBase("z")
    four = sum(sp.exp(z[i]) for i in range(1, 5))
    assert elide(four) is four and text(four) == "e^(z1) + e^(z2) + e^(z3) + e^(z4)"
    twelve = sum(sp.exp(z[i]) for i in range(1, 13))
    assert text(twelve) == "e^(z1) + e^(z2) + ⋯ + e^(z12)"
    assert latex(twelve) == r"e^{z_{1}} + e^{z_{2}} + \cdots + e^{z_{12}}"
    m = sp.ImmutableMatrix(6, 6, lambda r, c: z[r + 1] * z[c + 1])
    assert r"\vdots & \vdots & \ddots & \vdots" in latex(m)
    from derive.printing import plain
    assert plain(twelve).count("exp(") == 12  # machine-readable output keeps every entry


@pytest.mark.slow
def test_report_shows_the_written_out_jacobian_and_splits_wide_matrices():
    soft = build_model_report(get("softmax"), numeric=False)
    jac = [j for j in soft.explicit.jacobians if "∂s/∂z" in j.text]
    assert jac and r"\left(1 - s_{1}\right) s_{1}" in jac[0].tex  # the 3 × 3 softmax Jacobian
    batch = build_model_report(get("mlp-batch"), numeric=False)
    ex = batch.explicit
    assert ex.gradient is None and len(ex.entries) == 6  # ∂J/∂V, 2 × 3, one line per entry
    # 1/B once, and the two samples' terms on lines of their own (aligned), so the entry fits a page.
    assert ex.entries[0].tex.startswith(r"\begin{aligned}\frac{\partial J}{\partial V_{11}} &= \frac{1}{2} \Bigl(")
    assert ex.entries[0].tex.count(r" \\ &\quad + ") == 1 and ex.entries[0].tex.endswith(r"\Bigr)\end{aligned}")
    assert 'class="wrapped"' in ex.entries[0].mathml and ex.entries[0].text.startswith("∂J/∂V11 = (")
    big = build_model_report(get("softmax"), numeric=False, explicit_sizes={"n": 6})
    assert r"\cdots" in big.explicit.definitions[1].tex and "first two" in big.explicit.note


def test_explicit_entries_keep_the_declared_case_in_every_format():
    from reports.mathml import math_element
    upper, lower, a = sp.IndexedBase("W"), sp.IndexedBase("w"), sp.IndexedBase("a")
    both = upper[1, 2] + lower[1, 2] + a[1]
    assert text(both) == "W12 + a1 + w12"  # W and w stay two quantities, as the general W_jk
    tex = latex(both)
    assert tex == "W_{12} + a_{1} + w_{12}"
    html = math_element(both, tex)
    assert "<msub><mi>W</mi><mn>12</mn></msub>" in html and "<msub><mi>w</mi><mn>12</mn></msub>" in html
    assert "<msub><mi>a</mi><mn>1</mn></msub>" in html
    from reports.render import render
    report = build_model_report(get("softmax"), numeric=False)
    for fmt, entry in (("html", "<msub><mi>W</mi><mn>11</mn></msub>"), ("tex", "W_{11} x_{1}"), ("md", "W_{11} x_{1}")):
        out = render("report", fmt, r=report)
        assert entry in out and "w_{11}" not in out and "<mi>w</mi>" not in out, fmt


def test_wide_written_out_definitions_split_into_column_blocks_or_entries():
    ex = build_model_report(get("logistic-batch"), numeric=False).explicit
    tex = [d.tex for d in ex.definitions]
    # Z (2 × 3, three-term sums) as columns 1-2 then 3; L (one column of six-term sums) entry by entry.
    assert tex[0].startswith(r"\begin{bmatrix}Z_{11} & Z_{12} \\ Z_{21} & Z_{22}\end{bmatrix} = ")
    assert tex[1].startswith(r"\begin{bmatrix}Z_{13} \\ Z_{23}\end{bmatrix} = ")
    assert [t.split(" &= ")[0] for t in tex if t.startswith(r"\begin{aligned}")] == [r"\begin{aligned}L_{1}",
                                                                                     r"\begin{aligned}L_{2}"]
    assert ex.note == ""  # nothing is elided at B = 2, n = 3: no note says so
    narrow = build_model_report(get("softmax"), numeric=False).explicit
    assert len(narrow.definitions) == 3  # z, s, L: each fits a line whole


def test_a_long_scalar_definition_wraps_and_an_elided_one_stays_elided():
    loss = build_model_report(get("logistic"), numeric=False).explicit.definitions[-1].tex
    assert loss.startswith(r"\begin{aligned}L &= ") and r" \\ &\quad " in loss  # six terms: two lines
    big = build_model_report(get("logistic"), numeric=False, explicit_sizes={"n": 8}).explicit.definitions[-1].tex
    assert r"\cdots" in big and "aligned" not in big  # first, second, ⋯, last: one line already


def test_written_out_batch_gradient_groups_each_sample():
    ex = build_model_report(get("softmax-batch"), numeric=False).explicit
    assert ex.entries[0].text == "∂J/∂W11 = ((S11 - Y11)·X11 + (S21 - Y21)·X21)/2"  # not … + S21·X21 - X21·Y21
    assert ex.entries[0].tex.endswith(r"= \frac{1}{2} \left(\left(S_{11} - Y_{11}\right) X_{11} + "
                                      r"\left(S_{21} - Y_{21}\right) X_{21}\right)")


def test_an_elided_loss_reads_first_terms_dots_last(capsys):
    # Marking logarithms to print last rebuilt the elided sum and SymPy's order put ⋯ in front.
    assert main(["show", "softmax", "--n", "10", "--m", "5"]) == 0
    loss = next(line.strip() for line in capsys.readouterr().out.splitlines() if line.strip().startswith("L = "))
    assert loss == "L = -y1·ln s1 - y2·ln s2 + ⋯ - y10·ln s10"


def test_a_numbered_quantity_takes_its_indices_in_the_same_subscript():
    # W1[i, k] is layer 1's W at (i, k): W_{1,ik}, not W_1 with a nested subscript ik (read as W_{1_{ik}}).
    from reports.mathml import math_element
    i, k = sp.symbols("i k", integer=True)
    W1, z = sp.IndexedBase("W1"), sp.IndexedBase("z")
    expr = W1[i, k] * z[i] + W1[1, 2]
    tex = latex(expr)
    assert "W_{1,ik}" in tex and "W_{1,12}" in tex and "z_{i}" in tex and "{W_{1}}" not in tex
    html = math_element(expr, tex)
    assert "<msub><mi>W</mi><mrow><mi>1</mi><mo>,</mo><mrow><mi>i</mi><mi>k</mi></mrow></mrow></msub>" in html
    assert "<msub><msub>" not in html

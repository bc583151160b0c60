"""Issue 13 point 3: notation a reader of lecture notes expects."""
from __future__ import annotations

import sympy as sp

from derive.catalog import get
from derive.engine import derive
from derive.printing import text
from derive.terminal import to_text
from reports.build import _stability


def test_a_squared_sum_is_bracketed_in_text():
    z = sp.IndexedBase("z")
    k, n = sp.Symbol("k", integer=True), sp.Symbol("n", integer=True, positive=True)
    total = sp.Sum(sp.exp(z[k]), (k, 1, n))
    assert text(1 / total**2) == "1/(Σ_k e^(z_k))^2"
    assert "/(Σ_k e^(z_k))^2" in to_text(derive(get("softmax")))


def test_a_delta_with_a_rows_label_prints_the_label_as_an_entry():
    j, b = sp.symbols("j b", integer=True)
    t = sp.IndexedBase(sp.Symbol("t", integer=True, positive=True))
    assert text(sp.KroneckerDelta(j, t[b])) == "δ_j,t_b"  # it read δ_j,t[b]
    assert text(sp.KroneckerDelta(j, b)) == "δ_bj"  # SymPy orders the two; one letter each, no comma


def test_no_step_repeats_the_line_before():
    for name, wrt in (("softmax", "x"), ("mlp", "V"), ("softmax-batch", "W")):
        dv = derive(get(name), wrt)
        for a, b in zip(dv.steps, dv.steps[1:]):
            if a.lhs == b.lhs and b.kind == a.kind and b.rule != "result":
                assert text(a.rhs) != text(b.rhs), (name, b.rule)


def test_stability_section_has_no_raw_tex_and_no_repeated_line():
    section = _stability(get("softmax"))
    rules = [s.rule for s in section.steps]
    assert not any("{" in r or "\\" in r for r in rules)
    lines = [s.after.text for s in section.steps]
    assert len(lines) == len(set(lines))
    assert "softmax(z − c) = softmax(z)" in section.steps[-1].note


def test_numeric_check_names_the_model_loss():
    from reports.numeric_evidence import numeric_evidence
    check, _, _ = numeric_evidence(get("logistic-batch"), None, True)
    names = [k for k, _ in check.rows if k.startswith("∂")]
    assert names and all(k.startswith("∂J/∂") for k in names)


def test_no_assume_matrix_form_writes_the_sum_of_the_targets():
    from reports.build import mathify
    dv = derive(get("softmax"), "z", assume=False)
    assert text(dv.matrix) == "(Σ_i y_i) s - y"
    assert mathify(dv.matrix).tex == r"\left(\sum_{i=1}^{n} y_{i}\right) s - y"
    assert "<mo>(</mo><mrow><munderover>" in mathify(dv.matrix).mathml


def test_the_loss_reads_y_i_ln_s_i_in_every_format():
    from reports.build import equation
    step = next(s for s in derive(get("softmax")).steps if str(s.lhs) == "L")
    shown = equation(step.lhs, step.rhs)
    assert shown.tex == r"L = - \sum_{i=1}^{n} y_{i} \ln s_{i}"
    assert shown.text == "L = -Σ_i (y_i·ln s_i)"
    assert shown.mathml.index("<mi>y</mi>") < shown.mathml.index("<mi>ln</mi>")


def test_mathml_elides_long_written_out_sums():
    from reports.build import mathify
    z = sp.IndexedBase("z")
    shown = mathify(sum(sp.exp(z[i]) for i in range(1, 9))).mathml
    assert shown.count("<mo>⋯</mo>") == 1 and "<mn>8</mn>" in shown and "<mn>5</mn>" not in shown


def test_a_lone_negative_logarithm_prints_without_a_coefficient_of_one():
    # CS231n's L = −ln P_c (an integer label): not "−1 ln P_c", in text, TeX and MathML alike.
    from derive.printing import latex, logs_last, text
    from reports.mathml import math_element
    P, y = sp.IndexedBase("P"), sp.IndexedBase("y")
    c, i = sp.Symbol("c", integer=True, positive=True), sp.Symbol("i", integer=True)
    lone = logs_last(-sp.log(P[c]))
    assert (text(lone), latex(lone)) == ("-ln P_c", r"- \ln P_{c}")
    assert "<mn>1</mn>" not in math_element(lone, latex(lone))
    weighted = logs_last(-y[i] * sp.log(P[i]))
    assert (text(weighted), latex(weighted)) == ("-y_i·ln P_i", r"- y_{i} \ln P_{i}")


def test_an_entrywise_power_prints_as_a_power_not_a_class_name():
    # a probe: `derive show mlp-tanh --wrt V` read (1 - HadamardPower(h, 2)), in the codegen docstring too
    h, W = sp.MatrixSymbol("h", 3, 1), sp.MatrixSymbol("W", 2, 3)
    assert text(sp.HadamardPower(h, 2)) == "h^∘2"
    assert text(sp.HadamardPower(W.T, 2)) == "(Wᵀ)^∘2"
    shown = to_text(derive(get("mlp-tanh"), "V"))
    assert "(1 - h^∘2)" in shown and "Hadamard" not in shown

"""Report building blocks: the MathML printer, escaping, the graph layout, per-step evidence."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import sympy as sp

from derive import catalog
from derive.engine import derive
from derive.indexcalc import index
from derive.model import build, size
from reports import evidence
from reports.build import _before, build_model_report
from reports.graph import build_graph, layout
from reports.latex_escape import md_escape, tex_escape
from reports.mathml import math_element

i, j, k = index("i"), index("j"), index("k")
W, x = sp.IndexedBase("W"), sp.IndexedBase("x")


def body(expr) -> str:
    """The presentation part of the printed <math> element."""
    out = math_element(expr, "tex")
    return out[len("<math><semantics>"):out.index("<annotation")]


def test_indexed_prints_subscripts_not_tuples():
    out = body(W[i, k])
    assert out == "<mrow><msub><mi>W</mi><mrow><mi>i</mi><mi>k</mi></mrow></msub></mrow>"
    assert "(" not in out


def test_explicit_entry_prints_in_the_declared_case():
    assert "<msub><mi>W</mi><mn>12</mn></msub>" in body(W[1, 2])


def test_kronecker_delta_is_delta_with_subscript():
    out = body(sp.KroneckerDelta(i, j))
    assert "<msub><mi>δ</mi><mrow><mi>i</mi><mi>j</mi></mrow></msub>" in out
    assert "kronecker" not in out.lower()


def test_derivative_uses_partial_not_d():
    out = body(sp.Derivative(sp.Symbol("L"), x[k], evaluate=False))
    assert out.count("<mo>∂</mo>") == 2 and "ⅆ" not in out and "&dd;" not in out
    assert out.startswith("<mrow><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow>")


def test_sum_keeps_every_limit():
    n, m = sp.Symbol("n", integer=True, positive=True), sp.Symbol("m", integer=True, positive=True)
    out = body(sp.Sum(W[i, k], (i, 1, n), (k, 1, m)))
    assert out.count("<munderover>") == 2
    assert "<mi>n</mi>" in out and "<mi>m</mi>" in out


def test_symbol_names_are_escaped_in_mathml():
    out = math_element(sp.Symbol("<script>&amp;"), r"a<b & \frac")
    assert "<script>" not in out
    assert "<mi>&lt;script&gt;&amp;amp;</mi>" in out
    assert '<annotation encoding="application/x-tex">a&lt;b &amp; \\frac</annotation>' in out


def test_tex_escape_keeps_hyphens_apart():
    # TeX sets -- and --- as dashes: a title's "<!--" printed "‹!–"; derive's own en dash stays one
    assert tex_escape("<!-- a --- b – c - d") == r"\textless{}!-{}- a -{}-{}- b -- c - d"


def test_tex_escape_covers_specials():
    assert tex_escape(r"\input{a}%#_~^&$") == \
        r"\textbackslash{}input\{a\}\%\#\_\textasciitilde{}\textasciicircum{}\&\$"
    assert tex_escape("∂L/∂W ∈ ℝ") == r"$\partial$L/$\partial$W $\in$ $\mathbb{R}$"
    assert tex_escape("\u4e2d") == "[U+4E2D]"


def test_md_escape_neutralises_html_and_markdown():
    assert md_escape("<b>*x*</b> [a](b)") == r"&lt;b&gt;\*x\*&lt;/b&gt; \[a\]\(b\)"


def test_graph_layout_softmax_matches_tutorial():
    pos = layout(catalog.get("softmax"))
    assert [name for name, _ in sorted(((n, p) for n, p in pos.items() if p[1] == 0), key=lambda t: t[1])] \
        == ["x", "z", "s", "L"]
    assert pos["W"][1] < 0 < pos["y"][1]           # weights above, targets below
    g = build_graph(catalog.get("softmax"), "W")
    back = {(e.src, e.dst): e.label_text for e in g.edges if e.kind == "backward"}
    assert back == {("L", "s"): "∂L/∂s", ("s", "z"): "∂s/∂z", ("z", "W"): "∂z/∂W"}
    assert sum(e.kind == "forward" for e in g.edges) == 5


def test_graph_layout_is_generic():
    model = build("deep", "two layers", sizes={"n": "out", "m": "in"},
                  inputs={"x": ("data", ("m",), "x"), "A": ("param", ("m", "m"), "A"),
                          "W": ("param", ("n", "m"), "W"), "y": ("target", ("n",), "y")},
                  nodes=[("h", "linear", "A", "x"), ("a", "tanh", "h"), ("z", "linear", "W", "a"),
                         ("L", "mse", "z", "y")], loss="L", target="A")
    pos = layout(model)
    spine = sorted((p[0], n) for n, p in pos.items() if p[1] == 0)
    assert [n for _, n in spine] == ["x", "h", "a", "z", "L"]
    g = build_graph(model, "A")
    back = {(e.src, e.dst) for e in g.edges if e.kind == "backward"}
    assert back == {("L", "z"), ("z", "a"), ("a", "h"), ("h", "A")}
    assert len({(n.x, n.y) for n in g.nodes}) == len(g.nodes)   # no two nodes on one spot


def test_step_evidence_can_fail():
    dv = derive(catalog.get("softmax"))
    n, step = next((n, s) for n, s in enumerate(dv.steps) if s.rule == "Kronecker-delta contraction")
    before = _before(dv, n, step)
    assert evidence.step_verdict(dv, step, before)[0] == "proved"
    wrong = dataclasses.replace(step, rhs=-step.rhs)
    assert evidence.step_verdict(dv, wrong, before)[0] == "unproved"


def test_wrong_matrix_form_is_not_proved():
    dv = derive(catalog.get("softmax"))
    step = next(s for s in dv.steps if s.rule == "matrix form")
    assert evidence.step_verdict(dv, step, None)[0] == "proved"
    n, m = size("n"), size("m")
    s_, y_, x_ = sp.MatrixSymbol("s", n, 1), sp.MatrixSymbol("y", n, 1), sp.MatrixSymbol("x", m, 1)
    wrong = dataclasses.replace(step, rhs=(s_ + y_) * x_.T)
    assert evidence.step_verdict(dv, wrong, None)[0] == "unproved"


def test_matrix_form_of_a_batch_with_hadamard_products_is_proved_and_a_wrong_one_is_not():
    for name in ("mlp-batch", "mlp"):
        dv = derive(catalog.get(name), "V")
        step = next(s for s in dv.steps if s.rule == "matrix form")
        assert evidence.step_verdict(dv, step, None)[0] == "proved", name
    h = next(a for a in step.rhs.atoms(sp.MatrixSymbol) if a.name == "h")
    wrong = dataclasses.replace(step, rhs=step.rhs.xreplace({h: sp.ZeroMatrix(*h.shape) + h * 2}))
    assert evidence.step_verdict(dv, wrong, None)[0] == "unproved"


def test_report_without_assumption_result():
    r = build_model_report(catalog.get("softmax"), numeric=False)
    assert r.assumptions and r.assumptions[0].without is not None
    assert r"\sum_{i=1}^{n} y_{i}" in r.assumptions[0].without.tex
    assert r.numeric.available is False
    assert all(s.verdict in ("proved", "rule") for sec in r.sections for s in sec.steps)


def test_negative_exponential_factor_stays_in_the_numerator():
    """e^{−c} e^{z} prints as the TeX does (a product), not as e^{z}/e^{c}; 1 + e^{−z} keeps its order."""
    c, z = sp.symbols("c z")
    out = body(sp.exp(-c) * sp.exp(z))
    assert "mfrac" not in out and "<msup><mi>e</mi><mrow><mo>−</mo><mi>c</mi></mrow></msup>" in out
    assert body(1 / (1 + sp.exp(-z))).startswith("<mrow><mfrac><mn>1</mn><mrow><mn>1</mn><mo>+</mo>")


def test_model_numeric_cannot_compile_is_reported_unavailable(monkeypatch):
    """A numeric/ failure leaves the symbolic report intact and says so; it never shows 'agrees'."""
    import numeric

    def broken(model):
        raise TypeError("printer broke\nsecond line")

    monkeypatch.setattr(numeric, "compile_model", broken)
    r = build_model_report(catalog.get("linear-mse"))
    assert not r.numeric.available and not r.numeric.passed and r.code is None
    assert r.numeric.summary == "not run: numeric/ could not compile this model (TypeError: printer broke)"
    assert r.verdicts and r.result.tex.startswith(r"\frac{\partial L}")


def test_restated_result_is_checked_against_the_last_line_not_itself():
    """The "result" step is proved by the chain's last line, not by comparing it with dv.result."""
    dv = derive(catalog.get("softmax"))
    step = next(s for s in dv.steps if s.kind == "result" and s.rule != "matrix form")
    assert evidence.step_verdict(dv, step, None) == ("proved", "the last line of the chain minus this line reduces to 0")
    wrong = -step.rhs
    bad_step = dataclasses.replace(step, rhs=wrong)
    bad_dv = dataclasses.replace(dv, result=wrong, steps=tuple(bad_step if s is step else s for s in dv.steps))
    assert evidence.step_verdict(bad_dv, bad_step, None)[0] == "unproved"


def test_only_the_chain_rule_statement_is_a_rule_without_a_line_before():
    """A step with nothing to compare against is "rule" only when it is the chain rule itself."""
    dv = derive(catalog.get("softmax"))
    chain = next(s for s in dv.steps if s.rule == "chain rule")
    assert evidence.step_verdict(dv, chain, None)[0] == "rule"
    other = next(s for s in dv.steps if s.rule == "Kronecker-delta contraction")
    assert evidence.step_verdict(dv, other, None) == ("unproved", "nothing to compare with")


def test_gradient_check_failure_is_reported_unavailable(monkeypatch):
    """A failure inside the gradient check (not the compilation) marks the check unavailable, not the report dead."""
    import numeric

    def broken(*args, **kwargs):
        raise FloatingPointError("overflow in exp\nmore")

    monkeypatch.setattr(numeric, "gradcheck", broken)
    r = build_model_report(catalog.get("linear-mse"))
    assert not r.numeric.available and not r.numeric.passed
    assert r.numeric.summary == "not run: the gradient check failed (FloatingPointError: overflow in exp)"
    assert r.code is not None and r.verdicts


def test_numeric_check_covers_only_the_compiled_gradients_with_assumptions():
    """No "agrees" for ∂L/∂z, ∂L/∂λ or an unassumed formula: numeric/ never compiled those."""
    for name, wrt in (("softmax", "z"), ("softmax-l2", "lam")):
        r = build_model_report(catalog.get(name), wrt)
        assert not r.numeric.available and not r.numeric.passed and not r.numeric.rows
        assert r.numeric.summary == ("not run: numeric/ compiles the gradients of the model's inputs with its "
                                     f"assumptions; ∂L/∂{wrt} is not one of them")
        assert r.code is not None and "∂L/∂W" in r.code.title and "not of this report's formula" in r.code.title
    r = build_model_report(catalog.get("softmax"), assume=False)
    assert not r.numeric.available and not r.numeric.passed
    assert r.numeric.summary.endswith("this report derives ∂L/∂W without them")
    r = build_model_report(catalog.get("softmax"), "x")   # compiled as the batched argument X
    assert r.numeric.available and r.numeric.passed and r.code.title == "Generated NumPy code"


def test_markdown_code_spans_are_literal_outside_tables(tmp_path):
    """A code span shows its text as is: no markdown escapes, and \\| only in a table cell, where GFM needs it."""
    from pathlib import Path

    from reports.command import report_text
    from reports.render import environment
    src = Path(__file__).parent.parent / "examples" / "softmax.derive.toml"
    path = tmp_path / "odd|name_1.derive.toml"
    path.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    md = report_text(str(path), "md")
    assert f"Verification report of ` {path} `:" in md
    env = environment("md")
    assert env.from_string("- {{ g|code }}").render(g="|y| = 1") == "- ` |y| = 1 `"
    assert env.from_string("| {{ g|code(cell=True) }} |").render(g="a|b") == "| ` a\\|b ` |"


def test_html_head_and_its_security_policy_live_in_one_base_template():
    """Both HTML reports extend base.html.j2, so the content-security policy cannot drift between them."""
    from pathlib import Path

    from reports.command import report_text
    templates = Path(__file__).parent.parent / "reports" / "templates"
    holders = sorted(p.name for p in templates.glob("*.j2") if "Content-Security-Policy" in p.read_text("utf-8"))
    assert holders == ["base.html.j2"]
    examples = Path(__file__).parent.parent / "examples"
    for source in ("linear-mse", str(examples / "softmax.derive.toml")):
        html = report_text(source, "html")
        assert html.count('<meta http-equiv="Content-Security-Policy"') == 1 and html.count("<head>") == 1


def test_logarithm_after_a_factor_is_spaced_as_in_tex():
    y, s = sp.IndexedBase("y"), sp.IndexedBase("s")
    out = body(y[i] * sp.log(s[i]))
    assert '</msub><mo>\u2062</mo><mspace width="0.1667em"></mspace><mrow><mi>ln</mi>' in out, out


def test_long_numerator_over_a_short_denominator_has_the_same_shape_in_mathml_and_tex():
    from reports.build import equation
    dv = derive(catalog.get("softmax-batch"))
    shown = equation(dv.lhs, dv.result)
    assert r"= \frac{1}{B} \sum_{b=1}^{B}" in shown.tex
    assert "<mo>=</mo><mrow><mfrac><mn>1</mn><mi>B</mi></mfrac><mo>\u2062</mo><mrow><munderover>" in shown.mathml
    x, y = sp.symbols("x y")
    short = equation(sp.Symbol("q"), (x + y) / (x - y))  # not long: one fraction in both
    assert r"\frac{x + y}{x - y}" in short.tex and "<mn>1</mn>" not in short.mathml


def test_matrix_form_summing_over_two_indices_at_once_is_proved_and_a_wrong_one_is_not():
    """Attention's ∂L/∂K holds diag((G Vᵀ ∘ P) 1) P K: its entry sums over two indices in one Sum, with a δ."""
    from derive.verify import to_model
    dv = derive(to_model(str(Path(__file__).parent.parent / "examples" / "attention.derive.toml")))
    step = next(s for s in dv.steps if s.rule == "matrix form")
    assert step.rhs.has(sp.DiagMatrix)
    assert evidence.step_verdict(dv, step, None)[0] == "proved"
    # diag(v) spelled as the file format and the construct table spell it, in every format.
    from derive.printing import text
    from reports.texmath import tex
    assert "diag((" in text(step.rhs) and r"\operatorname{diag}\left(" in tex(step.rhs)
    mathml = math_element(step.rhs, tex(step.rhs))
    assert "<mi>diag</mi>" in mathml and "diagmatrix" not in mathml.lower()
    diag = next(a for a in step.rhs.atoms(sp.MatMul) if a.has(sp.DiagMatrix))
    wrong = dataclasses.replace(step, rhs=step.rhs.xreplace({diag: -diag}))
    assert evidence.step_verdict(dv, wrong, None)[0] == "unproved"


def test_a_matrix_products_sign_is_read_from_its_coefficient():
    """The printers ask every product whether it leads with a minus; the answer is Mul's, read off args[0]."""
    n = size("n")
    A, v = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("v", n, 1)
    assert (-2 * A * sp.DiagMatrix(v)).could_extract_minus_sign()
    assert not (A * sp.DiagMatrix(v)).could_extract_minus_sign()
    assert not (sp.Rational(1, 2) * A * v).could_extract_minus_sign()
    assert sp.latex(-A * sp.DiagMatrix(v) + A) == r"A - A \operatorname{DiagMatrix}\left(v\right)"

"""A probe's notebook displays: the three reprs share one build, explicit sizes show what the report shows
(no check of whole written-out matrices), a user's Huber layer is checked as the engine differentiates it,
and the TeX output writes the matrix form once and claim names with their underscores."""
from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import sympy as sp

import derive
from derive import build, layer
from reports import evidence, notebook

ROOT = Path(__file__).resolve().parent.parent


@layer("test_huber_abs", "L = Σ_i huber(z_i − y_i)", "z[n], y[n] -> []")
def _huber(out, z, y):
    i = derive.fresh()
    a = sp.Abs(z[i] - y[i])
    q = sp.Min(a, 1)
    return sp.Sum(q**2 / 2 + a - q, (i, 1, z.dim(0)))


def _huber_model():
    return build("huber", "", sizes={"n": "outputs", "m": "features"},
                 inputs={"x": ("data", ("m",), ""), "W": ("param", ("n", "m"), ""), "y": ("target", ("n",), "")},
                 nodes=[("z", "linear", "W", "x"), ("L", "test_huber_abs", "z", "y")], loss="L")


def _counting(monkeypatch, name):
    calls = []
    original = getattr(notebook, name)

    def counted(obj):
        calls.append(obj)
        return original(obj)
    monkeypatch.setattr(notebook, name, counted)
    return calls


def test_the_three_reprs_of_a_derivation_share_one_build(monkeypatch):
    monkeypatch.setattr(notebook, "_BUILT", OrderedDict())  # what other tests displayed in this process is not kept
    calls = _counting(monkeypatch, "_derivation_data")
    dv = derive.derive(_huber_model(), "W")
    html, md, tex = dv._repr_html_(), dv._repr_markdown_(), dv._repr_latex_()
    assert len(calls) == 1 and "<math" in html and "$$" in md and tex.startswith("$$")
    assert dv._repr_html_() == html and len(calls) == 1
    model_calls = _counting(monkeypatch, "_model_data")
    model = derive.get_model("mlp")
    model._repr_html_(), model._repr_markdown_(), model._repr_latex_()
    assert len(model_calls) == 1


def test_a_user_layer_of_min_and_abs_is_checked_as_the_engine_differentiates_it():
    # Derivative.doit() took |u| as complex (re u, im u) and tried each sum in closed form: 20 s, then "unproved".
    dv = derive.derive(_huber_model(), "W")
    from reports.build import _steps
    cards = [s for sec in _steps(dv) for s in sec.steps]
    first = next(s for s in cards if s.kind == "local" and "power rule" in s.rule)
    assert (first.verdict, first.verdict_detail) == ("proved", "SymPy's diff of the definition minus this line reduces to 0")
    assert all(s.verdict in ("proved", "rule") for s in cards)


def test_explicit_sizes_display_the_reports_written_out_instance_without_checking_its_steps(monkeypatch):
    checked = []
    monkeypatch.setattr(evidence, "step_verdict", lambda dv, step, before: checked.append(dv) or ("proved", ""))
    dv = derive.show("softmax", sizes={"n": 3, "m": 2})
    html, md, tex = dv._repr_html_(), dv._repr_markdown_(), dv._repr_latex_()
    assert not any(d.explicit for d in checked)  # a simplify of every written-out matrix: minutes at n = 7
    # The same content as `derive report softmax --n 3 --m 2`: its written-out section, then the general result.
    from reports.build import _explicit
    written = _explicit(dv.model, "W", True, {"n": 3, "m": 2})
    for m in (*written.definitions, *written.jacobians, written.gradient):
        assert m.tex in md and m.tex.partition(" = ")[2] in tex and m.mathml_block in html
    assert "Written out for n = 3, m = 2" in html and "every entry follows the general result" in tex
    assert "\\left(s_{j} - y_{j}\\right) x_{k}" in tex  # ∂L/∂W_jk, the general entry
    assert "\\left(s - y\\right) x^{T}" in tex


def test_tex_writes_the_matrix_form_once_and_keeps_underscores_of_claim_names():
    dv = derive.show("softmax")
    assert dv._repr_latex_().count(r"\text{matrix form}") == 1 == str(dv).count("[matrix form]")
    from derive.verify import check_file
    rep = check_file(str(ROOT / "examples" / "softmax_mistakes.derive.toml"), 10)
    first = rep._repr_latex_().splitlines()[1]
    assert r"\text{refuted (line 22): Jacobian as s}\_\text{i(1 - s}\_\text{j) for all i, j}" in first
    assert notebook._text(r"50% of {a} & $b^2~c\d #") == (
        r"\text{50}\%\text{ of }\{\text{a}\}\text{ }\&\text{ }\$\text{b}\hat{}\text{2}\sim \text{c}\backslash "
        r"\text{d }\#")

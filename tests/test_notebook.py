"""Issue 13 point 7: derive's objects display in Jupyter, and examples/softmax.ipynb runs top to bottom."""
from __future__ import annotations

from pathlib import Path

import pytest

import derive
from derive.verify import check_file
from _notebook import executed, html_outputs

ROOT = Path(__file__).resolve().parent.parent


def test_show_returns_a_displayable_derivation():
    dv = derive.show("softmax")
    assert isinstance(dv, derive.Derivation) and dv.wrt == "W"
    html = dv._repr_html_()
    # The same step cards as the HTML report, self-contained: MathML, scoped styles, no script or link.
    assert html.count('<article class="step"') == len([s for s in dv.steps if s.kind != "definition"])
    assert "<math" in html and "<script" not in html and "<link" not in html and "src=" not in html
    assert "∂L/∂W = (s - y) xᵀ" in str(dv)  # print(dv) reads like derive show
    assert dv._repr_latex_().startswith("$$\\begin{aligned}") and "\\frac{\\partial L}{\\partial W}" in dv._repr_latex_()
    assert "**local 1**" in dv._repr_markdown_()


def test_model_and_verification_results_display():
    model = derive.get_model("mlp")
    assert model._repr_html_().count('class="eqno"') == len(model.nodes) + 1  # the data input x, then each node
    rep = check_file(str(ROOT / "examples" / "softmax_mistakes.derive.toml"), 10)
    html = rep._repr_html_()
    assert html.count('class="step claim refuted"') == rep.count("refuted") > 0
    one = rep.claims[0]._repr_html_()
    assert one.count("<article") == 1 and "≠" in one
    assert "\\neq" in rep.claims[0]._repr_latex_() and "refuted" in rep._repr_markdown_()


@pytest.mark.slow
def test_example_notebook_runs_top_to_bottom(run_folder):
    nb = executed(run_folder)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(o["output_type"] != "error" for c in code for o in c.outputs)
    first = code[0].outputs[0]["data"]
    assert {"text/html", "text/latex", "text/markdown"} <= set(first)
    assert html_outputs(nb)[0].startswith('<div class="derive-nb">')
    printed = "".join(o.get("text", "") for o in code[2].outputs)
    assert "∂L/∂W = (s - y) xᵀ" in printed

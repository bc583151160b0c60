"""Issue 13 point 5: the claims report — names as code, compact counterexamples, one place per fact."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from derive.catalog import get
from derive.verify import check_file
from reports.build import build_model_report
from reports.claims import file_report_view
from reports.render import render

MISTAKES = str(Path(__file__).resolve().parent.parent / "examples" / "softmax_mistakes.derive.toml")


@cache
def view():
    return file_report_view(check_file(MISTAKES, 120))


def test_counterexample_is_short_decimals_of_the_inputs_that_matter():
    jacobian = next(c for c in view().claims if c.name.startswith("Jacobian"))
    rows = dict(jacobian.counterexample)
    assert "y" not in rows  # s and z do not depend on the targets
    assert {"x", "W", "left side", "right side"} <= set(rows)
    for key in ("x", "W", "left side", "right side", "difference"):
        numbers = rows[key].strip("[]").replace(";", ",").split(",")
        assert all(len(n.strip().lstrip("-")) <= 6 and "/" not in n for n in numbers), rows[key]
    sign = next(c for c in view().claims if c.name == "sign error")
    assert "y" in dict(sign.counterexample)  # ∂L/∂z depends on y


def test_claim_names_stay_code_in_every_format():
    r = view()
    assert '<code class="claim-name">Jacobian as s_i(1 - s_j) for all i, j</code>' in render("verify", "html", r=r)
    # Markdown keeps escaping (a code span would carry raw HTML through to the file): it renders as written.
    assert r"## ❌ **refuted** Jacobian as s\_i\(1 \- s\_j\) for all i, j" in render("verify", "md", r=r)
    assert r"\texttt{Jacobian as s\_\allowbreak{}i(1 - s\_\allowbreak{}j) for all i, j}" in render("verify", "tex", r=r)


def test_step_table_is_collapsed_not_repeated():
    r = build_model_report(get("logistic"), numeric=False)
    html = render("report", "html", r=r)
    assert html.count("<details>") == 1 and html.index("<details>") < html.index("<table>")
    assert "by rule" in html.split("</ul>")[0] or all(v != "rule" for v, _ in r.verdicts)
    assert r"\item local 1" not in render("report", "tex", r=r)
    assert "<details><summary>All steps in one table</summary>" in render("report", "md", r=r)


def test_a_rounded_side_keeps_its_zeros_and_an_exact_one_does_not():
    # PReLU's slip: the right side is 1.000336, which four digits round to 1.000; a bare "1" would read as exact.
    from reports.claims import _counterexample
    rows = dict(_counterexample({"sizes": {"c": 2}, "indices": {"i": 1}, "inputs": {"y": "[1.214, 1.299]"},
                                 "exact_inputs": {"y": {"1": "607/500", "2": "1299/1000"}},
                                 "lhs": "0.0", "rhs": "1.000336", "difference": "-1.000336"}))
    assert (rows["left side"], rows["right side"], rows["difference"]) == ("0", "1.000", "-1.000")
    assert rows["y"] == "[1.214, 1.299]"  # exact inputs stay as short as they are

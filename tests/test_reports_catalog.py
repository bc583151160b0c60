"""Every catalog model renders in every format, and the graph copes with every model shape.

The catalog grows (batched models, user-facing zoo); these tests iterate over whatever it
holds, so a new model that breaks a report breaks a test.  HTML is checked structurally
(balanced tags, the SVG parses and draws one circle per quantity in the graph), LaTeX and
Markdown for completeness and for characters their toolchains cannot take.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache
from html.parser import HTMLParser

import pytest

from _index_check import index_problems
from derive.catalog import CATALOG, get
from reports.build import build_model_report
from reports.graph import build_graph, layout
from reports.render import render

SVG = "{http://www.w3.org/2000/svg}"
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source", "path", "circle",
        "mprespace", "none"}


@cache
def report(name: str):
    """One model's report data, built once for all three formats."""
    return build_model_report(get(name))


def graph_quantities(name: str) -> set[str]:
    """Quantities the graph must draw: every node's output and every input some node uses."""
    model = get(name)
    used = {a for n in model.nodes for a in n.args}
    return {n.out for n in model.nodes} | {q.name for q in model.inputs if q.name in used}


class Balance(HTMLParser):
    """Checks that every non-void element is closed, in order."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()


CASES = [(name, fmt) for name in CATALOG for fmt in ("html", "tex", "md")]


@pytest.mark.parametrize("name,fmt", CASES)
def test_every_catalog_model_renders(name, fmt):
    r = report(name)
    text = render("report", fmt, r=r)
    model = get(name)
    assert f"Gradient of the {name} model" in text.replace("\\-", "-")  # Markdown escapes '-'
    assert index_problems(text, fmt, {n for n, _ in model.sizes}) == []
    if fmt == "html":
        checker = Balance()
        checker.feed(text)
        assert checker.errors == [] and checker.stack == [], (checker.errors, checker.stack)
        svg = ET.fromstring(text[text.index("<svg"):text.index("</svg>") + 6])
        labels = {g.find(f"{SVG}text").text for g in svg.iter(f"{SVG}g")}
        assert len(list(svg.iter(f"{SVG}circle"))) == len(graph_quantities(name))
        assert len(labels) == len(graph_quantities(name))
        assert text.count('class="node unknown') == 1
        # One numbered equation per data input and per node, each with its number shown.
        assert text.count('class="eqno"') == len(r.equations) == \
            sum(q.role == "data" for q in model.inputs) + len(model.nodes)
        assert text.count("<math") >= len(r.equations) + len(r.inputs)
    elif fmt == "tex":
        assert text.lstrip().startswith(r"\documentclass")
        assert text.rstrip().endswith(r"\end{document}")
        assert "[U+" not in text, "a character pdflatex cannot typeset was left as a code point"
        for env in ("align", "tikzpicture", "equation*", "itemize"):
            assert text.count(rf"\begin{{{env}}}") == text.count(rf"\end{{{env}}}"), env
        assert text.count(r"\node[circle") == len(graph_quantities(name))
    else:
        assert text.count("$$") % 2 == 0
        mermaid = text[text.index("```mermaid"):]
        mermaid = mermaid[:mermaid.index("```", 3)]
        assert mermaid.count("((") == len(graph_quantities(name))  # one circle per quantity
    for eq in r.equations:
        assert f"({eq.number})" in text or rf"\tag{{{eq.number}}}" in text or fmt == "tex"


def test_aux_node_is_drawn_dimmed_and_explained():
    """logsumexp's s = softmax(z) feeds nothing: dashed node, no backward arrow, a note in the model."""
    for name in ("logsumexp", "log-softmax"):
        g = build_graph(get(name), get(name).target)
        s = next(n for n in g.nodes if n.name == "s")
        assert s.aux and s.caption.startswith("auxiliary")
        assert [e.kind for e in g.edges if e.dst == "s"] == ["aux"]
        assert not any(e.kind == "backward" and "s" in (e.src, e.dst) for e in g.edges)
        r = report(name)
        eq = next(e for e in r.equations if e.math.tex.startswith("s_"))
        assert eq.label == "auxiliary (softmax)" and "feeds nothing" in eq.note
        html = render("report", "html", r=r)
        assert 'class="node aux"' in html and "feeds nothing" in html


def test_model_whose_input_is_the_variable():
    g = build_graph(get("logsumexp"), "z")
    z = next(n for n in g.nodes if n.name == "z")
    assert z.unknown and z.role == "data"
    assert [(e.src, e.dst) for e in g.edges if e.kind == "backward"] == [("L", "z")]


def test_two_parameters_and_a_shared_parameter():
    """mlp: V and W both drawn as parameters; softmax-l2: W feeds z and R, λ sits above R."""
    g = build_graph(get("mlp"), "V")
    params = {n.name for n in g.nodes if n.role == "param"}
    assert params == {"V", "W"}
    back = {(e.src, e.dst) for e in g.edges if e.kind == "backward"}
    assert ("a", "V") in back and not any(dst == "W" for _, dst in back)
    pos = layout(get("softmax-l2"))
    g = build_graph(get("softmax-l2"), "W")
    assert {e.dst for e in g.edges if e.kind == "forward" and e.src == "W"} == {"z", "R"}
    assert {e.dst for e in g.edges if e.kind == "backward" and e.src in ("z", "R")} == {"W"}
    assert pos["lam"][0] == pos["R"][0] and pos["lam"][1] < pos["R"][1] < 0
    lam = next(n for n in g.nodes if n.name == "lam")
    assert lam.label == "λ" and lam.label_tex == r"\lambda" and lam.caption == "hyper-parameter"


def test_no_two_nodes_share_a_place_and_no_caption_overflows():
    for name, model in CATALOG.items():
        pos = layout(model)
        assert len(set(pos.values())) == len(pos), name
        g = build_graph(model, model.target or None)
        for e in g.edges:
            assert all(len(line) <= 14 or " " not in line for line in e.caption_lines), (name, e.caption)


def test_greek_names_in_user_text_typeset_in_latex():
    tex = render("report", "tex", r=report("softmax-l2"))
    assert r"$\lambda$$\|$W$\|$" in tex  # "λ‖W‖²" in the model's description

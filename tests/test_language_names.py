"""Issue 9.8 (first half): names SymPy would turn into other symbols print as written, and the
LaTeX report compiles for them and for the new constructs."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reports.command import report_text

NAMES = ["lamda", "xscr", "x_1_2_3", "alphahat", "xdot", "Gamma", "sigma"]

FILE = '''
title = "awkward names"
[sizes]
n = "n"
[inputs]
lamda = ["n"]
xscr = ["n"]
x_1_2_3 = []
alphahat = []
xdot = []
Gamma = []
sigma = []
W1 = ["n"]
[define]
"h[i]" = "max(lamda[i]*x_1_2_3, 0) + where(xscr[i] > alphahat, erf(xdot), step(Gamma)) + sigma*W1[i]"
"L" = "Sum(h[i]**2, (i, 1, n))"
[[claim]]
name = "relu part"
eq = "diff(max(lamda[i]*x_1_2_3, 0), x_1_2_3) = lamda[i]*step(lamda[i]*x_1_2_3)"
'''


@pytest.fixture(scope="module")
def path(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("names") / "names.derive.toml"
    p.write_text(FILE)
    return p


def test_html_report_shows_names_as_written(path) -> None:
    html = report_text(str(path), "html")
    for name in ("lamda", "xscr", "x_1_2_3", "alphahat", "xdot"):
        assert f"<mi>{name}</mi>" in html, name
    assert "Θ" not in html


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed (CI installs texlive)")
def test_latex_report_compiles_for_any_accepted_name(path, tmp_path) -> None:
    tex = report_text(str(path), "tex")
    assert r"\mathit{x\_1\_2\_3}" in tex and r"\mathit{lamda}" in tex and r"\mathit{xscr}" in tex
    assert "W_{1}_{" not in tex  # a name ending in digits, indexed: a double subscript would not compile
    (tmp_path / "r.tex").write_text(tex, encoding="utf-8")
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "r.tex"],
                          cwd=tmp_path, capture_output=True, timeout=180)
    log = (tmp_path / "r.log").read_text(encoding="latin-1")
    assert proc.returncode == 0 and not re.search(r"^! ", log, re.M), log[-3000:]

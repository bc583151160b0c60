"""The LaTeX report compiles with pdflatex and shows the expected text, user text literally."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from derive.catalog import CATALOG
from reports.command import report_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = pytest.mark.skipif(shutil.which("pdflatex") is None or shutil.which("pdftotext") is None,
                                reason="pdflatex/pdftotext are not installed (CI installs texlive and poppler-utils)")


def compile_pdf(tex: str, folder: Path, name: str = "report") -> tuple[Path, str]:
    """Compile ``tex`` without shell escape; return the PDF and its text (layout kept)."""
    (folder / f"{name}.tex").write_text(tex, encoding="utf-8")
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
                           f"{name}.tex"], cwd=folder, capture_output=True, timeout=180)  # the log is read instead
    log = (folder / f"{name}.log").read_text(encoding="latin-1")
    assert proc.returncode == 0, log[-3000:]
    assert not re.search(r"^! ", log, re.M), log[-3000:]
    pdf = folder / f"{name}.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return pdf, text


def test_model_report_compiles(tmp_path):
    pdf, text = compile_pdf(report_text("softmax", "tex"), tmp_path)
    flat = " ".join(text.split())
    for expected in ("Forward model", "Computation graph", "Derivation, step by step", "Result",
                     "Written out for n = 3, m = 3", "Evidence", "Generated NumPy code",
                     "Assumption applied here", "def loss_and_grads("):
        assert expected in flat, expected
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(pdf),
                        str(ARTIFACTS / "report-softmax-tex")], check=True, timeout=120)


def test_user_text_prints_literally_and_runs_nothing(tmp_path):
    src = (EXAMPLES / "softmax_mistakes.derive.toml").read_text(encoding="utf-8")
    evil = r"\input{/etc/hostname} 100% #1 a_b {x} ~ ^ \ & $ \write18{touch pwned}"
    src = src.replace('name = "sign error"', "name = '''" + evil + "'''", 1)
    path = tmp_path / "evil.derive.toml"
    path.write_text(src, encoding="utf-8")
    tex = report_text(str(path), "tex")
    pdf, text = compile_pdf(tex, tmp_path)
    flat = " ".join(text.split())
    assert r"\input{/etc/hostname} 100% #1 a_b {x} ~ ^ \ & $ \write18{touch pwned}" in flat
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    if hostname:
        assert hostname not in flat
    assert not (tmp_path / "pwned").exists()
    assert "refuted" in flat


def test_an_indicator_prints_as_a_one_with_its_condition(tmp_path, relu_gate):
    """where(c, 1, 0) prints as \\mathbb{1}[c] (as the LaTeX reader reads it), drawn as a 1, not amssymb's glyph."""
    tex = report_text(str(relu_gate("1", "0")), "tex")
    assert r"\mathbb{1}[u_{i} > 0]" in tex and r"\left(\mathbb{1}" not in tex and r"\operatorname{where}" not in tex
    pdf, text = compile_pdf(tex, tmp_path)
    flat = " ".join(text.split())
    assert "1[u" in flat and "refuted" in flat  # a 1 before the bracket (amssymb's \\mathbb{1} extracts as another glyph)


# Two parameters (mlp), a scalar hyper-parameter and a shared parameter (softmax-l2), an auxiliary
# node and a model whose input is the variable itself (logsumexp), and the first batched model.
# mlp-batch: the widest written-out entries (∂J/∂V, ~170 characters each on one line).
_SHAPES = ["mlp", "softmax-l2", "logsumexp"] + [n for n, m in CATALOG.items() if m.batch][:1] + ["mlp-batch"]


@pytest.mark.parametrize("name", _SHAPES)
def test_catalog_model_pdf(tmp_path, name):
    pdf, text = compile_pdf(report_text(name, "tex"), tmp_path, name)
    flat = " ".join(text.split())
    assert f"Gradient of the {name} model" in flat
    assert "[U+" not in flat
    for expected in ("Forward model", "Computation graph", "Result", "Evidence"):
        assert expected in flat, expected
    # Everything fits the page at its own size: no line runs into the margin (the generated code
    # included) and no written-out equation is shrunk to fit.
    log = (tmp_path / f"{name}.log").read_text(encoding="latin-1")
    overfull = [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide", log)]
    assert max(overfull, default=0) <= 3, overfull
    shrunk = re.findall(r"derive: fitwidth scaled ([\d.]+)pt to ([\d.]+)pt", log)
    assert not shrunk, shrunk
    model = CATALOG[name]
    if any(n.aux for n in model.nodes):
        assert "auxiliary" in flat and "feeds nothing" in flat
    if any(q.role == "hyper" for q in model.inputs):
        assert "λ" in flat and "hyper-parameter" in flat
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(pdf),
                        str(ARTIFACTS / f"report-{name}-tex")], check=True, timeout=120)


def test_a_long_claim_and_its_counterexample_stay_on_the_page(tmp_path):
    """A report probe: derive's own derivative in a counterexample ran 300pt into the margin (the value column
    did not wrap), a long claim was cut at the edge, and derive's 𝟙 printed as the text [U+1D7D9]."""
    path = tmp_path / "long.derive.toml"
    path.write_text('title = "long derivative"\n[sizes]\nn = "n"\n[inputs]\na = ["n"]\nb = ["n"]\nc = ["n"]\nz = ["n"]\n'
                    '[define]\n"L" = "log(Sum(a[i]*b[i], (i, 1, n)) + Sum(b[i]*c[i], (i, 1, n))**2) / '
                    '(Sum(a[i]*c[i], (i, 1, n))**2 + 1)"\n"M" = "Max(z[k], (k, 1, n))"\n'
                    "[[claim]]\nname = 'wrong'\neq = \"diff(L, a[j]) = 0\"\n"
                    "[[claim]]\nname = 'wrong max derivative'\neq = \"diff(M, z[j]) = 1\"\n"
                    "[[claim]]\nname = 'long_claim_name_with_underscores_that_would_not_break_anywhere_else_at_all'\n"
                    'eq = "L + L + L + L + L + L + L + L = 8*log(Sum(a[i]*b[i], (i, 1, n)) + Sum(b[i]*c[i], (i, 1, n))**2)'
                    ' / (Sum(a[i]*c[i], (i, 1, n))**2 + 1)"\n')
    tex = report_text(str(path), "tex")
    assert "[U+" not in tex
    compile_pdf(tex, tmp_path)
    log = (tmp_path / "report.log").read_text(encoding="latin-1")
    assert "Overfull \\hbox" not in log, re.findall(r"Overfull \\hbox.*", log)

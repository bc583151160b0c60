"""Rendered reports: gold files, determinism, escaping of user text, the command line.

Gold files live in tests/gold/.  After an intended change to a report, regenerate them with
``DERIVE_UPDATE_GOLD=1 pytest tests/test_reports_render.py`` and review the diff.
"""
from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from derive import catalog
from derive.cli import main
from reports.build import build_model_report
from reports.command import report_text
from reports.render import render

GOLD = Path(__file__).resolve().parent / "gold"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
UPDATE = os.environ.get("DERIVE_UPDATE_GOLD") == "1"

# Floating-point errors of the finite-difference check depend on the BLAS and CPU: scrub them.
_VOLATILE = re.compile(r"\d\\?\.\d\de\\?[-+]\d\d")

EVIL = r"<script>alert(1)</script> \input{/etc/passwd} 100% #1 a_b {x} ~ ^ \ & $"


def scrub(text: str) -> str:
    """The report with run-to-run volatile numbers replaced by a placeholder."""
    return _VOLATILE.sub("<num>", text)


CASES = [("softmax", "softmax", fmt) for fmt in ("html", "tex", "md")] + \
        [("mistakes", str(EXAMPLES / "softmax_mistakes.derive.toml"), fmt) for fmt in ("html", "tex", "md")]


def gold_text(source: str, fmt: str) -> str:
    """The report for the gold comparison: numeric errors scrubbed, numeric/'s generated code replaced.

    The generated code is numeric/'s output, tested there; keeping it here would make these
    gold files change with every code-generator change.
    """
    if source.endswith(".toml"):
        return scrub(report_text(source, fmt))
    report = build_model_report(catalog.get(source))
    report = dataclasses.replace(report, code=dataclasses.replace(report.code, source="# generated code (scrubbed)"))
    return scrub(render("report", fmt, r=report))


@pytest.mark.parametrize("name,source,fmt", CASES)
def test_gold(name, source, fmt):
    text = gold_text(source, fmt)
    if source.endswith(".toml"):
        from reports.render import _tex_breakable
        text = text.replace(str(EXAMPLES), "examples").replace(_tex_breakable(str(EXAMPLES)), "examples")
    gold = GOLD / f"{name}.{fmt}"
    if UPDATE:
        gold.write_text(text, encoding="utf-8")
    assert gold.exists(), f"missing {gold}; run with DERIVE_UPDATE_GOLD=1 to create it"
    assert text == gold.read_text(encoding="utf-8")


def test_byte_identical_across_processes(tmp_path):
    """Two runs with different hash seeds write the same bytes (no timestamps, no set order)."""
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"r{seed}.html"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "derive", "report", "softmax", "-o", str(out)],
                       check=True, env=env, timeout=120)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_model_report_content_order():
    md = report_text("softmax", "md")
    order = ["Forward model", "Computation graph", "Derivation, step by step", "Result",
             "Written out for n = 3, m = 3", "Evidence", "Numerical stability", "Generated NumPy code"]
    positions = [md.index(f"## {i + 1} {title}") for i, title in enumerate(order)]
    assert positions == sorted(positions)
    assert r"\frac{\partial L}{\partial W} = \left(s - y\right) x^{T}" in md
    assert "W_{11}" in md and "W_{33}" in md          # the explicit n = 3 instance
    assert r"\tag{4}" in md                             # input + linear + softmax + loss
    assert "Without it the line stays" in md            # where Σ y = 1 is applied
    assert "max abs error" in md


def _evil_file(tmp_path: Path) -> Path:
    src = (EXAMPLES / "softmax.derive.toml").read_text(encoding="utf-8")
    src = re.sub(r'^title = ".*"$', lambda _: "title = '''" + EVIL + "'''", src, count=1, flags=re.M)
    src = src.replace('name = "loss w.r.t. softmax output"', "name = '''" + EVIL + "'''", 1)
    path = tmp_path / "evil.derive.toml"
    path.write_text(src, encoding="utf-8")
    return path


def test_html_escapes_user_text(tmp_path):
    html = report_text(str(_evil_file(tmp_path)), "html")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_escapes_user_text(tmp_path):
    md = report_text(str(_evil_file(tmp_path)), "md")
    assert "<script>" not in md
    assert "&lt;script&gt;" in md


def test_latex_escapes_user_text(tmp_path):
    tex = report_text(str(_evil_file(tmp_path)), "tex")
    assert r"\input{" not in tex
    assert r"\textbackslash{}input\{/etc/passwd\} 100\% \#1 a\_b \{x\} \textasciitilde{} " \
           r"\textasciicircum{} \textbackslash{} \& \$" in tex


def test_unknown_suffix_is_one_line_error(tmp_path, capsys):
    out = tmp_path / "r.pdf"
    assert main(["report", "softmax", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "derive: error:" in err and ".pdf" in err
    assert not out.exists()


def test_format_option_overrides_suffix(tmp_path):
    out = tmp_path / "report.txt"
    assert main(["report", "softmax", "--format", "md", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Gradient of the softmax")


def test_failed_report_leaves_existing_file_untouched(tmp_path, capsys):
    out = tmp_path / "r.html"
    out.write_text("old", encoding="utf-8")
    assert main(["report", "no-such-model", "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]
    assert "no-such-model" in capsys.readouterr().err


def test_bad_derivation_file_is_one_line_error(tmp_path, capsys):
    bad = tmp_path / "bad.derive.toml"
    bad.write_text('title = "x"\n[[claim]]\nname = "c"\neq = "__import__(1)"\n', encoding="utf-8")
    out = tmp_path / "r.md"
    assert main(["report", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.derive.toml" in err
    assert not out.exists()


def test_no_assume_shows_what_the_assumption_would_give(tmp_path):
    out = tmp_path / "r.md"
    assert main(["report", "softmax", "--no-assume", "-o", str(out)]) == 0
    md = out.read_text(encoding="utf-8")
    assert "Not applied" in md and "Assumption applied here" not in md


def test_written_file_is_readable_by_others(tmp_path):
    out = tmp_path / "r.md"
    old = os.umask(0o022)
    try:
        assert main(["report", "softmax", "-o", str(out)]) == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


def test_catalog_option_writes_every_model_like_single_reports(tmp_path, monkeypatch):
    """``--catalog`` (worker processes) writes, per model, the bytes a single-model report has."""
    import derive.catalog as cat
    monkeypatch.setattr(cat, "CATALOG", {n: cat.CATALOG[n] for n in ("logsumexp", "linear-mse", "softmax")})
    assert main(["report", "--catalog", "--format", "md", "-o", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["linear-mse.md", "logsumexp.md", "softmax.md"]
    for name in ("logsumexp", "linear-mse", "softmax"):
        assert (tmp_path / f"{name}.md").read_text(encoding="utf-8") == report_text(name, "md")


def test_catalog_option_needs_a_folder_and_no_model(tmp_path, capsys):
    assert main(["report", "--catalog", "-o", str(tmp_path / "missing" / "deeper")]) == 2
    assert "does not exist" in capsys.readouterr().err
    (tmp_path / "file.txt").write_text("x")
    assert main(["report", "--catalog", "-o", str(tmp_path / "file.txt")]) == 2
    assert "this is a file" in capsys.readouterr().err
    assert main(["report", "softmax", "--catalog", "-o", str(tmp_path / "new")]) == 2
    assert "give no model" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]
    assert main(["report", "-o", str(tmp_path / "r.md")]) == 2
    assert "catalog model name" in capsys.readouterr().err


def test_catalog_option_creates_its_folder(tmp_path, monkeypatch):
    import derive.catalog as cat
    monkeypatch.setattr(cat, "CATALOG", {"logsumexp": cat.CATALOG["logsumexp"]})
    assert main(["report", "--catalog", "--format", "md", "-o", str(tmp_path / "out")]) == 0
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["logsumexp.md"]


@pytest.mark.slow
def test_derivation_file_report_shows_forward_model_and_givens(tmp_path):
    src = EXAMPLES / "mlp.derive.toml"
    md = report_text(str(src), "md")
    model, claims = md.index("## Forward model"), md.index("## Claims")
    assert model < claims
    section = md[model:claims]
    # One numbered equation per [define] entry, in file order, through the report printers.
    assert [int(t) for t in re.findall(r"\\tag\{(\d+)\}", section)] == [1, 2, 3, 4, 5]
    assert r"h_{p} = \frac{1}{1 + e^{- a_{p}}}" in section
    assert "Sum(y[i], (i, 1, n)) = 1" in section and "hidden units" in section
    # Each proved claim states its method once (not again inside the evidence line).
    assert md.lower().count("method: symbolic") == 6 and "Cross\\-checked numerically at" in md
    html = report_text(str(src), "html")
    assert html.index('id="model"') < html.index('id="claims"')
    assert html.count('class="eqno"') == 5 and "<code>Sum(y[i], (i, 1, n)) = 1</code>" in html
    tex = report_text(str(src), "tex")
    assert r"\texttt{Sum(y[i], (i, 1, n)) = 1}" in tex and tex.count(r"\begin{align}") == 1


def test_derivation_file_report_accepts_timeout(tmp_path, monkeypatch):
    from derive.verify import check as check_module
    seen = []
    real = check_module.check_files

    def spy(files, done=None):
        seen.extend({timeout for _, timeout, _ in files})
        return real(files, done=done)
    monkeypatch.setattr(check_module, "check_files", spy)
    out = tmp_path / "r.md"
    argv = ["report", str(EXAMPLES / "softmax.derive.toml"), "--timeout", "30", "-o", str(out), "--no-cache"]
    assert main(argv) == 0
    assert seen == [30.0]
    assert "4 proved" in out.read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["report", str(EXAMPLES / "softmax.derive.toml"), "--timeout", "0", "-o", str(out)])


def test_numerical_stability_section_only_where_a_softmax_is():
    """softmax(z − c) = softmax(z), each line checked, shown for softmax models and not for others."""
    md = report_text("log-softmax", "md")
    section = md[md.index("## 7 Numerical stability"):md.index("## 8 Generated NumPy code")]
    # log-softmax (3 lines) and softmax (2: its conclusion restated the line before and is now that card's note).
    assert section.count("✅ **proved**") == 5 and "⚠️" not in section
    assert "shift invariance of log\\_softmax" in section and "shift invariance of softmax" in section
    assert r"e^{- c + z_{j}}" in section
    linear = report_text("linear-mse", "md")
    assert "Numerical stability" not in linear and "## 7 Generated NumPy code" in linear


def test_write_errors_are_one_line_exit_2_and_leave_nothing(tmp_path, capsys):
    """An output that cannot be written (a folder named like a report) is `derive: error: …`, exit 2."""
    from derive.errors import DeriveError
    from numeric.codegen import write_atomic
    target = tmp_path / "existing_dir.md"
    target.mkdir()
    assert main(["report", "softmax", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("derive: error: ") and err.count("\n") == 1 and "existing_dir.md" in err
    # The shared writer itself (reached when the folder appears after the early check, or in --catalog).
    with pytest.raises(DeriveError, match="existing_dir.md: cannot write"):
        write_atomic(target, "text")
    assert target.is_dir() and not any(target.iterdir()) and sorted(tmp_path.iterdir()) == [target]


def test_shared_writer_honours_the_umask(tmp_path):
    """numeric/'s writer (used by reports and codegen) makes ordinary files, not mkstemp's 0600."""
    from numeric.codegen import write_atomic
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "grad.py", "x = 1\n")
    finally:
        os.umask(old)
    assert (tmp_path / "grad.py").stat().st_mode & 0o777 == 0o640

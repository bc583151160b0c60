"""``derive show`` / ``derive list`` / ``python -m derive`` as a user runs them."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
import sympy as sp

from derive.cli import main

LOCALS = {name: sp.IndexedBase(name) for name in ("s", "y", "x", "W", "z", "b")}
LOCALS.update({name: sp.Symbol(name, integer=True) for name in ("i", "j", "k", "l")})
LOCALS.update({"n": sp.Symbol("n", integer=True, positive=True), "m": sp.Symbol("m", integer=True, positive=True),
               "L": sp.Symbol("L")})


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_prints_the_tutorial_derivation(capsys):
    code, out, _ = run(capsys, "show", "softmax")
    assert code == 0
    for line in ("z_i = Σ_k (W_ik·x_k)", "∂s_i/∂z_j = (δ_ij - s_j)·s_i", "∂L/∂s_j = -y_j/s_j",
                 "∂L/∂z_j = s_j·Σ_i y_i - y_j", "∂L/∂z_j = s_j - y_j", "∂L/∂W_jk = (s_j - y_j)·x_k",
                 "∂L/∂W = (s - y) xᵀ", "using: Σ_i y_i = 1"):
        assert line in out, line


def test_show_wrt_x_gives_the_transposed_product(capsys):
    code, out, _ = run(capsys, "show", "softmax", "--wrt", "x")
    assert code == 0 and "∂L/∂x = Wᵀ (s - y)" in out


def test_no_assume_says_what_is_missing(capsys):
    code, out, _ = run(capsys, "show", "softmax", "--wrt", "z", "--no-assume")
    assert code == 0
    assert "Assumptions applied" not in out
    assert "Not applied (--no-assume): ∂L/∂z_j = s_j - y_j needs Σ_i y_i = 1" in out


def test_json_expressions_read_back_with_sympify(capsys):
    code, out, _ = run(capsys, "show", "softmax", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["model"] == "softmax" and data["wrt"] == "W"
    assert data["sizes"] == {"n": "classes", "m": "features"}
    assert set(data["steps"][0]) >= {"rule", "lhs", "rhs", "assumptions", "lhs_latex", "rhs_latex"}
    result = sp.sympify(data["result"], locals=LOCALS)
    s, y, x = LOCALS["s"], LOCALS["y"], LOCALS["x"]
    j, k = LOCALS["j"], LOCALS["k"]
    assert sp.expand(result - (s[j] - y[j]) * x[k]) == 0
    n, m = LOCALS["n"], LOCALS["m"]
    matrices = {"s": sp.MatrixSymbol("s", n, 1), "y": sp.MatrixSymbol("y", n, 1), "x": sp.MatrixSymbol("x", m, 1),
                "W": sp.MatrixSymbol("W", n, m)}
    for step in data["steps"]:  # every expression is plain SymPy syntax
        names = {**LOCALS, **matrices} if step["rule"] == "matrix form" else LOCALS
        sp.sympify(step["lhs"], locals=names)
        sp.sympify(step["rhs"], locals=names)
    assert data["matrix"] == "(s - y)*x.T"
    assert sp.sympify(data["matrix"], locals=matrices) == (matrices["s"] - matrices["y"]) * matrices["x"].T
    assert data["assumptions"] == ["Sum(y[i], (i, 1, n)) = 1"]
    assert "KroneckerDelta(i, j)" in json.dumps(data)


def test_explicit_sizes_use_tutorial_names(capsys):
    code, out, _ = run(capsys, "show", "softmax", "--n", "3", "--m", "3")
    assert code == 0
    assert "[z1; z2; z3] = [W11·x1 + W12·x2 + W13·x3;" in out
    assert "(s3 - y3)·x3]" in out and "y1 + y2 + y3 = 1" in out


def test_explicit_json(capsys):
    code, out, _ = run(capsys, "show", "softmax", "--n", "2", "--m", "2", "--json")
    data = json.loads(out)
    assert code == 0 and data["sizes"] == {"n": 2, "m": 2}
    assert data["result"].startswith("Matrix(")


@pytest.mark.parametrize("argv,needle", [
    (["show", "softmax", "--wrt", "q"], "model softmax has no quantity 'q'"),
    (["show", "nosuch"], "no model 'nosuch' in the catalog"),
    (["show", "softmax", "--wrt", "b"], "has no quantity 'b' (it has: x, W, y, z, s, L); softmax-bias has one"),
])
def test_user_errors_are_one_line_exit_2(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and needle in err and err.startswith("derive: error: ")


def test_bad_context_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["show", "softmax", "--context", "0"])
    assert exc.value.code == 2


def test_list_names_every_catalog_model(capsys):
    from derive.catalog import CATALOG
    code, out, _ = run(capsys, "list")
    assert code == 0
    for name in CATALOG:
        assert name in out
    code, out, _ = run(capsys, "list", "--json")
    rows = json.loads(out)
    assert {r["name"] for r in rows} == set(CATALOG)
    assert next(r for r in rows if r["name"] == "softmax")["inputs"]["W"] == ["n", "m"]


def test_python_dash_m_runs_the_same_cli():
    proc = subprocess.run([sys.executable, "-m", "derive", "show", "softmax", "--wrt", "z"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "∂L/∂z_j = s_j - y_j" in proc.stdout


def test_explicit_log_softmax_at_ten_classes_prints(capsys):
    # Numbering the entries for printing once made SymPy combine terms, and show died with a KeyError.
    assert main(["show", "log-softmax", "--n", "10", "--m", "10"]) == 0
    out = capsys.readouterr().out
    assert "y1 + y2 + ⋯ + y10 = 1" in out and "∂L/∂W_jk = (s_j - y_j)·x_k" in out


#: One derive context, written once as a derivation file and once as the block of Markdown notes.
_LOGISTIC = '''[sizes]
n = "outputs"
m = "features"
[inputs]
x = ["m"]
W = ["n", "m"]
y = ["n"]
[define]
"z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"
"p[i]" = "sigmoid(z[i])"
"L" = "-Sum(y[i]*log(p[i]) + (1 - y[i])*log(1 - p[i]), (i, 1, n))"
'''


def test_notes_with_one_context_show_and_generate_code_as_their_file_does(tmp_path, capsys):
    """``derive show notes.md`` and ``derive codegen notes.md``: the model of the notes' derive block."""
    (tmp_path / "logistic.derive.toml").write_text(_LOGISTIC)
    (tmp_path / "logistic.md").write_text(f"# Logistic notes\n\n```derive\n{_LOGISTIC}```\n\n$$ p_i = \\sigma(z_i) $$\n")
    outputs = []
    for source in ("logistic.derive.toml", "logistic.md"):
        code, shown, _ = run(capsys, "show", str(tmp_path / source))
        assert code == 0 and "∂L/∂W = (p - y) xᵀ" in shown
        code, _, _ = run(capsys, "codegen", str(tmp_path / source), "-o", str(tmp_path / f"{source}.py"))
        assert code == 0
        outputs.append((shown, (tmp_path / f"{source}.py").read_text()))
    assert outputs[0] == outputs[1]


def test_notes_with_two_contexts_name_them_and_take_one_by_its_number(tmp_path, capsys):
    notes = tmp_path / "two.md"
    notes.write_text(f"```derive\n{_LOGISTIC}```\n\n$$ p_i = \\sigma(z_i) $$\n\n```derive\n{_LOGISTIC}```\n"
                     f"\n$$ L = L $$\n")
    code, out, err = run(capsys, "codegen", str(notes), "-o", str(tmp_path / "two.py"))
    assert code == 2 and out == "" and not (tmp_path / "two.py").exists()
    assert err.strip() == f"derive: error: {notes}:31: holds 2 derive contexts (1 with claims from line 15, " \
                          "2 with claims from line 31); choose one with --context N"
    code, shown, _ = run(capsys, "show", str(notes), "--context", "2")
    assert code == 0 and "∂L/∂W = (p - y) xᵀ" in shown
    code, _, _ = run(capsys, "codegen", str(notes), "--context", "1", "-o", str(tmp_path / "two.py"))
    assert code == 0 and "def loss_and_grads" in (tmp_path / "two.py").read_text()
    code, out, err = run(capsys, "show", str(notes), "--context", "3")
    assert code == 2 and err.strip() == f"derive: error: {notes}:1: --context 3: the file holds 2 derive context(s)"
    code, out, err = run(capsys, "show", "softmax", "--context", "1")
    assert code == 2 and "--context picks a derive context of notes" in err


def test_tanh_derivative_reads_as_textbooks_write_it(capsys):
    """1 − h², not the (1 − h)(h + 1) that factoring gives; LeCun's scaled tanh keeps its factors (no big squares)."""
    code, out, _ = run(capsys, "show", "mlp-tanh", "--wrt", "V")
    assert code == 0
    assert "∂h_q/∂a_k = (1 - h_q^2)·δ_kq" in out and "∂L/∂V_kl = (1 - h_k^2)·x_l·Σ_i ((s_i - y_i)·W_ik)" in out
    assert "(h_q + 1)" not in out


def test_the_relu_note_names_the_argument_of_this_model(capsys):
    # a probe: mlp-relu's note said H(z_i), but its ReLU acts on a (z is the output logits)
    code, out, _ = run(capsys, "show", "mlp-relu")
    assert code == 0 and "note: the derivative H(a_i) (Heaviside step) holds almost everywhere: not at a_i = 0" in out
    assert "H(z_i)" not in out


def test_the_relu_note_names_its_argument_in_every_report_format():
    # its first version reached the reports' forward model raw: "H({arg}_i)"
    from reports.command import report_text
    for fmt in ("md", "html", "tex"):
        page = report_text("mlp-relu", fmt)
        assert "{arg}" not in page and "arg\\}" not in page, fmt

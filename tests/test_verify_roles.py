"""Roles, loss and batch axis of a derivation file (issue 11 point 7): stated, or inferred and said so;
batch norm, layer norm and attention compile and agree with finite differences and PyTorch."""
from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from derive.cli import main
from derive.verify import load_file, to_model
from numeric import compile_model, gradcheck, make_inputs

EXAMPLES = Path(__file__).parents[1] / "examples"

UNSTATED = """
    given = ["Sum(y[i], (i, 1, n)) = 1"]
    [sizes]
    n = "classes"
    m = "features"
    [inputs]
    x = ["m"]
    W = ["n", "m"]
    y = ["n"]
    [define]
    "z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"
    "L" = "-Sum(y[i]*log(exp(z[i]) / Sum(exp(z[k]), (k, 1, n))), (i, 1, n))"
    "R" = "Sum(Sum(W[i, k]**2, (k, 1, m)), (i, 1, n))"
    """


def test_inferred_roles_and_loss_are_explained(tmp_path, capsys) -> None:
    p = tmp_path / "u.derive.toml"
    p.write_text(textwrap.dedent(UNSTATED))
    model = to_model(p)
    assert model.loss == "R"  # the last scalar, which is not what the author meant: hence the note
    notes = "\n".join(model.notes)
    assert "R was taken as the loss: it is the last scalar" in notes
    assert "input W was taken as a parameter: it has two axes" in notes
    assert "input y was taken as a target: a given sums over it" in notes
    assert "input x was taken as data" in notes
    main(["codegen", str(p), "-o", str(tmp_path / "u.py")])
    out = capsys.readouterr().out
    assert "note: R was taken as the loss" in out and "note: input W was taken as a parameter" in out


ELU = """
    given = ["alpha > 0"]
    [sizes]
    n = "units"
    [inputs]
    x = ["n"]
    g = ["n"]
    alpha = []
    [define]
    "f[i]" = "where(x[i] > 0, x[i], alpha*(exp(x[i]) - 1))"
    "L" = "Sum(g[i]*f[i], (i, 1, n))"
    """


def test_a_scalar_read_per_sample_that_stops_code_generation_says_how_to_make_it_a_constant(tmp_path, capsys) -> None:
    # ELU's α without a role is per-sample data, and where(x > 0, x, α_b(eˣ − 1)) has no whole-array form:
    # the one-line error names the input and the role that compiles, and nothing is written.
    p, out = tmp_path / "elu.derive.toml", tmp_path / "elu.py"
    p.write_text(textwrap.dedent(ELU))
    assert main(["codegen", str(p), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no whole-array (matrix) form" in err
    assert 'input alpha was taken as per-sample data' in err and 'alpha = { shape = [], role = "hyper" }' in err
    assert not out.exists()
    p.write_text(textwrap.dedent(ELU).replace("alpha = []", 'alpha = { shape = [], role = "hyper" }'))
    assert main(["codegen", str(p), "-o", str(out)]) == 0
    assert out.exists() and "checked against central differences" in capsys.readouterr().out


def test_stated_roles_and_loss_win_and_need_no_note(tmp_path) -> None:
    text = textwrap.dedent(UNSTATED).replace('given = ["Sum(y[i], (i, 1, n)) = 1"]',
                                            'given = ["Sum(y[i], (i, 1, n)) = 1"]\nloss = "L"')
    text = text.replace('x = ["m"]', 'x = { shape = ["m"], role = "param" }')
    text = text.replace('W = ["n", "m"]', 'W = { shape = ["n", "m"], role = "data" }')
    p = tmp_path / "s.derive.toml"
    p.write_text(text)
    model = to_model(p)
    assert model.loss == "L"
    assert {q.name: q.role for q in model.inputs} == {"x": "param", "W": "data", "y": "target"}
    assert [n for n in model.notes if "x" in n.split()[:2] or "W" in n.split()[:2] or "loss" in n] == []
    assert load_file(p).roles == {"x": "param", "W": "data"}


def _torch_batchnorm(torch, t):
    x = t["x"]
    mu = x.mean()
    xhat = (x - mu) / torch.sqrt(((x - mu) ** 2).mean() + t["eps"])
    return (t["g"] * (t["gamma"] * xhat + t["beta"])).sum()


def _torch_layernorm(torch, t):
    X = t["X"]
    mu = X.mean(1, keepdim=True)
    xhat = (X - mu) / torch.sqrt(((X - mu) ** 2).mean(1, keepdim=True) + t["eps"])
    return (t["G"] * (t["gamma"] * xhat + t["beta"])).sum(1).mean()


def _torch_attention(torch, t):
    d = t["Q"].shape[1]
    P = torch.softmax(t["Q"] @ t["K"].T / d ** 0.5, dim=1)
    return (t["G"] * (P @ t["V"])).sum()


@pytest.mark.parametrize("name, forward, sizes", [
    ("batchnorm", _torch_batchnorm, {"B": 6}),
    ("layernorm", _torch_layernorm, {"B": 3, "d": 5}),
    ("attention", _torch_attention, {"T": 4, "d": 3, "e": 2}),
])
def test_normalisation_and_attention_files_compile_and_match(name, forward, sizes) -> None:
    torch = pytest.importorskip("torch", reason="torch is a test extra (pip install -e '.[test]'); CI installs it")
    model = to_model(EXAMPLES / f"{name}.derive.toml")
    compiled = compile_model(model)
    inputs = make_inputs(model, sizes, seed=5)
    assert gradcheck(compiled, inputs).passed
    loss, grads = compiled.loss_and_grads(**inputs)
    tensors = {k: torch.tensor(v, dtype=torch.float64, requires_grad=k in grads) for k, v in inputs.items()}
    t_loss = forward(torch, tensors)
    t_loss.backward()
    assert float(loss) == pytest.approx(float(t_loss.detach()), rel=1e-10)
    assert set(grads) == {k for k, q in zip(inputs, model.inputs) if q.role in ("param", "data")}
    for k, g in grads.items():
        np.testing.assert_allclose(g, tensors[k].grad.numpy(), rtol=1e-8, atol=1e-10)


def test_a_row_given_with_a_row_dependent_value_is_not_a_model_assumption(tmp_path) -> None:
    p = tmp_path / "r.derive.toml"
    p.write_text(textwrap.dedent("""
        given = ["Sum(Y[b, i], (i, 1, n)) = 1", "Sum(Q[b, i], (i, 1, n)) = w[b]"]
        loss = "L"
        [sizes]
        B = "samples"
        n = "classes"
        [inputs]
        Z = ["B", "n"]
        Y = ["B", "n"]
        Q = ["B", "n"]
        w = ["B"]
        [define]
        "L" = "Sum(Sum(Y[b, i]*Z[b, i] + Q[b, i]*Z[b, i], (i, 1, n)), (b, 1, B))"
        """))
    assert [a.description for a in to_model(p).assumptions] == ["Sum(Y[b, i], (i, 1, n)) = 1"]

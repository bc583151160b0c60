"""Matrix notation (issue 11.6): each construct proved in a true identity and refuted in a false one.

A matrix claim is lowered to one claim per entry; these tests go through the file loader, the
prover (true identities must come out ``proved`` for symbolic sizes) and the counterexample
search (false ones must be refuted), and check that a claim whose sides have different shapes
is refuted by them (a given's stays an input error naming both shapes).
"""
from __future__ import annotations

import re

import pytest
import sympy as sp

from derive.cli import main
from derive.language import Scope, parse_array, parse_equation
from derive.language.scope import ParseError
from derive.verify import PROVED, REFUTED, check_loaded, load_file
from derive.verify.domains import domain_for
from derive.verify.search import search
from derive.verify.semantics import Semantics

TIMEOUT = 90  # verdicts, not speed, are tested: the machine running the suite may be busy

HEAD = """title = "matrix notation"
[sizes]
n = "rows"
m = "columns"
[inputs]
A = ["n", "m"]
B = ["n", "m"]
C = ["m", "n"]
Q = ["n", "n"]
P = ["n", "n"]
v = ["n"]
w = ["n"]
u = ["m"]
t = []
[define]
"h" = "A @ u"
"""

#: construct -> (a true identity, a false one of the same shapes)
CASES = {
    "@ and .T": ("(A @ C).T = C.T @ A.T", "(Q @ P).T = Q.T @ P.T"),
    "trace": ("trace(A @ C) = trace(C @ A)", "trace(Q @ P) = sum(Q * P)"),
    "sum of all entries": ("sum(A) = ones(n).T @ A @ ones(m)", "sum(Q) = ones(n).T @ Q @ ones(n) + 1"),
    "sum over axis 0": ("sum(A, 0) = A.T @ ones(n)", "sum(Q, 0) = Q @ ones(n)"),
    "sum over axis 1": ("sum(A, 1) = A @ ones(m)", "sum(Q, -1) = Q.T @ ones(n)"),
    "outer": ("outer(v, u) = v @ u.T", "outer(v, w) = w @ v.T"),
    "diag and column broadcast": ("diag(v) @ A = v * A", "diag(v) @ Q = Q * v.T"),
    "eye": ("eye(n) @ A = A", "eye(n) @ Q = Q.T"),
    "ones(n, m) and elementwise *": ("ones(n, m) * A = A", "ones(n, n) @ Q = Q"),
    "scalar broadcast and /": ("A / 2 + A / 2 - t = A - t", "Q / 2 + t = (Q + t) / 2"),
    "entrywise functions": ("exp(v) * exp(-v) = ones(n)", "exp(v) * exp(v) = exp(v * v)"),
    "entrywise piecewise": ("relu(v) - relu(-v) = v", "relu(v) + relu(-v) = v"),
    "where with an array condition": ("where(v > 0, v, -v) = abs(v)", "where(v > 0, v, 0) = abs(v)"),
    "gradient": ("diff(t * sum(v * v), v) = 2 * t * v", "diff(t * sum(v * v), v) = t * v"),
    "Jacobian": ("diff(A @ u, u) = A", "diff(Q @ v, v) = Q.T"),
    "Hessian": ("diff(v.T @ Q @ v, v, v) = Q + Q.T", "diff(v.T @ Q @ v, v, v) = 2 * Q"),
    "gradient by a matrix": ("diff(sum(A * B), A) = B", "diff(sum(Q * P), Q) = P.T"),
    "matrix definition": ("diff(sum(h), u) = A.T @ ones(n)", "diff(sum(h * h), u) = 2 * A.T @ h + u"),
    "softmax": ("softmax(v + t) = softmax(v)", "softmax(2 * v) = softmax(v)"),
    "logsumexp": ("diff(logsumexp(v), v) = softmax(v)", "diff(logsumexp(v), v) = exp(v)"),
    "log of softmax": ("log(softmax(v)) = v - logsumexp(v)", "log(softmax(v)) = v + logsumexp(v)"),
    # a literal 0 against an array is the zero array of its shape
    "zero array": ("diff(sum(A @ u) - sum(u.T @ A.T), u) = 0", "0 = diff(t * sum(v * v), v) - t * v"),
}


def _file(tmp_path, name: str, claims: list[str]):
    body = "".join(f'[[claim]]\nname = "{k}"\neq = "{eq}"\n' for k, eq in claims)
    path = tmp_path / f"{name}.derive.toml"
    path.write_text(HEAD + body)
    return load_file(path)


def test_every_construct_proved_in_a_true_identity(tmp_path) -> None:
    f = _file(tmp_path, "true", [(k, true) for k, (true, _) in CASES.items()])
    report = check_loaded(f, TIMEOUT)
    assert {c.name: c.verdict for c in report.claims} == {k: PROVED for k in CASES}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_construct_refuted_in_a_false_identity(tmp_path, name) -> None:
    f = _file(tmp_path, "false", [(name, CASES[name][1])])
    claim, = f.claims
    sem = Semantics(f)
    found = search(sem, sem.resolve(claim.lhs), sem.resolve(claim.rhs), claim.ranges, f.givens + claim.givens,
                   domain=domain_for(f, claim))
    assert found.counterexample is not None


def test_the_issue_s_transposed_claim_is_refuted_by_its_shapes_and_the_file_checked_on(tmp_path, capsys) -> None:
    text = (HEAD.replace('"h" = "A @ u"', '"z" = "A @ u"\n"L" = "sum(exp(z))"') +
            '[[claim]]\nname = "transposed"\neq = "diff(L, A) = u @ (z - v).T"\n'
            '[[claim]]\nname = "right"\neq = "diff(L, A) = exp(z) @ u.T"\n')
    (tmp_path / "t.derive.toml").write_text(text)
    assert main(["check", str(tmp_path / "t.derive.toml"), "--no-cache"]) == 1
    out = capsys.readouterr().out
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if "u @ (z - v).T" in ln)
    assert f"t.derive.toml:{line}: refuted  transposed\n    counterexample: m=2, n=3; the left side has shape " \
           "(n, m) = (3, 2), the right side (m, n) = (2, 3)\n" in out
    assert "proved  right" in out and "1 proved, 1 refuted" in out


def test_sides_of_different_shapes_in_a_given_are_still_bad_input(tmp_path, capsys) -> None:
    text = HEAD + '[[claim]]\nname = "c"\neq = "t = t"\ngiven = ["A = C"]\n'
    (tmp_path / "g.derive.toml").write_text(text)
    assert main(["check", str(tmp_path / "g.derive.toml"), "--no-cache"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "the left side is (n, m), the right side is (m, n)" in err


def test_a_transposed_square_case_is_refuted_with_an_entry(tmp_path, capsys) -> None:
    text = HEAD + '[[claim]]\nname = "transposed"\neq = "diff(sum(Q @ v), Q) = v @ ones(n).T"\n'
    (tmp_path / "sq.derive.toml").write_text(text)
    assert main(["check", str(tmp_path / "sq.derive.toml"), "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert "refuted  transposed" in out and "entry (" in out


def _scope() -> tuple[Scope, sp.Symbol, sp.Symbol]:
    n, m = (sp.Symbol(s, integer=True, positive=True) for s in "nm")
    shapes = {"W": (n, m), "x": (m,), "s": (n,), "k": (n,), "L": ()}
    return Scope(quantities={k: len(v) for k, v in shapes.items()}, sizes={"n": n, "m": m}, shapes=shapes), n, m


@pytest.mark.parametrize("text, message", [
    ("W @ s", "shape mismatch in @: (n, m) @ (n,)"),
    ("W + x", "shape mismatch in +: (n, m) and (m,)"),
    ("outer(W, x)", "outer() takes vectors, got (n, m)"),
    ("diag(W)", "diag() takes vectors, got (n, m)"),
    ("trace(W)", "trace() takes a square matrix, got (n, m)"),
    ("sum(W, 2)", "the axis must be 0, 1 or -1"),
    ("diff(s, W)", "would have 3 axes"),
    ("diff(L, W @ x)", "B must be a quantity"),
    ("W.foo", "only .T, the transpose"),
    ("Sum(W, (i, 1, n))", "Sum's body is a whole array of shape (n, m)"),
    ("W @ 2", "@ multiplies two arrays"),
    ("eye(0)", "a size must be at least 1"),
])
def test_shape_and_form_errors_are_named(text: str, message: str) -> None:
    scope, _, _ = _scope()
    with pytest.raises(ParseError, match=re.escape(message)):
        parse_array(text, scope)


def test_lowering_never_captures_a_name_the_file_or_text_uses() -> None:
    scope, n, m = _scope()
    # k is a quantity of this file and l appears in the text: the sum of W @ x must use neither.
    entry, idx, shape = parse_array("W @ x + k * Sum(s[l], (l, 1, n))", scope)
    dummies = {str(lim[0]) for s in entry.atoms(sp.Sum) for lim in s.limits}
    assert shape == (n,) and [str(i) for i in idx] == ["i"]
    assert "k" not in dummies and dummies & {"l"} == {"l"} and len(dummies) == 2


def test_a_matrix_claim_lowers_to_the_index_claim_people_write() -> None:
    scope, n, m = _scope()
    ranges: dict = {}
    lhs, rhs = parse_equation("diff(L, W) = (s - k) @ x.T", scope, ranges)
    i, j = sorted(ranges, key=str)
    W, s, k, x = (scope.base(q) for q in "Wskx")
    assert lhs == sp.Derivative(sp.Symbol("L", real=True), W[i, j], evaluate=False)
    assert sp.expand(rhs - (s[i] - k[i]) * x[j]) == 0
    assert ranges == {i: n, j: m}


def test_a_bare_array_where_a_value_is_expected_says_how_to_index_it(tmp_path, capsys) -> None:
    text = HEAD + '[[claim]]\nname = "c"\neq = "diff(t, v[i]) = u"\n'
    (tmp_path / "b.derive.toml").write_text(text)
    assert main(["check", str(tmp_path / "b.derive.toml")]) == 2
    assert "index it like u[i]" in capsys.readouterr().err


def test_only_a_literal_zero_stands_for_an_array(tmp_path, capsys) -> None:
    # v = 1 may mean ones(n) or a typo for one entry: still bad input, naming both shapes.
    (tmp_path / "one.derive.toml").write_text(HEAD + '[[claim]]\nname = "c"\neq = "v - v = 1"\n')
    assert main(["check", str(tmp_path / "one.derive.toml")]) == 2
    assert "the left side is (n,), the right side is a scalar" in capsys.readouterr().err


def test_an_indexed_key_cannot_take_a_whole_array(tmp_path, capsys) -> None:
    (tmp_path / "d.derive.toml").write_text(HEAD.replace('"h" = "A @ u"', '"h[i]" = "A @ u"'))
    assert main(["check", str(tmp_path / "d.derive.toml")]) == 2
    assert "whole array of shape (n,)" in capsys.readouterr().err


def test_matrix_forms_example_is_proved_and_compiles() -> None:
    from pathlib import Path

    import numpy as np

    from derive.verify import check_file, to_model
    from numeric import compile_model

    path = Path(__file__).parents[1] / "examples" / "matrix_forms.derive.toml"
    report = check_file(path, TIMEOUT)
    assert [c.verdict for c in report.claims] == [PROVED] * 8
    fn = compile_model(to_model(path))
    rng = np.random.default_rng(0)
    X, W = rng.normal(size=(4, 3)), rng.normal(size=(5, 3))
    Y = np.eye(5)[[0, 2, 4, 1]]
    loss, grads = fn.loss_and_grads(X=X, W=W, Y=Y)
    Z = X @ W.T
    S = np.exp(Z - Z.max(1, keepdims=True))
    S /= S.sum(1, keepdims=True)
    assert np.allclose(grads["W"], (S - Y).T @ X / 4)
    assert np.isclose(loss, -np.mean(np.sum(Y * np.log(S), 1)))
    assert REFUTED not in {c.verdict for c in report.claims}

"""derive's own derivative beside a counterexample: the author's letters for its sums, gates read as textbooks write them."""
from __future__ import annotations

from pathlib import Path

from derive.verify import load_file
from derive.verify.check import check_loaded

EXAMPLES = Path(__file__).parents[1] / "examples"


def _expected(path: Path) -> str:
    (result, *_) = [c for c in check_loaded(load_file(path)).claims if c.verdict == "refuted"]
    return result.counterexample["expected"]


def _softmax_loss_over(tmp_path: Path, letter: str) -> Path:
    """The softmax example without Σ y = 1, its loss summed over ``letter``, and the claim ∂L/∂z_j = s_j - y_j."""
    head = (EXAMPLES / "softmax.derive.toml").read_text(encoding="utf-8").split("[[claim]]")[0]
    head = "\n".join(line for line in head.splitlines() if not line.startswith("given"))
    head = head.replace('"-Sum(y[i]*log(s[i]), (i, 1, n))"', f'"-Sum(y[{letter}]*log(s[{letter}]), ({letter}, 1, n))"')
    path = tmp_path / "letters.derive.toml"
    path.write_text(head + '\n[[claim]]\nname = "without the given"\neq = "diff(L, z[j]) = s[j] - y[j]"\n',
                    encoding="utf-8")
    return path


def test_a_sum_takes_the_letter_of_the_authors_sum_with_the_same_quantities(tmp_path: Path) -> None:
    # Σ y comes from the loss (its letter p), not from the softmax's Σ_k e^{z_k} over the same range.
    assert _expected(_softmax_loss_over(tmp_path, "p")) == "s_j·Σ_p y_p - y_j"


def test_a_letter_already_in_use_is_not_taken(tmp_path: Path) -> None:
    # The author summed the loss over j, but j is the claim's own index here: derive's name stays.
    assert _expected(_softmax_loss_over(tmp_path, "j")) == "s_j·Σ_i y_i - y_j"


def test_a_delta_is_contracted_through_a_gate_and_the_live_case_comes_out(relu_gate) -> None:
    # Σ_i where(u_i > 0, 2·δ_ij·(u_i - y_i), 0)/2 before: SymPy folds a sum's factors into the gate.
    assert _expected(relu_gate("u[i]", "0")) == "(u_j - y_j)·𝟙[u_j > 0]"


def test_a_where_with_two_live_cases_keeps_them(relu_gate) -> None:
    # A leaky ReLU: both cases live, so nothing comes out of the where; the delta still contracts.
    assert _expected(relu_gate("u[i]", "u[i]/10")) == "where(u_j > 0, u_j - y_j, u_j/100 - y_j/10)"


def test_an_input_is_not_written_as_the_root_of_its_square(tmp_path: Path) -> None:
    # q = x²: putting q back would read 2·√q_j, which is 2·|x_j|, wrong wherever x_j < 0.
    path = tmp_path / "squares.derive.toml"
    path.write_text('title = "squares"\n[sizes]\nn = "entries"\n[inputs]\nx = ["n"]\n[define]\n'
                    '"q[i]" = "x[i]**2"\n"L" = "Sum(q[k], (k, 1, n))"\n'
                    '[[claim]]\nname = "wrong factor"\neq = "diff(L, x[j]) = x[j]"\n', encoding="utf-8")
    assert _expected(path) == "2·x_j"


def test_a_sum_written_out_past_the_authors_names_takes_the_claims_letter_for_its_range(tmp_path: Path) -> None:
    # Σ_k a_k reads Σ Σ_j w_j x_kj once a is written out: no sum of the author's over the examples shares
    # w or x, so the outer sum takes the claim's k (it read Σ_j Σ_i (w_i·x_ji), the author's j on the other axis).
    path = tmp_path / "mse.derive.toml"
    path.write_text('title = "MSE of a linear model"\n[sizes]\nn = "examples"\nm = "features"\n'
                    '[inputs]\nx = ["n", "m"]\nt = ["n"]\nw = ["m"]\nb = []\n[define]\n'
                    '"a[k]" = "Sum(w[j]*x[k, j], (j, 1, m)) + b"\n"M" = "Sum((a[k] - t[k])**2, (k, 1, n)) / n"\n'
                    '[[claim]]\nname = "slip: without the 2"\neq = "diff(M, b) = Sum(a[k] - t[k], (k, 1, n))/n"\n',
                    encoding="utf-8")
    expected = _expected(path)
    assert "Σ_k t_k" in expected and "Σ_k Σ_" in expected and "x_k" in expected


def test_a_caller_that_reads_verdicts_alone_gets_the_same_refutations_without_it() -> None:
    # check_files(expected=False): the same verdicts and counterexamples, only derive's own derivative left out.
    from derive.verify.check import check_files
    f = load_file(EXAMPLES / "softmax_mistakes.derive.toml")
    full, = check_files([(f, 60.0, None)])
    bare, = check_files([(f, 60.0, None)], expected=False)
    assert [c.verdict for c in bare.claims] == [c.verdict for c in full.claims]
    refuted = [(a, b) for a, b in zip(full.claims, bare.claims) if a.verdict == "refuted"]
    assert len(refuted) == 5 and all("expected" in a.counterexample for a, _ in refuted)
    for a, b in refuted:
        assert "expected" not in b.counterexample
        assert b.counterexample == {k: v for k, v in a.counterexample.items() if k != "expected"}

"""derive's own derivative beside a counterexample: the author's letters for its sums, gates read as textbooks write them."""
from __future__ import annotations

from pathlib import Path

from derive.verify import load_file
from derive.verify.check import check_loaded

SOFTMAX = '''title = "softmax, the loss summed over j"
[sizes]
n = "classes"
m = "features"
[inputs]
x = ["m"]
W = ["n", "m"]
y = ["n"]
[define]
"z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
"L" = "-Sum(y[{loss}]*log(s[{loss}]), ({loss}, 1, n))"

[[claim]]
name = "without the given"
eq = "diff(L, z[j]) = s[j] - y[j]"
'''


def _expected(tmp_path: Path, loss: str) -> str:
    path = tmp_path / "letters.derive.toml"
    path.write_text(SOFTMAX.format(loss=loss), encoding="utf-8")
    (result,) = check_loaded(load_file(path)).claims
    assert result.verdict == "refuted"  # Σ_i y_i = 1 is not given
    return result.counterexample["expected"]


def test_a_sum_takes_the_letter_of_the_authors_sum_with_the_same_quantities(tmp_path: Path) -> None:
    # Σ y comes from the loss (its letter p), not from the softmax's Σ_k e^{z_k} over the same range.
    assert _expected(tmp_path, "p") == "s_j·Σ_p y_p - y_j"


def test_a_letter_already_in_use_is_not_taken(tmp_path: Path) -> None:
    # The author summed the loss over j, but j is the claim's own index here: derive's name stays.
    assert _expected(tmp_path, "j") == "s_j·Σ_i y_i - y_j"


GATE = """title = "a ReLU gate"
[sizes]
n = "units"
[inputs]
u = ["n"]
y = ["n"]
[define]
"a[i]" = "where(u[i] > 0, {live}, {dead})"
"L" = "Sum((a[i] - y[i])**2, (i, 1, n)) / 2"

[[claim]]
name = "the gate forgotten"
eq = "diff(L, u[j]) = a[j] - y[j]"
"""


def _gate_expected(tmp_path: Path, live: str, dead: str) -> str:
    path = tmp_path / "gate.derive.toml"
    path.write_text(GATE.format(live=live, dead=dead), encoding="utf-8")
    (result,) = check_loaded(load_file(path)).claims
    assert result.verdict == "refuted"
    return result.counterexample["expected"]


def test_a_delta_is_contracted_through_a_gate_and_the_live_case_comes_out(tmp_path: Path) -> None:
    # Σ_i where(u_i > 0, 2·δ_ij·(u_i - y_i), 0)/2 before: SymPy folds a sum's factors into the gate.
    assert _gate_expected(tmp_path, "u[i]", "0") == "(u_j - y_j)·𝟙[u_j > 0]"


def test_a_where_with_two_live_cases_keeps_them(tmp_path: Path) -> None:
    # A leaky ReLU: both cases live, so nothing comes out of the where; the delta still contracts.
    assert _gate_expected(tmp_path, "u[i]", "u[i]/10") == "where(u_j > 0, u_j - y_j, u_j/100 - y_j/10)"

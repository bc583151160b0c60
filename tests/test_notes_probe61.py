"""What session 61 found: jumps inside sums (an indicator of a summed entry, or of a defined sum) never read where
they jump, so a claim wrong only there was proved almost everywhere; each test of a fix failing on the code before it."""
from __future__ import annotations

from _checking import checked, loaded, note_verdicts

#: A vector, a sum of it, a smooth loss of it, and a layer s = W x under a smooth loss and a relu.
SUMS = """```derive
[sizes]
n = "outputs"
m = "inputs"
[inputs]
z = ["n"]
W = ["n", "m"]
x = ["m"]
w = ["m"]
[define]
t = "Sum(z[k], (k, 1, n))"
E = "Sum(z[k]**2, (k, 1, n))"
"s[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"
L = "Sum(s[i]**2, (i, 1, n))"
r = "Sum(w[k]*x[k], (k, 1, m))"
h = "relu(r)"
```
"""


def _counterexample(tmp_path, index: int = 0) -> dict:
    (f,) = loaded(tmp_path / "notes.md")
    return checked(f, 60)[index].counterexample


def test_a_count_of_positive_entries_is_refuted_where_an_entry_is_0(tmp_path) -> None:
    # Σ_k 1[z_k > 0] = Σ_k 1[z_k >= 0] was proved "almost everywhere": the jump moves with the summed k, so no point
    # of the claim's inputs was read on it; written out at n = 3, z_k = 0 is a point
    assert note_verdicts(tmp_path, SUMS, r"\sum_{k=1}^{n} \mathbb{1}[z_k > 0] = \sum_{k=1}^{n} \mathbb{1}[z_k \ge 0]",
                         r"\sum_{k=1}^{n} \max(z_k, 0) = \sum_{k=1}^{n} z_k \mathbb{1}[z_k \ge 0]",
                         r"\sum_{k=1}^{n} \mathbb{1}[z_k > 0] + \sum_{k=1}^{n} \mathbb{1}[z_k \le 0] = n") \
        == ["refuted", "proved", "proved"]
    found = _counterexample(tmp_path)
    assert found["sizes"] == {"n": 3} and "0" in found["inputs"].values()
    assert float(found["lhs"]) - float(found["rhs"]) == -1


def test_a_sign_inside_a_sum_keeps_its_convention_at_0(tmp_path) -> None:
    # sign(0) is a convention (README): written out, the jump at z_k = 0 is still not asserted
    assert note_verdicts(tmp_path, SUMS, r"\sum_{k=1}^{n} \mathbb{1}[z_k \ge 0] = "
                                         r"\sum_{k=1}^{n} \frac{1 + \operatorname{sign}(z_k)}{2}") == ["proved"]


def test_a_jump_of_a_defined_sum_is_read_where_the_sum_is_0(tmp_path) -> None:
    # 1[t >= 0] 1[t <= 0] with t = Σ_k z_k is 1 where t = 0: "= 0" was proved almost everywhere
    assert note_verdicts(tmp_path, SUMS, r"\mathbb{1}[t \ge 0] \, \mathbb{1}[t \le 0] = 0") == ["refuted"]
    found = _counterexample(tmp_path)
    assert sum(float(v) for v in found["inputs"].values()) == 0 and found["lhs"] == "1.00000000000000"


def test_a_rank_written_with_ties_counted_once_is_refuted_at_a_tie(tmp_path) -> None:
    # Σ_k 1[z_k > z_j] = Σ_k 1[z_k >= z_j] - 1 is false where another entry ties z_j (it was unproved)
    assert note_verdicts(tmp_path, SUMS, r"\sum_{k=1}^{n} \mathbb{1}[z_k > z_j] = "
                                         r"\sum_{k=1}^{n} \mathbb{1}[z_k \ge z_j] - 1") == ["refuted"]
    found = _counterexample(tmp_path)
    j = found["indices"]["j"]
    assert list(found["inputs"].values()).count(found["inputs"][f"z[{j}]"]) == 2


def test_a_slope_with_a_term_that_jumps_inside_a_sum_is_refuted_where_the_slope_exists(tmp_path) -> None:
    # the slopes of smooth losses have no jump: an added Σ 1[u >= 0] 1[u <= 0] term is wrong where some u = 0
    # (both were proved almost everywhere); u an entry (z_k), or a layer's pre-activation (s_i = Σ_k W_ik x_k)
    assert note_verdicts(
        tmp_path, SUMS,
        r"\frac{\partial E}{\partial z_j} = 2 z_j + \sum_{k=1}^{n} \mathbb{1}[z_k \ge 0] \, \mathbb{1}[z_k \le 0]",
        r"\frac{\partial L}{\partial x_k} = \sum_{i=1}^{n} 2 s_i W_{ik} + "
        r"\sum_{i=1}^{n} W_{ik} \mathbb{1}[s_i \ge 0] \mathbb{1}[s_i \le 0]",
        r"\frac{\partial L}{\partial x_k} = \sum_{i=1}^{n} 2 s_i W_{ik}") == ["refuted", "refuted", "proved"]
    (f,) = loaded(tmp_path / "notes.md")
    found = checked(f, 60)[1].counterexample
    point = found["inputs"]
    k = found["indices"]["k"]
    rows = [sum(float(eval_fraction(point[f"W[{i}, {c}]"])) * float(eval_fraction(point[f"x[{c}]"]))
                for c in (1, 2, 3)) for i in (1, 2, 3)]
    assert 0.0 in rows  # some s_i is 0 there
    assert float(found["rhs"]) - float(found["lhs"]) == sum(
        float(eval_fraction(point[f"W[{i + 1}, {k}]"])) for i, s in enumerate(rows) if s == 0)


def eval_fraction(text: str) -> float:
    """A counterexample's value ("1/2", "-3") as a float."""
    top, _, bottom = text.partition("/")
    return int(top) / int(bottom or 1)


def test_a_value_at_the_kink_of_a_relu_of_a_dot_product_is_checked_there(tmp_path) -> None:
    # 7 x_k & r = 0 for ∂relu(r)/∂w_k, r = Σ_k w_k x_k, was unproved: the kink's argument reads several entries;
    # written out at m = 3 it is a point, where 7 x_k lies outside every convention between 0 and x_k
    claim = r"\frac{\partial h}{\partial w_k} = \begin{cases} x_k & r > 0 \\ %s & r = 0 \\ 0 & r < 0 \end{cases}"
    wrong, convention = note_verdicts(tmp_path, SUMS, claim % "7 x_k", claim % "0")
    assert wrong == "refuted" and convention != "refuted"  # (0 is a convention there: unproved, as before)


def test_sizes_a_condition_admits_are_the_ones_written_out(tmp_path) -> None:
    # written out at the first size the claim's condition admits: n = 4 for n >= 4, n = 2 for n <= 2
    claim = r"\sum_{k=1}^{n} \mathbb{1}[z_k > 0] = \sum_{k=1}^{n} \mathbb{1}[z_k \ge 0] \quad \text{for } n %s"
    assert note_verdicts(tmp_path, SUMS, claim % r"\ge 4", claim % r"\le 2") == ["refuted", "refuted"]
    (f,) = loaded(tmp_path / "notes.md")
    assert [c.counterexample["sizes"]["n"] for c in checked(f, 60)] == [4, 2]

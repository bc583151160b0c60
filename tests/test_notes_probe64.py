"""What session 64 found; each test of a fix failing on the code before it."""
from __future__ import annotations

import json

from derive.cli import main
from _checking import note_verdicts
from _oneline import assert_note_refused

#: Ridge regression with the residual r = y - Xw, as the derive block defines it.
RIDGE = """```derive
[sizes]
n = "samples"
d = "features"
[inputs]
X = ["n", "d"]
y = ["n"]
w = ["d"]
lam = []
[define]
r = "y - X @ w"
L = "sum(r * r) / 2 + lam / 2 * sum(w * w)"
[symbols]
'\\lambda' = "lam"
```
"""

GRADIENT = r"\frac{\partial L}{\partial w} &= -X^\top r + \lambda w"


def test_a_bound_on_a_name_neither_the_block_nor_the_row_has_is_prose(tmp_path, capsys) -> None:
    # a re-read of session 63's probe: "with a learning rate $\eta > 0$" between rows (η no name of the block's) was
    # refused "cannot read the condition", stopping the whole note; it cannot restrict a row that does not read η
    for words in (r"with a learning rate $\eta > 0$, the gradient is", r"for some $0 < \alpha < 1$ and $c \ge 0$,",
                  r"for $i \ne j$ the terms of the Hessian vanish; the gradient is"):
        assert note_verdicts(tmp_path, RIDGE, rf"\begin{{aligned}}\intertext{{{words}}} {GRADIENT}\end{{aligned}}") \
            == ["proved"]
    # the row reads the name (a condition of its), or the name is the block's (λ, drawn negative too): refused
    assert_note_refused(tmp_path, capsys, RIDGE, r"\begin{aligned}\intertext{with $\eta > 0$,} \frac{\partial L}{\partial w}"
                        r" &= -X^\top r + \lambda w + \eta\end{aligned}", r"cannot read the condition in '\eta > 0'")
    assert_note_refused(tmp_path, capsys, RIDGE, rf"\begin{{aligned}}\intertext{{with $\lambda > 0$,}} {GRADIENT}"
                        r"\end{aligned}", r"cannot read the condition in '\lambda > 0'")
    assert_note_refused(tmp_path, capsys, RIDGE, r"\begin{aligned}\intertext{for $i \ne j$ the terms vanish:} "
                        r"\frac{\partial r_i}{\partial y_j} &= 0\end{aligned}", r"cannot read the condition in 'i \ne j'")


def test_a_size_described_by_a_phrase_is_not_counted_twice(tmp_path, capsys) -> None:
    # a probe: h_T with T = "sequence length" was noted "T is a size (the number of sequence length)"
    for described, said in (("sequence length", "(sequence length)"), ("number of steps", "(number of steps)"),
                            ("time steps", "(the number of time steps)")):
        path = tmp_path / "last.md"
        path.write_text(f'```derive\n[sizes]\nT = "{described}"\n[inputs]\nh = ["T"]\ny = []\n[define]\n'
                        f'"L" = "(h[T] - y)**2 / 2"\n```\n\n$$\\frac{{\\partial L}}{{\\partial h_T}} = h_T - y$$\n')
        assert main(["check", "--no-cache", "--json", str(path)]) == 0
        (claim,) = json.loads(capsys.readouterr().out)
        assert claim["evidence"]["last_entries"] == [
            f"h_T: T is a size {said}, read as h's last entry (entry T of T), not every entry"]

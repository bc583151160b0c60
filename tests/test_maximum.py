"""The maximum over an index, ``\\max_k z_k`` (``Max(z[k], (k, 1, n))``): the shift of a stable softmax.

Every lecture on numerical stability subtracts it (CS231n: ``f -= np.max(f)``): e^{z_i − m}/Σ_j e^{z_j − m}
is the softmax and log Σ_j e^{z_j} = m + log Σ_j e^{z_j − m} for m = max_k z_k.  It binds its index like a
sum, is evaluated exactly, and its derivative is that of the largest term, 𝟙[z_j = max_k z_k], where that
term is the only largest one (a tie is a kink, where no claim about the derivative is asserted).
"""
from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from derive.algebra.bigops import LargestAt, MaxOver
from derive.algebra.differentiate import derivative
from derive.cli import main
from derive.documents.load import load_any
from derive.indexcalc import index
from derive.model import size
from derive.printing import latex, text
from derive.verify import check_loaded, load_file
from derive.verify.compiled import Compiler, Point
from derive.verify.evaluate import Evaluator, Undefined
from derive.verify.parser import ParseError, Scope, parse_expression
from reports.mathml import math_element
from _checking import checked, claims_of, loaded

n = size("n")
k, j = index("k"), index("j")
z = sp.IndexedBase("z", real=True)
M = MaxOver(z[k], (k, 1, n))

HEAD = r"""# Stable softmax

```derive
[sizes]
n = "classes"
[inputs]
z = ["n"]
y = ["n"]
[define]
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
```
"""


def _verdicts(tmp_path, *equations: str, head: str = HEAD) -> list[str]:
    p = tmp_path / "notes.md"
    p.write_text(head + "".join(f"\n$$\n{eq}\n$$\n" for eq in equations))
    (f,) = loaded(p)
    return [c.verdict for c in checked(f, 60)]


def _value(e, values, **symbols):
    env = {n: mpmath.mpf(len(values)), **{index(s): mpmath.mpf(v) for s, v in symbols.items()}}
    arrays = {"z": {(i + 1,): mpmath.mpf(v) for i, v in enumerate(values)}}
    walked = Evaluator(env, arrays)(e)
    assert Point(env, arrays, Compiler()).value(e) == walked
    return walked


def test_both_evaluators_take_the_largest_term_and_its_place() -> None:
    assert _value(M, [2, -7, 5]) == 5
    assert _value(MaxOver(z[k], (k, 2, 3)), [9, -7, 5]) == 5
    assert [_value(LargestAt(M, j), [2, -7, 5], j=v) for v in (1, 2, 3)] == [0, 0, 1]
    with pytest.raises(Undefined, match="tie"):  # two largest terms: the maximum has no derivative there
        _value(LargestAt(M, j), [5, -7, 5], j=1)
    with pytest.raises(Undefined, match="empty"):
        _value(MaxOver(z[k], (k, 3, 2)), [1, 2, 3])


def test_terms_without_the_index_come_out_of_the_maximum() -> None:
    c = sp.Symbol("c", real=True)
    a = sp.Symbol("a", positive=True)
    assert MaxOver(z[k] - c, (k, 1, n)) == M - c
    assert MaxOver(a * z[k], (k, 1, n)) == a * M
    assert MaxOver(c * z[k], (k, 1, n)) != c * M  # c may be negative: max(c z) is then c min(z)


def test_its_derivative_is_the_largest_terms() -> None:
    assert derivative(M, z[j]) == sp.diff(M, z[j]) == sp.Sum(LargestAt(M, k) * sp.KroneckerDelta(k, j), (k, 1, n))


def test_stable_softmax_notes_get_every_verdict(tmp_path) -> None:
    got = _verdicts(
        tmp_path,
        r"s_i = \frac{e^{z_i - \max_k z_k}}{\sum_{j=1}^{n} e^{z_j - \max_k z_k}}",
        r"\log \sum_{j=1}^{n} e^{z_j} = \max_{k} z_k + \log \sum_{j=1}^{n} e^{z_j - \max_{k} z_k}",
        r"\log \sum_{j=1}^{n} e^{z_j} = \log \sum_{j=1}^{n} e^{z_j - \max_{k} z_k}",
        r"s_i = \frac{e^{z_i - \max_k z_k}}{\sum_{j=1}^{n} e^{z_j}}",
        r"\max_{1 \le k \le n} (z_k - \max_j z_j) = 0",
        r"\frac{\partial}{\partial z_j} \max_k z_k = 1",
        r"z_k = \max_k z_k",
    )
    assert got == ["proved", "proved", "refuted", "refuted", "proved", "refuted", "refuted"]


def test_the_largest_entry_of_a_vector(tmp_path) -> None:
    got = _verdicts(tmp_path, r"\max(\mathbf{z}) = \max_k z_k",
                    r"s_i = \frac{e^{z_i - \max(\mathbf{z})}}{\sum_{j} e^{z_j - \max(\mathbf{z})}}", r"\max(\mathbf{z}) = z_1")
    assert got == ["proved", "proved", "refuted"]


def test_a_fixed_size_maximum_is_written_out(tmp_path) -> None:
    head = HEAD.replace('n = "classes"', "n = 3")
    got = _verdicts(tmp_path, r"\max_{k} z_k = \max(z_1, \max(z_2, z_3))", r"\max_{k} z_k = z_1 + z_2 + z_3", head=head)
    assert got == ["proved", "refuted"]


FILE = '''title = "the max-shifted softmax"
[sizes]
n = "classes"
[inputs]
z = ["n"]
y = ["n"]
[define]
"m" = "Max(z[k], (k, 1, n))"
"t[i]" = "exp(z[i] - m) / Sum(exp(z[k] - m), (k, 1, n))"
"L" = "-Sum(y[i]*log(t[i]), (i, 1, n))"
[[claim]]
name = "the gradient through the shifted softmax"
eq = "diff(L, z[j]) = t[j]*Sum(y[i], (i, 1, n)) - y[j]"
[[claim]]
name = "slip: the gradient"
eq = "diff(L, z[j]) = t[j] + y[j]"
[[claim]]
name = "the derivative of the max"
eq = "diff(m, z[j]) = where(z[j] == m, 1, 0)"
'''


def test_the_file_format_states_maxima_and_the_gradient_through_one(tmp_path) -> None:
    p = tmp_path / "m.derive.toml"
    p.write_text(FILE)
    result = check_loaded(load_file(p), 60)
    assert [c.verdict for c in result.claims] == ["proved", "refuted", "proved"]
    proof = result.claims[0].evidence
    assert "tie for a maximum" in proof["method"] and proof["cross_check_points"] > 0


HINGE = '''title = "Crammer and Singer's multiclass hinge"
[sizes]
K = "classes"
d = "features"
[inputs]
M = ["K", "d"]
x = ["d"]
[labels]
y = "K"
[define]
"s[r]" = "Sum(M[r, l]*x[l], (l, 1, d))"
"L" = "Max(s[r] + 1 - delta(r, y), (r, 1, K)) - s[y]"
[[claim]]
name = "the loss as written out"
eq = "L = Max(Sum(M[r, l]*x[l], (l, 1, d)) + 1 - delta(r, y), (r, 1, K)) - Sum(M[y, l]*x[l], (l, 1, d))"
[[claim]]
name = "the gradient by a score, the indicator written with the 1 inside"
eq = "diff(L, s[j]) = where(s[j] + 1 - delta(j, y) == Max(s[r] + 1 - delta(r, y), (r, 1, K)), 1, 0) - delta(j, y)"
[[claim]]
name = "slip: every score gets the gradient"
eq = "diff(L, s[j]) = 1 - delta(j, y)"
'''


def test_a_maximum_over_sums_and_its_indicator_however_written(tmp_path) -> None:
    # A sum inside the maximum was held apart as a symbol without the maximum's index, so the maximum of it
    # collapsed to it: L was not even proved equal to its own definition.
    p = tmp_path / "hinge.derive.toml"
    p.write_text(HINGE)
    assert [c.verdict for c in claims_of(p, 60)] == ["proved", "proved", "refuted"]


def test_derive_show_finds_the_shift_has_no_effect(tmp_path, capsys) -> None:
    p = tmp_path / "m.derive.toml"
    p.write_text(FILE)
    assert main(["show", str(p)]) == 0
    out = capsys.readouterr().out
    assert "∂L/∂m = 0" in out and "𝟙[z_j = max_i z_i]" in out


def test_max_syntax_and_its_errors(tmp_path, capsys) -> None:
    scope = Scope(quantities={"z": 1}, sizes={"n": n})
    assert parse_expression("Max(z[k], (k, 1, n))", scope) == M
    with pytest.raises(ParseError, match="Max takes no condition"):
        parse_expression("Max(z[k], (k, 1, n), k != j)", scope)
    p = tmp_path / "bad.md"
    p.write_text(HEAD + "\n$$\n\\max_{k \\ne j} z_k = z_j\n$$\n")
    assert main(["check", str(p)]) == 2
    assert "a maximum leaves out no term" in capsys.readouterr().err


def test_a_label_is_no_summation_index(tmp_path, capsys) -> None:
    # Found by an adversarial probe: z_y under \max_{y=1}^{n} read the label's entry, a body without the index,
    # so max_y z_y = z_y was proved (Σ_y z_y = n z_y refuted likewise): the label's letter is refused there.
    head = HEAD.replace("[define]", '[labels]\ny = "n"\n[define]').replace('y = ["n"]\n', "")
    for op in (r"\max", r"\sum", r"\prod"):
        p = tmp_path / "label.md"
        p.write_text(head + f"\n$$\n{op}_{{y=1}}^{{n}} z_y = z_y\n$$\n")
        assert main(["check", str(p)]) == 2
        assert "y is a label, not a summation index" in capsys.readouterr().err
    # … also when [symbols] maps the letter to the label
    p.write_text(head.replace("[define]", "[symbols]\n'\\gamma' = \"y\"\n[define]")
                 + "\n$$\n\\sum_{\\gamma=1}^{n} z_\\gamma = z_y\n$$\n")
    assert main(["check", str(p)]) == 2
    assert "y is a label, not a summation index" in capsys.readouterr().err


def test_printers_write_the_maximum() -> None:
    assert text(M) == "max_k z_k" and text(MaxOver(z[k], (k, 2, n))) == "max_(k=2..n) z_k"
    assert latex(M) == r"\max_{k} z_{k}"
    shown = math_element(M, r"\max_k z_k")
    assert "<munder>" in shown and ">max<" in shown
    assert text(LargestAt(M, j)) == "𝟙[z_j = max_k z_k]"


def test_an_indicator_of_the_arg_max_is_the_place_of_the_maximum(tmp_path, capsys) -> None:
    # CS231n's max gate routes the gradient "to the arg max"; notes typeset arg max in several ways
    head = HEAD.replace("[define]\n", '[define]\n"m" = "Max(z[k], (k, 1, n))"\n')
    got = _verdicts(tmp_path, r"\frac{\partial m}{\partial z_j} = \mathbb{1}[j = \arg\max_k z_k]",
                    r"\frac{\partial m}{\partial z_j} = \mathbb{1}\left[j = \operatorname*{arg\,max}_{k} z_k\right]",
                    r"\frac{\partial m}{\partial z_j} = \mathbb{1}[\mathop{\mathrm{argmax}}_k (z_k + 3) = j]",
                    r"\frac{\partial m}{\partial z_j} = \mathbb{1}[j = \arg\max_k (-z_k)]",  # the arg min
                    r"\frac{\partial m}{\partial z_j} = 1 - \mathbb{1}[j = \arg\max_k z_k]", head=head)
    assert got == ["proved", "proved", "proved", "refuted", "refuted"]
    bad = tmp_path / "bad.md"
    bad.write_text(HEAD + "\n$$\nz_1 = \\arg\\max_k z_k\n$$\n")
    assert main(["check", str(bad)]) == 2
    assert r"cannot read \arg\max here (an arg max is an index: compare it" in capsys.readouterr().err


def test_the_slopes_of_a_maximum_sum_to_one_where_ties_are_null(tmp_path) -> None:
    # derive's own ∂m/∂z_j has no value at a tie, so its indicators sum to 1; a written 𝟙[z_j = max] is evaluated
    # at a tie as written (README), where the sum is the number tied: refuted there (each entry is drawn onto the
    # maximum in turn, as onto any kink in a sum; session 60: it was unproved, as no draw tied)
    head = HEAD.replace("[define]\n", '[define]\n"m" = "Max(z[k], (k, 1, n))"\n"P" = "Max(relu(z[k]), (k, 1, n))"\n')
    got = _verdicts(tmp_path, r"\sum_{j=1}^{n} \mathbb{1}[z_j = \max_k z_k] = 1",
                    r"\sum_{j=1}^{n} \frac{\partial m}{\partial z_j} = 1",  # max pooling passes its gradient on whole
                    r"\sum_{j=1}^{n} \frac{\partial m}{\partial z_j} = 2",
                    r"\sum_{j=1}^{n} \mathbb{1}[z_j^2 = \max_k z_k^2] = 1",
                    # every relu(z_k) ties at 0 wherever all z < 0: there all n indicators are 1
                    r"\sum_{j=1}^{n} \mathbb{1}[\operatorname{relu}(z_j) = P] = 1", head=head)
    assert got == ["refuted", "proved", "refuted", "refuted", "refuted"]  # (z_j^2 ties too: z = (3, -3))
    # ... and where a given makes every point a tie, nothing is proved through the indicators
    pinned = tmp_path / "tied.md"
    pinned.write_text(HEAD.replace('n = "classes"', "n = 2") + "\n<!-- derive: given z[1] = z[2] -->\n"
                      "$$\n\\sum_{j=1}^{n} \\mathbb{1}[z_j = \\max_k z_k] = 1\n$$\n")
    (f,) = load_any(pinned, None)
    assert [c.verdict for c in checked(f, 60)] == ["refuted"]


def test_the_arg_max_of_a_defined_quantity_is_read_through_its_definition(tmp_path) -> None:
    # A transcriber's probe (Guo et al.'s calibration): 𝟙[k = argmax_j p_j] with p a softmax was an internal error
    # in the prover ('Mul' object has no attribute 'limits'): max_j p_j takes out the positive 1/Σ e^{z}.
    c, a = sp.Symbol("c", real=True), sp.Symbol("a", positive=True)
    assert LargestAt(a * M + c, j) == LargestAt(M, j)
    assert not isinstance(LargestAt(c * M, j).args[0], MaxOver)  # c may be negative: left as written
    got = _verdicts(tmp_path, r"\mathbb{1}[k = \arg\max_j s_j] = \mathbb{1}[z_k = \max_j z_j]",
                    r"\mathbb{1}[k = \arg\max_j s_j] = 1 - \mathbb{1}[z_k = \max_j z_j]")
    assert got == ["unproved", "refuted"]
    # with an arg max on both sides k indexes nothing: it runs over the maximum's index (it had no range)
    got = _verdicts(tmp_path, r"\mathbb{1}[k = \arg\max_j s_j] = \mathbb{1}[k = \arg\max_j z_j]",
                    r"\mathbb{1}[k = \arg\max_j s_j] = \mathbb{1}[k = \arg\max_j (-z_j)]")
    assert got == ["unproved", "refuted"]


def test_a_prover_that_fails_leaves_the_wide_search_to_run(tmp_path, monkeypatch) -> None:
    # The same probe: the prover's exception ended the claim, so the wide search (which finds what the cheap
    # pass misses) never ran.  A failing prover now only means no proof.
    from derive.verify import check
    from derive.verify.semantics import Semantics

    def broken(*args, **kwargs):
        raise AttributeError("a bug in a prover strategy")
    monkeypatch.setattr(check, "prove_under", broken)
    p = tmp_path / "notes.md"
    p.write_text(HEAD + "\n$$\n\\sum_{i=1}^{n} s_i = 1\n$$\n")
    (f,) = loaded(p)
    data = check._verdict(Semantics(f), f.claims[0])
    assert data["verdict"] == "unproved"
    assert data["evidence"]["reason"].startswith("no symbolic proof found (the prover failed: AttributeError)")
    cheap = check.search(Semantics(f), f.claims[0].lhs, f.claims[0].rhs, f.claims[0].ranges, (), check.CHEAP)
    assert data["evidence"]["points"] > cheap.points  # the wide search added its points


def test_an_index_compared_with_maxima_over_different_ranges_is_refused(tmp_path, capsys) -> None:
    # An adversarial probe: 1[k = argmax_{j≤m+n} z_j] 1[k = argmax_{j≤m} z_j] = 1[k = argmax_{j≤m+n} z_j] took k's
    # range from whichever maximum a set listed first: proved under some hash seeds, refuted under others.
    notes = tmp_path / "two.md"
    notes.write_text("```derive\n[sizes]\nm = \"m\"\nn = \"n\"\n[inputs]\nz = [\"m + n\"]\n```\n\n$$\n"
                     "\\mathbb{1}[k = \\arg\\max_{j=1}^{m+n} z_j] \\, \\mathbb{1}[k = \\arg\\max_{j=1}^{m} z_j] = "
                     "\\mathbb{1}[k = \\arg\\max_{j=1}^{m+n} z_j]\n$$\n")
    assert main(["check", str(notes)]) == 2
    assert "index k is compared with maxima over different ranges (1..m, 1..m + n)" in capsys.readouterr().err

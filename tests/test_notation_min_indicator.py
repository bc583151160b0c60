"""Notation notes write that derive once refused: CS229's indicator ``1\\{y = k\\}`` and the minimum ``\\min_k z_k``.

Ng's CS229 notes write the indicator without ``\\mathbb``, ``1\\{y^{(i)} = k\\}``; a 1 written bare before a
relation in braces means nothing but the indicator, while ``1\\{a + b\\}`` stays a bracketed factor.  A minimum
over an index is read as the maximum of the negated terms, min_k z_k = −max_k (−z_k), and printed as written.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

from derive.algebra.bigops import LargestAt, MaxOver
from derive.cli import main
from derive.documents.mathbuild import MathContext, read_math
from derive.indexcalc import index
from derive.model import size
from derive.printing import latex, text
from derive.verify.parser import ParseError, Scope
from _checking import checked, loaded

n = size("n")
i, j, k = (index(c) for c in "ijk")
z = sp.IndexedBase("z", real=True)
b = sp.Symbol("b", real=True)

CS229 = r"""# Softmax regression

```derive
[sizes]
m = "training examples"
K = "classes"
n = "features"

[inputs]
x = ["m", "n"]
theta = ["K", "n"]

[labels]
y = { shape = ["m"], range = "K" }

[define]
"eta[i, l]" = "Sum(theta[l, j]*x[i, j], (j, 1, n))"
"phi[i, l]" = "exp(eta[i, l]) / Sum(exp(eta[i, q]), (q, 1, K))"
"ell" = "Sum(log(phi[i, y[i]]), (i, 1, m))"

[symbols]
'\ell' = "ell"
```
"""

#: the UFLDL gradient of the log-likelihood, with the indicator spelled @ONE@
GRADIENT = (r"\frac{\partial \ell(\theta)}{\partial \theta_{kj}} = \sum_{i=1}^{m} \left( @ONE@\{y_i = k\} - "
            r"\frac{e^{(\theta x^{(i)})_k}}{\sum_{l=1}^{K} e^{(\theta x^{(i)})_l}} \right) x^{(i)}_j")
#: the same with the sign of the ascent direction flipped (a slip readers make)
FLIPPED = (r"\frac{\partial \ell(\theta)}{\partial \theta_{kj}} = \sum_{i=1}^{m} \left( "
           r"\frac{e^{(\theta x^{(i)})_k}}{\sum_{l=1}^{K} e^{(\theta x^{(i)})_l}} - 1\{y_i = k\} \right) x^{(i)}_j")

MIN = r"""# Minimum

```derive
[sizes]
n = "entries"
[inputs]
z = ["n"]
c = []
[define]
"m" = "-Max(-z[k], (k, 1, n))"
```
"""


def _verdicts(tmp_path: Path, head: str, *equations: str) -> list[str]:
    p = tmp_path / "notes.md"
    p.write_text(head + "".join(f"\n$$\n{eq}\n$$\n" for eq in equations))
    (f,) = loaded(p)
    return [c.verdict for c in checked(f, 60)]


def _ctx() -> MathContext:
    return MathContext(Scope(quantities={"z": 1, "b": 0}, sizes={"n": n}), {"z": (n,), "b": ()}, {})


def test_cs229_indicator_gets_the_verdicts_of_mathbb_one(tmp_path) -> None:
    got = _verdicts(tmp_path, CS229, GRADIENT.replace("@ONE@", "1"), GRADIENT.replace("@ONE@", r"\mathbb{1}"),
                    FLIPPED)
    assert got == ["proved", "proved", "refuted"]


@pytest.mark.parametrize("written", [r"1\{i = j\}", r"1 \{i = j\}", r"\mathbf{1}\{i = j\}", r"\mathbb{I}\{i = j\}"])
def test_every_braced_indicator_reads_as_mathbb_one(written: str) -> None:
    assert read_math(written, _ctx()) == read_math(r"\mathbb{1}\{i = j\}", _ctx()) == sp.KroneckerDelta(i, j)


def test_a_bare_one_takes_only_a_relation_in_braces() -> None:
    assert read_math(r"1\{b > 0 \land b < 1\}", _ctx()) == sp.Piecewise((1, (b > 0) & (b < 1)), (0, True))
    assert read_math(r"1\{b + 1\}", _ctx()) == b + 1  # a bracketed factor, as before
    assert read_math(r"2\{b + 1\}", _ctx()) == 2 * b + 2
    for other in (r"2\{b > 0\}", r"21\{b > 0\}", r"1.0\{b > 0\}", r"1 \cdot \{b > 0\}", r"\{b > 0\}"):
        with pytest.raises(ParseError, match=r"cannot read a condition \(only an indicator, .* or 1\\\{y = k\\\}"):
            read_math(other, _ctx())


def test_another_number_before_braces_is_one_line(tmp_path, capsys) -> None:
    p = tmp_path / "bad.md"
    p.write_text(CS229 + "\n$$\n\\ell = 2\\{y_1 = 1\\}\n$$\n")
    assert main(["check", "--no-cache", str(p)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "cannot read a condition" in err and r"1\{y = k\}" in err


def test_min_reads_as_the_maximum_of_the_negated_terms() -> None:
    least = -MaxOver(-z[k], (k, 1, n))
    for written in (r"\min_k z_k", r"\min_{1 \le k \le n} z_k", r"\underset{k}{\min} z_k", r"\min(\mathbf{z})"):
        assert read_math(written, _ctx()) == least
    assert read_math(r"\min(b, 2)", _ctx()) == sp.Min(b, 2)  # still the smaller of two
    placed = LargestAt(MaxOver(-z[k], (k, 1, n)), j)
    for written in (r"\mathbb{1}[j = \arg\min_k z_k]", r"\mathbb{1}[\operatorname*{arg\,min}_k z_k = j]"):
        assert read_math(written, _ctx()) == placed
    with pytest.raises(ParseError, match=r"a minimum leaves out no term"):
        read_math(r"\min_{k \ne j} z_k", _ctx())
    with pytest.raises(ParseError, match=r"cannot read \\arg\\min here \(an arg min is an index"):
        read_math(r"\arg\min_k z_k", _ctx())


def test_min_prints_as_written() -> None:
    least = -MaxOver(-z[k], (k, 1, n))
    assert text(least) == "min_k z_k" and latex(least) == r"\min_{k} z_{k}"
    assert text(b + least) == "b + min_k z_k" and latex(least - b) == r"- b + \min_{k} z_{k}"
    assert text(2 * least) == "2·min_k z_k"
    assert text(LargestAt(MaxOver(-z[k], (k, 1, n)), j)) == "𝟙[z_j = min_k z_k]"
    assert latex(MaxOver(-z[k], (k, 1, n))) == r"\max_{k} \left(- z_{k}\right)"  # never \max_k -z_k
    # a maximum with terms of both signs (a hinge loss's margin) is printed as the maximum it is
    margin = MaxOver(z[k] - sp.KroneckerDelta(k, i), (k, 1, n))
    assert text(LargestAt(margin, j)) == "𝟙[-δ_ij + z_j = max_k (-δ_ik + z_k)]" and "min" not in latex(-margin)


def test_min_claims_are_proved_and_refuted(tmp_path) -> None:
    got = _verdicts(tmp_path, MIN,
                    r"m = \min_k z_k",
                    r"\frac{\partial}{\partial z_j} \min_k z_k = \mathbb{1}[z_j = \min_k z_k]",
                    r"\frac{\partial m}{\partial z_j} = \mathbb{1}[j = \arg\min_k z_k]",
                    r"\min_k (z_k + c) = c + \min_k z_k",
                    r"\frac{\partial m}{\partial z_j} = \mathbb{1}[z_j = \max_k z_k]",
                    r"\frac{\partial m}{\partial z_j} = -\mathbb{1}[z_j = \min_k z_k]",
                    r"m = \max_k z_k")
    assert got == ["proved"] * 4 + ["refuted"] * 3


def test_readme_documents_the_new_forms() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for form in (r"`1\{y_i = k\}`", r"`\mathbf{1}\{y_i = k\}`", r"`\min_k z_k`", r"`\min(\mathbf{z})`",
                 r"`\mathbb{1}[j = \arg\min_k z_k]`", r"`2\{y_i = k\}` is refused"):
        assert form in readme


def test_a_power_of_a_maximum_is_bracketed_in_text_and_latex():
    # An adversarial probe: (min_k z_k)^2 = max_k z_k^2, refuted, was shown with both sides reading max_k z_k^2
    import sympy as sp
    from derive.algebra.bigops import MaxOver
    from derive.indexcalc import index
    from derive.printing import latex, text
    z, k, n = sp.IndexedBase("z"), index("k"), sp.Symbol("n", integer=True, positive=True)
    top = MaxOver(z[k], (k, 1, n))
    assert (text(top ** 2), latex(top ** 2)) == ("(max_k z_k)^2", r"\left(\max_{k} z_{k}\right)^{2}")
    squares = MaxOver(z[k] ** 2, (k, 1, n))
    assert (text(squares), latex(squares)) == ("max_k z_k^2", r"\max_{k} z_{k}^{2}")


LABEL_PER_EXAMPLE = r"""# Softmax regression's logits, one label per example

```derive
[sizes]
m = "examples"
K = "classes"
[inputs]
z = ["m", "K"]
[labels]
y = { shape = ["m"], range = "K" }
[define]
"L" = "-Sum(z[i, y[i]], (i, 1, m))"
```

$$
\frac{\partial L}{\partial z_{ik}} = -1\{y^{(i)} = k\}
$$

$$
\frac{\partial L}{\partial z_{ik}} = 1\{y^{(i)} = k\}
$$
"""


def test_a_per_example_labels_bracketed_superscript_is_its_entry(tmp_path):
    # CS229 writes the label of example i as y^{(i)} in every indicator; derive read it for inputs only ("cannot read
    # y alone: the label y has 1 ax(es)")
    p = tmp_path / "labels.md"
    p.write_text(LABEL_PER_EXAMPLE)
    (f,) = loaded(p)
    assert [c.verdict for c in checked(f, 60)] == ["proved", "refuted"]


def test_an_index_met_only_in_a_per_sample_labels_indicator_runs_over_the_labels_range(tmp_path):
    # CS229's k-means: Σ_i 1{c_i = j} x_i, where j indexes nothing else ("free index j has no range"), as a single
    # label's delta already gave its partner the label's range
    p = tmp_path / "kmeans.md"
    p.write_text(LABEL_PER_EXAMPLE.split("```\n")[0].replace('z = ["m", "K"]', 'z = ["m", "K"]\nx = ["m"]')
                 + "```\n\n$$\n\\sum_{i=1}^{m} 1\\{y_i = j\\} x_i = \\sum_{i=1}^{m} \\mathbb{1}[y^{(i)} = j] x_i\n$$\n\n"
                 "$$\n\\sum_{i=1}^{m} 1\\{y_i = j\\} x_i = \\sum_{i=1}^{m} x_i\n$$\n")
    (f,) = loaded(p)
    assert {str(i): str(r) for c in f.claims for i, r in c.ranges.items()} == {"j": "K"}
    assert [c.verdict for c in checked(f, 60)] == ["proved", "refuted"]

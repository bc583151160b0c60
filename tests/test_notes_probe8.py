"""What session 48 found: readings and verdicts wrong as a reader reads the note, each test failing on the code before
its fix."""
from __future__ import annotations

from _oneline import assert_note_refused
from _checking import note_verdicts

from derive.documents.groupings import arrays_only, bracketings

BATCH = """# A batch layer in matrix form

```derive
[sizes]
B = "batch"
m = "features"
n = "units"
[inputs]
X = ["B", "m"]
D = ["B", "n"]
E = ["B", "n"]
F = ["B", "n"]
U = ["m", "n"]
M = ["n", "n"]
u = ["n"]
v = ["n"]
w = ["n"]
```
"""


def test_every_bracketing_of_a_product_and_hadamard_chain_is_listed_once():
    # u ⊙ M v: u ⊙ (M v) and (u ⊙ M) v; (A B) C and A (B C) are one reading, so three products are one bracketing
    assert bracketings(["odot", "product"]) == [("product", (("odot", (0, 1)), 2)), ("odot", (0, ("product", (1, 2))))]
    assert bracketings(["product", "product"]) == [("product", (0, 1, 2))]
    assert len(bracketings(["odot", "product", "odot"])) == 4
    # a number scales whatever holds it: 2 (u ⊙ v) and (2 u) ⊙ v are one reading
    two = bracketings(["product", "odot"])
    assert {arrays_only(t, {0}) for t in two} == {("odot", (1, 2))}
    assert len({arrays_only(t, set()) for t in two}) == 2


def test_a_product_between_hadamard_chains_takes_the_one_grouping_that_fits(tmp_path):
    # read left to right and refuted as "not defined" though X^T (D ⊙ E ⊙ F) ⊙ U and U ⊙ X^T (D ⊙ E) fit
    assert note_verdicts(tmp_path, BATCH,
                         r"X^\top D \odot E \odot F \odot U = (X^\top (D \odot E \odot F)) \odot U",
                         r"U \odot X^\top D \odot E = U \odot (X^\top (D \odot E))",
                         r"U \odot X^\top D \odot E = U \odot X^\top (D \odot E \odot E)",
                         r"2 u \odot M v = 2 (u \odot (M v))") == ["proved", "proved", "refuted", "proved"]


def test_a_product_between_hadamard_chains_that_could_group_either_way_is_refused(tmp_path, capsys):
    # u ⊙ (M v) ⊙ w and u ⊙ M (v ⊙ w) both fit with M square: it was read the first way without a word, and so
    # were (its re-probe) the chain of eight factors and the one divided by 2
    for claim in (r"u \odot M v \odot w = u \odot (M v) \odot w", r"u \odot M^\top v \odot w = 0",
                  r"u \odot M v \odot w \odot w \odot w \odot w \odot w = 0", r"u \odot M v \odot w / 2 = 0"):
        assert_note_refused(tmp_path, capsys, BATCH, claim, "ambiguous: more than one grouping")


def test_a_long_chain_or_one_with_a_scalar_division_or_times_is_weighed_too(tmp_path):
    # past seven factors, or with / 2 or 2 \times in it, the chain was read left to right: true claims refuted
    assert note_verdicts(tmp_path, BATCH,
                         r"U \odot X^\top D \odot E \odot E \odot E \odot E \odot E = U \odot (X^\top (D \odot E "
                         r"\odot E \odot E \odot E \odot E))",
                         r"U \odot X^\top D \odot E / 2 = \frac{1}{2} U \odot (X^\top (D \odot E))",
                         r"2 \times U \odot X^\top D \odot E = 2 U \odot (X^\top (D \odot E))",
                         r"U \odot X^\top D \odot E / 2 = U \odot (X^\top (D \odot E))") == \
        ["proved", "proved", "proved", "refuted"]


"""SymPy's multivariate factorisation draws from a fixed seed, not from SymPy's process-wide generator
(``derive.algebra.steadyfactor``): a claim's work, and so whether it fits its time budget, must not depend on what
its worker checked before (session 62: one generator state made a claim's point reading take 90 s, not 0.7 s)."""
from __future__ import annotations

import importlib

import sympy as sp

from _checking import loaded

from derive.verify.check import _verdict
from derive.verify.semantics import Semantics

random = importlib.import_module("sympy.core.random")
a, b, c, d = sp.symbols("a b c d")
#: A product of two polynomials in four variables: factoring it runs Wang's algorithm.
PRODUCT = sp.expand((a**2 * b + c * d - 3) * (a * c - b**2 * d + 2 * a + 7))


def test_a_multivariate_factorisation_draws_nothing_from_sympys_generator() -> None:
    # (at generator state 7 the point reading of tests/outside/schroff_triplet_loss.md:43 factored for 90 s)
    for earlier in (7, 123):
        random.seed(earlier)
        before = random.rng.getstate()
        assert len(sp.factor_list(PRODUCT)[1]) == 2
        assert random.rng.getstate() == before


def test_a_claims_work_draws_the_same_whatever_its_worker_checked_before(tmp_path) -> None:
    # _verdict reseeds the generator first: after the claim it stands where the claim alone left it
    note = tmp_path / "notes.md"
    note.write_text('```derive\n[inputs]\nx = []\ny = []\n[define]\nf = "relu(x*y - 1)**2"\n```\n\n'
                    '$$ \\frac{\\partial f}{\\partial x} = 2 y \\max(x y - 1, 0) $$\n')
    (f,) = loaded(note)
    sem, after = Semantics(f), []
    for earlier in (7, 123):
        random.seed(earlier)
        assert _verdict(sem, f.claims[0], expected=False)["verdict"] == "proved"
        after.append(random.rng.getstate())
    assert after[0] == after[1]

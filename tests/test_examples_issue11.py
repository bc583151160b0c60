"""The issue-11 examples: every claim as its source writes it is proved, and the slip people make is refuted.

The examples folder holds only true claims (``derive check examples/`` fails only on the mistakes
file), so each slip is appended to a copy of its example here.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from derive.verify import PROVED, load_file
from derive.verify.domains import domain_for
from derive.verify.search import search
from derive.verify.semantics import Semantics

EXAMPLES = Path(__file__).parents[1] / "examples"
TIMEOUT = 90  # verdicts, not speed, are tested: the machine running the suite may be busy

SLIPS = {
    # CS231n's wrong-class formula used for the correct row too (the j ≠ y_i condition dropped)
    "cs231n_svm": 'eq = "diff(L, W[j, k]) = step(s[j] - s[c] + Delta)*x[k]"',
    # the ReLU gate forgotten
    "relu_mlp": 'eq = "diff(L, b1[q]) = Sum(W2[i, q]*(P[i] - delta(i, c)), (i, 1, n))"',
    # the Ioffe & Szegedy chain with the 1/B of dL/dmu dropped
    "batchnorm": 'eq = "diff(L, x[i]) = g[i]*gamma/sqrt(v + eps) + diff(L, v)*2*(x[i] - mu)/B + diff(L, mu)"',
    # layer norm's x̂ term forgotten
    "layernorm": 'eq = "diff(L, x[i]) = (g[i]*gamma[i] - Sum(g[k]*gamma[k], (k, 1, d))/d) / sqrt(v + eps)"',
    # the Hessian of log-sum-exp taken as diagonal
    "logsumexp_hessian": 'eq = "diff(F, z[i], z[j]) = s[i]*delta(i, j)"',
    # softmax backward without the row-sum term
    "attention": 'eq = "diff(L, S[t, u]) = P[t, u]*Sum(G[t, c]*V[u, c], (c, 1, e))"',
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SLIPS))
def test_example_proved_and_its_slip_refuted(name, tmp_path, session_check) -> None:
    text = (EXAMPLES / f"{name}.derive.toml").read_text()
    copy = tmp_path / f"{name}.derive.toml"
    copy.write_text(text + f'\n[[claim]]\nname = "the slip"\n{SLIPS[name]}\n')
    f = load_file(copy)
    *claims, slip = f.claims
    # The slip goes straight to the counterexample search (the prover may spend its budget failing first).
    sem = Semantics(f)
    found = search(sem, sem.resolve(slip.lhs), sem.resolve(slip.rhs), slip.ranges, f.givens + slip.givens,
                   domain=domain_for(f, slip))
    assert found.counterexample is not None
    # The example's own claims (through the session's verdict cache: `derive check examples/` decides them too).
    report = session_check(load_file(EXAMPLES / f"{name}.derive.toml"), TIMEOUT)
    assert [c.name for c in report.claims] == [c.name for c in claims] and len(claims) >= 4
    assert [c.verdict for c in report.claims] == [PROVED] * len(claims)

"""Verdicts of the verifier, checked against independent explicit computations, and the CLI outputs."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pytest
import sympy as sp

from derive.cli import main
from derive.verify import DEFAULT_TIMEOUT, PROVED, REFUTED, UNPROVED, check_file, load_file
from _checking import claims_of

EXAMPLES = Path(__file__).parents[1] / "examples"
SOFTMAX = EXAMPLES / "softmax.derive.toml"
MISTAKES = EXAMPLES / "softmax_mistakes.derive.toml"


@pytest.fixture(scope="module")
def softmax_report():
    return check_file(SOFTMAX)


@pytest.fixture(scope="module")
def mistakes_report():
    return check_file(MISTAKES)


def test_softmax_example_all_proved(softmax_report) -> None:
    assert [c.verdict for c in softmax_report.claims] == [PROVED] * 4
    assert [c.line for c in softmax_report.claims] == [20, 24, 28, 32]
    by_name = {c.name: c for c in softmax_report.claims}
    assert by_name["loss w.r.t. logits"].givens_used == ["Sum(y[i], (i, 1, n)) = 1"]
    assert by_name["softmax Jacobian"].givens_used == []
    assert all(c.method.startswith("symbolic") and c.counterexample is None for c in softmax_report.claims)


class Explicit:
    """The softmax model written out entry by entry at explicit sizes (independent of the verifier)."""

    def __init__(self, n: int, m: int):
        self.x = [sp.Symbol(f"x{k}") for k in range(m)]
        self.W = [[sp.Symbol(f"W{i}_{k}") for k in range(m)] for i in range(n)]
        self.y = [sp.Symbol(f"y{i}") for i in range(n)]
        self.zsym = [sp.Symbol(f"z{i}") for i in range(n)]
        self.z = [sum(self.W[i][k] * self.x[k] for k in range(m)) for i in range(n)]
        self.s_of_z = [sp.exp(zi) / sum(sp.exp(zk) for zk in self.zsym) for zi in self.zsym]
        self.L_of_z = -sum(yi * sp.log(si) for yi, si in zip(self.y, self.s_of_z))

    def values(self, cx: dict) -> dict:
        vals = {}
        for key, v in cx["exact_inputs"]["x"].items():
            vals[self.x[int(key) - 1]] = sp.Rational(Fraction(v))
        for key, v in cx["exact_inputs"]["W"].items():
            a, b = map(int, key.split(","))
            vals[self.W[a - 1][b - 1]] = sp.Rational(Fraction(v))
        for key, v in cx["exact_inputs"].get("y", {}).items():  # shown only when the claim depends on y
            vals[self.y[int(key) - 1]] = sp.Rational(Fraction(v))
        zvals = {zs: z.xreplace(vals) for zs, z in zip(self.zsym, self.z)}
        return {**vals, **zvals}


def _num(e, vals) -> sp.Float:
    return sp.N(e.xreplace(vals), 40)


# For each mistake: (true value of the lhs, the claimed rhs), both from the explicit model, 0-based i, j, k.
def _jac(E, i, j):
    return sp.diff(E.s_of_z[i], E.zsym[j])


def _dLdz(E, j):
    return sp.diff(E.L_of_z, E.zsym[j])


def _dLdW(E, j, k):
    zsub = dict(zip(E.zsym, E.z))
    return sp.diff(E.L_of_z.xreplace(zsub), E.W[j][k])


MISTAKE_SIDES = {
    "Jacobian as s_i(1 - s_j) for all i, j":
        lambda E, ix: (_jac(E, ix["i"], ix["j"]), E.s_of_z[ix["i"]] * (1 - E.s_of_z[ix["j"]])),
    "s - y without the given": lambda E, ix: (_dLdz(E, ix["j"]), E.s_of_z[ix["j"]] - E.y[ix["j"]]),
    "sign error": lambda E, ix: (_dLdz(E, ix["j"]), E.y[ix["j"]] - E.s_of_z[ix["j"]]),
    "transposed indices in dL/dW":
        lambda E, ix: (_dLdW(E, ix["j"], ix["k"]), (E.s_of_z[ix["k"]] - E.y[ix["k"]]) * E.x[ix["j"]]),
    "normaliser held constant":
        lambda E, ix: (_jac(E, ix["i"], ix["j"]), E.s_of_z[ix["i"]] * int(ix["i"] == ix["j"])),
}


def test_every_mistake_refuted_with_a_real_counterexample(mistakes_report) -> None:
    assert len(mistakes_report.claims) >= 4
    for claim in mistakes_report.claims:
        assert claim.verdict == REFUTED, claim.name
        cx = claim.counterexample
        n = cx["sizes"]["n"]
        E = Explicit(n, n)
        ix = {k: v - 1 for k, v in cx["indices"].items()}
        lhs, rhs = MISTAKE_SIDES[claim.name](E, ix)
        vals = E.values(cx)
        a, b = _num(lhs, vals), _num(rhs, vals)
        assert abs(a - b) > 1e-6, claim.name
        assert abs(a - sp.Float(cx["lhs"])) < 1e-12 and abs(b - sp.Float(cx["rhs"])) < 1e-12, claim.name
        if claim.name in ("sign error", "transposed indices in dL/dW"):  # the claims stating Σ y = 1
            assert sum(Fraction(v) for v in cx["exact_inputs"]["y"].values()) == 1


def test_jacobian_mistake_is_refuted_off_the_diagonal(mistakes_report) -> None:
    c = next(c for c in mistakes_report.claims if c.name.startswith("Jacobian"))
    assert c.counterexample["indices"]["i"] != c.counterexample["indices"]["j"]


def _write(tmp_path: Path, claims: str, given: str = "") -> Path:
    text = SOFTMAX.read_text().split("[[claim]]")[0]
    if not given:
        text = text.replace('given = ["Sum(y[i], (i, 1, n)) = 1"]', "")
    p = tmp_path / "t.derive.toml"
    p.write_text(text + claims)
    return p


def test_s_minus_y_needs_the_given(tmp_path: Path) -> None:
    p = _write(tmp_path, '[[claim]]\nname = "a"\neq = "diff(L, z[j]) = s[j] - y[j]"\n'
                         '[[claim]]\nname = "b"\neq = "diff(L, z[j]) = s[j] - y[j]"\n'
                         'given = ["Sum(y[i], (i, 1, n)) = 1"]\n')
    a, b = check_file(p).claims
    assert a.verdict == REFUTED
    assert sum(Fraction(v) for v in a.counterexample["exact_inputs"]["y"].values()) != 1
    assert b.verdict == PROVED and b.givens_used == ["Sum(y[i], (i, 1, n)) = 1"]


def test_unproved_true_claim_and_timeout(tmp_path: Path) -> None:
    # A shift inside log-sum-exp is true, but no rewrite of the prover pulls e^{x_k} out of the log.
    p = _write(tmp_path, '[[claim]]\nname = "shift"\n'
                         'eq = "log(exp(x[k]) + exp(x[1])) = x[k] + log(1 + exp(x[1] - x[k]))"\n')
    c, = check_file(p).claims
    assert c.verdict == UNPROVED
    assert c.evidence["points"] > 0 and float(c.evidence["max_difference"]) < 1e-30
    c, = check_file(p, timeout=0.001).claims
    # out of time before even the cheap search finished: unchecked, which fails a run (never passes CI)
    assert c.verdict == UNPROVED and c.evidence["reason"].startswith("time budget ran out before the counterexample")
    assert c.unchecked and c.failing(strict=False)


def test_sums_are_reordered_and_merged(tmp_path: Path) -> None:
    # Finite sums commute: Σ_i Σ_k = Σ_k Σ_i, and Σ_i a_i + Σ_k b_k = Σ_i (a_i + b_i).
    p = _write(tmp_path, '[[claim]]\nname = "swap"\n'
                         'eq = "Sum(Sum(W[i, k], (i, 1, n)), (k, 1, m)) = Sum(Sum(W[i, k], (k, 1, m)), (i, 1, n))"\n'
                         '[[claim]]\nname = "merge"\n'
                         'eq = "Sum(W[i, 1]*y[i], (i, 1, n)) + Sum(y[k], (k, 1, n)) = Sum((W[i, 1] + 1)*y[i], (i, 1, n))"\n'
                         '[[claim]]\nname = "wrong swap"\n'
                         'eq = "Sum(Sum(W[i, k], (i, 1, n)), (k, 1, m)) = Sum(Sum(W[i, k]**2, (k, 1, m)), (i, 1, n))"\n')
    claims = check_file(p).claims
    assert [c.verdict for c in claims] == [PROVED, PROVED, REFUTED]
    assert "sums over the same ranges merged" in claims[0].method


LOGISTIC_BIAS = """title = "logistic loss of n positive examples, by the shared bias"
[sizes]
n = "examples"
[inputs]
x = ["n"]
w = []
b = []
[define]
"a[k]" = "w * x[k] + b"
"L" = "Sum(log(1 + exp(-a[k])), (k, 1, n))"

[[claim]]
name = "term by term"
eq = "diff(L, b) = Sum(sigmoid(a[k]) - 1, (k, 1, n))"

[[claim]]
name = "the n pulled out"
eq = "diff(L, b) = Sum(sigmoid(a[k]), (k, 1, n)) - n"

[[claim]]
name = "slip: the n dropped"
eq = "diff(L, b) = Sum(sigmoid(a[k]), (k, 1, n))"

[[claim]]
name = "slip: n + 1 pulled out"
eq = "diff(L, b) = Sum(sigmoid(a[k]), (k, 1, n)) - n - 1"
"""


def test_a_constant_pulled_out_of_a_sum_is_proved_and_a_wrong_one_refuted(tmp_path: Path) -> None:
    # Σ_k (σ(a_k) − 1): contracting leaves the −n outside the sum whose terms it closes.
    p = tmp_path / "logistic.derive.toml"
    p.write_text(LOGISTIC_BIAS, encoding="utf-8")
    claims = check_file(p).claims
    assert [c.verdict for c in claims] == [PROVED, PROVED, REFUTED, REFUTED]
    assert all("a term outside the sums spread over a sum's terms" in c.method for c in claims[:2])


def test_claim_true_only_for_positive_inputs_is_refuted(tmp_path: Path) -> None:
    p = _write(tmp_path, '[[claim]]\nname = "abs"\neq = "abs(x[k]) = x[k]"\n')
    c, = check_file(p).claims
    assert c.verdict == REFUTED and c.counterexample["lhs"] != c.counterexample["rhs"]


@pytest.mark.slow
def test_cli_text_and_exit_codes(capsys, tmp_path: Path) -> None:
    assert main(["check", str(SOFTMAX)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{SOFTMAX}:20: proved  loss w.r.t. softmax output"
    assert out[-1] == "4 claim(s) in 1 file(s): 4 proved, 0 refuted, 0 unproved"
    assert main(["check", str(EXAMPLES)]) == 1
    assert "counterexample: n=" in capsys.readouterr().out
    shift = _write(tmp_path, '[[claim]]\nname = "shift"\n'
                             'eq = "log(exp(x[k]) + exp(x[1])) = x[k] + log(1 + exp(x[1] - x[k]))"\n')
    assert main(["check", str(shift)]) == 0
    assert main(["check", "--strict", str(shift)]) == 1
    assert main(["check", "--strict", str(SOFTMAX)]) == 0
    capsys.readouterr()


def _document_claims() -> int:
    """Claims of the Markdown/LaTeX examples, which a folder walk checks too."""
    from derive.documents.load import documents_in, load_documents
    return sum(len(f.claims) for p in documents_in(EXAMPLES) for f in load_documents(p))


def test_cli_json_shape(capsys) -> None:
    assert main(["check", "--json", str(EXAMPLES)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert len(data) == sum(p.read_text().count("[[claim]]") for p in EXAMPLES.glob("*.derive.toml")) \
        + _document_claims()
    for row in data:
        assert set(row) == {"file", "line", "name", "verdict", "evidence"}
        assert row["verdict"] in (PROVED, REFUTED, UNPROVED)
    refuted = [r for r in data if r["verdict"] == REFUTED]
    assert {r["file"] for r in refuted} == {str(MISTAKES), str(EXAMPLES / "backprop_mistakes.md")}
    assert all({"sizes", "indices", "inputs", "lhs", "rhs"} <= set(r["evidence"]["counterexample"]) for r in refuted)


def test_cli_junit_xml(capsys, tmp_path: Path) -> None:
    out = tmp_path / "report.xml"
    assert main(["check", "--junit-xml", str(out), str(EXAMPLES)]) == 1
    capsys.readouterr()
    root = ET.parse(out).getroot()
    suites = root.findall("testsuite")
    from derive.documents.load import documents_in
    # One suite per file, and per derive context of a Markdown/LaTeX example (a document may hold several).
    assert list(dict.fromkeys(s.get("name") for s in suites)) == \
        [str(p) for p in sorted([*EXAMPLES.glob("*.derive.toml"), *documents_in(EXAMPLES)])]
    documents = {str(p) for p in documents_in(EXAMPLES)}
    failed_documents = [c.get("name") for s in suites if s.get("name") in documents
                        for c in s.iter("testcase") if c.find("failure") is not None]
    # backprop_mistakes.md, wrong on purpose; one slip is written under two of its contexts, told apart by "(2)"
    assert len(set(failed_documents)) == len(failed_documents) == 10
    suites = [s for s in suites if s.get("name") in (str(SOFTMAX), str(MISTAKES))]
    cases = [c for s in suites for c in s.iter("testcase")]
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert failed == {"Jacobian as s_i(1 - s_j) for all i, j", "s - y without the given", "sign error",
                      "transposed indices in dL/dW", "normaliser held constant"}
    by_name = {s.get("name"): s for s in suites}
    assert by_name[str(MISTAKES)].get("failures") == "5" and by_name[str(SOFTMAX)].get("failures") == "0"


@pytest.mark.parametrize("name", ["logistic", "mlp"])
def test_user_written_examples_all_proved(name, session_check) -> None:
    # Through the session's verdict cache: `derive check examples/` (test_cli_text_and_exit_codes) decides them too.
    report = session_check(load_file(EXAMPLES / f"{name}.derive.toml"), DEFAULT_TIMEOUT)
    assert len(report.claims) >= 5
    assert [(c.name, c.verdict) for c in report.claims] == [(c.name, PROVED) for c in report.claims]
    names = {c.name for c in report.claims}
    assert {"sigmoid derivative", "loss w.r.t. logits"} <= names
    if name == "mlp":
        assert {"hidden delta", "loss w.r.t. hidden weights"} <= names


def test_a_backwards_sum_is_bad_input_not_a_proof(tmp_path):
    """SymPy counts Σ_{i=n}^{1} negatively; a reader counts it as empty. Such files are rejected."""
    from derive.cli import main
    path = tmp_path / "backwards.derive.toml"
    path.write_text('[sizes]\nn = "entries"\n[inputs]\nc = []\n[define]\n"L" = "c"\n'
                    '[[claim]]\nname = "backwards"\neq = "Sum(c, (i, n, 1)) = (2 - n)*c"\n')
    assert main(["check", str(path)]) == 2


def test_a_claim_of_constants_prints_only_its_sides(tmp_path: Path, capsys) -> None:
    """A refuted claim that reads no input or index: the line is the two sides, not "; lhs=…" after nothing."""
    p = tmp_path / "c.derive.toml"
    p.write_text('[inputs]\nu = []\n[define]\n"f" = "tanh(u)"\n[[claim]]\nname = "c"\neq = "1.7159*tanh(2/3) = 1"\n')
    assert main(["check", "--no-cache", str(p)]) == 1
    assert "    counterexample: lhs=0.999997, rhs=1.0\n" in capsys.readouterr().out


def test_sides_that_agree_in_their_shown_digits_say_how_far_apart_they_are(capsys, tmp_path: Path) -> None:
    """tanh(10 + x²) = 1 is false by ~1e-9: both sides print as 1.0, so the line adds the confirmed difference."""
    path = tmp_path / "tiny.derive.toml"
    path.write_text('[inputs]\nx = []\n[define]\n"t" = "tanh(10 + x**2)"\n[[claim]]\nname = "saturated"\neq = "t = 1"\n'
                    '[[claim]]\nname = "plain"\neq = "t = 2"\n')
    for _ in range(2):  # checked, then served from the cache: the same line
        assert main(["check", str(path)]) == 1
        out = capsys.readouterr().out
        (saturated,) = [line for line in out.splitlines() if "lhs=1.0, rhs=1.0" in line]
        assert saturated.endswith("(they differ by -2.16281e-10)")
        assert "rhs=2.0\n" in out  # sides apart in their digits print as before


def test_an_index_met_only_in_a_delta_runs_over_the_other_indexs_range(tmp_path: Path) -> None:
    """R[n, m] = delta(n, m)·y_n(1 − y_n), PRML's IRLS weighting matrix, is N × N; its Hessian XᵀRX is proved."""
    path = tmp_path / "irls.derive.toml"
    path.write_text('[sizes]\nN = "samples"\nD = "features"\n[inputs]\nX = ["N", "D"]\nt = ["N"]\n'
                    'w = { shape = ["D"], role = "param" }\n[define]\n"a[n]" = "Sum(X[n, d]*w[d], (d, 1, D))"\n'
                    '"y[n]" = "sigmoid(a[n])"\n"E" = "-Sum(t[n]*log(y[n]) + (1 - t[n])*log(1 - y[n]), (n, 1, N))"\n'
                    '"R[n, m]" = "delta(n, m)*y[n]*(1 - y[n])"\n[[claim]]\nname = "Hessian"\n'
                    'eq = "diff(E, w[i], w[j]) = Sum(Sum(X[n, i]*R[n, m]*X[m, j], (m, 1, N)), (n, 1, N))"\n')
    f = load_file(path)
    N = f.sizes["N"]
    assert f.quantities["R"].shape == (N, N)
    assert check_file(path).claims[0].verdict == PROVED


def test_a_run_whose_claims_ran_out_of_time_before_any_search_fails_even_without_strict(tmp_path, capsys):
    # The hostile-input probe: --timeout 0.01 turned the mistakes file's refutations into unproved, exit 0.
    from derive.cli import main
    mistakes = Path(__file__).parents[1] / "examples" / "softmax_mistakes.derive.toml"
    junit = tmp_path / "j.xml"
    assert main(["check", str(mistakes), "--no-cache", "--timeout", "0.001", "--junit-xml", str(junit)]) == 1
    out = capsys.readouterr().out
    assert "unchecked (raise --timeout)" in out and "of them unchecked: out of time before the counterexample searches finished" in out
    assert 'failures="0"' not in junit.read_text()


def test_a_claim_stopped_before_its_wide_search_is_unchecked_whatever_phase_it_was_in():
    # An adversarial probe: seven CPU burners on the worker's core starved it, the wall-clock cap stopped it while
    # the prover ran, and a claim false only at n = 4 (which only the wide search reaches) came out plainly
    # unproved, exit 0.  Stopped in any phase, a claim's searches did not finish: it fails the run.
    from derive.verify.bounded import Outcome
    from derive.verify.check import _result
    from derive.verify.results import caveats
    f = load_file(EXAMPLES / "softmax.derive.toml")
    claim = f.claims[0]
    for phase in ("prover", "wide search"):
        partial = {"verdict": "unproved", "evidence": {"reason": "time budget ran out", "points": 12,
                                                      "max_difference": "0", "phase": phase}}
        for dead in (False, True):
            r = _result(claim, Outcome(latest=partial, dead=dead), 3.0)
            assert r.verdict == "unproved" and r.unchecked and r.failing(strict=False)
            assert "phase" not in r.evidence and r.evidence["points"] == 12
            assert r.evidence["reason"].endswith("(raise DERIVE_WORKER_MEMORY_MB)" if dead else "(raise --timeout)")


def test_a_difference_that_more_digits_take_away_is_no_counterexample(tmp_path):
    # a probe: exact identities refuted at x ≈ 48, where cosh(2x)² and sinh(2x)² are near 10⁸⁴ and what 100
    # digits leave of their difference is noise (lhs=0 at 3x); a real slip's difference stays with more digits
    p = tmp_path / "cancel.derive.toml"
    p.write_text('[inputs]\nx = []\ny = []\n\n'
                 '[[claim]]\nname = "2x"\neq = "cosh(2*x)**2 - sinh(2*x)**2 = 1"\n\n'
                 '[[claim]]\nname = "3x"\neq = "cosh(3*x)**2 - sinh(3*x)**2 = 1"\n\n'
                 '[[claim]]\nname = "xy"\neq = "(exp(x*y) + 1)**2 - exp(2*x*y) - 2*exp(x*y) = 1"\n\n'
                 '[[claim]]\nname = "a slip"\neq = "cosh(3*x)**2 - sinh(3*x)**2 = 1 + exp(-x**2)"\n')
    got = {c.name: c.verdict for c in claims_of(p)}
    assert got == {"2x": PROVED, "3x": PROVED, "xy": PROVED, "a slip": REFUTED}


def test_unproved_evidence_tells_points_on_a_kink_from_points_without_a_value(tmp_path):
    # probes found "the sides were undefined at 2 more points" puzzling for claims with no log or division
    p = tmp_path / "kinks.derive.toml"
    # (y/2 at the kink of y relu(b): a convention for y relu'(0), neither shown for every one nor wrong for each)
    p.write_text('[inputs]\ny = []\nb = []\n\n[[claim]]\nname = "half the slope at the kink"\n'
                 'eq = "diff(y*relu(b), b) = where(b > 0, y, where(b == 0, y/2, 0))"\n')
    (kink,) = claims_of(p)
    assert kink.verdict == UNPROVED
    assert "more points were on a kink or a condition's boundary, where the claim is not asserted" in kink.evidence["reason"]
    assert "undefined" not in kink.evidence["reason"]


def test_the_wide_search_runs_before_the_provers_pass_with_simplify(tmp_path, monkeypatch):
    # Cheap checks that can refute run before expensive ones: a claim false only at n = 4 (which the cheap search,
    # at sizes 2, 3 and 1, cannot see) is refuted by the wide search before sympy.simplify is tried on it; a
    # claim only simplify proves is proved after both searches.
    from derive.verify import check
    from derive.verify.semantics import Semantics
    path = tmp_path / "late.derive.toml"
    path.write_text('[sizes]\nn = "n"\n[inputs]\nx = ["n"]\na = []\n'
                    '[[claim]]\nname = "false from n = 4"\neq = "Sum(x[k], (k, 1, n))*(n - 1)*(n - 2)*(n - 3) = 0"\n'
                    '[[claim]]\nname = "simplify proves it"\neq = "cosh(a)**2 - sinh(a)**2 = 1"\n')
    f = load_file(path)
    seen = []
    real = check.prove_under

    def recording(*args):
        seen.append(args[7])  # the passes asked for
        return real(*args)
    monkeypatch.setattr(check, "prove_under", recording)
    sem = Semantics(f)
    assert check._verdict(sem, f.claims[0])["verdict"] == REFUTED and seen == [(False,)]
    seen.clear()
    proved = check._verdict(sem, f.claims[1])
    assert proved["verdict"] == PROVED and seen == [(False,), (True,)]
    claim = f.claims[1]
    cheap = check.search(sem, claim.lhs, claim.rhs, claim.ranges, (), check.CHEAP)
    assert "sympy.simplify" in proved["method"] and proved["evidence"]["cross_check_points"] > cheap.points  # both


def test_a_claim_whose_check_raised_fails_the_run():
    # a probe: an exception in the worker (a bug, a MemoryError under the cap during a search) made the claim plainly
    # unproved, exit 0 without --strict, though its searches never finished
    from derive.verify.bounded import Outcome
    from derive.verify.check import _result
    from derive.verify.results import caveats
    claim = load_file(EXAMPLES / "softmax.derive.toml").claims[0]
    r = _result(claim, Outcome(error="MemoryError: "), 3.0)
    assert r.verdict == "unproved" and r.unchecked and r.failing(strict=False)
    assert r.evidence["reason"].startswith("internal error in claim")
    # the summary says what stopped it (it said "out of time" for a ValueError of derive's own)
    failed = _result(claim, Outcome(error="ValueError: Invalid limits"), 3.0)
    assert caveats([failed], 0)[0] == ((1, "unchecked: an internal error of derive stopped them (please report it)"),)
    timed = _result(claim, Outcome(error="memory limit reached"), 3.0)
    assert caveats([timed], 0)[0] == ((1, "unchecked: out of time before the counterexample searches finished"),)


def test_junit_xml_never_replaces_a_file_being_checked(capsys, tmp_path: Path) -> None:
    # a probe: `derive check a.derive.toml --junit-xml a.derive.toml` replaced the derivation with XML, exit 0
    src = tmp_path / "a.derive.toml"
    src.write_text((EXAMPLES / "softmax.derive.toml").read_text())
    before = src.read_bytes()
    for target, given in ((src, src), (src, tmp_path)):  # named, or found in a folder being checked
        assert main(["check", str(given), "--no-cache", "--junit-xml", str(target)]) == 2
        err = capsys.readouterr().err
        assert "it is the file being read" in err and err.count("\n") == 1
        assert src.read_bytes() == before

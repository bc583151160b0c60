"""Reused worker processes (``derive.verify.bounded.run_pool``): each task bounded, a worker replaced when it
overruns or fails, and verdicts that do not depend on how claims are spread over workers."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from derive.errors import InputError
from derive.verify import load_file
from derive.verify.bounded import Workers, run_pool
from derive.verify.check import check_claims
from derive.verify.semantics import Semantics

EXAMPLES = Path(__file__).parents[1] / "examples"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes need os.fork")


def _burn(seconds: float) -> None:
    """Use ``seconds`` of this process's CPU time."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def _pid_after(task, progress):
    progress(("started", task))
    if task == "slow":
        _burn(30)
    if task == "stalled":
        time.sleep(30)
    if task.startswith("phases"):  # two phases of 0.35 s of CPU time each, the second with a fresh budget or not
        _burn(0.35)
        progress(("second phase", task), renew=task == "phases renewed")
        _burn(0.35)
    if task.startswith("nap"):
        time.sleep(0.2)
    if task == "fail":
        raise ValueError("bad task")
    if task == "refuse":
        raise InputError("no such quantity", "f.derive.toml", 3)
    if task == "huge":
        return bytearray(512 * 1024**2)  # beyond the allowance set below
    return os.getpid()


def test_a_worker_takes_one_task_after_another() -> None:
    out = run_pool(_pid_after, ["a", "b", "c"], timeout=30, jobs=1)
    assert all(o.final for o in out)
    assert len({o.latest for o in out}) == 1 and out[0].latest != os.getpid()


def test_a_worker_keeps_to_the_group_of_its_tasks() -> None:
    # Claims of one file share work a worker remembers: each worker starts on a file of its own and
    # stays with it while it has tasks left (tasks of equal length: neither runs out before the other).
    tasks = ["nap a0", "nap a1", "nap a2", "nap b0", "nap b1", "nap b2"]
    out = run_pool(_pid_after, tasks, timeout=30, jobs=2, groups="aaabbb")
    pids = [o.latest for o in out]
    assert all(o.final for o in out)
    assert pids[0] == pids[1] == pids[2] != pids[3] == pids[4] == pids[5]


def test_an_overrunning_task_is_cut_off_and_its_worker_replaced() -> None:
    start = time.monotonic()
    out = run_pool(_pid_after, ["a", "slow", "b"], timeout=1.0, jobs=1)
    assert time.monotonic() - start < 20
    a, slow, b = out
    assert a.final and b.final and not slow.final
    assert slow.latest == ("started", "slow")          # the last progress it reported is kept
    assert a.latest != b.latest                         # the next task ran in a fresh worker


def test_a_task_is_bounded_by_cpu_time_and_a_phase_may_start_a_fresh_budget() -> None:
    # CPU time, not wall time: a busy machine delays a task but does not cut it short.  A task that
    # renews its budget (the claim checker's wide search after the prover) gets a second one.
    plain, renewed = run_pool(_pid_after, ["phases", "phases renewed"], timeout=0.5, jobs=1)
    assert not plain.final and plain.latest == ("second phase", "phases")
    assert renewed.final


def test_a_task_that_stalls_without_using_cpu_is_cut_off_by_the_wall_clock(monkeypatch) -> None:
    monkeypatch.setattr("derive.verify.bounded.WALL_FACTOR", 2.0)
    start = time.monotonic()
    stalled, = run_pool(_pid_after, ["stalled"], timeout=0.5, jobs=1)
    assert not stalled.final and 0.9 < time.monotonic() - start < 10


def test_a_failing_task_is_reported_and_the_rest_still_run() -> None:
    out = run_pool(_pid_after, ["a", "fail", "b"], timeout=30, jobs=1, describe=lambda e: f"{type(e).__name__}: {e}")
    assert out[1].error == "ValueError: bad task" and not out[1].final
    assert out[0].final and out[2].final and out[0].latest != out[2].latest


def test_a_worker_that_refused_its_input_takes_the_next_task() -> None:
    # derive's own refusal of a bad file (an InputError) leaves nothing amiss: a folder of bad files must
    # not fork a worker for each; any other failure still replaces the worker.
    out = run_pool(_pid_after, ["a", "refuse", "b", "fail", "c"], timeout=30, jobs=1,
                   describe=lambda e: type(e).__name__)
    assert [o.error for o in out] == [None, "InputError", None, "ValueError", None]
    assert out[0].latest == out[2].latest != out[4].latest


def test_each_task_has_the_memory_allowance(monkeypatch) -> None:
    monkeypatch.setenv("DERIVE_WORKER_MEMORY_MB", "256")
    out = run_pool(_pid_after, ["a", "huge", "b"], timeout=30, jobs=1, describe=lambda e: type(e).__name__)
    assert out[1].error == "MemoryError"
    assert out[0].final and out[2].final


def _holding(task, progress):
    started = time.monotonic()
    time.sleep(0.1)
    return os.getpid(), task, started


def test_a_shared_pool_gives_a_worker_the_groups_whose_work_it_holds() -> None:
    # A command's workers load files, then check their claims: a worker starts on a file it loaded
    # (it holds the file and the caches loading warmed), not on the first one in order.
    with Workers(2) as workers:
        loads = workers.run(["ab", "cd"], 30, fn=_holding, holds=lambda n, o: set(o.latest[1]))
        holder = {g: o.latest[0] for o in loads for g in o.latest[1]}
        assert len(set(holder.values())) == 2
        out = workers.run(list("dcba"), 30, fn=_holding, groups="dcba")
    assert all(o.final for o in out)
    first = {}
    for pid, task, started in sorted((o.latest for o in out), key=lambda r: r[2]):
        first.setdefault(pid, task)
    assert len(first) == 2 and all(holder[task] == pid for pid, task in first.items())


def test_a_result_is_settled_before_its_task_is_reported_done() -> None:
    # The parent works on each result (derive check unpickles a loaded file) while the workers go on.
    events = []

    def settle(n, outcome):
        events.append(("settle", n))
        outcome.latest = ("settled", outcome.latest[1])

    with Workers(2) as workers:
        out = workers.run(["a", "b", "c"], 30, fn=_holding, settle=settle,
                          done=lambda n: events.append(("done", n)))
    assert [o.latest for o in out] == [("settled", t) for t in "abc"]
    assert sorted(events) == sorted([(k, n) for n in range(3) for k in ("settle", "done")])
    assert all(events.index(("settle", n)) < events.index(("done", n)) for n in range(3))


def test_verdicts_do_not_depend_on_how_claims_share_workers() -> None:
    f = load_file(EXAMPLES / "softmax_mistakes.derive.toml")
    claims = list(f.claims) * 2
    one = check_claims(Semantics(f), claims, timeout=60, jobs=1)
    two = check_claims(Semantics(f), claims, timeout=60, jobs=2)
    fresh = [check_claims(Semantics(f), [c], timeout=60)[0] for c in f.claims]
    for a, b, c in zip(one, two, fresh * 2):
        assert (a.verdict, a.evidence, a.counterexample) == (b.verdict, b.evidence, b.counterexample) \
            == (c.verdict, c.evidence, c.counterexample)


def test_files_load_side_by_side_and_the_first_bad_one_is_reported(tmp_path: Path, capsys) -> None:
    from derive.cli import main
    from derive.verify.command import load_all
    good = (EXAMPLES / "softmax.derive.toml").read_text()
    for name in ("a", "c"):
        (tmp_path / f"{name}.derive.toml").write_text(good)
    paths = sorted(tmp_path.glob("*.derive.toml")) + [EXAMPLES / "softmax_notes.md"]
    loaded = load_all(paths)
    assert [f.path for f in loaded[:2]] == [str(p) for p in paths[:2]] and len(loaded) == 4  # the notes: 2 contexts
    (tmp_path / "b.derive.toml").write_text(good.replace('"z[i]" = "Sum(', '"z[i]" = "Sum(('))
    (tmp_path / "d.derive.toml").write_text("[sizes\n")
    assert main(["check", str(tmp_path), "--no-cache"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "b.derive.toml:" in err


def test_catalog_models_built_side_by_side_match_and_keep_their_dummies_apart() -> None:
    import sympy as sp

    from derive.verify.catalogclaims import catalog_files
    names = ["softmax", "mlp", "logistic"]
    here, apart = catalog_files(names), catalog_files(names, jobs=2)
    assert [(f.path, [c.name for c in f.claims]) for f in apart] == [(f.path, [c.name for c in f.claims]) for f in here]
    seen = []
    for f in apart:
        exprs = [q.definition for q in f.quantities.values() if q.defined] + [e for c in f.claims for e in (c.lhs, c.rhs)]
        seen.append({d.dummy_index for e in exprs for d in e.atoms(sp.Dummy)})
    assert all(seen) and all(not (a & b) for a, b in zip(seen, seen[1:]))     # no two models share a dummy
    fresh = sp.Dummy("k").dummy_index
    assert all(fresh > i for s in seen for i in s)                           # nor does a dummy made later


def test_claims_checked_by_the_workers_that_loaded_them_match_a_fresh_pool() -> None:
    from derive.verify.check import check_files
    from derive.verify.command import load_all
    from derive.verify.crew import Crew
    paths = [EXAMPLES / "softmax_mistakes.derive.toml", EXAMPLES / "backprop_mistakes.md"]

    def outcomes(reports):
        return [[(c.name, c.verdict, c.evidence, c.counterexample) for c in r.claims] for r in reports]
    with Crew(2) as crew:
        loaded = load_all(paths, crew=crew)
        shared = check_files([(f, 60, None) for f in loaded], crew=crew)
        crew.workers.close()  # fresh workers hold nothing: each file comes with its claims' tasks
        sent = check_files([(f, 60, None) for f in loaded], crew=crew)
    fresh = check_files([(f, 60, None) for f in load_all(paths)])
    assert len(fresh) == 4  # the notes hold three contexts
    assert outcomes(shared) == outcomes(sent) == outcomes(fresh)


def test_a_worker_unpickles_a_file_it_does_not_hold_once() -> None:
    import pickle

    from derive.verify import crew
    f = load_file(EXAMPLES / "softmax.derive.toml")
    digest, payload = crew._pack(f)
    first = crew.held(digest, payload)
    assert first == f and first is not f
    assert crew.held(digest, b"not read again") is first
    crew._HELD.pop(digest)
    assert pickle.loads(payload) == f


def test_the_plugins_checker_keeps_its_worker_between_claims_and_replaces_one_that_overran(monkeypatch) -> None:
    from derive.verify import check
    from derive.verify.check import ClaimChecker
    from derive.verify.results import UNPROVED
    f = load_file(EXAMPLES / "softmax_mistakes.derive.toml")
    fresh = [check_claims(Semantics(f), [c], timeout=60)[0] for c in f.claims]
    checker = ClaimChecker()
    try:
        pids = []
        for n, expected in enumerate(fresh):
            got = checker.check(f, n, 60)
            assert (got.name, got.verdict, got.evidence, got.counterexample) == \
                (expected.name, expected.verdict, expected.evidence, expected.counterexample)
            pids += [w.proc.pid for w in checker.crew.workers.idle]
        assert len(pids) == len(fresh) and len(set(pids)) == 1  # one worker, kept: the file stays warm in it
        # A claim that overruns for sure (a warm worker answers a claim it has seen within a millisecond):
        # the next fork inherits a verdict that works past the budget.
        checker.crew.workers.close()
        slow = check._verdict
        monkeypatch.setattr(check, "_verdict", lambda *a, **k: (_burn(30), slow(*a, **k))[1])
        cut = checker.check(f, 0, 0.5)
        assert cut.verdict == UNPROVED and cut.evidence["reason"].startswith("time budget ran out")
        assert not checker.crew.workers.idle  # the worker that overran was stopped, not kept
        monkeypatch.undo()
        again = checker.check(f, 0, 60)
        assert again.verdict == fresh[0].verdict and checker.crew.workers.idle[0].proc.pid not in pids
    finally:
        checker.close()
    assert not checker.crew.workers.idle


@pytest.mark.parametrize("cores, xdist, jobs", [(2, None, 2), (8, None, 4), (2, "2", 1), (8, "2", 4), (16, "8", 2),
                                                (4, "8", 1), (2, "many", 2)])
def test_a_pool_takes_its_share_of_the_cores_under_xdist(monkeypatch, cores, xdist, jobs) -> None:
    # An xdist worker already keeps one core busy: a pool of one per core in each would oversubscribe them.
    from derive.verify import bounded
    monkeypatch.setattr(bounded.os, "cpu_count", lambda: cores)
    if xdist is None:
        monkeypatch.delenv("PYTEST_XDIST_WORKER_COUNT", raising=False)
    else:
        monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", xdist)
    assert bounded.default_jobs() == jobs
    assert Workers().jobs == jobs

"""Checking claims: one verdict per claim, each computed under a hard time bound.

Owns the order of work for a claim and its time budget.  In order: resolve ``diff``; a
cheap counterexample pass (``search.CHEAP``, a fixed set of points); the symbolic prover,
interrupted when its share of the budget is spent; if nothing is proved, a wider search
(``search.WIDE``).  Searches are counted in points, so the verdict depends on the file and
derive's version, not on the machine: a budget that runs out can only turn ``proved`` into
``unproved``, and the cheap pass always runs first.  Each claim runs in a forked worker
process (memory-capped, killed when its budget runs out), reporting each finished phase
to the parent; the claims of a file are checked by up to one worker per core at once,
results kept in file order.
"""
from __future__ import annotations

import itertools
import multiprocessing
import multiprocessing.connection as mp_connection
import os
import signal
import time
from pathlib import Path

import sympy as sp

from .bounded import cap_memory
from .fileformat import ClaimSpec, DerivationFile, load_file
from .conditional import prove_under
from .domains import domain_for
from .results import PROVED, REFUTED, UNPROVED, ClaimResult, FileReport
from .search import CHEAP, WIDE, SearchResult, search
from .semantics import Semantics

DEFAULT_TIMEOUT = 10.0
#: Part of a claim's budget the prover may use; the rest is kept for the wider search.
PROVER_SHARE = 0.85
SEARCH_METHOD = "counterexample search (mpmath, 50 and 100 digits)"
VACUOUS = ("the givens cannot all hold: no point satisfying them was found, "
           "so a proof from them shows nothing")


class OutOfTime(BaseException):
    """Raised by the alarm inside a worker: a phase used up its share of the budget.

    A BaseException so that no ``except Exception`` inside SymPy swallows it.
    """


def _alarm(seconds: float | None) -> None:
    """Raise ``OutOfTime`` in this (worker) process after ``seconds``; None cancels."""
    def ring(signum, frame):
        raise OutOfTime()
    signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001) if seconds is not None else 0)


def _refuted(found: SearchResult, note: dict) -> dict:
    return {"verdict": REFUTED, "method": SEARCH_METHOD, "counterexample": found.counterexample,
            "evidence": {"counterexample": found.counterexample, **note}}


def _proved(proof, found: SearchResult) -> dict:
    return {"verdict": PROVED, "method": proof.method, "givens_used": proof.givens_used,
            "evidence": {"method": proof.method, "givens": proof.givens_used,
                         "cross_check_points": found.points, "undefined_points": found.undefined}}


def _unproved(reason: str, found: SearchResult, **extra) -> dict:
    notes = list(found.notes)
    if found.given_rejected:
        notes.append(f"{found.given_rejected} draws did not satisfy the givens and were skipped")
    if notes:
        reason += " (" + "; ".join(notes) + ")"
    return {"verdict": UNPROVED, "method": "",
            "evidence": {"reason": reason, "points": found.points, "undefined_points": found.undefined,
                         "max_difference": sp.Float(found.max_difference, 3).__format__(".3g")
                         if found.max_difference else "0", **extra}}


def _expected(sem: Semantics, claim: ClaimSpec, lhs_resolved) -> str | None:
    """derive's own ``diff(…)`` of the claim's left side, tidied, as text (None when not cheap)."""
    if not isinstance(claim.lhs, sp.Derivative):
        return None
    from .. import indexcalc as ic
    from ..algebra import contracted, textbook
    from ..printing import text
    ranges = {i: (sp.Integer(1), d) for i, d in claim.ranges.items()}
    expr = contracted(lhs_resolved, ranges)
    for g in tuple(sem.file.givens) + tuple(claim.givens):  # the givens in force for this claim
        if isinstance(g.lhs, sp.Sum) and ic.contains_sum(expr, g.lhs):
            expr = ic.replace_sum(expr, g.lhs, g.rhs)
    for name in sem.defs:  # file order: z = W x before s = softmax(z)
        keys, body = sem.defs[name]
        if not keys:
            continue
        at = list(itertools.permutations(sorted(claim.ranges, key=str), len(keys)))
        at += [tuple([i] * len(keys)) for i in claim.ranges]
        new = ic.back_substitute(expr, sem.file.scope.base(name), tuple(keys), body, at)
        if new is not None:
            expr = new
    expr = textbook(contracted(expr, ranges))
    # tidy may turn e^{Σ…} into a Product: correct, but no help to a reader.
    return None if expr.has(sp.Product) else text(expr)


def _verdict(sem: Semantics, claim: ClaimSpec, report=lambda data: None, budget: float | None = None) -> dict:
    """The verdict fields for ``claim``; ``report(data)`` receives the verdict so far after each phase.

    ``budget`` (seconds, from now) bounds the prover through an alarm; call through ``check_claim``.
    """
    start = time.perf_counter()
    lhs, rhs = sem.resolve(claim.lhs), sem.resolve(claim.rhs)
    givens = tuple(sem.file.givens) + tuple(claim.givens)
    conditions = tuple(sem.file.conditions) + tuple(claim.conditions)
    domain = domain_for(sem.file, claim)  # labels, inequality givens and the claim's `when`
    cheap = search(sem, lhs, rhs, claim.ranges, givens, CHEAP, domain)
    if cheap.counterexample is not None:
        return _with_expected(sem, claim, lhs, _refuted(cheap, {}), report)
    report(_unproved("time budget ran out", cheap, phase="prover"))
    proof, why = None, "no symbolic proof found"
    try:
        if budget is not None:
            _alarm(budget * PROVER_SHARE - (time.perf_counter() - start))
        proof = prove_under(sem, lhs, rhs, claim.ranges, givens, conditions, claim.when)
    except OutOfTime:
        why = "no symbolic proof found within its share of the time budget"
    except (MemoryError, RecursionError):
        why = "no symbolic proof found within the memory and depth limits"
    finally:
        if budget is not None:
            _alarm(None)
    if proof and (cheap.given_held or not proof.givens_used):
        return _proved(proof, cheap)
    report(_unproved("time budget ran out", cheap, phase="wide search"))
    found = cheap.add(search(sem, lhs, rhs, claim.ranges, givens, WIDE, domain))
    if found.counterexample is not None:
        note = {"prover_disagreed": True} if proof else {}
        return _with_expected(sem, claim, lhs, _refuted(found, note), report)
    if proof and found.given_held:
        return _proved(proof, found)
    if proof:
        return _unproved(VACUOUS, found, vacuous=True, method=proof.method, givens=proof.givens_used)
    return _unproved(why + ", no counterexample found", found)


#: Left sides larger than this (in SymPy operations) get no ``expected`` form: tidying them is slow.
MAX_EXPECTED_OPS = 60


def _with_expected(sem, claim, lhs, data: dict, report) -> dict:
    """Add derive's own derivative (``expected``) to a counterexample; the refutation is reported first.

    Bounded by work (the size of the derivative), not time, so it does not vary with the machine;
    should the budget still run out, the refutation already reported stands.
    """
    report(data)
    try:
        expected = _expected(sem, claim, lhs) if sp.count_ops(lhs) <= MAX_EXPECTED_OPS else None
    except Exception:  # noqa: BLE001 - a nicety: the counterexample stands without it
        expected = None
    if expected:
        data["counterexample"] = {**data["counterexample"], "expected": expected}
        data["evidence"]["counterexample"] = data["counterexample"]
    return data


def _child(conn, sem: Semantics, claim: ClaimSpec, budget: float) -> None:
    try:
        cap_memory()
        conn.send(("final", _verdict(sem, claim, lambda d: conn.send(("partial", d)), budget)))
    except BaseException as exc:  # report, never hang the parent  # noqa: BLE001
        what = "memory limit reached" if isinstance(exc, MemoryError) else f"{type(exc).__name__}: {exc}"
        conn.send(("final", {"verdict": UNPROVED, "evidence": {
            "reason": f"internal error in claim {claim.name!r}: {what}".replace("\n", " ")[:300],
            "points": 0, "max_difference": "0"}}))
    finally:
        conn.close()


class _Running:
    """One claim being checked in a forked worker, with its deadline and the verdict it reported so far."""

    def __init__(self, sem: Semantics, claim: ClaimSpec, timeout: float):
        ctx = multiprocessing.get_context("fork")
        self.claim, self.start = claim, time.perf_counter()
        self.deadline = self.start + timeout
        self.timeout = timeout
        self.latest: dict | None = None
        self.final = self.dead = False
        self.recv, send = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_child, args=(send, sem, claim, timeout), daemon=True)
        self.proc.start()
        send.close()

    def poll(self) -> bool:
        """Read what the worker has sent; True once it sent its final verdict (or ended without one)."""
        try:
            while not self.final and self.recv.poll():
                kind, data = self.recv.recv()
                self.latest, self.final = data, kind == "final"
        except (EOFError, OSError):
            self.dead = True
        return self.final or self.dead

    def wait(self) -> None:
        """Wait for the final verdict until the deadline."""
        while not self.poll():
            left = self.deadline - time.perf_counter()
            if left <= 0 or not self.recv.poll(left):
                self.poll()
                return

    def finish(self) -> ClaimResult:
        """Kill the worker and build the result: the final verdict, or 'time budget ran out'."""
        try:
            self.poll()
        finally:
            if self.proc.is_alive():
                self.proc.kill()
            self.proc.join()
            self.recv.close()
        data = self.latest if self.latest and (self.final or self.latest["verdict"] == REFUTED) else None
        if data is None:
            # The cheap pass's points are kept (the phase the budget ran out in is not: it varies).
            partial = self.latest or {"evidence": {"points": 0, "max_difference": "0"}}
            evidence = {k: v for k, v in partial["evidence"].items() if k != "phase"}
            reason = ("the worker ended without a verdict (memory limit reached?)" if self.dead
                      else "time budget ran out")
            data = {"verdict": UNPROVED, "evidence": {**evidence, "reason": reason, "timeout_seconds": self.timeout}}
        claim = self.claim
        if claim.when is not None:
            # Every output states where the claim is asserted (the JSON carries it in the evidence).
            data.setdefault("evidence", {})["when"] = claim.when.text
        return ClaimResult(name=claim.name, line=claim.line, verdict=data["verdict"], method=data.get("method", ""),
                           givens_used=data.get("givens_used", []), evidence=data.get("evidence", {}),
                           lhs=claim.lhs, rhs=claim.rhs, counterexample=data.get("counterexample"),
                           eq=claim.text, seconds=time.perf_counter() - self.start,
                           when=claim.when.text if claim.when is not None else "", entry=claim.entry)


def check_claim(sem: Semantics, claim: ClaimSpec, timeout: float = DEFAULT_TIMEOUT) -> ClaimResult:
    """The verdict on one claim, computed in a worker process killed after ``timeout`` seconds."""
    run = _Running(sem, claim, timeout)
    run.wait()
    return run.finish()


def check_claims(sem: Semantics, claims: list[ClaimSpec], timeout: float = DEFAULT_TIMEOUT,
                 jobs: int | None = None) -> list[ClaimResult]:
    """Verdicts for ``claims`` in order, up to ``jobs`` workers at once (default: one per core, at most 4)."""
    jobs = max(1, jobs or min(4, os.cpu_count() or 1))
    results: list[ClaimResult | None] = [None] * len(claims)
    todo = list(enumerate(claims))
    running: dict = {}
    while todo or running:
        while todo and len(running) < jobs:
            n, claim = todo.pop(0)
            run = _Running(sem, claim, timeout)
            running[run.recv] = (n, run)
        now = time.perf_counter()
        wait_for = max(0.0, min(run.deadline for _, run in running.values()) - now)
        ready = set(mp_connection.wait(list(running), timeout=wait_for))
        now = time.perf_counter()
        for conn in list(running):
            n, run = running[conn]
            if (conn in ready and run.poll()) or now >= run.deadline:
                del running[conn]
                results[n] = run.finish()
    return results  # type: ignore[return-value]


def check_loaded(f: DerivationFile, timeout: float = DEFAULT_TIMEOUT, select=None) -> FileReport:
    """Verdicts for every claim of an already loaded file (``select(name)`` filters claims)."""
    sem = Semantics(f)
    claims = check_claims(sem, [c for c in f.claims if select is None or select(c.name)], timeout)
    return FileReport(path=f.path, title=f.title, claims=claims, givens=[g.text for g in f.givens] + [c.text for c in f.conditions],
                      definitions=f.definitions(), sizes=dict(f.size_notes))


def check_file(path: str | Path, timeout: float = DEFAULT_TIMEOUT) -> FileReport:
    """Load ``path`` (under the same budget) and check every claim; ``InputError`` if the file is bad."""
    return check_loaded(load_file(path, timeout), timeout)

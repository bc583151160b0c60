"""Checking claims: one verdict per claim, each computed under a hard time bound.

Owns the order of work for a claim (resolve ``diff``, try the symbolic proof, else
search for a counterexample) and the time budget: each claim runs in a forked worker
process that is killed when its budget runs out, so no SymPy call can hang the check;
the claims of a file are checked by up to one worker per core at once, results kept in file order.
A timed-out claim is ``unproved`` with the reason "time budget ran out".
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.connection as mp_connection
import os
import time
import traceback
from pathlib import Path

from .fileformat import ClaimSpec, DerivationFile, load_file
from .conditional import prove_under
from .domains import domain_for
from .results import PROVED, REFUTED, UNPROVED, ClaimResult, FileReport
from .search import search
from .semantics import Semantics

DEFAULT_TIMEOUT = 10.0


def _verdict(sem: Semantics, claim: ClaimSpec) -> dict:
    """The verdict fields for ``claim`` (no time bound; call through ``check_claim``)."""
    lhs, rhs = sem.resolve(claim.lhs), sem.resolve(claim.rhs)
    givens = tuple(sem.file.givens) + tuple(claim.givens)
    conditions = tuple(sem.file.conditions) + tuple(claim.conditions)
    proof = prove_under(sem, lhs, rhs, claim.ranges, givens, conditions, claim.when)
    found = search(sem, lhs, rhs, claim.ranges, givens, max_size=2 if proof else None,
                   domain=domain_for(sem.file, claim))
    if found.counterexample is not None:
        note = {"prover_disagreed": True} if proof else {}
        return {"verdict": REFUTED, "method": "counterexample search (mpmath, 50 and 100 digits)",
                "counterexample": found.counterexample,
                "evidence": {"counterexample": found.counterexample, **note}}
    if proof:
        return {"verdict": PROVED, "method": proof.method, "givens_used": proof.givens_used,
                "evidence": {"method": proof.method, "givens": proof.givens_used,
                             "cross_check_points": found.points}}
    reason = "no symbolic proof found, no counterexample found"
    if found.notes:
        reason += " (" + "; ".join(found.notes) + ")"
    return {"verdict": UNPROVED, "method": "",
            "evidence": {"reason": reason, "points": found.points,
                         "max_difference": f"{found.max_difference:.3g}"}}


WORKER_MEMORY = 3 * 1024**3  # bytes a claim worker may add to what it inherits: time alone bounds no memory


def _address_space() -> int:
    """Bytes of address space this process already maps (0 where /proc is not there)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(conn, sem: Semantics, claim: ClaimSpec) -> None:
    try:
        try:
            import resource
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            cap = _address_space() + WORKER_MEMORY
            cap = cap if hard == resource.RLIM_INFINITY else min(cap, hard)
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        except (ImportError, ValueError, OSError):
            pass  # no such limit on this platform: the time budget still applies
        conn.send(_verdict(sem, claim))
    except BaseException as exc:  # report, never hang the parent  # noqa: BLE001
        conn.send({"verdict": UNPROVED, "evidence": {
            "reason": f"internal error: {type(exc).__name__}: {exc}",
            "points": 0, "max_difference": "0", "trace": traceback.format_exc(limit=3)}})
    finally:
        conn.close()


class _Running:
    """One claim being checked in a forked worker, with its deadline."""

    def __init__(self, sem: Semantics, claim: ClaimSpec, timeout: float):
        ctx = multiprocessing.get_context("fork")
        self.claim, self.start = claim, time.perf_counter()
        self.deadline = self.start + timeout
        self.timeout = timeout
        self.recv, send = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_child, args=(send, sem, claim), daemon=True)
        self.proc.start()
        send.close()

    def finish(self, ready: bool) -> ClaimResult:
        """Collect the verdict (``ready``: the worker has answered), kill the worker, build the result."""
        data = None
        try:
            if ready:
                try:
                    data = self.recv.recv()
                except EOFError:
                    data = None
        finally:
            if self.proc.is_alive():
                self.proc.kill()
            self.proc.join()
            self.recv.close()
        if data is None:
            data = {"verdict": UNPROVED, "evidence": {"reason": "time budget ran out",
                                                      "timeout_seconds": self.timeout, "points": 0,
                                                      "max_difference": "0"}}
        claim = self.claim
        if claim.when is not None:
            # Every output states where the claim is asserted (the JSON carries it in the evidence).
            data.setdefault("evidence", {})["when"] = claim.when.text
        return ClaimResult(name=claim.name, line=claim.line, verdict=data["verdict"], method=data.get("method", ""),
                           givens_used=data.get("givens_used", []), evidence=data.get("evidence", {}),
                           lhs=claim.lhs, rhs=claim.rhs, counterexample=data.get("counterexample"),
                           eq=claim.text, seconds=time.perf_counter() - self.start,
                           when=claim.when.text if claim.when is not None else "")


def check_claim(sem: Semantics, claim: ClaimSpec, timeout: float = DEFAULT_TIMEOUT) -> ClaimResult:
    """The verdict on one claim, computed in a worker process killed after ``timeout`` seconds."""
    run = _Running(sem, claim, timeout)
    return run.finish(run.recv.poll(timeout))


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
            if conn in ready or now >= run.deadline:
                del running[conn]
                results[n] = run.finish(conn in ready)
    return results  # type: ignore[return-value]


def check_loaded(f: DerivationFile, timeout: float = DEFAULT_TIMEOUT, select=None) -> FileReport:
    """Verdicts for every claim of an already loaded file (``select(name)`` filters claims)."""
    sem = Semantics(f)
    claims = check_claims(sem, [c for c in f.claims if select is None or select(c.name)], timeout)
    return FileReport(path=f.path, title=f.title, claims=claims,
                      givens=[g.text for g in f.givens] + [c.text for c in f.conditions],
                      definitions=f.definitions(), sizes=dict(f.size_notes))


def check_file(path: str | Path, timeout: float = DEFAULT_TIMEOUT) -> FileReport:
    """Load ``path`` and check every claim; ``InputError`` if the file is bad."""
    return check_loaded(load_file(path), timeout)

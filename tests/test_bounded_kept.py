"""``run_kept``: bounded work on a worker the process keeps between calls, as bounded as a fresh fork
(``run_bounded``) and with the same results, forked afresh whenever it might not know what this process knows."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import sympy as sp

from derive.errors import InputError
from derive.language.table import Construct, register, unregister
from derive.verify.bounded import ChildFailed, OutOfBudget, run_bounded, run_kept
from derive.verify.fileformat import load_here

EXAMPLES = Path(__file__).parents[1] / "examples"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes need os.fork")


def _task(arg, progress):
    progress(("at", arg))
    if arg == "refuse":
        raise InputError("no such quantity", "f.derive.toml", 3)
    if arg == "fail":
        raise ValueError("bad task")
    if arg == "slow":
        end = time.process_time() + 30
        while time.process_time() < end:
            pass
    if arg == "huge":
        return bytearray(512 * 1024**2)
    if arg == "dummy":
        return sp.Dummy("i", integer=True)
    return os.getpid()


def _describe(exc: BaseException) -> str:
    return type(exc).__name__


def test_calls_share_one_worker_and_a_refusal_keeps_it() -> None:
    first = run_kept(_task, "a", 30, _describe)
    with pytest.raises(ChildFailed) as refused:
        run_kept(_task, "refuse", 30, _describe)
    assert refused.value.error == "InputError"
    assert run_kept(_task, "b", 30, _describe) == first != os.getpid()


def test_a_failure_or_an_overrun_is_reported_as_a_fresh_fork_would_and_the_worker_replaced() -> None:
    before = run_kept(_task, "a", 30, _describe)
    with pytest.raises(ChildFailed) as failed:
        run_kept(_task, "fail", 30, _describe)
    assert failed.value.error == "ValueError"
    after = run_kept(_task, "a", 30, _describe)
    assert after != before
    with pytest.raises(OutOfBudget) as over:
        run_kept(_task, "slow", 0.3, _describe)
    assert over.value.reason == "took longer than 0.3 s" and over.value.progress == ("at", "slow")
    assert run_kept(_task, "a", 30, _describe) != after


def test_beyond_the_memory_allowance_is_out_of_budget() -> None:
    # Not monkeypatch: under it tests/conftest.py has run_kept fork afresh.  A changed allowance is a fresh worker.
    before = run_kept(_task, "a", 30, _describe)
    os.environ["DERIVE_WORKER_MEMORY_MB"] = "256"
    try:
        with pytest.raises(OutOfBudget) as over:
            run_kept(_task, "huge", 30, _describe)
        assert run_kept(_task, "a", 30, _describe) != before
    finally:
        del os.environ["DERIVE_WORKER_MEMORY_MB"]
    assert over.value.reason == "ran out of memory"


def test_a_worker_forked_before_a_construct_was_registered_is_not_used() -> None:
    before = run_kept(_task, "a", 30, _describe)

    class _Ramp(sp.Function):
        pass
    register(Construct("ramp_kept", "a test function", classes=(_Ramp,), rule="the ramp rule"))
    try:
        during = run_kept(_task, "a", 30, _describe)
    finally:
        unregister("ramp_kept")
    assert during != before
    assert run_kept(_task, "a", 30, _describe) not in (before, during)  # the table changed again


def test_dummies_are_numbered_as_in_a_fresh_fork() -> None:
    run_kept(_task, "a", 30, _describe)
    sp.Dummy("j")  # this process numbers on after the worker was forked
    kept = run_kept(_task, "dummy", 30, _describe)
    fresh = run_bounded(lambda progress: _task("dummy", progress), 30, _describe)
    assert kept == fresh and kept.dummy_index == fresh.dummy_index


def test_a_file_loads_as_in_a_fresh_fork() -> None:
    path = EXAMPLES / "softmax.derive.toml"
    run_kept(load_here, EXAMPLES / "relu_mlp.derive.toml", 30, _describe)  # the worker has loaded another file
    kept = run_kept(load_here, path, 30, _describe)
    fresh = run_bounded(lambda at: load_here(path, at), 30, _describe)
    assert kept == fresh and kept is not fresh

"""The process tuning of ``derive.collector``: room on the frame stack for SymPy's call loops."""
from __future__ import annotations

import resource
import sys
import threading

import pytest

from derive.collector import with_stack_room


def _leaf() -> int:
    return 1


def _loop_at(depth: int, calls: int) -> int:
    """Minor page faults of ``calls`` calls made ``depth`` frames below here."""
    if depth:
        return _loop_at(depth - 1, calls)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(calls):
        _leaf()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def _worst_edge() -> int:
    """Page faults of 2,000 calls from the depth (within 400 frames) where a call costs the most."""
    faults = []
    for depth in range(400):  # called from this frame, as below (a comprehension would be a frame of its own)
        faults.append(_loop_at(depth, 20))
    return _loop_at(faults.index(max(faults)), 2000)


def _in_a_fresh_thread(fn) -> int:
    """``fn()`` on a new thread: a frame stack of its own, whatever room this test itself runs with."""
    out = []
    thread = threading.Thread(target=lambda: out.append(fn()))
    thread.start()
    thread.join()
    return out[0]


def test_a_call_loop_on_a_stack_chunks_edge_maps_no_fresh_memory_per_call():
    assert _in_a_fresh_thread(lambda: with_stack_room(_worst_edge)) < 200
    if sys.version_info < (3, 13):  # CPython 3.11 and 3.12 unmap a chunk when its first call returns (gh-142183)
        assert _in_a_fresh_thread(_worst_edge) >= 2000, "the loop never met a chunk's edge: this test shows nothing"


def test_with_stack_room_passes_arguments_and_errors_through():
    assert with_stack_room(divmod, 7, 2) == (3, 1)
    with pytest.raises(ZeroDivisionError):
        with_stack_room(divmod, 1, 0)


def _roomy(*_args) -> bool:
    """Whether this call runs under ``with_stack_room`` (its frame is on the stack)."""
    frame = sys._getframe()
    while frame is not None:
        if frame.f_code is with_stack_room.__code__:
            return True
        frame = frame.f_back
    return False


def test_derives_workers_and_command_run_their_work_with_stack_room(monkeypatch):
    from derive import cli
    from derive.verify import bounded
    assert not _in_a_fresh_thread(_roomy)  # the probe can say no
    assert [o.latest for o in bounded.run_pool(_roomy, ["a", "b"], timeout=30, jobs=2)] == [True, True]
    assert bounded.run_bounded(_roomy, timeout=30) is True
    assert bounded._here(_roomy, "a", repr, lambda: None).latest is True  # where os.fork is missing
    seen = []
    monkeypatch.setattr(cli, "main", lambda: seen.append(_roomy()) or 0)
    monkeypatch.setattr(cli.gc, "freeze", lambda: None)  # the command's last step; not this test process's
    assert _in_a_fresh_thread(cli.run) == 0 and seen == [True]

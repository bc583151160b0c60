"""``run_kept``: bounded work on a worker the process keeps between calls, as bounded as a fresh fork
(``run_bounded``) and with the same results, forked afresh whenever it might not know what this process knows."""
from __future__ import annotations

import multiprocessing
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sympy as sp

from derive.errors import InputError
from derive.language import Notation
from derive.language.table import Construct, register, unregister
from derive.verify.bounded import ChildFailed, OutOfBudget, run_bounded, run_kept
from derive.verify import load_file
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
    if arg == "lock":
        import threading
        return threading.Lock()  # no result a pipe can carry
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


FOO = """title = "foo"
[inputs]
t = []
[define]
L = "foo(t)"
"""


def test_a_construct_replaced_under_the_same_name_reaches_the_worker(tmp_path: Path) -> None:
    # The replacement is often made at the address the old one had: the worker is compared by identity.
    path = tmp_path / "foo.derive.toml"
    path.write_text(FOO)
    notation = Notation("foo", r"\operatorname{foo}", "foo")
    try:
        for build in [sp.sinh, sp.cosh, sp.sinh, sp.cosh]:
            register(Construct("foo", "a test function", latex=(r"\operatorname{foo}",), build=build, classes=(),
                               rule="the foo rule", notation=notation))
            assert load_file(path).quantities["L"].definition.func is build
            unregister("foo")
    finally:
        from derive.language.table import by_name
        if by_name("foo") is not None:
            unregister("foo")


def test_a_relative_path_is_read_from_the_callers_directory(tmp_path: Path) -> None:
    # Not monkeypatch.chdir: under it tests/conftest.py has run_kept fork afresh.
    for name, title in (("a", "first"), ("b", "second")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "m.derive.toml").write_text(FOO.replace('"foo"', f'"{title}"', 1).replace("foo(t)", "t"))
    here = os.getcwd()
    try:
        os.chdir(tmp_path / "a")
        assert load_file("m.derive.toml").title == "first"
        os.chdir(tmp_path / "b")
        assert load_file("m.derive.toml").title == "second"
    finally:
        os.chdir(here)


def test_the_worker_holds_none_of_the_callers_open_files() -> None:
    with pytest.raises(ChildFailed):
        run_kept(_task, "fail", 30, _describe)  # the next call forks a fresh worker while the pipe is open
    r, w = os.pipe()
    try:
        run_kept(_task, "a", 30, _describe)
        os.close(w)
        assert select.select([r], [], [], 5)[0] and os.read(r, 1) == b""  # end of file: nobody else holds w
    finally:
        os.close(r)


def test_ctrl_c_is_the_callers_to_handle_not_the_idle_workers() -> None:
    worker = run_kept(_task, "a", 30, _describe)
    os.kill(worker, signal.SIGINT)
    time.sleep(0.2)
    assert run_kept(_task, "a", 30, _describe) == worker


#: A program that loads, forks a child that loads and exits as programs do (its exit handlers run), and loads again.
FORKING = """
import os, sys
from derive.verify.bounded import run_kept
from test_bounded_kept import _describe, _task
worker = run_kept(_task, "a", 30, _describe)
pid = os.fork()
if pid == 0:
    own = run_kept(_task, "a", 30, _describe)
    sys.exit(0 if own not in (worker, os.getpid()) else 1)
code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
print(code, run_kept(_task, "a", 30, _describe) == worker)
"""


def test_a_child_the_caller_forks_leaves_the_callers_worker_alone() -> None:
    # In a program of its own: a child forked from this pytest process would also meet its other workers.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), *sys.path])}
    ran = subprocess.run([sys.executable, "-c", FORKING], capture_output=True, text=True, env=env, timeout=120)
    assert (ran.stdout, ran.stderr) == ("0 True\n", "")


def _load_in_a_pool_worker(path: Path) -> str:
    return load_file(path).title


def test_a_daemonic_process_still_loads() -> None:
    # A multiprocessing pool's workers may not start processes of their own: a load there forks a plain child.
    with multiprocessing.get_context("fork").Pool(1) as pool:
        title = pool.apply(_load_in_a_pool_worker, (EXAMPLES / "softmax.derive.toml",))
    assert title == load_file(EXAMPLES / "softmax.derive.toml").title


def test_a_path_of_the_callers_own_class_loads() -> None:
    from derive.documents.load import load_any

    class Named:  # a class of the caller's (here a local one, which no other process can unpickle)
        def __init__(self, path: Path):
            self.path = path

        def __fspath__(self) -> str:
            return str(self.path)
    (f,) = load_any(Named(EXAMPLES / "softmax.derive.toml"))
    assert f == load_file(EXAMPLES / "softmax.derive.toml")


#: A program whose bounded work returns what no pipe can carry.
UNPICKLABLE = """
from derive.verify.bounded import OutOfBudget, run_kept
from test_bounded_kept import _describe, _task
try:
    run_kept(_task, "lock", 30, _describe)
except OutOfBudget as exc:
    print(exc.reason)
"""


def test_a_result_that_does_not_pickle_ends_the_worker_quietly() -> None:
    # In a program of its own: the worker's traceback went to the real standard error, which pytest's capture is not.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), *sys.path])}
    ran = subprocess.run([sys.executable, "-c", UNPICKLABLE], capture_output=True, text=True, env=env, timeout=120)
    assert (ran.stdout, ran.stderr) == ("ran out of memory\n", "")  # as run_bounded says of a child that sent nothing


def _warn(arg, progress):
    import sys
    print("a warning", file=sys.stderr)  # a load that warns (SymPy may) under pytest's capture or in a notebook
    return arg


def test_a_worker_may_write_to_the_callers_standard_streams_wherever_they_go(capfd) -> None:
    with pytest.raises(ChildFailed):
        run_kept(_task, "fail", 30, _describe)  # the next worker is forked here, under this test's capture
    assert run_kept(_warn, "written", 30, _describe) == "written"

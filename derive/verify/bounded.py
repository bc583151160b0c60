"""Running untrusted work under a time and memory bound: a forked child, killed at its deadline.

Owns the two limits every verifier stage shares: ``cap_memory`` (a worker may map at most
``DERIVE_WORKER_MEMORY_MB``, default 1024 MiB, beyond what it inherits) and ``run_bounded``
(a function run in a forked child that reports progress — e.g. the line being parsed — and
its result through a pipe; past the deadline it is killed and the caller learns the last
progress it reported).  Used for loading files; claims use the same memory cap.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from typing import Any

#: Bytes a worker may add to what it inherits, unless DERIVE_WORKER_MEMORY_MB says otherwise.
WORKER_MEMORY = 1024**3


def worker_memory() -> int:
    """The memory allowance of one worker, in bytes."""
    try:
        return max(64, int(os.environ["DERIVE_WORKER_MEMORY_MB"])) * 1024**2
    except (KeyError, ValueError):
        return WORKER_MEMORY


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


def cap_memory() -> None:
    """Limit this (worker) process to what it maps now plus the worker allowance."""
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = _address_space() + worker_memory()
        cap = cap if hard == resource.RLIM_INFINITY else min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):
        pass  # no such limit on this platform: the time budget still applies


class OutOfBudget(Exception):
    """The bounded function ran out of time or memory; ``progress`` is the last thing it reported."""

    def __init__(self, reason: str, progress: Any):
        super().__init__(reason)
        self.reason, self.progress = reason, progress


class ChildFailed(Exception):
    """The bounded function raised; ``error`` is what ``describe`` made of the exception."""

    def __init__(self, error: Any):
        super().__init__(str(error))
        self.error = error


def run_bounded(fn: Callable[[Callable[[Any], None]], Any], timeout: float,
                describe: Callable[[BaseException], Any] = repr) -> Any:
    """``fn(progress)`` computed in a forked child within ``timeout`` seconds and the memory cap.

    Raises ``OutOfBudget`` (time or memory) or ``ChildFailed`` (``describe(exc)`` of what it raised).
    Without ``os.fork`` (not POSIX) ``fn`` runs here, unbounded.
    """
    if not hasattr(os, "fork"):
        try:
            return fn(lambda _p: None)
        except Exception as exc:  # noqa: BLE001 - handed to the caller as ChildFailed, like the forked path
            raise ChildFailed(describe(exc)) from None
    recv, send = multiprocessing.Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's clean-up handlers
        recv.close()
        code = 0
        try:
            cap_memory()
            out = ("ok", fn(lambda p: send.send(("at", p))))
        except MemoryError:
            out = ("memory", None)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            try:
                out = ("error", describe(exc))
            except BaseException:  # noqa: BLE001
                out = ("error", f"{type(exc).__name__}")
        try:
            send.send(out)
        except BaseException:  # noqa: BLE001 - e.g. the result does not pickle
            code = 1
        os._exit(code)
    send.close()
    progress, result = None, None
    deadline = time.monotonic() + timeout
    try:
        while result is None:
            left = deadline - time.monotonic()
            if left <= 0 or not recv.poll(left):
                raise OutOfBudget(f"took longer than {timeout:g} s", progress)
            try:
                kind, value = recv.recv()
            except EOFError:
                raise OutOfBudget("ran out of memory", progress) from None
            if kind == "at":
                progress = value
            else:
                result = (kind, value)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        recv.close()
    kind, value = result
    if kind == "ok":
        return value
    if kind == "memory":
        raise OutOfBudget("ran out of memory", progress)
    raise ChildFailed(value)


def run_for_command(work: Callable[[], Any], timeout: float, path: str, doing: str) -> Any:
    """``work()`` on a user's file for a command (show, codegen), bounded; failures become one-line errors.

    ``doing`` names the stage in messages (``building the model took longer than 60 s``).
    """
    from ..errors import DeriveError, InputError

    def describe(exc: BaseException) -> tuple:
        if isinstance(exc, InputError):
            return (exc.message, exc.file, exc.line)
        if isinstance(exc, DeriveError):
            return (str(exc), None, 0)
        return (f"{doing}: internal error {type(exc).__name__}", None, 0)
    try:
        return run_bounded(lambda _at: work(), timeout, describe)
    except OutOfBudget as exc:
        raise InputError(f"{doing} {exc.reason}", path, 0) from None
    except ChildFailed as exc:
        message, file, line = exc.error
        raise (InputError(message, file, line) if file else DeriveError(message)) from None

"""Running untrusted work under a time and memory bound: a forked child, killed at its deadline.

Owns the two limits every verifier stage shares: ``cap_memory`` (a worker may map at most
``DERIVE_WORKER_MEMORY_MB``, default 1024 MiB, beyond what it inherits) and ``Allowance`` (a task
may use so many seconds of its process's CPU time: a busy machine makes it wait longer, not do
less; a task that stalls without using CPU is still cut off after ``WALL_FACTOR`` times that in
wall time).  ``run_bounded`` runs a function in a forked child that reports progress — e.g. the
line being parsed — and its result through a pipe; past its allowance it is killed and the caller
learns the last progress it reported.  Used for loading files; claims use the same limits.
``Workers`` keeps forked workers for task after task (and round after round), each task under both
limits; a task may start a phase with a fresh allowance (``progress(p, renew=True)``).  ``run_kept``
is ``run_bounded`` on one such worker that the process keeps from call to call (loads, commands).
"""
from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection as mp_connection
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..collector import pace_for_sympy, with_stack_room
from ..errors import DeriveError

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


#: A task that uses no CPU (it waits on something) is cut off after this many times its allowance in wall time.
WALL_FACTOR = 5.0


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user and system) process ``pid`` has used so far, or None where /proc does not say."""
    try:  # nanoseconds on the CPU, where the kernel keeps them: a budget of a few milliseconds is one then
        with open(f"/proc/{pid}/schedstat", "rb") as schedstat:
            return int(schedstat.read().split()[0]) / 1e9
    except (OSError, IndexError, ValueError):
        pass
    try:  # clock ticks (10 ms)
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()  # the command name, in parentheses, may hold spaces
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError, AttributeError):
        return None


class Allowance:
    """The time a task in process ``pid`` may use: ``seconds`` of that process's CPU time (wall time where
    /proc does not say), and never more than ``WALL_FACTOR`` times ``seconds`` in wall time.

    CPU time, not wall time, so that a verdict does not depend on how busy the machine is: on a
    loaded machine the task gets the same work done, later.
    """

    def __init__(self, pid: int, seconds: float):
        self.pid, self.seconds = pid, seconds
        self.renew()

    def renew(self) -> None:
        """Start a fresh allowance now (a new phase of the task with its own budget)."""
        self.wall = time.monotonic()
        self.cpu = cpu_seconds(self.pid)
        self.deadline = self.wall + self.seconds

    def spent(self, now: float) -> bool:
        """True once the task has used its allowance; else ``deadline`` moves to when it next may have."""
        if now < self.deadline:
            return False
        cpu = cpu_seconds(self.pid) if self.cpu is not None else None
        left = self.seconds - (cpu - self.cpu) if cpu is not None else 0.0
        cap = self.wall + WALL_FACTOR * self.seconds
        if left <= 0 or now >= cap:
            return True
        self.deadline = min(now + max(left, 0.02), cap)  # it cannot use CPU faster than the wall clock runs
        return False


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
    """``fn(progress)`` computed in a forked child within ``timeout`` seconds (an ``Allowance``) and the memory cap.

    Raises ``OutOfBudget`` (time or memory) or ``ChildFailed`` (``describe(exc)`` of what it raised).
    Without ``os.fork`` (not POSIX) ``fn`` runs here, unbounded.
    """
    if not hasattr(os, "fork"):
        try:
            return fn(lambda _p, renew=False: None)
        except Exception as exc:  # noqa: BLE001 - handed to the caller as ChildFailed, like the forked path
            raise ChildFailed(describe(exc)) from None
    recv, send = multiprocessing.Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's clean-up handlers
        recv.close()
        code = 0
        try:
            cap_memory()
            out = ("ok", with_stack_room(fn, lambda p, renew=False: send.send(("renew" if renew else "at", p))))
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
    allowance = Allowance(pid, timeout)
    try:
        while result is None:
            if not recv.poll(max(0.0, allowance.deadline - time.monotonic())):
                if allowance.spent(time.monotonic()):
                    raise OutOfBudget(f"took longer than {timeout:g} s", progress)
                continue
            try:
                kind, value = recv.recv()
            except EOFError:
                raise OutOfBudget("ran out of memory", progress) from None
            if kind in ("at", "renew"):
                progress = value
                if kind == "renew":
                    allowance.renew()
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


#: A worker that has grown by more than this since it started is replaced after its current task
#: (freed memory is not always given back to the system; a fresh fork starts small again).
RECYCLE_GROWTH = 256 * 1024**2


@dataclass
class Outcome:
    """What a pool worker made of one task."""

    #: the last progress reported, or the result once ``final``
    latest: Any = None
    #: the task returned and ``latest`` is its result
    final: bool = False
    #: the worker ended without a result (memory limit, a crash)
    dead: bool = False
    #: what ``describe`` made of the exception the task raised (None: it did not raise)
    error: Any = None
    seconds: float = 0.0


def _fileno(stream: Any) -> int:
    """The file descriptor a standard stream writes to (pytest's capture, a notebook's), or 0."""
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return 0


def _serve(conn, work: Callable[[Any, Callable[[Any], None]], Any] | None,
           describe: Callable[[BaseException], Any], inherited: list, own_files_only: bool = False) -> None:
    """A pool worker's loop: one task at a time, each under a fresh memory allowance, until told to stop.

    ``work`` None: a shared pool (``Workers``), whose every task names its function and ``describe``.
    ``own_files_only``: close every file the parent had open but the standard streams (a worker that
    outlives the call that forked it must not hold a pipe or lock of its parent's open).
    """
    for c in inherited:  # other workers' pipe ends: holding them would hide their end from the parent
        c.close()
    if own_files_only:
        keep = sorted({0, 1, 2, conn.fileno(), getattr(multiprocessing.parent_process(), "sentinel", 0),
                       *map(_fileno, (sys.stdout, sys.stderr))})
        for low, high in zip(keep, [*keep[1:], os.sysconf("SC_OPEN_MAX")]):
            os.closerange(low + 1, high)
    # Ctrl-C reaches the whole process group: the parent handles it (and stops its workers), a worker
    # waiting for its next task would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # What the worker inherits (SymPy and derive, the loaded files) lives as long as it does: kept out
    # of the garbage collector's scans, which would also copy every page they touch from the parent.
    gc.freeze()
    pace_for_sympy()
    parent, start = os.getppid(), _address_space()
    while True:
        while not conn.poll(1.0):
            if os.getppid() != parent:  # the parent is gone: nobody will ever read a result
                return
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        run, what = (work, describe) if work is not None else task[:2]
        task = task if work is not None else task[2]
        cap_memory()  # each task may map the allowance beyond what the worker holds now
        refused = False
        try:
            out = ("ok", with_stack_room(run, task, lambda p, renew=False: conn.send(("renew" if renew else "at", p))))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which replaces this worker
            refused = isinstance(exc, DeriveError)
            try:
                out = ("error", what(exc))
            except BaseException:  # noqa: BLE001
                out = ("error", f"{type(exc).__name__}")
        # After a failure the worker's state is suspect, unless derive itself refused the input (a file's
        # error at its line: a folder of bad files would fork a worker for each); after much growth a
        # fresh fork is smaller.
        retire = (out[0] != "ok" and not refused) or _address_space() > start + RECYCLE_GROWTH
        try:
            conn.send((*out, retire))
        except OSError:  # the parent is gone (killed mid-task): nobody reads this, and a traceback would only alarm
            return
        except Exception:  # noqa: BLE001 - the result does not pickle: the worker ends, as a child in run_bounded does
            return
        if retire:
            return


def _here(work, task, describe, done) -> Outcome:
    try:
        return Outcome(with_stack_room(work, task, lambda _p, renew=False: None), final=True)
    except Exception as exc:  # noqa: BLE001 - handed to the caller, like the forked path
        return Outcome(error=describe(exc))
    finally:
        done()


class _Worker:
    """A forked worker of a pool and the task it is running (index, start, allowance)."""

    def __init__(self, ctx, work, describe, others: list, own_files_only: bool = False):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, work, describe, [*others, self.conn], own_files_only),
                                daemon=True)
        self.proc.start()
        child.close()
        self.task, self.start, self.retire = -1, 0.0, False
        self.allowance: Allowance | None = None
        self.group: Any = None  # the group of its last task (see ``_Queue``)
        self.holds: set = set()  # the groups whose shared work it holds (see ``Workers.run``)

    def read(self, outcome: Outcome) -> bool:
        """Take what the worker sent into ``outcome``; True once the task is over (result or death)."""
        try:
            while not outcome.final and self.conn.poll():
                kind, value, *retire = self.conn.recv()
                if kind in ("at", "renew"):
                    outcome.latest = value
                    if kind == "renew":
                        self.allowance.renew()
                elif kind == "ok":
                    outcome.latest, outcome.final, self.retire = value, True, bool(retire[0])
                else:  # kept only when the worker says so (derive refused the input: see ``_serve``)
                    outcome.error, self.retire = value, not retire or bool(retire[0])
                    return True
        except (EOFError, OSError):
            outcome.dead = True
        return outcome.final or outcome.dead or outcome.error is not None

    def stop(self) -> None:
        """Kill the worker (idle or not) and reap it."""
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()


class _Queue:
    """The tasks not yet started, by group: a worker keeps to the group of its last task.

    Tasks of one group (the claims of one file) share work a worker remembers (definitions
    expanded, derivatives, SymPy's caches), so each worker takes a group nobody else is on (one
    whose work it already holds if it can, else the largest first, so that no large one is left
    for the end) and stays with it; when none is left it helps with the largest group, from its far end.
    """

    def __init__(self, groups: Sequence):
        self.left: dict = {}
        for n, g in enumerate(groups):
            self.left.setdefault(g, []).append(n)

    def __bool__(self) -> bool:
        return bool(self.left)

    def take(self, last: Any, taken: set, holds: set = frozenset()) -> tuple[Any, int]:
        """(group, task) for a worker whose last task was in group ``last`` and which holds the work of
        ``holds``; ``taken``: groups others are on."""
        if last in self.left:
            group, first = last, True
        else:
            free = [g for g in self.left if g not in taken]
            own = [g for g in free if g in holds]
            group, first = (self._largest(own or free), True) if free else (self._largest(self.left), False)
        tasks = self.left[group]
        n = tasks.pop(0 if first else -1)
        if not tasks:
            del self.left[group]
        return group, n

    def _largest(self, groups) -> Any:
        """The group with the most tasks left (the first such in task order)."""
        return max(groups, key=lambda g: len(self.left[g]))

    def put_back(self, group: Any, n: int) -> None:
        """Return task ``n`` (its worker could not take it) to the front of its group."""
        self.left.setdefault(group, []).insert(0, n)
        self.left[group].sort()


def default_jobs() -> int:
    """Workers per pool: one per core (under pytest-xdist, this worker's share of them), at most 4."""
    # More than 4 only adds memory on the machines derive runs on.  Each xdist worker already keeps a
    # core busy: a pool of one per core inside each would run twice the processes the cores hold, each
    # setting up the work a file's claims share again (tests/outside under -n 2: 20 % more CPU time).
    try:
        sharing = max(1, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))
    except ValueError:
        sharing = 1
    return max(1, min(4, (os.cpu_count() or 1) // sharing))


class Workers:
    """Up to ``jobs`` forked worker processes, reused task after task and round after round.

    ``work`` fixes what every task does (``run_pool``); without it the pool is shared by several
    kinds of work (a command's loading, then its claims: the files a worker loaded, and the caches
    loading warmed, serve its claims), and each round names a module-level function, sent with
    every task.  Workers that overran, failed or grew too much are replaced by fresh forks.
    Without ``os.fork`` the tasks run here, one after another.
    """

    def __init__(self, jobs: int | None = None, work: Callable[[Any, Callable[[Any], None]], Any] | None = None,
                 describe: Callable[[BaseException], Any] = repr, own_files_only: bool = False):
        self.jobs, self.work, self.describe = max(1, jobs or default_jobs()), work, describe
        self.ctx = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
        self.idle: list[_Worker] = []
        #: Workers that outlive the call that forks them close the parent's other files (``_serve``).
        self.own_files_only = own_files_only

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker."""
        for worker in self.idle:
            worker.stop()
        self.idle = []

    def run(self, tasks: Sequence, timeout: float | Sequence[float], *,
            fn: Callable[[Any, Callable[[Any], None]], Any] | None = None,
            describe: Callable[[BaseException], Any] | None = None,
            done: Callable[[int], None] | None = None, groups: Sequence | None = None,
            holds: Callable[[int, Outcome], set] | None = None,
            settle: Callable[[int, Outcome], None] | None = None) -> list[Outcome]:
        """``fn(task, progress)`` (or the pool's ``work``) for every task, each within its ``timeout``
        (seconds; one for all, or one per task) and its own memory allowance; the outcomes in task order.

        ``done(n)`` is called as each task ``n`` ends, after ``settle(n, outcome)`` (which may replace
        the outcome's ``latest``: the caller's work on a result while the workers go on); ``groups``
        gives each task one (see ``_Queue``); ``holds(n, outcome)``: the groups whose work a worker
        holds after task ``n`` (default: its group).
        """
        timeouts = [timeout] * len(tasks) if isinstance(timeout, (int, float)) else list(timeout)
        done, settle = done or (lambda n: None), settle or (lambda n, o: None)
        fn, describe = fn or self.work, describe or self.describe
        if self.ctx is None:
            here = [_here(fn, t, describe, lambda: None) for t in tasks]
            for n, o in enumerate(here):
                settle(n, o)
                done(n)
            return here
        wrap = (lambda t: t) if self.work is not None else (lambda t: (fn, describe, t))
        groups = groups if groups is not None else range(len(tasks))
        outcomes = [Outcome() for _ in tasks]
        todo = _Queue(groups)
        busy: dict = {}
        ended: list[int] = []
        try:
            while todo or busy:
                while todo and len(busy) < self.jobs:
                    worker = self.idle.pop() if self.idle else self._fork(busy)
                    group, n = todo.take(worker.group, {w.group for w in busy.values()}, worker.holds)
                    try:
                        worker.conn.send(wrap(tasks[n]))
                    except OSError:  # it died while idle: a fresh one takes the task
                        todo.put_back(group, n)
                        worker.stop()
                        continue
                    worker.group, worker.task, worker.start = group, n, time.monotonic()
                    worker.allowance = Allowance(worker.proc.pid, timeouts[n])
                    busy[worker.conn] = worker
                for n in ended:  # once the idle workers have their next task: they need not wait for this
                    settle(n, outcomes[n])
                    done(n)
                ended = self._wait(busy, outcomes, lambda n, o: holds(n, o) if holds else {groups[n]})
            for n in ended:
                settle(n, outcomes[n])
                done(n)
        finally:
            for worker in busy.values():
                worker.stop()
        return outcomes

    def _fork(self, busy: dict) -> _Worker:
        return _Worker(self.ctx, self.work, self.describe, [w.conn for w in [*self.idle, *busy.values()]],
                       self.own_files_only)

    def _wait(self, busy: dict, outcomes: list[Outcome], holds) -> list[int]:
        """Wait for the next finished or overdue tasks; their workers go back to ``idle`` or are stopped."""
        soonest = min(w.allowance.deadline for w in busy.values())
        ready = set(mp_connection.wait(list(busy), timeout=max(0.0, soonest - time.monotonic())))
        now, ended = time.monotonic(), []
        for conn, worker in list(busy.items()):
            outcome = outcomes[worker.task]
            over = worker.read(outcome) if conn in ready or now >= worker.allowance.deadline else False
            if not over and not worker.allowance.spent(now):
                continue
            outcome.seconds = now - worker.start
            del busy[conn]
            if (outcome.final or outcome.error is not None) and not worker.retire and not outcome.dead:
                if outcome.final:
                    worker.holds |= holds(worker.task, outcome)
                self.idle.append(worker)
            else:
                worker.stop()
            ended.append(worker.task)
        return ended


def run_pool(work: Callable[[Any, Callable[[Any], None]], Any], tasks: Sequence, timeout: float | Sequence[float],
             jobs: int, describe: Callable[[BaseException], Any] = repr,
             done: Callable[[int], None] | None = None, groups: Sequence | None = None) -> list[Outcome]:
    """``work(task, progress)`` for every task in up to ``jobs`` reused forked workers, each task within
    its ``timeout`` (seconds; one for all, or one per task) and its own memory allowance; the outcomes
    in task order.  ``done(n)`` is called as each task ``n`` ends.

    A worker runs one task at a time and takes the next when it is done (of the same group, when
    ``groups`` gives each task one; see ``_Queue``); one whose task runs past its deadline or raises
    is replaced by a fresh fork.  Without ``os.fork`` the tasks run here.
    """
    with Workers(jobs, work, describe) as workers:
        return workers.run(tasks, timeout, done=done, groups=groups)


#: The worker this process keeps for ``run_kept``, the table of constructs and the memory allowance it has.
_KEPT: list = []
_KEPT_LOCK = threading.Lock()
_OUT_OF_MEMORY = "out of memory"


def _forget_kept() -> None:
    """In a child forked from this process: the kept worker is its parent's, neither to use nor to stop at exit."""
    global _KEPT_LOCK
    for worker in _KEPT[0].idle if _KEPT else ():
        multiprocessing.process._children.discard(worker.proc)  # else its exit handler would terminate it
    _KEPT.clear()
    _KEPT_LOCK = threading.Lock()  # another thread may have held it at the fork


if hasattr(os, "fork"):
    os.register_at_fork(after_in_child=_forget_kept)


@dataclass(frozen=True)
class _Described:
    """``describe(exc)``, or ``_OUT_OF_MEMORY`` for a ``MemoryError`` (picklable, to travel with a task)."""

    describe: Callable[[BaseException], Any]

    def __call__(self, exc: BaseException) -> Any:
        return _OUT_OF_MEMORY if isinstance(exc, MemoryError) else self.describe(exc)


def _as_forked(task: tuple, progress: Callable[[Any], None]) -> Any:
    """In a kept worker: ``fn(arg, progress)`` from the parent's directory and numbering its dummies from where
    the parent is, as a fresh fork would."""
    import sympy
    fn, arg, count, cwd = task
    sympy.Dummy._count = count
    if cwd is not None and cwd != os.getcwd():
        os.chdir(cwd)
    return fn(arg, progress)


def _here_now() -> str | None:
    """This process's working directory (None when it was removed)."""
    try:
        return os.getcwd()
    except OSError:
        return None


def run_kept(fn: Callable[[Any, Callable[[Any], None]], Any], arg: Any, timeout: float,
             describe: Callable[[BaseException], Any] = repr) -> Any:
    """``run_bounded(lambda progress: fn(arg, progress), timeout, describe)``, on a worker this process keeps.

    The same bounds, errors and result; but a forked process holding hundreds of MB costs tens of ms
    to fork and a fresh one warms SymPy's caches again, so a program that loads file after file (the
    pytest plugin collecting a folder, a notebook, a test suite) forks once.  ``fn`` and ``describe``
    are module-level functions; they and ``arg`` travel to the worker, which runs them in this
    process's working directory and holds none of its other open files.  The worker is forked afresh
    when this process has forked since, a construct was registered or replaced since (it would not
    know it), the memory allowance changed, or after a failure (``Workers``).  A call that cannot use
    it (another thread is, ``arg`` does not pickle, a daemonic process may not start one) forks a child
    of its own, as ``run_bounded`` does.  Module settings changed after the worker was forked (a
    limit in ``derive.verify.fileformat``) do not reach it.
    """
    import pickle

    import sympy
    try:
        pickle.dumps((fn, arg, describe))
    except Exception:  # noqa: BLE001 - anything that cannot travel runs as run_bounded runs it
        movable = False
    else:
        movable = hasattr(os, "fork") and not multiprocessing.current_process().daemon
    if not movable or not _KEPT_LOCK.acquire(blocking=False):
        return run_bounded(lambda progress: fn(arg, progress), timeout, describe)
    try:
        from ..language.table import constructs, same_table
        table, allowance = constructs(), worker_memory()
        if _KEPT and not (same_table(_KEPT[1], table) and _KEPT[2] == allowance):
            _KEPT.pop(0).close()
            _KEPT.clear()
        if not _KEPT:
            _KEPT[:] = [Workers(1, own_files_only=True), table, allowance]
        task = (fn, arg, sympy.Dummy._count, _here_now())
        (o,) = _KEPT[0].run([task], timeout, fn=_as_forked, describe=_Described(describe))
    finally:
        _KEPT_LOCK.release()
    if o.final:
        return o.latest
    if o.dead or o.error == _OUT_OF_MEMORY:
        raise OutOfBudget("ran out of memory", o.latest)
    if o.error is not None:
        raise ChildFailed(o.error)
    raise OutOfBudget(f"took longer than {timeout:g} s", o.latest)


@dataclass(frozen=True)
class _ForCommand:
    """What a command's bounded work raised, as (message, file, line); ``doing`` names the stage."""

    doing: str

    def __call__(self, exc: BaseException) -> tuple:
        from ..errors import InputError
        if isinstance(exc, InputError):
            return (exc.message, exc.file, exc.line)
        if isinstance(exc, DeriveError):
            return (str(exc), None, 0)
        return (f"{self.doing}: internal error {type(exc).__name__}", None, 0)


def run_for_command(work: Callable[[Any, Callable[[Any], None]], Any], arg: Any, timeout: float, path: str,
                    doing: str) -> Any:
    """``work(arg, progress)`` on a user's file for a command (show, codegen), bounded (``run_kept``); failures
    become one-line errors.

    ``doing`` names the stage in messages (``building the model took longer than 60 s``).
    """
    from ..errors import InputError
    try:
        return run_kept(work, arg, timeout, _ForCommand(doing))
    except OutOfBudget as exc:
        raise InputError(f"{doing} {exc.reason}", path, 0) from None
    except ChildFailed as exc:
        message, file, line = exc.error
        raise (InputError(message, file, line) if file else DeriveError(message)) from None

"""Benchmark: time of the whole softmax derivation, symbolic and at explicit sizes.

Prints median wall times and the CPU time used (each run in a fresh fork of this process, which
has only imported derive: SymPy's cache and derive's own memos, such as ``engine.derive``'s table of
derivations, start empty every time; on a shared machine other processes stretch the wall time
only) beside a baseline measured in the same run: plain ``sympy.diff`` of the written-out loss by
every weight entry, with no simplification at all.  Goals (issue 2): symbolic < 2 s, explicit n = 3
< 1 s, explicit n = 20 < 5 s on a 2-core machine; (issue 14, goal 5) explicit n = 50 ≤ 3 s and
n = 100 ≤ 10 s (``--sizes 50 100``).  Then every catalog model's derivation
by every input (goal: < 5 s each) and ``derive list`` in a fresh process (goal: < 1 s),
beside ``python -c pass`` as the interpreter's own start-up.  Last, how fast the machine was
(``machine.py``: a fixed SymPy job).

    python benchmarks/bench_derive.py [--repeat 3] [--sizes 3 10 20 50] [--no-catalog]
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

import sympy as sp

from derive import catalog
from derive.engine import derive
from derive.explicit import derive_explicit
from machine import machine_line

GOALS = {"symbolic": 2.0, 3: 1.0, 20: 5.0, 50: 3.0, 100: 10.0}


def timed(fn, repeat: int, cpu: list | None = None) -> float:
    """Median seconds of ``fn()`` over ``repeat`` cold runs (CPU seconds appended to ``cpu``)."""
    times, used = [], []
    for _ in range(repeat):
        wall, spent = _cold(fn)
        times.append(wall)
        used.append(spent)
    if cpu is not None:
        cpu.append(statistics.median(used))
    return statistics.median(times)


def _cold(fn) -> tuple[float, float]:
    """Wall and CPU seconds of ``fn()`` in a forked child, which starts from this process's empty caches.

    Clearing SymPy's cache is not enough: derive remembers its derivations (``engine.derive``) and
    the kernel's recent results, so a second run in one process measured a table look-up (0.000 s).
    """
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: time fn, send the two numbers, leave without running the parent's cleanup
        status = 1
        try:
            os.close(read)
            t0, c0 = time.perf_counter(), time.process_time()
            fn()
            os.write(write, f"{time.perf_counter() - t0!r} {time.process_time() - c0!r}".encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    with os.fdopen(read) as pipe:
        out = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not out:
        raise RuntimeError("a timed run failed in its child process")
    wall, spent = map(float, out.split())
    return wall, spent


def naive_diff(model, n: int) -> None:
    """Baseline: differentiate the fully written-out loss by every weight, unsimplified."""
    subs = {sym: sp.Integer(n) for sym in model.size_symbols.values()}
    z = {(i,): model.definition("z", (i,)).xreplace(subs).doit() for i in range(1, n + 1)}
    s_of_z = {(i,): model.definition("s", (i,)).xreplace(subs).doit() for i in range(1, n + 1)}
    loss = model.definition("L", ()).xreplace(subs).doit()
    zb, sb = sp.IndexedBase("z"), sp.IndexedBase("s")
    loss = loss.xreplace({sb[i]: s_of_z[(i,)] for i in range(1, n + 1)})
    loss = loss.xreplace({zb[i]: z[(i,)] for i in range(1, n + 1)})
    W = sp.IndexedBase("W")
    for j in range(1, n + 1):
        for k in range(1, n + 1):
            sp.diff(loss, W[j, k])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sizes", type=int, nargs="*", default=[3, 10, 20, 50])
    ap.add_argument("--no-catalog", action="store_true",
                    help="skip the catalog models and 'derive list' (minutes) when timing explicit sizes")
    args = ap.parse_args()
    model = catalog.get("softmax")
    # CPU seconds beside wall seconds: on a shared machine other processes stretch the wall time only.
    print(f"{'mode':<16}{'derive (s)':>12}{'cpu (s)':>9}{'naive diff (s)':>16}{'ratio':>8}{'goal (s)':>10}  verdict")
    cpu: list[float] = []
    t = timed(lambda: derive(model, "W"), args.repeat, cpu)
    print(f"{'symbolic':<16}{t:>12.3f}{cpu[-1]:>9.3f}{'-':>16}{'-':>8}{GOALS['symbolic']:>10.1f}  "
          f"{'ok' if t < GOALS['symbolic'] else 'SLOW'}")
    for n in args.sizes:
        repeat = args.repeat if n <= 20 else 1
        t = timed(lambda: derive_explicit(model, "W", {"n": n, "m": n}), repeat, cpu)
        base = timed(lambda: naive_diff(model, n), 1) if n <= 10 else float("nan")  # minutes beyond n = 10
        goal = GOALS.get(n)
        verdict = "-" if goal is None else ("ok" if t < goal else "SLOW")
        print(f"{f'explicit n={n}':<16}{t:>12.3f}{cpu[-1]:>9.3f}{base:>16.3f}{t / base:>8.2f}{goal or float('nan'):>10.1f}  {verdict}")
    if not args.no_catalog:
        catalog_and_list(args.repeat)
    print(machine_line())


def catalog_and_list(repeat: int) -> None:
    """Each catalog model's derivations by all its inputs, and the start-up of ``derive list``."""
    import subprocess
    import sys
    print(f"\n{'catalog model':<18}{'all inputs (s)':>16}{'goal (s)':>10}  verdict")
    for name, model in catalog.CATALOG.items():
        wrts = [q.name for q in model.inputs if q.role in ("param", "data") and model.depends_on(model.loss, q.name)]
        t = timed(lambda: [derive(model, w) for w in wrts], repeat)
        print(f"{name:<18}{t:>16.3f}{5.0:>10.1f}  {'ok' if t < 5 else 'SLOW'}")

    def run(argv):
        return timed(lambda: subprocess.run(argv, check=True, capture_output=True), repeat)
    base = run([sys.executable, "-c", "pass"])
    t = run([sys.executable, "-m", "derive", "list"])
    print(f"\n'derive list' {t:.3f} s vs interpreter start-up {base:.3f} s (ratio {t / base:.1f}); goal < 1 s: "
          f"{'ok' if t < 1 else 'SLOW'}")


if __name__ == "__main__":
    main()

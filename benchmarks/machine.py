"""How fast this machine is in this run: a fixed SymPy job that runs none of derive's code.

The same command's CPU time has swung by ~45 % between stretches on the shared 2-core machine the
goals were set on, so each benchmark prints this job's time beside its own: a goal missed in a slow
stretch can be told from a slower derive.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time

#: A fresh interpreter imports SymPy and expands a polynomial (~1 s).
MACHINE_JOB = "import sympy as sp; x, y, z, w = sp.symbols('x y z w'); sp.expand((x + y + z + w) ** 20)"


def machine_seconds(runs: int = 3) -> float:
    """Median wall time of ``MACHINE_JOB`` in a fresh interpreter."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", MACHINE_JOB], check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def machine_line() -> str:
    """The line each benchmark ends with."""
    return f"machine speed: a fixed SymPy job (no derive code) {machine_seconds():.2f} s (median of 3)"

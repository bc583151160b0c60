"""Benchmark: the test suite run by the README's test command, against its goal (issue 14, goal 6: ≤ 150 s).

Runs ``python -m pytest`` (the README's command; its addopts spread the tests over every core with
pytest-xdist) in this checkout, and prints the wall time as a fraction of the goal, the CPU time of
pytest and everything it started, the share of the cores that was busy (the suite is bound by CPU
when that is near 1: only less work makes it faster, not better scheduling), the slowest tests, and
how fast the machine was in the same run (``machine.py``).

    python benchmarks/bench_suite.py [--slowest 15] [pytest arguments…]
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from machine import machine_line

GOAL = 150.0
ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    """Run the suite once and print its times against the goal."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--slowest", type=int, default=15, help="how many of the slowest tests to list")
    args, extra = ap.parse_known_args(argv)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          f"--durations={args.slowest}", *extra], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    lines = run.stdout.splitlines()
    summary = next((line for line in reversed(lines) if re.search(r"\d+ (passed|failed)", line)), "(no summary)")
    print(f"test suite: {summary.strip('= ')}")
    # A failure in one run of several is what this script is often run to catch: name it.
    for line in lines:
        if line.startswith(("FAILED ", "ERROR ")):
            print("  " + line)
    print(f"wall {wall:.1f} s = {wall / GOAL:.2f}x the {GOAL:g} s goal; CPU {cpu:.1f} s on {os.cpu_count()} cores "
          f"(busy {cpu / (wall * (os.cpu_count() or 1)):.0%} of the time)")
    start = next((i for i, line in enumerate(lines) if "slowest" in line and "durations" in line), None)
    if start is not None:
        print("slowest:")
        for line in lines[start + 1:start + 1 + args.slowest]:
            if re.match(r"\s*\d+\.\d+s ", line):
                print("  " + line.strip())
    print(machine_line())
    return run.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

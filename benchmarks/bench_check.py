"""Time per claim of ``derive check`` on the examples, as a ratio to loading (parsing + validating) the file.

Run: python benchmarks/bench_check.py [PATH...]   (default: examples/).  The goal is
``derive check examples/`` within 30 s on a 2-core machine; the total is printed last.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from derive.verify import check_loaded, load_file
from derive.verify.command import find_files


def main(argv: list[str]) -> int:
    """Print load time, each claim's time and its ratio to the load time, and the total."""
    paths = argv or [str(Path(__file__).parents[1] / "examples")]
    start = time.perf_counter()
    for path in find_files(paths):
        t0 = time.perf_counter()
        loaded = load_file(path)
        load = time.perf_counter() - t0
        print(f"{path}: load {load * 1000:.1f} ms (baseline)")
        report = check_loaded(loaded)
        for c in report.claims:
            print(f"  {c.verdict:9s} {c.seconds:6.2f} s  {c.seconds / load:8.0f}x load  {c.name}")
    total = time.perf_counter() - start
    print(f"total {total:.2f} s (goal: under 30 s for examples/)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

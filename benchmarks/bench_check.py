"""Time per claim of ``derive check`` on the examples, as a ratio to loading (parsing + validating) the file.

Run: python benchmarks/bench_check.py [--catalog] [PATH...]   (default: examples/).  The goal is
``derive check examples/`` within 30 s on a 2-core machine; the total is printed last.
Claims of one file are checked in parallel workers, so per-claim times overlap.
``--catalog`` also times the in-memory files of ``derive check --catalog`` (no goal: it is CI's
guard over the catalog, not an interactive command).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from derive.verify import check_loaded, load_file
from derive.verify.command import find_files


def main(argv: list[str]) -> int:
    """Print load time, each claim's time and its ratio to the load time, and the total."""
    catalog = "--catalog" in argv
    argv = [a for a in argv if a != "--catalog"]
    paths = argv or [str(Path(__file__).parents[1] / "examples")]
    start = time.perf_counter()
    files = [(str(p), lambda p=p: load_file(p)) for p in find_files(paths)]
    if catalog:
        from derive.catalog import CATALOG
        from derive.verify.catalogclaims import model_file
        files += [(f"catalog:{n}", lambda m=m: model_file(m)) for n, m in CATALOG.items()]
    for path, load_it in files:
        t0 = time.perf_counter()
        loaded = load_it()
        load = time.perf_counter() - t0
        print(f"{path}: load {load * 1000:.1f} ms (baseline)")
        report = check_loaded(loaded, 60.0 if path.startswith("catalog:") else 10.0)
        for c in report.claims:
            print(f"  {c.verdict:9s} {c.seconds:6.2f} s  {c.seconds / load:8.0f}x load  {c.name}")
    total = time.perf_counter() - start
    print(f"total {total:.2f} s (goal: under 30 s for examples/{'; includes the catalog' if catalog else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

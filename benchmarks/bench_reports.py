"""How long ``derive report`` takes on the whole catalog, every format (goal: under 10 s).

Run: ``python benchmarks/bench_reports.py``.  The baseline measured in the same run is
``derive show`` (the derivation alone, as text), so the ratio says what reports add on top
of deriving.  Each whole-catalog pass starts from a fresh process, as a user's command would.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from derive.catalog import CATALOG

GOAL_SECONDS = 10.0


def run(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "derive", *argv], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        baseline = sum(run(["show", name]) for name in CATALOG)
        total, rows = 0.0, []
        for name in CATALOG:
            for fmt in ("html", "tex", "md"):
                seconds = run(["report", name, "-o", str(Path(tmp) / f"{name}.{fmt}")])
                rows.append((name, fmt, seconds))
                total += seconds
    for name, fmt, seconds in rows:
        print(f"{name:<16} {fmt:<5} {seconds:6.2f} s")
    print(f"derive show, whole catalog (baseline): {baseline:6.2f} s")
    print(f"derive report, whole catalog, all formats: {total:6.2f} s "
          f"({total / baseline:.1f}x the baseline; goal < {GOAL_SECONDS:.0f} s: "
          f"{'met' if total < GOAL_SECONDS else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

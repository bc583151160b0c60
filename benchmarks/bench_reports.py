"""How long ``derive report`` takes on the whole catalog, every format (goal: under 10 s).

Run: ``python benchmarks/bench_reports.py``.  The command measured is the one a user runs,
``derive report --catalog -o FOLDER`` (one process, every model in html, tex and md), from a
fresh process.  The baseline measured in the same run is ``derive show`` of every model in
one process (the derivations alone, printed as text), so the ratio says what reports add on
top of deriving.  Below that, each model's report build in this process, one core, so the
costliest models stand out.  The machine's load is printed: other work on the two cores
slows the parallel command directly.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from derive.catalog import CATALOG

GOAL_SECONDS = 10.0
FORMATS = ("html", "tex", "md")


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    show_all = "; ".join(f"main(['show', {name!r}])" for name in CATALOG)
    baseline = timed([sys.executable, "-c", f"from derive.cli import main; {show_all}"])
    with tempfile.TemporaryDirectory() as tmp:
        total = timed([sys.executable, "-m", "derive", "report", "--catalog", "-o", tmp])
        written = len(os.listdir(tmp))
    assert written == len(CATALOG) * len(FORMATS), written

    from reports.build import build_model_report
    from reports.render import render
    rows = []
    for name, model in CATALOG.items():
        start = time.perf_counter()
        report = build_model_report(model)
        built = time.perf_counter()
        for fmt in FORMATS:
            render("report", fmt, r=report)
        rows.append((name, built - start, time.perf_counter() - built))
    for name, build, rend in rows:
        print(f"{name:<18} build {build:6.2f} s   render 3 formats {rend:5.2f} s")
    print(f"one core, sum of builds: {sum(r[1] for r in rows):6.2f} s")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"derive show, whole catalog, one process (baseline): {baseline:6.2f} s")
    print(f"derive report --catalog, {len(CATALOG)} models x {len(FORMATS)} formats: {total:6.2f} s "
          f"({total / baseline:.1f}x the baseline; goal < {GOAL_SECONDS:.0f} s: "
          f"{'met' if total < GOAL_SECONDS else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The verdict cache: ``derive check`` cold, then re-run with nothing changed, side by side in one run.

Run: python benchmarks/bench_cache.py [PATH...]   (default: examples/).  Each command runs in
a fresh process, as CI runs it, with a fresh cache folder: the cold run fills it, the warm
run must take under 1 s for the examples (issue 14 goal 3) and print byte for byte the same.
The baseline is the import floor (``python -c 'import derive.verify.command'``), which no
re-run can beat.  With ``--pytest`` the plugin is timed too (``pytest PATH``, cold and warm).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str]) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    return time.perf_counter() - start, proc.stdout


def main(argv: list[str]) -> int:
    """Print the import floor, the cold and the warm run, and their ratios."""
    with_pytest = "--pytest" in argv
    paths = [a for a in argv if a != "--pytest"] or [str(ROOT / "examples")]
    floor, _ = _run(["-c", "import derive.verify.command"])
    print(f"import floor          {floor:7.2f} s  (baseline)")
    with tempfile.TemporaryDirectory() as folder:
        # A budget a loaded machine does not run out of: timed-out claims are never cached, by design.
        cache = ["--cache-dir", str(Path(folder) / "cli"), "--timeout", "600"]
        cold, out_cold = _run(["-m", "derive", "check", *paths, *cache])
        warm, out_warm = _run(["-m", "derive", "check", *paths, *cache])
        print(f"derive check, cold    {cold:7.2f} s  {cold / floor:6.1f}x floor")
        print(f"derive check, warm    {warm:7.2f} s  {warm / floor:6.1f}x floor  {cold / warm:6.1f}x faster than cold"
              f"  (goal: under 1 s for examples/: {'met' if warm < 1 else 'NOT met'})")
        print(f"same output: {out_cold == out_warm}")
        if with_pytest:
            opts = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0", "--derive-timeout", "600",
                    f"--derive-cache-dir={Path(folder) / 'plugin'}", *paths]
            cold, _ = _run(opts)
            warm, _ = _run(opts)
            print(f"pytest plugin, cold   {cold:7.2f} s")
            print(f"pytest plugin, warm   {warm:7.2f} s  {cold / warm:6.1f}x faster than cold")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The verdict cache: ``derive check`` cold, then re-run with nothing changed, side by side in one run.

Run: python benchmarks/bench_cache.py [--pytest] [PATH...]   (default: examples/).  Each command
runs in a fresh process, as CI runs it, with a fresh cache folder: the cold run fills it, the
warm run (median of ``REPEAT``) must take under 1 s for the examples (issue 14 goal 3) and print
byte for byte the same.  Printed beside it: the same re-run with only the claim-level entries
(the file-level ones removed: every file loaded, SymPy imported, each claim's key computed),
which is what the file-level layer saves; the import floor of a served run
(``import derive.verify.command``) and the SymPy-and-prover floor (``import derive.verify.check``)
that a re-run used to pay before checking anything.  With ``--pytest`` the plugin is timed too
(``pytest PATH``, cold and warm).
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 5


def _run(args: list[str]) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    return time.perf_counter() - start, proc.stdout


def _median(args: list[str], before=None) -> tuple[float, str]:
    times, out = [], ""
    for _ in range(REPEAT):
        if before:
            before()
        seconds, out = _run(args)
        times.append(seconds)
    return statistics.median(times), out


def _claims_only(source: Path, target: Path) -> None:
    """``target``: a copy of the cache in ``source`` with the file-level entries left out."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=lambda folder, names: {"files"} if Path(folder) == source else set())


def main(argv: list[str]) -> int:
    """Print the floors, the cold and the warm runs, and their ratios."""
    with_pytest = "--pytest" in argv
    paths = [a for a in argv if a != "--pytest"] or [str(ROOT / "examples")]
    floor, _ = _median(["-c", "import derive.verify.command"])
    heavy, _ = _median(["-c", "import derive.verify.check"])
    print(f"import floor (served run)      {floor:6.2f} s  (baseline)")
    print(f"import SymPy and the prover    {heavy:6.2f} s  {heavy / floor:5.1f}x floor")
    with tempfile.TemporaryDirectory() as folder:
        cli, claims = Path(folder) / "cli", Path(folder) / "claims"
        # A budget a loaded machine does not run out of: timed-out claims are never cached, by design.
        check = ["-m", "derive", "check", *paths, "--timeout", "600"]
        cold, out_cold = _run([*check, "--cache-dir", str(cli)])
        warm, out_warm = _median([*check, "--cache-dir", str(cli)])
        old, out_old = _median([*check, "--cache-dir", str(claims)], before=lambda: _claims_only(cli, claims))
        print(f"derive check, cold             {cold:6.2f} s  {cold / floor:5.1f}x floor")
        print(f"derive check, claim cache only {old:6.2f} s  {old / floor:5.1f}x floor  "
              f"{cold / old:5.1f}x faster than cold")
        print(f"derive check, warm             {warm:6.2f} s  {warm / floor:5.1f}x floor  "
              f"{cold / warm:5.1f}x faster than cold, {old / warm:4.1f}x than claim cache only  "
              f"(goal: under 1 s for examples/: {'met' if warm < 1 else 'NOT met'})")
        print(f"same output: {out_cold == out_warm == out_old}")
        if with_pytest:
            opts = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0", "--derive-timeout", "600",
                    f"--derive-cache-dir={Path(folder) / 'plugin'}", *paths]
            cold, _ = _run(opts)
            warm, _ = _median(opts)
            print(f"pytest plugin, cold            {cold:6.2f} s")
            print(f"pytest plugin, warm            {warm:6.2f} s  {cold / warm:5.1f}x faster than cold")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Claims per second of ``derive check``: the examples, tests/outside, three sigmoid layers, the catalog and
a generated file of 200 claims.

Run: python benchmarks/bench_check.py [--quick]   (--quick: the examples only).

Each corpus is checked the way ``derive check --no-cache`` checks it (``check_files``: one pool
of reused worker processes, the ones that loaded the files, for all its files, the per-claim
time budget) and printed as claims per second, beside the cost of loading (parsing and
validating) the same files, measured in the same run as the baseline.  The goals
(issue 14, goal 2) are wall times on a 2-core machine: the examples within 3 s and the catalog
within 8 s.  The examples goal is printed for today's folder and for the four files (20 claims) it
held when the goal was set (14-16 s then); the verdict counts are printed so a speed-up that changed
a verdict shows.  Last, the whole command (``python -m derive check … --no-cache``, interpreter
start and imports included) is timed three times per goal and its median printed as a fraction of
the goal, with the CPU time it took (the command and its workers); the examples also with the
verdict cache on and empty, as a first run on a clean checkout (which writes the entries too).
Last, a fixed SymPy job that runs none of derive's code is timed, to say how fast the machine was.
"""
from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from derive.collector import size_sympy_caches
from machine import machine_line

size_sympy_caches()  # as derive's commands do

from derive.verify.check import check_files  # noqa: E402 - after SymPy's cache size is set
from derive.verify.catalogclaims import catalog_files  # noqa: E402
from derive.verify.command import find_files, load_all  # noqa: E402
from derive.verify.crew import Crew  # noqa: E402

EXAMPLES = Path(__file__).parents[1] / "examples"
#: Textbook and lecture-note derivations written by others (Nielsen's BP1-BP4 in matrix notation among them).
OUTSIDE = Path(__file__).parents[1] / "tests" / "outside"
#: Backpropagation through three sigmoid layers: the heaviest claims proved within the default budget.
DEEP = Path(__file__).parent / "corpora" / "three_sigmoid_layers.derive.toml"

#: The generated file's claims: the softmax example's, true and false, at every pair of index names.
_CLAIMS = [
    ("diff(L, s[{a}]) = -y[{a}]/s[{a}]", True),
    ("diff(s[{a}], z[{b}]) = s[{a}]*(delta({a}, {b}) - s[{b}])", True),
    ("diff(L, z[{a}]) = s[{a}] - y[{a}]", True),
    ("diff(L, W[{a}, {b}]) = (s[{a}] - y[{a}])*x[{b}]", True),
    ("diff(s[{a}], z[{b}]) = s[{a}]*(1 - s[{b}])", False),
    ("diff(L, z[{a}]) = y[{a}] - s[{a}]", False),
]
_HEADER = '''title = "generated: 200 claims on the softmax classifier"
given = ["Sum(y[i], (i, 1, n)) = 1"]
[sizes]
n = "classes"
m = "features"
[inputs]
x = ["m"]
W = ["n", "m"]
y = ["n"]
[define]
"z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
"L" = "-Sum(y[i]*log(s[i]), (i, 1, n))"
'''


def generated_file(folder: Path, count: int = 200) -> Path:
    """Write a derivation file with ``count`` claims (a third of them false) and return its path."""
    names = ["j", "k", "l", "p", "q", "r", "t", "u", "v", "a", "c", "d", "e"]
    pairs = [(a, b) for a in names for b in names if a != b]
    lines = [_HEADER]
    for n in range(count):
        text, _true = _CLAIMS[n % len(_CLAIMS)]
        a, b = pairs[(n // len(_CLAIMS)) % len(pairs)]
        lines.append(f'[[claim]]\nname = "claim {n + 1}"\neq = "{text.format(a=a, b=b)}"\n')
    path = folder / "generated.derive.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def measure(label: str, load) -> None:
    """Load (the baseline), then check, and print claims per second and the verdict counts.

    ``load(crew)`` loads the files; like ``derive check``, the workers that load them check them.
    """
    with Crew() as crew:
        t0 = time.perf_counter()
        files = load(crew)
        loading = time.perf_counter() - t0
        t0 = time.perf_counter()
        reports = check_files([(f, 60.0, None) for f in files], crew=crew)
        checking = time.perf_counter() - t0
    claims = [c for r in reports for c in r.claims]
    counts = Counter(c.verdict for c in claims)
    print(f"{label:12s} {len(claims):4d} claims  check {checking:6.2f} s  {len(claims) / checking:6.1f} claims/s  "
          f"load {loading * 1000:7.1f} ms ({checking / loading:5.0f}x load)  "
          + ", ".join(f"{counts[v]} {v}" for v in sorted(counts)))


#: The examples folder when issue 14 was filed: these four files, 20 claims, 14-16 s.  The folder has
#: grown since (Markdown and LaTeX notes, matrix forms, textbook mistakes), so the goal is printed for both.
FILED = ["softmax.derive.toml", "softmax_mistakes.derive.toml", "logistic.derive.toml", "mlp.derive.toml"]

#: (label, arguments of ``derive check``, goal in seconds, with a cold cache): issue 14, goal 2.
GOALS = [("examples/", [str(EXAMPLES)], 3.0, False),
         ("examples/, cold cache", [str(EXAMPLES)], 3.0, True),
         ("examples/ as filed", [str(EXAMPLES / name) for name in FILED], 3.0, False),
         ("--catalog", ["--catalog"], 8.0, False)]


def command_seconds(args: list[str], runs: int = 3, cold_cache: bool = False) -> tuple[float, float]:
    """Median wall and CPU time of ``python -m derive check ARGS --no-cache`` (a fresh interpreter each run).

    ``cold_cache``: with the verdict cache on but empty (a new folder each run), as the first
    ``derive check`` on a clean checkout runs; it also writes the entries.  The CPU time (the command
    and its workers, user and system) varies less than the wall time with the machine's load, so a
    change is easier to see in it.
    """
    times, cpu = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            cache = ["--cache-dir", str(Path(folder) / "cache")] if cold_cache else ["--no-cache"]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "derive", "check", *args, *cache],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            times.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(times), statistics.median(cpu)


def main(argv: list[str]) -> int:
    """Print one line per corpus, then the command's wall time against each goal."""
    measure("examples", lambda crew: load_all(find_files([str(EXAMPLES)]), crew=crew))  # as `derive check` does
    if "--quick" in argv:
        return 0
    measure("outside", lambda crew: load_all(find_files([str(OUTSIDE)]), crew=crew))
    measure("deep", lambda crew: load_all([DEEP], crew=crew))
    measure("catalog", lambda crew: catalog_files())
    with tempfile.TemporaryDirectory() as tmp:
        path = generated_file(Path(tmp))
        measure("generated", lambda crew: load_all([path], crew=crew))
    for label, args, goal, cold in GOALS:
        seconds, cpu = command_seconds(args, cold_cache=cold)
        print(f"derive check {label:22s} {seconds:6.2f} s wall (median of 3)  "
              f"{seconds / goal:5.2f}x the {goal:g} s goal  ({cpu:.2f} s CPU)")
    print(machine_line())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

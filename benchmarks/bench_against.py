"""This checkout against an earlier revision, round-robin in one run: are the timed workloads slower?

Run: ``python benchmarks/bench_against.py REV`` (e.g. the last landing's commit).  REV is checked
out into a temporary git worktree; both trees run the same workloads with this interpreter (each
in a fresh process, the tree's own code first on ``sys.path``), three rounds, medians, and the
ratio new/old is printed per workload: deriving every catalog model (plus explicit n = 10),
checking REV's softmax, logistic and mlp examples, ``derive report --catalog`` in every format,
and compiling three models to NumPy.  A ratio above 1 is a slowdown to explain.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
ROUNDS = 3
DERIVE_ALL = ("from derive.catalog import CATALOG\nfrom derive.engine import derive\n"
              "from derive.explicit import derive_explicit\n[derive(m) for m in CATALOG.values()]\n"
              "derive_explicit(CATALOG['softmax'], sizes={'n': 10, 'm': 5})")
COMPILE = ("import numeric\nfrom derive.catalog import CATALOG\n"
           "[numeric.compile_model(CATALOG[n]) for n in ('softmax', 'mlp', 'mlp-batch')]")


def workloads(tree: Path, examples: Path, out: str, cached: bool):
    """(label, argv) of every workload for the checkout at ``tree``."""
    py = sys.executable
    yield "derive every catalog model + explicit n=10", [py, "-c", DERIVE_ALL]
    files = [str(examples / f"{n}.derive.toml") for n in ("softmax", "logistic", "mlp")]
    yield "check softmax, logistic, mlp examples", [py, "-m", "derive", "check", *files, "--timeout", "60",
                                                    *(["--no-cache"] if cached else [])]
    yield "report --catalog (every format)", [py, "-m", "derive", "report", "--catalog", "-o", out]
    yield "compile softmax, mlp, mlp-batch", [py, "-c", COMPILE]


def main(rev: str) -> None:
    """Time both trees round-robin and print medians and ratios."""
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        subprocess.run(["git", "-C", str(HERE), "worktree", "add", "--detach", "-q", str(old), rev], check=True)
        try:
            trees = {"old": old, "new": HERE}
            # The verdict cache (new) must not make the comparison: both check from scratch.
            cached = {name: "--no-cache" in subprocess.run([sys.executable, "-m", "derive", "check", "--help"],
                                                           cwd=t, capture_output=True, text=True).stdout
                      for name, t in trees.items()}
            times: dict[str, dict[str, list[float]]] = {}
            for _ in range(ROUNDS):
                for name, tree in trees.items():
                    with tempfile.TemporaryDirectory() as out:
                        for label, argv in workloads(tree, old / "examples", out + "/r", cached[name]):
                            start = time.perf_counter()
                            subprocess.run(argv, cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                            times.setdefault(label, {}).setdefault(name, []).append(time.perf_counter() - start)
        finally:
            subprocess.run(["git", "-C", str(HERE), "worktree", "remove", "--force", str(old)], check=False)
    print(f"{'workload':45s} {'old':>8s} {'new':>8s} {'new/old':>8s}   (medians of {ROUNDS}, against {rev})")
    for label, d in times.items():
        o, n = statistics.median(d["old"]), statistics.median(d["new"])
        print(f"{label:45s} {o:7.2f}s {n:7.2f}s {n / o:8.2f}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python benchmarks/bench_against.py REV")
    main(sys.argv[1])

"""Benchmark: generated loss-and-gradients (softmax and mlp) vs PyTorch, JAX, hand-written NumPy and the GEMM
floor — all ratios side by side in one run, BLAS pinned to one thread; plus each call's peak extra memory.

Run (unsets the machine's OpenBLAS overrides for this command only, so OpenBLAS picks its own kernel):

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_numeric.py [--quick] [--repeats N]

Goals (issue 14, goal 1), for the softmax model and for mlp (hidden size p = 256), generated code both as
``compile_model`` and as the ``derive codegen`` module (called with a workspace), default checks on:
≤ 1.0× PyTorch CPU at every shape and dtype, ≤ 1.08× the GEMM floor at (4096, 512, 1000), ≤ 1.1× hand-written
NumPy at the small shapes; peak extra memory of one call (tracemalloc) ≤ hand-written NumPy's.  The
implementations are timed round-robin (``interleaved``) so that load from other processes falls on all of
them alike; the machine is shared, so read the ratios, not the milliseconds.  The same matrix products are
also timed through PyTorch ("PyTorch GEMM floor"): where its BLAS multiplies faster than NumPy's, a line under
each table compares what each spends beyond its own floor, the part the generated code controls.
"""
from __future__ import annotations

import os
import sys

# Pin every thread pool before numpy/torch/jax load their BLAS (the env vars are the fallback).
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

# Measure the checkout this script lives in, not whichever copy of derive/numeric is installed.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import sympy as sp  # noqa: E402

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:  # pragma: no cover - depends on the environment
    threadpool_info = threadpool_limits = None

from derive.catalog import get  # noqa: E402
from numeric import compile_model  # noqa: E402

SHAPES = [(256, 784, 10), (1024, 256, 10), (4096, 512, 1000)]
DTYPES = [np.float32, np.float64]


def median_ms(fn, repeats: int) -> float:
    return interleaved({"f": fn}, repeats)["f"]


def interleaved(fns: dict, repeats: int) -> dict[str, float]:
    """Median ms of each function, timed round-robin in a freshly shuffled order every round.

    Other processes on the machine slow whichever run they overlap, and a call can slow the next
    one (threads of PyTorch or XLA still spinning, caches evicted); a new seeded order every round
    spreads both over every implementation instead of always the same neighbour, so ratios stay fair.
    """
    import random
    names = list(fns)
    for name in names:
        fns[name]()  # warm-up
    order = random.Random(20261201)
    times: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(repeats):
        for name in order.sample(names, len(names)):
            t = time.perf_counter()
            fns[name]()
            times[name].append(time.perf_counter() - t)
    return {name: 1e3 * statistics.median(times[name]) for name in names}


def hand_written(X, W, Y):
    """Careful NumPy: one exponential, log-softmax for the loss, G = (S − Y)/B shared by both gradients."""
    loss, G = softmax_cross_entropy(X @ W.T, Y)
    return loss, {"W": G.T @ X, "X": G @ W}


def softmax_cross_entropy(Z, Y):
    """Mean cross-entropy of softmax(Z) against Y and G = (S − Y)/B, from one exponential (Z is overwritten)."""
    B = Z.shape[0]
    Z -= Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    total = E.sum(axis=1, keepdims=True)
    loss = -(Y * (Z - np.log(total))).sum() / B
    E /= total
    return loss, (E - Y) / B


def naive_chain(X, W, Y, chunk_bytes=256 << 20):
    """The literal chain: ∂L/∂s = −y/s, J = diag(s) − s sᵀ (B×n×n), ∂L/∂z = J ∂L/∂s; chunked over the batch."""
    B, n = X.shape[0], W.shape[0]
    Z = X @ W.T
    S = np.exp(Z - Z.max(axis=1, keepdims=True))
    S /= S.sum(axis=1, keepdims=True)
    loss = -(Y * np.log(S)).sum() / B
    dZ = np.empty_like(S)
    step = max(1, chunk_bytes // (n * n * S.itemsize))
    for lo in range(0, B, step):
        s = S[lo:lo + step]
        J = s[:, :, None] * np.eye(n, dtype=S.dtype) - s[:, :, None] * s[:, None, :]
        dZ[lo:lo + step] = np.einsum("bij,bj->bi", J, -Y[lo:lo + step] / s)
    dZ /= B
    return loss, {"W": dZ.T @ X, "X": dZ @ W}


def per_element(model):
    """One lambdified scalar expression per gradient entry, called entry by entry (vectorised over the batch)."""
    from derive.engine import derive
    d = derive(model, "W")
    j, k = d.indices
    s, y, x = (sp.Symbol(c) for c in "syx")
    table = {sp.IndexedBase("s")[j]: s, sp.IndexedBase("y")[j]: y, sp.IndexedBase("x")[k]: x}
    f = sp.lambdify((s, y, x), d.result.xreplace(table), modules="numpy")

    def run(X, W, Y):
        Z = X @ W.T
        S = np.exp(Z - Z.max(axis=1, keepdims=True))
        S /= S.sum(axis=1, keepdims=True)
        B, n, m = X.shape[0], W.shape[0], X.shape[1]
        dW = np.empty_like(W)
        for jj in range(n):
            for kk in range(m):
                dW[jj, kk] = f(S[:, jj], Y[:, jj], X[:, kk]).sum() / B
        return dW
    return run


def standalone(source: str):
    """The module `derive codegen` writes, imported from a temporary file as a user would."""
    import importlib.util
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "softmax_grad.py")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(source)
        spec = importlib.util.spec_from_file_location("softmax_grad", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module


def hand_written_mlp(X, V, W, Y):
    """Careful NumPy for mlp: sigmoid hidden layer, the softmax part as in ``hand_written``, σ' = h(1 − h)."""
    H = 1.0 / (1.0 + np.exp(-(X @ V.T)))
    loss, G = softmax_cross_entropy(H @ W.T, Y)
    D = (G @ W) * H * (1.0 - H)
    return loss, {"X": D @ V, "V": D.T @ X, "W": G.T @ H}


def floor(X, W, G):
    """The three GEMMs alone."""
    return X @ W.T, G.T @ X, G @ W


def floor_mlp(X, V, W, G, D, H):
    """mlp's six GEMMs alone."""
    return X @ V.T, H @ W.T, G.T @ H, G @ W, D.T @ X, D @ V


def torch_impl(dtype, model: str = "softmax"):
    try:
        import torch
    except ImportError:
        return None, "PyTorch not installed"
    torch.set_num_threads(1)

    def run(X, W, Y):
        Xt = torch.from_numpy(X).requires_grad_(True)
        Wt = torch.from_numpy(W).requires_grad_(True)
        Yt = torch.from_numpy(Y)
        loss = -(Yt * torch.log_softmax(Xt @ Wt.T, dim=1)).sum() / X.shape[0]
        loss.backward()
        return loss.item(), {"W": Wt.grad.numpy(), "X": Xt.grad.numpy()}

    def run_mlp(X, V, W, Y):
        Xt, Vt, Wt = (torch.from_numpy(a).requires_grad_(True) for a in (X, V, W))
        Yt = torch.from_numpy(Y)
        loss = -(Yt * torch.log_softmax(torch.sigmoid(Xt @ Vt.T) @ Wt.T, dim=1)).sum() / X.shape[0]
        loss.backward()
        return loss.item(), {"X": Xt.grad.numpy(), "V": Vt.grad.numpy(), "W": Wt.grad.numpy()}
    return (run if model == "softmax" else run_mlp), f"PyTorch {torch.__version__} CPU, 1 thread"


def _one_core(fn):
    """``fn`` run with this thread, and every thread it starts, on one core.

    XLA's CPU runtime keeps a thread pool that XLA_FLAGS no longer limits: unpinned, JAX used about
    1.85 cores here and looked faster than the one-thread GEMM floor.  Threads inherit the affinity
    of the thread that starts them, so XLA's start there too; the other peers are not affected.
    """
    if not hasattr(os, "sched_setaffinity"):
        return fn
    cpus = os.sched_getaffinity(0)
    one = {min(cpus)}

    def call(*args):
        os.sched_setaffinity(0, one)
        try:
            return fn(*args)
        finally:
            os.sched_setaffinity(0, cpus)
    return call


def jax_impl(model: str = "softmax"):
    try:
        import jax
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp  # noqa: F401
        _one_core(jax.devices)()  # the CPU client and its thread pool start here, on one core
    except ImportError:
        return None, "JAX not installed"

    def loss(W, X, Y):
        return -(Y * jax.nn.log_softmax(X @ W.T, axis=1)).sum() / X.shape[0]

    def loss_mlp(V, W, X, Y):
        return -(Y * jax.nn.log_softmax(jax.nn.sigmoid(X @ V.T) @ W.T, axis=1)).sum() / X.shape[0]
    if model == "softmax":
        vg = jax.jit(jax.value_and_grad(loss, argnums=(0, 1)))

        def run(X, W, Y):
            val, (dW, dX) = vg(W, X, Y)
            dX.block_until_ready()
            return val, {"W": dW, "X": dX}
        return _one_core(run), f"JAX {jax.__version__} CPU (jit, pinned to one core)"
    vg_mlp = jax.jit(jax.value_and_grad(loss_mlp, argnums=(0, 1, 2)))

    def run_mlp(X, V, W, Y):
        val, (dV, dW, dX) = vg_mlp(V, W, X, Y)
        dX.block_until_ready()
        return val, {"X": dX, "V": dV, "W": dW}
    return _one_core(run_mlp), f"JAX {jax.__version__} CPU (jit, pinned to one core)"


def blas_description() -> str:
    if threadpool_info is None:
        return "threadpoolctl not installed: threads pinned by OMP_NUM_THREADS/OPENBLAS_NUM_THREADS=1"
    infos = [f"{i.get('internal_api')} {i.get('version')} kernel={i.get('architecture')} "
             f"threads={i.get('num_threads')}" for i in threadpool_info() if i.get("user_api") == "blas"]
    return "; ".join(infos) + " (pinned by threadpoolctl, env vars also set to 1)"


def peak_extra_mib(fn) -> float:
    """Peak memory one call allocates beyond what was allocated before it (tracemalloc; NumPy reports to it)."""
    import tracemalloc
    fn()  # warm-up: a workspace is filled here, as it is after the first call of a training loop
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        fn()
        return (tracemalloc.get_traced_memory()[1] - base) / 2**20
    finally:
        tracemalloc.stop()


HIDDEN = 256  # mlp's hidden size p at every shape


def problem(model: str, B: int, m: int, n: int, dtype):
    """Seeded inputs (one-hot targets), the matching hand-written function, and the floor's function and arrays."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((B, m)).astype(dtype)
    Y = np.eye(n, dtype=dtype)[rng.integers(0, n, B)]
    G = (np.exp(rng.standard_normal((B, n))) / 10 - Y).astype(dtype) / B
    if model == "softmax":
        W = (0.05 * rng.standard_normal((n, m))).astype(dtype)
        args = {"X": X, "W": W, "Y": Y}
        return args, (lambda: hand_written(X, W, Y)), (floor, (X, W, G))
    V = (0.05 * rng.standard_normal((HIDDEN, m))).astype(dtype)
    W = (0.05 * rng.standard_normal((n, HIDDEN))).astype(dtype)
    H = rng.uniform(0, 1, (B, HIDDEN)).astype(dtype)
    D = rng.standard_normal((B, HIDDEN)).astype(dtype)
    args = {"X": X, "V": V, "W": W, "Y": Y}
    return args, (lambda: hand_written_mlp(X, V, W, Y)), (floor_mlp, (X, V, W, G, D, H))


def check_agreement(model, args, gen, hand, dtype) -> None:
    """Generated results equal hand-written NumPy's (1e-12 relative in float64, 1e-5 in float32)."""
    ref_loss, ref = hand()
    loss, grads = gen.loss_and_grads(**args)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    assert abs(loss - ref_loss) <= tol * abs(ref_loss), (model, loss, ref_loss)
    for k in ref:
        err = np.abs(grads[k] - ref[k]).max() / np.abs(ref[k]).max()
        assert err <= tol, (model, k, err)


GOAL_ROWS = ("generated (numeric)", "codegen module (workspace)")


def run_case(model, gen, module, th, jx, B, m, n, dtype, repeats):
    """Times and peak memory of every implementation at one shape and dtype, and the goals checked there."""
    args, hand, (fl, fl_args) = problem(model, B, m, n, dtype)
    check_agreement(model, args, gen, hand, dtype)
    ordered = list(args.values())
    workspace: dict = {}
    timed = {"GEMM floor": lambda: fl(*fl_args), "hand-written NumPy": hand,
             "generated (numeric)": lambda: gen.loss_and_grads(**args),
             "codegen module (workspace)": lambda: module.loss_and_grads(*ordered, workspace=workspace),
             "codegen module (no workspace)": lambda: module.loss_and_grads(*ordered),
             "generated, check=False": lambda: gen.loss_and_grads(**args, check=False)}
    if th is not None:
        timed["PyTorch CPU"] = lambda: th(*ordered)
        # The same products through PyTorch's BLAS: where it multiplies faster than NumPy's, no NumPy
        # code can reach ≤ 1.0× PyTorch, so the element-wise work is compared over each one's own floor.
        import torch
        tensors = [torch.from_numpy(a) for a in fl_args]
        timed["PyTorch GEMM floor"] = lambda: fl(*tensors)
    if jx is not None:
        timed["JAX CPU"] = lambda: jx(*ordered)
    rows = interleaved(timed, repeats)
    if model == "softmax" and B * n * n <= 1e8:
        rows["naive Jacobian chain"] = median_ms(lambda: naive_chain(*ordered), 3)
    memory = {name: peak_extra_mib(timed[name]) for name in
              ("hand-written NumPy", "generated (numeric)", "codegen module (workspace)", "codegen module (no workspace)")}
    hw, fl_ms, pt = rows["hand-written NumPy"], rows["GEMM floor"], rows.get("PyTorch CPU")
    print(f"\n{model}  (B, m, n) = ({B}, {m}, {n})" + (f", p = {HIDDEN}" if model == "mlp" else "") +
          f"  {np.dtype(dtype).name}   [median of {repeats} round-robin runs]")
    print(f"  {'implementation':32s} {'ms':>9s} {'× torch':>8s} {'× floor':>8s} {'× hand':>8s} {'peak MiB':>9s}")
    for name, ms in rows.items():
        mem = f"{memory[name]:9.2f}" if name in memory else " " * 9
        vs_torch = f"{ms / pt:8.3f}" if pt else " " * 8
        print(f"  {name:32s} {ms:9.3f} {vs_torch} {ms / fl_ms:8.3f} {ms / hw:8.3f} {mem}")
    goals = []
    big = (B, m, n) == SHAPES[2]
    for name in GOAL_ROWS:
        ms = rows[name]
        if pt:
            goals.append((f"{name} ≤ 1.0× PyTorch", ms / pt, 1.0))
        goals.append((f"{name} ≤ 1.08× GEMM floor", ms / fl_ms, 1.08) if big else
                     (f"{name} ≤ 1.1× hand-written", ms / hw, 1.1))
        goals.append((f"{name} peak memory ≤ hand-written", memory[name] / max(memory["hand-written NumPy"], 1e-9), 1.0))
    if pt:
        torch_floor = rows["PyTorch GEMM floor"]
        print(f"  (not a goal) PyTorch's GEMMs alone take {torch_floor / fl_ms:.3f}× NumPy's. Beyond its own "
              f"GEMM floor PyTorch spends {pt - torch_floor:.3f} ms; the generated code {rows[GOAL_ROWS[0]] - fl_ms:.3f} ms "
              f"(compiled), {rows[GOAL_ROWS[1]] - fl_ms:.3f} ms (module).")
    return [(model, (B, m, n), np.dtype(dtype).name, what, r, limit) for what, r, limit in goals]


def main(quick: bool = False, repeats: int | None = None) -> int:
    print(f"BLAS: {blas_description()}")
    print("OPENBLAS_CORETYPE=" + os.environ.get("OPENBLAS_CORETYPE", "<unset>") +
          ", OPENBLAS_L2_SIZE=" + os.environ.get("OPENBLAS_L2_SIZE", "<unset>"))
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}")
    shapes = SHAPES[:2] if quick else SHAPES
    goals, notes = [], set()
    for model in ("softmax", "mlp"):
        gen = compile_model(get(model))
        module = standalone(gen.source)
        jx, jx_note = jax_impl(model)
        notes.add(jx_note)
        for dtype in DTYPES:
            th, th_note = torch_impl(dtype, model)
            notes.add(th_note)
            for B, m, n in shapes:
                # A small-shape call takes well under a millisecond, so a stretch of load on the
                # machine moves a median of 31 rounds by 10-20 %; 201 rounds cost about 2 s a shape.
                # At the large shape 9 rounds left two runs of the same code 4 % apart: 15.
                reps = repeats or (15 if B * m * n > 1e8 else 201)
                goals += run_case(model, gen, module, th, jx, B, m, n, dtype, reps)
        if model == "softmax":
            pe = per_element(get("softmax"))
            rng = np.random.default_rng(0)
            B, m, n = SHAPES[0]
            X, W = rng.standard_normal((B, m)), 0.05 * rng.standard_normal((n, m))
            Y = np.eye(n)[rng.integers(0, n, B)]
            print(f"\nper-element lambdify (dW only), softmax {SHAPES[0]} float64: "
                  f"{median_ms(lambda: pe(X, W, Y), 3):.1f} ms (n·m Python calls)")
    print()
    for note in sorted(notes):
        print(note)
    print("\nGoals (ratio, limit):")
    for model, shape, dtype, what, r, limit in goals:
        print(f"  {model:7s} {str(shape):18s} {dtype:7s} {what:58s} {r:6.3f} ≤ {limit:<4} "
              f"{'met' if r <= limit else 'NOT met'}")
    met = sum(r <= limit for *_, r, limit in goals)
    print(f"{met} of {len(goals)} goals met")
    return 0


if __name__ == "__main__":
    reps = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else None
    if threadpool_limits is not None:
        with threadpool_limits(limits=1):
            sys.exit(main("--quick" in sys.argv, reps))
    sys.exit(main("--quick" in sys.argv, reps))

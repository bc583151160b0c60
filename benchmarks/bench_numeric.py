"""Benchmark: generated softmax loss-and-gradients vs hand-written NumPy, naive Jacobian chain, per-element
lambdify, PyTorch and JAX (CPU, when installed), and the GEMM floor — one run, BLAS pinned to one thread.

Run (unsets the machine's OpenBLAS overrides for this command only, so OpenBLAS picks its own kernel):

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /work/venv/bin/python benchmarks/bench_numeric.py [--quick]

Goals, checked at (B, m, n) = (4096, 512, 1000): generated ≤ 1.05× hand-written NumPy and ≤ 1.3× the floor
(the three matrix products X Wᵀ, Gᵀ X, G W alone).  The fast implementations are timed round-robin
(``interleaved``) so that load from other processes falls on all of them alike.
"""
from __future__ import annotations

import os
import sys

# Pin every thread pool before numpy/torch/jax load their BLAS (the env vars are the fallback).
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

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
    """Median ms of each function, timed round-robin (order rotated every round).

    Other processes on the machine slow whichever run they overlap; interleaving spreads
    that over every implementation instead of one, so the ratios stay fair.
    """
    names = list(fns)
    for name in names:
        fns[name]()  # warm-up
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(repeats):
        for name in names[r % len(names):] + names[:r % len(names)]:
            t = time.perf_counter()
            fns[name]()
            times[name].append(time.perf_counter() - t)
    return {name: 1e3 * statistics.median(times[name]) for name in names}


def hand_written(X, W, Y):
    """Careful NumPy: one exponential, log-softmax for the loss, G = (S − Y)/B shared by both gradients."""
    B = X.shape[0]
    Z = X @ W.T
    Z -= Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    total = E.sum(axis=1, keepdims=True)
    loss = -(Y * (Z - np.log(total))).sum() / B
    E /= total
    G = (E - Y) / B
    return loss, {"W": G.T @ X, "X": G @ W}


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


def floor(X, W, G):
    """The three GEMMs alone."""
    return X @ W.T, G.T @ X, G @ W


def torch_impl(dtype):
    try:
        import torch
    except ImportError:
        return None, "PyTorch not installed"
    torch.set_num_threads(1)
    tdt = torch.float32 if dtype == np.float32 else torch.float64

    def run(X, W, Y):
        Xt = torch.from_numpy(X).requires_grad_(True)
        Wt = torch.from_numpy(W).requires_grad_(True)
        Yt = torch.from_numpy(Y)
        loss = -(Yt * torch.log_softmax(Xt @ Wt.T, dim=1)).sum() / X.shape[0]
        loss.backward()
        return loss.item(), {"W": Wt.grad.numpy(), "X": Xt.grad.numpy()}
    assert tdt
    return run, f"PyTorch {torch.__version__} CPU, 1 thread"


def jax_impl():
    try:
        import jax
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp
    except ImportError:
        return None, "JAX not installed"

    def loss(W, X, Y):
        return -(Y * jax.nn.log_softmax(X @ W.T, axis=1)).sum() / X.shape[0]
    vg = jax.jit(jax.value_and_grad(loss, argnums=(0, 1)))

    def run(X, W, Y):
        val, (dW, dX) = vg(W, X, Y)
        dX.block_until_ready()
        return val, {"W": dW, "X": dX}
    return run, f"JAX {jax.__version__} CPU (jit, XLA single-threaded)"


def blas_description() -> str:
    if threadpool_info is None:
        return "threadpoolctl not installed: threads pinned by OMP_NUM_THREADS/OPENBLAS_NUM_THREADS=1"
    infos = [f"{i.get('internal_api')} {i.get('version')} kernel={i.get('architecture')} "
             f"threads={i.get('num_threads')}" for i in threadpool_info() if i.get("user_api") == "blas"]
    return "; ".join(infos) + " (pinned by threadpoolctl, env vars also set to 1)"


def main(quick: bool = False) -> int:
    print(f"BLAS: {blas_description()}")
    print("OPENBLAS_CORETYPE=" + os.environ.get("OPENBLAS_CORETYPE", "<unset>") +
          ", OPENBLAS_L2_SIZE=" + os.environ.get("OPENBLAS_L2_SIZE", "<unset>"))
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}")
    model = get("softmax")
    gen = compile_model(model)
    module = standalone(gen.source)
    pe = per_element(model)
    jx, jx_note = jax_impl()
    goals = []
    shapes = SHAPES[:2] if quick else SHAPES
    for dtype in DTYPES:
        th, th_note = torch_impl(dtype)
        for B, m, n in shapes:
            rng = np.random.default_rng(0)
            X = rng.standard_normal((B, m)).astype(dtype)
            W = (0.05 * rng.standard_normal((n, m))).astype(dtype)
            Y = np.eye(n, dtype=dtype)[rng.integers(0, n, B)]
            big = B * n * m > 1e8
            reps = 11 if big else 21
            ref_loss, ref = hand_written(X, W, Y)
            got_loss, got = gen.loss_and_grads(X=X, W=W, Y=Y)
            tol = 1e-4 if dtype == np.float32 else 1e-10
            assert np.allclose(got["W"], ref["W"], rtol=tol, atol=tol) and abs(got_loss - ref_loss) < tol * 10
            G = (np.exp(X @ W.T) / 10 - Y) / B
            notes = []
            timed = {"GEMM floor (3 matmuls)": lambda: floor(X, W, G),
                     "hand-written NumPy": lambda: hand_written(X, W, Y),
                     "generated (numeric)": lambda: gen.loss_and_grads(X=X, W=W, Y=Y),
                     "generated module (derive codegen)": lambda: module.loss_and_grads(X, W, Y)}
            if th is not None:
                timed["PyTorch CPU"] = lambda: th(X, W, Y)
            else:
                notes.append(th_note)
            if jx is not None:
                timed["JAX CPU"] = lambda: jx(X, W, Y)
            else:
                notes.append(jx_note)
            rows = interleaved(timed, reps)
            rows["naive Jacobian chain"] = median_ms(lambda: naive_chain(X, W, Y), 1 if big else 5)
            if (B, m, n) == SHAPES[0]:
                rows["per-element lambdify (dW only)"] = median_ms(lambda: pe(X, W, Y), 3)
            else:
                notes.append("per-element lambdify skipped (too slow: n·m Python calls; run at the small shape only)")
            hw, fl = rows["hand-written NumPy"], rows["GEMM floor (3 matmuls)"]
            print(f"\n(B, m, n) = ({B}, {m}, {n})  {np.dtype(dtype).name}   [median of {reps} runs]")
            print(f"  {'implementation':34s} {'ms':>10s} {'× hand':>8s} {'× floor':>8s}")
            for name, ms in rows.items():
                print(f"  {name:34s} {ms:10.2f} {ms / hw:8.2f} {ms / fl:8.2f}")
            for note in notes:
                print(f"  note: {note}")
            if (B, m, n) == SHAPES[2]:
                g = rows["generated (numeric)"]
                goals.append((np.dtype(dtype).name, g / hw, g / fl))
    if th is not None:
        print(f"\n{th_note}")
    if jx is not None:
        print(jx_note)
    for name, r_hw, r_fl in goals:
        ok = r_hw <= 1.05 and r_fl <= 1.3
        print(f"goal at (4096, 512, 1000) {name}: generated/hand = {r_hw:.3f} (≤ 1.05), generated/floor = "
              f"{r_fl:.3f} (≤ 1.3): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    if threadpool_limits is not None:
        with threadpool_limits(limits=1):
            sys.exit(main("--quick" in sys.argv))
    sys.exit(main("--quick" in sys.argv))

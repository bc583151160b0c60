"""The fused softmax cross-entropy kernel on its own: row blocks, dtypes, extreme logits, workspaces."""
import warnings

import numpy as np
import pytest

from numeric.kernels import _softmax_cross_entropy


def _reference(z, y):
    """Per-row loss, softmax − y and Σ y in float64, straight from the formulas."""
    z, y = z.astype(np.float64), y.astype(np.float64)
    shifted = z - z.max(axis=1, keepdims=True)
    log_s = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -(y * log_s).sum(axis=1, keepdims=True), np.exp(log_s) - y, y.sum(axis=1, keepdims=True)


def _inputs(rows, n, dtype, scale=3.0, seed=0):
    rng = np.random.default_rng(seed)
    z = (scale * rng.standard_normal((rows, n))).astype(dtype)
    y = rng.dirichlet(np.ones(n), rows).astype(dtype)
    return z, y


def _assert_close(got, ref, tol):
    loss, g, sums = got
    ref_loss, ref_g, ref_sums = ref
    assert loss.dtype == g.dtype == sums.dtype
    np.testing.assert_allclose(loss, ref_loss, rtol=tol, atol=tol * np.abs(ref_loss).max())
    assert np.abs(g - ref_g).max() <= tol * np.abs(ref_g).max()
    np.testing.assert_allclose(sums, ref_sums, rtol=tol)


# 10 classes: one block of transposed maxima; 1000 classes: blocks of 131 rows in float64, 262 in float32
# (1 MiB), so 131 and 262 rows fill exactly one block, 300 and 600 end in a partial one; 1 row and 1 class
# are the edge cases.
@pytest.mark.parametrize("rows,n", [(1, 10), (7, 10), (300, 10), (1, 1000), (131, 1000), (262, 1000), (300, 1000),
                                    (600, 1000), (5, 1), (3, 40)])
@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-12), (np.float32, 1e-5)])
def test_block_boundaries_agree_with_the_formulas(rows, n, dtype, tol):
    z, y = _inputs(rows, n, dtype)
    ref = _reference(z, y)
    _assert_close(_softmax_cross_entropy(z.copy(), y), ref, tol)
    work = z.copy()
    got = _softmax_cross_entropy(work, y, work, {})  # in place, with a workspace
    assert got[1] is work
    _assert_close(got, ref, tol)


@pytest.mark.parametrize("n", [3, 1000])
@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-12), (np.float32, 1e-5)])
def test_logits_of_ten_thousand_stay_finite_and_exact(n, dtype, tol):
    z, y = _inputs(40, n, dtype, scale=1e4, seed=1)
    y[:20] = np.eye(n, dtype=dtype)[z[:20].argmin(axis=1)]  # the target's probability underflows to 0
    loss, g, _ = got = _softmax_cross_entropy(z, y)
    assert np.all(np.isfinite(loss)) and np.all(np.isfinite(g))
    _assert_close(got, _reference(z, y), tol)


def test_a_workspace_serves_calls_of_different_sizes_and_call_sites():
    workspace = {}
    for rows, n in [(300, 1000), (20, 1000), (300, 10), (1, 10), (300, 1000)]:
        z, y = _inputs(rows, n, np.float64, seed=rows + n)
        _assert_close(_softmax_cross_entropy(z.copy(), y, None, workspace), _reference(z, y), 1e-12)
    # Two call sites (two losses in one model) keep their own loss rows: the second leaves the first's.
    (z1, y1), (z2, y2) = _inputs(8, 5, np.float64, seed=1), _inputs(8, 5, np.float64, seed=2)
    first = _softmax_cross_entropy(z1.copy(), y1, None, workspace, "L1")
    kept = first[0].copy()
    second = _softmax_cross_entropy(z2.copy(), y2, None, workspace, "L2")
    np.testing.assert_array_equal(first[0], kept)
    assert not np.shares_memory(first[0], second[0]) and not np.shares_memory(first[2], second[2])


def test_the_work_arrays_are_one_workspace_entry_replaced_when_the_shape_changes():
    workspace = {}
    for rows, n, dtype in [(300, 10, np.float64), (300, 10, np.float64), (40, 10, np.float32), (300, 1000, np.float64)]:
        z, y = _inputs(rows, n, dtype, seed=rows)
        before = workspace.get("_softmax_cross_entropy.work")
        _assert_close(_softmax_cross_entropy(z.copy(), y, None, workspace), _reference(z, y),
                      1e-12 if dtype == np.float64 else 1e-5)
        entry = workspace["_softmax_cross_entropy.work"]
        assert (entry is before) == (before is not None and before[0] == (rows, n, np.dtype(dtype)))
    assert sorted(workspace) == ["L.loss", "L.sums", "_softmax_cross_entropy.work"]


@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-7), (np.float32, 1e-3)])
def test_the_sum_check_judges_each_row_not_the_sum_of_squares(dtype, tol):
    from numeric.kernels import _check_sums
    sums = np.full((1000, 1), 1 + 0.9 * tol, dtype)  # Σ gap² is far above tol², yet every row is within tol
    _check_sums(sums, "Y", 1, "Σ_i y_i = 1")
    for bad in (1 + 1.5 * tol, np.nan, np.inf, 1e30):
        rows = np.ones((1000, 1), dtype)
        rows[700] = bad
        with pytest.raises(ValueError, match="entry 700 "):
            _check_sums(rows, "Y", 1, "Σ_i y_i = 1")


def test_without_vecdot_long_rows_take_the_product_path(monkeypatch):
    """NumPy before 2.0 has no vecdot: the row dot products go through a work block and a matrix product."""
    z, y = _inputs(300, 1000, np.float64, seed=4)
    ref = _reference(z, y)
    monkeypatch.delattr(np, "vecdot")
    workspace = {}
    _assert_close(_softmax_cross_entropy(z.copy(), y, None, workspace), ref, 1e-12)
    _, (*_, work, vecdot) = workspace["_softmax_cross_entropy.work"]
    assert vecdot is None and work.shape == (131, 1000)  # the product path's work block: 1 MiB of float64


def test_rows_of_a_thousand_leave_numpy_buffer_size_as_they_found_it():
    """The kernel shrinks NumPy's ufunc buffer for long rows; it restores the caller's, even on an error."""
    z, y = _inputs(300, 1000, np.float32, seed=5)
    before = np.setbufsize(4096)
    try:
        _assert_close(_softmax_cross_entropy(z.copy(), y, None, {}), _reference(z, y), 1e-5)
        assert np.getbufsize() == 4096
        with pytest.raises(ValueError):
            _softmax_cross_entropy(z.copy(), y[:, :999])  # y's rows do not match z's: broadcasting fails
        assert np.getbufsize() == 4096
    finally:
        np.setbufsize(before)


def _sigmoid_reference(a):
    """σ(a) in float64 by the two-branch formula, each branch free of cancellation and overflow."""
    a = a.astype(np.float64)
    e = np.exp(-np.abs(a))
    with np.errstate(invalid="ignore"):
        return np.where(a >= 0, 1 / (1 + e), e / (1 + e))


@pytest.mark.parametrize("dtype,ulps", [(np.float64, 4), (np.float32, 4)])
def test_sigmoid_is_a_few_ulps_from_exact_across_both_tails_and_past_overflow(dtype, ulps):
    from numeric.kernels import _expit
    big = 1000.0 if dtype == np.float64 else 100.0  # e^a overflows there
    a = np.concatenate([np.linspace(-60, 60, 1001), [-700, -100, -87, 30, 88, big, 10 * big, np.inf, -np.inf]]).astype(dtype)
    ref = _sigmoid_reference(a)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow or invalid-value warning reaches the caller
        errs = np.geterr()
        got = _expit(a.copy())
        assert np.geterr() == errs
    assert got.dtype == dtype
    normal = ref >= np.finfo(dtype).tiny  # below it the exact value is itself rounded to a subnormal
    eps = np.finfo(dtype).eps
    assert np.all(np.abs(got[normal] - ref[normal]) <= ulps * eps * ref[normal])
    assert np.all(np.abs(got[~normal] - ref[~normal]) <= np.finfo(dtype).smallest_subnormal * 2)
    assert got[-3] == 1 and got[-1] == 0


def test_sigmoid_in_place_keeps_nan_and_its_work_array_per_call_site():
    from numeric.kernels import _expit
    a = np.array([[np.nan, 1000.0, -2.0], [0.0, np.inf, 3.0]])
    workspace = {}
    out = _expit(a, a, workspace, "H1")
    assert out is a and np.isnan(a[0, 0]) and a[0, 1] == 1 and a[1, 0] == 0.5 and a[1, 1] == 1
    np.testing.assert_allclose(a[0, 2], 1 / (1 + np.exp(2.0)), rtol=1e-15)
    lone = np.array([np.inf, 0.0, np.nan])  # +inf overflows nothing: e^a = inf exactly, then inf/inf
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = _expit(lone)
    assert got[0] == 1 and got[1] == 0.5 and np.isnan(got[2])
    b = np.zeros(5, np.float32)
    _expit(b, b, workspace, "H2")
    assert np.all(b == 0.5)
    assert workspace["H1.t"].shape == (2, 3) and workspace["H2.t"].shape == (5,)


@pytest.mark.parametrize("rows,m,n", [(2048, 30, 7), (2048, 7, 30), (2047, 30, 7), (1, 5, 3), (3000, 40, 40)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_the_batch_summed_product_is_scaled_new_and_c_ordered_in_either_orientation(rows, m, n, dtype):
    """Gᵀ H / B: computed the other way round (Hᵀ G)ᵀ when it is taller than wide over 2048 rows or more."""
    from numeric.kernels import _product_tn
    rng = np.random.default_rng(rows + m)
    a, b = rng.standard_normal((rows, m)).astype(dtype), rng.standard_normal((rows, n)).astype(dtype)
    ref = a.astype(np.float64).T @ b.astype(np.float64) / rows
    workspace = {}
    for _ in range(2):  # a second call reuses the work array and still returns a new result
        got = _product_tn(a, b, 1 / rows, workspace, "dW")
        assert got.shape == (m, n) and got.dtype == dtype and got.flags.c_contiguous
        assert not any(np.shares_memory(got, w) for w in workspace.values())
        tol = 1e-12 if dtype == np.float64 else 2e-5
        assert np.abs(got - ref).max() <= tol * np.abs(ref).max()
    assert ("dW.t" in workspace) == (rows >= 2048 and m > n)


@pytest.mark.parametrize("n", [10, 1000])
def test_float32_probabilities_are_each_close_to_exact_not_only_the_largest(n):
    """Long float32 rows exponentiate in base 2; every normal probability stays within 1e-5 of exact, relatively."""
    rng = np.random.default_rng(7)
    z = (4 * rng.standard_normal((300, n))).astype(np.float32)
    y = np.eye(n, dtype=np.float32)[rng.integers(0, n, 300)]
    _, g, _ = _softmax_cross_entropy(z.copy(), y)
    _, ref_g, _ = _reference(z, y)
    s, ref_s = (g + y)[y == 0].astype(np.float64), (ref_g + y)[y == 0]  # off-target entries: softmax exactly
    normal = ref_s > np.finfo(np.float32).tiny
    assert normal.sum() > 0.99 * normal.size
    assert np.all(np.abs(s[normal] - ref_s[normal]) <= 1e-5 * ref_s[normal])


@pytest.mark.parametrize("simd", [True, False])
@pytest.mark.parametrize("n", [10, 1000])
def test_either_exponential_gives_the_formulas_whichever_this_cpu_runs(monkeypatch, simd, n):
    # float32 rows of 1000 take e^x as 2^(x log2 e) only where NumPy's exp2 is SIMD code: both ways hold
    # on every machine, whichever one this CPU would pick.
    from numeric import kernels
    monkeypatch.setitem(kernels._simd_exp2.__defaults__[0], np.float32, simd)
    for seed, scale in [(7, 3.0), (8, 1e4)]:
        z, y = _inputs(300, n, np.float32, scale=scale, seed=seed)
        _assert_close(_softmax_cross_entropy(z.copy(), y), _reference(z, y), 1e-5)


def test_the_exponential_follows_the_loop_numpy_dispatched():
    from numeric.kernels import _simd_exp2
    introspect = pytest.importorskip("numpy.lib.introspect", reason="NumPy 1.x says nothing of its loops")
    loop = introspect.opt_func_info(func_name="^exp2$", signature="^float32$")["exp2"]["ff"]
    assert _simd_exp2(np.float32) is (not loop["current"].startswith("baseline"))
    assert _simd_exp2(np.float32) is _simd_exp2(np.float32)

"""The error function kernel: whole-array NumPy (it called math.erf once per entry through numpy.vectorize),
within 2 ulp of math.erf in float64 and correctly rounded in float32, in the argument's floating type."""
from __future__ import annotations

import math

import numpy as np
import pytest

from numeric.kernels import _erf


def _points() -> np.ndarray:
    """Uniform in [−10, 10], dense around the branch points (½, 4, 6), tiny and subnormal arguments, and the tails."""
    rng = np.random.default_rng(0)
    tiny = 10.0 ** rng.uniform(-320, -1, 2000) * rng.choice([-1, 1], 2000)
    edges = np.concatenate([np.linspace(c - 0.02, c + 0.02, 2001) for c in (0.46875, 0.5, 4.0, 6.0)])
    return np.concatenate([rng.uniform(-10, 10, 100_000), edges, -edges, tiny, [0.0, 26.6, -27.0, 1e30]])


def _ulps(got: np.ndarray, exact: np.ndarray, dtype) -> np.ndarray:
    """|got − exact| in units in the last place of ``exact`` rounded to ``dtype`` (the smallest subnormal at 0)."""
    spacing = np.spacing(np.abs(exact.astype(dtype))).astype(np.float64)
    return np.abs(got.astype(np.float64) - exact) / np.maximum(spacing, np.finfo(dtype).smallest_subnormal)


@pytest.mark.parametrize("dtype, ulps", [(np.float64, 2.0), (np.float32, 0.5)])
def test_erf_is_within_ulps_of_math_erf_in_the_arguments_type(monkeypatch, dtype, ulps) -> None:
    x = _points().astype(dtype)
    exact = np.array([math.erf(float(v)) for v in x])
    # Whole arrays: no entry may reach math.erf (the old kernel called it for each through numpy.vectorize).
    monkeypatch.setattr(math, "erf", lambda v: pytest.fail("_erf called math.erf"))
    got = _erf(x)
    assert got.dtype == dtype and got.shape == x.shape
    assert _ulps(got, exact, dtype).max() <= ulps


def test_erf_keeps_nan_signed_zero_infinities_and_shapes() -> None:
    got = _erf(np.array([np.nan, -0.0, 0.0, np.inf, -np.inf]))
    assert np.isnan(got[0]) and np.signbit(got[1]) and not np.signbit(got[2])
    assert got[3] == 1.0 and got[4] == -1.0
    assert _erf(np.float32(0.5)).dtype == np.float32 and _erf(np.float32(0.5)).shape == ()
    assert _erf(np.arange(3)).dtype == np.float64  # integers give float64, as math.erf's floats did
    grid = np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4).T  # not contiguous, 2-D
    np.testing.assert_array_equal(_erf(grid), np.array([[math.erf(v) for v in row] for row in grid.astype(float)],
                                                       dtype=np.float32))
    assert _erf(np.zeros((0, 3))).shape == (0, 3)

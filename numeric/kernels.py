"""Numerically stable NumPy kernels that the stable rewrites (``numeric.stable``) call.

This module imports only numpy on purpose: ``numeric.codegen`` copies the source of the
kernels a model uses into the standalone module it writes, so the in-process function
and the written file run the very same code.  Each kernel works on whole arrays; the
element-wise ones also write into a given ``out`` (which may be their argument), and the
fused softmax cross-entropy walks its rows in blocks small enough to stay in cache.
``_buffer`` hands out the reusable work arrays of a ``workspace``; ``_check_sums`` is the
check of a ``Σ_i y_i = 1`` assumption, ``_input_error`` the error for bad arguments (``_real_numbers``
refuses complex numbers, text and objects).
"""
import numpy


def _softmax(a, axis):
    """Max-shifted softmax along ``axis``: e^{a − max a} / Σ e^{a − max a}."""
    e = numpy.exp(a - a.max(axis=axis, keepdims=True))
    e /= e.sum(axis=axis, keepdims=True)
    return e


def _log_softmax(a, axis):
    """log-softmax through log-sum-exp: (a − max a) − ln Σ e^{a − max a}."""
    shifted = a - a.max(axis=axis, keepdims=True)
    return shifted - numpy.log(numpy.exp(shifted).sum(axis=axis, keepdims=True))


def _softmax_log_softmax(a, axis):
    """Softmax and log-softmax of the same logits sharing one exponential pass."""
    shifted = a - a.max(axis=axis, keepdims=True)
    e = numpy.exp(shifted)
    total = e.sum(axis=axis, keepdims=True)
    shifted -= numpy.log(total)
    e /= total
    return e, shifted


def _logsumexp(a, axis):
    """ln Σ e^{a} along ``axis`` (kept as a size-1 axis), shifted by the maximum."""
    top = a.max(axis=axis, keepdims=True)
    return top + numpy.log(numpy.exp(a - top).sum(axis=axis, keepdims=True))


def _expit(a, out=None, workspace=None, key="_expit"):
    """Logistic sigmoid e^a/(1 + e^a) in three passes, a few ulps from exact in both tails (``out`` may be ``a``).

    For a → −∞ the quotient is e^a itself, with full relative accuracy down to the smallest subnormal;
    where e^a overflows (a > 88.7 in float32) σ(a) rounds to 1, which those entries are set to, and
    that is noticed from the floating-point flags (overflow, inf/inf) rather than by a pass over a.
    ``1 + e^a`` lives in a work array of ``workspace`` under ``key``; a NaN stays NaN.
    """
    flags = []
    with numpy.errstate(over="call", invalid="call", call=lambda kind, flag: flags.append(kind)):
        e = numpy.exp(a, out=out)
        t = numpy.add(e, 1.0, out=_buffer(workspace, key + ".t", e.shape, e.dtype))
        numpy.divide(e, t, out=e)
    if flags:  # e^a = inf (overflow, or a = +inf) gave inf/inf: there σ(a) rounds to 1
        numpy.copyto(e, 1.0, where=numpy.isinf(t))
    return e


def _softplus(a):
    """ln(1 + e^{a}) without overflow: logaddexp(0, a)."""
    return numpy.logaddexp(0.0, a)


def _relu(a):
    """max(0, a) element-wise."""
    return numpy.maximum(a, 0.0)


def _heaviside(a):
    """The unit step H(a) element-wise, with H(0) = ½ as SymPy's Heaviside."""
    return numpy.heaviside(a, 0.5)


def _erf(a):
    """The error function element-wise (NumPy has none), on whole arrays, in ``a``'s floating type.

    W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations for the error
    function", Math. Comp. 23, 1969, 631-638; the coefficients of his SPECFUN routine CALERF), in float64.
    For |x| ≤ ½, erf x = x·P(x²)/Q(x²), written x·2/√π + x³·R(x²) (R = (P − (2/√π)·Q)/(x²·Q)): the
    rounding errors of the fraction then touch a correction under 8 % of the result, not the result.  Beyond,
    erf x = ±(1 − erfc |x|) with erfc y = e^{−y²}·P(y)/Q(y), from ½ on, where erf ≥ ½ and an ulp of it is
    twice erfc's (CALERF switches at 0.46875, where 1 − erfc loses up to 6 ulp).  That fraction is fitted up
    to y = 4; up to 6, where erf rounds to ±1 (erfc 6 < 2.2e-17), it is within 3e-23 of erfc, far below an
    ulp of erf, so Cody's third fraction (y > 4, for erfc itself) is not needed.  e^{−y²} is
    e^{−u²}·e^{−(y − u)(y + u)} with u = y truncated to sixteenths: the rounding of y² is not magnified.
    Both branches are evaluated on every entry (clipped to their ranges: no overflow) and one is picked, which
    is cheaper than gathering and scattering each range's entries.  Within 2 ulp of math.erf in float64;
    float32 is computed in float64 and rounded once.  A NaN stays NaN, −0 stays −0; integers give float64.
    """
    def fraction(t, p, q):
        """P(t)/Q(t), Horner's rule in place, as CALERF orders it; ``p`` leads with its top coefficient, Q is monic."""
        num = t * p[0]
        den = t + q[0]
        for c in p[1:-1]:
            num += c
            num *= t
        for c in q[1:-1]:
            den *= t
            den += c
        num += p[-1]
        den *= t
        den += q[-1]
        num /= den
        return num

    def block(x):
        """erf of a 1-D float64 array, as a new array."""
        z = numpy.clip(x, -0.5, 0.5)
        s = z * z
        # R's numerator: CALERF's P(s) − (2/√π)·Q(s) over s, its coefficients computed exactly (in fractions), rounded
        near = fraction(s, (-0.9426014609109094, -23.47008128331435, -161.48816355220194, -1069.792529712823),
                        (23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062))
        near *= s
        near *= z
        near += z * 1.1283791670955126  # 2/√π
        y = numpy.abs(x)
        t = numpy.clip(y, 0.5, 6.0)
        erfc = fraction(t, (2.15311535474403846e-8, 0.564188496988670089, 8.88314979438837594, 66.1191906371416295,
                            298.635138197400131, 881.952221241769090, 1712.04761263407058, 2051.07837782607147,
                            1230.33935479799725),
                        (15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019,
                         3290.79923573345963, 4362.61909014324716, 3439.36767414372164, 1230.33935480374942))
        u = numpy.trunc(t * 16.0)
        u /= 16.0
        erfc *= numpy.exp(-(u * u))
        d = t - u
        t += u
        d *= t  # (y − u)(y + u) = y² − u²
        numpy.negative(d, out=d)
        erfc *= numpy.exp(d, out=d)
        far = numpy.subtract(0.5, erfc, out=erfc)
        far += 0.5
        out = numpy.where(y <= 0.5, near, far)
        numpy.copysign(out, x, out=out)  # erf is odd: the sign of x, −0 included (x³·R would make +0 of it)
        return out

    a = numpy.asarray(a)
    dtype = a.dtype if a.dtype.kind == "f" else numpy.dtype(numpy.float64)
    flat = a.reshape(-1)
    out = numpy.empty(flat.shape, dtype)
    # Blocks of 8192 entries stay in cache across the ~70 passes over them: on 10⁶ entries, twice as fast as
    # passes over the whole array (and four times numpy.vectorize(math.erf)).
    for lo in range(0, flat.size, 8192):
        out[lo:lo + 8192] = block(flat[lo:lo + 8192].astype(numpy.float64, copy=False))
    return out.reshape(a.shape)


def _sech(a):
    """1/cosh(a) element-wise; cosh overflowing to inf gives the correct limit 0."""
    with numpy.errstate(over="ignore"):
        return 1.0 / numpy.cosh(a)


def _softmax_cross_entropy(z, y, out=None, workspace=None, key="L"):
    """Cross-entropy −Σ_i y_i ln softmax(z)_i per row, softmax(z) − y, and the row sums of y.

    One walk over blocks of rows that stay in cache instead of a pass over the whole array per
    operation, and few passes per block: the loss row is (Σ_i y_i)·ln Σ_k e^{z_k − max z} −
    Σ_i y_i (z_i − max z), exact without assuming Σ_i y_i = 1, taken from the shifted logits before
    they are exponentiated in place; softmax is e times the reciprocal of the row sum.  Row sums and
    row dot products are matrix products (BLAS), fast however short the rows.  ``out`` (which may be
    ``z``) receives softmax(z) − y; the work arrays come from ``workspace`` (see ``_buffer``), the
    returned loss rows and sums under names made from ``key``, one per call site.
    """
    rows, n = z.shape
    out = numpy.empty_like(z) if out is None else out
    loss = _buffer(workspace, key + ".loss", (rows, 1), z.dtype)
    sums = _buffer(workspace, key + ".sums", (rows, 1), z.dtype)
    # NumPy's iterator fills a buffer of 8192 entries to give its inner loop more than one short row,
    # copying the row maxima and reciprocals broadcast along the rows: for rows this long that copy
    # costs as much as the subtraction or product itself.  A buffer no longer than a row skips it.
    bufsize = numpy.setbufsize(16 * (n // 16)) if 512 <= n < 8192 else None
    try:
        _cross_entropy_blocks(z, y, out, loss, sums, workspace)
    finally:
        if bufsize is not None:
            numpy.setbufsize(bufsize)
    return loss, out, sums


def _cross_entropy_blocks(z, y, out, loss, sums, workspace):
    """The row blocks of ``_softmax_cross_entropy``: fills ``out``, ``loss`` and ``sums`` block by block."""
    rows, n = z.shape
    # About 1 MiB of logits per block, in either dtype: big enough that the per-call cost of a block
    # is small, small enough that the blocks of z (= out) and y stay in a 2 MiB L2 between the passes.
    step = min(rows, max(1, (1 << 20) // (z.itemsize * max(n, 1))))
    top, logs, ones, across, work, vecdot = _cross_entropy_work(workspace, step, n, z.dtype)
    short = across is not None
    base2 = not short and z.dtype == numpy.float32 and _simd_exp2(z.dtype)
    for lo in range(0, rows, step):
        zb, yb, ob, lb, sb = z[lo:lo + step], y[lo:lo + step], out[lo:lo + step], loss[lo:lo + step], sums[lo:lo + step]
        k = zb.shape[0]
        tb, gb = top[:k], logs[:k]
        if short:
            # NumPy reduces short rows one row at a time; transposed, the maximum runs down whole
            # columns at once (several times faster for ten classes), and it is exact in any order.
            across[:, :k] = zb.T
            numpy.maximum.reduce(across[:, :k], axis=0, out=tb[:, 0])
        else:
            numpy.maximum.reduce(zb, axis=1, keepdims=True, out=tb)
        numpy.subtract(zb, tb, out=ob)  # shifted logits, ≤ 0
        if vecdot is not None:
            vecdot(yb, ob, out=lb[:, 0])  # Σ_i y_i (z_i − max z)
        else:
            numpy.matmul(numpy.multiply(yb, ob, out=work[:k]), ones, out=lb)
        if base2:
            # Where NumPy's float32 exp2 is SIMD code it takes half the time of its exp: e^x =
            # 2^(x log2 e), for one more product on the block (not worth its call on short rows).
            # With x ≤ 0 the rounded product costs e^x a relative |x|·ε: under an ulp of the
            # largest e in any row.
            numpy.multiply(ob, 1.4426950408889634, out=ob)
            numpy.exp2(ob, out=ob)
        else:
            numpy.exp(ob, out=ob)
        numpy.matmul(ob, ones, out=tb)  # Σ_k e^{z_k − max z} ≥ 1
        numpy.matmul(yb, ones, out=sb)  # Σ_i y_i
        numpy.log(tb, out=gb)
        numpy.multiply(gb, sb, out=gb)
        numpy.subtract(gb, lb, out=lb)
        numpy.reciprocal(tb, out=tb)
        numpy.multiply(ob, tb, out=ob)
        numpy.subtract(ob, yb, out=ob)


def _simd_exp2(dtype, _known={}):
    """True where NumPy runs ``exp2`` of ``dtype`` as SIMD code on this CPU (not its plain C loop).

    NumPy builds exp2 for AVX-512 only: there float32 exp2 took half the time of exp, while on an
    AVX2 machine (exp in SIMD, exp2 in plain C) it took 1.5-2 times as long.  NumPy says which loop
    it dispatched (``numpy.lib.introspect``, NumPy 2); the answer is kept (``_known``, one entry per
    dtype) because asking costs tens of microseconds, much of a small call.  Older NumPy: False.
    """
    fast = _known.get(dtype)
    if fast is None:
        kind = numpy.dtype(dtype)
        try:
            loops = numpy.lib.introspect.opt_func_info(func_name="^exp2$", signature=f"^{kind.name}$").get("exp2", {})
            loop = loops.get(kind.char * 2, {})  # "ff": float32 in, float32 out
            fast = not str(loop.get("current", "baseline")).startswith("baseline")
        except (AttributeError, TypeError, ValueError):
            fast = False
        _known[dtype] = fast
    return fast


def _cross_entropy_work(workspace, step, n, dtype):
    """The work arrays of a block walk over ``n`` classes, kept in ``workspace`` as one entry.

    One look-up per call instead of one per array (a visible share of a call at small shapes);
    the entry is replaced, not added to, when the block size, class count or dtype changes.
    """
    sig = (step, n, dtype)
    found = None if workspace is None else workspace.get("_softmax_cross_entropy.work")
    if found is not None and found[0] == sig:
        return found[1]
    ones = numpy.ones((n, 1), dtype)
    short = 1 < n <= 32
    across = numpy.empty((n, step), dtype) if short else None
    # Short rows: Σ_i y_i z_i through one product into a work block and a matrix product (vecdot's
    # per-row call costs more); long rows: vecdot (NumPy ≥ 2) reads both blocks once, writes nothing.
    vecdot = None if short else getattr(numpy, "vecdot", None)
    work = None if vecdot else numpy.empty((step, n), dtype)
    arrays = (numpy.empty((step, 1), dtype), numpy.empty((step, 1), dtype), ones, across, work, vecdot)
    if workspace is not None:
        workspace["_softmax_cross_entropy.work"] = (sig, arrays)
    return arrays


def _product_tn(a, b, scale, workspace=None, key="_product_tn"):
    """``scale · aᵀ b`` as a new array, for ``a`` and ``b`` of many rows (a parameter's gradient summed over the batch).

    When ``aᵀ b`` has more rows than columns and the sum runs over 2048 rows or more, it is computed as
    ``(bᵀ a)ᵀ`` and copied back transposed, the copy taking the scale: OpenBLAS ran that orientation
    6–14 % faster in float64 and 3–12 % in float32 (one thread, 4096 rows), the same products in the
    same order.  With fewer rows the copy costs more than the product gains.
    """
    rows, m = a.shape
    n = b.shape[1]
    if rows >= 2048 and m > n:
        flipped = numpy.matmul(b.T, a, out=_buffer(workspace, key + ".t", (n, m), a.dtype))
        return numpy.multiply(flipped.T, scale, out=numpy.empty((m, n), a.dtype))
    out = numpy.matmul(a.T, b)
    return out if scale == 1 else numpy.multiply(out, scale, out=out)


def _one_hot(labels, n, dtype, workspace=None, key="_one_hot"):
    """One row of ``n`` per label, 1 at the label's column and 0 elsewhere: the one-hot code a model reads for it."""
    rows = _buffer(workspace, key + ".one_hot", (labels.shape[0], n), dtype)
    rows.fill(0)
    rows[numpy.arange(labels.shape[0]), labels] = 1
    return rows


def _buffer(workspace, key, shape, dtype):
    """A work array kept in ``workspace`` (a dict) from call to call, or a new one without a workspace."""
    if workspace is None:
        return numpy.empty(shape, dtype)
    buf = workspace.get(key)
    if buf is None or buf.shape != shape or buf.dtype != dtype:
        buf = workspace[key] = numpy.empty(shape, dtype)
    return buf


def _input_error(message):
    """The ValueError for bad arguments, made here: loss_and_grads names no builtin (an input may be ValueError)."""
    return ValueError(message)


def _real_numbers(array, name):
    """Raise the input error unless ``array`` holds real numbers (booleans, integers, floats): not complex, text or objects."""
    kind = array.dtype.kind
    if kind not in "biuf":
        what = "complex numbers" if kind == "c" else f"values of dtype {array.dtype}"
        raise _input_error(f"loss_and_grads: {name} holds {what}; give real numbers (an array of float64 or float32)")


def _check_sums(sums, name, axis, assumption, given=None):
    """Raise ValueError unless every sum of ``name`` along ``axis`` is 1 (to about √ε of the dtype it was ``given`` in)."""
    # Targets normalised in float32 beside float64 weights are summed in float64, but only as exact as float32.
    given = sums.dtype if given is None else given
    tol = 1e-3 if given.kind == "f" and given.itemsize < 8 or sums.dtype.itemsize < 8 else 1e-7  # √ε of f32 / f64
    gap = sums - 1
    # Σ gap² ≤ tol² bounds every |gap| by tol: one BLAS call where a maximum and a minimum take two
    # reductions; NaN or a larger gap fails it and falls through to the exact test, entry by entry.
    if numpy.vdot(gap, gap) <= tol * tol:
        return
    bad = numpy.flatnonzero(~(numpy.abs(gap) <= tol))
    if bad.size:
        first = numpy.unravel_index(bad[0], sums.shape)[0]
        raise ValueError(f"{name}: the sum along axis {axis} must be 1 ({assumption}), but entry {first} "
                         f"sums to {float(sums.flat[bad[0]])!r} ({bad.size} of {sums.size} differ); "
                         f"pass check=False to skip this check")


#: Every kernel by name (the namespace ``lambdify`` and the generated module see).
KERNELS = {f.__name__: f for f in (_softmax, _log_softmax, _softmax_log_softmax, _logsumexp, _expit, _softplus, _relu, _heaviside,
                                    _erf, _sech, _softmax_cross_entropy, _cross_entropy_blocks, _cross_entropy_work,
                                    _simd_exp2,
                                    _product_tn, _one_hot, _buffer, _input_error, _real_numbers, _check_sums)}
KERNEL_NAMES = frozenset(KERNELS)

"""Numerically stable NumPy kernels that the stable rewrites (``numeric.stable``) call.

This module imports only numpy on purpose: ``numeric.codegen`` copies the source of the
kernels a model uses into the standalone module it writes, so the in-process function
and the written file run the very same code.  Each kernel works on whole arrays.
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


def _expit(a):
    """Logistic sigmoid 1/(1 + e^{−a}) without overflow, and accurate in both tails."""
    # e^{−|a|} never overflows; the a < 0 branch e/(1 + e) keeps relative accuracy where 1 − tiny would not.
    e = numpy.exp(-numpy.abs(a))
    return numpy.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


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
    """The error function element-wise (NumPy has none): math.erf per entry, exact to double precision."""
    import math
    return numpy.vectorize(math.erf, otypes=[float])(a)


def _sech(a):
    """1/cosh(a) element-wise; cosh overflowing to inf gives the correct limit 0."""
    with numpy.errstate(over="ignore"):
        return 1.0 / numpy.cosh(a)


#: Every kernel by name (the namespace ``lambdify`` and the generated module see).
KERNELS = {f.__name__: f for f in (_softmax, _log_softmax, _softmax_log_softmax, _logsumexp, _expit, _softplus, _relu, _heaviside,
                                           _erf, _sech)}
KERNEL_NAMES = frozenset(KERNELS)

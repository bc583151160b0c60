"""SymPy's factorisation without its process-wide random state, so that its cost is a function of its input.

Wang's algorithm (SymPy's multivariate factorisation over the integers, behind ``solve``, ``roots`` and
``factor``) picks random evaluation points, and so does the factorisation over finite fields that its
univariate cases use.  Both draw from SymPy's generator, which is seeded from the operating system at
import and advanced by every earlier draw in the process: the same claim's factorisation took 0.7 s
with one generator state and more than 90 s with another (the point reading of
tests/outside/schroff_triplet_loss.md:43, session 62), so the claim ran out of its time budget in some
runs and not in others, depending on what its worker had factored before.  ``install()`` gives every
factorisation over the integers one fixed seed (and leaves the generator as it was); ``steady()``
reseeds the generator for the rest at the start of each claim.  The factors are unique either way:
only the time a call takes changes.
"""
from __future__ import annotations

import functools
import importlib

# By module name: the package re-exports functions under some of these names.
factortools = importlib.import_module("sympy.polys.factortools")
random = importlib.import_module("sympy.core.random")
#: Factorisation over the integers, univariate and multivariate: every factorisation SymPy does of a
#: polynomial with integer (or rational) coefficients goes through one of them.
_ENTRIES = ("dup_zz_factor", "dmp_zz_factor")
_SYMPY = {name: getattr(factortools, name) for name in _ENTRIES}

#: The seed every factorisation (and every claim, for the other draws) starts from.
SEED = 0


def _seeded(fn):
    @functools.wraps(fn)
    def call(*args, **kwargs):
        # the same draws for the same polynomial, and the generator as it was for whatever comes next
        state = random.rng.getstate()
        random.rng.seed(SEED)
        try:
            return fn(*args, **kwargs)
        finally:
            random.rng.setstate(state)
    return call


def install() -> None:
    """Seed each factorisation over the integers with ``SEED`` (idempotent)."""
    for name in _ENTRIES:
        setattr(factortools, name, _seeded(_SYMPY[name]))


def uninstall() -> None:
    """Back to SymPy's own draws (for comparisons in tests)."""
    for name in _ENTRIES:
        setattr(factortools, name, _SYMPY[name])


def steady() -> None:
    """Reseed SymPy's random generator (a claim's work then draws the same numbers whatever ran before it)."""
    random.seed(SEED)

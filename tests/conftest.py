"""Shared test configuration.

``derive check`` and the pytest plugin keep their verdict cache, for this session only, in
one fresh folder that every test (and every xdist worker) shares, so a file several tests
check is proved once per run, as in CI with a cold cache (``session_check`` does the same for
tests that check the examples or the catalog through the library); a developer's own
``.derive_cache/`` (and cache secret) neither feeds nor receives test verdicts.  (``tests/test_verify_cache.py``
shows that a verdict from the cache prints byte for byte as a fresh one.)

Tests marked ``slow`` (each takes many seconds: whole example folders checked, pytest or a
notebook kernel run in a subprocess) run first.  Under pytest-xdist a long test that starts
last keeps one worker busy while the other idles; started first, the short tests fill in
around it.  They are selected like any other test (CI runs them); ``-m "not slow"`` leaves
them out of a quick local run.

Integration tests that need a system tool (Chromium, pdflatex, poppler) or PyTorch skip
on a bare laptop, with the reason stated; under CI (``CI`` set) a missing tool is an
error instead, so CI can never pass by skipping them.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from derive.collector import pace_for_sympy, with_stack_room

# Many tests derive, prove and render in this process itself, as derive's commands and pool workers do:
# the collector keeps their pace here too (Python's default scanned ~14 times as often, finding almost
# nothing in SymPy's trees): 4-17 % less CPU time on the derivation and catalog-report tests in four
# back-to-back pairs; no difference that noise did not swamp on the prover-heavy ones.
pace_for_sympy()

CI_TOOLS = ("chromium", "pdflatex", "pdftotext", "pdftoppm")
CI_MODULES = ("torch", "xdist")


@pytest.fixture(scope="session")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder that belongs to this test run alone and that every xdist worker shares."""
    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker has its own basetemp; their common parent belongs to this run alone.
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(autouse=True, scope="session")
def _session_verdict_cache(run_folder: Path):
    from derive.verify import cache
    folder = run_folder / "derive_cache"
    patch = pytest.MonkeyPatch()
    patch.setattr(cache, "DEFAULT_DIR", str(folder))
    # The cache's secret too belongs to this run, so that every process of it (xdist workers, the
    # subprocesses of pytester, whose HOME is another) seals and trusts the same entries, and the
    # developer's own secret is neither read nor made.
    patch.setenv("XDG_CACHE_HOME", str(run_folder / "user-cache"))
    patch.setattr(cache, "_SECRET", [])
    yield folder
    patch.undo()


@pytest.fixture(autouse=True)
def _resident_workers(request: pytest.FixtureRequest):
    """The workers a command run in this process (``derive.cli.main``) or ``check_loaded`` forks are this
    process's resident ones (``_checking.crew``), as long as they know what a fresh fork would.

    Forking a pytest process that holds hundreds of MB costs tens of ms in page tables and copied pages,
    and a fresh worker warms SymPy's caches again: ~1,000 forks were a third of the suite's CPU time.
    Not for a test that patches anything (``monkeypatch``; a patch never reaches workers forked before
    it), nor once a construct is registered that the resident workers do not know: those fork afresh,
    and so do its loads (``run_kept``'s worker too was forked before the patch).
    """
    from derive.verify import bounded
    if "monkeypatch" in request.fixturenames:
        patch = request.getfixturevalue("monkeypatch")
        patch.setattr(bounded, "run_kept", lambda fn, arg, timeout, describe=repr: bounded.run_bounded(
            lambda progress: fn(arg, progress), timeout, describe))
        yield
        return
    import _checking
    from derive.verify import check, crew as crew_module
    fresh = crew_module.Crew

    def crew(jobs: int | None = None):
        kept = _checking.resident() if jobs is None else None
        return kept if kept is not None else fresh(jobs)
    crew_module.Crew = check.Crew = crew
    try:
        yield
    finally:
        crew_module.Crew = check.Crew = fresh


@pytest.fixture
def session_check(_session_verdict_cache) -> Callable:
    """``check(f, timeout)``: ``check_loaded`` through this session's verdict cache, as ``derive check`` runs it.

    For tests whose subject is what a file's claims come to (the examples, the catalog), not the
    library call itself: a claim another test of this run already decided is not proved again.
    """
    from derive.verify import check_loaded
    from derive.verify.cache import open_cache
    cache = open_cache(_session_verdict_cache)
    return lambda f, timeout: cache.check_file(f, timeout, check_loaded)


#: A ReLU gate written with where: a[i] = where(u[i] > 0, LIVE, DEAD), a squared loss, the gate forgotten.
GATE = """title = "a ReLU gate"
[sizes]
n = "units"
[inputs]
u = ["n"]
y = ["n"]
[define]
"a[i]" = "where(u[i] > 0, {live}, {dead})"
"L" = "Sum((a[i] - y[i])**2, (i, 1, n)) / 2"

[[claim]]
name = "the gate forgotten"
eq = "diff(L, u[j]) = a[j] - y[j]"
"""


@pytest.fixture
def relu_gate(tmp_path) -> Callable:
    """``relu_gate(live, dead)``: the path of a derivation file with that gate (see ``GATE``)."""
    def write(live: str = "u[i]", dead: str = "0"):
        path = tmp_path / "gate.derive.toml"
        path.write_text(GATE.format(live=live, dead=dead), encoding="utf-8")
        return path
    return write


#: A batch cross-entropy mean with one integer label per row, t[b]: the model of the per-sample label tests
#: (a *.derive.toml file's head, and a notes' derive block).
BATCH_LABELS = """title = "batch cross-entropy, integer labels"
[sizes]
B = "batch"
n = "classes"
[inputs]
Z = ["B", "n"]
[labels]
t = { shape = ["B"], range = "n" }
[define]
"P[b, i]" = "exp(Z[b, i]) / Sum(exp(Z[b, q]), (q, 1, n))"
"L" = "-Sum(log(P[b, t[b]]), (b, 1, B)) / B"
"""


@pytest.fixture
def batch_labels() -> str:
    """``BATCH_LABELS``: a batch cross-entropy with a label per row, for claims to follow."""
    return BATCH_LABELS


#: A classifier's sizes, its logits and the true class c (a label): the head of the label tests' derive blocks.
LABELLED_HEAD = '[sizes]\nn = "classes"\n[inputs]\nz = ["n"]\n[labels]\nc = "n"\n'


@pytest.fixture
def labelled_head() -> str:
    """``LABELLED_HEAD``: sizes n, logits z and the label c, for a derive block to define the rest."""
    return LABELLED_HEAD


def pytest_sessionstart(session: pytest.Session) -> None:
    if not os.environ.get("CI"):
        return
    missing = [t for t in CI_TOOLS if shutil.which(t) is None]
    missing += [m for m in CI_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        pytest.exit(f"CI is set but these are missing, so integration tests would skip: {', '.join(missing)}",
                    returncode=3)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool:
    """pytest's own protocol for one test, run with room on the frame stack (``with_stack_room``), as derive's
    commands and workers run: tests derive, prove and render in this process too."""
    from _pytest.runner import runtestprotocol
    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    with_stack_room(lambda: runtestprotocol(item, nextitem=nextitem))
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # A stable partition, the same in every xdist worker (they must collect the same list).
    items[:] = [i for i in items if i.get_closest_marker("slow")] + \
               [i for i in items if not i.get_closest_marker("slow")]


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """An xdist worker, its results sent, ends here: its exit handlers run, and the system takes back its memory at once.

    A worker holds hundreds of MB of SymPy trees; Python's own shutdown freed them object by object while
    the main process waited for it (2-10 s at the end of every run, after the last test).  First of the
    unconfigure hooks: the others only tidy up a process that is going away (pytest's search for
    unraisable exceptions ran full garbage collections over those trees, ~1 s per worker, and nothing
    it could find would still reach the report, which the worker has sent).
    """
    if not hasattr(config, "workerinput"):
        return  # the main process (or a run without xdist): its exit status is the run's
    import atexit
    import sys
    atexit._run_exitfuncs()  # derive's worker pools, multiprocessing's children, logging
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(0)

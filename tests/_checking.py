"""Files loaded and checked the way ``derive check`` does it: by one set of workers, kept for the whole test run.

For tests whose subject is what a file's claims come to.  ``derive check`` loads every file in its
workers and checks the claims there, each worker keeping what it loaded and SymPy's warm caches from
one file to the next; the library's ``load_file``/``check_loaded`` fork fresh processes on every call
(a bounded load, then a pool), which cost tests/outside a tenth of its CPU time.  The workers here are
forked once per pytest process, at the first call, so a test that patches derive in this process
must check through fresh workers (a patch made later never reaches these): ``resident`` tells when
these may stand in for the ones a command or ``check_loaded`` would fork (``tests/conftest.py``).
"""
from __future__ import annotations

import atexit
from pathlib import Path

from derive.language.table import constructs, same_table
from derive.verify.bounded import Workers
from derive.verify.check import DEFAULT_TIMEOUT, ClaimResult, check_files
from derive.verify.command import load_all
from derive.verify.crew import Crew
from derive.verify.fileformat import DerivationFile


class _Kept(Workers):
    """Workers that outlive the ``with`` blocks and ``close()`` calls of the commands they serve."""

    def close(self) -> None:
        """Kept: stopped when this process exits (``stop``)."""

    def stop(self) -> None:
        """Stop every worker."""
        super().close()


_CREW: list[Crew] = []
#: The table of constructs when the workers were forked: a construct registered since never reached them.
_TABLE: list[tuple] = []


def crew() -> Crew:
    """This pytest process's workers, forked at the first call and stopped when it exits."""
    if not _CREW:
        c = Crew()
        c.workers = _Kept(c.workers.jobs)
        _CREW.append(c)
        _TABLE.append(constructs())
        atexit.register(c.workers.stop)
    return _CREW[0]


def resident() -> Crew | None:
    """``crew()`` if its workers know every construct registered now (as a fresh fork would), else None."""
    c = crew()
    return c if same_table(constructs(), _TABLE[0]) else None


def claims_of(path: str | Path, timeout: float = DEFAULT_TIMEOUT, load_timeout: float | None = None,
              expected: bool = True) -> list[ClaimResult]:
    """The result of every claim of ``path`` (of each context of a document), in order, as ``derive check`` finds them.

    ``expected`` False: no derive's own derivative beside a counterexample, for a test of verdicts alone.
    """
    files = load_all([Path(path)], load_timeout, crew())
    return [c for report in check_files([(f, timeout, None) for f in files], crew=crew(), expected=expected)
            for c in report.claims]


def checked(f: DerivationFile, timeout: float = DEFAULT_TIMEOUT) -> list[ClaimResult]:
    """The result of every claim of the loaded file ``f``, in order, checked by this process's workers."""
    return check_files([(f, timeout, None)], crew=crew())[0].claims


def loaded(path: str | Path, load_timeout: float | None = None) -> list[DerivationFile]:
    """Every file (context) of ``path``, loaded by this process's workers, which keep them for ``checked``."""
    return load_all([Path(path)], load_timeout, crew())


def note_verdicts(tmp_path: Path, head: str, *claims: str) -> list[str]:
    """The verdicts of a note written to ``tmp_path``: ``head`` (its derive block) and one display per claim."""
    p = tmp_path / "notes.md"
    p.write_text(head + "".join(f"\n$$\n{c}\n$$\n" for c in claims))
    (f,) = loaded(p)
    return [c.verdict for c in checked(f, 60)]

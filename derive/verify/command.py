"""``derive check PATH...``: load every file first, then check each claim and report.

All files are loaded and validated before any claim is checked (each load bounded by the
``--timeout`` budget, see ``fileformat.load_file``), so a bad input stops the run with one
``file:line: problem`` line (exit 2) and nothing written.  Names and paths are shown through
``derive.textsafe`` (control and bidi characters as ``\\uXXXX``).  Output is one
line per claim plus its evidence and a summary, or one JSON array with ``--json``; a
JUnit report is written at the end with ``--junit-xml``.  Verdicts are reused from
``.derive_cache/`` when nothing they depend on changed (``--no-cache``, ``--cache-dir``;
see ``derive.verify.cache``); an unchanged file is not even loaded (``derive.verify.filecache``),
so a re-run with nothing changed imports neither SymPy nor the prover.
The claims of all files are checked by one set of worker processes (``check.check_files``).
``--catalog`` adds every catalog model's gradient claims (``derive.verify.catalogclaims``),
reported as ``catalog:NAME: verdict  claim``.
Exit codes: 0 all proved (or unproved without --strict); 1 refuted, unchecked (a budget ran out
before the counterexample search finished), untested (no point tried, no proof), or unproved under --strict;
2 bad input.
"""
from __future__ import annotations

import json
from contextlib import nullcontext
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..output import not_over
from ..textsafe import escape, json_safe
from ..progress import progress
from .results import NOT_CHECKED_WHY, PROVED, REFUTED, UNPROVED, FileReport, caveats, evidence_lines

if TYPE_CHECKING:
    from .fileformat import DerivationFile

PATTERN = "*.derive.toml"
#: Catalog claims go through whole networks (mlp: five layers, batched): a larger default budget.
CATALOG_TIMEOUT = 60.0


def check_files(files: list, done: Callable[[], None] | None = None, crew=None, decided=None) -> list[FileReport]:
    """``check.check_files``, imported when first needed (a fully cached run never needs the prover)."""
    from .check import check_files as check
    return check(files, done=done, crew=crew, decided=decided)


def find_files(paths: list[str], has_context: Callable[[Path], bool] | None = None) -> list[Path]:
    """The derivation files named by ``paths`` (folders: ``*.derive.toml``, and .md/.tex with a derive context).

    ``has_context`` answers for a Markdown/LaTeX file in a folder (default: ``documents.load.has_context``).
    """
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            from ..documents.files import documents_in, files_in
            # a pipe, a device or a folder named *.derive.toml in the walk is no derivation file (reading a pipe never ends)
            tomls = [f for f in files_in(path) if f.name.lower().endswith(PATTERN[1:]) and f.is_file()]
            found = sorted([*tomls, *documents_in(path, has_context)])
            if not found:
                raise InputError(f"no {PATTERN} files (nor .md/.tex with a derive context) in this folder", p, 0)
            out += found
        elif path.is_file() and path.suffix.lower() == ".ipynb":
            from .fileformat import NOT_A_NOTEBOOK
            raise InputError(NOT_A_NOTEBOOK, p, 0)
        elif path.is_file():
            out.append(path)
        elif path.exists():  # a device, pipe or socket (a link to /dev/zero): reading it would never end
            raise InputError("not a regular file or folder", p, 0)
        else:
            raise InputError("no such file or folder", p, 0)
    return list(dict.fromkeys(out))


#: What a loading worker reports when its load ran out of memory.
_MEMORY = "memory"


def _load_error(exc: BaseException) -> tuple | str:
    if isinstance(exc, InputError):
        return (exc.message, exc.file, exc.line)
    if isinstance(exc, MemoryError):
        return _MEMORY
    return (f"internal error while loading: {type(exc).__name__}", "", 0)


def load_all(paths: list[Path], timeout: float | None = None, crew=None,
             arrived: Callable[[DerivationFile], None] | None = None) -> list[DerivationFile]:
    """Every file (each context of a .md/.tex document), loaded side by side by worker processes, in order.

    Each load has its own bound (``fileformat.load_bound``), kept by the pool; a worker loads one file
    after another in its own process (no fork per file), so what it imported and SymPy's caches carry
    over, and keeps what it loaded for checking the claims when it is ``crew``'s (``derive.verify.crew``).
    The first bad file in order is the ``InputError``, worded as ``load_any`` words it.  ``arrived(f)``
    is called on each file a worker sent as it arrives (not for a lone file loaded here).
    """
    from ..documents.load import load_any  # *.md and *.tex: one file per derive context
    from .crew import Crew
    from .fileformat import load_bound, over_budget
    if len(paths) < 2 and crew is None:
        return [f for p in paths for f in load_any(p, timeout)]
    bound = load_bound(timeout)
    with (Crew() if crew is None else nullcontext(crew)) as workers:
        outcomes = workers.load(paths, bound, _load_error, arrived)
    loaded = []
    for path, o in zip(paths, outcomes):
        if o.error == _MEMORY or o.dead:
            raise over_budget(path, "ran out of memory", o.latest)
        if o.error is not None:
            message, file, line = o.error
            raise InputError(message, file or str(path), line)
        if not o.final:
            raise over_budget(path, f"took longer than {bound:g} s", o.latest)
        loaded += o.latest
    return loaded


def exit_code(reports: list[FileReport], strict: bool) -> int:
    """0, or 1 when a claim is refuted, unchecked (out of time before the counterexample searches finished), untested
    (no point tried and no proof), or unproved under ``strict``, or under ``strict`` a relation was not checked."""
    failing = any(c.failing(strict) for r in reports for c in r.claims)
    return 1 if failing or strict and any(r.unchecked for r in reports) else 0


def where(r: FileReport, c) -> str:
    """``file:line`` of a claim, or just ``catalog:NAME`` for a catalog claim (it has no line); escaped."""
    return escape(f"{r.path}:{c.line}" if c.line else r.path)


def as_json(reports: list[FileReport]) -> list[dict]:
    """The ``--json`` array: one object per claim (``line`` is null for catalog claims)."""
    return [{"file": r.path, "line": c.line or None, "name": c.name, "verdict": c.verdict,
             "evidence": {"method": c.method, "givens_used": c.givens_used, **c.evidence}
             if c.verdict == PROVED else c.evidence}
            for r in reports for c in r.claims]


def as_text(reports: list[FileReport]) -> str:
    """One line per claim with its evidence indented below, then the summary."""
    lines = []
    for r in reports:
        stated = sorted(r.unchecked, key=lambda u: u[0])
        for c in r.claims:
            while stated and c.line and stated[0][0] < c.line:
                lines += _not_checked(r, *stated.pop(0))
            lines.append(f"{where(r, c)}: {c.verdict}  {escape(c.name)}")
            lines += [f"    {escape(line)}" for line in evidence_lines(c)]
        for line, text in stated:
            lines += _not_checked(r, line, text)
    claims = [c for r in reports for c in r.claims]
    counts = {v: sum(c.verdict == v for c in claims) for v in (PROVED, REFUTED, UNPROVED)}
    files = len({r.path for r in reports})  # a Markdown/LaTeX document may hold several contexts
    failing, stated = caveats(claims, sum(len(r.unchecked) for r in reports))
    lines.append(f"{len(claims)} claim(s) in {files} file(s): "
                 + ", ".join(f"{n} {v}" for v, n in counts.items())
                 + "".join(f" ({n} of them {why})" for n, why in failing) + (f"; {stated}" if stated else ""))
    return "\n".join(lines)


def _not_checked(r: FileReport, line: int, text: str) -> list[str]:
    """The lines for a relation a note states but derive does not check."""
    return [f"{escape(f'{r.path}:{line}')}: not checked  {escape(text)}", f"    {NOT_CHECKED_WHY}"]


def _served(paths: list[Path], layer) -> dict[Path, list[FileReport]]:
    """The files the file-level cache serves whole (``derive.verify.filecache``), by path."""
    if not layer.enabled:
        return {}
    served = {p: layer.lookup(p) for p in paths}
    return {p: reports for p, reports in served.items() if reports is not None}


def _check_loaded(loaded: list[DerivationFile], timeout: float | None, cache, done, crew=None) -> list[FileReport]:
    """Verdicts for loaded files: the claim-level cache, then the prover for what it does not hold."""
    if not loaded:
        return []
    from .check import DEFAULT_TIMEOUT
    budgets = [(f, timeout or (CATALOG_TIMEOUT if f.path.startswith("catalog:") else DEFAULT_TIMEOUT))
               for f in loaded]
    return cache.check_files(budgets, lambda files, done=None, decided=None: check_files(files, done, crew, decided),
                             done=done)


def _keep(layer, paths: list[Path], loaded: list[DerivationFile], reports: list[FileReport], settled: list,
          timeout: float | None) -> None:
    """Write the file-level entry of each path whose every claim now has its verdict in the cache."""
    if not layer.enabled or not loaded or len(settled) != len(reports):
        return
    from .check import DEFAULT_TIMEOUT
    for path in paths:
        mine = [n for n, f in enumerate(loaded) if f.path == str(path)]
        if mine:
            layer.store(path, [reports[n] for n in mine], [settled[n] for n in mine], timeout or DEFAULT_TIMEOUT)


def _in_order(paths: list[Path], served: dict[Path, list[FileReport]], fresh: list[FileReport]) -> list[FileReport]:
    """Every path's reports in the order of ``paths``: served whole, or the next of ``fresh`` (loaded in order)."""
    out, rest = [], iter(fresh)
    pending = next(rest, None)
    for path in paths:
        if path in served:
            out += served[path]
            continue
        while pending is not None and pending.path == str(path):
            out.append(pending)
            pending = next(rest, None)
    return out + ([pending] if pending is not None else []) + list(rest)


def _check_junit_target(name: str | None, paths: list[str]) -> None:
    """``InputError`` before any work when ``--junit-xml`` names no file that could be written, or one it reads."""
    if name is None:
        return
    if not name.strip():
        raise InputError("--junit-xml needs a file name")
    for path in paths:  # --junit-xml notes.md with notes.md checked: the derivation would be replaced by XML
        not_over(name, path)
    target = Path(name)
    if target.is_dir() or not (target.parent.is_dir() if str(target.parent) else True):
        raise InputError("cannot write the JUnit report here", name, 0)


def run_check(args) -> int:
    """Handler of ``derive check``."""
    from .cache import open_cache
    from .filecache import FileLayer
    if not args.paths and not getattr(args, "catalog", False):
        raise InputError("give at least one file or folder (or --catalog)")
    _check_junit_target(args.junit_xml, args.paths)
    cache = open_cache(getattr(args, "cache_dir", None), getattr(args, "no_cache", False))
    # Every option that changes loading or verdicts is key material of the file-level entries.
    layer = FileLayer(cache, {"timeout": args.timeout})
    paths = find_files(args.paths, layer.has_context if layer.enabled else None) if args.paths else []
    served = _served(paths, layer)
    todo = [p for p in paths if p not in served]
    if not todo:  # served whole, or the catalog alone (its workers are forked once its files exist)
        return _finish(args, paths, served, [], [], cache, layer)
    from .crew import Crew
    # The workers check the claims too: they inherit the prover instead of each importing it, and
    # nothing is left to import between loading and checking, while they would wait.
    from . import check  # noqa: F401
    with Crew() as crew:  # the workers that load the files check their claims too
        # Each file's claim keys are computed as it arrives, while the workers load the next files.
        loaded = load_all(todo, args.timeout, crew, cache.keys_of if cache.directory is not None else None)
        return _finish(args, paths, served, todo, loaded, cache, layer, crew)


def _finish(args, paths: list[Path], served: dict, todo: list[Path], loaded: list[DerivationFile], cache, layer,
            crew=None) -> int:
    """Check what is loaded (and the catalog), keep the file-level entries, print; the exit code."""
    from_paths = len(loaded)
    if getattr(args, "catalog", False):
        from .bounded import default_jobs
        from .catalogclaims import catalog_files
        loaded += catalog_files(jobs=default_jobs())
    total = sum(len(r.claims) for reports in served.values() for r in reports) + sum(len(f.claims) for f in loaded)
    ticks = progress(range(total), "check", total=total)  # a bar on stderr only at a terminal
    try:
        for _ in range(total - sum(len(f.claims) for f in loaded)):
            next(ticks, None)
        fresh = _check_loaded(loaded, args.timeout, cache, lambda: next(ticks, None), crew)
    finally:
        ticks.close()
    _keep(layer, todo, loaded[:from_paths], fresh, cache.settled, args.timeout)
    reports = _in_order(paths, served, fresh[:from_paths]) + fresh[from_paths:]  # the catalog's last, as before
    if args.junit_xml:
        from .junit import write_junit
        write_junit(args.junit_xml, reports, args.strict)
    if args.json:
        print(json_safe(json.dumps(as_json(reports), indent=2, ensure_ascii=False)))
    else:
        print(as_text(reports))
    return exit_code(reports, args.strict)


__all__ = ["run_check", "find_files", "exit_code", "as_json", "as_text"]

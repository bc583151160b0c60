"""pytest plugin (entry point ``pytest11``): collects ``*.derive.toml`` files as test items.

Markdown and LaTeX documents holding a derive context (``derive.documents``) are collected
the same way, one item per checked equation.

One item per claim, named by the claim's name (so ``pytest -k`` selects claims; control and
bidi characters, and ``:`` in a name holding ``::``, are escaped — ``derive.textsafe.node_id``; names are
unique per file, and an item whose node id a file gave already is numbered on, never dropped); a
refuted claim fails showing its counterexample; ``--derive-strict`` also fails unproved
claims; ``--derive-timeout`` bounds each claim.  A bad file is one collection error
with its ``file:line: problem`` line.  Verdicts are reused from ``.derive_cache/`` in the
rootdir (``--derive-no-cache``, ``--derive-cache-dir``); an unchanged file is served whole by the
file-level cache, without parsing (``derive.verify.filecache``); items run under pytest-xdist too.
While a conftest.py has registered constructs of its own, nothing is cached and the header
says so (``derive.verify.fingerprint``).
Claims are checked one at a time by a worker process kept for the session (``ClaimChecker``:
a file's later claims find what its earlier ones computed), each within its own budget.
Modelled on pytest's non-python-files example.
"""
from __future__ import annotations

import pytest

from .cli import seconds
from .collector import size_sympy_caches

# Loaded as pytest starts, before anything imports SymPy: its caches are sized as in ``derive check``
# (xdist's workers inherit the setting), so claims are checked in the same kind of process.
size_sympy_caches()


def pytest_addoption(parser) -> None:
    """Options for derivation-file items."""
    group = parser.getgroup("derive", "derivation files (*.derive.toml)")
    group.addoption("--derive-strict", action="store_true", help="fail claims that are unproved")
    # checked as derive check's --timeout is: 0 was taken as the default, nan and -1 ran
    group.addoption("--derive-timeout", type=seconds, default=None, help="seconds allowed per claim, in (0, 3600]")
    group.addoption("--derive-no-cache", action="store_true", help="check every claim again; no verdict cache")
    group.addoption("--derive-cache-dir", default=None, metavar="DIR",
                    help="verdict cache folder, relative to the rootdir (default: .derive_cache)")


def pytest_configure(config) -> None:
    """A ``--derive-cache-dir`` that names a file is a usage error, reported before any test runs."""
    folder = config.getoption("derive_cache_dir", None)
    if folder and (config.rootpath / folder).exists() and not (config.rootpath / folder).is_dir():
        raise pytest.UsageError(f"--derive-cache-dir {folder}: not a folder")


def pytest_report_header(config) -> str | None:
    """A header line when the verdict cache is off: a conftest.py registered constructs (their code is not keyed)."""
    from .verify.fingerprint import cache_off_note
    return None if config.getoption("derive_no_cache") else cache_off_note()


def pytest_collect_file(parent, file_path):
    """Collect ``*.derive.toml`` files, and Markdown/LaTeX documents that hold a derive context."""
    if file_path.name.endswith(".derive.toml"):
        return DeriveFile.from_parent(parent, path=file_path)
    from .documents.files import is_document
    if is_document(file_path):
        if _layer(parent.config).has_context(file_path):  # kept by what the file reads: no parsing to ask again
            return DeriveFile.from_parent(parent, path=file_path)
    return None


class DeriveFile(pytest.File):
    """A derivation file: served whole by the file-level cache, or loaded (and validated) once; one item per claim.

    A file served from ``derive.verify.filecache`` is neither parsed nor checked: its items carry
    their cached results (names and lines come from the entry).  A loaded file's entry is written
    once every claim has a verdict the cache kept: at collection when all were kept already, else
    when the last of its items has run in this process (under pytest-xdist, a worker that ran only
    some of them writes none; the next run's collection does).
    """

    def collect(self):
        node_id = _NodeIds()
        served = _layer(self.config).lookup(self.path)
        if served is not None:
            for report in served:
                for result in report.claims:
                    yield DeriveItem.from_parent(self, name=node_id(result.name), line=result.line, result=result)
                yield from self._not_checked(report.unchecked, node_id)
            return
        from .errors import InputError
        from .documents.load import load_any
        try:
            files = load_any(self.path, self.config.getoption("derive_timeout"))  # a document: one file per context
        except InputError as exc:
            from .textsafe import escape
            raise self.CollectError(escape(str(exc))) from None
        from .verify import DEFAULT_TIMEOUT
        self.loaded, self.settled = files, [{} for _ in files]
        self.timeout = self.config.getoption("derive_timeout") or DEFAULT_TIMEOUT
        kept = self._kept_already()
        for n, loaded in enumerate(files):
            for index, claim in enumerate(loaded.claims):
                # Escaped: a "::" in a claim name would make the node id ambiguous, a U+202E reorder the report.
                yield DeriveItem.from_parent(self, name=node_id(claim.name), line=claim.line, file=loaded,
                                             index=index, context=n, result=kept.get((n, claim.name)))
            yield from self._not_checked(loaded.unchecked, node_id)

    def _not_checked(self, unchecked, node_id):
        """An item for each relation other than = the note states (skipped, failing under --derive-strict)."""
        for line, text in unchecked:
            yield NotCheckedItem.from_parent(self, name=node_id(text), line=line)

    def _kept_already(self) -> dict:
        """Every claim's cached result, by (context, name), when all are cached (the file's entry is written now).

        So that a file loaded again (its entry missing, or its items spread over xdist workers last
        time) gets its entry in any worker; a first miss stops the look-up, nothing is checked here.
        """
        cache = _cache(self.config)
        if cache.directory is None:
            return {}
        from .verify.cache import claim_key
        for n, f in enumerate(self.loaded):
            for claim in f.claims:
                key = claim_key(f, claim)
                hit = cache.get(key, claim, self.timeout)
                if hit is None:
                    return {}
                self.settled[n][claim.name] = (hit, key)
        self._write_entry()
        return {(n, name): r for n, done in enumerate(self.settled) for name, (r, _) in done.items()}

    def settle(self, context: int, result, key: str | None) -> None:
        """Note one item's result; when every claim has one, write the file-level entry (if all were kept)."""
        self.settled[context][result.name] = (result, key)
        if sum(map(len, self.settled)) == sum(len(f.claims) for f in self.loaded):
            self._write_entry()

    def _write_entry(self) -> None:
        """The file-level entry from the settled results (``FileLayer.store`` writes it only if all were kept)."""
        from .verify.check import file_report
        reports = [file_report(f, [done[c.name][0] for c in f.claims]) for f, done in zip(self.loaded, self.settled)]
        keys = [{name: key for name, (_, key) in done.items()} for done in self.settled]
        _layer(self.config).store(self.path, reports, keys, self.timeout)


class _NodeIds:
    """Each claim name of one file as its item's name (``derive.textsafe.node_id``), never one given before.

    A file's claim names are unique (a document numbers a repeated one on across its contexts), but two
    items with one node id would be one to pytest-xdist, whose schedulers track work by node id: one of
    them would never run, and a refuted claim would pass unseen.  So a repeat is numbered on here too.
    """

    def __init__(self):
        self.given: set[str] = set()

    def __call__(self, name: str) -> str:
        from .textsafe import node_id, numbered_on
        return numbered_on(node_id(name), self.given)


_CACHE = pytest.StashKey()
_LAYER = pytest.StashKey()


def _cache(config):
    """This process's verdict cache (xdist workers each open one; they share its folder safely)."""
    if _CACHE not in config.stash:
        from .verify.cache import DEFAULT_DIR, VerdictCache
        folder = None if config.getoption("derive_no_cache") else \
            config.rootpath / (config.getoption("derive_cache_dir") or DEFAULT_DIR)
        config.stash[_CACHE] = VerdictCache(folder)
    return config.stash[_CACHE]


def _layer(config):
    """The file-level entries in this process's cache folder, keyed by the options that change verdicts."""
    if _LAYER not in config.stash:
        from .verify.filecache import FileLayer
        config.stash[_LAYER] = FileLayer(_cache(config), {"timeout": config.getoption("derive_timeout")})
    return config.stash[_LAYER]


_CHECKER = pytest.StashKey()


def _checker(config):
    """This process's claim checker: one worker for the session's items, stopped with the session."""
    if _CHECKER not in config.stash:
        from .verify.check import ClaimChecker
        checker = config.stash[_CHECKER] = ClaimChecker()
        config.add_cleanup(checker.close)
    return config.stash[_CHECKER]


class ClaimNotProved(Exception):
    """A claim was refuted (or unproved under --derive-strict)."""

    def __init__(self, result):
        super().__init__(result.verdict)
        self.result = result


class DeriveItem(pytest.Item):
    """One claim of a derivation file (or its cached result, when the file was served whole)."""

    def __init__(self, *, line: int, file=None, index: int = 0, context: int = 0, result=None, **kwargs):
        super().__init__(**kwargs)
        self.line, self.file, self.index, self.context, self.result = line, file, index, context, result

    def runtest(self) -> None:
        result = self.result
        if result is None:  # not served by the cache at collection: the prover may be needed
            timeout, claim = self.parent.timeout, self.file.claims[self.index]
            result, key = _cache(self.config).settle_one(
                self.file, claim, timeout, lambda: _checker(self.config).check(self.file, self.index, timeout))
            self.parent.settle(self.context, result, key)
        self.user_properties.append(("verdict", result.verdict))
        if result.failing(self.config.getoption("derive_strict")):
            raise ClaimNotProved(result)

    def repr_failure(self, excinfo, style=None):
        """The verdict and its evidence (the counterexample), not a traceback."""
        if isinstance(excinfo.value, ClaimNotProved):
            from .textsafe import escape
            from .verify.results import evidence_lines
            r = excinfo.value.result
            lines = (f"{self.path.name}:{r.line}: {r.verdict}  {r.name}", f"    claim: {r.eq}",
                     *(f"    {line}" for line in evidence_lines(r)))
            return "\n".join(escape(line) for line in lines)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        """``file:line`` of the claim (pytest counts lines from 0)."""
        return self.path, self.line - 1, f"claim: {self.name}"


class NotCheckedItem(pytest.Item):
    """A relation other than = a note states (``0 < s_i``, ``s \\approx 1``): derive does not check it, and says so."""

    def __init__(self, *, line: int, **kwargs):
        super().__init__(**kwargs)
        self.line = line

    def runtest(self) -> None:
        from .verify.results import NOT_CHECKED_WHY
        self.user_properties.append(("verdict", "not checked"))
        if self.config.getoption("derive_strict"):
            raise RelationNotChecked(NOT_CHECKED_WHY)
        pytest.skip(f"not checked: {NOT_CHECKED_WHY}")

    def repr_failure(self, excinfo, style=None):
        """The relation and why it is not checked, not a traceback."""
        if isinstance(excinfo.value, RelationNotChecked):
            from .textsafe import escape
            return escape(f"{self.path.name}:{self.line}: not checked  {self.name}\n    {excinfo.value}")
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        """``file:line`` of the relation (pytest counts lines from 0)."""
        return self.path, self.line - 1, f"not checked: {self.name}"


class RelationNotChecked(Exception):
    """A relation other than = under --derive-strict."""

"""pytest plugin (entry point ``pytest11``): collects ``*.derive.toml`` files as test items.

Markdown and LaTeX documents holding a derive context (``derive.documents``) are collected
the same way, one item per checked equation.

One item per claim, named by the claim's name (so ``pytest -k`` selects claims; control and
bidi characters, and ``:`` in a name holding ``::``, are escaped — ``derive.textsafe.node_id``); a
refuted claim fails showing its counterexample; ``--derive-strict`` also fails unproved
claims; ``--derive-timeout`` bounds each claim.  A bad file is one collection error
with its ``file:line: problem`` line.  Verdicts are reused from ``.derive_cache/`` in the
rootdir (``--derive-no-cache``, ``--derive-cache-dir``); items run under pytest-xdist too.
Modelled on pytest's non-python-files example.
"""
from __future__ import annotations

import pytest


def pytest_addoption(parser) -> None:
    """Options for derivation-file items."""
    group = parser.getgroup("derive", "derivation files (*.derive.toml)")
    group.addoption("--derive-strict", action="store_true", help="fail claims that are unproved")
    group.addoption("--derive-timeout", type=float, default=None, help="seconds allowed per claim")
    group.addoption("--derive-no-cache", action="store_true", help="check every claim again; no verdict cache")
    group.addoption("--derive-cache-dir", default=None, metavar="DIR",
                    help="verdict cache folder, relative to the rootdir (default: .derive_cache)")


def pytest_configure(config) -> None:
    """A ``--derive-cache-dir`` that names a file is a usage error, reported before any test runs."""
    folder = config.getoption("derive_cache_dir", None)
    if folder and (config.rootpath / folder).exists() and not (config.rootpath / folder).is_dir():
        raise pytest.UsageError(f"--derive-cache-dir {folder}: not a folder")


def pytest_collect_file(parent, file_path):
    """Collect ``*.derive.toml`` files, and Markdown/LaTeX documents that hold a derive context."""
    if file_path.name.endswith(".derive.toml"):
        return DeriveFile.from_parent(parent, path=file_path)
    if file_path.suffix.lower() in (".md", ".markdown", ".tex"):
        from .documents.load import has_context
        if has_context(file_path):
            return DeriveFile.from_parent(parent, path=file_path)
    return None


class DeriveFile(pytest.File):
    """A derivation file: loaded (and validated) once, one item per claim."""

    def collect(self):
        from .errors import InputError
        from .documents.load import load_any
        try:
            files = load_any(self.path, self.config.getoption("derive_timeout"))  # a document: one file per context
        except InputError as exc:
            from .textsafe import escape
            raise self.CollectError(escape(str(exc))) from None
        from .textsafe import node_id
        from .verify.semantics import Semantics
        for loaded in files:
            sem = Semantics(loaded)
            for claim in loaded.claims:
                # Escaped: a "::" in a claim name would make the node id ambiguous, a U+202E reorder the report.
                yield DeriveItem.from_parent(self, name=node_id(claim.name), sem=sem, claim=claim)


_CACHE = pytest.StashKey()


def _cache(config):
    """This process's verdict cache (xdist workers each open one; they share its folder safely)."""
    if _CACHE not in config.stash:
        from .verify.cache import DEFAULT_DIR, VerdictCache
        folder = None if config.getoption("derive_no_cache") else \
            config.rootpath / (config.getoption("derive_cache_dir") or DEFAULT_DIR)
        config.stash[_CACHE] = VerdictCache(folder)
    return config.stash[_CACHE]


class ClaimNotProved(Exception):
    """A claim was refuted (or unproved under --derive-strict)."""

    def __init__(self, result):
        super().__init__(result.verdict)
        self.result = result


class DeriveItem(pytest.Item):
    """One claim of a derivation file."""

    def __init__(self, *, sem, claim, **kwargs):
        super().__init__(**kwargs)
        self.sem, self.claim = sem, claim

    def runtest(self) -> None:
        from .verify import DEFAULT_TIMEOUT, PROVED, REFUTED, check_claim
        timeout = self.config.getoption("derive_timeout") or DEFAULT_TIMEOUT
        result = _cache(self.config).check_one(self.sem.file, self.claim, timeout,
                                               lambda: check_claim(self.sem, self.claim, timeout))
        self.user_properties.append(("verdict", result.verdict))
        if result.verdict == REFUTED or (result.verdict != PROVED and self.config.getoption("derive_strict")):
            raise ClaimNotProved(result)

    def repr_failure(self, excinfo, style=None):
        """The verdict and its evidence (the counterexample), not a traceback."""
        if isinstance(excinfo.value, ClaimNotProved):
            from .textsafe import escape
            from .verify import evidence_line
            r = excinfo.value.result
            lines = (f"{self.path.name}:{r.line}: {r.verdict}  {r.name}", f"    claim: {r.eq}", f"    {evidence_line(r)}")
            return "\n".join(escape(line) for line in lines)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        """``file:line`` of the claim (pytest counts lines from 0)."""
        return self.path, self.claim.line - 1, f"claim: {self.name}"

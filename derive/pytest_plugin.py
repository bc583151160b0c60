"""pytest plugin (entry point ``pytest11``): collects ``*.derive.toml`` files as test items.

Markdown and LaTeX documents holding a derive context (``derive.documents``) are collected
the same way, one item per checked equation.

One item per claim, named by the claim's name (so ``pytest -k`` selects claims); a
refuted claim fails showing its counterexample; ``--derive-strict`` also fails unproved
claims; ``--derive-timeout`` bounds each claim.  A bad file is one collection error
with its ``file:line: problem`` line.  Modelled on pytest's non-python-files example.
"""
from __future__ import annotations

import pytest


def pytest_addoption(parser) -> None:
    """Options for derivation-file items."""
    group = parser.getgroup("derive", "derivation files (*.derive.toml)")
    group.addoption("--derive-strict", action="store_true", help="fail claims that are unproved")
    group.addoption("--derive-timeout", type=float, default=None, help="seconds allowed per claim")


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
            files = load_any(self.path)  # a document gives one file per derive context
        except InputError as exc:
            raise self.CollectError(str(exc)) from None
        from .verify.semantics import Semantics
        for loaded in files:
            sem = Semantics(loaded)
            for claim in loaded.claims:
                yield DeriveItem.from_parent(self, name=claim.name, sem=sem, claim=claim)


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
        result = check_claim(self.sem, self.claim, timeout)
        self.user_properties.append(("verdict", result.verdict))
        if result.verdict == REFUTED or (result.verdict != PROVED and self.config.getoption("derive_strict")):
            raise ClaimNotProved(result)

    def repr_failure(self, excinfo, style=None):
        """The verdict and its evidence (the counterexample), not a traceback."""
        if isinstance(excinfo.value, ClaimNotProved):
            from .verify import evidence_line
            r = excinfo.value.result
            return (f"{self.path.name}:{r.line}: {r.verdict}  {r.name}\n"
                    f"    claim: {r.eq}\n    {evidence_line(r)}")
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        """``file:line`` of the claim (pytest counts lines from 0)."""
        return self.path, self.claim.line - 1, f"claim: {self.name}"

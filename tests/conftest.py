"""Shared test configuration.

Integration tests that need a system tool (Chromium, pdflatex, poppler) or PyTorch skip
on a bare laptop, with the reason stated; under CI (``CI`` set) a missing tool is an
error instead, so CI can never pass by skipping them.
"""
from __future__ import annotations

import importlib.util
import os
import shutil

import pytest

CI_TOOLS = ("chromium", "pdflatex", "pdftotext", "pdftoppm")
CI_MODULES = ("torch", "xdist")


def pytest_sessionstart(session: pytest.Session) -> None:
    if not os.environ.get("CI"):
        return
    missing = [t for t in CI_TOOLS if shutil.which(t) is None]
    missing += [m for m in CI_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        pytest.exit(f"CI is set but these are missing, so integration tests would skip: {', '.join(missing)}",
                    returncode=3)

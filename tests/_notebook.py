"""examples/softmax.ipynb executed once per test run, for every test (and every xdist worker) that reads its outputs.

Running the notebook starts a Jupyter kernel that imports SymPy and derives the softmax chain
(~7 s of CPU).  tests/test_notebook.py checks the outputs and tests/test_reports_browser.py lays
them out in Chromium; under pytest-xdist the two often run in different workers, so the first one
executes the notebook into the run's shared folder under a file lock and the other reads it back.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "softmax.ipynb"
_done: dict[Path, object] = {}


def executed(run_folder: Path):
    """The example notebook run by nbclient in a fresh kernel that imports this checkout (once per run)."""
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from filelock import FileLock
    if run_folder not in _done:
        out = run_folder / "softmax.executed.ipynb"
        with FileLock(str(out) + ".lock"):
            if not out.exists():
                nb = _execute(nbformat)
                tmp = out.with_suffix(".tmp")
                nbformat.write(nb, tmp)
                tmp.replace(out)  # whole or absent: a worker never reads a half-written notebook
        _done[run_folder] = nbformat.read(out, as_version=4)
    return _done[run_folder]


def _execute(nbformat):
    import nbclient
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in nb.cells if c.cell_type == "code"), "store the notebook without outputs"
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), old) if p)
    try:
        nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    finally:
        if old is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = old
    return nb


def html_outputs(nb) -> list[str]:
    """The text/html of every rich output, in cell order."""
    return [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if o.get("output_type") == "execute_result" and "text/html" in o.get("data", {})]

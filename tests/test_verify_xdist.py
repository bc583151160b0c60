"""The pytest plugin under pytest-xdist: the examples give the same outcomes spread over workers as in one process.

xdist's schedulers track work by node id, so two items of one file with one node id are one to them
(under ``--dist loadfile`` the second never runs): every item's node id must be unique, and
``_outcomes`` refuses a run that repeats one.
"""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"


def _outcomes(pytester, *args: str) -> dict[str, str]:
    """Claim → its outcome and, for a failure, the message (verdict line and counterexample)."""
    xml = pytester.path / f"junit-{len(list(pytester.path.glob('junit-*.xml')))}.xml"
    # A budget no loaded machine runs out of, so that load cannot change a verdict.
    pytester.runpytest_subprocess("-p", "no:cacheprovider", "--derive-timeout", "600", f"--junitxml={xml}", *args)
    out = {}
    for case in ET.parse(xml).iter("testcase"):
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        node = f"{case.get('classname')}::{case.get('name')}"
        assert node not in out, f"two items are {node}"  # one of them would never run under xdist's loadfile
        out[node] = "passed" if problem is None else f"{problem.tag}: {problem.text}"
    return out


def _subprocesses_import_this_checkout(monkeypatch) -> None:
    """The workers must import this checkout's derive, as the serial run does."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))


#: Two derive contexts holding one equation as written: true under the first, false under the second.
REPEATED = """# One equation, two contexts

```derive
[inputs]
x = []
[define]
"f" = "2*x"
```

$$
f = 2 x
$$

```derive
[inputs]
x = []
[define]
"f" = "3*x"
```

$$
f = 2 x
$$
"""


@pytest.mark.slow
def test_examples_under_xdist_match_a_serial_run(pytester, monkeypatch) -> None:
    pytest.importorskip("xdist")
    from derive.verify import cache
    _subprocesses_import_this_checkout(monkeypatch)
    # The derivation files and the notes and paper (with the paper's derive.sty), as `pytest examples/` collects them.
    for p in sorted(EXAMPLES.iterdir()):
        if p.name.endswith((".derive.toml", ".md", ".tex", ".sty")):
            (pytester.path / p.name).write_text(p.read_text())
    # And one equation standing in two contexts (its own file: one xdist session for both, each costs seconds).
    pytester.makefile(".md", repeated_notes=REPEATED)
    # The serial run may take verdicts other tests of this session computed (tests/conftest.py);
    # the run spread claim by claim over two workers computes every verdict afresh.
    # One argument with "=": pytest takes a bare existing path for a test path when it finds the rootdir.
    session = [f"--derive-cache-dir={cache.DEFAULT_DIR}"]
    serial = _outcomes(pytester, "-p", "no:xdist", *session)
    assert _outcomes(pytester, "-n", "2", "--derive-no-cache") == serial  # --dist load
    # Each file on one worker; verdicts from the session's cache, which the workers share.
    assert _outcomes(pytester, "-n", "2", "--dist", "loadfile", *session) == serial
    assert sum(v == "passed" for v in serial.values()) >= 10
    files = [node.partition("::")[0] for node in serial]
    assert {".md", ".tex"} <= {Path(f).suffix for f in files}
    refuted = [v.startswith("failure: ") and "counterexample: " in v for v in serial.values()]
    assert sum(r for r, f in zip(refuted, files) if f.endswith(".derive.toml")) == \
        sum(p.read_text().count("[[claim]]") for p in EXAMPLES.glob("*mistakes*.derive.toml"))
    # The notes' mistakes: the same equation text stands in two contexts, refuted in the second.
    assert sum(r for r, f in zip(refuted, files) if f == "backprop_mistakes.md") >= 2
    # Under loadfile an item sharing a node id never ran, and the refuted claim passed unseen: names are numbered
    # on across the contexts, and both items ran (the loadfile run equals the serial one above).
    assert sorted(n for n in serial if n.startswith("repeated_notes.md")) == \
        ["repeated_notes.md::f = 2 x", "repeated_notes.md::f = 2 x (2)"]
    assert serial["repeated_notes.md::f = 2 x"] == "passed"
    assert serial["repeated_notes.md::f = 2 x (2)"].startswith("failure: ")

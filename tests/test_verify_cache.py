"""The verdict cache (``.derive_cache/``): reused only when nothing a verdict depends on changed, never blindly."""
from __future__ import annotations

import json
import multiprocessing
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp

pytest_plugins = ["pytester"]

from derive.cli import main
from derive.verify import PROVED, REFUTED, UNPROVED, ClaimResult, load_file
from derive.verify import cache as cache_mod
from derive.verify import command, fingerprint
from derive.verify.cache import VerdictCache, claim_key

SQUARES = """\
title = "squares"

[sizes]
n = "entries"

[inputs]
x = ["n"]

[define]
"q[i]" = "x[i]**2"
"L" = "Sum(q[k], (k, 1, n))"

[[claim]]
name = "gradient"
eq = "diff(L, x[j]) = 2*x[j]"

[[claim]]
name = "wrong factor"
eq = "diff(L, x[j]) = x[j]"
"""


@pytest.fixture
def squares(tmp_path: Path) -> Path:
    path = tmp_path / "sq.derive.toml"
    path.write_text(SQUARES)
    return path


@pytest.fixture
def checked(monkeypatch) -> list[list[str]]:
    """The names of the claims ``derive check`` actually computes, one list per file checked."""
    seen: list[list[str]] = []
    real = command.check_files

    def spy(files, done=None, crew=None, decided=None):
        seen.extend([c.name for c in f.claims if select is None or select(c.name)] for f, _, select in files)
        return real(files, done, crew, decided)

    monkeypatch.setattr(command, "check_files", spy)
    return seen


def _check(capsys, *args: str) -> tuple[int, str]:
    code = main(["check", *args])
    return code, capsys.readouterr().out


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("verdicts/v*/*/*.json"))


def test_a_claims_key_is_the_same_in_every_process() -> None:
    """CI runs check each commit in a fresh process (its own hash seed): the keys must not depend on it."""
    from derive.documents.load import load_any
    paths = ("examples/softmax.derive.toml", "examples/softmax_notes.md")
    script = ("from derive.documents.load import load_any; from derive.verify.cache import claim_key; "
              f"print([claim_key(f, c) for p in {paths!r} for f in load_any(p, None) for c in f.claims])")
    root = Path(__file__).parents[1]
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"  # another seed than this process's
    other = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout
    here = [claim_key(f, c) for p in paths for f in load_any(root / p, None) for c in f.claims]
    assert None not in here and other.strip() == str(here)


def test_keys_are_made_as_files_arrive_and_verdicts_stored_as_decided(squares, tmp_path, monkeypatch) -> None:
    """The parent keys each file while the workers load the next, and stores each verdict while they check the next."""
    events: list[str] = []
    real_keys, real_put = VerdictCache.keys_of, VerdictCache.put
    real_load, real_check = command.load_all, command.check_files

    def keys_of(self, f):
        events.append("keys")
        return real_keys(self, f)

    def put(self, key, result, timeout):
        events.append("put")
        return real_put(self, key, result, timeout)

    def load_all(*args):
        out = real_load(*args)
        events.append("loaded")
        return out

    def check_files(*args):
        out = real_check(*args)
        events.append("checked")
        return out
    for owner, name, spy in [(VerdictCache, "keys_of", keys_of), (VerdictCache, "put", put),
                             (command, "load_all", load_all), (command, "check_files", check_files)]:
        monkeypatch.setattr(owner, name, spy)
    folder = tmp_path / "c"
    assert main(["check", str(squares), "--cache-dir", str(folder)]) == 1
    claims = len(load_file(squares).claims)
    assert events[:2] == ["keys", "loaded"] and events[-1] == "checked"
    assert events.count("put") == claims and events.index("checked") > max(i for i, e in enumerate(events) if e == "put")
    assert len(list(folder.glob("verdicts/v*/*/*.json"))) == claims


def test_rerun_reuses_every_verdict_with_identical_output(squares, tmp_path, checked, capsys) -> None:
    cache = tmp_path / "c"
    first = _check(capsys, str(squares), "--cache-dir", str(cache))
    second = _check(capsys, str(squares), "--cache-dir", str(cache))
    assert checked == [["gradient", "wrong factor"]]  # the re-run did not even load the file
    assert first == second and first[0] == 1
    assert "refuted  wrong factor\n    counterexample: n=" in second[1]  # with its counterexample
    assert len(_entries(cache)) == 2
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    assert _check(capsys, str(squares), "--cache-dir", str(cache), "--json")[1] == \
        _check(capsys, str(squares), "--no-cache", "--json")[1]


def test_a_changed_claim_or_definition_is_checked_again(squares, tmp_path, checked, capsys) -> None:
    cache = ["--cache-dir", str(tmp_path / "c")]
    _check(capsys, str(squares), *cache)
    squares.write_text("# moved down a line, retitled: neither changes a verdict\n"
                       + SQUARES.replace('"squares"', '"renamed"'))
    _check(capsys, str(squares), *cache)
    squares.write_text(SQUARES.replace('eq = "diff(L, x[j]) = x[j]"', 'eq = "diff(L, x[j]) = 2*x[j] + 0*x[j]"'))
    _check(capsys, str(squares), *cache)
    squares.write_text(SQUARES.replace('"x[i]**2"', '"x[i]**3"'))
    code, out = _check(capsys, str(squares), *cache)
    assert checked == [["gradient", "wrong factor"], [], ["wrong factor"], ["gradient", "wrong factor"]]
    assert code == 1 and "refuted  gradient" in out


def test_givens_sizes_and_ranges_are_part_of_the_key(tmp_path) -> None:
    base = tmp_path / "a.derive.toml"
    base.write_text(SQUARES)
    variants = [SQUARES.replace('n = "entries"', "n = 3"),
                SQUARES.replace('title = "squares"', 'title = "squares"\ngiven = ["Sum(x[i], (i, 1, n)) = 1"]'),
                SQUARES.replace('eq = "diff(L, x[j]) = 2*x[j]"',
                                'eq = "diff(L, x[j]) = 2*x[j]"\ngiven = ["Sum(x[i], (i, 1, n)) = 1"]'),
                SQUARES.replace('x = ["n"]', 'x = ["n"]\nz = ["n"]')]
    keys = {claim_key(load_file(base), load_file(base).claims[0])}
    for n, text in enumerate(variants):
        p = tmp_path / f"v{n}.derive.toml"
        p.write_text(text)
        f = load_file(p)
        keys.add(claim_key(f, f.claims[0]))
    assert len(keys) == 1 + len(variants)


def test_the_key_follows_the_code_that_computes_verdicts(squares, monkeypatch) -> None:
    f = load_file(squares)
    before = claim_key(f, f.claims[0])
    monkeypatch.setattr(fingerprint, "_FINGERPRINT", "another version of derive")
    assert claim_key(f, f.claims[0]) != before


def test_the_fingerprint_follows_the_sympy_version_without_importing_it(tmp_path, monkeypatch) -> None:
    import importlib.machinery
    real = fingerprint.importlib.util.find_spec

    def sympy_at(version: str):
        package = tmp_path / version / "sympy"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("from .release import __version__\n")
        (package / "release.py").write_text(f'__version__ = "{version}"\n')
        return importlib.machinery.ModuleSpec("sympy", None, origin=str(package / "__init__.py"))

    prints = []
    for version in ("1.14.0", "1.15.0"):
        spec = sympy_at(version)
        monkeypatch.setattr(fingerprint.importlib.util, "find_spec",
                            lambda name: spec if name == "sympy" else real(name))
        prints.append(fingerprint._compute())
    (tmp_path / "1.15.0" / "sympy" / "release.py").write_text('__version__ = "1.14.0"\n')
    prints.append(fingerprint._compute())
    assert prints[0] != prints[1] != prints[2] != prints[0]  # the version, and where the package lives


@pytest.mark.parametrize("spoil", [
    lambda d: "{ not json",
    lambda d: json.dumps(d)[: len(json.dumps(d)) // 2],
    lambda d: json.dumps({**d, "schema": "something else"}),
    lambda d: json.dumps({**d, "version": 999}),
    lambda d: json.dumps({**d, "result": {**d["result"], "method": "forged"}}),
    lambda d: json.dumps({**d, "key": "0" * 64}),
    lambda d: json.dumps([d]),
    lambda d: "",
    lambda d: json.dumps(d) + " " * cache_mod.MAX_ENTRY_BYTES,
], ids=["not-json", "truncated", "foreign-schema", "other-version", "tampered", "other-key", "not-an-object",
        "empty", "oversized"])
def test_a_corrupt_or_foreign_entry_is_ignored_and_replaced(squares, tmp_path, checked, capsys, spoil) -> None:
    cache = tmp_path / "c"
    first = _check(capsys, str(squares), "--cache-dir", str(cache))
    for entry in _entries(cache):
        entry.write_text(spoil(json.loads(entry.read_text())))
    assert _check(capsys, str(squares), "--cache-dir", str(cache)) == first
    assert _check(capsys, str(squares), "--cache-dir", str(cache)) == first
    assert checked == [["gradient", "wrong factor"]] * 2  # the third run is served whole


def test_an_entry_under_another_claims_key_is_ignored(squares, tmp_path, checked, capsys) -> None:
    # A well-formed entry copied to another key's file (a forged "proved" for the refuted claim).
    cache = tmp_path / "c"
    first = _check(capsys, str(squares), "--cache-dir", str(cache))
    _forge_refuted_entry(cache, squares)
    assert _check(capsys, str(squares), "--cache-dir", str(cache)) == first
    assert checked[-1] == ["wrong factor"]


def _forge_refuted_entry(cache: Path, squares: Path) -> Path:
    """Copy the proved claim's entry over the refuted claim's (a forged "proved"); the forged file."""
    f = load_file(squares)
    good, bad = (cache_mod.VerdictCache(cache)._path(claim_key(f, c)) for c in f.claims)
    bad.write_bytes(good.read_bytes())
    return bad


def test_no_cache_neither_reads_nor_writes(squares, tmp_path, checked, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cache_mod, "DEFAULT_DIR", ".derive_cache")  # conftest moves it for the session
    _check(capsys, str(squares), "--no-cache")
    _check(capsys, str(squares), "--no-cache")
    assert checked == [["gradient", "wrong factor"]] * 2
    assert not (tmp_path / ".derive_cache").exists()
    _check(capsys, str(squares))  # the default folder is .derive_cache in the working directory
    assert len(_entries(tmp_path / ".derive_cache")) == 2


def test_cache_dir_that_is_a_file_is_one_line_error(squares, tmp_path, capsys) -> None:
    (tmp_path / "c").write_text("")
    assert main(["check", str(squares), "--cache-dir", str(tmp_path / "c")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("not a folder") and len(err.splitlines()) == 1 and "Traceback" not in err


def test_unwritable_cache_only_costs_time(squares, tmp_path, capsys) -> None:
    blocker = tmp_path / "c" / "verdicts"
    blocker.parent.mkdir()
    blocker.write_text("a file where the entries' folder should be")
    assert _check(capsys, str(squares), "--cache-dir", str(tmp_path / "c"))[0] == 1


def _result(verdict: str, **evidence) -> ClaimResult:
    return ClaimResult(name="c", line=1, verdict=verdict, evidence=evidence,
                       counterexample={"sizes": {}, "indices": {}, "inputs": {}, "lhs": "1", "rhs": "2"}
                       if verdict == REFUTED else None)


def test_timeouts_and_internal_errors_are_never_stored(squares, tmp_path) -> None:
    f = load_file(squares)
    claim = f.claims[0]
    cache = VerdictCache(tmp_path / "c")
    key = claim_key(f, claim)
    for r in (_result(UNPROVED, reason="time budget ran out", timeout_seconds=0.1),
              _result(UNPROVED, reason="internal error: MemoryError: "),
              _result(UNPROVED, reason="x", values=(1, 2)),  # would not read back the same
              _result(PROVED, difference=float("nan"))):
        cache.put(key, r, 10.0)
        assert cache.get(key, claim, 10.0) is None


def test_unproved_is_reused_only_under_no_larger_budget(squares, tmp_path) -> None:
    f = load_file(squares)
    claim = f.claims[0]
    cache = VerdictCache(tmp_path / "c")
    key = claim_key(f, claim)
    cache.put(key, _result(UNPROVED, reason="no symbolic proof found", points=3), 10.0)
    assert cache.get(key, claim, 10.0).evidence == {"reason": "no symbolic proof found", "points": 3}
    assert cache.get(key, claim, 5.0) is not None
    assert cache.get(key, claim, 20.0) is None


@pytest.fixture
def endless_gradient(monkeypatch) -> None:
    """The 'gradient' claim of SQUARES never settles: a warm worker may prove it within any budget a test could
    name (one in four full runs did, in 1 ms); this one overruns for sure (the workers are forked after the patch,
    see conftest)."""
    from derive.verify import check
    real = check._verdict

    def endless_on_gradient(sem, claim, *args, **kwargs):
        while claim.name == "gradient":
            pass
        return real(sem, claim, *args, **kwargs)

    monkeypatch.setattr(check, "_verdict", endless_on_gradient)


def test_timed_out_claims_are_checked_again(squares, tmp_path, endless_gradient) -> None:
    from derive.verify import check_loaded
    f = load_file(squares)
    cache = VerdictCache(tmp_path / "c")
    first = cache.check_file(f, 0.2, check_loaded)
    # A refutation the worker sends before the deadline is noticed may settle (by design).
    timed_out = [c.name for c in first.claims if c.verdict == UNPROVED]
    assert "gradient" in timed_out
    assert next(c for c in first.claims if c.name == "gradient").evidence["reason"].startswith("time budget ran out")
    settled = len(first.claims) - len(timed_out)
    assert len(_entries(tmp_path / "c")) == settled
    cache.check_file(f, 0.2, check_loaded)
    # Only settled verdicts come back from the cache: what the budget cut short is checked again.
    assert cache.hits == settled


def _hammer(folder: str, key: str, claim, rounds: int) -> int:
    cache, bad = VerdictCache(folder), 0
    for n in range(rounds):
        cache.put(key, _result(REFUTED if n % 2 else PROVED), 10.0)
        got = cache.get(key, claim, 10.0)
        bad += got is None or got.verdict not in (PROVED, REFUTED)
    return bad


def test_concurrent_writers_never_leave_a_torn_entry(squares, tmp_path) -> None:
    f = load_file(squares)
    key = claim_key(f, f.claims[0])
    with multiprocessing.get_context("fork").Pool(4) as pool:
        bad = pool.starmap(_hammer, [(str(tmp_path / "c"), key, f.claims[0], 60)] * 4)
    assert bad == [0, 0, 0, 0]
    assert [p.name for p in (tmp_path / "c").rglob(".tmp-*")] == []


def test_plugin_reuses_verdicts_and_no_cache_checks_again(pytester, monkeypatch) -> None:
    from derive.verify.check import ClaimChecker
    monkeypatch.setattr(cache_mod, "DEFAULT_DIR", ".derive_cache")  # conftest moves it for the session
    pytester.makefile(".derive.toml", sq=SQUARES)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1, failed=1)
    assert len(_entries(pytester.path / ".derive_cache")) == 2  # in the rootdir, like .pytest_cache

    def computed_again(*args, **kwargs):
        raise AssertionError("a verdict was computed again")

    monkeypatch.setattr(ClaimChecker, "check", computed_again)
    again = pytester.runpytest("-p", "no:cacheprovider")
    again.assert_outcomes(passed=1, failed=1)
    again.stdout.fnmatch_lines(["*sq.derive.toml:19: refuted  wrong factor", "*counterexample: n=*"])
    pytester.runpytest("-p", "no:cacheprovider", "--derive-no-cache").assert_outcomes(failed=2)
    pytester.runpytest("-p", "no:cacheprovider", "--derive-cache-dir", "elsewhere").assert_outcomes(failed=2)


def test_a_cached_result_equals_the_fresh_one_field_by_field(squares, tmp_path) -> None:
    import dataclasses

    from derive.verify import check_loaded
    f = load_file(squares)
    cache = VerdictCache(tmp_path / "c")
    fresh = cache.check_file(f, 10.0, check_loaded)

    def nothing_computed(f, timeout, select):
        assert not any(select(c.name) for c in f.claims)
        return check_loaded(f, timeout, select=select)

    again = cache.check_file(f, 10.0, nothing_computed)
    assert cache.hits == 2 and [c.verdict for c in fresh.claims] == [PROVED, REFUTED]
    strip = [{**dataclasses.asdict(c), "seconds": 0} for c in fresh.claims]
    assert [{**dataclasses.asdict(c), "seconds": 0} for c in again.claims] == strip
    assert fresh.path == again.path and fresh.definitions == again.definitions


def test_plugin_cache_dir_that_is_a_file_is_a_usage_error(pytester) -> None:
    pytester.makefile(".derive.toml", sq=SQUARES)
    pytester.makefile(".txt", blocker="")
    result = pytester.runpytest("-p", "no:cacheprovider", "--derive-cache-dir=blocker.txt")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--derive-cache-dir blocker.txt: not a folder*"])


def test_report_reuses_the_verdicts_check_kept_and_prints_the_same(squares, tmp_path, monkeypatch, capsys) -> None:
    from derive.verify import check as check_module
    folder = str(tmp_path / "c")
    assert main(["check", str(squares), "--cache-dir", folder]) == 1
    fresh = tmp_path / "fresh.html"
    assert main(["report", str(squares), "-o", str(fresh), "--no-cache"]) == 0
    asked: list[str] = []
    real = check_module.check_files

    def spy(files, done=None):
        asked.extend(c.name for f, _, select in files for c in f.claims if select is None or select(c.name))
        return real(files, done=done)
    monkeypatch.setattr(check_module, "check_files", spy)
    cached = tmp_path / "cached.html"
    assert main(["report", str(squares), "-o", str(cached), "--cache-dir", folder]) == 0
    assert asked == []  # every verdict came from what derive check kept
    assert cached.read_bytes() == fresh.read_bytes()


# --- the file-level layer (derive.verify.filecache): an unchanged file is served without loading it ---

TWO_CONTEXTS = """# Two contexts

```derive
[sizes]
n = "entries"
[inputs]
b = []
```

$$ 2 b = b + b $$

$$ 3 b = b + b $$

```derive
[inputs]
q = []
```

$$ q + q = 2 q $$
"""


@pytest.fixture
def loads(monkeypatch) -> list[list[str]]:
    """The paths ``derive check`` loads, one list per run that loads anything."""
    seen: list[list[str]] = []
    real = command.load_all

    def spy(paths, timeout=None, crew=None, arrived=None):
        seen.append([Path(p).name for p in paths])
        return real(paths, timeout, crew, arrived)

    monkeypatch.setattr(command, "load_all", spy)
    return seen


def _file_entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("files/v*/*/*.json"))


@pytest.mark.parametrize("fmt", [[], ["--json"], ["--junit-xml"]], ids=["text", "json", "junit"])
def test_a_file_level_hit_prints_the_same_without_loading(squares, tmp_path, loads, capsys, fmt) -> None:
    cache = ["--cache-dir", str(tmp_path / "c")]
    junit = [str(tmp_path / "j.xml")] if fmt == ["--junit-xml"] else []

    def run() -> tuple:
        code, out = _check(capsys, str(squares), *cache, *fmt, *junit)
        xml = (tmp_path / "j.xml").read_text() if junit else ""
        return code, out, re.sub(r'time="[0-9.]+"', "", xml)  # how long a claim took is not output to compare

    fresh = run()
    assert run() == fresh and fresh[0] == 1
    assert loads == [["sq.derive.toml"]] and len(_file_entries(tmp_path / "c")) == 1


def test_a_file_level_hit_imports_neither_sympy_nor_the_prover(tmp_path) -> None:
    # A folder walk too: a document with contexts, one without (its answer is kept), a refutation to print.
    (tmp_path / "sq.derive.toml").write_text(SQUARES)
    (tmp_path / "two.md").write_text(TWO_CONTEXTS)
    (tmp_path / "README.md").write_text("# Not a derivation\n\n$$ a = b $$\n")
    probe = ("import sys\nfrom derive.cli import main\ncode = main(sys.argv[1:])\n"
             "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'sympy', 'mpmath', 'lark', 'numpy'})\n"
             "print('imported:', heavy, 'prover' if 'derive.verify.check' in sys.modules else '', code)\n")
    args = [sys.executable, "-c", probe, "check", str(tmp_path), "--cache-dir", str(tmp_path / "c")]
    cold = subprocess.run(args, capture_output=True, text=True, cwd=Path(__file__).parents[1])
    warm = subprocess.run(args, capture_output=True, text=True, cwd=Path(__file__).parents[1])
    assert cold.returncode == warm.returncode == 0, cold.stderr + warm.stderr
    assert "prover 1" in cold.stdout.splitlines()[-1]
    assert warm.stdout.splitlines()[-1] == "imported: []  1"
    assert warm.stdout.splitlines()[:-1] == cold.stdout.splitlines()[:-1]
    assert "refuted  wrong factor\n    counterexample: n=" in warm.stdout


def test_a_document_with_several_contexts_is_served_whole(tmp_path, loads, capsys) -> None:
    doc = tmp_path / "two.md"
    doc.write_text(TWO_CONTEXTS)
    cache = ["--cache-dir", str(tmp_path / "c")]
    fresh = _check(capsys, str(doc), *cache)
    assert _check(capsys, str(doc), *cache) == fresh and fresh[0] == 1
    assert "3 claim(s) in 1 file(s): 2 proved, 1 refuted" in fresh[1]
    assert loads == [["two.md"]]
    (entry,) = _file_entries(tmp_path / "c")
    assert [len(r["claims"]) for r in json.loads(entry.read_text())["result"]["reports"]] == [2, 1]


def test_what_a_file_entry_depends_on_sends_the_file_through_the_full_path(squares, tmp_path, loads, checked,
                                                                           capsys) -> None:
    cache = ["--cache-dir", str(tmp_path / "c")]
    first = _check(capsys, str(squares), *cache)
    # Another budget: the file is loaded again, its verdicts still come from the claim-level entries.
    assert _check(capsys, str(squares), *cache, "--timeout", "20") == first
    assert _check(capsys, str(squares), *cache, "--timeout", "20") == first
    # An edit that changes no verdict still changes the bytes: loaded again, nothing re-checked.
    squares.write_text(SQUARES + "\n# a comment\n")
    assert _check(capsys, str(squares), *cache) == first
    # The same bytes under another path are another entry.
    other = tmp_path / "other.derive.toml"
    other.write_text(SQUARES)
    assert _check(capsys, str(other), *cache)[0] == 1
    assert loads == [["sq.derive.toml"]] * 3 + [["other.derive.toml"]]
    assert checked == [["gradient", "wrong factor"], [], [], []]


@pytest.mark.parametrize("spoil", [
    lambda d: "{ not json",
    lambda d: json.dumps({**d, "result": {**d["result"], "timeout": 1e9}}),  # checksum no longer matches
    lambda d: json.dumps({**d, "schema": "derive.verdict-cache"}),
    lambda d: json.dumps({**d, "key": "0" * 64}),
    lambda d: json.dumps({**d, "result": {**d["result"], "extra": 1},
                          "checksum": cache_mod._checksum(d["key"], {**d["result"], "extra": 1})}),
], ids=["not-json", "tampered", "foreign-schema", "other-key", "unknown-field"])
def test_a_corrupt_file_entry_is_ignored_and_replaced(squares, tmp_path, loads, capsys, spoil) -> None:
    cache = tmp_path / "c"
    first = _check(capsys, str(squares), "--cache-dir", str(cache))
    (entry,) = _file_entries(cache)
    entry.write_text(spoil(json.loads(entry.read_text())))
    assert _check(capsys, str(squares), "--cache-dir", str(cache)) == first
    assert _check(capsys, str(squares), "--cache-dir", str(cache)) == first
    assert loads == [["sq.derive.toml"]] * 2  # loaded again once, and the entry written again


def test_a_file_entry_pointing_at_a_forged_claim_entry_is_not_trusted(squares, tmp_path, loads, capsys) -> None:
    # The file entry is sound; the refuted claim's entry is replaced by the proved one's.
    cache = tmp_path / "c"
    first = _check(capsys, str(squares), "--cache-dir", str(cache))
    bad = _forge_refuted_entry(cache, squares)
    assert _check(capsys, str(squares), "--cache-dir", str(cache)) == first
    bad.unlink()
    assert _check(capsys, str(squares), "--cache-dir", str(cache)) == first
    assert loads == [["sq.derive.toml"]] * 3


def test_a_file_with_a_timed_out_claim_gets_no_file_entry(squares, tmp_path, capsys, endless_gradient) -> None:
    cache = tmp_path / "c"
    _, out = _check(capsys, str(squares), "--cache-dir", str(cache), "--timeout", "0.2")
    assert "unproved  gradient\n    time budget ran out" in out
    assert _file_entries(cache) == []  # the claim that ran out of time is checked again next time


def test_a_bad_file_is_never_served(squares, tmp_path, loads, capsys) -> None:
    cache = ["--cache-dir", str(tmp_path / "c")]
    bad = tmp_path / "bad.derive.toml"
    bad.write_text(SQUARES.replace('"x[i]**2"', '"x[i]**"'))
    _check(capsys, str(squares), *cache)
    for _ in range(2):
        assert main(["check", str(tmp_path), *cache]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"derive: error: {bad}:") and len(err.splitlines()) == 1
    assert len(_file_entries(tmp_path / "c")) == 1  # the good file's, from the first run
    assert loads[1:] == [["bad.derive.toml"]] * 2  # the good file is served; the bad one fails every time


def test_only_the_changed_file_of_a_folder_is_loaded(tmp_path, loads, capsys) -> None:
    (tmp_path / "a.derive.toml").write_text(SQUARES)
    (tmp_path / "b.derive.toml").write_text(SQUARES.replace("squares", "b"))
    cache = ["--cache-dir", str(tmp_path / "c")]
    first = _check(capsys, str(tmp_path), *cache)
    (tmp_path / "b.derive.toml").write_text(SQUARES.replace('"x[i]**2"', '"x[i]**3"'))
    code, out = _check(capsys, str(tmp_path), *cache)
    assert loads == [["a.derive.toml", "b.derive.toml"], ["b.derive.toml"]]
    assert out.splitlines()[:4] == first[1].splitlines()[:4]  # a.derive.toml's lines, in their place
    assert "b.derive.toml:15: refuted  gradient" in out


def test_plugin_serves_an_unchanged_file_without_loading_it(pytester, monkeypatch) -> None:
    import derive.documents.load as load
    monkeypatch.setattr(cache_mod, "DEFAULT_DIR", ".derive_cache")  # conftest moves it for the session
    pytester.makefile(".derive.toml", sq=SQUARES)
    pytester.makefile(".md", two=TWO_CONTEXTS)
    cold = pytester.runpytest("-p", "no:cacheprovider", "-v")
    cold.assert_outcomes(passed=3, failed=2)
    assert len(_file_entries(pytester.path / ".derive_cache")) == 2  # written once all of a file's items ran
    loaded: list[str] = []
    real = load.load_any

    def spy(path, timeout=None):
        loaded.append(Path(path).name)
        return real(path, timeout)

    monkeypatch.setattr(load, "load_any", spy)
    warm = pytester.runpytest("-p", "no:cacheprovider", "-v")
    warm.assert_outcomes(passed=3, failed=2)
    assert loaded == []
    ids = [line.split(" ")[0] for line in cold.outlines if "::" in line and line.endswith("%]")]
    assert ids and ids == [line.split(" ")[0] for line in warm.outlines if "::" in line and line.endswith("%]")]

    def failures(run) -> str:
        text = "\n".join(run.outlines)
        return text[text.index("= FAILURES ="):text.index("short test summary")]
    assert failures(warm) == failures(cold) and "sq.derive.toml:19: refuted  wrong factor" in failures(warm)
    for _ in range(2):
        pytester.runpytest("-p", "no:cacheprovider", "--derive-timeout", "20").assert_outcomes(passed=3, failed=2)
    # Another budget: loaded once (every verdict from the claims' entries, so the file entry is written then).
    assert sorted(loaded) == ["sq.derive.toml", "two.md"]
    import shutil
    shutil.rmtree(pytester.path / ".derive_cache" / "files")
    pytester.runpytest("-p", "no:cacheprovider", "-n", "2").assert_outcomes(passed=3, failed=2)
    assert len(_file_entries(pytester.path / ".derive_cache")) == 2  # by the workers' collection


WRONG = 'title = "forged"\n[inputs]\na = []\n[[claim]]\nname = "one equals two"\neq = "a + 1 = a + 2"\n'


def test_an_entry_forged_in_the_checkout_is_recomputed_not_trusted(tmp_path, capsys):
    # A pull request can commit .derive_cache/: an entry rewritten as proved with a recomputed plain hash
    # (the hostile-input probe's forge) must not be taken, nor one sealed under another machine's secret.
    import hashlib
    path = tmp_path / "wrong.derive.toml"
    path.write_text(WRONG)
    cache = tmp_path / "cache"
    assert main(["check", str(path), "--cache-dir", str(cache)]) == 1
    capsys.readouterr()
    (entry,) = (cache / "verdicts").rglob("*.json")
    data = json.loads(entry.read_text())
    data["result"].update(verdict="proved", counterexample=None, method="symbolic: simplified to 0")
    data["checksum"] = hashlib.sha256(json.dumps([data["key"], data["result"]], sort_keys=True,
                                                 ensure_ascii=True).encode()).hexdigest()
    entry.write_text(json.dumps(data))
    assert main(["check", str(path), "--cache-dir", str(cache)]) == 1
    assert "refuted  one equals two" in capsys.readouterr().out
    # sealed with this machine's secret it would be read: the secret is what a forger lacks
    data["checksum"] = cache_mod._checksum(data["key"], data["result"])
    assert data["checksum"] != hashlib.sha256(json.dumps([data["key"], data["result"]], sort_keys=True,
                                                         ensure_ascii=True).encode()).hexdigest()
    other = subprocess.run([sys.executable, "-m", "derive", "check", str(path), "--cache-dir", str(cache)],
                           capture_output=True, text=True, timeout=120,
                           env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "elsewhere")})
    assert other.returncode == 1 and "refuted" in other.stdout  # another machine's entries are recomputed
    assert (tmp_path / "elsewhere" / "derive" / "cache-secret").stat().st_mode & 0o777 == 0o600


def test_a_fifo_in_the_cache_is_ignored_not_waited_on(squares, tmp_path) -> None:
    # A pipe (or a device) where an entry should be: opening it to read would wait for a writer forever.
    cache = tmp_path / "c"
    args = [sys.executable, "-m", "derive", "check", str(squares), "--cache-dir", str(cache)]
    first = subprocess.run(args, capture_output=True, text=True, timeout=120)
    entries = _entries(cache) + _file_entries(cache)
    assert first.returncode == 1 and len(entries) == 3
    for entry in entries:
        entry.unlink()
        os.mkfifo(entry)
    again = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert (again.returncode, again.stdout) == (first.returncode, first.stdout)
    assert all(entry.is_file() for entry in entries)  # each replaced by a sound entry


def test_a_symlinked_entry_is_not_followed(squares, tmp_path, checked, capsys) -> None:
    # A link committed into .derive_cache/ could point anywhere (/dev/stdin, a file outside the cache).
    cache = tmp_path / "c"
    first = _check(capsys, str(squares), "--cache-dir", str(cache))
    for n, entry in enumerate(_entries(cache) + _file_entries(cache)):
        outside = tmp_path / f"outside-{n}.json"
        entry.rename(outside)
        entry.symlink_to(outside)
    assert _check(capsys, str(squares), "--cache-dir", str(cache)) == first
    assert checked == [["gradient", "wrong factor"]] * 2
    assert not any(entry.is_symlink() for entry in _entries(cache) + _file_entries(cache))


@pytest.mark.parametrize("content", [b"", b"short", b"x" * 33], ids=["empty", "short", "long"])
def test_a_malformed_secret_is_replaced_so_the_next_run_caches_again(tmp_path, monkeypatch, content) -> None:
    # Left in place, it made each run seal with a secret of its own: entries never matched again.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = cache_mod.secret_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    monkeypatch.setattr(cache_mod, "_SECRET", [])
    first = cache_mod._secret()
    assert path.read_bytes() == first and len(first) == 32
    assert path.stat().st_mode & 0o777 == 0o600
    monkeypatch.setattr(cache_mod, "_SECRET", [])  # the next run
    assert cache_mod._secret() == first
    assert [p.name for p in path.parent.iterdir()] == ["cache-secret"]  # no temporary file left


PAPER = r"""\documentclass{article}
\usepackage{mymacros}
\usepackage{derive}
\begin{document}
\begin{derive}
[inputs]
x = []
\end{derive}
\begin{equation}
\frac{x}{2} + \frac{x}{2} = x \label{eq:half}
\end{equation}
\end{document}
"""


def test_a_papers_entry_follows_the_packages_of_its_folder(tmp_path, capsys) -> None:
    # Loading refuses a paper whose folder holds a package it loads (but derive's own derive.sty): a cached
    # "proved" must not outlive the arrival of one, nor an edit of derive.sty.
    from derive.documents.latex import DERIVE_STY
    paper = tmp_path / "paper.tex"
    paper.write_text(PAPER)
    sty, derive_sty = tmp_path / "mymacros.sty", tmp_path / "derive.sty"
    derive_sty.write_text(DERIVE_STY)
    args = ["check", str(paper), "--cache-dir", str(tmp_path / "c")]

    def run() -> int:
        code = main(args)
        capsys.readouterr()
        return code
    assert run() == run() == 0
    sty.write_text("\\renewcommand{\\frac}[2]{#1 \\cdot #2}\n")
    assert run() == 2
    sty.unlink()
    assert run() == 0
    derive_sty.write_text(DERIVE_STY + "\n\\renewcommand{\\frac}[2]{#1 \\cdot #2}\n")
    assert run() == 2
    derive_sty.unlink()
    assert run() == 0
    (tmp_path / "mymacros.cls").write_text("")
    assert main(["check", str(tmp_path), "--cache-dir", str(tmp_path / "c")]) == 2  # a folder walk too


POWER_CLAIM = '[inputs]\na = []\n[[claim]]\nname = "derivative of pw"\neq = "diff(pw(a), a) = 2*a"\n'


#: What ``pw`` means now, as a conftest.py's module constant would say (module level: loaded files are pickled).
_POWER = [2]


class pw(sp.Function):  # noqa: N801  (named as files write it)
    """``pw(a)``: a**_POWER, a construct registered from user code."""

    def fdiff(self, argindex=1):
        return _POWER[0] * self.args[0] ** (_POWER[0] - 1)


def _pw_value(v):
    return v ** _POWER[0]


def _register_power(power: int) -> None:
    """Register ``pw`` meaning a**power, as a conftest.py would."""
    from derive.language import Construct, register
    _POWER[0] = power
    register(Construct("pw", "a power", build=pw, classes=(pw,), mp=_pw_value, entire=True))


def test_constructs_registered_from_user_code_turn_the_cache_off(tmp_path, capsys, monkeypatch) -> None:
    # Their code is not part of the key: a verdict kept under one meaning of pw would be served for another.
    from derive.language import unregister
    monkeypatch.setattr(fingerprint, "_TOLD", [], raising=False)  # said once per process: in this test
    path = tmp_path / "pw.derive.toml"
    path.write_text(POWER_CLAIM)
    args = ["check", str(path), "--cache-dir", str(tmp_path / "c")]
    try:
        _register_power(2)
        assert main(args) == 0
        _register_power(3)  # the same name, another meaning
        assert main(args) == 1
        assert main(args) == 1
    finally:
        unregister("pw")
    err = capsys.readouterr().err
    assert err.count("verdict cache is off") == 1 and "pw" in err
    assert list((tmp_path / "c").rglob("*.json")) == []
    (tmp_path / "sq.derive.toml").write_text(SQUARES)
    f = load_file(tmp_path / "sq.derive.toml")
    assert claim_key(f, f.claims[0]) is not None  # derive's own table again: cached again


def test_plugin_with_a_conftest_that_registers_a_construct_caches_nothing(pytester) -> None:
    # What a project does: conftest.py registers pw, the meaning of which then changes (2 -> 3).
    conftest = ("import sympy as sp\nfrom derive.language import Construct, register\nPOWER = {}\n"
                "class pw(sp.Function):\n    def fdiff(self, argindex=1):\n"
                "        return POWER * self.args[0] ** (POWER - 1)\n"
                "register(Construct('pw', 'a power', build=pw, classes=(pw,), mp=lambda v: v ** POWER, entire=True))\n")
    pytester.makefile(".derive.toml", pw=POWER_CLAIM)
    pytester.makeconftest(conftest.format(2))
    first = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "0")
    first.assert_outcomes(passed=1)
    first.stdout.fnmatch_lines(["derive: the verdict cache is off while constructs registered outside derive*(pw)*"])
    pytester.makeconftest(conftest.format(3))
    pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "0").assert_outcomes(failed=1)
    assert not (pytester.path / ".derive_cache").exists()


@pytest.mark.parametrize("link", ["verdicts", "verdicts/v*/*"], ids=["kind", "shard"])
def test_a_symlinked_folder_in_the_cache_is_not_written_through(squares, tmp_path, capsys, link) -> None:
    # A folder committed as a link (verdicts -> ../elsewhere) made every new entry land outside the cache.
    cache = tmp_path / "c"
    first = _check(capsys, str(squares), "--cache-dir", str(cache))
    outside = tmp_path / "outside"
    outside.mkdir()
    for n, folder in enumerate(sorted(cache.glob(link))):
        folder.rename(outside / str(n))
        folder.symlink_to(outside / str(n), target_is_directory=True)
    for entry in outside.rglob("*.json"):
        entry.unlink()
    assert _check(capsys, str(squares), "--cache-dir", str(cache)) == first
    assert not list(outside.rglob("*.json"))  # nothing written through the link


def test_an_empty_cache_dir_is_refused_not_the_working_folder(squares, tmp_path, monkeypatch, capsys) -> None:
    # a probe: --cache-dir "" (an unset CI variable) made the working folder the cache, with a .gitignore of "*"
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(squares), "--cache-dir", ""]) == 2
    assert capsys.readouterr().err.strip() == "derive: error: --cache-dir needs a folder name"
    assert sorted(p.name for p in tmp_path.iterdir()) == [squares.name]

"""The pytest plugin: *.derive.toml files become one test item per claim."""
from __future__ import annotations

from pathlib import Path

pytest_plugins = ["pytester"]

EXAMPLES = Path(__file__).parents[1] / "examples"


def test_plugin_collects_claims_and_shows_counterexample(pytester) -> None:
    pytester.makefile(".derive.toml", softmax=(EXAMPLES / "softmax.derive.toml").read_text(),
                      mistakes=(EXAMPLES / "softmax_mistakes.derive.toml").read_text())
    result = pytester.runpytest("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=4, failed=5)
    result.stdout.fnmatch_lines([
        "*softmax.derive.toml::loss w.r.t. weights PASSED*",
        "*mistakes.derive.toml:32: refuted  sign error",
        "*counterexample: n=*lhs=*rhs=*",
    ])


def test_plugin_k_selects_claims_by_name(pytester) -> None:
    pytester.makefile(".derive.toml", mistakes=(EXAMPLES / "softmax_mistakes.derive.toml").read_text())
    result = pytester.runpytest("-p", "no:cacheprovider", "-k", "sign")
    result.assert_outcomes(failed=1, deselected=4)


def test_plugin_bad_file_is_a_collection_error(pytester) -> None:
    pytester.makefile(".derive.toml", bad='[sizes]\nn = "a"\n[[claim]]\nname = "c"\neq = "__import__(1) = 1"\n')
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*bad.derive.toml:5: claim 'c': unknown function '__import__'*"])
    assert "Traceback" not in result.stdout.str()


def test_plugin_on_the_examples_folder(pytester) -> None:
    # What `pytest examples/` does: every example passes except the mistakes file, which fails by design.
    files = sorted(EXAMPLES.glob("*.derive.toml"))
    pytester.makefile(".derive.toml", **{p.name.removesuffix(".derive.toml"): p.read_text() for p in files})
    count = {p.name: p.read_text().count("[[claim]]") for p in files}
    mistakes = count.pop("softmax_mistakes.derive.toml")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=sum(count.values()), failed=mistakes)
    result.stdout.fnmatch_lines(["FAILED *softmax_mistakes.derive.toml::sign error*"])


def test_plugin_node_ids_are_unambiguous_and_escaped(pytester) -> None:
    text = (EXAMPLES / "softmax.derive.toml").read_text().split("[[claim]]")[0]
    text += '[[claim]]\nname = "a::b \u202e"\neq = "diff(L, z[j]) = s[j] - y[j]"\n'
    pytester.makefile(".derive.toml", t=text)
    result = pytester.runpytest("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*t.derive.toml::a\\x3a\\x3ab \\u202e PASSED*"])
    assert "\u202e" not in result.stdout.str()


def test_plugin_sizes_sympys_caches_as_derive_check_does(pytester, monkeypatch) -> None:
    from derive.collector import SYMPY_CACHE_SIZE
    pytester.makepyfile(test_size="""
        import os
        import sympy.core.cache

        def test_size():
            assert sympy.core.cache.SYMPY_CACHE_SIZE == int(os.environ["EXPECTED_SIZE"])
    """)
    monkeypatch.delenv("SYMPY_CACHE_SIZE", raising=False)
    monkeypatch.setenv("EXPECTED_SIZE", str(SYMPY_CACHE_SIZE))
    pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:xdist").assert_outcomes(passed=1)
    # A size the user asked for is kept.
    monkeypatch.setenv("SYMPY_CACHE_SIZE", "1234")
    monkeypatch.setenv("EXPECTED_SIZE", "1234")
    pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:xdist").assert_outcomes(passed=1)


def test_plugin_numbers_on_a_node_id_a_file_gave_already(pytester, monkeypatch) -> None:
    # Names are unique per file (a document numbers a repeat on across its contexts); were two alike all the
    # same, the plugin numbers the item on rather than give xdist two items with one node id, one never run.
    from dataclasses import replace

    from derive.documents import load
    loaded = load.load_any

    def alike(path, timeout=None):
        return [replace(f, claims=tuple(replace(c, name="one name") for c in f.claims)) for f in loaded(path, timeout)]

    monkeypatch.setattr(load, "load_any", alike)
    text = (EXAMPLES / "softmax_mistakes.derive.toml").read_text()
    pytester.makefile(".derive.toml", t=text)
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:xdist", "--derive-no-cache", "-v")
    result.assert_outcomes(failed=text.count("[[claim]]"))
    result.stdout.fnmatch_lines(["*t.derive.toml::one name FAILED*", "*t.derive.toml::one name (2) FAILED*",
                                 "*t.derive.toml::one name (5) FAILED*"])

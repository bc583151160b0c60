"""``derive check --catalog``: every catalog model's gradient claims, checked by the verifier's own prover."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from derive.catalog import CATALOG
from derive.cli import main
from derive.verify import PROVED, REFUTED, check_loaded
from derive.verify import catalogclaims
from derive.verify.catalogclaims import catalog_files, model_file
from derive.verify.fileformat import ClaimSpec


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CATALOG))
def test_every_catalog_claim_is_proved(name, session_check) -> None:
    (f,) = catalog_files([name])
    # Through the session's verdict cache: the `derive check --catalog` tests below decide some of them too.
    report = session_check(f, 120)
    bad = [(c.name, c.verdict, c.evidence) for c in report.claims if c.verdict != PROVED]
    assert not bad
    assert all(c.method.startswith("symbolic") for c in report.claims)


def test_claims_cover_inputs_and_local_derivatives() -> None:
    f = model_file(CATALOG["softmax"])
    names = [c.name for c in f.claims]
    assert names == ["∂L/∂x_k = Σ_i ((s_i - y_i)·W_ik)", "∂L/∂W_jk = (s_j - y_j)·x_k", "∂L/∂s_j = -y_j/s_j",
                     "∂s_i/∂z_j = (δ_ij - s_j)·s_i", "∂z_i/∂x_k = W_ik", "∂z_i/∂W_jk = δ_ij·x_k"]
    assert f.path == "catalog:softmax" and [g.text for g in f.givens] == ["Σ_i y_i = 1"]
    # hyper-parameters and targets are not differentiated by; aux nodes are definitions only
    l2 = [c.name for c in model_file(CATALOG["softmax-l2"]).claims]
    assert not any(n.startswith(("∂L/∂lam", "∂L/∂y")) for n in l2)
    ls = model_file(CATALOG["log-softmax"])
    assert ls.quantities["s"].defined and not any(c.name.startswith("∂s_") for c in ls.claims)


def test_relu_claims_say_almost_everywhere() -> None:
    (f,) = catalog_files(["mlp-relu"])
    step = tuple(c for c in f.claims if c.name.startswith(("∂L/∂V", "∂h_")))
    f = type(f)(f.path, f.title, f.sizes, f.size_notes, f.quantities, f.givens, step, f.scope)
    results = check_loaded(f).claims
    assert len(results) == 2
    assert all(r.verdict == PROVED and "almost everywhere" in r.method for r in results)


def test_a_wrong_catalog_claim_is_refuted() -> None:
    f = model_file(CATALOG["softmax"])
    good = next(c for c in f.claims if c.name.startswith("∂L/∂W"))
    j, k = sorted(good.ranges, key=str)
    wrong = (ClaimSpec("sign error", 0, "", good.lhs, -good.rhs, (), good.ranges),
             ClaimSpec("transposed", 0, "", good.lhs, good.rhs.xreplace({j: k, k: j}), (), good.ranges),
             ClaimSpec("no given", 0, "", good.lhs, good.rhs, (), good.ranges))
    f2 = type(f)(f.path, f.title, f.sizes, f.size_notes, f.quantities, (), wrong, f.scope)
    assert [r.verdict for r in check_loaded(f2).claims] == [REFUTED] * 3


def test_cli_catalog_text_json_junit(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setattr(catalogclaims, "CATALOG", {"softmax": CATALOG["softmax"], "logistic": CATALOG["logistic"]})
    assert main(["check", "--catalog"]) == 0
    out = capsys.readouterr().out
    assert "catalog:softmax: proved  ∂L/∂W_jk = (s_j - y_j)·x_k" in out
    assert "catalog:logistic: proved  ∂σ_i/∂z_j" in out
    assert out.strip().splitlines()[-1] == "12 claim(s) in 2 file(s): 12 proved, 0 refuted, 0 unproved"
    junit = tmp_path / "cat.xml"
    assert main(["check", "--catalog", "--json", "--strict", "--junit-xml", str(junit)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["file"] for d in data} == {"catalog:softmax", "catalog:logistic"}
    assert all(d["verdict"] == "proved" and d["line"] is None for d in data)
    suites = ET.parse(junit).getroot().findall("testsuite")
    assert [s.get("name") for s in suites] == ["catalog:softmax", "catalog:logistic"]


def test_cli_catalog_combines_with_paths(monkeypatch, capsys) -> None:
    from pathlib import Path
    monkeypatch.setattr(catalogclaims, "CATALOG", {"softmax": CATALOG["softmax"]})
    mistakes = Path(__file__).parents[1] / "examples" / "softmax_mistakes.derive.toml"
    assert main(["check", "--catalog", str(mistakes)]) == 1  # the mistakes are refuted
    out = capsys.readouterr().out
    assert "catalog:softmax: proved" in out and "softmax_mistakes.derive.toml:" in out


def test_cli_without_paths_or_catalog_is_bad_input(capsys) -> None:
    assert main(["check"]) == 2
    assert "--catalog" in capsys.readouterr().err

"""Every file in tests/bad_inputs/ is rejected with one `file:line: problem` line, exit 2, nothing written.

Each corpus file's first line reads ``# expect: LINE: fragment``; add a file to grow the corpus.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from derive.cli import main

CORPUS = sorted((Path(__file__).parent / "bad_inputs").glob("*.toml"))


def _expectation(path: Path) -> tuple[int, str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode()
    line, fragment = first.removeprefix("# expect: ").split(": ", 1)
    return int(line), fragment


def test_corpus_is_large() -> None:
    assert len(CORPUS) >= 40


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_bad_input_is_one_line_error(path: Path, capsys, tmp_path: Path) -> None:
    line, fragment = _expectation(path)
    junit = tmp_path / "out.xml"
    code = main(["check", str(path), "--junit-xml", str(junit)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"derive: error: {path}:{line}: "), lines[0]
    assert fragment in lines[0]
    assert not junit.exists()
    assert list(tmp_path.iterdir()) == []


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "derive", *args], capture_output=True, text=True, timeout=60)


def test_real_process_has_no_traceback(tmp_path: Path) -> None:
    junit = tmp_path / "r.xml"
    proc = _run_cli("check", *map(str, CORPUS[:1]), "--junit-xml", str(junit))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not junit.exists()


def _base(tmp_path: Path, claim: str) -> Path:
    p = tmp_path / "gen.derive.toml"
    p.write_text('[sizes]\nn = "a"\n[inputs]\nx = ["n"]\n[[claim]]\nname = "c"\neq = "' + claim + '"\n')
    return p


@pytest.mark.parametrize("claim,fragment", [
    ("(" * 300 + "x[i]" + ")" * 300 + " = 1", "nested"),
    ("-" * 1900 + "x[i] = 1", "nested"),
    ("+".join(["x[i]"] * 500) + " = 1", "characters long"),
    ("+".join(["x[i]"] * 150) + " = 1", "nested more than"),
])
def test_generated_hostile_expressions(tmp_path: Path, capsys, claim: str, fragment: str) -> None:
    p = _base(tmp_path, claim)
    assert main(["check", str(p)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"derive: error: {p}:7: ") and fragment in err, err


def test_oversized_file(tmp_path: Path, capsys) -> None:
    p = tmp_path / "big.derive.toml"
    p.write_text("# padding\n" * 30000)
    assert main(["check", str(p)]) == 2
    assert "larger than 256 KiB" in capsys.readouterr().err


def test_missing_path_and_no_paths(capsys) -> None:
    assert main(["check", "does/not/exist.derive.toml"]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["check"]) == 2
    assert "at least one file" in capsys.readouterr().err


def test_one_bad_file_stops_the_whole_run(tmp_path: Path, capsys) -> None:
    good = Path(__file__).parents[1] / "examples" / "softmax.derive.toml"
    assert main(["check", str(good), str(CORPUS[0])]) == 2
    out, err = capsys.readouterr()
    assert out == "" and str(CORPUS[0]) in err

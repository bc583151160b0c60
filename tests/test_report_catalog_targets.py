"""``derive report --catalog -o FOLDER`` checks every file it will write before it writes any.

A target it cannot write (a folder, a FIFO, a read-only folder) used to stop it half-way: exit 2 with
13 of 14 reports written and the 14th missing.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from derive.cli import main
from reports import command


@pytest.fixture
def two_models(monkeypatch):
    import derive.catalog as cat
    monkeypatch.setattr(cat, "CATALOG", {n: cat.CATALOG[n] for n in ("logsumexp", "linear-mse")})


def test_a_folder_in_the_way_stops_the_catalog_before_anything_is_written(tmp_path, capsys, two_models):
    (tmp_path / "linear-mse.md").mkdir()
    assert main(["report", "--catalog", "--format", "md", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{tmp_path / 'linear-mse.md'}: cannot write: it is a folder; nothing was written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["linear-mse.md"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_the_way_is_refused_not_written_into(tmp_path, capsys, two_models):
    os.mkfifo(tmp_path / "logsumexp.html")
    assert main(["report", "--catalog", "--format", "html", "-o", str(tmp_path)]) == 2
    assert "logsumexp.html: cannot write: it is not a regular file" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logsumexp.html"]


def test_a_target_that_turns_bad_while_reports_are_built_still_stops_every_write(tmp_path, capsys, monkeypatch,
                                                                                   two_models):
    import reports.command as command
    built = command.catalog_reports

    def then_a_folder(*args, **kwargs):
        yield from built(*args, **kwargs)
        (tmp_path / "logsumexp.md").mkdir()
    monkeypatch.setattr(command, "catalog_reports", then_a_folder)
    assert main(["report", "--catalog", "--format", "md", "-o", str(tmp_path)]) == 2
    assert "logsumexp.md: cannot write: it is a folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logsumexp.md"]


def test_a_read_only_folder_is_refused_up_front(tmp_path, capsys, two_models, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    # The folder as the kernel reports it to a user without write permission (root, as in CI, may write anywhere).
    real = os.access
    monkeypatch.setattr(command.os, "access", lambda p, mode: False if Path(p) == out else real(p, mode))
    assert main(["report", "--catalog", "--format", "md", "-o", str(out)]) == 2
    assert "cannot write into this folder" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_the_catalog_still_overwrites_its_own_earlier_reports(tmp_path, capsys, two_models):
    (tmp_path / "logsumexp.md").write_text("old")
    assert main(["report", "--catalog", "--format", "md", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "logsumexp.md").read_text() != "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["linear-mse.md", "logsumexp.md"]

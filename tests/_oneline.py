"""Bad input reported as one ``derive: error: FILE:LINE: …`` line with exit code 2, for the tests of readers."""
from __future__ import annotations

from derive.cli import main


def assert_one_line_error(path, line: int, fragment: str, capsys) -> None:
    """``derive check path`` exits 2, printing one error line that names ``path:line`` and holds ``fragment``."""
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"derive: error: {path}:{line}: ") and fragment in err[0], err


def assert_note_refused(tmp_path, capsys, head: str, claim: str, fragment: str) -> None:
    """A note of ``head`` and one display holding ``claim`` is refused at the claim's line with ``fragment``."""
    p = tmp_path / "notes.md"
    p.write_text(f"{head}\n$$\n{claim}\n$$\n")
    assert_one_line_error(p, head.count("\n") + 3, fragment, capsys)

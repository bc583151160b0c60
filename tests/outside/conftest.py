"""The derivations here keep their authors' slips on purpose: test_outside_derivations.py asserts each
verdict, so the derive plugin must not collect these files as passing-or-failing claims of the suite."""
collect_ignore_glob = ["*.derive.toml", "*.md", "*.tex"]

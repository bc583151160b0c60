"""reports: a derivation, or a derivation file's verification, as HTML, LaTeX or Markdown.

Data first, layout last (as in coverage.py's HTML report): ``reports.build`` turns a catalog
model's ``Derivation`` into a ``reports.data.ModelReport`` and ``reports.claims`` turns a
``*.derive.toml`` check into a ``FileReportView``; ``reports.render`` lays those out with the
Jinja templates in ``reports/templates``.  Public API::

    from reports.command import report_text, run_report   # text for a source, or the CLI handler
    from reports.build import build_model_report          # ModelReport (plain data)
    from reports.claims import build_file_report          # FileReportView (plain data)
    from reports.render import render                     # render("report" | "verify", "html" | "tex" | "md", r=...)
"""

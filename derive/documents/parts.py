"""The parts of a document, as the Markdown and LaTeX scanners find them, in document order.

A scanner turns a file into ``Part``s: prose, a derive context (TOML text), a directive
(skip the next display block, or a given for it) and display math.  Everything after the
scanners (claims, reports) works on parts and never looks at the file format again.
"""
from __future__ import annotations

from dataclasses import dataclass

PROSE, CONTEXT, MATH, SKIP, GIVEN = "prose", "context", "math", "skip", "given"

MAX_PARTS = 5000


@dataclass(frozen=True)
class Part:
    """One piece of a document: ``text`` starts on line ``line`` and ends on ``end_line``.

    For math, ``text`` is the content between the delimiters (positions kept: line ``line``
    is the line the content starts on); ``label`` is LaTeX's ``\\label``, if any; ``source``
    is the block as written, delimiters included (for reports).
    """

    kind: str
    line: int
    end_line: int
    text: str
    label: str = ""
    source: str = ""
    #: an environment whose rows carry labels of their own (``align`` with a ``\\label`` per row): each
    #: row's label, or ""; empty when one label, or none, names the whole block
    row_labels: tuple = ()

    def label_at(self, row: int) -> str:
        """The label of an equation in row ``row``: its row's own in an ``align`` labelled row by row, else the block's."""
        if not self.row_labels:
            return self.label
        return self.row_labels[row] if row < len(self.row_labels) else ""

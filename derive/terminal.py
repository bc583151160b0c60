"""``derive show`` and ``derive list``: a derivation for a terminal or as JSON.

Turns a ``Derivation`` into text lines or a JSON-ready dict; it computes nothing itself.
"""
from __future__ import annotations

import json
import os
from argparse import Namespace
from collections.abc import Mapping

from . import printing
from .derivation import ASSUMPTION, CHAIN, DEFINITION, LOCAL, RESULT, Derivation
from .errors import DeriveError
from .model import Model

SECTIONS = ((DEFINITION, "Forward model"), (LOCAL, "Local derivatives"), (CHAIN, "Chain rule"),
            (RESULT, "Result"))
#: An assumption is applied where the chain needs it, so it is printed inside the chain's section.
_SECTION_OF = {ASSUMPTION: CHAIN}


def load_model(source: str, context: int | None = None) -> Model:
    """A catalog model by name, or the model of a ``*.derive.toml`` file or notes (their ``context``-th)."""
    if is_file_argument(source):
        from .documents.load import load_one
        from .verify import to_model
        return to_model(load_one(source, context=context))
    if context is not None:
        raise DeriveError("--context picks a derive context of notes (a Markdown or LaTeX file), not of a catalog model")
    from . import catalog
    return catalog.get(source)


def derivation_for(source: str | Model, wrt: str | None = None, sizes: Mapping[str, int] | None = None,
                   assume: bool = True) -> tuple[Derivation, tuple[str, ...]]:
    """Derive symbolically, or at explicit sizes when any is asked; also the sizes left at their default."""
    model = source if isinstance(source, Model) else load_model(source)
    if not sizes:
        from .engine import derive
        return derive(model, wrt, assume=assume), ()
    from .explicit import derive_explicit
    from .sizes import explicit_sizes
    numbers, defaulted = explicit_sizes(model, sizes)
    return derive_explicit(model, wrt, numbers, assume=assume), defaulted


def show(source: str | Model, wrt: str | None = None, *, sizes: Mapping[str, int] | None = None,
         assume: bool = True) -> Derivation:
    """The derivation ``derive show`` prints, as an object a notebook displays (``derive.show("softmax")``)."""
    return derivation_for(source, wrt, sizes, assume)[0]


def asked_sizes(args: Namespace) -> dict[str, int]:
    """The explicit sizes of ``--n``, ``--m`` and every ``--size NAME=VALUE`` (one value per size)."""
    from .sizes import combined, parse_size, size_value
    given = [(f"--{name}", name, size_value(f"--{name}", text))
             for name, text in (("n", args.n), ("m", args.m)) if text is not None]
    given += [(f"--size {text}", *parse_size(text)) for text in getattr(args, "size", None) or ()]
    return combined(given)


def to_json(dv: Derivation) -> dict:
    """The derivation as a JSON-ready dict; every expression in SymPy syntax and in LaTeX."""
    def expr(e):
        return None if e is None else printing.plain(e)

    def tex(e):
        return None if e is None else printing.latex(e)

    return {
        "model": dv.model.name,
        "wrt": dv.wrt,
        "sizes": dict(dv.sizes),
        "steps": [{"rule": s.rule, "kind": s.kind, "lhs": expr(s.lhs), "rhs": expr(s.rhs),
                   "lhs_latex": tex(s.lhs), "rhs_latex": tex(s.rhs),
                   "assumptions": [printing.statement(a) for a in s.assumptions],
                   "assumptions_latex": [printing.statement(a, "latex") for a in s.assumptions],
                   "note": s.note} for s in dv.steps],
        "result": expr(dv.result),
        "result_latex": tex(dv.result),
        "lhs": expr(dv.lhs),
        "matrix": expr(dv.matrix),
        "matrix_latex": tex(dv.matrix),
        "assumptions": [printing.statement(a) for a in dv.assumed],
        "pending": [{"lhs": expr(p.lhs), "would_be": expr(p.would_be), "needs": printing.statement(p.assumption),
                     "why": p.assumption.description} for p in dv.pending],
    }


def to_text(dv: Derivation, defaulted: tuple[str, ...] = ()) -> str:
    """The derivation as readable terminal text, one step per line pair."""
    m = dv.model
    if dv.explicit:
        from .sizes import describe
        sizes = describe(dv.sizes, defaulted)
    else:
        sizes = ", ".join(f"{k} ({v})" for k, v in dv.sizes.items())
    lines = [f"{m.name}: {m.description}", f"sizes: {sizes}; differentiate by {dv.wrt}", ""]
    titles = dict(SECTIONS)
    current = None
    for s in dv.steps:
        # Steps stay in the order they were derived; a heading marks each change of kind.
        kind = _SECTION_OF.get(s.kind, s.kind)
        if kind != current:
            if current is not None:
                lines.append("")
            current = kind
            lines.append(titles[kind])
        lines.append(f"  [{s.rule}]")
        lines.append(f"    {printing.text(s.lhs)} = {printing.text(s.rhs)}")
        if s.assumptions:
            lines.append(f"    using: {'; '.join(printing.statement(a, 'text') for a in s.assumptions)}")
        if s.note:
            lines.append(f"    note: {s.note}")
    lines.append("")
    if dv.assumed:
        lines.append("Assumptions used: " + "; ".join(
            f"{printing.statement(a, 'text')} ({a.description})" for a in dv.assumed))
    for p in dv.pending:
        lines.append(f"Not applied (--no-assume): {printing.text(p.lhs)} = {printing.text(p.would_be)} "
                     f"needs {printing.statement(p.assumption, 'text')} ({p.assumption.description})")
    lines += _general_entry(dv)
    return "\n".join(lines).rstrip() + "\n"


def _general_entry(dv: Derivation) -> list[str]:
    """For written-out sizes beyond what is printed in full, the entry every elided one follows."""
    from .elision import LIMIT
    if not dv.explicit or max(dv.sizes.values(), default=0) <= LIMIT:
        return []
    from .engine import derive
    general = derive(dv.model, dv.wrt, assume=not dv.pending)
    return [f"Entries beyond the first {LIMIT - 2} and the last are elided (⋯, ⋮); every entry is "
            f"{printing.text(general.lhs)} = {printing.text(general.result)}"]


def _render(args: Namespace, _progress=None) -> str:
    """What ``derive show`` prints for these arguments."""
    model = load_model(args.model, args.context)
    dv, defaulted = derivation_for(model, args.wrt, asked_sizes(args), not args.no_assume)
    return json.dumps(to_json(dv), indent=2, ensure_ascii=False) + "\n" if args.json else to_text(dv, defaulted)


def run_show(args: Namespace) -> int:
    """``derive show MODEL_OR_FILE``."""
    # A file comes from a user, and so do sizes asked of a catalog model (--n 200 --m 200 took 57 s and 2 GB):
    # deriving either runs in a worker with the same time and memory bound as codegen.
    if is_file_argument(args.model):
        from .verify.bounded import run_for_command
        print(run_for_command(_render, args, SHOW_TIMEOUT, args.model, "deriving the model"), end="")
    elif asked_sizes(args):
        from .verify.bounded import run_for_command
        print(run_for_command(_render, args, SHOW_TIMEOUT, "", f"deriving {args.model} at the sizes asked"), end="")
    else:
        print(_render(args), end="")
    return 0


def is_file_argument(source: str) -> bool:
    """True when ``source`` names a derivation file or notes rather than a catalog model (show, report and codegen alike)."""
    from .documents.files import is_document
    return source.endswith(".toml") or source.lower().endswith(".ipynb") or is_document(source) \
        or os.sep in source or (os.altsep is not None and os.altsep in source)


#: Seconds deriving and printing a user's file may take (as ``derive codegen`` allows).
SHOW_TIMEOUT = 60.0



def run_list(args: Namespace) -> int:
    """``derive list``: name, description, inputs and shapes of each catalog model."""
    from .catalog import CATALOG
    rows = []
    for model in CATALOG.values():
        inputs = {q.name: [str(d) for d in q.shape] for q in model.inputs}
        rows.append({"name": model.name, "description": model.description, "inputs": inputs})
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        shapes = ", ".join(f"{k}[{'×'.join(v)}]" if v else k for k, v in r["inputs"].items())
        print(f"{r['name']:<{width}}  {r['description']}  ({shapes})")
    return 0

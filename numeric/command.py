"""``derive codegen MODEL -o FILE``: write the standalone NumPy module of a catalog model or a derivation file.

``MODEL`` is a catalog name (``softmax``) or a path ending in ``.toml`` (``examples/softmax.derive.toml``),
read by the verifier's loader and turned into a model by ``derive.verify.to_model``.  A bad file is
the loader's one-line ``file:line: problem`` error; a file whose model cannot be compiled is reported
the same way, at the line defining the quantity that failed.  Nothing is written unless the whole
module was generated.
"""
from __future__ import annotations

import argparse

from derive.catalog import get
from derive.errors import DeriveError, InputError
from derive.model import Model
from derive.terminal import is_file_argument

from .codegen import write_atomic
from .compile import compile_model
from .plan import NoVectorForm


def _source_for_file(path: str, context: int | None = None) -> tuple[Model, str]:
    # Imported here: the verifier is only needed for files, and `derive codegen softmax` stays light.
    from derive.documents.load import load_one
    from derive.verify import to_model

    loaded = load_one(path, context=context)
    model = to_model(loaded)
    try:
        return model, compile_model(model).source
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 — file input must end in a one-line error, never a traceback
        name = getattr(exc, "quantity", None)
        spec = loaded.quantities.get(name) if name else None
        if spec is None:
            spec = loaded.quantities.get(model.loss)
        line = spec.line if spec is not None else 1
        detail = str(exc) if isinstance(exc, (DeriveError, NoVectorForm)) else f"{type(exc).__name__}: {exc}"
        raise InputError(f"cannot generate NumPy code: {' '.join(detail.split())}", loaded.path, line) from None


#: Seconds loading, model building and compiling a derivation file may take (an untrusted input).
FILE_TIMEOUT = 60.0


def _bounded_source_for_file(path: str, context: int | None = None) -> tuple[str, str, list[str]]:
    """(model name, module source, notes) of a derivation file, built in a child under a time and memory bound."""
    from derive.verify.bounded import run_for_command

    def build() -> tuple[str, str, list[str]]:
        model, source = _source_for_file(path, context)
        return model.name, source, list(model.notes)
    return run_for_command(build, FILE_TIMEOUT, path, "building the model")


def run_codegen(args: argparse.Namespace) -> int:
    """Compile the model, write its module atomically, report the file; errors are DeriveError (exit 2)."""
    if is_file_argument(args.model):
        name, source, notes = _bounded_source_for_file(args.model, args.context)
    elif args.context is not None:
        raise DeriveError("--context picks a derive context of notes (a Markdown or LaTeX file), not of a catalog model")
    else:
        model = get(args.model)
        name, source, notes = model.name, compile_model(model).source, list(model.notes)
    write_atomic(args.output, source)
    print(f"wrote {args.output}: loss_and_grads for model {name}")
    for note in notes:
        # A derivation file's roles and loss, when inferred, are said, not silently chosen (issue 11).
        print(f"  note: {note}")
    return 0

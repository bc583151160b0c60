"""``derive codegen MODEL -o FILE``: write the standalone NumPy module of a catalog model or a derivation file.

``MODEL`` is a catalog name (``softmax``) or a path ending in ``.toml`` (``examples/softmax.derive.toml``),
read by the verifier's loader and turned into a model by ``derive.verify.to_model``.  A bad file is
the loader's one-line ``file:line: problem`` error; a file whose model cannot be compiled is reported
the same way, at the line defining the quantity that failed.  Before anything is written, the generated
function is run on seeded inputs and its gradients are compared with central differences of its own
loss (``numeric.gradcheck``): a printer slip never reaches a user's file unnoticed, and the output says
what was checked.  Nothing is written unless the whole module was generated and passed that check.
"""
from __future__ import annotations

import argparse

import numpy as np

from derive.catalog import get
from derive.errors import DeriveError, InputError
from derive.model import Model
from derive.output import not_over
from derive.terminal import is_file_argument

from .codegen import write_atomic
from .compile import Compiled, compile_model
from .gradcheck import gradcheck
from .inputs import make_inputs
from .plan import NoVectorForm

#: Seeded directions per input of the check before writing (two loss evaluations each, at small sizes).
DIRECTIONS = 4


def checked_against_differences(model: Model, compiled: Compiled, bounds: dict | None = None) -> str:
    """One line saying how the generated gradients matched central differences; ``DeriveError`` if they did not.

    ``bounds``: the inputs' ranges a derivation file gives (``epsilon > 0``), where the inputs are drawn.
    """
    with np.errstate(all="ignore"):  # a NaN or an overflow fails the comparison below, in one line, not as warnings
        result = gradcheck(compiled, make_inputs(model, seed=0, bounds=bounds), directions=DIRECTIONS, seed=0)
    if not result.passed:
        worst = max(result.inputs.values(), key=lambda c: c.max_rel_error)
        raise DeriveError(f"the generated gradient by {worst.name} of model {model.name} disagrees with central "
                          f"differences of its loss (relative error {worst.max_rel_error:.3g}); nothing written. "
                          "This is a bug in derive: please report it with the model")
    return (f"checked against central differences: {result.directions} seeded directions per input "
            f"({', '.join(result.inputs)}), largest relative error {result.max_rel_error:.1g}")


def _compiled_file(path: str, context: int | None = None) -> tuple[Model, Compiled, dict]:
    """The model of a derivation file, compiled, and the bounds its givens put on its inputs."""
    # Imported here: the verifier is only needed for files, and `derive codegen softmax` stays light.
    from derive.documents.load import load_one
    from derive.verify import to_model
    from derive.verify.domains import bounds

    loaded = load_one(path, context=context)
    model = to_model(loaded)
    try:
        compiled = compile_model(model)
        compiled.source  # noqa: B018 - printed here, so that a failure is reported at the quantity's line
        return model, compiled, bounds(loaded.conditions, loaded)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 — file input must end in a one-line error, never a traceback
        name = getattr(exc, "quantity", None)
        spec = loaded.quantities.get(name) if name else None
        if spec is None:
            spec = loaded.quantities.get(model.loss)
        line = spec.line if spec is not None else 1
        detail = str(exc) if isinstance(exc, (DeriveError, NoVectorForm)) else f"{type(exc).__name__}: {exc}"
        if isinstance(exc, NoVectorForm):  # a scalar read per sample is the usual cause (ELU's α): say how to change it
            detail += "".join(f"; {n}" for n in model.notes if 'role = "hyper"' in n)
        raise InputError(f"cannot generate NumPy code: {' '.join(detail.split())}", loaded.path, line) from None


#: Seconds loading, model building and compiling a derivation file may take (an untrusted input).
FILE_TIMEOUT = 60.0


def _bounded_source_for_file(path: str, context: int | None = None) -> tuple[str, str, list[str], str]:
    """(model name, module source, notes, check) of a derivation file, built and checked in a worker under a
    time and memory bound (the generated code runs on the file's model)."""
    from derive.verify.bounded import run_for_command
    return run_for_command(_source_for_file, (path, context), FILE_TIMEOUT, path, "building the model")


def _source_for_file(file: tuple[str, int | None], _progress) -> tuple[str, str, list[str], str]:
    """(model name, module source, notes, check) of the derivation file (path, context), in the bounded worker."""
    model, compiled, ranges = _compiled_file(*file)
    return model.name, compiled.source, list(model.notes), checked_against_differences(model, compiled, ranges)


def run_codegen(args: argparse.Namespace) -> int:
    """Compile the model, write its module atomically, report the file; errors are DeriveError (exit 2)."""
    if is_file_argument(args.model):
        not_over(args.output, args.model)  # before the (slower) build, not after
        name, source, notes, check = _bounded_source_for_file(args.model, args.context)
    elif args.context is not None:
        raise DeriveError("--context picks a derive context of notes (a Markdown or LaTeX file), not of a catalog model")
    else:
        model = get(args.model)
        compiled = compile_model(model)
        name, source, notes = model.name, compiled.source, list(model.notes)
        check = checked_against_differences(model, compiled)
    write_atomic(args.output, source, args.model if is_file_argument(args.model) else None)
    print(f"wrote {args.output}: loss_and_grads for model {name}")
    print(f"  {check}")
    for note in notes:
        # A derivation file's roles and loss, when inferred, are said, not silently chosen (issue 11).
        print(f"  note: {note}")
    return 0

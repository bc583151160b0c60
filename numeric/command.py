"""``derive codegen MODEL -o FILE``: write the standalone NumPy module of a catalog model."""
from __future__ import annotations

import argparse
from derive.catalog import get

from .codegen import write_atomic
from .compile import compile_model


def run_codegen(args: argparse.Namespace) -> int:
    """Compile the model, write its module atomically, report the file; errors are DeriveError (exit 2)."""
    model = get(args.model)
    source = compile_model(model).source
    write_atomic(args.output, source)
    print(f"wrote {args.output}: loss_and_grads for model {model.name}")
    return 0

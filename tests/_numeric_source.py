"""Checks on generated module text shared by the numeric tests: vectorised, matrix products."""
from __future__ import annotations

import ast


def _is_row_block_loop(node: ast.AST) -> bool:
    """``for lo in range(0, rows, step)``: a walk over blocks of rows, not over entries."""
    if not isinstance(node, ast.For) or not isinstance(node.iter, ast.Call):
        return False
    call = node.iter
    return (isinstance(call.func, ast.Name) and call.func.id == "range" and len(call.args) == 3
            and isinstance(call.args[0], ast.Constant) and call.args[0].value == 0
            and all(isinstance(a, ast.Name) for a in call.args[1:]))


def loops(source: str) -> list:
    """Loops of a generated module other than row-block walks inside kernels (any loop in loss_and_grads counts)."""
    kinds = (ast.For, ast.While, ast.comprehension, ast.AsyncFor)
    out = []
    for fn in ast.parse(source).body:
        if not isinstance(fn, ast.FunctionDef):
            continue
        for node in ast.walk(fn):
            if isinstance(node, kinds) and (fn.name == "loss_and_grads" or not _is_row_block_loop(node)):
                out.append(node)
    return out


def matrix_products(source: str) -> bool:
    """True when the module multiplies matrices (``@`` or ``numpy.matmul``) rather than looping."""
    return "@" in source or "numpy.matmul(" in source

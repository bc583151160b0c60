"""The computation-graph picture: a layered left-to-right layout of any model's nodes.

The spine is the longest path into the loss (data preferred over parameters), drawn on
one row; every other input sits half a column before (or after) the node consuming it, above
(parameters) or below (data, targets), a scalar hyper-parameter straight above or below it;
other defined quantities take their own rows, as late as their consumers allow.  Auxiliary
nodes (defined, feeding nothing) sit above the spine, drawn dashed and dimmed.  Forward arrows run along the nodes; backward arrows (red, curved) run from each output
back to each argument on a path from the differentiated variable to the loss, labelled
with the local derivative ∂out/∂arg.  Coordinates come out in SVG pixels and TikZ cm.
"""
from __future__ import annotations

import math

import sympy as sp

from derive.engine import relevant
from derive.model import Model

from . import texmath
from .data import Graph, GraphEdge, GraphNode

COL = 150.0      # SVG pixels between columns
ROW = 96.0       # SVG pixels between rows
RADIUS = 21.0    # node circle radius in SVG pixels
MARGIN = 46.0
CAPTION_CHARS = 14  # 11 px sans-serif: about 14 characters fit between two circles
CAPTION_LINE = 12.0  # SVG pixels between caption lines
CM_PER_PX = 1.0 / 60.0   # TikZ scale: 150 px → 2.5 cm

_CAPTIONS = {"hyper": "hyper-parameter"}
_ROLE_RANK = {"defined": 0, "data": 1, "param": 2, "target": 3, "hyper": 4}


def _depths(model: Model) -> dict[str, int]:
    depth = {q.name: 0 for q in model.inputs}
    for node in model.nodes:
        depth[node.out] = 1 + max((depth[a] for a in node.args), default=0)
    return depth


def _spine(model: Model, depth: dict[str, int]) -> list[str]:
    """The longest path into the loss, preferring data inputs at ties."""
    path = [model.loss]
    node = model.node(model.loss)
    while node is not None:
        order = {a: n for n, a in enumerate(node.args)}
        best = min(node.args, key=lambda a: (-depth[a], _ROLE_RANK.get(model.quantity(a).role, 9), order[a]))
        path.append(best)
        node = model.node(best)
    return path[::-1]


def layout(model: Model) -> dict[str, tuple[float, float]]:
    """Grid position (column, row) of every quantity used by the model."""
    depth = _depths(model)
    spine = _spine(model, depth)
    pos: dict[str, tuple[float, float]] = {name: (float(depth[name]), 0.0) for name in spine}
    taken = set(pos.values())

    def place(name: str, col: float, direction: int) -> None:
        row = float(direction)
        while (col, row) in taken:
            row += direction
        pos[name] = (col, row)
        taken.add((col, row))

    flip = 1
    for node in reversed(model.nodes):
        if node.out in pos or node.aux:
            continue
        # As late as its consumers allow, so its arrow into them is short; on the parameters'
        # side when a parameter feeds it (W → R in weight decay keeps W's arrows on one row).
        later = [pos[n.out][0] for n in model.consumers(node.out) if n.out in pos]
        col = max(float(depth[node.out]), min(later) - 1.0) if later else float(depth[node.out])
        if any(model.quantity(a).role == "param" for a in node.args):
            place(node.out, col, -1)
        else:
            place(node.out, col, flip)
            flip = -flip
    for node in model.nodes:
        if node.aux:
            # Auxiliary nodes (drawn dimmed) go above, away from the backward labels under the spine.
            place(node.out, float(depth[node.out]), -1)
    for q in model.inputs:
        if q.name in pos:
            continue
        consumers = [pos[n.out] for n in model.consumers(q.name) if n.out in pos]
        if not consumers:
            continue  # an input nothing uses is not part of the graph
        col, row = min(consumers)
        direction = -1 if q.role == "param" or row < 0 else 1
        if not q.shape:
            # A scalar (a hyper-parameter such as λ) sits straight above or below its one consumer.
            place(q.name, col, direction)
            continue
        _place_side(q.name, col, direction, pos, taken)
    return pos


def _place_side(name: str, col: float, direction: int, pos: dict, taken: set) -> None:
    """An input beside its consumer: half a column before it, else after, else further out.

    Fanning out sideways keeps every arrow into the consumer clear of the other inputs' circles.
    """
    row = float(direction)
    while True:
        for offset in (-0.5, 0.5, -1.0, 1.0):
            if (col + offset, row) not in taken:
                pos[name] = (col + offset, row)
                taken.add((col + offset, row))
                return
        row += direction


def _wrap(caption: str) -> tuple[str, ...]:
    """A layer caption broken into lines that fit between two circles (one column apart)."""
    lines: list[str] = []
    for word in caption.split():
        if lines and len(lines[-1]) + 1 + len(word) <= CAPTION_CHARS:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines)


def _shorten(x1, y1, x2, y2, by1, by2):
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    return x1 + ux * by1, y1 + uy * by1, x2 - ux * by2, y2 - uy * by2


def _fmt(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _tk(x: float, y: float) -> str:
    """A TikZ coordinate in cm (y up) for an SVG point (y down)."""
    return f"({x * CM_PER_PX:.2f},{-y * CM_PER_PX:.2f})"


def build_graph(model: Model, wrt: str) -> Graph:
    """The graph picture data for ``model`` with backward arrows towards ``wrt``."""
    pos = layout(model)
    min_row = min(r for _, r in pos.values())
    max_row = max(r for _, r in pos.values())
    min_col = min(c for c, _ in pos.values())
    max_col = max(c for c, _ in pos.values())
    top = MARGIN + 8.0

    def px(name):
        c, r = pos[name]
        return MARGIN + 10.0 + (c - min_col) * COL, top + (r - min_row) * ROW

    height = top + (max_row - min_row) * ROW + MARGIN + 20.0
    width = MARGIN * 2 + 20.0 + (max_col - min_col) * COL
    aux = {n.out for n in model.nodes if n.aux}
    nodes = []
    for q in model.quantities:
        if q.name not in pos:
            continue
        x, y = px(q.name)
        node = model.node(q.name)
        caption = f"auxiliary: {model.node(q.name).layer.name.replace('_', ' ')}" if q.name in aux else "" if node else _CAPTIONS.get(q.role, q.role)
        nodes.append(GraphNode(q.name, texmath.text(sp.Symbol(q.name)), caption, q.role, x, y,
                               round(x * CM_PER_PX, 2), round(-y * CM_PER_PX, 2), q.name == wrt,
                               texmath.tex(sp.Symbol(q.name)), q.name in aux, pos[q.name][1] < 0))
    on_path = set(relevant(model, wrt))
    edges = []
    for node in model.nodes:
        for arg in dict.fromkeys(node.args):
            x1, y1 = px(arg)
            x2, y2 = px(node.out)
            a, b, c, d = _shorten(x1, y1, x2, y2, RADIUS + 2, RADIUS + 6)
            # The layer's name sits above the edge from the argument drawn on the same row.
            captioned = pos[arg][1] == pos[node.out][1] or arg == node.args[-1] and not any(
                pos[x][1] == pos[node.out][1] for x in node.args)
            # An auxiliary node's caption names it; its edge stays bare so it does not compete.
            caption = node.layer.name.replace("_", " ") if captioned and not node.aux else ""
            cx, cy = (x1 + x2) / 2, (y1 + y2) / 2 - 9
            lines = _wrap(caption)
            cy -= CAPTION_LINE * (len(lines) - 1)
            edges.append(GraphEdge("aux" if node.aux else "forward", arg, node.out,
                                   f"M {_fmt(a)} {_fmt(b)} L {_fmt(c)} {_fmt(d)}",
                                   f"{_tk(a, b)} -- {_tk(c, d)}", "", "", round(cx, 1), round(cy, 1),
                                   round(cx * CM_PER_PX, 2), round(-cy * CM_PER_PX, 2), "middle", caption,
                                   lines))
            if not node.aux and node.out in on_path and arg in on_path:
                edges.append(_backward(node.out, arg, (x2, y2), (x1, y1)))
    return Graph(round(width, 1), round(height, 1), RADIUS, tuple(nodes), tuple(edges))


def _backward(out: str, arg: str, start, end) -> GraphEdge:
    """A red curve from ``out`` back to ``arg``, bulging below a horizontal edge, right of others."""
    (x1, y1), (x2, y2) = start, end
    dx, dy = x1 - x2, y1 - y2          # the forward direction arg → out
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length
    if abs(dy) < 1e-9:
        nx, ny = (nx, ny) if ny > 0 else (-nx, -ny)
    elif nx < 0:
        nx, ny = -nx, -ny
    bulge = 30.0
    a, b, c, d = _shorten(x1, y1, x2, y2, RADIUS + 2, RADIUS + 6)
    mx, my = (a + c) / 2 + nx * bulge, (b + d) / 2 + ny * bulge
    # TikZ has no quadratic Bézier: the same curve as a cubic (control points at 2/3).
    c1 = (a + 2 * (mx - a) / 3, b + 2 * (my - b) / 3)
    c2 = (c + 2 * (mx - c) / 3, d + 2 * (my - d) / 3)
    tikz = f"{_tk(a, b)} .. controls {_tk(*c1)} and {_tk(*c2)} .. {_tk(c, d)}"
    deriv = sp.Derivative(sp.Symbol(out), sp.Symbol(arg), evaluate=False)
    off = bulge * 0.5 + (8 if abs(nx) > 0.5 else 16)
    label_x, label_y = (a + c) / 2 + nx * off, (b + d) / 2 + ny * off + 4
    anchor = "middle" if abs(nx) <= 0.5 else ("start" if nx > 0 else "end")
    return GraphEdge("backward", out, arg,
                     f"M {_fmt(a)} {_fmt(b)} Q {_fmt(mx)} {_fmt(my)} {_fmt(c)} {_fmt(d)}",
                     tikz, texmath.text(deriv), texmath.tex_slash(deriv), round(label_x, 1), round(label_y, 1),
                     round(label_x * CM_PER_PX, 2), round(-(label_y - 4) * CM_PER_PX, 2), anchor)

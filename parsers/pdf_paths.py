"""A PDF path's segments -> the edges pdfplumber makes of it; the page's display matrix and what it maps.

pdfminer cuts a painted path into subpaths at each move-to, and makes of each a
line (one segment), a rectangle (four axis-parallel sides, closed) or a curve
(anything else); pdfplumber's edges are a line's own segment (horizontal when
its ends are at one height, otherwise vertical), a rectangle's four sides, and
every axis-parallel piece between a curve's points (a Bézier counts by its end
point).  The same rules here, on pdfium's segments, give the pdfium engine the
same edges.
"""

from __future__ import annotations

from parsers.pdf_model import Char, Edge

Matrix = tuple[float, float, float, float, float, float]  # a, b, c, d, e, f: x' = ax + cy + e, y' = bx + dy + f
# pdfium's segment types (fpdf_edit.h)
LINETO, BEZIERTO, MOVETO = 0, 1, 2


def display_matrix(mediabox: tuple[float, float, float, float], rotation: int) -> tuple[Matrix, float, float]:
    """(matrix, width, height): the matrix maps PDF user space to the page as displayed (its
    /Rotate applied: pdfminer's matrix), with `top` measured down from the top edge."""
    x0, y0, x1, y1 = mediabox
    if rotation in (90, 270):
        width, height = y1 - y0, x1 - x0
    else:
        width, height = x1 - x0, y1 - y0
    # pdfminer's page matrix, then y -> height - y
    matrix = {
        0: (1.0, 0.0, 0.0, -1.0, -x0, height + y0),
        90: (0.0, 1.0, 1.0, 0.0, -y0, height - x1),
        180: (-1.0, 0.0, 0.0, 1.0, x1, height - y1),
        270: (0.0, -1.0, -1.0, 0.0, y1, height + x0),
    }[rotation]
    return matrix, width, height


def displayed(raw: list[tuple], m: Matrix) -> list[Char]:
    """Characters (text, x0, x1, y0, y1: a normalized box in user space, size, turn) on the displayed page."""
    a, b, c, d, e, f = m
    if (a, b, c, d) == (1.0, 0.0, 0.0, -1.0):  # no /Rotate: the common case, no sorting of corners
        return [Char(ch, x0 + e, x1 + e, f - y1, f - y0, size, turn) for ch, x0, x1, y0, y1, size, turn in raw]
    out = []
    for ch, x0, x1, y0, y1, size, turn in raw:
        if b == 0 and c == 0:
            left, right, t0, t1 = a * x0 + e, a * x1 + e, d * y1 + f, d * y0 + f
        else:
            left, right, t0, t1 = c * y0 + e, c * y1 + e, b * x0 + f, b * x1 + f
        out.append(Char(ch, min(left, right), max(left, right), min(t0, t1), max(t0, t1), size, turn))
    return out


def compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying `inner`, then `outer`."""
    a, b, c, d, e, f = inner
    p, q, r, s, t, u = outer
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _subpaths(segments: list[tuple[int, float, float, bool]]) -> list[tuple[str, list[tuple[float, float]]]]:
    """pdfminer's (shape, points) of each subpath: 'm', 'l', 'c' (a Bézier, by its end point) and
    'h' (a close, at the subpath's start)."""
    out: list[tuple[str, list[tuple[float, float]]]] = []
    ops: list[str] = []
    pts: list[tuple[float, float]] = []
    bezier = 0
    for kind, x, y, closes in segments:
        if kind == MOVETO:
            if len(ops) > 1:
                out.append(("".join(ops), pts))
            ops, pts, bezier = ["m"], [(x, y)], 0
            continue
        if not ops:
            continue  # pdfminer drops a path that does not begin with a move-to
        if kind == BEZIERTO:
            bezier += 1
            if bezier < 3:
                continue  # the two control points
            bezier = 0
            ops.append("c")
        else:
            ops.append("l")
        pts.append((x, y))
        if closes:
            ops.append("h")
            pts.append(pts[0])
    if len(ops) > 1:
        out.append(("".join(ops), pts))
    return out


def _is_rect(pts: list[tuple[float, float]]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
    return pts[0] == pts[4] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                 or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0))


def path_edges(segments: list[tuple[int, float, float, bool]], m: Matrix) -> list[Edge]:
    """The edges of a painted path whose segments are in the space `m` maps to the display."""
    a, b, c, d, e, f = m
    edges: list[Edge] = []
    for shape, raw in _subpaths(segments):
        pts = [(a * x + c * y + e, b * x + d * y + f) for x, y in raw]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"  # a redundant line-to back to the start before the close
            pts.pop()
        if shape in ("ml", "mlh"):
            (x0, t0), (x1, t1) = pts[0], pts[1]
            edges.append(Edge(t0 == t1, min(x0, x1), min(t0, t1), max(x0, x1), max(t0, t1)))
        elif shape in ("mlllh", "mllll") and _is_rect(pts):
            xs, ts = (pts[0][0], pts[2][0]), (pts[0][1], pts[2][1])
            left, right, top, bottom = min(xs), max(xs), min(ts), max(ts)
            edges += [Edge(True, left, top, right, top), Edge(True, left, bottom, right, bottom),
                      Edge(False, left, top, left, bottom), Edge(False, right, top, right, bottom)]
        else:
            for (x0, t0), (x1, t1) in zip(pts, pts[1:], strict=False):
                if x0 == x1 or t0 == t1:
                    edges.append(Edge(x0 != x1, min(x0, x1), min(t0, t1), max(x0, x1), max(t0, t1)))
    return edges

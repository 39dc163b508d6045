"""Ruled table cells from a page's edges: pdfplumber's "lines" table finder, written once for every engine.

The steps and tolerances are pdfplumber's `TableFinder` with its default
settings, so that the pdfplumber engine finds the cells it always found and the
pdfium engine the same ones: edges shorter than 1 pt are dropped; edges within
3 pt of one another across their direction are snapped to their mean; edges on
one line with gaps up to 3 pt are joined; edges shorter than 3 pt are dropped;
a horizontal and a vertical edge that meet (3 pt tolerance) make an
intersection; every intersection with one edge going down and one going right
to a common corner opens the smallest cell it can; cells sharing a corner make
one table, and a table is at least two cells.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from parsers.pdf_model import Edge

SNAP_TOLERANCE = 3.0
JOIN_TOLERANCE = 3.0
INTERSECTION_TOLERANCE = 3.0
PREFILTER_LENGTH = 1.0
MIN_LENGTH = 3.0

Bbox = tuple[float, float, float, float]  # x0, top, x1, bottom
Point = tuple[float, float]  # x, top


def _length(e: Bbox, horizontal: bool) -> float:
    return e[2] - e[0] if horizontal else e[3] - e[1]


def _snap(edges: list[Bbox], axis: int, tolerance: float) -> list[Bbox]:
    """Edges whose position (`axis`: 0 for x, 1 for top) lies within `tolerance` of the next one's
    are moved to their cluster's mean (pdfplumber's snap_objects)."""
    cluster: dict[float, int] = {}
    last: float | None = None
    for value in sorted({e[axis] for e in edges}):
        cluster[value] = cluster[last] + (value > last + tolerance) if last is not None else 0
        last = value
    sums: dict[int, float] = defaultdict(float)
    counts: dict[int, int] = defaultdict(int)
    members: dict[int, list[Bbox]] = defaultdict(list)
    for e in edges:
        k = cluster[e[axis]]
        sums[k] += e[axis]
        counts[k] += 1
        members[k].append(e)
    out = []
    for k in sorted(members):
        mean = sums[k] / counts[k]
        for e in members[k]:
            shift = mean - e[axis]
            out.append((e[0] + shift, e[1], e[2] + shift, e[3]) if axis == 0 else (e[0], e[1] + shift, e[2], e[3] + shift))
    return out


def _join(edges: list[Bbox], horizontal: bool) -> list[Bbox]:
    """Edges on one line, gaps up to the join tolerance bridged (pdfplumber's join_edge_group)."""
    lo, hi = (0, 2) if horizontal else (1, 3)
    groups: dict[float, list[Bbox]] = defaultdict(list)
    for e in edges:
        groups[e[1] if horizontal else e[0]].append(e)
    out = []
    for key in sorted(groups):
        joined = []
        for e in sorted(groups[key], key=lambda e: e[lo]):
            if joined and e[lo] <= joined[-1][hi] + JOIN_TOLERANCE:
                if e[hi] > joined[-1][hi]:
                    last = list(joined[-1])
                    last[hi] = e[hi]
                    joined[-1] = tuple(last)
            else:
                joined.append(e)
        out.extend(joined)
    return out


def merged_edges(edges: Iterable[Edge]) -> tuple[list[Bbox], list[Bbox]]:
    """(horizontal, vertical) edges, snapped, joined and filtered."""
    hs = [(e.x0, e.top, e.x1, e.bottom) for e in edges if e.horizontal and e.x1 - e.x0 >= PREFILTER_LENGTH]
    vs = [(e.x0, e.top, e.x1, e.bottom) for e in edges if not e.horizontal and e.bottom - e.top >= PREFILTER_LENGTH]
    hs = _join(_snap(hs, 1, SNAP_TOLERANCE), True)
    vs = _join(_snap(vs, 0, SNAP_TOLERANCE), False)
    return ([e for e in hs if _length(e, True) >= MIN_LENGTH], [e for e in vs if _length(e, False) >= MIN_LENGTH])


def _intersections(hs: list[Bbox], vs: list[Bbox]) -> dict[Point, tuple[set[Bbox], set[Bbox]]]:
    """Every point where a vertical and a horizontal edge meet -> (the vertical, the horizontal edges there)."""
    tol = INTERSECTION_TOLERANCE
    points: dict[Point, tuple[set[Bbox], set[Bbox]]] = {}
    for v in vs:
        x, v_top, v_bottom = v[0], v[1], v[3]
        for h in hs:
            if v_top <= h[1] + tol and v_bottom >= h[1] - tol and h[0] - tol <= x <= h[2] + tol:
                pair = points.setdefault((x, h[1]), (set(), set()))
                pair[0].add(v)
                pair[1].add(h)
    return points


def _cells(points: dict[Point, tuple[set[Bbox], set[Bbox]]]) -> list[Bbox]:
    """The smallest cell each intersection opens, if any (pdfplumber's intersections_to_cells)."""
    ordered = sorted(points)
    on_row: dict[float, list[Point]] = defaultdict(list)  # top -> its points, left to right
    for p in ordered:
        on_row[p[1]].append(p)
    cells = []
    for i, p in enumerate(ordered):
        below = []
        for q in ordered[i + 1:]:
            if q[0] != p[0]:
                break
            below.append(q)
        right = [q for q in on_row[p[1]] if q[0] > p[0]]
        cell = _smallest_cell(points, p, below, right)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(points, p: Point, below: list[Point], right: list[Point]) -> Bbox | None:
    v_here, h_here = points[p]
    for b in below:
        if not (v_here & points[b][0]):
            continue
        for r in right:
            if not (h_here & points[r][1]):
                continue
            corner = (r[0], b[1])
            if corner in points and points[corner][0] & points[r][0] and points[corner][1] & points[b][1]:
                return (p[0], p[1], corner[0], corner[1])
    return None


def _tables(cells: list[Bbox]) -> list[list[Bbox]]:
    """Cells grouped into tables: cells sharing a corner are one table; top to bottom, then left to
    right; a lone cell is no table."""
    parent = list(range(len(cells)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    corner_owner: dict[Point, int] = {}
    for k, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            other = corner_owner.setdefault(corner, k)
            parent[root(other)] = root(k)
    groups: dict[int, list[Bbox]] = defaultdict(list)
    for k, cell in enumerate(cells):
        groups[root(k)].append(cell)
    tables = sorted(groups.values(), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def find_tables(edges: Iterable[Edge]) -> list[list[Bbox]]:
    """The page's ruled tables, each as its cells' boxes."""
    hs, vs = merged_edges(edges)
    if not hs or not vs:
        return []
    return _tables(_cells(_intersections(hs, vs)))

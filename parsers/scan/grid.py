"""Ruled tables in a binarised page: ruling lines by morphology, cells from where they meet.

Long horizontal runs of ink are the candidate row lines, tall vertical runs the
candidate column lines (text strokes are shorter than either kernel, or do not cross
a whole row).  A column line is drawn through a row band when ink covers nearly all
of the band's height at that x; a row line over a column when ink covers nearly all
of the column's width at that y.  Grid positions with no line between them are one
merged cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

H_KERNEL = 60  # pixels (at 200 dpi, ~7.6 mm): a horizontal run this long is a ruling line, not a stroke
V_KERNEL = 24  # pixels: a vertical run this tall may be part of a table's ruling
COVER = 0.95  # share of a band's height / a column's width a ruling line must cover, end to end
# (a text stroke never does: cells keep a margin between their text and their lines)
SLACK = 2  # pixels either side of a line's centre searched for its ink (residual tilt, thickness)
MIN_TABLE = (150, 40)  # pixels: smaller line clusters are not tables
MIN_H_INK = 50  # pixels of horizontal line ink on a row for it to be a row-line candidate
MERGE = 8  # pixels (~3 pt): line candidates closer than this are one line (a table's parts drawn a
# little apart, as Word does where rows of different column widths meet)


@dataclass
class Table:
    xs: list[int]  # column lines, left to right (pixels)
    ys: list[int]  # row lines, top to bottom
    x_half: list[int]  # how far each column line's ink reaches either side of its centre
    y_half: list[int]
    boxes: list[tuple[int, int, int, int]]  # (r0, r1, c0, c1) of every cell, ends exclusive

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def find_tables(ink: np.ndarray) -> list[Table]:
    """Every ruled table on the page, top to bottom."""
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (H_KERNEL, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, V_KERNEL)))
    # the tables: clusters of line-like ink (the column lines proper are found band by band below)
    mask = cv2.dilate(horizontal | vertical, np.ones((5, 5), np.uint8))
    count, _labels, stats, _c = cv2.connectedComponentsWithStats(mask)
    tables = []
    for k in range(1, count):
        x, y, w, h = stats[k, :4]
        if w < MIN_TABLE[0] or h < MIN_TABLE[1]:
            continue
        region = (slice(y, y + h), slice(x, x + w))
        table = _table(ink[region], horizontal[region])
        if table is not None:
            table.xs = [v + int(x) for v in table.xs]
            table.ys = [v + int(y) for v in table.ys]
            tables.append(table)
    return sorted(tables, key=lambda t: t.ys[0])


def _lines(profile: np.ndarray, minimum: int) -> list[tuple[int, int]]:
    """(first, last) position of every run of positions whose profile reaches `minimum`, runs
    joined where they touch or lie within MERGE of the run's first position."""
    runs: list[list[int]] = []
    for v in np.flatnonzero(profile >= minimum):
        if runs and (v - runs[-1][1] <= 2 or v - runs[-1][0] <= MERGE):
            runs[-1][1] = int(v)
        else:
            runs.append([int(v), int(v)])
    return [(a, b) for a, b in runs]


def _column_lines(ink: np.ndarray, ys: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Column line candidates: the x positions where ink runs through a whole row band, end to end,
    in at least one band (text never does: cells keep a margin round their text)."""
    through = np.zeros(ink.shape[1], dtype=np.int32)
    widened = cv2.dilate(ink, np.ones((1, 2 * SLACK + 1), np.uint8))
    for (_a, top), (bottom, _b) in zip(ys, ys[1:], strict=False):
        band = widened[top:bottom + 1] > 0
        if band.shape[0] > 2 * SLACK:
            through |= band.mean(axis=0) >= COVER
    return _lines(through, 1)


def _table(ink: np.ndarray, horizontal: np.ndarray) -> Table | None:
    ys = _lines((horizontal > 0).sum(axis=1), MIN_H_INK)
    xs = _column_lines(ink, ys)
    while True:  # drop candidates that are a line nowhere, then check again without them
        if len(xs) < 2 or len(ys) < 2:
            return None
        vert, horiz = _vertical_lines(ink, xs, ys), _horizontal_lines(ink, xs, ys)
        keep_x = [x for j, x in enumerate(xs) if vert[:, j].any()]
        keep_y = [y for i, y in enumerate(ys) if horiz[i, :].any()]
        if len(keep_x) == len(xs) and len(keep_y) == len(ys):
            break
        xs, ys = keep_x, keep_y
    return Table([(a + b) // 2 for a, b in xs], [(a + b) // 2 for a, b in ys],
                 [(b - a + 1) // 2 for a, b in xs], [(b - a + 1) // 2 for a, b in ys], _cells(vert, horiz))


def _vertical_lines(ink: np.ndarray, xs: list[tuple[int, int]], ys: list[tuple[int, int]]) -> np.ndarray:
    """vert[r, j]: does column line j run through row band r (from row line r to r + 1)?"""
    vert = np.zeros((len(ys) - 1, len(xs)), dtype=bool)
    for j, (a, b) in enumerate(xs):
        column = ink[:, max(0, a - SLACK):b + SLACK + 1].max(axis=1) > 0
        for r in range(len(ys) - 1):
            band = column[ys[r][1]:ys[r + 1][0] + 1]
            vert[r, j] = band.size > 0 and band.mean() >= COVER
    return vert


def _horizontal_lines(ink: np.ndarray, xs: list[tuple[int, int]], ys: list[tuple[int, int]]) -> np.ndarray:
    """horiz[i, c]: does row line i run over column c (from column line c to c + 1)?"""
    horiz = np.zeros((len(ys), len(xs) - 1), dtype=bool)
    for i, (a, b) in enumerate(ys):
        row = ink[max(0, a - SLACK):b + SLACK + 1, :].max(axis=0) > 0
        for c in range(len(xs) - 1):
            span = row[xs[c][1]:xs[c + 1][0] + 1]
            horiz[i, c] = span.size > 0 and span.mean() >= COVER
    return horiz


def _cells(vert: np.ndarray, horiz: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Grid positions joined where no line parts them; each group's bounding box is a cell."""
    rows, cols = vert.shape[0], horiz.shape[1]
    parent = list(range(rows * cols))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not vert[r, c + 1]:
                parent[find(r * cols + c)] = find(r * cols + c + 1)
            if r + 1 < rows and not horiz[r + 1, c]:
                parent[find(r * cols + c)] = find((r + 1) * cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(cols):
            groups.setdefault(find(r * cols + c), []).append((r, c))
    boxes = []
    for members in groups.values():
        r0, r1 = min(r for r, _ in members), max(r for r, _ in members) + 1
        c0, c1 = min(c for _, c in members), max(c for _, c in members) + 1
        boxes.append((r0, r1, c0, c1))
    return sorted(boxes)

"""A straightened page image -> the PDF reader's page content: ruled grids and free lines.

The cells found by parsers.scan.grid become the same Grid / Box structures the PDF
reader builds from a text layer (coordinates in points, 72 per inch), and the text
outside them the same Lines, so that reader's page-break repairs and its raw rows
apply to scans unchanged.  Every text line of the page is recognised in one batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from parsers.pdf_tables import Box, Grid, Line, PageContent, make_grid
from parsers.rows import OcrReading
from parsers.scan.grid import Table, find_tables
from parsers.scan.lines import crop_box, is_bar, text_lines
from parsers.scan.raster import Page
from parsers.scan.reader import LineRead, read_lines

CELL_PAD = 3  # pixels inside a cell's ruling lines left out of its crop (their blur)
MARGIN = 6  # pixels around a table kept out of the free text
SPECK_CHARS = 2  # a free piece of at most this many characters ...
SPECK_SURE = 0.5  # ... read with less confidence than this is dirt on the page, not text
LONE = 1.6  # a piece at most this many line heights wide is a lone character
UNREAD = "\ufffd"  # what a piece of ink that was read as nothing says (never trusted: confidence 0)
DASH = "—"  # what a cell holding nothing but a horizontal bar says


@dataclass
class _Piece:
    box: tuple[int, int, int, int]
    read: LineRead | None = None


def read_page(page: Page, free: dict[tuple[int, str], OcrReading]) -> PageContent:
    """The page's grids (each cell's text with its reading on the Box) and free lines (their
    readings put in `free`, by page and text: the PDF reader's Lines carry text only)."""
    tables = find_tables(page.ink)
    cells: list[tuple[Box, list[list[_Piece]], int]] = []  # a cell, its text lines, its table on the page
    grids = []
    for k, table in enumerate(tables):
        grid = _grid(table, page)
        grids.append(grid)
        for box in grid.boxes:
            x0 = table.xs[box.c0] + table.x_half[box.c0] + CELL_PAD
            x1 = table.xs[box.c1] - table.x_half[box.c1] - CELL_PAD
            y0 = table.ys[box.r0] + table.y_half[box.r0] + CELL_PAD
            y1 = table.ys[box.r1] - table.y_half[box.r1] - CELL_PAD
            if x1 > x0 and y1 > y0:
                lines = text_lines(page.ink, (x0, y0, x1, y1))
                cells.append((box, [[_Piece(b) for b in line] for line in lines], k))
    outside = _free_ink(page.ink, tables)
    h, w = outside.shape
    strips = [[_Piece(b) for b in line] for line in text_lines(outside, (0, 0, w, h), split=True)]
    heights = [p.box[3] - p.box[1] for _box, lines, _k in cells for line in lines for p in line]
    line_height = float(np.percentile(heights, 75)) if heights else 0.0  # most pieces are whole lines
    groups = _cell_groups(cells, line_height) + [list(line) for line in strips]
    _read(groups, page, line_height)
    for box, lines, _k in cells:
        box.text, box.reading = _cell_text(lines, page)
    items: list[Grid | Line] = list(grids)
    for line in strips:
        parts = [p for p in line if p.read and p.read.text.strip() and not _speck(p.read)]
        if parts:
            items.append(Line(page.number, line[0].box[1] * page.scale, tuple(p.read.text for p in parts)))
            free.update({(page.number, p.read.text): _reading(p.read.text, [p], page) for p in parts})
    content = PageContent(page.number, chars=sum(len(p.read.text) for group in groups for p in group if p.read))
    content.items = sorted(items, key=lambda item: item.top)
    return content


def _cell_groups(cells: list[tuple[Box, list[list[_Piece]], int]], line_height: float) -> list[list[_Piece]]:
    """What is read together: a cell's pieces; a cell holding one lone character (≥ in a 指标性质
    column) also gets the first line of the cell to its right as context (≥ | 95 reads as ≥95,
    a lone ≥ as N or W), whose reading is not kept."""
    right = {(k, box.r0, box.c0): lines for box, lines, k in cells if lines}
    groups = []
    for box, lines, k in cells:
        group = [p for line in lines for p in line]
        if len(group) == 1 and group[0].box[2] - group[0].box[0] <= LONE * line_height:
            neighbour = right.get((k, box.r0, box.c1))
            if neighbour:
                group.append(_Piece(neighbour[0][0].box))
        groups.append(group)
    return groups


def _read(groups: list[list[_Piece]], page: Page, line_height: float) -> None:
    """Recognise every piece of text, a cell's pieces together; a lone horizontal bar is a dash
    without asking."""
    todo = []
    for group in groups:
        for piece in group:
            if is_bar(page.ink, piece.box, line_height):
                piece.read = LineRead(DASH, (1.0,), ())
        todo.append([p for p in group if p.read is None])
    crops = [[_crop(page.grey, crop_box(p.box, line_height, page.grey.shape)) for p in group] for group in todo]
    for group, reads in zip(todo, read_lines(crops), strict=True):
        for piece, read in zip(group, reads, strict=True):
            # ink the recogniser made nothing of (a lone ≤ it dropped) must not vanish from the cell
            piece.read = read if read.text.strip() else LineRead(UNREAD, (0.0,), ())


def _speck(read: LineRead) -> bool:
    """Is this free piece of "text" a speck of dirt read as a character or two?"""
    return len(read.text.strip()) <= SPECK_CHARS and sum(read.confidences) / len(read.confidences) < SPECK_SURE


def _grid(table: Table, page: Page) -> Grid:
    xs = [x * page.scale for x in table.xs]
    ys = [y * page.scale for y in table.ys]
    return make_grid(page.number, xs, ys, table.boxes)


def _free_ink(ink: np.ndarray, tables: list[Table]) -> np.ndarray:
    free = ink.copy()
    for table in tables:
        x0, y0, x1, y1 = table.bbox
        free[max(0, y0 - MARGIN):y1 + MARGIN, max(0, x0 - MARGIN):x1 + MARGIN] = 0
    return free


def _crop(grey: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    x0, y0, x1, y1 = box
    return grey[y0:y1, x0:x1]


def _cell_text(lines: list[list[_Piece]], page: Page) -> tuple[str | None, OcrReading | None]:
    """A cell's lines joined by newlines, and the reading behind it (per-character confidences)."""
    reads = [p for line in lines for p in line if p.read is not None and p.read.text.strip()]
    if not reads:
        return None, None
    text = "\n".join(p.read.text for p in reads)
    return text, _reading(text, reads, page)


def _reading(text: str, pieces: list[_Piece], page: Page) -> OcrReading:
    confidences: list[float] = []
    alternatives: list[tuple[int, str, float]] = []
    offset = 0
    for piece in pieces:
        read = piece.read
        alternatives += [(offset + i, alt, p) for i, alt, p in read.alternatives]
        confidences += list(read.confidences)
        offset += len(read.text) + 1
        confidences.append(1.0)  # the newline joining the lines
    box = (min(p.box[0] for p in pieces), min(p.box[1] for p in pieces),
           max(p.box[2] for p in pieces), max(p.box[3] for p in pieces))
    return OcrReading(text, page.number, tuple(round(v * page.scale, 1) for v in box),
                      tuple(confidences[:len(text)]), tuple(alternatives))


ALIGN = 15.0  # points: a table at the top of a page whose edges are this close to the last one's continues it


def align_continued(contents: list[PageContent]) -> None:
    """Shift a table at the top of a page onto the columns of the table ending the page before
    (scanned pages lie a little differently on the glass), so the PDF reader joins them."""
    for before, page in zip(contents, contents[1:], strict=False):
        last = before.items[-1] if before.items else None
        first = page.items[0] if page.items else None
        if not (isinstance(last, Grid) and isinstance(first, Grid)):
            continue
        if abs(last.xs[0] - first.xs[0]) > ALIGN or abs(last.xs[-1] - first.xs[-1]) > ALIGN:
            continue
        shift = last.xs[0] - first.xs[0]
        xs = [x + shift for x in first.xs]
        first.xs = [min(last.xs, key=lambda v, x=x: abs(v - x)) if _near(last.xs, x) else x for x in xs]


def _near(edges: list[float], x: float) -> bool:
    return min(abs(v - x) for v in edges) <= ALIGN / 3

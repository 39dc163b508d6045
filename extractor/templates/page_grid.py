"""A text dump's table continued on a new page, put back on the columns of the page before.

A dump of a PDF prints each page on that page's own grid: one cell per column that the page's
ruling lines make.  The first page of a form has more columns (the header and funds blocks cut
it finer), so the indicator rows that run on to the next page lose the blank columns between
their cells: `name | 863人 | 695人 | 2 | 1.8` where the first page printed `name |  | 12次 |  |
96次 |  | 1 | 1`.  Read on the first page's columns, every value would land one role off.

When the new page has as many columns as the header has names, they are the table's own
columns, one per name, in order.  Else the new page's columns are mapped, in order, onto the
reference columns (the header's and the rows' before the break): each new column to one reference column, strictly left to right, the
filled columns onto the columns where the reference prints text, and each column onto one
whose contents look alike (as often filled, as often a number).  A header repeated on the new
page settles its columns by their names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from normalizers.labels import label_key
from normalizers.numbers import PERCENT
from parsers.rows import Cell, RawRow

OFF_TEXT = 3.0  # a filled column mapped onto a column the reference never prints text in
HEADER_MISMATCH = 4.0  # a repeated header's name mapped onto a reference column of another name


@dataclass(frozen=True)
class Profile:
    filled: tuple[float, ...]  # share of the lines with text in each column
    numeric: tuple[float, ...]  # share of a column's texts that are numbers
    names: tuple[str | None, ...]  # the header's text in each column (None: no header line)


def _profile(lines: Sequence[RawRow], width: int, header: RawRow | None) -> Profile:
    filled, numeric = [0] * width, [0] * width
    for line in lines:
        for c, cell in enumerate(line.cells[:width]):
            if not cell.is_blank:
                filled[c] += 1
                numeric[c] += bool(PERCENT.match(cell.text.strip()))  # a number: 10 / 1.8 / 100%
    n = max(len(lines), 1)
    names: tuple[str | None, ...] = ()
    if header is not None:
        cells = (*header.cells[:width], *(Cell(),) * (width - len(header.cells)))
        names = tuple(None if c.is_blank else label_key(c.text) for c in cells)
    return Profile(tuple(f / n for f in filled), tuple(k / f if f else 0.0 for k, f in zip(numeric, filled, strict=True)),
                   names)


def _cost(new: Profile, j: int, ref: Profile, i: int, texts: frozenset[int]) -> float:
    cost = abs(new.filled[j] - ref.filled[i]) + abs(new.numeric[j] - ref.numeric[i])
    if new.filled[j] and i not in texts:
        cost += OFF_TEXT
    if new.names and new.names[j] is not None and ref.names and ref.names[i] != new.names[j]:
        cost += HEADER_MISMATCH
    return cost


def column_map(segment: Sequence[RawRow], reference: Sequence[RawRow], header: RawRow,
               new_header: RawRow | None = None) -> tuple[int, ...] | None:
    """Reference column of each column of the segment's lines (all of one width), or None when
    they cannot be mapped (the segment is wider than the reference)."""
    width, ref_width = len(segment[0].cells), len(header.cells)
    if width > ref_width:
        return None
    starts = tuple(c for c, cell in enumerate(header.cells) if not cell.is_blank)
    if len(starts) == width:  # the new page's grid is the table's own: one column per header cell
        return starts
    ref = _profile(reference, ref_width, header)
    new = _profile(segment, width, new_header)
    texts = frozenset(c for line in (header, *reference) for c, cell in enumerate(line.cells) if not cell.is_blank)
    inf = float("inf")
    # best[j][i]: least cost of mapping columns 0..j with column j on reference column i
    best = [[inf] * ref_width for _ in range(width)]
    back = [[0] * ref_width for _ in range(width)]
    for i in range(ref_width - width + 1):
        best[0][i] = _cost(new, 0, ref, i, texts)
    for j in range(1, width):
        for i in range(j, ref_width - (width - 1 - j)):
            prev = min(range(j - 1, i), key=lambda p: best[j - 1][p])
            if best[j - 1][prev] < inf:
                best[j][i] = best[j - 1][prev] + _cost(new, j, ref, i, texts)
                back[j][i] = prev
    i = min(range(ref_width), key=lambda p: best[width - 1][p])
    mapping = [i]
    for j in range(width - 1, 0, -1):
        i = back[j][i]
        mapping.append(i)
    return tuple(reversed(mapping))


def remap(row: RawRow, mapping: Sequence[int], width: int) -> RawRow:
    """The row on the reference columns: each cell moved to its mapped column, blanks between."""
    cells = [Cell()] * width
    for cell, target in zip(row.cells, mapping, strict=False):
        cells[target] = cell
    return replace(row, cells=tuple(cells))


REPEATED_NAMES = 2  # a line sharing this many cell texts with the header is the header repeated


class PageColumns:
    """The lines of one indicator table, each on the columns of its header (see the module)."""

    def __init__(self, rows: Sequence[RawRow], header: RawRow) -> None:
        self.rows, self.header = rows, header
        self.width: int | None = None  # the width of the lines being mapped, and their mapping
        self.mapping: tuple[int, ...] | None = None
        self.new_page = False  # a page break lies before the next line (only a new page has a new grid)

    def page_break(self) -> None:
        self.width, self.mapping, self.new_page = None, None, True

    def _repeated_header(self, segment: Sequence[RawRow]) -> RawRow | None:
        names = {label_key(c.text) for c in self.header.cells if not c.is_blank}
        for line in segment:
            if sum(label_key(c.text) in names for c in line.cells if not c.is_blank) >= REPEATED_NAMES:
                return line
        return None

    def on_columns(self, k: int, reference: Sequence[RawRow]) -> RawRow:
        """rows[k] on the header's columns (reference: the table's lines before it)."""
        row = self.rows[k]
        width = len(row.cells)
        if row.table is not None or width == 1:
            return row
        if width == len(self.header.cells):
            self.new_page = False
            return row
        if width != self.width:
            if not self.new_page:  # a row cut off in the source (fewer cells), on this page's grid
                return row if self.mapping is None or width > len(self.mapping) else \
                    remap(row, self.mapping, len(self.header.cells))
            self.new_page = False
            end = k
            while end < len(self.rows) and len(self.rows[end].cells) == width and not self.rows[end].is_blank:
                end += 1
            segment = self.rows[k:end]
            self.width = width
            self.mapping = column_map(segment, reference, self.header, self._repeated_header(segment))
        if self.mapping is None:
            return row
        return remap(row, self.mapping, len(self.header.cells))

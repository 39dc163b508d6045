"""What every parser hands on: the document as rows of cells, knowing nothing of forms.

A parser reads one file format and emits a `RawDocument`: its table rows and
free lines in reading order.  Free text (a title, a 说明 paragraph) is a row of
one cell with `table=None`.  Formats that know their table grid (docx, html,
xlsx, pdf) give every grid position a cell, and mark the positions a merged cell
covers with the `span` id of the merged cell (same id on every position it
covers; the text sits on the first one only).  Formats with no grid (txt) give
cells as split, and `span` is None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count

from selfeval.errors import GridTooLargeError

# what a form's table can be, for every grid reader: a span or a row past these is hostile or broken
MAX_COLUMNS = 1000  # grid positions across one row (Word stops at 63; forms use a few dozen)
MAX_GRID_CELLS = 2_000_000  # positions of one table, rows x columns (a form has a few thousand)


@dataclass(frozen=True, slots=True)
class OcrReading:
    """How a scanned cell's text was recognised (parsers.scan): what a post-mapping check needs to
    decide whether a number read from it can be trusted."""

    text: str  # the text as read, lines joined by newlines
    page: int  # 1-based
    box: tuple[float, ...]  # x0, top, x1, bottom of the text on the page, in points
    confidences: tuple[float, ...]  # the recogniser's probability of each character of `text`
    alternatives: tuple[tuple[int, str, float], ...] = ()  # (index in text, another reading, its probability)

    @property
    def confidence(self) -> float:
        """The least sure character's probability (1.0 for an empty text)."""
        return min(self.confidences, default=1.0)


@dataclass(frozen=True, slots=True)
class Cell:
    text: str | None = None  # raw cell text; None when blank or covered by a merged cell
    span: int | None = None  # id of the merged cell covering this position, None if not merged
    number: float | None = None  # the value when the format stores a typed number (xlsx)
    number_format: str | None = None  # the format's own display format for `number`, e.g. '0.00%'
    ocr: OcrReading | None = None  # scans only: how the text was recognised

    @property
    def is_blank(self) -> bool:
        return self.text is None or not self.text.strip()


@dataclass(frozen=True, slots=True)
class RawRow:
    cells: tuple[Cell, ...]
    page: int | None = None  # 1-based page, where the format has pages
    table: int | None = None  # index of the table in the document; None for free lines / unknown
    line: int = 0  # position in the source (line number, row number), for messages
    # the format drops the cells a merge covers (a web table saved as `|` text): the row's cells
    # start after the merged cells above it, and where they start is for the mapper to settle
    collapsed: bool = False

    @property
    def texts(self) -> list[str | None]:
        return [None if c.is_blank else c.text for c in self.cells]

    @property
    def is_blank(self) -> bool:
        return all(c.is_blank for c in self.cells)


@dataclass(slots=True)
class RawDocument:
    rows: list[RawRow] = field(default_factory=list)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)  # format-level oddities worth a finding


class DocumentBuilder:
    """A RawDocument being read: its rows so far, and the next merged-cell span id, table index
    and source line number (the readers of grid formats share it)."""

    def __init__(self) -> None:
        self.doc = RawDocument()
        self.spans = count(1)
        self.tables = count(0)
        self.line = 0

    def next_line(self) -> int:
        self.line += 1
        return self.line

    def add_table_row(self, cells: tuple[Cell, ...], width: int, table: int) -> None:
        """A row of table `table`, padded with blank cells to `width`; a blank row takes its line
        number but is not kept."""
        row = RawRow(cells=cells + (Cell(),) * (width - len(cells)), table=table, line=self.next_line())
        if not row.is_blank:
            self.doc.rows.append(row)


def check_columns(n: int, what: str) -> int:
    """`n` grid columns, or GridTooLargeError when no form's table is that wide."""
    if n > MAX_COLUMNS:
        raise GridTooLargeError(f"{what} is {n:,} columns wide; a form's table has at most {MAX_COLUMNS:,}")
    return n


def check_grid(rows: int, columns: int, what: str) -> None:
    """GridTooLargeError when a table of `rows` x `columns` positions is beyond any form."""
    if rows * columns > MAX_GRID_CELLS:
        raise GridTooLargeError(f"{what} spans {rows:,} rows x {columns:,} columns; a form's table has at "
                                f"most {MAX_GRID_CELLS:,} positions")


def text_row(text: str, *, line: int = 0, page: int | None = None) -> RawRow:
    """A free line of text as a one-cell row."""
    return RawRow(cells=(Cell(text),), page=page, table=None, line=line)

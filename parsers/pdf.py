"""PDF files (Word / WPS exports) with pdfplumber: ruled tables as grid rows, other text as free lines.

Each page's characters are read once (`page.chars`) and its ruling lines once
(`page.find_tables()`, which looks at the page's lines and rects, not its text).
Every ruled table becomes a grid: its columns and rows are the distinct cell
edges, every cell box covers one or more grid positions, and a box covering more
than one carries a `span` id on all of them (text on the first).  Characters are
put into the box they lie in; characters outside every table become free lines.

A table that runs from the bottom of one page onto the top of the next keeps its
table index and one set of columns, and the header rows Word repeats on the new
page are dropped.  A merged cell cut by the page break is two boxes, one per page:
a blank vertically merged part below the break continues the one above, and a
label printed below the break goes to a merged part above that has none; other
cases are left to the mapper, which checks spans against the printed points.  A
row cut by the page break is emitted as two rows, the second on the next page; the
indicator table reader joins them (normalizers.wraps).  Lines that are only a page
number are dropped.
"""

from __future__ import annotations

import io
import zlib
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

import pdfplumber
import regex
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from normalizers.pages import is_page_number
from parsers.rows import Cell, OcrReading, RawDocument, RawRow
from parsers.scan import parse_scanned_pdf
from parsers.sniff import PDF_MAGIC, PDF_SEARCH
from selfeval.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    NoCharacterMapError,
    NoTextLayerError,
)

# a glyph pdfminer could not map to a character: its font has no ToUnicode map
CID_GLYPH = regex.compile(r"^\(cid:\d+\)$")
# an ASCII letter or digit: two of them across a gap in a line were two words
ASCII_ALNUM = regex.compile(r"[A-Za-z0-9]")
# the end-of-file marker every complete PDF carries within its last bytes
EOF_MARKER = b"%%EOF"

SNAP = 2.0  # points: cell edges closer than this are one grid line
WORD_GAP = 0.25  # a gap wider than this share of the font size between two ASCII characters is a space
CID_SHARE = 0.01  # above this share of unmapped glyphs the text cannot be trusted
CELL_GAP = 2.0  # a gap wider than this many font sizes cuts a free line into cells
OVERPRINT = 0.2  # the same character within this share of the font size is printed twice over itself


@dataclass(eq=False)
class Box:
    """One ruled cell: the grid positions it covers and the characters inside it."""

    r0: int
    r1: int  # exclusive
    c0: int
    c1: int  # exclusive
    chars: list[dict] = field(default_factory=list)
    text: str | None = None
    head: Box | None = None  # the first box of a merged cell cut by page breaks, when this is a later one
    joined: bool = False  # a later box continues this one on the next page
    reading: OcrReading | None = None  # scans (parsers.scan): how `text` was recognised


@dataclass(eq=False)
class Grid:
    page: int
    top: float
    bottom: float
    xs: list[float]
    ys: list[float]
    owner: list[list[Box | None]]  # owner[r][c]: the box covering grid position (r, c)
    boxes: list[Box]
    table: int = 0
    skip: int = 0  # rows at the top that repeat the table's header row(s) on a new page


@dataclass(frozen=True)
class Line:
    page: int
    top: float
    cells: tuple[str, ...]  # the parts of the line, where wide gaps cut it


def parse_pdf(data: bytes) -> RawDocument:
    try:
        return _document(read_pages(data))
    except NoTextLayerError:  # a scanner's image-only PDF: OCR (parsers.scan names the ocr extra if missing)
        return parse_scanned_pdf(data)


def read_pages(data: bytes, keep_chars: bool = False) -> list[PageContent]:
    """Every page's ruled tables and free text lines, top to bottom; a table cut by a page
    break is joined up.  keep_chars keeps the characters of each cell box (for dumps).
    Raises an InputError for a file that cannot be read right."""
    if not data.strip():
        raise EmptyFileError("empty file")
    if PDF_MAGIC not in data[:PDF_SEARCH]:
        raise CorruptFileError("not a PDF: the file does not start with %PDF-")
    if EOF_MARKER not in data[-8192:]:
        raise CorruptFileError("corrupt or truncated PDF: it does not end with the %%EOF marker")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        raise _open_error(exc.args[0] if exc.args else exc) from exc
    except (PSException, MalformedPDFException, ValueError, KeyError, TypeError, IndexError, zlib.error) as exc:
        raise CorruptFileError(f"corrupt PDF, cannot be opened: {exc}") from exc
    with pdf:
        try:
            pages = [_read_page(page, number, keep_chars) for number, page in enumerate(pdf.pages, start=1)]
        except (PSException, PdfminerException, MalformedPDFException, ValueError, KeyError, TypeError, IndexError,
                zlib.error) as exc:
            raise CorruptFileError(f"corrupt PDF, a page cannot be read: {exc}") from exc
    _check_text(pages)
    _join_across_pages(pages)
    return pages


def _open_error(cause: object) -> Exception:
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return EncryptedFileError("encrypted PDF: it needs a password to be read")
    return CorruptFileError(f"corrupt PDF, cannot be opened: {cause}")


@dataclass
class PageContent:
    number: int
    chars: int = 0
    cid: int = 0
    images: int = 0
    items: list[Grid | Line] = field(default_factory=list)


def _read_page(page, number: int, keep_chars: bool) -> PageContent:
    chars = page.chars
    content = PageContent(number, chars=len(chars), images=len(page.images))
    content.cid = sum(1 for c in chars if CID_GLYPH.match(c["text"]))
    grids = [_grid(t, number) for t in page.find_tables()]
    grids = [g for g in grids if g is not None]
    free: list[dict] = []
    for ch in chars:
        if ch["text"].isspace():
            continue
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        box = None
        for g in grids:
            if g.xs[0] <= cx <= g.xs[-1] and g.ys[0] <= cy <= g.ys[-1]:
                r = min(bisect_right(g.ys, cy) - 1, len(g.ys) - 2)
                c = min(bisect_right(g.xs, cx) - 1, len(g.xs) - 2)
                box = g.owner[r][c]
                break
        if box is None:
            free.append(ch)
        else:
            box.chars.append(ch)
    for g in grids:
        for box in g.boxes:
            box.text = "\n".join(t for _top, t in text_lines(box.chars)) or None
            if not keep_chars:
                box.chars = []
    lines = _free_lines(free, number)
    content.items = sorted([*grids, *lines], key=lambda item: item.top)
    page.close()  # drop pdfplumber's parsed objects of the page: all that is needed is kept here
    return content


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def _index(edges: Sequence[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _grid(table, page: int) -> Grid | None:
    cells = table.cells
    if not cells:
        return None
    xs = _snap([v for x0, _t, x1, _b in cells for v in (x0, x1)])
    ys = _snap([v for _x, top, _x1, bottom in cells for v in (top, bottom)])
    if len(xs) < 2 or len(ys) < 2:
        return None
    owner: list[list[Box | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    boxes = []
    for x0, top, x1, bottom in sorted(cells, key=lambda c: (c[1], c[0])):
        c0, c1, r0, r1 = _index(xs, x0), _index(xs, x1), _index(ys, top), _index(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            continue
        box = Box(r0, r1, c0, c1)
        boxes.append(box)
        for r in range(r0, r1):
            for c in range(c0, c1):
                if owner[r][c] is None:
                    owner[r][c] = box
    return Grid(page, ys[0], ys[-1], xs, ys, owner, boxes)


def _rows_of(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into text lines, top to bottom; each line's characters left to right,
    a character printed twice over itself (fake bold) once."""
    rows: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if rows and abs(ch["top"] - rows[-1][0]["top"]) <= ch["size"] * 0.5:
            rows[-1].append(ch)
        else:
            rows.append([ch])
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        kept = [row[0]]
        for ch in row[1:]:
            if not (ch["text"] == kept[-1]["text"] and abs(ch["x0"] - kept[-1]["x0"]) < OVERPRINT * ch["size"]):
                kept.append(ch)
        out.append(kept)
    return out


def _text(row: list[dict]) -> str:
    text = row[0]["text"]
    for prev, ch in zip(row, row[1:], strict=False):
        gap = ch["x0"] - prev["x1"]
        if gap > WORD_GAP * ch["size"] and ASCII_ALNUM.match(prev["text"][-1:]) and ASCII_ALNUM.match(ch["text"][:1]):
            text += " "
        text += ch["text"]
    return text


def text_lines(chars: list[dict]) -> list[tuple[float, str]]:
    """(top, text) of every text line the characters make."""
    return [(row[0]["top"], _text(row)) for row in _rows_of(chars)]


def _free_lines(chars: list[dict], page: int) -> list[Line]:
    """Text outside the tables: one Line per text line, cut into cells where a wide gap
    separates its parts (`项目名称：…      预算单位：…` laid out without a table)."""
    lines = []
    for row in _rows_of(chars):
        parts = [[row[0]]]
        for prev, ch in zip(row, row[1:], strict=False):
            if ch["x0"] - prev["x1"] > CELL_GAP * ch["size"]:
                parts.append([])
            parts[-1].append(ch)
        lines.append(Line(page, row[0]["top"], tuple(_text(part) for part in parts)))
    return lines


def _check_text(pages: list[PageContent]) -> None:
    if (total := sum(p.chars for p in pages)) == 0:
        raise NoTextLayerError(f"no text layer: a scan ({sum(p.images for p in pages)} images on {len(pages)} pages)")
    cid = sum(p.cid for p in pages)
    if cid > CID_SHARE * total:
        raise NoCharacterMapError(f"the PDF's fonts have no character map: {cid} of {total} characters come out "
                               f"as (cid:N) glyph numbers, not text; the file needs OCR")


def _is_page_number(item: Grid | Line) -> bool:
    return isinstance(item, Line) and len(item.cells) == 1 and is_page_number(item.cells[0])


def _same_x(a: float, b: float) -> bool:
    return abs(a - b) <= SNAP


def _subset(small: Sequence[float], big: Sequence[float]) -> bool:
    return all(any(_same_x(x, y) for y in big) for x in small)


def _continues(prev: Grid, grid: Grid) -> bool:
    """Can `grid` (top of a page) be the rest of `prev` (bottom of the page before)?  Same left
    and right edges, and the column lines of one are among those of the other (a page may show
    only rows whose cells merge some columns, e.g. a lone 合计 row)."""
    return (_same_x(prev.xs[0], grid.xs[0]) and _same_x(prev.xs[-1], grid.xs[-1])
            and (_subset(prev.xs, grid.xs) or _subset(grid.xs, prev.xs)))


def _regrid(grid: Grid, xs: list[float]) -> None:
    """Put the grid's boxes on the column lines `xs` (a superset of its own)."""
    if len(xs) == len(grid.xs):
        return
    owner: list[list[Box | None]] = [[None] * (len(xs) - 1) for _ in grid.owner]
    for box in grid.boxes:
        box.c0, box.c1 = _index(xs, grid.xs[box.c0]), _index(xs, grid.xs[box.c1])
        for r in range(box.r0, box.r1):
            for c in range(box.c0, box.c1):
                if owner[r][c] is None:
                    owner[r][c] = box
    grid.xs, grid.owner = xs, owner


def _join_across_pages(pages: list[PageContent]) -> None:
    """Give a table cut by a page break one table index and one set of columns, drop the
    header rows repeated on the new page, and make a merged cell cut by the break one span."""
    tables: dict[int, list[Grid]] = {}  # table index -> its grids, page by page
    last: Grid | None = None  # the last table of the previous page, when nothing follows it there
    for page in pages:
        body = [item for item in page.items if not _is_page_number(item)]
        for k, item in enumerate(body):
            if not isinstance(item, Grid):
                last = None
                continue
            if k == 0 and last is not None and _continues(last, item):
                item.table = last.table
                xs = _snap([*last.xs, *item.xs])
                for grid in [*tables[item.table], item]:
                    _regrid(grid, xs)
                tables[item.table].append(item)
                item.skip = _repeated_header(tables[item.table][0], item)
                _join_boxes(last, item)
            else:
                item.table = len(tables) + 1
                tables[item.table] = [item]
            last = item
        if body and not isinstance(body[-1], Grid):
            last = None


def _row_texts(grid: Grid, r: int) -> list[str | None]:
    return [box.text if box is not None and box.r0 == r and box.c0 == c else None
            for c, box in enumerate(grid.owner[r])]


def _repeated_header(first: Grid, grid: Grid) -> int:
    """How many rows at the top of `grid` repeat the first rows of the table (a header row
    Word repeats on every page); the first rows of the table, if they hold text, are its header."""
    n = 0
    while n < len(first.owner) - 1 and n < len(grid.owner) - 1:
        texts = _row_texts(first, n)
        if sum(1 for t in texts if t) < 2 or texts != _row_texts(grid, n):  # 2+: column names, not a title
            break
        n += 1
    return n


def _join_boxes(prev: Grid, grid: Grid) -> None:
    bottom = prev.owner[-1]
    if grid.skip >= len(grid.owner):
        return
    top = grid.owner[grid.skip]
    for c in range(len(top)):
        a, b = bottom[c], top[c]
        if a is None or b is None or (a.c0, a.c1) != (b.c0, b.c1) or c != a.c0:
            continue
        # one merged cell cut by the break: a blank vertical merge below the break continues the
        # one above; a label below the break belongs to a merged cell above that has none yet.
        # A blank single cell may be a cell of its own: left alone, the mapper goes by the points.
        head = a.head or a
        merged_above = a.r1 - a.r0 > 1 or a.head is not None
        if not (b.text and not head.text and merged_above) and not (not b.text and b.r1 - b.r0 > 1):
            continue
        head.joined = True
        b.head = head
        if b.text:
            head.text = "\n".join(t for t in (head.text, b.text) if t)
            b.text = None


def _document(pages: list[PageContent]) -> RawDocument:
    doc = RawDocument(pages=len(pages))
    span_ids: dict[int, int] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, Line):
                if not _is_page_number(item):
                    doc.rows.append(RawRow(tuple(Cell(c) for c in item.cells), page=item.page, line=len(doc.rows) + 1))
                continue
            for r, owners in enumerate(item.owner):
                if r < item.skip:
                    continue
                cells = []
                for c, box in enumerate(owners):
                    if box is None:
                        cells.append(Cell(None))
                        continue
                    head = box.head or box
                    merged = head.joined or (box.r1 - box.r0) * (box.c1 - box.c0) > 1
                    span = span_ids.setdefault(id(head), len(span_ids) + 1) if merged else None
                    first = r == box.r0 and c == box.c0
                    cells.append(Cell(box.text, span, ocr=box.reading) if first else Cell(None, span))
                row = RawRow(tuple(cells), page=page.number, table=item.table, line=len(doc.rows) + 1)
                if not row.is_blank:
                    doc.rows.append(row)
    bad = [p.number for p in pages if p.chars == 0]
    if bad:
        doc.warnings.append(f"pages without a text layer (scanned?): {', '.join(map(str, bad))}")
    return doc

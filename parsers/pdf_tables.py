"""PDF pages (parsers/pdf_model.PageModel, from either engine) -> ruled tables as grid rows, other text as free lines.

Every ruled table (parsers/pdf_cells) becomes a grid: its columns and rows are
the distinct cell edges, every cell box covers one or more grid positions, and a
box covering more than one carries a `span` id on all of them (text on the
first).  Characters are put into the box they lie in; characters outside every
table become free lines.

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

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from normalizers.pages import is_page_number
from parsers.page_text import page_text
from parsers.pdf_cells import Bbox, find_tables
from parsers.pdf_lines import line_cells, rows_of, text_lines
from parsers.pdf_model import Char, PageModel, upright
from parsers.rows import Cell, OcrReading, RawDocument, RawRow
from selfeval.errors import NoCharacterMapError, NoTextLayerError

SNAP = 2.0  # points: cell edges closer than this are one grid line
CID_SHARE = 0.01  # above this share of unmapped glyphs the text cannot be trusted


@dataclass(eq=False)
class Box:
    """One ruled cell: the grid positions it covers and the characters inside it."""

    r0: int
    r1: int  # exclusive
    c0: int
    c1: int  # exclusive
    chars: list[Char] = field(default_factory=list)
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


@dataclass
class PageContent:
    number: int
    chars: int = 0
    cid: int = 0
    images: int = 0
    items: list[Grid | Line] = field(default_factory=list)


def build_page(model: PageModel, keep_chars: bool = False) -> PageContent:
    """The page's ruled tables and free lines, top to bottom.  keep_chars keeps the characters
    of each cell box (for dumps)."""
    model = upright(model)
    content = PageContent(model.number, chars=model.glyphs, cid=model.unmapped, images=model.images)
    grids = [g for g in (_grid(cells, model.number) for cells in find_tables(model.edges)) if g is not None]
    fast = None if keep_chars else page_text(model, grids)  # in C, where the page and the build allow
    if fast is not None:
        texts, free = fast
        for box, text in zip((box for g in grids for box in g.boxes), texts, strict=True):
            box.text = text or None
        lines = [Line(model.number, top, cells) for top, cells in free]
    else:
        lines = _text_in_python(model, grids, keep_chars)
    content.items = sorted([*grids, *lines], key=lambda item: item.top)
    return content


def _text_in_python(model: PageModel, grids: list[Grid], keep_chars: bool) -> list[Line]:
    """Every box's text (and, with keep_chars, its characters) and the page's free lines."""
    free = _assign(model.char_list(), grids)
    for g in grids:
        for box in g.boxes:
            box.text = "\n".join(t for _top, t in text_lines(box.chars)) or None
            if not keep_chars:
                box.chars = []
    return free_lines(free, model.number)


def _assign(chars: list[Char], grids: list[Grid]) -> list[Char]:
    """Put every character into the box its centre lies in; the characters outside every grid."""
    free: list[Char] = []
    bounds = [(g.xs[0], g.xs[-1], g.ys[0], g.ys[-1], g.xs, g.ys, len(g.xs) - 2, len(g.ys) - 2, g.owner) for g in grids]
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        for x_lo, x_hi, y_lo, y_hi, xs, ys, last_c, last_r, owner in bounds:
            if x_lo <= cx <= x_hi and y_lo <= cy <= y_hi:
                r, c = bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1
                box = owner[r if r < last_r else last_r][c if c < last_c else last_c]
                if box is not None:
                    box.chars.append(ch)
                    break
                free.append(ch)
                break
        else:
            free.append(ch)
    return free


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def _index(edges: Sequence[float], value: float) -> int:
    """The index of the (sorted) edge nearest to `value`; the lower one on a tie."""
    i = bisect_left(edges, value)
    if i == len(edges) or (i > 0 and value - edges[i - 1] <= edges[i] - value):
        return i - 1
    return i


def _grid(cells: list[Bbox], page: int) -> Grid | None:
    xs = _snap([v for x0, _t, x1, _b in cells for v in (x0, x1)])
    ys = _snap([v for _x, top, _x1, bottom in cells for v in (top, bottom)])
    if len(xs) < 2 or len(ys) < 2:
        return None
    spans = []
    for x0, top, x1, bottom in sorted(cells, key=lambda c: (c[1], c[0])):
        c0, c1, r0, r1 = _index(xs, x0), _index(xs, x1), _index(ys, top), _index(ys, bottom)
        if c1 > c0 and r1 > r0:
            spans.append((r0, r1, c0, c1))
    return make_grid(page, xs, ys, spans)


def make_grid(page: int, xs: list[float], ys: list[float], spans: Sequence[tuple[int, int, int, int]]) -> Grid:
    """A grid from its lines and its cells' (r0, r1, c0, c1) spans; a position two cells claim
    is the first one's."""
    owner: list[list[Box | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    boxes = []
    for r0, r1, c0, c1 in spans:
        box = Box(r0, r1, c0, c1)
        boxes.append(box)
        for r in range(r0, r1):
            for c in range(c0, c1):
                if owner[r][c] is None:
                    owner[r][c] = box
    return Grid(page, ys[0], ys[-1], xs, ys, owner, boxes)


def free_lines(chars: list[Char], page: int) -> list[Line]:
    """Text outside the tables: one Line per text line, cut into cells at wide gaps."""
    return [Line(page, row[0].top, line_cells(row)) for row in rows_of(chars)]


def check_text(pages: list[PageContent]) -> None:
    """Raise when the document has no text layer, or when too much of its text is unmapped glyphs."""
    total = sum(p.chars for p in pages)
    if total == 0:
        raise NoTextLayerError("no text layer, scanned PDF needs OCR"
                               + (f" ({sum(p.images for p in pages)} images on {len(pages)} pages)"
                                  if any(p.images for p in pages) else ""))
    cid = sum(p.cid for p in pages)
    if cid > CID_SHARE * total:
        raise NoCharacterMapError(f"the PDF's fonts have no character map: {cid} of {total} characters come out "
                                  f"as (cid:N) glyph numbers, not text; the file needs OCR")


def is_page_number_line(item: Grid | Line) -> bool:
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


def join_across_pages(pages: list[PageContent]) -> None:
    """Give a table cut by a page break one table index and one set of columns, drop the
    header rows repeated on the new page, and make a merged cell cut by the break one span."""
    tables: dict[int, list[Grid]] = {}  # table index -> its grids, page by page
    last: Grid | None = None  # the last table of the previous page, when nothing follows it there
    for page in pages:
        body = [item for item in page.items if not is_page_number_line(item)]
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


def document(pages: list[PageContent]) -> RawDocument:
    doc = RawDocument(pages=len(pages))
    span_ids: dict[int, int] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, Line):
                if not is_page_number_line(item):
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

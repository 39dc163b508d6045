"""Which lines of an indicator table are whole rows, and which are the wrapped rest of a row.

Grid formats print one grid row per row; a text dump prints one line per printed line, so a
cell that wraps gives lines of its own.  The evidence: numbers (a line with 分值 / 得分 is a
row), a page break just before a line, and in a text dump whether a line only continues cells
that were full.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

import regex

from extractor.templates.table_header import TableSpec
from normalizers.label_pieces import is_known_label
from normalizers.text import clean_cell
from parsers.rows import RawRow

WRAP_SHARE = 0.6  # a text shorter than this share of its column's longest did not wrap ...
WRAP_SLACK = 2.0  # ... nor one this much narrower (in CJK character widths) than the longest
SHORTEST_WRAPPED = 3.0  # ... nor one narrower than this, in any column (良好, 是)
# a text that begins a numbered item, never the rest of a wrapped one: 指标5: / 3、 / （2） / 2.
ITEM_START = regex.compile(r"^\s*(?:指标\s*\d+\s*[:：]|\d{1,2}\s*[、．]|[（(]\s*\d{1,2}\s*[)）]|\d{1,2}\.(?!\d))")


def cell_text(grid: Sequence[str | None], col: int | None) -> str | None:
    """The text of a line's cell in column col (None past its end, or for no column)."""
    return grid[col] if col is not None and col < len(grid) else None


def display_width(text: str) -> float:
    """A text's printed width in CJK characters: a wide character is 1, any other half of one."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def line_text(line: RawRow) -> str:
    """A line named in a finding: its source line number and first texts."""
    texts = [t for t in (clean_cell(c.text) for c in line.cells) if t]
    return f"row {line.line}: " + " | ".join(dict.fromkeys(texts))[:60]


def core_lines(lines: list[RawRow], grids: list[list[str | None]], placeholder: list[bool],
                first: Mapping[str, int], breaks: list[bool], spec: TableSpec) -> list[bool]:
    """Which lines are whole rows.  A line with numbers is one (or a placeholder row).  In a grid
    format every grid row with a name is one too (a row of an unscored or unfilled form), unless a
    page break lies just before it and it has no numbers: that may be the rest of a cut row (it is
    one only where its texts say so: starts_row, lengths aside).  In a
    text dump a line with a name and no numbers is a row unless the evidence says it is a wrap
    (starts_row)."""
    numeric = [first[f] for f in spec.numeric if f in first]
    skip = {first[f] for f in (*spec.merged, *spec.numeric) if f in first}
    text_cols = sorted({c for c in first.values() if c not in skip})
    widths = {c: max((display_width(g[c]) for g in grids if cell_text(g, c)), default=0.0) for c in text_cols}
    name_col = first.get("name")
    out = []
    previous: list[str | None] | None = None
    for line, grid, is_placeholder, cut in zip(lines, grids, placeholder, breaks, strict=True):
        has_numbers = any(cell_text(grid, c) for c in numeric)
        has_name = bool(cell_text(grid, name_col))
        if line.table is not None:
            row = has_numbers or is_placeholder or (has_name and (not cut or starts_row(grid, previous, text_cols, None)))
        else:
            row = has_numbers or is_placeholder or (has_name and starts_row(grid, previous, text_cols,
                                                                            None if cut else widths))
        out.append(row)
        if any(cell_text(grid, c) for c in text_cols):
            previous = grid
    labels = [first[f] for f in spec.merged if f in first]
    if out and not out[-1] and cell_text(grids[-1], name_col) and _opens_labels(grids[-1], labels):
        out[-1] = True  # the table's last line, cut off after its name under labels of its own
    return out


def _opens_labels(grid: Sequence[str | None], label_cols: Sequence[int]) -> bool:
    """Does the line print a whole 一级 / 二级 label in every merged column (满意度指标 | 服务对象满意度指标)?
    A wrap's label cells hold the rest of a label (标, (50分)), never a whole one in each."""
    texts = [cell_text(grid, c) for c in label_cols]
    return bool(texts) and all(t and is_known_label(t) for t in texts)


def starts_row(grid: Sequence[str | None], previous: Sequence[str | None] | None, text_cols: Sequence[int],
               widths: Mapping[int, float] | None) -> bool:
    """Does a text-dump line with no numbers begin a row of its own?  A wrap only continues cells
    that were full: each of its texts lies under a text of the line above that is nearly as long as
    the column's longest (a short text did not wrap; widths None: a line just after a page break,
    where a cell may be cut anywhere, so that lengths tell nothing).  A text under
    a blank or a short one, one that repeats it, or one that starts a numbered item (指标5:), begins a new cell, so a new
    row; so does a line with texts under every text of the line above."""
    if previous is None:
        return True
    here = [c for c in text_cols if cell_text(grid, c)]
    for c in here:
        above = cell_text(previous, c)
        if not above or ITEM_START.match(grid[c]) or grid[c].strip() == above.strip():
            return True  # ... a wrap never repeats the text above it (良好 under 良好)
        room = widths.get(c) if widths is not None else None
        if room is not None and display_width(above) < max(WRAP_SHARE * room, room - WRAP_SLACK, SHORTEST_WRAPPED):
            return True
    # ... and a wrap continues the cells that ran over, seldom every one of them (but a row cut by a
    # page break may go on in every cell)
    return widths is not None and len(here) >= 2 and set(here) == {c for c in text_cols if cell_text(previous, c)}

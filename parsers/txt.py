"""Archive text dumps: one table row (or row fragment) per line, TAB between cells, or `|`
between cells (a web page saved as text, a Markdown table: see parsers/cells.py).

A line that is only a page number (a page footer the dump kept) is a page break:
it becomes a blank row, as the blank line a dump puts at a page break.
"""

from __future__ import annotations

from normalizers.pages import is_page_number
from parsers.cells import is_pipe_file, pipe_rows
from parsers.encoding import damaged_bytes_warning, decode_text
from parsers.rows import Cell, RawDocument, RawRow


def parse_txt(data: bytes) -> RawDocument:
    decoded = decode_text(data)
    doc = RawDocument()
    if decoded.damaged:
        doc.warnings.append(damaged_bytes_warning(decoded))
    text = decoded.text
    lines = text.splitlines()
    if is_pipe_file(lines):
        rows, collapsed = pipe_rows(lines)
        for number, parts in rows:
            if len(parts) == 1 and is_page_number(parts[0]):
                parts = []
            doc.rows.append(RawRow(cells=tuple(Cell(p if p.strip() else None) for p in parts) or (Cell(),),
                                   line=number, collapsed=collapsed))
        return doc
    for number, line in enumerate(lines, start=1):
        if "\t" not in line and is_page_number(line):
            line = ""
        cells = tuple(Cell(part if part.strip() else None) for part in line.split("\t"))
        doc.rows.append(RawRow(cells=cells, line=number))
    return doc

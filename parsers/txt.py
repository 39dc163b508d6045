"""Archive text dumps: one table row (or row fragment) per line, TAB between cells."""

from __future__ import annotations

from parsers.encoding import decode_text
from parsers.rows import Cell, RawDocument, RawRow


def parse_txt(data: bytes) -> RawDocument:
    text, _encoding = decode_text(data)
    doc = RawDocument()
    for number, line in enumerate(text.splitlines(), start=1):
        cells = tuple(Cell(part if part.strip() else None) for part in line.split("\t"))
        doc.rows.append(RawRow(cells=cells, line=number))
    return doc

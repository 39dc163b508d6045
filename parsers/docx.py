"""Word .docx files: the body's paragraphs and tables in document order, tables as grid rows.

The grid is built from the XML itself: a cell spanning grid columns (gridSpan) or
continuing a vertical merge (vMerge) is ONE cell, its text on its top-left grid
position and the same `span` id on every position it covers.  (python-docx's
`row.cells` repeats a merged cell at every position; equal text in neighbouring
cells is NOT a merge and stays as it is; but a merged cell holding the same
paragraph several times, as Word leaves it when cells of equal text are merged,
reads it once.)  Paragraphs inside a cell are joined
with a newline, which the mappers treat as a wrap (normalizers.text.clean_cell)
and the 说明 notes keep as lines.  A table row with a table nested in one of its
cells is flattened: its cells' paragraphs and tables are read in order as if they
stood in the body (layout tables holding a form table).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from parsers.ooxml import READ_ERRORS, open_zip, without_dangling
from parsers.rows import Cell, DocumentBuilder, RawDocument, check_columns, check_grid, text_row
from selfeval.errors import CorruptFileError

W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
W_T, W_TAB, W_BR, W_CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
W_VAL = qn("w:val")
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# elements that only wrap other block content (content controls, custom XML)
WRAPPERS = (W_SDT, W_SDT_CONTENT, W_CUSTOM_XML)


def parse_docx(data: bytes) -> RawDocument:
    open_zip(data, "docx", "word/").close()  # its checks only: python-docx reads the package
    missing: list[str] = []
    try:
        document = _open(data)
    except KeyError as exc:  # a relationship to a part the zip lacks: python-docx loads every part
        repaired = without_dangling(data)
        if repaired is None:
            raise CorruptFileError(f"the docx file is damaged: {exc}") from exc
        data, missing = repaired
        try:
            document = _open(data)
        except KeyError as again:
            raise CorruptFileError(f"the docx file is damaged: {again}") from again
    body = document.element.body
    if body is None:
        raise CorruptFileError("the docx file is damaged: word/document.xml has no body (<w:body>)")
    reader = _Reader()
    reader.blocks(body)
    if missing:
        reader.doc.warnings.append(f"the package lacks parts it refers to ({', '.join(missing)}); "
                                   f"read without them")
    return reader.doc


def _open(data: bytes):
    try:
        return docx.Document(io.BytesIO(data))
    except PackageNotFoundError as exc:
        raise CorruptFileError(f"not a docx file: {exc}") from exc
    except KeyError:
        raise  # a missing part: parse_docx retries without the relationships to it
    except ValueError as exc:  # python-docx: the package's main part is not a Word document
        raise CorruptFileError("not a Word document: the package's main part has another content type") from exc
    except (etree.XMLSyntaxError, IndexError, TypeError, AttributeError, OverflowError, *READ_ERRORS) as exc:
        raise CorruptFileError(f"the docx file is damaged: {type(exc).__name__}: {exc}") from exc


def _children(element) -> Iterator:
    """Block children, looking through content-control and custom-XML wrappers."""
    for child in element:
        if child.tag in WRAPPERS:
            yield from _children(child)
        else:
            yield child


def paragraph_text(p) -> str:
    parts: list[str] = []
    for node in p.iter(W_T, W_TAB, W_BR, W_CR):
        if any(a.tag == MC_FALLBACK for a in node.iterancestors(MC_FALLBACK)):
            continue  # a text box's legacy copy: its text is already read from mc:Choice
        if node.tag == W_T:
            parts.append(node.text or "")
        elif node.tag == W_TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _int_prop(element, path: str, default: int) -> int:
    found = element.find(path)
    if found is None:
        return default
    try:
        return int(found.get(W_VAL, default))
    except ValueError:
        return default


def _vmerge(tc) -> str | None:
    """'restart', 'continue' or None for a cell's vertical merge."""
    found = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    if found is None:
        return None
    return "restart" if found.get(W_VAL) == "restart" else "continue"


class _Reader(DocumentBuilder):
    def blocks(self, container) -> None:
        for child in _children(container):
            if child.tag == W_P:
                for piece in paragraph_text(child).split("\n"):
                    if piece.strip():
                        self.doc.rows.append(text_row(piece, line=self.next_line()))
            elif child.tag == W_TBL:
                self.table(child)

    def table(self, tbl) -> None:
        index = next(self.tables)
        above: dict[int, int] = {}  # grid column -> span id of the vertical merge running down it
        grid: list[list[Cell]] = []
        width = 0
        for tr in (c for c in _children(tbl) if c.tag == W_TR):
            tcs = [c for c in _children(tr) if c.tag == W_TC]
            if any(tc.find(f".//{W_TBL}") is not None for tc in tcs):
                self._flush(grid, index)
                grid, width = [], 0
                index = next(self.tables)
                above = {}
                for tc in tcs:
                    self.blocks(tc)
                continue
            grid.append(self._row(tr, tcs, above))
            width = max(width, len(grid[-1]))
            check_grid(len(grid), width, f"table {index + 1}")  # as it grows: it is padded to its width
        self._flush(grid, index)

    def _row(self, tr, tcs: list, above: dict[int, int]) -> list[Cell]:
        trpr = f"{qn('w:trPr')}/"
        before = check_columns(_int_prop(tr, trpr + qn("w:gridBefore"), 0), "a table row's gridBefore")
        cells: list[Cell] = [Cell()] * max(0, before)
        for tc in tcs:
            width = max(1, _int_prop(tc, f"{qn('w:tcPr')}/{qn('w:gridSpan')}", 1))
            col = check_columns(len(cells) + width, "a table row (its cells' gridSpan)") - width
            merge = _vmerge(tc)
            if merge == "continue" and col in above:
                cells.extend([Cell(None, above[col])] * width)
                continue
            span = next(self.spans) if width > 1 or merge == "restart" else None
            paragraphs = [paragraph_text(p) for p in tc.iter(W_P)]
            if span is not None:  # merging cells in Word keeps every cell's paragraphs: equal ones read once
                paragraphs = [t for t in paragraphs if t.strip()]
                paragraphs = [t for k, t in enumerate(paragraphs) if not k or t != paragraphs[k - 1]]
            text = "\n".join(paragraphs).strip("\n") or None
            cells.append(Cell(text, span))
            cells.extend([Cell(None, span)] * (width - 1))
            for c in range(col, col + width):
                if merge == "restart":
                    above[c] = span
                else:
                    above.pop(c, None)
        for c in range(len(cells), max(above, default=-1) + 1):
            above.pop(c, None)
        return cells

    def _flush(self, grid: list[list[Cell]], index: int) -> None:
        width = max((len(r) for r in grid), default=0)
        for cells in grid:
            self.add_table_row(tuple(cells), width, index)

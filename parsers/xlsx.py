"""Excel .xlsx workbooks: every visible sheet as grid rows, each cell's text as the sheet shows it.

A cell's text is its DISPLAYED text (parsers.numfmt): a fraction with a percent
format reads `98.31%`, an amount with `#,##0.00` reads `2,055,983.00`, 5.0 reads
`5`; the stored number and its format ride along in `Cell.number` /
`Cell.number_format`.  A merged range is one cell: its text on the top-left
position, its `span` id on every position it covers.  Each sheet is one table
(`RawRow.table` = the sheet's index); several forms on one sheet are split by the
template layer like any other document.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import zipfile
from bisect import bisect_left, bisect_right
from itertools import count

import openpyxl
import regex
from lxml import etree
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from parsers.numfmt import format_date, format_number
from parsers.ooxml import READ_ERRORS, open_zip
from parsers.rows import Cell, RawDocument, RawRow, check_columns, check_grid
from parsers.xlsx_formulas import Evaluator, FormulaError
from selfeval.errors import CorruptFileError, EmptyFileError, GridTooLargeError

# a Han character outside a string literal: no formula has one, so the cell is text typed after =
TYPED_TEXT = regex.compile(r'^[^"]*\p{Han}')
# a formula cell saved with no value after it: <f>SUM(D5:D24)</f></c> or <f>…</f><v></v>
FORMULA_WITHOUT_VALUE = regex.compile(rb"</f>\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>|<f\s[^>]*/>\s*</c>")
# a merged range of a sheet: <mergeCell ref="A1:C3"/> (any namespace prefix)
MERGE_REF = regex.compile(rb"""<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([^"']*)["']""")
# a cell's position: <c r="B5" (any namespace prefix)
CELL_REF = regex.compile(rb"""<(?:\w+:)?c\b[^>]*?\br\s*=\s*["']\$?([A-Za-z]+)\$?(\d+)["']""")
# a sheet the workbook lists: <sheet name="封面" sheetId="1" r:id="rId1"/>
SHEET_ENTRY = regex.compile(rb"""<(?:\w+:)?sheet\b[^>]*?\bname\s*=\s*["']([^"']*)["']""")
MAX_ROW, MAX_COL = 1_048_576, 16_384  # Excel's grid: no cell of a real workbook lies beyond it
MAX_MERGED = 200_000  # positions one sheet's merged ranges may cover (openpyxl makes an object for each)
SIMILAR_WARNINGS = 3  # formulas of one kind not evaluated that are listed one by one; the rest are counted


def cell_text(value: object, number_format: str | None) -> tuple[str | None, float | None]:
    """(displayed text, stored number) of a cell value."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, int | float):
        return format_number(value, number_format), float(value)
    if isinstance(value, dt.date | dt.time):
        return format_date(value, number_format), None
    text = str(value)
    return (text if text.strip() else None), None


def parse_xlsx(data: bytes) -> RawDocument:
    with open_zip(data, "xlsx", "xl/") as archive:
        needs_formulas = _prescan(archive)  # before openpyxl builds anything
        workbook = _load(data, data_only=True)
        formulas = _load(data, data_only=False) if needs_formulas else None
        _check_sheets(archive, workbook.sheetnames)
    doc = RawDocument()
    spans = count(1)
    for index, sheet in enumerate(workbook.worksheets):
        if sheet.sheet_state != "visible":
            continue
        cells = {pos: (cell.value, cell.number_format) for pos, cell in sheet._cells.items()
                 if cell.value is not None}
        if formulas is not None:
            cells.update(_computed(formulas.worksheets[index], cells, doc))
        doc.rows.extend(_sheet_rows(sheet, cells, index, spans))
    if not doc.rows:
        names = "、".join(ws.title for ws in workbook.worksheets)
        raise EmptyFileError(f"the workbook has no filled cells (sheets: {names})")
    return doc


def _load(data: bytes, *, data_only: bool):
    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)
    except InvalidFileException as exc:
        raise CorruptFileError(f"not an xlsx workbook: {exc}") from exc
    except (KeyError, ValueError, TypeError, IndexError, AttributeError, OverflowError, SyntaxError,
            etree.XMLSyntaxError, *READ_ERRORS) as exc:
        # malformed or cut-off XML (ParseError is a SyntaxError), a style or shared-string index out of
        # range, a part that is not what its relationship says
        raise CorruptFileError(f"the xlsx file is damaged: {type(exc).__name__}: {exc}") from exc


def _prescan(archive: zipfile.ZipFile) -> bool:
    """Refuse sheets whose grid no form has, before openpyxl makes a cell object for every position;
    True when some formula was saved without its value (the formulas are then read too)."""
    needs_formulas = False
    for name in archive.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        try:
            sheet_xml = archive.read(name)
        except READ_ERRORS as exc:
            raise CorruptFileError(f"the xlsx file is damaged: part {name}: {exc}") from exc
        merged = 0
        for m in MERGE_REF.finditer(sheet_xml):
            try:
                min_col, min_row, max_col, max_row = range_boundaries(m.group(1).decode("ascii", "replace"))
            except (ValueError, TypeError):
                continue  # not a range: openpyxl reports it, or ignores it
            merged += ((max_row or min_row or 1) - (min_row or 1) + 1) * ((max_col or min_col or 1) - (min_col or 1) + 1)
            if merged > MAX_MERGED:
                raise GridTooLargeError(f"{name}: merged ranges (the last {m.group(1).decode(errors='replace')}) "
                                        f"cover more than {MAX_MERGED:,} cells; a form's sheet merges far fewer")
        for m in CELL_REF.finditer(sheet_xml):
            letters = m.group(1).upper().decode("ascii")
            if int(m.group(2)) > MAX_ROW or len(letters) > 3 or column_index_from_string(letters) > MAX_COL:
                raise GridTooLargeError(f"{name}: a cell at {m.group(1).decode()}{int(m.group(2)):,}, beyond "
                                        f"Excel's last row {MAX_ROW:,} / column XFD")
        needs_formulas = needs_formulas or bool(FORMULA_WITHOUT_VALUE.search(sheet_xml))
    return needs_formulas


def _check_sheets(archive: zipfile.ZipFile, loaded: list[str]) -> None:
    """openpyxl skips a sheet whose part is missing without a word: that is a damaged file."""
    try:
        listing = archive.read("xl/workbook.xml")
    except KeyError:
        return  # a workbook part elsewhere: openpyxl found it, and there is no listing to compare
    except READ_ERRORS as exc:
        raise CorruptFileError(f"the xlsx file is damaged: part xl/workbook.xml: {exc}") from exc
    names = [html.unescape(m.group(1).decode("utf-8", "replace")) for m in SHEET_ENTRY.finditer(listing)]
    missing = [n for n in names if n not in loaded]
    if missing:
        raise CorruptFileError(f"the xlsx file is damaged: the workbook lists sheet(s) {'、'.join(missing)} "
                               f"whose part is missing")


def _computed(sheet, cells: dict, doc: RawDocument) -> dict:
    """Values of the sheet's formulas saved without one, where parsers.xlsx_formulas can evaluate them."""
    formulas = {pos: cell.value for pos, cell in sheet._cells.items()
                if isinstance(cell.value, str) and cell.value.startswith("=") and pos not in cells}
    evaluator = Evaluator(formulas, {pos: value for pos, (value, _fmt) in cells.items()})
    out = {}
    failed: dict[str, list[str]] = {}  # why -> the cells it stopped
    for (row, col), formula in formulas.items():
        try:
            value = evaluator.value(row, col)
        except (FormulaError, ArithmeticError) as exc:
            if TYPED_TEXT.search(formula):  # =8个 typed into a cell: text that begins with =, no formula
                out[(row, col)] = (formula if formula.startswith("=") else "=" + formula, "General")
                continue
            failed.setdefault(str(exc), []).append(f"{get_column_letter(col)}{row}: formula {formula[:80]}")
            continue
        if value is not None:
            out[(row, col)] = (value, sheet.cell(row, col).number_format)
    for why, where in failed.items():  # a chain of 5,000 formulas is one warning, not 5,000
        listed = "; ".join(where[:SIMILAR_WARNINGS])
        if len(where) == 1:
            said = f"{listed} saved without its value"
        else:
            more = f" and {len(where) - SIMILAR_WARNINGS:,} more" if len(where) > SIMILAR_WARNINGS else ""
            said = f"{listed}{more} ({len(where):,} formulas) saved without their values"
        doc.warnings.append(f"sheet {sheet.title!r} {said} and not evaluated ({why})")
    return out


def _sheet_rows(sheet, filled: dict, index: int, spans: count) -> list[RawRow]:
    """The sheet's rows that hold a filled cell (the others are blank: never built), each as wide as
    its filled columns and the merged ranges starting in them."""
    if not filled:
        return []
    min_col = min(c for _, c in filled)
    max_col = max(c for _, c in filled)
    for merged in sheet.merged_cells.ranges:
        if (merged.min_row, merged.min_col) in filled:  # a merged range reaching right of the last filled column
            max_col = max(max_col, merged.max_col)
    check_columns(max_col - min_col + 1, f"sheet {sheet.title!r}")
    filled_rows = sorted({r for r, _ in filled})
    check_grid(len(filled_rows), max_col - min_col + 1, f"sheet {sheet.title!r}")
    covered: dict[tuple[int, int], int] = {}
    for merged in sheet.merged_cells.ranges:
        span = next(spans)
        for r in filled_rows[bisect_left(filled_rows, merged.min_row):bisect_right(filled_rows, merged.max_row)]:
            for c in range(max(merged.min_col, min_col), min(merged.max_col, max_col) + 1):
                covered[(r, c)] = span
    rows: list[RawRow] = []
    for r in filled_rows:
        cells = []
        for c in range(min_col, max_col + 1):
            span = covered.get((r, c))
            if (r, c) not in filled:
                cells.append(Cell(None, span))
                continue
            value, number_format = filled[(r, c)]
            text, number = cell_text(value, number_format)
            cells.append(Cell(text, span, number, number_format if number is not None else None))
        row = RawRow(cells=tuple(cells), table=index, line=r)
        if not row.is_blank:
            rows.append(row)
    return rows

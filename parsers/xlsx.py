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
import io
import zipfile
from itertools import count

import openpyxl
import regex
from lxml import etree
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from parsers.numfmt import format_date, format_number
from parsers.ooxml import READ_ERRORS, open_zip
from parsers.rows import Cell, RawDocument, RawRow
from parsers.xlsx_formulas import Evaluator, FormulaError
from selfeval.errors import CorruptFileError, EmptyFileError

# a Han character outside a string literal: no formula has one, so the cell is text typed after =
TYPED_TEXT = regex.compile(r'^[^"]*\p{Han}')
# a formula cell saved with no value after it: <f>SUM(D5:D24)</f></c> or <f>…</f><v></v>
FORMULA_WITHOUT_VALUE = regex.compile(rb"</f>\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>|<f\s[^>]*/>\s*</c>")


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
        workbook = _load(data, data_only=True)
        formulas = _formula_workbook(data, archive)
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
    except (KeyError, ValueError, TypeError, etree.XMLSyntaxError, *READ_ERRORS) as exc:
        raise CorruptFileError(f"the xlsx file is damaged: {type(exc).__name__}: {exc}") from exc


def _formula_workbook(data: bytes, archive: zipfile.ZipFile):
    """The workbook with its formulas, when some formula was saved without its value; else None."""
    for name in archive.namelist():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            try:
                sheet_xml = archive.read(name)
            except READ_ERRORS as exc:
                raise CorruptFileError(f"the xlsx file is damaged: part {name}: {exc}") from exc
            if FORMULA_WITHOUT_VALUE.search(sheet_xml):
                return _load(data, data_only=False)
    return None


def _computed(sheet, cells: dict, doc: RawDocument) -> dict:
    """Values of the sheet's formulas saved without one, where parsers.xlsx_formulas can evaluate them."""
    formulas = {pos: cell.value for pos, cell in sheet._cells.items()
                if isinstance(cell.value, str) and cell.value.startswith("=") and pos not in cells}
    evaluator = Evaluator(formulas, {pos: value for pos, (value, _fmt) in cells.items()})
    out = {}
    for (row, col), formula in formulas.items():
        try:
            value = evaluator.value(row, col)
        except (FormulaError, ArithmeticError) as exc:
            if TYPED_TEXT.search(formula):  # =8个 typed into a cell: text that begins with =, no formula
                out[(row, col)] = (formula if formula.startswith("=") else "=" + formula, "General")
                continue
            doc.warnings.append(f"sheet {sheet.title!r} {get_column_letter(col)}{row}: formula {formula} "
                                f"saved without its value and not evaluated ({exc})")
            continue
        if value is not None:
            out[(row, col)] = (value, sheet.cell(row, col).number_format)
    return out


def _sheet_rows(sheet, filled: dict, index: int, spans: count) -> list[RawRow]:
    if not filled:
        return []
    min_col = min(c for _, c in filled)
    max_col = max(c for _, c in filled)
    covered: dict[tuple[int, int], int] = {}
    for merged in sheet.merged_cells.ranges:
        span = next(spans)
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                covered[(r, c)] = span
        if (merged.min_row, merged.min_col) in filled:  # a merged range reaching right of the last filled column
            max_col = max(max_col, merged.max_col)
    rows: list[RawRow] = []
    for r in range(min(r for r, _ in filled), max(r for r, _ in filled) + 1):
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

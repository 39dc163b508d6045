"""DOCX and XLSX renderings of the family samples (tools/make_family_samples.py): the same blocks,
the merges as real Word/Excel merges, fixed document dates and zip times so reruns give the same
bytes."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import openpyxl
from family_grid import placed  # type: ignore[import-not-found]
from openpyxl.styles import Alignment

FIXED = datetime(2024, 1, 1)
# a cell that is a plain amount (85.6, 2150.5): written as a number, as a spreadsheet holds it
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
# the save time openpyxl stamps into docProps/core.xml whatever the properties say
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
# a printed rate (100%, 99.37%): written as a fraction with a percent format
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")


def _fixed_zip(path: Path) -> None:
    """Rewrite the package with fixed entry times (zipfile stamps the current time)."""
    with zipfile.ZipFile(path) as package:
        entries = [(info.filename, package.read(info)) for info in package.infolist()]
    entries = [(name, _MODIFIED.sub(rb"\g<1>2024-01-01T00:00:00Z\g<2>", data) if name == "docProps/core.xml"
                else data) for name, data in entries]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries:
            package.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)


def to_docx(blocks: list, path: Path) -> None:
    document = docx.Document()
    document.core_properties.created = document.core_properties.modified = FIXED
    for kind, content in blocks:
        if kind == "p":
            document.add_paragraph(content)
            continue
        cells, width = placed(content)
        table = document.add_table(rows=len(content), cols=width)
        table.style = "Table Grid"
        for i, j, text, down, across in cells:
            cell = table.cell(i, j)
            if down > 1 or across > 1:
                cell = cell.merge(table.cell(i + down - 1, j + across - 1))
            cell.text = text
        document.add_paragraph("")
    document.save(path)
    _fixed_zip(path)


def _value(text: str) -> tuple[object, str | None]:
    if _NUMBER.match(text):
        return float(text) if "." in text else int(text), None
    if m := _PERCENT.match(text):
        places = len(m.group(1).partition(".")[2])
        return round(float(m.group(1)) / 100, places + 2), "0." + "0" * places + "%" if places else "0%"
    return text, None


def to_xlsx(blocks: list, path: Path) -> None:
    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = FIXED
    sheet = book.active
    sheet.title = "自评表"
    top = 1
    for kind, content in blocks:
        if kind == "p":
            sheet.cell(top, 1, content)
            top += 1
            continue
        cells, _ = placed(content)
        for i, j, text, down, across in cells:
            value, number_format = _value(text)
            cell = sheet.cell(top + i, 1 + j, value if text else None)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if number_format:
                cell.number_format = number_format
            if down > 1 or across > 1:
                sheet.merge_cells(start_row=top + i, start_column=1 + j,
                                  end_row=top + i + down - 1, end_column=j + across)
        top += len(content) + 1
    book.save(path)
    _fixed_zip(path)

"""Word, web-page and spreadsheet forms: every sample of every format gives exactly the gold records,
and every kind of bad office file fails with its own specific error in `files`."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from extractor.pipeline import InputFile, convert_file
from parsers.docx import parse_docx
from parsers.numfmt import format_number
from tests.conftest import DATA, EXPECTED, SAMPLES, run_cli

FORMATS = ("docx", "html", "xlsx")
SAMPLE_FILES = sorted(p for fmt in FORMATS for p in (SAMPLES / fmt).glob(f"*.{fmt}"))


def test_every_format_has_samples() -> None:
    assert {p.suffix[1:] for p in SAMPLE_FILES} == set(FORMATS)
    assert all(len(list((SAMPLES / fmt).glob("*.v*.*"))) >= 2 for fmt in FORMATS)


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_gives_the_gold_records(sample: Path, score, tmp_path: Path) -> None:
    code, out = run_cli("convert", str(sample), "--out", str(tmp_path / "out"))
    assert code == 0, out
    summary, report = score(tmp_path / "out", EXPECTED, sample.parent, only=f"^{re.escape(sample.name)}$")
    assert report["misses"] == []
    stem = re.sub(r"(\.v\d+)?\.[A-Za-z0-9]+$", "", sample.name)
    n_forms = len(json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))["forms"])
    assert summary["forms"] == n_forms > 0
    assert (summary["ok"], summary["perfect"]) == (summary["total"], n_forms)


# bad file -> (source_format, the start of its specific error)
BAD = {
    "truncated.docx": ("docx", "the docx file is truncated or damaged: its zip directory is missing"),
    "truncated.xlsx": ("xlsx", "the xlsx file is truncated or damaged: its zip directory is missing"),
    "damaged_part.docx": ("docx", "part word/document.xml does not decompress to its declared size and checksum"),
    "damaged_part.xlsx": ("xlsx", "part xl/worksheets/sheet1.xml is damaged: its compressed data cannot be"),
    "encrypted.docx": ("docx", "the docx file is password-protected (encrypted)"),
    "encrypted.xlsx": ("xlsx", "the xlsx file is password-protected (encrypted)"),
    "no_form.xlsx": ("xlsx", "no known form found: no 项目绩效自评价 / 项目支出绩效自评表 title"),
    "empty_workbook.xlsx": ("xlsx", "the workbook has no filled cells (sheets: Sheet)"),
    "no_table.html": ("html", "the page has no table (<table>)"),
}


def test_a_workbook_named_docx_is_read_as_a_workbook(tmp_path: Path) -> None:
    code, _ = run_cli("convert", str(DATA / "bad" / "spreadsheet_named.docx"), "--out", str(tmp_path / "out"))
    assert code == 0
    files = pd.read_parquet(tmp_path / "out" / "files.parquet")
    assert files[["status", "source_format", "n_forms"]].values.tolist() == [["ok", "xlsx", 4]]
    findings = pd.read_parquet(tmp_path / "out" / "findings.parquet")
    assert set(findings[findings.rule == "format_mismatch"].message) == {
        "file named .docx is really an Excel workbook (.xlsx) (by its bytes) and was read as xlsx"}


def test_bad_files_fail_with_specific_errors(tmp_path: Path) -> None:
    bad = DATA / "bad"
    code, _ = run_cli("convert", *(str(bad / name) for name in BAD), "--out", str(tmp_path / "out"))
    assert code == 1
    files = pd.read_parquet(tmp_path / "out" / "files.parquet")
    got = {Path(p).name: (fmt, status, error) for p, fmt, status, error
           in zip(files.source_path, files.source_format, files.status, files.error, strict=True)}
    assert set(got) == set(BAD)
    for name, (fmt, message) in BAD.items():
        assert got[name][:2] == (fmt, "failed"), name
        assert got[name][2].startswith(message), (name, got[name][2])


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".xls", ".et"])
def test_legacy_formats_without_libreoffice(suffix: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    path = tmp_path / f"form{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    result = convert_file(InputFile(path, path.name)).file
    assert (result.source_format, result.status) == (suffix[1:], "failed")
    assert result.error == f"needs LibreOffice to read {suffix} files"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_legacy_doc_through_libreoffice(score, tmp_path: Path) -> None:
    sample = SAMPLES / "docx" / "000_fbae7522b0b69a6d.docx"
    subprocess.run(["soffice", "--headless", "--convert-to", "doc", "--outdir", str(tmp_path / "in"),
                    str(sample)], check=True, capture_output=True, timeout=300)
    code, out = run_cli("convert", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert code == 0, out
    summary, report = score(tmp_path / "out", EXPECTED, tmp_path / "in")
    assert report["misses"] == []
    assert summary["perfect"] == 4


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (0.9831, "0.00%", "98.31%"),
    (1, "0.00%", "100.00%"),
    (0.99, "0%", "99%"),
    (2055983, "#,##0.00", "2,055,983.00"),
    (5.0, "General", "5"),
    (98.31000000000002, "General", "98.31"),
    (100, '0.00"%"', "100.00%"),
    (36.968, '0.000"万元"', "36.968万元"),
    (1234.5, "[$¥-804]#,##0.00", "¥1,234.50"),
    (-3.5, "#,##0.00;[Red](#,##0.00)", "(3.50)"),
    (0, '0.00;-0.00;"-"', "-"),
    (2050000, "#,##0.00_ ", "2,050,000.00 "),
    (0.125, "0.0%", "12.5%"),
])
def test_spreadsheet_cells_read_as_displayed(value: float, fmt: str, shown: str) -> None:
    assert format_number(value, fmt) == shown


def test_docx_merges_are_one_cell_and_equal_text_is_not_a_merge() -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "投入与管理"
    table.cell(0, 1).text = table.cell(0, 2).text = "5"  # equal text, two cells
    table.cell(1, 1).text = "6"
    table.cell(2, 0).merge(table.cell(2, 1)).text = "合计"
    table.cell(2, 2).text = "100"
    buffer = io.BytesIO()
    document.save(buffer)
    rows = parse_docx(buffer.getvalue()).rows
    assert [c.text for c in rows[0].cells] == ["投入与管理", "5", "5"]
    assert [c.text for c in rows[1].cells] == [None, "6", None]
    assert rows[0].cells[0].span is not None and rows[1].cells[0].span == rows[0].cells[0].span
    assert rows[0].cells[1].span is None and rows[0].cells[2].span is None
    assert [c.text for c in rows[2].cells] == ["合计", None, "100"]
    assert rows[2].cells[0].span == rows[2].cells[1].span is not None


def test_formulas_saved_without_values_are_evaluated() -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["权重", 5, 8, 6, "=SUM(B1:D1)", "=ROUND(B1*100/E1,1)", "=VLOOKUP(1,B1:D1,2)"])
    sheet["F1"].number_format = "0.0"
    buffer = io.BytesIO()
    workbook.save(buffer)  # openpyxl stores formulas without values, as scripts do
    from parsers.xlsx import parse_xlsx

    doc = parse_xlsx(buffer.getvalue())
    assert doc.rows[0].texts == ["权重", "5", "8", "6", "19", "26.3"]  # G1 unread: no value
    assert len(doc.warnings) == 1 and "VLOOKUP" in doc.warnings[0]


def test_docx_cells_of_equal_text_merged_in_word_read_once() -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for r in range(3):
        table.cell(r, 0).text = "投入与管理 (36分)"
        table.cell(r, 1).text = f"指标{r}"
    table.cell(0, 0).merge(table.cell(2, 0))  # Word keeps all three paragraphs in the merged cell
    buffer = io.BytesIO()
    document.save(buffer)
    rows = parse_docx(buffer.getvalue()).rows
    assert [r.texts for r in rows] == [["投入与管理 (36分)", "指标0"], [None, "指标1"], [None, "指标2"]]


@pytest.mark.parametrize("name", ["damaged_part.docx", "damaged_part.xlsx"])
def test_a_damaged_part_fails_as_damaged_in_the_parser_too(name: str) -> None:
    """Called without the guard in front (as a library), the parser still names the damage."""
    from parsers.xlsx import parse_xlsx
    from selfeval.errors import CorruptFileError

    parse = parse_docx if name.endswith(".docx") else parse_xlsx
    with pytest.raises(CorruptFileError, match="file is damaged"):
        parse((DATA / "bad" / name).read_bytes())


def test_parser_warnings_become_findings_on_every_form(score, tmp_path: Path) -> None:
    """A formula saved without its value that selfeval cannot evaluate: the forms are still read
    exactly, and each carries a source_warning naming the cell."""
    import openpyxl

    sample = SAMPLES / "xlsx" / "000_fbae7522b0b69a6d.xlsx"
    workbook = openpyxl.load_workbook(sample)
    workbook.worksheets[0]["AZ1"] = "=XLOOKUP(1,A1:A2,B1:B2)"
    inputs = tmp_path / "in"
    inputs.mkdir()
    workbook.save(inputs / sample.name)
    code, _ = run_cli("convert", str(inputs), "--out", str(tmp_path / "out"))
    assert code == 0
    summary, report = score(tmp_path / "out", EXPECTED, inputs)
    assert report["misses"] == [] and summary["perfect"] == 4
    findings = pd.read_parquet(tmp_path / "out" / "findings.parquet")
    warned = findings[findings.rule == "source_warning"]
    assert warned.form_id.nunique() == 4 and len(warned) == 4
    assert set(warned.severity) == {"warning"}
    assert all("AZ1: formula =XLOOKUP(1,A1:A2,B1:B2) saved without its value" in m for m in warned.message)

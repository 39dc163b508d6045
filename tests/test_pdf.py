"""PDF forms: every PDF sample (and the TXT dump made from it) scores 100% against the gold,
rows know their page, and every unreadable PDF fails with its own message."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from normalizers.text import clean_cell
from selfeval.errors import (
    CorruptFileError,
    EncryptedFileError,
    NoCharacterMapError,
)
from tests.conftest import DATA, EXPECTED, SAMPLES, run_cli

pytest.importorskip("pdfplumber")
from parsers.pdf import ENGINES, parse_pdf  # noqa: E402
from parsers.pdf_model import Char  # noqa: E402
from parsers.pdf_tables import free_lines  # noqa: E402

# the seed rendered as PDFs (the national-form PDFs are scored by tests/test_samples.py)
PDF_SAMPLES = sorted((SAMPLES / "pdf").glob("000_*.pdf"))
# the TXT dumps made from the PDF samples by tools/pdf_to_dump.py
DUMP_SAMPLES = sorted((SAMPLES / "txt").glob("000_*.v*.txt"))
BAD = DATA / "bad"


def _convert_one(path: Path, tmp_path: Path) -> tuple[Path, Path]:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copyfile(path, inputs / path.name)
    code, out = run_cli("convert", str(inputs), "--out", str(tmp_path / "out"))
    assert code == 0, out
    return inputs, tmp_path / "out"


@pytest.mark.parametrize("path", PDF_SAMPLES + DUMP_SAMPLES, ids=lambda p: p.name)
def test_sample_scores_100_percent(path: Path, score, tmp_path: Path) -> None:
    inputs, out = _convert_one(path, tmp_path)
    summary, report = score(out, EXPECTED, inputs)
    assert report["misses"] == []
    assert summary["ok"] == summary["total"] > 0
    assert summary["perfect"] == summary["forms"] == 4


def test_there_are_pdf_samples_and_dumps() -> None:
    assert len(PDF_SAMPLES) >= 4 and len(DUMP_SAMPLES) == len(PDF_SAMPLES)


def test_indicator_rows_know_their_page(tmp_path: Path) -> None:
    expected = json.loads((DATA / "pdf" / "000_fbae7522b0b69a6d.pages.json").read_text(encoding="utf-8"))
    _inputs, out = _convert_one(SAMPLES / "pdf" / "000_fbae7522b0b69a6d.pdf", tmp_path)
    forms = pd.read_parquet(out / "forms.parquet")[["form_id", "form_index"]]
    rows = pd.read_parquet(out / "indicators.parquet").merge(forms, on="form_id")
    pages = [list(g.sort_values("row_index")["page"]) for _i, g in rows.groupby("form_index")]
    assert pages == expected["pages"]


def test_a_row_cut_by_a_page_break_is_one_row() -> None:
    doc = parse_pdf((SAMPLES / "pdf" / "000_fbae7522b0b69a6d.pdf").read_bytes())
    # the first indicator row of the first form runs from page 1 onto page 2: two raw rows ...
    first = next(r for r in doc.rows if len(r.cells) == 6 and clean_cell(r.texts[1]) == "项目设立的规范性")
    assert first.page == 1
    rest = doc.rows[doc.rows.index(first) + 1]
    assert rest.page == 2 and rest.texts[1] is None and rest.texts[5]
    # ... and the header row Word repeats on page 2 is not emitted again
    headers = [r for r in doc.rows if [clean_cell(t) for t in r.texts[:2]] == ["一级指标", "指标名称"]]
    assert len(headers) == 4  # one per form


@pytest.mark.parametrize(("name", "error", "message"), [
    ("encrypted.pdf", EncryptedFileError, "encrypted PDF"),
    ("truncated.pdf", CorruptFileError, "truncated"),
    ("cid_font.pdf", NoCharacterMapError, "(cid:N)"),
])
@pytest.mark.parametrize("engine", ENGINES)
def test_unreadable_pdf_gets_its_own_error(name: str, error: type, message: str, engine: str, tmp_path: Path) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_pdf((BAD / name).read_bytes(), engine=engine)
    code, _out = run_cli("convert", str(BAD / name), "--out", str(tmp_path / "out"), "--pdf-engine", engine)
    assert code == 1
    files = pd.read_parquet(tmp_path / "out" / "files.parquet")
    assert list(files["status"]) == ["failed"]
    assert message in files["error"][0]
    assert pd.read_parquet(tmp_path / "out" / "indicators.parquet").empty


@pytest.mark.parametrize("engine", ENGINES)
def test_text_named_pdf_is_not_a_pdf_to_the_parser(engine: str) -> None:
    # (the pipeline's byte sniffing reads such a file as what it is; the parser refuses it)
    with pytest.raises(CorruptFileError, match="not a PDF"):
        parse_pdf((BAD / "not_a_pdf.pdf").read_bytes(), engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_encrypted_error_is_raised_from_the_library_error(engine: str) -> None:
    with pytest.raises(EncryptedFileError) as info:
        parse_pdf((BAD / "encrypted.pdf").read_bytes(), engine=engine)
    assert info.value.__cause__ is not None


def _chars(text: str, x: float, top: float = 100.0, size: float = 10.0, step: float | None = None) -> list[Char]:
    step = step or size
    return [Char(ch, x + k * step, x + k * step + size, top, top + size, size) for k, ch in enumerate(text)]


@pytest.mark.parametrize(("chars", "expected"), [
    # a header block laid out without a table: the wide gap makes two cells
    (_chars("项目名称：甲", 50) + _chars("预算单位：乙", 300), ("项目名称：甲", "预算单位：乙")),
    # a title: one cell
    (_chars("项目绩效自评价", 200), ("项目绩效自评价",)),
    # two Latin words keep their space; CJK gets none
    (_chars("CRM", 50, size=6) + _chars("Web", 74, size=6) + _chars("系统", 96), ("CRM Web系统",)),
    # fake bold: every character printed twice, a hair apart
    (_chars("合计", 50) + _chars("合计", 50.3), ("合计",)),
])
def test_free_line_cells(chars: list[Char], expected: tuple[str, ...]) -> None:
    lines = free_lines(chars, 1)
    assert [line.cells for line in lines] == [expected]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_pdf_damaged_past_repair_is_corrupt(engine: str) -> None:
    data = bytearray((SAMPLES / "pdf" / "mof_county_2023.pdf").read_bytes())
    data[-300:-10] = bytes(290)  # the cross-reference table and trailer gone, %%EOF kept
    with pytest.raises(CorruptFileError, match="corrupt PDF, cannot be opened") as info:
        parse_pdf(bytes(data), engine=engine)
    assert info.value.__cause__ is not None

"""The regression samples of issue 12 (tests/data/hostile/, built by tools/make_hostile_files.py):
each defect's file gets its specific error, or is read, and never an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.pipeline import InputFile, convert_file
from parsers.docx import parse_docx
from parsers.guard import Limits, check_zip
from parsers.html import parse_html
from parsers.xlsx import parse_xlsx
from selfeval import errors
from tests.conftest import DATA

HOSTILE = DATA / "hostile"

# file -> (error class, or None when the file is read, words its files row or a finding must hold)
CASES: dict[str, tuple[type[errors.InputError] | None, str]] = {
    "docx_gridspan_2e31.docx": (errors.GridTooLargeError, "is 2,147,483,648 columns wide; a form's table has at most 1,000"),
    "docx_gridbefore_1e7.docx": (errors.GridTooLargeError, "gridBefore is 10,000,000 columns wide"),
    "docx_gridspan_overflow.docx": (errors.GridTooLargeError, "is 99,999,999,999,999,999,999 columns wide"),
    "docx_entity_refs_after_long_comment.docx": (errors.HostileInputError, "word/document.xml declares a DOCTYPE or ENTITY"),
    "docx_missing_optional_parts.docx": (None, "the package lacks parts it refers to (docProps/core.xml, "
                                               "word/settings.xml, word/styles.xml); read without them"),
    "docx_100k_paragraphs.docx": (errors.NoFormFoundError, "no known form found"),  # past the zip-bomb check
    "docx_vmerge_without_start.docx": (errors.NoFormFoundError, "'项目名称'、'乡村振兴'、'续'、'b'"),
    "xlsx_merged_whole_sheet.xlsx": (errors.GridTooLargeError, "merged ranges (the last A1:XFD1048576) cover more "
                                                               "than 200,000 cells"),
    "xlsx_cell_at_row_99999999.xlsx": (errors.GridTooLargeError, "a cell at A99,999,999, beyond Excel's last row"),
    "xlsx_mismatched_tag.xlsx": (errors.CorruptFileError, "the xlsx file is damaged: ParseError: mismatched tag"),
    "xlsx_truncated_sheet_xml.xlsx": (errors.CorruptFileError, "the xlsx file is damaged: ParseError: unclosed token"),
    "xlsx_duplicate_attribute.xlsx": (errors.CorruptFileError, "ParseError: duplicate attribute"),
    "xlsx_undefined_entity.xlsx": (errors.CorruptFileError, "ParseError: undefined entity"),
    "xlsx_style_index_out_of_range.xlsx": (errors.CorruptFileError, "the xlsx file is damaged: IndexError"),
    "xlsx_shared_string_out_of_range.xlsx": (errors.CorruptFileError, "the xlsx file is damaged: IndexError"),
    "xlsx_first_sheet_part_missing.xlsx": (errors.CorruptFileError, "the workbook lists sheet(s) 自评表 whose part "
                                                                    "is missing"),
    "xlsx_doctype_after_long_comment.xlsx": (errors.HostileInputError, "xl/worksheets/sheet1.xml declares a DOCTYPE"),
    "xlsx_formula_3000_parens.xlsx": (errors.NoFormFoundError, "no known form found"),
    "xlsx_formula_chain_5000.xlsx": (errors.NoFormFoundError, "no known form found"),
    "zip_damaged_content_types.xlsx": (errors.CorruptFileError, "part [Content_Types].xml does not decompress"),
    "html_rowspan_colspan_100000.html": (None, ""),
    "html_meta_charset_undefined.html": (None, ""),
    "html_control_characters.html": (None, ""),
    "html_utf8_one_damaged_byte.html": (None, "damaged byte(s) at offset(s)"),
    "html_nested_10000_tags.html": (errors.HostileInputError, "the page nests its elements more than 256 deep"),
    "html_entity_after_long_comment.html": (errors.HostileInputError, "the page declares XML entities"),
    "txt_table_cut_before_its_first_row.txt": (None, ""),
    "txt_utf8_one_damaged_byte.txt": (None, "3 damaged byte(s) at offset(s) 2, 3, 4: not valid utf-8"),
    "txt_score_400_nines.txt": (None, "level1_points is too large to store and was left out"),
    "txt_budget_past_decimal_18_2.txt": (None, "is not a number: '999999999999999999999999999999'"),
}


def test_every_sample_has_a_case() -> None:
    assert sorted(p.name for p in HOSTILE.iterdir()) == sorted(CASES)


def _raised(path: Path) -> Exception | None:
    """What the pipeline's own steps raise on the file (convert_file turns it into the row)."""
    from parsers.intake import open_input

    data = path.read_bytes()
    try:
        from extractor.templates import map_document

        map_document(open_input(data, path.suffix).parse(data))
    except errors.InputError as exc:
        return exc
    return None


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_defect_gets_its_error_or_is_read(name: str) -> None:
    error, words = CASES[name]
    path = HOSTILE / name
    outcome = convert_file(InputFile(path, name))
    assert "internal error" not in (outcome.file.error or "")
    if error is None:
        assert outcome.file.status == "ok" and outcome.file.n_forms == 4
        said = [n.message for rec in outcome.forms for n in rec.findings]
        assert not words or any(words in m for m in said), said[:5]
    else:
        assert type(_raised(path)) is error
        assert outcome.file.status == "failed" and words in outcome.file.error


def test_a_long_real_text_is_not_taken_for_a_zip_bomb() -> None:
    check_zip((HOSTILE / "docx_100k_paragraphs.docx").read_bytes(), Limits())  # 290:1, 7.2 MB: passes


def test_formula_chains_and_nesting_give_one_warning_each() -> None:
    chain = parse_xlsx((HOSTILE / "xlsx_formula_chain_5000.xlsx").read_bytes())
    assert len(chain.warnings) == 1
    assert "A1: formula =A2+1; A2: formula =A3+1; A3: formula =A4+1 and 4,976 more (4,979 formulas)" in chain.warnings[0]
    nested = parse_xlsx((HOSTILE / "xlsx_formula_3000_parens.xlsx").read_bytes())
    assert len(nested.warnings) == 1 and "(formula nested more than 100 deep)" in nested.warnings[0]


def test_spans_stop_at_the_table_and_at_1000_columns() -> None:
    doc = parse_html((HOSTILE / "html_rowspan_colspan_100000.html").read_bytes())
    tables = {r.table for r in doc.rows if r.table is not None}
    assert max(len(r.cells) for r in doc.rows) <= 1004  # colspan 1000 plus the row's other cells
    assert len(tables) >= 1


def test_a_vertical_merge_without_its_start_is_a_plain_cell() -> None:
    doc = parse_docx((HOSTILE / "docx_vmerge_without_start.docx").read_bytes())
    assert [r.texts for r in doc.rows] == [["项目名称", "乡村振兴"], ["续", "b"]]


def test_a_pdf_that_fails_to_close_keeps_the_error_raised(monkeypatch) -> None:
    import pdfplumber
    from pdfplumber.utils.exceptions import MalformedPDFException

    from parsers import pdf

    class Damaged:
        pages = property(lambda self: (_ for _ in ()).throw(MalformedPDFException("bad xref")))

        def close(self) -> None:
            raise MalformedPDFException("closing a damaged file")

    monkeypatch.setattr(pdfplumber, "open", lambda *_a, **_k: Damaged())
    with pytest.raises(errors.CorruptFileError, match="a page cannot be read: bad xref"):
        pdf.read_pages(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", engine="pdfplumber")

"""Scanned forms (issue 14): image-only PDFs and PNG / JPEG / TIFF read by offline OCR.

Without the ocr extra a scan fails with MissingDependencyError naming the extra; with it,
the committed scans (tools/make_scans.py, conditions in tests/data/scans.tsv) score
against the expected output of the samples they were made from.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from selfeval.errors import MissingDependencyError
from tests.conftest import DATA, run_cli

BAD = DATA / "bad"
HAVE_OCR = importlib.util.find_spec("rapidocr_onnxruntime") is not None
needs_ocr = pytest.mark.skipif(not HAVE_OCR, reason="the ocr extra (rapidocr-onnxruntime) is not installed")


def test_a_scan_without_the_ocr_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pdfplumber")
    from parsers.pdf import parse_pdf
    from parsers.scan import parse_image

    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # import fails as if not installed
    with pytest.raises(MissingDependencyError, match=r"scanned PDF \(no text layer\).*selfeval\[ocr\]"):
        parse_pdf((BAD / "scanned.pdf").read_bytes())
    with pytest.raises(MissingDependencyError, match=r"selfeval\[ocr\]"):
        parse_image(b"\x89PNG\r\n\x1a\n")


def test_image_files_are_known_by_their_bytes() -> None:
    from parsers.sniff import sniff

    assert sniff(b"\x89PNG\r\n\x1a\n" + bytes(20)) == "png"
    assert sniff(b"\xff\xd8\xff\xe0" + bytes(20)) == "jpeg"
    assert sniff(b"II*\x00" + bytes(20)) == "tiff"


@needs_ocr
def test_an_image_pdf_that_is_no_form_fails_alone(tmp_path: Path) -> None:
    code, _out = run_cli("convert", str(BAD / "scanned.pdf"), "--out", str(tmp_path / "out"))
    assert code == 1
    files = pd.read_parquet(tmp_path / "out" / "files.parquet")
    assert list(files["status"]) == ["failed"]
    assert "no known form found" in files["error"][0]


@needs_ocr
def test_a_broken_image_gets_its_own_error(tmp_path: Path) -> None:
    broken = tmp_path / "in" / "torn.png"
    broken.parent.mkdir()
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    code, _out = run_cli("convert", str(broken.parent), "--out", str(tmp_path / "out"))
    assert code == 1
    files = pd.read_parquet(tmp_path / "out" / "files.parquet")
    assert "corrupt or unreadable image" in files["error"][0]


# --- the trust check (extractor.findings.ocr): synthetic drafts and readings, no OCR needed ---

def _reading(text: str, sure: float = 0.99, alternatives=(), page: int = 1):
    from parsers.rows import OcrReading

    return OcrReading(text, page, (10.0, 20.0, 30.0, 40.0), tuple(sure for _ in text), tuple(alternatives))


def _doc(*readings):
    from parsers.rows import Cell, RawDocument, RawRow

    return RawDocument(rows=[RawRow(tuple(Cell(r.text, ocr=r) for r in readings), page=1, table=1)])


def _draft(weights: list[float], total: float, names: tuple[str, ...] = ("门急诊人次", "药占比")):
    from extractor.templates.draft import FormDraft

    draft = FormDraft("mof_self_eval", fields={"total_weight": total, "project_name": "公立医院综合改革补助"})
    draft.indicators = [{"row_index": i, "name": n, "weight": w} for i, (n, w) in enumerate(zip(names, weights, strict=True))]
    return draft


def test_sure_readings_are_kept_as_read() -> None:
    from extractor.findings.ocr import trust_ocr

    draft = _draft([15.0, 85.0], 100.0)
    trust_ocr(draft, _doc(_reading("15"), _reading("85"), _reading("100"), _reading("药占比")))
    assert [r["weight"] for r in draft.indicators] == [15.0, 85.0] and not draft.notes


def test_an_unsure_number_the_sums_confirm_is_kept() -> None:
    from extractor.findings.ocr import trust_ocr

    draft = _draft([15.0, 85.0], 100.0)
    trust_ocr(draft, _doc(_reading("15", sure=0.6), _reading("85"), _reading("100")))
    assert draft.indicators[0]["weight"] == 15.0 and not draft.notes


def test_an_unsure_number_the_sums_refute_is_nulled_with_where_it_was_read() -> None:
    from extractor.findings.ocr import OCR_UNCERTAIN, trust_ocr

    draft = _draft([75.0, 85.0], 100.0)  # a 1 read as 7: the weights add up to 160
    trust_ocr(draft, _doc(_reading("75", sure=0.6), _reading("85"), _reading("100")))
    assert draft.indicators[0]["weight"] is None
    (note,) = draft.notes
    assert note.rule == OCR_UNCERTAIN and note.row_index == 0 and note.actual == "75"
    assert "page 1" in note.message and "(10, 20, 30, 40) pt" in note.message


def test_the_runner_up_reading_the_sums_confirm_is_taken() -> None:
    from extractor.findings.ocr import OCR_CORRECTED, trust_ocr

    draft = _draft([75.0, 85.0], 100.0)
    trust_ocr(draft, _doc(_reading("75", sure=0.6, alternatives=[(0, "1", 0.3)]), _reading("85"), _reading("100")))
    assert draft.indicators[0]["weight"] == 15.0
    (note,) = draft.notes
    assert note.rule == OCR_CORRECTED and note.expected == "15.0" and note.actual == "75"


def test_a_score_above_its_weight_is_not_confirmed_by_the_sums() -> None:
    from extractor.findings.ocr import trust_ocr

    draft = _draft([15.0, 85.0], 100.0)
    draft.fields["total_score"] = 100.0
    draft.indicators[0]["score"], draft.indicators[1]["score"] = 18.0, 82.0
    trust_ocr(draft, _doc(_reading("18", sure=0.6), _reading("82"), _reading("100")))
    assert draft.indicators[0]["score"] is None


def test_unsure_text_is_nulled() -> None:
    from extractor.findings.ocr import OCR_UNCERTAIN, trust_ocr

    draft = _draft([15.0, 85.0], 100.0, names=("门急诊人次", "药古比"))
    trust_ocr(draft, _doc(_reading("药古比", sure=0.5), _reading("门急诊人次")))
    assert draft.indicators[1]["name"] is None and draft.indicators[0]["name"] == "门急诊人次"
    assert [n.rule for n in draft.notes] == [OCR_UNCERTAIN]


# --- the committed scans against the expected output of the samples they were made from ---

SCANS = DATA / "scans"  # made by tools/make_scans.py; conditions in tests/data/scans.tsv
MIN_ACCURACY = 95.0  # % of fields right over the committed scans (97.5 measured; grey 150 dpi, ±2° tilt, seals, JPEG 55)
MAX_WRONG_SHARE = 0.005  # a wrong value counts worse than a null: at least 99.5% of the values given are right


@needs_ocr
def test_committed_scans_score_against_the_samples_gold(score, tmp_path: Path) -> None:
    from tests.conftest import EXPECTED

    code, out = run_cli("convert", str(SCANS), "--out", str(tmp_path / "out"))
    assert code == 0, out
    summary, report = score(tmp_path / "out", EXPECTED, SCANS)
    wrong = [m for m in report["misses"] if m["pred"] is not None]
    assert summary["pct"] >= MIN_ACCURACY, report["worst_fields"]
    assert len(wrong) <= MAX_WRONG_SHARE * (summary["ok"] + len(wrong)), wrong
    findings = pd.read_parquet(tmp_path / "out" / "findings.parquet")
    uncertain = findings[findings["rule"] == "ocr_uncertain"]
    assert uncertain["message"].str.contains(r"on page \d+ at \(").all()

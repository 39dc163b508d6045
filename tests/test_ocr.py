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

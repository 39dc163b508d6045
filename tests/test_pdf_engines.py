"""The pdfium engine (the default) gives the records the pdfplumber engine (the reference) gives:
forms, indicators, funds and findings, and the same error for an unreadable file.

Checked on every PDF sample, the turned-page samples (tests/data/pdf, made by
tools/make_turned_pdfs.py), the unreadable PDFs, the real published forms of
../shared/real/inputs/pdf when ../shared is there, and a sweep folder when
SELFEVAL_PDF_SWEEP names one (tools/make_turned_pdfs.py --sweep DIR, or
tools/make_pdf_samples.py --sweep N --out DIR where LibreOffice is installed).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractor.pipeline import InputFile, convert_file
from tests.conftest import DATA, SAMPLES, SHARED

pytest.importorskip("pdfplumber")
pytest.importorskip("pypdfium2")
from parsers.pdf import parse_pdf  # noqa: E402

REAL = SHARED / "real" / "inputs" / "pdf"
SWEEP = os.environ.get("SELFEVAL_PDF_SWEEP")
PDFS = sorted([*(SAMPLES / "pdf").glob("*.pdf"), *(DATA / "pdf").glob("*.pdf"), *(DATA / "bad").glob("*.pdf"),
               *(REAL.glob("*.pdf") if REAL.is_dir() else ()), *(Path(SWEEP).glob("*.pdf") if SWEEP else ())])
# pages turned by /Rotate (NAME.rotN) and pages whose text runs sideways or upside down (NAME.sideN)
TURNED = sorted([*(DATA / "pdf").glob("*.rot*.pdf"), *(DATA / "pdf").glob("*.side*.pdf")])


def _records(path: Path, engine: str):
    outcome = convert_file(InputFile(path, path.name), pdf_engine=engine)
    return outcome.file, outcome.forms


@pytest.mark.parametrize("path", PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_both_engines_give_the_same_records(path: Path) -> None:
    pdfium, pdfplumber = _records(path, "pdfium"), _records(path, "pdfplumber")
    assert pdfium == pdfplumber


def test_the_equality_covers_every_pdf_sample() -> None:
    assert len(list((SAMPLES / "pdf").glob("*.pdf"))) >= 10 and len(TURNED) >= 6
    assert all(path in PDFS for path in TURNED)


@pytest.mark.parametrize("path", TURNED, ids=lambda p: p.name)
@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_turned_page_reads_as_upright(path: Path, engine: str) -> None:
    # NAME.rotN.pdf shows what samples/pdf/NAME.pdf shows, its content drawn turned back and /Rotate
    # righting it; NAME.sideN.pdf shows it turned (no /Rotate): both read as the upright page
    original = SAMPLES / "pdf" / (path.name.split(".")[0] + ".pdf")
    assert parse_pdf(path.read_bytes(), engine=engine) == parse_pdf(original.read_bytes(), engine=engine)

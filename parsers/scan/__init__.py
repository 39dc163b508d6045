"""Scanned forms: image-only PDFs and PNG / JPEG / TIFF pages, read by offline OCR.

page image -> grey without red seals, straightened, binarised (raster) -> ruled tables
(grid) -> text lines in every cell and outside the tables (lines) -> rapidocr's
recogniser on each line crop (reader) -> the PDF reader's grids and lines (layout) ->
its page-break repairs and raw rows.  Every cell read keeps an `OcrReading` (per
character confidences and alternatives) on its Cell, for extractor.findings.ocr.

Needs the `ocr` extra (rapidocr-onnxruntime, opencv-python-headless, pypdfium2, Pillow,
and pdfplumber for the PDF reader's structures).
"""

from __future__ import annotations

import importlib
from dataclasses import replace

from parsers.rows import RawDocument
from selfeval.errors import MissingDependencyError, NoTextLayerError

# the modules the ocr extra installs, by the name pip knows them under
NEEDS = {"rapidocr_onnxruntime": "rapidocr-onnxruntime", "cv2": "opencv-python-headless",
         "pypdfium2": "pypdfium2", "PIL": "Pillow", "pdfplumber": "pdfplumber"}


def _require(what: str) -> None:
    for module, package in NEEDS.items():
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise MissingDependencyError(f"{what} is read by OCR, which needs the package {package!r}: "
                                         f"pip install 'selfeval[ocr]'") from exc


def parse_image(data: bytes) -> RawDocument:
    """A PNG, JPEG or (multi-page) TIFF scan."""
    _require("a scanned image")
    from parsers.scan.raster import image_pages

    return _document(image_pages(data))


def parse_scanned_pdf(data: bytes) -> RawDocument:
    """A PDF whose pages are images (no text layer)."""
    _require("a scanned PDF (no text layer)")
    from parsers.scan.raster import pdf_pages

    return _document(pdf_pages(data))


def _document(pages) -> RawDocument:
    from parsers import pdf_tables
    from parsers.scan.layout import align_continued, read_page

    free: dict = {}  # (page, text) -> the OcrReading of a free line's part
    contents = [read_page(page, free) for page in pages]
    if not any(c.chars for c in contents):
        raise NoTextLayerError(f"scan with no readable text ({len(contents)} pages)")
    align_continued(contents)
    pdf_tables.join_across_pages(contents)
    doc = pdf_tables.document(contents)
    doc.warnings = [w for w in doc.warnings if not w.startswith("pages without a text layer")]
    doc.rows = [row if row.table is not None else
                replace(row, cells=tuple(replace(c, ocr=free.get((row.page, c.text))) for c in row.cells))
                for row in doc.rows]
    return doc

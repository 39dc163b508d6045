"""PDF files (Word / WPS exports): ruled tables as grid rows, other text as free lines.

Two engines read a page into one page model (parsers/pdf_model): pdfium
(parsers/pdf_pdfium, the default) and pdfplumber (here; the reference the pdfium
engine is tested against, `--pdf-engine pdfplumber`).  Everything after the
model is written once: the ruled cells (parsers/pdf_cells), the grids, free
lines and tables cut by page breaks (parsers/pdf_tables).

Each page is read once: with pdfplumber its characters (`page.chars`) and its
edges (`page.edges`: lines, rectangle sides and curve segments), after which
the page is closed.
"""

from __future__ import annotations

import contextlib
import io
import math
import zlib
from collections.abc import Iterator

import regex

from parsers.pdf_model import Char, Edge, PageModel
from parsers.pdf_tables import PageContent, build_page, check_text, document, join_across_pages
from parsers.rows import RawDocument
from parsers.sniff import PDF_MAGIC, PDF_SEARCH
from selfeval.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    MissingDependencyError,
    NoTextLayerError,
    UsageError,
)

# a glyph pdfminer could not map to a character: its font has no ToUnicode map
CID_GLYPH = regex.compile(r"^\(cid:\d+\)$")
# the end-of-file marker every complete PDF carries within its last bytes
EOF_MARKER = b"%%EOF"

ENGINES = ("pdfium", "pdfplumber")  # the first is the default


def parse_pdf(data: bytes, engine: str = ENGINES[0]) -> RawDocument:
    try:
        return document(read_pages(data, engine=engine))
    except NoTextLayerError:  # a scanner's image-only PDF: OCR (parsers.scan names the ocr extra if missing)
        from parsers.scan import parse_scanned_pdf

        return parse_scanned_pdf(data)


def read_pages(data: bytes, keep_chars: bool = False, engine: str = ENGINES[0]) -> list[PageContent]:
    """Every page's ruled tables and free text lines, top to bottom; a table cut by a page
    break is joined up.  keep_chars keeps the characters of each cell box (for dumps).
    Raises an InputError for a file that cannot be read right."""
    if not data.strip():
        raise EmptyFileError("empty file")
    if PDF_MAGIC not in data[:PDF_SEARCH]:
        raise CorruptFileError("not a PDF: the file does not start with %PDF-")
    if EOF_MARKER not in data[-8192:]:
        raise CorruptFileError("corrupt or truncated PDF: it does not end with the %%EOF marker")
    pages = [build_page(model, keep_chars) for model in _reader(engine)(data)]
    check_text(pages)
    join_across_pages(pages)
    return pages


def _reader(engine: str):
    if engine == "pdfplumber":
        return plumber_pages
    if engine == "pdfium":
        try:
            from parsers.pdf_pdfium import pdfium_pages
        except ModuleNotFoundError as exc:
            raise MissingDependencyError(f"the pdfium PDF engine needs the package {exc.name!r}: "
                                         f"pip install 'selfeval[pdf]'") from exc
        return pdfium_pages
    raise UsageError(f"unknown PDF engine {engine!r}; choose one of {', '.join(ENGINES)}")


def plumber_pages(data: bytes) -> Iterator[PageModel]:
    """The page models of a PDF, read with pdfplumber (pdfminer)."""
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.psparser import PSException
        from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException
    except ModuleNotFoundError as exc:
        raise MissingDependencyError(f"the pdfplumber PDF engine needs the package {exc.name!r}: "
                                     f"pip install 'selfeval[pdf]'") from exc
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise EncryptedFileError("encrypted PDF: it needs a password to be read") from exc
        raise CorruptFileError(f"corrupt PDF, cannot be opened: {cause}") from exc
    except (PSException, MalformedPDFException, ValueError, KeyError, TypeError, IndexError, zlib.error) as exc:
        raise CorruptFileError(f"corrupt PDF, cannot be opened: {exc}") from exc
    try:
        for number, page in enumerate(pdf.pages, start=1):
            yield _plumber_model(page, number)
    except (PSException, PdfminerException, MalformedPDFException, ValueError, KeyError, TypeError, IndexError,
            zlib.error) as exc:
        raise CorruptFileError(f"corrupt PDF, a page cannot be read: {exc}") from exc
    finally:  # a damaged file may fail to close too (pdfplumber re-raises): the error raised above stands
        with contextlib.suppress(PSException, PdfminerException, MalformedPDFException, ValueError, KeyError):
            pdf.close()


def _turn(char: dict) -> int:
    """Quarter turns (counterclockwise) of a pdfminer character's line from left-to-right."""
    a, b = char["matrix"][:2]
    if char["upright"] and a > 0:
        return 0
    return round(math.atan2(b, a) / (math.pi / 2)) % 4


def _plumber_model(page, number: int) -> PageModel:
    chars = page.chars
    model = PageModel(number, float(page.width), float(page.height), int(page.rotation or 0) % 360,
                      glyphs=len(chars), images=len(page.images))
    model.unmapped = sum(1 for c in chars if CID_GLYPH.match(c["text"]))
    model.chars = [Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"], _turn(c))
                   for c in chars if not c["text"].isspace()]
    model.edges = [Edge(e["orientation"] == "h", e["x0"], e["top"], e["x1"], e["bottom"])
                   for e in page.edges if e["orientation"] in ("h", "v")]
    page.close()  # drop pdfplumber's parsed objects of the page: all that is needed is kept here
    return model

"""PDF pages read with pdfium (pypdfium2's raw API) into the page model (parsers/pdf_model).

Per page: the text page's characters in one FPDFText_GetText call; per text object
its effective matrix (direction, baseline, scale), font size and whether its font
maps glyphs to unicode; per printed character its loose box, whose extent along the
line is the advance width (across the line a character spans its baseline and one
font size up, as pdfminer's do); then every path object, in Form XObjects too, as the
edges pdfplumber makes of it (parsers/pdf_paths).  Boxes are turned into the
page's display coordinates (its /Rotate applied, `top` downwards) with the same
matrix pdfminer uses, so both engines place everything alike.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator

from parsers import pdfium_chars
from parsers.pdf_model import PageModel
from parsers.pdf_paths import Matrix, compose, display_matrix, displayed, path_edges
from selfeval.errors import CorruptFileError, EncryptedFileError, MissingDependencyError

# pdfium's FPDF_GetLastError codes (fpdfview.h) other than success, password and security
LOAD_ERRORS = {1: "unknown error", 2: "the file cannot be read", 3: "not a PDF or damaged", 6: "page not found or damaged"}
# what pdfium's text answers for a hyphen ending a line (its unicode there is 0x02)
PDFIUM_HYPHEN = "\ufffe"
MAX_FORM_DEPTH = 15  # Form XObjects nested deeper than this are not looked into (pypdfium2's own limit)


def _pdfium():
    try:
        import pypdfium2.raw as pdfium
    except ModuleNotFoundError as exc:
        raise MissingDependencyError(f"the pdfium PDF engine needs the package {exc.name!r}: "
                                     f"pip install 'selfeval[pdf]'") from exc
    return pdfium


def open_document(data: bytes):
    """The pdfium document of `data` (the caller keeps `data` alive while it is open, and closes
    it with FPDF_CloseDocument).  Raises EncryptedFileError / CorruptFileError."""
    pdfium = _pdfium()
    doc = pdfium.FPDF_LoadMemDocument64(data, len(data), None)
    if not doc:
        error = pdfium.FPDF_GetLastError()
        if error in (pdfium.FPDF_ERR_PASSWORD, pdfium.FPDF_ERR_SECURITY):
            raise EncryptedFileError("encrypted PDF: it needs a password to be read") from PdfiumError(error)
        raise CorruptFileError(f"corrupt PDF, cannot be opened: {LOAD_ERRORS.get(error, 'unknown error')} "
                               f"(pdfium error {error})") from PdfiumError(error)
    return doc


class PdfiumError(Exception):
    """pdfium's own error code, the cause of the input error raised for it."""


def pdfium_pages(data: bytes) -> Iterator[PageModel]:
    """The page models of a PDF, read with pdfium."""
    pdfium = _pdfium()
    doc = open_document(data)
    try:
        reader = _Reader(pdfium)
        for index in range(pdfium.FPDF_GetPageCount(doc)):
            page = pdfium.FPDF_LoadPage(doc, index)
            if not page:
                raise CorruptFileError(f"corrupt PDF, page {index + 1} cannot be read "
                                       f"(pdfium error {pdfium.FPDF_GetLastError()})")
            try:
                yield reader.page(page, index + 1)
            finally:
                pdfium.FPDF_ClosePage(page)
    finally:
        pdfium.FPDF_CloseDocument(doc)


class _Reader:
    """The calls that read one page, looked up once per document."""

    def __init__(self, pdfium) -> None:
        self.pdfium = pdfium
        self.rect = pdfium.FS_RECTF()
        self.matrix = pdfium.FS_MATRIX()
        self.point = (ctypes.c_float(), ctypes.c_float())
        # FPDFText_GetTextObject answering a plain address: compared per character, cheaply
        address = ctypes.cast(pdfium.FPDFText_GetTextObject, ctypes.c_void_p).value
        self.text_object = ctypes.CFUNCTYPE(ctypes.c_void_p, pdfium.FPDF_TEXTPAGE, ctypes.c_int)(address)
        self.bulk = pdfium_chars.load(pdfium, self.rect, self.matrix)  # one call a page, if the C helper is built
        self.bulk_objects = pdfium_chars.load_objects(pdfium, self.matrix, *self.point)

    def page(self, page, number: int) -> PageModel:
        pdfium = self.pdfium
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if not pdfium.FPDFPage_GetMediaBox(page, left, bottom, right, top):
            box = pdfium.FS_RECTF()
            pdfium.FPDF_GetPageBoundingBox(page, box)
            left.value, bottom.value, right.value, top.value = box.left, box.bottom, box.right, box.top
        rotation = (pdfium.FPDFPage_GetRotation(page) % 4) * 90
        mediabox = (min(left.value, right.value), min(bottom.value, top.value),
                    max(left.value, right.value), max(bottom.value, top.value))
        matrix, width, height = display_matrix(mediabox, rotation)
        model = PageModel(number, width, height, rotation)
        textpage = pdfium.FPDFText_LoadPage(page)
        if not textpage:
            raise CorruptFileError(f"corrupt PDF, the text of page {number} cannot be read")
        try:
            self._chars(textpage, model, matrix)
        finally:
            pdfium.FPDFText_ClosePage(textpage)
        if self.bulk_objects is not None:
            self._objects_bulk(page, False, matrix, model)
        else:
            count = pdfium.FPDFPage_CountObjects(page)
            self._objects([pdfium.FPDFPage_GetObject(page, k) for k in range(count)], matrix, model)
        return model

    def _text(self, textpage, n: int) -> str:
        pdfium = self.pdfium
        buffer = (ctypes.c_ushort * (2 * n + 1))()
        written = pdfium.FPDFText_GetText(textpage, 0, n, buffer)
        text = bytes(buffer)[: 2 * max(written - 1, 0)].decode("utf-16-le", "replace")
        if len(text) != n:  # characters outside the BMP: one index each, two UTF-16 units
            text = "".join(chr(pdfium.FPDFText_GetUnicode(textpage, k)) for k in range(n))
        return text.replace(PDFIUM_HYPHEN, "-").replace("\x02", "-")

    def _chars(self, textpage, model: PageModel, m: Matrix) -> None:
        """The page's printed characters.  Along the line a character's box is its loose box (the
        advance width); across it, its text object's baseline and one font size up from it."""
        n = self.pdfium.FPDFText_CountChars(textpage)
        if n <= 0:
            return
        text = self._text(textpage, n)
        quarters = model.rotation // 90  # the /Rotate turns what user space shows
        got = self.bulk and self.bulk(textpage, n, text, m, quarters)  # None: no helper, or skewed text
        if got is None:
            raw, model.glyphs, model.unmapped = self._chars_one_by_one(textpage, text, quarters)
            model.chars = displayed(raw, m)
            return
        model.packed, model.glyphs, model.unmapped = got  # the characters as arrays: Chars when asked

    def _text_object(self, textpage, k: int, quarters: int) -> tuple[bool, float, float, float, int]:
        """(along_x, lo, hi, size, turn) of character k's text object: whether its lines run along x
        (else it is turned a quarter), its baseline and one font size (Tf times its matrix's
        scale) up from it across the line, and its quarter turns as displayed."""
        matrix = self.matrix
        self.pdfium.FPDFText_GetMatrix(textpage, k, matrix)
        a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
        size = self.pdfium.FPDFText_GetFontSize(textpage, k) * math.hypot(c, d)
        along_x = abs(a) >= abs(b)
        base, up = (matrix.f, d) if along_x else (matrix.e, c)
        lo, hi = (base, base + size) if up >= 0 else (base - size, base)
        turn = (((0 if a > 0 else 2) if along_x else (1 if b > 0 else 3)) - quarters) % 4
        return along_x, lo, hi, size, turn

    def _chars_one_by_one(self, textpage, text: str, quarters: int) -> tuple[list[tuple], int, int]:
        """(raw characters, glyphs, unmapped) asking pdfium from Python, character by character
        (without the C helper, parsers/pdfium_chars: the same calls, the same answers)."""
        pdfium, rect = self.pdfium, self.rect
        get_box, text_object = pdfium.FPDFText_GetLooseCharBox, self.text_object
        map_error, is_generated = pdfium.FPDFText_HasUnicodeMapError, pdfium.FPDFText_IsGenerated
        raw: list[tuple] = []
        glyphs = unmapped = 0
        current = None
        along_x, lo, hi, size, turn, unmapped_font = True, 0.0, 0.0, 0.0, 0, 0
        for k, ch in enumerate(text):
            if ch.isspace():  # left out of the page model (pdfium's generated spaces and line ends too)
                if not is_generated(textpage, k):
                    glyphs += 1
                    unmapped += map_error(textpage, k)  # an unmapped glyph's code may read as a space
                continue
            glyphs += 1
            obj = text_object(textpage, k)
            if obj != current:  # a new text object
                current = obj
                along_x, lo, hi, size, turn = self._text_object(textpage, k, quarters)
                unmapped_font = map_error(textpage, k)
            if unmapped_font and map_error(textpage, k):
                unmapped += 1
            get_box(textpage, k, rect)
            raw.append((ch, rect.left, rect.right, lo, hi, size, turn) if along_x
                       else (ch, lo, hi, rect.bottom, rect.top, size, turn))
        return raw, glyphs, unmapped

    def _objects(self, objects: list, outer: Matrix, model: PageModel, depth: int = 0) -> None:
        """The edges of every path object among `objects` (and in the forms among them), and the
        number of images; `outer` maps their space to the page's display coordinates."""
        pdfium = self.pdfium
        for obj in objects:
            kind = pdfium.FPDFPageObj_GetType(obj)
            if kind == pdfium.FPDF_PAGEOBJ_IMAGE:
                model.images += 1
            elif kind == pdfium.FPDF_PAGEOBJ_PATH:
                model.edges.extend(path_edges(self._segments(obj), compose(self._matrix(obj), outer)))
            elif kind == pdfium.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
                count = pdfium.FPDFFormObj_CountObjects(obj)
                inner = compose(self._matrix(obj), outer)
                self._objects([pdfium.FPDFFormObj_GetObject(obj, k) for k in range(count)], inner, model, depth + 1)

    def _objects_bulk(self, container, form: bool, outer: Matrix, model: PageModel, depth: int = 0) -> None:
        """_objects, with the C helper: the same calls, one per object (text objects skipped in C)."""
        objects, path = self.bulk_objects
        for obj, kind in objects(container, form):
            if kind == self.pdfium.FPDF_PAGEOBJ_IMAGE:
                model.images += 1
            elif kind == self.pdfium.FPDF_PAGEOBJ_PATH:
                own, segments = path(obj)
                model.edges.extend(path_edges(segments, compose(own, outer)))
            elif depth < MAX_FORM_DEPTH:  # a form
                self._objects_bulk(obj, True, compose(path(obj)[0], outer), model, depth + 1)

    def _matrix(self, obj) -> Matrix:
        m = self.matrix
        if not self.pdfium.FPDFPageObj_GetMatrix(obj, m):
            return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def _segments(self, obj) -> list[tuple[int, float, float, bool]]:
        """(type, x, y, closes) of every segment of a path, in its own space."""
        pdfium = self.pdfium
        x, y = self.point
        get_segment, get_point = pdfium.FPDFPath_GetPathSegment, pdfium.FPDFPathSegment_GetPoint
        get_type, get_close = pdfium.FPDFPathSegment_GetType, pdfium.FPDFPathSegment_GetClose
        out = []
        for k in range(pdfium.FPDFPath_CountSegments(obj)):
            segment = get_segment(obj, k)
            get_point(segment, x, y)
            out.append((get_type(segment), x.value, y.value, bool(get_close(segment))))
        return out

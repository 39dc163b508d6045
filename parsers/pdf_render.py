"""A PDF page, or a region of it, as an image (pdfium): for OCR and for looking at a form.

    from parsers.pdf_render import render_page
    image = render_page("form.pdf", 0, dpi=300)                          # the whole first page
    cell = render_page(data, 2, dpi=300, box=(84.6, 98.9, 516.4, 125.0))  # one region of page 3

Coordinates are the page model's (parsers/pdf_model): points, from the top-left
corner of the page as displayed (its /Rotate applied), `top` downwards; a char's or
a cell's box can be passed as it is.  The image is an RGB `PIL.Image.Image` showing
the page as a viewer does (upright, on white, annotations and form fields drawn).
"""

from __future__ import annotations

from pathlib import Path

from selfeval.errors import CorruptFileError, InputError, MissingDependencyError

POINTS_PER_INCH = 72.0


def render_page(pdf: str | Path | bytes, page_index: int, dpi: float = 200.0,
                box: tuple[float, float, float, float] | None = None):
    """Page `page_index` (0-based) of `pdf` (a path, or the file's bytes) at `dpi` dots per inch,
    or only the region `box` = (x0, top, x1, bottom) of it, as an RGB PIL image.

    Raises EncryptedFileError / CorruptFileError for a file pdfium cannot open, InputError for a
    page or box that is not on it, MissingDependencyError without pypdfium2 or Pillow."""
    try:
        import PIL.Image  # noqa: F401  (pypdfium2's to_pil needs it)
        import pypdfium2
    except ModuleNotFoundError as exc:
        raise MissingDependencyError(f"rendering PDF pages needs the package {exc.name!r}: "
                                     f"pip install 'selfeval[pdf]'") from exc
    from parsers.pdf_pdfium import open_document

    data = pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()
    document = pypdfium2.PdfDocument(open_document(data))  # pdfium's own errors become ours
    try:
        if not 0 <= page_index < len(document):
            raise InputError(f"the PDF has {len(document)} pages: there is no page index {page_index}")
        document.init_forms()  # filled-in form fields are drawn too
        page = document[page_index]
        crop = (0.0, 0.0, 0.0, 0.0)
        if box is not None:
            width, height = page.get_size()
            x0, top, x1, bottom = box
            if not (0 <= x0 < x1 <= width + 0.5 and 0 <= top < bottom <= height + 0.5):
                raise InputError(f"box {box} is not on the page ({width:.1f} x {height:.1f} points)")
            crop = (x0, max(height - bottom, 0.0), max(width - x1, 0.0), top)  # cut off left, bottom, right, top
        try:
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, crop=crop)
        except pypdfium2.PdfiumError as exc:
            raise CorruptFileError(f"page {page_index + 1} cannot be rendered: {exc}") from exc
        return bitmap.to_pil().convert("RGB")
    finally:
        document.close()

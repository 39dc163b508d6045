"""Page images: decoded, made grey without red seals, straightened and binarised.

Every page is brought to WORK_DPI (scans come at 150–300 dpi), so the sizes the grid
finder and the line splitter use are fixed numbers of pixels.  Red ink (seals, stamps)
is bright in the red channel, black print is dark in every channel: the red channel is
the grey image, which drops the seal and keeps the text under it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from selfeval.errors import CorruptFileError

WORK_DPI = 200  # every page is resampled to this resolution before it is read
RENDER_DPI = 200  # image-only PDF pages are rasterised at this resolution
MAX_TILT = 3.0  # degrees: steeper ruling lines are not taken for the page's tilt
TILT_RUN = 30  # pixels: horizontal runs of ink this long vote for the tilt
TILT_LINES = 9  # the strongest lines found whose median angle is the tilt
MIN_TILT = 0.08  # degrees: below this the page is left as it is
SEAL_CHROMA = 138  # YCrCb red-difference above this (128 is grey) is the red of a seal
SEAL_INK = 150  # under a seal, only print darker than this is kept ...
RULE_RUN = 50  # pixels: ... and straight runs of ink at least this long (the ruling lines)
MAX_PIXELS = 60_000_000  # a page bigger than this (at WORK_DPI) is refused, not decoded


@dataclass
class Page:
    number: int  # 1-based
    grey: np.ndarray  # uint8, straightened, WORK_DPI
    ink: np.ndarray  # uint8 0/255, 255 = ink, same size

    @property
    def scale(self) -> float:
        """Points (1/72 inch) per pixel: the unit the PDF reader's grids use."""
        return 72.0 / WORK_DPI


def image_pages(data: bytes) -> list[Page]:
    """Every frame of a PNG / JPEG / TIFF file."""
    try:
        image = Image.open(io.BytesIO(data))
        frames = [(frame.copy(), frame.info.get("dpi")) for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise CorruptFileError(f"corrupt or unreadable image: {exc}") from exc
    pages = []
    for number, (frame, dpi) in enumerate(frames, start=1):
        pages.append(prepare(number, frame, _dpi_of(dpi, frame)))
    return pages


def _dpi_of(dpi: object, frame: Image.Image) -> float:
    """The stated resolution, else one guessed from an A4 page's width."""
    if isinstance(dpi, tuple) and dpi and float(dpi[0]) >= 50:
        return float(dpi[0])
    return min(frame.size) / 8.27  # A4 is 8.27 inches wide (portrait) or high (landscape)


def pdf_pages(data: bytes) -> list[Page]:
    """Every page of a PDF rasterised (the image-only PDF of a scanner)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise CorruptFileError(f"corrupt PDF, cannot be rasterised: {exc}") from exc
    try:
        pages = []
        for index in range(len(document)):
            image = document[index].render(scale=RENDER_DPI / 72).to_pil()
            pages.append(prepare(index + 1, image, RENDER_DPI))
        return pages
    finally:
        document.close()


def prepare(number: int, image: Image.Image, dpi: float) -> Page:
    factor = WORK_DPI / dpi
    if image.width * image.height * factor * factor > MAX_PIXELS:
        raise CorruptFileError(f"page {number} is too large to read: {image.width}×{image.height} pixels")
    grey, seal = _grey(image)
    if abs(factor - 1) > 0.02:
        grey = cv2.resize(grey, None, fx=factor, fy=factor,
                          interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC)
        seal = cv2.resize(seal, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_NEAREST)
    angle = tilt(binarise(grey))
    if abs(angle) >= MIN_TILT:
        grey, seal = _rotate(grey, angle, 255), _rotate(seal, angle, 0)
    if seal.any():
        grey = _unseal(grey, seal > 0)
    return Page(number, grey, binarise(grey))


def _grey(image: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """The page in grey, and where a red seal is (uint8, 1 = seal)."""
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        backdrop = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(backdrop, image)
    if image.mode in ("1", "L", "I;16", "I"):
        grey = np.asarray(image.convert("L"), dtype=np.uint8).copy()
        return grey, np.zeros_like(grey)
    rgb = np.asarray(image.convert("RGB"), dtype=np.uint8)
    chroma = cv2.cvtColor(rgb, cv2.COLOR_RGB2YCrCb)[:, :, 1]
    seal = cv2.dilate((chroma > SEAL_CHROMA).astype(np.uint8), np.ones((5, 5), np.uint8))
    return rgb[:, :, 0].copy(), seal  # red channel: red seals fade, black print stays


def _unseal(grey: np.ndarray, seal: np.ndarray) -> np.ndarray:
    """JPEG keeps colour at half resolution: a seal's strokes come out of the red channel as grey
    edges.  Under the seal only print darker than SEAL_INK is kept, and the straight ruling lines
    it covers (text the seal covers is often left unsure, and nulled)."""
    ink = binarise(grey)
    lines = (cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (RULE_RUN, 1)))
             | cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, RULE_RUN))))
    lines = cv2.dilate(lines, np.ones((3, 3), np.uint8)) > 0
    out = grey.copy()
    out[seal & (grey > SEAL_INK) & ~lines] = 255
    return out


def binarise(grey: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0: Otsu's threshold after a light blur (JPEG ringing, paper grain), then
    isolated specks removed."""
    smooth = cv2.GaussianBlur(grey, (3, 3), 0)
    _t, ink = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))


def tilt(ink: np.ndarray) -> float:
    """The page's tilt in degrees (clockwise on screen positive), from its long horizontal lines:
    a Hough transform over normals within MAX_TILT of vertical, on runs of ink at least TILT_RUN
    long (a ruling line tilted by 2° is still such runs, text mostly is not)."""
    runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (TILT_RUN, 1)))
    spread = np.radians(MAX_TILT)
    lines = cv2.HoughLines(runs, 1, np.radians(0.05), ink.shape[1] // 6,
                           min_theta=np.pi / 2 - spread, max_theta=np.pi / 2 + spread)
    if lines is None:
        return 0.0
    thetas = lines[:TILT_LINES, 0, 1]
    return float(np.degrees(np.median(thetas)) - 90.0)


def _rotate(plane: np.ndarray, angle: float, fill: int) -> np.ndarray:
    h, w = plane.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(plane, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)

"""The page model every PDF engine hands to the table builder (parsers/pdf_tables.py).

A page is its characters (text, box, font size) and its ruling edges (horizontal
and vertical segments from stroked lines, rectangles and other paths), in the
page's display coordinates: points, x to the right and `top` downwards from the
top-left corner of the page as shown, after its /Rotate.  Either engine
(pdfplumber, pdfium) fills it; nothing after it knows which one did.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the font size in points, as printed


@dataclass(frozen=True, slots=True)
class Edge:
    """A horizontal (`top == bottom`) or vertical (`x0 == x1`) ruling segment."""

    horizontal: bool
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class PageModel:
    number: int  # 1-based
    width: float
    height: float
    rotation: int = 0  # the page's /Rotate, already applied to every box
    chars: list[Char] = field(default_factory=list)  # printed characters, spaces left out
    edges: list[Edge] = field(default_factory=list)
    glyphs: int = 0  # characters the page draws, spaces included
    unmapped: int = 0  # ... of which the font gives no unicode for
    images: int = 0

"""The page model every PDF engine hands to the table builder (parsers/pdf_tables.py).

A page is its characters (text, box, font size) and its ruling edges (horizontal
and vertical segments from stroked lines, rectangles and other paths), in the
page's display coordinates: points, x to the right and `top` downwards from the
top-left corner of the page as shown, after its /Rotate.  Either engine
(pdfplumber, pdfium) fills it; nothing after it knows which one did.

A page whose text runs sideways or upside down without a /Rotate to right it (a
landscape table printed turned on a portrait page) is turned by `upright` so that
most of its characters read left to right.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the font size in points, as printed
    turn: int = 0  # quarter turns (counterclockwise, as displayed) of its line from left-to-right


@dataclass(frozen=True, slots=True)
class Edge:
    """A horizontal (`top == bottom`) or vertical (`x0 == x1`) ruling segment."""

    horizontal: bool
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class PackedChars:
    """A page's `chars` as flat arrays, as the pdfium reader's C helper read them: what the C page text
    (parsers/page_text) reads instead of the Char objects."""

    box: array  # 'd': x0, x1, top, bottom of chars[i] at 4i
    size: array  # 'd': chars[i].size
    turn: array  # 'b': chars[i].turn
    index: array  # 'i': chars[i].text is the code point codes[index[i]]
    codes: array  # 'I': the code points of the page's text

    def unpack(self) -> list[Char]:
        box, codes = self.box, self.codes
        return list(map(Char, [chr(codes[k]) for k in self.index], box[0::4], box[1::4], box[2::4], box[3::4],
                        self.size, self.turn))


@dataclass(slots=True)
class PageModel:
    number: int  # 1-based
    width: float
    height: float
    rotation: int = 0  # the page's /Rotate, already applied to every box
    chars: list[Char] = field(default_factory=list)  # printed characters, spaces left out: see char_list
    edges: list[Edge] = field(default_factory=list)
    glyphs: int = 0  # characters the page draws, spaces included
    unmapped: int = 0  # ... of which the font gives no unicode for
    images: int = 0
    # the characters as arrays, where the reader has them so: `chars` is then left empty until
    # char_list() is asked (the C page text, parsers/page_text, reads the arrays: no Char is made)
    packed: PackedChars | None = field(default=None, compare=False, repr=False)

    def char_list(self) -> list[Char]:
        """The page's characters as Char objects (made from `packed` on the first call)."""
        if self.packed is not None and not self.chars:
            self.chars = self.packed.unpack()
        return self.chars

    def turn_counts(self) -> list[int]:
        """How many characters read at each quarter turn (0-3), without making Chars of the arrays."""
        if self.packed is not None and not self.chars:
            return [self.packed.turn.count(t) for t in range(4)]
        turns = [0, 0, 0, 0]
        for ch in self.chars:
            turns[ch.turn] += 1
        return turns


def upright(page: PageModel) -> PageModel:
    """The page turned so that most of its characters read left to right (it is returned as it is
    when they already do): boxes and edges turned with it, each character's size its extent across
    its line."""
    turns = page.turn_counts()
    turn = max(range(4), key=lambda t: (turns[t], t == 0))
    if turn == 0 or turns[turn] * 2 <= sum(turns):
        return page
    w, h = page.width, page.height
    if turn == 1:  # lines run up the page: turn it a quarter clockwise, (x, top) -> (h - top, x)
        box, size = (lambda x0, t0, x1, t1: (h - t1, x0, h - t0, x1)), (h, w)
    elif turn == 3:  # lines run down: a quarter counterclockwise, (x, top) -> (top, w - x)
        box, size = (lambda x0, t0, x1, t1: (t0, w - x1, t1, w - x0)), (h, w)
    else:  # upside down: (x, top) -> (w - x, h - top)
        box, size = (lambda x0, t0, x1, t1: (w - x1, h - t1, w - x0, h - t0)), (w, h)
    chars = []
    for ch in page.char_list():
        x0, t0, x1, t1 = box(ch.x0, ch.top, ch.x1, ch.bottom)
        chars.append(Char(ch.text, x0, x1, t0, t1, t1 - t0 if ch.turn == turn else ch.size, (ch.turn - turn) % 4))
    edges = [Edge(e.horizontal == (turn == 2), *box(e.x0, e.top, e.x1, e.bottom)) for e in page.edges]
    return PageModel(page.number, *size, page.rotation, chars, edges, page.glyphs, page.unmapped, page.images)

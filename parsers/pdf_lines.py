"""Text lines from a PDF page's characters: grouped by their top, read left to right, a
character printed twice over itself once, a space between two ASCII words."""

from __future__ import annotations

from operator import attrgetter

import regex

from parsers.pdf_model import Char

# an ASCII letter or digit: two of them across a gap in a line were two words
ASCII_ALNUM = regex.compile(r"[A-Za-z0-9]")

LINE_GAP = 0.5  # characters whose tops differ by at most this share of the font size are one line
WORD_GAP = 0.25  # a gap wider than this share of the font size between two ASCII characters is a space
CELL_GAP = 2.0  # a gap wider than this many font sizes cuts a free line into cells
OVERPRINT = 0.2  # the same character within this share of the font size is printed twice over itself
TOP_LEFT, LEFT = attrgetter("top", "x0"), attrgetter("x0")  # sort keys


def rows_of(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into text lines, top to bottom; each line's characters left to right,
    a character printed twice over itself (fake bold) once."""
    rows: list[list[Char]] = []
    for ch in sorted(chars, key=TOP_LEFT):
        if rows and abs(ch.top - rows[-1][0].top) <= ch.size * LINE_GAP:
            rows[-1].append(ch)
        else:
            rows.append([ch])
    out = []
    for row in rows:
        row.sort(key=LEFT)
        kept = [row[0]]
        for ch in row[1:]:
            last = kept[-1]
            if not (ch.text == last.text and abs(ch.x0 - last.x0) < OVERPRINT * ch.size):
                kept.append(ch)
        out.append(kept)
    return out


def line_text(row: list[Char]) -> str:
    parts = [row[0].text]
    for prev, ch in zip(row, row[1:], strict=False):
        if (ch.x0 - prev.x1 > WORD_GAP * ch.size and ASCII_ALNUM.match(prev.text[-1:])
                and ASCII_ALNUM.match(ch.text[:1])):
            parts.append(" ")
        parts.append(ch.text)
    return "".join(parts)


def text_lines(chars: list[Char]) -> list[tuple[float, str]]:
    """(top, text) of every text line the characters make."""
    return [(row[0].top, line_text(row)) for row in rows_of(chars)]


def line_cells(row: list[Char]) -> tuple[str, ...]:
    """A free line's parts, cut where a wide gap separates them (`项目名称：…      预算单位：…`
    laid out without a table)."""
    parts = [[row[0]]]
    for prev, ch in zip(row, row[1:], strict=False):
        if ch.x0 - prev.x1 > CELL_GAP * ch.size:
            parts.append([])
        parts[-1].append(ch)
    return tuple(line_text(part) for part in parts)

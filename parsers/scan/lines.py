"""Text lines inside a cell or a strip of page, from the ink's projection profiles.

No text detector: the rows of ink in a crop are its lines (a thin band, the top or
bottom strokes of 二 or 三, joins its neighbour), and within a line a gap wider than
GAP_SHARE line heights parts two pieces of text (the free line `项目名称：…   单位：…`).
"""

from __future__ import annotations

import numpy as np

MIN_INK = 12  # ink pixels: less in a band is a speck, not text
MIN_LINE = 20  # pixels: the least a text line is taken to be (a crop of one lone ≥ has no median to go by)
MIN_HEIGHT = 6  # pixels: bands lower than this on their own are specks or rule remnants
THIN = 0.6  # a band under this share of the crop's median line height is part of a neighbour
JOIN_GAP = 0.5  # ... when the gap to it is under this share of the median height
GAP_SHARE = 2.0  # a horizontal gap wider than this many line heights parts a line into pieces
PAD = 4  # pixels of paper kept around each piece
BAR_HEIGHT = 0.25  # a piece of ink lower than this share of a text line ...
BAR_LENGTH = 3.0  # ... and this many times as long as it is high is a dash (—), not text ...
BAR_SOLID = 0.95  # ... if ink is in this share of its columns (…… is dots)


Box = tuple[int, int, int, int]  # x0, y0, x1, y1 (ends exclusive), page pixels


def _runs(profile: np.ndarray) -> list[list[int]]:
    """[start, end) of every run of non-zero entries."""
    on = np.concatenate([[0], (profile > 0).astype(np.int8), [0]])
    edges = np.flatnonzero(np.diff(on))
    return [[int(a), int(b)] for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _bands(ink: np.ndarray) -> list[list[int]]:
    bands = _runs(ink.sum(axis=1))
    if not bands:
        return []
    median = max(MIN_LINE, float(np.median([b - a for a, b in bands])))
    merged: list[list[int]] = []
    for band in bands:
        if merged:
            prev = merged[-1]
            thin = min(prev[1] - prev[0], band[1] - band[0]) < THIN * median
            if thin and band[0] - prev[1] < JOIN_GAP * median and band[1] - prev[0] <= 1.5 * median:
                prev[1] = band[1]
                continue
        merged.append(band)
    return [b for b in merged if b[1] - b[0] >= MIN_HEIGHT or ink[b[0]:b[1]].sum() >= MIN_INK * 255 * 3]


def text_lines(ink: np.ndarray, box: Box, split: bool = False) -> list[list[Box]]:
    """The text lines in `box` of the page's ink, top to bottom, each as its pieces left to
    right (one piece unless `split`), each piece as the box of its ink."""
    x0, y0, x1, y1 = box
    crop = ink[y0:y1, x0:x1]
    out = []
    for top, bottom in _bands(crop):
        band = crop[top:bottom]
        if (band > 0).sum() < MIN_INK:
            continue
        cols = _runs(band.sum(axis=0))
        pieces = [cols[0][:]]
        for start, end in cols[1:]:
            if split and start - pieces[-1][1] > GAP_SHARE * (bottom - top):
                pieces.append([start, end])
            else:
                pieces[-1][1] = end
        out.append([_tight(band, x0 + a, y0 + top, a, b) for a, b in pieces])
    return out


def _tight(band: np.ndarray, left: int, top: int, a: int, b: int) -> Box:
    """The ink's own box of one piece of a line (its band may be taller than the piece's ink)."""
    rows = np.flatnonzero(band[:, a:b].any(axis=1))
    return left, top + int(rows[0]), left + (b - a), top + int(rows[-1]) + 1


def crop_box(box: Box, line_height: float, shape: tuple[int, ...]) -> Box:
    """The piece's box grown to a crop the recogniser reads well: PAD pixels of paper round it, and
    a sliver (a lone 一 or 、) grown to half a text line."""
    x0, y0, x1, y1 = box
    grow = max(PAD, int((line_height / 2 - (y1 - y0)) / 2) + PAD)
    return max(0, x0 - PAD), max(0, y0 - grow), min(shape[1], x1 + PAD), min(shape[0], y1 + grow)


def is_bar(ink: np.ndarray, box: Box, line_height: float) -> bool:
    """Is the piece a lone, unbroken horizontal bar (a dash, the form's 'no value' mark; not ……)?"""
    x0, y0, x1, y1 = box
    if not (y1 - y0 <= BAR_HEIGHT * line_height and x1 - x0 >= BAR_LENGTH * (y1 - y0) and x1 - x0 >= 0.5 * line_height):
        return False
    return bool(ink[y0:y1, x0:x1].any(axis=0).mean() >= BAR_SOLID)

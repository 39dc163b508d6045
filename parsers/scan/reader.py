"""Text recognition of line crops with rapidocr's PP-OCRv4 recogniser, character by character.

No text detection: the grid finder and the line splitter hand over crops that hold one
line of text each.  The recogniser's CTC output is decoded here rather than by
rapidocr, so that every character keeps its own probability and the runner-up class
at its strongest time step (a 1 read where the model also saw a 7).
"""

from __future__ import annotations

import contextlib
import unicodedata
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
import regex

REC_HEIGHT = 48  # pixels: the height the recogniser was trained at
# punctuation and spaces: what the recogniser makes of the blank gap between two joined lines
GAP_MARK = regex.compile(r"^[\p{P}\s]$")
GAP = 24  # pixels of white between the lines of one cell read side by side
RUNNER_UP = 0.02  # a second class above this probability at a character's step is kept as an alternative


@dataclass(frozen=True)
class LineRead:
    text: str
    confidences: tuple[float, ...]  # one per character of text
    alternatives: tuple[tuple[int, str, float], ...]  # (character index, other reading, its probability)


@cache
def _twins(chars: tuple[str, ...]) -> dict[int, np.ndarray]:
    """For every class of the recogniser's alphabet that has look-alikes meaning the same after NFKC
    (（ and (, ， and ,): the indices of all of them.  Which one of them was printed does not
    matter (values are compared after NFKC), so they share their probability."""
    groups: dict[str, list[int]] = {}
    for i, ch in enumerate(chars):
        if i:
            groups.setdefault(unicodedata.normalize("NFKC", ch), []).append(i)
    return {i: np.array(g) for g in groups.values() if len(g) > 1 for i in g}


# address space onnxruntime reserves for the recogniser (its arenas and threads map far more than
# they touch: about 240 MB resident for about 800 MB mapped)
OCR_ADDRESS_SPACE = 1 << 30


def _make_room(extra: int = OCR_ADDRESS_SPACE) -> None:
    """Raise this process's soft address-space limit (a worker's memory cap, RLIMIT_AS) by `extra`
    bytes, within its hard limit, before the OCR runtime maps its arenas; no limit, no change."""
    try:
        import resource
    except ImportError:  # not on this platform
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return
    target = soft + extra if hard == resource.RLIM_INFINITY else min(soft + extra, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (target, hard))


@cache
def _engine():
    from rapidocr_onnxruntime import RapidOCR  # the ocr extra; checked by parsers.scan before any call

    _make_room()

    # one thread: selfeval runs files in parallel processes, not one file on many threads
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1,
                    rec_intra_op_num_threads=1, rec_inter_op_num_threads=1).text_rec


def read_lines(groups: list[list[np.ndarray]]) -> list[list[LineRead]]:
    """The text of every crop (grey, uint8, one text line each), group by group.  The lines of a
    group (a cell) are read in one run, side by side with a gap: a line of one or two characters
    (the 0 a wrapped amount ends with, a lone ≥) is read far better among its neighbours, and one
    run costs less than several.  Each character goes back to the line under its time step."""
    rec = _engine()
    chars = tuple(rec.postprocess_op.character)
    twins = _twins(chars)
    out = []
    for group in groups:
        if not group:
            out.append([])
            continue
        strips = [_resized(crop) for crop in group]
        gap = np.full((REC_HEIGHT, GAP), 255, np.uint8)
        joined = np.hstack([part for strip in strips for part in (strip, gap)][:-1])
        probs = rec.session(_normalised(joined))[0][0]
        step = joined.shape[1] / probs.shape[0]  # pixels per time step
        spans, x = [], 0
        for strip in strips:
            spans.append((x, x + strip.shape[1]))
            x += strip.shape[1] + GAP
        out.append(_split(_decode(probs, chars, twins), spans, step))
    return out


def _resized(crop: np.ndarray) -> np.ndarray:
    """A crop (with its few pixels of paper round the ink) REC_HEIGHT high: more paper round a lone
    character makes the recogniser less sure of it, not more."""
    h, w = crop.shape
    width = max(REC_HEIGHT // 2, round(w * REC_HEIGHT / h))
    return cv2.resize(crop, (width, REC_HEIGHT), interpolation=cv2.INTER_AREA if h > REC_HEIGHT
                      else cv2.INTER_LINEAR)


def _normalised(strip: np.ndarray) -> np.ndarray:
    """The strip as the recogniser takes it: values in [-1, 1], 3 channels, batch of one."""
    plane = strip.astype(np.float32) / 127.5 - 1.0
    return np.repeat(plane[None, None], 3, axis=1)


def _split(read: _Read, spans: list[tuple[int, int]], step: float) -> list[LineRead]:
    """The joined read cut back into one LineRead per line, by where each character was seen.  A
    mark seen in the gap between two lines (the recogniser likes to put a . there) is dropped."""
    parts: list[list[int]] = [[] for _ in spans]
    for k, t in enumerate(read.steps):
        x = (t + 0.5) * step
        mark = GAP_MARK.match(read.text[k]) is not None
        slack = 0 if mark else step  # a mark must lie on its line, a character may overhang by a step
        inside = [n for n, (a, b) in enumerate(spans) if a - slack <= x <= b + slack]
        if not inside and mark:
            continue
        nearest = min(range(len(spans)), key=lambda n: min(abs(x - spans[n][0]), abs(x - spans[n][1])))
        parts[inside[0] if inside else nearest].append(k)
    out = []
    for ks in parts:
        kept = [k for k in ks if not read.text[k].isspace()]
        index = {k: n for n, k in enumerate(kept)}
        out.append(LineRead("".join(read.text[k] for k in kept), tuple(read.confidences[k] for k in kept),
                            tuple((index[k], alt, p) for k, alt, p in read.alternatives if k in index)))
    return out


@dataclass(frozen=True)
class _Read:
    text: str
    confidences: tuple[float, ...]
    alternatives: tuple[tuple[int, str, float], ...]
    steps: tuple[int, ...]  # the time step each character was first seen at


def _decode(probs: np.ndarray, chars: tuple[str, ...], twins: dict[int, np.ndarray]) -> _Read:
    """Greedy CTC decoding keeping each character's best probability (its NFKC twins' included)
    and its runner-up."""
    best = probs.argmax(axis=1)
    text: list[str] = []
    conf: list[float] = []
    alts: list[tuple[int, str, float]] = []
    steps: list[int] = []
    prev = 0
    for t, idx in enumerate(best):
        idx = int(idx)
        same = twins.get(idx)
        p = float(probs[t, same].sum()) if same is not None else float(probs[t, idx])
        if idx != 0 and idx != prev:
            text.append(chars[idx])
            conf.append(p)
            steps.append(t)
            _runner_up(probs[t], idx if same is None else same, len(text) - 1, chars, alts)
        elif idx != 0 and p > conf[-1]:
            conf[-1] = p
        prev = idx
    return _Read("".join(text), tuple(conf), tuple(alts), tuple(steps))


def _runner_up(step: np.ndarray, mine, pos: int, chars: tuple[str, ...], alts: list) -> None:
    second = step.copy()
    second[mine] = 0.0
    other = int(second.argmax())
    if other != 0 and second[other] > RUNNER_UP:
        alts.append((pos, chars[other], float(second[other])))

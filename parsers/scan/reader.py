"""Text recognition of line crops with rapidocr's PP-OCRv4 recogniser, character by character.

No text detection: the grid finder and the line splitter hand over crops that hold one
line of text each.  The recogniser's CTC output is decoded here rather than by
rapidocr, so that every character keeps its own probability and the runner-up class
at its strongest time step (a 1 read where the model also saw a 7).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

REC_HEIGHT = 48  # pixels: the height the recogniser was trained at
BORDER = 6  # pixels of white added around a crop: the recogniser is surer of text with paper round it
RUNNER_UP = 0.02  # a second class above this probability at a character's step is kept as an alternative


@dataclass(frozen=True)
class LineRead:
    text: str
    confidences: tuple[float, ...]  # one per character of text
    alternatives: tuple[tuple[int, str, float], ...]  # (character index, other reading, its probability)


@cache
def _engine():
    from rapidocr_onnxruntime import RapidOCR  # the ocr extra; checked by parsers.scan before any call

    # one thread: selfeval runs files in parallel processes, not one file on many threads
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1,
                    rec_intra_op_num_threads=1, rec_inter_op_num_threads=1).text_rec


def read_lines(crops: list[np.ndarray]) -> list[LineRead]:
    """The text of every crop (grey, uint8, one text line each), in the order given.  One crop a
    run: on one thread a batch costs what its crops cost one by one, plus the padding."""
    rec = _engine()
    chars = rec.postprocess_op.character
    return [_decode(rec.session(_normalised(crop))[0][0], chars) for crop in crops]


def _normalised(crop: np.ndarray) -> np.ndarray:
    """The crop as the recogniser takes it: REC_HEIGHT high, values in [-1, 1], 3 channels."""
    crop = cv2.copyMakeBorder(crop, BORDER, BORDER, BORDER, BORDER, cv2.BORDER_CONSTANT, value=255)
    h, w = crop.shape
    width = max(REC_HEIGHT // 2, round(w * REC_HEIGHT / h))
    resized = cv2.resize(crop, (width, REC_HEIGHT), interpolation=cv2.INTER_AREA if h > REC_HEIGHT
                         else cv2.INTER_LINEAR).astype(np.float32)
    plane = resized / 127.5 - 1.0
    return np.repeat(plane[None, None], 3, axis=1)


def _decode(probs: np.ndarray, chars: list[str]) -> LineRead:
    """Greedy CTC decoding keeping each character's best probability and its runner-up."""
    best = probs.argmax(axis=1)
    text: list[str] = []
    conf: list[float] = []
    alts: list[tuple[int, str, float]] = []
    prev = 0
    for t, idx in enumerate(best):
        idx = int(idx)
        if idx != 0 and idx != prev:
            text.append(chars[idx])
            conf.append(float(probs[t, idx]))
            _runner_up(probs[t], idx, len(text) - 1, chars, alts)
        elif idx != 0 and probs[t, idx] > conf[-1]:
            conf[-1] = float(probs[t, idx])
        prev = idx
    return LineRead("".join(text), tuple(conf), tuple(alts))


def _runner_up(step: np.ndarray, idx: int, pos: int, chars: list[str], alts: list) -> None:
    second = step.copy()
    second[idx] = 0.0
    other = int(second.argmax())
    if other != 0 and second[other] > RUNNER_UP:
        alts.append((pos, chars[other], float(second[other])))

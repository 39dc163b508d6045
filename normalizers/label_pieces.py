"""Merged 一级 / 二级 label pieces: a label wrapped over several lines joined into one, its printed
points split off (`产出指标` + `（50分）` -> 产出指标, 50), by the points and the label vocabulary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from normalizers import indicator_words as words
from normalizers.hanzi import fold_hanzi
from normalizers.indicator_words import alternation, starts

# a 一级指标 label with its points: 投入与管理 (36分) / 产出指标（50分） / 效果目标 15分
LABEL_POINTS = regex.compile(r"^(?P<name>.*?)\s*[（(]?\s*(?P<pts>\d+(?:\.\d+)?)\s*分\s*[)）]?\s*$")
# a piece that is only the closing bracket of the label above it, wrapped onto a line of its own
CLOSERS_ONLY = regex.compile(r"^[\s)）\]】」』》]+$")
# a label that is whole as printed, never the first half of a wrapped one: 产出指标 / 效果目标
WHOLE_LABEL = regex.compile(r"(?:指标|目标)$")
# a label word complete without 指标 (经济效益 / 可持续影响 / 满意度 / 数量) ...
WHOLE_WORD = regex.compile(rf"^(?:{alternation((*words.LEVEL2, *words.REGIONAL_LEVEL2))})$")
# ... and a piece that begins a label of its own after it (社会效益 under 经济效益), not its rest (指标)
LABEL_START = regex.compile(rf"^(?:{starts((*words.LEVEL1, *words.COST, *words.LEVEL2, *words.REGIONAL_LEVEL2))})")
# a label of the 一级 / 二级 vocabulary, whole: 产出 / 产出数量 / 可持续影响 / 服务对象满意度指标 /
# the older framework's 项目立项 / 资金落实 / 财务管理
KNOWN_LABEL = regex.compile(rf"^(?:{alternation(words.ALL_WORDS)})(?:指标)?$")
# points in brackets with no 分 after a label word: 产出指标（50） / 效益指标(30)
LABEL_BARE_POINTS = regex.compile(r"^(?P<name>.*?(?:指标|目标|效益|产出|决策|管理|满意度))\s*[（(]\s*(?P<pts>\d+(?:\.\d+)?)\s*[)）]\s*$")
# the number in a points text
NUMBER = regex.compile(r"\d+(?:\.\d+)?")
# a piece that is only points, its label text wrapped above it or lost: （50分） / 50分 / (50)
POINTS_ONLY = regex.compile(r"^\s*(?:[（(]?\s*\d+(?:\.\d+)?\s*分\s*[)）]?|[（(]\s*\d+(?:\.\d+)?\s*[)）])\s*$")


def _word(text: str) -> str:
    """A label piece as the vocabulary spells it: simplified, no injected pinyin (產(chǎn)出 -> 产出)."""
    return fold_hanzi(text.strip())


def is_known_label(text: str) -> bool:
    """Is the text, its points aside, a whole label of the vocabulary (產出數量, 满意度指标(10分))?"""
    name = split_points(_word(text))[0]
    return bool(name) and bool(KNOWN_LABEL.match(name))


def split_points(label: str) -> tuple[str | None, float | None]:
    """'投入与管理 (36分)' -> ('投入与管理', 36.0); '产出指标(50)' -> ('产出指标', 50.0); a label
    without points -> (label, None); points whose label text the source lost, '（50分）' -> (None, 50.0)."""
    m = LABEL_POINTS.match(label) or LABEL_BARE_POINTS.match(label)
    if m and m.group("name").strip():
        return m.group("name").strip(), float(m.group("pts"))
    if POINTS_ONLY.match(label):
        return None, float(NUMBER.search(label).group())
    return label.strip(), None


@dataclass(frozen=True)
class LabelPiece:
    text: str
    lo: int  # the label lies in a span that reaches row `lo` ...
    hi: int  # ... or row `hi` (lo == hi when its line belongs to one row)


@dataclass(frozen=True)
class Label:
    name: str
    points: float | None
    lo: int  # the span must end at row lo or later ...
    hi: int  # ... and start at row hi or earlier


def join_label_pieces(pieces: Sequence[LabelPiece]) -> list[Label]:
    """Join a label wrapped over several lines: when the table's labels carry points, a piece
    without points continues into the next piece (`投入与` + `管理 (36分)`, `产出目标` + `(34分)`),
    unless it is a whole label itself (it ends in 指标 / 目标) or most labels print no points; a
    piece that is only a closing bracket ends the label above it (`影响力目标（15分` + `）`); two
    pieces that make one label word of the vocabulary (`產出` + `數量`, `可持续` + `影响`) join."""
    table = _LabelTable(pieces)
    labels: list[Label] = []
    pending: list[LabelPiece] = []
    for k, piece in enumerate(pieces):
        if labels and not pending and CLOSERS_ONLY.match(piece.text):
            last = labels[-1]
            labels[-1] = Label(last.name, last.points, max(last.lo, piece.lo), min(last.hi, piece.hi))
            continue
        pending.append(piece)
        if k + 1 < len(pieces) and table.goes_on(pending, pieces[k + 1]):
            continue
        name, points = split_points("".join(p.text.strip() for p in pending))
        labels.append(Label(name, points, max(p.lo for p in pending), min(p.hi for p in pending)))
        pending = []
    return labels


def _has_points(piece: LabelPiece) -> bool:
    return split_points(piece.text)[1] is not None or bool(POINTS_ONLY.match(piece.text))


class _LabelTable:
    """What the pieces of one label column say about each other (see join_label_pieces)."""

    def __init__(self, pieces: Sequence[LabelPiece]) -> None:
        with_points = sum(_has_points(p) for p in pieces)
        self.mostly = with_points > 0 and with_points >= len(pieces) - with_points
        # labels that all end alike (产出指标, 数量指标): a piece that does not is the start of a wrapped one
        whole = sum(bool(WHOLE_LABEL.search(_word(p.text))) for p in pieces)
        self.wrapped_whole = whole > 0 and whole >= len(pieces) - whole
        self.words = [_word(p.text) for p in pieces]

    def _vocabulary_join(self, head: str, tail: str) -> bool:
        """head + tail is a label of the vocabulary, and head alone is not one, or is only the
        first part of a longer label of the column (产出 beside 产出时效)."""
        if not is_known_label(head + tail):
            return False
        return not KNOWN_LABEL.match(head) or any(w != head and w.startswith(head) for w in self.words)

    def goes_on(self, pending: Sequence[LabelPiece], nxt: LabelPiece) -> bool:
        """Does the label of the pieces pending go on in the next piece?"""
        piece = pending[-1]
        word, following = _word("".join(p.text.strip() for p in pending)), _word(nxt.text)
        if _has_points(piece) or split_points(word)[1] is not None:  # its points printed: the label ends
            return False
        if POINTS_ONLY.match(nxt.text) or (self.mostly and not WHOLE_LABEL.search(word)):
            return True
        opened = "".join(p.text for p in pending)
        if opened.count("(") + opened.count("（") > opened.count(")") + opened.count("）"):
            return True  # 产出指标（50 + 分）: a bracket left open goes on in the next piece
        adjacent = nxt.lo <= piece.hi + 1
        if adjacent and len(pending) == 1 and self._vocabulary_join(word, following):
            return True
        return (self.wrapped_whole and not WHOLE_LABEL.search(word) and adjacent
                and not (WHOLE_WORD.match(word) and LABEL_START.match(following)))

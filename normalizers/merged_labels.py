"""Merged 一级指标 labels: which rows a vertically merged label spans, when the format lost the merge.

A text dump prints a merged cell's label on whatever line it landed, often in the
middle of its span.  The printed points settle the span: `投入与管理 (36分)` covers
the consecutive rows whose weights add up to 36.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

# a 一级指标 label with its points: 投入与管理 (36分) / 产出指标（50分） / 效果目标 15分
LABEL_POINTS = regex.compile(r"^(?P<name>.*?)\s*[（(]?\s*(?P<pts>\d+(?:\.\d+)?)\s*分\s*[)）]?\s*$")
# a piece that is only the closing bracket of the label above it, wrapped onto a line of its own
CLOSERS_ONLY = regex.compile(r"^[\s)）\]】」』》]+$")
# a piece that is only the points, left on its own line when the label wrapped
POINTS_ONLY = regex.compile(r"^\s*[（(]?\s*\d+(?:\.\d+)?\s*分\s*[)）]?\s*$")


def split_points(label: str) -> tuple[str, float | None]:
    """'投入与管理 (36分)' -> ('投入与管理', 36.0); a label without points -> (label, None)."""
    m = LABEL_POINTS.match(label)
    if m and m.group("name").strip():
        return m.group("name").strip(), float(m.group("pts"))
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
    """Join a label wrapped over several lines: when the table's labels carry points, pieces
    are joined until the joined text ends with its points (`投入与` + `管理 (36分)`,
    `产出目标` + `(34分)`, `投入与管理(36` + `分)`); a piece that is only a closing bracket
    ends the label above it (`影响力目标（15分` + `）`)."""
    def has_points(piece: LabelPiece) -> bool:
        return split_points(piece.text)[1] is not None or bool(POINTS_ONLY.match(piece.text))

    with_points = any(has_points(p) for p in pieces)
    labels: list[Label] = []
    pending: list[LabelPiece] = []
    for k, piece in enumerate(pieces):
        if labels and not pending and CLOSERS_ONLY.match(piece.text):
            last = labels[-1]
            labels[-1] = Label(last.name, last.points, max(last.lo, piece.lo), min(last.hi, piece.hi))
            continue
        pending.append(piece)
        name, points = split_points("".join(p.text.strip() for p in pending))
        if with_points and points is None and k < len(pieces) - 1:
            continue
        labels.append(Label(name, points, max(p.lo for p in pending), min(p.hi for p in pending)))
        pending = []
    return labels


@dataclass(frozen=True)
class Assignment:
    owner: tuple[int, ...]  # label index of every row
    mismatched: tuple[tuple[int, float, float], ...]  # (label index, printed points, sum of weights)


def assign_labels(weights: Sequence[float | None], labels: Sequence[Label]) -> Assignment:
    """Give every row a label: consecutive spans, in label order, each reaching its label's line,
    whose weight sums equal the printed points.  When no assignment satisfies every sum, the
    one closest to them is kept and the mismatches are returned.  Between equally good
    assignments a label starts on the row where it is printed (plain fill-down)."""
    n, k = len(weights), len(labels)
    if n == 0 or k == 0:
        return Assignment(tuple([-1] * n) if k == 0 else (), ())
    prefix, unknown = [0.0], [0]  # running sums of known weights, and counts of unknown ones
    for w in weights:
        prefix.append(prefix[-1] + (w or 0.0))
        unknown.append(unknown[-1] + (w is None))

    def gap(label: Label, s: int, e: int) -> float:
        """How far rows s..e-1 are from the label's points; a span with an unknown weight only
        misses when its known weights already exceed them."""
        if label.points is None:
            return 0.0
        total = prefix[e] - prefix[s]
        if unknown[e] - unknown[s]:
            return max(0.0, total - label.points)
        return abs(total - label.points)
    inf = (float("inf"), float("inf"))
    # best[j][e]: cost of giving labels 0..j the rows 0..e-1, label j ending at row e-1
    best = [[inf] * (n + 1) for _ in range(k)]
    back = [[0] * (n + 1) for _ in range(k)]
    for j, label in enumerate(labels):
        for e in range(j + 1, n - (k - 1 - j) + 1):
            starts = [0] if j == 0 else range(j, e)
            for s in starts:
                prev = (0.0, 0.0) if j == 0 else best[j - 1][s]
                if prev == inf or not (s <= label.hi and e - 1 >= label.lo):
                    continue
                cost = (prev[0] + gap(label, s, e), prev[1] + abs(label.hi - s))
                if cost < best[j][e]:
                    best[j][e], back[j][e] = cost, s
    if best[k - 1][n] == inf:  # no span can reach every label's line: fall back to fill-down
        return _fill_down(weights, labels)
    owner = [0] * n
    mismatched = []
    e = n
    for j in range(k - 1, -1, -1):
        s = back[j][e]
        owner[s:e] = [j] * (e - s)
        if gap(labels[j], s, e) > 1e-6:
            mismatched.append((j, labels[j].points, prefix[e] - prefix[s]))
        e = s
    return Assignment(tuple(owner), tuple(reversed(mismatched)))


def _fill_down(weights: Sequence[float | None], labels: Sequence[Label]) -> Assignment:
    n = len(weights)
    owner = [0] * n
    for j, label in enumerate(labels):
        for r in range(max(0, min(label.lo, n - 1)), n):
            owner[r] = j
    mismatched = []
    for j, label in enumerate(labels):
        total = sum(w or 0.0 for w, o in zip(weights, owner, strict=True) if o == j)
        if label.points is not None and abs(total - label.points) > 1e-6:
            mismatched.append((j, label.points, total))
    return Assignment(tuple(owner), tuple(mismatched))

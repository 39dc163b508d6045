"""Merged 一级指标 labels: which rows a vertically merged label spans, when the format lost the merge.

A text dump prints a merged cell's label on whatever line it landed, often in the
middle of its span.  The printed points settle the span: `投入与管理 (36分)` covers
the consecutive rows whose weights add up to 36.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from normalizers.label_pieces import Label


@dataclass(frozen=True)
class Assignment:
    owner: tuple[int, ...]  # label index of every row
    mismatched: tuple[tuple[int, float, float], ...]  # (label index, printed points, sum of weights)
    # (points missed, distance of labels from where printed, rows whose names do not fit their label,
    #  distance of labels from their spans' starts)
    cost: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0)


# where a dump prints a merged label inside its span [s, e): its first row, or its middle row
Position = Callable[[int, int], int]


def first_row(s: int, e: int) -> int:
    return s


def middle_row(s: int, e: int) -> int:
    return s + (e - s - 1) // 2


def middle_row_down(s: int, e: int) -> int:
    return s + (e - s) // 2


def last_row(s: int, e: int) -> int:
    return e - 1


def centred(s: int, e: int) -> int:
    """Either middle row of an even span (the label centred on the span's height, printed with the
    line nearest its middle: which of the two depends on the rows' heights); see _offset."""
    return middle_row(s, e)


# the printing conventions tried, the usual one (the label on the span's first row) first
POSITIONS: tuple[Position, ...] = (first_row, middle_row, middle_row_down, last_row, centred)


def _offset(label: Label, s: int, e: int, position: Position) -> int:
    if position is first_row:  # a label-only line between two rows starts the row after it
        return abs(label.hi - s)
    p, q = position(s, e), (middle_row_down(s, e) if position is centred else position(s, e))
    a, b = min(label.lo, label.hi), max(label.lo, label.hi)  # the rows its lines lie on (or between)
    if q < a:
        return a - q
    return p - b if p > b else 0


def assign_labels(weights: Sequence[float | None], labels: Sequence[Label], position: Position = first_row,
                  barriers: Sequence[int] = (),
                  within: Sequence[tuple[int, int] | None] | None = None,
                  cuts: Collection[int] | None = None,
                  cover: Sequence[tuple[int, int] | None] | None = None,
                  misfit: Callable[[int, int], float] | None = None) -> Assignment:
    """Give every row a label: consecutive spans, in label order, each reaching its label's line,
    whose weight sums equal the printed points.  When no assignment satisfies every sum, the
    one closest to them is kept and the mismatches are returned.  Between equally good
    assignments each label lies where `position` says a dump prints it (by default its first
    row: plain fill-down), then as near its span's start as that allows.  No span crosses a
    row in `barriers` (a span [s, e) with s < b < e, the outer label's boundaries), label j's span lies inside within[j] when given, and every
    span starts and ends on a row in `cuts` when given (the inner labels' boundaries), and label
    j's span covers the rows cover[j] = (first, last) when given.  misfit(row, j) > 0 says row's
    own name does not fit label j (a 满意度 row under 数量指标): a tie-break after the positions."""
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
    inf = (float("inf"),) * 4
    walls = set(barriers)
    next_barrier = [n + 1] * (n + 1)  # next_barrier[s]: the first barrier after row s (a span may end there)
    for s_ in range(n - 1, -1, -1):
        next_barrier[s_] = s_ + 1 if s_ + 1 in walls else next_barrier[s_ + 1]
    unfit = [[0.0] * (n + 1) for _ in range(k)]  # unfit[j][r]: misfit of rows 0..r-1 under label j
    for j in range(k):
        for r in range(n):
            unfit[j][r + 1] = unfit[j][r] + (misfit(r, j) if misfit is not None else 0.0)
    # best[j][e]: cost of giving labels 0..j the rows 0..e-1, label j ending at row e-1
    best = [[inf] * (n + 1) for _ in range(k)]
    back = [[0] * (n + 1) for _ in range(k)]
    for j, label in enumerate(labels):
        bounds = within[j] if within is not None and within[j] is not None else (0, n)
        must = cover[j] if cover is not None and cover[j] is not None else (n, -1)
        for e in range(j + 1, n - (k - 1 - j) + 1):
            if e > bounds[1]:
                break
            starts = [0] if j == 0 else range(j, e)
            for s in starts:
                prev = (0.0, 0.0, 0.0, 0.0) if j == 0 else best[j - 1][s]
                if prev == inf or not (s <= label.hi and e - 1 >= label.lo) or s < bounds[0]:
                    continue
                if s > must[0] or e - 1 < must[1]:
                    continue
                if next_barrier[s] < e or (cuts is not None and (s not in cuts or e not in cuts)):
                    continue
                cost = (prev[0] + gap(label, s, e), prev[1] + _offset(label, s, e, position),
                        prev[2] + unfit[j][e] - unfit[j][s], prev[3] + abs(label.hi - s))
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
    return Assignment(tuple(owner), tuple(reversed(mismatched)), best[k - 1][n])


def boundaries(owner: Sequence[int]) -> list[int]:
    """The rows where a new label's span starts (the first row aside)."""
    return [r for r in range(1, len(owner)) if owner[r] != owner[r - 1]]


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
    return Assignment(tuple(owner), tuple(mismatched), (float("inf"),) * 4)


@dataclass(frozen=True)
class LevelSolution:
    owners: tuple[tuple[int, ...], ...]  # per level (outermost first): label index of every row
    mismatched: tuple[tuple[int, int, float, float], ...]  # (level, label, printed points, sum of weights)
    cost: tuple[float, ...]
    ambiguous: bool = False  # another printing convention fits as well but gives other spans


Category = Callable[[str], str | None]


@dataclass(frozen=True)
class Hints:
    """What the form says about which labels go together, beyond positions and points."""

    category: Category | None = None  # a label's kind, shared by nested levels (数量指标, 产出指标 -> 产出)
    names: Sequence[str | None] = ()  # each row's own name (三级指标)
    misfit: Callable[[str, str], float] | None = None  # (label, row name) -> > 0 when they do not fit
    # an inner kind that no outer label has -> the outer kind it is under (成本指标 under 产出指标,
    # where no 一级 成本指标 is printed)
    parents: Mapping[str, str] = field(default_factory=dict)

    def within(self, outer: Sequence[Label]) -> Hints:
        """These hints for labels nested in `outer`: an inner kind no outer label has is its parent's."""
        category = self.category
        if category is None or not self.parents:
            return self
        kinds = {category(label.name) for label in outer}
        parents = self.parents

        def in_context(name: str) -> str | None:
            kind = category(name)
            return kind if kind in kinds or kind not in parents else parents[kind]
        return replace(self, category=in_context)

    def row_misfit(self, labels: Sequence[Label]) -> Callable[[int, int], float] | None:
        if self.misfit is None or not self.names:
            return None
        fit = self.misfit
        return lambda r, j: fit(labels[j].name, self.names[r]) if self.names[r] else 0.0


def solve_levels(weights: Sequence[float | None], levels: Sequence[Sequence[Label]],
                 hints: Hints | None = None) -> LevelSolution:
    """Spans for nested merged label columns (一级指标 around 二级指标) whose merges were lost.

    Every printing convention (label on its span's first row, its middle row ...) is tried,
    solving the outer level first (its points fix its spans) and the inner level first (the
    outer spans then follow the inner boundaries); inner spans never cross an outer boundary,
    and an inner label whose category (`category`, e.g. 数量指标 -> 产出) names one outer label
    lies inside it.  The best fit wins; `ambiguous` when an equally good fit disagrees."""
    hints = hints or Hints()
    if len(levels) == 2:
        hints = hints.within(levels[0])
    candidates = []
    for position in POSITIONS:
        candidates.append(_outer_first(weights, levels, position, hints))
        if len(levels) == 2:
            candidates.append(_inner_first(weights, levels, position, hints))
    best = min(candidates, key=lambda c: c.cost)
    ambiguous = any(c.cost == best.cost and c.owners != best.owners for c in candidates)
    return LevelSolution(_trim_leading(best.owners, levels, hints), best.mismatched, best.cost, ambiguous)


def _trim_leading(owners: Sequence[tuple[int, ...]], levels: Sequence[Sequence[Label]],
                  hints: Hints) -> tuple[tuple[int, ...], ...]:
    """Rows above the line of a level's first label are left without it (owner -1) up to the last
    of them that cannot be under it: its own name is of another kind, or its inner label is
    (数量指标 under 满意度指标).  A form cut off above its first label (a page's tail) has them."""
    out: list[tuple[int, ...]] = []
    for d, (owner, labels) in enumerate(zip(owners, levels, strict=True)):
        inner = (owners[d + 1], levels[d + 1]) if d + 1 < len(owners) else None
        above = labels[0].lo if labels else 0
        last = max((r for r in range(min(above, len(owner))) if owner[r] == 0
                    and _cannot_be_under(r, labels, inner, hints)), default=-1)
        out.append((-1,) * (last + 1) + tuple(owner[last + 1:]))
    return tuple(out)


def _cannot_be_under(r: int, labels: Sequence[Label], inner: tuple[Sequence[int], Sequence[Label]] | None,
                     hints: Hints) -> bool:
    """Does row r's own name, or its inner label, say it is not under labels[0]?"""
    misfit = hints.row_misfit(labels)
    if misfit is not None and misfit(r, 0) > 0:
        return True
    if inner is None or hints.category is None:
        return False
    inner_owner, inner_labels = inner
    kind = hints.category(labels[0].name)
    o = inner_owner[r]
    inner_kind = hints.category(inner_labels[o].name) if o >= 0 and inner_labels else None
    return kind is not None and inner_kind is not None and inner_kind != kind


def _add(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _rows_of(owner: Sequence[int], wanted: Collection[int]) -> list[int]:
    return [r for r, o in enumerate(owner) if o in wanted]


def _outer_first(weights: Sequence[float | None], levels: Sequence[Sequence[Label]], position: Position,
                 hints: Hints) -> LevelSolution:
    category = hints.category
    owners: list[tuple[int, ...]] = []
    mismatched: list[tuple[int, int, float, float]] = []
    cost: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0)
    barriers: set[int] = set()
    for d, labels in enumerate(levels):
        within = None
        if d > 0 and category is not None:
            within = []
            for label in labels:
                c = category(label.name)
                outer = [j for j, o in enumerate(levels[d - 1]) if c is not None and category(o.name) == c]
                rows = _rows_of(owners[d - 1], outer) if len(outer) == 1 else []
                within.append((rows[0], rows[-1] + 1) if rows else None)
        a = assign_labels(weights, labels, position, sorted(barriers), within, misfit=hints.row_misfit(labels))
        owners.append(a.owner)
        mismatched += [(d, *m) for m in a.mismatched]
        cost = _add(cost, a.cost)
        barriers |= set(boundaries(a.owner))
    return LevelSolution(tuple(owners), tuple(mismatched), cost)


def _inner_first(weights: Sequence[float | None], levels: Sequence[Sequence[Label]], position: Position,
                 hints: Hints) -> LevelSolution:
    category = hints.category
    outer_labels, inner_labels = levels
    inner = assign_labels(weights, inner_labels, position, misfit=hints.row_misfit(inner_labels))
    cuts = {0, len(weights), *boundaries(inner.owner)}
    cover: list[tuple[int, int] | None] = []
    for label in outer_labels:
        c = category(label.name) if category is not None else None
        mine = [j for j, i in enumerate(inner_labels) if c is not None and category(i.name) == c]
        rows = _rows_of(inner.owner, mine)
        cover.append((rows[0], rows[-1]) if rows else None)
    outer = assign_labels(weights, outer_labels, position, cuts=cuts, cover=cover,
                          misfit=hints.row_misfit(outer_labels))
    mismatched = [(0, *m) for m in outer.mismatched] + [(1, *m) for m in inner.mismatched]
    return LevelSolution((outer.owner, inner.owner), tuple(mismatched), _add(outer.cost, inner.cost))

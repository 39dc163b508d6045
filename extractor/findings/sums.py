"""Sum rules: weights and scores against the 合计/总分 row and the 一级指标 points."""

from __future__ import annotations

from collections.abc import Iterator

from extractor.findings.base import EPSILON, FormUnderCheck, pts, row_label
from extractor.model import Finding

WEIGHT_SUM = "weight_sum"
SCORE_SUM = "score_sum"
LEVEL1_POINTS = "level1_points"
SCORE_EXCEEDS_WEIGHT = "score_exceeds_weight"


def _total_check(fc: FormUnderCheck, column: str, total: float | None, extra: float | None,
                 rule: str, what: str) -> Iterator[Finding]:
    # a row with neither weight nor score is a placeholder (指标2：/ ……), not a blank to sum over
    values = [getattr(r, column) for r in fc.indicators if r.weight is not None or r.score is not None]
    if total is None or not values or any(v is None for v in values):
        return  # a blank cell is missing_field's business; a sum over it would say nothing new
    rows = sum(values)
    # the national form's 总分 includes the funds block's 分值/得分; accept either reading
    candidates = [rows] if extra is None else [rows + extra, rows]
    if any(abs(c - total) <= EPSILON for c in candidates):
        return
    got = candidates[0]
    with_funds = " plus the funds block" if extra is not None else ""
    yield fc.finding(rule, "error", f"the rows' {what}{with_funds} add up to {pts(got)}, "
                     f"the 合计/总分 row says {pts(total)}", None, pts(got), pts(total))


def weight_sum(fc: FormUnderCheck) -> Iterator[Finding]:
    yield from _total_check(fc, "weight", fc.form.total_weight, fc.form.funds_weight, WEIGHT_SUM, "weights")


def score_sum(fc: FormUnderCheck) -> Iterator[Finding]:
    yield from _total_check(fc, "score", fc.form.total_score, fc.form.funds_score, SCORE_SUM, "scores")


def level1_points(fc: FormUnderCheck) -> Iterator[Finding]:
    """Each run of rows under one 一级指标 label with printed points: points == sum of weights."""
    runs: list[tuple[str | None, float, list[int], list[float | None]]] = []
    previous = None
    for row in fc.indicators:
        key = (row.level1, row.level1_points)
        if row.level1_points is None:
            previous = None
            continue
        if key != previous:
            runs.append((row.level1, row.level1_points, [], []))
            previous = key
        runs[-1][2].append(row.row_index)
        runs[-1][3].append(row.weight)
    if fc.truncated and runs:
        runs.pop()  # the form is cut off: its last label's rows may not all be there
    for label, points, rows, weights in runs:
        if any(w is None for w in weights):
            continue
        total = sum(w for w in weights if w is not None)
        if abs(total - points) > EPSILON:
            yield fc.finding(LEVEL1_POINTS, "warning",
                             f"{label}: printed {pts(points)} points, its rows' weights "
                             f"(rows {rows[0]}–{rows[-1]}) add up to {pts(total)}",
                             rows[0], pts(total), pts(points))


def score_exceeds_weight(fc: FormUnderCheck) -> Iterator[Finding]:
    for row in fc.indicators:
        if row.score is not None and row.weight is not None and row.score > row.weight + EPSILON:
            yield fc.finding(SCORE_EXCEEDS_WEIGHT, "error",
                             f"{row_label(row)}: score {pts(row.score)} is above "
                             f"its weight {pts(row.weight)}", row.row_index,
                             f"<= {pts(row.weight)}", pts(row.score))
    for fund in fc.funds:
        if fund.score is not None and fund.weight is not None and fund.score > fund.weight + EPSILON:
            yield fc.finding(SCORE_EXCEEDS_WEIGHT, "error",
                             f"funds block {fund.line}: score {pts(fund.score)} is above its 分值 "
                             f"{pts(fund.weight)}", None, f"<= {pts(fund.weight)}", pts(fund.score))

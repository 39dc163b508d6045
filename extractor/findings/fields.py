"""missing_field: a field every form must fill left blank (project name, budget, scores)."""

from __future__ import annotations

from collections.abc import Iterator

from extractor.findings.base import FormUnderCheck, row_label
from extractor.model import Finding

MISSING_FIELD = "missing_field"
NOT_A_NUMBER = "not_a_number"  # the mapper's rule for a cell that held text: it already says why it is null


def missing_field(fc: FormUnderCheck) -> Iterator[Finding]:
    form = fc.form
    unreadable = {row for rule, row in fc.mapper_rules if rule == NOT_A_NUMBER}
    if form.project_name is None:
        yield fc.finding(MISSING_FIELD, "error", "项目名称 (project name) is blank", None, "项目名称", None)
    if form.budget_current_yuan is None and not fc.funds_current():
        yield fc.finding(MISSING_FIELD, "warning", "the current-year budget (当年预算数 / 全年预算数) is blank",
                         None, "budget_current_yuan", None)
    # a row with neither weight nor score is a placeholder (指标2：/ ……) unless no row has either
    rows = [r for r in fc.indicators if r.weight is not None or r.score is not None] or [
        r for r in fc.indicators if r.name is not None]
    blank = [r for r in rows if r.score is None and r.row_index not in unreadable]
    if rows and len(blank) == len(rows):
        yield fc.finding(MISSING_FIELD, "error", f"no indicator row has a score (自评分/得分): all "
                         f"{len(rows)} are blank", None, "自评分", None)
    else:
        for r in blank:
            yield fc.finding(MISSING_FIELD, "warning",
                             f"{row_label(r)}: the score (自评分/得分) is blank",
                             r.row_index, "自评分", None)
    if form.total_score is None and rows and not fc.truncated and None not in unreadable:
        yield fc.finding(MISSING_FIELD, "warning", "the 合计/总分 score is blank", None, "total_score", None)

"""Template mapper for the Shanghai form 项目绩效自评价 (sh_self_eval).

Header block of label/value pairs, then 一级指标 · 指标名称 · 指标解释 · 权重 ·
自评分 · 备注, then 合计 and the 说明 notes.  Knows the form, not the file format.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractor.templates.draft import FormDraft
from extractor.templates.fields import (
    convert_header,
    convert_indicator_numbers,
    convert_totals,
    fiscal_year,
    notes_text,
)
from extractor.templates.header import label_pairs, read_header
from extractor.templates.table import TableSpec, header_columns, read_table
from normalizers.text import clean_cell
from parsers.rows import RawRow

TEMPLATE = "sh_self_eval"

# header label (lookup key, see normalizers.labels.label_base) -> forms column
HEADER_LABELS = {
    "项目名称": "project_name",
    "预算单位": "budget_unit",
    "具体实施处(科室)": "implementing_dept",
    "具体实施处": "implementing_dept",
    "具体实施处室": "implementing_dept",
    "是否为经常性项目": "recurring",
    "当年预算数": "budget_current_yuan",
    "当年预算金额": "budget_current_yuan",
    "上年预算金额": "budget_previous_yuan",
    "上年预算数": "budget_previous_yuan",
    "预算执行数": "budget_executed_yuan",
    "预算执行率": "execution_rate_pct",
    "执行率": "execution_rate_pct",
    "项目年度总目标": "annual_goal",
    "年度总目标": "annual_goal",
    "自评时间": "eval_date",
    "绩效等级": "grade",
    "自评等级": "grade",
    "主要绩效": "main_achievements",
    "主要问题": "main_problems",
    "改进措施": "improvements",
}

# indicator table header cell (canonical) -> indicators column
TABLE = TableSpec(
    columns={
        "一级指标": "level1",
        "指标名称": "name",
        "指标解释": "explanation",
        "权重": "weight",
        "权重(分)": "weight",
        "分值": "weight",
        "自评分": "score",
        "自评得分": "score",
        "得分": "score",
        "备注": "remark",
    },
    required=frozenset({"name", "weight", "score"}),
)

# header fields read as money, as a percentage, or as text
MONEY = ("budget_current_yuan", "budget_previous_yuan", "budget_executed_yuan")
PERCENT = ("execution_rate_pct",)


def map_form(rows: Sequence[RawRow], title: str | None) -> FormDraft:
    draft = FormDraft(TEMPLATE)
    draft.fields["title"] = clean_cell(title)
    table = read_table(rows, TABLE)
    head_end = table.header_row if table.header_row is not None else len(rows)
    draft.fields["fiscal_year"] = fiscal_year(title, rows[:head_end])
    values = read_header(enumerate(rows[:head_end]), HEADER_LABELS)
    draft.labels.extend(label_pairs(values))
    draft.fields.update(convert_header(values, MONEY, PERCENT, draft))
    for index, raw in enumerate(table.rows):
        draft.indicators.append(convert_indicator_numbers(index, raw, draft))
    draft.notes.extend(table.notes)
    convert_totals(table.totals, draft)
    # the notes, less a table header row repeated on a page they run onto
    notes = [row for row in rows[table.end:] if not header_columns(row, TABLE)]
    draft.fields["notes"] = notes_text(notes) if table.header_row is not None else None
    if table.header_row is None:
        draft.note("truncated", "error", "the form has no indicator table: it ends after its header block")
    elif table.totals is None and draft.fields["notes"] is None:
        draft.note("truncated", "warning",
                   f"the form is cut off after {len(table.rows)} indicator rows, before its 合计 row")
    return draft

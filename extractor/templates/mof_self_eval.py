"""Template mapper for the national form 项目支出绩效自评表 (mof_self_eval), 2020 template and variants.

Title, （YYYY年度）, 项目名称, 主管部门 / 实施单位, the 项目资金 block, 年度总体目标,
then 一级指标 · 二级指标 · 三级指标 · 年度指标值 · 实际完成值 · 分值 · 得分 ·
偏差原因分析及改进措施 (one or two header rows, an outer 绩效指标 column or none,
年度指标值 split into 指标性质 / 指标值 / 度量单位 or not), then 总分 and, where
printed, 自评等级.  Knows the form, not the file format.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import regex

from extractor.templates.collapsed import expand_collapsed
from extractor.templates.draft import FormDraft
from extractor.templates.fields import (
    convert_indicator_numbers,
    convert_totals,
    fiscal_year,
    notes_text,
    points_or_note,
)
from extractor.templates.header import FIELD_SEPARATOR, label_pairs, read_header
from extractor.templates.mof_blocks import read_funds, read_goal, total_line
from extractor.templates.mof_text import is_flat, read_flat
from extractor.templates.paired_funds import read_paired_funds
from extractor.templates.table import TableSpec, read_table
from extractor.templates.table_header import IGNORED, header_columns, merged_header
from normalizers.labels import canon_label
from normalizers.text import clean_cell
from parsers.rows import RawRow

TEMPLATE = "mof_self_eval"
DEPT_TEMPLATE = "dept_self_eval"  # 部门整体支出绩效自评表: the same grid, about a department

# header label (label_base) -> forms column; "_" columns end a value but are not kept
HEADER_LABELS = {
    "项目名称": "project_name",
    "转移支付(项目)名称": "project_name",
    "转移支付项目名称": "project_name",
    "主管部门": "competent_dept",
    "主管部门及代码": "competent_dept",
    "主管单位": "competent_dept",
    "项目主管单位": "competent_dept",
    "项目主管部门": "competent_dept",
    "地方主管部门": "competent_dept",
    "实施单位": "budget_unit",
    "项目实施单位": "budget_unit",
    "实施单位(盖章)": "budget_unit",
    "预算单位": "budget_unit",
    "项目单位": "budget_unit",
    "项目单位(盖章)": "budget_unit",
    "项目实施单位(盖章)": "budget_unit",
    "资金使用单位": "budget_unit",
    "实施(主管)单位": "budget_unit+competent_dept",  # one unit both implements and oversees
    "部门": "budget_unit",
    "部门名称": "budget_unit",
    "评价部门名称": "budget_unit",
    "区级预算单位名称": "budget_unit",
    "预算单位名称": "budget_unit",
    "自评等级": "grade",
    "绩效等级": "grade",
    "评价等级": "grade",
    "评价等次": "grade",
    "自评等次": "grade",
    "绩效评价等级": "grade",
    "自评时间": "eval_date",
    "填报日期": "eval_date",
    "填表日期": "eval_date",
    "自评总分": "total_score",
    "自评得分": "total_score",
    "项目总得分": "total_score",
    "评价结论": "main_achievements",
    "主要绩效": "main_achievements",
    "自评结论": "main_achievements",
    "绩效自评结论": "main_achievements",
    "存在的主要问题": "main_problems",
    "主要问题": "main_problems",
    "下一步改进措施": "improvements",
    "改进建议": "improvements",
    "整改建议": "improvements",
    "存在问题": "main_problems",
    "存在的问题": "main_problems",
    "改进措施": "improvements",
    "整改措施": "improvements",
    "项目负责人": "_",
    "项目负责人及电话": "_",
    "联系人": "_",
    "联系电话": "_",
    "填报人": "_",
    "审核人": "_",
    "单位负责人": "_",
    "填报单位": "_",
    "填报单位(盖章)": "_",
    "填表人": "_",
    "项目属性": "_",
    "项目类型": "_",
    "项目类别": "_",
    "项目编码": "_",
    "项目代码": "_",
    "项目编号": "_",
    "资金用途": "_",
    "中央主管部门": "_",
    "单位名称": "_",
    "是否为专项资金": "_",
    "金额单位": "_",
    "财政审核评分": "_",
    "主要领导签字": "_",
    "财务负责人": "_",
}
# header fields that hold a number
HEADER_POINTS = ("total_score",)

# indicator table header cell (canonical) -> indicators column
TABLE = TableSpec(
    columns={
        "一级指标": "level1",
        "项目权重": "level1",
        "二级指标": "level2",
        "三级指标": "name",
        "指标名称": "name",
        "指标名称(三级指标)": "name",
        "三级指标名称": "name",
        "评价内容": "name",
        "指标内容": "name",
        "绩效指标名称": "name",
        "具体指标": "name",
        "指标解释": "explanation",
        "年度指标值": "target_value",
        "年度目标值": "target_value",
        "预期指标值": "target_value",
        "年初指标值": "target_value",
        "年初目标值": "target_value",
        "指标值": "target_value",
        "目标值": "target_value",
        "实际完成值": "actual_value",
        "全年实际值": "actual_value",
        "全年实际完成值": "actual_value",
        "实际完成指标值": "actual_value",
        "单项指标实际完成值": "actual_value",
        "年终完成值": "actual_value",
        "完成值": "actual_value",
        "实际值": "actual_value",
        "分值": "weight",
        "权重": "weight",
        "参考分值": "weight",
        "指标分值": "weight",
        "权重占比(%)": "weight",
        "得分": "score",
        "自评分": "score",
        "自评得分": "score",
        "单项指标得分": "score",
        "实际得分": "score",
        "评分": "score",
        "自评分数": "score",
        "考核得分": "score",
        "标准分": "weight",
        "标准分值": "weight",
        "计划值": "target_value",
        "计划目标值": "target_value",
        "偏差原因分析及改进措施": "remark",
        "偏差原因分析及整改措施": "remark",
        "偏差原因及改进措施": "remark",
        "偏差原因分析": "remark",
        "未完成原因分析": "remark",
        "未完成原因和改进措施": "remark",
        "备注": "remark",
        "复核分": IGNORED,
        "评价标准": IGNORED,
        "评价标准及依据": IGNORED,
        "单项指标完成情况": IGNORED,
        "单项指标折算得分": IGNORED,
        "完成情况": IGNORED,
    },
    required=frozenset({"name"}),
    min_roles=2,
    merged=("level1", "level2"),
    parts={"指标性质": "target_value", "指标值": "target_value", "度量单位": "target_value",
           "计量单位": "target_value", "单位": "target_value", "符号": "target_value",
           "单位(文字描述)": "target_value"},
    header_words=frozenset({"绩效指标", "绩效指标完成情况", "年度绩效指标"}),
    patterns=(
        (regex.compile(r".{0,8}原因.{0,12}"), "remark"),  # 未完成原因分析及改进措施 / 偏差原因及整改措施
        (regex.compile(r"(?:年度|全年|预期|年初)?(?:指标|目标)值(?:\(.*\))?"), "target_value"),
        (regex.compile(r"(?:全年|年度|年终)?实际(?:完成)?值(?:\(.*\))?|实际完成情况|(?:年终)?完成值"),
         "actual_value"),
        (regex.compile(r"(?:指标|参考)?分值(?:\(.*\))?|权重(?:\(.*\))?"), "weight"),
        (regex.compile(r"(?:自评)?得分(?:\(.*\))?|自评分"), "score"),
    ),
    category=lambda label: indicator_category(label),
    misfit=lambda label, name: indicator_misfit(label, name),
    kind_parents={"成本": "产出"},  # 成本指标 is a 二级 of 产出指标 where no 一级 成本指标 is printed
)

# the kind of indicator a 一级 / 二级 label names: 数量指标 and 产出指标 are both 产出
CATEGORIES = (
    (regex.compile(r"^(?:产出|项目产出)"), "产出"),  # 产出成本 / 产出时效: kinds of 产出
    (regex.compile(r"满意"), "满意度"),
    (regex.compile(r"成本"), "成本"),
    (regex.compile(r"数量|质量|时效|产出"), "产出"),
    (regex.compile(r"效益|效果|影响"), "效益"),
)
# a grade as printed alone or after its label: 优秀 / 自评等级：良 / 等级:优
GRADE = regex.compile(r"^(?:(?:自评|绩效|评价)?等级[:：]?)?(?P<grade>优秀|良好|合格|不合格|优|良|中|差)$")
# the start of the notes after the table: 说明： / 注： / 填报说明
NOTES_START = regex.compile(r"^(?:说明|注[:：]|填报说明|填表说明)")
# a 说明 label cell with nothing after it
BARE_NOTES_LABEL = regex.compile(r"^(?:说明|填报说明|填表说明)$")
# the start of the template's footnote: 注：1.资金使用单位按项目填报…
FOOTNOTE_START = regex.compile(r"^注[:：]")


# the kind of indicator a 二级 label names, and the words of a 三级 name that give its kind away;
# in order: the first kind whose words a name holds is its kind
KINDS = (
    ("满意度", regex.compile(r"满意"), "满意度"),
    ("时效", regex.compile(r"时效|及时|时限|完成时间|按时|进度|周期"), "产出"),
    ("成本", regex.compile(r"成本|费用|单价"), "产出"),
    ("质量", regex.compile(r"质量|合格率|达标率|完好率|准确率|优良率|验收"), "产出"),
    ("数量", regex.compile(r"数量|人数|人次|个数|户数"), "产出"),
    ("经济", regex.compile(r"经济|增收|收入|产值"), "效益"),
    ("生态", regex.compile(r"生态|环境|排放|绿化|节能|污染"), "效益"),
    ("可持续", regex.compile(r"可持续|长效|持续"), "效益"),
    ("社会", regex.compile(r"社会|群众|公众|就业|知晓|普及"), "效益"),
)
# a 二级 label's kind: 数量指标 / 时效指标 / 经济效益指标 / 可持续影响指标 ...
LABEL_KIND = regex.compile(r"(满意度|时效|成本|质量|数量|经济|生态|环境|可持续|社会)")
SAME_KIND = {"环境": "生态"}  # 环境效益指标 is the 生态 kind


def _name_kind(name: str) -> tuple[str, str] | None:
    return next(((kind, group) for kind, pattern, group in KINDS if pattern.search(name)), None)


@lru_cache(maxsize=8192)  # pure; asked for every row under every candidate label while spans are solved
def indicator_misfit(label: str, name: str) -> float:
    """1 when a 三级指标's own words say it belongs under another 一级 / 二级 label (a 满意度
    row under 数量指标, a 及时率 row under 效益指标), else 0; used only to break ties."""
    kind = _name_kind(canon_label(name))
    if kind is None:
        return 0.0
    key = canon_label(label)
    m = LABEL_KIND.search(key)
    if m:
        return float(SAME_KIND.get(m.group(1), m.group(1)) != kind[0])
    group = indicator_category(key)
    return float(group != kind[1]) if group in ("产出", "效益") else 0.0


@lru_cache(maxsize=4096)
def indicator_category(label: str) -> str | None:
    key = canon_label(label)
    return next((name for pattern, name in CATEGORIES if pattern.search(key)), None)


def _grade_in(row: RawRow | None) -> str | None:
    if row is None:
        return None
    for text in row.texts:
        m = GRADE.match(canon_label(text)) if text else None
        if m:
            return m.group("grade")
    return None


def map_form(rows: Sequence[RawRow], title: str | None) -> FormDraft:
    draft = FormDraft(TEMPLATE)
    draft.fields["title"] = clean_cell(title)
    rows = expand_collapsed(rows, TABLE)  # a web table saved as `|` text: its rows put on the grid
    table = read_table(rows, TABLE)
    head_end = table.header_row if table.header_row is not None else len(rows)
    head = rows[:head_end]
    draft.fields["fiscal_year"] = fiscal_year(title, head)
    funds = read_funds(head, draft)
    if table.header_row is None and funds.header_row is None and is_flat(rows, HEADER_LABELS):
        read_flat(rows, draft, HEADER_LABELS)
        return draft
    top_end = funds.header_row if funds.header_row is not None else head_end
    tail = rows[table.end:] if table.header_row is not None else []
    between = rows[funds.end:head_end] if funds.header_row is not None else []  # 填报日期 under the goal
    labels = read_header(enumerate([*rows[:top_end], *between, *tail]), HEADER_LABELS)
    draft.labels.extend(label_pairs(labels))
    for hv in labels:
        for name in hv.field.split(FIELD_SEPARATOR):
            if not name.startswith("_") and draft.fields.get(name) is None:
                value = clean_cell(hv.value)
                draft.fields[name] = points_or_note(value, name, None, draft) if name in HEADER_POINTS else value
    draft.funds.extend(funds.lines)
    total = total_line(funds.lines) or funds.total or {}
    if funds.header_row is None:  # 预算数 | 6.84 | 执行数 | 6.84 pairs under column groups
        total = read_paired_funds(head, draft) or total
    for name in ("budget_initial_yuan", "budget_current_yuan", "budget_executed_yuan", "execution_rate_pct"):
        draft.fields[name] = total.get(name)
    draft.fields["funds_weight"] = total.get("weight")
    draft.fields["funds_score"] = total.get("score")
    goal_start = funds.end if funds.header_row is not None else 0
    draft.fields["annual_goal"], draft.fields["annual_goal_actual"] = read_goal(rows[goal_start:head_end])
    for index, raw in enumerate(table.rows):
        draft.indicators.append(convert_indicator_numbers(index, raw, draft))
    draft.notes.extend(table.notes)
    convert_totals(table.totals, draft)
    if draft.fields.get("grade") is None:
        draft.fields["grade"] = _grade_in(table.totals_row)
    draft.fields["notes"] = _notes(tail)
    if table.header_row is None:
        draft.note("truncated", "error", "the form has no indicator table (三级指标 · 分值 · 得分)")
    elif table.totals is None:
        draft.note("truncated", "warning",
                   f"the form is cut off after {len(table.rows)} indicator rows, before its 总分 row")
    return draft


def _notes(tail: Sequence[RawRow]) -> str | None:
    """The 说明 text after the table: a 说明 label cell's value, or a 说明：… text whole.  A 注 footnote
    holding the template's instructions is not the form's notes: the notes stop where one begins."""
    for i, row in enumerate(tail):
        first = next((t for t in row.texts if t), None)
        if not (first and NOTES_START.match(canon_label(first))):
            continue
        rows = list(tail[i:])
        if BARE_NOTES_LABEL.match(canon_label(first)):  # 说明 | 无: the label cell is not the notes
            rest = tuple(c for c in row.cells if c.text != first)
            rows[0] = RawRow(cells=rest, page=row.page, table=row.table, line=row.line)
        elif FOOTNOTE_START.match(canon_label(first)):
            return None  # the table is followed by the template's 注 only
        cut = next((k for k, r in enumerate(rows) if k and FOOTNOTE_START.match(
            canon_label(next((t for t in r.texts if t), "")))), len(rows))
        return notes_text(rows[:cut])
    return None




def map_dept_form(rows: Sequence[RawRow], title: str | None) -> FormDraft:
    """The department-wide form (部门整体支出绩效自评表): the national grid about a department, whose
    部门 label gives budget_unit; it has no project."""
    draft = map_form(rows, title)
    draft.template = DEPT_TEMPLATE
    if draft.fields.get("budget_unit") is None:
        draft.fields["budget_unit"] = draft.fields.get("project_name")
    draft.fields["project_name"] = None
    return draft


def is_indicator_header(rows: Sequence[RawRow], i: int) -> bool:
    """Does row i begin an indicator table's header (one row, or two)?"""
    if header_columns(rows[i], TABLE) is not None:
        return True
    return i + 1 < len(rows) and merged_header(rows[i], rows[i + 1], TABLE, complete=True) is not None

"""Pieces of the national form's table as a format with merges gives them (docx, html, xlsx, pdf)."""

from __future__ import annotations

from extractor.templates.draft import FormDraft
from extractor.templates.mof_blocks import read_funds
from extractor.templates.mof_self_eval import TABLE
from extractor.templates.table import read_table
from parsers.rows import Cell, RawRow

HEADER = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")


def _row(cells: list[tuple[str | None, int | None]], page: int = 1) -> RawRow:
    return RawRow(tuple(Cell(text, span) for text, span in cells), page=page, table=0)


def test_a_merged_label_cut_by_a_page_break_is_joined() -> None:
    rows = [
        _row([(h, None) for h in HEADER]),
        _row([("产出指标", 1), ("数量指标", 2), ("人数", None), ("≥5人", None), ("6人", None), ("45", None), ("45", None)]),
        # the last row of page 1 starts 满意度指标 / 服务对象满意度指标; page 2 holds the rest of both cells
        _row([("满意", None), ("服务", None), ("学生", None), ("≥90%", None), ("95%", None), ("45", None), ("45", None)]),
        _row([("度指标", 3), ("对象满意度指标", 4), ("满意度", None), (None, None), (None, None), (None, None),
              (None, None)], page=2),
        _row([(None, 3), (None, 4), ("指标2：", None), (None, None), (None, None), (None, None), (None, None)], page=2),
        _row([("总分", 5), (None, 5), (None, 5), (None, 5), (None, 5), ("90", None), ("90", None)], page=2),
    ]
    table = read_table(rows, TABLE)
    assert [(r["level1"], r["level2"], r["name"]) for r in table.rows] == [
        ("产出指标", "数量指标", "人数"), ("满意度指标", "服务对象满意度指标", "学生满意度")]


def test_a_unit_wrapped_inside_a_narrow_cell() -> None:
    rows = [
        _row([("项目资\n金（万\n元）", 1), (None, None), ("全年预算数", None), ("全年执行数", None), ("分值", None),
              ("执行率", None), ("得分", None)]),
        _row([(None, 1), ("年度资金总额", None), ("36.968", None), ("35.5", None), ("10", None), ("96.03%", None),
              ("9.6", None)]),
    ]
    block = read_funds(rows, FormDraft("mof_self_eval"))
    assert block.lines[0]["budget_current_yuan"] == 369680


def test_a_label_merged_across_both_level_columns_is_both_labels() -> None:
    rows = [
        _row([(h, None) for h in HEADER]),
        _row([("效益指标", 1), ("社会效益指标", 2), ("覆盖率", None), ("≥90%", None), ("95%", None), ("45", None),
              ("45", None)]),
        _row([("满意度指标", 3), (None, 3), ("满意度", None), ("≥90%", None), ("95%", None), ("45", None),
              ("45", None)]),
    ]
    table = read_table(rows, TABLE)
    assert [(r["level1"], r["level2"]) for r in table.rows] == [("效益指标", "社会效益指标"), ("满意度指标", "满意度指标")]

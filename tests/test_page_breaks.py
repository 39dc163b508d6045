"""What page breaks do to a form, format-independently: (input, expected) tables for the
repairs in normalizers/ and the table/header readers (a label, a 合计 row, a header row or a
header-block row cut in two; a merged label whose cell is cut in two)."""

from __future__ import annotations

import pytest

from extractor.templates.header import read_header
from extractor.templates.sh_self_eval import HEADER_LABELS, TABLE
from extractor.templates.table import read_table
from normalizers.label_pieces import LabelPiece, join_label_pieces
from normalizers.pages import is_page_number
from normalizers.text import clean_cell, join_wrapped
from parsers.rows import Cell, RawRow
from parsers.txt import parse_txt


def _row(*texts: str | None, span: dict[int, int] | None = None, page: int | None = None) -> RawRow:
    span = span or {}
    return RawRow(tuple(Cell(t, span.get(i)) for i, t in enumerate(texts)), page=page)


@pytest.mark.parametrize(("pieces", "expected"), [
    (["投入与管理 (36分)", "产出目标 (34分)"], [("投入与管理", 36.0), ("产出目标", 34.0)]),
    (["投入与", "管理 (36分)", "产出目标 (34分)"], [("投入与管理", 36.0), ("产出目标", 34.0)]),
    (["产出目标", "(34分)", "效果目标（15分）"], [("产出目标", 34.0), ("效果目标", 15.0)]),
    (["投入与管理(36", "分)", "产出目标(34分)"], [("投入与管理", 36.0), ("产出目标", 34.0)]),
    (["影响力目标（15分", "）"], [("影响力目标", 15.0)]),
    (["投入", "产出"], [("投入", None), ("产出", None)]),
])
def test_join_label_pieces(pieces: list[str], expected: list[tuple[str, float | None]]) -> None:
    labels = join_label_pieces([LabelPiece(t, k, k) for k, t in enumerate(pieces)])
    assert [(label.name, label.points) for label in labels] == expected


@pytest.mark.parametrize(("pieces", "expected"), [
    (["10", "0"], "100"),
    (["2,055,98", "3.00"], "2,055,983.00"),
    (["CRM", "software"], "CRM software"),
    (["项目设立的规", "范性"], "项目设立的规范性"),
])
def test_join_wrapped(pieces: list[str], expected: str) -> None:
    assert join_wrapped(pieces) == expected


HEAD = ("一级指标", "指标名称", "指标解释", "权重", "自评分", "备注")


def _table(rows: list[RawRow]):
    return read_table(rows, TABLE)


def test_totals_row_cut_by_a_page_break() -> None:
    rows = [_row(*HEAD), _row("投入 (5分)", "甲", "解释。", "5", "5", "好。"),
            _row("合计", None, None, "10", "5", None), _row(), _row(None, None, None, "0", None, None),
            _row("说明：1、说明。")]
    result = _table(rows)
    assert clean_cell(result.totals["weight"]) == "100"
    assert clean_cell(result.totals["score"]) == "5"
    assert rows[result.end].texts[0] == "说明：1、说明。"


def test_header_row_cut_by_a_page_break() -> None:
    rows = [_row("一级指标", "指标名称", "指标解释", "权重", "自评", "备注"), _row(),
            _row(None, None, None, None, "分", None), _row("投入 (5分)", "甲", "解释。", "5", "5", "好。"),
            _row("合计", None, None, "5", "5", None)]
    result = _table(rows)
    assert result.header_row == 0
    assert [(r["name"], r["weight"], r["score"], r["level1"]) for r in result.rows] == [("甲", "5", "5", "投入")]


def test_merged_label_cut_by_a_page_break_goes_by_points() -> None:
    # the label's cell is cut: its first part (one row, blank) sits on page 1, the label on page 2
    rows = [_row(*HEAD),
            _row("投入 (5分)", "甲", "解释。", "5", "5", "好。", span={0: 1}, page=1),
            _row(None, "乙", "解释。", "3", "3", "好。", page=1),
            _row("产出 (10分)", "丙", "解释。", "4", "4", "好。", span={0: 2}, page=2),
            _row(None, "丁", "解释。", "3", "3", "好。", span={0: 2}, page=2),
            _row("合计", None, None, "15", "15", None)]
    result = _table(rows)
    assert [r["level1"] for r in result.rows] == ["投入", "产出", "产出", "产出"]
    assert [r["level1_points"] for r in result.rows] == [5.0, 10.0, 10.0, 10.0]


@pytest.mark.parametrize(("rows", "expected"), [
    # a value cut by a page break: the rest is on a row with a blank label cell
    ([_row("主要绩效：", "项目及时完成，验收合格率达10"), _row(), _row(None, "0%。")],
     {"main_achievements": "项目及时完成，验收合格率达100%。"}),
    # the label itself cut in two: 主要 / 绩效：
    ([_row("主要", "项目及时完成", page=1), _row("绩效：", "，验收合格。", page=2)],
     {"main_achievements": "项目及时完成，验收合格。"}),
    # two label/value pairs on a row, both cut
    ([_row("项目名称：", "上海市党建", "是否为经常", None), _row(), _row(None, "服务热线", "性项目：", "是")],
     {"project_name": "上海市党建服务热线", "recurring": "是"}),
    # the first label of a labelled row cut in two
    ([_row("当年预算", "2,880,000.00", "上年预算金额(元)：", "0.00", page=1), _row("数(元)：", None, None, None, page=2)],
     {"budget_current_yuan": "2,880,000.00", "budget_previous_yuan": "0.00"}),
    # no page break between them: a row with a blank first cell is a row of its own
    ([_row("主要绩效：", "项目及时完成。"), _row(None, "年初预算数", "全年预算数")],
     {"main_achievements": "项目及时完成。"}),
])
def test_header_row_cut_by_a_page_break_is_read_whole(rows: list[RawRow], expected: dict[str, str]) -> None:
    values = {hv.field: clean_cell(hv.value) for hv in read_header(enumerate(rows), HEADER_LABELS)}
    assert values == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1", True), ("- 12 -", True), ("第 3 页", True), ("第3页 共12页", True), ("3/12", True),
    ("Page 2 of 9", True), ("合计", False), ("2019年度", False), ("说明：1、依据", False), ("", False),
])
def test_is_page_number(text: str, expected: bool) -> None:
    assert is_page_number(text) is expected


def test_page_number_line_in_a_dump_is_a_page_break() -> None:
    doc = parse_txt("一级指标\t指标名称\n第 1 页\n\t备注续\n".encode())
    assert [r.is_blank for r in doc.rows] == [False, True, False]

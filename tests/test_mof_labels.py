"""Merged 一级/二级 labels of the national form in text dumps: joining wrapped pieces, solving spans."""

from __future__ import annotations

import pytest

from extractor.templates.mof_self_eval import indicator_category, indicator_misfit
from normalizers.label_pieces import Label, LabelPiece, join_label_pieces
from normalizers.merged_labels import Hints, solve_levels


@pytest.mark.parametrize(("pieces", "expected"), [
    ([("满意", 4), ("度指标", 5)], [("满意度指标", None)]),  # wrapped in a narrow cell
    ([("数量指标", 0), ("质量指标", 1), ("时效指标", 2), ("服务", 4), ("对象满意度指", 5), ("标", 6)],
     [("数量指标", None), ("质量指标", None), ("时效指标", None), ("服务对象满意度指标", None)]),
    ([("产出指标（50", 0), ("分）", 1)], [("产出指标", 50.0)]),  # the points' bracket wrapped
    ([("效益指标", 3), ("满意度指标", 4)], [("效益指标", None), ("满意度指标", None)]),
    ([("产出指标(50分)", 0), ("效益指标", 3), ("满意度指标", 4)],
     [("产出指标", 50.0), ("效益指标", None), ("满意度指标", None)]),
    ([("投入与管理 (5分)", 0), ("产出目标", 1)], [("投入与管理", 5.0), ("产出目标", None)]),
])
def test_join_label_pieces(pieces: list[tuple[str, int]], expected: list[tuple[str, float | None]]) -> None:
    labels = join_label_pieces([LabelPiece(text, row, row) for text, row in pieces])
    assert [(label.name, label.points) for label in labels] == expected


def test_labels_printed_mid_span_nest_and_fit() -> None:
    """The ministry sample as a dump prints each label on the middle line of its span."""
    names = ["监测站点运行数量", "水文数据采集次数", "数据到报率", "设备完好率", "故障修复时限", "单站运维成本",
             "防汛预警信息覆盖率", "站网长效运行机制", "防汛部门满意度"]
    weights = [10.0, 10, 10, 10, 5, 5, 15, 10, 15]
    level1 = [Label("产出指标", None, 2, 2), Label("效益指标", None, 6, 6), Label("满意度指标", None, 8, 8)]
    level2 = [Label(n, None, r, r) for n, r in (("数量指标", 0), ("质量指标", 2), ("时效指标", 4), ("成本指标", 5),
                                                 ("社会效益指标", 6), ("可持续影响指标", 7), ("服务对象满意度指标", 8))]
    solution = solve_levels(weights, [level1, level2], Hints(indicator_category, names, indicator_misfit))
    assert solution.owners == ((0, 0, 0, 0, 0, 0, 1, 1, 2), (0, 0, 1, 1, 2, 3, 4, 5, 6))
    assert not solution.ambiguous


@pytest.mark.parametrize(("label", "name", "misfit"), [
    ("数量指标", "服务对象满意度", 1.0), ("满意度指标", "服务对象满意度", 0.0), ("时效指标", "资金拨付及时率", 0.0),
    ("质量指标", "资金拨付及时率", 1.0), ("效益指标", "项目完成时间", 1.0), ("社会效益指标", "群众知晓率", 0.0),
    ("数量指标", "新增设备", 0.0),  # a name that says nothing fits anywhere
])
def test_a_rows_own_words_fit_its_label(label: str, name: str, misfit: float) -> None:
    assert indicator_misfit(label, name) == misfit

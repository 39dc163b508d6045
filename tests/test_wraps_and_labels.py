"""Wrap repair and merged-label assignment, as tables of (lines / labels, expected grouping)."""

from __future__ import annotations

import pytest

from normalizers.label_pieces import Label, LabelPiece, join_label_pieces, split_points
from normalizers.merged_labels import assign_labels
from normalizers.wraps import group_fragments, is_finished, starts_mid_sentence

# each line: (name, weight, remark); a fragment has no weight
SEED_BEFORE = [
    ("资金使用的合规性", "6", "经过核对本项目合同，因此该指标得满分。"),
    (None, None, "单位在申报预算时填报了绩效目标申报表，设定的绩效指"),
    ("绩效目标合理性", "8", "标较为明确，但部分指标分类有误。因此扣2分，该指标得6分。"),
]
SEED_AFTER = [
    ("远教平台访问人次和学习时长提升情况", "3", "学习时长增长率=(12491995-10184705)/10184705*100%=22.57%"),
    (None, None, "2.65%，因此该指标得满分。"),
    ("数字化资源上传数量增长情况", "3", "数字化资源上传数量增长率=26.2%，故该指标得满分。"),
]
AFTER_WITH_PUNCT = [
    ("项目设立的规范性", "5", "符合组织部的发展政策，有利于支持组织部目标的实现"),
    (None, None, "。因此本项目立项规范，该指标得满分。"),
    ("预算执行率", "8", "预算执行率为97.92%，因此该指标得满分。"),
]
AFTER_COMMA = [
    ("项目设立的规范性", "5", "进一步畅通广大党员反映意见建议的渠道，"),
    (None, None, "充分发挥广大党员的先锋模范作用。因此本项目立项规范，该指标得满分。"),
    ("绩效目标合理性", "8", "项目在申报时随同项目预算同时设置和报送绩效目标。因此，该指标得满分。"),
]
TWO_FRAGMENTS_SPLIT = [
    ("甲", "5", "第一行的备注写到一半"),
    (None, None, "写完了。"),
    (None, None, "第二行的备注从这里开始"),
    ("乙", "5", "接着写完。"),
]
LEADING_FRAGMENT = [
    (None, None, "表格最前面的片段"),
    ("甲", "5", "接着写完。"),
]
TRAILING_FRAGMENT = [
    ("甲", "5", "最后一行写到一半"),
    (None, None, "在下一页写完。"),
]


@pytest.mark.parametrize(("lines", "breaks", "expected"), [
    (SEED_BEFORE, [False, False, True], [[0], [1, 2]]),
    (SEED_BEFORE, [False, False, False], [[0], [1, 2]]),  # the text alone decides
    (SEED_AFTER, [False, True, False], [[0, 1], [2]]),
    (SEED_AFTER, [False, False, False], [[0, 1], [2]]),
    (AFTER_WITH_PUNCT, [False, True, False], [[0, 1], [2]]),
    (AFTER_COMMA, [False, True, False], [[0, 1], [2]]),
    (TWO_FRAGMENTS_SPLIT, [False] * 4, [[0, 1], [2, 3]]),
    (LEADING_FRAGMENT, [False, False], [[0, 1]]),
    (TRAILING_FRAGMENT, [False, False], [[0, 1]]),
])
def test_group_fragments(lines, breaks, expected) -> None:
    grid = [list(line) for line in lines]
    core = [line[1] is not None for line in lines]
    assert group_fragments(grid, core, breaks, columns=[0, 2]) == expected


def test_group_fragments_without_rows() -> None:
    assert group_fragments([[None, "片段"]], [False]) == []


@pytest.mark.parametrize(("text", "finished"), [
    ("该指标得满分。", True), ("满意度为96%。”", True), ("渠道，", False), ("有效", False), ("扣2分；", True),
])
def test_is_finished(text: str, finished: bool) -> None:
    assert is_finished(text) is finished


@pytest.mark.parametrize(("text", "mid"), [("。因此", True), ("，并且", True), ("标较为明确", False), ("%，", True)])
def test_starts_mid_sentence(text: str, mid: bool) -> None:
    assert starts_mid_sentence(text) is mid


@pytest.mark.parametrize(("label", "expected"), [
    ("投入与管理 (36分)", ("投入与管理", 36.0)),
    ("产出指标（50分）", ("产出指标", 50.0)),
    ("效果目标 15分", ("效果目标", 15.0)),
    ("满意度指标(10.5分)", ("满意度指标", 10.5)),
    ("产出指标", ("产出指标", None)),
    ("(36分)", (None, 36.0)),  # the label text lost in the source: the points stay
    ("产出指标(50)", ("产出指标", 50.0)),
    ("指标1(2)", ("指标1(2)", None)),
])
def test_split_points(label: str, expected) -> None:
    assert split_points(label) == expected


def _names(weights, labels):
    assignment = assign_labels(weights, labels)
    return [labels[o].name for o in assignment.owner], assignment.mismatched


@pytest.mark.parametrize(("weights", "labels", "expected"), [
    # seed form 1: 效果目标 printed on the fragment of row 12, its span starts there
    ([5, 8, 6, 8, 5, 4, 6, 6, 7, 5, 5, 5, 3, 3, 3, 3, 3, 7, 4, 4],
     [Label("投入与管理", 36, 0, 0), Label("产出目标", 34, 6, 6), Label("效果目标", 15, 12, 12),
      Label("影响力目标", 15, 17, 17)],
     ["投入与管理"] * 6 + ["产出目标"] * 6 + ["效果目标"] * 5 + ["影响力目标"] * 3),
    # seed form 4: 效果目标 printed on row 14, two rows into its span
    ([5, 6, 5, 8, 8, 4, 6, 6, 7, 5, 5, 5, 2, 2, 2, 2, 2, 5, 5, 6, 4],
     [Label("投入与管理", 36, 0, 0), Label("产出目标", 34, 6, 6), Label("效果目标", 15, 14, 14),
      Label("影响力目标", 15, 18, 18)],
     ["投入与管理"] * 6 + ["产出目标"] * 6 + ["效果目标"] * 6 + ["影响力目标"] * 3),
    # no points: plain fill-down
    ([1, 1, 1, 1], [Label("甲", None, 0, 0), Label("乙", None, 2, 2)], ["甲", "甲", "乙", "乙"]),
    # a label alone on a line between rows 1 and 2: either side may start its span; the points decide
    ([2, 2, 3, 3], [Label("甲", 2, 0, 0), Label("乙", 8, 1, 2)], ["甲", "乙", "乙", "乙"]),
])
def test_assign_labels_exact(weights, labels, expected) -> None:
    names, mismatched = _names(weights, labels)
    assert names == expected and mismatched == ()


def test_assign_labels_keeps_the_nearest_when_no_sum_fits() -> None:
    names, mismatched = _names([5, 5, 5, 5], [Label("甲", 9, 0, 0), Label("乙", 10, 2, 2)])
    assert names == ["甲", "甲", "乙", "乙"]
    assert mismatched == ((0, 9, 10.0),)


def test_assign_labels_with_unknown_weight() -> None:
    names, mismatched = _names([5, None, 4], [Label("甲", 8, 0, 0), Label("乙", 4, 2, 2)])
    assert names == ["甲", "甲", "乙"] and mismatched == ()


@pytest.mark.parametrize(("pieces", "expected"), [
    ([LabelPiece("产出目标", 3, 3), LabelPiece("(34分)", 4, 4)], [Label("产出目标", 34, 4, 3)]),
    ([LabelPiece("投入与", 0, 0), LabelPiece("管理 (36分)", 0, 1), LabelPiece("产出 (34分)", 6, 6)],
     [Label("投入与管理", 36, 0, 0), Label("产出", 34, 6, 6)]),
    ([LabelPiece("产出", 0, 0), LabelPiece("效果", 3, 3)], [Label("产出", None, 0, 0), Label("效果", None, 3, 3)]),
])
def test_join_label_pieces(pieces, expected) -> None:
    assert join_label_pieces(pieces) == expected

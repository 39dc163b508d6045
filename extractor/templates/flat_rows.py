"""Indicator rows of spaced run-on text with no 总分 row (a search excerpt cut off inside the table):
`产出指标(50分) 数量指标 补助村(社区)数量 =8个 8 8 8 保障村干部人数 =42个 42 8 8 质量指标 …`.

Read only where the words segment one way: the table's header names exactly 三级指标 · 年度指标值 ·
实际完成值 · 分值 · 得分 (and a remark column, which must be blank: a word in it would shift
every row after it), each row is its 一级 / 二级 labels, then a name, a target, an actual
value and two numbers; the words left at the end are the cut-off start of a row.  The 分值 of
every 一级 group the text holds whole add up to the points its label prints (产出指标(50分)),
else no row is read.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from extractor.templates.draft import FormDraft
from normalizers import indicator_words as words
from normalizers.indicator_words import alternation

# header word -> indicators column, in the printed order
HEADER = {"三级指标": "name", "年度指标值": "target_value", "实际完成值": "actual_value", "分值": "weight",
          "得分": "score"}
ORDER = ("name", "target_value", "actual_value", "weight", "score")
# the words of the remark column's header: 偏差原因分析及改进措施, maybe wrapped
REMARK_WORD = regex.compile(r"原因|措施|分析")
# a 一级 label, with its points: 产出指标(50分) / 效益指标（30分）
LEVEL1 = regex.compile(rf"^(?P<label>(?:{alternation(words.LEVEL1)})指标)(?:[（(](?P<pts>\d+(?:\.\d+)?)分[)）])?$")
# a 二级 label: 数量指标 / 经济效益指标 / 服务对象满意度指标
LEVEL2 = regex.compile(rf"^(?:{alternation(words.LEVEL2)})指标$")
POINTS = regex.compile(r"^\d+(?:\.\d+)?$")


def read_token_rows(lines: Sequence[str], draft: FormDraft) -> bool:
    words = [w for line in lines for w in line.split()]
    if "总分" in words or "三级指标" not in words:
        return False
    k = words.index("三级指标")
    order = []
    while k < len(words) and words[k] in HEADER:
        order.append(HEADER[words[k]])
        k += 1
    if tuple(order) != ORDER:
        return False
    while k < len(words) and REMARK_WORD.search(words[k]):
        k += 1
    rows = _segment(words[k:])
    if not rows or not _points_add_up(rows):
        return False
    for index, row in enumerate(rows):
        draft.indicators.append({"row_index": index, **row})
    return True


def _segment(words: Sequence[str]) -> list[dict[str, object]] | None:
    rows: list[dict[str, object]] = []
    level1: tuple[str | None, float | None] = (None, None)
    level2: str | None = None
    k = 0
    while k < len(words):
        if (m := LEVEL1.match(words[k])) is not None:
            level1, level2 = (m.group("label"), float(m.group("pts")) if m.group("pts") else None), None
            k += 1
            continue
        if LEVEL2.match(words[k]):
            level2 = words[k]
            k += 1
            continue
        row = words[k:k + 5]
        if len(row) < 5:
            return rows if not any(POINTS.match(w) for w in row) else None  # the cut-off start of a row
        name, target, actual, weight, score = row
        if POINTS.match(name) or not (POINTS.match(weight) and POINTS.match(score)) or float(score) > float(weight):
            return None
        if any(LEVEL1.match(w) or LEVEL2.match(w) for w in (target, actual)):
            return None
        rows.append({"level1": level1[0], "level1_points": level1[1], "level2": level2, "name": name,
                     "target_value": target, "actual_value": actual, "weight": float(weight),
                     "score": float(score), "remark": None})
        k += 5
    return rows


def _points_add_up(rows: Sequence[dict[str, object]]) -> bool:
    """Does each 一级 group the text holds whole (one after it begins) add up to its printed points?"""
    groups: list[tuple[object, object, float]] = []
    for row in rows:
        key = (row["level1"], row["level1_points"])
        if not groups or groups[-1][:2] != key:
            groups.append((*key, 0.0))
        label, pts, total = groups[-1]
        groups[-1] = (label, pts, total + float(row["weight"]))  # type: ignore[arg-type]
    whole = groups[:-1]
    return bool(whole) and all(pts is not None and abs(total - float(pts)) < 0.01 for _l, pts, total in whole)


# a row's name that opens with its number, as every row of some forms does: 指标7:建立预防接种证
ANCHOR = regex.compile(r"^指标\d+[:：]\S")
# the header words, in the order the rows' values follow them
VALUE_ORDER = (regex.compile(r"指标值$"), regex.compile(r"完成值$|实际值$"), regex.compile(r"^分值$"),
               regex.compile(r"^得分$"))


def read_anchor_rows(lines: Sequence[str], draft: FormDraft) -> bool:
    """Rows of scrambled spaced text whose every name opens with 指标N: — each such word starts a
    row (its ordinal is the row's index); a row is read only where its name is followed by exactly a
    target, an actual value and two numbers before the next row's name (or a 二级 label, or the end);
    the other rows keep their place but give nothing."""
    words = [w for line in lines for w in line.split()]
    if "总分" in words or not _in_order(words):
        return False
    starts = [k for k, w in enumerate(words) if ANCHOR.match(w)]
    read = []
    for index, k in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(words)
        cells = words[k + 1:end]
        if cells and (LEVEL1.match(cells[-1]) or LEVEL2.match(cells[-1])):
            cells = cells[:-1]
        if len(cells) != 4 or not (POINTS.match(cells[2]) and POINTS.match(cells[3])) \
                or any(POINTS.match(c) or ANCHOR.match(c) for c in cells[:2]) or float(cells[3]) > float(cells[2]):
            continue
        read.append({"row_index": index, "level1": None, "level1_points": None, "level2": None, "name": words[k],
                     "target_value": cells[0], "actual_value": cells[1], "weight": float(cells[2]),
                     "score": float(cells[3]), "remark": None})
    if len(read) < 2:
        return False
    draft.indicators.extend(read)
    return True


def _in_order(words: Sequence[str]) -> bool:
    """Does the text's table header name 指标值 · 完成值 · 分值 · 得分, in that order?"""
    first = next((k for k, w in enumerate(words) if w.startswith("一级")), None)  # the funds block's 分值 / 得分 before
    if "三级指标" not in words or first is None:
        return False
    at = [next((k for k in range(first, len(words)) if p.search(words[k])), None) for p in VALUE_ORDER]
    return None not in at and at == sorted(at)  # type: ignore[type-var]

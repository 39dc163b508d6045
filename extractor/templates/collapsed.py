"""Rows of a web table saved as `|` text, put back on the table's grid.

Such a text keeps a row's filled cells in order and nothing else: the cells a merge covers
are gone (under `产出指标 | 数量指标 | 指标1:… | ≤4 | 4 | 10 | 10` the next row reads
`指标2:… | ≥200 | 202 | 10 | 10`), and so are blank cells (`其中桃树种植面积 | 1.5亩 | 1.5亩`
under a 分值-first header).  A row is put on the grid only where one placing of its cells, in
their order, fits the columns: label words in the label columns, a name that is no label in the
name column, numbers in 分值 / 得分, and the text columns (指标值, 实际完成值, 备注) filled from
the left.  The covered label positions get the span of the label above them, as a grid format
gives, so the table reader fills the labels down as usual.

A row no placing fits, or more than one, ends the table: the rows after it are left out (the
table reader then says the table is cut off) rather than read in the wrong columns.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import combinations, count

import regex

from extractor.templates.mof_blocks import GOAL_EXPECTED, GOAL_LABEL, is_block_end, is_funds_header
from extractor.templates.table_header import TableSpec, find_header
from normalizers import indicator_words as words
from normalizers.indicator_words import alternation
from normalizers.labels import canon_label
from parsers.rows import Cell, RawRow

# a 一级 / 二级 label: 产出指标 / 数量指标 / 经济效益 / 產出數量 / 满意度指标(10分) / 项目决策(10分) / (50分)
LEVEL_LABEL = regex.compile(rf"^(?:\p{{Han}}{{0,8}}指标|{alternation((*words.LEVEL2, *words.REGIONAL_LEVEL2, *words.OLD_LEVEL1))})?"
                            r"(?:\(\d+(?:\.\d+)?分?\))?$")
# a 一级 label (the framework's top level), or only its points
LEVEL1_LABEL = regex.compile(rf"^(?:(?:{alternation((*words.LEVEL1, *words.COST, *words.OLD_LEVEL1))})(?:指标)?)?"
                             r"(?:\(\d+(?:\.\d+)?分?\))?$")
# a label that is only ever 一级, never 二级: 产出指标 / 效益指标 / 满意度指标(10分)
LEVEL1_ONLY = regex.compile(rf"^(?:{alternation(words.LEVEL1)})指标(?:\(\d+(?:\.\d+)?分?\))?$|^(?:{alternation(words.OLD_LEVEL1)})")
# a space between two Chinese characters of a label: a line break of its cell (产 出 指 标)
HAN_SPACE = regex.compile(r"(?<=\p{Han})\s+(?=\p{Han})")
# a number as printed in 分值 / 得分
POINTS = regex.compile(r"^\d+(?:\.\d+)?$")
# the first cell of a row that ends the indicator rows: 合计 / 总分 / 评价结论 / 说明 / 注:
END = regex.compile(r"^(?:合计|总计|总分|合计得分|总得分|评价结论|主要绩效|存在问题|改进措施|说明|注:|项目负责人)")
NUMBER_FIELDS = ("weight", "score")
LABEL_FIELDS = ("level1", "level2")


def expand_collapsed(rows: Sequence[RawRow], spec: TableSpec) -> list[RawRow]:
    """The rows with the goal rows and indicator rows of a collapsed (`|` text) table on its grid."""
    out = list(rows)
    if not any(row.collapsed for row in rows):
        return out
    out = _funds_rows(_goal_rows(out))
    found = find_header(out, spec)
    if found is None or found[1] - found[0] != 1 or not out[found[0]].collapsed:
        return out
    _first, start, columns = found
    width = len(out[start - 1].cells)
    name_col = next((c for c, f in columns.items() if f == "name"), None)
    if name_col is None:
        return out
    kinds = {c: _kind(columns.get(c), c < name_col) for c in range(width)}
    kinds[name_col] = "name"
    expanded: list[RawRow] = []
    spans: dict[int, int] = {}  # label column -> span id of the label over it
    ids = count(1)
    for k in range(start, len(out)):
        row = out[k]
        texts = [t.strip() for t in row.texts if t and t.strip()]
        if not texts:
            expanded.append(row)
            continue
        if END.match(canon_label(texts[0])):
            return [*out[:start], *expanded, *out[k:]]
        if len(texts) == 1 and all(r.is_blank for r in out[k + 1:]):
            break  # the excerpt's last words, cut off: a label cut mid-word as much as a name
        places = list(_placings(texts, kinds, width))
        if len(places) != 1:
            break  # this row and those after it cannot be put in their columns for certain
        expanded.append(_placed(row, texts, places[0], kinds, width, spans, ids))
    return [*out[:start], *expanded]


def _kind(field: str | None, before_name: bool) -> str:
    if before_name:  # a label column; one the header names no field for (绩效指标) spans all rows
        return field if field in LABEL_FIELDS else "outer"
    if field == "remark":
        return "remark"
    return "points" if field in NUMBER_FIELDS else "text"


def _fits(text: str, kind: str) -> bool:
    key = canon_label(text)
    if kind == "level1":
        return bool(LEVEL1_LABEL.match(key))
    if kind == "level2":
        return bool(LEVEL_LABEL.match(key)) and not LEVEL1_ONLY.match(key)
    if kind == "name":
        return not LEVEL_LABEL.match(key) and not POINTS.match(key)
    if kind == "remark":  # a number after 得分 is no remark: a cell placed one column too far
        return not POINTS.match(key)
    return kind == "text" or (kind == "points" and bool(POINTS.match(key)))


def _placings(texts: list[str], kinds: Mapping[int, str], width: int) -> Iterator[tuple[int, ...]]:
    """Every placing of the cells on columns, in order, that fits the columns' kinds."""
    text_cols = [c for c in range(width) if kinds[c] in ("text", "remark")]
    name_col = next(c for c in range(width) if kinds[c] == "name")
    for cols in combinations(range(width), len(texts)):
        if not all(_fits(t, kinds[c]) for t, c in zip(texts, cols, strict=True)):
            continue
        filled = set(cols)
        if any(c in filled and c + 1 < name_col and c + 1 not in filled for c in cols):
            continue  # labels nest: a row that opens a 一级 label opens its 二级 label too
        if name_col not in filled and any(c > name_col for c in filled):
            continue  # values with no name: a row is never that
        used = [c in filled for c in text_cols]
        if any(b and not a for a, b in zip(used, used[1:], strict=False)):
            continue  # a text column filled after a blank one: the text columns fill from the left
        yield cols


def _placed(row: RawRow, texts: list[str], cols: tuple[int, ...], kinds: Mapping[int, str], width: int,
            spans: dict[int, int], ids: count) -> RawRow:
    at = dict(zip(cols, texts, strict=True))
    first = cols[0]
    cells: list[Cell] = []
    for col in range(width):
        text = at.get(col)
        if kinds[col] not in LABEL_FIELDS:
            cells.append(Cell(text))
        elif col < first:  # covered by the label above (a merged cell)
            cells.append(Cell(None, span=spans[col]) if col in spans else Cell())
        elif text:
            spans[col] = next(ids)
            cells.append(Cell(HAN_SPACE.sub("", text), span=spans[col]))
        else:
            spans.pop(col, None)
            cells.append(Cell())
    # now a grid row: every row with a name is a row (no wrap fragment, as in any grid format)
    table = row.table if row.table is not None else 0
    return RawRow(cells=tuple(cells), page=row.page, table=table, line=row.line)


def _goal_rows(rows: list[RawRow]) -> list[RawRow]:
    """Under `年度总体目标 | 预期目标 | 实际完成情况` the goal rows lost the merged label cell on
    their left: a row with one cell fewer than the sub-header gets it back, covered."""
    out = list(rows)
    for i, row in enumerate(rows[:-1]):
        keys = [canon_label(t) for t in row.texts]
        if not row.collapsed or len(keys) < 3 or keys[0] not in GOAL_LABEL or keys[1] not in GOAL_EXPECTED:
            continue
        for k in range(i + 1, len(rows)):
            below = rows[k]
            filled = [c for c in below.cells if not c.is_blank]  # (blank cells at its end are dropped)
            if not below.collapsed or not 0 < len(filled) <= len(keys) - 1 or len(below.cells) != len(filled):
                break
            out[k] = replace(below, cells=(Cell(), *below.cells))
    return out


def _funds_rows(rows: list[RawRow]) -> list[RawRow]:
    """Under a funds header (项目资金 | | 全年预算数 | 全年执行数 | 执行率) the lines lost the block's label
    cell merged down on their left: every line gets back as many cells as the fullest line lacks."""
    out = list(rows)
    for i, row in enumerate(rows):
        if not row.collapsed or not is_funds_header(row):
            continue
        end = next((k for k in range(i + 1, len(rows)) if rows[k].is_blank or is_block_end(rows[k])
                    or len(rows[k].cells) >= len(row.cells)), len(rows))  # (the next block's header)
        lines = range(i + 1, end)
        fullest = max((len(rows[k].cells) for k in lines), default=len(row.cells))
        lost = len(row.cells) - fullest
        if lost <= 0:
            continue
        for k in lines:
            out[k] = replace(rows[k], cells=(Cell(),) * lost + rows[k].cells)
    return out

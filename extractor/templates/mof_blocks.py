"""The blocks of the national form above its indicator table: 项目资金 and 年度总体目标.

项目资金（万元） | (line)            | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
                 | 年度资金总额      | 36.968     | 36.968     | 35.5       | 10   | 96.03% | 9.6
                 | 其中：当年财政拨款 | ...
年度总体目标     | 预期目标                           | 实际完成情况
                 | ...                                | ...

Columns are read by name, so a form without 年初预算数, or with its columns in
another order, reads the same.  A value belongs to the header cell at or left of
its column (a merged header cell covers the columns up to the next header cell).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

import regex

from extractor.templates.draft import FormDraft
from extractor.templates.header import join_rows
from normalizers.labels import TRAILING_COLON, canon_label, label_base_key
from normalizers.numbers import parse_amount, parse_percent, parse_points, stated_unit_factor
from normalizers.text import clean_cell, join_wrapped
from parsers.rows import Cell, RawRow
from selfeval.errors import NumberError

# funds block column header (label_base) -> funds column
FUNDS_COLUMNS = {
    "年初预算数": "budget_initial_yuan",
    "年初预算": "budget_initial_yuan",
    "全年预算数": "budget_current_yuan",
    "全年预算": "budget_current_yuan",
    "调整后预算数": "budget_current_yuan",
    "调整预算数": "budget_current_yuan",
    "预算数": "budget_current_yuan",
    "调整后预算": "budget_current_yuan",
    "全年预算金额": "budget_current_yuan",
    "执行数": "budget_executed_yuan",
    "预算执行数": "budget_executed_yuan",
    "合计": "budget_current_yuan",  # funds by source in one row: 中央 · 省 · 本级 · 合计 · 执行数 · 执行率
    "全年执行数": "budget_executed_yuan",
    "全年实际执行数": "budget_executed_yuan",
    "全年执行": "budget_executed_yuan",
    "实际执行数": "budget_executed_yuan",
    "实际支出数": "budget_executed_yuan",
    "实际支出": "budget_executed_yuan",
    "全年支出数": "budget_executed_yuan",
    "支出数": "budget_executed_yuan",
    "资金执行率": "execution_rate_pct",
    "分值": "weight",
    "执行率": "execution_rate_pct",
    "预算执行率": "execution_rate_pct",
    "预算执行进度": "execution_rate_pct",
    "执行率(%)": "execution_rate_pct",
    "得分": "score",
}
MONEY = ("budget_initial_yuan", "budget_current_yuan", "budget_executed_yuan")
# a marker after a column name: 全年预算数（A） / 执行率（B/A） / 得分(分值×执行率)
MARKER = regex.compile(r"\([A-Za-z/×*÷%]+\)$|\((?:分值|\d+分)[×*].*\)$")
# the label of the whole block (not a line of it): 项目资金（万元） / 资金情况 / 预算执行情况（元）
BLOCK_LABEL = regex.compile(r"^(?:项目)?(?:资金|预算执行)(?:情况|投入情况)?(?:\((?:万元|元)\))?$|^项目资金")
# the label of a block of funds by source, one column each: 项目资金来源 / 资金来源
BY_SOURCE = regex.compile(r"来源$")
# the points of the whole block printed in its label: （20分）
BLOCK_POINTS = regex.compile(r"\((?P<pts>\d+(?:\.\d+)?)分\)")
# whitespace, which a narrow cell's wrapping puts inside a unit
SPACES = regex.compile(r"\s+")
# a cell the filler struck out or left as a dash: — / - / / / 无
NO_VALUE = regex.compile(r"^(?:[—\-－/／一~～_\s]+|无|不适用)$")
# the total line of the block
TOTAL_LINE = regex.compile(r"资金总额|资金合计|^合计$|^总计$")
# the cells that head the 年度总体目标 values
GOAL_EXPECTED = frozenset({"预期目标", "年度预期目标", "预期目标(年初设定)", "年初设定目标", "总体目标",
                           "项目年度目标", "年度目标"})
GOAL_ACTUAL = frozenset({"实际完成情况", "实际完成情况(年终完成)", "年度实际完成情况", "实际完成", "全年实际完成情况",
                         "年度总体目标完成情况", "年度总体目标完成情况综述", "具体完成情况", "年度目标完成情况"})
GOAL_LABEL = frozenset({"年度总体目标", "年度总体目标完成情况", "总体目标", "年度绩效目标", "总体目标完成情况",
                        "项目年度目标", "目标完成情况"})


@dataclass
class FundsBlock:
    header_row: int | None = None
    end: int = 0  # row after the last line of the block
    unit: Decimal | None = None
    lines: list[dict[str, object]] = field(default_factory=list)
    total: dict[str, object] | None = None  # the block's one unnamed row, where it has no lines


def funds_column(text: str | None) -> str | None:
    """The funds column a cell names (全年预算数（A） -> budget_current_yuan), else None."""
    key = label_base_key(text) if text else None
    return (FUNDS_COLUMNS.get(key) or FUNDS_COLUMNS.get(MARKER.sub("", key))) if key else None


def _columns(row: RawRow) -> dict[int, str]:
    found: dict[int, str] = {}
    for i, text in enumerate(row.texts):
        name = funds_column(text)
        if name and name not in found.values():
            found[i] = name
    return found


def is_funds_header(row: RawRow) -> bool:
    names = set(_columns(row).values())
    return len(names) >= 3 and bool(names & {"budget_current_yuan", "budget_executed_yuan"})


def _unit_in(text: str | None) -> Decimal | None:
    return stated_unit_factor(SPACES.sub("", text or ""))  # 项目资金（万\n元） wrapped in a narrow cell


def _ranges(columns: dict[int, str], width: int) -> list[tuple[str, int, int]]:
    cols = sorted(columns)
    return [(columns[c], c, cols[k + 1] if k + 1 < len(cols) else max(width, c + 1)) for k, c in enumerate(cols)]


def is_block_end(row: RawRow) -> bool:
    keys = {canon_label(t) for t in row.texts if t}
    return bool(keys & (GOAL_LABEL | GOAL_EXPECTED | GOAL_ACTUAL)) or any(
        k.startswith(("年度总体目标", "绩效指标", "一级指标")) for k in keys)


def read_funds(rows: Sequence[RawRow], draft: FormDraft) -> FundsBlock:
    block = FundsBlock()
    start = next((i for i, row in enumerate(rows) if is_funds_header(row)), None)
    if start is None:
        return block
    block.header_row = start
    header = rows[start]
    end = start + 1
    if end < len(rows) and _header_goes_on(rows[end]):  # 预算执行情况（万元） / （20分）: the header wrapped
        header = replace(header, cells=tuple(Cell(t) for t in join_rows(header.texts, rows[end].texts)))
        end += 1
    columns = _columns(header)
    first_value = min(columns)
    unit_texts = [t for t in header.texts if t]
    line_rows: list[RawRow] = []
    while end < len(rows) and not is_block_end(rows[end]):
        if not rows[end].is_blank:
            line_rows.append(rows[end])
        end += 1
    block.end = end
    # the block's label in its own first column, maybe wrapped over lines: 项目资金（万 / 元）
    label_col = first_value > 1 and (bool(header.texts[0]) and any(any(r.texts[1:first_value]) for r in line_rows) or any(
        row.texts and row.texts[0] and canon_label(row.texts[0]).startswith(("项目资金", "资金"))
        for row in line_rows))  # a text dump wraps the label: 项目资 / 金 / （万 / 元）
    if label_col:
        unit_texts.append("".join(t for row in (header, *line_rows) if row.texts and (t := row.texts[0])))
    for row in line_rows:
        unit_texts += [t for t in row.texts[:first_value] if t and BLOCK_LABEL.match(canon_label(t))]
    # a unit line above the block (单位：万元) or in the title rows
    unit_texts += [t for row in rows[:start] for t in row.texts if t and ("单位" in t or "资金" in t)]
    block.unit = next((u for t in unit_texts if (u := _unit_in(t)) is not None), None)
    for row in line_rows:
        texts = row.texts
        label_parts = [clean_cell(t) for t in texts[1 if label_col else 0:first_value]
                       if t and not BLOCK_LABEL.match(canon_label(t))]
        label = join_wrapped(list(dict.fromkeys(p for p in label_parts if p))) or None  # a label repeated over its merge
        label = TRAILING_COLON.sub("", label).strip() or None if label else None  # 年度资金总额： -> 年度资金总额
        values: dict[str, str | None] = {}
        for name, lo, hi in _ranges(columns, len(texts)):
            values[name] = next((clean_cell(t) for t in texts[lo:hi] if t), None)
        if label is None and not any(values.values()):
            continue
        if label is None and not block.lines and block.total is None and BY_SOURCE.search(
                canon_label(header.texts[0] or "")):  # 项目资金来源 | 中央 | … | 合计: the one row is the total
            block.total = _convert("合计", values, block.unit, draft)
            continue
        if label is None:  # values under no line label: the rest of a wrapped line above
            draft.note("funds_line_unlabelled", "warning", "a line of the 项目资金 block has values but no name",
                       actual=" | ".join(v for v in values.values() if v))
            continue
        block.lines.append(_convert(label, values, block.unit, draft))
    _label_points(header, first_value, block)
    if block.unit is None and any(line.get(m) is not None for line in block.lines for m in MONEY):
        draft.note("funds_unit_missing", "error", "the 项目资金 block states no unit (元 or 万元): its "
                   "amounts are left null")
        for line in block.lines:
            for m in MONEY:
                line[m] = None
    return block


def _header_goes_on(row: RawRow) -> bool:
    """Is the row the rest of a funds header wrapped onto a second line: the block's points under its
    label (（20分）) and nothing that is a line's label or amount?"""
    texts = [(c, t) for c, t in enumerate(row.texts) if t]
    return bool(texts) and bool(HEADER_POINTS_ONLY.match(texts[0][1].strip())) and all(
        WRAPPED_NOTE.match(t.strip()) for _c, t in texts[1:])


def _label_points(header: RawRow, first_value: int, block: FundsBlock) -> None:
    """A block whose weight is printed only in its label (预算执行情况（万元）（20分）, no 分值 column):
    the points are the weight of its total line."""
    total = total_line(block.lines)
    if total is None or total.get("weight") is not None:
        return
    for text in header.texts[:first_value]:
        m = BLOCK_POINTS.search(canon_label(text)) if text else None
        if m:
            total["weight"] = float(m.group("pts"))
            return


def _convert(label: str, values: dict[str, str | None], unit: Decimal | None,
             draft: FormDraft) -> dict[str, object]:
    line: dict[str, object] = {"line": label}
    for name in ("budget_initial_yuan", "budget_current_yuan", "budget_executed_yuan", "weight",
                 "execution_rate_pct", "score"):
        raw = values.get(name)
        if raw is None or NO_VALUE.match(raw):
            line[name] = None
            continue
        try:
            if name in MONEY:
                line[name] = parse_amount(raw, unit or Decimal(1))
            elif name == "execution_rate_pct":
                line[name] = parse_percent(raw)
            else:
                line[name] = parse_points(raw)
        except NumberError:
            line[name] = None
            draft.note("not_a_number", "error", f"{label} {name} is not a number: {raw!r}", actual=raw)
    return line


def total_line(lines: Sequence[dict[str, object]]) -> dict[str, object] | None:
    """The 年度资金总额 line (the first line when none is named so)."""
    for line in lines:
        if TOTAL_LINE.search(canon_label(str(line["line"]))):
            return line
    return lines[0] if lines else None


def read_goal(rows: Sequence[RawRow]) -> tuple[str | None, str | None]:
    """(预期目标, 实际完成情况) of the 年度总体目标 block in the rows given."""
    for i, row in enumerate(rows):
        keys = [_goal_key(t) for t in row.texts]
        exp = next((c for c, k in enumerate(keys) if k in GOAL_EXPECTED), None)
        act = next((c for c, k in enumerate(keys) if k in GOAL_ACTUAL and (exp is None or c > exp)), None)
        if exp is not None and act is not None:
            below = [r for r in rows[i + 1:] if not r.is_blank]
            after = next((c for c in range(act + 1, len(keys)) if keys[c] and keys[c] != keys[act]), None)
            return _column_text(below, exp, act), _column_text(below, act, after)
        if exp is not None or act is not None:  # 预期目标 | goal, 实际完成情况 | actual on rows of their own
            pair = _stacked_goal(rows[i:])
            if pair != (None, None):
                return pair
        label = next((c for c, k in enumerate(keys) if k in GOAL_LABEL), None)
        if label is not None:  # 年度总体目标 | the goal, with no 预期 / 实际 sub-header
            rest = [clean_cell(t) for t in row.texts[label + 1:] if t]
            if rest:
                return join_wrapped([t for t in rest if t]) or None, None
    return None, None


# the block's points alone on the header's second line: （20分）
HEADER_POINTS_ONLY = regex.compile(r"^[（(]\d+(?:\.\d+)?分[)）]$")
# the rest of a column name wrapped under it: (20分*执行率) / （B/A）
WRAPPED_NOTE = regex.compile(r"^[（(][^()（）]*[)）]$")
# a section number before a block label: 三、目标完成情况 / 1.项目年度目标完成情况
SECTION_NUMBER = regex.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、])")


def _goal_key(text: str | None) -> str:
    return SECTION_NUMBER.sub("", canon_label(text)) if text else ""


def _column_text(rows: Sequence[RawRow], lo: int, hi: int | None) -> str | None:
    pieces = []
    for row in rows:
        for t in row.texts[lo:hi]:
            text = clean_cell(t)
            if text and canon_label(text) not in GOAL_LABEL and (not pieces or pieces[-1] != text):
                pieces.append(text)
    return join_wrapped(pieces) or None


def _stacked_goal(rows: Sequence[RawRow]) -> tuple[str | None, str | None]:
    found: dict[str, str | None] = {}
    for row in rows:
        keys = [canon_label(t) if t else "" for t in row.texts]
        for c, k in enumerate(keys):
            kind = "exp" if k in GOAL_EXPECTED else "act" if k in GOAL_ACTUAL else None
            if kind and kind not in found:
                rest = [p for t in row.texts[c + 1:] if (p := clean_cell(t))]
                found[kind] = join_wrapped(rest) or None
    return found.get("exp"), found.get("act")

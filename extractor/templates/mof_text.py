"""The national form as flat text: copied out of a PDF viewer or a document site, its cells
separated only by spaces or line breaks, blank cells gone, reading order not guaranteed.

Only what the text settles for certain is read; everything else stays null with a
finding.  A 项目资金 line's values are matched to the block's columns every way the
order allows (a blank cell leaves no trace), each match checked against the form's
own arithmetic (执行率 = 全年执行数 / 全年预算数; a % only in 执行率; 得分 ≤ 分值);
a column gets a value only when every surviving match gives it the same one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

import regex

from extractor.templates.draft import FormDraft
from extractor.templates.flat_rows import read_anchor_rows, read_token_rows
from extractor.templates.mof_blocks import MONEY, NO_VALUE, funds_column, total_line
from extractor.templates.runon import Labels, is_pair, read_pairs
from extractor.templates.runon_funds import read_runon_funds
from normalizers import indicator_words as words
from normalizers.indicator_words import alternation
from normalizers.numbers import parse_amount, parse_percent, parse_points, stated_unit_factor
from normalizers.text import clean_cell
from parsers.rows import RawRow
from selfeval.errors import NumberError

# the order every published variant prints the 项目资金 columns in
CANONICAL = ("budget_initial_yuan", "budget_current_yuan", "budget_executed_yuan", "weight",
             "execution_rate_pct", "score")
# a value cell: a number (1,236.50 / 96.03% / 10) or a struck-out cell (— / -)
VALUE = regex.compile(r"^(?:[-+]?\d[\d,]*(?:\.\d+)?%?|[—\-－/／]+)$")
# the name of a line of the 项目资金 block: 年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 单位资金
LINE_NAME = regex.compile(r"^(?:其中[:：])?[\p{Han}]{0,10}(?:资金总额|财政拨款|结转资金|其他资金|资金)[:：]?$")
# the colon after a line name (年度资金总额:), which is no part of the name
NAME_COLON = regex.compile(r"[:：]$")
# a lone 其中： printed before its line name
QIZHONG = regex.compile(r"^其中[:：]$")
# the block's own label, which is not a line: 项目资金 / 项目资金（万元）
BLOCK = regex.compile(r"^(?:项目)?资金(?:[（(](?:万元|元)[)）])?$")
# a unit on a line of its own, under 项目资金: （万元）
BARE_UNIT = regex.compile(r"^[（(](?:万元|元)[)）]$")
# header lines that name their value on the same line: 项目名称 XXX / 主管部门 XXX 实施单位 YYY
SAME_LINE = (
    (regex.compile(r"^项目名称[:：]?\s*(?P<v>\S+)$"), ("project_name",)),
    (regex.compile(r"^主管部门[:：]?\s*(?P<v>\S+)\s+实施单位[:：]?\s*(?P<w>\S+)$"), ("competent_dept", "budget_unit")),
    (regex.compile(r"^主管部门[:：]?\s*(?P<v>\S+)$"), ("competent_dept",)),
    (regex.compile(r"^实施单位[:：]?\s*(?P<v>\S+)$"), ("budget_unit",)),
)
# a label inside what would be a value: two cells run together, which cannot be split for certain
OTHER_LABEL = regex.compile(r"项目名称|主管部门|实施单位|项目资金|资金总额|预算数|执行数|自评等级|年度总体目标")
# the grade: 自评等级 优 / 自评等级：良好
GRADE = regex.compile(r"(?:自评|绩效|评价)等级[:：]?\s*(?P<g>优秀|良好|合格|不合格|优|良|中|差)(?!\S)")
# the 总分 row: 总分 100 97.6
TOTAL = regex.compile(r"(?:^|\s)总分\s+(?P<a>\d+(?:\.\d+)?)\s+(?P<b>\d+(?:\.\d+)?)(?:\s|$)")


@dataclass(frozen=True)
class Token:
    text: str
    line: int


def is_flat(rows: Sequence[RawRow], labels: Labels | None = None) -> bool:
    """Are the form's rows lines of text rather than rows of cells?"""
    filled = [(sum(1 for t in row.texts if t), row) for row in rows]
    filled = [(n, row) for n, row in filled if n]
    lines = sum(n <= 1 or (labels is not None and is_pair(row, labels)) for n, row in filled)  # a run-on header's `label | value` is a line too
    return bool(filled) and lines >= 0.9 * len(filled)


def _lines(rows: Sequence[RawRow]) -> list[str]:
    out = []
    for row in rows:
        text = " ".join(t for t in row.texts if t)
        out += [line.strip() for line in text.splitlines() if line.strip()]
    return out


def read_flat(rows: Sequence[RawRow], draft: FormDraft, labels: Labels | None = None) -> None:
    if labels is not None:
        read_pairs(rows, draft, labels)  # a run-on header's settled `label | value` rows
    lines = _lines(rows)
    for line in lines:
        for pattern, names in SAME_LINE:
            m = pattern.match(line)
            if m:
                values = (m.group("v"), m.groupdict().get("w"))[:len(names)]
                if not any(OTHER_LABEL.search(v) for v in values if v):  # 水利部实施单位水利部信息中心: unsure
                    for name, value in zip(names, values, strict=True):
                        draft.fields.setdefault(name, clean_cell(value))
                break
    tokens = [Token(t, i) for i, line in enumerate(lines) for t in line.split()]
    _funds(tokens, lines, draft)
    if not draft.funds:
        read_runon_funds(lines, draft)
    joined = "\n".join(lines)
    grades = {m.group("g") for m in GRADE.finditer(joined)}
    draft.fields["grade"] = grades.pop() if len(grades) == 1 else None
    totals = list(TOTAL.finditer(joined))
    if len(totals) == 1 and _weight_first(tokens):
        weight, score = float(totals[0].group("a")), float(totals[0].group("b"))
        if score <= weight:
            draft.fields["total_weight"], draft.fields["total_score"] = weight, score
    rows_read = _indicators(lines, draft) or read_token_rows(lines, draft) or read_anchor_rows(lines, draft)
    draft.note("flat_text", "warning", "the form is text without cell boundaries (copied out of a viewer): "
               "only the values its text settles for certain are read; 年度总体目标, the 一级/二级 labels"
               + ("" if rows_read else ", the indicator rows") + " and anything ambiguous are left null")


# indicator table header word -> indicators column, for the flat text's column order
FLAT_COLUMNS = {"三级指标": "name", "年度指标值": "target_value", "年度目标值": "target_value",
                "实际完成值": "actual_value", "全年实际值": "actual_value", "分值": "weight", "得分": "score"}
# a 一级 / 二级 label at the start of a flat indicator line (and the outer 绩效指标)
LEVEL_WORD = regex.compile(rf"^(?:绩效指标|(?:{alternation((*words.LEVEL1, *words.COST, *words.LEVEL2, *words.REGIONAL_LEVEL2))})"
                           r"指标(?:[（(]\d+(?:\.\d+)?分[)）])?)$")
PLACEHOLDER_WORD = regex.compile(r"^(?:指标\d+[:：]?|[…\.。·—\-－]+)$")
POINTS_WORD = regex.compile(r"^\d+(?:\.\d+)?$")


def _indicators(lines: Sequence[str], draft: FormDraft) -> bool:
    """The indicator rows, when every line of the table reads one way only and the rows' 分值 and
    得分 add up to the 总分 row; else none (a row left out would shift every row after it)."""
    head = next((i for i, line in enumerate(lines) if "三级指标" in line.split()), None)
    end = next((i for i, line in enumerate(lines) if line.split()[:1] == ["总分"]), None)
    if head is None or end is None or head > end:
        return False
    words = lines[head].split()
    order = [FLAT_COLUMNS[w] for w in words[words.index("三级指标"):] if w in FLAT_COLUMNS]
    remark_last = bool(regex.search(r"原因|措施|备注", words[-1]))
    if order[:1] != ["name"] or len(order) != 5 or len(set(order)) != 5:
        return False  # a split 年度指标值 or an unknown column: the cells cannot be told apart
    rows = []
    for line in lines[head + 1:end]:
        tokens = line.split()
        while tokens and LEVEL_WORD.match(tokens[0]):
            tokens = tokens[1:]
        if not tokens or all(PLACEHOLDER_WORD.match(t) for t in tokens):
            continue
        if len(tokens) < 5 or (len(tokens) > 5 and not remark_last):
            return False
        row = dict(zip(order, tokens[:5], strict=True))
        if not (POINTS_WORD.match(row["weight"]) and POINTS_WORD.match(row["score"])):
            return False
        if len(tokens) > 5 and any(POINTS_WORD.match(t) for t in tokens[5:]):
            return False
        row["remark"] = "".join(tokens[5:]) or None
        rows.append(row)
    f = draft.fields
    if not rows or f.get("total_weight") is None or f.get("total_score") is None:
        return False
    for column, total, funds in (("weight", "total_weight", "funds_weight"), ("score", "total_score", "funds_score")):
        if abs(sum(float(r[column]) for r in rows) + (f.get(funds) or 0.0) - f[total]) > 0.01:
            return False
    for index, row in enumerate(rows):
        draft.indicators.append({"row_index": index, "name": row["name"], "target_value": row["target_value"],
                                 "actual_value": row["actual_value"], "weight": float(row["weight"]),
                                 "score": float(row["score"]), "remark": row["remark"]})
    return True


def _weight_first(tokens: Sequence[Token]) -> bool:
    """Does the indicator table print 分值 before 得分 (the order of the 总分 row's two numbers)?"""
    keys = [t.text for t in tokens]
    if "三级指标" not in keys:
        return False
    after = keys[keys.index("三级指标"):]
    return "分值" in after and "得分" in after and after.index("分值") < after.index("得分")


def _funds(tokens: Sequence[Token], lines: Sequence[str], draft: FormDraft) -> None:
    columns: list[str] = []
    start = None
    for i, tok in enumerate(tokens):
        name = funds_column(tok.text)
        if name and name not in columns:
            columns.append(name)
            start = i if start is None else start
        elif columns and len(columns) < 3:
            columns, start = [], None
        elif len(columns) >= 3:
            break
    if len(columns) < 3 or start is None:
        return
    order = [c for c in CANONICAL if c in columns]
    if columns != order:
        draft.note("flat_text_uncertain", "warning", "the 项目资金 column names are out of their printed order "
                   "in this text: the block is left out")
        return
    units = {factor for line in lines if ("资金" in line or "单位" in line or BARE_UNIT.match(line))
             and (factor := stated_unit_factor(line)) is not None}
    unit = units.pop() if len(units) == 1 else None
    found = _block_lines(tokens, start + len(columns))
    if found is None:
        draft.note("flat_text_uncertain", "warning", "the 项目资金 block's values are not in line with their "
                   "names in this text (read out of order): the block is left out")
        return
    for name, values in found:
        draft.funds.append(_line(name, values, columns, unit, draft))
    total = total_line(draft.funds) or {}
    for name in ("budget_initial_yuan", "budget_current_yuan", "budget_executed_yuan", "execution_rate_pct"):
        draft.fields[name] = total.get(name)
    draft.fields["funds_weight"] = total.get("weight")
    draft.fields["funds_score"] = total.get("score")


def _block_lines(tokens: Sequence[Token], k: int) -> list[tuple[str, list[str]]] | None:
    """(line name, its values) of the block, when every value stands on its name's text line
    after it; None when the text is out of order (values before any name, on other lines,
    or only after a run of names without values)."""
    found: list[tuple[str, list[str]]] = []
    while k < len(tokens):
        tok = tokens[k]
        name = tok.text
        if QIZHONG.match(name) and k + 1 < len(tokens):
            k += 1
            name += tokens[k].text
        if VALUE.match(name):
            return None  # a value that follows no name on its line
        if BLOCK.match(name) or BARE_UNIT.match(name):  # the block's label, printed on one of its lines
            k += 1
            continue
        if not LINE_NAME.match(name):
            if found:
                break
            k += 1
            continue
        values = []
        k += 1
        while k < len(tokens) and VALUE.match(tokens[k].text) and tokens[k].line == tok.line:
            values.append(tokens[k].text)
            k += 1
        found.append((name, values))
    if found and not found[0][1] and any(values for _name, values in found):
        return None  # names first, values after: a column read as a run
    return found


def _line(name: str, values: list[str], columns: list[str], unit: Decimal | None,
          draft: FormDraft) -> dict[str, object]:
    line: dict[str, object] = {"line": NAME_COLON.sub("", name)}
    settled = _settle(values, columns)
    for col in ("budget_initial_yuan", "budget_current_yuan", "budget_executed_yuan", "weight",
                "execution_rate_pct", "score"):
        raw = settled.get(col)
        if col in columns and col not in settled:
            draft.note("flat_text_uncertain", "info", f"{name}: which printed value is {col} cannot be "
                       f"told from the text ({' '.join(values) or 'no values'})")
        line[col] = None if raw is None else _number(col, raw, unit)  # _settle has made a dash None
    return line


def _number(col: str, raw: str, unit: Decimal | None) -> object:
    try:
        if col in MONEY:
            return parse_amount(raw, unit) if unit is not None else None
        if col == "execution_rate_pct":
            return parse_percent(raw)
        return parse_points(raw)
    except NumberError:
        return None


def _settle(values: list[str], columns: list[str]) -> dict[str, str | None]:
    """column -> value (None: the cell was blank) for the columns every consistent match agrees on."""
    if len(values) > len(columns):
        return {}
    matches = []
    for combo in combinations(range(len(columns)), len(values)):
        match: dict[str, str | None] = dict.fromkeys(columns)
        match.update({columns[c]: None if NO_VALUE.match(v) else v for c, v in zip(combo, values, strict=True)})
        if _consistent(match):
            matches.append(match)
    if not matches:
        return {}
    return {col: matches[0][col] for col in columns if all(m[col] == matches[0][col] for m in matches)}


def _num(text: str | None) -> float | None:
    if text is None:
        return None
    return float(text.replace(",", "").rstrip("%"))


def _consistent(match: dict[str, str | None]) -> bool:
    for col, text in match.items():
        if text is not None and text.endswith("%") and col != "execution_rate_pct":
            return False
    rate_text = match.get("execution_rate_pct")
    if rate_text is not None and not rate_text.endswith("%"):
        return False  # a bare number is never taken for 执行率 here: it could be any column
    current, executed, rate = (_num(match.get(c)) for c in ("budget_current_yuan", "budget_executed_yuan",
                                                             "execution_rate_pct"))
    if current and executed is not None and rate is not None:
        decimals = len(rate_text.rstrip("%").partition(".")[2]) if rate_text else 0
        if abs(executed / current * 100 - rate) > 0.5 * 10 ** -decimals + 1e-9:
            return False
    if rate is not None and (current is None or executed is None):
        return False  # a printed 执行率 is worked out from both amounts, which are printed too
    weight, score = _num(match.get("weight")), _num(match.get("score"))
    return not (weight is not None and score is not None and score > weight)

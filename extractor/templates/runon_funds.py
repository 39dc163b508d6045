"""The funds block of run-on text whose numbers run together: `全年预算数(A)全年执行数(B)预算执行率(B/A)`
then `年度资金总额:40004000100%` — 4000 · 4000 · 100%, though nothing separates them.

Read only for the block whose columns are exactly 预算数 · 执行数 · 执行率 (in that order), where
the form's own arithmetic settles the split: the digits before the % are cut into the budget and
the spending every way that gives two well-formed numbers, and the line is read only when exactly
one cut gives the printed 执行率 (spending / budget × 100, to the rate's printed decimals).  A cut
with a zero in it is none (`40004000·10·0%` rounds right too): a line with nothing spent is left
unread.  A line
name with no numbers (地方资金) is a blank line of the block.  Names stay as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import regex

from extractor.templates.draft import FormDraft
from extractor.templates.mof_blocks import funds_column, total_line
from normalizers.fold_positions import fold_with_positions, original_end
from normalizers.numbers import parse_amount, stated_unit_factor

COLUMNS = ("budget_current_yuan", "budget_executed_yuan", "execution_rate_pct")
# a funds column name run into the next: 全年预算数(A) / 预算数(A) / 全年执行数(B) / 执行率(B/A)
COLUMN_NAME = regex.compile(r"(?:全年|年度|调整后)?(?:预算|执行)(?:数|率)(?:\([A-Z/]+\))?|预算执行率(?:\([A-Z/]+\))?")
# a line of the block, its numbers run together: 其中:中央补助40004000100% / 合计6363100%
LINE = regex.compile(r"(?P<name>(?:其中[:：])?\p{Han}[\p{Han}、]*?)[:：]?(?P<nums>\d[\d.]*%)")
# a line name alone (a blank line of the block): 地方资金 / 其他资金
BARE_LINE = regex.compile(r"^(?:其中[:：])?\p{Han}{0,8}(?:资金|拨款|补助|合计)$")
# a well-formed number: no leading zero (but 0 and 0.5), one point at most
NUMBER = regex.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")


def read_runon_funds(lines: Sequence[str], draft: FormDraft) -> bool:
    start = next((i for i, line in enumerate(lines) if _header_end(line) is not None), None)
    if start is None:
        return False
    units = {f for line in lines[:start + 1] if (f := stated_unit_factor(line)) is not None}
    unit = units.pop() if len(units) == 1 else None
    if unit is None:
        return False  # amounts with no stated unit: not money this reader may convert
    found: list[dict[str, object]] = []
    rest = [lines[start][_header_end(lines[start]):], *lines[start + 1:]]
    for text in rest:
        text = text.strip()
        if not text:
            continue
        if BARE_LINE.match(fold_with_positions(text)[0]):
            found.append(_line(text, None, None, None))
            continue
        read = _numbered_lines(text, unit)
        if read is None:
            break
        found += read
    if not any(line["budget_current_yuan"] is not None for line in found):
        return False
    draft.funds.extend(found)
    total = total_line(found) or {}
    for name in COLUMNS:
        draft.fields[name] = total.get(name)
    return True


def _header_end(line: str) -> int | None:
    """Where the column names end, when a line holds exactly the three columns run together."""
    folded, where = fold_with_positions(line)
    names = list(COLUMN_NAME.finditer(folded))
    if tuple(funds_column(m.group()) for m in names) != COLUMNS:
        return None
    if any(a.end() != b.start() for a, b in zip(names, names[1:], strict=False)):
        return None
    return where[names[-1].end() - 1] + 1


def _numbered_lines(text: str, unit: Decimal) -> list[dict[str, object]] | None:
    folded, where = fold_with_positions(text)
    out = []
    pos = 0
    for m in LINE.finditer(folded):
        if m.start() != pos:
            break  # text that is neither a name nor numbers: the next block, run on
        split = _split(m.group("nums"))
        if split is None:
            return None
        name = text[where[m.start("name")]:original_end(text, where, m.end("name"))]
        current, executed, rate = split
        out.append(_line(name, parse_amount(current, unit), parse_amount(executed, unit), float(rate)))
        pos = m.end()
    return out or None


def _split(digits: str) -> tuple[str, str, str] | None:
    """(budget, spending, rate) of run-together digits `40004000100%`, when one cut only fits."""
    body = digits.rstrip("%")
    fits = []
    for i in range(1, len(body) - 1):
        for j in range(i + 1, len(body)):
            a, b, r = body[:i], body[i:j], body[j:]
            if not all(NUMBER.match(x) for x in (a, b, r)) or 0 in (float(a), float(b), float(r)):
                continue
            decimals = len(r.partition(".")[2])
            if round(float(b) / float(a) * 100, decimals) == float(r):
                fits.append((a, b, r))
    return fits[0] if len(fits) == 1 else None


def _line(name: str, current: object, executed: object, rate: object) -> dict[str, object]:
    return {"line": name, "budget_initial_yuan": None, "budget_current_yuan": current,
            "budget_executed_yuan": executed, "weight": None, "execution_rate_pct": rate, "score": None}

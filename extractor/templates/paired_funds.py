"""A funds block printed as label | amount pairs under column groups, not as a grid of columns:

    预算安排情况(调整后) |      | 资金到位情况 |      | 资金执行情况 |      | 预算执行进度(%)
    预算数              | 6.84 | 到位数       | 6.84 | 执行数       | 6.84 |        | 100.00
    其中:财政资金        | 6.84 | 其中:财政资金 | 6.84 | 其中:财政资金 | 6.84 |

(Hebei county 预算项目绩效自评表).  The total's amounts are the numbers right after their labels;
the rate is the number under the rate group's heading; the unit is the form's 金额单位.  Read
only where no funds header row (全年预算数 · 全年执行数 · 执行率) was found.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from extractor.templates.draft import FormDraft
from extractor.templates.mof_blocks import funds_column
from normalizers.labels import label_base_key
from normalizers.numbers import AMOUNT, ascii_numeric, parse_amount, parse_percent, stated_unit_factor
from parsers.rows import RawRow
from selfeval.errors import NumberError

# the totals a label | amount pair gives (its label read by mof_blocks.funds_column: 预算数, 执行数 …)
PAIRED = frozenset({"budget_current_yuan", "budget_executed_yuan"})
UNIT_LABELS = frozenset({"金额单位", "单位"})  # a label whose next cell is the unit: 金额单位： | 万元


def _next_text(texts: Sequence[str | None], i: int) -> tuple[int, str] | None:
    return next(((k, t) for k in range(i + 1, len(texts)) if (t := texts[k])), None)


def _pairs(row: RawRow) -> dict[str, tuple[int, str]]:
    """forms column -> (position, text) of each total label's amount in the row."""
    texts = row.texts
    found: dict[str, tuple[int, str]] = {}
    for i, text in enumerate(texts):
        name = funds_column(text)
        after = _next_text(texts, i) if name in PAIRED else None
        if after and AMOUNT.match(ascii_numeric(after[1])) and name not in found:
            found[name] = after
    return found


def form_unit(rows: Sequence[RawRow]) -> Decimal | None:
    """The unit the form states for its amounts: 金额单位： | 万元, or 单位：万元 in one cell."""
    for row in rows:
        texts = row.texts
        for i, text in enumerate(texts):
            if not text or "单位" not in text:
                continue
            factor = stated_unit_factor(text)
            if factor is None and label_base_key(text) in UNIT_LABELS and (after := _next_text(texts, i)):
                factor = stated_unit_factor(f"单位:{after[1].strip()}")
            if factor is not None:
                return factor
    return None


def _rate(heading: RawRow | None, row: RawRow, used: set[int]) -> str | None:
    """The number in the row under the rate group's heading (not one of the pairs' amounts)."""
    if heading is None:
        return None
    start = next((c for c, t in enumerate(heading.texts) if funds_column(t) == "execution_rate_pct"), None)
    if start is None:
        return None
    return next((t for c, t in enumerate(row.texts) if c >= start and t and c not in used), None)


def read_paired_funds(rows: Sequence[RawRow], draft: FormDraft) -> dict[str, object] | None:
    """The total's budget, spending and rate of a block of label | amount pairs, else None."""
    for k, row in enumerate(rows):
        pairs = _pairs(row)
        if not PAIRED <= set(pairs):
            continue
        unit = form_unit(rows)
        total: dict[str, object] = {"execution_rate_pct": None}
        for name, (_col, text) in pairs.items():
            total[name] = parse_amount(text, unit) if unit is not None else None
        if unit is None:
            draft.note("funds_unit_missing", "error", "the 预算执行情况 block states no unit (元 or 万元): its "
                       "amounts are left null")
        rate = _rate(rows[k - 1] if k else None, row, {col for col, _text in pairs.values()})
        try:
            total["execution_rate_pct"] = parse_percent(rate) if rate else None
        except NumberError:
            draft.note("not_a_number", "error", f"the execution rate is not a number: {rate!r}", actual=rate)
        return total
    return None

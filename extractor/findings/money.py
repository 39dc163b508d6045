"""execution_rate_mismatch: the stated 预算执行率/执行率 against executed ÷ budget."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from extractor.findings.base import FormUnderCheck, float_decimals, show, within_rounding
from extractor.model import Finding

EXECUTION_RATE_MISMATCH = "execution_rate_mismatch"
MIN_PLACES = 2  # rates are printed to hundredths (100.00%, 99.71%): a bare 98 is read as 98.00
ERROR_GAP = 1.0  # percentage points: below this the rate was rounded carelessly (warning), above it is wrong


def _check(fc: FormUnderCheck, where: str, budget: Decimal | None, executed: Decimal | None,
           stated: float | None) -> Iterator[Finding]:
    if budget is None or executed is None or stated is None or budget <= 0:
        return
    computed = float(executed / budget * 100)
    if computed > 100 and abs(stated - 100) < 1e-9:
        return  # over-execution reported as 100%: the usual cap, not a miscalculation
    places = max(MIN_PLACES, float_decimals(stated))
    as_fraction = max(MIN_PLACES + 2, float_decimals(stated))  # 0.9971 written for 99.71%: notation
    if within_rounding(computed, stated, places) or within_rounding(computed / 100, stated, as_fraction):
        return
    severity = "error" if abs(computed - stated) >= ERROR_GAP else "warning"
    yield fc.finding(EXECUTION_RATE_MISMATCH, severity,
                     f"{where}: stated execution rate {show(stated, places)}%, but executed ÷ budget = "
                     f"{executed:,.2f} ÷ {budget:,.2f} = {show(computed, places)}%",
                     None, f"{show(computed, places)}%", f"{show(stated, places)}%")


def execution_rate_mismatch(fc: FormUnderCheck) -> Iterator[Finding]:
    form = fc.form
    seen = set()
    triple = (form.budget_current_yuan, form.budget_executed_yuan, form.execution_rate_pct)
    seen.add(triple)
    yield from _check(fc, "预算执行率", *triple)
    for fund in fc.funds:
        triple = (fund.budget_current_yuan, fund.budget_executed_yuan, fund.execution_rate_pct)
        if triple in seen:
            continue  # the funds block's total line repeats the form's own figures
        seen.add(triple)
        yield from _check(fc, f"funds block {fund.line}", *triple)

"""Trust in what OCR read: a scanned form's values are kept only when the form confirms them.

A value mapped from scanned cells (parsers.scan puts an `OcrReading` on each) is kept as
read when every character behind it was recognised with probability SURE or more.  A
less sure number is kept only when the form's own arithmetic confirms it: 执行率 =
全年执行数 ÷ 全年预算数 (to the printed precision), the weights add up to the 合计/总分
weight, the scores to the total score, a 一级指标's weights to its printed points, and
得分 ≤ 分值.  Where the sure reading fails the arithmetic and a runner-up reading of one
character makes it hold (a 1 the recogniser nearly read as 7), that reading is taken
with an `ocr_corrected` finding.  Everything else that is unsure (numbers and text) is
set to null with an `ocr_uncertain` finding: the text read, its page and box.

The values are matched to the readings by what they say (the mapper keeps no cell
positions): a reading is behind a value when its text, or its number, is the value's.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import regex

from extractor.findings.base import EPSILON, float_decimals, within_rounding
from extractor.templates.draft import FormDraft
from parsers.rows import OcrReading, RawDocument

OCR_UNCERTAIN = "ocr_uncertain"
OCR_CORRECTED = "ocr_corrected"
SURE = 0.9  # a character recognised with at least this probability is taken as read (calibrated: docs/ocr.md)
SHORT = 6  # a one-character reading is behind a text value only if it starts or ends one this short
RATE_PLACES = 2  # execution rates are printed to hundredths (98.00%)
# a number as a cell prints it once its lines are joined: 1,234.50 / 98.00% / -3
NUMBER = regex.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?%?$")
# a number printed well: digits grouped by commas in threes (or not grouped), one decimal point
WELL_FORMED = regex.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")
FACTORS = (1, 100, 10000)  # a value may be the reading, a percentage of it, or 万元 in yuan

NUMBER_FIELDS = {
    "form": ("budget_initial_yuan", "budget_current_yuan", "budget_previous_yuan", "budget_executed_yuan",
             "execution_rate_pct", "funds_weight", "funds_score", "total_weight", "total_score"),
    "indicator": ("level1_points", "weight", "score"),
    "fund": ("budget_initial_yuan", "budget_current_yuan", "budget_executed_yuan", "weight",
             "execution_rate_pct", "score"),
}


@dataclass(frozen=True)
class Slot:
    """One value of the draft: the dict holding it and its key."""

    record: dict[str, object]
    key: str
    kind: str  # form / indicator / fund
    row: int | None  # the indicator's row_index

    @property
    def value(self) -> object:
        return self.record.get(self.key)

    @property
    def numeric(self) -> bool:
        return self.key in NUMBER_FIELDS[self.kind]

    @property
    def label(self) -> str:
        where = {"form": "form", "indicator": f"indicator row {self.row}", "fund": "funds line"}[self.kind]
        if self.kind == "fund":
            where += f" {self.record.get('line')}"
        return f"{where} {self.key}"


def trust_ocr(draft: FormDraft, doc: RawDocument) -> None:
    """Null (or correct) the draft's values that rest on unsure OCR readings, with findings."""
    unsure = [c.ocr for row in doc.rows for c in row.cells if c.ocr is not None and c.ocr.confidence < SURE]
    if not unsure:
        return
    slots = list(_slots(draft))
    for slot in slots:
        if slot.value is None or slot.key in ("line",):
            continue
        behind = [r for r in unsure if _behind(r, slot)]
        if not behind:
            continue
        if slot.numeric and all(_format_confirms(r) for r in behind):
            continue
        if slot.numeric and (slot.key, id(slot.record)) in _confirmed(draft):
            continue
        if slot.numeric and _correct(draft, slot, behind):
            continue
        reading = behind[0]
        draft.note(OCR_UNCERTAIN, "warning",
                   f"{slot.label}: OCR read {reading.text!r} on page {reading.page} at "
                   f"{_box(reading)} (least sure character {reading.confidence:.2f}), and the form's "
                   f"arithmetic does not confirm it: left blank", slot.row, None, reading.text)
        slot.record[slot.key] = None


def _slots(draft: FormDraft) -> Iterator[Slot]:
    for key in draft.fields:
        yield Slot(draft.fields, key, "form", None)
    for row in draft.indicators:
        for key in row:
            if key not in ("row_index", "page"):
                yield Slot(row, key, "indicator", row.get("row_index"))  # type: ignore[arg-type]
    for line in draft.funds:
        for key in line:
            yield Slot(line, key, "fund", None)


def _box(reading: OcrReading) -> str:
    return "(" + ", ".join(f"{v:g}" for v in reading.box) + ") pt"


def _canon(text: str) -> list[tuple[str, int]]:
    """The text as compared (NFKC, no whitespace), each character with its index in the original."""
    out = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if not c.isspace():
                out.append((c, i))
    return out


def _number(text: str) -> float | None:
    flat = "".join(c for c, _i in _canon(text))
    if not NUMBER.match(flat):
        return None
    return float(flat.rstrip("%").replace(",", ""))


def _behind(reading: OcrReading, slot: Slot) -> bool:
    """Is the value of `slot` (at least partly) what this unsure reading says, where it is unsure?"""
    value = slot.value
    if slot.numeric:
        read = _number(reading.text)
        return read is not None and any(abs(float(value) - read * f) <= EPSILON for f in FACTORS)  # type: ignore[arg-type]
    mine = _canon(str(value))
    read = _canon(reading.text)
    want, got = "".join(c for c, _ in mine), "".join(c for c, _ in read)
    if not want or not got:
        return False
    if want in got:
        start = got.index(want)
        chars = [i for _c, i in read[start:start + len(want)]]
    elif got in want and (len(got) >= 2 or (len(want) <= SHORT and (want.startswith(got) or want.endswith(got)))):
        chars = [i for _c, i in read]  # the value joins several cells (≥ | 95 | % in three columns)
    else:
        return False
    return min(reading.confidences[i] for i in chars if i < len(reading.confidences)) < SURE


def _format_confirms(reading: OcrReading) -> bool:
    """Does the way numbers are printed settle every unsure character of this number?  It does when
    no other reading of it (its runner-up, or no character at all) is a well-formed number with
    another value: a comma unsure against a period in 12,000,000.00 is settled."""
    flat = "".join(c for c, _i in _canon(reading.text))
    if not WELL_FORMED.match(flat):
        return False
    value = _number(reading.text)
    for i, sure in enumerate(reading.confidences):
        if sure >= SURE or reading.text[i].isspace():
            continue
        others = [alt for k, alt, _p in reading.alternatives if k == i] + [""]
        for other in others:
            text = reading.text[:i] + other + reading.text[i + 1:]
            flat = "".join(c for c, _i in _canon(text))
            if WELL_FORMED.match(flat) and _number(text) != value:
                return False
    return True


def _confirmed(draft: FormDraft) -> set[tuple[str, int]]:
    """(key, id(record)) of every number the form's arithmetic confirms as it stands."""
    out: set[tuple[str, int]] = set()
    form = draft.fields
    for record in (form, *draft.funds):
        if _rate_holds(record):
            out |= {(k, id(record)) for k in ("budget_current_yuan", "budget_executed_yuan", "execution_rate_pct")}
    rows = [r for r in draft.indicators if r.get("weight") is not None or r.get("score") is not None]
    for column, total, extra in (("weight", "total_weight", "funds_weight"), ("score", "total_score", "funds_score")):
        values = [r.get(column) for r in rows]
        if not values or any(v is None for v in values) or form.get(total) is None:
            continue
        rows_sum = sum(float(v) for v in values)  # type: ignore[arg-type]
        funds = form.get(extra)
        sums = [rows_sum] if funds is None else [rows_sum + float(funds), rows_sum]  # type: ignore[arg-type]
        if any(abs(s - float(form[total])) <= EPSILON for s in sums):  # type: ignore[arg-type]
            out |= {(column, id(r)) for r in rows} | {(total, id(form)), (extra, id(form))}
            out |= {(column, id(f)) for f in draft.funds if f.get(column) == funds}
    out |= _level1_confirmed(draft) | _funds_confirmed(draft)
    return {c for c in out if not _exceeds(draft, c)}


def _funds_confirmed(draft: FormDraft) -> set[tuple[str, int]]:
    """年度资金总额 = 其中 the lines below it (财政拨款 + 上年结转 + 其他), column by column; the form's own
    figure is the total line's."""
    out: set[tuple[str, int]] = set()
    if len(draft.funds) < 2:
        return out
    total, parts = draft.funds[0], draft.funds[1:]
    for key in ("budget_initial_yuan", "budget_current_yuan", "budget_executed_yuan"):
        values = [p.get(key) for p in parts if p.get(key) is not None]
        if total.get(key) is None or not values:
            continue
        if abs(sum(Decimal(str(v)) for v in values) - Decimal(str(total[key]))) <= Decimal("0.005"):
            out |= {(key, id(p)) for p in (total, *parts)}
            if draft.fields.get(key) == total[key]:
                out.add((key, id(draft.fields)))
    return out


def _rate_holds(record: dict[str, object]) -> bool:
    budget, executed, rate = (record.get(k) for k in ("budget_current_yuan", "budget_executed_yuan",
                                                        "execution_rate_pct"))
    if budget is None or executed is None or rate is None or Decimal(str(budget)) <= 0:
        return False
    computed = float(Decimal(str(executed)) / Decimal(str(budget)) * 100)
    places = max(RATE_PLACES, float_decimals(float(rate)))  # type: ignore[arg-type]
    return within_rounding(computed, float(rate), places)  # type: ignore[arg-type]


def _level1_confirmed(draft: FormDraft) -> set[tuple[str, int]]:
    out: set[tuple[str, int]] = set()
    runs: dict[tuple[object, object], list[dict[str, object]]] = {}
    for row in draft.indicators:
        if row.get("level1_points") is not None:
            runs.setdefault((row.get("level1"), row.get("level1_points")), []).append(row)
    for (_label, points), rows in runs.items():
        weights = [r.get("weight") for r in rows]
        if all(w is not None for w in weights) and abs(sum(weights) - float(points)) <= EPSILON:  # type: ignore[arg-type]
            out |= {(k, id(r)) for r in rows for k in ("weight", "level1_points")}
    return out


def _exceeds(draft: FormDraft, confirmed: tuple[str, int]) -> bool:
    """得分 ≤ 分值: a score above its row's weight is confirmed by nothing."""
    key, record = confirmed
    if key != "score":
        return False
    for row in (*draft.indicators, *draft.funds):
        if id(row) == record and row.get("score") is not None and row.get("weight") is not None:
            return float(row["score"]) > float(row["weight"]) + EPSILON  # type: ignore[arg-type]
    return False


def _correct(draft: FormDraft, slot: Slot, behind: list[OcrReading]) -> bool:
    """Try each one-character runner-up reading of the value; keep the first the arithmetic confirms."""
    original = slot.value
    for reading in behind:
        for index, other, probability in reading.alternatives:
            text = reading.text[:index] + other + reading.text[index + 1:]
            number = _number(text)
            if number is None:
                continue
            factor = next(f for f in FACTORS if abs(float(original) - _number(reading.text) * f) <= EPSILON)  # type: ignore[arg-type, operator]
            candidate = _typed(original, number * factor)
            slot.record[slot.key] = candidate
            if (slot.key, id(slot.record)) in _confirmed(draft):
                draft.note(OCR_CORRECTED, "warning",
                           f"{slot.label}: OCR read {reading.text!r} on page {reading.page} at {_box(reading)}; "
                           f"the form's arithmetic confirms the runner-up reading {text!r} "
                           f"(probability {probability:.2f})", slot.row, candidate, reading.text)
                return True
    slot.record[slot.key] = original
    return False


def _typed(like: object, value: float) -> object:
    """`value` as the same type as the value it replaces (money is Decimal to the fen)."""
    if isinstance(like, Decimal):
        return Decimal(str(round(value, 2))).quantize(Decimal("0.01"))
    if isinstance(like, int) and not isinstance(like, bool):
        return round(value)
    return value

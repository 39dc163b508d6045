"""Turning a mapped form's raw texts into typed column values, with a finding for every failure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import regex

from extractor.templates.draft import FormDraft
from extractor.templates.header import HeaderValue
from normalizers.numbers import parse_amount, parse_percent, parse_points, unit_factor
from normalizers.text import clean_block, clean_cell
from parsers.rows import RawRow
from selfeval.errors import NumberError

# the fiscal year a form states: 2022年度 anywhere (（2022 年度）, 2022年度项目…), or a year alone in
# brackets, 度 left out: （2022年）
FISCAL_YEAR = regex.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*年度|[（(]\s*(?P<year>(?:19|20)\d{2})\s*年\s*[)）]")
# a line that is nothing but the year: （2022年度）
YEAR_LINE = regex.compile(r"^[（(]?\s*(?:19|20)\d{2}\s*年度?\s*[)）]?$")

# a line that is only an attachment heading, where the next document of a bundle begins: 附件2 / 附表1：
NEXT_DOCUMENT = regex.compile(r"^附[件表]\s*\d+\s*[:：]?$")

COLUMN_LABELS = {"weight": "权重/分值", "score": "自评分/得分"}


def fiscal_year(title: str | None, head_rows: Sequence[RawRow]) -> int | None:
    candidates = [title] if title else []
    candidates += [t for row in head_rows for t in row.texts if t and YEAR_LINE.match(t.strip())]
    for text in candidates:
        m = FISCAL_YEAR.search(text)
        if m:
            return int(m.group("year"))
    return None


def convert_header(values: Iterable[HeaderValue], money: Sequence[str], percent: Sequence[str],
                   draft: FormDraft) -> dict[str, object]:
    """Typed form fields from header label/values; the first value of a field wins."""
    out: dict[str, object] = {}
    for hv in values:
        if hv.field in out:
            continue
        raw = clean_cell(hv.value)
        if raw is None:
            out[hv.field] = None
            continue
        try:
            if hv.field in money:
                out[hv.field] = parse_amount(raw, unit_factor(hv.label))
            elif hv.field in percent:
                out[hv.field] = parse_percent(raw)
            else:
                out[hv.field] = raw
        except NumberError:
            out[hv.field] = None
            draft.note("not_a_number", "error", f"{clean_cell(hv.label)} is not a number: {raw!r}",
                       actual=raw)
    return out


def points_or_note(raw: object, what: str, row_index: int | None, draft: FormDraft) -> float | None:
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        return parse_points(raw)
    except NumberError:
        where = f"row {row_index}" if row_index is not None else "the totals row"
        draft.note("not_a_number", "error", f"{COLUMN_LABELS.get(what, what)} of {where} is not a number: {raw!r}",
                   row_index, actual=raw)
        return None


def convert_indicator_numbers(index: int, raw: dict[str, object], draft: FormDraft) -> dict[str, object]:
    row = dict(raw)
    row["row_index"] = index
    for name in ("weight", "score"):
        row[name] = points_or_note(raw.get(name), name, index, draft)
    return row


def convert_totals(totals: dict[str, str | None] | None, draft: FormDraft) -> None:
    """total_weight and total_score from the 合计 / 总分 row; a total the header printed (自评总分)
    stands where the row gives none."""
    totals = totals or {}
    for name, column in (("total_weight", "weight"), ("total_score", "score")):
        value = points_or_note(clean_cell(totals.get(column)), column, None, draft)
        if value is not None or draft.fields.get(name) is None:
            draft.fields[name] = value


def notes_text(rows: Sequence[RawRow]) -> str | None:
    """The 说明 block after the table: every text of the rows, one line per item, up to a line that
    begins another document (附件2)."""
    lines = []
    for row in rows:
        texts = [block for t in row.texts if t and (block := clean_block(t))]
        if len(texts) == 1 and NEXT_DOCUMENT.match(texts[0]):
            break
        lines += texts
    return "\n".join(lines) or None

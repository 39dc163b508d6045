"""The label/value block above a form's indicator table: `项目名称： | value | 预算单位： | value`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import zip_longest

import regex

from normalizers.labels import TRAILING_COLON, label_base_key, label_key
from normalizers.text import clean_cell
from parsers.rows import RawRow

# a label and its value in one cell: 项目名称：上海市…  (the colon is required)
INLINE = regex.compile(r"^(?P<label>[^:：]{2,24})[:：]\s*(?P<value>.+)$", regex.DOTALL)
# a colon that may end a label inside a cell or free line
COLON = regex.compile(r"[:：]")
# whitespace that separates one 'label：value' pair from the next on a line
PAIR_GAP = regex.compile(r"[\s\u00A0\u3000]$")
LONGEST_LABEL = 24
# between the fields of a label that feeds several (实施(主管)单位: budget_unit+competent_dept)
FIELD_SEPARATOR = "+"
# a known label this long starts the next pair even with no space before it (a PDF line that lost
# the gap: 项目单位：黄石市图书馆主要领导签字：)
GLUED_LABEL = 4


@dataclass(frozen=True)
class HeaderValue:
    field: str
    label: str  # the label as printed (it may name the unit, e.g. 当年预算数（万元）)
    value: str | None  # the raw value text; None when the value cell is blank
    row: int  # index of the row in the form's rows


def _lookup(text: str | None, labels: Mapping[str, str]) -> str | None:
    if not text:
        return None
    base, key = label_base_key(text), label_key(text)
    return (labels.get(base) if base else None) or (labels.get(key) if key else None)


def _inline(text: str, labels: Mapping[str, str]) -> list[tuple[str, str, str | None]]:
    """(field, label, value) of each 'label：value' pair in one text: 项目名称：xxx　　预算单位：yyy.

    A later pair starts where a known label, after whitespace, ends in a colon.
    """
    text = text.strip()
    m = INLINE.match(text)
    first = _lookup(m.group("label"), labels) if m else None
    if first is None:
        return []
    starts: list[tuple[int, int, str]] = [(0, m.end("label"), first)]  # (label start, colon, field)
    for colon in COLON.finditer(text, m.end("label") + 1):
        pos = colon.start()
        for start in range(max(0, pos - LONGEST_LABEL), pos - 1):
            field = _lookup(text[start:pos], labels)
            if field and (PAIR_GAP.search(text[:start]) or pos - start >= GLUED_LABEL):
                starts.append((start, pos, field))
                break
    out = []
    for k, (start, colon, field) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        out.append((field, text[start:colon].strip(), text[colon + 1:end].strip() or None))
    return out


def read_header(rows: Iterable[tuple[int, RawRow]], labels: Mapping[str, str]) -> list[HeaderValue]:
    """Every known label found in the rows, with the value that follows it on its row.

    labels maps a label's lookup key (label_base) to its field name.  The value of a
    label is the text of the cells after it up to the next label cell, joined.  A row
    cut by a page break is read whole: right after a break (a blank row, a new page), a
    row with no label and a blank first cell continues the labelled row above, and a row
    with no label completes an unlabelled row above (`主要` | `绩效：`); the two are joined
    cell by cell and read as one.
    """
    found: list[HeaderValue] = []
    last: tuple[int, list[str | None], int] | None = None  # (row, its texts, its first entry in found)
    unread: tuple[int, list[str | None]] | None = None  # the row before, when it had no label
    page_break = False  # a page break (blank line, new page) since the row before
    page = None
    for index, row in rows:
        if row.is_blank:
            page_break = True
            continue
        page_break = page_break or (page is not None and row.page is not None and row.page != page)
        page = row.page
        texts = row.texts
        values = _read_row(texts, index, labels)
        if not values and page_break and last is not None:  # the rest of the labelled row above?
            row_index, above, start = last
            joined = join_rows(above, texts)
            whole = _read_row(joined, row_index, labels)
            # a blank first cell continues the row; else the join must complete a label (当年预算 | 数(元)：)
            if texts[0] is None or len(whole) > len(found) - start:
                del found[start:]
                found.extend(whole)
                last, page_break = (row_index, joined, start), False
                continue
        if not values and page_break and unread is not None:  # a label cut in two: 主要 / 绩效：
            joined = join_rows(unread[1], texts)
            values = _read_row(joined, unread[0], labels)
            if values:
                index, texts = unread[0], joined
        if values:
            last, unread = (index, texts, len(found)), None
            found.extend(values)
        else:
            last, unread = None, (index, texts)
        page_break = False
    return found


def label_pairs(values: Iterable[HeaderValue]) -> list[tuple[str, str | None, str | None]]:
    """The `fields` rows of header values: (label as written, value as written, the forms column it
    fed); a label that names no column, or a column an earlier label already fed, feeds none."""
    fed: set[str] = set()
    out = []
    for hv in values:
        label = TRAILING_COLON.sub("", clean_cell(hv.label) or "").strip()
        if not label:
            continue
        column = next((f for f in hv.field.split(FIELD_SEPARATOR) if not f.startswith("_")), None)
        if column in fed:
            column = None
        if column:
            fed.add(column)
        out.append((label, clean_cell(hv.value), column))
    return out


def join_rows(above: list[str | None], below: list[str | None]) -> list[str | None]:
    """Two rows' cells read as one row: each column's texts joined by a line break (a wrap)."""
    return [_join(a, b) for a, b in zip_longest(above, below)]


def _join(a: str | None, b: str | None) -> str | None:
    return a + "\n" + b if a and b else a or b


def _read_row(texts: list[str | None], index: int, labels: Mapping[str, str]) -> list[HeaderValue]:
    found: list[HeaderValue] = []
    i = 0
    while i < len(texts):
        text = texts[i]
        field = _lookup(text, labels)
        if field is None and text:
            found.extend(HeaderValue(f, label, value, index) for f, label, value in _inline(text, labels))
            i += 1
            continue
        if field is None:
            i += 1
            continue
        j = i + 1
        values = []
        while j < len(texts) and _lookup(texts[j], labels) is None:
            if texts[j] and (not values or texts[j] != values[-1]):
                values.append(texts[j])
            j += 1
        found.append(HeaderValue(field, text or "", "".join(values) or None, index))
        i = j
    return found

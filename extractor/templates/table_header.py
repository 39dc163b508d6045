"""The header row of an indicator table: which grid column holds which field.

A header is one row of column names, or two (绩效指标 over 一级/二级/三级指标, a column
split into sub-columns, a name wrapped over both rows), or one row cut in two by a
page break (`自评` | `分`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import regex

from extractor.templates.header import join_rows
from normalizers.labels import label_key
from normalizers.merged_labels import Category
from parsers.rows import Cell, RawRow

# a marker after a column name: 年度指标值(A) / 实际完成值(B) / 分值(100分)
MARKER = regex.compile(r"\([A-Za-z0-9/×*%分]+\)$")
# the field of a column a form prints but no output column holds (复核分, 评价标准)
IGNORED = "_"
BODY_SAMPLE = 60  # rows under a header that choose between two columns of one field
# a number, which no header cell is
DIGITS = regex.compile(r"\d")


@dataclass(frozen=True)
class TableSpec:
    columns: Mapping[str, str]  # canonical header text -> field
    required: frozenset[str]  # fields whose columns identify the header row
    min_roles: int = 0  # ... and how many fields a header row names at least (the required ones included)
    numeric: tuple[str, ...] = ("weight", "score")  # fields that make a line a whole row
    merged: tuple[str, ...] = ("level1",)  # merged label columns, outermost first
    # sub-column header cell (canonical) -> field, for a column split under a two-row header
    # (年度指标值 over 指标性质 / 指标值 / 度量单位): the sub-columns' texts are joined in column order
    parts: Mapping[str, str] = field(default_factory=dict)
    header_words: frozenset[str] = frozenset()  # other cells of a header row (绩效指标 above 一级指标 ...)
    patterns: tuple[tuple[regex.Pattern[str], str], ...] = ()  # other spellings of a column name -> field
    category: Category | None = None  # the category of a merged label, shared by nested levels
    misfit: Callable[[str, str], float] | None = None  # (merged label, row name) -> > 0: they do not fit
    kind_parents: Mapping[str, str] = field(default_factory=dict)  # see normalizers.merged_labels.Hints


def _column_field(text: str | None, spec: TableSpec, lower: bool = False) -> str | None:
    if not text:
        return None
    key = label_key(text)
    if key is None:
        return None
    for k in (key, MARKER.sub("", key)):
        if lower and k in spec.parts:
            return spec.parts[k]
        name = spec.columns.get(k) or spec.parts.get(k)
        if name:
            return name
    return next((name for pattern, name in spec.patterns if pattern.fullmatch(key)), None)


def _repeatable(spec: TableSpec) -> set[str]:
    return set(spec.parts.values())


def header_columns(row: RawRow, spec: TableSpec) -> dict[int, str] | None:
    """Grid column -> field when the row is the table's header row, else None."""
    found: dict[int, str] = {}
    for i, text in enumerate(row.texts):
        name = _column_field(text, spec)
        if name:  # a field named twice keeps both columns until the rows below choose (choose_columns)
            found[i] = name
    return found if is_enough(found, spec) else None


def is_enough(found: Mapping[int, str], spec: TableSpec) -> bool:
    """Do the columns found name a table: its required fields, and min_roles fields in all?"""
    names = set(found.values()) - {IGNORED}
    return spec.required <= names and len(names) >= spec.min_roles


def merged_header(upper: RawRow, lower: RawRow, spec: TableSpec,
                   complete: bool = False) -> dict[int, str] | None:
    """Grid column -> field of a header printed on two rows: the two cells of a column read as one
    name (一级 over 指标, a name wrapped in a narrow cell), else a cell of the lower row names its
    column (a sub-column of a split one, or a label merged down from the upper row), else the
    upper row's cell does (a label merged across the columns below it).  With `complete`, every
    cell of both rows must be part of a column name (or a header word), else None."""
    found: dict[int, str] = {}
    uppers, lowers = upper.texts, lower.texts  # built once: RawRow.texts makes a new list each time
    over = _merged_texts(upper)
    for i in range(max(len(uppers), len(lowers))):
        up = uppers[i] if i < len(uppers) else None
        low = lowers[i] if i < len(lowers) else None
        parent = _column_field(over[i], spec) if up is None and low is None and i < len(over) and over[i] else None
        if parent in _repeatable(spec):  # a blank sub-column of a split one: 符号 | (value) | 单位
            found[i] = parent
            continue
        both = _column_field(up.strip() + low.strip(), spec) if up and low else None
        by_low = _column_field(low, spec, lower=True)
        by_up = _column_field(up, spec)
        name = both or by_low or by_up
        if complete and not both and any(t and not field_of and label_key(t) not in spec.header_words
                                         for t, field_of in ((up, by_up), (low, by_low))):
            return None  # a cell that is no column name: these are not two header rows
        if name:
            found[i] = name
    _fill_split_gaps(found, spec)
    return found if is_enough(found, spec) else None


def _fill_split_gaps(found: dict[int, str], spec: TableSpec) -> None:
    """A blank header position between two sub-columns of one split column (符号 | (value) | 单位
    where the format lost the merge that named it) is a sub-column of it too."""
    cols = sorted(found)
    for left, right in zip(cols, cols[1:], strict=False):
        name = found[left]
        if right - left > 1 and found[right] == name and name in _repeatable(spec):
            for c in range(left + 1, right):
                found[c] = name


def _merged_texts(row: RawRow) -> list[str | None]:
    """Each position's text, a merged cell's text on every position it covers in the row."""
    by_span: dict[int, str] = {}
    out: list[str | None] = []
    for cell in row.cells:
        text = None if cell.is_blank else cell.text
        if cell.span is not None:
            text = by_span.setdefault(cell.span, text) if text else by_span.get(cell.span)
        out.append(text)
    return out


def choose_columns(columns: Mapping[int, str], body: Sequence[RawRow], spec: TableSpec,
                   width: int | None = None) -> dict[int, str]:
    """One column per field: where a header names a field twice (指标分值 and 权重占比), the column the
    rows below fill most is the field's (counting only rows `width` cells wide, when given: a text
    dump's rows on the header's page grid); a field whose columns are parts of one (指标性质 / 指标值 /
    度量单位) keeps them all."""
    if width is not None:
        body = [row for row in body if row.table is not None or len(row.cells) == width]
    by_field: dict[str, list[int]] = {}
    for col, name in sorted(columns.items()):
        by_field.setdefault(name, []).append(col)
    keep = dict(columns)
    for name, cols in by_field.items():
        if len(cols) < 2 or name in _repeatable(spec) or name == IGNORED:
            continue
        filled = {c: sum(1 for row in body if c < len(row.cells) and not row.cells[c].is_blank) for c in cols}
        best = max(cols, key=lambda c: (filled[c], -c))
        for c in cols:
            if c != best:
                del keep[c]
    return keep


def is_header_like(row: RawRow, spec: TableSpec) -> bool:
    """Is every cell of the row a column name of the table (a header row, or one of its two rows)?"""
    texts = [t for t in row.texts if t]
    return bool(texts) and all(not DIGITS.search(t) and (_column_field(t, spec) or label_key(t) in spec.header_words)
                               for t in texts)


def find_header(rows: Sequence[RawRow], spec: TableSpec) -> tuple[int, int, dict[int, str]] | None:
    """(first row, row after the header, grid column -> field) of the table's header, one or two rows;
    one column per field (choose_columns)."""
    found = _find_header(rows, spec)
    if found is None:
        return None
    start, end, columns = found
    return start, end, choose_columns(columns, rows[end:end + BODY_SAMPLE], spec, len(rows[end - 1].cells))


def _find_header(rows: Sequence[RawRow], spec: TableSpec) -> tuple[int, int, dict[int, str]] | None:
    for i, row in enumerate(rows):
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        columns = header_columns(row, spec)
        if columns:
            k = _second_row(rows, i, columns, spec)
            nxt = rows[k] if k < len(rows) else None
            if nxt is not None and is_header_like(nxt, spec) and not header_columns(nxt, spec):
                return i, k + 1, merged_header(row, nxt, spec) or columns
            # names wrapped onto a second row (指标分 / 值, 单项指标实 / 际完成值): both rows read whole
            wrapped = merged_header(row, nxt, spec, complete=True) if nxt is not None else None
            if wrapped and len(set(wrapped.values())) > len(set(columns.values())):
                return i, k + 1, wrapped
            return i, i + 1, columns
        if nxt is not None:
            header_like = is_header_like(row, spec) and is_header_like(nxt, spec)
            merged = merged_header(row, nxt, spec, complete=not header_like)
            if merged:
                return i, i + 2, merged
        cut = _header_cut_by_page_break(rows, i, spec)
        if cut:
            return cut
    return None


def _second_row(rows: Sequence[RawRow], i: int, columns: Mapping[int, str], spec: TableSpec) -> int:
    """The row that may be the header's second: the next one, past a line whose texts all lie under
    the header's side label (a header word, 绩效指标 / （90分）), outside the table's columns."""
    k = i + 1
    above = rows[i].texts
    if k < len(rows) and not rows[k].is_blank and all(
            c not in columns and c < len(above) and above[c] and label_key(above[c]) in spec.header_words
            for c, t in enumerate(rows[k].texts) if t):
        k += 1
    return k


def _header_cut_by_page_break(rows: Sequence[RawRow], i: int, spec: TableSpec) -> tuple[int, int, dict[int, str]] | None:
    """A header row cut by a page break (`自评` | `分`), read joined with the next non-blank row, cell by cell."""
    row = rows[i]
    named = sum(1 for t in row.texts if t and label_key(t) in spec.columns)
    j = next((k for k in range(i + 1, min(i + 3, len(rows))) if not rows[k].is_blank), None)
    if named >= 2 and j is not None and page_break(rows, i, j):
        joined = RawRow(tuple(Cell(t) for t in join_rows(row.texts, rows[j].texts)))
        columns = header_columns(joined, spec)
        if columns:
            return i, j + 1, columns
    return None


def page_break(rows: Sequence[RawRow], i: int, j: int) -> bool:
    """Is there a page break between rows i and j (a blank row, a repeated header, a new page)?"""
    pages = {rows[i].page, rows[j].page}
    return j > i + 1 or (None not in pages and len(pages) > 1)



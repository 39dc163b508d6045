"""The indicator table of a form, in any format: header row, indicator rows, totals row.

Reads grid rows into indicator rows: finds the header row by its column names,
joins row fragments split by page breaks (normalizers.wraps), gives every row its
merged 一级/二级 label — from the format's own merge spans when it has them, else
from the printed points (normalizers.merged_labels) — and reads the totals row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest

from extractor.errors import NumberError
from extractor.templates.draft import Note
from normalizers.labels import label_key
from normalizers.merged_labels import LabelPiece, assign_labels, join_label_pieces, split_points
from normalizers.numbers import parse_points
from normalizers.text import clean_cell, join_wrapped
from normalizers.wraps import group_fragments
from parsers.rows import Cell, RawRow

TOTALS = frozenset({"合计", "总计", "总分", "合计得分", "总得分"})


@dataclass(frozen=True)
class TableSpec:
    columns: Mapping[str, str]  # canonical header text -> field
    required: frozenset[str]  # fields whose columns identify the header row
    numeric: tuple[str, ...] = ("weight", "score")  # fields that make a line a whole row
    merged: tuple[str, ...] = ("level1",)  # merged label columns, outermost first


@dataclass
class TableResult:
    header_row: int | None = None  # index of the header row in the rows given
    end: int = 0  # index after the last row read (the totals row included)
    rows: list[dict[str, object]] = field(default_factory=list)  # raw field texts of each indicator row
    totals: dict[str, str | None] | None = None  # raw texts of the totals row
    notes: list[Note] = field(default_factory=list)


def header_columns(row: RawRow, spec: TableSpec) -> dict[int, str] | None:
    """Grid column -> field when the row is the table's header row, else None."""
    found: dict[int, str] = {}
    for i, text in enumerate(row.texts):
        name = spec.columns.get(label_key(text)) if text else None
        if name and name not in found.values():
            found[i] = name
    return found if spec.required <= set(found.values()) else None


def _find_header(rows: Sequence[RawRow], spec: TableSpec) -> tuple[int, int, dict[int, str]] | None:
    """(header row, first row after it, its columns).  A header row cut by a page break
    (`自评` | `分`) is read joined with the next non-blank row, cell by cell."""
    for i, row in enumerate(rows):
        columns = header_columns(row, spec)
        if columns:
            return i, i + 1, columns
        named = sum(1 for t in row.texts if t and label_key(t) in spec.columns)
        j = next((k for k in range(i + 1, min(i + 3, len(rows))) if not rows[k].is_blank), None)
        if named >= 2 and j is not None and _page_break(rows, i, j):
            joined = RawRow(tuple(Cell(_join(a, b)) for a, b in zip_longest(row.texts, rows[j].texts)))
            columns = header_columns(joined, spec)
            if columns:
                return i, j + 1, columns
    return None


def _page_break(rows: Sequence[RawRow], i: int, j: int) -> bool:
    """Is there a page break between rows i and j (a blank row, a repeated header, a new page)?"""
    pages = {rows[i].page, rows[j].page}
    return j > i + 1 or (None not in pages and len(pages) > 1)


def _join(a: str | None, b: str | None) -> str | None:
    return a + "\n" + b if a and b else a or b


def _is_totals(row: RawRow) -> bool:
    first = next((t for t in row.texts if t), None)
    return first is not None and label_key(first) in TOTALS


def _is_notes(row: RawRow) -> bool:
    first = next((t for t in row.texts if t), None)
    return first is not None and (label_key(first[:12]) or "").startswith("说明")


def read_table(rows: Sequence[RawRow], spec: TableSpec) -> TableResult:
    result = TableResult()
    found = _find_header(rows, spec)
    if found is None:
        result.end = len(rows)
        return result
    result.header_row, i, columns = found
    lines: list[RawRow] = []
    breaks: list[bool] = []
    pending_break = False
    while i < len(rows):
        row = rows[i]
        i += 1
        if row.is_blank:
            pending_break = True
            continue
        if header_columns(row, spec):  # header repeated at the top of a page
            pending_break = True
            continue
        if _is_totals(row):
            result.totals = _fields(row, columns)
            i = _totals_rest(rows, i, columns, spec, result.totals)
            break
        if _is_notes(row):
            i -= 1
            break
        page_turn = bool(lines) and row.page is not None and lines[-1].page != row.page
        breaks.append(pending_break or page_turn)
        pending_break = False
        lines.append(row)
    result.end = i
    result.rows = _rows(lines, breaks, columns, spec, result.notes)
    return result


def _totals_rest(rows: Sequence[RawRow], i: int, columns: Mapping[int, str], spec: TableSpec,
                 totals: dict[str, str | None]) -> int:
    """The rest of a 合计 row cut by a page break (`10` | `0`): a next row with a blank first
    cell and text only under the totals' columns.  Returns the index after what was read."""
    j = i
    while j < len(rows) and (rows[j].is_blank or header_columns(rows[j], spec)):
        j += 1
    if j == len(rows) or not _page_break(rows, i - 1, j):
        return i
    texts = rows[j].texts
    extra = _fields(rows[j], columns)
    if texts[0] is not None or not any(extra.values()) or len([t for t in texts if t]) != len(
            [v for v in extra.values() if v]):
        return i
    for name, text in extra.items():
        if text:
            totals[name] = text if not totals.get(name) else f"{totals[name]}\n{text}"
    return j + 1


def _fields(row: RawRow, columns: Mapping[int, str]) -> dict[str, str | None]:
    cells = row.cells
    out: dict[str, str | None] = {}
    for col, name in columns.items():
        out[name] = None if col >= len(cells) or cells[col].is_blank else cells[col].text
    return out


def _rows(lines: list[RawRow], breaks: list[bool], columns: Mapping[int, str], spec: TableSpec,
          notes: list[Note]) -> list[dict[str, object]]:
    by_field = {name: col for col, name in columns.items()}
    grids = [[None if c.is_blank else c.text for c in line.cells] for line in lines]
    core = [any(_cell(g, by_field.get(f)) for f in spec.numeric) for g in grids]
    skip = {by_field.get(f) for f in (*spec.merged, *spec.numeric)}
    text_cols = [c for c in columns if c not in skip]
    groups = group_fragments(grids, core, breaks, text_cols)
    owner_of_line = {line: g for g, members in enumerate(groups) for line in members}
    out: list[dict[str, object]] = []
    for members in groups:
        record: dict[str, object] = {}
        for name, col in by_field.items():
            if name in spec.merged:
                continue
            pieces = [p for m in members if (p := clean_cell(_cell(grids[m], col)))]
            record[name] = (join_wrapped(pieces) if name not in spec.numeric else "".join(pieces)) or None
        record["page"] = lines[members[0]].page
        out.append(record)
    for name in spec.merged:
        col = by_field.get(name)
        if col is None:
            continue
        values = _merged_labels(lines, grids, col, core, owner_of_line, [r.get("weight") for r in out],
                                name, notes)
        for record, (label, points) in zip(out, values, strict=True):
            record[name] = label
            if name == "level1":
                record["level1_points"] = points
    return out


def _cell(grid: Sequence[str | None], col: int | None) -> str | None:
    return grid[col] if col is not None and col < len(grid) else None


def _merged_labels(lines: list[RawRow], grids: list[list[str | None]], col: int, core: list[bool],
                   owner_of_line: dict[int, int], weights: list[object], name: str,
                   notes: list[Note]) -> list[tuple[str | None, float | None]]:
    """The label of the merged column `col` for every row."""
    n_rows = len(set(owner_of_line.values()))
    spans = [lines[i].cells[col].span if col < len(lines[i].cells) else None for i in range(len(lines))]
    numbers = [_as_points(w) for w in weights]
    if any(s is not None for s in spans):
        out = _labels_from_spans(lines, grids, col, core, owner_of_line, n_rows)
        if _points_agree(out, numbers):
            return out
        # a merged cell cut by a page break may leave a part without its label: go by the points
    pieces: list[LabelPiece] = []
    for i, grid in enumerate(grids):
        text = clean_cell(_cell(grid, col))
        if not text:
            continue
        if core[i] or any(_cell(grid, c) for c in range(len(grid)) if c != col):
            owner = owner_of_line[i]
            pieces.append(LabelPiece(text, owner, owner))
        else:  # a line holding only the label: it lies between two rows
            before = max((owner_of_line[j] for j in range(i) if j in owner_of_line), default=0)
            after = min((owner_of_line[j] for j in range(i + 1, len(grids)) if j in owner_of_line),
                        default=n_rows - 1)
            pieces.append(LabelPiece(text, before, after))
    labels = join_label_pieces(pieces)
    if not labels:
        return [(None, None)] * n_rows
    assignment = assign_labels(numbers, labels)
    for j, printed, total in assignment.mismatched:
        notes.append(Note("level1_points" if name == "level1" else f"{name}_points", "warning",
                          f"{labels[j].name}: printed {printed:g} points, its rows' weights add up to {total:g}",
                          None, f"{printed:g}", f"{total:g}"))
    return [(labels[o].name, labels[o].points) if o >= 0 else (None, None) for o in assignment.owner]


def _labels_from_spans(lines: list[RawRow], grids: list[list[str | None]], col: int, core: list[bool],
                       owner_of_line: dict[int, int], n_rows: int) -> list[tuple[str | None, float | None]]:
    """Formats that keep merges: a row's label is the text of the merged cell covering it; a
    blank unmerged cell continues the label above it (fill-down)."""
    keys: list[int | None] = []  # per line: its span, or for an unmerged cell with text its own key
    span_text: dict[int, str] = {}
    order: list[int] = []  # label cells in reading order
    for i, line in enumerate(lines):
        cell = line.cells[col] if col < len(line.cells) else None
        text = clean_cell(_cell(grids[i], col))
        key = cell.span if cell is not None and cell.span is not None else (-1 - i if text else None)
        keys.append(key)
        if key is not None and key not in order:
            order.append(key)
        if key is not None and text:
            span_text.setdefault(key, text)
    span_text = _join_cut_labels(order, span_text)
    out: list[tuple[str | None, float | None]] = [(None, None)] * n_rows
    current: str | None = None
    for i, key in enumerate(keys):
        if key is not None:
            current = span_text.get(key, current)  # a blank merged cell continues the label above
        row = owner_of_line.get(i)
        if row is not None and out[row] == (None, None) and current:
            out[row] = split_points(current)
    return out


def _points_agree(labels: Sequence[tuple[str | None, float | None]], weights: Sequence[float | None]) -> bool:
    """Do the weights of each run of rows under one label add up to the label's printed points?
    (A run with a weight that is not a number cannot tell, and does not count against.)"""
    runs: list[list] = []  # [label, points, sum of weights]; the sum is None when a weight is missing
    for (name, points), weight in zip(labels, weights, strict=True):
        if not runs or runs[-1][0] != (name, points):
            runs.append([(name, points), points, 0.0])
        runs[-1][2] = None if weight is None or runs[-1][2] is None else runs[-1][2] + weight
    return all(points is None or total is None or abs(points - total) < 1e-6 for _label, points, total in runs)


def _join_cut_labels(order: list[int], span_text: dict[int, str]) -> dict[int, str]:
    """A merged label cut in two by a page break is two spans, each with part of the text
    (`投入与管理` on one page, `(36分)` on the next): when the table's labels carry points, a
    span whose text has none continues into the next span with text (see join_label_pieces)."""
    texts = [(span, span_text[span]) for span in order if span in span_text]
    pieces = [LabelPiece(text, k, k) for k, (_span, text) in enumerate(texts)]
    labels = join_label_pieces(pieces)
    if len(labels) == len(texts):
        return span_text
    out = dict(span_text)
    for label in labels:
        members = [texts[k][0] for k in range(label.hi, label.lo + 1)]
        joined = label.name if label.points is None else f"{label.name} ({label.points:g}分)"
        for span in members:
            out[span] = joined
    return out


def _as_points(value: object) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_points(value)
    except NumberError:
        return None


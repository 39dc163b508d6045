"""The indicator table of a form, in any format: header row, indicator rows, totals row.

Reads grid rows into indicator rows: finds the header row by its column names,
joins row fragments split by page breaks (normalizers.wraps), gives every row its
merged 一级/二级 label — from the format's own merge spans when it has them, else
from the printed points (normalizers.merged_labels) — and reads the totals row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import regex

from extractor.errors import NumberError
from extractor.templates.draft import Note
from normalizers.labels import label_key
from normalizers.merged_labels import (
    Category,
    Hints,
    LabelPiece,
    join_label_pieces,
    solve_levels,
    split_points,
)
from normalizers.numbers import parse_points
from normalizers.text import clean_cell, join_wrapped
from normalizers.wraps import group_fragments
from parsers.rows import RawRow

TOTALS = frozenset({"合计", "总计", "总分", "合计得分", "总得分"})
# a template's placeholder left in a row that was never filled in: 指标1： / 指标2 / …… / ... / 一一
PLACEHOLDER = regex.compile(r"^(?:指标\s*\d+\s*[:：]?|[…\.。·—\-－一]+)$")
# a marker after a column name: 年度指标值(A) / 实际完成值(B) / 分值(100分)
MARKER = regex.compile(r"\([A-Za-z0-9/×*%分]+\)$")
# a number, which no header cell is
DIGITS = regex.compile(r"\d")


@dataclass(frozen=True)
class TableSpec:
    columns: Mapping[str, str]  # canonical header text -> field
    required: frozenset[str]  # fields whose columns identify the header row
    numeric: tuple[str, ...] = ("weight", "score")  # fields that make a line a whole row
    merged: tuple[str, ...] = ("level1",)  # merged label columns, outermost first
    # sub-column header cell (canonical) -> field, for a column split under a two-row header
    # (年度指标值 over 指标性质 / 指标值 / 度量单位): the sub-columns' texts are joined in column order
    parts: Mapping[str, str] = field(default_factory=dict)
    header_words: frozenset[str] = frozenset()  # other cells of a header row (绩效指标 above 一级指标 ...)
    patterns: tuple[tuple[regex.Pattern[str], str], ...] = ()  # other spellings of a column name -> field
    category: Category | None = None  # the category of a merged label, shared by nested levels
    misfit: Callable[[str, str], float] | None = None  # (merged label, row name) -> > 0: they do not fit


@dataclass
class TableResult:
    header_row: int | None = None  # index of the header row in the rows given
    end: int = 0  # index after the last row read (the totals row included)
    rows: list[dict[str, object]] = field(default_factory=list)  # raw field texts of each indicator row
    totals: dict[str, str | None] | None = None  # raw texts of the totals row
    totals_row: RawRow | None = None  # the totals row itself (a form may print its grade there)
    notes: list[Note] = field(default_factory=list)


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
        if name and (name not in found.values() or name in _repeatable(spec)):
            found[i] = name
    return found if spec.required <= set(found.values()) else None


def _merged_header(upper: RawRow, lower: RawRow, spec: TableSpec,
                   complete: bool = False) -> dict[int, str] | None:
    """Grid column -> field of a header printed on two rows: the two cells of a column read as one
    name (一级 over 指标, a name wrapped in a narrow cell), else a cell of the lower row names its
    column (a sub-column of a split one, or a label merged down from the upper row), else the
    upper row's cell does (a label merged across the columns below it).  With `complete`, every
    cell of both rows must be part of a column name (or a header word), else None."""
    found: dict[int, str] = {}
    width = max(len(upper.cells), len(lower.cells))
    for i in range(width):
        up = upper.texts[i] if i < len(upper.cells) else None
        low = lower.texts[i] if i < len(lower.cells) else None
        both = _column_field(up.strip() + low.strip(), spec) if up and low else None
        by_low = _column_field(low, spec, lower=True)
        by_up = _column_field(up, spec)
        name = both or by_low or by_up
        if complete and not both and any(t and not field_of and label_key(t) not in spec.header_words
                                         for t, field_of in ((up, by_up), (low, by_low))):
            return None  # a cell that is no column name: these are not two header rows
        if name and (name not in found.values() or name in _repeatable(spec)):
            found[i] = name
    return found if spec.required <= set(found.values()) else None


def is_header_like(row: RawRow, spec: TableSpec) -> bool:
    """Is every cell of the row a column name of the table (a header row, or one of its two rows)?"""
    texts = [t for t in row.texts if t]
    return bool(texts) and all(not DIGITS.search(t) and (_column_field(t, spec) or label_key(t) in spec.header_words)
                               for t in texts)


def find_header(rows: Sequence[RawRow], spec: TableSpec) -> tuple[int, int, dict[int, str]] | None:
    """(first row, row after the header, grid column -> field) of the table's header, one or two rows."""
    for i, row in enumerate(rows):
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        columns = header_columns(row, spec)
        if columns:
            if nxt is not None and is_header_like(nxt, spec) and not header_columns(nxt, spec):
                return i, i + 2, _merged_header(row, nxt, spec) or columns
            return i, i + 1, columns
        if nxt is not None:
            header_like = is_header_like(row, spec) and is_header_like(nxt, spec)
            merged = _merged_header(row, nxt, spec, complete=not header_like)
            if merged:
                return i, i + 2, merged
    return None


def _is_totals(row: RawRow) -> bool:
    first = next((t for t in row.texts if t), None)
    return first is not None and label_key(first) in TOTALS


def _is_notes(row: RawRow) -> bool:
    first = next((t for t in row.texts if t), None)
    return first is not None and (label_key(first[:12]) or "").startswith("说明")


def read_table(rows: Sequence[RawRow], spec: TableSpec) -> TableResult:
    result = TableResult()
    found = find_header(rows, spec)
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
        if is_header_like(row, spec) or header_columns(row, spec):  # header repeated at the top of a page
            pending_break = True
            continue
        if i < len(rows) and _merged_header(row, rows[i], spec, complete=True):  # ... printed on two rows
            pending_break = True
            i += 1
            continue
        if _is_totals(row):
            result.totals = _fields(row, columns)
            result.totals_row = row
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


def _is_placeholder(row: RawRow, columns: Mapping[int, str], spec: TableSpec) -> bool:
    """A row the filler never filled in (三级指标 `指标1：` or `……`, no value, no score): it holds no
    indicator, but its place still counts in the merged label cells around it."""
    texts = row.texts
    filled = [t for c, name in columns.items()
              if name not in spec.merged and c < len(texts) and (t := clean_cell(texts[c]))]
    return bool(filled) and all(PLACEHOLDER.match(t) for t in filled)


def _fields(row: RawRow, columns: Mapping[int, str]) -> dict[str, str | None]:
    cells = row.cells
    out: dict[str, str | None] = {}
    for col, name in columns.items():
        out[name] = None if col >= len(cells) or cells[col].is_blank else cells[col].text
    return out


def _rows(lines: list[RawRow], breaks: list[bool], columns: Mapping[int, str], spec: TableSpec,
          notes: list[Note]) -> list[dict[str, object]]:
    by_field: dict[str, list[int]] = {}
    for col, name in sorted(columns.items()):
        by_field.setdefault(name, []).append(col)
    first = {name: cols[0] for name, cols in by_field.items()}
    grids = [[None if c.is_blank else c.text for c in line.cells] for line in lines]
    placeholder = [_is_placeholder(line, columns, spec) for line in lines]
    core = [any(_cell(g, first.get(f)) for f in spec.numeric) or p for g, p in zip(grids, placeholder, strict=True)]
    skip = {c for f in (*spec.merged, *spec.numeric) for c in by_field.get(f, ())}
    text_cols = [c for c in columns if c not in skip]
    groups = group_fragments(grids, core, breaks, text_cols)
    owner_of_line = {line: g for g, members in enumerate(groups) for line in members}
    out: list[dict[str, object]] = []
    for members in groups:
        record: dict[str, object] = {}
        for name, cols in by_field.items():
            if name in spec.merged:
                continue
            texts = []
            for col in cols:
                pieces = [p for m in members if (p := clean_cell(_cell(grids[m], col)))]
                texts.append(join_wrapped(pieces) if name not in spec.numeric else "".join(pieces))
            record[name] = "".join(texts) or None
        record["page"] = lines[members[0]].page
        record["_placeholder"] = any(placeholder[m] for m in members)
        out.append(record)
    merged = [(name, first[name]) for name in spec.merged if name in first]
    if merged:
        _merged_values(out, lines, grids, core, owner_of_line, merged, spec, notes)
    return [{k: v for k, v in r.items() if k != "_placeholder"} for r in out if not r["_placeholder"]]


def _merged_values(out: list[dict[str, object]], lines: list[RawRow], grids: list[list[str | None]],
                   core: list[bool], owner_of_line: dict[int, int], merged: list[tuple[str, int]],
                   spec: TableSpec, notes: list[Note]) -> None:
    """Give every row the labels of its merged columns (placeholder rows too: they take up room)."""
    label_cols = {col for _name, col in merged}
    if any(_cell_span(line, col) is not None for line in lines for _name, col in merged):
        values = {name: _labels_from_spans(lines, grids, col, owner_of_line, len(out)) for name, col in merged}
    else:
        hints = Hints(spec.category, [None if r["_placeholder"] else r.get("name") for r in out],  # type: ignore[misc]
                      spec.misfit)
        weights = [0.0 if r["_placeholder"] else _as_points(r.get("weight")) for r in out]
        values = _labels_from_text(grids, merged, label_cols, core, owner_of_line, len(out), weights, spec,
                                   hints, notes)
    for name, labels in values.items():
        for record, (label, points) in zip(out, labels, strict=True):
            record[name] = label
            if name == "level1":
                record["level1_points"] = points


def _cell(grid: Sequence[str | None], col: int | None) -> str | None:
    return grid[col] if col is not None and col < len(grid) else None


def _cell_span(line: RawRow, col: int) -> int | None:
    return line.cells[col].span if col < len(line.cells) else None


def _collapse_repeats(pieces: list[LabelPiece]) -> list[LabelPiece]:
    """A dump that repeats a merged label on every row of its span (`产出指标` on five rows) prints
    one label: identical pieces on consecutive rows become one piece whose span covers them all."""
    out: list[LabelPiece] = []
    for piece in pieces:
        last = out[-1] if out else None
        if last is not None and last.text == piece.text and piece.lo <= max(last.lo, last.hi) + 1:
            out[-1] = LabelPiece(piece.text, max(last.lo, piece.hi), min(last.hi, piece.lo))
        else:
            out.append(piece)
    return out


def _labels_from_text(grids: list[list[str | None]], merged: list[tuple[str, int]], label_cols: set[int],
                      core: list[bool], owner_of_line: dict[int, int], n_rows: int,
                      weights: list[float | None], spec: TableSpec, hints: Hints,
                      notes: list[Note]) -> dict[str, list[tuple[str | None, float | None]]]:
    """Merged label columns of a format that lost its merges (a text dump): each label is printed
    on one line of its span; the spans are solved from the printed points, the nesting of the
    levels and where the dump prints labels (normalizers.merged_labels)."""
    levels = []
    for _name, col in merged:
        pieces: list[LabelPiece] = []
        for i, grid in enumerate(grids):
            text = clean_cell(_cell(grid, col))
            if not text:
                continue
            if core[i] or any(_cell(grid, c) for c in range(len(grid)) if c not in label_cols):
                owner = owner_of_line[i]
                pieces.append(LabelPiece(text, owner, owner))
            else:  # a line holding only labels: it lies between two rows
                before = max((owner_of_line[j] for j in range(i) if j in owner_of_line), default=0)
                after = min((owner_of_line[j] for j in range(i + 1, len(grids)) if j in owner_of_line),
                            default=n_rows - 1)
                pieces.append(LabelPiece(text, before, after))
        levels.append(join_label_pieces(_collapse_repeats(pieces)))
    solution = solve_levels(weights, levels, hints)
    for d, j, printed, total in solution.mismatched:
        name = merged[d][0]
        notes.append(Note(f"{name}_points", "warning",
                          f"{levels[d][j].name}: printed {printed:g} points, its rows' weights add up to {total:g}",
                          None, f"{printed:g}", f"{total:g}"))
    if solution.ambiguous:
        notes.append(Note("merged_labels_ambiguous", "warning",
                          "the text dump lost the merged 指标 label cells and their spans fit more than one "
                          "reading; check which rows each label covers"))
    out = {}
    for (name, _col), labels, owner in zip(merged, levels, solution.owners, strict=True):
        if not labels:
            out[name] = [(None, None)] * n_rows
            continue
        out[name] = [(labels[o].name, labels[o].points) if o >= 0 else (None, None) for o in owner]
    return out


def _labels_from_spans(lines: list[RawRow], grids: list[list[str | None]], col: int,
                       owner_of_line: dict[int, int], n_rows: int) -> list[tuple[str | None, float | None]]:
    """Formats that keep merges: a row's label is the text of the merged cell covering it."""
    span_text: dict[int, str] = {}  # the text of every merged cell, from whichever column it starts in
    for line in lines:
        for cell in line.cells:
            text = clean_cell(cell.text) if cell.span is not None else None
            if text:
                span_text.setdefault(cell.span, text)
    cut = _labels_cut_by_page_breaks(lines, grids, col, owner_of_line)
    for label, spans in cut.values():
        span_text.update(dict.fromkeys(spans, label))
    out: list[tuple[str | None, float | None]] = [(None, None)] * n_rows
    current: str | None = None
    for i, line in enumerate(lines):
        if i not in owner_of_line:
            continue
        cell = line.cells[col] if col < len(line.cells) else None
        text = clean_cell(_cell(grids[i], col))
        if owner_of_line[i] in cut:
            current = cut[owner_of_line[i]][0]
        elif cell is not None and cell.span is not None:
            current = span_text.get(cell.span, current)  # a blank merged cell continues the label above
        elif text:  # an unmerged label cell; blank unmerged cells below it continue it (fill-down)
            current = text
        row = owner_of_line[i]
        if out[row] == (None, None) and current:
            out[row] = split_points(current)
    return out


def _labels_cut_by_page_breaks(lines: list[RawRow], grids: list[list[str | None]], col: int,
                               owner_of_line: dict[int, int]) -> dict[int, tuple[str, set[int]]]:
    """Rows whose label cell a page break cut in two (`满意` on one page, `度指标` on the next):
    row -> (the joined label, the span ids its pieces carry)."""
    pieces: dict[int, list[tuple[int | None, str, int | None]]] = {}
    for i, line in enumerate(lines):
        text = clean_cell(_cell(grids[i], col))
        if text and i in owner_of_line:
            pieces.setdefault(owner_of_line[i], []).append((line.page, text, _cell_span(line, col)))
    out = {}
    for row, found in pieces.items():
        if len(found) > 1 and len({page for page, _t, _s in found}) > 1:
            out[row] = (join_wrapped([t for _p, t, _s in found]), {s for _p, _t, s in found if s is not None})
    return out


def _as_points(value: object) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_points(value)
    except NumberError:
        return None


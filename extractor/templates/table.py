"""The indicator table of a form, in any format: header row, indicator rows, totals row.

Reads grid rows into indicator rows: finds the header row by its column names,
joins row fragments split by page breaks (normalizers.wraps), gives every row its
merged 一级/二级 label — from the format's own merge spans when it has them, else
from the printed points (normalizers.merged_labels) — and reads the totals row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import regex

from extractor.model import Finding
from extractor.templates.draft import mapping_finding
from extractor.templates.page_grid import PageColumns
from extractor.templates.table_header import (
    BODY_SAMPLE,
    TableSpec,
    choose_columns,
    find_header,
    header_columns,
    is_header_like,
    merged_header,
    page_break,
)
from extractor.templates.table_rows import cell_text, core_lines, line_text
from normalizers.label_pieces import LabelPiece, join_label_pieces, split_points
from normalizers.labels import label_key
from normalizers.merged_labels import Hints, solve_levels
from normalizers.numbers import parse_points
from normalizers.text import clean_cell, join_wrapped
from normalizers.wraps import group_fragments
from parsers.rows import RawRow
from selfeval.errors import NumberError

TOTALS = frozenset({"合计", "总计", "总分", "合计得分", "总得分"})
# a template's placeholder left in a row that was never filled in: 指标1： / 指标2 / …… / ... / 一一
PLACEHOLDER = regex.compile(r"^(?:指标\s*\d+\s*[:：]?|[…\.。·—\-－一]+)$")


@dataclass
class TableResult:
    header_row: int | None = None  # index of the header row in the rows given
    end: int = 0  # index after the last row read (the totals row included)
    rows: list[dict[str, object]] = field(default_factory=list)  # raw field texts of each indicator row
    totals: dict[str, str | None] | None = None  # raw texts of the totals row
    totals_row: RawRow | None = None  # the totals row itself (a form may print its grade there)
    notes: list[Finding] = field(default_factory=list)


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
    sections: list[tuple[dict[int, str], list[RawRow], list[bool]]] = []  # earlier column layouts
    pending_break = False
    grid = PageColumns(rows, rows[result.header_row])
    while i < len(rows):
        row = rows[i]
        i += 1
        if row.is_blank:
            pending_break = True
            grid.page_break()
            continue
        row = grid.on_columns(i - 1, lines)
        again = header_columns(row, spec)
        if again and set(again.values()) - set(columns.values()) and lines:  # a new header naming other columns
            sections.append((columns, lines, breaks))
            grid = PageColumns(rows, row)
            columns, lines, breaks = choose_columns(again, rows[i:i + BODY_SAMPLE], spec, len(row.cells)), [], []
            continue
        if is_header_like(row, spec) or again:  # header repeated at the top of a page
            pending_break = True
            continue
        if i < len(rows) and merged_header(row, rows[i], spec, complete=True):  # ... printed on two rows
            pending_break = True
            i += 1
            continue
        if _is_totals(row):
            result.totals = _collapsed_totals(row, columns, spec) if row.collapsed else _fields(row, columns)
            result.totals_row = row
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
    sections.append((columns, lines, breaks))
    for section_columns, section_lines, section_breaks in sections:
        result.rows += _rows(section_lines, section_breaks, section_columns, spec, result.notes)
    return result


def _collapsed_totals(row: RawRow, columns: Mapping[int, str], spec: TableSpec) -> dict[str, str | None]:
    """A 合计 row of `|` text whose label cell merged across the columns before the numbers lost the
    cells it covered (`总分 | 100 | 98`): its numbers are the numeric columns', in column order."""
    texts = [t for t in row.texts if t]
    numeric = [name for _col, name in sorted(columns.items()) if name in spec.numeric]
    if len(texts) - 1 != len(numeric):
        return _fields(row, columns)
    return {**dict.fromkeys(columns.values()), **dict(zip(numeric, texts[1:], strict=True))}


def _totals_rest(rows: Sequence[RawRow], i: int, columns: Mapping[int, str], spec: TableSpec,
                 totals: dict[str, str | None]) -> int:
    """The rest of a 合计 row cut by a page break (`10` | `0`): a next row with a blank first
    cell and text only under the totals' columns.  Returns the index after what was read."""
    j = i
    while j < len(rows) and (rows[j].is_blank or header_columns(rows[j], spec)):
        j += 1
    if j == len(rows) or not page_break(rows, i - 1, j):
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


def _in_columns(lines: list[RawRow], breaks: list[bool], columns: Mapping[int, str]
                ) -> tuple[list[RawRow], list[bool]]:
    """The lines with a text in a column of the table (a title repeated above the table's next part,
    a side label outside every column, hold none: they give no row, and a page break before
    one lies before the next line)."""
    kept: list[RawRow] = []
    kept_breaks: list[bool] = []
    pending = False
    for line, cut in zip(lines, breaks, strict=True):
        if any(c < len(line.cells) and not line.cells[c].is_blank for c in columns):
            kept.append(line)
            kept_breaks.append(cut or pending)
            pending = False
        else:
            pending = pending or cut
    return kept, kept_breaks


def _rows(lines: list[RawRow], breaks: list[bool], columns: Mapping[int, str], spec: TableSpec,
          notes: list[Finding]) -> list[dict[str, object]]:
    lines, breaks = _in_columns(lines, breaks, columns)
    by_field: dict[str, list[int]] = {}
    for col, name in sorted(columns.items()):
        by_field.setdefault(name, []).append(col)
    first = {name: cols[0] for name, cols in by_field.items()}
    grids = [[None if c.is_blank else c.text for c in line.cells] for line in lines]
    placeholder = [_is_placeholder(line, columns, spec) for line in lines]
    core = core_lines(lines, grids, placeholder, first, breaks, spec)
    skip = {c for f in (*spec.merged, *spec.numeric) for c in by_field.get(f, ())}
    text_cols = [c for c in columns if c not in skip]
    groups = group_fragments(grids, core, breaks, text_cols)
    if lines and not groups:
        notes.append(mapping_finding(
            "rows_unplaced", "warning",
            f"{len(lines)} line(s) under the indicator header give no row (no line reads as a whole row): "
            + " / ".join(line_text(line) for line in lines[:5]), actual=str(len(lines))))
    owner_of_line = {line: g for g, members in enumerate(groups) for line in members}
    out: list[dict[str, object]] = []
    for members in groups:
        record: dict[str, object] = {}
        for name, cols in by_field.items():
            if name in spec.merged:
                continue
            texts = []
            for col in cols:
                pieces = [p for m in members if (p := clean_cell(cell_text(grids[m], col)))]
                texts.append(join_wrapped(pieces) if name not in spec.numeric else "".join(pieces))
            record[name] = "".join(texts) or None
        record["page"] = lines[members[0]].page
        record["_placeholder"] = any(placeholder[m] for m in members)
        out.append(record)
    merged = [(name, first[name]) for name in spec.merged if name in first]
    if merged and out:  # no row (a table cut off before its first): no labels to give
        _merged_values(out, lines, grids, core, owner_of_line, merged, spec, notes)
    skipped = [lines[g[0]] for g, r in zip(groups, out, strict=True) if r["_placeholder"]]
    if skipped:
        notes.append(mapping_finding(
            "placeholder_rows", "info",
            f"{len(skipped)} template placeholder row(s) left unfilled are not indicators: "
            + " / ".join(line_text(line) for line in skipped[:5]), actual=str(len(skipped))))
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in out if not r["_placeholder"]]


def _merged_values(out: list[dict[str, object]], lines: list[RawRow], grids: list[list[str | None]],
                   core: list[bool], owner_of_line: dict[int, int], merged: list[tuple[str, int]],
                   spec: TableSpec, notes: list[Finding]) -> None:
    """Give every row the labels of its merged columns (placeholder rows too: they take up room)."""
    label_cols = {col for _name, col in merged}
    weights = [0.0 if r["_placeholder"] else _as_points(r.get("weight")) for r in out]
    values = None
    grid = any(line.table is not None for line in lines)  # a grid: a blank label cell is blank, not lost
    if grid or any(_cell_span(line, col) is not None for line in lines for _name, col in merged):
        merges = _merged_cell_texts(lines)
        values = {name: _labels_from_spans(lines, grids, col, owner_of_line, len(out), merges)
                  for name, col in merged}
        if "level1" in values and not _points_agree(values["level1"], weights):
            values = None  # a merged cell cut by a page break may leave a part without its label: go by points
    if values is None:
        hints = Hints(spec.category, [None if r["_placeholder"] else r.get("name") for r in out],  # type: ignore[misc]
                      spec.misfit, spec.kind_parents)
        values = _labels_from_text(grids, merged, label_cols, core, owner_of_line, len(out), weights, spec,
                                   hints, notes)
    for name, labels in values.items():
        for record, (label, points) in zip(out, labels, strict=True):
            record[name] = label
            if name == "level1":
                record["level1_points"] = points


def _points_agree(labels: Sequence[tuple[str | None, float | None]], weights: Sequence[float | None]) -> bool:
    """Do the weights of each run of rows under one label add up to the label's printed points?
    (A run with a weight that is not a number cannot tell, and does not count against.)"""
    runs: list[list] = []  # [label, points, sum of weights]; the sum is None when a weight is missing
    for (name, points), weight in zip(labels, weights, strict=True):
        if not runs or runs[-1][0] != (name, points):
            runs.append([(name, points), points, 0.0])
        runs[-1][2] = None if weight is None or runs[-1][2] is None else runs[-1][2] + weight
    return all(points is None or total is None or abs(points - total) < 1e-6 for _label, points, total in runs)


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
                      notes: list[Finding]) -> dict[str, list[tuple[str | None, float | None]]]:
    """Merged label columns of a format that lost its merges (a text dump): each label is printed
    on one line of its span; the spans are solved from the printed points, the nesting of the
    levels and where the dump prints labels (normalizers.merged_labels)."""
    levels = []
    for _name, col in merged:
        pieces: list[LabelPiece] = []
        for i, grid in enumerate(grids):
            text = clean_cell(cell_text(grid, col))
            if not text:
                continue
            if core[i] or any(cell_text(grid, c) for c in range(len(grid)) if c not in label_cols):
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
        if name == "level1":
            continue  # a record field: findings.sums.level1_points checks it over the final rows
        notes.append(mapping_finding(
            f"{name}_points", "warning",
            f"{levels[d][j].name}: printed {printed:g} points, its rows' weights add up to {total:g}",
            None, f"{total:g}", f"{printed:g}"))
    if solution.ambiguous:
        notes.append(mapping_finding("merged_labels_ambiguous", "warning",
                                     "the text dump lost the merged 指标 label cells and their spans fit more "
                                     "than one reading; check which rows each label covers"))
    out = {}
    for (name, _col), labels, owner in zip(merged, levels, solution.owners, strict=True):
        if not labels:
            out[name] = [(None, None)] * n_rows
            continue
        out[name] = [(labels[o].name, labels[o].points) if o >= 0 else (None, None) for o in owner]
    return out


def _merged_cell_texts(lines: list[RawRow]) -> dict[int, str]:
    """The text of every merged cell (span id -> text), from whichever column it starts in."""
    span_text: dict[int, str] = {}
    for line in lines:
        for cell in line.cells:
            text = clean_cell(cell.text) if cell.span is not None else None
            if text:
                span_text.setdefault(cell.span, text)
    return span_text


def _labels_from_spans(lines: list[RawRow], grids: list[list[str | None]], col: int,
                       owner_of_line: dict[int, int], n_rows: int,
                       merges: dict[int, str]) -> list[tuple[str | None, float | None]]:
    """Formats that keep merges: a row's label is the text of the merged cell covering it."""
    span_text = dict(merges)  # this column's labels cut by page breaks are added to it
    cut = _labels_cut_by_page_breaks(lines, grids, col, owner_of_line)
    for label, spans in cut.values():
        span_text.update(dict.fromkeys(spans, label))
    out: list[tuple[str | None, float | None]] = [(None, None)] * n_rows
    current: str | None = None
    for i, line in enumerate(lines):
        if i not in owner_of_line:
            continue
        cell = line.cells[col] if col < len(line.cells) else None
        if cell is None:  # a free line among the rows (a title repeated above a table's next part)
            continue
        text = clean_cell(cell_text(grids[i], col))
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
        text = clean_cell(cell_text(grids[i], col))
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


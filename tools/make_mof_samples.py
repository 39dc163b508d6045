#!/usr/bin/env python3
"""Render the national-form samples (项目支出绩效自评表, mof_self_eval) in every format.

Each sample is declared once below as data; this script lays it out on a grid with
real merged cells (the way the published 2020 template and its regional variants
print it) and writes

    samples/txt/NAME.txt     TAB dump: one line per grid row, a merged cell's text on one
                             line of its span (its middle line) and in its first column
    samples/docx/NAME.docx   Word table with merged cells        (python-docx)
    samples/html/NAME.html   <table> with rowspan / colspan
    samples/xlsx/NAME.xlsx   worksheet with merged ranges        (openpyxl)
    tests/golden/NAME.json   the golden output, in the gold JSON format
    tests/data/flat/NAME.txt     the same form as text copied out of a PDF viewer (cells joined
                                 by spaces, blanks gone); NAME.v2.txt with labels after values

usage: python tools/make_mof_samples.py [ROOT] [--pdf]   (ROOT defaults to the repository)

--pdf also prints each Word sample to samples/pdf/NAME.pdf with LibreOffice (soffice); the
PDFs read perfectly with the PDF parser of issue 4 (add them once that parser is merged).
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- the grid
@dataclass
class Box:
    text: str | None
    row: int
    col: int
    rows: int = 1
    cols: int = 1


# column names as some provinces print them, with the template's letters
FUND_MARKERS = {"全年预算数": "全年预算数（A）", "全年执行数": "全年执行数（B）", "执行率": "执行率（B/A）"}
TABLE_MARKERS = {"年度指标值": "年度指标值（A）", "实际完成值": "实际完成值（B）"}


@dataclass
class Grid:
    width: int
    label_line: str = "middle"
    boxes: list[Box] = field(default_factory=list)
    height: int = 0

    def put(self, row: int, col: int, text: str | None, rows: int = 1, cols: int = 1) -> None:
        self.boxes.append(Box(text, row, col, rows, cols))
        self.height = max(self.height, row + rows)

    def row(self, *cells: tuple[str | None, int]) -> int:
        """Append a row of (text, colspan) cells filling the width; returns its index."""
        r, c = self.height, 0
        for text, span in cells:
            self.put(r, c, text, 1, span)
            c += span
        assert c == self.width, (cells, c, self.width)
        self.height = r + 1
        return r


# ---------------------------------------------------------------- a form, declared as data
@dataclass
class Ind:
    level1: str  # as printed, e.g. 产出指标(50分)
    level2: str
    name: str
    target: tuple[str, ...]  # one text, or 指标性质 / 指标值 / 度量单位
    actual: str
    weight: str | None
    score: str | None
    remark: str | None = None
    placeholder: bool = False  # a template row never filled in (not an indicator)


@dataclass
class Form:
    title: str
    year: str
    project: str
    dept: str
    unit_name: str
    money_unit: str  # 万元 / 元
    funds_cols: tuple[str, ...]  # names of the value columns, in order
    funds: list[tuple[str, dict[str, str | None]]]  # (line, column name -> printed text)
    goal: str
    goal_actual: str
    indicators: list[Ind]
    total_weight: str
    total_score: str
    outer: str = "column"  # 'column' (绩效指标 beside the table), 'above' (two-row header), 'none'
    split_target: bool = False
    weight_first: bool = False  # 分值 / 得分 before 年度指标值
    grade: str | None = None
    grade_in_total: bool = False
    unit_line: bool = False  # 单位：万元 on its own line instead of in the block label
    notes: tuple[str, ...] = ()
    remark_head: str = "偏差原因分析及改进措施"
    markers: bool = False  # column names with the template's letters: 全年预算数（A） / 执行率（B/A）
    txt_labels: str = "middle"  # where the TAB dump prints a merged cell's text: its 'middle' or 'first' line


def _columns(form: Form) -> list[str]:
    target = ["指标性质", "指标值", "度量单位"] if form.split_target else ["年度指标值"]
    values = ["分值", "得分", *target, "实际完成值"] if form.weight_first else [*target, "实际完成值", "分值", "得分"]
    cols = ["一级指标", "二级指标", "三级指标", *values, form.remark_head]
    return (["绩效指标"] if form.outer == "column" else []) + cols


def _spans(values: list[str]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for i, v in enumerate(values):
        if out and out[-1][0] == v and out[-1][1] + out[-1][2] == i:
            out[-1] = (v, out[-1][1], out[-1][2] + 1)
        else:
            out.append((v, i, 1))
    return out


def layout(form: Form) -> Grid:
    cols = _columns(form)
    w = len(cols)
    g = Grid(w, form.txt_labels)
    g.row((form.title, w))
    g.row((form.year, w))
    if form.unit_line:
        g.row((f"单位：{form.money_unit}", w))
    g.row(("项目名称", 1), (form.project, w - 1))
    half = (w - 2) // 2
    g.row(("主管部门", 1), (form.dept, half), ("实施单位", 1), (form.unit_name, w - 2 - half))
    # funds block: block label | line label | value columns
    nval = len(form.funds_cols)
    label_w = w - 1 - nval
    top = g.height
    block = "项目资金" if form.unit_line else f"项目资金（{form.money_unit}）"
    g.put(top, 0, block, 1 + len(form.funds), 1)
    g.put(top, 1, None, 1, label_w)
    for k, name in enumerate(form.funds_cols):
        g.put(top, 1 + label_w + k, FUND_MARKERS.get(name, name) if form.markers else name)
    for n, (line, values) in enumerate(form.funds, start=1):
        g.put(top + n, 1, line, 1, label_w)
        for k, name in enumerate(form.funds_cols):
            g.put(top + n, 1 + label_w + k, values.get(name))
    # 年度总体目标
    top = g.height
    left = (w - 1) // 2
    g.put(top, 0, "年度总体目标", 2, 1)
    g.put(top, 1, "预期目标", 1, left)
    g.put(top, 1 + left, "实际完成情况", 1, w - 1 - left)
    g.put(top + 1, 1, form.goal, 1, left)
    g.put(top + 1, 1 + left, form.goal_actual, 1, w - 1 - left)
    _indicator_table(form, g, cols)
    return g


def _indicator_table(form: Form, g: Grid, cols: list[str]) -> None:
    w = len(cols)
    top = g.height
    rows = form.indicators
    first = 1 if form.outer == "column" else 0  # grid column of 一级指标
    if form.outer == "column":
        g.put(top, 0, "绩效指标", 1 + len(rows), 1)
    two_rows = form.outer == "above" or form.split_target
    head_rows = 2 if two_rows else 1
    c = 0
    while c < w:
        name = cols[c]
        if form.outer == "column" and c == 0:
            c += 1
            continue
        if form.outer == "above" and name == "一级指标":
            g.put(top, c, "绩效指标", 1, 3)
            for k in range(3):
                g.put(top + 1, c + k, cols[c + k])
            c += 3
            continue
        if form.split_target and name == "指标性质":
            g.put(top, c, "年度指标值", 1, 3)
            for k in range(3):
                g.put(top + 1, c + k, cols[c + k])
            c += 3
            continue
        g.put(top, c, TABLE_MARKERS.get(name, name) if form.markers else name, head_rows, 1)
        c += 1
    if form.outer == "column" and two_rows:  # the outer column covers both header rows
        g.boxes = [b for b in g.boxes if not (b.row == top and b.col == 0)]
        g.put(top, 0, "绩效指标", head_rows + len(rows), 1)
    body = top + head_rows
    for kind, offset in (("level1", 0), ("level2", 1)):
        for text, start, n in _spans([getattr(i, kind) for i in rows]):
            g.put(body + start, first + offset, text, n, 1)
    for r, ind in enumerate(rows):
        values = {"三级指标": ind.name, "实际完成值": ind.actual, "分值": ind.weight, "得分": ind.score,
                  form.remark_head: ind.remark}
        if form.split_target:
            values.update(zip(("指标性质", "指标值", "度量单位"), ind.target, strict=True))
        else:
            values["年度指标值"] = "".join(ind.target) or None
        for c, name in enumerate(cols):
            if name in values:
                g.put(body + r, c, values[name] or None)
    wcol, scol = cols.index("分值"), cols.index("得分")
    total = g.height
    if form.weight_first:
        g.put(total, 0, "总分", 1, wcol)
        g.put(total, wcol, form.total_weight)
        g.put(total, scol, form.total_score)
        g.put(total, scol + 1, f"自评等级：{form.grade}" if form.grade_in_total else None, 1, w - scol - 1)
    else:
        g.put(total, 0, "总分", 1, wcol)
        g.put(total, wcol, form.total_weight)
        g.put(total, scol, form.total_score)
        g.put(total, scol + 1, f"自评等级：{form.grade}" if form.grade_in_total else None, 1, w - scol - 1)
    if form.grade and not form.grade_in_total:
        g.row(("自评等级", 1), (form.grade, w - 1))
    for note in form.notes:
        g.row((note, w))


# ---------------------------------------------------------------- renderers
def _matrix(g: Grid) -> list[list[str | None]]:
    """The TAB dump: a merged cell's text in its first column, on the middle (or first) line of its rows."""
    m: list[list[str | None]] = [[None] * g.width for _ in range(g.height)]
    for b in g.boxes:
        m[b.row + ((b.rows - 1) // 2 if g.label_line == "middle" else 0)][b.col] = b.text
    return m


def render_txt(forms: list[Grid]) -> str:
    lines = []
    for k, g in enumerate(forms):
        if k:
            lines.append("")
        lines += ["\t".join(t or "" for t in row) for row in _matrix(g)]
    return "\n".join(lines) + "\n"


def render_flat(forms: list[Grid], scrambled: bool = False) -> str:
    """Text as copied out of a PDF viewer: a row's cells joined by spaces, blank cells gone; when
    scrambled, each row's first cell (its label) comes after its values."""
    lines = []
    for g in forms:
        for row in _matrix(g):
            cells = [t for t in row if t]
            if scrambled and len(cells) > 1:
                cells = cells[1:] + cells[:1]
            if cells:
                lines.append(" ".join(cells))
    return "\n".join(lines) + "\n"


def render_html(forms: list[Grid], title: str) -> str:
    out = [f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title></head><body>"]
    for g in forms:
        out.append('<table border="1">')
        by_row: dict[int, list[Box]] = {}
        for b in g.boxes:
            by_row.setdefault(b.row, []).append(b)
        for r in range(g.height):
            cells = []
            for b in sorted(by_row.get(r, []), key=lambda b: b.col):
                attrs = (f' rowspan="{b.rows}"' if b.rows > 1 else "") + (f' colspan="{b.cols}"' if b.cols > 1 else "")
                cells.append(f"<td{attrs}>{html.escape(b.text or '')}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>\n<p></p>")
    out.append("</body></html>\n")
    return "\n".join(out)


def render_docx(forms: list[Grid], path: Path) -> None:
    from docx import Document

    doc = Document()
    stamp = datetime(2024, 1, 1)  # fixed, so a re-run writes the same file
    doc.core_properties.created = doc.core_properties.modified = stamp
    for k, g in enumerate(forms):
        if k:
            doc.add_paragraph("")
        table = doc.add_table(rows=g.height, cols=g.width)
        table.style = "Table Grid"
        for b in g.boxes:
            cell = table.cell(b.row, b.col)
            if b.rows > 1 or b.cols > 1:
                cell = cell.merge(table.cell(b.row + b.rows - 1, b.col + b.cols - 1))
            if b.text:
                cell.text = b.text
    doc.save(str(path))


def render_xlsx(forms: list[Grid], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    ruled = Border(left=thin, right=thin, top=thin, bottom=thin)  # printed forms are ruled grids
    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    top = 1
    for g in forms:
        for b in g.boxes:
            cell = ws.cell(top + b.row, 1 + b.col, b.text)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            for r in range(b.rows):
                for c in range(b.cols):
                    ws.cell(top + b.row + r, 1 + b.col + c).border = ruled
            if b.text and b.text.startswith("="):  # =100% is text as typed, not a formula
                cell.data_type = "s"
            if b.rows > 1 or b.cols > 1:
                ws.merge_cells(start_row=top + b.row, start_column=1 + b.col,
                               end_row=top + b.row + b.rows - 1, end_column=b.col + b.cols)
        top += g.height + 1
    for c in range(1, max(g.width for g in forms) + 1):
        ws.column_dimensions[get_column_letter(c)].width = 16
    ws.page_setup.orientation = "landscape"  # printed one page wide, as forms are
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.properties.created = wb.properties.modified = datetime(2024, 1, 1)
    wb.save(str(path))


# ---------------------------------------------------------------- the golden output
FUND_KEYS = {"年初预算数": "budget_initial_yuan", "全年预算数": "budget_current_yuan",
             "全年执行数": "budget_executed_yuan", "分值": "weight", "执行率": "execution_rate_pct", "得分": "score"}


def _num(text: str | None) -> float | None:
    if text is None or text in ("—", "-", "/"):
        return None
    return float(Decimal(text.replace(",", "").rstrip("%")))


def _money(text: str | None, unit: str) -> float | None:
    if text is None or text in ("—", "-", "/"):
        return None
    value = Decimal(text.replace(",", "")) * (Decimal(10000) if unit == "万元" else Decimal(1))
    return float(value.quantize(Decimal("0.01")))


def _split_points(label: str) -> tuple[str, float | None]:
    for open_, close in (("(", "分)"), ("（", "分）")):
        if label.endswith(close) and open_ in label:
            name, pts = label[: -len(close)].rsplit(open_, 1)
            return name, float(pts)
    return label, None


def expected(form: Form, index: int) -> dict[str, object]:
    funds = []
    for line, values in form.funds:
        row: dict[str, object] = {"line": line}
        for col, key in FUND_KEYS.items():
            raw = values.get(col) if col in form.funds_cols else None
            row[key] = _money(raw, form.money_unit) if key.endswith("_yuan") else _num(raw)
        funds.append(row)
    total = funds[0]
    indicators = []
    for ind in (i for i in form.indicators if not i.placeholder):
        level1, points = _split_points(ind.level1)
        indicators.append({"row_index": len(indicators), "level1": level1, "level1_points": points,
                           "level2": ind.level2, "name": ind.name, "explanation": None,
                           "target_value": "".join(ind.target) or None, "actual_value": ind.actual or None,
                           "weight": _num(ind.weight), "score": _num(ind.score), "remark": ind.remark})
    return {
        "form_index": index, "template": "mof_self_eval", "title": form.title,
        "fiscal_year": int(form.year.strip("（）()年度")), "project_name": form.project,
        "budget_unit": form.unit_name, "competent_dept": form.dept, "implementing_dept": None,
        "recurring": None, "budget_initial_yuan": total["budget_initial_yuan"],
        "budget_current_yuan": total["budget_current_yuan"], "budget_previous_yuan": None,
        "budget_executed_yuan": total["budget_executed_yuan"], "execution_rate_pct": total["execution_rate_pct"],
        "funds_weight": total["weight"], "funds_score": total["score"], "annual_goal": form.goal,
        "annual_goal_actual": form.goal_actual, "eval_date": None, "grade": form.grade,
        "main_achievements": None, "main_problems": None, "improvements": None,
        "total_weight": _num(form.total_weight), "total_score": _num(form.total_score),
        "notes": "\n".join(form.notes) or None, "indicators": indicators, "funds": funds,
    }


def render_pdf(docx: Path, out_dir: Path) -> None:
    """The Word sample printed to PDF by LibreOffice (only with --pdf; needs soffice)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
                   check=True, capture_output=True, timeout=300)


def main(argv: list[str]) -> int:
    from mof_sample_data import SAMPLES  # the declared forms, beside this script

    pdf = "--pdf" in argv
    argv = [a for a in argv if a != "--pdf"]
    root = Path(argv[0]) if argv else ROOT
    for name, forms in SAMPLES.items():
        grids = [layout(f) for f in forms]
        for sub in ("samples/txt", "samples/docx", "samples/html", "samples/xlsx", "tests/golden"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        (root / "samples" / "txt" / f"{name}.txt").write_text(render_txt(grids), encoding="utf-8")
        (root / "samples" / "html" / f"{name}.html").write_text(render_html(grids, forms[0].project),
                                                                encoding="utf-8")
        render_docx(grids, root / "samples" / "docx" / f"{name}.docx")
        render_xlsx(grids, root / "samples" / "xlsx" / f"{name}.xlsx")
        if pdf:
            render_pdf(root / "samples" / "docx" / f"{name}.docx", root / "samples" / "pdf")
        flat = root / "tests" / "data" / "flat"
        flat.mkdir(parents=True, exist_ok=True)
        (flat / f"{name}.txt").write_text(render_flat(grids), encoding="utf-8")
        (flat / f"{name}.v2.txt").write_text(render_flat(grids, scrambled=True), encoding="utf-8")
        gold = {"source": f"samples/{name}", "forms": [expected(f, i) for i, f in enumerate(forms)]}
        (root / "tests" / "golden" / f"{name}.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{name}: {len(forms)} forms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
